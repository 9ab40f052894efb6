"""Intake's reading of why a need's report must stand in law (issue 29, item 8; seed 000 §6.1), on real-looking
phrases: a tender, market access, a sampling inspection, a report said to have legal effect — and the words that
say the report is for internal use or R&D, or deny the purpose."""

from __future__ import annotations

import pytest

from intake.extract.legal_effect import read_legal_effect


@pytest.mark.parametrize(("text", "purpose"), [
    ("我们公司要参加国家电网的招标，需要对10kV电力电缆做导体电阻、绝缘厚度的常规检验，出具报告用于投标。", "tender"),
    ("县医院采购项目要求提供第三方检测报告，我们的医用口罩需要按YY 0469检测", "tender"),
    ("政府采购文件要求投标产品附检验报告，LED路灯需要做光通量和防护等级检测", "tender"),
    ("电动自行车头盔要做3C认证检测，之后上市销售", "market_access"),
    ("化妆品产品注册检验，需要出具检测报告", "market_access"),
    ("我们的产品在市场监督抽查中被判不合格，想申请复检", "sampling"),
    ("与客户发生质量纠纷，需要仲裁检验", "sampling"),
    ("需要出具具有法律效力的检测报告，用于向客户证明产品合格", "legal_effect"),
    ("We need a test report for a government tender for LED street lights.", "tender"),
])
def test_a_purpose_that_needs_a_report_to_stand_is_read(text: str, purpose: str) -> None:
    found = read_legal_effect(text)
    assert found is not None and found.purpose == purpose, text
    assert found.phrase in text and found.zh


@pytest.mark.parametrize("text", [
    "研发阶段想先摸底测试一下电池循环寿命，不需要正式报告",
    "新材料研发，想找机构联合攻关，后续可能需要检测",
    "这次检测不用于投标，只是内部看看数据",
    "报告仅供内部参考，想了解涂层的耐盐雾性能",
    "想了解招标流程和资质要求",
    "不需要CMA，只要快速出数据用于工艺改进",
    "我们需要对电池做针刺试验，三个月内完成",
    # "3C" alone names computer, communication and consumer electronics, a product family, not CCC certification
    "我们是做3C电子产品外壳的，想检测一下阳极氧化膜的耐磨性",
    "We need help with the ISO 9001 certification consulting for our plant.",
    "",
])
def test_internal_use_rnd_a_denied_purpose_or_none_said_is_not_read(text: str) -> None:
    assert read_legal_effect(text) is None, text
