"""``innodock provider …``: providers over time at the terminal (issue 14), through :mod:`flows.providers` — the
list, one provider with its history, an application, a lifecycle step, and the transitions proposed to the
association."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.acting import AsOpt, JsonOpt, VersionOpt, day, emit, json_arg, outbox, principal
from core import china_time
from core.db import session_scope
from core.errors import InnodockError
from core.settings import get_settings
from flows import applications, improvement, obligations, proficiency, providers
from pipeline.schemas import Upload

provider_app = typer.Typer(help="服务机构生命周期（申请、批筹、验收、整改、撤销）/ providers over time",
                           no_args_is_help=True)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
TodayOpt = Annotated[str | None, typer.Option("--today", help="按此日期计算期限与逾期 YYYY-MM-DD / date for deadlines")]


def _today(text: str | None) -> date:
    return day(text, "today") or china_time.today()


@provider_app.command("list")
def provider_list(
    as_: AsOpt,
    state: Annotated[str | None, typer.Option(help=" | ".join(providers.states()))] = None,
    today: TodayOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """机构及其生命周期状态 / providers and where each is in its lifecycle.

    例 / example: innodock provider list --state rectifying --as association_coordinator:zhou
    """
    who = principal(as_, "provider.read")
    with session_scope(get_settings()) as session:
        rows = providers.provider_list(session=session, principal=who, today=_today(today), state=state)
    if as_json:
        emit([{"center_id": r.center.id, "name": r.center.name, **r.lifecycle.model_dump(mode="json")}
              for r in rows])
        return
    table = Table(title=f"服务机构 providers ({len(rows)})")
    for col in ("编号 id", "名称 name", "类型 kind", "状态 state", "目录状态 status", "版本 version", "标记 flags"):
        table.add_column(col)
    zh, en = providers.state_labels("zh"), providers.state_labels("en")  # without the docs' "(our reading)"
    for r in rows:
        v = r.lifecycle
        state_words = f"{zh.get(v.state, v.state)} {en.get(v.state, v.state)}"
        table.add_row(r.center.id, r.center.name, v.kind.value, state_words, v.status.value, str(v.version),
                      "；".join(f.zh for f in v.flags))
    out.print(table)


@provider_app.command("show")
def provider_show(center_id: str, as_: AsOpt, today: TodayOpt = None, as_json: JsonOpt = False) -> None:
    """一个机构的生命周期与历史 / one provider's lifecycle and history.

    例 / example: innodock provider show qic-js-battery --as association_coordinator:zhou
    """
    who = principal(as_, "provider.read")
    with session_scope(get_settings()) as session:
        center, detail = providers.provider(session=session, principal=who, center_id=center_id,
                                            today=_today(today))
    if as_json:
        emit({"center_id": center.id, "name": center.name, **detail.model_dump(mode="json")})
        return
    out.print(f"{center.id}  {center.name}  {detail.state_label}  (status {detail.status.value}, version "
              f"{detail.version})", markup=False)
    if detail.build_deadline:
        out.print(f"筹建期限 building deadline: {detail.build_deadline}", markup=False)
    if detail.rectification_deadline:
        out.print(f"整改期限 rectification deadline: {detail.rectification_deadline}", markup=False)
    for flag in detail.flags:
        out.print(f"标记 flag: {flag.zh} / {flag.en}", markup=False)
    if detail.missing_materials:
        out.print(f"缺少材料 missing materials: {', '.join(detail.missing_materials)}", markup=False)
    steps = providers.step_labels("zh")  # the page's words beside the code `provider advance` takes
    out.print("可执行 allowed: " + ("，".join(f"{steps.get(t, t)} {t}" for t in detail.allowed_transitions) or "-"),
              markup=False)
    table = Table(title="历史 history")
    for col in ("#", "步骤 step", "从 from", "到 to", "谁 who", "依据 grounds", "决定 decided", "文件 document"):
        table.add_column(col)
    for e in detail.events:
        table.add_row(str(e.seq), f"{steps.get(e.transition, e.transition)} {e.transition}", e.from_state or "",
                      e.to_state, e.actor_id, e.grounds or "", str(e.decided_on or ""), e.decision_document or "")
    out.print(table)


@provider_app.command("apply")
def provider_apply(
    center: Annotated[str, typer.Argument(help="申请机构的 kb-v1 条目（JSON）/ the applicant's kb-v1 center record")],
    as_: AsOpt,
    materials: Annotated[str | None, typer.Option(help="JSON {材料: 文号或说明} / materials")] = None,
    construction: Annotated[bool, typer.Option("--construction", help="含基建任务 / with construction")] = False,
    profile: Annotated[str | None, typer.Option(help="适用规则配置（协会选定；缺省按机构类型与省份）/ the rules "
                                                     "profile (the association's choice; default: the kind's in "
                                                     "the province)")] = None,
    plaque_name: Annotated[str | None, typer.Option(help="牌匾名称（seed 003 art. 6(四)）/ the plaque's name")] \
        = None,
    figures: Annotated[str | None, typer.Option(help="JSON {\"equipment_investment\": 万元, \"testing_revenue\": 万元} "
                                                     "(seed 000 §4.3.3)")] = None,
    file: Annotated[list[str] | None, typer.Option(help="材料=文件路径，可重复 / material=path, repeatable")] = None,
    as_json: JsonOpt = False,
) -> None:
    """提交机构申请（申请机构以“筹建中”进入目录），按适用规则检查，材料可附文件 / file an application (the applicant
    enters the catalog), checked against its profile's rules, materials as files."""
    data = json_arg(materials, None, "materials") or {}
    record = json_arg(center, None, "center")
    numbers = json_arg(figures, None, "figures") or {}
    if not isinstance(data, dict) or not isinstance(record, dict) or not isinstance(numbers, dict):
        raise InnodockError("center、materials 与 figures 须为 JSON 对象 / center, materials and figures must be JSON "
                            "objects", field="center")
    files = _material_files(file)
    who = principal(as_, "provider.apply")
    form = applications.ApplicationForm(center=record, materials={str(k): str(v) for k, v in data.items()},
                                        files=files, construction=construction, profile=profile,
                                        plaque_name=plaque_name, figures=numbers)
    with session_scope(get_settings()) as session:
        view = applications.apply(session=session, principal=who, form=form, today=china_time.today()).lifecycle
    emit(view) if as_json else err.print(f"{view.center_id}: {view.state_label} (version {view.version})",
                                         markup=False)


