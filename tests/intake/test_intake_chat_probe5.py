"""The fifth probe of the chat (issue 27; tests/intake/data/chat_probe/conversations_5.jsonl, cards written and
committed before any of it ran): the twelve conversations end on their cards, and each fault the probe found is held
at the depth where it was fixed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core.settings import Settings
from intake import conversation as chat
from intake.dialogue import courtesy_of
from intake.dialogue_eval import reply_language, title_fragment
from intake.extract.confidential import is_confidential, says_not_confidential
from intake.extract.deadline import extract_deadline
from intake.extract.phrases import phrase_of
from intake.extract.product import extract_product
from intake.extract.service_types import extract_service_types
from intake.publish import title_flaws
from intake.schemas import phrase_items
from kb.vocab import ServiceType as S
from tests.intake.test_intake_chat_rules import DAY, _last_reply, _views

DATA = Path(__file__).parent / "data" / "chat_probe" / "conversations_5.jsonl"
CONVERSATIONS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


# Left: p54's card says a need whose enterprise asks "Please don't publish our company name." is not confidential;
# the chat reads such a wish as secrecy and records it (confidential, and the name kept out: ``anonymous``), as the
# development dialogues' card for "这件事不希望公开我们的企业名称" has it (dlg-016, confidential). Only "may be public,
# but don't name us" ("可以公开，但别写我们公司名") keeps the need public. The rest of p54's card holds. The card is the
# one that is wrong: ../shared/formats/need-fields.md ("confidential") lists 不希望公开企业名称 among the texts that ask
# for secrecy, so the chat's reading is the format's.
LEFT = {"p54": {"conf": True}}


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_a_fifth_probe_conversation_ends_on_its_card(intake_settings: Settings, conversation: dict[str, Any]) -> None:
    gold = {**conversation["gold"], **LEFT.get(conversation["id"], {})}
    views = _views(intake_settings, conversation["messages"])
    need = views[-1].need
    assert need.product is not None and gold["product"].casefold() in need.product.casefold()
    assert [s.value for s in need.service_types] == gold["types"]
    assert [need.region.province, need.region.city] == gold["region"]
    assert need.deadline == (date.fromisoformat(gold["deadline"]) if gold["deadline"] else None)
    assert [need.budget.min_yuan, need.budget.max_yuan] == gold["budget"]
    assert need.confidential is gold["conf"]
    if conversation["id"] in LEFT:
        assert need.anonymous
    assert need.title and not title_fragment(need.title) and not title_flaws(need.title, today=DAY)
    replies = [t.text for t in views[-1].turns if t.role == "assistant"]
    assert not any(r.startswith((*chat.NOTHING_NEW, *chat.UNREAD_CORRECTION)) for r in replies), replies
    if reply_language(conversation["messages"][0]) == "en":
        assert all(reply_language(r) == "en" for r in replies), replies


# ---- several tests named together, and one of them ruled out in English

@pytest.mark.parametrize(("text", "phrase"), [
    ("新款轮毂要做弯曲疲劳试验和盐雾试验", "弯曲疲劳试验、盐雾试验"),
    ("我们想做电池包的振动测试和盐雾测试", "振动测试、盐雾测试"),
    ("We need a salt spray test and a static load test on them.", "salt spray test and static load test"),
    ("We need vibration testing and a salt spray test for our battery packs.",
     "vibration testing and salt spray test"),
    # one test with a shared word, or a property beside a test, stays as written
    ("有一批树脂镜片要做透光率和抗冲击检测", "透光率和抗冲击检测"),
    ("要做振动、盐雾和跌落测试", "振动、盐雾和跌落测试"),
    ("We need vibration testing of our battery packs.", "vibration testing"),
])
def test_tests_named_together_are_each_an_item(text: str, phrase: str) -> None:
    """"弯曲疲劳试验和盐雾试验" was no phrase at all (too long for one), "a salt spray test and a static load test" was
    "salt spray test": ruling one out then had nothing to take it from (p43, p44)."""
    assert phrase_of(text, S.inspection_testing) == phrase


OPEN_EN = "Hi, we make steel brackets in Jiaxing. We need a salt spray test and a static load test on them."


@pytest.mark.parametrize("later", [
    "No salt spray test needed.", "No salt spray test needed, the customer has a report.",
    "We don't need the salt spray test.", "We dont need the salt spray test.", "The salt spray test is not required."])
def test_a_test_ruled_out_in_english_is_removed(intake_settings: Settings, later: str) -> None:
    """"No salt spray test needed" was answered "I could not tell what to correct" (the known leftover of the fourth
    probe; p44); "We dont need the salt spray test." added the test it ruled out."""
    views = _views(intake_settings, [OPEN_EN, later])
    need = views[-1].need
    assert [s.value for s in need.service_types] == ["inspection_testing"]
    assert phrase_items(need.phrases[S.inspection_testing]) == ["static load test"]
    reply = _last_reply(views[-1])
    assert not reply.startswith(chat.UNREAD_CORRECTION[1]), reply
    assert reply.startswith("Removed: salt spray test."), reply


@pytest.mark.parametrize("later", ["No salt spray test needed.", "We don't need a salt spray test."])
def test_a_test_never_named_ruled_out_in_english_is_heard(intake_settings: Settings, later: str) -> None:
    """The English of "不用做盐雾测试" of a need for 振动测试 ("好的，不做盐雾测试。"): "Noted: no salt spray test."."""
    views = _views(intake_settings, ["We need vibration testing of our battery packs, plant in Suzhou.", later])
    need = views[-1].need
    assert [s.value for s in need.service_types] == ["inspection_testing"]
    assert need.phrases[S.inspection_testing] == "vibration testing"
    assert _last_reply(views[-1]).startswith("Noted: no salt spray test."), _last_reply(views[-1])


def test_a_test_ruled_out_of_two_joined_by_he_is_removed(intake_settings: Settings) -> None:
    """"振动测试和盐雾测试" was one item: "不用做盐雾测试" was heard as a test never asked for, and the need kept it."""
    views = _views(intake_settings, ["我们想做电池包的振动测试和盐雾测试，公司在苏州", "不用做盐雾测试"])
    need = views[-1].need
    assert need.phrases[S.inspection_testing] == "振动测试"
    assert "盐雾测试" in _last_reply(views[-1]).split("\n")[0]
    assert not _last_reply(views[-1]).startswith("好的，不做")


# ---- the budget corrected in English, and secrecy said in English

SHRIMP = ["We process frozen shrimp in Zhanjiang and need microbiological testing.", "Within three weeks.",
          "Budget around 10,000 yuan."]


@pytest.mark.parametrize("later", ["Sorry, make that 15,000, there are more batches than I thought.",
                                   "Make it 15,000.", "Actually, 15k."])
def test_a_budget_corrected_with_a_bare_amount_in_english(intake_settings: Settings, later: str) -> None:
    """"Sorry, make that 15,000" was "I could not tell what to correct" (p51); "不好意思，改成一万五" was taken."""
    view = _views(intake_settings, [*SHRIMP, later])[-1]
    assert (view.need.budget.min_yuan, view.need.budget.max_yuan) == (15000, 15000)
    assert _last_reply(view).startswith("Budget changed to RMB 15,000 (was: RMB 10,000)."), _last_reply(view)


def test_a_bare_number_that_is_no_amount_corrects_no_budget(intake_settings: Settings) -> None:
    view = _views(intake_settings, [*SHRIMP, "Sorry, there are 12 batches, not 10."])[-1]
    assert (view.need.budget.min_yuan, view.need.budget.max_yuan) == (10000, 10000)


@pytest.mark.parametrize("text", ["Actually it doesn't need to be confidential, you can publish it.",
                                  "Actually it doesnt need to be confidential.", "It need not be kept confidential.",
                                  "You can publish it.", "No need for confidentiality."])
def test_not_confidential_said_in_english(text: str) -> None:
    """"it doesn't need to be confidential" was read as asking for secrecy ("Marked confidential.", p51)."""
    assert says_not_confidential(text)
    assert not is_confidential(text)


@pytest.mark.parametrize("text", ["Please keep this confidential.", "不要公开", "Don't publish the test data.",
                                  "需要保密", "Do not publish our product drawings."])
def test_secrecy_is_still_secrecy(text: str) -> None:
    assert is_confidential(text)
    assert not says_not_confidential(text)


def test_a_confidential_need_made_public_in_english(intake_settings: Settings) -> None:
    views = _views(intake_settings, [SHRIMP[0], "Within three weeks, please keep this confidential.",
                                     "Actually it doesn't need to be confidential, you can publish it."])
    assert views[1].need.confidential and not views[-1].need.confidential
    assert _last_reply(views[-1]).startswith("No longer confidential."), _last_reply(views[-1])


# ---- a closing

@pytest.mark.parametrize(("last", "starts"), [
    ("Thanks, that's all for now.", "You're welcome."),
    ("That's all, thank you.", "You're welcome."),
    ("就这些，谢谢", "不客气。"),
    ("暂时就这些了", "好的。"),
    ("That's it.", "OK."),
])
def test_a_closing_is_answered_as_a_person_would(intake_settings: Settings, last: str, starts: str) -> None:
    """"Thanks, that's all for now." was answered "I found nothing new in that message." (p44)."""
    en = last.isascii()
    opener = ("We need waterproof testing of our electric toothbrushes; our plant is in Hangzhou." if en
              else "我们的电动牙刷想做防水等级检测，公司在杭州")
    rest = ["Within three months.", "Budget about 20,000 yuan."] if en else ["三个月内", "预算两万"]
    first, view = _views(intake_settings, [opener, *rest, last])[-2:]
    assert _last_reply(view).startswith(starts), _last_reply(view)
    assert view.need.model_dump() == first.need.model_dump()


@pytest.mark.parametrize("text", ["That's all the budget we have.", "就这些预算", "That's it for the deadline: March."])
def test_a_closing_word_in_a_sentence_is_no_closing(text: str) -> None:
    assert courtesy_of(text) is None


# ---- a part of next month

@pytest.mark.parametrize(("text", "day"), [
    ("下个月中旬前要出报告", date(2026, 12, 15)), ("下月中旬之前", date(2026, 12, 15)),
    ("下个月上旬", date(2026, 12, 10)), ("下个月下旬前完成", date(2026, 12, 31)),
    ("下个月底前", date(2026, 12, 31)), ("十二月中旬之前", date(2026, 12, 15)),
])
def test_a_part_of_next_month_is_a_deadline(text: str, day: date) -> None:
    """"下个月中旬前要出报告" read no date: asked twice, the deadline was listed as not given (p43)."""
    assert extract_deadline(text, DAY) == day


# ---- a question asked beside an answer

LENS = ["我们是做光学镜片的，在江西上饶，有一批树脂镜片要做透光率和抗冲击检测", "两个月内"]


@pytest.mark.parametrize(("messages", "answer"), [
    ([*LENS, "预算还没批下来，不方便说。你们会把我们的联系电话给机构吗？"], chat.CONTACT),
    ([*LENS, "预算三万左右，另外你们一般多久能匹配到机构？"], chat.QUESTION_BACK),
    (["We need EMC testing of our e-bike motor controllers, plant in Taizhou, Zhejiang.", "Within two months.",
      "Budget is negotiable. Will you share our phone number with the providers?"], chat.CONTACT),
])
def test_a_question_beside_an_answer_is_answered(intake_settings: Settings, messages: list[str],
                                                 answer: tuple[str, str]) -> None:
    """"预算还没批下来，不方便说。你们会把我们的联系电话给机构吗？" took the refusal and left the question unanswered
    (p49): a question asked beside an answer is answered as one asked alone is (a question about the contact by who
    sees it)."""
    reply = _last_reply(_views(intake_settings, messages)[-1])
    assert answer[1 if messages[0].isascii() else 0] in reply, reply


@pytest.mark.parametrize("last", ["预算两万，可以吗？", "预算两万吧，行吗", "Budget 20k, is that ok?"])
def test_an_answer_asking_if_it_will_do_is_no_question_back(intake_settings: Settings, last: str) -> None:
    reply = _last_reply(_views(intake_settings, [*LENS, last])[-1])
    assert chat.QUESTION_BACK[0] not in reply and chat.QUESTION_BACK[1] not in reply, reply


# ---- the need's language

TEA = ["你好，我们是出口茶叶的，欧盟那边对农残要求越来越严，想找实验室做农残检测", "Hangzhou, Zhejiang.",
       "By the end of January.", "Around 8,000 RMB. Last year we used another lab but their report was too slow."]


def test_one_english_answer_leaves_a_chinese_need_chinese(intake_settings: Settings) -> None:
    """One English sentence in a Chinese conversation made the need English, and its title "茶叶: 农残检测" (p47): the
    need's language is that of what it says as a whole."""
    need = _views(intake_settings, TEA)[-1].need
    assert need.language == "zh"
    assert need.title == "茶叶农残检测需求"


