"""Intake's service functions (keyword-only): extraction, conversations, publication, common-problem groups.

Other packages and the API call these; they never touch ``intake.models``. Every write happens in the caller's
SQLAlchemy session; a rejected message raises before anything is changed, so a stored session stays intact.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, NamedTuple

from pydantic import ValidationError
from sqlalchemy import (
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    column,
    delete,
    event,
    exists,
    func,
    insert,
    or_,
    select,
    values,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.elements import ColumnElement

from authz.policy import check_role
from authz.principal import Acting
from authz.tables import NEED_TRANSITION_ROLES
from core import china_time
from core.db import in_chunks, utcnow
from core.errors import ConflictError, InnodockError, NotFoundError, PermissionDeniedError
from intake import conversation, dialogue, lifecycle, publish, submission
from intake.extract import clean_text
from intake.extract.budget import budget_declined, extract_budget
from intake.extract.confidential import customer_unnamed
from intake.extract.deadline import deadline_passed, extract_deadline, passed_deadline
from intake.extract.language import simplified, unsupported_language
from intake.extract.numbers import parse_amount
from intake.extract.region import extract_region
from intake.industries import industry_as_named
from intake.models import IntakeNeed, IntakeNeedEvent, IntakeNeedFacet, IntakeProblemGroup, IntakeSession
from intake.reader import DETERMINISTIC, IntakeReader
from intake.schemas import (
    MAX_BUDGET_YUAN,
    PUBLIC_STATUSES,
    SHORT_TEXT_MAX,
    SOURCED_FIELDS,
    Budget,
    CenterNeed,
    Enterprise,
    FeedCursor,
    FeedFilter,
    FieldSource,
    Need,
    NeedEventView,
    NeedOwner,
    NeedsFound,
    NeedStatus,
    NeedSummary,
    ProblemGroup,
    PublicNeed,
    ReturnedNeed,
    SessionView,
    SubmitBlocker,
    Turn,
)
from kb.vocab import ServiceType

MAX_MESSAGE_CHARS = 100_000
MAX_STORED_TURN_CHARS = 20_000
GroupingFn = Callable[[Sequence[Need]], Sequence[Sequence[str]]]


def read_amount(*, text: str, field: str) -> float | None:
    """An amount of yuan typed into a form ("15万", "十五万", "150,000", "¥150000"), read by the same number reader
    as a need's budget, so a form takes what the chat takes; empty → None; unreadable → an error naming ``field``."""
    if not text.strip():
        return None
    value = parse_amount(text)
    if value is None or value < 0:
        raise InnodockError(f"“{text[:20]}”不是一个金额，请填写如 150000、15万 或 十五万 / not an amount: "
                            f"“{text[:20]}”; write e.g. 150000 or 150,000", field=field)
    return value


def _check_text(text: str | None) -> str:
    if text is None or not str(text).strip():
        raise InnodockError("需求文本为空 / the text is empty", code="empty", field="text")
    text = str(text)
    if len(text) > MAX_MESSAGE_CHARS:
        text = text[:MAX_MESSAGE_CHARS]
    return text


def extract(*, text: str, today: date, reader: IntakeReader = DETERMINISTIC) -> Need:
    """The need read from a text (by the deterministic extractor, or the LLM path the reader was set up with); an
    empty text is an error the user can act on, a text in another language is kept and said so."""
    text = _check_text(text)
    need = reader.read(simplified(text), today=today)
    need.text = text
    if not conversation.is_readable(text):
        need.notes.append("未识别到文字内容 / no words found in the text")
    other = unsupported_language(clean_text(text))
    if other is not None:
        need.notes.append(f"文本语言为 {other}：{conversation.UNSUPPORTED}")
    return need


def _question(reader: IntakeReader, need: Need, field: str | None, language: str,
              *, phrase: bool = True, reasked: bool = False) -> str | None:
    """The question for ``field``, phrased by the LLM when the reader has one, within the chat's short budget (not
    for a message in a language the product does not read: that conversation stays on the deterministic path).
    The service asked once more, because the answer named none, is asked as a short choice of categories with a
    phrase each covers (``conversation.service_choices``): an enterprise that could not say it the first time is
    shown what there is to pick, the rest being on the need card."""
    if field is None:
        return None
    if field == "service_types" and reasked and not need.service_types:
        return conversation.service_choices(language, need.text or "")
    zh, en = conversation.QUESTIONS[field]
    question = en if language == "en" else zh
    if not phrase:
        return question
    phrased, _ = reader.question(need, field, fallback=question, language=language)
    return phrased


def _state(row: IntakeSession) -> dialogue.DialogueState:
    """The dialogue's state; a conversation stored before the state existed starts from what it recorded."""
    if row.state:
        return dialogue.DialogueState.model_validate(row.state)
    asks = {f: list(row.asked).count(f) for f in row.asked}
    users = sum(1 for t in row.turns if t.get("role") == "user")
    return dialogue.DialogueState(asked=row.ask_field, asks=asks, turn=users)


def _sources(need: Need, state: dialogue.DialogueState, changed: dict[str, str]) -> dict[str, FieldSource]:
    """Who gave each changed field: the enterprise, in so many words (an answer, a correction, the card), or the
    rules reading what it said in passing."""
    sources = dict(need.sources)
    for name in changed:
        if name in SOURCED_FIELDS:
            sources[name] = "user" if state.settled.get(name) in ("answer", "correction", "card") else "deterministic"
    return sources


_HELD_NEEDS = "intake.held_need_rows"  # session.info key: a need's id (a conversation's: "chat:" id) -> its row
_HELD_NEEDS_MAX = 32
_HELD_LISTENING = "intake.held_need_rows.listening"


def _new_id() -> str:
    return uuid.uuid4().hex


def _need_row(session: Session, need_id: str) -> IntakeNeed:
    """The need's row, held by the session until it ends. The session's identity map keeps only weak references,
    and a row read here is usually turned into a ``Need`` and dropped, so every later ``get`` of the same need in the
    same request went to the database again: a submission read its need twelve times (issue 33). Held, the row is
    read once per transaction: a commit or rollback lets go of it (the next ``get`` after a commit reads it afresh
    unless something else still holds it, as before). Only intake writes this table, through these rows, so what
    the session holds is what it wrote or read in this transaction."""
    row = session.get(IntakeNeed, need_id)
    if row is None:
        raise NotFoundError(f"需求不存在 / no such need: {need_id}", field="need_id")
    _hold(session, need_id, row)
    return row


def _session_row(session: Session, session_id: str) -> IntakeSession:
    """The conversation's row, held as :func:`_need_row` holds a need's: a message's request checks the conversation
    is the caller's (``flows.needs``, through :func:`get_session`) and then :func:`post_message` reads it again, two
    reads of one row (issue 33). A write of it still goes through its version (:func:`_conversation_unchanged`)."""
    row = session.get(IntakeSession, session_id)
    if row is None:
        raise NotFoundError(f"会话不存在 / no such intake session: {session_id}", field="session_id")
    _hold(session, f"chat:{session_id}", row)
    return row


def _hold(session: Session, key: str, row: IntakeNeed | IntakeSession) -> None:
    if _HELD_NEEDS not in session.info and not session.info.get(_HELD_LISTENING):
        # Sessions here do not expire on commit: a row held past its transaction could hide another's later write.
        event.listen(session, "after_commit", _release_needs)
        event.listen(session, "after_rollback", _release_needs)
        session.info[_HELD_LISTENING] = True
    held: dict[str, IntakeNeed | IntakeSession] = session.info.setdefault(_HELD_NEEDS, {})
    held.pop(key, None)
    held[key] = row  # the most recent last: a long job's session holds its last few needs, not every one
    if len(held) > _HELD_NEEDS_MAX:
        del held[next(iter(held))]


def _release_needs(session: Session) -> None:
    session.info.pop(_HELD_NEEDS, None)


def _load_need(row: IntakeNeed) -> Need:
    # The column is the status's one source (the lifecycle writes it, migrations move it); ``data`` may lag.
    return Need.model_validate({**(row.data or {}), "status": row.status})


def _store_need(row: IntakeNeed, need: Need) -> None:
    row.data = need.model_dump(mode="json")
    row.status = need.status.value
    row.confidential = need.confidential


def save_need(*, session: Session, need: Need, enterprise_id: str | None = None,
              submitted_by: str | None = None, association_id: str | None = None) -> Need:
    """Store a need (new or updated) and return it with its id. ``submitted_by`` is the organisation that creates
    it (the enterprise itself when not given), ``association_id`` the association whose tenant it is; both are
    recorded once, at creation. A stored need keeps its status: only its lifecycle changes that."""
    need = _save_need(session, need, enterprise_id=enterprise_id, submitted_by=submitted_by,
                      association_id=association_id)
    session.flush()
    return need


