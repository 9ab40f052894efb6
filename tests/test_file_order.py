"""The suite's file order (tests/file_order.py): longest measured files first, the order within a file kept."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests import file_order


@dataclass
class FakeItem:
    nodeid: str


def test_files_go_longest_first_and_keep_their_own_order() -> None:
    items = [FakeItem(n) for n in ("tests/a.py::t1", "tests/a.py::t2", "tests/b.py::t1", "tests/c.py::t1",
                                   "tests/c.py::t2", "tests/c.py::t3")]
    file_order.longest_files_first(items, {"tests/a.py": 5.0, "tests/b.py": 60.0}, 0.5)  # type: ignore[arg-type]
    assert [i.nodeid for i in items] == ["tests/b.py::t1", "tests/a.py::t1", "tests/a.py::t2", "tests/c.py::t1",
                                         "tests/c.py::t2", "tests/c.py::t3"]


def test_an_unmeasured_file_weighs_its_number_of_tests() -> None:
    weights = file_order.file_weights(["tests/new.py::a", "tests/new.py::b", "tests/old.py::a"],
                                      {"tests/old.py": 1.0}, 2.0)
    assert weights == {"tests/new.py": 4.0, "tests/old.py": 1.0}


def test_ties_keep_collection_order() -> None:
    items = [FakeItem("tests/z.py::t"), FakeItem("tests/y.py::t")]
    file_order.longest_files_first(items, {}, 1.0)  # type: ignore[arg-type]
    assert [i.nodeid for i in items] == ["tests/z.py::t", "tests/y.py::t"]


def test_durations_are_summed_per_file_from_a_junit_report(tmp_path: Path) -> None:
    report = tmp_path / "r.xml"
    report.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="tests.test_file_order" name="a" time="1.5"/>'
        '<testcase classname="tests.test_file_order" name="b" time="0.5"/>'
        '<testcase classname="tests.kb.test_kb_import.TestCsv" name="c" time="3"/>'
        '<testcase classname="tests.no_such_file" name="d" time="9"/>'
        "</testsuite></testsuites>", encoding="utf-8")
    seconds, median = file_order.durations_from_junit(report)
    assert seconds == {"tests/test_file_order.py": 2.0, "tests/kb/test_kb_import.py": 3.0}
    assert median == 1.5


def test_a_rescale_moves_only_the_files_measured_before_and_after() -> None:
    committed = {"tests/a.py": 300.0, "tests/b.py": 100.0, "tests/c.py": 50.0}
    # a.py measured alone at 90 s before and 30 s after a change: a third of its full-run figure; b.py measured once
    # only, and d.py (not committed) both times: both kept as they were.
    new = file_order.rescaled(committed, {"tests/a.py": 90.0, "tests/b.py": 20.0, "tests/d.py": 5.0},
                              {"tests/a.py": 30.0, "tests/d.py": 1.0})
    assert new == {"tests/a.py": 100.0, "tests/b.py": 100.0, "tests/c.py": 50.0}


def test_the_committed_durations_name_existing_files() -> None:
    seconds, per_test = file_order.load_durations()
    root = Path(file_order.__file__).resolve().parent.parent
    missing = [f for f in seconds if not (root / f).exists()]
    assert not missing, f"tests/file_durations.json names files that are gone (refresh it): {missing}"
    assert per_test > 0
