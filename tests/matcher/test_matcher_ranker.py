"""The learned ranker (issue 28, item 3; matcher.ranker): features read from a match as the API returns it, the
pairwise fit on tiny hand-made groups, the file's round trip and its fallbacks, and rank_centers re-ordering the
fusion's pool with a model, pure (no embedding model, no training over a data set)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from kb.schemas import CapabilityRecord, CenterRecord
from matcher import ranker
from matcher.fusion import CapScore
from matcher.rank import rank_centers
from matcher.schemas import MatcherConfig, MatchQuery, Region


def _match(cid: str, score: float, *, covered: int = 0, total: int = 0, members: list[float] | None = None,
           caps: bool = True, **score_parts: Any) -> dict[str, Any]:
    reason = {"kind": "score", "text": "…", "relevance": score, "dense_cosine": 0.9, "dense": 0.5, "lexical": 0.3,
              "bm25": 4.0, "coverage": 0.5, "evidence": 0.4, "adjustment": 0.0, "supporting": 2,
              **({"dense_members": members} if members else {}), **score_parts}
    cover = [{"kind": "service_type", "requirement": f"r{i}", "covered": i < covered} for i in range(total)]
    return {"center_id": cid, "center_name": cid, "score": score, "reasons": [reason], "coverage": cover,
            "capabilities": [{"capability_id": "k", "title": "t", "score": score}] if caps else []}


def test_features_read_a_match_as_the_api_returns_it_and_its_place_in_the_list() -> None:
    rows = ranker.features([_match("a", 0.8, covered=2, total=2, members=[0.9, 0.6]),
                            _match("b", 0.6, covered=0, total=2, members=[0.85, 0.7], caps=False, thin=True)])
    f = {name: rows[:, i] for i, name in enumerate(ranker.FEATURES)}
    assert rows.shape == (2, len(ranker.FEATURES))
    assert f["score_gap"].tolist() == [0.0, -0.2 + 0.0] or np.allclose(f["score_gap"], [0.0, -0.2])
    assert np.allclose(f["inv_position"], [1.0, 0.5])
    assert np.allclose(f["member0_gap"], [0.0, -0.05]) and np.allclose(f["member1_gap"], [-0.1, 0.0])
    assert f["covered_share"].tolist() == [1.0, 0.0] and f["req_service_type"].tolist() == [1.0, -1.0]
    assert f["req_region"].tolist() == [0.0, 0.0]  # not asked
    assert f["thin"].tolist() == [0.0, 1.0] and f["profile_only"].tolist() == [0.0, 1.0]
    assert ranker.features([]).shape == (0, len(ranker.FEATURES))


def _group(key: str, covered: list[int], grades: list[float]) -> ranker.Group:
    matches = [_match(f"c{i}", 0.9 - 0.1 * i, covered=c, total=2) for i, c in enumerate(covered)]
    return ranker.Group(key=key, x=ranker.features(matches), grades=tuple(grades))


def test_the_pairwise_fit_learns_what_separates_the_suitable_from_the_rest() -> None:
    # In every need the suitable center is the one covering both requirements, whatever the fusion's order.
    groups = [_group("n1", [0, 2, 0], [0, 2, 0]), _group("n2", [0, 0, 2], [0, 0, 1]),
              _group("n3", [2, 0, 0], [1, 0, 0]), _group("n4", [0, 2, 1], [0, 2, 0])]
    model = ranker.fit(groups, meta={"note": "tiny"})
    assert model.weights[ranker.FEATURES.index("covered_share")] > 0
    held = _group("n5", [0, 0, 0, 2], [0, 0, 0, 2])
    assert ranker.order_of(held, model)[0] == 3
    assert ranker.order_of(held, None) == [0, 1, 2, 3]  # no model: the fusion's order
    x, y, _ = ranker.pairs([_group("one", [0, 2], [0, 1])])
    assert x.shape == (2, len(ranker.FEATURES)) and y.tolist() == [1, 0]
    # Nothing to learn from (no need with two grades): the fusion's order.
    flat = ranker.fit([_group("z", [0, 1], [0, 0])])
    assert ranker.order_of(_group("z2", [2, 0], [0, 0]), flat) == [0, 1]


def test_the_model_file_round_trips_and_an_unusable_one_is_not_used(tmp_path: Path) -> None:
    model = ranker.fit([_group("n1", [0, 2], [0, 1]), _group("n2", [2, 0], [1, 0])], meta={"adopted": False})
    path = tmp_path / "r.json"
    model.save(path)
    back = ranker.load_model(path)
    assert back is not None and back.meta == {"adopted": False}
    assert np.allclose(back.weights, model.weights, atol=1e-5)
    data = json.loads(path.read_text("utf-8"))
    other = tmp_path / "other.json"
    other.write_text(json.dumps({**data, "features": ["something", "else"]}), "utf-8")
    assert ranker.load_model(other) is None
    assert ranker.load_model(tmp_path / "missing.json") is None
    (tmp_path / "bad.json").write_text("{", "utf-8")
    assert ranker.load_model(tmp_path / "bad.json") is None


def test_the_shipped_model_loads_and_reads_this_codes_features() -> None:
    model = ranker.load_model()
    assert model is not None and model.usable() and "adopted" in model.meta


def _center(cid: str, name: str, region: str) -> CenterRecord:
    return CenterRecord(id=cid, name=name, kind="quality_inspection_center", region=region)


def _two_centers(full_title: str, near: float, full: float, full_dense: float) -> dict[str, Any]:
    """rank_centers' arguments for a need in 常州 and two battery centers: "near" (in Guangdong, the higher fused
    score ``near``) and "full" (in Changzhou, covering the region too)."""
    centers = [_center("near", "某电池检测平台", "广东省佛山市"),
               _center("full", "江苏省动力电池检验中心", "江苏省常州市")]
    testing = ["inspection_testing"]
    caps = [CapabilityRecord(id="k-near", center_id="near", title="动力电池热失控检测", service_types=testing),
            CapabilityRecord(id="k-full", center_id="full", title=full_title, service_types=testing)]
    fused = {"k-near": CapScore(cap_id="k-near", fused=near, dense=0.9, dense_norm=near, lexical=near, coverage=near),
             "k-full": CapScore(cap_id="k-full", fused=full, dense=full_dense, dense_norm=full, lexical=full,
                                coverage=full)}
    query = MatchQuery(text="动力电池热失控试验", product="动力电池", service_types=["inspection_testing"],
                       region=Region(province="江苏省", city="常州市"))
    return {"fused": fused, "capabilities": {c.id: c for c in caps}, "centers": {c.id: c for c in centers},
            "query": query}


def test_rank_centers_puts_the_fusions_pool_in_the_models_order(tmp_path: Path) -> None:
    kw = {**_two_centers("热失控试验", near=0.7, full=0.4, full_dense=0.88),
          "dense_members": {"k-near": [0.91, 0.5], "k-full": [0.87, 0.6]}}
    fusion = rank_centers(config=MatcherConfig(), **kw)
    assert [m.center_id for m in fusion.matches] == ["near", "full"]
    score = next(r for r in fusion.matches[0].reasons if r.kind == "score")
    assert getattr(score, "dense_members", None) == [0.91, 0.5]
    weights = [0.0] * len(ranker.FEATURES)
    weights[ranker.FEATURES.index("covered_share")] = 1.0
    model = ranker.RankerModel(features=ranker.FEATURES, mean=(0.0,) * len(weights), scale=(1.0,) * len(weights),
                               weights=tuple(weights))
    model.save(tmp_path / "m.json")
    learned = rank_centers(config=MatcherConfig(ranker="learned", ranker_model=str(tmp_path / "m.json")), top_k=1,
                           **kw)
    assert [m.center_id for m in learned.matches] == ["full"]  # from the pool, not the fusion's top 1
    assert learned.matches[0].score == next(m.score for m in fusion.matches if m.center_id == "full")
    assert learned.low_confidence == fusion.low_confidence
    # No usable model: the hand-set fusion, as if the setting were off.
    missing = rank_centers(config=MatcherConfig(ranker="learned", ranker_model=str(tmp_path / "none.json")), **kw)
    assert [m.center_id for m in missing.matches] == ["near", "full"]


def test_the_fit_order_puts_the_pool_in_the_order_of_the_fit_people_are_shown() -> None:
    """``ranker="fit"`` (measured, not the default: docs/matching.md §8f) orders the fusion's pool by the 0–100 fit
    shown beside each proposal, so the list and its figures agree; the fusion's order breaks ties."""
    kw = _two_centers("动力电池热失控试验", near=0.7, full=0.6, full_dense=0.9)
    fusion = rank_centers(config=MatcherConfig(), **kw)
    assert [m.center_id for m in fusion.matches] == ["near", "full"]
    fits = {m.center_id: m.fit or 0 for m in fusion.matches}
    assert fits["full"] > fits["near"]  # the region is covered by "full" only
    by_fit = rank_centers(config=MatcherConfig(ranker="fit"), **kw)
    assert [m.center_id for m in by_fit.matches] == ["full", "near"]
    assert [m.fit for m in by_fit.matches] == sorted((m.fit for m in by_fit.matches), reverse=True)
    one = rank_centers(config=MatcherConfig(ranker="fit"), top_k=1, **kw)
    assert [m.center_id for m in one.matches] == ["full"]  # from the pool, not the fusion's top 1


