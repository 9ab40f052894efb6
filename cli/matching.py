"""``innodock match`` and ``innodock assign``: matching at the terminal, with the live signals the flows read
(each center's open engagements and rating), through :mod:`flows.matching` as the API matches."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from cli.acting import AsOpt, principal
from core.db import session_scope
from core.errors import InnodockError
from core.settings import get_settings
from flows import experts as experts_flow
from flows import matching, ranker_training, reviews_labels
from flows.matching import MatcherSetup
from kb.vocab import ServiceType
from matcher.schemas import ExpertMatchResult, MatchQuery, MatchResult, Region

out = Console(soft_wrap=True)


def _print_result(result: MatchResult, *, show_excluded: bool) -> None:
    if result.low_confidence:
        out.print("[yellow]匹配置信度低：没有明显合适的机构 / low confidence: no clearly suitable provider[/yellow]")
    table = Table(show_lines=True)
    for col in ("#", "机构 center", "分数 score", "依据 evidence"):
        table.add_column(col)
    for i, m in enumerate(result.matches, 1):
        lines = [f"• {c.title} ({c.score:.2f})" for c in m.capabilities]
        lines += [r.text for r in m.reasons if r.kind in ("terms", "region", "prior") or
                  (r.kind == "rule" and getattr(r, "flag", None))]
        table.add_row(str(i), f"{m.center_name}\n{m.center_id}", f"{m.score:.3f}", "\n".join(lines))
    out.print(table)
    counts = result.excluded_counts
    if counts:
        out.print("排除 excluded: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        if show_excluded:
            for e in result.excluded:
                out.print(f"  - {e.center_name} ({e.center_id}): {e.text}")


def _read_batch(path: Path, *, extract_fields: bool) -> list[MatchQuery]:
    if not path.is_file():
        raise InnodockError(f"文件不存在 / file not found: {path}", field="batch")
    queries = []
    for n, line in enumerate(path.read_text("utf-8-sig").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            obj: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InnodockError(f"{path}:{n}: 不是合法 JSON / not valid JSON ({exc.msg})", field="batch") from exc
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
            raise InnodockError(f"{path}:{n}: 每行须为含 text 的对象 / each line needs a \"text\"", field="batch")
        q = _read_need(obj, extract_fields=extract_fields)
        q.id = str(obj.get("id")) if obj.get("id") is not None else str(n)
        queries.append(q)
    return queries


_NEED_FIELDS = ("service_types", "qualifications", "region", "local_only", "confidential", "enterprise")


def _read_need(obj: dict[str, Any], *, extract_fields: bool) -> MatchQuery:
    """Fields the line gives are confirmed and win; the rest are read from the text (see ``query_from_text``)."""
    given = MatchQuery.from_need(obj)
    if not extract_fields:
        return given
    read = matching.query_from_text(obj["text"])
    update = {f: getattr(given, f) for f in _NEED_FIELDS if obj.get(f) not in (None, "", [], {})}
    return read.model_copy(update=update)


def match_cmd(
    text: Annotated[str | None, typer.Argument(help="需求文本 / the need's text")] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=100, help="返回数量 / how many providers")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出 / print JSON")] = False,
    batch: Annotated[Path | None, typer.Option("--batch", help='JSONL，每行 {"id","text"} / one need a line')] = None,
    service_type: Annotated[list[ServiceType] | None, typer.Option("--service-type", help="所需服务类型")] = None,
    qualification: Annotated[list[str] | None, typer.Option("--qualification", help="所需资质，如 CMA")] = None,
    province: Annotated[str | None, typer.Option(help="地区：省 / province")] = None,
    city: Annotated[str | None, typer.Option(help="地区：市 / city")] = None,
    local_only: Annotated[bool, typer.Option("--local-only", help="只要本地机构 / local providers only")] = False,
    override_capacity: Annotated[bool, typer.Option("--override-capacity", help="保留已满负荷机构")] = False,
    show_excluded: Annotated[bool, typer.Option("--excluded", help="列出被排除的机构 / list exclusions")] = False,
    extract_fields: Annotated[bool, typer.Option(
        "--extract/--no-extract", help="从文本读取地区、资质等要求 / read region, qualifications from text")] = True,
    experts: Annotated[str | None, typer.Option(
        "--experts", metavar="TEXT", help="为需求文本直接匹配专家（专家咨询）/ rank experts for this need text"),
    ] = None,
    enterprise: Annotated[str | None, typer.Option(
        "--enterprise", help="需求企业名称或编号，用于排除利益冲突（与 --experts 同用）/ the enterprise, for conflicts "
                             "of interest (with --experts)")] = None,
) -> None:
    """为需求匹配服务机构，或用 --experts 匹配专家 / match a need (or a batch) with providers, or with --experts rank
    experts directly."""
    if experts is not None:
        if text is not None or batch is not None:
            raise InnodockError("--experts 已含需求文本，不能再给文本或 --batch / --experts takes the need's text: "
                                "give no other text or --batch", field="experts")
        _match_experts(experts, top=top, as_json=as_json, enterprise=enterprise)
        return
    if enterprise is not None:
        raise InnodockError("--enterprise 只与 --experts 同用 / --enterprise goes with --experts", field="enterprise")
    if batch is not None:
        queries = _read_batch(batch, extract_fields=extract_fields)
    else:
        if not text or not text.strip():
            raise InnodockError("请给出需求文本或 --batch 文件 / give the need's text or --batch FILE", field="text")
        query = matching.query_from_text(text) if extract_fields else MatchQuery(text=text)
        update: dict[str, Any] = {}
        if service_type:
            update["service_types"] = service_type
        if qualification:
            update["qualifications"] = qualification
        if province or city:
            update["region"] = Region(province=province, city=city)
        if local_only:
            update["local_only"] = True
        queries = [query.model_copy(update=update)]
    settings = get_settings()
    with session_scope(settings) as session:
        results = matching.match_needs(session=session, settings=settings, setup=MatcherSetup(), needs=queries,
                                       top_k=top, override_capacity=override_capacity)
    if batch is None:
        if as_json:
            typer.echo(json.dumps(results[0].to_json(with_exclusions=show_excluded), ensure_ascii=False))
        else:
            _print_result(results[0], show_excluded=show_excluded)
        return
    for q, r in zip(queries, results, strict=True):
        if as_json:
            data = r.to_json(with_exclusions=show_excluded)
            typer.echo(json.dumps({"id": q.id, **data}, ensure_ascii=False))
        else:
            out.print(f"[bold]{q.id}[/bold] {q.text[:60]}")
            _print_result(r, show_excluded=show_excluded)


def _match_experts(text: str, *, top: int, as_json: bool, enterprise: str | None) -> None:
    settings = get_settings()
    with session_scope(settings) as session:
        result = experts_flow.for_text(session=session, settings=settings, matcher=MatcherSetup(), text=text,
                                       enterprise=enterprise, top=top)
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False))
        return
    _print_experts(result)


def _print_experts(result: ExpertMatchResult) -> None:
    table = Table(show_lines=True)
    for col in ("#", "专家 expert", "分数 score", "依据 evidence"):
        table.add_column(col)
    for i, m in enumerate(result.matches, 1):
        where = " · ".join(x for x in (m.center_name, m.affiliation if m.affiliation != m.center_name else None,
                                       "、".join(m.pools)) if x)
        lines = [r.text for r in m.reasons if r.kind in ("passage", "terms", "seniority")]
        lines += [r.text for r in m.reasons if r.kind == "rule" and getattr(r, "rule", "") == "project_lead"]
        table.add_row(str(i), f"{m.name} ({m.expert_id})\n{where}", f"{m.score:.3f}", "\n".join(lines))
    out.print(table)
    for x in result.excluded:
        out.print(f"排除 excluded: {x.name} ({x.expert_id}): {x.reason}", markup=False)
    for x in result.without_text:
        out.print(f"未排序 not ranked: {x.name} ({x.expert_id}): {x.reason}", markup=False)
    for note in result.notes:
        out.print(note, markup=False)


def assign_cmd(
    batch: Annotated[Path, typer.Argument(help='JSONL，每行 {"id","text"} / one need a line')],
    top: Annotated[int, typer.Option("--top", min=1, max=50)] = 5,
    alternates: Annotated[int, typer.Option("--alternates", min=0, max=10)] = 2,
) -> None:
    """批量分配：在机构容量内使总匹配度最大 / assign many needs under center capacities."""
    settings = get_settings()
    queries = _read_batch(batch, extract_fields=True)
    with session_scope(settings) as session:
        assignments = matching.assign_needs(session=session, settings=settings, setup=MatcherSetup(), needs=queries,
                                            top_k=top, alternates=alternates)
    for a in assignments:
        sys.stdout.write(json.dumps(a.model_dump(), ensure_ascii=False) + "\n")


class _MatchGroup(TyperGroup):
    """``innodock match TEXT [options]`` matches a need, as it always did; a first word naming one of the group's
    commands (``innodock match labels …``) runs that command instead."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = [DEFAULT_MATCH, *args]
        return super().parse_args(ctx, args)


