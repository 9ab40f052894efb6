"""docs/api.md lists every webhook event (issue 12 step 6): one row per ``flows.events.DomainEvent``, in its order,
and each row's ``data`` keys are those the flows really send, collected here from one engagement that raises every
event once."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from core import china_time
from core.db import session_scope
from flows import engagements as engagements_flow
from flows import improvement as improvement_flow
from flows import obligations as obligations_flow
from flows import opportunities as opportunities_flow
from flows import refine as refine_flow
from flows.announce import OUTBOX
from intake.llm import LLMSettings
from intake.reader import IntakeReader
from outbox.models import WebhookDelivery
from outbox.vocab import DomainEvent
from tests.api.apihelpers import World, bearer, kb_records
from tests.api.conftest import fake_matcher
from tests.api.domainhelpers import AGREEMENT, Logins, accept_first, submitted_need
from tests.intake.llm_standin import StandInChatModel
from tests.providers.providerhelpers import scaled_inputs

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
ROW = re.compile(r"^\| `([a-z_.]+)` \| [^|]+ \| [^|]*?`\{([^}]*)\}`")


def documented() -> dict[str, set[str]]:
    """The events table of docs/api.md: event → the keys its ``data`` column lists."""
    text = DOCS.read_text(encoding="utf-8")
    table = text[text.index("| event | sent when | `data` |"):]
    table = table[: table.index("\n\n")]
    rows = [line for line in table.splitlines()[2:] if line.startswith("| `")]
    out: dict[str, set[str]] = {}
    for line in rows:
        found = ROW.match(line)
        assert found, f"a row of the events table without its `{{data keys}}`: {line[:80]}"
        out[found.group(1)] = {k.strip() for k in found.group(2).split(",")}
    assert len(out) == len(rows)
    return out


def test_the_docs_list_every_domain_event_in_order() -> None:
    assert list(documented()) == [e.value for e in DomainEvent]


def test_each_events_data_is_what_the_flows_send(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    made = c.post("/api/v1/webhooks/subscriptions", headers=bearer(domain_world.keys["site"]),
                  json={"url": "http://127.0.0.1:9/hook", "events": [e.value for e in DomainEvent]})
    assert made.status_code == 201, made.text
    _need, review_id = submitted_need(c, as_("ent-a"))  # need.published, review.proposed
    with session_scope(domain_world.settings) as session:  # need.offered (told as if it had not been proposed)
        assert opportunities_flow.offer(session=session, settings=domain_world.settings, matcher=fake_matcher(),
                                        need_id=_need, already_proposed=[], outbox=OUTBOX)
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]  # match.accepted
    for who, transition, payload in (("ent-a", "reach_agreement", {}),  # engagement.state_changed
                                     ("coord-center", "sign_agreement", {"agreement": AGREEMENT})):
        version = c.get(f"/api/v1/engagements/{eng}", headers=as_(who)).json()["version"]
        assert c.post(f"/api/v1/engagements/{eng}/transitions", headers=as_(who),
                      json={"transition": transition, "version": version, "payload": payload}).status_code == 200
    assert c.post(f"/api/v1/engagements/{eng}/messages", headers=as_("ent-a"),  # engagement.message_posted
                  data={"body": "样品已寄出"}).status_code == 201
    with session_scope(domain_world.settings) as session:  # engagement.overdue (the agreement's deadline passed)
        assert engagements_flow.announce_overdue(session=session, today=date(2031, 8, 1), outbox=OUTBOX) == 1
    with session_scope(domain_world.settings) as session:  # provider.obligation_due (the year's calendar is due)
        assert obligations_flow.announce_due(session=session, today=date(2031, 12, 20), outbox=OUTBOX) >= 1
    ended = c.post(f"/api/v1/engagements/{eng}/transitions", headers=as_("coord-assoc"),
                   json={"transition": "terminate", "version": 3, "payload": {"reason": "逾期未开展"}})
    assert ended.status_code == 200, ended.text
    assert c.post(f"/api/v1/engagements/{eng}/feedback", headers=as_("ent-a"),  # complaint.filed, engagement.rated
                  json={"complaint": "排期一再推迟", "satisfaction": 2}).status_code == 201
    failing = c.post("/api/v1/evaluations", headers=as_("coord-assoc"),  # provider.transition_proposed, and
                     json={"center_id": "qic-js-battery", "period": "2026",  # provider.finding_opened
                           "inputs": scaled_inputs("qic-js-battery", 0.2)})
    assert failing.status_code == 201, failing.text
    [proposal] = c.get("/api/v1/providers/proposals", headers=as_("coord-assoc")).json()
    life = c.get("/api/v1/providers/qic-js-battery", headers=as_("coord-assoc")).json()["lifecycle"]
    ordered = c.post(f"/api/v1/providers/proposals/{proposal['id']}/decision",  # provider.rectification_ordered
                     headers=as_("coord-assoc"), json={"accept": True, "version": life["version"], "payload": {
                         "decided_on": china_time.today().isoformat(), "decision_document": "苏质协〔2026〕9号"}})
    assert ordered.status_code == 200, ordered.text
    # provider.status_changed came with the order; the other decisions about a provider, each once:
    cap = next(r for r in kb_records() if r["type"] == "capability" and r["center_id"] == "qic-js-battery")
    change = c.post("/api/v1/providers/qic-js-battery/changes", headers=as_("coord-center"),
                    json={"records": [{**cap, "title": f"{cap['title']}（扩项）"}]})
    assert change.status_code == 201, change.text
    refused = c.post(f"/api/v1/providers/changes/{change.json()['change']['id']}/decision",  # entry_change_decided
                     headers=as_("coord-assoc"), json={"approve": False, "note": "缺少资质证明"})
    assert refused.status_code == 200, refused.text
    owed = c.post("/api/v1/providers/qic-js-battery/obligations", headers=as_("coord-assoc"),  # obligation_set
                  json={"kind": "rectification_report", "period": "2026-1", "title": "整改报告 / rectification report",
                        "due_on": (china_time.today() + timedelta(days=30)).isoformat(), "clause": "seed 000 §8.3"})
    assert owed.status_code == 201, owed.text
    filed = c.post(f"/api/v1/providers/obligations/{owed.json()['id']}/filings",  # provider.filing_received
                   headers=as_("coord-center"), json={"text": "已完成设备期间核查"})
    assert filed.status_code == 201, filed.text
    assert c.post(f"/api/v1/providers/filings/{filed.json()['id']}/review",  # provider.filing_reviewed
                  headers=as_("coord-assoc"), json={"score": 80, "note": "记录完整"}).status_code == 200
    prepared = c.post("/api/v1/decisions", headers=as_("coord-assoc"),  # provider.decision_prepared
                      json={"center_id": "qic-js-battery", "transition": "pass_recheck", "grounds": "整改报告已审核"})
    assert prepared.status_code == 201, prepared.text
    found = c.get("/api/v1/providers/qic-js-battery/findings", headers=as_("coord-center")).json()[0]
    due = china_time.today() + timedelta(days=10)
    planned = c.post(f"/api/v1/providers/findings/{found['id']}/steps", headers=as_("coord-center"),
                     json={"step": "plan_action", "version": found["version"], "action": "补做设备期间核查",
                           "owner": "质量负责人", "due_on": due.isoformat()})
    assert planned.status_code == 200, planned.text
    with session_scope(domain_world.settings) as session:  # provider.finding_overdue (the action's deadline passed)
        assert improvement_flow.announce_overdue(session=session, today=due + timedelta(days=1), outbox=OUTBOX) == 1
    with session_scope(domain_world.settings) as session:  # complaint.overdue (nobody handled it in 5 working days)
        assert engagements_flow.announce_overdue(session=session, today=date(2031, 12, 31), outbox=OUTBOX) == 1
    [complaint] = [f for f in c.get(f"/api/v1/engagements/{eng}", headers=as_("coord-center")).json()["feedback"]
                   if f.get("complaint")]
    handled = c.post(f"/api/v1/engagements/{eng}/complaints/{complaint['id']}/handling",  # complaint.handled
                     headers=as_("coord-center"), json={"handling": "已重新排期并致歉", "resolved": True})
    assert handled.status_code == 200, handled.text
    base = f"/api/v1/engagements/{eng}/complaints/{complaint['id']}"
    reopened = c.post(f"{base}/reopen", headers=as_("ent-a"), json={"reason": "排期仍不合理"})  # complaint.reopened
    assert reopened.status_code == 200, reopened.text
    assert c.post(f"{base}/handling", headers=as_("coord-center"),
                  json={"handling": "已按企业要求提前交付", "resolved": True}).status_code == 200
    closed = c.post(f"{base}/confirm", headers=as_("ent-a"), json={})  # complaint.closed
    assert closed.status_code == 200, closed.text
    clips, _ = submitted_need(c, as_("ent-a"),
                              text="客户说这批货表面发白起雾，是PA66做的卡扣，要做检测，工厂在常州，预算5万。")
    model = StandInChatModel(reading=lambda text: {"product": "卡扣"})
    reader = IntakeReader(llm=LLMSettings(base_url="http://127.0.0.1:9/v1", model="stand-in",
                                          structured_method="function_calling"), model=model)
    with session_scope(domain_world.settings) as session:  # need.refined (the LLM pass filled the product)
        assert refine_flow.refine_need(session=session, need_id=clips, reader=reader, outbox=OUTBOX,
                                       today=china_time.today()).filled == ["product"]
    _, unclear = submitted_need(c, as_("ent-a"), text="电池包需要做失效分析，常州，预算十万")
    corrected = c.patch(f"/api/v1/reviews/{unclear}/need", headers=as_("coord-assoc"),  # need.corrected
                        json={"product": "储能电池包"})
    assert corrected.status_code == 200 and corrected.json()["changes"], corrected.text
    version = c.get(f"/api/v1/reviews/{unclear}", headers=as_("coord-assoc")).json()["version"]
    sent_back = c.post(f"/api/v1/reviews/{unclear}/reject", headers=as_("coord-assoc"),  # need.sent_back
                       json={"reason": "need_unclear", "text": "请说明电池包的型号和失效现象", "version": version})
    assert sent_back.status_code == 200, sent_back.text
    with session_scope(domain_world.settings) as session:
        sent: dict[str, set[frozenset[str]]] = {}
        for row in session.scalars(select(WebhookDelivery)):
            sent.setdefault(row.event, set()).add(frozenset(row.payload))
    docs = documented()
    assert set(sent) == set(docs)  # every event was raised once at least
    assert {event: [set(keys) for keys in shapes] for event, shapes in sent.items()} == {
        event: [keys] for event, keys in docs.items()}
