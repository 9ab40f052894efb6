"""A small learned ranker over plain features the matcher already has (issue 28, item 3).

**What it does.** The hand-set fusion (``fusion.py``, ``rank.py``: dense weight 0.6, the center aggregation, the region
and rating adjustments) ranks the candidates; with ``MatcherConfig.ranker = "learned"`` the best
``MatcherConfig.ranker_pool`` of them are put in a new order by a linear model over features each of them carries
(:data:`FEATURES`): the fused score and its gap to the best, the fusion's position, each dense member's cosine (e5,
USE) and the ensemble's, BM25 and the term coverage, the evidence, the supporting capabilities, the adjustments
(region, rating, preparing), and the need's requirements one kind at a time (product family, service types,
qualifications, region, decisive phrases: covered +1, missing −1, not asked 0), the product-family signal of the
center's name, a thin match, a match through the center's profile or card alone. The hand-set fusion stays the
fallback (no model file, a model for other features) and the baseline of every table.

**Features from what a proposal records.** Every feature is read from a match as the API returns it
(:meth:`~matcher.schemas.CenterMatch.to_json`: the ``score`` reason's parts, the coverage, the reasons) and its place
in the candidate list, so the same function scores a live candidate list, the benchmark's and a stored proposal the
coordinators decided on (the retraining, item 4).

**The model** is a pairwise logistic regression (RankNet's loss with a linear scorer): for each need, every pair of
candidates with different grades is an example ``x_better − x_worse``; ``score = w·(x − μ)/σ``. Linear, so the model
file is a list of numbers a person can read (:data:`DEFAULT_MODEL`, JSON), it scores 30 candidates in microseconds and
needs no library at run time (scikit-learn fits it; numpy scores it). Training and the out-of-fold evaluation are in
``benchmarks/train_ranker.py`` (one command); docs/matching.md §8f has the figures and why it is or is not the
default.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from matcher.explain import credit, requirements_only

DEFAULT_MODEL = Path(__file__).resolve().parent / "data" / "ranker.json"
TRAINING_DATA = Path(__file__).resolve().parent / "data" / "ranker_training.json.gz"
REQUIREMENT_KINDS = ("product_family", "service_type", "qualification", "region", "phrase")
FEATURES: tuple[str, ...] = (
    "score", "score_gap", "inv_position", "relevance", "dense", "dense_cos_gap", "member0_gap", "member1_gap",
    "lexical", "bm25_rel", "term_coverage", "evidence", "supporting", "adjustment", "region_delta", "prior_delta",
    "preparing", "covered_share", *(f"req_{k}" for k in REQUIREMENT_KINDS), "family_link", "thin", "profile_only",
)
FORMAT = 1
# The hub and rating priors (issue 28, item 3), measured as features beside :data:`FEATURES` by
# ``benchmarks/train_ranker.py`` and not adopted (docs/matching.md §8f): a center's own properties, not a
# candidate's, so they are columns the caller adds (:func:`hub_prior`, :func:`rating_priors`), not read by
# :func:`features`.
PRIOR_FEATURES: tuple[str, ...] = ("hub_prior", "rating_prior")
NEUTRAL_RATING = 0.5  # the fusion's own neutral rating (matcher.rank: a rating of 0.5 adjusts nothing)
HUB_DEPTH = 10


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _reasons(match: Any) -> list[Any]:
    return list(_get(match, "reasons", None) or [])


def _num(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and math.isfinite(float(value)) else 0.0


def _score_reason(match: Any) -> Any:
    return next((r for r in _reasons(match) if _get(r, "kind") == "score"), {})


def _members(reason: Any) -> list[float]:
    raw = _get(reason, "dense_members", None) or []
    return [_num(v) for v in raw]


def features(matches: Sequence[Any]) -> np.ndarray:
    """One row of :data:`FEATURES` per candidate, ``matches`` in the fusion's order (best first): matches as the
    matcher makes them (:class:`~matcher.schemas.CenterMatch`), as their JSON or as stored proposals."""
    if not matches:
        return np.zeros((0, len(FEATURES)), dtype=np.float64)
    reasons = [_score_reason(m) for m in matches]
    scores = [_num(_get(m, "score")) for m in matches]
    cosines = [_num(_get(r, "dense_cosine")) for r in reasons]
    members = [_members(r) for r in reasons]
    width = max((len(m) for m in members), default=0)
    member_best = [max((m[i] for m in members if len(m) > i), default=0.0) for i in range(width)]
    bm25 = [_num(_get(r, "bm25")) for r in reasons]
    best_bm25 = max(bm25) or 1.0
    rows = []
    for i, (m, r) in enumerate(zip(matches, reasons, strict=True)):
        others = _reasons(m)
        deltas = {k: sum(_num(_get(x, "delta")) for x in others if _get(x, "kind") == k) for k in ("region", "prior")}
        preparing = any(_get(x, "kind") == "rule" and _get(x, "flag") == "preparing" for x in others)
        cover = requirements_only(_get(m, "coverage", None) or [])  # a mark only wished for is no requirement
        req = {}
        for kind in REQUIREMENT_KINDS:
            items = [credit(c) for c in cover if _get(c, "kind") == kind]  # (in part: half, as in the fit)
            req[kind] = (2 * sum(items) / len(items) - 1) if items else 0.0
        mem = members[i]
        row = {
            "score": scores[i], "score_gap": scores[i] - max(scores), "inv_position": 1.0 / (i + 1),
            "relevance": _num(_get(r, "relevance")), "dense": _num(_get(r, "dense")),
            "dense_cos_gap": cosines[i] - max(cosines),
            "member0_gap": (mem[0] - member_best[0]) if len(mem) > 0 else 0.0,
            "member1_gap": (mem[1] - member_best[1]) if len(mem) > 1 else 0.0,
            "lexical": _num(_get(r, "lexical")), "bm25_rel": bm25[i] / best_bm25,
            "term_coverage": _num(_get(r, "coverage")), "evidence": _num(_get(r, "evidence")),
            "supporting": math.log1p(_num(_get(r, "supporting"))), "adjustment": _num(_get(r, "adjustment")),
            "region_delta": deltas["region"], "prior_delta": deltas["prior"], "preparing": float(preparing),
            "covered_share": (sum(credit(c) for c in cover) / len(cover)) if cover else 0.0,
            **{f"req_{k}": v for k, v in req.items()},
            "family_link": float(any(_get(x, "kind") == "product_family" for x in others)),
            "thin": float(bool(_get(r, "thin"))),
            "profile_only": float(not (_get(m, "capabilities", None) or [])),
        }
        rows.append([row[f] for f in FEATURES])
    return np.asarray(rows, dtype=np.float64)


def rating_priors(matches: Sequence[Any]) -> list[float]:
    """Each candidate's service-quality rating from evaluation in [0, 1], as its ``prior`` reason records it (the
    rating the match read, ``flows.matching.live_signals``), :data:`NEUTRAL_RATING` where it has none."""
    out = []
    for m in matches:
        rated = [_num(_get(x, "rating")) for x in _reasons(m) if _get(x, "kind") == "prior"
                 and isinstance(_get(x, "rating"), int | float)]
        out.append(rated[0] if rated else NEUTRAL_RATING)
    return out


def hub_counts(lists: Iterable[tuple[Sequence[str], Mapping[str, float]]],
               depth: int = HUB_DEPTH) -> tuple[dict[str, int], int]:
    """How often each center ranks high for a need unrelated to it: over decided candidate lists (``centers`` in the
    order shown, their grades; a center without a grade is unrelated), the count of lists where the center is among
    the first ``depth`` and graded 0, and the number of lists. A deployment has these as its decided review rounds;
    the benchmark as the training folds' labels, never those of the needs being ranked."""
    counts: dict[str, int] = {}
    n = 0
    for centers, grades in lists:
        n += 1
        for c in centers[:depth]:
            if float(grades.get(c, 0) or 0) <= 0:
                counts[c] = counts.get(c, 0) + 1
    return counts, n


