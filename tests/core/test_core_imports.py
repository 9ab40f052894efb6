"""The import graph of docs/architecture.md holds (issue 12): the contracts in ``pyproject.toml`` ([tool.importlinter]),
no cycle between modules or packages, and no import of our packages hidden inside a function to dodge one.

The checkers below are tested on made-up input too, so a checker that stopped finding anything would fail here.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

import grimp
import networkx as nx

REPO = Path(__file__).resolve().parents[2]
OURS = ("core", "authz", "accounts", "outbox", "flows", "inbox", "kb", "intake", "matcher", "pipeline", "evaluation",
        "providers", "api", "cli")

# A function-level import of our packages is allowed only here, each with its reason. Heavy third-party libraries
# (torch, matplotlib, weasyprint, langchain's client, rq) may be imported where they are used: they are not ours.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("core/migrations/versions/0009_intake_submitted_by.py", "intake.publish"):
        "Alembic runs a revision once, by path: the data migration re-scrubs public views with intake's rules as "
        "they are at that revision (also ignored by the layers contract)",
    ("core/migrations/versions/0009_intake_submitted_by.py", "intake.schemas"): "the same data migration",
}


def function_level_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) of every import of our packages inside a function or method, nested ones included."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import):
                names = [a.name for a in inner.names]
            elif isinstance(inner, ast.ImportFrom) and inner.level == 0 and inner.module:
                names = [inner.module]
            else:
                continue
            found += [(inner.lineno, n) for n in names if n.split(".")[0] in OURS]
    return sorted(set(found))


def our_sources() -> Iterable[Path]:
    for package in OURS:
        yield from sorted((REPO / package).rglob("*.py"))


def cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    graph = nx.DiGraph(edges)
    return sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)


def test_the_contracts_hold() -> None:
    """``lint-imports`` over the contracts in pyproject.toml (layers, entry points through flows, the matcher's,
    evaluation's, pipeline's and intake's allowed imports, the independent leaves)."""
    run = subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
                          "sys.exit(lint_imports_command())", "--no-cache", "--config", "pyproject.toml"],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    contracts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    assert f"Contracts: {len(contracts['contracts'])} kept, 0 broken" in run.stdout, run.stdout


def test_no_import_cycle_between_modules_or_packages() -> None:
    graph = grimp.build_graph(*OURS, cache_dir=None)
    edges = [(m, i) for m in graph.modules for i in graph.find_modules_directly_imported_by(m)]
    assert len(edges) > 500  # the graph is really there
    assert cycles(edges) == []
    packages = {(a.split(".")[0], b.split(".")[0]) for a, b in edges if a.split(".")[0] != b.split(".")[0]
                and not a.startswith("core.migrations.")}
    assert cycles(packages) == []
    assert ("flows", "matcher") in packages and ("matcher", "pipeline") not in packages
    assert ("matcher", "evaluation") not in packages


def test_no_import_of_ours_inside_a_function() -> None:
    found = {}
    for path in our_sources():
        rel = path.relative_to(REPO).as_posix()
        for line, module in function_level_imports(path.read_text(encoding="utf-8")):
            if (rel, module) not in EXCEPTIONS:
                found[f"{rel}:{line}"] = module
    assert found == {}, "import these at the top of the module (or break the cycle they dodge): " + repr(found)
    unused = [key for key in EXCEPTIONS
              if (key[1] not in {m for _, m in function_level_imports((REPO / key[0]).read_text(encoding="utf-8"))})]
    assert unused == []  # an exception nobody needs any more goes


def test_the_checkers_find_what_they_look_for() -> None:
    source = (
        "import json\n"
        "from kb import service\n"
        "def f():\n"
        "    import torch\n"
        "    from pipeline.service import advance\n"
        "    class C:\n"
        "        async def g(self):\n"
        "            import flows.needs, numpy\n"
    )
    assert function_level_imports(source) == [(5, "pipeline.service"), (8, "flows.needs")]
    assert cycles([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]) == [["a", "b", "c"]]
    assert cycles([("a", "b"), ("b", "c")]) == []
