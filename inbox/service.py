"""Write notifications and read a person's inbox. Keyword-only functions; the caller owns the transaction, so a
notification exists exactly when the change it announces was committed (it is written by the flow's outbox)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, cast, delete, exists, func, insert, or_, select
from sqlalchemy.orm import Session

from core.db import utcnow
from core.errors import NotFoundError
from inbox.models import Notification, NotificationRead
from inbox.schemas import InboxPage, NoticeIn, NoticeKind, NoticeOut


def _titled(template: str, count: int) -> str:
    return template.format(count=count)[:300]


def notify(*, session: Session, notices: Iterable[NoticeIn]) -> int:
    """Returns how many notices were written or brought up to date. A grouped notice that recurs for an organisation
    (``NoticeIn.group``) updates its one row — count, titles, link, refs, time — and loses its reads, so everyone it
    is for sees it unread again at the top, saying how many there now are (counting from one again when its
    ``restart_on`` ref changed).

    Several notices of one group in one call (a submission's ten proposals) are applied in order to the one row,
    found once, its reads removed once and written in one flush, not a query, a delete and a flush each (issue 33).
    The rows of every group the call names are found in one query, the reads of those brought up to date removed in
    one statement, and the new rows written in one flush (one INSERT for all of them)."""
    items = list(notices)
    count = 0
    now = utcnow()
    wanted = {(n.org_id, n.group) for n in items if n.group}
    rows: dict[tuple[str, str], Notification] = {}  # (org, group) -> its row, found in this call
    if wanted:
        for r in session.scalars(select(Notification).where(
                Notification.org_id.in_(sorted({o for o, _ in wanted})),
                Notification.group_key.in_(sorted({g for _, g in wanted}))).order_by(Notification.id)):
            key = (r.org_id, str(r.group_key))
            if key in wanted:
                rows.setdefault(key, r)
    new: list[dict[str, Any]] = []  # the rows made in this call, written together at the end
    made: dict[tuple[str, str], dict[str, Any]] = {}  # (org, group) -> its new row
    unread: set[int] = set()  # rows whose reads are to be removed: they are asked again
    for n in items:
        key = (n.org_id, str(n.group))
        found = rows.get(key) if n.group else None
        fresh = made.get(key) if n.group else None
        if found is None and fresh is None:
            row = {"org_id": n.org_id, "roles": sorted(set(n.roles)), "kind": n.kind.value,
                   "title_zh": _titled(n.title_zh, 1) if n.group else n.title_zh[:300],
                   "title_en": _titled(n.title_en, 1) if n.group else n.title_en[:300], "body": n.body,
                   "link": n.link, "refs": dict(n.refs), "group_key": n.group, "count": 1, "created_at": now,
                   "done_at": None, "not_for_user": n.not_for_user}
            new.append(row)
            if n.group:
                made[key] = row
        elif fresh is not None:  # a row made in this call: it has no reads yet
            series = n.restart_on is None or (fresh["refs"] or {}).get(n.restart_on) == n.refs.get(n.restart_on)
            fresh["count"] = fresh["count"] + 1 if series else 1
            fresh["roles"] = sorted(set(fresh["roles"]) | set(n.roles))
            fresh.update(kind=n.kind.value, body=n.body, link=n.link, refs=dict(n.refs), not_for_user=n.not_for_user,
                         title_zh=_titled(n.title_zh, fresh["count"]), title_en=_titled(n.title_en, fresh["count"]))
        elif found is not None:
            series = n.restart_on is None or (found.refs or {}).get(n.restart_on) == n.refs.get(n.restart_on)
            found.count = (found.count or 1) + 1 if series else 1
            found.roles = sorted(set(found.roles or []) | set(n.roles))
            found.kind, found.body, found.link, found.refs = n.kind.value, n.body, n.link, dict(n.refs)
            found.not_for_user = n.not_for_user
            found.title_zh, found.title_en = _titled(n.title_zh, found.count), _titled(n.title_en, found.count)
            found.created_at = now
            found.done_at = None  # asked again: live again
            unread.add(found.id)
        count += 1
    if unread:
        session.execute(delete(NotificationRead).where(NotificationRead.notification_id.in_(sorted(unread))))
    session.flush()
    if new:  # one executemany: no row made here is read back in this call
        session.execute(insert(Notification).execution_options(render_nulls=True), new)
    return count


def settle(*, session: Session, groups: Iterable[str], org_ids: Iterable[str] | None = None) -> int:
    """The notices of these groups, every organisation's (or only those of ``org_ids``), are done: the step they
    asked for was taken (a review decided, an engagement moved to another step or closed, one center's proposal
    declined). They stay in the history and stop counting as unread; a later notice of the same group makes its row
    live again (:func:`notify`). Returns how many were settled."""
    keys = sorted(set(groups))
    orgs = None if org_ids is None else sorted(set(org_ids))
    if not keys or orgs == []:
        return 0
    stmt = select(Notification).where(Notification.group_key.in_(keys), Notification.done_at.is_(None))
    if orgs is not None:
        stmt = stmt.where(Notification.org_id.in_(orgs))
    rows = session.scalars(stmt).all()
    now = utcnow()
    for row in rows:
        row.done_at = now
    session.flush()
    return len(rows)


def recount(*, session: Session, notices: Iterable[NoticeIn], count: int, ask_again: bool = False) -> int:
    """Say how many a grouped notice's organisation still has to do, when its items are settled one at a time (one
    of a round's proposals declined, or that decline undone): the row of each notice's organisation and group, if
    one was written, takes ``count`` and the notice's titles (templates, ``{count}``); its time and reads stay (a
    count gone down asks nothing new). ``ask_again``: a row that was done is live again and unread, as a notice
    that recurs (:func:`notify`). Returns how many rows changed."""
    items = [n for n in notices if n.group]
    if not items:
        return 0
    rows = {(r.org_id, str(r.group_key)): r for r in session.scalars(select(Notification).where(
        Notification.org_id.in_(sorted({n.org_id for n in items})),
        Notification.group_key.in_(sorted({str(n.group) for n in items}))))}
    now, changed, asked = utcnow(), 0, []
    for n in items:
        row = rows.get((n.org_id, str(n.group)))
        if row is None:
            continue
        row.count = count
        row.title_zh, row.title_en = _titled(n.title_zh, count), _titled(n.title_en, count)
        if ask_again and row.done_at is not None:
            row.done_at, row.created_at = None, now
            asked.append(row.id)
        changed += 1
    if asked:
        session.execute(delete(NotificationRead).where(NotificationRead.notification_id.in_(asked)))
    session.flush()
    return changed


def _mine(org_id: str, role: str, rows: Sequence[Notification]) -> list[Notification]:
    # The role filter runs here: a JSON list column is queried alike on SQLite and PostgreSQL this way.
    return [r for r in rows if r.org_id == org_id and role in (r.roles or [])]


def _for_person(user_id: str) -> Any:
    """The notices ``user_id`` may read among its roles': not one about itself (``not_for_user``), matched in SQL
    (a plain column, exact on both databases; the role's JSON match is checked again by :func:`_mine`)."""
    return or_(Notification.not_for_user.is_(None), Notification.not_for_user != user_id)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _for_role(role: str) -> Any:
    """The notices addressed to ``role``: the role matched in the roles list's JSON text (a quoted role name, the
    same on SQLite's text and PostgreSQL's JSONB)."""
    return cast(Notification.roles, String).like(
        '%"' + role.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + '"%', escape="\\")


def _out(r: Notification, read: bool) -> NoticeOut:
    return NoticeOut(id=r.id, kind=NoticeKind(r.kind), title_zh=r.title_zh, title_en=r.title_en, body=r.body,
                     link=r.link, refs=r.refs or {}, created_at=_aware(r.created_at), read=read, count=r.count or 1,
                     done=r.done_at is not None)


def notice(*, session: Session, user_id: str, org_id: str, role: str, notification_id: int) -> NoticeOut:
    """One of the person's notices (404 if it is not theirs to read), as the inbox lists it."""
    rows = _mine(org_id, role, session.scalars(select(Notification).where(
        Notification.org_id == org_id, Notification.id == notification_id, _for_person(user_id))).all())
    if not rows:
        raise NotFoundError("通知不存在 / no such notification", field="notification_id")
    read = session.scalar(select(func.count()).select_from(NotificationRead).where(
        NotificationRead.user_id == user_id, NotificationRead.notification_id == notification_id))
    return _out(rows[0], bool(read))


def inbox(*, session: Session, user_id: str, org_id: str, role: str, limit: int = 50, offset: int = 0,
          unread_only: bool = False) -> InboxPage:
    """A page of the person's notices, newest first, with how many there are and how many are unread: counted and
    paged in SQL (an organisation's thousands of notices were all read to show fifty, 2026-11-28)."""
    read = exists().where(NotificationRead.notification_id == Notification.id, NotificationRead.user_id == user_id)
    where = [Notification.org_id == org_id, _for_role(role), _for_person(user_id)]
    if unread_only:
        where += [Notification.done_at.is_(None), ~read]
    total = int(session.scalar(select(func.count()).select_from(Notification).where(*where)) or 0)
    rows = _mine(org_id, role, session.scalars(
        select(Notification).where(*where).order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit).offset(offset)).all())
    seen = set(session.scalars(select(NotificationRead.notification_id).where(
        NotificationRead.user_id == user_id, NotificationRead.notification_id.in_([r.id for r in rows])))) if rows \
        else set()
    items = [_out(r, r.id in seen) for r in rows]
    return InboxPage(items=items, unread=unread_count(session=session, user_id=user_id, org_id=org_id, role=role),
                     total=total)


