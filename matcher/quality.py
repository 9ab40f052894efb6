"""Matching quality as code: the ranking metrics the benchmark, the quality-floor test and any later matcher are all
scored by, so a figure means the same thing wherever it is quoted (docs/matching.md §8).

Modelled on sentence-transformers' evaluators (``InformationRetrievalEvaluator``): the metrics are plain functions of
one ranking and its graded labels; :class:`MatchEvaluator` holds a labelled set, is called with a *ranker* (the
model: needs in, ranked center ids out) and returns a metrics dict, whose :attr:`~MatchEvaluator.primary_metric` names
the figure a model selection looks at (nDCG@10).

Labels are graded per center: 2 clearly suitable, 1 partly suitable, absent 0. nDCG uses the gains 2^g − 1 and the
ideal ranking of every labelled center, ranked or not; MRR, recall and the top-1 hit count a center as relevant from
grade 1. A need with no relevant center (a need no provider in the catalog suits) has no ranking metric: the evaluator
leaves it out, and the low-confidence calibration (benchmarks/match_quality.py) is where it counts.

The labelled sets and the way they are run live here too (:data:`MATCH_SETS`, :func:`load_catalog`,
:func:`catalog_ranker`), so the benchmark and the quality-floor test (tests/matcher/test_matcher_quality_floor.py)
import a set's catalog and match its needs by one code path: the product's own importer, index build and matcher.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from core.db import session_scope
from core.settings import PROJECT_ROOT, Settings
from kb.io.importer import collect, import_records
from kb.io.readers import SourceRecord
from matcher import service
from matcher.calibrate import NeedPool
from matcher.embedding.models import Embedder
from matcher.index.build import SyncStats
from matcher.schemas import MatcherConfig, MatchQuery, MatchResult, Region

Relevance = Mapping[str, int]
# The model an evaluator is called with: the needs (as the matcher reads them) in, one ranking of center ids per need
# out, best first.
Ranker = Callable[[Sequence[MatchQuery]], Sequence[Sequence[str]]]


def _relevant(relevance: Relevance) -> set[str]:
    return {c for c, g in relevance.items() if g >= 1}


def dcg(gains: Iterable[float]) -> float:
    """Discounted cumulative gain of gains in rank order (rank 1 undiscounted, then 1/log2(rank + 1))."""
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at_k(ranked: Sequence[str], relevance: Relevance, k: int = 10) -> float:
    """nDCG@k with the gains 2^grade − 1, normalised by the ideal ordering of every labelled center; 0 when nothing
    is relevant."""
    ideal = dcg(2**g - 1 for g in sorted(relevance.values(), reverse=True)[:k])
    return dcg(2 ** relevance.get(c, 0) - 1 for c in ranked[:k]) / ideal if ideal else 0.0


def mrr_at_k(ranked: Sequence[str], relevance: Relevance, k: int = 10) -> float:
    """1 / the rank of the first relevant center within the top k; 0 when there is none."""
    relevant = _relevant(relevance)
    return next((1.0 / (i + 1) for i, c in enumerate(ranked[:k]) if c in relevant), 0.0)


def recall_at_k(ranked: Sequence[str], relevance: Relevance, k: int = 10) -> float:
    """The share of the relevant centers found in the top k; 0 when nothing is relevant."""
    relevant = _relevant(relevance)
    return len(relevant.intersection(ranked[:k])) / len(relevant) if relevant else 0.0


def hit_at_k(ranked: Sequence[str], relevance: Relevance, k: int = 1) -> float:
    """1 when a relevant center is among the top k (k = 1: the top-1 accuracy), else 0."""
    return 1.0 if _relevant(relevance).intersection(ranked[:k]) else 0.0


def metric_keys(k: int = 10) -> tuple[str, ...]:
    return (f"ndcg@{k}", f"mrr@{k}", f"recall@{k}", "top1")


METRIC_KEYS = metric_keys(10)


def ranking_metrics(ranked: Sequence[str], relevance: Relevance, k: int = 10) -> dict[str, float]:
    """The four figures of one need's ranking: nDCG@k, MRR@k, recall@k and the top-1 hit."""
    return {f"ndcg@{k}": ndcg_at_k(ranked, relevance, k), f"mrr@{k}": mrr_at_k(ranked, relevance, k),
            f"recall@{k}": recall_at_k(ranked, relevance, k), "top1": hit_at_k(ranked, relevance, 1)}