def _save_need(session: Session, need: Need, *, enterprise_id: str | None = None, submitted_by: str | None = None,
               association_id: str | None = None) -> Need:
    """:func:`save_need` without its flush; the row held (:func:`_need_row`), so the next save of a need just made
    does not read it back (a new chat's first turn did, issue 33)."""
    need = need.model_copy(deep=True)
    if enterprise_id:
        need.enterprise.id = enterprise_id
    need.title = publish.stored_title(need)  # a title the enterprise wrote stays; a derived one follows the need
    row = session.get(IntakeNeed, need.id) if need.id else None
    if row is not None:
        need.status = NeedStatus(row.status)  # the lifecycle's (advance_need, publish_need): a save never moves it
    if row is None:
        need.id = need.id or _new_id()
        need.created_at = need.created_at or utcnow()
        row = IntakeNeed(id=need.id, enterprise_id=need.enterprise.id, status=need.status.value, data={},
                         submitted_by=submitted_by or need.enterprise.id, association_id=association_id)
        session.add(row)
    _hold(session, row.id, row)
    _store_need(row, need)
    return need


def need_owner(*, session: Session, need_id: str) -> NeedOwner:
    """Whose need it is and who submitted it: the facts the authorization rule reads (no text, no fields)."""
    row = _need_row(session, need_id)
    return NeedOwner(need_id=row.id, enterprise_id=row.enterprise_id, submitted_by=row.submitted_by,
                     confidential=row.confidential, status=NeedStatus(row.status), association_id=row.association_id)


def needs_read(*, session: Session, need_ids: Collection[str]) -> dict[str, tuple[NeedOwner, Need]]:
    """Many needs at once, each with its owner's facts and the whole need, in one query (a work list of thousands
    read each need in its own SELECT); ids that name no need are left out. The rows are not held (a list would push
    a request's own needs out of what :func:`_need_row` holds)."""
    ids = sorted(set(need_ids))
    out: dict[str, tuple[NeedOwner, Need]] = {}
    for row in session.scalars(select(IntakeNeed).where(IntakeNeed.id.in_(ids))) if ids else ():
        out[row.id] = (NeedOwner(need_id=row.id, enterprise_id=row.enterprise_id, submitted_by=row.submitted_by,
                                 confidential=row.confidential, status=NeedStatus(row.status),
                                 association_id=row.association_id), _load_need(row))
    return out


def need_ids_reached(*, session: Session, association_id: str | None, submitted_by: str,
                     enterprise_ids: Collection[str]) -> frozenset[str]:
    """The ids of the needs an association reaches: its tenants' and those of no association (``association_id``;
    None: not by tenancy), those it submitted, and those of the enterprises in ``enterprise_ids`` (its consents).
    One indexed query."""
    clauses = [IntakeNeed.submitted_by == submitted_by]
    if association_id is not None:
        clauses += [IntakeNeed.association_id == association_id, IntakeNeed.association_id.is_(None)]
    if enterprise_ids:
        clauses.append(IntakeNeed.enterprise_id.in_(list(enterprise_ids)))
    return frozenset(session.scalars(select(IntakeNeed.id).where(or_(*clauses))))


def adopt_needs(*, session: Session, association_id: str) -> int:
    """Needs made while no association existed go to the first one made (as their enterprises do)."""
    rows = list(session.scalars(select(IntakeNeed).where(IntakeNeed.association_id.is_(None))))
    for row in rows:
        row.association_id = association_id
    session.flush()
    return len(rows)


def center_view(*, session: Session, need_id: str) -> CenterNeed:
    """The need as a center reads it before its details are opened to it (see ``intake.publish.center_view``)."""
    row = _need_row(session, need_id)
    return publish.center_view(_load_need(row), row.id)


def center_view_of(need: Need, need_id: str) -> CenterNeed:
    """:func:`center_view` of a need already read (by :func:`needs_read`)."""
    return publish.center_view(need, need_id)


def offered_words(need: Need) -> str | None:
    """The words a need is offered to providers on (``intake.publish.offered_words``)."""
    return publish.offered_words(need)


def get_need(*, session: Session, need_id: str, enterprise_id: str | None = None, coordinator: bool = False) -> Need:
    """The full need, for its enterprise and coordinators only (others get ``public_view``)."""
    row = _need_row(session, need_id)
    if not coordinator and (enterprise_id is None or enterprise_id != row.enterprise_id):
        raise PermissionDeniedError(
            "只有需求方企业和协调员可查看完整需求 / only the enterprise and coordinators may see it")
    return _load_need(row)


def submission_blockers(need: Need) -> list[SubmitBlocker]:
    """Why ``need`` cannot be submitted yet (:mod:`intake.submission`, the one place of that rule); empty: it can."""
    return submission.blockers(need)


def _view(row: IntakeSession, need: Need, *, question: str | None, language: str,
          error: str | None = None) -> SessionView:
    """The conversation as the caller sees it, in ``language``. While the publishing question waits for its answer
    it is the open question (the page's "下一个问题" said "信息已足够，可以提交。" meanwhile); what will be public
    is said as the publishing question says it (``intake.publish.preview``)."""
    if question is None and dialogue.publishing_waits(_state(row)):
        question = conversation.PUBLISH_OPEN[1 if language == "en" else 0]
    return SessionView(id=row.id, need=need, asked=list(row.asked), question=question, ask_field=row.ask_field,
                       done=row.done, turns=[Turn.model_validate(t) for t in row.turns], error=error,
                       blockers=submission.blockers(need),
                       preview=publish.public_preview(need, language))


_LATIN_ONLY = re.compile(r"^(?=.*[A-Za-z]{2})[^\u3400-\u9fff]*$", re.S)


def reply_language(page_language: str | None, otherwise: str) -> str:
    """The language the chat answers in: the page's, which the person chose ("zh" or "en"; a Chinese message typed
    on the English page gets English replies, quoting its own words), else — a caller with no page, the JSON API —
    ``otherwise``: the language of the need's words for a message, the conversation's for a card edit. What is read
    from the text (``Need.language``) is not changed by it."""
    return page_language if page_language in ("zh", "en") else otherwise


def start_session(*, session: Session, text: str, today: date, enterprise: Enterprise | None = None,
                  reader: IntakeReader = DETERMINISTIC, association_id: str | None = None,
                  by: Acting | None = None, page_language: str | None = None) -> SessionView:
    """Open a conversation from the enterprise's first message; returns the draft and the first question. ``by``:
    who writes (``None``: the platform), recorded should the first message already complete the need;
    ``page_language``: the language of the page the message was typed on, which the replies follow."""
    text = _check_text(text)
    read = simplified(text)  # traditional characters read as simplified; the message kept as typed
    need = dialogue.read_opener(read, lambda body: reader.read_message(body, today=today), today=today)
    need.text = text
    need.enterprise = enterprise or Enterprise()
    state = dialogue.open_dialogue(need, read)
    need.missing = dialogue.missing(need, state)
    need = save_need(session=session, need=need, enterprise_id=need.enterprise.id, association_id=association_id)
    # (an opener too short to tell, all in English — "Hi", "Hello there" — is answered in English: "Hi" got
    # "您希望机构提供哪类服务？" on the JSON API; the sixth probe)
    said_in = "en" if _LATIN_ONLY.match(clean_text(text)) and not dialogue.is_bare_code(
        clean_text(text).strip(" ，,。.!！?？")) else need.language
    language = reply_language(page_language, said_in)
    row = IntakeSession(id=_new_id(), need_id=need.id or "", language=language, asked=[], turns=[],
                        ask_field=None, done=False, today=today.isoformat())
    session.add(row)
    turns: list[dict[str, Any]] = [{"role": "user", "text": text[:MAX_STORED_TURN_CHARS]}]
    readable = conversation.is_readable(text)
    other = unsupported_language(clean_text(text))
    passed = dialogue.passed_in_opener(need, read, today) if readable else None
    field = ("deadline" if passed is not None else dialogue.next_field(need, state, None)) if readable else None
    question = _question(reader, need, field, language, phrase=other is None)
    if not readable:
        question = conversation.UNREADABLE[1 if language == "en" else 0]
    error = None
    if readable and other is not None:
        question = conversation.UNSUPPORTED + (f"\n{question}" if question else "")
        error = "unsupported_language"
    # which kind of service fits, asked with nothing read for it: the kind the message points to proposed, a yes
    # takes it (the thirteenth probe)
    proposed = dialogue.suggested_service(read) if readable and other is None and not need.service_types and \
        dialogue.asked_about(clean_text(read)) == "which_service" else []
    state.proposed = [t.value for t in proposed]
    row.state = dialogue.ask(state, field).model_dump(mode="json")
    # a wish not to be named is on no card field: said back at once ("可以公开，但别写我们公司名", issue 27)
    ack = conversation.acknowledge(Need(text=""), need, {"anonymous": "set"}, language) if need.anonymous else None
    if readable and customer_unnamed(read):  # ... nor is a wish that its customer not be named (the twentieth probe)
        ack = "\n".join(p for p in (ack, conversation.acknowledge(need, need, {"customer_name": "set"}, language)) if p)
    if passed is not None:  # "…，需要在2025年3月前完成": said, not stored, the deadline asked (the card refuses it)
        ack = "\n".join(p for p in (ack, conversation.past_deadline_said(passed, today, language)) if p)
    # A question in the first message ("你们能出CNAS报告吗？", "费用大概多少？") is answered as a later one is, before
    # the next question (it went unanswered; the need is still read from the whole message)
    question_back, asked_about = dialogue.opener_question(read) if readable and other is None else (False, None)
    # ... and what was understood of the service it asks about is said with it ("…做 CE 认证，还要 RoHS test，请问你们
    # 能做吗" got how the platform goes on, and not that the certification was noted; the seventh probe, p68)
    # (a question about the service itself, "How long does it usually take?", is answered, and the note said too)
    # What the message was read as is said back first, whatever follows (a first message that gave everything got
    # only "信息已足够": a misreading showed on the card alone; issue 27)
    noted = conversation.understood(need, language) if readable and other is None else None
    ack = "\n".join(p for p in (noted, ack) if p) or None
    # a wish no field holds ("On-site preferred", "最好是本地机构"), said back at once as a later one is
    wished = conversation.preferences_said(need, dialogue.preferences(read, local_taken=need.local_only), language) \
        if readable and other is None else None
    ack = "\n".join(p for p in (ack, wished) if p) or None
    # a mark wished for, not a must ("最好能有CMA，没有也行"): said with what matching does of it
    ranked = conversation.preferred_said(need.preferred_qualifications, language, sentence=True) \
        if readable and other is None else None
    ack = "\n".join(p for p in (ack, ranked) if p) or None
    said = [*conversation.answer_question(need, question_back=question_back, asked_about=asked_about,
                                          language=language, noted=noted is not None, proposed=proposed),
            *([ack] if ack else [])]
    answer = "\n".join([*said, question or conversation.DONE[1 if language == "en" else 0]]) if said else None
    if readable and other is None and dialogue.publish_question_due(need, state, field, submission.blockers(need)):
        # a first message that says all but whether it may be published: asked, with what will be public, and the
        # last thing said (not after "信息已足够，可以提交。", which it said first: the need is not done while it waits)
        answer = "\n".join([*said, _publishing_question(need, language)])
        row.state = dialogue.ask_publishing(dialogue.ask(state, field)).model_dump(mode="json")
    return _advance(session, row, need, turns, field, question, error=error, by=by, language=language, answer=answer)


