"""A person's inbox: what needs their attention, newest first; reading is per person (a notice addressed to an
organisation's role is read by each of its people on their own)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from authz.principal import Principal
from inbox import service as inbox
from inbox.schemas import InboxPage, NoticeOut


def notices(*, session: Session, principal: Principal, unread_only: bool = False, limit: int = 50,
            offset: int = 0) -> InboxPage:
    return inbox.inbox(session=session, user_id=principal.user_id or "", org_id=principal.org_id,
                       role=principal.role.value, limit=limit, offset=offset, unread_only=unread_only)


def mark_read(*, session: Session, principal: Principal, notification_id: int | None = None) -> int:
    """One notice (404 if it is not this person's to read), or all of theirs; how many were marked."""
    return inbox.mark_read(session=session, user_id=principal.user_id or "", org_id=principal.org_id,
                           role=principal.role.value, notification_id=notification_id)


def open_notice(*, session: Session, principal: Principal, notification_id: int) -> NoticeOut:
    """Mark one notice read and return it (its ``link`` is where it leads)."""
    item = inbox.notice(session=session, user_id=principal.user_id or "", org_id=principal.org_id,
                        role=principal.role.value, notification_id=notification_id)  # 404 if not theirs
    mark_read(session=session, principal=principal, notification_id=notification_id)
    return item


def seen(*, session: Session, principal: Principal, path: str) -> int:
    """The person opened the page at ``path``: their notices that lead there are read (in a savepoint of its own, so
    a read written at the same moment by another tab of theirs costs the page nothing)."""
    if not principal.user_id:
        return 0
    with session.begin_nested():
        return inbox.read_at(session=session, user_id=principal.user_id, org_id=principal.org_id,
                             role=principal.role.value, path=path)


def unread(*, session: Session, principal: Principal) -> int:
    """The navigation's badge on every page: one COUNT query."""
    return inbox.unread_count(session=session, user_id=principal.user_id or "", org_id=principal.org_id,
                              role=principal.role.value)
