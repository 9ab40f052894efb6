"""The providers' list as a console (issue 30, item 7), called as the page calls it: filters by stage, catalog
status, kind and province, a search in either language, pages, a refused value naming its parameter, and a center
coordinator seeing its own provider only."""

from __future__ import annotations

from datetime import date

import pytest

from core.db import session_scope
from core.errors import InnodockError
from flows import provider_console
from flows.provider_console import ProviderFilter
from tests.flows.flowhelpers import Flows

TODAY = date(2026, 6, 1)


def _ids(flows: Flows, who: str = "coord-assoc", page_size: int = 20, **view: str) -> tuple[list[str], int, int]:
    with session_scope(flows.settings) as session:
        listing = provider_console.browse(session=session, principal=flows(who), today=TODAY,
                                          view=ProviderFilter.parse(**view), page_size=page_size)
    return [r.center_id for r in listing.rows], listing.total, listing.pages


def test_filters_search_and_pages(flows: Flows) -> None:
    assert _ids(flows) == (["qic-js-battery", "met-jx-rare"], 2, 1)  # by province: 江苏省 before 江西省
    assert _ids(flows, kind="metrology_center")[0] == ["met-jx-rare"]
    assert _ids(flows, region="江苏省")[0] == ["qic-js-battery"]
    assert _ids(flows, status="preparing")[0] == ["met-jx-rare"]
    assert _ids(flows, q="稀土 赣州")[0] == ["met-jx-rare"]  # every word, name or region
    assert _ids(flows, q="metrology")[0] == ["met-jx-rare"]  # the kind's English name
    assert _ids(flows, q="稀土 常州")[0] == []
    assert _ids(flows, overdue="1")[0] == [] and _ids(flows, waiting="1")[0] == []
    # One a page: the second page holds the second; a page past the end shows the last
    assert _ids(flows, page_size=1, page="2") == (["met-jx-rare"], 2, 2)
    assert _ids(flows, page_size=1, page="9")[0] == ["met-jx-rare"]
    # The center's coordinator: its own provider only, whatever it asks
    assert _ids(flows, who="coord-center") == (["qic-js-battery"], 1, 1)
    assert _ids(flows, who="coord-center", kind="metrology_center")[0] == []


@pytest.mark.parametrize(("field", "value"), [("state", "flying"), ("status", "gone"), ("kind", "bank"),
                                              ("page", "two"), ("page", "0")])
def test_a_value_the_page_never_offers_is_refused_naming_it(field: str, value: str) -> None:
    with pytest.raises(InnodockError) as refused:
        ProviderFilter.parse(**{field: value})
    assert refused.value.field == field


def test_the_view_travels_in_the_address() -> None:
    view = ProviderFilter.parse(state="operating", region="江苏省", q=" 电池  中心 ", overdue="1", page="3")
    assert view.q == "电池 中心" and view.filtered
    assert view.link(page=1) == ("/providers?state=operating&region=%E6%B1%9F%E8%8B%8F%E7%9C%81"
                                 "&q=%E7%94%B5%E6%B1%A0+%E4%B8%AD%E5%BF%83&overdue=1")
    assert ProviderFilter().link() == "/providers" and not ProviderFilter(page=2).filtered
