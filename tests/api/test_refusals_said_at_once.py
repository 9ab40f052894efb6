"""The last refusals in accounts and in an engagement's steps that stopped at the first wrong field now say every one
at once, each on its own field, and store nothing, through ``core.errors``' one way (``gather``, ``first_of_each``,
``refuse_all``): a person's profile said a blank name, then (on the next submit) an email that is not one or is
another account's (the API's schema says the first two at once before); a team said a lead the catalog does not
know, then its members; a delivery a blank note, then that it hands over no file. The pages mark each field; the API
lists each in ``fields``."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.apihelpers import World, bearer, login
from tests.api.domainhelpers import Logins, engagement_until
from tests.api.test_ui_small_forms_errors_at_once import _said
from tests.api.uihelpers import signed_in


def _fields(answer: Any) -> list[str | None]:
    error = answer.json()["error"]
    return [f["field"] for f in error.get("fields") or [error]]


def test_the_profile_names_a_blank_name_and_a_wrong_email_at_once_and_changes_nothing(client: TestClient,
                                                                                      world: World) -> None:
    ui = signed_in(client, "ent-a")
    def mine() -> tuple[str, str | None]:
        user = client.get("/api/v1/auth/me", headers=bearer(login(client, "ent-a"))).json()["user"]
        return user["display_name"], user["email"]

    me = mine()
    posted = ui.post("/account/profile", follow_redirects=False, data={"display_name": "   ", "email": "not-an-email"})
    assert posted.status_code == 303 and posted.headers["location"] == "/account", posted.headers
    fields = _said(posted)
    assert list(fields) == ["display_name", "email"], fields
    assert "显示名不能为空" in fields["display_name"], fields

    taken = "zhang.san@ent-b.example.com"  # another account's
    assert client.patch("/api/v1/auth/me", headers=bearer(login(client, "ent-b")),
                        json={"email": taken}).status_code == 200
    posted = ui.post("/account/profile", follow_redirects=False, data={"display_name": "", "email": taken})
    fields = _said(posted)
    assert list(fields) == ["display_name", "email"], fields
    assert "已被其他账号使用" in fields["email"], fields
    assert mine() == me  # nothing changed


def _step(c: TestClient, eng: str, transition: str, payload: dict[str, Any]) -> Any:
    as_ = Logins(c)
    version = c.get(f"/api/v1/engagements/{eng}", headers=as_("coord-center")).json()["version"]
    return c.post(f"/api/v1/engagements/{eng}/transitions", headers=as_("coord-center"),
                  json={"transition": transition, "version": version, "payload": payload})


def test_a_team_names_an_unknown_lead_and_an_unknown_member_at_once(domain_client: TestClient,
                                                                    domain_world: World) -> None:
    c = domain_client
    eng = engagement_until(c, Logins(c), until="countersign")
    refused = _step(c, eng, "form_team", {"team": {"lead": "exp-nobody", "members": ["exp-2", "exp-nobody-2"]}})
    assert refused.status_code == 404, refused.text
    assert _fields(refused) == ["team.lead", "team.members"], refused.text
    assert "exp-nobody" in refused.text and "exp-nobody-2" in refused.text
    assert c.get(f"/api/v1/engagements/{eng}", headers=Logins(c)("coord-center")).json()["state"] == "contracted"
    ui = signed_in(c, "coord-center")
    assert ui.get(f"/engagements/{eng}").status_code == 200


def test_a_delivery_names_a_blank_note_and_no_file_at_once(domain_client: TestClient, domain_world: World) -> None:
    c = domain_client
    eng = engagement_until(c, Logins(c), until="approve_plan")
    refused = _step(c, eng, "submit_results", {"delivery": {"note": "  ", "files": []}})
    assert refused.status_code in (400, 422), refused.text
    assert _fields(refused) == ["delivery.note", "delivery.files"], refused.text
    before = c.get(f"/api/v1/engagements/{eng}", headers=Logins(c)("coord-center")).json()
    assert before["state"] == "delivering", before["state"]
    # one wrong field is said as before: the file alone
    alone = _step(c, eng, "submit_results", {"delivery": {"note": "报告已交付", "files": []}})
    assert alone.status_code == 400 and _fields(alone) == ["delivery.files"], alone.text
    assert "fields" not in alone.json()["error"]
