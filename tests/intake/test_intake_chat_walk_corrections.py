"""A correction of a detail no field holds (issue 27; the enterprise's day walked again on a played year,
docs/ui.md, 2026-11-29). "gb/t 31467.3 的 不对 是31467.3-2015，样品5个" after "电池包 振动试验 要出报告" made the
product "样品5个" and the title "样品5个振动试验需求"; "sorry i meant 720h not 480" after a 480 h salt spray test made
them "i meant 720h". A correction whose wrong half is no field's value (a standard's edition, a test's duration, a
sample count) changes no field: the product and the title stay, the corrected detail is kept in the need's
description (what the coordinator and the providers read), and the reply says what was noted, in the enterprise's
words and language. Driven as the JSON chat API drives the chat."""

from __future__ import annotations

import pytest

from core.settings import Settings
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the earlier probes drive it
from tests.intake.test_intake_chat_rules import _last_reply

CASES = [
    # the walk's two
    ("电池包 振动试验 要出报告", "gb/t 31467.3 的 不对 是31467.3-2015，样品5个", ["31467.3-2015", "样品5个"], "zh"),
    ("need salt spray test on our zinc plated brackets, 480h, neutral", "sorry i meant 720h not 480", ["720h"], "en"),
    # general shapes of the same
    ("做LED驱动电源的 要做高温老化试验 500小时", "不是500小时 是1000小时", ["1000小时"], "zh"),
    (
        "我们是做车载显示屏的，要按GB/T 2423.10-2008做振动试验",
        "标准写错了 应该是GB/T 2423.10-2019",
        ["GB/T 2423.10-2019"],
        "zh",
    ),
    ("电动工具电池包 要做跌落试验 样品5个", "样品是10个不是5个", ["10个"], "zh"),
    ("we make LED drivers and need a burn-in test of 1000 hours", "sorry, 2000 hours not 1000", ["2000 hours"], "en"),
]


@pytest.mark.parametrize(("first", "correction", "kept", "language"), CASES, ids=[c[1] for c in CASES])
def test_a_corrected_detail_changes_no_field_and_is_kept(
    intake_settings: Settings, first: str, correction: str, kept: list[str], language: str
) -> None:
    views = _drive(intake_settings, [first, correction])
    before, need, reply = views[0].need, views[-1].need, _last_reply(views[-1])
    # no field changed: the product and the title stay as the first message read them
    assert need.product == before.product and need.product, (need.product, reply)
    assert need.title == before.title, (need.title, reply)
    assert need.service_types == before.service_types, reply
    assert (need.budget, need.deadline, need.region) == (before.budget, before.deadline, before.region), reply
    # the corrected detail is where the coordinator and the providers read it
    for k in kept:
        assert k.casefold() in need.text.casefold(), need.text
    # and the reply says what was noted, in the enterprise's words and language
    assert ("已记下" if language == "zh" else "Noted") in reply, reply
    for k in kept:
        assert k.casefold() in reply.casefold(), reply
    assert "产品改为" not in reply and "Product changed" not in reply, reply


def test_the_walk_goes_on_after_the_corrected_detail(intake_settings: Settings) -> None:
    """The walk's next messages land as before once the detail is noted."""
    views = _drive(
        intake_settings,
        [
            "电池包 振动试验 要出报告",
            "gb/t 31467.3 的 不对 是31467.3-2015，样品5个",
            "要cma的",
            "预算大概6w 两个月内",
            "不保密",
            "常州",
        ],
    )
    need = views[-1].need
    assert need.product == "电池包" and "样品" not in (need.title or ""), (need.product, need.title)
    assert "31467.3-2015" in need.text and need.budget.max_yuan == 60000 and need.region.city, need


@pytest.mark.parametrize(
    ("first", "correction", "product"),
    [
        # a correction of the product still corrects it
        ("我们做刹车盘的 要做疲劳试验", "不对，不是刹车盘，是刹车卡钳", "刹车卡钳"),
    ],
)
def test_a_product_corrected_is_still_read(
    intake_settings: Settings, first: str, correction: str, product: str
) -> None:
    views = _drive(intake_settings, [first, correction])
    assert views[-1].need.product == product, _last_reply(views[-1])


