"""The learned combination of the rules and the head (issue 27 item 5, :mod:`intake.semantic_stack`): its features,
its reading, its file, a fit that finds the combination where the answer is known, and the leave-one-set-out
benchmark's reading of it (trained on the pool, never on the set it reads)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from intake.extract.product import reads_as_english
from intake.quality import micro_f1
from intake.semantic import TYPES, combine
from intake.semantic_stack import FEATURES, OFF, StackedCombiner, TextSide, read_stacked, stack_features, stacker_path
from intake.semantic_stack_train import fit_stacker, side_of
from intake.semantic_train import ADD_GRID, VETO_GRID, Example
from kb.vocab import ServiceType

S = ServiceType
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

import intake_service_loso as loso  # noqa: E402

TEST = TYPES.index(S.inspection_testing)


def _col(name: str) -> int:
    return FEATURES.index(name)


def test_the_features_of_a_text_and_a_type() -> None:
    proba = np.full((2, len(TYPES)), 0.01)
    proba[0, TEST] = 0.9
    proba[0, TYPES.index(S.rnd)] = 0.6
    proba[1, TYPES.index(S.calibration)] = 0.5
    sides = [
        TextSide(
            rule_types=(S.inspection_testing, S.standards),
            firm_types=(S.inspection_testing, S.ip),
            length=99,
            english=True,
        ),
        TextSide(rule_types=(), length=0, english=False),
    ]
    x = stack_features(proba, np.array([0.2, 0.7]), sides)
    assert x.shape == (2 * len(TYPES), len(FEATURES))
    test0, rnd0 = x[TEST], x[TYPES.index(S.rnd)]
    std0 = x[TYPES.index(S.standards)]
    assert test0[_col("logit")] == pytest.approx(np.log(9))
    assert test0[_col("is_top")] == 1 and rnd0[_col("is_top")] == 0
    # the rules read testing (firmly) and standards; ip is "firm" but not read by the rules: not firm here
    assert (test0[_col("rule")], test0[_col("firm")], std0[_col("rule")], std0[_col("firm")]) == (1, 1, 1, 0)
    assert x[TYPES.index(S.ip)][_col("firm")] == 0
    assert test0[_col("other_rules")] == 1 and rnd0[_col("other_rules")] == 2
    assert rnd0[_col("no_rules_x_logit")] == 0 and test0[_col("rule_x_logit")] == pytest.approx(np.log(9))
    assert test0[_col("english")] == 1 and test0[_col("english_x_rule")] == 1
    assert rnd0[_col("english_x_logit")] == pytest.approx(np.log(0.6 / 0.4))
    assert test0[_col("top_proba")] == pytest.approx(0.9) and test0[_col("margin")] == pytest.approx(0.3)
    assert test0[_col("log_length")] == pytest.approx(np.log(100))
    assert test0[_col("nothing_logit")] == pytest.approx(np.log(0.2 / 0.8))
    assert test0[_col(f"type:{S.inspection_testing.value}")] == 1 and test0[_col(f"type:{S.rnd.value}")] == 0
    # each type's own slope on the head's logit and on the rule hit: nonzero in its own column only
    assert test0[_col(f"logit:{S.inspection_testing.value}")] == pytest.approx(np.log(9))
    assert test0[_col(f"logit:{S.rnd.value}")] == 0 and rnd0[_col(f"logit:{S.rnd.value}")] == pytest.approx(np.log(1.5))
    assert test0[_col(f"rule:{S.inspection_testing.value}")] == 1 and rnd0[_col(f"rule:{S.rnd.value}")] == 0
    # the second text: no rules, so the head's logit stands in the no-rules column; Chinese; nothing at 0.7
    cal1 = x[len(TYPES) + TYPES.index(S.calibration)]
    assert cal1[_col("no_rules_x_logit")] == pytest.approx(0.0) and cal1[_col("english")] == 0
    assert cal1[_col("is_top")] == 1 and cal1[_col("margin")] == pytest.approx(0.49)
    with pytest.raises(ValueError):
        stack_features(proba, np.array([0.2]), sides)


def test_the_reading_keeps_firm_hits_falls_back_on_the_likeliest_and_keeps_one_stop() -> None:
    q = np.full(len(TYPES), 0.1)
    q[TEST] = 0.45
    assert read_stacked(q, bar=0.5) == []
    assert read_stacked(q, bar=0.5, top1_at=0.4) == [S.inspection_testing]
    assert read_stacked(q, bar=0.5, top1_at=0.5) == []
    # a firm type counts only when the rules read it; then no fallback is needed
    assert read_stacked(q, [S.standards], bar=0.5, top1_at=0.4) == [S.inspection_testing]
    assert read_stacked(q, [S.standards], bar=0.5, top1_at=0.4, rules=[S.standards]) == [S.standards]
    q[TYPES.index(S.infrastructure_collab)] = 0.8
    q[TEST] = 0.6
    assert read_stacked(q, bar=0.5) == [S.infrastructure_collab]


def _known(seed: int, n: int = 600) -> tuple[list[Example], np.ndarray]:
    """Texts where the answer is known and no pair of bars reads it: a Chinese text asks for testing exactly when the
    rules read it (whatever the head says), an English one exactly when the head gives it 0.5 or more (whatever the
    rules say)."""
    rng = np.random.default_rng(seed)
    examples, proba = [], np.full((n, len(TYPES) + 1), 0.02)
    for i in range(n):
        english = i % 2 == 0
        text = f"We need help with our product, case {i}." if english else f"我们的产品需要帮助，第{i}条。"
        rule = bool(rng.random() < 0.5)
        p = float(rng.random())
        asked = p >= 0.5 if english else rule
        proba[i, TEST] = p
        examples.append(
            Example(
                text=text,
                types=frozenset({S.inspection_testing} if asked else ()),
                rule_types=(S.inspection_testing,) if rule else (),
                rules_unseen=True,
            )
        )
    assert reads_as_english(examples[0].text) and not reads_as_english(examples[1].text)
    return examples, proba


def test_a_learned_combination_finds_where_each_reader_is_right() -> None:
    train, p_train = _known(1)
    test, p_test = _known(2)
    stacker = fit_stacker(train, p_train, [list(range(len(train)))], "known")
    got = stacker.read_many(p_test[:, : len(TYPES)], p_test[:, -1], [side_of(ex) for ex in test])
    want = [ex.types for ex in test]
    learned = micro_f1(got, want)
    assert learned >= 0.95
    best_pair = max(
        micro_f1([combine(ex.rule_types, p_test[i, : len(TYPES)], add=a, veto=v) for i, ex in enumerate(test)], want)
        for a in ADD_GRID
        for v in VETO_GRID
        if v < a
    )
    assert best_pair <= 0.85 < learned
    assert stacker.meta["C"] in (0.1, 1.0) and 0.0 < stacker.bar < 1.0


def test_the_combiner_s_file_reads_back_the_same(tmp_path: Path) -> None:
    train, p_train = _known(3, n=200)
    stacker = fit_stacker(train, p_train, [list(range(100)), list(range(100, 200))], "m/odel", balance=True)
    path = stacker_path("m/odel", tmp_path)
    assert path.name == "service_stack.m_odel.json"
    stacker.save(path)
    again = StackedCombiner.load(path)
    sides = [side_of(ex) for ex in train]
    assert np.allclose(
        again.proba(p_train[:, :-1], p_train[:, -1], sides),
        stacker.proba(p_train[:, :-1], p_train[:, -1], sides),
        atol=1e-5,
    )
    assert (again.bar, again.top1_at, again.model_id) == (stacker.bar, stacker.top1_at, "m/odel")
    data = again.to_json()
    data["features"] = list(FEATURES[:-1])
    with pytest.raises(ValueError, match="other features"):
        StackedCombiner.from_json(data)
    assert OFF > 1.0


@pytest.mark.slow  # one fold of training, ~10 s on 2 busy cores
def test_the_benchmark_s_learned_reading_is_fitted_on_the_pool_alone() -> None:
    names = ("written", "real", "real2")
    items = [loso.Item(names[i % 3], names[i % 3], ex) for i, ex in enumerate(_known(4, n=240)[0])]
    x = np.random.default_rng(5).normal(size=(len(items), 8))
    fold = loso.make_fold(items, x, "real2", ("written", "real", "real2"), by_set=True)
    # each pool set read by a head trained on the other (written by real, real by written)
    assert fold.by_set is not None and fold.by_set.shape == (160, len(TYPES) + 1)
    stacker = loso.fit_learned(fold)
    # the pool's texts (and the chat openers: none here), read by the pool's head out of fold; never the left-out set
    assert stacker.meta["n_texts"] == len(fold.searched) == 160
    got = loso.read_learned(fold)
    assert len(got) == len(fold.test) == 80
    assert all(set(types) <= set(TYPES) for types in got)
    assert len(loso.read_learned(fold, by_set=True)) == 80
