"""A process that fires an engagement transition and is killed after its writes, before its commit."""

from __future__ import annotations

import sys
import time

from core.db import session_scope
from core.settings import Settings
from pipeline import service
from tests.pipeline.pipeline_helpers import ADMIN, FULL_PATH

if __name__ == "__main__":
    engagement_id = sys.argv[1]
    transition, actor, payload = FULL_PATH[0]
    with session_scope(Settings()) as session:
        version = service.get_engagement(session=session, engagement_id=engagement_id, actor=ADMIN).version
        service.advance(session=session, engagement_id=engagement_id, transition=transition, actor=actor,
                        version=version, payload=payload)
        session.flush()
        print("flushed", flush=True)
        time.sleep(120)
