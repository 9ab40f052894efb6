"""A second rating of a provider in one year (trial 2, 2026-11-29, a16-rate-result): the evaluation page's 待整改的
指标 kept the earlier run's scores ("检测能力：16.0 · 2026") beside the newer one's, 16 open where the center's inbox
said "本次评价发现 1 项待改进". The newer run supersedes the earlier run's open findings (``providers.improvement.
record_findings``): the page lists the newest run's findings only, as many as the inbox says it found. How the
supersession is recorded is tests/providers/test_providers_improvement.py's."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.uihelpers import form_login
from tests.providers.providerhelpers import scaled_inputs

CENTER = "qic-js-battery"


def test_a_second_rating_of_the_year_leaves_only_its_own_findings_to_improve_as_many_as_the_inbox_says(
        domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    assoc, center = as_("coord-assoc"), as_("coord-center")
    for scale in (0.2, 0.45):
        rated = c.post("/api/v1/evaluations", headers=assoc, json={
            "center_id": CENTER, "period": "2026", "inputs": scaled_inputs(CENTER, scale)})
        assert rated.status_code == 201, rated.text
    opened = [n for n in c.get("/api/v1/inbox", headers=center).json()["items"] if n["kind"] == "finding_opened"]
    assert len(opened) == 2  # one a rating: the newer run opens its own findings
    newest = max(opened, key=lambda n: n["id"])
    found = newest["count"]
    assert newest["title_zh"] == f"本次评价发现 {found} 项待改进，请逐项制定整改措施"

    ui = TestClient(c.app)
    assert form_login(ui, "coord-center").status_code == 303
    page = ui.get(f"/providers/{CENTER}").text
    todo = re.search(r'<p class="todo-summary" id="todo-summary">(.*?)</p>', page, re.S)
    assert todo is not None and f"整改项 {found} 项未关闭" in re.sub(r"<[^>]+>", "", todo.group(1)), todo
    gone = page.count('data-state="superseded"')  # the earlier run's, kept in the history, folded after the rest
    assert gone >= 1 and f"已被同年新评价取代的整改项（{gone} 项，留档）</summary>" in page
    assert page.index('<details class="findings-superseded">') > page.rfind('data-state="open"')
    ui2 = TestClient(c.app)
    assert form_login(ui2, "coord-assoc").status_code == 303
    listed = re.findall(r'<li data-finding="(\d+)">', ui2.get(f"/evaluation/{CENTER}").text)
    assert len(listed) == found
