"""The engagement page says where an engagement stands and what comes next (issue 30, item 6): a stepper of Figure 1
from the machine with the current step marked, whose turn it is (pipeline.vocab.TURN) and by when, a form per step
with its own fields (pipeline.vocab.STEP_FIELDS), and the delivery above the acceptance buttons."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.pages import ui_guide
from flows import workflow
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, engagement_until
from tests.api.formhelpers import form_error, form_error_field
from tests.api.uihelpers import form_login


def _browser(c: TestClient, username: str) -> TestClient:
    ui = TestClient(c.app)
    assert form_login(ui, username).status_code == 303
    return ui


def _current(page: str) -> str:
    found = re.search(r'<li data-step="([a-z_]+)" class="current" aria-current="step">', page)
    return found.group(1) if found else ""


def _turn(page: str) -> str:
    found = re.search(r'id="turn" data-turn="([a-z ]*)"', page)
    assert found, "the page says whose turn it is"
    return found.group(1)


def test_every_state_has_its_next_words_with_the_machine_s_labels() -> None:
    assert set(ui_guide.NEXT) == set(workflow.states())
    for lang in ("zh", "en"):
        for state in workflow.states():
            said = ui_guide.say(ui_guide.NEXT[state], lang)
            assert "{" not in said and said, (state, lang)
    # A step's label in the guide is the machine's own.
    assert "「会签技术服务协议」" in ui_guide.say(ui_guide.NEXT["awaiting_countersignature"], "zh")


@pytest.mark.parametrize(("until", "state", "step", "turn", "yours_for"), [
    ("reach_agreement", "agreed", "agreed", "center", "coord-center"),
    ("sign_agreement", "awaiting_countersignature", "contracted", "enterprise", "ent-a"),
    ("submit_plan", "plan_review", "plan_review", "center association", "coord-assoc"),
    ("submit_results", "acceptance", "acceptance", "enterprise", "ent-a"),
    ("pass_acceptance", "closed", "closed", "", ""),
])
def test_the_stepper_marks_the_current_step_and_says_whose_turn(
        domain_client: TestClient, domain_world: World, until: str, state: str, step: str, turn: str,
        yours_for: str) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until=until)
    for who in ("ent-a", "coord-center", "coord-assoc"):
        page = _browser(c, who).get(f"/engagements/{eng}").text
        assert f'id="progress" data-state="{state}"' in page
        assert _current(page) == step, who
        assert _turn(page) == turn, who
        assert ("轮到您办理" in page) == (who == yours_for), who
        names = re.findall(r'<li data-step="[a-z_]+"[^>]*><span class="n">\d+</span> ([^<]+)</li>', page)
        assert names == [name for _, name in workflow.figure1_steps("zh")]
    deadline = c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["deadline"]
    page = _browser(c, "ent-a").get(f"/engagements/{eng}").text
    assert ('id="due"' in page) == (deadline is not None and state != "closed")  # by when, while it runs

def test_each_step_has_its_own_form_and_a_missing_field_is_named(domain_client: TestClient,
                                                                domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="submit_plan")
    page = f"/engagements/{eng}"
    assoc = _browser(c, "coord-assoc")
    shown = assoc.get(page).text
    for name in ("approve_plan", "reject_plan"):
        form = re.search(rf'<form method="post" action="{page}/steps/{name}".*?</form>', shown, re.S)
        assert form, name
        assert 'name="opinion"' in form.group(0) and 'name="reviewers"' in form.group(0)
        assert 'name="note"' not in form.group(0)  # no generic box
    version = c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["version"]
    # The opinion left blank: refused, naming the field by its label, and nothing moves.
    refused = assoc.post(f"{page}/steps/approve_plan", data={"version": version, "opinion": "  ",
                                                             "reviewers": "王工\n李工"}, follow_redirects=False)
    assert refused.status_code == 303 and "请填写评审意见" in form_error(refused)
    assert form_error_field(refused) == "opinion"
    again = assoc.get(page).text  # the error cookie rides along, once
    assert 'data-form-error-field="opinion"' in again and "请填写评审意见" in again
    assert c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["state"] == "plan_review"
    done = assoc.post(f"{page}/steps/approve_plan", data={"version": version, "opinion": "方案可行",
                                                          "reviewers": "王工\n李工"}, follow_redirects=False)
    assert done.status_code == 303 and not form_error(done)
    detail = c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()
    assert detail["state"] == "delivering"
    assert detail["plan_reviews"][-1]["opinion"] == "方案可行"
    assert detail["plan_reviews"][-1]["reviewers"] == ["王工", "李工"]


def test_the_delivery_is_shown_above_the_acceptance_buttons(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="submit_results")
    page = _browser(c, "ent-a").get(f"/engagements/{eng}").text
    assert page.index('id="deliveries"') < page.index('value="pass_acceptance"') < page.index('id="messages"')
    assert page.index('id="progress"') < page.index('id="deliveries"')
    verdict = re.search(rf'action="/engagements/{eng}/steps/fail_acceptance".*?</form>', page, re.S)
    assert verdict and 'name="reasons"' in verdict.group(0) and "required" in verdict.group(0)
    # The acceptance verdict's reasons, one per line.
    version = c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["version"]
    refused = _browser(c, "ent-a").post(f"/engagements/{eng}/steps/fail_acceptance", data={"version": version},
                                        follow_redirects=False)
    assert form_error_field(refused) == "reasons"


def test_a_closed_engagement_says_nobody_s_turn_as_a_sentence(domain_client: TestClient,
                                                               domain_world: World) -> None:
    # A center's day walked on 2026-11-29: the English page's line read "ended; nothing is waiting", lower case
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="pass_acceptance")
    ui = _browser(c, "coord-center")
    said = {}
    for lang in ("zh", "en"):
        ui.cookies.set("lang", lang)
        page = ui.get(f"/engagements/{eng}").text
        found = re.search(r'<p class="whose-turn" id="turn" data-turn="">([^<]*)</p>', page)
        assert found, lang
        said[lang] = found.group(1)
    assert said == {"zh": "已结束，无需再办理", "en": "Ended: nothing is left to do"}


def test_a_closed_engagement_with_an_open_complaint_says_the_complaint_waits(domain_client: TestClient,
                                                                            domain_world: World) -> None:
    # The association's day walked on 2026-11-29: a closed engagement whose client complained (the handling due in
    # five working days, its form on the page) said "已结束，无需再办理" at the top, as if nothing were left to do.
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="pass_acceptance")
    filed = c.post(f"/api/v1/engagements/{eng}/feedback", headers=as_("ent-a"), json={"complaint": "报告寄错了地址"})
    assert filed.status_code == 201, filed.text
    ui = _browser(c, "coord-assoc")
    said = {}
    for lang in ("zh", "en"):
        ui.cookies.set("lang", lang)
        page = ui.get(f"/engagements/{eng}").text
        found = re.search(r'<p class="whose-turn" id="turn" data-turn="">(.*?)</p>', page, re.S)
        assert found, lang
        said[lang] = re.sub(r"<[^>]+>", "", found.group(1))
        assert 'href="#feedback"' in found.group(1), lang
    assert said == {"zh": "项目已终结，投诉尚未办结：见下方“满意度与投诉”",
                    "en": "Ended, but a complaint is still open: see Satisfaction and complaints below"}
