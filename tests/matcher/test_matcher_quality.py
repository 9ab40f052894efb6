"""The ranking metrics of matcher.quality against libraries that implement them: graded nDCG@k against scikit-learn's
``ndcg_score``; MRR@k, recall@k, the top-1 hit and binary nDCG@k against sentence-transformers'
``InformationRetrievalEvaluator``; and the evaluator's shape (called with a ranker, a metrics dict, a primary
metric); and the real set's further pages about its thin centers (docs/matching.md §8q), appended to their
descriptions as a kb-v1 update of that field."""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np
import pytest
from sentence_transformers.sentence_transformer.evaluation import InformationRetrievalEvaluator
from sklearn.metrics import ndcg_score

from kb.io.importer import collect, control_character_issue
from kb.io.readers import SourceRecord
from kb.schemas import RECORD_MODELS
from matcher.quality import (
    MATCH_SETS,
    MatchEvaluator,
    MatchItem,
    hit_at_k,
    match_item,
    mean_metrics,
    mrr_at_k,
    ndcg_at_k,
    ranking_metrics,
    read_pages,
    recall_at_k,
    with_pages,
)
from matcher.schemas import MatchQuery

CENTERS = [f"c{i:02d}" for i in range(30)]


def _cases(n: int, *, graded: bool, seed: int) -> list[tuple[list[str], dict[str, int]]]:
    """Random rankings (some shorter than k, some with no relevant center ranked) and labels (grades 1–2, or 1)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        labelled = rng.sample(CENTERS, rng.randint(1, 8))
        relevance = {c: (rng.choice([1, 2]) if graded else 1) for c in labelled}
        ranked = rng.sample(CENTERS, rng.randint(1, 15))
        out.append((ranked, relevance))
    return out


@pytest.mark.parametrize("k", [1, 3, 5, 10])
def test_ndcg_is_scikit_learns_with_exponential_gains(k: int) -> None:
    for ranked, relevance in _cases(300, graded=True, seed=k):
        # scikit-learn ranks every item by a score: the ranked centers first, in order; then padding that is never
        # relevant, so an unranked center cannot enter the top k; then the rest, tied, beyond k.
        universe = [*ranked, *(f"pad{i}" for i in range(k)), *(c for c in CENTERS if c not in ranked)]
        scores = [len(universe) - i if i < len(ranked) + k else 0 for i in range(len(universe))]
        gains = [2 ** relevance.get(c, 0) - 1 for c in universe]
        expected = ndcg_score(np.asarray([gains]), np.asarray([scores]), k=k)
        assert ndcg_at_k(ranked, relevance, k) == pytest.approx(expected, abs=1e-12)


def test_ndcg_of_a_perfect_and_an_empty_ranking() -> None:
    assert ndcg_at_k(["a", "b", "x"], {"a": 2, "b": 1}) == pytest.approx(1.0)
    assert ndcg_at_k(["b", "a"], {"a": 2, "b": 1}) < 1.0
    assert ndcg_at_k([], {"a": 2}) == 0.0
    assert ndcg_at_k(["a"], {}) == 0.0  # nothing relevant: no gain to normalise by


def _sentence_transformers(cases: Sequence[tuple[list[str], dict[str, int]]], k: int) -> dict[str, float]:
    queries = {f"q{i}": "" for i in range(len(cases))}
    relevant = {f"q{i}": {c for c, g in rel.items() if g >= 1} for i, (_, rel) in enumerate(cases)}
    ev = InformationRetrievalEvaluator(queries, {c: "" for c in CENTERS}, relevant, mrr_at_k=[k], ndcg_at_k=[k],
                                       accuracy_at_k=[1], precision_recall_at_k=[k], map_at_k=[k], write_csv=False)
    results = [[{"corpus_id": c, "score": float(len(ranked) - j)} for j, c in enumerate(ranked)]
               for ranked, _ in cases]
    scores = ev.compute_metrics(results)
    return {"mrr": scores["mrr@k"][k], "recall": scores["recall@k"][k], "top1": scores["accuracy@k"][1],
            "ndcg": scores["ndcg@k"][k]}


@pytest.mark.parametrize("k", [1, 3, 10])
def test_mrr_recall_and_top1_are_sentence_transformers(k: int) -> None:
    cases = _cases(300, graded=False, seed=100 + k)
    theirs = _sentence_transformers(cases, k)
    assert np.mean([mrr_at_k(r, rel, k) for r, rel in cases]) == pytest.approx(theirs["mrr"], abs=1e-12)
    assert np.mean([recall_at_k(r, rel, k) for r, rel in cases]) == pytest.approx(theirs["recall"], abs=1e-12)
    assert np.mean([hit_at_k(r, rel, 1) for r, rel in cases]) == pytest.approx(theirs["top1"], abs=1e-12)
    # With one grade, the exponential gains are binary: sentence-transformers' nDCG too.
    assert np.mean([ndcg_at_k(r, rel, k) for r, rel in cases]) == pytest.approx(theirs["ndcg"], abs=1e-12)


def test_grade_zero_is_not_relevant() -> None:
    relevance = {"a": 0, "b": 1}
    assert mrr_at_k(["a", "b"], relevance) == 0.5 and recall_at_k(["a"], relevance) == 0.0
    assert hit_at_k(["a", "b"], relevance) == 0.0 and ranking_metrics(["b"], relevance)["top1"] == 1.0


def test_the_evaluator_is_called_with_a_ranker_and_names_its_primary_metric() -> None:
    rows = [{"id": "n1", "text": "电池测试", "relevance": {"a": 2, "b": 1}},
            {"id": "n2", "text": "Battery testing", "lang": "en", "relevance": {"b": 2}},
            {"id": "n3", "text": "奶牛养殖", "relevance": {}}]  # no provider suits it: no ranking metric
    items = [match_item(r) for r in rows]
    assert items[0].query.text == "电池测试" and not items[2].answerable
    rankings = {"电池测试": ["a", "x", "b"], "Battery testing": ["x", "b"], "奶牛养殖": ["a"]}
    seen: list[str] = []

    def ranker(queries: Sequence[MatchQuery]) -> list[list[str]]:
        seen.extend(q.text for q in queries)
        return [rankings[q.text] for q in queries]

    ev = MatchEvaluator(items, name="dev")
    metrics = ev(ranker)
    assert seen == ["电池测试", "Battery testing", "奶牛养殖"]
    assert ev.primary_metric == "dev_ndcg@10" and ev.primary_metric in metrics
    per = [ranking_metrics(rankings[r["text"]], r["relevance"]) for r in rows[:2]]
    assert metrics["dev_n"] == 2 and metrics["dev_n_zh"] == 1 and metrics["dev_n_en"] == 1
    for key, value in mean_metrics(per).items():
        assert metrics[f"dev_{key}"] == pytest.approx(value)
    assert metrics["dev_top1_zh"] == 1.0 and metrics["dev_mrr@10_en"] == 0.5
    assert MatchEvaluator(items, k=5).primary_metric == "ndcg@5"
    with pytest.raises(ValueError, match="rankings"):
        MatchEvaluator(items)(lambda queries: [["a"]])


def test_an_item_is_any_labelled_need() -> None:
    item = MatchItem(id="x", query=MatchQuery(text="t"), relevance={"a": 1})
    assert item.answerable and item.language == "zh"


def test_pages_are_appended_to_the_named_centers_descriptions() -> None:
    records = [SourceRecord("p:1", "center", {"type": "center", "id": "c1", "name": "甲中心", "kind": "other",
                                              "description": "原有描述。"}),
               SourceRecord("p:2", "center", {"type": "center", "id": "c2", "name": "乙中心", "kind": "other"}),
               SourceRecord("p:3", "center", {"type": "center", "id": "c3", "name": "丙中心", "kind": "other",
                                              "description": "不变。"}),
               SourceRecord("p:4", "capability", {"type": "capability", "id": "c1", "center_id": "c1",
                                                  "title": "检测", "service_types": ["inspection_testing"]})]
    out = with_pages(records, {"c1": ["其一。", "其二。"], "c2": ["只此一段。"]})
    assert out[0].data["description"] == "原有描述。\n其一。\n其二。"
    assert out[1].data["description"] == "只此一段。"
    assert out[2] is records[2] and out[3] is records[3]  # no pages, or not a center: as it was
    assert records[0].data["description"] == "原有描述。"  # the records read are not changed


def test_the_real_sets_pages_are_about_its_thin_centers_and_import() -> None:
    real = MATCH_SETS["real"]
    assert real.pages is not None
    pages = read_pages(real.pages)
    records, issues = collect(list(real.catalog))
    assert not issues
    thin = {r.id for r in records if r.record_type == "center" and len(r.data.get("description") or "") < 100}
    assert pages and set(pages) <= thin
    enriched = {r.id: r for r in with_pages(records, pages) if r.record_type == "center"}
    for center_id, excerpts in pages.items():
        rec = enriched[center_id]
        assert control_character_issue(rec) is None
        description = RECORD_MODELS["center"].model_validate(rec.data).description or ""
        assert all(text in description for text in excerpts)
