"""The service-type metrics of intake.quality against scikit-learn (micro precision, recall and F1 over a multilabel
indicator matrix, the subset accuracy as the exact set, per-label scores), the conventions for empty sets, the one
micro-F1 the head's training uses, and the evaluator's shape (called with a reader, a metrics dict, a primary
metric)."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support, precision_score, recall_score
from sklearn.preprocessing import MultiLabelBinarizer

from intake import semantic_train
from intake.quality import (
    ServiceTypeEvaluator,
    ServiceTypeItem,
    exact_set,
    micro_f1,
    per_label_metrics,
    service_type_item,
    set_metrics,
)
from intake.reader import DETERMINISTIC
from kb.vocab import ServiceType

S = ServiceType
LABELS = [st.value for st in ServiceType]


def _pairs(n: int, seed: int) -> list[tuple[set[str], set[str]]]:
    """Random (read, labelled) sets, empty ones included, often close to each other as a reader's are."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        want = set(rng.sample(LABELS, rng.choice([0, 1, 1, 1, 2, 2, 3])))
        got = set(want)
        if rng.random() < 0.4:
            got ^= {rng.choice(LABELS)}
        if rng.random() < 0.2:
            got = set(rng.sample(LABELS, rng.randint(0, 3)))
        out.append((got, want))
    return out


@pytest.mark.parametrize("seed", range(5))
def test_set_metrics_are_scikit_learns(seed: int) -> None:
    pairs = _pairs(200, seed)
    mlb = MultiLabelBinarizer(classes=LABELS)
    got = mlb.fit_transform([g for g, _ in pairs])
    want = mlb.transform([w for _, w in pairs])
    ours = set_metrics(pairs)
    assert ours["micro_f1"] == pytest.approx(f1_score(want, got, average="micro"), abs=1e-12)
    assert ours["precision"] == pytest.approx(precision_score(want, got, average="micro"), abs=1e-12)
    assert ours["recall"] == pytest.approx(recall_score(want, got, average="micro"), abs=1e-12)
    assert ours["exact"] == pytest.approx(accuracy_score(want, got), abs=1e-12)  # subset accuracy
    assert ours["n"] == 200
    assert micro_f1([g for g, _ in pairs], [w for _, w in pairs]) == ours["micro_f1"]
    assert exact_set([g for g, _ in pairs], [w for _, w in pairs]) == ours["exact"]
    # The head's training scores its folds by this one micro-F1.
    assert semantic_train.micro_f1 is micro_f1
    p, r, f, support = precision_recall_fscore_support(want, got, average=None, zero_division=0.0)
    for label, row in per_label_metrics(pairs).items():
        i = LABELS.index(label)
        assert (row["precision"], row["recall"], row["f1"], row["support"]) == pytest.approx((p[i], r[i], f[i],
                                                                                             support[i]))


def test_empty_sets() -> None:
    # Nothing asked, nothing read: right, and no precision or recall is lost.
    assert set_metrics([(set(), set())]) == {"exact": 1.0, "micro_f1": 1.0, "precision": 1.0, "recall": 1.0, "n": 1.0}
    # Nothing read of something asked: recall 0, so F1 0 (as scikit-learn's 2·tp / (2·tp + fp + fn)).
    assert set_metrics([(set(), {S.rnd})])["micro_f1"] == 0.0
    assert set_metrics([])["n"] == 0.0 and set_metrics([])["exact"] == 0.0
    assert per_label_metrics([({S.rnd}, set())]) == {S.rnd: {"support": 0.0, "precision": 0.0, "recall": 0.0,
                                                             "f1": 0.0}}


def test_the_evaluator_is_called_with_a_reader_and_names_its_primary_metric() -> None:
    rows = [{"id": "a", "text": "想找机构做锂电池的针刺和过充测试，出具CMA报告", "today": "2026-11-21",
             "expected": {"service_types": ["inspection_testing"]}},
            {"id": "b", "text": "需要校准一批压力表", "today": "2026-11-21",
             "expected": {"service_types": ["calibration"]}},
            {"id": "c", "text": "你好", "today": "2026-11-21", "expected": {"service_types": []}}]
    items = [service_type_item(r) for r in rows]
    assert items[0] == ServiceTypeItem(id="a", text=rows[0]["text"], today=date(2026, 11, 21),
                                       service_types=frozenset({S.inspection_testing}))
    ev = ServiceTypeEvaluator(items, name="demo")
    metrics = ev(DETERMINISTIC)  # the rules alone
    assert ev.primary_metric == "demo_micro_f1" and ServiceTypeEvaluator(items).primary_metric == "micro_f1"
    assert set(metrics) == {"demo_exact", "demo_micro_f1", "demo_precision", "demo_recall", "demo_n"}
    readings = ev.readings(DETERMINISTIC)
    assert metrics == ev.score(readings) and metrics["demo_n"] == 3
    assert metrics["demo_micro_f1"] == set_metrics((got, item.service_types) for got, item in readings)["micro_f1"]
