"""Seed rules on people and stations, each test citing its clause."""

from __future__ import annotations

import pytest

from kb.rules import (
    center_staffing_ok,
    qualifies_as_lead,
    qualifies_as_service_staff,
    qualifies_as_station_head,
    station_pool_ok,
    station_staff_ok,
)
from kb.schemas import CenterRecord, ExpertRecord


def expert(**kw: object) -> ExpertRecord:
    return ExpertRecord.model_validate({"id": kw.pop("id", "e1"), "name": "测试专家", **kw})


# seed 000 §4.2.1(1): 宜具有硕士（含）以上学历或副高以上职称，五年以上质检相关工作经历，
# 具有市厅级及以上科研项目或服务企业技术开发实例经验。
@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({"degree": "master", "title_level": "intermediate", "years_experience": 5, "led_projects": 1}, True),
        ({"degree": "bachelor", "title_level": "associate_senior", "years_experience": 12, "led_projects": 3}, True),
        ({"degree": "doctorate", "years_experience": 8, "led_projects": 2}, True),
        ({"degree": "bachelor", "title_level": "intermediate", "years_experience": 15, "led_projects": 4}, False),
        ({"degree": "master", "years_experience": 4, "led_projects": 2}, False),
        ({"title_level": "senior", "years_experience": 20, "led_projects": 0}, False),
        ({"title_level": "senior", "years_experience": 20}, False),  # no record of a led project: not shown
        ({"degree": "master", "led_projects": 2}, False),  # years unknown: not shown
    ],
)
def test_lead_rule_seed000_4_2_1(fields: dict[str, object], ok: bool) -> None:
    result = qualifies_as_lead(expert(**fields))
    assert result.ok is ok
    assert result.clause == "seed 000 §4.2.1(1)"
    assert result.overridable  # 宜: a coordinator may record an exception
    assert bool(result.reasons) is (not ok)


def test_lead_rule_reports_every_reason() -> None:
    result = qualifies_as_lead(expert(degree="bachelor", title_level="junior", years_experience=2, led_projects=0))
    assert len(result.reasons) == 3
    assert any("2 年" in r for r in result.reasons)


# seed 000 §4.2.2(1): 应具备所从事技术服务领域相关专业本科及以上学历或三年以上相关工作经验。
@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({"degree": "bachelor", "years_experience": 0}, True),
        ({"degree": "other", "years_experience": 3}, True),
        ({"degree": "other", "years_experience": 2}, False),
        ({"degree": "other"}, False),
        ({}, False),
    ],
)
def test_service_staff_rule_seed000_4_2_2(fields: dict[str, object], ok: bool) -> None:
    result = qualifies_as_service_staff(expert(**fields))
    assert result.ok is ok and result.clause == "seed 000 §4.2.2(1)" and not result.overridable


# seed 000 §4.2.2(2): 技术创新服务人员不低于中心总人数的 40%，其中硕士或副高以上不低于 20%。
def test_center_staffing_seed000_4_2_2_2() -> None:
    staff = [expert(id=f"e{i}", degree="bachelor") for i in range(4)] + [expert(id="e9", degree="master")]
    assert center_staffing_ok(total_staff=10, innovation_staff=staff).ok  # 50%, 1/5 = 20%
    assert not center_staffing_ok(total_staff=13, innovation_staff=staff).ok  # 38%
    only_bachelors = [expert(id=f"b{i}", degree="bachelor") for i in range(6)]
    result = center_staffing_ok(total_staff=10, innovation_staff=only_bachelors)
    assert not result.ok and len(result.reasons) == 1 and "20%" in result.reasons[0]
    assert not center_staffing_ok(total_staff=0, innovation_staff=staff).ok


def station(**kw: object) -> CenterRecord:
    return CenterRecord.model_validate({"id": "sst-1", "name": "佛山陶瓷科技服务站", "kind": "service_station", **kw})


# seed 003 art. 5(4): 不少于 10 人的以省质促会专家库为依托组建的专家队伍。
def test_station_pool_seed003_art5() -> None:
    pool = "广东省质量发展促进会专家库"
    members = [expert(id=f"p{i}", pools=[pool]) for i in range(10)]
    others = [expert(id=f"o{i}", pools=["别的专家库"]) for i in range(5)]
    assert station_pool_ok(station(expert_pools=[pool]), members + others).ok
    result = station_pool_ok(station(expert_pools=[pool]), members[:9] + others)
    assert not result.ok and "9" in result.reasons[0] and result.clause == "seed 003 art. 5(4)"
    assert not station_pool_ok(station(), members).ok  # names no pool
    center = CenterRecord.model_validate({"id": "c", "name": "某中心", "kind": "quality_inspection_center"})
    assert station_pool_ok(center, []).ok  # the rule binds stations only


def test_station_staff_seed003_art5() -> None:
    assert station_staff_ok(full_time=1, part_time=2).ok
    assert not station_staff_ok(full_time=0, part_time=5).ok
    assert len(station_staff_ok(full_time=0, part_time=1).reasons) == 2


# seed 003 art. 5(3)1: 站长担任所在单位中层以上职务，具有 5 年以上质量科技实践经验。
def test_station_head_seed003_art5_3() -> None:
    assert qualifies_as_station_head(middle_management_or_above=True, years_quality_practice=5).ok
    assert not qualifies_as_station_head(middle_management_or_above=False, years_quality_practice=10).ok
    assert not qualifies_as_station_head(middle_management_or_above=True, years_quality_practice=None).ok
