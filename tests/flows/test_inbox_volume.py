"""An inbox at volume (2026-11-28): a page of notices reads that page, not every notice of the organisation (a
province's association holds thousands), and opening one notice reads that one."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from core.db import session_scope
from core.settings import Settings
from flows import inbox
from inbox import service as inbox_service
from inbox.models import Notification
from tests.flows.test_flows_notices import _world
from tests.flows.test_inbox_seen import _notice


def test_a_page_of_the_inbox_and_one_notice_read_their_rows_only(settings: Settings,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    wang, li, _ = _world(settings)
    fetched: list[int] = []
    real = inbox_service._mine

    def counted(org_id: str, role: str, rows: Sequence[Notification]) -> list[Notification]:
        fetched.append(len(rows))
        return real(org_id, role, rows)

    monkeypatch.setattr(inbox_service, "_mine", counted)
    read: dict[int, list[int]] = {}
    made = 0
    for size in (5, 40):
        with session_scope(settings) as session:
            inbox_service.notify(session=session, notices=[
                _notice(wang.org_id, f"/review/rev-{i}") for i in range(made, size)])
        made = size
        fetched.clear()
        with session_scope(settings) as session:
            page = inbox.notices(session=session, principal=wang, limit=3)
            assert (len(page.items), page.total, page.unread) == (3, size, size - (size > 5))  # one opened before
            opened = inbox.open_notice(session=session, principal=wang, notification_id=page.items[-1].id)
            assert opened.link == page.items[-1].link
        read[size] = list(fetched)
    assert read[5] == read[40] == [3, 1, 1], read  # the page's three; the one opened, read, then marked read
    with session_scope(settings) as session:
        assert inbox.unread(session=session, principal=wang) == 38 and inbox.unread(session=session, principal=li) == 40
        unread = inbox.notices(session=session, principal=wang, unread_only=True, limit=50)
        assert (unread.total, len(unread.items), unread.unread) == (38, 38, 38)
        assert inbox.notices(session=session, principal=wang, offset=39, limit=5).items[0].link == "/review/rev-0"