def test_a_conversation_carried_on_in_english_is_english(intake_settings: Settings) -> None:
    need = _views(intake_settings, ["你好", "We make LED drivers in Suzhou and need EMC testing before export.",
                                    "Within two months, budget around 30,000 yuan."])[-1].need
    assert need.language == "en"


# ---- the product: the thing in question, not the company's line

@pytest.mark.parametrize(("text", "product"), [
    ("我们是苏州的一家传感器公司，有一批压力传感器出厂前需要检测", "压力传感器"),
    ("水泵出厂前要做型式试验", "水泵"),
    ("这批电机上市前要做检测", "电机"),
    ("我们是做光学镜片的，在江西上饶，有一批树脂镜片要做透光率和抗冲击检测", "树脂镜片"),
    # the line named again is that thing, as before
    ("我们是做核电阀门的，想测一下阀门的密封性能", "核电阀门"),
    ("我们是做不锈钢保温杯的，想做食品接触材料的迁移测试", "不锈钢保温杯"),
])
def test_the_product_is_the_thing_in_question(text: str, product: str) -> None:
    """"有一批压力传感器出厂前需要检测" read 压力传感器出厂, which lost to the company's line 传感器 (p45);
    "我们是做光学镜片的，…有一批树脂镜片要做…检测" read the line 光学镜片 (p49)."""
    assert extract_product(text) == product