def unread_count(*, session: Session, user_id: str, org_id: str, role: str) -> int:
    """One COUNT, as every page's navigation asks it: the role is matched in the roles list's JSON text (a quoted
    role name, the same on SQLite's text and PostgreSQL's JSONB), not by reading the rows."""
    read = exists().where(NotificationRead.notification_id == Notification.id, NotificationRead.user_id == user_id)
    found = session.scalar(select(func.count()).select_from(Notification).where(
        Notification.org_id == org_id, Notification.done_at.is_(None), _for_role(role), _for_person(user_id), ~read))
    return int(found or 0)


def _mark_read(session: Session, user_id: str, rows: list[Notification]) -> int:
    """Those of ``rows`` this person has not read yet, read now; how many."""
    done = set(session.scalars(select(NotificationRead.notification_id).where(
        NotificationRead.user_id == user_id, NotificationRead.notification_id.in_([r.id for r in rows]))))
    fresh = [r for r in rows if r.id not in done]
    for r in fresh:
        session.add(NotificationRead(notification_id=r.id, user_id=user_id, read_at=utcnow()))
    session.flush()
    return len(fresh)


def mark_read(*, session: Session, user_id: str, org_id: str, role: str, notification_id: int | None = None) -> int:
    """One notification (404 if it is not this person's to read), or all of theirs; returns how many were marked."""
    where = [Notification.org_id == org_id, _for_role(role), _for_person(user_id)]
    if notification_id is not None:  # the one, not every notice of the organisation
        where.append(Notification.id == notification_id)
    rows = _mine(org_id, role, session.scalars(select(Notification).where(*where)).all())
    if notification_id is not None and not rows:
        raise NotFoundError("通知不存在 / no such notification", field="notification_id")
    return _mark_read(session, user_id, rows)


def read_at(*, session: Session, user_id: str, org_id: str, role: str, path: str) -> int:
    """The person opened the page at ``path``: the notices of theirs that lead there (their ``link`` is that path,
    with or without a ``#`` part or a query) are read, as an inbox's reader expects of a notice whose thing they
    have seen, however they came to it (a list, a bookmark, the inbox). Returns how many were marked."""
    if not path.startswith("/"):
        return 0
    escaped = path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = _mine(org_id, role, session.scalars(select(Notification).where(
        Notification.org_id == org_id, _for_person(user_id),
        Notification.link.is_not(None),
        (Notification.link == path) | Notification.link.like(escaped + "#%", escape="\\")
        | Notification.link.like(escaped + "?%", escape="\\"))).all())
    if not rows:
        return 0
    return _mark_read(session, user_id, rows)


def already_notified(*, session: Session, kind: str, refs: dict[str, str]) -> bool:
    """Whether a notification of ``kind`` about exactly this (every pair of ``refs`` among its refs) exists: a daily
    reminder carries its day in its refs, so it is sent once a day however often the job runs."""
    rows = session.scalars(select(Notification).where(Notification.kind == kind))
    return any(all((r.refs or {}).get(k) == v for k, v in refs.items()) for r in rows)
