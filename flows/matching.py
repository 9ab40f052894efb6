"""The matcher as a use case runs it: which model, how many proposals, and the live signals it is given.

Built once at the entry point (the API's ``create_app``, a CLI command, a job) and handed to the flows, so no flow
chooses a model or reads settings on its own. The matcher knows nothing of the pipeline or the evaluation: the
centers' open engagements (counted against capacity) and their ratings (a bounded quality prior) are read here,
through the caller's session, and handed to it as plain inputs.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from core import china_time
from core.bilingual import in_language
from core.settings import Settings
from evaluation import service as evaluation
from flows import catalog
from intake import service as intake
from intake.extract.legal_effect import read_legal_effect
from intake.schemas import Need
from kb import service as kb
from kb.rules import ComplianceCheck
from matcher import service as matcher
from matcher.index.build import Progress, SyncStats
from matcher.rank import CenterFlags, OpenEngagements, QualityPrior
from matcher.schemas import (
    Assignment,
    CenterFlag,
    ExpertMatchResult,
    LegalPurpose,
    MatcherConfig,
    MatchQuery,
    MatchResult,
    TeamProposal,
)
from matcher.service import Embedder
from pipeline import service as pipeline
from providers import service as providers


@dataclass(frozen=True)
class MatcherSetup:
    """``embedder`` None means the model ``config.model`` names (e5 by default), loaded once per process."""

    config: MatcherConfig = field(default_factory=MatcherConfig)
    embedder: Embedder | None = None
    top_k: int = 5


@dataclass(frozen=True)
class LiveSignals:
    """What the other packages know right now, as plain data: each center's open engagements (the pipeline's), its
    current rating in [0, 1] (the evaluation's), and its flags: where its lifecycle stands (the providers') and the
    seed rules on its staff it falls short of (kb's rules). A snapshot for the matches that follow."""

    open_counts: dict[str, int]
    ratings: dict[str, float]
    flags: dict[str, list[CenterFlag]] = field(default_factory=dict)
    # The kb's version as this transaction read it for the flags: handed to the matcher, which would read it again.
    kb_version: int | None = None

    def open_engagements(self) -> OpenEngagements:
        counts = self.open_counts
        return lambda center_id: counts.get(center_id, 0)

    def quality_prior(self) -> QualityPrior:
        ratings = self.ratings
        return lambda center_id: ratings.get(center_id)

    def center_flags(self) -> CenterFlags:
        flags = self.flags
        return lambda center_id: flags.get(center_id, [])


def lifecycle_flags(*, session: Session, today: date) -> dict[str, list[CenterFlag]]:
    """The providers' lifecycle flags as the matcher reads them (plain data: the matcher imports no providers)."""
    return {cid: [CenterFlag(source="lifecycle", code=f.code, text=f"{f.zh} / {f.en}") for f in found]
            for cid, found in providers.provider_flags(session=session, today=today).items()}


# The compliance flags depend on the kb alone (and the day, for a head's certificate): kept per database, kb stamp
# (its version and when it was bumped, so a rolled-back change never passes for a later one) and day, so a match does
# not read every center and expert again while nothing changed.
_COMPLIANCE: dict[str, tuple[tuple[int, str], date, dict[str, list[CenterFlag]]]] = {}
_COMPLIANCE_LOCK = threading.Lock()


def _shortfall(check: ComplianceCheck) -> str:
    """A failing check as its flag says it, "中文 / English", each half whole in its language: the clause (the
    platform's reading said in that language, ``providers.clause_halves``) and the reasons. The Chinese half carried
    " (our reading)" and every reason's two halves, so a page's English half was the first reason's alone and its
    Chinese half said the reading in English."""
    zh_clause, en_clause = providers.clause_halves(check.clause)
    zh = f"不符合 {zh_clause}：" + "；".join(in_language(r, "zh") for r in check.reasons)
    en = f"falls short of {en_clause}: " + "; ".join(in_language(r, "en") for r in check.reasons)
    return f"{zh} / {en}"


def compliance_flags(*, session: Session, today: date,
                     stamp: tuple[int, str] | None = None) -> dict[str, list[CenterFlag]]:
    """The seed rules on staff each provider falls short of (``kb.rules.center_compliance``), as matcher flags; a rule
    the entry gives no data for is not a shortfall and is not flagged. ``stamp``: ``kb.kb_stamp`` as the caller read
    it in this transaction (read here otherwise)."""
    key = str(session.get_bind().engine.url)
    version = stamp if stamp is not None else kb.kb_stamp(session=session)
    with _COMPLIANCE_LOCK:
        cached = _COMPLIANCE.get(key)
    if cached is not None and cached[0] == version and cached[1] == today:
        return cached[2]
    flags: dict[str, list[CenterFlag]] = {}
    for center_id, checks in catalog.compliance_checks(session=session, today=today).items():
        failing = [CenterFlag(source="compliance", code=c.rule, clause=c.clause, text=_shortfall(c))
                   for c in checks if c.failed]
        if failing:
            flags[center_id] = failing
    with _COMPLIANCE_LOCK:
        _COMPLIANCE[key] = (version, today, flags)
    return flags


def live_signals(*, session: Session, today: date | None = None) -> LiveSignals:
    """Each read once, through ``session`` (the pipeline, evaluation, providers and kb as they are inside this
    transaction): one query each, not one per ranked center. The kb's stamp is read once, for the compliance flags
    and the matcher's index both (issue 33: it was read twice a submission)."""
    day = today or china_time.today()
    stamp = kb.kb_stamp(session=session)
    flags = lifecycle_flags(session=session, today=day)
    for center_id, found in compliance_flags(session=session, today=day, stamp=stamp).items():
        flags[center_id] = [*flags.get(center_id, []), *found]
    return LiveSignals(open_counts=dict(pipeline.open_engagement_counts(session=session)),
                       ratings=dict(evaluation.quality_priors(session=session)), flags=flags, kb_version=stamp[0])


def with_legal_purpose(query: MatchQuery) -> MatchQuery:
    """The query with intake's reading of why its report must stand in law (a tender, market access, a sampling
    inspection; ``intake.extract.legal_effect``), which the matcher's legal-standing rule reads (seed 000 §6.1)."""
    if query.legal_purpose is not None:
        return query
    found = read_legal_effect(query.text)
    if found is None:
        return query
    return query.model_copy(update={"legal_purpose": LegalPurpose(purpose=found.purpose, zh=found.zh, en=found.en,
                                                                  phrase=found.phrase)})


def match_needs(*, session: Session, settings: Settings, setup: MatcherSetup, needs: Sequence[MatchQuery],
                top_k: int, override_capacity: bool | Collection[str] = False,
                today: date | None = None, exclude: Mapping[str, str] | None = None) -> list[MatchResult]:
    """Providers for each need, best first, with the live signals of this transaction (read as of ``today``);
    ``exclude``: centers left out, each with the reason listed among the excluded."""
    signals = live_signals(session=session, today=today)
    needs = [with_legal_purpose(q) for q in needs]
    return matcher.match_many(session=session, settings=settings, needs=list(needs), top_k=top_k,
                              config=setup.config, embedder=setup.embedder, override_capacity=override_capacity,
                              open_engagements=signals.open_engagements(), quality_prior=signals.quality_prior(),
                              center_flags=signals.center_flags(), exclude=exclude, kb_version=signals.kb_version)


def proposals_for(*, setup: MatcherSetup, settings: Settings, session: Session, need: Need,
                  exclude: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The matcher's JSON result for a need, as the review queue stores it (``exclude``: centers left out, e.g.
    declined as unsuitable, which a re-match does not propose again)."""
    [result] = match_needs(session=session, settings=settings, setup=setup, needs=[MatchQuery.from_need(need)],
                           top_k=setup.top_k, exclude=exclude)
    return result.to_json()


def query_from_text(text: str, *, today: date | None = None) -> MatchQuery:
    """A query from an enterprise's own words, read by intake's deterministic extractor.

    Region, local-only, required qualifications (CMA/CNAS/保密资质) and the confidentiality wish are taken as read.
    Service types are not: a type guessed from free text is not one the enterprise confirmed, and as a hard rule a
    wrong guess would hide the right provider (on the development set, hard extracted types cost 0.02 nDCG@10 while
    the text alone already ranks by service). A need confirmed through intake carries its types as a hard rule.
    """
    need = intake.extract(text=text, today=today or china_time.today())
    query = MatchQuery.from_need(need)
    return query.model_copy(update={"text": text, "service_types": []})


def propose_team(*, session: Session, settings: Settings, setup: MatcherSetup, center_id: str,
                 need: MatchQuery, members: int) -> TeamProposal:
    """A lead (seed 000 §4.2.1) and members (§4.2.2) for ``center_id``, from its team and its expert pools."""
    return matcher.propose_team(session=session, settings=settings, center_id=center_id, need=need,
                                members=members, config=setup.config, embedder=setup.embedder)


def match_experts(*, session: Session, settings: Settings, setup: MatcherSetup, need: MatchQuery,
                  top_k: int) -> ExpertMatchResult:
    """Experts ranked directly for a need from the expert index, conflicts of interest listed as excluded."""
    return matcher.match_experts(session=session, settings=settings, need=need, top_k=top_k, config=setup.config,
                                 embedder=setup.embedder)


def group_texts(*, settings: Settings, setup: MatcherSetup, texts: Sequence[str], threshold: float) -> list[list[int]]:
    return matcher.group_needs(settings=settings, texts=texts, threshold=threshold, config=setup.config,
                               embedder=setup.embedder)


def text_similarities(*, settings: Settings, setup: MatcherSetup, query: str, texts: Sequence[str]) -> list[float]:
    return [float(s) for s in matcher.query_similarities(settings=settings, query=query, texts=texts,
                                                         config=setup.config, embedder=setup.embedder)]


# ---- the index, at the entry point (it keeps its own session: it is built from committed rows) ----

def sync_index(*, setup: MatcherSetup, settings: Settings, force: bool = False,
               progress: Progress | None = None) -> SyncStats:
    return matcher.build_index(settings=settings, config=setup.config, embedder=setup.embedder, force=force,
                               progress=progress)


def warm(*, setup: MatcherSetup, settings: Settings) -> None:
    matcher.warm(settings=settings, config=setup.config, embedder=setup.embedder)


def index_status(*, setup: MatcherSetup, settings: Settings) -> dict[str, Any]:
    return matcher.index_status(settings=settings, config=setup.config)


def index_state(*, setup: MatcherSetup, settings: Settings) -> str:
    """``ok`` only when the index exists and was built from the current kb with the model in use. With the index built
    by the job (``index_builds="job"``, several hosts) an index behind the kb version is ``ok``: every host serves the
    last published one until the job publishes the next, and none should leave the proxy's rotation meanwhile."""
    status = matcher.index_status(settings=settings, config=setup.config, with_experts=False)
    manifest = status["manifest"]
    if manifest is None:
        return "not_built"
    if manifest["kb_version"] != status["kb_version"] and setup.config.index_builds != "job":
        return f"stale: index at kb version {manifest['kb_version']}, kb at {status['kb_version']}"
    if setup.embedder is not None:
        if manifest["model_id"] != setup.embedder.model_id:
            return f"stale: index built with {manifest['model_id']}"
    elif status["stale"]:
        return f"stale: index built with {manifest['model_id']}"
    return "ok"


def assign_needs(*, session: Session, settings: Settings, setup: MatcherSetup, needs: Sequence[MatchQuery],
                 top_k: int, alternates: int,
                 exclude: Mapping[str, Collection[str]] | None = None) -> list[Assignment]:
    """Many needs assigned at once under the centers' free capacity (their open engagements counted), each matched
    as :func:`match_needs` matches it for its proposals (the same live signals, the rating prior among them, and the
    same reading of its legal purpose), so a suggestion's coverage per requirement is the proposal's. ``exclude``:
    per need id, the centers never suggested for it."""
    signals = live_signals(session=session)
    needs = [with_legal_purpose(q) for q in needs]
    return matcher.assign_batch(session=session, settings=settings, needs=list(needs), top_k=top_k,
                                alternates=alternates, config=setup.config, embedder=setup.embedder,
                                open_engagements=signals.open_engagements(), center_flags=signals.center_flags(),
                                quality_prior=signals.quality_prior(), exclude=exclude)
