"""A notice is read once its reader has seen the page it leads to, however they came there (the enterprise's walk,
2026-11-28: a notice stayed "新" after the engagement it announced had been opened from the board)."""

from __future__ import annotations

from core.db import session_scope
from core.settings import Settings
from flows import inbox
from inbox import service as inbox_service
from inbox.schemas import NoticeIn, NoticeKind
from tests.flows.test_flows_notices import _world


def _notice(org_id: str, link: str, roles: tuple[str, ...] = ("association_coordinator",)) -> NoticeIn:
    return NoticeIn(org_id=org_id, roles=list(roles), kind=NoticeKind.obligation, title_zh=f"去 {link}",
                    title_en=f"to {link}", link=link)


def test_opening_the_page_a_notice_leads_to_reads_it_for_that_person_alone(settings: Settings) -> None:
    wang, li, _ = _world(settings)
    with session_scope(settings) as session:
        inbox_service.notify(session=session, notices=[
            _notice(wang.org_id, "/providers/qic_js#findings"), _notice(wang.org_id, "/providers/qic-js"),
            _notice(wang.org_id, "/providers/qicXjs"), _notice(wang.org_id, "/providers/qic_js/more"),
            _notice(wang.org_id, "/providers/qic_js", roles=("admin",)), _notice("another-org", "/providers/qic_js")])
    with session_scope(settings) as session:
        assert inbox.unread(session=session, principal=wang) == 4
        # The page itself and its anchors; not a page whose address is like it ("_" is no wildcard), nor one under it
        assert inbox.seen(session=session, principal=wang, path="/providers/qic_js") == 1
        assert inbox.seen(session=session, principal=wang, path="/providers/qic_js") == 0
    with session_scope(settings) as session:
        page = inbox.notices(session=session, principal=wang)
        assert sorted(n.link or "" for n in page.items if n.read) == ["/providers/qic_js#findings"]
        assert page.unread == 3
        assert inbox.unread(session=session, principal=li) == 4  # a colleague has not seen it