# ---- a test asked for in other words

@pytest.mark.parametrize(("text", "types"), [
    ("我们是苏州的一家传感器公司，有一批压力传感器出厂前需要检测", [S.inspection_testing]),
    ("这批货出货前要做检测", [S.inspection_testing]),
    ("We'd like help drafting an enterprise standard for them, and then get them tested against it.",
     [S.inspection_testing, S.standards]),
    ("We need our cutting boards tested.", [S.inspection_testing]),
    # the enterprise's own step stays its own
    ("我们有出厂检验和来料检验，这次想做失效分析", [S.quality_evaluation]),
    ("We had them tested last year and they passed.", []),
])
def test_a_test_asked_for_in_other_words(text: str, types: list[S]) -> None:
    """"有一批压力传感器出厂前需要检测" read no service (出厂 was the enterprise's own outgoing inspection; p45), "and
    then get them tested against it" no test beside the standard (p53)."""
    assert extract_service_types(text) == types


def test_a_thing_said_to_be_tested_names_no_test() -> None:
    """The title read "bamboo cutting boards: get them tested" (p53): the category names the service."""
    assert phrase_of("and then get them tested against it.", S.inspection_testing) is None


@pytest.mark.parametrize(("opener", "later", "said"), [
    ("我们想做电池包的振动测试和盐雾测试，公司在苏州", "不用做盐雾测试", "已去掉：盐雾测试。"),
    (OPEN_EN, "No salt spray test needed.", "Removed: salt spray test."),
])
def test_one_test_of_two_ruled_out_is_said_as_removed(intake_settings: Settings, opener: str, later: str,
                                                      said: str) -> None:
    """A test ruled out while its category stays was said as the whole list beside the old one ("已按您的更正，
    服务类型改为：…（原为：…）", noticed in the fifth probe): what went, as a type ruled out whole is
    ("已去掉：HACCP体系 → …")."""
    reply = _last_reply(_views(intake_settings, [opener, later])[-1])
    assert reply.startswith(said), reply


