"""The leave-one-set-out benchmark of the service-type reader (benchmarks/intake_service_loso.py) and the vectorised
threshold search it and the training share: the search scores a setting exactly as :func:`intake.semantic.combine`
reads and :func:`intake.quality.micro_f1` scores, the benchmark never trains on the set it reads, and it refuses the
held-out sets."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from intake.extract.service_types import extract_service_types, firm_service_types
from intake.quality import micro_f1
from intake.semantic import TYPES, ServiceTypeHead, combine, head_only, is_question
from intake.semantic_train import Example, _fit, _Grid, _targets, choose, oof_by_c, with_chat
from kb.vocab import ServiceType
from tests.matcher.matcher_helpers import NgramEmbedder

S = ServiceType
DATA = Path(__file__).resolve().parent / "data"
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

import intake_service_loso as loso  # noqa: E402
import intake_sets  # noqa: E402


def _examples() -> list[Example]:
    items = [json.loads(line) for line in (DATA / "intake_dev.jsonl").read_text(encoding="utf-8").splitlines()]
    return [Example(text=it["text"], types=frozenset(S(t) for t in it["expected"]["service_types"]),
                    rule_types=tuple(extract_service_types(it["text"])), rules_unseen=i % 3 == 0,
                    firm_types=tuple(firm_service_types(it["text"])))
            for i, it in enumerate(items)]


def test_the_grid_scores_as_combine_and_micro_f1_do() -> None:
    examples = _examples()
    rng = np.random.default_rng(7)
    proba = rng.random((len(examples), len(TYPES)))
    nothing = rng.random(len(examples))
    groups = [[i for i in range(len(examples)) if i % 3 == 0], [i for i in range(len(examples)) if i % 3]]
    grid = _Grid(examples, groups)

    def reference(read: list[list[ServiceType]]) -> float:
        return sum(micro_f1([read[i] for i in g], [examples[i].types for i in g]) for g in groups) / len(groups)

    for add, veto, own, at in [(0.7, 0.2, {}, 1.01), (0.5, 0.0, {S.rnd: (0.4, 0.1)}, 0.6),
                               (0.9, 0.4, {S.inspection_testing: (0.6, 0.3), S.infrastructure_collab: (0.3, 0.0)},
                                0.8)]:
        want = [combine(ex.rule_types, proba[i], add=add, veto=veto, own=own, nothing=float(nothing[i]),
                        nothing_at=at, firm=ex.firm_types) for i, ex in enumerate(examples)]
        assert grid.score(grid.combined(proba, add, veto, own, nothing, at)) == pytest.approx(reference(want))
    # The long-text veto and the question's reading (what a question keeps, firm types always), with the likeliest
    # type: the grid reads them as combine() does, text by text.
    for long_veto, q_at, q_keep, top1 in [(((S.inspection_testing, 30, 0.6),), 0.4, 1.01, 0.3),
                                          (((S.inspection_testing, 10, 0.9),), 0.2, 0.5, 1.01),
                                          ((), 0.6, 0.3, 0.5)]:
        want = [combine(ex.rule_types, proba[i], add=0.7, veto=0.1, nothing=float(nothing[i]), nothing_at=0.8,
                        firm=ex.firm_types, top1_at=top1, length=len(ex.text),
                        long_veto={st: (n, v) for st, n, v in long_veto}, question=is_question(ex.text),
                        question_at=q_at, question_keep=q_keep) for i, ex in enumerate(examples)]
        got = grid.combined(proba, 0.7, 0.1, {}, nothing, 0.8, top1, long_veto, q_at, q_keep)
        assert grid.score(got) == pytest.approx(reference(want))
        assert [[st for st, on in zip(TYPES, row, strict=True) if on] for row in got] == want
    assert any(is_question(ex.text) for ex in examples) and any(len(ex.text) >= 30 for ex in examples)
    alone = [head_only(proba[i], add=0.5) for i in range(len(examples))]
    assert grid.score(grid.alone(proba, 0.5)) == pytest.approx(reference(alone))


def _items() -> list[loso.Item]:
    out = []
    for i, ex in enumerate(_examples()):
        name = ("written", "real", "real2")[i % 3]
        out.append(loso.Item(name, name, ex))
    return out


@pytest.mark.slow  # two folds of training, ~10 s on 2 busy cores
def test_leave_one_set_out_trains_without_the_set_it_reads() -> None:
    items = _items()
    x = NgramEmbedder().encode_query([it.example.text for it in items])
    fold = loso.make_fold(items, x, "real2", ("written", "real", "real2"))
    assert len(fold.test) == 42 and len(fold.train) == 84 and "real2" not in fold.train_sets
    assert not {ex.text for ex in fold.test} & {ex.text for ex in fold.train}
    result = loso.run_pool(items, x, ("written", "real", "real2"), ["real2"],
                           {**loso.BASELINES, "per_set": loso.read_per_set})
    assert set(result["sets"]) == {"real2"}
    for reading in ("rules", "head", "combined", "per_set"):
        row = result["summary"][reading]
        assert 0 <= row["worst_micro_f1"] <= row["mean_micro_f1"] <= 1
        assert 0 <= row["worst_exact"] <= row["mean_exact"] <= 1


@pytest.mark.parametrize(("name", "why"), [("real18", "held out"),
                                          ("real17", "not a development set"),
                                          ("real_dev", "not a development set"),
                                          ("real_heldout", "not a development set")])
def test_the_held_out_set_and_sets_not_trained_on_are_never_read(name: str, why: str) -> None:
    with pytest.raises(SystemExit, match=why):
        loso.load_items([name])
    assert name not in loso.REAL_SETS
    # real10 and real11 are trained on since 2026-11-27's evening: folds of their own, and read by pool "nine" as the
    # head before read them (trained on all nine sets, never on them).
    assert {"real10", "real11"} <= set(loso.REAL_SETS) and not {"real10", "real11"} & set(loso.POOLS["nine"])


def test_real12_to_real14_are_trained_on_and_the_twelve_pool_is_the_head_before() -> None:
    """real12–real14 are trained on since 2026-11-28 (docs/intake.md "Trained on real12–real14, with the chat
    weighed in"): they are folds of their own and in the training pool; pool "twelve" is the head before, never
    trained on them; the held-out set is in no pool."""
    assert {"real12", "real13", "real14"} <= set(loso.REAL_SETS)
    assert {"real12", "real13", "real14"} <= set(loso.POOLS["training"]) < set(loso.POOLS["development"])
    assert not {"real12", "real13", "real14"} & set(loso.POOLS["twelve"])
    assert all(name not in pool for pool in loso.POOLS.values() for name in ("real17", "real18"))


def test_real15_is_trained_on_and_the_fifteen_pool_is_the_head_before() -> None:
    """real15 is trained on since its second reading (docs/intake.md "real15 as development data, and real16 read
    once"): a fold of its own and in the training pool; pool "fifteen" is the head before, never trained on it."""
    assert "real15" in loso.REAL_SETS and "real15" in loso.POOLS["training"]
    assert "real15" not in loso.POOLS["fifteen"]
    assert [*loso.POOLS["fifteen"], "real15"] == list(loso.POOLS["training"])


def test_real16_is_a_fold_and_not_trained_on() -> None:
    """real16 is a development set since 2026-11-28's night, after its two readings as held out: a fold of its own, in
    pool "development" (a head trained with it too, measured and not kept: docs/intake.md "English text read by the
    head, and real16 as development data") and not in the committed head's pool; real17 (read twice as held out)
    and real18, held out, are in no pool."""
    assert "real16" in loso.REAL_SETS and "real16" not in loso.POOLS["training"]
    assert [*loso.POOLS["training"], "real16"] == list(loso.POOLS["development"])
    assert loso.HELDOUT_SET == "real18" and all(name not in pool for pool in loso.POOLS.values()
                                                for name in ("real17", "real18"))


def test_the_grid_reads_the_likeliest_type_only_in_a_text_long_enough() -> None:
    """The likeliest type when nothing else is read, in texts of ``top1_min`` characters or more only: the grid
    reads it as combine() does (a chat answer such as "Suzhou." got the head's inspection_testing at 0.9)."""
    examples = _examples()
    rng = np.random.default_rng(11)
    proba = rng.random((len(examples), len(TYPES))) * 0.6
    nothing = rng.random(len(examples))
    grid = _Grid(examples, [list(range(len(examples)))])
    lengths = sorted(len(ex.text) for ex in examples)
    middle = lengths[len(lengths) // 2]
    for top1, at_least in [(0.3, 0), (0.3, middle), (0.2, 10**6)]:
        want = [combine(ex.rule_types, proba[i], add=0.7, veto=0.1, nothing=float(nothing[i]), nothing_at=0.8,
                        firm=ex.firm_types, top1_at=top1, top1_min=at_least, length=len(ex.text))
                for i, ex in enumerate(examples)]
        got = grid.combined(proba, 0.7, 0.1, {}, nothing, 0.8, top1, top1_min=at_least)
        assert [[st for st, on in zip(TYPES, row, strict=True) if on] for row in got] == want
    for bar in (0.5, 0.8, 1.01):  # the bar beside what the rules read, as combine() reads it
        want = [combine(ex.rule_types, proba[i], add=0.5, veto=0.1, firm=ex.firm_types, beside=bar,
                        length=len(ex.text)) for i, ex in enumerate(examples)]
        got = grid.combined(proba, 0.5, 0.1, {}, beside=bar)
        assert [[st for st, on in zip(TYPES, row, strict=True) if on] for row in got] == want
    short = [i for i, ex in enumerate(examples) if len(ex.text) < middle]
    everywhere = grid.combined(proba, 0.7, 0.1, {}, nothing, 0.8, 0.3)
    long_only = grid.combined(proba, 0.7, 0.1, {}, nothing, 0.8, 0.3, top1_min=middle)
    assert (everywhere[short].sum() > long_only[short].sum())  # the step fired in short texts, and no longer does


def test_chat_openers_weigh_in_the_choice_as_a_third_group_and_are_not_trained_on() -> None:
    """:func:`intake.semantic_train.with_chat`: the openers are read by the head fitted on all the training texts at
    each C (they are not in its folds), and form the last group of the objective; without them the search is as
    before (two groups)."""
    examples = _examples()
    emb = NgramEmbedder()
    x = emb.encode_query([ex.text for ex in examples]).astype(np.float64)
    chat = [Example(text="我们想给电池包做个检测", types=frozenset({S.inspection_testing}), rule_types=()),
            Example(text="Suzhou, please.", types=frozenset(), rule_types=())]
    chat_x = emb.encode_query([ex.text for ex in chat]).astype(np.float64)
    oofs = oof_by_c(x, _targets(examples), grid=(0.03,))
    searched, searched_oofs, groups = with_chat(examples, x, oofs, chat, chat_x)
    assert searched == [*examples, *chat] and groups[-1] == [len(examples), len(examples) + 1]
    assert len(groups) == 3 and sorted(i for g in groups[:2] for i in g) == list(range(len(examples)))
    w, b = _fit(x, _targets(examples), 0.03)
    np.testing.assert_allclose(searched_oofs[0.03][len(examples):], ServiceTypeHead("m", w, b).proba(chat_x))
    np.testing.assert_array_equal(searched_oofs[0.03][: len(examples)], oofs[0.03])
    plain, plain_oofs, plain_groups = with_chat(examples, x, oofs, (), None)
    assert plain == examples and len(plain_groups) == 2 and plain_oofs[0.03] is oofs[0.03]
    chosen = choose(searched, searched_oofs, groups=groups)
    assert chosen.score == pytest.approx(choose(searched, searched_oofs, groups=groups).score)


def test_the_chat_openers_are_the_development_dialogues_whose_opener_settles_the_service_types() -> None:
    """Openers only where no later message corrects, negates or gives the service types (else the dialogue's gold is
    not the opener's reading), and never from the held-out dialogues."""
    openers = intake_sets.chat_openers()
    dialogues = [json.loads(line) for line in intake_sets.DIALOGUES.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    assert "heldout" not in str(intake_sets.DIALOGUES)
    by_opener = {d["turns"][0]["user"]: d for d in dialogues}
    assert 30 <= len(openers) < len(dialogues)
    for text, types in openers:
        d = by_opener[text]
        assert types == d["gold"]["service_types"]
        assert not any("service_types" in (t.get("corrects") or []) for t in d["turns"])
    corrected = next(d for d in dialogues if any("service_types" in (t.get("corrects") or []) for t in d["turns"]))
    assert corrected["turns"][0]["user"] not in {text for text, _ in openers}
    assert [ex.text for ex in intake_sets.chat_examples()] == [
        clean for clean in (intake_sets.clean_text(t) for t, _ in openers)]


def test_c_is_chosen_by_its_finished_setting() -> None:
    """C is the one whose whole threshold search scores best, not the one whose shared pair alone does (issue 27
    item 5): here C 0.01's probabilities read two texts more with the shared pair, while C 0.03's "nothing asked"
    empties ten texts the rules read wrongly, which only the finished setting sees."""
    examples = [Example(text=f"需求{i}", types=frozenset({S.rnd}), rule_types=(S.rnd,), rules_unseen=i % 2 == 0)
                for i in range(10)]
    examples += [Example(text=f"招聘{i}", types=frozenset(), rule_types=(S.rnd,), rules_unseen=i % 2 == 0)
                 for i in range(10)]
    examples += [Example(text=f"专利{i}", types=frozenset({S.ip}), rule_types=(), rules_unseen=i % 2 == 0)
                 for i in range(2)]
    rnd, ip = TYPES.index(S.rnd), TYPES.index(S.ip)
    first, finished = np.zeros((22, len(TYPES) + 1)), np.zeros((22, len(TYPES) + 1))
    first[:20, rnd] = finished[:20, rnd] = 0.5
    first[20:, ip], finished[20:, ip] = 0.9, 0.2
    finished[10:20, -1] = 0.95
    oofs = {0.01: first, 0.03: finished}
    before, now = choose(examples, oofs, c_by="first"), choose(examples, oofs)
    assert (before.c, now.c) == (0.01, 0.03) and now.score > before.score
    assert now.score == max(choose(examples, {c: oof}).score for c, oof in oofs.items())
    assert now.nothing_at <= 0.95
    with pytest.raises(ValueError, match="c_by"):
        choose(examples, {0.01: first}, c_by="best")


def test_every_real_development_set_has_the_rules_reading_of_its_first_commit() -> None:
    """What the rules read of each real set when it was committed
    (benchmarks/rules_when_unseen.py): every text of every real development set has that reading, the held-out set
    none, and a fold's left-out set (``--test-rules then``) and ``train_then`` carry it."""
    import rules_when_unseen as then
    from intake_sets import DEVELOPMENT_SETS, HELDOUT_SET, load_set

    stored = then.load_then()
    real = [n for n in DEVELOPMENT_SETS if n != "written"]
    assert set(stored) == set(real) and HELDOUT_SET not in stored
    for name in real:
        assert len(stored[name]["commit"]) == 40
        assert {it["id"] for it in load_set(name)} == set(stored[name]["read"])
    item = load_set("real7")[0]
    example = Example(text=item["text"], types=frozenset(), rule_types=(S.brand,), firm_types=(S.brand,))
    old = then.as_then(example, "real7", item["id"], stored)
    assert old.rule_types == tuple(S(t) for t in stored["real7"]["read"][item["id"]]["rules"])
    assert then.as_then(example, "written", "x", stored) is example
    with pytest.raises(SystemExit, match=r"run benchmarks/rules_when_unseen\.py"):
        then.as_then(example, "real99", "x", stored)


def test_a_fold_reads_its_left_out_set_with_the_rules_of_then_or_of_now() -> None:
    items = _items()
    for it in items:
        if it.set != "written":
            it.then = Example(text=it.example.text, types=it.example.types, rule_types=(), rules_unseen=True)
    x = NgramEmbedder().encode_query([it.example.text for it in items])
    then_fold = loso.make_fold(items, x, "real2", ("written", "real", "real2"))
    now_fold = loso.make_fold(items, x, "real2", ("written", "real", "real2"), test_rules="now")
    assert all(not ex.rule_types for ex in then_fold.test)
    assert [ex.rule_types for ex in now_fold.test] == [it.example.rule_types for it in items if it.set == "real2"]
    pool = [it for it in items if it.set in ("written", "real")]
    assert [ex.rule_types for ex in then_fold.train] == [it.example.rule_types for it in pool]
    assert [ex.rule_types for ex in then_fold.train_then] == [it.as_then.rule_types for it in pool]
