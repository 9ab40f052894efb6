"""Service types read on a set never seen: leave one development real set out, train the head on the rest, read it.

Every held-out real set so far scored far below the development sets (docs/intake.md), so a development figure says
little about the next set. This benchmark estimates what a never-seen set gets: for each real set the committed head
is trained on, S (``intake_sets.TRAINING_SETS`` but the written sets), the head is trained — C and thresholds chosen
by its own cross-validation, exactly as ``train_service_head.py`` does — on a pool of sets less S (``--pool training``:
``TRAINING_SETS``, what the committed head is trained on, real10 and real11 too since 2026-11-27's evening; ``--pool
nine``: the written sets and real to real9, what it was trained on before; ``--pool first5``: the written sets and
real to real5, what it was trained on before 2026-11-27), and S is read by:
- ``rules``: the keyword rules alone;
- ``head``: the head alone (its own bar, and "nothing asked");
- ``combined``: the rules corrected by the head as :func:`intake.semantic.combine` does (the product's reading);
- ``combined_c_first``: the same with C chosen as before 2026-11-27's evening (the C whose shared pair alone scores
  best, :func:`intake.semantic_train.choose` ``c_by="first"``; now the C whose finished setting does);
- ``combined_no_late``: the same without the long-text veto and the question's reading (the combination before
  2026-11-27's afternoon);
- ``combined_no_top1``: without those and without the likeliest type when nothing is read (the combination before
  2026-11-27);
- each candidate of ``CANDIDATES`` (other ways to combine the two, each choosing its own parameters on the training
  pool's out-of-fold probabilities, never on S).
- ``combined_rules_then``: the same with the thresholds chosen on the pool as the rules read each real set when it
  was committed, and a short message's own bars searched (tried on 2026-11-27's night, not kept);
- ``learned``: a learned combination in place of the hand-set bars (:mod:`intake.semantic_stack`, 2026-11-29): a
  logistic regression over the head's probability, the rules' hit, how many types the rules read, the text's length
  and language and the head's top probability and margin, fitted on the pool (the rules' reading of each real set
  when it was committed, the head's out-of-fold probabilities) and the chat openers, never on S; ``learned_now``: the
  pool as today's rules read it; ``learned_balanced``: each group weighing the same in the fit; ``learned_by_set``:
  the pool read set by set by a head trained on its other sets (``make_fold(by_set=True)``, 15 more fits a fold),
  as S is read. Measured, not adopted (docs/intake.md "A learned combination of the rules and the head");
Per set: micro-F1 and exact-set accuracy; then the mean and the worst over the sets. The keyword rules were written
looking at every development set's errors, so today's rules are optimistic on each S: by default (``--test-rules
then``) S is read with the rules of the commit that added it (``benchmarks/rules_when_unseen.py``), which had never
seen it, as the rules will not have seen the next set; ``--test-rules now`` reads it with today's.

Each text is embedded once (``--cache FILE.npz`` keeps the vectors between runs, keyed by the text's SHA-256 and the
model), and each fold's probabilities for every C are fitted once and shared by all candidates. About 6 minutes per
pool on 2 shared cores after embedding (≈ 2 minutes for the 1 800 texts).
Never reads the held-out set (``intake_sets.HELDOUT_SET``) or any set outside ``DEVELOPMENT_SETS``. real10 and real11
are folds since they are trained on (2026-11-27, evening); in pool ``nine`` they are read by a head trained on all
nine sets, as the committed head read them before. real12–real14 are trained on since 2026-11-28 (pool ``twelve``:
the sets before; docs/intake.md "Trained on real12–real14, with the chat weighed in"). Each fold's thresholds weigh
the development dialogues' openers as a third group, as the training does (``--no-chat``: not; the reading
``combined_no_chat`` is the fold's choice without them).
real15 is trained on since 2026-11-28's afternoon (pool ``fifteen``: the sets before). real16 is a development set,
a fold of its own, since that night, and not trained on (pool ``development``: a head trained with it too).
Usage: .venv/bin/python benchmarks/intake_service_loso.py [--pool training|nine|first5|development|twelve|fifteen|both]
       [--model e5] [--no-chat]
       [--home DIR]
       [--cache /tmp/loso_vectors.npz] [--sets real7,real8] [--readings rules,head,combined] [--test-rules then|now]
       [--json benchmarks/results/intake_service_loso.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from intake_sets import (  # noqa: E402
    DEVELOPMENT_SETS,
    FIFTEEN_SETS,
    HELDOUT_SET,
    NINE_SETS,
    RULES_UNSEEN,
    TRAINING_SETS,
    TWELVE_SETS,
    WRITTEN,
    chat_examples,
    load_set,
)
from rules_when_unseen import as_then, load_then  # noqa: E402

from intake.extract import clean_text  # noqa: E402
from intake.extract.product import reads_as_english  # noqa: E402
from intake.extract.service_types import extract_service_types, firm_service_types  # noqa: E402
from intake.quality import set_metrics  # noqa: E402
from intake.semantic import TYPES, ServiceTypeHead, combine, head_only, is_question  # noqa: E402
from intake.semantic_stack import StackedCombiner  # noqa: E402
from intake.semantic_stack_train import fit_stacker, side_of  # noqa: E402
from intake.semantic_train import (  # noqa: E402
    C_GRID,
    ENGLISH_GRID,
    SHORT_GRID,
    Choice,
    Example,
    _fit,
    _targets,
    choose,
    oof_by_c,
    with_chat,
)
from kb.vocab import ServiceType  # noqa: E402

REAL_SETS = tuple(name for name in DEVELOPMENT_SETS if name != "written")


@dataclass
class Item:
    set: str
    group: str  # the written set's file stem, or the real set's name
    example: Example
    then: Example | None = None  # as the rules read it when its set was committed (None: as today's rules do)

    @property
    def as_then(self) -> Example:
        return self.then or self.example


@dataclass
class Fold:
    """One left-out set S and the training pool: out-of-fold probabilities on the pool and the pool's head's
    probabilities on S, for each C."""

    left_out: str
    train: list[Example]
    test: list[Example]
    oofs: dict[float, np.ndarray]
    tests: dict[float, np.ndarray]
    choice: Choice
    train_sets: list[str]
    train_then: list[Example]  # the pool as the rules read each real set when it was committed (``train``: today's)
    no_chat: Choice | None = None  # the choice without the chat openers' group (None: no openers given)
    # what the fold's thresholds were searched on (the pool and, when given, the chat openers as a third group)
    searched: list[Example] = field(default_factory=list)
    searched_oofs: dict[float, np.ndarray] = field(default_factory=dict)
    groups: list[list[int]] = field(default_factory=list)
    # the pool read set by set by a head trained on its other sets, at the chosen C (``make_fold(by_set=True)``)
    by_set: np.ndarray | None = None


Reading = list[list[ServiceType]]
Candidate = Callable[[Fold], Reading]


def load_items(names: Sequence[str]) -> list[Item]:
    """Each text with today's rules' reading, and with the reading of the rules of its set's first commit (a written
    set's texts: today's; benchmarks/rules_when_unseen.py wrote the others)."""
    then_read = load_then()
    out: list[Item] = []
    for name in names:
        if name == HELDOUT_SET:
            raise SystemExit(f"{name} is held out: never read here")
        if name not in DEVELOPMENT_SETS and name not in WRITTEN:
            raise SystemExit(f"{name} is not a development set: not read here")
        stems = WRITTEN if name == "written" else (name,)
        for stem in stems:
            for it in load_set(stem):
                body = clean_text(it["text"])
                rules = tuple(extract_service_types(body))
                example = Example(
                    text=body, types=frozenset(ServiceType(t) for t in it["expected"]["service_types"]),
                    rule_types=rules, rules_unseen=name in RULES_UNSEEN,
                    firm_types=tuple(firm_service_types(body)))
                out.append(Item(name, stem, example, as_then(example, name, it["id"], then_read)))
    return out


def embed_all(texts: Sequence[str], embedder: Any, cache: Path | None) -> np.ndarray:
    """Each distinct text embedded once; ``cache`` keeps the vectors between runs (keyed by model and text)."""
    keys = [hashlib.sha256(f"{embedder.model_id}\n{t}".encode()).hexdigest() for t in texts]
    stored: dict[str, np.ndarray] = {}
    if cache is not None and cache.exists():
        with np.load(cache) as data:
            stored = {k: data[k] for k in data.files}
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in stored}.items())
    if todo:
        start = time.perf_counter()
        vectors = embedder.encode_query([t for _, t in todo])
        stored.update({k: np.asarray(v, dtype=np.float64) for (k, _), v in zip(todo, vectors, strict=True)})
        print(f"embedded {len(todo)} texts in {time.perf_counter() - start:.0f} s", flush=True)
        if cache is not None:
            np.savez(cache, **stored)
    return np.stack([stored[k] for k in keys])


def make_fold(items: list[Item], x: np.ndarray, left_out: str, pool: Sequence[str], *,
              test_rules: str = "then", chat: Sequence[Example] = (), chat_x: np.ndarray | None = None,
              by_set: bool = False) -> Fold:
    """The pool (``train``) as today's rules read it, as the training does (``train_then``: as the rules read each real
    set when it was committed); ``test_rules``: the left-out set read with the rules of its first commit (``then``:
    what the rules do on a set they have not seen) or with today's (``now``: rules written from its errors too);
    ``chat``: the development dialogues' openers, weighed in the thresholds' choice as the training does
    (:func:`intake.semantic_train.with_chat`); ``by_set``: the pool also read set by set (:func:`read_by_set`), for
    the learned combination's ``learned_by_set``."""
    train = [i for i, it in enumerate(items) if it.set in pool and it.set != left_out]
    test = [i for i, it in enumerate(items) if it.set == left_out]
    ex_train = [items[i].example for i in train]
    y = _targets(ex_train)
    oofs = oof_by_c(x[train], y)
    tests: dict[float, np.ndarray] = {}
    for c in C_GRID:
        w, b = _fit(x[train], y, c)
        tests[c] = ServiceTypeHead("fold", w, b).proba(x[test])
    tested = [items[i].as_then if test_rules == "then" else items[i].example for i in test]
    searched, searched_oofs, groups = with_chat(ex_train, x[train], oofs, chat, chat_x)
    choice = choose(searched, searched_oofs, groups=groups)
    train_sets = [items[i].set for i in train]
    return Fold(left_out, ex_train, tested, oofs, tests, choice, train_sets, [items[i].as_then for i in train],
                choose(ex_train, oofs) if chat else None, searched, dict(searched_oofs), groups,
                read_by_set(x[train], y, train_sets, choice.c) if by_set else None)


