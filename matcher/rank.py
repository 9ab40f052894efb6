"""From fused capability scores to ranked providers: rules, per-center aggregation, boosts, explanations.

Pure: everything it needs comes in as arguments (records, scores, callables), so it is tested without a model.
A center's relevance is its best capability plus a small, decaying credit for further matching capabilities
(best + w·Σ dⁱ·sᵢ): a center with several relevant capabilities is a safer pick, but breadth never outweighs one
clearly better fit. Then: the preparing penalty, the region boost and the bounded quality prior, clipped to [0, 1].
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial

from kb.schemas import CapabilityRecord, CenterRecord
from kb.vocab import CenterStatus
from matcher import ranker, requirements, rules
from matcher.embedding.models import DEFAULT_LOW_CONFIDENCE
from matcher.expansion import Expansion
from matcher.explain import fit_of, key_terms, requirements_only
from matcher.fusion import CapScore, evidence
from matcher.schemas import (
    CapabilityHit,
    CenterFlag,
    CenterMatch,
    Exclusion,
    MatcherConfig,
    MatchQuery,
    MatchResult,
    Reason,
    make_reason,
)
from matcher.text import is_card, profile_center

OpenEngagements = Callable[[str], int]
QualityPrior = Callable[[str], float | None]
CenterFlags = Callable[[str], Sequence[CenterFlag]]
# The need's product's closeness to a center's card, rescaled to [0, 1] (None: the center has no card indexed).
ProductCard = Callable[[str], float | None]
RULE_EXCLUDED = "excluded_by_caller"


@dataclass
class _CenterAcc:
    center: CenterRecord
    hits: list[tuple[CapScore, CapabilityRecord]] = field(default_factory=list)
    cap_rule_texts: dict[str, str] = field(default_factory=dict)  # rule -> text, for capabilities that failed
    passed_rules: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Scored:
    """A center's score and sort keys, with its explanation still to build: a match scores every center with a hit
    (about fifty with the center cards) but shows ten, and the reasons (passages, terms, rules) are most of a
    center's cost, so they are built only for the centers listed (issue 33, item 1)."""

    score: float
    evidence: float
    tiebreak: float
    center_id: str
    build: Callable[[], CenterMatch]


def aggregate(scores: list[float], *, decay: float, others_weight: float) -> float:
    """best + w·Σ_{i≥1} decay^(i-1)·s_i over the next four, in [0, 1]."""
    if not scores:
        return 0.0
    ordered = sorted(scores, reverse=True)
    extra = sum(s * decay ** (i) for i, s in enumerate(ordered[1:5]))
    return min(1.0, ordered[0] + others_weight * extra * (1.0 - ordered[0]))


