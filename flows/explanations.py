"""A proposal's explanation as a coordinator reads it: a 0–100 fit with its band, the evidence as "why" (the passages,
key terms, the rules applied, the region and rating effects), and the matcher's internals kept apart for a
"details" fold.

The stored proposal keeps the matcher's reasons as they were (the API returns them unchanged); this is the reading
the pages show, and the fit and its band are the matcher's own rule (:func:`matcher.explain.fit_of`: the score's
calibrated closeness and the requirements covered; the module cites why).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from core.bilingual import in_language
from evaluation.service import unit_to_stars
from intake.extract.region import english_name, extract_region
from kb.vocab import SERVICE_TYPE_LABELS
from matcher import explain
from matcher.embedding.models import DEFAULT_LOW_CONFIDENCE
from matcher.rules import (
    RULE_CAPACITY,
    RULE_COMPLIANCE,
    RULE_LEGAL_STANDING,
    RULE_LIFECYCLE,
    RULE_QUALIFICATION,
    RULE_REGION,
    RULE_SECRECY,
    RULE_SERVICE_TYPE,
)
from pipeline.schemas import MatchProposal

# The matcher's internals: what the "details" fold shows, in this order.
INTERNALS: tuple[str, ...] = ("relevance", "dense_cosine", "dense", "lexical", "bm25", "coverage", "evidence",
                              "adjustment", "supporting", "low_confidence_threshold")


def one_language(text: str, lang: str) -> str:
    """The matcher's and the pipeline's texts are "中文 / English"; a page shows the half of its language (a text
    with one language only is shown as it is): ``core.bilingual.in_language``, the one splitter the pages use too."""
    return in_language(text, lang).strip()


@dataclass(frozen=True)
class Passage:
    text: str
    source: str  # capability | center_card | center_profile
    title: str | None = None


@dataclass(frozen=True)
class Effect:
    """A soft adjustment of the score, as fit points (signed)."""

    kind: str  # region | rating | preparing
    text: str
    points: int
    rating: float | None = None


@dataclass(frozen=True)
class Requirement:
    """One of the need's requirements as the page shows it: covered or not, with the evidence or what is missing,
    in the page's language."""

    kind: str  # product_family | service_type | qualification | region | phrase | preferred_qualification
    requirement: str
    covered: bool
    text: str
    # covered in part (a center in another city of the need's province, some of a listed product's items): the page
    # says 部分覆盖 / partly covered, neither 已覆盖 nor 未覆盖, and counts it apart (docs/matching.md §8t)
    partial: bool = False

    @property
    def wished(self) -> bool:
        """A mark only wished for ("优先：CNAS"): no requirement, so the page says 具备 / 不具备（不影响入选）, never
        已覆盖 / 未覆盖, and counts it nowhere (docs/matching.md §8s)."""
        return self.kind == explain.WISHED_KIND


@dataclass(frozen=True)
class Explanation:
    fit: int
    band: explain.Band
    below_threshold: bool  # this proposal's own evidence is under the calibrated threshold
    passages: list[Passage] = field(default_factory=list)
    key_terms: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    expansions: list[str] = field(default_factory=list)
    internals: dict[str, float] = field(default_factory=dict)
    requirements: list[Requirement] = field(default_factory=list)
    thin: bool = False  # the match rests on one shared word: shown 低 whatever its score (matcher.requirements)

    @property
    def missing(self) -> list[Requirement]:
        # (a mark only wished for is no requirement: "优先：CMA — 不具备" is never missing; one covered in part is not)
        return [r for r in self.requirements if not r.covered and not r.partial and r.kind != explain.WISHED_KIND]


_SERVICE_EN = {zh: en for zh, en in SERVICE_TYPE_LABELS.values()}
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _place_in_english(text: str) -> str:
    """Each run of Chinese in ``text`` that reads as a place ("江苏省常州市"), said in English ("Changzhou, Jiangsu");
    other Chinese (a name no gazetteer knows) stays as written."""
    def said(m: re.Match[str]) -> str:
        region, _ = extract_region(m.group(0))
        if not (region.province or region.city):
            return m.group(0)
        return english_name(region.province, region.city) or m.group(0)
    return _CJK_RUN.sub(said, text)


def _requirement_in(kind: str, requirement: str, lang: str) -> str:
    """The requirement's own words in the page's language: the matcher names a service type and a place in Chinese
    (it may not import intake's gazetteer), and the English review showed "检验检测: covered", "located in
    江苏省常州市" (a new coordinator's day, 2026-11-28)."""
    if lang == "zh":
        return requirement
    if kind == "service_type":
        return _SERVICE_EN.get(requirement, requirement)
    if kind == "region":
        return _place_in_english(requirement)
    return requirement