def read_by_set(x: np.ndarray, y: np.ndarray, sets: Sequence[str], c: float) -> np.ndarray:
    """Each set of the pool read by a head trained at ``c`` on the pool's other sets (the written sets one set): what
    the head gives a set it never saw, as the left-out set gets it, where the pool's out-of-fold reading (random folds)
    had the set's own texts in training."""
    out = np.zeros(y.shape, dtype=np.float64)
    for name in sorted(set(sets)):
        inside = np.array([s == name for s in sets])
        w, b = _fit(x[~inside], y[~inside], c)
        out[inside] = ServiceTypeHead("by_set", w, b).proba(x[inside])
    return out


# --- the readings compared -------------------------------------------------------------------------------------------

def read_rules(fold: Fold) -> Reading:
    return [list(ex.rule_types) for ex in fold.test]


def read_head(fold: Fold) -> Reading:
    ch = fold.choice
    p = fold.tests[ch.c]
    return [[] if p[i, -1] >= ch.nothing_at else head_only(p[i, : len(TYPES)], add=ch.alone)
            for i in range(len(fold.test))]


def _firm(ex: Example) -> list[ServiceType]:
    return [st for st in ex.firm_types if st in ex.rule_types]


def _read_with(fold: Fold, ch: Choice, *, top1: bool = True, late: bool = True) -> Reading:
    """``late`` False: without the long-text veto and the question's reading (the combination before
    2026-11-27's afternoon)."""
    p = fold.tests[ch.c]
    return [combine(ex.rule_types, p[i, : len(TYPES)], add=ch.add, veto=ch.veto, own=ch.own,
                    nothing=float(p[i, -1]), nothing_at=ch.nothing_at, firm=_firm(ex),
                    top1_at=ch.top1_at if top1 else 1.01, top1_min=ch.top1_min, length=len(ex.text),
                    long_veto={st: (n, v) for st, n, v in ch.long_veto} if late else None,
                    question=is_question(ex.text), question_at=ch.question_at if late else 1.01,
                    question_keep=ch.question_keep, short=ch.short if late else None, beside=ch.beside,
                    english=ch.english, in_english=reads_as_english(ex.text))
            for i, ex in enumerate(fold.test)]


