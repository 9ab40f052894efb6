"""docs/workflow.md shows the diagram generated from the machine, and names every state."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline import machine
from pipeline.diagram import mermaid

DOC = Path(__file__).resolve().parents[2] / "docs" / "workflow.md"


def test_the_docs_diagram_is_the_machines() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- BEGIN GENERATED DIAGRAM -->\n```mermaid\n(.*?)```\n<!-- END GENERATED DIAGRAM -->",
                      text, re.S)
    assert block, "generated diagram block missing"
    assert block.group(1) == mermaid(), "regenerate with: python -m pipeline.diagram"
    for state in machine.states():
        assert f"| `{state}` |" in text
    for transition in machine.transitions():
        assert f"| `{transition}` |" in text
    assert "this project's reading" in text


def test_the_docs_roles_table_is_the_code() -> None:
    from authz.tables import TRANSITION_ROLES

    text = DOC.read_text(encoding="utf-8")
    for transition, roles in TRANSITION_ROLES.items():
        assert f"| `{transition}` | {', '.join(sorted(r.value for r in roles))} |" in text
