"""``innodock kb …``: import, export, inspect and delete knowledge-base records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from core.db import session_scope
from core.settings import get_settings
from kb import service, transfer
from kb.io.exporter import export_format, export_records
from kb.synthetic import write_synthetic_catalog
from kb.vocab import KIND_LABELS, SERVICE_TYPE_LABELS, CenterKind, ServiceType

kb_app = typer.Typer(
    help="知识库：机构、能力与专家 / knowledge base: centers, capabilities, experts", no_args_is_help=True
)
err = Console(stderr=True, soft_wrap=True)
out = Console()

# ``innodock kb import`` is the entry layer's (cli/knowledge.py): an import enters the providers' lifecycles, which
# kb, a leaf, knows nothing of.


def sample_files() -> list[Path]:
    return transfer.sample_files()


@kb_app.command("export")
def export_cmd(
    out_path: Annotated[Path, typer.Argument(metavar="OUT", help="文件（jsonl/xlsx）或文件夹（csv）/ file or folder")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="jsonl | csv | xlsx（默认按文件名：.xlsx 为 Excel，"
                                                                   "已有文件夹为 CSV，其余 JSON Lines）/ default: by "
                                                                   "the name")] = None,
) -> None:
    """导出知识库 / export the knowledge base.

    例 / example: innodock kb export kb.xlsx ; innodock kb export --format csv kb-csv/ ; innodock kb export kb.jsonl
    """
    fmt_ = export_format(out_path, fmt)
    settings = get_settings()
    with session_scope(settings) as session:
        count = export_records(session=session, fmt=fmt_, out=out_path)
    err.print(f"已导出 {count} 条记录 / exported {count} records → {out_path}", markup=False)


@kb_app.command("stats")
def stats_cmd(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """知识库统计 / knowledge-base statistics.

    例 / example: innodock kb stats --json
    """
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
    for rule, counts in st.compliance.items():
        table.add_row(f"人员条件 {rule}：符合 met / 不符合 not met / 未填报 unknown",
                      f"{counts['met']} / {counts['not_met']} / {counts['unknown']}")
    out.print(table)


@kb_app.command("show")
def show_cmd(record_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """显示一条记录（kb-v1 JSON）/ show one record as kb-v1 JSON.

    例 / example: innodock kb show qic-js-battery
    """
    with session_scope(get_settings()) as session:
        record = service.find_record(session=session, record_id=record_id)
        data = record.to_record()
        if record.record_type == "center":
            data["_capabilities"] = len(service.list_capabilities(session=session, center_ids=[record_id]))
            data["_experts"] = len(service.list_experts(session=session, center_id=record_id))
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@kb_app.command("delete")
def delete_cmd(ids: Annotated[list[str], typer.Argument(metavar="ID...")]) -> None:
    """删除记录（机构连同其能力）/ delete records (a center takes its capabilities with it).

    例 / example: innodock kb delete cap-qic-0001 cap-qic-0002
    """
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
