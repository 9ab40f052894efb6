"""The shared form helper (api.pages.ui_common.form_post) once per form family of the providers' console and the
queue (issue 30, item 1, the families the agreement's tests do not cover): a number typed as people type it is read
by intake's number reader ("九十", "两"), and a refused value comes back to its page in the error cookie naming its
field — never in the address — so the page marks that field and keeps the rest."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from api.pages.ui_format import names_in
from core import china_time
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, submitted_need, under_shanghai_rules
from tests.api.formhelpers import form_error, form_error_field
from tests.api.uihelpers import form_login
from tests.providers.providerhelpers import scaled_inputs

CENTER = "qic-js-battery"


def _ui(client: TestClient, username: str) -> TestClient:
    ui = TestClient(client.app)
    assert form_login(ui, username).status_code == 303
    return ui


def test_a_filing_review_reads_the_score_as_typed(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    due = (china_time.today() + timedelta(days=20)).isoformat()
    made = client.post(f"/api/v1/providers/{CENTER}/obligations", headers=as_("coord-assoc"),
                       json={"kind": "quarterly_report", "period": "2026Q4", "due_on": due,
                             "title": "季度报告 / quarterly report", "clause": "协会监督计划 / supervision plan"})
    assert made.status_code == 201, made.text
    filed = client.post(f"/api/v1/providers/obligations/{made.json()['id']}/filings", headers=as_("coord-center"),
                        json={"text": "本季度完成检测 12 项"})
    assert filed.status_code == 201, filed.text
    assoc = _ui(client, "coord-assoc")
    path = f"/providers/{CENTER}/filings/{filed.json()['id']}/review"
    for typed in ("很好", "一百二十", "150"):
        refused = assoc.post(path, data={"score": typed, "note": "内容完整"}, follow_redirects=False)
        assert refused.status_code == 303 and form_error_field(refused) == "score", typed
        assert "应为 0–100 之间的数字" in form_error(refused)
        # named by the field as the form labels it, in both languages (a new user's trial, 2026-11-30, read only
        # '“150”应为 0–100 之间的数字')
        assert f"评分“{typed}”" in form_error(refused) and f"the score “{typed}”" in form_error(refused), typed
    blank = assoc.post(path, data={"score": " ", "note": "内容完整"}, follow_redirects=False)
    assert form_error_field(blank) == "score" and "请填写评分" in form_error(blank) and "the score" in form_error(blank)
    done = assoc.post(path, data={"score": "八十五", "note": "内容完整"}, follow_redirects=False)
    assert done.status_code == 303 and form_error(done) == ""
    [filing] = client.get(f"/api/v1/providers/{CENTER}/filings", headers=as_("coord-assoc")).json()
    assert filing["score"] == 85.0


def test_the_batch_assignment_reads_how_many_alternates(client: TestClient, world: World) -> None:
    assoc = _ui(client, "coord-assoc")
    refused = assoc.post("/assignments", data={"alternates": "十一"}, follow_redirects=False)
    assert refused.status_code == 303 and form_error_field(refused) == "alternates"
    fraction = assoc.post("/assignments", data={"alternates": "1.5"}, follow_redirects=False)
    assert form_error_field(fraction) == "alternates" and "应为 0–10 之间的整数" in form_error(fraction)
    started = assoc.post("/assignments", data={"alternates": "两"}, follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"].startswith("/assignments/")


def test_the_review_queues_alternates_field_takes_what_people_type(client: TestClient, world: World) -> None:
    """The batch's alternates field was a number input: "两", which the page reads, could not be typed (walk
    2026-11-29). A text field the forms' number reader reads; a refusal names what was typed."""
    submitted_need(client, Logins(client)("ent-a"))  # a need waiting: the batch's form is offered
    assoc = _ui(client, "coord-assoc")
    page = assoc.get("/review").text
    found = re.search(r'<form method="post" action="/assignments".*?</form>', page, re.S)
    assert found, "the batch assignment's form is on the review queue"
    [field] = re.findall(r"<input[^>]*name=\"alternates\"[^>]*>", found[0])
    assert 'type="number"' not in field and 'min="' not in field and 'maxlength="20"' in field, field
    refused = assoc.post("/assignments", data={"alternates": "两三个"}, follow_redirects=False)
    assert form_error_field(refused) == "alternates", form_error(refused)
    assert "“两三个”应为 0–10 之间的整数" in form_error(refused) and "should be a whole number" in form_error(refused)


