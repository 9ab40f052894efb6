"""People on the pages by name and role (issue 30, item 5): a person named after the role is not named twice
("协会协调员 · 协会协调员" on the demo accounts' pages); anyone else is "name · role"; an id is never shown."""

from __future__ import annotations

from typing import Any

import pytest

from api.pages import ui_people


def test_a_name_that_is_the_role_is_said_once(monkeypatch: pytest.MonkeyPatch) -> None:
    names = {"u1": "协会协调员", "u2": "李协调"}
    monkeypatch.setattr(ui_people.accounts_flow, "display_names",
                        lambda *, session, user_ids: {u: names[u] for u in user_ids if u in names})
    session: Any = None
    shown = ui_people.people(session=session, lang="zh", actors=[
        "association_coordinator:u1@org-1", "association_coordinator:u2", "association_coordinator:gone"])
    assert shown == {"association_coordinator:u1@org-1": "协会协调员",
                     "association_coordinator:u2": "李协调 · 协会协调员",
                     "association_coordinator:gone": "协会协调员"}