def _material_files(given: list[str] | None) -> dict[str, list[Upload]]:
    """``--file material=path``, repeatable: each material's documents."""
    files: dict[str, list[Upload]] = {}
    for one in given or []:
        key, _, where = one.partition("=")
        path = Path(where)
        if not key or not path.is_file():
            raise InnodockError(f"--file 应为 材料=文件路径：{one[:80]} / --file is material=path", field="file")
        files.setdefault(key.strip(), []).append(Upload(name=path.name, data=path.read_bytes()))
    return files


@provider_app.command("complete-materials")
def provider_complete_materials(
    center_id: str,
    as_: AsOpt,
    file: Annotated[list[str] | None, typer.Option(help="材料=文件路径，可重复 / material=path, repeatable")] = None,
    note: Annotated[list[str] | None, typer.Option(help="材料=说明或文号，可重复 / material=note, repeatable")] \
        = None,
    as_json: JsonOpt = False,
) -> None:
    """补充申报材料（评审开始前）/ give materials missing at application, until the review starts (the same use case
    as the application page and POST /api/v1/providers/{id}/application/materials)."""
    notes: dict[str, str] = {}
    for one in note or []:
        key, _, text = one.partition("=")
        if not key.strip() or not text.strip():
            raise InnodockError(f"--note 应为 材料=说明：{one[:80]} / --note is material=text", field="note")
        notes[key.strip()] = text.strip()
    who = principal(as_, "provider.apply")
    with session_scope(get_settings()) as session:
        view = applications.complete(session=session, principal=who, center_id=center_id, today=china_time.today(),
                                     materials=notes, files=_material_files(file))
    if as_json:
        emit(view)
    else:
        missing = "、".join(view.missing_materials) or "无 none"
        err.print(f"{center_id}: {view.state_label}；尚缺材料 missing: {missing}", markup=False)