def read_combined(fold: Fold) -> Reading:
    """The product's reading: the rules corrected by the head, with every threshold the training chooses."""
    return _read_with(fold, fold.choice)


def read_combined_no_chat(fold: Fold) -> Reading:
    """The thresholds chosen without the chat openers' group (the training before 2026-11-28)."""
    return _read_with(fold, fold.no_chat or fold.choice)


def read_combined_c_first(fold: Fold) -> Reading:
    """The product's reading with C chosen by its shared pair alone (before 2026-11-27's evening)."""
    return _read_with(fold, choose(fold.train, fold.oofs, c_by="first"))


def read_combined_no_top1(fold: Fold) -> Reading:
    """The combination before 2026-11-27: no likeliest type when nothing is read."""
    return _read_with(fold, fold.choice, top1=False, late=False)


def read_combined_no_late(fold: Fold) -> Reading:
    """The combination before 2026-11-27's afternoon: with the likeliest type, without the long-text veto and the
    question's reading. The other thresholds are the fold's own choice, made before those two steps are searched,
    so this is exactly the reading of a head trained without them."""
    return _read_with(fold, fold.choice, late=False)


def _set_groups(fold: Fold) -> list[list[int]]:
    """One group per training set (the written sets one group): each set weighs the same in the objective."""
    names = sorted(set(fold.train_sets))
    return [[i for i, s in enumerate(fold.train_sets) if s == name] for name in names]


