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
