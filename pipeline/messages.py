"""An engagement's message thread (技术、商务沟通, seed 000 Figure 1) and the files its parties upload with messages and
deliveries.

Only the engagement's parties read or write them: its enterprise, its provider's coordinators and the association
(``authz.policy.check_membership``); to anyone else the engagement, its messages and its files do not exist. Messages
are appended, never edited, and can be written until the engagement ends; the thread stays readable after.
"""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from authz.policy import check_membership
from core.errors import ConflictError, InnodockError, NotFoundError
from pipeline.attachments import CheckedFile, Upload, check_files
from pipeline.engagements import load
from pipeline.machine import final_states
from pipeline.models import EngagementFile, EngagementMessage
from pipeline.schemas import Actor, FileMeta, MessageView

MAX_BODY = 4000
# PostgreSQL cannot store NUL, and no person types the other C0 controls; multipart bodies pass the API's form guard.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _file_meta(row: EngagementFile) -> FileMeta:
    return FileMeta(id=row.id, name=row.name, sha256=row.sha256, size=row.size, media_type=row.media_type)


def _store(session: Session, *, engagement_id: str, files: list[CheckedFile], purpose: str, actor: Actor,
           message_id: int | None = None) -> list[EngagementFile]:
    rows = [EngagementFile(id=uuid.uuid4().hex, engagement_id=engagement_id, message_id=message_id, purpose=purpose,
                           name=f.name, media_type=f.media_type, size=f.size, sha256=f.sha256, content=f.data,
                           uploaded_by_role=actor.role.value, uploaded_by_id=actor.label())
            for f in files]
    session.add_all(rows)
    session.flush()
    return rows


def _writable(session: Session, engagement_id: str, actor: Actor) -> None:
    row = load(session, engagement_id, lock=True)
    check_membership(actor, need_id=row.need_id, enterprise_id=row.enterprise_id, center_id=row.center_id)
    if row.state in final_states():
        raise ConflictError(f"对接项目已结束（{row.state}），不能再留言或上传 / the engagement has ended "
                            f"({row.state}): no more messages or files", field="state", code="engagement_ended")


def post_message(*, session: Session, engagement_id: str, actor: Actor, body: str, files: list[Upload],
                 max_file_bytes: int, author_name: str | None = None) -> MessageView:
    """Append a message, with up to ``attachments.MAX_FILES`` files checked by content; a refused file refuses the
    whole message, so nothing is half-posted."""
    _writable(session, engagement_id, actor)
    text = (body or "").strip()
    if not text and not files:
        raise InnodockError("请填写留言内容或附上文件 / write a message or attach a file", field="body")
    if _CONTROL.search(text):
        raise InnodockError("留言含有控制字符 / the message holds a control character", field="body")
    if len(text) > MAX_BODY:
        raise InnodockError(f"留言过长（上限 {MAX_BODY} 字）/ message over {MAX_BODY} characters", field="body")
    checked = check_files(files, max_bytes=max_file_bytes)
    message = EngagementMessage(engagement_id=engagement_id, body=text, author_role=actor.role.value,
                                author_id=actor.label(), author_name=author_name)
    session.add(message)
    session.flush()
    stored = _store(session, engagement_id=engagement_id, files=checked, purpose="message", actor=actor,
                    message_id=message.id)
    return _message_view(message, stored, actor)


def store_delivery_files(*, session: Session, engagement_id: str, actor: Actor, files: list[Upload],
                         max_file_bytes: int) -> list[FileMeta]:
    """Keep a delivery's result files; the delivery record then cites them by id (``FileMeta.id``)."""
    _writable(session, engagement_id, actor)
    return [_file_meta(r) for r in _store(session, engagement_id=engagement_id,
                                          files=check_files(files, max_bytes=max_file_bytes), purpose="delivery",
                                          actor=actor)]


def _message_view(row: EngagementMessage, files: list[EngagementFile], actor: Actor) -> MessageView:
    return MessageView(id=row.id, engagement_id=row.engagement_id, body=row.body, author_role=row.author_role,
                       author_name=row.author_name, mine=row.author_id == actor.label(), at=row.at,
                       files=[_file_meta(f) for f in files])


def list_messages(*, session: Session, engagement_id: str, actor: Actor) -> list[MessageView]:
    """The thread, oldest first."""
    row = load(session, engagement_id)
    check_membership(actor, need_id=row.need_id, enterprise_id=row.enterprise_id, center_id=row.center_id)
    messages = list(session.scalars(select(EngagementMessage).where(EngagementMessage.engagement_id == engagement_id)
                                    .order_by(EngagementMessage.id)))
    by_message: dict[int, list[EngagementFile]] = {}
    for f in session.scalars(select(EngagementFile).where(EngagementFile.engagement_id == engagement_id,
                                                          EngagementFile.message_id.is_not(None))
                             .order_by(EngagementFile.uploaded_at, EngagementFile.id)):
        by_message.setdefault(f.message_id or 0, []).append(f)
    return [_message_view(m, by_message.get(m.id, []), actor) for m in messages]


def read_file(*, session: Session, engagement_id: str, file_id: str, actor: Actor) -> tuple[FileMeta, bytes]:
    """A stored file's metadata and bytes, for the engagement's parties only; anyone else gets 404 for the
    engagement, and a file of another engagement is missing here."""
    row = load(session, engagement_id)
    check_membership(actor, need_id=row.need_id, enterprise_id=row.enterprise_id, center_id=row.center_id)
    stored = session.get(EngagementFile, file_id)
    if stored is None or stored.engagement_id != engagement_id:
        raise NotFoundError("附件不存在 / no such file", field="file_id")
    return _file_meta(stored), stored.content
