"""Which message names the product (issue 27): a later message that opens by naming a thing replaces what the rules
read from the opener, unless the enterprise set the product itself; a passing remark is never a product."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from core.db import session_scope
from core.settings import Settings
from intake import service
from intake.extract.product import extract_product, names_a_thing
from intake.publish import derive_title
from intake.schemas import Need, SessionView


def _views(settings: Settings, today: date, messages: Sequence[str]) -> list[SessionView]:
    with session_scope(settings) as s:
        view = service.start_session(session=s, text=messages[0], today=today)
        views = [view]
        for text in messages[1:]:
            view = service.post_message(session=s, session_id=view.id, text=text, today=today)
            views.append(view)
    return views


def test_a_later_name_replaces_a_part_the_rules_read(intake_settings: Settings, today: date) -> None:
    views = _views(intake_settings, today, ["想找一家机构做失效分析，我们的产品在使用中出现了成批的焊点脱落。",
                                            "是车载控制器的PCBA板。"])
    assert views[0].need.product == "焊点"
    assert views[1].need.product == "PCBA板"


def test_a_product_the_enterprise_gave_is_not_replaced_by_a_later_name(intake_settings: Settings,
                                                                        today: date) -> None:
    views = _views(intake_settings, today, ["我们想做失效分析，工厂在苏州。", "储能电池包", "铝合金外壳"])
    assert views[0].ask_field == "product" and views[1].need.product == "储能电池包"
    assert views[2].need.product == "储能电池包"  # the answer stands; "铝合金外壳" alone does not replace it


@pytest.mark.parametrize("remark", ["结果是合格", "体系文件都有", "it passed"])
def test_remarks_are_no_product(remark: str) -> None:
    assert not names_a_thing(remark)


def test_a_short_english_remark_is_read_as_english() -> None:
    assert extract_product("it passed") is None


def test_an_english_answer_to_the_product_question_lands(intake_settings: Settings, today: date) -> None:
    views = _views(intake_settings, today, ["Hi, we'd like some help with our product.", "Joint R&D, please.",
                                            "Biodegradable food packaging film."])
    assert views[-1].need.product == "Biodegradable food packaging film"


@pytest.mark.parametrize(("text", "product"), [
    ("你好，我们产品最近有点问题，想找人帮忙看看。", None),
    ("我们是佛山的陶瓷企业，新出了一款发热瓷砖，想按现行国标做一轮检测。", "发热瓷砖"),
    ("我们是青岛一家食品企业，主要做即食海参，想做保质期验证。", "即食海参"),
    ("我们的充电桩枪线在低温下外皮开裂，想做失效分析。", "充电桩枪线"),
    ("We want to develop a new water-based coating together with a lab.", "water-based coating"),
    ("We need calibration of about 200 pressure gauges and temperature sensors.", "pressure gauges"),
])
def test_the_thing_the_need_is_about(text: str, product: str | None) -> None:
    assert extract_product(text) == product


def test_a_title_never_starts_with_a_continuation() -> None:
    need = Need(text="We are a chemical company in Nanjing. We want joint work with a lab, and then file patents.",
                language="en")
    assert derive_title(need) == "We want joint work with a lab"
