"""Seed 001 §5.2.5: item scores → ``A_n`` (second level) → ``T_k = Σ A_n·G_n`` → ``T = Σ T_k·S_k`` → grades.

Rules (also in docs/evaluation.md):

* Every item value is normalised to 0–100 (``evaluation.normalise``); a second-level score is the weighted sum of
  its items, ``T_k`` the weighted sum of its second-level scores, ``T`` the weighted sum of the ``T_k``.
* Weights come from the hierarchy (``evaluation.hierarchy``); AHP groups with CR ≥ 0.1 are refused there.
* Missing data is never zero. An item whose value is absent or ``null`` is listed in ``missing`` with its data
  source; every score above it (its indicator, its dimension, ``T``) is ``null``; stars, tier and class are only
  given when ``T`` is — the result is marked ``complete: false``. Values for unknown item ids are refused.
* Determinism: the result is a function of the input file and the hierarchy file only (no clock, no randomness);
  ``to_json`` rounds every float to 6 decimals and sorts keys, so equal inputs give byte-identical JSON.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np

from core.errors import InnodockError
from evaluation.fuzzy import composite, defuzzify, membership
from evaluation.hierarchy import Grading, Hierarchy, resolve_weights
from evaluation.hierarchy.loader import WeightGroup
from evaluation.normalise import normalise
from evaluation.schemas import ScoreInput

DECIMALS = 6


def hierarchy_digest(hierarchy: Hierarchy) -> str:
    canonical = json.dumps(hierarchy.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def grade(grading: Grading, total: float, dimension_scores: list[float]) -> dict[str, Any]:
    """The first cut (best first) whose total and first-level floors are met; the last cut catches the rest."""
    floor = min(dimension_scores) if dimension_scores else 0.0
    for cut in grading.cuts:
        if total >= cut.min_score and floor >= cut.min_dimension_score:
            out: dict[str, Any] = {
                "id": cut.id,
                "label_zh": cut.label_zh,
                "label_en": cut.label_en,
                "min_score": cut.min_score,
                "min_dimension_score": cut.min_dimension_score,
            }
            if cut.stars is not None:
                out["stars"] = cut.stars
            return out
    raise AssertionError("grading without a catch-all cut passed validation")


def _weights_summary(group: WeightGroup) -> dict[str, Any]:
    out: dict[str, Any] = {"origin": group.origin, "weights": group.weights}
    if group.ahp is not None:
        out.update(
            lambda_max=group.ahp.lambda_max, ci=group.ahp.ci, cr=group.ahp.cr, ri=group.ahp.ri,
            ri_table=group.ahp.ri_table, consistent=group.ahp.consistent,
        )
    return out


def score(
    hierarchy: Hierarchy,
    inputs: ScoreInput,
    *,
    origins: dict[str, str] | None = None,
    notes: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Score one center; ``origins``/``notes`` say where a value came from (e.g. records) and why one is missing."""
    origins = origins or {}
    notes = notes or {}
    groups = resolve_weights(hierarchy)
    known = {it.id for _, _, it in hierarchy.items()}
    for key in sorted(inputs.values):
        if key not in known:
            raise InnodockError(
                f"指标体系中没有此项 / no item {key!r} in hierarchy {hierarchy.id}", field=f"values.{key}"
            )

    lines: list[str] = []
    missing: list[dict[str, str]] = []
    dims_out: list[dict[str, Any]] = []
    root_w = groups["root"].weights
    total_acc: float | None = 0.0
    for dim in hierarchy.dimensions:
        dim_w = groups[dim.id].weights
        dim_acc: float | None = 0.0
        inds_out: list[dict[str, Any]] = []
        for ind in dim.indicators:
            item_w = groups[ind.id].weights
            ind_acc: float | None = 0.0
            items_out: list[dict[str, Any]] = []
            for item in ind.items:
                value = inputs.values.get(item.id)
                w = item_w[item.id]
                entry: dict[str, Any] = {
                    "id": item.id, "name_zh": item.name_zh, "name_en": item.name_en, "unit": item.unit,
                    "direction": item.direction, "data_source": item.data_source, "source": item.source,
                    "weight": w, "raw": value, "score": None, "contribution": None,
                    "origin": origins.get(item.id, "input"),
                }
                if item.id in notes:
                    entry["note"] = notes[item.id]
                if value is None:
                    missing.append({
                        "item": item.id, "indicator": ind.id, "dimension": dim.id,
                        "data_source": item.data_source, "name_zh": item.name_zh,
                        "reason": notes.get(item.id, "未提供 / not provided"),
                    })
                    where = f"{dim.name_zh}/{ind.name_zh}/{item.name_zh} [{item.id}]"
                    lines.append(f"{where}: 缺失 missing ({item.data_source})")
                    ind_acc = None
                else:
                    s, how = normalise(item, value, field=f"values.{item.id}")
                    entry.update(score=s, contribution=s * w, how=how)
                    where = f"{dim.name_zh}/{ind.name_zh}/{item.name_zh} [{item.id}]"
                    lines.append(f"{where}: {how} → {s:.4f} × {w:.4f} = {s * w:.4f}")
                    if ind_acc is not None:
                        ind_acc += s * w
                items_out.append(entry)
            fuzzy = _indicator_fce(ind.items, item_w, inputs) if ind_acc is not None else None
            if ind_acc is None:
                lines.append(f"{dim.name_zh}/{ind.name_zh} [{ind.id}]: 不完整，不计分 incomplete, no score")
                dim_acc = None
            else:
                lines.append(f"{dim.name_zh}/{ind.name_zh} [{ind.id}]: A = Σ 项得分×权重 = {ind_acc:.4f}")
                if dim_acc is not None:
                    dim_acc += ind_acc * dim_w[ind.id]
            inds_out.append({
                "id": ind.id, "name_zh": ind.name_zh, "name_en": ind.name_en, "source": ind.source,
                "weight": dim_w[ind.id], "score": ind_acc, "fuzzy": fuzzy, "items": items_out,
            })
        if dim_acc is None:
            lines.append(f"{dim.symbol} {dim.name_zh}: 不完整，不计分 incomplete, no score")
            total_acc = None
        else:
            terms = " + ".join(f"{i['score']:.4f}×{i['weight']:.4f}" for i in inds_out)
            lines.append(f"{dim.symbol} {dim.name_zh} = Σ A_n·G_n = {terms} = {dim_acc:.4f}")
            if total_acc is not None:
                total_acc += dim_acc * root_w[dim.id]
        dims_out.append({
            "id": dim.id, "symbol": dim.symbol, "name_zh": dim.name_zh, "name_en": dim.name_en,
            "weight": root_w[dim.id], "score": dim_acc, "indicators": inds_out,
        })

    result: dict[str, Any] = {
        "hierarchy": {"id": hierarchy.id, "version": hierarchy.version, "sha256": hierarchy_digest(hierarchy)},
        "center_id": inputs.center_id,
        "period": inputs.period,
        "complete": total_acc is not None,
        "total": total_acc,
        "stars": None,
        "tier": None,
        "management_class": None,
        "dimensions": dims_out,
        "weights": {k: _weights_summary(g) for k, g in groups.items()},
        "missing": missing,
    }
    if total_acc is not None:
        dim_scores = [float(d["score"]) for d in dims_out]
        terms = " + ".join(f"{d['score']:.4f}×{d['weight']:.4f}" for d in dims_out)
        lines.append(f"T = Σ T_k·S_k = {terms} = {total_acc:.4f}")
        result["stars"] = grade(hierarchy.stars, total_acc, dim_scores)
        result["tier"] = grade(hierarchy.tiers, total_acc, dim_scores)
        result["management_class"] = grade(hierarchy.classes, total_acc, dim_scores)
        lines.append(
            f"星级 stars: {result['stars']['label_zh']}; 等次 tier (seed 003): {result['tier']['label_zh']}; "
            f"管理类别 class (seed 002): {result['management_class']['label_zh']}"
        )
    else:
        lines.append(f"缺失 {len(missing)} 项数据，不给出总分与星级 / {len(missing)} items missing: no total, no stars")
    result["explanation"] = lines
    return result


def _indicator_fce(items: list[Any], item_w: dict[str, float], inputs: ScoreInput) -> dict[str, Any] | None:
    """``B = W·R`` for an indicator whose items are all five-grade questionnaires with the same grade values."""
    if not items or any(it.normalisation.method != "five_grade" for it in items):
        return None
    values = {tuple(it.normalisation.grade_values) for it in items}
    if len(values) != 1:
        return None
    rows = []
    for it in items:
        votes = inputs.values[it.id]
        assert isinstance(votes, list)  # already checked by normalise()
        rows.append(membership(votes, field=f"values.{it.id}"))
    r = np.stack(rows)
    b = composite([item_w[it.id] for it in items], r)
    return {"B": [float(x) for x in b], "score": defuzzify(b, next(iter(values)))}


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        r = round(value, DECIMALS)
        return 0.0 if r == 0 else r  # no "-0.0"
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def to_json(result: dict[str, Any]) -> str:
    """Canonical JSON: sorted keys, floats rounded to 6 decimals, UTF-8 text, so equal inputs give equal bytes."""
    return json.dumps(_rounded(result), sort_keys=True, ensure_ascii=False, indent=2) + "\n"
