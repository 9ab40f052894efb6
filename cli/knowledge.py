"""``innodock kb import``: kb-v1 files in, through the one import flow (``flows.knowledge``), so an import at the
terminal enters the providers' lifecycles and obeys their status rule as an upload on the web does.

The command joins the ``innodock kb`` group that ``kb.cli`` registers (``core.cli`` mounts kb's commands first).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from core.db import session_scope
from core.errors import InnodockError
from core.settings import get_settings
from flows import knowledge
from flows.knowledge import ImportResult

err = Console(stderr=True, soft_wrap=True)
out = Console()

PHASE_LABELS = {"read": "读取 reading", "validate": "校验 validating", "write": "写入 writing"}


class _ProgressBar:
    """A rich progress bar over import phases; quiet for small imports and when stderr is not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.progress: Progress | None = None
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> _ProgressBar:
        if self.enabled:
            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), console=err, transient=True)
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress:
            self.progress.stop()

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.progress:
            return
        if phase not in self.tasks:
            self.tasks[phase] = self.progress.add_task(PHASE_LABELS.get(phase, phase), total=total or None)
        self.progress.update(self.tasks[phase], completed=done, total=total or None)


def import_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(help=".jsonl / .csv / .xlsx files")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="用文件内容整体替换知识库（机构状态以文件为准）/ swap "
                                                            "the whole KB (statuses as the files say)")] = False,
    partial: Annotated[bool, typer.Option("--partial", help="导入正确记录，报告错误记录 / keep the good ones")] = False,
    encoding: Annotated[str | None, typer.Option(help="CSV/JSONL 编码，如 gb18030 / file encoding")] = None,
    sample: Annotated[bool, typer.Option("--sample", help="导入随附的示例知识库 / import the shipped sample")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出结果 / print the result as JSON")] = False,
) -> None:
    """导入 kb-v1 文件（除非 --partial，全部成功或全部不写）/ import kb-v1 files (all or nothing unless --partial).

    例 / example: innodock kb import --partial centers.csv capabilities.csv experts.xlsx
    """
    files = list(paths or [])
    if sample:
        files.extend(knowledge.sample_files())
    if not files:
        raise InnodockError("请给出要导入的文件，或使用 --sample / give files to import, or --sample", field="paths")
    with _ProgressBar(enabled=err.is_terminal) as bar, session_scope(get_settings()) as session:
        result = knowledge.import_files(session=session, paths=files, replace=replace, partial=partial,
                                        encoding=encoding, progress=bar)
    _report(result, as_json=as_json)
    if result.issues:
        raise typer.Exit(1)


def _report(result: ImportResult, *, as_json: bool) -> None:
    for issue in result.issues:
        err.print(str(issue), markup=False, highlight=False, soft_wrap=True)
    for warning in result.warnings if result.written else []:
        err.print(f"提醒 warning: {warning}", markup=False, highlight=False, soft_wrap=True)
    if as_json:
        out.print_json(json.dumps({
            "written": result.written, "replaced": result.replaced, "created": result.created,
            "updated": result.updated, "deleted": result.deleted, "rejected": result.rejected,
            "errors": [str(i) for i in result.issues],
            "warnings": [str(w) for w in result.warnings] if result.written else [],
            "version": result.version,
        }, ensure_ascii=False))
        return
    if result.written:
        err.print(f"已导入 imported: {result.summary()} (知识库版本 version {result.version})", markup=False)
    else:
        # Problems, not records: a missing file or a bad header is a problem and no record (the operator's walk).
        n = len(result.issues)
        err.print(f"未导入任何记录 / nothing imported: {n} 个问题 / {n} problem(s)；改正后重新导入，或用 --partial "
                  "只导入无误的 / fix them and import again, or --partial for the good ones", markup=False)


def register(app: typer.Typer) -> None:
    """Add ``import`` to the ``kb`` group ``kb.cli`` registered."""
    group = next((g for g in app.registered_groups if g.name == "kb"), None)
    if group is None or group.typer_instance is None:
        raise RuntimeError("kb.cli must register the kb group before cli.knowledge")
    group.typer_instance.command("import")(import_cmd)
