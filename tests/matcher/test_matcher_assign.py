"""Batch assignment: total affinity is maximised and no center gets more needs than it has places."""

from __future__ import annotations

import itertools

import pytest
from matcher_helpers import BASE_KB, NgramEmbedder, in_session, write_kb

from core.settings import Settings
from matcher import service
from matcher.assign import assign, with_coverage
from matcher.schemas import CenterMatch, MatchQuery, MatchResult, RequirementCoverage


def _brute_force(aff: dict[str, dict[str, float]], caps: dict[str, int]) -> float:
    needs = list(aff)
    options = [[None, *aff[n]] for n in needs]
    best = 0.0
    for combo in itertools.product(*options):
        used: dict[str, int] = {}
        for c in combo:
            if c is not None:
                used[c] = used.get(c, 0) + 1
        if any(used[c] > caps.get(c, len(needs)) for c in used):
            continue
        best = max(best, sum(aff[n][c] for n, c in zip(needs, combo, strict=True) if c is not None))
    return best


def test_capacity_respected_and_total_affinity_optimal() -> None:
    aff = {
        "n1": {"A": 0.9, "B": 0.8},
        "n2": {"A": 0.85, "B": 0.3},
        "n3": {"A": 0.8, "C": 0.7},
        "n4": {"A": 0.7, "B": 0.65, "C": 0.2},
    }
    caps = {"A": 1, "B": 1, "C": 1}
    out = assign(aff, capacities=caps)
    used: dict[str, int] = {}
    for a in out:
        if a.center_id:
            used[a.center_id] = used.get(a.center_id, 0) + 1
    assert all(n <= caps[c] for c, n in used.items())
    total = sum(a.score for a in out)
    assert total == pytest.approx(_brute_force(aff, caps))
    # Greedy (each need its best center) would give n1 A and leave n2 with B at 0.3; the optimum moves n1 to B.
    chosen = {a.need_id: a.center_id for a in out}
    assert chosen["n1"] == "B" and chosen["n2"] == "A"
    # A need that cannot be placed is left unassigned, with its alternates.
    unassigned = [a for a in out if a.center_id is None]
    assert len(unassigned) == 1 and unassigned[0].alternates


def test_zero_capacity_and_unlimited_centers() -> None:
    aff = {"n1": {"A": 0.9, "B": 0.1}, "n2": {"A": 0.9, "B": 0.2}, "n3": {"A": 0.9}}
    out = assign(aff, capacities={"A": 0})
    assert {a.need_id: a.center_id for a in out} == {"n1": "B", "n2": "B", "n3": None}
    out = assign(aff, capacities={})
    assert all(a.center_id == "A" for a in out)
    assert [a.alternates for a in out] == [["B"], ["B"], []]


@pytest.mark.parametrize("seed", range(5))
def test_random_instances_match_brute_force(seed: int) -> None:
    import random

    rnd = random.Random(seed)
    centers = ["A", "B", "C"]
    aff = {f"n{i}": {c: round(rnd.random(), 3) for c in rnd.sample(centers, rnd.randint(1, 3))} for i in range(5)}
    caps = {c: rnd.randint(0, 2) for c in centers}
    out = assign(aff, capacities=caps)
    used: dict[str, int] = {}
    for a in out:
        if a.center_id:
            used[a.center_id] = used.get(a.center_id, 0) + 1
    assert all(n <= caps[c] for c, n in used.items())
    assert sum(a.score for a in out) == pytest.approx(_brute_force(aff, caps), abs=1e-3)


def test_assign_batch_uses_kb_capacities_and_open_engagements(settings: Settings,
                                                             fake_embedder: NgramEmbedder) -> None:
    kb = [dict(r) for r in BASE_KB]
    kb[0]["capacity"] = 3  # c-bat: 3 places, 2 already taken
    write_kb(settings, kb)
    needs = ["动力电池热失控失效分析", "动力电池针刺过充安全检测", "电芯鼓胀失效分析"]
    out = in_session(service.assign_batch, settings, needs=needs, embedder=fake_embedder,
                               open_engagements=lambda c: 2 if c == "c-bat" else 0)
    assert sum(1 for a in out if a.center_id == "c-bat") == 1
    assert [a.need_id for a in out] == ["need-1", "need-2", "need-3"]


def test_each_suggestion_carries_the_coverage_its_need_s_match_gives(settings: Settings,
                                                                    fake_embedder: NgramEmbedder) -> None:
    """Issue 28, item 5: a batch suggestion's coverage per requirement, fit and band are those the need's own match
    computes for the suggested center (matcher.assign.with_coverage reads them off that match, nothing recomputed)."""
    write_kb(settings, [dict(r) for r in BASE_KB])
    needs = [MatchQuery(id="n1", text="动力电池热失控失效分析，需要CMA报告", qualifications=["CMA"]),
             MatchQuery(id="n2", text="电芯鼓胀失效分析")]
    out = in_session(service.assign_batch, settings, needs=needs, embedder=fake_embedder)
    single = in_session(service.match_many, settings, needs=needs, embedder=fake_embedder, top_k=5)
    assert all(a.center_id for a in out)
    for a, result in zip(out, single, strict=True):
        [match] = [m for m in result.matches if m.center_id == a.center_id]
        assert a.coverage == match.coverage
        assert (a.fit, a.band) == (match.fit, match.band) and a.fit is not None
    # The first need asks for CMA (the second, read from no structure, asks for nothing the list could show).
    assert any(r.kind == "qualification" and r.requirement == "CMA" for r in out[0].coverage)


def test_with_coverage_leaves_an_unassigned_need_and_an_unlisted_center_without() -> None:
    item = RequirementCoverage(kind="region", requirement="常州", covered=False, missing="缺少：位于常州 / missing")
    listed = CenterMatch(center_id="A", center_name="A", score=0.5, capabilities=[], reasons=[], coverage=[item],
                         fit=40, band="low")
    results = {"n1": MatchResult(matches=[listed], low_confidence=False),
               "n2": MatchResult(matches=[listed], low_confidence=False)}
    out = with_coverage(assign({"n1": {"A": 0.5}, "n2": {"B": 0.4}, "n3": {}}, capacities={}), results)
    assert [(a.center_id, a.coverage, a.fit, a.band) for a in out] == [
        ("A", [item], 40, "low"), ("B", [], None, None), (None, [], None, None)]
