"""``innodock evaluate …``: weights, scoring, stored center evaluations and reports.

Exit statuses: 0 ok; 1 an input error (one line on stderr); 3 AHP judgments inconsistent (CR ≥ 0.1 — the JSON is
still printed, naming the most inconsistent comparison); 4 scoring incomplete (missing values listed in the JSON).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from core.db import session_scope
from core.errors import InnodockError
from core.settings import get_settings
from evaluation.files import parse_score_input, read_json
from evaluation.hierarchy import load_hierarchy
from evaluation.scoring import score, to_json
from evaluation.service import write_center_report
from evaluation.sources import check_values
from evaluation.weights import aggregate_judgments, ahp_weights, critic_weights, cv_weights, entropy_weights
from evaluation.weights.ahp import DEFAULT_RI_TABLE

EXIT_INCONSISTENT = 3
EXIT_INCOMPLETE = 4

evaluate_app = typer.Typer(
    name="evaluate",
    help="服务质量评价（团标 §5.2.4–5.2.9）/ service-quality evaluation: weights, scores, ratings, reports.",
    no_args_is_help=True,
)


class Method(StrEnum):
    ahp = "ahp"
    entropy = "entropy"
    cv = "cv"
    critic = "critic"


class Normalize(StrEnum):
    sum = "sum"
    minmax = "minmax"


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"


def _field(data: dict[str, Any], key: str, *, required: bool = True) -> Any:
    if key not in data:
        if required:
            raise InnodockError(f"缺少字段 {key!r} / missing field {key!r}", field=key)
        return None
    return data[key]


def _echo(payload: dict[str, Any]) -> None:

    typer.echo(to_json(payload), nl=False)


def weights_payload(
    data: Any, method: Method, normalize: Normalize, ri_table: str
) -> tuple[dict[str, Any], bool]:
    """The JSON answer for ``evaluate weights`` and whether it is acceptable (AHP consistent)."""
    if not isinstance(data, dict):
        raise InnodockError("输入应为 JSON 对象 / input must be a JSON object", field="file")
    criteria = _field(data, "criteria")
    if not isinstance(criteria, list) or not all(isinstance(c, str) for c in criteria):
        raise InnodockError("criteria 应为字符串列表 / criteria must be a list of strings", field="criteria")
    if method is Method.ahp:
        matrix = data.get("matrix")
        group = data.get("matrices")
        if (matrix is None) == (group is None):
            raise InnodockError(
                "需要 matrix 或 matrices（二选一）/ give matrix or matrices (one of them)", field="matrix"
            )
        if group is not None:
            matrix = aggregate_judgments(group, expert_weights=data.get("expert_weights"))
        assert matrix is not None
        result = ahp_weights(matrix, criteria=criteria, ri_table=ri_table)
        worst = result.most_inconsistent
        payload: dict[str, Any] = {
            "method": "ahp",
            "weights": result.weight_map(),
            "lambda_max": result.lambda_max,
            "ci": result.ci,
            "cr": result.cr,
            "ri": result.ri,
            "ri_table": result.ri_table,
            "consistent": result.consistent,
            "note": result.note,
            "most_inconsistent": None
            if worst is None
            else {
                "row": worst.row, "col": worst.col, "given": worst.given, "implied": worst.implied,
                "log_deviation": worst.log_deviation,
            },
        }
        if group is not None:
            payload["aggregated_matrix"] = [[float(v) for v in row] for row in matrix]
        # Weights beyond the RI table are answered (exit 0) with cr null and the note: unchecked, not inconsistent.
        return payload, result.consistent is not False
    matrix = _field(data, "matrix")
    alternatives = data.get("alternatives")
    if alternatives is not None and (not isinstance(alternatives, list) or len(alternatives) != len(matrix)):
        raise InnodockError("alternatives 个数应等于矩阵行数 / one alternative per matrix row", field="alternatives")
    if isinstance(matrix, list) and matrix and isinstance(matrix[0], list) and len(matrix[0]) != len(criteria):
        raise InnodockError("criteria 个数应等于矩阵列数 / one criterion per matrix column", field="criteria")
    directions = data.get("directions")
    if method is Method.entropy:
        w = entropy_weights(matrix, normalize=normalize.value, directions=directions)
        extra: dict[str, Any] = {"normalize": normalize.value}
    elif method is Method.cv:
        w = cv_weights(matrix)
        extra = {}
    else:
        w = critic_weights(matrix, directions=directions)
        extra = {}
    payload = {"method": method.value, "weights": dict(zip(criteria, (float(x) for x in w), strict=True)), **extra}
    return payload, True


@evaluate_app.command("weights")
def weights_cmd(
    file: Path = typer.Argument(
        ..., help="JSON: {criteria, matrix} (AHP) or {criteria, alternatives, matrix, directions?}"
    ),
    method: Method = typer.Option(Method.ahp, "--method", help="ahp | entropy | cv | critic"),
    normalize: Normalize = typer.Option(Normalize.sum, "--normalize", help="entropy: sum (p = x/Σx) or minmax"),
    ri_table: str = typer.Option(DEFAULT_RI_TABLE, "--ri-table", help="AHP random-index table"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """权重计算 / compute weights (AHP exits 3 when CR ≥ 0.1)."""
    payload, ok = weights_payload(read_json(file), method, normalize, ri_table)
    if as_json:
        _echo(payload)
    else:
        for name, weight in payload["weights"].items():
            typer.echo(f"{name}\t{weight:.6f}")
        if method is Method.ahp:
            if payload["cr"] is None:
                typer.echo(f"λmax={payload['lambda_max']:.6f} CI={payload['ci']:.6f} CR=— {payload['note']}")
            else:
                typer.echo(
                    f"λmax={payload['lambda_max']:.6f} CI={payload['ci']:.6f} CR={payload['cr']:.6f} "
                    f"{'一致 consistent' if ok else '不一致 inconsistent'}"
                )
            if not ok and payload["most_inconsistent"]:
                w = payload["most_inconsistent"]
                typer.echo(f"最不一致的比较 most inconsistent: {w['row']} vs {w['col']}: {w['given']:g} "
                           f"(weights imply {w['implied']:.4f})")
    if not ok:
        raise typer.Exit(EXIT_INCONSISTENT)


@evaluate_app.command("score")
def score_cmd(
    file: Path = typer.Argument(..., help="JSON: {center_id?, period?, values: {item_id: value|[5 votes]|null}}"),
    hierarchy: Path | None = typer.Option(None, "--hierarchy", help="indicator hierarchy YAML (default seed 001)"),
    as_json: bool = typer.Option(False, "--json", help="print the canonical JSON result"),
) -> None:
    """按指标体系计分 / score one center from a file of indicator values (exit 4 if incomplete)."""
    tree = load_hierarchy(hierarchy)
    given = parse_score_input(read_json(file))
    check_values(tree, given.values)  # the units' sane bounds, as every other door checks them
    result = score(tree, given)
    _print_result(result, as_json)
    if not result["complete"]:
        raise typer.Exit(EXIT_INCOMPLETE)


def _print_result(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        _echo(result)
        return
    for line in result["explanation"]:
        typer.echo(line)


@evaluate_app.command("report")
def report_cmd(
    center_id: str = typer.Argument(..., help="机构编号 / knowledge-base center id"),
    fmt: ReportFormat = typer.Option(ReportFormat.html, "--format", help="报告格式 / html | pdf"),
    out: Path = typer.Option(..., "--out", help="输出文件 / output file"),
    run_id: int | None = typer.Option(None, "--run", help="指定评价记录（默认最近一次）/ a specific run (default: the "
                                                          "latest)"),
) -> None:
    """生成评价报告（§5.2.9）/ write the evaluation report of a center's latest (or given) run.

    例 / example: innodock evaluate report qic-js-battery --format pdf --out report.pdf
    """
    with session_scope(get_settings()) as session:
        path = write_center_report(session=session, center_id=center_id, out=out, fmt=fmt.value, run_id=run_id)
    typer.echo(str(path))


def register(app: typer.Typer) -> None:
    app.add_typer(evaluate_app, name="evaluate")