def hub_prior(centers: Sequence[str], counts: Mapping[str, int], n: int) -> list[float]:
    """Each center's hub prior: the share of the counted lists where it ranked high while unrelated (0 with none)."""
    return [counts.get(c, 0) / n if n else 0.0 for c in centers]


@dataclass(frozen=True)
class RankerModel:
    """A linear scorer over standardised :data:`FEATURES`: ``w·(x − mean)/scale``, with what it was trained on and
    measured at (``meta``: free-form, recorded with the file)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    meta: Mapping[str, Any] = field(default_factory=dict)

    def usable(self) -> bool:
        """Whether it reads the features this code computes (a model for other features is not used)."""
        return self.features == FEATURES and len(self.weights) == len(FEATURES)

    def score(self, x: np.ndarray) -> np.ndarray:
        z = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        return z @ np.asarray(self.weights)

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "kind": "pairwise-logistic", "features": list(self.features),
                "mean": [round(v, 6) for v in self.mean], "scale": [round(v, 6) for v in self.scale],
                "weights": [round(v, 6) for v in self.weights], "meta": dict(self.meta)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RankerModel:
        return cls(features=tuple(data["features"]), mean=tuple(float(v) for v in data["mean"]),
                   scale=tuple(float(v) for v in data["scale"]), weights=tuple(float(v) for v in data["weights"]),
                   meta=dict(data.get("meta") or {}))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n", "utf-8")


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> RankerModel | None:
    try:
        model = RankerModel.from_json(json.loads(Path(path).read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return model if model.usable() else None


def deployment_model(home: Path) -> Path:
    """Where a deployment's own model lives (written by ``innodock match retrain`` when it beats the current one); the
    matcher reads it before the shipped file."""
    return Path(home) / "ranker" / "ranker.json"


def load_model(path: str | Path | None = None) -> RankerModel | None:
    """The model at ``path`` (default: the shipped :data:`DEFAULT_MODEL`), or None when there is none usable — the
    matcher then ranks by the hand-set fusion."""
    p = Path(path) if path else DEFAULT_MODEL
    try:
        mtime = p.stat().st_mtime
    except OSError:
        return None
    return _load(str(p), mtime)


def rerank(matches: Sequence[Any], model: RankerModel) -> list[int]:
    """The candidates' new order (indices into ``matches``, which are in the fusion's order): by the model's score,
    ties kept in the fusion's order."""
    if not matches:
        return []
    s = model.score(features(matches))
    return sorted(range(len(matches)), key=lambda i: (-round(float(s[i]), 9), i))


