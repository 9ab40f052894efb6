"""The third probe of the chat (issue 27; tests/intake/data/chat_probe/conversations_3.jsonl, cards written before
any of it ran): each fault it found, at the depth where it was fixed — the service-type cues (企标, the typo 较准),
the region (an exporter is no export market), the deadline (中旬 / 上旬), the enterprise's words for a mark asked for
in English, and the dialogue (a product said to be of another kind, a wish read as a product, a correction the chat
could not read)."""

from __future__ import annotations

from datetime import date

import pytest

from core.settings import Settings
from intake import conversation
from intake.extract.deadline import extract_deadline
from intake.extract.phrases import phrase_of
from intake.extract.region import extract_region
from intake.extract.service_types import extract_service_types
from kb.vocab import ServiceType as S
from tests.intake.test_intake_chat_rules import DAY, _last_reply, _views

# ---- service types: the words enterprises use in a chat


@pytest.mark.parametrize(("text", "types"), [
    ("是想找人帮我们起草企标", [S.standards]),
    ("想制定一个团标", [S.standards]),
    ("车间里两台三坐标测量机到期了要较准", [S.calibration]),
    ("这台秤测得比较准确", []),
    ("这台秤还比较准，不用管", []),
])
def test_colloquial_and_mistyped_service_words(text: str, types: list[S]) -> None:
    assert extract_service_types(text) == types


def test_a_typo_read_through_is_written_right_in_the_title_words() -> None:
    assert phrase_of("三坐标测量机到期了要较准", S.calibration) == "校准"


@pytest.mark.parametrize(("text", "phrase"), [
    ("Our Bluetooth speakers need FCC certification before they ship to the US.", "FCC certification"),
    ("We need UL 1278 certification for export to the US.", "UL 1278 certification"),
    ("We need CE marking for our kettles.", "CE marking"),
])
def test_a_mark_asked_for_in_english_names_the_need(text: str, phrase: str) -> None:
    assert S.inspection_testing in extract_service_types(text)
    assert phrase_of(text, S.inspection_testing) == phrase


# ---- region and deadline

def test_an_exporter_is_where_it_is() -> None:
    region, _ = extract_region("Hi, we're an electronics exporter in Dongguan. Our speakers ship to the US.")
    assert (region.province, region.city) == ("广东省", "东莞市")
    assert extract_region("We export to Dongguan.")[0].province is None


@pytest.mark.parametrize(("text", "due"), [
    ("十二月中旬之前", date(2026, 12, 15)),
    ("12月上旬", date(2026, 12, 10)),
    ("明年1月中旬前", date(2027, 1, 15)),
    ("12月下旬", date(2026, 12, 31)),
    ("3月底前", date(2027, 3, 31)),
])
def test_the_parts_of_a_month(text: str, due: date) -> None:
    assert extract_deadline(text, DAY) == due


# ---- the dialogue

@pytest.mark.parametrize(("messages", "product", "said"), [
    (["我们是绍兴柯桥的纺织厂，有一批涤纶面料要做色牢度测试，出口用的", "刚才写岔了，面料其实是锦纶的"],
     "锦纶面料", "产品改为：锦纶面料（原为：涤纶面料）"),
    (["我们的纯棉T恤要做色牢度测试，公司在苏州", "说岔了，T恤其实是涤纶的"], "涤纶T恤", "产品改为：涤纶T恤"),
    (["我们的PVC管材要做卫生性能检测，公司在宁波", "不对，管材其实是PE的"], "PE管材", "产品改为：PE管材"),
])
def test_a_product_said_to_be_of_another_kind(intake_settings: Settings, messages: list[str], product: str,
                                              said: str) -> None:
    view = _views(intake_settings, messages)[-1]
    assert view.need.product == product
    assert said in _last_reply(view)
    assert view.need.title.startswith(product)


@pytest.mark.parametrize("said", ["不对，外壳其实是我们自己做的", "不对，外壳应该是去年做的",
                                  "更正一下，外壳其实是客户提供的"])
def test_whose_or_when_is_no_kind_of_product(intake_settings: Settings, said: str) -> None:
    """Who made the thing or when says nothing of its kind: the product is not "我们自己外壳"."""
    first, view = _views(intake_settings, ["我们的塑料外壳要做阻燃测试，公司在东莞", said])
    assert first.need.product == view.need.product


def test_a_correction_that_says_what_is_wanted_names_no_product(intake_settings: Settings) -> None:
    """"哦不对，…是想找人帮我们起草企标" became the product (and the title "想找人帮我们起草企标营养成分检测需求"):
    the service is corrected, the product stays."""
    opener = "我们是做核桃乳的，在广西南宁，想给核桃乳做个营养成分检测，新包装要标营养标签"
    view = _views(intake_settings, [opener, "哦不对，检测之前做过了，是想找人帮我们起草企标"])[-1]
    assert view.need.product == "核桃乳"
    assert [s.value for s in view.need.service_types] == ["standards"]
    assert "服务类型改为：起草企标" in _last_reply(view)
    assert view.need.title == "核桃乳起草企标需求"


@pytest.mark.parametrize(("messages", "said"), [
    (["我们是做核桃乳的，在广西南宁，想给核桃乳做个营养成分检测", "哦不对，是想找人帮我们看看配方怎么改"],
     conversation.UNREAD_CORRECTION[0]),
    (["We need waterproof testing of our electric toothbrushes; our plant is in Hangzhou.",
      "No, that's not quite what we meant."], conversation.UNREAD_CORRECTION[1]),
])
def test_a_correction_the_chat_cannot_read_is_said_so(intake_settings: Settings, messages: list[str],
                                                      said: str) -> None:
    first, view = _views(intake_settings, messages)
    assert view.need.product == first.need.product and view.need.service_types == first.need.service_types
    assert _last_reply(view).startswith(said)