def test_the_hub_prior_counts_high_places_on_unrelated_needs_only() -> None:
    """Issue 28, item 3: a center's hub prior is the share of decided lists where it stood in the first ten while
    unrelated to the need (graded 0 or not graded); a suitable center's high places do not count, nor low ones."""
    lists = [(["hub", "a", "b"], {"a": 2}),            # hub high and unrelated; a suitable
             (["hub", "b", "a"], {"hub": 1}),          # hub suitable here: not counted
             ([*(f"x{i}" for i in range(10)), "hub"], {})]  # hub eleventh: not high
    counts, n = ranker.hub_counts(lists)
    assert n == 3 and counts["hub"] == 1 and counts["b"] == 2
    assert counts["a"] == 1  # unrelated in the second list (ungraded there), suitable in the first
    assert ranker.hub_prior(["hub", "b", "new"], counts, n) == [1 / 3, 2 / 3, 0.0]
    assert ranker.hub_prior(["hub"], {}, 0) == [0.0]


def test_the_rating_prior_reads_the_match_s_rating_and_is_neutral_without_one() -> None:
    rated = _match("a", 0.5)
    rated["reasons"].append({"kind": "prior", "text": "服务质量评价 0.80", "rating": 0.8, "delta": 0.015})
    assert ranker.rating_priors([rated, _match("b", 0.4)]) == [0.8, ranker.NEUTRAL_RATING]


def test_a_model_over_more_columns_fits_and_orders_but_is_not_the_matcher_s() -> None:
    names = (*ranker.FEATURES, *ranker.PRIOR_FEATURES)
    groups = []
    for k in range(6):
        x = ranker.features([_match("a", 0.6), _match("b", 0.5)])
        # The first candidate is a hub (prior 0.9) and unsuitable; the second suitable: the hub prior separates them.
        extra = np.asarray([[0.9, 0.5], [0.0, 0.5]])
        groups.append(ranker.Group(f"n{k}", np.hstack([x, extra]), (0.0, 2.0)))
    model = ranker.fit(groups, names=names)
    assert model.features == names and len(model.weights) == len(names) and not model.usable()
    assert model.weights[names.index("hub_prior")] < 0
    assert ranker.order_of(groups[0], model) == [1, 0]
