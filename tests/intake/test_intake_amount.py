"""Amounts as people type them into a form's number field (issue 30, item 1), read by the number reader a need's
budget is read with."""

from __future__ import annotations

import pytest

from core.errors import InnodockError
from intake.service import read_amount


@pytest.mark.parametrize("typed,value", [
    ("150000", 150_000), ("150,000", 150_000), ("15万", 150_000), ("十五万", 150_000), ("1.5万元", 15_000),
    ("¥150000", 150_000), ("15 万", 150_000), ("一万五", 15_000), ("１５万", 150_000), ("人民币20万元", 200_000),
    ("99.5", 99.5),
])
def test_an_amount_as_typed(typed: str, value: float) -> None:
    assert read_amount(text=typed, field="price_yuan") == value


@pytest.mark.parametrize("typed", ["大约十几万", "面议", "10-20万", "about 150k", "几万"])
def test_what_is_not_one_amount_is_refused_naming_the_field(typed: str) -> None:
    with pytest.raises(InnodockError) as refused:
        read_amount(text=typed, field="price_yuan")
    assert refused.value.field == "price_yuan" and "不是一个金额" in refused.value.message


@pytest.mark.parametrize("typed,value", [
    ("sixty thousand", 60_000), ("Sixty thousand yuan", 60_000), ("RMB 60,000", 60_000), ("60k", 60_000),
    ("60 thousand", 60_000), ("1.2 million", 1_200_000), ("half a million", 500_000), ("CNY 75K", 75_000),
    ("two hundred and fifty thousand RMB", 250_000),
])
def test_an_amount_as_an_english_speaker_types_it(typed: str, value: float) -> None:
    """The chat reads "sixty thousand" as a budget (the thirteenth probe); the agreement's price field takes it
    too, or the English page refuses what the English chat understood."""
    assert read_amount(text=typed, field="price_yuan") == value


@pytest.mark.parametrize("typed", ["sixty", "twenty to thirty thousand", "60k-80k", "thousands", "k"])
def test_english_words_that_are_not_one_amount_are_refused(typed: str) -> None:
    with pytest.raises(InnodockError) as refused:
        read_amount(text=typed, field="price_yuan")
    assert refused.value.field == "price_yuan"


def test_nothing_typed_is_no_amount() -> None:
    assert read_amount(text="  ", field="price_yuan") is None
