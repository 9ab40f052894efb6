"""``innodock review …`` and ``innodock engagement …``: the coordinator's review queue and the engagement workflow.

Every command acts as someone (``--as ROLE:ID``, a center coordinator as ``center_coordinator:ID@CENTER``); commands
that change an engagement's state take ``--version`` (the one you last saw), so two people acting at once cannot
overwrite each other. Errors are one line on stderr with a non-zero exit (see core.cli).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from core.db import session_scope
from core.errors import InnodockError
from core.settings import get_settings
from pipeline import machine, service
from pipeline.diagram import mermaid
from pipeline.schemas import Actor
from pipeline.vocab import REJECT_REASON_LABELS, RejectReason

review_app = typer.Typer(help="匹配审核 / coordinator review of proposed providers", no_args_is_help=True)
engagement_app = typer.Typer(help="对接项目流程（seed 000 图1）/ engagement workflow", no_args_is_help=True)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

AsOpt = Annotated[str, typer.Option("--as", help="身份 ROLE:ID[@CENTER]，如 association_coordinator:li / who acts")]
JsonOpt = Annotated[bool, typer.Option("--json", help="以 JSON 输出 / print JSON")]
VersionOpt = Annotated[int, typer.Option("--version", help="你看到的版本号 / the version you last saw")]


def _actor(text: str) -> Actor:
    return Actor.parse(text)


def _json_arg(text: str | None, path: Path | None, field: str) -> Any:
    if text is not None and path is not None:
        raise InnodockError("只能给出一种：JSON 文本或文件 / give JSON text or a file, not both", field=field)
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InnodockError(f"无法读取文件 {path} / cannot read {path}: {exc.strerror}", field=field) from None
    if text is None:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InnodockError(f"JSON 格式错误 / invalid JSON: {exc.msg} (line {exc.lineno})", field=field) from None


def _date(text: str | None, field: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InnodockError(f"日期应为 YYYY-MM-DD / date must be YYYY-MM-DD, got {text!r}", field=field) from None


def _emit(obj: BaseModel | list[BaseModel] | dict[str, Any]) -> None:
    if isinstance(obj, list):
        typer.echo(json.dumps([o.model_dump(mode="json") for o in obj], ensure_ascii=False, indent=2))
    elif isinstance(obj, BaseModel):
        typer.echo(obj.model_dump_json(indent=2))
    else:
        typer.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


# ---- review ----


@review_app.command("list")
def review_list(
    as_: AsOpt,
    status: Annotated[str | None, typer.Option(help="pending | accepted | rejected")] = "pending",
    all_: Annotated[bool, typer.Option("--all", help="所有状态 / any status")] = False,
    as_json: JsonOpt = False,
) -> None:
    """审核队列 / the review queue (pending by default)."""
    actor = _actor(as_)
    with session_scope(get_settings()) as session:
        reviews = service.list_reviews(session=session, actor=actor, status=None if all_ else status)
    if as_json:
        _emit(list(reviews))
        return
    table = Table(title=f"匹配审核 reviews ({len(reviews)})")
    for col in ("审核单 review", "需求 need", "企业 enterprise", "状态 status", "轮次 round", "建议 proposals",
                "承接 accepted"):
        table.add_column(col)
    table.add_column("版本 version")
    for r in reviews:
        proposed = ", ".join(f"{p.center_id}({p.score:.2f})" for p in r.proposals)
        table.add_row(r.id, r.need_id, r.enterprise_name or r.enterprise_id or "", r.status.value, str(r.round),
                      proposed + (" ⚠低置信" if r.low_confidence else ""), r.accepted_center_id or "", str(r.version))
    out.print(table)


@review_app.command("show")
def review_show(review_id: str, as_: AsOpt) -> None:
    """显示审核单及历轮建议（JSON）/ one review with all its rounds, as JSON."""
    with session_scope(get_settings()) as session:
        _emit(service.get_review(session=session, review_id=review_id, actor=_actor(as_)))


@review_app.command("submit")
def review_submit(
    need_id: str,
    proposals_file: Annotated[Path, typer.Argument(metavar="PROPOSALS.json", help="匹配结果 JSON / matcher output")],
    as_: AsOpt,
    enterprise_id: Annotated[str | None, typer.Option()] = None,
    enterprise_name: Annotated[str | None, typer.Option()] = None,
    as_json: JsonOpt = False,
) -> None:
    """将需求及匹配建议送审 / queue a need with the matcher's proposals."""
    data = _json_arg(None, proposals_file, "proposals")
    with session_scope(get_settings()) as session:
        review = service.submit_proposals(session=session, need_id=need_id, actor=_actor(as_), proposals=data,
                                          enterprise_id=enterprise_id, enterprise_name=enterprise_name)
    _emit(review) if as_json else err.print(f"已送审 queued: {review.id}", markup=False)


