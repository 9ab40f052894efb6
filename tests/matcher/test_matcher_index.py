"""The FAISS store: incremental changes, flat→HNSW, crash-safe writes, staleness and rebuild from the database, and
readers mapping the live generation read-only (issue 33, item 3)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from matcher_helpers import BASE_KB, NgramEmbedder, capability, in_session, write_kb

from core.db import session_scope
from core.settings import Settings
from kb import service as kb_service
from matcher import service
from matcher.embedding.cache import EmbeddingCache
from matcher.index import store as store_mod
from matcher.index.build import is_stale, sync_index
from matcher.index.store import FLAT, HNSW, IndexParams, VectorStore, current_dir, load_store, read_manifest


def _vecs(n: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_add_update_remove_flat(tmp_path: Path) -> None:
    s = VectorStore(dim=16, model_id="m")
    v = _vecs(5)
    s.add([f"c{i}" for i in range(5)], v, [f"h{i}" for i in range(5)])
    assert s.search(v[2], 1)[0][0][0] == "c2"
    s.add(["c2"], v[4:5] * -1, ["h2b"])  # update: c2 now points the other way
    assert s.count == 5 and s.hashes["c2"] == "h2b"
    assert s.search(v[4], 5)[0][-1][0] == "c2"
    assert s.remove(["c0", "missing"]) == 1
    assert "c0" not in {c for c, _ in s.search(v[0], 5)[0]}
    s.save(tmp_path)
    back = load_store(tmp_path)
    assert back is not None and back.count == 4 and back.hashes == s.hashes
    assert [c for c, _ in back.search(v[3], 4)[0]] == [c for c, _ in s.search(v[3], 4)[0]]


def test_switches_to_hnsw_above_threshold_and_tombstones(tmp_path: Path) -> None:
    params = IndexParams(hnsw_threshold=50, hnsw_m=8)
    s = VectorStore(dim=16, model_id="m", params=params)
    v = _vecs(80, seed=1)
    s.add([f"c{i}" for i in range(40)], v[:40], ["h"] * 40)
    assert s.kind == FLAT
    s.add([f"c{i}" for i in range(40, 80)], v[40:], ["h"] * 40)
    assert s.kind == HNSW and s.count == 80
    assert s.search(v[70], 1)[0][0][0] == "c70"
    s.remove(["c70"])
    assert s.search(v[70], 1)[0][0][0] != "c70"
    m = s.save(tmp_path)
    assert m.index_kind == HNSW and m.count == 79
    back = load_store(tmp_path, params=params)
    assert back is not None and back.kind == HNSW and "c70" not in back
    assert back.search(v[5], 1)[0][0][0] == "c5"


def test_crash_between_temp_write_and_rename_keeps_previous_index(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    s = VectorStore(dim=16, model_id="m")
    v = _vecs(3)
    s.add(["a", "b", "c"], v, ["1", "2", "3"])
    s.kb_version = 1
    s.save(tmp_path)
    s.add(["d"], _vecs(1, seed=9), ["4"])
    s.kb_version = 2
    real_replace = os.replace

    def crash(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if ".gen-" in str(src):
            raise OSError("simulated crash before the rename")
        real_replace(src, dst)

    monkeypatch.setattr(store_mod.os, "replace", crash)
    with pytest.raises(OSError):
        s.save(tmp_path)
    monkeypatch.setattr(store_mod.os, "replace", real_replace)
    back = load_store(tmp_path)
    assert back is not None and back.count == 3 and back.kb_version == 1
    # The half-written generation is left aside, and the next save cleans it up.
    assert any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    s.save(tmp_path)
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    assert load_store(tmp_path).count == 4  # type: ignore[union-attr]


def test_crash_while_switching_pointer_keeps_previous_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = VectorStore(dim=16, model_id="m")
    s.add(["a"], _vecs(1), ["1"])
    s.save(tmp_path)
    first = current_dir(tmp_path)
    s.add(["b"], _vecs(1, seed=3), ["2"])
    real_replace = os.replace

    def crash(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if str(dst).endswith("CURRENT"):
            raise OSError("simulated crash")
        real_replace(src, dst)

    monkeypatch.setattr(store_mod.os, "replace", crash)
    with pytest.raises(OSError):
        s.save(tmp_path)
    assert current_dir(tmp_path) == first
    assert load_store(tmp_path).count == 1  # type: ignore[union-attr]


def test_corrupt_index_file_reads_as_missing(tmp_path: Path) -> None:
    s = VectorStore(dim=16, model_id="m")
    s.add(["a"], _vecs(1), ["1"])
    s.save(tmp_path)
    folder = current_dir(tmp_path)
    assert folder is not None
    (folder / "vectors.faiss").write_bytes(b"garbage")
    assert load_store(tmp_path) is None


def test_sync_is_incremental_and_detects_staleness(settings: Settings, fake_embedder: NgramEmbedder) -> None:
    write_kb(settings, BASE_KB)
    root = settings.home / "index"
    cache = EmbeddingCache(settings.home / "cache" / "e.sqlite3")
    params = IndexParams()
    with session_scope(settings) as session:
        version = kb_service.kb_version(session=session)
        assert is_stale(root, model_id=fake_embedder.model_id, kb_version=version)
        store, stats = sync_index(session=session, embedder=fake_embedder, root=root, cache=cache, params=params)
    assert (stats.added, stats.embedded, stats.rebuilt) == (4, 4, True)
    m = read_manifest(root)
    assert m is not None and m.count == 4 and m.kb_version == version and m.model_id == fake_embedder.model_id
    assert not is_stale(root, model_id=fake_embedder.model_id, kb_version=version)

    # Change one capability, add one, delete one: only the changed and new ones are embedded.
    write_kb(settings, [capability("cap-met-1", "c-met", "压力表与温度计检定", service_types=["calibration"]),
                        capability("cap-met-2", "c-met", "三坐标测量机校准", service_types=["calibration"])])
    with session_scope(settings) as session:
        kb_service.delete_records(session=session, ids=["cap-salt-1"])
    before = fake_embedder.texts_embedded
    with session_scope(settings) as session:
        assert is_stale(root, model_id=fake_embedder.model_id, kb_version=kb_service.kb_version(session=session))
        store, stats = sync_index(session=session, embedder=fake_embedder, root=root, cache=cache, params=params)
    assert (stats.added, stats.updated, stats.removed, stats.unchanged) == (1, 1, 1, 2)
    assert fake_embedder.texts_embedded - before == 2
    assert set(store.ids) == {"cap-bat-1", "cap-bat-2", "cap-met-1", "cap-met-2"}

    # A full rebuild takes every vector from the embedding cache: nothing is embedded again.
    before = fake_embedder.texts_embedded
    with session_scope(settings) as session:
        _, stats = sync_index(session=session, embedder=fake_embedder, root=root, cache=cache, params=params,
                              force=True)
    assert stats.rebuilt and stats.embedded == 0 and fake_embedder.texts_embedded == before
    cache.close()


def test_match_rebuilds_a_missing_or_stale_index(settings: Settings, fake_embedder: NgramEmbedder) -> None:
    write_kb(settings, BASE_KB)
    assert read_manifest(settings.home / "index") is None
    res = in_session(service.match, settings, need="动力电池热失控失效分析", embedder=fake_embedder)
    assert res.matches[0].center_id == "c-bat"
    # four capabilities and the three centers' cards
    assert read_manifest(settings.home / "index").count == 4 + 3  # type: ignore[union-attr]
    write_kb(settings, [capability("cap-salt-2", "c-salt", "汽车零部件湿热与盐雾循环试验")])
    res = in_session(service.match, settings, need="汽车零部件湿热盐雾循环试验", embedder=fake_embedder)
    assert res.matches[0].capabilities[0].capability_id == "cap-salt-2"
    m = read_manifest(settings.home / "index")
    with session_scope(settings) as session:
        assert m is not None and m.kb_version == kb_service.kb_version(session=session) and m.count == 5 + 3
    # A fresh process (no loaded engine) with a deleted index file also recovers.
    service.reset()
    folder = current_dir(settings.home / "index")
    assert folder is not None
    (folder / "vectors.faiss").unlink()
    res = in_session(service.match, settings, need="压力表检定", embedder=fake_embedder)
    assert res.matches[0].center_id == "c-met"


@pytest.mark.parametrize("threshold", [1000, 50], ids=["flat", "hnsw"])
def test_readers_map_the_index_read_only_and_search_as_the_copy_in_memory(tmp_path: Path, threshold: int) -> None:
    params = IndexParams(hnsw_threshold=threshold, hnsw_m=8)
    s = VectorStore(dim=16, model_id="m", params=params)
    v = _vecs(120, seed=4)
    s.add([f"c{i}" for i in range(120)], v, [f"h{i}" for i in range(120)])
    s.remove(["c7"])
    s.save(tmp_path)
    mapped = load_store(tmp_path, params=params)
    copy = load_store(tmp_path, params=params, mmap=False)
    assert mapped is not None and copy is not None
    assert mapped.mapped and not copy.mapped and mapped.kind == s.kind == (HNSW if threshold == 50 else FLAT)
    for q in v[:20]:
        assert mapped.search(q, 10) == copy.search(q, 10) == s.search(q, 10)
    np.testing.assert_array_equal(mapped.vector("c3"), s.vector("c3"))
    assert "c7" not in {c for c, _ in mapped.search(v[7], 10)[0]}


def test_a_mapped_store_copies_itself_before_a_change_and_leaves_the_file_alone(tmp_path: Path) -> None:
    s = VectorStore(dim=16, model_id="m")
    v = _vecs(6, seed=5)
    s.add([f"c{i}" for i in range(5)], v[:5], ["h"] * 5)
    s.save(tmp_path)
    folder = current_dir(tmp_path)
    assert folder is not None
    on_disk = (folder / "vectors.faiss").read_bytes()
    mapped = load_store(tmp_path)
    assert mapped is not None and mapped.mapped
    mapped.add(["c5"], v[5:], ["h"])  # FAISS would crash writing into the mapping: the store copies first
    mapped.remove(["c0"])
    assert not mapped.mapped and mapped.search(v[5], 1)[0][0][0] == "c5" and "c0" not in mapped
    assert (folder / "vectors.faiss").read_bytes() == on_disk
    assert load_store(tmp_path).count == 5  # type: ignore[union-attr]


def test_a_swap_is_picked_up_and_a_mapped_generation_outlives_its_files(tmp_path: Path) -> None:
    v = _vecs(8, seed=6)
    writer = VectorStore(dim=16, model_id="m")
    writer.add(["a", "b"], v[:2], ["1", "2"])
    writer.save(tmp_path)
    reader = load_store(tmp_path)
    assert reader is not None and reader.mapped and reader.count == 2
    first = current_dir(tmp_path)
    for i in range(2, 5):  # three more generations: the reader's files are removed on the way
        writer.add([f"x{i}"], v[i : i + 1], [str(i)])
        writer.save(tmp_path)
    assert first is not None and not first.exists()
    assert [c for c, _ in reader.search(v[1], 2)[0]] == ["b", "a"]  # still searching its own, unlinked generation
    fresh = load_store(tmp_path)
    assert fresh is not None and fresh.mapped and fresh.generation == writer.generation and fresh.count == 5
    assert fresh.search(v[4], 1)[0][0][0] == "x4"


def test_sync_serves_from_the_mapped_generation_it_wrote(settings: Settings, fake_embedder: NgramEmbedder) -> None:
    write_kb(settings, BASE_KB)
    root = settings.home / "index"
    with session_scope(settings) as session:
        store, _ = sync_index(session=session, embedder=fake_embedder, root=root, cache=None, params=IndexParams())
        again, stats = sync_index(session=session, embedder=fake_embedder, root=root, cache=None,
                                  params=IndexParams())
    assert store.mapped and again.mapped and stats.embedded == 0 and again.generation == store.generation
    assert set(again.ids) == set(store.ids)
