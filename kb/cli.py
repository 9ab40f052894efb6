"""``innodock kb …``: import, export, inspect and delete knowledge-base records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from core.db import session_scope
from core.errors import InnodockError
from core.settings import get_settings
from kb import service
from kb.io.exporter import export_records
from kb.io.importer import ImportResult, collect, import_records
from kb.synthetic import write_synthetic_catalog
from kb.vocab import KIND_LABELS, SERVICE_TYPE_LABELS, CenterKind, ServiceType

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"

kb_app = typer.Typer(
    help="知识库：机构、能力与专家 / knowledge base: centers, capabilities, experts", no_args_is_help=True
)
err = Console(stderr=True, soft_wrap=True)
out = Console()

PHASE_LABELS = {"read": "读取 reading", "validate": "校验 validating", "write": "写入 writing"}


def sample_files() -> list[Path]:
    return sorted(SAMPLE_DIR.glob("*.jsonl"))


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


@kb_app.command("import")
def import_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(help=".jsonl / .csv / .xlsx files")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="用文件内容整体替换知识库 / swap the whole KB")] = False,
    partial: Annotated[bool, typer.Option("--partial", help="导入正确记录，报告错误记录 / keep the good ones")] = False,
    encoding: Annotated[str | None, typer.Option(help="CSV/JSONL 编码，如 gb18030 / file encoding")] = None,
    sample: Annotated[bool, typer.Option("--sample", help="导入随附的示例知识库 / import the shipped sample")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出结果 / print the result as JSON")] = False,
) -> None:
    """导入 kb-v1 文件 / import kb-v1 files (all-or-nothing unless --partial)."""
    files = list(paths or [])
    if sample:
        files.extend(sample_files())
    if not files:
        raise InnodockError("请给出要导入的文件，或使用 --sample / give files to import, or --sample", field="paths")
    settings = get_settings()
    with _ProgressBar(enabled=err.is_terminal) as bar:
        records, read_issues = collect(files, encoding=encoding, progress=bar)
        with session_scope(settings) as session:
            result = import_records(session=session, records=records, read_issues=read_issues, replace=replace,
                                    partial=partial, progress=bar if len(records) > 2000 else None)
    _report(result, as_json=as_json)
    if result.issues:
        raise typer.Exit(1)


def _report(result: ImportResult, *, as_json: bool) -> None:
    for issue in result.issues:
        err.print(str(issue), markup=False, highlight=False, soft_wrap=True)
    if as_json:
        out.print_json(json.dumps({
            "written": result.written, "replaced": result.replaced, "created": result.created,
            "updated": result.updated, "deleted": result.deleted, "rejected": result.rejected,
            "errors": [str(i) for i in result.issues], "version": result.version,
        }, ensure_ascii=False))
        return
    if result.written:
        err.print(f"已导入 imported: {result.summary()} (知识库版本 version {result.version})", markup=False)
    else:
        err.print(f"未导入任何记录 / nothing imported: {len(result.issues)} 个错误 error(s) in "
                  f"{result.rejected} record(s); fix them or use --partial", markup=False)


@kb_app.command("export")
def export_cmd(
    out_path: Annotated[Path, typer.Argument(metavar="OUT", help="文件（jsonl/xlsx）或文件夹（csv）/ file or folder")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl | csv | xlsx")] = "jsonl",
) -> None:
    """导出知识库 / export the knowledge base."""
    if fmt not in ("jsonl", "csv", "xlsx"):
        raise InnodockError(f"不支持的格式 {fmt!r} / format must be jsonl, csv or xlsx", field="format")
    settings = get_settings()
    with session_scope(settings) as session:
        count = export_records(session=session, fmt=fmt, out=out_path)  # type: ignore[arg-type]
    err.print(f"已导出 {count} 条记录 / exported {count} records → {out_path}", markup=False)


@kb_app.command("stats")
def stats_cmd(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """知识库统计 / knowledge-base statistics."""
    with session_scope(get_settings()) as session:
        st = service.stats(session=session)
    if as_json:
        out.print_json(st.model_dump_json())
        return
    table = Table(title=f"知识库 knowledge base (version {st.version})")
    table.add_column("项目 item")
    table.add_column("数量 count", justify="right")
    table.add_row("机构 centers", str(st.centers))
    for kind, n in sorted(st.centers_by_kind.items()):
        table.add_row(f"  {KIND_LABELS[CenterKind(kind)][0]} {kind}", str(n))
    for status, n in sorted(st.centers_by_status.items()):
        table.add_row(f"  状态 status {status}", str(n))
    table.add_row("能力 capabilities", str(st.capabilities))
    for stype, n in st.capabilities_by_service_type.items():
        label = SERVICE_TYPE_LABELS[ServiceType(stype)][0] if stype in ServiceType.__members__ else stype
        table.add_row(f"  {label} {stype}", str(n))
    table.add_row("专家 experts", str(st.experts))
    table.add_row("行业 industries", str(st.industries))
    table.add_row("省份 provinces", str(len(st.regions)))
    out.print(table)


@kb_app.command("show")
def show_cmd(record_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """显示一条记录（kb-v1 JSON）/ show one record as kb-v1 JSON."""
    with session_scope(get_settings()) as session:
        record = service.find_record(session=session, record_id=record_id)
        data = record.to_record()
        if record.record_type == "center":
            data["_capabilities"] = len(service.list_capabilities(session=session, center_ids=[record_id]))
            data["_experts"] = len(service.list_experts(session=session, center_id=record_id))
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@kb_app.command("delete")
def delete_cmd(ids: Annotated[list[str], typer.Argument(metavar="ID...")]) -> None:
    """删除记录（机构连同其能力）/ delete records (a center takes its capabilities with it)."""
    with session_scope(get_settings()) as session:
        found = service.delete_records(session=session, ids=ids)
    parts = ", ".join(f"{t} {len(v)}" for t, v in found.items() if v)
    err.print(f"已删除 deleted: {parts}", markup=False)


@kb_app.command("synth")
def synth_cmd(
    out_path: Annotated[Path, typer.Argument(metavar="OUT.jsonl")],
    capabilities: Annotated[int, typer.Option("--capabilities", "-n", min=1)] = 10_000,
    seed: Annotated[int, typer.Option()] = 7,
) -> None:
    """生成大规模合成知识库（基准测试用）/ write a large synthetic catalog for benchmarks."""
    counts = write_synthetic_catalog(out=out_path, capabilities=capabilities, seed=seed)
    err.print(f"已生成 wrote {counts} → {out_path}", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(kb_app, name="kb")