@review_app.command("accept")
def review_accept(
    review_id: str,
    center_id: str,
    as_: AsOpt,
    version: VersionOpt,
    alternate: Annotated[list[str] | None, typer.Option("--alternate", help="备选机构，可多次 / repeatable")] = None,
    as_json: JsonOpt = False,
) -> None:
    """接受一家机构（可带备选），并开启对接项目 / accept a provider and open the engagement."""
    with session_scope(get_settings()) as session:
        review = service.accept(session=session, review_id=review_id, center_id=center_id, actor=_actor(as_),
                                alternates=alternate or [], version=version)
    if as_json:
        _emit(review)
    else:
        err.print(f"已接受 accepted {center_id}; 对接项目 engagement {review.engagement_id} (version 1)", markup=False)


@review_app.command("reject")
def review_reject(
    review_id: str,
    as_: AsOpt,
    version: VersionOpt,
    reason: Annotated[str, typer.Option(help=", ".join(r.value for r in RejectReason))],
    text: Annotated[str | None, typer.Option(help="说明 / explanation (required for other)")] = None,
    center: Annotated[str | None, typer.Option(help="只婉拒这一家 / decline only this center")] = None,
    as_json: JsonOpt = False,
) -> None:
    """驳回本轮建议或婉拒其中一家 / reject the round, or decline one proposal with --center."""
    with session_scope(get_settings()) as session:
        review = service.reject(session=session, review_id=review_id, actor=_actor(as_), reason=reason, text=text,
                                center_id=center, version=version)
    if as_json:
        _emit(review)
    else:
        label = REJECT_REASON_LABELS[RejectReason(reason)]
        err.print(f"已{'婉拒 ' + center if center else '驳回'} / {'declined' if center else 'rejected'}: "
                  f"{label[0]} {label[1]}", markup=False)


@review_app.command("rematch")
def review_rematch(
    review_id: str,
    proposals_file: Annotated[Path, typer.Argument(metavar="PROPOSALS.json")],
    as_: AsOpt,
    version: VersionOpt,
    note: Annotated[str | None, typer.Option(help="为何重新匹配 / why")] = None,
    as_json: JsonOpt = False,
) -> None:
    """需求变更后替换建议（保留历轮）/ replace the proposals after the need changed, keeping earlier rounds."""
    data = _json_arg(None, proposals_file, "proposals")
    with session_scope(get_settings()) as session:
        review = service.rematch(session=session, review_id=review_id, actor=_actor(as_), proposals=data, note=note,
                                 version=version)
    _emit(review) if as_json else err.print(f"第 {review.round} 轮建议 / round {review.round} queued", markup=False)


@review_app.command("assign")
def review_assign(
    review_id: str,
    center_id: str,
    as_: AsOpt,
    version: VersionOpt,
    note: Annotated[str, typer.Option(help="人工指派理由 / why by hand")],
    as_json: JsonOpt = False,
) -> None:
    """人工指派机构 / assign a provider by hand."""
    with session_scope(get_settings()) as session:
        review = service.assign_by_hand(session=session, review_id=review_id, center_id=center_id,
                                        actor=_actor(as_), note=note, version=version)
    if as_json:
        _emit(review)
    else:
        err.print(f"已人工指派 assigned {center_id}; engagement {review.engagement_id} (version 1)", markup=False)


# ---- engagement ----


@engagement_app.command("open")
def engagement_open(
    need_id: str,
    center_id: str,
    as_: AsOpt,
    enterprise_id: Annotated[str | None, typer.Option()] = None,
    enterprise_name: Annotated[str | None, typer.Option()] = None,
    center_name: Annotated[str | None, typer.Option()] = None,
    as_json: JsonOpt = False,
) -> None:
    """直接开启对接项目（通常由审核接受时开启）/ open an engagement directly (normally review accept does)."""
    with session_scope(get_settings()) as session:
        eng = service.open_engagement(session=session, need_id=need_id, center_id=center_id, actor=_actor(as_),
                                      center_name=center_name, enterprise_id=enterprise_id,
                                      enterprise_name=enterprise_name)
    _emit(eng) if as_json else err.print(f"已开启 opened {eng.id} ({eng.state}, version {eng.version})",
                                         markup=False)