def rank_centers(
    *,
    fused: Mapping[str, CapScore],
    capabilities: Mapping[str, CapabilityRecord],
    centers: Mapping[str, CenterRecord],
    query: MatchQuery,
    config: MatcherConfig,
    top_k: int = 10,
    open_engagements: OpenEngagements | None = None,
    override_capacity: bool | Collection[str] = False,
    quality_prior: QualityPrior | None = None,
    shared_terms: Mapping[str, list[str]] | None = None,
    passages: Mapping[str, str] | None = None,
    expansions: Sequence[Expansion] = (),
    expansion_hits: Mapping[str, list[str]] | None = None,
    center_flags: CenterFlags | None = None,
    exclude: Mapping[str, str] | None = None,
    dense_members: Mapping[str, Sequence[float]] | None = None,
    product_card: ProductCard | None = None,
    need_card: ProductCard | None = None,
) -> MatchResult:
    """``exclude``: centers the caller keeps out, each with the reason shown (rule ``excluded_by_caller``), e.g. the
    coordinators' declines as unsuitable, which a re-match does not propose again. ``dense_members``: each
    capability's cosine per member of an ensemble model (recorded on the score reason, a feature of the learned
    ranker). ``product_card``: the need's product's closeness to each center's card (``config.product_card_weight``
    of it is added to the center's score); ``need_card``: the need's whole text's closeness to each card
    (``config.need_card_weight`` of it). With ``config.ranker == "learned"`` and a usable model (matcher.ranker),
    the fusion's best ``config.ranker_pool`` are put in the model's order before the top ``top_k`` are kept."""
    shared_terms = shared_terms or {}
    expansion_hits = expansion_hits or {}
    passages = passages or {}
    accs: dict[str, _CenterAcc] = {}
    excluded: dict[str, Exclusion] = {}
    cap_rules = rules.CapabilityRules.of(query)
    asks_nothing = cap_rules.asks_nothing

    for s in sorted(fused.values(), key=lambda x: -x.fused):
        cap = capabilities.get(s.cap_id)
        if cap is None:
            cap, s = _profile_hit(s, centers, config)
            if cap is None:
                continue
        center = centers.get(cap.center_id)
        if center is None or center.id in excluded:
            continue
        if exclude and center.id in exclude:
            excluded[center.id] = Exclusion(center_id=center.id, center_name=center.name, rule=RULE_EXCLUDED,
                                            text=exclude[center.id])
            continue
        acc = accs.get(center.id)
        if acc is None:
            failed = _center_failure(center, query, open_engagements, override_capacity, config, center_flags)
            if failed is not None:
                excluded[center.id] = Exclusion(center_id=center.id, center_name=center.name, rule=failed.rule,
                                                text=failed.text)
                continue
            acc = accs[center.id] = _CenterAcc(center=center)
        if not asks_nothing:  # else every capability passes, with nothing to show
            cap_checks = cap_rules.check(cap, center)
            bad = [c for c in cap_checks if not c.ok]
            if bad:
                acc.cap_rule_texts.setdefault(bad[0].rule, bad[0].text)
                continue
            for c in cap_checks:
                if c.text:
                    acc.passed_rules.setdefault(c.rule, c.text)
        acc.hits.append((s, cap))

    matches: list[_Scored] = []
    for cid, acc in accs.items():
        if not acc.hits:
            rule, text = next(iter(acc.cap_rule_texts.items()),
                              ("no_capability", "无匹配能力 / no matching capability"))
            excluded[cid] = Exclusion(center_id=cid, center_name=acc.center.name, rule=rule, text=text)
            continue
        matches.append(_score_center(acc, query, config, open_engagements, override_capacity, quality_prior,
                                     shared_terms, passages, expansions, expansion_hits, center_flags,
                                     dense_members or {}, product_card, need_card))
    # Strong matches saturate at 1.0; among equal scores the larger raw evidence (cosine, BM25) goes first.
    matches.sort(key=lambda t: (-round(t.score, 6), -t.tiebreak, t.center_id))
    model = ranker.load_model(config.ranker_model) if config.ranker == "learned" else None
    listed = max(top_k, config.ranker_pool) if model is not None or config.ranker == "fit" else top_k
    pool = [_with_coverage(t.build(), accs[t.center_id], query) for t in matches[:listed]]
    if model is not None:
        shown = [pool[i] for i in ranker.rerank(pool, model)][:top_k]
    elif config.ranker == "fit":
        shown = sorted(pool, key=lambda m: -(m.fit or 0))[:top_k]  # stable: the fusion's order breaks ties
    else:
        shown = pool
    best_evidence = matches[0].evidence if matches else 0.0
    return MatchResult(
        matches=shown,
        low_confidence=best_evidence < (config.low_confidence_threshold
                                        if config.low_confidence_threshold is not None else DEFAULT_LOW_CONFIDENCE),
        excluded=sorted(excluded.values(), key=lambda e: (e.rule, e.center_id)),
    )


def _with_coverage(match: CenterMatch, acc: _CenterAcc, query: MatchQuery) -> CenterMatch:
    """The need's requirements as this center covers them (matcher.requirements), and whether the match is thin: a
    thin one is marked on its score reason (``thin``), which the explanation for people reads to show it 低."""
    items = requirements.coverage(query, acc.center, [cap for _s, cap in acc.hits])
    terms = next((list(getattr(r, "terms", []) or []) for r in match.reasons if r.kind == "terms"), [])
    best = max(acc.hits, key=lambda h: h[0].fused)[0]
    thin = requirements.is_thin(items, key_terms(terms), best.dense_norm,
                                requirements.family_link(query.product, acc.center))
    reasons = list(match.reasons)
    if items:
        at = next((i for i, r in enumerate(reasons) if r.kind == "score"), len(reasons))
        asked = requirements_only(items)  # a mark only wished for is listed, never counted
        reasons.insert(at, make_reason(kind="coverage", text=requirements.summary(items),
                                       covered=sum(1 for r in asked if r.covered), total=len(asked)))
    if thin:
        reasons = [make_reason(**{**r.model_dump(), "thin": True}) if r.kind == "score" else r for r in reasons]
    score_reason = next((r for r in reasons if r.kind == "score"), None)
    threshold = getattr(score_reason, "low_confidence_threshold", None)
    reading = fit_of(match.score, threshold if isinstance(threshold, int | float) else None, items, thin=thin)
    return match.model_copy(update={"coverage": items, "reasons": reasons, "fit": reading.value,
                                    "band": reading.band})