def mean_metrics(rows: Sequence[Mapping[str, float]], keys: Sequence[str] = METRIC_KEYS) -> dict[str, float]:
    """The mean of each metric over the rows (NaN over none)."""
    return {key: sum(r[key] for r in rows) / len(rows) if rows else float("nan") for key in keys}


def ranked_centers(result: MatchResult) -> list[str]:
    """A match result as a ranking of center ids, best first."""
    return [m.center_id for m in result.matches]


@dataclass(frozen=True)
class MatchItem:
    """One labelled need: its query, graded relevance per center ({} when no provider suits it), language."""

    id: str
    query: MatchQuery
    relevance: Mapping[str, int]
    language: str = "zh"

    @property
    def answerable(self) -> bool:
        return bool(_relevant(self.relevance))


def match_item(row: Mapping[str, Any]) -> MatchItem:
    """A line of a need set (tests/matcher/data/match_dev.jsonl, benchmarks/data/real/needs.jsonl) as an item."""
    query = MatchQuery(text=row["text"], id=row["id"], region=Region(**(row.get("region") or {})),
                       local_only=row.get("local_only", False), qualifications=row.get("qualifications", []),
                       confidential=row.get("confidential", False))
    return MatchItem(id=row["id"], query=query, relevance=dict(row.get("relevance") or {}),
                     language=row.get("lang", "zh"))


def load_match_rows(path: Path) -> list[dict[str, Any]]:
    """The lines of a need set, comment lines (``#``) left out."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def load_match_items(path: Path) -> list[MatchItem]:
    return [match_item(row) for row in load_match_rows(path)]


@dataclass
class MatchEvaluator:
    """Runs a ranker over labelled needs and returns nDCG@k, MRR@k, recall@k and the top-1 hit, averaged over the
    answerable needs, overall and per language (``ndcg@10_zh``, ``n_en`` …), with ``n``; each key prefixed with
    ``name`` when one is given. ``primary_metric`` names nDCG@k."""

    items: Sequence[MatchItem]
    name: str = ""
    k: int = 10
    primary_metric: str = field(init=False)

    def __post_init__(self) -> None:
        self.primary_metric = self._key(f"ndcg@{self.k}")

    def _key(self, metric: str) -> str:
        return f"{self.name}_{metric}" if self.name else metric

    def rankings(self, ranker: Ranker) -> list[list[str]]:
        out = [list(r) for r in ranker([item.query for item in self.items])]
        if len(out) != len(self.items):
            raise ValueError(f"the ranker returned {len(out)} rankings for {len(self.items)} needs")
        return out

    def __call__(self, ranker: Ranker) -> dict[str, float]:
        return self.score(self.rankings(ranker))

    def per_item(self, rankings: Sequence[Sequence[str]]) -> dict[str, dict[str, float]]:
        """Each answerable need's metrics, by need id (rankings in the order of ``items``)."""
        return {item.id: ranking_metrics(ranked, item.relevance, self.k)
                for item, ranked in zip(self.items, rankings, strict=True) if item.answerable}

    def score(self, rankings: Sequence[Sequence[str]]) -> dict[str, float]:
        per_item = self.per_item(rankings)
        keys = metric_keys(self.k)
        answerable = [item for item in self.items if item.answerable]
        metrics = {self._key(key): value for key, value in mean_metrics(list(per_item.values()), keys).items()}
        metrics[self._key("n")] = float(len(per_item))
        for language in sorted({item.language for item in answerable}):
            rows = [per_item[item.id] for item in answerable if item.language == language]
            for key, value in mean_metrics(rows, keys).items():
                metrics[self._key(f"{key}_{language}")] = value
            metrics[self._key(f"n_{language}")] = float(len(rows))
        return metrics


# ---- the labelled sets, run as the product runs a catalog --------------------------------------------------------

@dataclass(frozen=True)
class MatchSet:
    """A labelled need set and the catalog its labels were read against."""

    name: str
    catalog: tuple[Path, ...]
    needs: Path
    # Further public text about some of the catalog's centers (one excerpt a line: id, source_url, title, excerpt),
    # appended to their descriptions when the catalog is loaded with ``pages=True`` (docs/matching.md §8q).
    pages: Path | None = None


_REAL = PROJECT_ROOT / "benchmarks" / "data" / "real"
# ``written``: the development set written for this project over kb/sample (docs/matching.md §8); ``real``: real
# providers' public texts and real enterprises' needs, labelled by reading (§8b, benchmarks/data/real/LABELLING.md).
MATCH_SETS: dict[str, MatchSet] = {
    "written": MatchSet("written", tuple(sorted((PROJECT_ROOT / "kb" / "sample").glob("*.jsonl"))),
                        PROJECT_ROOT / "tests" / "matcher" / "data" / "match_dev.jsonl"),
    "real": MatchSet("real", (_REAL / "providers.jsonl",), _REAL / "needs.jsonl",
                     pages=_REAL / "provider_pages.jsonl"),
}


