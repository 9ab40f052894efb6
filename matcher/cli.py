"""``innodock index …``, ``innodock match``, ``innodock team`` and ``innodock assign``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from core.db import session_scope
from core.errors import InnodockError
from core.settings import Settings, get_settings
from kb.vocab import ServiceType
from matcher import service
from matcher.rank import OpenEngagements, QualityPrior
from matcher.schemas import MatcherConfig, MatchQuery, MatchResult, Region

index_app = typer.Typer(help="向量索引 / the vector index of capabilities", no_args_is_help=True)
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


class _Bar:
    def __init__(self) -> None:
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=err, transient=False)
        self.task: TaskID | None = None

    def __enter__(self) -> _Bar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.task is None:
            self.task = self.progress.add_task("向量化 embedding", total=total)
        self.progress.update(self.task, completed=done, total=total)


@index_app.command("build")
def build_cmd(
    force: Annotated[bool, typer.Option("--force", help="从头重建 / rebuild from scratch")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """建立或增量同步向量索引 / build or incrementally sync the index with the knowledge base."""
    settings = get_settings()
    config = MatcherConfig()
    err.print("加载模型 / loading the model …")
    service.get_embedder(settings=settings, config=config)
    with _Bar() as bar:
        stats = service.build_index(settings=settings, config=config, force=force, progress=bar)
    data: dict[str, Any] = {
        "added": stats.added, "updated": stats.updated, "removed": stats.removed, "unchanged": stats.unchanged,
        "embedded": stats.embedded, "rebuilt": stats.rebuilt,
        "manifest": stats.manifest.to_json() if stats.manifest else None,
    }
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    m: dict[str, Any] = data["manifest"] or {}
    out.print(f"索引已更新 / index ready: {m.get('count')} capabilities, {m.get('index_kind')}, "
              f"model {m.get('model_id')}, kb version {m.get('kb_version')}; added {stats.added}, "
              f"updated {stats.updated}, removed {stats.removed}, embedded {stats.embedded}")


@index_app.command("status")
def status_cmd() -> None:
    """索引状态 / the index manifest and whether it is stale."""
    typer.echo(json.dumps(service.index_status(settings=get_settings()), ensure_ascii=False, indent=2))


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
    read = service.query_from_text(obj["text"])
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
) -> None:
    """为需求匹配服务机构 / match a need (or a batch of needs) with providers."""
    settings = get_settings()
    config = MatcherConfig()
    with session_scope(settings) as session:
        open_engagements, prior = service.live_signals(session=session)
        _match_and_print(settings, config, text=text, top=top, as_json=as_json, batch=batch,
                         service_type=service_type, qualification=qualification, province=province, city=city,
                         local_only=local_only, override_capacity=override_capacity, show_excluded=show_excluded,
                         extract_fields=extract_fields, open_engagements=open_engagements, prior=prior)


def _match_and_print(
    settings: Settings, config: MatcherConfig, *, text: str | None, top: int, as_json: bool, batch: Path | None,
    service_type: list[ServiceType] | None, qualification: list[str] | None, province: str | None,
    city: str | None, local_only: bool, override_capacity: bool, show_excluded: bool, extract_fields: bool,
    open_engagements: OpenEngagements, prior: QualityPrior,
) -> None:
    if batch is not None:
        queries = _read_batch(batch, extract_fields=extract_fields)
        results = service.match_many(settings=settings, needs=queries, top_k=top, config=config,
                                     override_capacity=override_capacity, open_engagements=open_engagements,
                                     quality_prior=prior)
        for q, r in zip(queries, results, strict=True):
            if as_json:
                data = r.to_json(with_exclusions=show_excluded)
                typer.echo(json.dumps({"id": q.id, **data}, ensure_ascii=False))
            else:
                out.print(f"[bold]{q.id}[/bold] {q.text[:60]}")
                _print_result(r, show_excluded=show_excluded)
        return
    if not text or not text.strip():
        raise InnodockError("请给出需求文本或 --batch 文件 / give the need's text or --batch FILE", field="text")
    query = service.query_from_text(text) if extract_fields else MatchQuery(text=text)
    update: dict[str, Any] = {}
    if service_type:
        update["service_types"] = service_type
    if qualification:
        update["qualifications"] = qualification
    if province or city:
        update["region"] = Region(province=province, city=city)
    if local_only:
        update["local_only"] = True
    query = query.model_copy(update=update)
    result = service.match(settings=settings, need=query, top_k=top, config=config,
                           override_capacity=override_capacity, open_engagements=open_engagements,
                           quality_prior=prior)
    if as_json:
        typer.echo(json.dumps(result.to_json(with_exclusions=show_excluded), ensure_ascii=False))
    else:
        _print_result(result, show_excluded=show_excluded)


def team_cmd(
    center_id: Annotated[str, typer.Argument(help="机构编号 / center id")],
    text: Annotated[str, typer.Argument(help="需求文本 / the need's text")],
    members: Annotated[int, typer.Option("--members", min=0, max=20)] = 3,
    enterprise: Annotated[str | None, typer.Option("--enterprise", help="需求企业名称或编号（排除利益冲突）")] = None,
) -> None:
    """为选定机构推荐专家组 / propose an expert team for a chosen provider."""
    query = MatchQuery(text=text, enterprise_name=enterprise)
    proposal = service.propose_team(settings=get_settings(), center_id=center_id, need=query, members=members)
    typer.echo(json.dumps(proposal.model_dump(), ensure_ascii=False, indent=2))


def assign_cmd(
    batch: Annotated[Path, typer.Argument(help='JSONL，每行 {"id","text"} / one need a line')],
    top: Annotated[int, typer.Option("--top", min=1, max=50)] = 5,
    alternates: Annotated[int, typer.Option("--alternates", min=0, max=10)] = 2,
) -> None:
    """批量分配：在机构容量内使总匹配度最大 / assign many needs under center capacities."""
    settings = get_settings()
    queries = _read_batch(batch, extract_fields=True)
    with session_scope(settings) as session:
        open_engagements, _prior = service.live_signals(session=session)
        assignments = service.assign_batch(settings=settings, needs=queries, top_k=top, alternates=alternates,
                                           open_engagements=open_engagements)
    for a in assignments:
        sys.stdout.write(json.dumps(a.model_dump(), ensure_ascii=False) + "\n")


def register(app: typer.Typer) -> None:
    app.add_typer(index_app, name="index")
    app.command("match")(match_cmd)
    app.command("team")(team_cmd)
    app.command("assign")(assign_cmd)