def _profile_hit(
    s: CapScore, centers: Mapping[str, CenterRecord], config: MatcherConfig
) -> tuple[CapabilityRecord | None, CapScore]:
    """A center-profile document as a pseudo-capability: no service types of its own (so a need that names service
    types is never satisfied by a profile alone), the center's qualifications, and its score discounted by
    ``profile_weight`` so a capability that says the same thing ranks first."""
    center_id = profile_center(s.cap_id)
    center = centers.get(center_id) if center_id else None
    if center is None:
        return None, s
    return _pseudo_capability(s.cap_id, center.id, center.name, center.description), replace(
        s, fused=s.fused * config.profile_weight)


@lru_cache(maxsize=8192)
def _pseudo_capability(doc_id: str, center_id: str, name: str, description: str | None) -> CapabilityRecord:
    """The pseudo-capability of a center document, made once per document and center text: a match meets a few dozen
    of them, every match the same ones (issue 33, item 1). Read only, never changed."""
    return CapabilityRecord.model_construct(id=doc_id, center_id=center_id, title=f"{name}（机构简介）",
                                            description=description, service_types=[])


def _center_failure(
    center: CenterRecord, query: MatchQuery, open_engagements: OpenEngagements | None,
    override_capacity: bool | Collection[str], config: MatcherConfig, center_flags: CenterFlags | None,
) -> rules.RuleCheck | None:
    override = override_capacity if isinstance(override_capacity, bool) else center.id in override_capacity
    open_n = open_engagements(center.id) if open_engagements is not None else None
    flags = list(center_flags(center.id)) if center_flags is not None else []
    for check in (rules.check_status(center), rules.check_capacity(center, open_n, override=override),
                  rules.check_region(center, query), rules.check_compliance(flags, exclude=config.compliance_exclude)):
        if not check.ok:
            return check
    return None


