"""``innodock evaluate center``: a stored evaluation at the terminal, through the one evaluation flow
(``flows.evaluations``), so a run made here obeys the independence rule, records its evaluator, and leaves its findings
and its grade's consequence (proposed to the association) exactly as a run started on the web does.

The command joins the ``innodock evaluate`` group that ``evaluation.cli`` registers (weights, scores and reports,
which touch no one's records).

Exit statuses: 0 ok; 1 an input error or a refusal (one line on stderr, nothing stored); 4 the run is incomplete
(stored, with the missing values listed in the JSON).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cli.acting import AsOpt, JsonOpt, day, outbox, principal
from core import china_time
from core.db import session_scope
from core.settings import get_settings
from evaluation.schemas import EvaluatorParty
from flows import evaluations

EXIT_INCOMPLETE = 4
err = Console(stderr=True, soft_wrap=True)

PartyOpt = Annotated[EvaluatorParty | None, typer.Option(
    "--party", help="self | second | third（种子 001 §5.2.7；默认：机构本身为自评，其他人为第二方，或按输入报告所写）/ "
                    "the evaluator's party (default: self for the provider's own staff, else second or what the "
                    "inputs' report names)")]


def center_cmd(
    center_id: Annotated[str, typer.Argument(help="机构编号 / knowledge-base center id")],
    period: Annotated[str, typer.Option("--period", help="YYYY 或 YYYY..YYYY")],
    as_: AsOpt,
    inputs: Annotated[Path | None, typer.Option(
        "--inputs", help="指标值 JSON 文件 / JSON file of indicator values")] = None,
    records: Annotated[Path | None, typer.Option(
        "--records", help="对接结果 JSONL（默认：本平台的对接记录）/ JSONL of engagement outcomes (default: the "
                          "pipeline's engagement records)")] = None,
    hierarchy: Annotated[Path | None, typer.Option(
        "--hierarchy", help="指标体系 YAML（默认团标 seed 001）/ indicator hierarchy YAML (default seed 001)")] = None,
    party: PartyOpt = None,
    evaluator: Annotated[str | None, typer.Option(
        "--evaluator", help="评价机构名称（默认为 --as 的身份）/ the evaluating organisation's name")] = None,
    today: Annotated[str | None, typer.Option("--today", help="按此日期计算整改期限 YYYY-MM-DD / date for "
                                                              "deadlines")] = None,
    as_json: JsonOpt = False,
) -> None:
    """评价一个机构并保存结果；评级低的指标形成整改项，结果等级的后果提交协会决定 / evaluate a center for a period,
    store the run, record its findings and propose its grade's consequence (exit 4 if incomplete).

    例 / example: innodock evaluate center qic-js-battery --period 2026 --inputs inputs.json --as admin:zhou
    """
    who = principal(as_, "evaluation.run")
    day_of = day(today, "today") or china_time.today()
    with session_scope(get_settings()) as session:
        done = evaluations.evaluate_from_files(session=session, principal=who, center_id=center_id, period=period,
                                               inputs=inputs, records=records, hierarchy=hierarchy, outbox=outbox(),
                                               party=party, evaluator_name=evaluator, today=day_of)
    run, left = done.run, done.aftermath
    if as_json:
        typer.echo(json.dumps(run.result, ensure_ascii=False, indent=2, default=str))
    else:
        for line in run.result.get("explanation") or []:
            typer.echo(line)
    party_label = "机构自评 self-assessment" if not run.counts_as_rating else f"{run.party} party rating"
    err.print(f"评价记录 run {run.id}（{party_label}）", highlight=False)
    if left.findings:
        err.print(f"整改项 {len(left.findings)} 个 / {len(left.findings)} finding(s): "
                  + "、".join(f.indicator_zh for f in left.findings), highlight=False)
    if left.proposal is not None:
        err.print(f"已提交协会决定 / proposed to the association: {left.proposal.transition} "
                  f"(proposal {left.proposal.id}; innodock provider proposals)", highlight=False)
    elif left.consequence is not None and left.consequence.kind != "none":
        err.print(f"结果 / consequence: {left.consequence.grounds}", highlight=False)
    if not run.complete:
        raise typer.Exit(EXIT_INCOMPLETE)


def register(app: typer.Typer) -> None:
    """Add ``center`` to the ``evaluate`` group ``evaluation.cli`` registered."""
    group = next((g for g in app.registered_groups if g.name == "evaluate"), None)
    if group is None or group.typer_instance is None:
        raise RuntimeError("evaluation.cli must register the evaluate group before cli.evaluations")
    group.typer_instance.command("center")(center_cmd)