DEFAULT_MATCH = "need"
match_app = typer.Typer(cls=_MatchGroup,
                        help="为需求匹配服务机构（innodock match 需求文本 与选项，选项见 innodock match need --help），"
                             "导出审核决定 / match a need with providers (innodock match TEXT and options; the "
                             "options: innodock match need --help), export the review decisions")


def labels_cmd(
    as_: AsOpt,
    out_path: Annotated[Path, typer.Option("--out", help="JSONL 文件，每行一条 / a JSONL file, one label a line")],
) -> None:
    """把每个审核决定导出为带标签的（需求, 机构）记录，供重新训练排序模型 / export every review decision as a labelled
    (need, center) record, for a ranker to be retrained on."""
    who = principal(as_, "review.labels")
    with session_scope(get_settings()) as session:
        records = reviews_labels.export_labels(session=session, principal=who)
    try:
        with out_path.open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise InnodockError(f"无法写入 {out_path}：{exc.strerror} / cannot write {out_path}", field="out") from None
    counts = Counter(r["label"] for r in records)
    typer.echo(f"{len(records)} 条 / labels → {out_path} ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})",
               err=True)


def _figures(result: dict[str, Any]) -> str:
    return (f"决定轮次 / decided rounds: {result['decided_rounds']}; 留出 / held out: {result['held_out']}; "
            f"当前 / current: {result['current']}; 候选 / candidate: {result['candidate']}; "
            f"采用 / adopted: {'是 / yes' if result['adopted'] else '否 / no'}")


