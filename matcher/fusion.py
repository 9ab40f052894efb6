"""Fusing the dense and lexical rankings of capabilities: pure functions over plain numbers.

Two methods (``MatcherConfig.fusion``):
- ``weighted``: a weighted sum of absolute evidence — the e5 cosine rescaled from [floor, ceiling] to [0, 1] and the
  lexical part (idf-weighted query-term coverage, mixed with BM25 relative to the best BM25 hit). Scores keep their
  meaning across queries, so a weak best match looks weak (what ``low_confidence`` needs).
- ``rrf``: reciprocal-rank fusion, Σ 1/(k + rank), scaled to [0, 1] by its maximum 2/(k + 1). Rank-only: robust to
  score scales, but a query with no good answer still gets a top score near 1.
The default is chosen on the development set; docs/matching.md says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass
class CapScore:
    cap_id: str
    dense: float = 0.0  # raw cosine
    dense_norm: float = 0.0  # rescaled to [0, 1]
    bm25: float = 0.0
    coverage: float = 0.0  # idf-weighted share of query terms, [0, 1]
    lexical: float = 0.0  # [0, 1]
    dense_rank: int | None = None
    lexical_rank: int | None = None
    fused: float = 0.0


def rescale(x: float, lo: float, hi: float) -> float:
    if hi <= lo:
        return 0.0
    return min(1.0, max(0.0, (x - lo) / (hi - lo)))


def lexical_part(coverage: float, bm25: float, best_bm25: float) -> float:
    rel = bm25 / best_bm25 if best_bm25 > 0 else 0.0
    return min(1.0, max(0.0, 0.5 * coverage + 0.5 * coverage * rel + 0.0))


def fuse(
    *,
    dense: Mapping[str, float],
    dense_rank: Sequence[str],
    bm25: Mapping[str, float],
    lexical_rank: Sequence[str],
    coverage: Mapping[str, float],
    method: str,
    dense_weight: float,
    dense_floor: float,
    dense_ceiling: float,
    rrf_k: int = 60,
    dense_rank_score: Mapping[str, float] | None = None,
) -> dict[str, CapScore]:
    """Fused capability scores in [0, 1] for every capability either retriever returned.

    ``dense_rank_score`` (in [0, 1], e.g. from matcher.calibrate) replaces the rescaled cosine in the *ranking* score
    only; ``dense_norm``, which ``evidence`` and so ``low_confidence`` read, stays the absolute rescaled cosine."""
    d_rank = {c: i + 1 for i, c in enumerate(dense_rank)}
    l_rank = {c: i + 1 for i, c in enumerate(lexical_rank)}
    best_bm25 = max(bm25.values(), default=0.0)
    out: dict[str, CapScore] = {}
    for cid in dict.fromkeys([*dense_rank, *lexical_rank]):
        s = CapScore(cap_id=cid, dense=float(dense.get(cid, 0.0)), bm25=float(bm25.get(cid, 0.0)),
                     coverage=float(coverage.get(cid, 0.0)), dense_rank=d_rank.get(cid), lexical_rank=l_rank.get(cid))
        s.dense_norm = rescale(s.dense, dense_floor, dense_ceiling)
        s.lexical = lexical_part(s.coverage, s.bm25, best_bm25)
        if method == "rrf":
            r = 0.0
            if s.dense_rank:
                r += 1.0 / (rrf_k + s.dense_rank)
            if s.lexical_rank:
                r += 1.0 / (rrf_k + s.lexical_rank)
            s.fused = r / (2.0 / (rrf_k + 1))
        else:
            d = dense_rank_score.get(cid, 0.0) if dense_rank_score is not None else s.dense_norm
            s.fused = dense_weight * d + (1.0 - dense_weight) * s.lexical
        out[cid] = s
    return out


def evidence(s: CapScore, *, dense_weight: float) -> float:
    """Absolute strength of a capability match in [0, 1], whatever the fusion: what ``low_confidence`` reads."""
    return dense_weight * s.dense_norm + (1.0 - dense_weight) * s.lexical
