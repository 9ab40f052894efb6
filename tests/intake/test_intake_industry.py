"""The need's industry is the company's own line: the GB/T 4754 group its product belongs to (kb.industries), not
the first sector word anywhere in its text. A battery-pack maker was put in 机电 by the chat ("我们是做电动工具锂电池包
的企业": 电动工具 came first). Sentences written for this test, not taken from a labelled set."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import InnodockError
from core.settings import Settings
from intake.extract import extract
from intake.industries import industry_in
from kb.industries import industry_choices, industry_named, industry_of_product
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the probes drive it

DAY = date(2026, 11, 29)
PACKS = "我们是做储能锂电池包的企业，电池包在循环测试后出现鼓包，想做失效分析"


@pytest.mark.parametrize(("text", "industry"), [
    (PACKS, "电池制造"),
    ("我们是做电动工具锂电池包的企业，电池包在循环测试后出现鼓包，想做失效分析", "电池制造"),  # was 机电
    ("我们公司生产动力电池，电池在高温存储后容量衰减很快，想找机构分析原因", "电池制造"),  # was 新能源
    ("电机轴承用了一个月就开裂，想做失效分析，我们在常州。", "轴承、齿轮和传动部件制造"),  # was 机电
    ("我们是一家做LED吸顶灯的企业，想做能效检测", "照明器具制造"),  # was none
    ("We manufacture lithium-ion battery packs for energy storage. The battery packs swell after cycle tests and we "
     "need a failure analysis.", "电池制造"),  # was 新能源
    ("We are a battery pack maker for power tools; our battery packs swell after cycling, and we want failure "
     "analysis.", "电池制造"),
    ("Our company produces LED ceiling lights and we need energy efficiency testing.", "照明器具制造"),  # was none
])
def test_the_industry_is_the_one_the_companys_product_belongs_to(text: str, industry: str) -> None:
    need = extract(text, today=DAY)
    assert need.industry == industry, (need.product, need.industry)
    assert need.industries[0] == industry


def test_a_text_whose_product_names_no_group_keeps_the_sector_it_names() -> None:
    assert extract("我们是做软件的，想做软件测评", today=DAY).industry == "数字经济"


def test_the_industries_are_gbt4754_groups_with_their_divisions_and_english_names() -> None:
    batteries = industry_named("电池制造")
    assert batteries is not None and batteries.code == "384"
    assert (batteries.division_name, batteries.name_en) == ("电气机械和器材制造业", "batteries")
    assert industry_named("Batteries") == batteries  # an English name, as a person types it
    assert industry_of_product("锂电池包") == batteries
    choices = industry_choices()
    assert all(c.name and c.name_en and c.division_name for c in choices)
    assert len({c.name for c in choices}) == len(choices) and not any(c.is_division for c in choices)
    assert industry_in("电池制造", "en") == "batteries" and industry_in("新能源", "en") == "new energy"


def test_the_chat_reads_the_battery_pack_maker_into_battery_manufacturing(intake_settings: Settings) -> None:
    views = _drive(intake_settings, [PACKS])
    assert views[-1].need.industry == "电池制造"
    assert views[-1].need.sources.get("industry") == "deterministic"


def test_the_industry_follows_the_product_the_chat_corrects(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["我们是做LED吸顶灯的，想做能效检测", "不对，产品是锂电池包"])
    assert views[0].need.industry == "照明器具制造"
    assert views[-1].need.product and "电池" in views[-1].need.product
    assert views[-1].need.industry == "电池制造"


def test_the_industry_set_on_the_card_is_a_correction_said_back(intake_settings: Settings) -> None:
    views = _drive(intake_settings, [PACKS, {"card": {"industry": "输配电及控制设备制造"}}])
    need = views[-1].need
    assert need.industry == "输配电及控制设备制造" and need.sources["industry"] == "user"
    reply = [t.text for t in views[-1].turns if t.role == "assistant"][-1]
    assert "行业改为：输配电及控制设备制造（原为：电池制造）" in reply, reply


def test_an_industry_typed_in_english_is_stored_by_its_chinese_name_and_said_in_english(
        intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["We need calibration of our torque wrenches in Wuxi",
                                     {"card": {"industry": "lighting equipment"}}])
    need = views[-1].need
    assert need.industry == "照明器具制造"
    reply = [t.text for t in views[-1].turns if t.role == "assistant"][-1]
    assert "industry: lighting equipment" in reply, reply


def test_a_later_product_never_overwrites_the_industry_the_enterprise_set(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["我们是做LED吸顶灯的，想做能效检测", {"card": {"industry": "家用电力器具制造"}},
                                     "不对，产品是锂电池包"])
    assert views[-1].need.industry == "家用电力器具制造"


def test_a_free_industry_typed_on_the_card_is_kept_as_typed_and_clearing_it_is_said(intake_settings: Settings) -> None:
    views = _drive(intake_settings, [PACKS, {"card": {"industry": "储能系统集成"}}, {"card": {"industry": ""}}])
    assert views[1].need.industry == "储能系统集成"
    assert views[-1].need.industry is None
    reply = [t.text for t in views[-1].turns if t.role == "assistant"][-1]
    assert "已清除行业（原为：储能系统集成）" in reply, reply


def test_the_card_refuses_an_industry_too_long(intake_settings: Settings) -> None:
    with pytest.raises(InnodockError) as refused:
        _drive(intake_settings, [PACKS, {"card": {"industry": "行" * 500}}])
    assert refused.value.field == "industry"

