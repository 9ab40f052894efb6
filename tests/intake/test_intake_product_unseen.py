"""The product read on kinds of text the rules were weakest on when a set had never been seen (issue 27 item 6,
2026-11-28, evening; docs/intake.md, "The product read on sets never seen").

The cases are written for the kinds of wrong reading counted on the development sets by
``benchmarks/intake_products.py --errors``, not copied from any set: a question to a project or a supplier about a
named thing ("XLink支持通过国密认证吗"), a verb or a degree phrase read as a noun ("became hot", "a bit off"), a place
said as "my country", and a part named by its model code ("SIM800L", "HC-05").
"""

from __future__ import annotations

import pytest

from intake.extract.product import extract_product


def _agrees(reading: str | None, phrase: str) -> bool:
    """The agreed rule (tests/intake/data/products/README.md): the phrase inside the reading or the reading in it."""
    return reading is not None and (phrase in reading or reading in phrase)


@pytest.mark.parametrize(("text", "phrase"), [
    # a thing asked about: whether it holds a certificate, passes an assessment or meets a standard
    ("请问XLink支持通过国密认证吗", "XLink"),
    ("不知ZLMedia在等保上是否做过测评", "ZLMedia"),
    ("EasyLogger是否符合GB/T 22239的要求", "EasyLogger"),
    # … and the addressee's own thing ("your company's SDK")
    ("你们的Modbus网关经过第三方安全审计吗？", "Modbus网关"),
])
def test_the_thing_a_chinese_question_asks_about(text: str, phrase: str) -> None:
    # the name alone: "不知ZLMedia" and "EasyLogger是否符合GB/T" hold it, but are no phrase a title can stand on
    assert extract_product(text) == phrase


@pytest.mark.parametrize(("text", "phrase"), [
    # "became" is a verb, and an adverb may stand before the failure ("immediately became hot", "gets really hot")
    ("The voltage regulator immediately became hot when I powered the board.", "voltage regulator"),
    ("Wiring the HC-05 to my Arduino, the HC-05 gets really hot after a minute.", "HC-05"),
    # "a bit" / "a little" say how much, they name nothing
    ("I assembled the amplifier kit, but the gain is a bit off.", "amplifier kit"),
    # "my country" is where the writer is, not a thing of theirs
    ("In my country I need an FCC ID before I can sell a device with the SIM800L module.", "SIM800L"),
    # a part that smoked or fried failed, as one that cracked did
    ("The LDO regulator smoked as soon as I plugged in the 12V supply.", "LDO regulator"),
    ("After I connected 5V to the 3.3V pin the WS2812 strip fried.", "WS2812 strip"),
    # after "to", a verb's bare form is the verb, not the first word of a thing ("test water")
    ("These laboratory services are used to test water and soil samples for lead.", "water and soil samples"),
])
def test_an_english_issue_names_its_thing(text: str, phrase: str) -> None:
    assert _agrees(extract_product(text), phrase), extract_product(text)


@pytest.mark.parametrize("text", [
    # guards: a model code is no product when the text names none, and a measured gas or a rating is no model code
    "We need CO2 and NO2 readings logged every hour; is IP67 enough outdoors?",
    "Is a bit of help available for the FCC filing?",
])
def test_codes_and_degrees_name_no_product_alone(text: str) -> None:
    assert extract_product(text) is None


@pytest.mark.parametrize("text", [
    # a document or its part is no product ("企标封面": the cover of an enterprise standard), and "imported
    # products" name no kind of product: questions to a regulator name none
    "企标封面的右上角一定要写企业代号吗？",
    "进口产品需要标注所执行的产品标准吗？",
    # what is done to a label or a report is no part of a thing's name ("标注产品" was read)
    "包装上可以标注产品的安全标准吗？",
])
def test_a_document_or_products_in_general_are_no_product(text: str) -> None:
    assert extract_product(text) is None


@pytest.mark.parametrize(("text", "phrase"), [
    # a third party is whom a service is bought from, not the thing it is on
    ("Results of the Third Party Security Assessment: please share the report on the gateway.", "gateway"),
])
def test_who_does_the_work_is_no_product(text: str, phrase: str) -> None:
    assert _agrees(extract_product(text), phrase), extract_product(text)