@pytest.mark.parametrize(("messages", "said"), [
    (["我们想做电池包的振动测试，公司在苏州", "预算还没批下来，不方便说。你们会把我们的联系电话给机构吗？"],
     "联系人、电话和邮箱"),
    (["我们想做电池包的振动测试，公司在苏州", "机构能看到我们的联系方式吗？"], "联系人、电话和邮箱"),
    (["We need vibration testing of our battery packs, plant in Suzhou.", "Will the labs see our phone number?"],
     "contact name, phone number and e-mail"),
])
def test_a_question_about_who_sees_the_contact_is_answered(intake_settings: Settings, messages: list[str],
                                                           said: str) -> None:
    """"你们会把我们的联系电话给机构吗？" got the general answer (how the platform goes on), which says nothing about
    who sees the number (noticed in the fifth probe, p49): it is answered by need-to-know (``authz.policy.Detail``)."""
    reply = _last_reply(_views(intake_settings, messages)[-1])
    assert said in reply, reply
    assert "never published" in reply or "从不公开" in reply, reply


def test_a_question_about_a_phone_test_is_no_question_about_the_contact() -> None:
    from intake.dialogue import asked_about
    assert asked_about("手机的跌落测试你们能做吗？") is None
    assert asked_about("你们会把我们的电话给机构吗？") == "contact"
