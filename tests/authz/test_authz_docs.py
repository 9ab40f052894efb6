"""The docs print the authorization table; a rule changed in code and not in the docs fails here."""

from __future__ import annotations

from pathlib import Path

from authz.docs import actions_markdown, block_in
from authz.tables import ACTIONS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_the_docs_print_the_table_as_it_is() -> None:
    printed = block_in(DOCS.read_text(encoding="utf-8"))
    assert printed, "docs/api.md has no authz table block"
    assert printed == actions_markdown(), "run `python -m authz.docs` and paste its output into docs/api.md"


def test_every_action_has_a_row_in_both_languages() -> None:
    rendered = actions_markdown()
    for name, rule in ACTIONS.items():
        assert rule.zh and rule.en
        assert f"`{name}`" in rendered
