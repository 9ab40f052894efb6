"""``innodock engagement …``: seed 000 Figure 1 at the terminal, through :mod:`flows.engagements` (a step moves the
need with it and is announced as ``engagement.state_changed``, as on the web)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from cli.acting import AsOpt, JsonOpt, VersionOpt, day, emit, json_arg, outbox, principal
from core import china_time
from core.db import session_scope
from core.errors import InnodockError
from core.settings import get_settings
from flows import engagements, workflow

engagement_app = typer.Typer(help="对接项目流程（seed 000 图1）/ engagement workflow", no_args_is_help=True)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


@engagement_app.command("list")
def engagement_list(
    as_: AsOpt,
    state: Annotated[str | None, typer.Option(help=" | ".join(workflow.states()))] = None,
    center: Annotated[str | None, typer.Option(help="只列此机构的 / only this center's")] = None,
    today: Annotated[str | None, typer.Option(help="计算逾期的日期 YYYY-MM-DD / date for overdue flags")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只列逾期项目 / only overdue")] = False,
    as_json: JsonOpt = False,
) -> None:
    """对接项目列表 / engagements the actor may see."""
    who = principal(as_, "engagement.read")
    on = day(today, "today") or (china_time.today() if overdue else None)
    with session_scope(get_settings()) as session:
        rows, _ = engagements.engagements(session=session, principal=who, state=state, center_id=center, today=on,
                                          overdue_only=overdue)
    if as_json:
        emit(list(rows))
        return
    table = Table(title=f"对接项目 engagements ({len(rows)})")
    for col in ("编号 id", "需求 need", "机构 center", "企业 enterprise", "状态 state", "版本 version",
                "期限 deadline", "逾期 overdue"):
        table.add_column(col)
    for e in rows:
        table.add_row(e.id, e.need_id, e.center_id, e.enterprise_id or "", workflow.state_label(e.state),
                      str(e.version), str(e.deadline or ""), {True: "是 yes", False: "", None: ""}[e.overdue])
    out.print(table)


@engagement_app.command("show")
def engagement_show(
    engagement_id: str,
    as_: AsOpt,
    today: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    as_json: JsonOpt = False,
) -> None:
    """项目详情、记录与事件历史 / one engagement with its records and event history."""
    who = principal(as_, "engagement.read")
    with session_scope(get_settings()) as session:
        detail = engagements.detail(session=session, principal=who, engagement_id=engagement_id,
                                    today=day(today, "today"))
    if as_json:
        emit(detail)
        return
    out.print(f"{detail.id}  {workflow.state_label(detail.state)}  version {detail.version}", markup=False)
    out.print(f"需求 need {detail.need_id} · 机构 center {detail.center_id} · 企业 enterprise "
              f"{detail.enterprise_id or ''} · 期限 deadline {detail.deadline or '-'}", markup=False)
    if detail.due_after_need is not None:
        out.print(f"注意 note: {detail.due_after_need.message}", markup=False)
    if detail.price_above_budget is not None:
        out.print(f"注意 note: {detail.price_above_budget.message}", markup=False)
    out.print(f"可执行 allowed: {', '.join(detail.allowed_transitions) or '-'}", markup=False)
    table = Table(title="事件历史 history")
    for col in ("#", "步骤 transition", "从 from", "到 to", "谁 who", "时间 at"):
        table.add_column(col)
    for e in detail.events:
        table.add_row(str(e.seq), e.transition, e.from_state or "", e.to_state, e.actor_id,
                      e.at.strftime("%Y-%m-%d %H:%M"))
    out.print(table)


@engagement_app.command("advance")
def engagement_advance(
    engagement_id: str,
    transition: Annotated[str, typer.Argument(help=" | ".join(workflow.transitions()))],
    as_: AsOpt,
    version: VersionOpt,
    payload: Annotated[str | None, typer.Option(help="JSON，如 {\"reason\": \"…\"} / step data")] = None,
    payload_file: Annotated[Path | None, typer.Option(help="JSON 文件 / step data file")] = None,
    as_json: JsonOpt = False,
) -> None:
    """推进流程一步 / fire one workflow transition."""
    data = json_arg(payload, payload_file, "payload") or {}
    if not isinstance(data, dict):
        raise InnodockError("payload 须为 JSON 对象 / payload must be a JSON object", field="payload")
    who = principal(as_, "engagement.act")
    with session_scope(get_settings()) as session:
        eng = engagements.advance(session=session, principal=who, engagement_id=engagement_id,
                                  transition=transition, version=version, payload=data, outbox=outbox())
    if as_json:
        emit(eng)
    else:
        err.print(f"{engagement_id}: {transition} → {workflow.state_label(eng.state)} (version {eng.version})",
                  markup=False)
    if eng.due_after_need is not None:  # said, not refused: the parties may have agreed a later day
        err.print(f"注意 note: {eng.due_after_need.message}", markup=False)
    if eng.price_above_budget is not None:  # said, not refused: the price may have been negotiated up
        err.print(f"注意 note: {eng.price_above_budget.message}", markup=False)


@engagement_app.command("record")
def engagement_record(
    engagement_id: str,
    kind: Annotated[str, typer.Argument(help=" | ".join(engagements.RECORD_KINDS))],
    as_: AsOpt,
    data: Annotated[str | None, typer.Option(help="JSON")] = None,
    data_file: Annotated[Path | None, typer.Option(help="JSON 文件 / file")] = None,
    as_json: JsonOpt = False,
) -> None:
    """登记记录（协议草稿、项目组、交付），供下一步使用 / file a record the next step will use (a draft agreement, the
    team, the delivery)."""
    body = json_arg(data, data_file, "data")
    if not isinstance(body, dict):
        raise InnodockError("请以 JSON 对象给出记录 / give the record as a JSON object", field="data")
    who = principal(as_, "engagement.act")
    with session_scope(get_settings()) as session:
        result: BaseModel = engagements.file_record(session=session, principal=who, engagement_id=engagement_id,
                                                    kind=kind, data=body)
    emit(result) if as_json else err.print(f"已登记 recorded {kind} for {engagement_id}", markup=False)


@engagement_app.command("feedback")
def engagement_feedback(
    engagement_id: str,
    as_: AsOpt,
    satisfaction: Annotated[int | None, typer.Option(min=1, max=5, help="满意度 1–5 / satisfaction")] = None,
    complaint: Annotated[str | None, typer.Option(help="投诉 / complaint")] = None,
    answer: Annotated[list[str] | None, typer.Option(
        help="五级问卷一题，ITEM=1..5，可重复；验收通过后一次 / one questionnaire answer, ITEM=1..5, repeatable; "
             "once, after acceptance")] = None,
    as_json: JsonOpt = False,
) -> None:
    """委托企业的满意度、五级问卷与投诉（团标 §5.2.7、§5.2.9）/ the client's satisfaction, questionnaire and
    complaint."""
    who = principal(as_, "engagement.act")
    answers: dict[str, int] | None = None
    if answer:
        answers = {}
        for pair in answer:
            item, sep, grade = pair.partition("=")
            if not sep or not grade.strip().isdigit():
                raise InnodockError(f"问卷答案应写成 ITEM=1..5，得到 {pair!r} / an answer is ITEM=1..5",
                                    field="answer")
            answers[item.strip()] = int(grade)
    with session_scope(get_settings()) as session:
        filed = engagements.file_feedback(session=session, principal=who, engagement_id=engagement_id,
                                          satisfaction=satisfaction, complaint=complaint, answers=answers,
                                          outbox=outbox())
    due = (f"，投诉处理期限 {filed.handling_due_on} / complaint to be handled by {filed.handling_due_on}"
           if filed.handling_due_on else "")
    emit(filed) if as_json else err.print(f"已登记 recorded feedback {filed.id} for {engagement_id}{due}",
                                          markup=False)


@engagement_app.command("handle")
def engagement_handle(
    engagement_id: str,
    feedback_id: int,
    as_: AsOpt,
    handling: Annotated[str, typer.Option(help="处理情况 / how it was handled")],
    unresolved: Annotated[bool, typer.Option("--unresolved", help="尚未解决 / not resolved yet")] = False,
    as_json: JsonOpt = False,
) -> None:
    """登记投诉处理情况；已解决的，待委托企业确认 / record how a complaint was handled; resolved, it awaits the
    client's confirmation."""
    who = principal(as_, "engagement.act")
    settings = get_settings()
    with session_scope(settings) as session:
        handled = engagements.handle_complaint(session=session, principal=who, engagement_id=engagement_id,
                                               feedback_id=feedback_id, handling=handling, resolved=not unresolved,
                                               outbox=outbox(), confirm_days=settings.complaint_confirm_days)
    emit(handled) if as_json else err.print(f"已登记处理 / handling recorded on {feedback_id}", markup=False)


