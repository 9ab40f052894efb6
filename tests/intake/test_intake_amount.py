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


def test_nothing_typed_is_no_amount() -> None:
    assert read_amount(text="  ", field="price_yuan") is None
