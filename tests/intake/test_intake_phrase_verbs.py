"""A verb beginning with 了 is not cut as a particle from a key requirement (a new user's trial, 2026-11-30): the
review page read "关键要求 解IEC 62619标准" from "了解IEC 62619标准" — the phrase cutter trimmed 了 off both ends."""

from __future__ import annotations

import pytest

from intake.extract.phrases import phrases_for
from kb.vocab import ServiceType


@pytest.mark.parametrize("text", ["想了解IEC 62619标准", "储能电芯出口欧洲，需要了解IEC 62619标准并做认证检测",
                                  "了解IEC 62619标准"])
def test_a_verb_starting_with_le_is_not_cut_in_half(text: str) -> None:
    said = phrases_for(text, list(ServiceType))
    assert said, text
    for phrase in said.values():
        assert not phrase.startswith("解"), (text, said)
    assert any("IEC 62619" in p for p in said.values()), said


def test_a_trailing_particle_is_still_trimmed() -> None:
    said = phrases_for("盐雾试验做完了", [ServiceType.inspection_testing])
    assert said[ServiceType.inspection_testing] == "盐雾试验", said
