"""Inbox tables. Only ``inbox.service`` writes them.

A notification is addressed to an organisation and the roles in it that should act; each person's "read" is a row of
its own, so one coordinator reading it does not hide it from a colleague. A notice with a ``group_key`` (a kind and
the need or engagement it is about) is one row per organisation however often its event recurs: five proposals for
a need are one notice counting five, not five notices an association must open one by one (issue 30, item 4).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, JSONType, utcnow


class Notification(Base):
    __tablename__ = "inbox_notification"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(String(64), index=True)
    roles: Mapped[list[str]] = mapped_column(JSONType)
    kind: Mapped[str] = mapped_column(String(40))
    title_zh: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(300))
    refs: Mapped[dict[str, Any]] = mapped_column(JSONType)
    group_key: Mapped[str | None] = mapped_column(String(200), index=True)
    count: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # When the notice last changed: a grouped notice moves back to the top of the inbox when its event recurs.
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # When the step it asked for was settled (its review decided, its engagement moved on or closed): kept in the
    # history, no longer unread. A recurrence of its group makes it live again.
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The one person of its roles the notice is not for: the one it is about (a colleague who joined is not told
    # that it joined, though its role is the inviter's). None: everyone of its roles.
    not_for_user: Mapped[str | None] = mapped_column(String(64), nullable=True)


class NotificationRead(Base):
    __tablename__ = "inbox_read"

    notification_id: Mapped[int] = mapped_column(ForeignKey("inbox_notification.id", ondelete="CASCADE"),
                                                 primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    read_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
