"""A new user's trial in Chromium (2026-11-29; tests/intake/data/dialogues_probe22.jsonl, p209-p216): the chat
misread people. Each fault held by the message that showed it, then by variants of its general shape, driven as the
JSON chat API drives the chat:

1. English ruling out and "not just" (p212): "We don't need CCC certification, only EMC testing and rectification
   help" recorded CCC as the test asked for, and no help; "we also want debugging support, not just a test report"
   removed the testing. What a clause rules out is never the words of the work kept; "not just X" / "不只是X" keeps X
   and adds what is asked beside it; help to fix a failed test ("rectification help", "debugging support", "帮我们
   整改") is technical guidance (质量技术培训与咨询).
"""

from __future__ import annotations

import pytest

from core.settings import Settings
from kb.vocab import ServiceType as S
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the earlier probes drive it
from tests.intake.test_intake_chat_rules import _last_reply

CHARGERS = ["Hi, we need some testing", "We're an electronics maker in Shenzhen, we make USB-C chargers (65W GaN)"]


# ==== 1. English ruling out, "only X" and "not just X"

def test_a_mark_ruled_out_is_not_the_work_kept_p212(intake_settings: Settings) -> None:
    views = _drive(intake_settings, [*CHARGERS, "Budget about 30k RMB",
                                     "Actually make that 50k, we also want debugging support, not just a test report",
                                     "Need it in 3 weeks",
                                     "We don't need CCC certification, only EMC testing and rectification help"])
    six, last = views[3], views[-1]
    assert S.inspection_testing in six.need.service_types, _last_reply(six)
    assert S.training_consulting in six.need.service_types, _last_reply(six)
    assert six.need.budget.min_yuan == 50_000
    assert "Removed" not in _last_reply(six)
    need = last.need
    assert need.service_types == [S.inspection_testing, S.training_consulting]
    assert "CCC" not in " ".join(need.phrases.values()), need.phrases
    assert "CCC" not in (need.title or ""), need.title


@pytest.mark.parametrize("messages", [
    # ruled out, then only the work kept (asked while the service is asked: the types were empty)
    ["We make USB-C chargers in Shenzhen", "Budget 50k", "We don't need CCC certification, only EMC testing"],
    ["We make LED drivers in Suzhou", "We do not need CE certification, just EMC testing please"],
    ["我们是深圳做充电器的", "不需要3C认证，只要做EMC测试"],
])
def test_what_is_ruled_out_never_names_the_work_asked_for(intake_settings: Settings, messages: list[str]) -> None:
    views = _drive(intake_settings, messages)
    need = views[-1].need
    assert S.inspection_testing in need.service_types, _last_reply(views[-1])
    words = " ".join(need.phrases.values())
    assert "EMC" in words and not any(m in words for m in ("CCC", "3C", "CE "))
    assert not any(m in (need.title or "") for m in ("CCC", "3C认证", "CE certification")), need.title


@pytest.mark.parametrize(("messages", "added"), [
    (["We need EMC testing of our USB-C chargers, plant in Shenzhen", "We want debugging support too, not just a "
      "test report"], S.training_consulting),
    (["We need EMC testing of our USB-C chargers, plant in Shenzhen", "Not just a test report, we also need help "
      "with rectification"], S.training_consulting),
    (["我们是深圳做充电器的，要做EMC测试", "不只是要报告，还要帮我们整改"], S.training_consulting),
    (["我们是深圳做充电器的，要做EMC测试", "不光是出个报告，还需要整改指导"], S.training_consulting),
])
def test_not_just_keeps_the_work_and_adds_more(intake_settings: Settings, messages: list[str],
                                               added: S) -> None:
    views = _drive(intake_settings, messages)
    need, reply = views[-1].need, _last_reply(views[-1])
    assert S.inspection_testing in need.service_types, reply
    assert added in need.service_types, reply
    assert "Removed" not in reply and "去掉" not in reply, reply


# ==== 2. a region widened in a correction