# A test's condition corrected (issue 27, the Left list of 68dbf24): "是中性盐雾不是酸性盐雾" after "做镀锌支架的
# 要做盐雾试验" made the product "中性盐雾" (and the title "中性盐雾盐雾试验需求"); "sorry, neutral salt spray not
# acetic acid" was said back as "The service type is already salt spray" and kept nowhere. The halves name a kind
# of the test the need holds, not a thing: the product, the service and the title stay; the condition is kept in the
# description and said back.
CONDITIONS = [
    ("做镀锌支架的 要做盐雾试验", "是中性盐雾不是酸性盐雾", "镀锌支架", ["中性盐雾"], "zh"),
    (
        "need salt spray test on our zinc plated brackets",
        "sorry, neutral salt spray not acetic acid",
        "zinc plated brackets",
        ["neutral salt spray"],
        "en",
    ),
    # general shapes of the same
    ("做LED灯具的 要做振动试验", "不对 是随机振动 不是正弦振动", "LED灯具", ["随机振动"], "zh"),
    ("我们的连接器要做湿热试验", "应该是交变湿热，不是恒定湿热", "连接器", ["交变湿热"], "zh"),
    (
        "we need a vibration test on our LED luminaires",
        "sorry, random vibration not sine",
        "LED luminaires",
        ["random vibration"],
        "en",
    ),
]


@pytest.mark.parametrize(
    ("first", "correction", "product", "kept", "language"), CONDITIONS, ids=[c[1] for c in CONDITIONS]
)
def test_a_test_s_condition_corrected_is_no_product(
    intake_settings: Settings, first: str, correction: str, product: str, kept: list[str], language: str
) -> None:
    views = _drive(intake_settings, [first, correction])
    before, need, reply = views[0].need, views[-1].need, _last_reply(views[-1])
    assert before.product == product, before.product
    assert need.product == product, (need.product, reply)
    assert need.title == before.title, (need.title, reply)
    assert need.service_types == before.service_types, reply
    for k in kept:
        assert k.casefold() in need.text.casefold(), need.text
        assert k.casefold() in reply.casefold(), reply
    assert ("已记下" if language == "zh" else "Noted") in reply, reply
    assert "产品改为" not in reply and "Product changed" not in reply, reply


# A detail corrected beside a field (the Left list of 68dbf24): "标准改成2019版的，预算也改成五万" set the budget, and
# the reply said nothing of the standard. Both are taken, and both said back.
BESIDE = [
    (
        "电池包 振动试验 要出报告 按GB/T 31467.3-2015 预算三万",
        "标准改成2019版的，预算也改成五万",
        ("budget", 50000),
        ["2019版"],
        "5万元",
        "zh",
    ),
    # general shapes of the same
    (
        "电动工具电池包 要做跌落试验 样品5个 预算两万",
        "样品改成10个，预算改成三万",
        ("budget", 30000),
        ["10个"],
        "3万元",
        "zh",
    ),
    (
        "做LED驱动电源的 要做高温老化试验 500小时 预算一万",
        "不是500小时是1000小时，预算也改成两万",
        ("budget", 20000),
        ["1000小时"],
        "2万元",
        "zh",
    ),
    (
        "we need a vibration test on battery packs to GB/T 31467.3-2015, budget 30k",
        "change the standard to the 2019 edition, and the budget to 50k",
        ("budget", 50000),
        ["2019 edition"],
        "50,000",
        "en",
    ),
]


@pytest.mark.parametrize(
    ("first", "correction", "field_value", "kept", "value_said", "language"), BESIDE, ids=[c[1] for c in BESIDE]
)
def test_a_detail_corrected_beside_a_field_is_taken_with_it(
    intake_settings: Settings,
    first: str,
    correction: str,
    field_value: tuple[str, int],
    kept: list[str],
    value_said: str,
    language: str,
) -> None:
    views = _drive(intake_settings, [first, correction])
    before, need, reply = views[0].need, views[-1].need, _last_reply(views[-1])
    assert need.budget.max_yuan == field_value[1], (need.budget, reply)
    assert value_said in reply, reply
    assert need.product == before.product and need.product, (need.product, reply)
    assert need.title == before.title, (need.title, reply)
    assert need.service_types == before.service_types, reply
    for k in kept:
        assert k.casefold() in need.text.casefold(), need.text
        assert k.casefold() in reply.casefold(), reply
    assert ("已记下" if language == "zh" else "Noted") in reply, reply
