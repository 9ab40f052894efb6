"""Load an indicator hierarchy from YAML and resolve every sibling group's weights, or refuse with a clear error."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from core.errors import InnodockError
from evaluation.hierarchy.schema import WEIGHT_SUM_TOLERANCE, AhpSpec, Hierarchy
from evaluation.weights import AhpResult, ahp_weights

DEFAULT_HIERARCHY = Path(__file__).resolve().parent / "seed001.yaml"


@dataclass(frozen=True)
class WeightGroup:
    """The weights of one sibling group, where they came from, and the AHP check if any."""

    parent: str
    weights: dict[str, float]
    origin: str  # "explicit" | "ahp"
    ahp: AhpResult | None = None


def _from_ahp(parent: str, names: Sequence[str], spec: AhpSpec) -> WeightGroup:
    result = ahp_weights(spec.matrix, criteria=list(names), ri_table=spec.ri_table, field=f"{parent}.ahp.matrix")
    if result.cr is None:
        # Scoring uses only checked weights: name a table that covers the size (ri_table) or split the group.
        raise InnodockError(f"{result.note}；评分只用经过一致性检验的权重 / scoring uses checked weights only",
                            code="inconsistent", field=f"{parent}.ahp.ri_table")
    if not result.consistent:
        worst = result.most_inconsistent
        detail = f"; 最不一致 most inconsistent: {worst.row}/{worst.col} = {worst.given:g}" if worst else ""
        raise InnodockError(
            f"AHP 判断矩阵 CR = {result.cr:.4f} ≥ 0.1，权重被拒绝 / inconsistent judgments, weights refused{detail}",
            code="inconsistent",
            field=f"{parent}.ahp",
        )
    return WeightGroup(parent, result.weight_map(), "ahp", result)


def _group(parent: str, names: Sequence[str], weights: Sequence[float | None], spec: AhpSpec | None) -> WeightGroup:
    given = [w for w in weights if w is not None]
    if spec is not None:
        if given:
            raise InnodockError(
                "同一组权重既给了 ahp 矩阵又给了 weight 字段 / give either an ahp matrix or weights, not both",
                field=parent,
            )
        return _from_ahp(parent, names, spec)
    if len(given) != len(names):
        missing = [n for n, w in zip(names, weights, strict=True) if w is None]
        raise InnodockError(f"缺少权重 / missing weight for {', '.join(missing)}", field=parent)
    total = sum(given)
    if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
        raise InnodockError(
            f"同级权重之和为 {total:.12g}，应为 1（容差 1e-9）/ sibling weights sum to {total:.12g}, not 1",
            field=parent,
        )
    return WeightGroup(parent, dict(zip(names, given, strict=True)), "explicit")


def resolve_weights(hierarchy: Hierarchy) -> dict[str, WeightGroup]:
    """Every group's weights keyed by parent id (``"root"`` for the first level)."""
    groups = {
        "root": _group(
            "root", [d.id for d in hierarchy.dimensions], [d.weight for d in hierarchy.dimensions], hierarchy.ahp
        )
    }
    for d in hierarchy.dimensions:
        groups[d.id] = _group(d.id, [i.id for i in d.indicators], [i.weight for i in d.indicators], d.ahp)
        for ind in d.indicators:
            groups[ind.id] = _group(ind.id, [it.id for it in ind.items], [it.weight for it in ind.items], ind.ahp)
    return groups


def parse_hierarchy(data: Any, *, origin: str = "hierarchy") -> Hierarchy:
    try:
        hierarchy = Hierarchy.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InnodockError(
            f"指标体系文件无效 / invalid hierarchy: {first['msg']}", field=f"{origin}:{where}" if where else origin
        ) from exc
    resolve_weights(hierarchy)
    return hierarchy


# libyaml's loader where PyYAML was built with it: the same documents, parsed in C.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_hierarchy(path: str | Path | None = None) -> Hierarchy:
    """The hierarchy in ``path`` (default: the seed 001 hierarchy shipped with the package), validated.

    Read on every call, parsed once per distinct text: the questionnaire, observation and rating pages load it on
    each request, and parsing, validating and resolving its AHP groups took ≈ 20 ms a call (about 8 % of a sample
    of the test suite's time). The model is frozen, so callers share one instance safely; a changed file is a new
    text and is parsed again."""
    file = Path(path) if path is not None else DEFAULT_HIERARCHY
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InnodockError(f"找不到指标体系文件 / hierarchy file not found: {file}", field="hierarchy") from exc
    return _parsed(text, file.name)


@lru_cache(maxsize=16)
def _parsed(text: str, origin: str) -> Hierarchy:
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)  # a safe loader: CSafeLoader or SafeLoader
    except yaml.YAMLError as exc:
        raise InnodockError(f"指标体系 YAML 无法解析 / invalid YAML: {exc}", field="hierarchy") from exc
    return parse_hierarchy(data, origin=origin)
