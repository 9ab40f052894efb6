"""A new user's trial (2026-11-30): 陆振华 (正高级, 26年) showed "不符合组长条件：未主持过项目", and the center could
not say otherwise: the expert edit form had name, 职称, 学历, years and fields only, no led-projects field, and the
"新增专家" form lacked 职称 and 学历 too. The team-lead rule (``kb.rules``, seed 003's qualifications) reads
``led_projects``, which kb-v1 carries: both forms now record it (a count of projects led), the new-expert form asks
职称 and 学历, each checked with a 4xx naming the field, in both languages, and what the form stores the kb-v1
export writes back."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.pages.ui_common import ERROR_COOKIE, read_error_cookie
from core.db import session_scope
from kb import transfer
from kb.io.exporter import export_format
from kb.models import Expert
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.uihelpers import signed_in

EDIT = "/providers/qic-js-battery/edit"


def _expert_forms(page: str) -> tuple[str, str]:
    """The form of the expert exp-1 and the new-expert form, as the edit page shows them."""
    edit = page.split('data-expert="exp-1"', 1)[1].split("</form>", 1)[0]
    new = page.split('class="expert-new"', 1)[1].split("</form>", 1)[0]
    return edit, new


def test_both_expert_forms_record_led_projects_and_the_new_one_title_and_degree(client: TestClient,
                                                                               world: World) -> None:
    for lang, led, title, degree in (("zh", "主持", "职称", "学历"), ("en", "led", "Title", "Degree")):
        page = signed_in(client, "coord-center", lang).get(EDIT).text
        edit, new = _expert_forms(page)
        assert re.search(r'name="led_projects"[^>]*value="6"', edit), edit  # the expert's recorded count
        assert led in edit.split('name="led_projects"', 1)[0].rsplit("<label", 1)[1], edit
        for name in ("title_level", "degree", "led_projects", "years_experience", "name", "fields"):
            assert f'name="{name}"' in new, (name, new)
        assert title in new and degree in new and led in new, new
        assert '<option value="senior">' in new and '<option value="doctorate">' in new, new


def test_the_center_records_led_projects_and_a_new_expert_with_title_and_degree(client: TestClient, world: World,
                                                                                tmp_path: Path) -> None:
    as_ = Logins(client)
    center = signed_in(client, "coord-center")
    sent = center.post(EDIT, data={"record_type": "expert", "record_id": "exp-1", "name": "陈立新",
                                   "led_projects": "3"}, follow_redirects=False)
    assert sent.status_code == 303 and "done=waits" in sent.headers["location"], sent.headers
    pending = client.get("/api/v1/providers/changes", headers=as_("coord-center")).json()
    assert pending and pending[0]["records"][0]["led_projects"] == 3, pending
    assoc = signed_in(client, "coord-assoc")
    added = assoc.post(EDIT, data={"record_type": "expert", "name": "陆振华", "title_level": "senior",
                                   "degree": "bachelor", "years_experience": "26", "led_projects": "2",
                                   "fields": "电池电性能测试"}, follow_redirects=False)
    assert added.status_code == 303 and "done=applied" in added.headers["location"], (
        added.headers, read_error_cookie(added.cookies.get(ERROR_COOKIE) or ""))
    with session_scope(world.settings) as session:
        stored = session.scalars(select(Expert).where(Expert.name == "陆振华")).one()
        assert (stored.title_level, stored.degree, stored.years_experience, stored.led_projects) == (
            "senior", "bachelor", 26, 2)
        out = tmp_path / "kb.jsonl"
        transfer.export_records(session=session, fmt=export_format(out, "jsonl"), out=out)
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    mine = next(r for r in exported if r.get("name") == "陆振华")
    assert (mine["title_level"], mine["degree"], mine["led_projects"]) == ("senior", "bachelor", 2), mine


def test_a_wrong_led_projects_title_or_degree_is_refused_naming_the_field(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    for lang, led in (("zh", "主持"), ("en", "led")):
        ui = signed_in(client, "coord-center", lang)
        for data in ({"record_type": "expert", "record_id": "exp-1", "name": "陈立新", "led_projects": "很多"},
                     {"record_type": "expert", "record_id": "exp-1", "name": "陈立新", "led_projects": "-2"},
                     {"record_type": "expert", "name": "新专家", "led_projects": "9999"}):
            posted = ui.post(EDIT, data=data, follow_redirects=False)
            said = read_error_cookie(posted.cookies.get(ERROR_COOKIE) or "")
            fields = dict(said.get("fields") or [[said.get("field"), said.get("message")]])
            assert list(fields) == ["led_projects"], (data, said)
            assert led in fields["led_projects"], fields
        bad = ui.post(EDIT, data={"record_type": "expert", "name": "新专家", "title_level": "grand",
                                  "degree": "none"}, follow_redirects=False)
        said = read_error_cookie(bad.cookies.get(ERROR_COOKIE) or "")
        fields = dict(said.get("fields") or [[said.get("field"), said.get("message")]])
        assert set(fields) == {"title_level", "degree"}, said
    assert client.get("/api/v1/providers/changes", headers=as_("coord-center")).json() == []