def read_per_set(fold: Fold) -> Reading:
    """Thresholds chosen on the mean micro-F1 over the training sets, each set one group (not real vs written)."""
    return _read_with(fold, choose(fold.train, fold.oofs, groups=_set_groups(fold)))


def read_shared_pair(fold: Fold) -> Reading:
    """Every type shares one add/veto pair (no type's own pair)."""
    return _read_with(fold, choose(fold.train, fold.oofs, own_types=False))


def read_union_alone(fold: Fold) -> Reading:
    """The product's reading, plus every type the head alone reads (at its own bar)."""
    ch = fold.choice
    p = fold.tests[ch.c]
    out = []
    for i, got in enumerate(read_combined(fold)):
        if p[i, -1] >= ch.nothing_at and not _firm(fold.test[i]):
            out.append(got)
            continue
        extra = head_only(p[i, : len(TYPES)], add=ch.alone)
        out.append([st for st in TYPES if st in set(got) | set(extra)])
    return out


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(p / (1 - p)))


def _stack_features(examples: Sequence[Example], proba: np.ndarray) -> np.ndarray:
    """One row per (text, type): the head's logit, the rules' hit, the firm hit, hit × logit, "nothing asked"'s
    logit, and the type as one-hot (its own intercept)."""
    n, k = len(examples), len(TYPES)
    lg = _logit(proba[:, :k])
    rule = np.array([[st in ex.rule_types for st in TYPES] for ex in examples], dtype=np.float64)
    firm = np.array([[st in _firm(ex) for st in TYPES] for ex in examples], dtype=np.float64)
    nothing = np.repeat(_logit(proba[:, k])[:, None], k, axis=1)
    onehot = np.tile(np.eye(k), (n, 1))
    cols = [lg.ravel(), rule.ravel(), firm.ravel(), (rule * lg).ravel(), nothing.ravel()]
    return np.column_stack([*cols, onehot])


