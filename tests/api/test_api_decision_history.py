"""A decision the bureau takes stands in the provider's history with its grounds, date and document, and the history
numbers its rows without a gap (a new user's trial, 2026-11-29: "3 受理，开始评审 → 专家评审论证" with empty 依据 /
决定日期 / 决定文件 though the bureau entered 沪市监质〔2026〕101号, and rows 1, 3, 4, 5, 6)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from accounts.schemas import OrgOut
from accounts.vocab import OrgKind
from core import china_time
from core.db import session_scope
from flows import authorities
from flows import providers as providers_flow
from flows.notices import notices_for
from outbox.vocab import DomainEvent
from tests.api.apihelpers import World, assert_error
from tests.api.domainhelpers import Logins
from tests.api.test_api_authorities import PDF, SH_APPLICANT, SH_CENTER, SH_MATERIALS, _as_page, _authority
from tests.kb.kbhelpers import do_import, write_jsonl


def test_the_bureaus_first_decision_keeps_its_grounds_date_and_document(domain_client: TestClient,
                                                                        domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    admin, assoc = as_("admin"), as_("coord-assoc")
    _authority(c, admin, domain_world, "上海市市场监督管理局", "上海市", "officer-sh")
    center = SH_APPLICANT["id"]
    materials = {k: v for k, v in SH_MATERIALS.items() if k != "government_support"}
    assert c.post("/api/v1/providers", headers=assoc, json={"center": SH_APPLICANT, "materials": materials}
                  ).status_code == 201
    given = c.post(f"/api/v1/providers/{center}/application/materials", headers=assoc,
                   files=[("file_government_support", ("政府支持函.pdf", PDF, "application/pdf"))])
    assert given.status_code == 200, given.text
    prepared = c.post("/api/v1/decisions", headers=assoc, json={"center_id": center, "transition": "start_review",
                                                                "grounds": "材料齐全，提请受理"})
    assert prepared.status_code == 201, prepared.text
    today = china_time.today().isoformat()
    taken = c.post(f"/api/v1/decisions/{prepared.json()['id']}", headers=as_("officer-sh"), json={
        "accept": True, "decided_on": today, "decision_document": "沪市监质〔2026〕101号"})
    assert taken.status_code == 200, taken.text
    events = c.get(f"/api/v1/providers/{center}", headers=assoc).json()["lifecycle"]["events"]
    [decided] = [e for e in events if e["transition"] == "start_review"]
    assert decided["decision_document"] == "沪市监质〔2026〕101号"
    assert decided["decided_on"] == today
    assert decided["grounds"] and "材料齐全" in decided["grounds"]
    [page] = _as_page(c, "officer-sh", f"/providers/{center}")
    rows = page.text.split('<table class="history">')[1].split("</table>")[0]
    assert "沪市监质〔2026〕101号" in rows and "材料齐全" in rows and today in rows
    numbers = re.findall(r'<tr data-transition="[^"]+"><td>(\d+)</td>', rows)
    assert numbers == [str(i) for i in range(1, len(events) + 1)], numbers  # no gap where materials were added
    assert [e["seq"] for e in events] == [1, 3]  # the record's own numbering keeps its version (the materials: 2)


def test_a_decision_already_waiting_is_named_in_words(domain_client: TestClient, domain_world: World,
                                                      tmp_path: Path) -> None:
    """Preparing a rectification a rating had already prepared was refused "已有待决定的同一提议 5", an internal
    number (a new user's trial, 2026-11-29): the refusal names the step, its day and where it waits, in both
    languages."""
    c, as_ = domain_client, Logins(domain_client)
    assert do_import(domain_world.settings, write_jsonl(tmp_path / "sh.jsonl", [SH_CENTER])).ok
    with session_scope(domain_world.settings) as session:
        providers_flow.sync(session=session)
    _authority(c, as_("admin"), domain_world, "上海市市场监督管理局", "上海市", "officer-sh")
    due = (china_time.today() + timedelta(days=90)).isoformat()
    body = {"center_id": SH_CENTER["id"], "transition": "order_rectification", "deadline": due,
            "grounds": "定期评估考核不合格 / failed the periodic evaluation"}
    first = c.post("/api/v1/decisions", headers=as_("coord-assoc"), json=body)
    assert first.status_code == 201, first.text
    again = assert_error(c.post("/api/v1/decisions", headers=as_("coord-assoc"), json=body), 409)
    zh, en = again["message"].split(" / ", 1)
    assert "责令限期整改" in zh and "/decisions" in zh and china_time.today().isoformat() in zh
    assert "is already waiting" in en and "/decisions" in en and "限期" not in en
    assert str(first.json()["id"]) not in re.sub(r"\d{4}-\d{2}-\d{2}", "", again["message"])


def test_a_prepared_decision_names_who_decides_it(domain_client: TestClient, domain_world: World,
                                                  tmp_path: Path) -> None:
    """The provider's inbox said "待协会决定：…责令限期整改" for a rectification the bureau decides (a new user's trial,
    2026-11-29): the notice names the deciding party its rules give the decision to, and the association where they
    give it to none on the platform."""
    c, as_ = domain_client, Logins(domain_client)
    assert do_import(domain_world.settings, write_jsonl(tmp_path / "sh.jsonl", [SH_CENTER])).ok
    center = str(SH_CENTER["id"])
    with session_scope(domain_world.settings) as session:
        providers_flow.sync(session=session)
        before = authorities.decided_by(session=session, center_id=center, transition="order_rectification")
    _authority(c, as_("admin"), domain_world, "上海市市场监督管理局", "上海市", "officer-sh")
    with session_scope(domain_world.settings) as session:
        after = authorities.decided_by(session=session, center_id=center, transition="order_rectification")
    assert (before, after) == (None, "municipal_bureau")
    now = datetime.now(UTC)
    orgs = [OrgOut(id="c", kind=OrgKind.center, name="中心", active=True, created_at=now, center_id=center)]
    base = {"proposal_id": "5", "center_id": center, "center_name": "上海市新材料产品质量检验中心",
            "transition": "order_rectification", "source": "evaluation:run-3"}
    [bureau] = notices_for(event=DomainEvent.transition_proposed, payload={**base, "decided_by": after}, orgs=orgs)
    assert bureau.title_zh.startswith("待市市场监督管理局决定：") and "协会" not in bureau.title_zh
    assert bureau.title_en.startswith("Waiting for the municipal market-regulation bureau's decision:")
    [association] = notices_for(event=DomainEvent.transition_proposed, payload=base, orgs=orgs)
    assert association.title_zh.startswith("待协会决定：")
