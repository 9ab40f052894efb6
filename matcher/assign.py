"""Batch assignment of open needs to centers: maximise total affinity under capacities, by min-cost flow.

Network: source → each need (capacity 1) → each candidate center (capacity 1, cost −affinity) → sink (capacity =
the center's free places); every need also has a zero-affinity edge to an "unassigned" node, so a need whose
candidates are all full stays unassigned rather than making the problem infeasible. Costs are integers (affinity ×
10⁶), as network simplex needs. Pure: affinities and capacities in, assignments out.

:func:`with_coverage` gives each suggestion the coverage per requirement, fit and band of the match that proposed its
center (computed once, where every match computes them: ``matcher.rank``), so a batch suggestion explains itself as
the single match's proposal does (issue 28, item 5).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx

from matcher.schemas import Assignment, CenterMatch, MatchResult

_SCALE = 1_000_000
_UNASSIGNED = ("unassigned",)


def assign(
    affinities: Mapping[str, Mapping[str, float]],
    *,
    capacities: Mapping[str, int],
    alternates: int = 2,
) -> list[Assignment]:
    """One center (or none) per need; centers absent from ``capacities`` are unlimited."""
    needs = list(affinities)
    n = len(needs)
    g = nx.DiGraph()
    g.add_node("source", demand=-n)
    g.add_node("sink", demand=n)
    g.add_edge(_UNASSIGNED, "sink", capacity=n, weight=0)
    centers: set[str] = set()
    for need in needs:
        node = ("need", need)
        g.add_edge("source", node, capacity=1, weight=0)
        g.add_edge(node, _UNASSIGNED, capacity=1, weight=0)
        for center, score in affinities[need].items():
            if score <= 0:
                continue
            centers.add(center)
            g.add_edge(node, ("center", center), capacity=1, weight=-round(score * _SCALE))
    for center in centers:
        cap = capacities.get(center)
        g.add_edge(("center", center), "sink", capacity=n if cap is None else max(0, int(cap)), weight=0)
    flow = nx.min_cost_flow(g) if n else {}
    out = []
    for need in needs:
        chosen = None
        for target, f in flow.get(("need", need), {}).items():
            if f > 0 and target != _UNASSIGNED:
                chosen = target[1]
        ranked = sorted(affinities[need].items(), key=lambda kv: (-kv[1], kv[0]))
        alts = [c for c, s in ranked if c != chosen and s > 0][:alternates]
        out.append(Assignment(need_id=need, center_id=chosen,
                              score=round(float(affinities[need].get(chosen, 0.0)) if chosen else 0.0, 4),
                              alternates=alts))
    return out


def with_coverage(assignments: Sequence[Assignment], results: Mapping[str, MatchResult]) -> list[Assignment]:
    """Each assignment with its center's coverage per requirement, fit and band, taken from the match of its need
    (``results`` by need id) that proposed that center; an unassigned need, or a center that match did not list, is
    left without."""
    out = []
    for a in assignments:
        result = results.get(a.need_id)
        found: CenterMatch | None = None
        if result is not None and a.center_id is not None:
            found = next((m for m in result.matches if m.center_id == a.center_id), None)
        out.append(a if found is None else a.model_copy(update={
            "coverage": [c.model_copy() for c in found.coverage], "fit": found.fit, "band": found.band}))
    return out
