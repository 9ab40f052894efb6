"""协调员修正需求要点 beyond the product, industry, service types and title (a new user's trial, 2026-11-30): the chat
read the region 福建省宁德市 from a supplier's name for an enterprise in 常州, and the coordinator could not correct
it, so the matcher kept marking the right center "地区 宁德市：未覆盖". The coordinator now corrects the region (checked
against the gazetteer), the deadline (a date, not past), the budget (yuan, min ≤ max), the qualifications asked for
and confidentiality (only raised: lowering it is the enterprise's decision), each recorded and told like the others,
every wrong value refused naming its field, nothing stored half-changed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from core import china_time
from core.db import session_scope
from core.errors import InnodockError
from flows.corrections import read_deadline, read_qualifications, read_region
from intake.models import IntakeNeedEvent
from intake.schemas import Region
from tests.api.apihelpers import World, bearer
from tests.api.domainhelpers import Logins, submitted_need
from tests.api.uihelpers import signed_in

TEXT = ("我们是常州一家做储能电池模组的企业，电芯由福建省宁德市的供应商提供。新设计的280Ah磷酸铁锂储能模组需要按"
        "GB/T 36276做热失控和热扩散试验，要CMA报告。")
MISREAD = {"region": {"province": "福建省", "city": "宁德市"}}


def _need(c: TestClient, as_: Logins, **more: Any) -> tuple[str, str]:
    return submitted_need(c, as_("ent-a"), text=TEXT, **{**MISREAD, **more})


def _events(world: World) -> int:
    with session_scope(world.settings) as session:
        return int(session.scalar(select(func.count()).select_from(IntakeNeedEvent)) or 0)


def test_the_coordinator_corrects_region_deadline_budget_and_qualifications(domain_client: TestClient,
                                                                             domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = _need(c, as_)
    due = (china_time.today() + timedelta(days=60)).isoformat()
    done = c.patch(f"/api/v1/reviews/{review_id}/need", headers=as_("coord-assoc"), json={
        "region": {"province": "江苏", "city": "常州"}, "deadline": due,
        "budget": {"min_yuan": 50_000, "max_yuan": 100_000}, "qualifications": ["CMA", "CNAS"]})
    assert done.status_code == 200, done.text
    changed = {ch["field"]: (ch["old"], ch["new"]) for ch in done.json()["changes"]}
    assert changed["region"] == ("福建省宁德市", "江苏省常州市")
    assert changed["deadline"][1] == due
    assert changed["budget"][1] == "5万元–10万元"
    assert changed["qualifications"][1] == "CMA、CNAS"
    need = c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).json()
    assert need["region"] == {"province": "江苏省", "city": "常州市"}
    assert need["deadline"] == due and need["qualifications"] == ["CMA", "CNAS"]
    assert (need["budget"]["min_yuan"], need["budget"]["max_yuan"]) == (50_000, 100_000)
    # recorded like the other corrections: who, when, old → new, in both languages
    last = c.get(f"/api/v1/needs/{need_id}/history", headers=as_("coord-assoc")).json()[-1]
    assert last["transition"] == "correct" and last["actor"].startswith("association_coordinator:")
    assert "地区：福建省宁德市 → 江苏省常州市" in last["note"] and "region: Ningde, Fujian → Changzhou, Jiangsu" \
        in last["note"]
    # the enterprise told, in its inbox
    [told] = [n for n in c.get("/api/v1/inbox", headers=as_("ent-a")).json()["items"] if n["kind"] == "corrected"]
    assert "地区：福建省宁德市 → 江苏省常州市" in told["title_zh"]
    # re-matching reads the corrected region: no proposal said to miss 宁德市 any more
    version = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["version"]
    again = c.post(f"/api/v1/reviews/{review_id}/rematch", headers=as_("coord-assoc"), json={"version": version})
    assert again.status_code == 200, again.text
    assert "宁德" not in str(again.json()["proposals"])


def test_every_wrong_value_is_named_and_nothing_is_stored(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = _need(c, as_)
    before = _events(domain_world)
    product = c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).json()["product"]
    past = (china_time.today() - timedelta(days=1)).isoformat()
    bad = c.patch(f"/api/v1/reviews/{review_id}/need", headers=as_("coord-assoc"), json={
        "product": "电池包外壳", "region": {"province": "福建省", "city": "常州"}, "deadline": past,
        "budget": {"min_yuan": 200_000, "max_yuan": 100_000}, "qualifications": ["C"]})
    assert bad.status_code == 400, bad.text
    fields = [f["field"] for f in bad.json()["error"]["fields"]]
    assert fields == ["region.city", "deadline", "budget", "qualifications"], fields
    assert "常州" in bad.json()["error"]["message"]
    for one, field in (({"region": {"province": "火星", "city": None}}, "region.province"),
                       ({"budget": {"min_yuan": -5, "max_yuan": None}}, "budget.min_yuan"),
                       ({"deadline": "明年"}, "deadline")):
        refused = c.patch(f"/api/v1/reviews/{review_id}/need", headers=as_("coord-assoc"), json=one)
        assert refused.status_code in (400, 422) and field in refused.text, (one, refused.text)
    need = c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).json()
    assert need["region"] == MISREAD["region"] and need["product"] == product
    assert _events(domain_world) == before


def test_secrecy_is_only_raised_and_the_public_view_redacted_at_once(domain_client: TestClient,
                                                                     domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = _need(c, as_, confidential=False, product="280Ah磷酸铁锂储能模组")
    site = bearer(domain_world.keys["site"])
    assert "280Ah" in str(c.get(f"/api/v1/feed/needs/{need_id}", headers=site).json())
    raised = c.patch(f"/api/v1/reviews/{review_id}/need", headers=as_("coord-assoc"), json={"confidential": True})
    assert raised.status_code == 200, raised.text
    assert [ch["field"] for ch in raised.json()["changes"]] == ["confidential"]
    assert raised.json()["changes"][0]["new"] == "保密"
    public = c.get(f"/api/v1/feed/needs/{need_id}", headers=site).json()
    assert "280Ah" not in str(public) and "常州" not in str(public)  # redacted at once, through the feed
    # lowering it is the enterprise's decision, never the coordinator's
    lowered = c.patch(f"/api/v1/reviews/{review_id}/need", headers=as_("coord-assoc"), json={"confidential": False})
    assert lowered.status_code == 403 and lowered.json()["error"]["field"] == "confidential", lowered.text
    assert c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).json()["confidential"] is True


def test_the_review_pages_form_offers_the_new_fields_and_keeps_what_was_typed(domain_client: TestClient,
                                                                              domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = _need(c, as_)
    ui = signed_in(c, "coord-assoc")
    page = ui.get(f"/review/{review_id}").text
    for name in ("province", "city", "deadline", "min_yuan", "max_yuan",
                 "qualifications", "confidential"):
        assert f'name="{name}"' in page, name
    assert "只能提高保密程度" in page
    bad = ui.post(f"/review/{review_id}/need", data={"province": "福建省", "city": "常州",
                                                    "service_types": ["inspection_testing"]},
                  follow_redirects=False)
    assert bad.status_code == 303 and bad.headers["location"] == f"/review/{review_id}"
    again = ui.get(bad.headers["location"]).text
    assert 'data-form-error-field="city"' in again and "常州" in again  # the field marked, kept by the page
    done = ui.post(f"/review/{review_id}/need", data={"province": "江苏省", "city": "常州市",
                                                     "service_types": ["inspection_testing"]},
                   follow_redirects=False)
    assert done.headers["location"] == f"/review/{review_id}?corrected=1#corrected", done.headers
    assert c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).json()["region"]["city"] == "常州市"
    # the qualifications line as typed: a mark with a space in it is one mark, sent back unchanged it changes nothing
    ui.post(f"/review/{review_id}/need", data={"qualifications": "CMA、ISO 17025", "service_types": [
        "inspection_testing"]}, follow_redirects=False)
    assert c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).json()["qualifications"] == ["CMA", "ISO 17025"]
    assert 'value="CMA、ISO 17025"' in ui.get(f"/review/{review_id}").text
    en = signed_in(c, "coord-assoc", lang="en").get(f"/review/{review_id}").text
    assert "Secrecy can only be raised here" in en


def test_a_region_is_read_in_either_language_a_shared_romanisation_by_its_province() -> None:
    """The English page's coordinator types the place in English; "Taizhou" is two prefectures (泰州, 台州), told apart
    by the province beside it (as the chat tells them apart, ``intake.extract.region.AMBIGUOUS_PINYIN``)."""
    assert read_region({"province": "Jiangsu", "city": "Changzhou"}) == Region(province="江苏省", city="常州市")
    assert read_region({"province": "Zhejiang", "city": "Taizhou"}) == Region(province="浙江省", city="台州市")
    assert read_region({"province": "Jiangsu", "city": "Taizhou"}) == Region(province="江苏省", city="泰州市")
    assert read_region({"province": None, "city": "Suzhou"}) == Region(province="江苏省", city="苏州市")
    assert read_region({"province": "上海", "city": ""}) == Region(province="上海市", city="上海市")


def test_what_the_need_already_says_is_never_refused_as_new() -> None:
    """The page's form sends every box back, filled with what the need says: a deadline that has passed while the need
    waited for review, or a mark the chat stored, must not refuse a correction of the product (found reading the form
    again, 2026-11-30); a past date typed anew still is refused."""
    today = china_time.today()
    passed = today - timedelta(days=3)
    assert read_deadline(passed.isoformat(), today, current=passed) == passed
    with pytest.raises(InnodockError) as refused:
        read_deadline(passed.isoformat(), today, current=None)
    assert refused.value.field == "deadline"
    assert read_qualifications(["CMA", "X"], current=["X"]) == ["CMA", "X"]
    with pytest.raises(InnodockError):
        read_qualifications(["CMA", "X"], current=[])