def retrain_cmd(
    as_: AsOpt,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON / print JSON")] = False,
    if_due: Annotated[bool, typer.Option(
        "--if-due", help="仅当到期时训练：距上次已满 INNODOCK_MATCHER_RETRAIN_INTERVAL_HOURS 且其后有新的审核"
        "决定（供 cron 使用；否则记录跳过及原因，退出码 0）/ only when due: the interval has passed since the last "
        "retrain and new decisions exist (for cron; else a skip is recorded with its reason, exit 0)")] = False,
    history: Annotated[bool, typer.Option("--history", help="列出最近的重新训练记录（含跳过），不训练 / list the "
                                          "latest retrain records (skips too) instead of retraining")] = False,
) -> None:
    """用审核决定与随附数据集重新训练排序模型，仅当在留出的决定上优于当前模型时采用，并记录两者的指标（作业记录）/
    refit the learned ranker on the review decisions plus the shipped sets; adopt it only if it beats the current
    model on held-out decisions, recording both figures (a job record).

    例 / example: innodock match retrain --if-due --as admin:cron   (daily, from cron)
    """
    who = principal(as_, "review.labels")
    settings = get_settings()
    if history:
        if if_due:
            raise InnodockError("--history 与 --if-due 不能同时使用 / --history lists, --if-due retrains: give one",
                                field="history")
        _print_history(ranker_training.history(settings=settings), as_json=as_json)
        return
    result = ranker_training.retrain_recorded(settings=settings, principal=who, if_due=if_due)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    if if_due:  # one line, for cron's mail or a log
        if result.get("skipped"):
            typer.echo(f"未到期，未重新训练 / not due, nothing trained: {result['note']} (job {result['job_id']})")
        else:
            typer.echo(f"已到期，重新训练 / due, retrained ({result['due']['note']}): {_figures(result)} "
                       f"(job {result['job_id']})")
        return
    typer.echo(f"{_figures(result)} (job {result['job_id']})")
    if result.get("note"):
        typer.echo(result["note"])


def _print_history(jobs: list[Any], *, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps([j.model_dump(mode="json") for j in jobs], ensure_ascii=False, indent=1))
        return
    for job in jobs:
        result = job.result if isinstance(job.result, dict) else {}
        when = (job.finished_at or job.created_at).isoformat(timespec="minutes")
        if result.get("skipped"):
            said = f"跳过 / skipped: {result.get('note', '')}"
        else:
            said = _figures({"decided_rounds": None, "held_out": None, "current": None, "candidate": None,
                             "adopted": False, **result})
        typer.echo(f"{when}  {job.id}  {said}")
    if not jobs:
        typer.echo("尚无重新训练记录 / no retrain recorded yet", err=True)


def register(app: typer.Typer) -> None:
    match_app.command(DEFAULT_MATCH, help="为需求匹配服务机构 / match a need (or a batch) with providers\n\n"
                      "例 / example: innodock match \"储能电池高温报警，想找江苏的机构做失效分析\" --top 5")(match_cmd)
    match_app.command("labels")(labels_cmd)
    match_app.command("retrain")(retrain_cmd)
    app.add_typer(match_app, name="match")
    app.command("assign")(assign_cmd)