def read_pages(path: Path) -> dict[str, list[str]]:
    """The excerpts of a pages file by center id, in the file's order."""
    out: dict[str, list[str]] = {}
    for row in load_match_rows(path):
        out.setdefault(str(row["id"]), []).append(str(row["excerpt"]).strip())
    return out


def with_pages(records: Sequence[SourceRecord], pages: Mapping[str, Sequence[str]]) -> list[SourceRecord]:
    """The records with each center's further public text appended to its description, one excerpt a line: what a
    coordinator enriching a thin provider profile writes into kb-v1's free-text ``description`` (a merge update of
    that one field). Capabilities, experts and centers without pages are left as they are."""
    out: list[SourceRecord] = []
    for rec in records:
        extra = [text for text in pages.get(rec.id or "", ()) if text] if rec.record_type == "center" else []
        if extra:
            own = str(rec.data.get("description") or "").strip()
            rec = replace(rec, data={**rec.data, "description": "\n".join([own, *extra] if own else extra)})
        out.append(rec)
    return out


def load_catalog(match_set: MatchSet, *, settings: Settings, config: MatcherConfig,
                 embedder: Embedder | None = None, experts: bool = True, pages: bool = False) -> SyncStats:
    """Make the data folder ``settings`` names hold exactly this set's catalog: imported the way the product imports
    one (kb.io.importer ``collect`` + ``import_records``, with --replace's semantics) and indexed by the product's
    ``matcher.service.build_index`` (``embedder`` None: the model ``config.model`` names, loaded from
    ``settings.home``). ``experts=False`` leaves the catalog's experts out: no center ranking reads them (they have an
    index of their own), and embedding them is over a quarter of the written set's build. ``pages``: the centers'
    further public text (``match_set.pages``) appended to their descriptions (:func:`with_pages`); a set without
    pages loads as it is."""
    records, issues = collect(list(match_set.catalog))
    if not experts:
        records = [r for r in records if r.record_type != "expert"]
    if pages and match_set.pages is not None:
        records = with_pages(records, read_pages(match_set.pages))
    with session_scope(settings) as session:
        res = import_records(session=session, records=records, read_issues=issues, replace=True)
        if not res.ok:
            raise ValueError(f"{match_set.name}: the catalog does not import: {[str(i) for i in res.issues[:5]]}")
    return service.build_index(settings=settings, config=config, embedder=embedder)


def match_results(queries: Sequence[MatchQuery], *, settings: Settings, config: MatcherConfig,
                  embedder: Embedder | None = None, mode: service.Mode = "hybrid",
                  top_k: int = 10, need_pool: NeedPool | None = None) -> list[MatchResult]:
    """The needs matched against the catalog in ``settings``' data folder by ``matcher.service.match_many``, in one
    session: no live signals (capacity, ratings, flags), so a figure measures the ranking alone. ``need_pool``: the
    reference needs for hubness measured against needs (``MatcherConfig.hubness_reference``)."""
    with session_scope(settings) as session:
        return service.match_many(session=session, settings=settings, needs=list(queries), top_k=top_k,
                                  config=config, mode=mode, embedder=embedder, need_pool=need_pool)


def catalog_ranker(*, settings: Settings, config: MatcherConfig, embedder: Embedder | None = None,
                   mode: service.Mode = "hybrid", top_k: int = 10) -> Ranker:
    """:func:`match_results` as the :data:`Ranker` a :class:`MatchEvaluator` is called with."""

    def rank(queries: Sequence[MatchQuery]) -> list[list[str]]:
        return [ranked_centers(r) for r in match_results(queries, settings=settings, config=config,
                                                         embedder=embedder, mode=mode, top_k=top_k)]

    return rank


__all__ = ["MATCH_SETS", "METRIC_KEYS", "MatchEvaluator", "MatchItem", "MatchSet", "Ranker", "Relevance",
           "catalog_ranker", "dcg", "hit_at_k", "load_catalog", "load_match_items", "load_match_rows", "match_item",
           "match_results", "mean_metrics", "metric_keys", "mrr_at_k", "ndcg_at_k", "ranked_centers",
           "ranking_metrics", "read_pages", "recall_at_k", "with_pages"]