def read_stacked(fold: Fold) -> Reading:
    """A second-level regression learns how the rules and the head combine (on the pool's out-of-fold reading)."""
    from sklearn.linear_model import LogisticRegression

    c = fold.choice.c
    y = _targets(fold.train)[:, : len(TYPES)].ravel()
    model = LogisticRegression(C=1.0, max_iter=2000).fit(_stack_features(fold.train, fold.oofs[c]), y)
    p_train = model.predict_proba(_stack_features(fold.train, fold.oofs[c]))[:, 1].reshape(len(fold.train), -1)
    p_test = model.predict_proba(_stack_features(fold.test, fold.tests[c]))[:, 1].reshape(len(fold.test), -1)
    groups = _set_groups(fold)

    def reading(p: np.ndarray, bar: float) -> Reading:
        return [head_only(p[i], add=bar) for i in range(p.shape[0])]

    def objective(got: Reading) -> float:
        return float(np.mean([set_metrics([(got[i], fold.train[i].types) for i in g])["micro_f1"] for g in groups]))

    bar = max((0.3, 0.4, 0.5, 0.6), key=lambda b: objective(reading(p_train, b)))
    return reading(p_test, bar)


def fit_learned(fold: Fold, *, rules: str = "then", balance: bool = False, by_set: bool = False) -> StackedCombiner:
    """The learned combination (:mod:`intake.semantic_stack`) fitted on the pool and the chat openers as the fold's
    thresholds were searched (``fold.searched``: the pool read by its head out of fold, the openers by the pool's
    head), never on the left-out set; ``rules``: the pool as the rules read each real set when it was committed
    (``then``: they had not seen it, as they will not have seen the next set) or as today's rules read it (``now``:
    written from the pool's errors); ``balance``: each group weighs the same in the fit; ``by_set``: the pool as the
    head reads each of its sets never seen (:func:`read_by_set`) in place of its out-of-fold reading."""
    pool = fold.train_then if rules == "then" else fold.train
    searched = [*pool, *fold.searched[len(fold.train):]]
    proba = fold.searched_oofs[fold.choice.c]
    if by_set:
        if fold.by_set is None:
            raise ValueError("the fold was made without by_set")
        proba = np.vstack([fold.by_set, proba[len(fold.train):]])
    return fit_stacker(searched, proba, fold.groups, "fold", balance=balance)


def read_learned(fold: Fold, *, rules: str = "then", balance: bool = False, by_set: bool = False) -> Reading:
    """The left-out set read by the learned combination fitted on the pool (:func:`fit_learned`), over the
    probabilities of the pool's head at the fold's C."""
    stacker = fit_learned(fold, rules=rules, balance=balance, by_set=by_set)
    p = fold.tests[fold.choice.c]
    print(f"    {fold.left_out}: learned ({rules}{', balanced' if balance else ''}{', by set' if by_set else ''}) "
          f"C={stacker.meta['C']}, "
          f"bar {stacker.bar}, likeliest at {stacker.top1_at}", flush=True)
    return stacker.read_many(p[:, : len(TYPES)], p[:, len(TYPES)], [side_of(ex) for ex in fold.test])


def read_combined_rules_then(fold: Fold) -> Reading:
    """Thresholds chosen on the pool as the rules read each real set when it was committed (today's rules were written
    from those sets' errors, so they teach the combination to trust them more than text they never saw bears), with a
    short message's own bars searched: tried on 2026-11-27's night, not kept (docs/intake.md "Rules as they were")."""
    return _read_with(fold, choose(fold.train_then, fold.oofs, short_grid=SHORT_GRID))


def read_english(fold: Fold) -> Reading:
    """The product's choice with an English text's own bars searched too (:data:`ENGLISH_GRID`): the rules read
    English little, and the head alone read every English set it had not seen better than both together."""
    choice = choose(fold.searched, fold.searched_oofs, groups=fold.groups, english_grid=ENGLISH_GRID)
    print(f"    {fold.left_out}: an English text's bars {choice.english} (C={choice.c:g})", flush=True)
    return _read_with(fold, choice)


def read_english_then(fold: Fold) -> Reading:
    """:func:`read_english` with the bars chosen on the pool as the rules read each real set when it was committed:
    today's rules were written from the pool's errors, English ones too, so on the pool they read English better than
    they read a set they never saw, and the search finds no reason to doubt them there."""
    searched = [*fold.train_then, *fold.searched[len(fold.train):]]
    choice = choose(searched, fold.searched_oofs, groups=fold.groups, english_grid=ENGLISH_GRID)
    print(f"    {fold.left_out}: an English text's bars, the rules as then {choice.english} (C={choice.c:g})",
          flush=True)
    return _read_with(fold, choice)


