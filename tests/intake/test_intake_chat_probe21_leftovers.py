"""The twenty-first probe's leftovers (issue 27; tests/intake/data/dialogues_probe21.jsonl, and a new user's trial),
each held here by the message that showed it, then by the general shape it stands for, driven as the JSON chat API
drives the chat:

1. p199: "我们宁波北仑做汽车紧固件的 有一批达克罗螺栓要做480小时的酸性盐雾" read the company's line 汽车紧固件, not the
   bolts the test is for: a test named by its hours or its kind after the thing ("要做480小时的酸性盐雾") is the work
   asked for it, as "要做盐雾试验" is."""

from __future__ import annotations

import pytest

from core.settings import Settings
from intake.extract.product import extract_product
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the earlier probes drive it
from tests.intake.test_intake_chat_rules import _last_reply

BOLTS = "你好 我们宁波北仑做汽车紧固件的 有一批达克罗螺栓要做480小时的酸性盐雾 客户要第三方报告"


# ==== 1. the company's line over the part a test named by its conditions is for (p199)

@pytest.mark.parametrize(("text", "product"), [
    (BOLTS, "达克罗螺栓"),
    ("我们是做汽车紧固件的，有一批螺栓要做480小时的盐雾试验", "螺栓"),
    ("我们是做汽车紧固件的，有一批螺栓要做中性盐雾", "螺栓"),
    ("我们厂做五金件，有批支架要做96h的中性盐雾", "支架"),
    ("我们是做汽车电子的 控制器要做随机振动", "控制器"),
    ("我们是做汽车紧固件的，有一批螺栓要做盐雾试验", "螺栓"),  # (as before)
])
def test_a_test_named_by_its_conditions_is_the_part_s_work(text: str, product: str) -> None:
    assert extract_product(text) == product


@pytest.mark.parametrize(("text", "product"), [
    ("我们是做汽车紧固件的，要做480小时的中性盐雾", "汽车紧固件"),  # no part named: the line is the thing
    ("我们是做汽车紧固件的，客户要做480小时的盐雾", "汽车紧固件"),  # the customer is no part
])
def test_the_line_stays_where_no_part_is_named(text: str, product: str) -> None:
    assert extract_product(text) == product


def test_p199_opens_on_the_bolts(intake_settings: Settings) -> None:
    views = _drive(intake_settings, [BOLTS])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.product == "达克罗螺栓" and "螺栓" in (need.title or ""), (need.product, need.title, reply)
    assert "紧固件" not in (need.title or "") and "螺栓" in reply, reply
