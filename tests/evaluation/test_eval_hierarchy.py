"""The seed 001 hierarchy file and the loader's refusals."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from core.errors import InnodockError
from evaluation.hierarchy import DEFAULT_HIERARCHY, load_hierarchy, parse_hierarchy, resolve_weights
from evaluation.hierarchy.loader import _from_ahp
from evaluation.hierarchy.schema import AhpSpec


def raw() -> dict[str, Any]:
    return yaml.safe_load(DEFAULT_HIERARCHY.read_text(encoding="utf-8"))


def test_seed001_structure_matches_the_seed() -> None:
    h = load_hierarchy()
    assert [d.name_zh for d in h.dimensions] == ["基础条件", "运营能力", "服务能力", "服务结果"]
    second = {d.name_zh: [i.name_zh for i in d.indicators] for d in h.dimensions}
    assert second == {
        "基础条件": ["检测能力", "技术能力", "仪器设备及设施", "协同创新能力"],
        "运营能力": ["资源集聚能力", "宣传推广", "内部运营"],
        "服务能力": ["质量评价服务", "技术培训服务", "技术支持服务", "检测认证服务", "信息服务"],
        "服务结果": ["服务成效", "经济效益", "社会效应", "客户满意度"],
    }
    service = next(d for d in h.dimensions if d.id == "service")
    for ind in service.indicators:
        assert all(it.source == "innodock_proposal" and it.reason for it in ind.items), ind.id
    assert {g.source for g in (h.stars, h.tiers, h.classes)} == {"innodock_proposal"}
    assert [c.label_zh for c in h.tiers.cuts] == ["优秀", "良好", "合格", "不合格"]
    assert [c.stars for c in h.stars.cuts] == [5, 4, 3, 2, 1]


def test_every_group_sums_to_one_and_first_level_ahp_is_consistent() -> None:
    groups = resolve_weights(load_hierarchy())
    assert len(groups) == 1 + 4 + 16
    for g in groups.values():
        assert sum(g.weights.values()) == pytest.approx(1.0, abs=1e-9)
    root = groups["root"]
    assert root.origin == "ahp" and root.ahp is not None and root.ahp.consistent


def test_weights_not_summing_to_one_are_refused() -> None:
    data = raw()
    data["dimensions"][0]["indicators"][0]["items"][0]["weight"] = 0.41
    with pytest.raises(InnodockError, match="sum to") as info:
        parse_hierarchy(data)
    assert info.value.field == "testing_capability"


def test_tiny_rounding_is_tolerated_but_not_more() -> None:
    data = raw()
    items = data["dimensions"][0]["indicators"][0]["items"]
    items[0]["weight"] = 0.4 + 5e-10
    parse_hierarchy(copy.deepcopy(data))
    items[0]["weight"] = 0.4 + 5e-9
    with pytest.raises(InnodockError):
        parse_hierarchy(data)


def test_inconsistent_ahp_weights_are_refused() -> None:
    data = raw()
    data["ahp"]["matrix"] = [[1, 9, 1 / 9, 1], [1 / 9, 1, 9, 1], [9, 1 / 9, 1, 1], [1, 1, 1, 1]]
    with pytest.raises(InnodockError, match="CR") as info:
        parse_hierarchy(data)
    assert info.value.field == "root.ahp" and info.value.code == "inconsistent"


def test_scoring_refuses_weights_whose_consistency_cannot_be_checked() -> None:
    names = [f"k{i}" for i in range(16)]
    ones = [[1.0] * 16 for _ in range(16)]
    with pytest.raises(InnodockError, match="donegan_dodd1991") as info:
        _from_ahp("root", names, AhpSpec(matrix=ones))
    assert info.value.field == "root.ahp.ri_table" and info.value.code == "inconsistent"
    checked = _from_ahp("root", names, AhpSpec(matrix=ones, ri_table="donegan_dodd1991"))
    assert checked.ahp is not None and checked.ahp.cr == pytest.approx(0.0, abs=1e-9)


def test_ahp_and_explicit_weights_together_are_refused() -> None:
    data = raw()
    data["dimensions"][0]["weight"] = 0.2
    with pytest.raises(InnodockError, match="not both"):
        parse_hierarchy(data)


def test_schema_errors_name_the_place() -> None:
    data = raw()
    data["dimensions"][1]["indicators"][0]["items"][0]["direction"] = "up"
    with pytest.raises(InnodockError) as info:
        parse_hierarchy(data)
    assert "dimensions.1.indicators.0.items.0.direction" in str(info.value.field)
    data = raw()
    data["dimensions"][2]["indicators"][0]["items"][0].pop("reason")
    with pytest.raises(InnodockError, match="reason"):
        parse_hierarchy(data)


def test_missing_file_is_a_clear_error(tmp_path: Any) -> None:
    with pytest.raises(InnodockError, match="not found"):
        load_hierarchy(tmp_path / "none.yaml")


def test_the_c_parser_reads_what_the_pure_python_one_reads() -> None:
    """The loader parses with libyaml where PyYAML has it; PyYAML's own pure-Python safe loader is the oracle."""
    text = DEFAULT_HIERARCHY.read_text(encoding="utf-8")
    assert load_hierarchy() == parse_hierarchy(yaml.load(text, Loader=yaml.SafeLoader))


def test_a_changed_file_is_read_again_and_a_broken_one_refused(tmp_path: Any) -> None:
    """Parsed once per text, never once per path: an edited file is what the next call sees."""
    path = tmp_path / "mine.yaml"
    data = raw()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    first = load_hierarchy(path)
    assert load_hierarchy(path) is first  # the same text: parsed once
    data["title_zh"] = "改过的指标体系"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_hierarchy(path).title_zh == "改过的指标体系"
    path.write_text("dimensions: [unclosed", encoding="utf-8")
    with pytest.raises(InnodockError, match="invalid YAML") as refused:
        load_hierarchy(path)
    assert refused.value.field == "hierarchy"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_hierarchy(path).title_zh == "改过的指标体系"  # a refusal is not remembered