def _score_center(
    acc: _CenterAcc, query: MatchQuery, config: MatcherConfig, open_engagements: OpenEngagements | None,
    override_capacity: bool | Collection[str], quality_prior: QualityPrior | None,
    shared_terms: Mapping[str, list[str]], passages: Mapping[str, str],
    expansions: Sequence[Expansion] = (), expansion_hits: Mapping[str, list[str]] | None = None,
    center_flags: CenterFlags | None = None, dense_members: Mapping[str, Sequence[float]] | None = None,
    product_card: ProductCard | None = None, need_card: ProductCard | None = None,
) -> _Scored:
    """The center's score now; its reasons as deferred calls in their order, made by ``build`` for a listed center
    only (the passages and shared terms they read are computed on demand by the caller's mappings)."""
    center = acc.center
    hits = sorted(acc.hits, key=lambda h: -h[0].fused)
    supporting = hits[: config.max_supporting]
    base = aggregate([h[0].fused for h in hits], decay=config.center_decay, others_weight=config.center_others_weight)
    best_ev = max(evidence(h[0], dense_weight=config.dense_weight) for h in hits)
    later: list[Callable[[], Reason | list[Reason]]] = []

    def reason(**fields: object) -> None:
        later.append(lambda: make_reason(**fields))  # type: ignore[arg-type]

    def passage(cap: CapabilityRecord) -> Reason:
        text = passages.get(cap.id) or cap.title
        if profile_center(cap.id) is not None:
            source = "center_card" if is_card(cap.id) else "center_profile"
            return make_reason(kind="passage", text=text, source=source, center_id=cap.center_id)
        return make_reason(kind="passage", text=text, capability_id=cap.id, title=cap.title)

    def shared() -> list[Reason]:
        terms: list[str] = []
        for _s, cap in supporting:
            for t in shared_terms.get(cap.id, []):
                if t not in terms:
                    terms.append(t)
        if not terms:
            return []
        return [make_reason(kind="terms", text="共同关键词 / shared terms: " + "、".join(terms[:12]), terms=terms[:12])]

    later.extend(partial(passage, cap) for _s, cap in supporting)
    later.append(shared)
    later.append(lambda: _expansion_reasons(expansions, supporting, expansion_hits or {}))
    for rule, text in acc.passed_rules.items():
        reason(kind="rule", text=text, rule=rule)

    adjust = 0.0
    link = requirements.family_link(query.product, center)
    if link is not None:
        delta = config.product_family_weight
        adjust += delta
        product, family = link
        text = (f"{product} 属于 {family}（机构名称）/ product {product} is a kind of {family} (the center's name)"
                if product != family else f"机构名称含「{family}」/ the center's name says {family}")
        reason(kind="product_family", text=text, product=product, family=family, delta=delta)
    closeness = product_card(center.id) if product_card is not None and config.product_card_weight > 0 else None
    if closeness is not None and config.product_card_floor > 0:  # noise under the floor, not kinship (§8v)
        floor = config.product_card_floor
        closeness = max(0.0, closeness - floor) / (1.0 - floor)
    if closeness is not None:
        delta = config.product_card_weight * closeness
        adjust += delta
        later.append(partial(_card_reason, closeness, delta))  # the product itself not repeated (_card_reason)
    near = need_card(center.id) if need_card is not None and config.need_card_weight > 0 else None
    if near is not None:
        delta = config.need_card_weight * near
        adjust += delta
        reason(kind="need_card", text=f"需求与机构名称相近（{near:.2f}），调整 {delta:+.3f} / the need is close to the "
                                      f"center's name ({near:.2f}), {delta:+.3f}", closeness=round(near, 4),
               delta=round(delta, 4))
    if center.effective_status == CenterStatus.preparing:
        adjust -= config.preparing_penalty
        reason(kind="rule", text=rules.check_status(center).text, rule=rules.RULE_STATUS, flag="preparing",
               delta=-config.preparing_penalty)
    flags = list(center_flags(center.id)) if center_flags is not None else []
    for source, penalty in (("lifecycle", config.lifecycle_penalty), ("compliance", config.compliance_penalty)):
        mine = [f for f in flags if f.source == source]
        for i, f in enumerate(mine):
            delta = -penalty if i == 0 else 0.0  # once per source, whatever the number of flags
            adjust += delta
            reason(kind="rule", text=f.text, rule=rules.RULE_LIFECYCLE if source == "lifecycle"
                   else rules.RULE_COMPLIANCE, flag=f.code, clause=f.clause, delta=delta)
    override = override_capacity if isinstance(override_capacity, bool) else center.id in override_capacity
    if open_engagements is not None and center.capacity is not None:
        cap_check = rules.check_capacity(center, open_engagements(center.id), override=override)
        reason(kind="rule", text=cap_check.text, rule=rules.RULE_CAPACITY)
    where = rules.region_match(center, query)
    if where is not None:
        boost = config.region_city_boost if where == "city" else config.region_province_boost
        adjust += boost
        reason(kind="region", text=f"地区相符（{center.region}）/ same {where}", delta=boost)
    wished = rules.preferred_qualifications(query)
    held = [q for q in wished if rules.preferred_marks_held(None, center, [q])
            or any(rules.preferred_marks_held(cap, center, [q]) for _s, cap in hits)] if wished else []
    if held:  # a mark only wished for: a soft boost for a holder, once, and no one left out (matcher.rules)
        adjust += config.preferred_qualification_boost
        reason(kind=rules.RULE_PREFERRED_QUALIFICATION, text="；".join(rules.preferred_text(q, True) for q in held),
               marks=held, delta=config.preferred_qualification_boost)
    local = rules.check_region(center, query)
    if local.text:
        reason(kind="rule", text=local.text, rule=rules.RULE_REGION)
    if quality_prior is not None:
        rating = quality_prior(center.id)
        if rating is not None:
            rating = min(1.0, max(0.0, float(rating)))
            delta = config.prior_weight * (rating - 0.5)
            adjust += delta
            text = f"服务质量评价 {rating:.2f}，调整 {delta:+.3f} / quality rating"
            reason(kind="prior", text=text, rating=rating, delta=round(delta, 4))
    best = hits[0][0]
    score = min(1.0, max(0.0, base + adjust))
    threshold = (config.low_confidence_threshold if config.low_confidence_threshold is not None
                 else DEFAULT_LOW_CONFIDENCE)
    # Written for a listed center only, like the reasons above: its text and rounded parts, and the member cosines
    # (worked out on demand by the caller's mapping), are no part of the score.
    later.append(partial(_score_reason, base, adjust, best, best_ev, len(hits), threshold, dense_members or {}))

    def build() -> CenterMatch:
        reasons: list[Reason] = []
        for make in later:
            made = make()
            reasons.extend(made if isinstance(made, list) else [made])
        return CenterMatch(
            center_id=center.id, center_name=center.name, score=score,
            capabilities=[CapabilityHit(capability_id=cap.id, title=cap.title, score=round(s.fused, 4))
                          for s, cap in hits if profile_center(cap.id) is None][: config.max_supporting],
            reasons=reasons,
        )

    tiebreak = best.dense + 0.01 * best.bm25 + 0.001 * len(hits)
    return _Scored(score=score, evidence=best_ev, tiebreak=tiebreak, center_id=center.id, build=build)


