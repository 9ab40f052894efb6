"""协调员修正需求要点 (flows.corrections): the association's coordinator corrects the misread key fields of a need under
review (a new user's trial, 2026-11-29: a battery module's confidential need read as product "担心单体间隔热垫",
industry "家具制造业", was shown to the proposed battery center and the public as "家具制造业领域企业检验检测需求").

The flow through its three doors (API, page, CLI), its record (history, the enterprise's inbox, the public view
republished, the confidential details still out of it), who may, and bad input refused whole."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from core.db import session_scope
from intake.models import IntakeNeedEvent
from tests.api.apihelpers import World, bearer, second_association
from tests.api.domainhelpers import Logins, submitted_need
from tests.api.uihelpers import signed_in

SECRET = "280Ah磷酸铁锂储能模组XJ-7"  # the enterprise's marked string: never in what a center or the public reads
MISREAD = {"product": "担心单体间隔热垫", "industry": "家具制造业"}
TEXT = ("我们是常州一家做储能电池模组的企业，新设计的280Ah磷酸铁锂储能模组XJ-7在做热失控扩散试验前想先摸底，"
        "担心单体间隔热垫不够。需要按GB/T 36276做热失控和热扩散试验，要CMA报告。")


def _misread(c: TestClient, as_: Logins) -> tuple[str, str]:
    return submitted_need(c, as_("ent-a"), text=TEXT, confidential=True, redactions=[SECRET], **MISREAD)


def _inbox(c: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = c.get("/api/v1/inbox", headers=headers).json()["items"]
    return items


def test_the_coordinator_corrects_a_misread_need_and_everything_follows(domain_client: TestClient,
                                                                        domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = _misread(c, as_)
    site = bearer(domain_world.keys["site"])
    before = c.get(f"/api/v1/feed/needs/{need_id}", headers=site).json()
    assert before["title"] == "家具制造业领域企业检验检测需求"
    version = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["version"]

    done = c.patch(f"/api/v1/reviews/{review_id}/need", headers=as_("coord-assoc"),
                   json={"product": "储能电池模组", "industry": "电池制造"})
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["product"] == "储能电池模组" and body["industry"] == "电池制造"
    changed = {ch["field"]: (ch["old"], ch["new"]) for ch in body["changes"]}
    assert changed["product"] == ("担心单体间隔热垫", "储能电池模组")
    assert changed["industry"] == ("家具制造业", "电池制造")
    assert "title" in changed and "担心" not in changed["title"][1]  # the derived title follows the product

    # the need's history: who and when, old → new; the status unchanged
    steps = c.get(f"/api/v1/needs/{need_id}/history", headers=as_("coord-assoc")).json()
    last = steps[-1]
    assert last["transition"] == "correct" and last["from_status"] == last["to_status"]
    assert last["actor"].startswith("association_coordinator:") and last["at"]
    assert "行业：家具制造业 → 电池制造" in last["note"] and "industry: " in last["note"]

    # the enterprise's inbox: what changed, in each language
    [told] = [n for n in _inbox(c, as_("ent-a")) if n["kind"] == "corrected"]
    assert "产品：担心单体间隔热垫 → 储能电池模组" in told["title_zh"]
    assert "product: 担心单体间隔热垫 → 储能电池模组" in told["title_en"]
    assert told["link"] == f"/needs#{need_id}"
    assert not [n for n in _inbox(c, as_("coord-assoc")) if n["kind"] == "corrected"]  # its own act

    # the public view rebuilt and announced again; the confidential details still out of it
    after = c.get(f"/api/v1/feed/needs/{need_id}", headers=site).json()
    assert after["title"] == "电池制造领域企业检验检测需求" and after["industry"] == "电池制造"
    assert SECRET not in str(after) and "担心单体" not in str(after) and not after.get("product")
    # the proposed center reads the corrected redacted title on its review page, still no secret
    center = signed_in(c, "coord-center").get(f"/review/{review_id}")
    assert center.status_code == 200, center.text
    assert "电池制造领域企业检验检测需求" in center.text and "家具制造业" not in center.text
    assert SECRET not in center.text and "修正需求要点" not in center.text
    # not re-matched: the review is as it was
    assert c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["version"] == version


def test_a_field_given_as_it_is_changes_nothing(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = _misread(c, as_)
    same = c.patch(f"/api/v1/reviews/{review_id}/need", headers=as_("coord-assoc"),
                   json={"product": "担心单体间隔热垫", "service_types": ["inspection_testing"]})
    assert same.status_code == 200, same.text
    assert same.json()["changes"] == []
    steps = c.get(f"/api/v1/needs/{need_id}/history", headers=as_("coord-assoc")).json()
    assert "correct" not in [s["transition"] for s in steps]
    assert not [n for n in _inbox(c, as_("ent-a")) if n["kind"] == "corrected"]


def test_an_enterprise_or_a_center_may_not_correct(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = _misread(c, as_)
    for who in ("ent-a", "coord-center"):
        refused = c.patch(f"/api/v1/reviews/{review_id}/need", headers=as_(who), json={"industry": "电池制造"})
        assert refused.status_code == 403, (who, refused.text)
    # another association's coordinator: the review does not exist for it
    second_association(domain_world)
    other = c.patch(f"/api/v1/reviews/{review_id}/need", headers=as_("coord-assoc2"), json={"industry": "电池制造"})
    assert other.status_code == 404, other.text
    # nor the page's form for a center (its HTML 403), nor is the form shown to it
    posted = signed_in(c, "coord-center").post(f"/review/{review_id}/need", data={"industry": "电池制造"},
                                               follow_redirects=False)
    assert posted.status_code == 403
    assert c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).json()["industry"] == "家具制造业"


def test_bad_input_names_every_wrong_field_and_changes_nothing(domain_client: TestClient,
                                                               domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = _misread(c, as_)
    with session_scope(domain_world.settings) as session:
        events = session.scalar(select(func.count()).select_from(IntakeNeedEvent))
    one = c.patch(f"/api/v1/reviews/{review_id}/need", headers=as_("coord-assoc"),
                  json={"industry": "火星制造业", "product": "储能电池模组"})
    assert one.status_code == 400 and one.json()["error"]["field"] == "industry", one.text
    both = c.patch(f"/api/v1/reviews/{review_id}/need", headers=as_("coord-assoc"),
                   json={"industry": "火星制造业", "service_types": ["teleportation"], "title": "  "})
    assert both.status_code == 400, both.text
    error = both.json()["error"]
    assert [f["field"] for f in error["fields"]] == ["industry", "service_types", "title"]  # the form's order
    assert "火星制造业" in error["message"] and "teleportation" in error["message"]
    need = c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).json()
    assert need["industry"] == "家具制造业" and need["product"] == "担心单体间隔热垫"
    with session_scope(domain_world.settings) as session:
        assert session.scalar(select(func.count()).select_from(IntakeNeedEvent)) == events


def test_the_review_pages_form_corrects_and_offers_a_rematch(domain_client: TestClient,
                                                              domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = _misread(c, as_)
    ui = signed_in(c, "coord-assoc")
    page = ui.get(f"/review/{review_id}")
    assert page.status_code == 200 and f'action="/review/{review_id}/need"' in page.text
    assert "公开标题" in page.text and "家具制造业领域企业检验检测需求" in page.text
    assert 'list="correct-industries"' in page.text and "电池制造" in page.text  # the card's GB/T 4754 groups
    # wrong fields: back to the review with every one named, nothing stored
    bad = ui.post(f"/review/{review_id}/need", data={"industry": "火星制造业", "service_types": ["teleportation"]},
                  follow_redirects=False)
    assert bad.status_code == 303 and bad.headers["location"] == f"/review/{review_id}"
    again = ui.get(bad.headers["location"])
    assert "火星制造业" in again.text and "teleportation" in again.text
    assert c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).json()["industry"] == "家具制造业"
    # the form as sent: saved, the message beside a re-match button; the matcher not run
    version = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["version"]
    done = ui.post(f"/review/{review_id}/need", data={"product": "储能电池模组", "industry": "电池制造",
                                                     "service_types": ["inspection_testing"]},
                   follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/review/{review_id}?corrected=1#corrected"
    shown = ui.get(f"/review/{review_id}?corrected=1")
    assert "需求要点已修正" in shown.text and 'id="corrected-rematch"' in shown.text
    assert "电池制造领域企业检验检测需求" in shown.text
    assert c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["version"] == version
    en = signed_in(c, "coord-assoc", lang="en").get(f"/review/{review_id}?corrected=1")
    assert "Correct the need" in en.text and "Re-match the corrected need" in en.text
