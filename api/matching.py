"""The matcher as the API runs it: which model (the default e5, or an embedder handed in by tests), the live signals
it is given (both in :mod:`flows.matching`), the index warm-up at start-up and the readiness check.

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
from flows.matching import MatcherSetup
from matcher import service as matcher

log = logging.getLogger(__name__)


def get_matcher(request: Request) -> MatcherSetup:
    setup: MatcherSetup = request.app.state.matcher
    return setup


MatcherDep = Annotated[MatcherSetup, Depends(get_matcher)]


def sync_index(*, setup: MatcherSetup, settings: Settings) -> None:
    matcher.build_index(settings=settings, config=setup.config, embedder=setup.embedder)


def index_state(*, setup: MatcherSetup, settings: Settings) -> str:
    """``ok`` only when the index exists and was built from the current kb with the model in use."""
    status = matcher.index_status(settings=settings, config=setup.config)
    manifest = status["manifest"]
    if manifest is None:
        return "not_built"
    if manifest["kb_version"] != status["kb_version"]:
        return f"stale: index at kb version {manifest['kb_version']}, kb at {status['kb_version']}"
    if setup.embedder is not None:
        if manifest["model_id"] != setup.embedder.model_id:
            return f"stale: index built with {manifest['model_id']}"
    elif status["stale"]:
        return f"stale: index built with {manifest['model_id']}"
    return "ok"


def warm_in_background(*, setup: MatcherSetup, settings: Settings) -> threading.Thread:
    """Load the model, sync the index and build the catalog off the request path, so the first match does not pay
    for them."""

    def run() -> None:
        try:
            matcher.warm(settings=settings, config=setup.config, embedder=setup.embedder)
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