def read_english_alone(fold: Fold) -> Reading:
    """Not searched: an English text read as the head alone reads it (its own bar; only firm rule hits kept), every
    other text as the product reads it. What the leave-one-set-out pattern suggests, taken whole."""
    return _read_with(fold, replace(fold.choice, english=(1.01, fold.choice.alone)))


def _fixed_c(c: float) -> Candidate:
    def read(fold: Fold) -> Reading:
        return _read_with(fold, choose(fold.train, {c: fold.oofs[c]}))
    read.__doc__ = f"The product's choice with C fixed at {c:g}."
    return read


BASELINES: dict[str, Candidate] = {"rules": read_rules, "head": read_head, "combined": read_combined,
                                    "combined_no_chat": read_combined_no_chat,
                                    "combined_rules_then": read_combined_rules_then,
                                    "combined_c_first": read_combined_c_first,
                                    "combined_no_late": read_combined_no_late,
                                    "combined_no_top1": read_combined_no_top1}
CANDIDATES: dict[str, Candidate] = {
    "per_set": read_per_set, "shared_pair": read_shared_pair, "union_alone": read_union_alone,
    "stacked": read_stacked, "english": read_english, "english_then": read_english_then,
    "english_alone": read_english_alone,
    "learned": read_learned, "learned_now": lambda fold: read_learned(fold, rules="now"),
    "learned_balanced": lambda fold: read_learned(fold, balance=True),
    "learned_by_set": lambda fold: read_learned(fold, by_set=True),
    **{f"C={c:g}": _fixed_c(c) for c in C_GRID}}
# What the committed head was trained on until 2026-11-27 (the "before" of docs/intake.md "Leave one set out").
FIRST_FIVE = ("written", "real", "real2", "real3", "real4", "real5")
# "nine": the written sets and real to real9, what it was trained on until 2026-11-27's evening (real10 and real11,
# then development sets it was not trained on, are read by a head trained on all nine).
# "development": every development set, real12–real14 too (development sets never trained on until 2026-11-28: does a
# head trained on them read a set it never saw better?).
# "twelve": the committed head's sets from 2026-11-27's evening to 2026-11-28 (real12–real14 not yet trained on).
# "fifteen": the committed head's sets on 2026-11-28 until real15 joined them (docs/intake.md "real15 as development
# data, and real16 read once").
POOLS = {"training": TRAINING_SETS, "nine": NINE_SETS, "first5": FIRST_FIVE, "development": DEVELOPMENT_SETS,
         "twelve": TWELVE_SETS, "fifteen": FIFTEEN_SETS}


def score(got: Reading, want: Sequence[frozenset[ServiceType]]) -> dict[str, float]:
    m = set_metrics(zip(got, want, strict=True))
    return {"micro_f1": round(m["micro_f1"], 4), "exact": round(m["exact"], 4), "n": int(m["n"])}


def run_pool(items: list[Item], x: np.ndarray, pool: Sequence[str], sets: Sequence[str],
             readers: dict[str, Candidate], folds: dict[str, Fold] | None = None, *,
             test_rules: str = "then", chat: Sequence[Example] = (),
             chat_x: np.ndarray | None = None) -> dict[str, Any]:
    """Each set of ``sets`` left out in turn (``folds``: folds already fitted, by left-out set)."""
    per_set: dict[str, dict[str, Any]] = {}
    for name in sets:
        start = time.perf_counter()
        fold = folds[name] if folds is not None else make_fold(items, x, name, pool, test_rules=test_rules,
                                                               chat=chat, chat_x=chat_x,
                                                               by_set="learned_by_set" in readers)
        want = [ex.types for ex in fold.test]
        per_set[name] = {r: score(read(fold), want) for r, read in readers.items()}
        per_set[name]["_choice"] = {"C": fold.choice.c, "add": fold.choice.add, "veto": fold.choice.veto,
                                    "own": {st.value: list(v) for st, v in fold.choice.own.items()},
                                    "nothing_at": fold.choice.nothing_at, "alone": fold.choice.alone,
                                    "top1_at": fold.choice.top1_at, "top1_min": fold.choice.top1_min,
                                    "long_veto": [[st.value, n, v] for st, n, v in fold.choice.long_veto],
                                    "question": [fold.choice.question_at, fold.choice.question_keep],
                                    "short": list(fold.choice.short or []), "beside": fold.choice.beside}
        print(f"  {name}: {len(fold.train)} training texts, {len(fold.test)} read, "
              f"{time.perf_counter() - start:.0f} s", flush=True)
    summary = {r: {"mean_micro_f1": round(float(np.mean([per_set[s][r]["micro_f1"] for s in sets])), 4),
                   "mean_exact": round(float(np.mean([per_set[s][r]["exact"] for s in sets])), 4),
                   "worst_micro_f1": round(min(per_set[s][r]["micro_f1"] for s in sets), 4),
                   "worst_exact": round(min(per_set[s][r]["exact"] for s in sets), 4)} for r in readers}
    return {"pool": list(pool), "sets": per_set, "summary": summary}