@engagement_app.command("list")
def engagement_list(
    as_: AsOpt,
    state: Annotated[str | None, typer.Option(help=" | ".join(machine.states()))] = None,
    center: Annotated[str | None, typer.Option()] = None,
    today: Annotated[str | None, typer.Option(help="计算逾期的日期 YYYY-MM-DD / date for overdue flags")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只列逾期项目 / only overdue")] = False,
    as_json: JsonOpt = False,
) -> None:
    """对接项目列表 / engagements the actor may see."""
    day = _date(today, "today") or (date.today() if overdue else None)
    with session_scope(get_settings()) as session:
        rows = service.list_engagements(session=session, actor=_actor(as_), state=state, center_id=center,
                                        today=day, overdue_only=overdue)
    if as_json:
        _emit(list(rows))
        return
    table = Table(title=f"对接项目 engagements ({len(rows)})")
    for col in ("编号 id", "需求 need", "机构 center", "企业 enterprise", "状态 state", "版本 version",
                "期限 deadline", "逾期 overdue"):
        table.add_column(col)
    for e in rows:
        table.add_row(e.id, e.need_id, e.center_id, e.enterprise_id or "", machine.state_label(e.state),
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
    with session_scope(get_settings()) as session:
        detail = service.show_engagement(session=session, engagement_id=engagement_id, actor=_actor(as_),
                                         today=_date(today, "today"))
    if as_json:
        _emit(detail)
        return
    out.print(f"{detail.id}  {machine.state_label(detail.state)}  version {detail.version}", markup=False)
    out.print(f"需求 need {detail.need_id} · 机构 center {detail.center_id} · 企业 enterprise "
              f"{detail.enterprise_id or ''} · 期限 deadline {detail.deadline or '-'}", markup=False)
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
    transition: Annotated[str, typer.Argument(help=" | ".join(machine.transitions()))],
    as_: AsOpt,
    version: VersionOpt,
    payload: Annotated[str | None, typer.Option(help="JSON，如 {\"reason\": \"…\"} / step data")] = None,
    payload_file: Annotated[Path | None, typer.Option(help="JSON 文件 / step data file")] = None,
    as_json: JsonOpt = False,
) -> None:
    """推进流程一步 / fire one workflow transition."""
    data = _json_arg(payload, payload_file, "payload") or {}
    if not isinstance(data, dict):
        raise InnodockError("payload 须为 JSON 对象 / payload must be a JSON object", field="payload")
    with session_scope(get_settings()) as session:
        eng = service.advance(session=session, engagement_id=engagement_id, transition=transition,
                              actor=_actor(as_), version=version, payload=data)
    if as_json:
        _emit(eng)
    else:
        err.print(f"{engagement_id}: {transition} → {machine.state_label(eng.state)} (version {eng.version})",
                  markup=False)


RECORD_KINDS = ("agreement", "team", "delivery", "feedback")


@engagement_app.command("record")
def engagement_record(
    engagement_id: str,
    kind: Annotated[str, typer.Argument(help=" | ".join(RECORD_KINDS))],
    as_: AsOpt,
    data: Annotated[str | None, typer.Option(help="JSON")] = None,
    data_file: Annotated[Path | None, typer.Option(help="JSON 文件 / file")] = None,
    as_json: JsonOpt = False,
) -> None:
    """登记记录（协议草稿、项目组、交付、满意度与投诉）/ file a record for the current step."""
    body = _json_arg(data, data_file, "data")
    if not isinstance(body, dict):
        raise InnodockError("请以 JSON 对象给出记录 / give the record as a JSON object", field="data")
    actor = _actor(as_)
    with session_scope(get_settings()) as session:
        kw: dict[str, Any] = {"session": session, "engagement_id": engagement_id, "actor": actor}
        if kind == "agreement":
            result: BaseModel = service.record_agreement(**kw, agreement=body)
        elif kind == "team":
            result = service.record_team(**kw, team=body)
        elif kind == "delivery":
            result = service.record_delivery(**kw, delivery=body)
        elif kind == "feedback":
            result = service.record_feedback(**kw, feedback=body)
        else:
            raise InnodockError(f"记录类型应为 {', '.join(RECORD_KINDS)} / unknown kind {kind!r}", field="kind")
    _emit(result) if as_json else err.print(f"已登记 recorded {kind} for {engagement_id}", markup=False)


@engagement_app.command("verify")
def engagement_verify(engagement_id: str) -> None:
    """用状态机重放事件，核对当前状态 / replay the history through the machine and compare."""
    with session_scope(get_settings()) as session:
        check = service.verify_history(session=session, engagement_id=engagement_id)
    _emit(check)
    if not check.ok:
        raise typer.Exit(1)


@engagement_app.command("diagram")
def engagement_diagram() -> None:
    """输出状态图（Mermaid，由状态机生成）/ print the state diagram generated from the machine."""
    typer.echo(mermaid(), nl=False)


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
    app.add_typer(engagement_app, name="engagement")