@engagement_app.command("confirm-complaint")
def engagement_confirm_complaint(
    engagement_id: str,
    feedback_id: int,
    as_: AsOpt,
    note: Annotated[str | None, typer.Option(help="确认意见（可选）/ a note with the confirmation")] = None,
    as_json: JsonOpt = False,
) -> None:
    """委托企业确认投诉处理结果，投诉关闭 / the client confirms the handling: the complaint is closed."""
    who = principal(as_, "engagement.act")
    with session_scope(get_settings()) as session:
        closed = engagements.confirm_complaint(session=session, principal=who, engagement_id=engagement_id,
                                               feedback_id=feedback_id, note=note, outbox=outbox())
    emit(closed) if as_json else err.print(f"投诉已关闭 / complaint {feedback_id} closed", markup=False)


@engagement_app.command("reopen-complaint")
def engagement_reopen_complaint(
    engagement_id: str,
    feedback_id: int,
    as_: AsOpt,
    reason: Annotated[str, typer.Option(help="不接受处理结果的原因 / why the handling is not accepted")],
    as_json: JsonOpt = False,
) -> None:
    """委托企业不接受处理结果，说明原因后重新投诉 / the client does not accept the handling, saying why: open
    again for the provider."""
    who = principal(as_, "engagement.act")
    with session_scope(get_settings()) as session:
        reopened = engagements.reopen_complaint(session=session, principal=who, engagement_id=engagement_id,
                                                feedback_id=feedback_id, reason=reason, outbox=outbox())
    emit(reopened) if as_json else err.print(f"投诉已重新打开 / complaint {feedback_id} reopened", markup=False)