# --- Training (scikit-learn, imported only here) ------------------------------------------------------------------

@dataclass(frozen=True)
class Group:
    """One need's candidate list for training: feature rows in the fusion's order, each candidate's grade (0 not
    suitable, 1 suitable, 2 the best), and the need's key for grouping (a translation goes with its original)."""

    key: str
    x: np.ndarray
    grades: tuple[float, ...]


def pairs(groups: Iterable[Group], *, per_need: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairwise examples of the groups: ``x_i − x_j`` labelled 1 for every pair with grade_i > grade_j, and its
    mirror labelled 0; with each example's weight (1, or with ``per_need`` 1/its need's pairs: every need counts the
    same, however many suitable centers it has)."""
    xs, ys, ws = [], [], []
    kept = list(groups)
    for g in kept:
        grades = np.asarray(g.grades)
        found = [(i, j) for i in range(len(grades)) for j in range(len(grades)) if grades[i] > grades[j]]
        w = 1.0 / len(found) if per_need and found else 1.0
        for i, j in found:
            xs += [g.x[i] - g.x[j], g.x[j] - g.x[i]]
            ys += [1, 0]
            ws += [w, w]
    if not xs:
        width = next((g.x.shape[1] for g in kept if g.x.ndim == 2), len(FEATURES))
        return np.zeros((0, width)), np.zeros(0), np.zeros(0)
    return np.asarray(xs), np.asarray(ys), np.asarray(ws)


# The regularisation and the pairs' weighting, chosen on the tune halves (benchmarks/train_ranker.py; §8f).
C = 0.1
PER_NEED = True


def fit(groups: Sequence[Group], *, c: float | None = None, per_need: bool | None = None,
        meta: Mapping[str, Any] | None = None, names: tuple[str, ...] = FEATURES) -> RankerModel:
    """A pairwise logistic regression on the groups (features standardised over all their candidates). ``names``:
    the columns of the groups' rows (:data:`FEATURES`, or with more columns a benchmark measures, such as
    :data:`PRIOR_FEATURES`; such a model is not :meth:`~RankerModel.usable` by the matcher)."""
    c = C if c is None else c
    per_need = PER_NEED if per_need is None else per_need
    from sklearn.linear_model import LogisticRegression

    width = len(names)
    rows = np.vstack([g.x for g in groups if len(g.x)]) if groups else np.zeros((0, width))
    mean = rows.mean(axis=0) if len(rows) else np.zeros(width)
    scale = rows.std(axis=0) if len(rows) else np.ones(width)
    scale = np.where(scale > 1e-9, scale, 1.0)
    std = [Group(g.key, (g.x - mean) / scale, g.grades) for g in groups]
    x, y, w = pairs(std, per_need=per_need)
    if len(set(y.tolist())) < 2:
        weights = np.zeros(width)
        weights[names.index("score")] = 1.0  # nothing to learn from: the fusion's own order
    else:
        clf = LogisticRegression(C=c, fit_intercept=False, max_iter=2000)
        clf.fit(x, y, sample_weight=w * len(w) / w.sum())
        weights = clf.coef_[0]
    return RankerModel(features=names, mean=tuple(mean.tolist()), scale=tuple(scale.tolist()),
                       weights=tuple(float(w) for w in weights), meta=dict(meta or {}))


def order_of(group: Group, model: RankerModel | None) -> list[int]:
    """A group's order under ``model`` (None: the fusion's own order)."""
    if model is None:
        return list(range(len(group.x)))
    s = model.score(group.x) if len(group.x) else np.zeros(0)
    return sorted(range(len(group.x)), key=lambda i: (-round(float(s[i]), 9), i))


def decision_ndcg(groups: Sequence[Group], model: RankerModel | None, k: int = 10) -> float:
    """How well ``model`` orders decided candidates: mean nDCG@k (gains 2^grade − 1) over the groups with a positive
    grade, each group's candidates in the model's order (None: the fusion's); NaN over none."""
    values = []
    for g in groups:
        if not any(v > 0 for v in g.grades):
            continue
        order = order_of(g, model)
        ideal = sorted(g.grades, reverse=True)[:k]
        idcg = sum((2 ** v - 1) / math.log2(i + 2) for i, v in enumerate(ideal))
        dcg = sum((2 ** g.grades[j] - 1) / math.log2(i + 2) for i, j in enumerate(order[:k]))
        values.append(dcg / idcg if idcg else 0.0)
    return float(np.mean(values)) if values else float("nan")


HELD_SHARE = 0.3
MIN_HELD = 5


@dataclass(frozen=True)
class Refit:
    """What a refit on decisions found: the held-out decisions' figures for the current model and the candidate,
    whether the candidate is adopted, and (adopted) the model refitted on every decision."""

    decided: int
    held_out: int
    current: float | None
    candidate: float | None
    adopted: bool
    model: RankerModel | None = None


def refit(shipped: Sequence[Group], decided: Sequence[Group], current: RankerModel | None, *,
          min_held: int = MIN_HELD, held_share: float = HELD_SHARE,
          meta: Mapping[str, Any] | None = None) -> Refit:
    """The retraining rule (issue 28, item 4), on decisions in time order: the latest ``held_share`` of them (at
    least ``min_held``) held out; a candidate fitted on ``shipped`` plus the earlier ones is adopted only if it
    orders the held-out decisions better than ``current`` (:func:`decision_ndcg`); the adopted model is refitted on
    every decision. Fewer than ``2·min_held`` decisions: nothing is fitted."""
    if len(decided) < 2 * min_held:
        return Refit(decided=len(decided), held_out=0, current=None, candidate=None, adopted=False)
    held_n = max(min_held, math.ceil(held_share * len(decided)))
    train, held = list(decided[:-held_n]), list(decided[-held_n:])
    candidate = fit([*shipped, *train])
    now_score, new_score = decision_ndcg(held, current), decision_ndcg(held, candidate)
    figures = {"current": None if math.isnan(now_score) else round(now_score, 4),
               "candidate": None if math.isnan(new_score) else round(new_score, 4)}
    adopted = not math.isnan(new_score) and (math.isnan(now_score) or new_score > now_score)
    model = fit([*shipped, *decided], meta={**(meta or {}), "held_out": {"rounds": held_n, **figures}}) if adopted \
        else None
    return Refit(decided=len(decided), held_out=held_n, adopted=adopted, model=model, **figures)


def save_groups(groups: Sequence[Group], path: Path) -> None:
    """The training groups as a compact gzipped JSON (features to 4 decimals): what ships beside the model so a
    deployment refits on the shipped sets plus its own decisions (item 4) without re-matching them."""
    import gzip

    data = {"features": list(FEATURES), "groups": [{"key": g.key, "grades": list(g.grades),
                                                     "x": np.round(g.x, 4).tolist()} for g in groups]}
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))


def load_groups(path: Path | None = None) -> list[Group]:
    """The shipped training groups (:data:`TRAINING_DATA`), [] when absent or for other features."""
    import gzip

    try:
        with gzip.open(path or TRAINING_DATA, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return []
    if tuple(data.get("features") or ()) != FEATURES:
        return []
    return [Group(key=str(g["key"]), x=np.asarray(g["x"], dtype=np.float64).reshape(-1, len(FEATURES)),
                  grades=tuple(float(v) for v in g["grades"])) for g in data.get("groups") or []]


__all__ = [
    "DEFAULT_MODEL",
    "FEATURES",
    "NEUTRAL_RATING",
    "PRIOR_FEATURES",
    "TRAINING_DATA",
    "Group",
    "RankerModel",
    "Refit",
    "decision_ndcg",
    "deployment_model",
    "features",
    "fit",
    "hub_counts",
    "hub_prior",
    "load_groups",
    "load_model",
    "order_of",
    "pairs",
    "rating_priors",
    "refit",
    "rerank",
    "save_groups",
]