def requirements_of(coverage: Iterable[Any], lang: str) -> list[Requirement]:
    """The need's requirements as a page shows them, in its language: the evidence when covered, what is missing when
    not (``coverage``: a proposal's, a batch suggestion's — anything with the matcher's RequirementCoverage fields,
    or their dicts). Places in an English text are said in English."""
    out = []
    for r in coverage:
        get = r.get if isinstance(r, Mapping) else (lambda k, _r=r: getattr(_r, k, None))
        covered = bool(get("covered"))
        kind = str(get("kind"))
        partial = not covered and bool(get("partial"))
        # (a mark only wished for says "优先：CMA — 具备 / 不具备" either way: its evidence; one covered in part says
        # what is covered, then what is not: "压力表：能力「…」；缺少：温度计、流量计")
        if partial:
            said = [one_language(str(x), lang) for x in (get("evidence"), get("missing")) if x]
            text = ("；" if lang == "zh" else "; ").join(said)
        else:
            text = one_language(str((get("evidence") if covered or kind == explain.WISHED_KIND else get("missing"))
                                    or ""), lang)
        if lang != "zh" and kind == "region":
            text = _place_in_english(text)
        out.append(Requirement(kind=kind, requirement=_requirement_in(kind, str(get("requirement")), lang),
                               covered=covered, text=text, partial=partial))
    return out


# The enterprise's reading of the explanation in English (a new user's trial, 2026-11-30: "热失控试验: met — its texts
# contain '热失控试验'" read as Chinese and the matcher's jargon to an English reader). Its own and the catalog's
# Chinese words stay, quoted "…" (straight quotes: curly ones are set CJK-wide in the CJK font) and introduced by the
# English around them; the matcher's word for a center's documents, "its texts", is said as a person says it.
_CJK_QUOTED = re.compile(r"'([^'\n]*[\u3400-\u9fff][^'\n]*)'")
_CJK_WORDS = re.compile(r"[0-9A-Za-z/·-]*[\u3400-\u9fff][\u3400-\u9fff0-9A-Za-z/·（）()、-]*")
_PLAIN_EN = ((re.compile(r"\bits texts contain\b"), "its documents mention"),
             (re.compile(r"\bits texts name\b"), "its documents name"))


def _quoted_in_english(text: str) -> str:
    """``text`` with each run of Chinese in it quoted "…" (one already quoted '…' requoted), the rest as it is."""
    text = _CJK_QUOTED.sub(r'"\1"', text)
    parts = text.split('"')  # even: outside the quotes
    return '"'.join(_CJK_WORDS.sub(lambda m: f'"{m.group(0)}"', part) if i % 2 == 0 else part
                    for i, part in enumerate(parts))


def said_to_the_enterprise(requirements: Iterable[Requirement], lang: str) -> list[Requirement]:
    """The requirements of the chosen center's explanation as its enterprise reads them (flows.need_progress: "my
    needs" and the need's result): in English, the fixed phrases English, the matcher's jargon said plainly, and the
    Chinese words (the need's own, a capability's, a place no gazetteer knows) quoted; the Chinese page as it is.
    The review page keeps the matcher's words: a coordinator reads them beside its other explanations."""
    if lang == "zh":
        return list(requirements)
    out = []
    for r in requirements:
        text = r.text
        for pattern, plain in _PLAIN_EN:
            text = pattern.sub(plain, text)
        out.append(replace(r, requirement=_quoted_in_english(r.requirement), text=_quoted_in_english(text)))
    return out


def _extra(reason: Any) -> dict[str, Any]:
    return reason.model_dump() if hasattr(reason, "model_dump") else dict(reason)


# The hard rules a proposal passed: a center failing one is not proposed (matcher.rules), so its line says it was met.
_HARD_RULES = frozenset({RULE_SERVICE_TYPE, RULE_QUALIFICATION, RULE_SECRECY, RULE_LEGAL_STANDING, RULE_REGION})
# A flag that costs a penalty in the ranking, once per kind (matcher.rank._score_center: lifecycle, compliance).
_FLAG_RULES = frozenset({RULE_LIFECYCLE, RULE_COMPLIANCE})


def _said(zh: str, en: str, lang: str) -> str:
    return zh if lang == "zh" else en


def rule_said(reason: Mapping[str, Any], lang: str, score: float, threshold: float | None) -> str:
    """A rule applied to the proposal, with its effect on it, as the page says it: a hard rule met ("…（硬性条件，已
    满足）"), a flag's penalty in fit points ("限期整改中（匹配时）：排序扣 4 分", what matcher.rank subtracted), the
    capacity as it was at the match ("匹配时在办 1 项…"). The line "限期整改中" alone, with no effect, and the stale
    "在办 1 项" beside a card's current standing confused a new user's trial (2026-11-29). Figures of the provider's
    state are said as at the match: the explanation is stored when the match is made."""
    text = one_language(str(reason.get("text") or ""), lang)
    rule, delta = reason.get("rule"), reason.get("delta")
    if rule in _FLAG_RULES:
        if not isinstance(delta, int | float):
            return _said(f"{text}（匹配时）", f"{text} (at the match)", lang)
        if not delta:
            return _said(f"{text}（匹配时）：不另扣分（同类扣分只计一次）",
                         f"{text} (at the match): no further deduction (once per kind)", lang)
        off = -explain.points(score, float(delta), threshold)
        if off < 1:
            return _said(f"{text}（匹配时）：排序略降（不足 1 分）",
                         f"{text} (at the match): slightly lower in the ranking (under 1 point)", lang)
        return _said(f"{text}（匹配时）：排序扣 {off} 分", f"{text} (at the match): {off} points off in the ranking",
                     lang)
    if rule == RULE_CAPACITY:
        if "放行" in text or "overridden" in text:
            return _said(f"匹配时{text}", f"at the match: {text}", lang)
        return _said(f"匹配时{text}（硬性条件：满负荷的机构不予推荐）",
                     f"at the match: {text} (a hard rule: a center at capacity is not proposed)", lang)
    if rule in _HARD_RULES:
        return _said(f"{text}（硬性条件，已满足）", f"{text} (a hard rule, met)", lang)
    return text


