"""The authorization table as ``docs/api.md`` prints it, rendered from :data:`authz.tables.ACTIONS`.

The docs carry a copy (between ``<!-- authz-table -->`` markers) so they read on their own; ``tests/authz`` fails when
the copy and the table part, and ``python -m authz.docs`` prints the fresh block to paste.
"""

from __future__ import annotations

from authz.tables import ACTIONS
from authz.vocab import Role

START = "<!-- authz-table:start -->"
END = "<!-- authz-table:end -->"
_SHORT = {Role.enterprise: "E", Role.center_coordinator: "CC", Role.association_coordinator: "AC",
          Role.admin: "AD", Role.authority_officer: "AU"}


def actions_markdown() -> str:
    lines = [START, "| action | 中文 | roles | scopes | people only |", "|---|---|---|---|---|"]
    for name, rule in ACTIONS.items():
        roles = "anyone, no login" if rule.public else " ".join(_SHORT[r] for r in Role if r in rule.roles)
        scopes = ", ".join(f"`{s}`" for s in sorted(rule.scopes)) or ("any (its own identity only)"
                                                                       if rule.own_identity else "—")
        people = "yes" if rule.people_only else ""
        lines.append(f"| `{name}` ({rule.en}) | {rule.zh} | {roles} | {scopes} | {people} |")
    lines.append(END)
    return "\n".join(lines)


def block_in(text: str) -> str:
    """The table block of a document, markers included ('' when it has none)."""
    start, end = text.find(START), text.find(END)
    return text[start:end + len(END)] if start >= 0 and end > start else ""


if __name__ == "__main__":
    print(actions_markdown())