@pytest.mark.parametrize(("messages", "region", "says"), [
    # p209: the Yangtze delta is several provinces: no one region holds it, and the region is left open
    (["我们是宁波的汽车零部件供应商，转向节要做失效分析", "不对，区域不限宁波，长三角都可以"], (None, None), "长三角"),
    (["我们是无锡的电缆厂，电力电缆要做型式试验", "区域不限无锡，江苏省内都可以"], ("江苏省", None), "江苏省"),
    (["我们是苏州的电机厂，电机要做能效检测", "不一定在苏州，省内都可以"], ("江苏省", None), "江苏省"),
    (["我们是东莞的五金厂，螺丝要做盐雾测试", "地区不限东莞，珠三角都行"], (None, None), "珠三角"),
    (["We make LED drivers in Suzhou and need EMC testing",
      "Actually not just Suzhou, anywhere in the Yangtze River Delta is fine"], (None, None), "Yangtze River Delta"),
])
def test_a_region_widened_lands_in_the_region(intake_settings: Settings, messages: list[str],
                                              region: tuple[str | None, str | None], says: str) -> None:
    views = _drive(intake_settings, messages)
    before, need, reply = views[0].need, views[-1].need, _last_reply(views[-1])
    assert need.product == before.product, (need.product, reply)
    assert (need.region.province, need.region.city) == region, reply
    assert says in reply, reply
    assert not need.local_only
    assert views[-1].ask_field != "region"


# ==== 3. an exact product said later replaces a vaguer one

@pytest.mark.parametrize(("messages", "product"), [
    (["有个零件问题想咨询", "我们是宁波的汽车零部件供应商，给主机厂供转向节", "多少钱都行，主要是急",
      "产品是铝合金锻造转向节，台架疲劳试验做到20万次就断了，要求是50万次"], "铝合金锻造转向节"),  # p209
    (["我们是合肥的一家储能电池公司", "磷酸铁锂电芯，280Ah，想做UN38.3和针刺挤压这些安全测试"], "磷酸铁锂电芯"),  # p210
    (["在吗", "我们是苏州一家做医疗器械的初创公司", "一次性使用输液器，要做注册检验"], "一次性使用输液器"),  # p215
    (["我们要出口欧盟，需要做测试", "绍兴柯桥的纺织品出口公司，主要做女装面料",
      "涤纶印花面料，客户要REACH和偶氮染料检测"], "涤纶印花面料"),  # p216
    # variants
    (["我们是常州的一家电机厂", "产品是永磁同步电机，要做能效检测"], "永磁同步电机"),
    (["我们是佛山做家具的", "产品是实木餐椅，想做甲醛释放量检测"], "实木餐椅"),
])
def test_an_exact_product_said_later_replaces_the_vaguer_one(intake_settings: Settings, messages: list[str],
                                                             product: str) -> None:
    views = _drive(intake_settings, messages)
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.product == product, (need.product, reply)
    assert product in reply, reply


def test_a_product_set_on_the_card_stays(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["我们是宁波的汽车零部件供应商，转向节要做失效分析",
                                     {"card": {"product": "转向节总成"}}, "铝合金锻造转向节，要做疲劳试验"])
    assert views[-1].need.product == "转向节总成"


# ==== 4. a service's tests corrected: the tests stay in the enterprise's words, the one refused leaves

@pytest.mark.parametrize(("messages", "kept", "gone"), [
    (["我们是合肥的储能电池公司，磷酸铁锂电芯想做UN38.3和针刺挤压这些安全测试",
      "不是针刺，是过充和热滥用，针刺我们在别的地方做过了"], ["UN38.3", "过充", "热滥用"], "针刺"),  # p210
])
def test_a_test_refused_leaves_and_the_tests_asked_stay(intake_settings: Settings, messages: list[str],
                                                         kept: list[str], gone: str) -> None:
    views = _drive(intake_settings, messages)
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.service_types == [S.inspection_testing], reply
    words = need.phrases.get(S.inspection_testing) or ""
    assert all(k in words for k in kept) and gone not in words, (words, reply)
    assert all(k in reply for k in kept), reply


def test_a_test_refused_by_its_name_is_never_the_product(intake_settings: Settings) -> None:
    """"不是盐雾，是高低温和湿热" after "控制器要做振动和盐雾这些环境试验" made "高低温和湿热" the
    product: the wrong half names words the enterprise said of its tests, so it corrects them, never the product.
    (The tests themselves are rewritten since, and the title may name them as tests: 振动试验、高低温试验;
    tests/intake/test_intake_chat_trial9.py.)"""
    views = _drive(intake_settings, ["我们是苏州的汽车电子厂，控制器要做振动和盐雾这些环境试验",
                                     "不是盐雾，是高低温和湿热"])
    assert views[-1].need.product == "控制器", _last_reply(views[-1])
    title = views[-1].need.title or ""
    assert title.startswith("控制器") and "高低温和湿热" not in title and "盐雾" not in title, title
