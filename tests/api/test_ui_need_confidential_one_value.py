"""A need's 保密 field is one value on every page (a new user's trial in Chromium, 2026-11-29): the center's engagement
page said "保密 否" while the agreement waited for the countersignature (the center's summary view) and "保密 未说明"
right after (the need's own rows), for one need that never said."""

from __future__ import annotations

import pytest

from api.pages.ui_need import center_need_rows, need_rows
from intake.publish import center_view
from intake.schemas import Need, Region
from kb.vocab import ServiceType

TEXT = "储能电池模组需要做热失控扩散试验，常州，预算十万，两个月内完成"


def _rows(rows: list[dict[str, object]]) -> object:
    return {r["key"]: r["value"] for r in rows}["confidential"]


@pytest.mark.parametrize(("confidential", "sources"), [(False, {}), (False, {"confidential": "user"}),
                                                       (True, {"confidential": "user"})])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_center_reads_the_confidentiality_the_enterprise_reads(confidential: bool, sources: dict[str, str],
                                                                   lang: str) -> None:
    need = Need(text=TEXT, service_types=[ServiceType.inspection_testing],
                region=Region(province="江苏省", city="常州市"), confidential=confidential, sources=sources)
    assert _rows(center_need_rows(center_view(need, "n-1"), lang)) == _rows(need_rows(need, lang))
