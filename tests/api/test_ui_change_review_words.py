"""The association's review of a center's change says each value in words, in the page's language (a new user's trial
in Chromium, 2026-11-29: /changes/1 read 服务类型 ["inspection_testing"] → ["inspection_testing",
"key_parameter_measurement"] and 标准 ["GB/T 31486-2015"] → [...]): service types by kb's labels, lists joined as
a sentence joins them."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.uihelpers import page_words, signed_in


def _cells(page: str, field: str) -> list[str]:
    row = re.search(rf'<tr class="diff-row"[^>]*data-field="{field}"[^>]*>(.*?)</tr>', page, re.S)
    assert row, page[:3000]
    return [page_words(x).strip() for x in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


def test_a_change_of_service_types_and_standards_reads_in_words(domain_client: TestClient,
                                                                domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    sent = c.post("/api/v1/providers/qic-js-battery/changes", headers=as_("coord-center"), json={"records": [
        {"type": "capability", "id": "cap-1", "service_types": ["inspection_testing", "key_parameter_measurement"],
         "standards": ["GB 38031-2020", "GB/T 31486-2015"]}]})
    assert sent.status_code == 201, sent.text
    change = sent.json()["change"]["id"]
    for lang, before, after, standards in (
            ("zh", "检验检测", "检验检测、关键参数测量", "GB 38031-2020、GB/T 31486-2015"),
            ("en", "inspection and testing", "inspection and testing, key-parameter measurement",
             "GB 38031-2020, GB/T 31486-2015")):
        page = signed_in(c, "coord-assoc", lang).get(f"/changes/{change}").text
        assert _cells(page, "service_types")[2:] == [before, after], lang
        assert _cells(page, "standards")[2:] == ["GB 38031-2020", standards], lang
        table = page_words(page[page.index('<table class="diff"'):page.index("</table>")])
        for raw in ("inspection_testing", "key_parameter_measurement", "[", '"'):
            assert raw not in table, (lang, raw, table)