@provider_app.command("advance")
def provider_advance(
    center_id: str,
    transition: Annotated[str, typer.Argument(help=" | ".join(providers.transitions()))],
    as_: AsOpt,
    version: VersionOpt,
    payload: Annotated[str | None, typer.Option(help="JSON，如 {\"grounds\": \"…\", \"decided_on\": \"2026-05-01\", "
                                                     "\"decision_document\": \"…\"} / step data")] = None,
    payload_file: Annotated[Path | None, typer.Option(help="JSON 文件 / step data file")] = None,
    today: TodayOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """推进生命周期一步 / fire one lifecycle transition."""
    data = json_arg(payload, payload_file, "payload") or {}
    if not isinstance(data, dict):
        raise InnodockError("payload 须为 JSON 对象 / payload must be a JSON object", field="payload")
    action = "provider.edit" if transition == "request_acceptance" else "provider.decide"
    who = principal(as_, action)
    with session_scope(get_settings()) as session:
        view = providers.advance(session=session, principal=who, center_id=center_id, transition=transition,
                                 version=version, payload=data, today=_today(today), outbox=outbox())
    if as_json:
        emit(view)
    else:
        err.print(f"{center_id}: {transition} → {view.state_label} (status {view.status.value}, version "
                  f"{view.version})", markup=False)


@provider_app.command("profiles")
def provider_profiles(as_json: JsonOpt = False) -> None:
    """适用规则配置及其条款 / the rules profiles, each value with its clause."""
    rows = providers.profiles()
    if as_json:
        emit(list(rows))
        return
    table = Table(title=f"规则配置 rules profiles ({len(rows)})")
    for col in ("id", "名称 name", "机构类型 kinds", "材料 materials", "筹建期 building", "年度事项 calendar"):
        table.add_column(col)
    for p in rows:
        period = p.building.period
        table.add_row(p.id, p.name.zh, ", ".join(k.value for k in p.kinds), str(len(p.materials.items)),
                      "—" if period.months is None else f"{period.months}/{period.months_with_construction}",
                      ", ".join(a.kind for a in p.calendar.items))
    out.print(table)


@provider_app.command("set-profile")
def provider_set_profile(
    center_id: str,
    profile: Annotated[str, typer.Argument(help="规则配置 id / the rules profile's id")],
    as_: AsOpt,
    version: VersionOpt,
    reason: Annotated[str, typer.Option(help="变更理由（记入历史）/ the reason, recorded")],
    today: TodayOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """变更机构适用的规则配置 / change the rules profile that governs a provider."""
    who = principal(as_, "provider.decide")
    with session_scope(get_settings()) as session:
        view = providers.change_profile(session=session, principal=who, center_id=center_id, profile=profile,
                                        reason=reason, version=version, today=_today(today), outbox=outbox())
    if as_json:
        emit(view)
    else:
        err.print(f"{center_id}: {view.profile_name} (version {view.version})", markup=False)


@provider_app.command("file")
def provider_file(
    obligation_id: int,
    as_: AsOpt,
    text: Annotated[str | None, typer.Option(help="报送内容（或附注）/ the filing's text (or a note)")] = None,
    part: Annotated[list[str] | None, typer.Option(help="一部分：键=内容，可重复，如 capability=… / a part, "
                                                        "key=text, repeatable")] = None,
    run_id: Annotated[int | None, typer.Option(help="定期评价所依据的评级编号 / the rating run a periodic "
                                                    "evaluation closes on")] = None,
    today: TodayOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """报送履职事项（年度报告各部分、能力建设规划、定期评价）/ file an obligation's form (its parts, a plan, an
    evaluation's rating run)."""
    content: dict[str, object] = {}
    if text is not None:
        content["text"] = text
    if part:
        parts: dict[str, str] = {}
        for item in part:
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise InnodockError(f"--part 应为 键=内容，得到 {item!r} / --part must be key=text", field="part")
            parts[key.strip()] = value
        content["parts"] = parts
    if run_id is not None:
        content["run_id"] = run_id
    who = principal(as_, "provider.file")
    with session_scope(get_settings()) as session:
        filed = obligations.file(session=session, principal=who, obligation_id=obligation_id, content=content,
                                 today=_today(today), outbox=outbox())
    if as_json:
        emit(filed)
    else:
        err.print(f"{filed.center_id}: {filed.kind} {filed.period} filed (#{filed.id})", markup=False)


@provider_app.command("return-filing")
def provider_return_filing(
    filing_id: int,
    as_: AsOpt,
    reason: Annotated[str, typer.Option(help="退回理由（必填）/ why it is returned (required)")],
    as_json: JsonOpt = False,
) -> None:
    """退回报送材料，要求补充（年度计划、报告）/ return a filed plan or report for revision, with the reason."""
    who = principal(as_, "provider.approve")
    with session_scope(get_settings()) as session:
        returned = obligations.return_filing(session=session, principal=who, filing_id=filing_id, reason=reason,
                                             outbox=outbox())
    if as_json:
        emit(returned)
    else:
        err.print(f"{returned.center_id}: {returned.kind} {returned.period} returned (#{returned.id}): "
                  f"{returned.return_reason}", markup=False)


@provider_app.command("proposals")
def provider_proposals(as_: AsOpt, all_: Annotated[bool, typer.Option("--all", help="含已处理 / decided too")] = False,
                       as_json: JsonOpt = False) -> None:
    """待协会决定的生命周期提议 / lifecycle transitions proposed to the association."""
    who = principal(as_, "provider.read")
    with session_scope(get_settings()) as session:
        rows = providers.proposals(session=session, principal=who, status=None if all_ else "open")
    if as_json:
        emit(list(rows))
        return
    table = Table(title=f"提议 proposals ({len(rows)})")
    for col in ("#", "机构 provider", "步骤 step", "依据 grounds", "来源 source", "状态 status"):
        table.add_column(col)
    for p in rows:
        table.add_row(str(p.id), p.center_id, p.transition, p.grounds, p.source, p.status)
    out.print(table)


@provider_app.command("decide")
def provider_decide(
    proposal_id: int,
    as_: AsOpt,
    accept: Annotated[bool, typer.Option("--accept/--decline", help="接受或不接受 / accept or decline")],
    payload: Annotated[str | None, typer.Option(help="JSON：补充决定日期、文件等 / decision data")] = None,
    note: Annotated[str | None, typer.Option(help="说明 / note")] = None,
    today: TodayOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """决定一项提议（接受即执行该步骤）/ decide a proposal (accepting fires its step)."""
    data = json_arg(payload, None, "payload") or {}
    if not isinstance(data, dict):
        raise InnodockError("payload 须为 JSON 对象 / payload must be a JSON object", field="payload")
    who = principal(as_, "provider.decide")
    with session_scope(get_settings()) as session:
        decided, moved = providers.decide_proposal(session=session, principal=who, proposal_id=proposal_id,
                                                   accept=accept, today=_today(today), payload=data, note=note,
                                                   outbox=outbox())
    if as_json:
        emit({"proposal": decided.model_dump(mode="json"),
              "lifecycle": moved.model_dump(mode="json") if moved else None})
    else:
        err.print(f"提议 {proposal_id}: {decided.status}" + (f" → {moved.state_label}" if moved else ""),
                  markup=False)


@provider_app.command("findings")
def provider_findings(center_id: str, as_: AsOpt,
                      open_only: Annotated[bool, typer.Option("--open", help="只看未关闭的 / open ones only")] = False,
                      as_json: JsonOpt = False) -> None:
    """评价发现的整改项及其整改、复核记录（种子 000 §8.2–8.3）/ an evaluation's findings and their corrective
    actions.

    例 / example: innodock provider findings qic-js-battery --open --as association_coordinator:zhou
    """
    who = principal(as_, "provider.read")
    with session_scope(get_settings()) as session:
        rows = improvement.findings(session=session, principal=who, center_id=center_id, open_only=open_only)
    if as_json:
        emit(list(rows))
        return
    table = Table(title=f"整改项 findings ({len(rows)})")
    for col in ("#", "指标 indicator", "得分 score", "状态 state", "措施 action", "责任人 owner", "期限 due", "版本 v"):
        table.add_column(col)
    for f in rows:
        table.add_row(str(f.id), f.indicator_zh, f"{f.score:.1f}", f.state_label, f.action or "", f.owner or "",
                      str(f.due_on or ""), str(f.version))
    out.print(table)


@provider_app.command("proficiency")
def provider_proficiency(
    center_id: str,
    as_: AsOpt,
    kind: Annotated[str | None, typer.Option(help="proficiency_testing | interlab_comparison | measurement_audit; "
                                                  "不填则列出 / omitted: list")] = None,
    scheme: Annotated[str | None, typer.Option(help="计划/组织方 / scheme or organiser")] = None,
    item: Annotated[str | None, typer.Option(help="检测项目 / item tested")] = None,
    tested_on: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD")] = None,
    result: Annotated[str | None, typer.Option(help="satisfactory | questionable | unsatisfactory")] = None,
    note: Annotated[str | None, typer.Option(help="备注 / note")] = None,
    today: TodayOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """能力验证、比对、测量审核：记录一次结果，或（不给 --kind）列出 / record a proficiency test or comparison, or
    (without --kind) list them."""
    who = principal(as_, "provider.read" if kind is None else "provider.file")
    data = {"kind": kind, "scheme": scheme, "item": item, "tested_on": tested_on, "result": result, "note": note}
    with session_scope(get_settings()) as session:
        rows = (proficiency.results(session=session, principal=who, center_id=center_id) if kind is None else
                [proficiency.record(session=session, principal=who, center_id=center_id, data=data,
                                    today=_today(today))])
    if as_json:
        emit(rows if kind is None else rows[0])
        return
    for r in rows:
        out.print(f"#{r.id} {r.tested_on} {r.kind} {r.result} · {r.item} · {r.scheme}", markup=False)


@provider_app.command("finding")
def provider_finding_step(
    finding_id: int,
    step: Annotated[str, typer.Argument(help="plan_action | report_done | pass_recheck | fail_recheck")],
    as_: AsOpt,
    version: VersionOpt,
    action: Annotated[str | None, typer.Option(help="整改措施（plan_action）/ the corrective action")] = None,
    owner: Annotated[str | None, typer.Option(help="责任人（plan_action）/ who owns it")] = None,
    due_on: Annotated[str | None, typer.Option("--due-on", help="整改期限 YYYY-MM-DD（plan_action、fail_recheck）"
                                                              " / deadline")] = None,
    note: Annotated[str | None, typer.Option(help="整改情况或复核意见 / what was done, or the re-check "
                                                  "opinion")] = None,
    today: TodayOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """整改项的一步：确定措施、报告完成、复核通过或未通过 / one step of a finding."""
    who = principal(as_, "provider.file")
    with session_scope(get_settings()) as session:
        done, proposal = improvement.step(session=session, principal=who, finding_id=finding_id, step=step,
                                          version=version, today=_today(today), note=note, action=action,
                                          owner=owner, due_on=day(due_on, "due_on"), outbox=outbox())
    if as_json:
        emit({"finding": done.model_dump(mode="json"),
              "proposal": proposal.model_dump(mode="json") if proposal else None})
        return
    err.print(f"整改项 finding {finding_id}: {done.state_label}", markup=False)
    if proposal:
        err.print(f"已向协会提议 proposed to the association: {proposal.transition} (#{proposal.id})", markup=False)


@provider_app.command("diagram")
def provider_diagram() -> None:
    """输出生命周期状态图（Mermaid，由状态机生成）/ print the lifecycle diagram generated from the machine."""
    typer.echo(providers.diagram(), nl=False)


def register(app: typer.Typer) -> None:
    app.add_typer(provider_app, name="provider")