def _publishing_question(need: Need, language: str) -> str:
    """The publishing question (``intake.dialogue.publish_question_due``) with the public title and summary as the
    public page will show them (``intake.publish.preview``)."""
    return conversation.publishing_question(*publish.preview(need, language), language)


def _advance(session: Session, row: IntakeSession, need: Need, turns: list[dict[str, Any]], field: str | None,
             question: str | None, *, language: str, error: str | None = None, answer: str | None = None,
             by: Acting | None = None) -> SessionView:
    """Store the turn and the draft. ``answer``: the assistant's whole reply when it says more than the question;
    ``language``: the language the replies are in, kept with the conversation (``IntakeSession.language``).
    Once nothing is left to ask, a draft the submission rule lets through is confirmed (draft → ready)."""
    done = field is None and question is None
    if done:
        row.done = True
        turns.append({"role": "assistant",
                      "text": answer or conversation.DONE[1 if language == "en" else 0]})
    else:
        if field is not None:
            row.asked = [*row.asked, field]
        turns.append({"role": "assistant", "text": answer or question or ""})
    row.ask_field = field
    row.turns = [*row.turns, *turns]
    row.language = language
    # The need's fields and, when this turn completes it, its status are one UPDATE (they were two: the fields
    # flushed by the save, then the status by the confirm, whose history row comes first now; issue 33).
    with session.no_autoflush:
        need = _save_need(session, need)  # with its title derived as stored
        if done:
            need = confirm_if_complete(session=session, need=need, by=by)
    session.flush()
    return _view(row, need, question=question, error=error, language=language)


def get_session(*, session: Session, session_id: str, page_language: str | None = None) -> SessionView:
    """The conversation as stored, with the question still open (:func:`_open_question`) in the page's language
    (``page_language``, the person's choice), else in the one its replies were last in."""
    row = _session_row(session, session_id)
    need = _load_need(_need_row(session, row.need_id))
    language = reply_language(page_language, row.language or need.language)
    return _view(row, need, question=_open_question(row, need, language), language=language)


def _open_question(row: IntakeSession, need: Need, language: str) -> str | None:
    """The question the conversation waits on: the asked field's, phrased afresh in ``language``. Not the last reply's
    text: after a card edit that is its acknowledgement ("预算已改为…"), and after a language switch it is in the
    old language. A conversation asking nothing shows what its last reply asked for (an unreadable first message's
    request for words); a finished one, or one whose last turn is the coordinator's question, nothing."""
    if row.done:
        return None
    if row.ask_field in conversation.QUESTIONS:
        return _question(DETERMINISTIC, need, row.ask_field, language, phrase=False)
    last = row.turns[-1] if row.turns else None
    return last["text"] if last is not None and last.get("role") == "assistant" else None


def _latest_session_row(session: Session, need_id: str) -> IntakeSession | None:
    return session.scalars(select(IntakeSession).where(IntakeSession.need_id == need_id)
                           .order_by(IntakeSession.created_at.desc(), IntakeSession.id).limit(1)).first()


def session_for_need(*, session: Session, need_id: str, page_language: str | None = None) -> SessionView | None:
    """The need's conversation, or None for a need made without the chat (one per need since migration 0043)."""
    row = _latest_session_row(session, need_id)
    return None if row is None else get_session(session=session, session_id=row.id, page_language=page_language)


def open_session_for_need(*, session: Session, need_id: str, today: date) -> SessionView:
    """The need's conversation, opened for a need that has none (one made through ``POST /needs``), so that it can be
    amended in the chat too; a coordinator's question sent with it opens the new conversation."""
    found = session_for_need(session=session, need_id=need_id)
    if found is not None:
        return found
    need = _load_need(_need_row(session, need_id))
    question = sent_back_question(session=session, need_id=need_id)
    turns = [{"role": "coordinator", "text": question}] if question else []
    row = IntakeSession(id=_new_id(), need_id=need_id, language=need.language, asked=[], turns=turns,
                        ask_field=None, done=True, today=today.isoformat())
    try:
        with session.begin_nested():  # one conversation per need (unique need_id): two opens at once made two
            session.add(row)
    except IntegrityError:  # the other open was stored first: that conversation is the need's
        won = session_for_need(session=session, need_id=need_id)
        if won is None:
            raise
        return won
    return _view(row, need, question=None, language=need.language)


def latest_open_session(*, session: Session, enterprise_id: str, page_language: str | None = None,
                        returned: bool = True) -> SessionView | None:
    """The enterprise's most recent conversation whose need is still a draft (not yet submitted, or sent back):
    what the chat page resumes after a language switch, a new login or another device. ``returned=False`` leaves
    out a need the association sent back: the header's "提出需求" resumed it, and a new, unrelated problem typed
    there was merged into the returned need as corrections (a new user's trial in Chromium, 2026-11-29)."""
    query = (select(IntakeSession.id).join(IntakeNeed, IntakeNeed.id == IntakeSession.need_id)
             .where(IntakeNeed.enterprise_id == enterprise_id,
                    IntakeNeed.status.in_([st for st in lifecycle.states() if lifecycle.allows(st, "publish")])))
    if not returned:  # a draft with a send_back step is a returned need (a resubmitted one is no draft)
        query = query.where(~exists().where(IntakeNeedEvent.need_id == IntakeNeed.id,
                                            IntakeNeedEvent.transition == "send_back"))
    query = query.order_by(IntakeSession.updated_at.desc(), IntakeSession.created_at.desc()).limit(1)
    found = session.scalars(query).first()
    return None if found is None else get_session(session=session, session_id=found, page_language=page_language)


def sent_back_question(*, session: Session, need_id: str) -> str | None:
    """The coordinator's question when the need's latest step sent it back as unclear (and it was not resubmitted
    since); None otherwise."""
    last = session.scalars(select(IntakeNeedEvent).where(IntakeNeedEvent.need_id == need_id)
                           .order_by(IntakeNeedEvent.seq.desc()).limit(1)).first()
    if last is None or last.transition != "send_back":
        return None
    return last.note or ""


def chats_of_needs(*, session: Session, need_ids: Collection[str]) -> dict[str, str]:
    """Each of these needs' conversation id (:func:`session_for_need`'s), those that have one, read together: the
    enterprise's needs page read each draft's conversation, and its need again, one draft at a time (issue 33)."""
    found: dict[str, str] = {}
    for chunk in in_chunks(sorted(set(need_ids))):
        rows = session.execute(select(IntakeSession.need_id, IntakeSession.id).where(IntakeSession.need_id.in_(chunk))
                               .order_by(IntakeSession.created_at.desc(), IntakeSession.id))
        for need_id, chat_id in rows:
            found.setdefault(need_id, chat_id)
    return found