def print_pool(name: str, result: dict[str, Any], readers: Sequence[str]) -> None:
    sets = list(result["sets"])
    print(f"\npool {name} ({', '.join(result['pool'])} less the set read): micro-F1 / exact set")
    print(f"{'reading':22s}" + "".join(f"{s:>14s}" for s in sets) + f"{'mean':>14s}{'worst':>14s}")
    for r in readers:
        cells = "".join(f"{result['sets'][s][r]['micro_f1']:7.3f}/{result['sets'][s][r]['exact']:.3f}" .rjust(14)
                        for s in sets)
        sm = result["summary"][r]
        print(f"{r:22s}{cells}{sm['mean_micro_f1']:8.3f}/{sm['mean_exact']:.3f}"
              f"{sm['worst_micro_f1']:8.3f}/{sm['worst_exact']:.3f}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", choices=("training", "nine", "first5", "development", "twelve", "fifteen", "both"),
                        default="both",
                        help="train each fold on TRAINING_SETS (the committed head's sets), on the written sets and "
                             "real to real9 (the head before 2026-11-27's evening) or on the first five real sets and "
                             "the written ones (before 2026-11-27), less the set read; both: training and nine")
    parser.add_argument("--readings", default="",
                        help="comma-separated readings to run (default: every baseline and candidate)")
    parser.add_argument("--model", default="e5")
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=None, help="an .npz keeping the texts' vectors between runs")
    parser.add_argument("--sets", default=",".join(REAL_SETS), help="the real development sets to leave out in turn")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--no-chat", action="store_true",
                        help="choose each fold's thresholds without the development dialogues' openers (as before "
                             "2026-11-28)")
    parser.add_argument("--test-rules", choices=("now", "then"), default="then",
                        help="read the left-out set with today's rules or with those of its first commit (then: the "
                             "rules on a set they have not seen; tests/intake/data/rules_when_unseen.json)")
    args = parser.parse_args(argv)
    sets = [s for s in args.sets.split(",") if s]
    if set(sets) - set(REAL_SETS):
        parser.error(f"only real development sets may be left out: {', '.join(REAL_SETS)}")
    from core.settings import Settings
    from matcher.embedding.models import load_embedder

    embedder = load_embedder(args.model, home=args.home or Settings().home)
    items = load_items(DEVELOPMENT_SETS)
    x = embed_all([it.example.text for it in items], embedder, args.cache)
    chat = [] if args.no_chat else chat_examples()
    chat_x = embed_all([ex.text for ex in chat], embedder, args.cache) if chat else None
    readers = {**BASELINES, **CANDIDATES}
    if args.readings:
        unknown = set(args.readings.split(",")) - set(readers)
        if unknown:
            parser.error(f"unknown readings: {', '.join(sorted(unknown))}")
        readers = {r: read for r, read in readers.items() if r in args.readings.split(",")}
    report: dict[str, Any] = {"model": embedder.model_id, "test_rules": args.test_rules, "chat_openers": len(chat),
                              "pools": {}}
    for name in (("training", "nine") if args.pool == "both" else (args.pool,)):
        print(f"pool {name}", flush=True)
        report["pools"][name] = run_pool(items, x, POOLS[name], sets, readers, test_rules=args.test_rules,
                                         chat=chat, chat_x=chat_x)
        print_pool(name, report["pools"][name], list(readers))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
