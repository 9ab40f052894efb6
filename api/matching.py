"""The matcher as the API runs it: which model (the default e5, or an embedder handed in by tests; the set-up and the
live signals it is given are :mod:`flows.matching`'s), and the index warm-up at start-up off the request path.

Set once in :func:`api.app.create_app` and kept on ``app.state.matcher``; every router reaches it through
:data:`MatcherDep`, so no handler chooses a model.
"""

from __future__ import annotations

import gc
import logging
import threading
from typing import Annotated

from fastapi import Depends, Request

from core.settings import Settings
from flows import matching
from flows.matching import MatcherSetup

log = logging.getLogger(__name__)


def get_matcher(request: Request) -> MatcherSetup:
    setup: MatcherSetup = request.app.state.matcher
    return setup


MatcherDep = Annotated[MatcherSetup, Depends(get_matcher)]


def warm_in_background(*, setup: MatcherSetup, settings: Settings) -> threading.Thread:
    """Load the model, sync the index and build the catalog off the request path, so the first match does not pay
    for them."""

    def run() -> None:
        try:
            matching.warm(setup=setup, settings=settings)
        except Exception:  # readiness reports the index as not built; the next match retries the sync
            log.exception("matcher index warm-up failed")
            return
        # The model, jieba's dictionary and the catalog are ~575k long-lived objects; every full garbage collection
        # walked them all (≈ 300 ms measured, with the worker's GIL held), which showed up as random 0.3–1 s stalls
        # of whatever requests the worker was serving. Frozen, they are never scanned again.
        gc.collect()
        gc.freeze()

    thread = threading.Thread(target=run, name="innodock-index-warmup", daemon=True)
    thread.start()
    return thread