def sent_back_questions(*, session: Session, need_ids: Collection[str]) -> dict[str, str]:
    """The coordinator's question of each of these needs the association sent back as unclear and that was not
    submitted again since (the others are not in the answer), read together. Its latest send_back, not its latest
    step: amended in the chat, the need is confirmed again (draft → ready), and the card on /needs lost the
    question and every sign that it was returned (a new user's trial, 2026-11-29)."""
    found: dict[str, str] = {}
    for chunk in in_chunks(sorted(set(need_ids))):
        back = select(IntakeNeedEvent.need_id, func.max(IntakeNeedEvent.seq).label("seq")) \
            .where(IntakeNeedEvent.need_id.in_(chunk), IntakeNeedEvent.transition == "send_back") \
            .group_by(IntakeNeedEvent.need_id).subquery()
        step = aliased(IntakeNeedEvent)  # the steps after it (the outer IntakeNeedEvent is the send_back)
        later = exists().where(step.need_id == back.c.need_id, step.seq > back.c.seq, step.transition == "publish")
        rows = session.execute(select(IntakeNeedEvent.need_id, IntakeNeedEvent.note).join(
            back, and_(IntakeNeedEvent.need_id == back.c.need_id, IntakeNeedEvent.seq == back.c.seq))
            .where(~later))
        found.update({need_id: note or "" for need_id, note in rows})
    return found


# The statuses a need sent back and not yet submitted again can have: a draft, or confirmed again (draft → ready).
_NOT_SUBMITTED = tuple(s.value for s in NeedStatus if lifecycle.allows(s.value, "publish"))


def returned_needs(*, session: Session, enterprise_id: str, limit: int = 200) -> list[ReturnedNeed]:
    """The enterprise's needs the association sent back as unclear and that were not submitted again since, newest
    first (as :func:`list_needs`), each with its latest send_back's question and moment, in one statement of those
    fields alone. The chat page loaded up to 200 of the enterprise's needs whole, every field decoded, on each view to
    find these (then read their questions apart, :func:`sent_back_questions`)."""
    back = select(IntakeNeedEvent.need_id, func.max(IntakeNeedEvent.seq).label("seq")) \
        .join(IntakeNeed, IntakeNeed.id == IntakeNeedEvent.need_id) \
        .where(IntakeNeed.enterprise_id == enterprise_id, IntakeNeed.status.in_(_NOT_SUBMITTED),
               IntakeNeedEvent.transition == "send_back") \
        .group_by(IntakeNeedEvent.need_id).subquery()
    step = aliased(IntakeNeedEvent)  # the steps after it (the joined IntakeNeedEvent is the send_back)
    later = exists().where(step.need_id == back.c.need_id, step.seq > back.c.seq, step.transition == "publish")
    rows = session.execute(
        select(IntakeNeed.id, IntakeNeed.data["title"].as_string().label("title"), IntakeNeedEvent.note,
               IntakeNeedEvent.at)
        .join(back, back.c.need_id == IntakeNeed.id)
        .join(IntakeNeedEvent, and_(IntakeNeedEvent.need_id == back.c.need_id, IntakeNeedEvent.seq == back.c.seq))
        .where(~later).order_by(IntakeNeed.created_at.desc(), IntakeNeed.id).limit(limit))
    return [ReturnedNeed(need_id=need_id, title=title, question=note or "", returned_at=at)
            for need_id, title, note, at in rows]


@contextmanager
def _conversation_unchanged() -> Iterator[None]:
    """Two messages (or card edits, or a coordinator's question sent back with the need) of one conversation at once
    both read it; the later write would replace the earlier's turn and fields. ``IntakeSession.version`` makes that
    write match no row: refused, nothing stored, and the person sends again on top of what the other changed. Every
    write of a stored conversation goes through here (:func:`post_message`, :func:`edit_fields`,
    :func:`_ask_in_chat`); a new one is an insert, kept to one per need by its unique ``need_id``."""
    try:
        yield
    except StaleDataError:
        raise ConflictError("这段对话刚刚有另一条消息或修改，请重新发送 / the conversation changed meanwhile (another "
                            "message or edit); send yours again", field="session_id",
                            code="conversation_changed") from None


def post_message(*, session: Session, session_id: str, text: str, today: date | None = None,
                 reader: IntakeReader = DETERMINISTIC, by: Acting | None = None,
                 page_language: str | None = None) -> SessionView:
    """Add the enterprise's next message: update the draft, then ask the next question or finish (a complete draft
    is then confirmed, recorded as ``by``'s step; ``None``: the platform's). ``page_language``: the language of
    the page it was typed on, which the reply follows (``reply_language``). A message that lost a race with another
    of the same conversation is refused (:func:`_conversation_unchanged`)."""
    with _conversation_unchanged():
        return _post_message(session=session, session_id=session_id, text=text, today=today, reader=reader, by=by,
                             page_language=page_language)


def _post_message(*, session: Session, session_id: str, text: str, today: date | None, reader: IntakeReader,
                  by: Acting | None, page_language: str | None) -> SessionView:
    row = _session_row(session, session_id)
    text = _check_text(text)  # raises before anything changes
    need_row = _need_row(session, row.need_id)
    draft = _load_need(need_row)
    day = today or (date.fromisoformat(row.today) if row.today else china_time.today())
    if not conversation.is_readable(text):
        msg = conversation.UNREADABLE[1 if reply_language(page_language, row.language) == "en" else 0]
        return _view(row, draft, question=msg, error="unreadable",
                     language=reply_language(page_language, row.language))
    over = dialogue.starts_over(simplified(text))
    if over is not None:
        return _start_over(session, row, draft, text, text[over:].strip(" ，,。.!！?？;；:：-—\n"), today=day,
                           reader=reader, by=by, page_language=page_language)
    said = simplified("\n".join(t["text"] for t in row.turns if t.get("role") == "user"))
    state = _state(row)
    pending = state.asked
    # (traditional characters read as simplified, the message kept as typed: p123 of the twelfth probe)
    # (a bare "可以" / "保密" / "yes" / "no" right after the publishing question answers it; any other message is read
    # as usual)
    need, state, move = dialogue.answer_publishing(draft, state, text) or dialogue.understand(
        draft, state, simplified(text), today=day, said=said, read=lambda body: reader.read_message(body, today=day))
    # (a courtesy or closing says nothing of the need: "Thanks, that's all for now." joined the description)
    # Nor does a question about the platform that changes nothing ("谁来做这个项目？", "How long does the testing itself
    # usually take?" joined it: the description is what coordinators read and the public summary is cut from; the
    # eighth probe); a first message that only asked one gives way to the first that says something of the need
    # ("Hi, how much does it cost to post a need here?" opened the description). A wish no field holds is kept.
    asks_only = move.question_back and not move.changed and not move.preferences
    # (nor does a qualification left to the platform, said alone: the field holds it)
    asks_only = asks_only or (move.changed == {"qualifications": "open"}
                              and dialogue.only_leaves_qualifications_open(simplified(text)))
    need.text = draft.text if move.courtesy or asks_only else conversation.compose_text(
        "" if dialogue.only_asks(draft.text) else draft.text, text,
        adds=move.changed.get("service_types") == "added" or bool(move.preferences) or bool(move.details)
        or move.kept or bool(move.background))
    dialogue.industry_follows(draft, need, state, need.text)
    need.missing = dialogue.missing(need, state)
    need.sources = _sources(need, state, move.changed)
    Need.model_validate(need.model_dump())  # a draft that does not validate is never stored
    turns: list[dict[str, Any]] = [{"role": "user", "text": text[:MAX_STORED_TURN_CHARS]}]
    other = unsupported_language(clean_text(text))
    field = dialogue.next_field(need, state, move)
    language = reply_language(page_language, need.language)
    question = _question(reader, need, field, language, phrase=other is None,
                         reasked=field is not None and field == pending)
    state = dialogue.ask(state, field)
    publishing = other is None and dialogue.publish_question_due(need, state, field, submission.blockers(need))
    answer = conversation.reply(before=draft, after=need, changed=move.changed, question=question,
                                reasked=field is not None and field == pending, question_back=move.question_back,
                                blockers=submission.blockers(need), not_given=dialogue.not_given(need, state),
                                language=language,
                                past=(move.past_deadline, day) if move.past_deadline is not None else None,
                                asked_about=move.asked_about, unread_correction=move.unread_correction,
                                courtesy=move.courtesy, not_wanted=move.not_wanted,
                                preferences=move.preferences, restated=move.restated, reopened=move.reopened,
                                proposed=[ServiceType(t) for t in state.proposed], details=move.details,
                                background=move.background, done_said=not publishing)
    if other is not None:
        answer = conversation.UNSUPPORTED + "\n" + answer
    # the description the coordinator reads follows a correction of a field its words state ("预算5万", then "不对，
    # 预算是8万"), as the card does
    need.text = conversation.follow_corrections(need.text, draft, need, today=day)
    if publishing:  # the last thing said, in place of "信息已足够": the need is not done while it waits
        answer += "\n" + _publishing_question(need, language)  # (the preview of the description as stored)
        state = dialogue.ask_publishing(state)
    row.state = state.model_dump(mode="json")
    row.done = False
    return _advance(session, row, need, turns, field, question, answer=answer, language=language,
                    error="unsupported_language" if other is not None else None, by=by)


