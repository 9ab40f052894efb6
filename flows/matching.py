"""The matcher as a use case runs it: which model, how many proposals, and the live signals it is given.

Built once at the entry point (the API's ``create_app``, a CLI command, a job) and handed to the flows, so no flow
chooses a model or reads settings on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from core.settings import Settings
from intake.schemas import Need
from matcher import service as matcher
from matcher.schemas import MatcherConfig, MatchQuery
from matcher.service import Embedder


@dataclass(frozen=True)
class MatcherSetup:
    """``embedder`` None means the model ``config.model`` names (e5 by default), loaded once per process."""

    config: MatcherConfig = field(default_factory=MatcherConfig)
    embedder: Embedder | None = None
    top_k: int = 5


def proposals_for(*, setup: MatcherSetup, settings: Settings, session: Session, need: Need) -> dict[str, Any]:
    """The matcher's JSON result for a need, with the centers' open engagements and ratings read through
    ``session`` (the pipeline and evaluation as they are inside this transaction)."""
    open_engagements, prior = matcher.live_signals(session=session)
    result = matcher.match(settings=settings, need=MatchQuery.from_need(need), top_k=setup.top_k,
                           config=setup.config, embedder=setup.embedder, open_engagements=open_engagements,
                           quality_prior=prior)
    return result.to_json()
