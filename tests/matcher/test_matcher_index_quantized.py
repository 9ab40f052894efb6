"""The quantised index (issue 33, item 4): above ``quantize_threshold`` vectors the store keeps IVFPQ codes and
re-scores the top candidates at full precision from a mapped file of the float vectors; what it returns for the
matcher (ids, exact inner products, full-precision vectors) is what the exact index returns for the same vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matcher.index.store import FLAT, HNSW_SQ, IVFPQ, IndexParams, VectorStore, load_store

DIM = 32


def _vectors(n: int, seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(20, DIM)).astype(np.float32)
    v = centers[rng.integers(0, 20, n)] + 0.3 * rng.normal(size=(n, DIM)).astype(np.float32)
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def _store(n: int, params: IndexParams) -> tuple[VectorStore, np.ndarray]:
    vecs = _vectors(n)
    store = VectorStore(dim=DIM, model_id="m", params=params)
    store.add([f"c{i}" for i in range(n)], vecs, [f"h{i}" for i in range(n)])
    return store, vecs


def _params(kind: str) -> IndexParams:
    return IndexParams(hnsw_threshold=100_000, quantize_threshold=1_000, quantize_kind=kind, rerank=200, nprobe=64)


KINDS = pytest.mark.parametrize("kind", [HNSW_SQ, IVFPQ])


@KINDS
def test_above_the_threshold_it_quantises_and_reranks_to_the_exact_answer(tmp_path: Path, kind: str) -> None:
    params = _params(kind)
    store, vecs = _store(1_200, params)
    assert store.kind == kind
    exact, _ = _store(1_200, IndexParams(hnsw_threshold=100_000, quantize_threshold=100_000))
    assert exact.kind == FLAT
    queries = _vectors(20, seed=9)
    got, want = store.search(queries, 10), exact.search(queries, 10)
    overlap = np.mean([len({c for c, _ in g} & {c for c, _ in w}) / 10 for g, w in zip(got, want, strict=True)])
    assert overlap >= 0.9
    for g in got:  # scores are the exact inner products, best first
        assert [s for _, s in g] == sorted((s for _, s in g), reverse=True)
        for cid, s in g:
            assert abs(s - float(vecs[int(cid[1:])] @ queries[got.index(g)])) < 1e-5
    assert np.allclose(store.vector("c7"), vecs[7])

    store.save(tmp_path)
    mapped = load_store(tmp_path, params=params)
    assert mapped is not None and mapped.kind == kind and mapped.count == 1_200
    assert mapped.full is not None and not mapped.full.flags.writeable  # the float rows are a read-only mapping
    assert mapped.search(queries, 10) == got
    assert np.allclose(mapped.vector("c7"), vecs[7])


@KINDS
def test_a_mapped_quantised_store_changes_a_copy_and_drops_below_the_threshold(tmp_path: Path, kind: str) -> None:
    params = _params(kind)
    store, vecs = _store(1_050, params)
    store.save(tmp_path)
    mapped = load_store(tmp_path, params=params)
    assert mapped is not None
    new = _vectors(1, seed=11)
    mapped.add(["fresh"], new, ["hf"])
    assert mapped.search(new, 1)[0][0][0] == "fresh"
    assert np.allclose(mapped.vector("fresh"), new[0])
    mapped.remove([f"c{i}" for i in range(200)])  # below the threshold once compacted: exact search again
    assert mapped.kind == FLAT and mapped.count == 851 and mapped.full is None
    assert np.allclose(mapped.vector("c500"), vecs[500])
    reread = load_store(tmp_path, params=params)
    assert reread is not None and reread.count == 1_050 and "fresh" not in reread