@engagement_app.command("close-complaint")
def engagement_close_complaint(
    engagement_id: str,
    feedback_id: int,
    as_: AsOpt,
    note: Annotated[str | None, typer.Option(help="关闭说明（可选）/ a note")] = None,
    as_json: JsonOpt = False,
) -> None:
    """委托企业逾期未确认的，由协会关闭投诉（INNODOCK_COMPLAINT_CONFIRM_DAYS 天后）/ the association closes a
    handled complaint the client left unanswered past the confirmation period."""
    who = principal(as_, "engagement.act")
    settings = get_settings()
    with session_scope(settings) as session:
        closed = engagements.close_complaint(session=session, principal=who, engagement_id=engagement_id,
                                             feedback_id=feedback_id, today=china_time.today(), note=note,
                                             confirm_days=settings.complaint_confirm_days, outbox=outbox())
    emit(closed) if as_json else err.print(f"投诉已由协会关闭 / complaint {feedback_id} closed by the association",
                                           markup=False)


@engagement_app.command("verify")
def engagement_verify(engagement_id: str) -> None:
    """用状态机重放事件，核对当前状态 / replay the history through the machine and compare."""
    with session_scope(get_settings()) as session:
        check = engagements.verify(session=session, engagement_id=engagement_id)
    emit(check)
    if not check.ok:
        raise typer.Exit(1)


@engagement_app.command("diagram")
def engagement_diagram() -> None:
    """输出状态图（Mermaid，由状态机生成）/ print the state diagram generated from the machine."""
    typer.echo(workflow.diagram(), nl=False)


def register(app: typer.Typer) -> None:
    app.add_typer(engagement_app, name="engagement")