def _start_over(session: Session, row: IntakeSession, draft: Need, text: str, rest: str, *, today: date,
                reader: IntakeReader, by: Acting | None, page_language: str | None) -> SessionView:
    """A request to start over: the card read anew from the words after it, as a first message is (nothing after
    them: an empty card and the first question), said back; what was said before it no longer counts (the twelfth
    probe's p126 kept the door hinges of the request it took back). The conversation's turns stay."""
    read = simplified(rest)
    need = dialogue.read_opener(read, lambda body: reader.read_message(body, today=today), today=today) if rest \
        else Need(text="", language=draft.language)
    need.text = rest
    need.id, need.enterprise, need.status, need.created_at = draft.id, draft.enterprise, draft.status, draft.created_at
    state = dialogue.open_dialogue(need, read)
    need.missing = dialogue.missing(need, state)
    language = reply_language(page_language, need.language if rest else row.language)
    field = dialogue.next_field(need, state, None)
    question = _question(reader, need, field, language, phrase=True)
    row.asked = []
    row.state = dialogue.ask(state, field).model_dump(mode="json")
    row.done = False
    noted = conversation.understood(need, language) if rest else None
    answer = "\n".join(p for p in (conversation.STARTED_OVER[1 if language == "en" else 0], noted,
                                    question or conversation.DONE[1 if language == "en" else 0]) if p)
    turns: list[dict[str, Any]] = [{"role": "user", "text": text[:MAX_STORED_TURN_CHARS]}]
    return _advance(session, row, need, turns, field, question, answer=answer, language=language, by=by)


def refinement_inputs(*, session: Session, need_id: str) -> tuple[Need, str, frozenset[str]]:
    """What the submission's LLM pass reads: the need, everything the enterprise said (its conversation's messages
    in order, or the need's own words when it was made without the chat), and the fields it must not change —
    those the enterprise set, corrected, declined or typed on the card."""
    need = _load_need(_need_row(session, need_id))
    row = _latest_session_row(session, need_id)
    said = [t["text"] for t in (row.turns if row is not None else []) if t.get("role") == "user"]
    state = _state(row) if row is not None else dialogue.DialogueState()
    protected = {n for n, how in state.settled.items() if how in ("answer", "correction", "card")}
    protected |= set(state.declined) | {n for n, who in need.sources.items() if who == "user"}
    return need, "\n".join(said) or need.text, frozenset(protected)


def store_refinement(*, session: Session, need: Need) -> Need:
    """The need with what the LLM pass filled and its brief (``intake.refine``); its status is kept as stored."""
    row = _need_row(session, need.id or "")
    need = need.model_copy(update={"status": NeedStatus(row.status)})
    return save_need(session=session, need=need)


def edit_fields(*, session: Session, session_id: str, changes: dict[str, Any],
                reader: IntakeReader = DETERMINISTIC, by: Acting | None = None,
                page_language: str | None = None) -> SessionView:
    """Fields the enterprise set on the need card: taken as corrections (never overwritten by a later reading
    unless the enterprise says so again), and said back in the conversation like any correction. A draft they
    complete, with nothing left to ask, is confirmed (``by``'s step; ``None``: the platform's). An edit that lost a
    race with a message of the same conversation is refused (:func:`_conversation_unchanged`)."""
    with _conversation_unchanged():
        return _edit_fields(session=session, session_id=session_id, changes=changes, reader=reader, by=by,
                            page_language=page_language)


def _edit_fields(*, session: Session, session_id: str, changes: dict[str, Any], reader: IntakeReader,
                 by: Acting | None, page_language: str | None) -> SessionView:
    row = _session_row(session, session_id)
    draft = _load_need(_need_row(session, row.need_id))
    if not lifecycle.allows(draft.status, "publish"):  # submitted: publishing was its first step
        raise ConflictError("需求已提交，不能在对话中修改 / the need was submitted; it is not changed in the chat",
                            field="session_id", code="need_submitted")
    unknown = set(changes) - set(dialogue.FIELDS_ON_CARD) - {"title"}
    if unknown:
        raise InnodockError(f"不能在卡片上修改这些字段 / not editable on the card: {', '.join(sorted(unknown))}",
                            field=sorted(unknown)[0])
    day = date.fromisoformat(row.today) if row.today else china_time.today()
    # The budget left open ("看情况", "面议", "待定") is read as the chat reads the same answer: not given, and not
    # asked again (it was refused as an amount that could not be read).
    declined = [name for name, value in changes.items()
                if name == "budget" and isinstance(value, str) and budget_declined(value, answer=True)]
    changes = {name: _typed(name, "" if name in declined else value, day) for name, value in changes.items()}
    try:
        typed = Need.model_validate({**draft.model_dump(mode="json"), **changes})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or next(iter(changes), None)
        raise InnodockError(f"字段内容不正确 / invalid value: {first.get('msg')}", field=where) from None
    state = _state(row)
    values = {name: getattr(typed, name) for name in changes if name != "title"}
    need, state, move = dialogue.card_edit(draft, state, values, declined)
    dialogue.industry_follows(draft, need, state, need.text)
    if "title" in changes and typed.title is None:  # cleared: the title is derived again, never left empty
        need.sources = {k: v for k, v in need.sources.items() if k != "title"}
        need.title = publish.derive_title(need)
    elif "title" in changes:
        need.title = typed.title
        need.sources = {**need.sources, "title": "user"}
    need.missing = dialogue.missing(need, state)
    need.sources = _sources(need, state, move.changed)
    pending = state.asked
    if pending is not None and pending in need.missing:
        field: str | None = pending  # still waiting for that answer: asked again, not counted as asked again
    else:
        field = dialogue.next_field(need, state, None)
        state = dialogue.ask(state, field)
    # The card speaks the conversation's language: the page's, or the one its replies were last in.
    language = reply_language(page_language, row.language or need.language)
    question = _question(reader, need, field, language)
    need.text = conversation.follow_corrections(need.text, draft, need, today=day)  # (as a message's correction)
    text = conversation.acknowledge(draft, need, move.changed, language) or ""
    if "title" in changes and need.title != draft.title:
        said = ((f"Title set: {need.title}" if language == "en" else f"已改标题：{need.title}") if typed.title
                else (f"Title made from the need again: {need.title}" if language == "en"
                      else f"标题已按需求重新生成：{need.title}"))
        text = ((text + "\n") if text else "") + said
    if not text:
        return _view(row, need, question=question, language=language)  # nothing changed: nothing said
    row.language = language
    if dialogue.publish_question_due(need, state, field, submission.blockers(need)):
        text += "\n" + _publishing_question(need, language)  # in place of "信息已足够", the last thing said
        state = dialogue.ask_publishing(state)
    else:
        text += "\n" + (question or conversation.DONE[1 if language == "en" else 0])
    row.state = state.model_dump(mode="json")
    row.ask_field = field
    row.done = field is None
    row.turns = [*row.turns, {"role": "assistant", "text": text}]
    need = save_need(session=session, need=need)
    if field is None:
        need = confirm_if_complete(session=session, need=need, by=by)
    session.flush()
    return _view(row, need, question=question, language=language)