def test_a_provider_decision_and_a_corrective_action_name_their_field(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    assoc = _ui(client, "coord-assoc")
    version = client.get(f"/api/v1/providers/{CENTER}", headers=as_("coord-assoc")).json()["lifecycle"]["version"]
    refused = assoc.post(f"/providers/{CENTER}/advance", follow_redirects=False,
                         data={"transition": "order_rectification", "version": str(version), "grounds": "评级不合格",
                               "decided_on": china_time.today().isoformat(), "decision_document": "苏质协〔2026〕1号"})
    assert refused.status_code == 303 and form_error_field(refused).endswith("deadline")

    run = client.post("/api/v1/evaluations", headers=as_("coord-assoc"),
                      json={"center_id": CENTER, "period": "2026", "inputs": scaled_inputs(CENTER, 0.2)})
    assert run.status_code == 201, run.text
    first = client.get(f"/api/v1/providers/{CENTER}/findings", headers=as_("coord-center")).json()[0]
    center = _ui(client, "coord-center")
    bad = center.post(f"/providers/{CENTER}/findings/{first['id']}/step", follow_redirects=False,
                      data={"step": "plan_action", "version": str(first["version"]), "action": "补充培训",
                            "owner": "质量负责人", "due_on": "下个月"})
    assert bad.status_code == 303 and form_error_field(bad) == "due_on" and "error=" not in bad.headers["location"]


def test_a_provider_page_says_its_grounds_in_its_language_and_the_seeds_by_title(client: TestClient,
                                                                                   world: World) -> None:
    """Walk finding: /providers/{id} showed an evaluation's consequence as "依种子 002 四(二)、种子 003 第十六条限期
    整改 / graded for key supervision…" — both halves, and the project's numbering of the seeds."""
    as_ = Logins(client)
    under_shanghai_rules(world.settings)  # seed 002 四(二)'s management classes
    run = client.post("/api/v1/evaluations", headers=as_("coord-assoc"),
                      json={"center_id": CENTER, "period": "2026", "inputs": scaled_inputs(CENTER, 0.2)})
    assert run.status_code == 201, run.text
    assoc = _ui(client, "coord-assoc")
    zh = assoc.get(f"/providers/{CENTER}").text
    assert "《关于促进上海市产品质量检验检测中心建设的指导意见》四(二)" in zh, zh[-4000:]
    assert "种子" not in zh and "graded for" not in zh
    en = assoc.get(f"/providers/{CENTER}?lang=en").text
    assert "graded for" in en and "种子" not in en and "评价为" not in en


def test_a_provider_profile_cites_seeds_by_title_and_its_notes_in_one_language(client: TestClient,
                                                                                world: World) -> None:
    """The provider page's profile cited "seed 002 四(二)" and said what the seeds leave open in both languages
    ("四(二) 要求定期评估考核但未定周期 / 四(二) for periodic assessment…": an English half starting with a
    clause)."""
    assoc = _ui(client, "coord-assoc")
    for lang, wrong in (("zh", ("seed 0", "种子 0", " for periodic assessment")),
                        ("en", ("seed 0", "种子", "未定周期"))):
        page = assoc.get(f"/providers/{CENTER}?lang={lang}").text
        profile = page.split('id="profile-form"', 1)[0]
        assert not [w for w in wrong if w in profile], (lang, [w for w in wrong if w in profile])
        if lang == "zh":
            assert "依据：《" in profile and "规定未涉及" in profile
        else:
            assert "Rules: " in profile
    from api.pages.ui_format import in_language  # the one helper every page keeps its half with

    assert in_language("四(二) 要求定期评估考核但未定周期 / 四(二) for periodic assessment without a period", "en") == \
        "四(二) for periodic assessment without a period"
    assert in_language("§8.1 要求定期评价 / §8.1 asks for periodic evaluation", "zh") == "§8.1 要求定期评价"


def test_the_decision_forms_read_experts_as_people_type_a_list_of_names() -> None:
    """The provider page's decision form and /decisions read a review's experts with one reader
    (``ui_format.names_in``): the provider page's took commas only, so "王芳、赵强" was one expert there."""
    assert names_in("王芳，赵强、李明; Zhang Wei\n刘洋 ") == ["王芳", "赵强", "李明", "Zhang Wei", "刘洋"]
    assert names_in(" ，、 ") == []