def _card_reason(closeness: float, delta: float) -> Reason:
    """The product-card reason. The product itself is not repeated here: a center that may not read a confidential
    need whole must not read its product in an explanation (flows.access holds back the lines that name it)."""
    text = (f"需求的产品与机构名称相近（{closeness:.2f}），调整 {delta:+.3f} / the need's product is close to the "
            f"center's name ({closeness:.2f}), {delta:+.3f}")
    return make_reason(kind="product_card", text=text, closeness=round(closeness, 4), delta=round(delta, 4))


def _score_reason(base: float, adjust: float, best: CapScore, best_ev: float, supporting: int, threshold: float,
                  dense_members: Mapping[str, Sequence[float]]) -> Reason:
    """A center's score reason: its relevance, its best document's parts, the adjustments and the calibration."""
    members = dense_members.get(best.cap_id)
    return make_reason(
        kind="score", text=f"相关度 {base:.3f}（语义 {best.dense:.3f}，词项覆盖 {best.coverage:.2f}），"
                           f"调整 {adjust:+.3f} / relevance {base:.3f}, adjustments {adjust:+.3f}",
        relevance=round(base, 4), dense_cosine=round(best.dense, 4), dense=round(best.dense_norm, 4),
        lexical=round(best.lexical, 4), bm25=round(best.bm25, 4), coverage=round(best.coverage, 4),
        evidence=round(best_ev, 4), adjustment=round(adjust, 4), supporting=supporting,
        low_confidence_threshold=round(threshold, 4),  # the calibration in force: matcher.explain reads it
        **({"dense_members": [round(float(v), 4) for v in members]} if members else {}),
    )


def _expansion_reasons(expansions: Sequence[Expansion], hits: Sequence[tuple[CapScore, CapabilityRecord]],
                       expansion_hits: Mapping[str, list[str]]) -> list[Reason]:
    """One reason per expansion of the need: what triggered it, the terms it added and which of them this center's
    supporting documents contain (none: the expansion did not help this center, and the reason says so)."""
    out: list[Reason] = []
    for exp in expansions:
        matched: list[str] = []
        for _s, cap in hits:
            for t in expansion_hits.get(cap.id, []):
                if t not in matched and any(t in term for term in exp.terms):
                    matched.append(t)
        text = (f"查询扩展 / query expansion ({exp.source}): {exp.trigger} → {exp.label or '、'.join(exp.terms[:3])}"
                + (f"；本机构命中 / matched here: {'、'.join(matched[:6])}" if matched else ""))
        out.append(make_reason(kind="expansion", text=text, source=exp.source, trigger=exp.trigger,
                               terms=list(exp.terms), matched=matched[:6]))
    return out
