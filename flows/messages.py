"""技术、商务沟通 and delivery with files (seed 000 Figure 1), whichever door they come through.

A message is announced as ``engagement.message_posted`` to the engagement's parties, without its text or files: a
webhook receiver or an inbox line learns that there is something to read, and reads it with the rights it has.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from authz.principal import Principal
from flows import access
from flows.access import pipeline_actor
from flows.engagements import advance
from flows.events import Outbox, Parties
from outbox.vocab import DomainEvent
from pipeline import service as pipeline
from pipeline.attachments import MAX_FILES
from pipeline.schemas import EngagementView, FileMeta, MessageView, Upload

__all__ = ["MAX_FILES", "messages", "post_message", "read_file", "submit_delivery"]


def post_message(*, session: Session, principal: Principal, engagement_id: str, body: str, files: list[Upload],
                 max_file_bytes: int, outbox: Outbox) -> MessageView:
    who = pipeline_actor(principal, session)
    engagement = pipeline.get_engagement(session=session, engagement_id=engagement_id, actor=who)  # others: 404
    posted = pipeline.post_message(session=session, engagement_id=engagement_id, actor=who, body=body, files=files,
                                   max_file_bytes=max_file_bytes, author_name=principal.org_name)
    outbox.record(session=session, event=DomainEvent.message_posted,
                  payload={"engagement_id": engagement.id, "need_id": engagement.need_id,
                           "center_id": engagement.center_id, "message_id": posted.id,
                           "author_role": principal.role.value, "files": len(posted.files)},
                  parties=Parties(enterprise_id=engagement.enterprise_id, center_id=engagement.center_id,
                                  need_id=engagement.need_id))
    return posted


def messages(*, session: Session, principal: Principal, engagement_id: str) -> list[MessageView]:
    who = pipeline_actor(principal, session)
    thread = pipeline.list_messages(session=session, engagement_id=engagement_id, actor=who)
    need_id = pipeline.get_engagement(session=session, engagement_id=engagement_id, actor=who).need_id
    return access.thread_for(session=session, principal=principal, need_id=need_id, thread=thread)


def read_file(*, session: Session, principal: Principal, engagement_id: str,
              file_id: str) -> tuple[FileMeta, bytes]:
    return pipeline.read_file(session=session, engagement_id=engagement_id, file_id=file_id,
                              actor=pipeline_actor(principal, session))


def submit_delivery(*, session: Session, principal: Principal, engagement_id: str, version: int, note: str,
                    files: list[Upload], max_file_bytes: int, outbox: Outbox) -> EngagementView:
    """提交服务成果: the result files are stored and the delivery record cites them, then the engagement goes to
    acceptance, all in one transaction (a refused file or a stale version leaves nothing behind)."""
    stored = pipeline.store_delivery_files(session=session, engagement_id=engagement_id,
                                           actor=pipeline_actor(principal, session), files=files,
                                           max_file_bytes=max_file_bytes) if files else []
    payload = {"delivery": {"note": note, "files": [f.model_dump() for f in stored]}}
    return advance(session=session, principal=principal, engagement_id=engagement_id, transition="submit_results",
                   version=version, payload=payload, outbox=outbox)