def explain_proposal(proposal: MatchProposal, lang: str, stars_now: int | None = None) -> Explanation:
    """The proposal's explanation in the page's language. ``stars_now``: the provider's current public rating
    (``flows.reviews.standings``), said beside the rating the match used when they differ: the explanation is
    stored at the match, and the ranking was made with its figures (a new user's trial, 2026-11-29: the card said
    2 星 after a new rating, the explanation "服务质量评价 1 星")."""
    reasons = [_extra(r) for r in proposal.reasons]
    score_reason = next((r for r in reasons if r.get("kind") == "score"), {})
    threshold = score_reason.get("low_confidence_threshold")
    threshold = float(threshold) if isinstance(threshold, int | float) else None
    thin = bool(score_reason.get("thin"))
    # The fit from the score and the coverage, a thin match under 50: matcher.explain.fit_of (issue 28, item 5). A
    # proposal made since records the rule's reading (what the API returns), kept even when a center's view holds back
    # some requirements; an older one is read by the rule now.
    reading = explain.fit_of(proposal.score, threshold, proposal.coverage, thin=thin)
    fit_value, fit_band = reading.value, reading.band
    if proposal.fit is not None and proposal.band in ("high", "medium", "low"):
        fit_value, fit_band = proposal.fit, explain.band(proposal.fit)
    evidence = score_reason.get("evidence")
    t = threshold if threshold is not None else DEFAULT_LOW_CONFIDENCE
    passages, terms, rules, effects, expansions = [], [], [], [], []
    for r in reasons:
        kind, text = r.get("kind"), str(r.get("text") or "")
        if kind == "passage":
            passages.append(Passage(text=text, source=str(r.get("source") or "capability"), title=r.get("title")))
        elif kind == "terms":
            terms += [str(x) for x in r.get("terms") or []]
        elif kind == "rule" and text:
            if r.get("flag") == "preparing" and isinstance(r.get("delta"), int | float):
                effects.append(Effect("preparing", one_language(text, lang),
                                      explain.points(proposal.score, float(r["delta"]), threshold)))
            else:
                rules.append(rule_said(r, lang, proposal.score, threshold))
        elif kind == "region" and isinstance(r.get("delta"), int | float):
            effects.append(Effect("region", one_language(text, lang),
                                  explain.points(proposal.score, float(r["delta"]), threshold)))
        elif kind == "prior" and isinstance(r.get("delta"), int | float):
            rating = r.get("rating")
            if isinstance(rating, int | float):  # the stars, not the matcher's 0–1 prior ("服务质量评价 0.00")
                stars = unit_to_stars(float(rating))
                zh, en = f"匹配时服务质量评价 {stars} 星（满 5 星）", f"quality rating at the match: {stars} of 5 stars"
                if stars_now is not None and stars_now != stars:
                    zh += f"，现为 {stars_now} 星（排序按匹配时的评价）"
                    en += f"; now {stars_now} stars (the ranking used the rating at the match)"
                text = f"{zh} / {en}"
            effects.append(Effect("rating", one_language(text, lang),
                                  explain.points(proposal.score, float(r["delta"]), threshold),
                                  rating=float(rating) if isinstance(rating, int | float) else None))
        elif kind == "expansion":
            expansions.append(text)
    internals = {k: float(score_reason[k]) for k in INTERNALS if isinstance(score_reason.get(k), int | float)}
    requirements = requirements_of(proposal.coverage, lang)
    return Explanation(fit=fit_value, band=fit_band,
                       below_threshold=isinstance(evidence, int | float) and float(evidence) < t,
                       passages=passages, key_terms=explain.key_terms(terms), rules=list(dict.fromkeys(rules)),
                       effects=effects, expansions=expansions, internals=internals, requirements=requirements,
                       thin=thin)


def in_fit_order(proposals: Iterable[MatchProposal], lang: str, stars_now: Mapping[str, int | None] | None = None,
                 ) -> list[tuple[MatchProposal, Explanation]]:
    """The proposals as a coordinator reads them on the review page: each with its explanation, the highest shown fit
    first, the matcher's order breaking ties. The matcher orders by its fused score (docs/matching.md §8f keeps that
    order for what it decides: the API's list, the batch suggestions), while the figure a person compares is the fit,
    which also counts the requirements covered; listed in the matcher's order, a fit of 81 stood above one of 83."""
    now = stars_now or {}
    return sorted(((p, explain_proposal(p, lang, now.get(p.center_id))) for p in proposals),
                  key=lambda pw: -pw[1].fit)  # stable
