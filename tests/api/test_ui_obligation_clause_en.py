"""An obligation set by hand cites its clause in the page's language: the English provider page read
"…§5.2.4 内部运营：平台发展规划及服务目标 (our reading)" (a new user's trial, 2026-11-29). Every citation has its
English form."""

from __future__ import annotations

import pytest

from api.pages.ui_providers import _cite_text
from core.bilingual import CJK
from providers.obligations import SETTABLE


@pytest.mark.parametrize("kind", sorted(SETTABLE))
def test_a_settable_obligation_cites_its_clause_in_each_language(kind: str) -> None:
    clause = SETTABLE[kind][2]
    en, zh = _cite_text(clause, "en"), _cite_text(clause, "zh")
    assert not CJK.search(en), en
    assert "§5.2.4" in en and en.endswith("(our reading)")
    assert "内部运营" in zh and "our reading" not in zh and "internal operation" not in zh
