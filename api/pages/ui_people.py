"""People on the pages by name and role, never by id: the pipeline records who acted as ``role:id[@org]``; a page
shows "李协调 · 协会协调员" (the matcher as the matcher, the platform as the platform)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from accounts.vocab import ROLE_LABELS, Role
from api.pages.ui_common import label
from api.pages.ui_i18n import MERGED
from flows import accounts as accounts_flow

MATCHER_ID = "innodock-matcher"


def _split(actor: str) -> tuple[str | None, str]:
    role, sep, rest = actor.partition(":")
    if not sep:
        return None, actor
    return role, rest.partition("@")[0]


def people(*, session: Session, actors: Iterable[str | None], lang: str) -> dict[str, str]:
    """Each recorded actor as the page says it: the person's name and role, "the matcher", or the role alone when
    the person is not known here (a key, a user since removed) — the id itself is never shown."""
    wanted = [a for a in dict.fromkeys(actors) if a]
    names = accounts_flow.display_names(session=session, user_ids=[_split(a)[1] for a in wanted])
    t = MERGED[lang]
    out = {}
    for actor in wanted:
        role, who = _split(actor)
        if who == MATCHER_ID:
            out[actor] = t["matcher_name"]
            continue
        if role is None:
            out[actor] = t["platform"] if actor == "system" else "—"
            continue
        try:
            role_name = label(ROLE_LABELS[Role(role)], lang)
        except ValueError:
            role_name = "—"
        # A person named after the role ("协会协调员", as the demo accounts are) is not named twice.
        out[actor] = f"{names[who]} · {role_name}" if who in names and names[who] != role_name else role_name
    return out