def _typed(name: str, value: Any, today: date) -> Any:
    """A card field as the enterprise typed it, read with intake's own readers where it is words: "15万",
    "十五万", "10到30万" for the budget, "三个月内" for the deadline, "江苏苏州" for the region. A value that cannot
    be read is refused naming the field, with what to write instead."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if name == "budget":
        if not text:
            return {"min_yuan": None, "max_yuan": None}
        if text[0] in "-−－负":  # the readers take the digits and drop the sign: "-5万" was stored as 50,000 元
            raise InnodockError("预算不能是负数 / the budget cannot be negative", field="budget")
        if re.fullmatch(r"\d[\d,]*", text):
            amount = int(text.replace(",", ""))
            budget = Budget(min_yuan=amount, max_yuan=amount)
        else:
            budget = extract_budget("预算" + text)
        if budget.is_empty:
            raise InnodockError("没能读出预算，请写成“15万”“十五万”或“10到30万” / could not read the budget; write "
                                "e.g. 150000, RMB 150,000 or RMB 100,000-300,000", field="budget")
        if max(budget.min_yuan or 0, budget.max_yuan or 0) > MAX_BUDGET_YUAN:
            raise InnodockError(f"预算超过{MAX_BUDGET_YUAN // 100_000_000}亿元，请核对金额 / the budget is over RMB "
                                f"{MAX_BUDGET_YUAN:,}; please check the amount", field="budget")
        return budget.model_dump()
    if name == "deadline":
        if not text:
            return None
        try:
            found = date.fromisoformat(text)
        except ValueError:
            read = extract_deadline(text, today) or extract_deadline(text + "内", today) \
                or passed_deadline(text, today, answer=True)  # "2025年3月前": refused below as past, not unreadable
            if read is None:
                raise InnodockError("没能读出期限，请选一个日期，或写“三个月内”“年底前” / could not read the deadline; "
                                    "pick a date or write e.g. within three months", field="deadline") from None
            found = read
        # a date already past is no deadline a provider can meet (found walking the card); the chat keeps the same
        # rule (intake.extract.deadline.deadline_passed) and says the same words
        if deadline_passed(found, today):
            raise InnodockError(f"{conversation.past_deadline_text(found, today, 'zh')} / "
                                f"{conversation.past_deadline_text(found, today, 'en')}", field="deadline")
        return found.isoformat()
    if name == "region":
        if not text:
            return {"province": None, "city": None}
        region, _ = extract_region(text)
        if not region.province:
            raise InnodockError("没能读出地区，请写省市，例如“江苏苏州” / could not read the region; write a province "
                                "and city, e.g. Suzhou, Jiangsu", field="region")
        return region.model_dump()
    if name in ("product", "title"):
        return text or None
    if name == "industry":  # a group picked or typed in either language, stored by its Chinese name
        if len(text) > SHORT_TEXT_MAX:
            raise InnodockError(f"行业最多{SHORT_TEXT_MAX}个字 / the industry is at most {SHORT_TEXT_MAX} characters",
                                field="industry")
        return industry_as_named(text)
    return value


def publish_need(*, session: Session, need_id: str, edits: dict[str, Any] | None = None) -> PublicNeed:
    """Refine (optional coordinator edits) and publish; only the public view is visible to others from now on."""
    row = _need_row(session, need_id)
    need = _load_need(row)
    if edits:
        allowed = {"title", "industry", "product", "problem", "service_types", "region", "budget", "deadline",
                   "confidential", "redactions", "qualifications", "preferred_qualifications", "enterprise"}
        unknown = set(edits) - allowed
        if unknown:
            raise InnodockError(f"不能修改这些字段 / cannot edit: {', '.join(sorted(unknown))}", field="edits")
        try:
            need = Need.model_validate({**need.model_dump(), **edits})
        except ValueError as exc:
            raise InnodockError(f"修改内容不合法 / invalid edit: {exc}", field="edits") from exc
    if not need.service_types:
        raise InnodockError("发布前需确定服务类型 / choose a service type before publishing", field="service_types")
    before = row.status
    republish = NeedStatus(before) in PUBLIC_STATUSES  # an edit of a need already public: same status
    if not republish:
        _check_transition(row, "publish")
        need.status = NeedStatus.published
    view = publish.public_need(need, need_id)
    view.published_at = utcnow()
    _store_need(row, need)
    had_view = row.public is not None
    row.public = view.model_dump(mode="json")
    row.published_at = view.published_at
    _store_facets(session, need_id, view, replace=had_view)
    if not republish:
        _record(session, row, "publish", actor="system", note=None, to=NeedStatus.published, from_status=before)
    session.flush()
    return view


def _store_facets(session: Session, need_id: str, view: PublicNeed, *, replace: bool) -> None:
    """The feed's filter rows of a need, made from the view just published. ``replace``: the need had a view before
    (an edit, a resubmission), whose rows go first; a first publication has none, and a submission's statements are
    counted (tests/flows/test_submission_statements.py)."""
    if replace:
        session.execute(delete(IntakeNeedFacet).where(IntakeNeedFacet.need_id == need_id))
    facets = sorted(view.facets())
    if facets:
        session.execute(insert(IntakeNeedFacet), [{"need_id": need_id, "facet": facet, "value": value}
                                                  for facet, value in facets])


NEED_SORTS: tuple[str, ...] = ("oldest", "newest", "deadline", "budget")


def _field(*path: str) -> ColumnElement[str]:
    """A string of the stored need (``data``, what its enterprise and coordinators read whole), in SQL."""
    return IntakeNeed.data[path if len(path) > 1 else path[0]].as_string()


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _folded(session: Session, text: ColumnElement[str]) -> ColumnElement[str]:
    """``text`` case-folded as a card's words are (``str.casefold``). SQLite's lower() lowers ASCII letters only, so
    there the connection is given Python's own fold; PostgreSQL's lower() lowers every letter, which is the fold but
    for a few letters that fold to two (ß: ss)."""
    raw = session.connection().connection.driver_connection
    if session.get_bind().dialect.name != "sqlite" or raw is None:
        return func.lower(text)
    raw.create_function("innodock_casefold", 1, _casefold, deterministic=True)
    return func.innodock_casefold(text)


def _words(session: Session) -> ColumnElement[str]:
    """What a card read whole searches (``flows.worklists.NeedCard.words``): title, product, industry, province,
    city, enterprise and the first 200 characters of the text, the empty ones left out, each followed by a space
    (a search is stripped, so the last space finds nothing the card's words would not)."""
    parts = [_field("title"), _field("product"), _field("industry"), _field("region", "province"),
             _field("region", "city"), _field("enterprise", "name"), func.substr(_field("text"), 1, 200)]
    joined: ColumnElement[str] = func.coalesce(func.nullif(parts[0], "") + " ", "")
    for part in parts[1:]:
        joined = joined + func.coalesce(func.nullif(part, "") + " ", "")
    return _folded(session, joined)


def _budget_most() -> ColumnElement[int]:
    """The card's ``budget_max``: the top of the range, else its floor (a top of 0 counts as none, as ``or`` does)."""
    top = IntakeNeed.data[("budget", "max_yuan")].as_integer()
    return case((func.coalesce(top, 0) != 0, top), else_=IntakeNeed.data[("budget", "min_yuan")].as_integer())


def needs_filtered(*, session: Session, need_ids: Sequence[str], q: str = "", service_type: ServiceType | None = None,
                   province: str | None = None, sort: str = "oldest", limit: int | None = None, offset: int = 0,
                   marked: Collection[str] = ()) -> NeedsFound:
    """Of ``need_ids`` (in the caller's order: a work list's, oldest first), those whose stored need — as it is read
    whole, by its enterprise and the coordinators that serve it — has the service type, the province and the words
    asked for, ordered as asked, and ``limit`` of them from ``offset`` (all when None; none when 0); with how many
    pass, and how many of those are in ``marked`` (a work list's pending ones). ``deadline``: soonest first,
    ``budget``: the largest first, those without one last; ties and ``oldest`` keep the caller's order, ``newest``
    reverses it. An id that names no need passes no filter and sorts last, as a card the viewer cannot read does.
    One statement in SQL over the stored needs, none of them read (the page's are read after), the counts beside the
    page.

    Not for a viewer that reads a need at a lower level (a center's summary, scrubbed strings): its words are not
    these, and the need-to-know rule says what it may search (``flows.worklists``)."""
    if sort not in NEED_SORTS:
        raise InnodockError(f"未知的排序 / unknown sort: {sort[:40]}", field="sort")
    ids = list(dict.fromkeys(need_ids))
    if not ids:
        return NeedsFound(ids=[], total=0, marked=0)
    marks = set(marked)
    queued = values(column("need_id", String), column("rank", Integer), column("mark", Integer), name="queued",
                    literal_binds=True).data([(need_id, rank, int(need_id in marks))
                                              for rank, need_id in enumerate(ids)]).cte("queued")
    passing = queued.outerjoin(IntakeNeed, IntakeNeed.id == queued.c.need_id)
    where: list[ColumnElement[bool]] = []
    if service_type is not None:  # a code is in the list's JSON text as itself in quotes, in SQLite and PostgreSQL
        listed = cast(IntakeNeed.data["service_types"], String)
        where.append(listed.contains(f'"{service_type.value}"', autoescape=True))
    if province is not None:
        where.append(_field("region", "province") == province)
    if q:
        where.append(_words(session).contains(q.casefold(), autoescape=True))
    if limit != 0:
        query = select(queued.c.need_id, func.count().over(), func.sum(queued.c.mark).over()) \
            .select_from(passing).where(*where)
        if sort == "deadline":
            due = _field("deadline")
            query = query.order_by(case((due.is_(None), 1), else_=0), due, queued.c.rank)
        elif sort == "budget":
            most = _budget_most()
            query = query.order_by(case((most.is_(None), 1), else_=0), most.desc(), queued.c.rank)
        else:
            query = query.order_by(queued.c.rank.desc() if sort == "newest" else queued.c.rank)
        if limit is not None:
            query = query.limit(limit).offset(offset)
        rows = session.execute(query).all()
        if rows or offset == 0:
            return NeedsFound(ids=[r[0] for r in rows], total=int(rows[0][1]) if rows else 0,
                              marked=int(rows[0][2] or 0) if rows else 0)
    counted = session.execute(select(func.count(), func.sum(queued.c.mark)).select_from(passing).where(*where)).one()
    return NeedsFound(ids=[], total=int(counted[0] or 0), marked=int(counted[1] or 0))


def needs_filter_values(*, session: Session, need_ids: Sequence[str]) -> tuple[list[ServiceType], list[str]]:
    """The service types (in the vocabulary's order) and provinces (sorted) of these needs as read whole: what a
    work list's filters offer, read in SQL without the needs."""
    kinds: set[str] = set()
    provinces: set[str] = set()
    ids = sorted(set(need_ids))
    for chunk in (ids[i:i + 900] for i in range(0, len(ids), 900)):
        rows = session.execute(select(cast(IntakeNeed.data["service_types"], String), _field("region", "province"))
                               .where(IntakeNeed.id.in_(chunk)).distinct())
        for listed, province in rows:
            kinds.update(json.loads(listed) if listed else ())
            if province:
                provinces.add(province)
    return [s for s in ServiceType if s.value in kinds], sorted(provinces)


def public_view(*, session: Session, need_id: str) -> PublicNeed:
    """The published version, the only one anyone but the enterprise and its coordinators sees."""
    row = session.get(IntakeNeed, need_id)
    if row is None or row.public is None or NeedStatus(row.status) not in PUBLIC_STATUSES:
        raise NotFoundError(f"未发布的需求 / no published need: {need_id}", field="need_id")
    return PublicNeed.model_validate(row.public)


def list_needs(*, session: Session, enterprise_id: str | None = None, status: NeedStatus | None = None,
               limit: int = 50, offset: int = 0, submitted_by: str | None = None,
               or_enterprise_ids: Sequence[str] = (), or_association_id: str | None = None) -> tuple[list[Need], int]:
    """A page of needs, newest first, with the total: one enterprise's (``enterprise_id``), those an organisation
    submitted (``submitted_by``, or else of the enterprises in ``or_enterprise_ids``, or else an association's
    tenants, ``or_association_id``), or everyone's."""
    query = _listed(enterprise_id=enterprise_id, status=status, submitted_by=submitted_by,
                    or_enterprise_ids=or_enterprise_ids, or_association_id=or_association_id)
    rows, total = _page_of(session, query, (IntakeNeed,), limit=limit, offset=offset)
    return [_load_need(r[0]) for r in rows], total


def has_needs(*, session: Session, enterprise_id: str) -> bool:
    """Whether the enterprise has any need at all (a draft included), as one existence query on the indexed
    ``enterprise_id``: where its login lands asks only this, and a page of one whole need with the count of all of
    them (:func:`list_needs`) decoded the need's JSON and counted every need of the enterprise for a yes or no."""
    return bool(session.scalar(select(exists().where(IntakeNeed.enterprise_id == enterprise_id))))


# What a summary shows of the need's data, each read by its JSON path: the fields of the whole need it was made from.
_SUMMARY_PATHS = ("title", "confidential", "service_types", "created_at")


def list_need_summaries(*, session: Session, enterprise_id: str | None = None, status: NeedStatus | None = None,
                        limit: int = 50, offset: int = 0, submitted_by: str | None = None,
                        or_enterprise_ids: Sequence[str] = (),
                        or_association_id: str | None = None) -> tuple[list[NeedSummary], int]:
    """:func:`list_needs`' page (the same needs, order and total) as summaries: the id, the status (its column) and
    the four fields a list shows read from the need's data by their JSON paths. Loading the needs whole decoded
    every field of each (the text, the brief, the sources) and made them rows of the session for six fields (issue
    33, the enterprise's ``GET /needs``)."""
    query = _listed(enterprise_id=enterprise_id, status=status, submitted_by=submitted_by,
                    or_enterprise_ids=or_enterprise_ids, or_association_id=or_association_id)
    fields = (IntakeNeed.id, IntakeNeed.status, IntakeNeed.data["title"].as_string().label("title"),
              IntakeNeed.data["confidential"].as_boolean().label("confidential"),
              IntakeNeed.data["service_types"].label("service_types"),
              IntakeNeed.data["created_at"].as_string().label("created_at"))
    rows, total = _page_of(session, query, fields, limit=limit, offset=offset)
    # A path the data lacks (or holds null) reads as None: the field's default, as the whole need gave it.
    return [NeedSummary.model_validate({"id": r.id, "status": r.status, **{
        name: getattr(r, name) for name in _SUMMARY_PATHS if getattr(r, name) is not None}}) for r in rows], total


def _listed(*, enterprise_id: str | None, status: NeedStatus | None, submitted_by: str | None,
            or_enterprise_ids: Sequence[str], or_association_id: str | None) -> Select[Any]:
    """The needs a list admits (:func:`list_needs`' filters)."""
    query = select(IntakeNeed)
    if enterprise_id is not None:
        query = query.where(IntakeNeed.enterprise_id == enterprise_id)
    if submitted_by is not None:
        clauses = [IntakeNeed.submitted_by == submitted_by, IntakeNeed.enterprise_id.in_(list(or_enterprise_ids))]
        if or_association_id is not None:
            clauses += [IntakeNeed.association_id == or_association_id, IntakeNeed.association_id.is_(None)]
        query = query.where(or_(*clauses))
    if status is not None:
        query = query.where(IntakeNeed.status == status.value)
    return query


def _page_of(session: Session, query: Select[Any], columns: Sequence[Any], *, limit: int,
             offset: int) -> tuple[list[Any], int]:
    """A page of ``query``'s needs as ``columns``, newest first, and the total, which is each row's last column."""
    # The total beside the page, in the page's statement (issue 33: a count(*) of its own before each page): each
    # passing need's count of all that pass, over their ids and order alone, then the page's rows joined to it.
    passing = query.with_only_columns(IntakeNeed.id, IntakeNeed.created_at,
                                      func.count().over().label("total")).subquery()
    page = select(passing).order_by(passing.c.created_at.desc(), passing.c.id).limit(limit).offset(offset).subquery()
    rows = list(session.execute(select(*columns, page.c.total).join(page, page.c.id == IntakeNeed.id)
                                .order_by(page.c.created_at.desc(), page.c.id)).all())
    total = rows[0][-1] if rows else _count_past_the_end(session, query, past=offset > 0)
    return rows, int(total)


def _count_past_the_end(session: Session, query: Select[Any], *, past: bool) -> int:
    """The total when the page came back empty, so that no row carried it: none pass at all on a first page, and a
    page past the end (an offset beyond the last need, a cursor after it) counts them apart, one statement more."""
    return (session.scalar(select(func.count()).select_from(query.subquery())) or 0) if past else 0


class PublicPage(NamedTuple):
    """A page of the feed: the public views, how many the filters admit (whatever the cursor), and the cursor after
    the page's last need when the page is full (a later page may hold more), else None."""

    items: list[PublicNeed]
    total: int
    next: FeedCursor | None


def list_public_needs(*, session: Session, limit: int = 20, offset: int = 0,
                      filters: FeedFilter | None = None) -> PublicPage:
    """A page of published needs' public views, newest first, with the total of those ``filters`` admit.

    One query for the page: reading the list and then each view separately would, under concurrent reviews, find a
    need accepted in between and fail; here a need accepted meanwhile is simply not on the page.
    """
    query = select(IntakeNeed).where(IntakeNeed.status.in_([st.value for st in PUBLIC_STATUSES]))
    # Newest published first (an edit republishes), so a site polling the first page sees what is new even when
    # it was drafted before needs published earlier; the id breaks ties, so the order is total and a cursor exact.
    newest = func.coalesce(IntakeNeed.published_at, IntakeNeed.created_at)
    if filters is not None:
        for facet, values in filters.by_facet().items():
            query = query.where(IntakeNeed.id.in_(
                select(IntakeNeedFacet.need_id).where(IntakeNeedFacet.facet == facet,
                                                      IntakeNeedFacet.value.in_(values))))
        if filters.since is not None:
            query = query.where(IntakeNeed.published_at >= filters.since)
    # The total (the filters', whatever the cursor) beside the page, in one statement (issue 33): counted over the
    # passing needs' ids and order alone, before the cursor and the page narrow them; the page's rows joined after.
    passing = query.with_only_columns(IntakeNeed.id, newest.label("newest"),
                                      func.count().over().label("total")).subquery()
    after: list[ColumnElement[bool]] = []
    if filters is not None and filters.before is not None:
        at, need_id = filters.before.at, filters.before.need_id
        after.append(or_(passing.c.newest < at, and_(passing.c.newest == at, passing.c.id < need_id)))
    page = select(passing).where(*after).order_by(passing.c.newest.desc(), passing.c.id.desc()) \
        .limit(limit).offset(offset).subquery()
    # The page's public views alone: the whole needs (their data, decoded) were read and made into rows of the session
    # for nothing on every page (issue 33).
    rows = list(session.execute(select(IntakeNeed.id, IntakeNeed.public, page.c.newest, page.c.total)
                                .join(page, page.c.id == IntakeNeed.id)
                                .order_by(page.c.newest.desc(), page.c.id.desc())))
    total = rows[0].total if rows else _count_past_the_end(session, query, past=offset > 0 or bool(after))
    items = [PublicNeed.model_validate(r.public) for r in rows if r.public is not None]
    last = rows[-1] if rows and len(rows) == limit else None
    return PublicPage(items=items, total=int(total),
                      next=FeedCursor(at=last.newest, need_id=last.id) if last is not None else None)


def list_open_needs(*, session: Session, published_only: bool = False) -> list[Need]:
    """Needs that can still be grouped or matched: ready or public and open; ``published_only``: submitted ones only
    (a need no provider fits is a candidate for a common problem, seed 002)."""
    public = [st.value for st in PUBLIC_STATUSES]
    statuses = public if published_only else [NeedStatus.ready.value, *public]
    rows = session.scalars(select(IntakeNeed).where(IntakeNeed.status.in_(statuses)).order_by(IntakeNeed.created_at))
    return [_load_need(r) for r in rows]


def store_groups(*, session: Session, groups: Sequence[ProblemGroup]) -> list[ProblemGroup]:
    """Store common-problem groups computed elsewhere (the matcher); a group needs ≥ 2 known needs."""
    out: list[ProblemGroup] = []
    for group in groups:
        ids = list(dict.fromkeys(group.need_ids))
        if len(ids) < 2:
            raise InnodockError("共性难题至少包含两个需求 / a group needs at least two needs", field="need_ids")
        for need_id in ids:
            _need_row(session, need_id)
        row = IntakeProblemGroup(id=group.id or _new_id(), title=group.title, summary=group.summary, need_ids=ids,
                                 published=False)
        session.merge(row)
        out.append(ProblemGroup(id=row.id, title=row.title, summary=row.summary, need_ids=ids, published=False))
    session.flush()
    return out


def group_open_needs(*, session: Session, grouping: GroupingFn, title_for: Callable[[list[Need]], str] | None = None
                     ) -> list[ProblemGroup]:
    """Ask ``grouping`` (e.g. the matcher's ``group_needs``) to cluster the published needs, then store its groups.

    Only needs their enterprises submitted take part: a saved draft is nobody's public problem yet."""
    needs = list_open_needs(session=session, published_only=True)
    by_id = {n.id: n for n in needs}
    groups: list[ProblemGroup] = []
    for ids in grouping(needs):
        members = [by_id[i] for i in ids if i in by_id]
        if len(members) < 2 or len({_enterprise_key(m) for m in members}) < 2:
            continue
        title = title_for(members) if title_for else publish.group_title(
            [publish.public_need(m, m.id or "") for m in members])
        groups.append(ProblemGroup(title=title, need_ids=[m.id or "" for m in members]))
    return store_groups(session=session, groups=groups)


def _enterprise_key(need: Need) -> str:
    """A common problem (共性技术难题, seed 002) is one that several enterprises share: needs of one enterprise are
    one enterprise's problem, however similar. A need with no known enterprise counts as its own."""
    ent = need.enterprise
    if ent is not None and (ent.id or ent.name):
        return f"ent:{ent.id or ent.name}"
    return f"need:{need.id}"


def publish_group(*, session: Session, group_id: str) -> dict[str, Any]:
    """Publish a group with its members' public views only (confidential members stay redacted); members that are
    no longer published (withdrawn, or taken by a provider) are left out."""
    row = session.get(IntakeProblemGroup, group_id)
    if row is None:
        raise NotFoundError(f"共性难题不存在 / no such group: {group_id}", field="group_id")
    members = published_members(session=session, need_ids=row.need_ids)
    row.published = True
    row.published_at = utcnow()
    session.flush()
    return {"id": row.id, "title": row.title, "summary": row.summary,
            "needs": [m.model_dump(mode="json") for m in members]}


def published_versions(*, session: Session, need_ids: Sequence[str]) -> dict[str, PublicNeed]:
    """The versions these needs were published with, whatever their status now (a closed need keeps its public
    version): what a typical case shows once its client agreed. A need never published has none."""
    rows = session.scalars(select(IntakeNeed).where(IntakeNeed.id.in_(list(need_ids))))
    return {r.id: PublicNeed.model_validate(r.public) for r in rows if r.public is not None}


def published_members(*, session: Session, need_ids: Sequence[str]) -> list[PublicNeed]:
    """The public views of those of these needs that are published now, in the given order; the others (withdrawn,
    matched, deleted) are simply not members any more, so one enterprise's withdrawal never breaks a group."""
    rows = {r.id: r for r in session.scalars(select(IntakeNeed).where(IntakeNeed.id.in_(list(need_ids))))}
    out = []
    for need_id in need_ids:
        r = rows.get(need_id)
        if r is not None and NeedStatus(r.status) in PUBLIC_STATUSES and r.public is not None:
            out.append(PublicNeed.model_validate(r.public))
    return out


def list_groups(*, session: Session, published_only: bool = False) -> list[ProblemGroup]:
    query = select(IntakeProblemGroup).order_by(IntakeProblemGroup.created_at)
    if published_only:
        query = query.where(IntakeProblemGroup.published.is_(True))
    return [ProblemGroup(id=r.id, title=r.title, summary=r.summary, need_ids=list(r.need_ids), published=r.published)
            for r in session.scalars(query)]


__all__ = [
    "adopt_needs",
    "center_view",
    "clean_text",
    "extract",
    "get_need",
    "get_session",
    "group_open_needs",
    "list_groups",
    "list_need_summaries",
    "list_needs",
    "list_open_needs",
    "need_ids_reached",
    "need_owner",
    "post_message",
    "public_view",
    "publish_group",
    "publish_need",
    "published_members",
    "published_versions",
    "save_need",
    "start_session",
    "store_groups",
]


# ---- the need's lifecycle (intake.lifecycle) ----

def _check_transition(row: IntakeNeed, transition: str) -> NeedStatus:
    try:
        return NeedStatus(lifecycle.target_of(row.status, transition))
    except lifecycle.TransitionNotAllowed:
        allowed = ", ".join(lifecycle.allowed(row.status)) or "—"
        raise ConflictError(f"需求状态为 {row.status}，不能{transition}；可用：{allowed} / a {row.status} need cannot "
                            f"{transition}; allowed: {allowed}", field="status", code="need_transition") from None


def _record(session: Session, row: IntakeNeed, transition: str, *, actor: str, note: str | None,
            to: NeedStatus, from_status: str | None = None) -> None:
    """One row of the need's history, numbered next: one statement, the number read inside the INSERT. A
    submission's two transitions (published, queued) each sent a ``SELECT max(seq)`` and then the INSERT (issue 33).
    Two transactions recording a transition of one need at once are kept apart as before by the unique
    (need_id, seq), not by the read: on PostgreSQL the second counts without the first's uncommitted row, so its
    INSERT waits for the first to end and is refused if the first committed; SQLite lets one writer at a time."""
    following = (select(func.coalesce(func.max(IntakeNeedEvent.seq), 0) + 1)
                 .where(IntakeNeedEvent.need_id == row.id).scalar_subquery())
    session.execute(insert(IntakeNeedEvent).values(
        need_id=row.id, seq=following, transition=transition,
        from_status=from_status if from_status is not None else row.status, to_status=to.value, actor=actor,
        note=note, at=utcnow()))
    row.status = to.value


def advance_need(*, session: Session, need_id: str, transition: str, by: Acting | None, note: str | None = None,
                 ) -> Need:
    """Fire one lifecycle transition and write it to the need's history. ``by`` is who caused it (``None``: the
    platform itself); the roles that may are ``authz.tables.NEED_TRANSITION_ROLES``."""
    row = _need_row(session, need_id)
    if transition not in lifecycle.transitions():
        raise InnodockError(f"未知的需求状态变化 {transition!r} / unknown need transition", field="transition")
    if by is not None:
        check_role(f"need {transition}", by, NEED_TRANSITION_ROLES[transition])
    target = _check_transition(row, transition)
    actor = "system" if by is None else f"{by.role.value}:{by.id}"
    before = row.status
    _record(session, row, transition, actor=actor, note=(note or "").strip() or None, to=target,
            from_status=before)
    data = dict(row.data or {})
    data["status"] = target.value
    row.data = data
    if transition == "send_back":
        _ask_in_chat(session, need_id, (note or "").strip())
    session.flush()
    return _load_need(row)


def record_correction(*, session: Session, need_id: str, actor: str, note: str) -> None:
    """A coordinator's correction of the need's key fields (``flows.corrections``) as a row of its history,
    ``correct``, with who and what changed: no lifecycle step, so its status stays (from and to alike)."""
    row = _need_row(session, need_id)
    _record(session, row, "correct", actor=actor, note=note, to=NeedStatus(row.status))
    session.flush()


def confirm_if_complete(*, session: Session, need: Need, by: Acting | None) -> Need:
    """A stored draft the submission rule lets through (``intake.submission``) is ready to submit: its lifecycle's
    ``confirm`` (draft → ready), written to its history like every other step. Anything else is returned as it is."""
    if need.id is None or need.status != NeedStatus.draft or submission.blockers(need):
        return need
    return advance_need(session=session, need_id=need.id, transition="confirm", by=by)


def _ask_in_chat(session: Session, need_id: str, question: str) -> None:
    """A need sent back as unclear: the coordinator's question joins the need's conversation, where the enterprise
    answers it (a need without a conversation gets one when it is opened: :func:`open_session_for_need`)."""
    chat = _latest_session_row(session, need_id)
    if chat is None or not question:
        return
    with _conversation_unchanged():  # a message of the enterprise's stored meanwhile: refused, not a 500
        chat.turns = [*chat.turns, {"role": "coordinator", "text": question[:MAX_STORED_TURN_CHARS]}]
        chat.ask_field = None
        session.flush()


def need_allows(*, session: Session, need_id: str, transition: str) -> bool:
    """Whether the need exists and its status allows ``transition`` now (for steps caused by another workflow, which
    must not fail because a need was moved by hand in the meantime)."""
    row = session.get(IntakeNeed, need_id)
    return row is not None and transition in lifecycle.allowed(row.status)


def need_history(*, session: Session, need_id: str) -> list[NeedEventView]:
    _need_row(session, need_id)
    rows = session.scalars(select(IntakeNeedEvent).where(IntakeNeedEvent.need_id == need_id)
                           .order_by(IntakeNeedEvent.seq))
    return [NeedEventView(seq=r.seq, transition=r.transition,
                          from_status=NeedStatus(r.from_status) if r.from_status else None,
                          to_status=NeedStatus(r.to_status), actor=r.actor, note=r.note, at=r.at) for r in rows]
