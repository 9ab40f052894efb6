"""``innodock index …`` and ``innodock team``: the matcher's own commands (``match`` and ``assign``, which need the
pipeline's and the evaluation's live signals, are :mod:`cli.matching`'s)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from core.db import session_scope
from core.settings import get_settings
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
    err.print("加载模型 / loading the model …")
    service.get_embedder(settings=settings, config=config)
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
def status_cmd() -> None:
    """索引状态 / the index manifest and whether it is stale.

    例 / example: innodock index status
    """
    typer.echo(json.dumps(service.index_status(settings=get_settings()), ensure_ascii=False, indent=2))


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
