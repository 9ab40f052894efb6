"""``innodock need``, ``review`` and ``engagement`` take the same flows as the JSON API and the pages (issue 12:
CLI commands call only flows): a need submitted at the terminal is published, matched and queued; an accept marks
it matched and announces ``match.accepted``; a step moves the need and announces ``engagement.state_changed``.

Before, ``innodock review accept`` and ``engagement advance`` called the pipeline alone: the need stayed "in review"
and nobody heard of either.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from accounts import service as auth
from accounts.vocab import OrgKind
from core.cli import app
from core.db import session_scope
from core.settings import Settings
from matcher import service as matcher
from outbox import service as webhooks
from outbox.models import WebhookDelivery
from outbox.vocab import DomainEvent
from pipeline.diagram import mermaid
from tests.matcher.matcher_helpers import NgramEmbedder
from tests.pipeline.pipeline_helpers import AGREEMENT, CENTER_ID, ENTERPRISE_ID, HAND_CENTER_ID, seed_kb

ASSOC = "association_coordinator:li"
CENTER = f"center_coordinator:zhang@{CENTER_ID}"
CLIENT = f"enterprise:{ENTERPRISE_ID}"
NEED_TEXT = "我们是常州的储能企业，电池簇需要做动力电池热失控试验和热扩散分析，希望三个月内完成"


@pytest.fixture
def terminal(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The service's database and data folder in the environment, as ``innodock`` reads them; a tiny embedder in
    place of e5; an association subscribed to every event."""
    seed_kb(settings)
    monkeypatch.setenv("INNODOCK_HOME", str(settings.home))
    if settings.database_url:
        monkeypatch.setenv("INNODOCK_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("INNODOCK_DATABASE_URL", raising=False)
    embedder = NgramEmbedder()
    monkeypatch.setattr(matcher, "load_embedder", lambda spec, home, **_: embedder)
    with session_scope(settings) as session:
        org = auth.create_org(session=session, kind=OrgKind.association, name="示例质量发展协会")
        webhooks.create_subscription(session=session, org_id=org.id, url="http://127.0.0.1:9/hook",
                                     events=list(DomainEvent), allow_private=True)
    yield settings
    matcher.reset()


def ok(*args: str) -> str:
    answer = CliRunner().invoke(app, list(args))
    assert answer.exit_code == 0, answer.output
    return answer.stdout


def refused(*args: str) -> str:
    answer = CliRunner().invoke(app, list(args))
    assert answer.exit_code != 0
    assert answer.exception is not None
    return str(getattr(answer.exception, "field", "") or "")


def events(settings: Settings) -> list[tuple[str, dict[str, Any]]]:
    with session_scope(settings) as session:
        rows = session.query(WebhookDelivery).order_by(WebhookDelivery.created_at).all()
        return [(r.event, dict(r.payload)) for r in rows]


def test_a_need_from_the_terminal_to_a_signed_agreement(terminal: Settings) -> None:
    need_id = json.loads(ok("need", "create", NEED_TEXT, "--as", CLIENT, "--json"))["id"]
    submitted = json.loads(ok("need", "submit", need_id, "--as", CLIENT, "--json"))
    assert submitted["status"] == "in_review" and submitted["proposals"]
    [review] = json.loads(ok("review", "list", "--as", ASSOC, "--json"))
    assert (review["id"], review["need_id"], review["status"]) == (submitted["review_id"], need_id, "pending")
    assert [e for e, _ in events(terminal)][:1] == ["need.published"]
    assert {e for e, _ in events(terminal)} == {"need.published", "review.proposed"}

    # Refusals are one-line errors naming the field, and change nothing.
    assert refused("review", "reject", review["id"], "--as", ASSOC, "--reason", "other", "--version", "1") == "text"
    assert refused("review", "accept", review["id"], CENTER_ID, "--as", CLIENT, "--version", "1") == "role"
    # The center the matcher missed is assigned by hand, with the reason; a stale version is refused.
    assert refused("review", "assign", review["id"], HAND_CENTER_ID, "--as", ASSOC, "--version", "9",
                   "--note", "企业点名") == "version"
    # Nobody can log in for the center here (no account in this database): assigning it asks, as accepting does.
    assert refused("review", "assign", review["id"], CENTER_ID, "--as", ASSOC, "--version", str(review["version"]),
                   "--note", "企业指定该中心") == "confirm_no_coordinator"
    assigned = json.loads(ok("review", "assign", review["id"], CENTER_ID, "--as", ASSOC, "--version",
                             str(review["version"]), "--note", "企业指定该中心", "--confirm-no-coordinator",
                             "--json"))
    eng = assigned["engagement_id"]
    history = [h["transition"] for h in json.loads(ok("need", "history", need_id, "--as", CLIENT))]
    # Created complete, the need was confirmed (draft → ready); the CLI's accept moves the need, as the API's does.
    assert history == ["confirm", "publish", "queue", "match"]
    accepted = [p for e, p in events(terminal) if e == "match.accepted"]
    assert [(p["need_id"], p["center_id"], p["assigned_by_hand"]) for p in accepted] == [(need_id, CENTER_ID, True)]

    line = refused("engagement", "advance", eng, "approve_plan", "--version", "1", "--as", "admin:root")
    assert line == "transition"
    moved = json.loads(ok("engagement", "advance", eng, "reach_agreement", "--version", "1", "--as", CLIENT,
                          "--json"))
    assert (moved["state"], moved["version"]) == ("agreed", 2)
    assert refused("engagement", "advance", eng, "withdraw", "--version", "1", "--as", CLIENT,
                   "--payload", '{"reason": "x"}') == "version"
    assert refused("engagement", "advance", eng, "sign_agreement", "--version", "2", "--as", CENTER,
                   "--payload", "{not json") == "payload"
    ok("engagement", "advance", eng, "sign_agreement", "--version", "2", "--as", CENTER,
       "--payload", json.dumps({"agreement": AGREEMENT}, ensure_ascii=False))
    # Signed by both parties: the provider cannot countersign its own draft; the client does.
    assert refused("engagement", "advance", eng, "countersign", "--version", "3", "--as", CENTER) == "actor"
    ok("engagement", "advance", eng, "countersign", "--version", "3", "--as", CLIENT)

    detail = json.loads(ok("engagement", "show", eng, "--as", CLIENT, "--json"))
    assert (detail["state"], detail["version"], detail["deadline"]) == ("contracted", 4, "2099-12-31")
    assert [e["transition"] for e in detail["events"]] == ["open", "reach_agreement", "sign_agreement",
                                                           "countersign"]
    assert refused("engagement", "show", eng, "--as", "enterprise:someone-else") == "engagement_id"
    assert [e["id"] for e in json.loads(ok("engagement", "list", "--as", CENTER, "--json"))] == [eng]
    assert json.loads(ok("engagement", "verify", eng))["ok"] is True
    assert ok("engagement", "diagram") == mermaid()
    assert refused("engagement", "list", "--as", "nobody") == "as"
    # The countersigned agreement started the service, and every step was announced.
    assert [h["transition"] for h in json.loads(ok("need", "history", need_id, "--as", CLIENT))][-1] == "start"
    steps = [(p["transition"], p["state"]) for e, p in events(terminal) if e == "engagement.state_changed"]
    assert steps == [("reach_agreement", "agreed"), ("sign_agreement", "awaiting_countersignature"),
                     ("countersign", "contracted")]


def test_the_survey_a_complaint_and_its_handling_at_the_terminal(terminal: Settings) -> None:
    need_id = json.loads(ok("need", "create", NEED_TEXT, "--as", CLIENT, "--json"))["id"]
    review_id = json.loads(ok("need", "submit", need_id, "--as", CLIENT, "--json"))["review_id"]
    review = json.loads(ok("review", "show", review_id, "--as", ASSOC))
    eng = json.loads(ok("review", "assign", review_id, CENTER_ID, "--as", ASSOC, "--version",
                        str(review["version"]), "--note", "企业指定", "--confirm-no-coordinator",
                        "--json"))["engagement_id"]
    ok("engagement", "advance", eng, "terminate", "--version", "1", "--as", ASSOC, "--payload",
       '{"reason": "企业改变计划"}')
    filed = json.loads(ok("engagement", "feedback", eng, "--as", CLIENT, "--satisfaction", "2", "--complaint",
                          "报告延期两周", "--json"))
    assert refused("engagement", "feedback", eng, "--as", "enterprise:ent-other", "--complaint", "冒名") == \
        "engagement_id"
    # The questionnaire waits for accepted results (this one was terminated), and an answer is ITEM=1..5.
    assert refused("engagement", "feedback", eng, "--as", CLIENT, "--answer", "support_rating=5") == "answers"
    assert refused("engagement", "feedback", eng, "--as", CLIENT, "--answer", "support_rating") == "answer"
    assert refused("engagement", "feedback", eng, "--as", CLIENT, "--answer", "no_item=5") == "answers.no_item"
    handled = json.loads(ok("engagement", "handle", eng, str(filed["id"]), "--as", CENTER, "--handling",
                            "已致电说明原因", "--json"))
    assert (handled["satisfaction"], handled["complaint"], handled["handling"], handled["resolved"]) == (
        2, "报告延期两周", "已致电说明原因", True)
    assert "complaint.filed" in {e for e, _ in events(terminal)}
    # The client answers the handling at the terminal too (issue 30, item 5): reopened with a reason, handled
    # again, confirmed; the association may not close it before the confirmation period, nor once it is closed.
    fid = str(filed["id"])
    assert refused("engagement", "reopen-complaint", eng, fid, "--as", CLIENT, "--reason", "") == "reason"
    reopened = json.loads(ok("engagement", "reopen-complaint", eng, fid, "--as", CLIENT, "--reason",
                             "未说明何时补寄", "--json"))
    assert reopened["complaint_state"] == "open"
    assert refused("engagement", "confirm-complaint", eng, fid, "--as", CLIENT) == "complaint_state"
    ok("engagement", "handle", eng, fid, "--as", CENTER, "--handling", "已补寄并承诺下周前送达")
    assert refused("engagement", "close-complaint", eng, fid, "--as", ASSOC) == "complaint_state"
    assert refused("engagement", "confirm-complaint", eng, fid, "--as", CENTER) != ""
    closed = json.loads(ok("engagement", "confirm-complaint", eng, fid, "--as", CLIENT, "--note", "已收到",
                           "--json"))
    assert (closed["complaint_state"], closed["closed_how"]) == ("closed", "confirm")
    assert {"complaint.reopened", "complaint.closed"} <= {e for e, _ in events(terminal)}
    # Withdrawing a need taken by no provider: the review is closed with the reason.
    other = json.loads(ok("need", "create", NEED_TEXT, "--as", CLIENT, "--json"))["id"]
    ok("need", "submit", other, "--as", CLIENT)
    ok("need", "withdraw", other, "--as", CLIENT)
    assert [h["transition"] for h in json.loads(ok("need", "history", other, "--as", CLIENT))][-1] == "withdraw"
    assert refused("need", "withdraw", other, "--as", CLIENT) == "status"


def test_an_agreement_due_after_the_need_is_said_at_the_terminal(terminal: Settings) -> None:
    """The need asks for three months; the agreement is signed for 2099-12-31: signing says so (not refused), and so
    does ``engagement show`` and its JSON (flows.engagements.due_after_need, on the page alone before)."""
    need_id = json.loads(ok("need", "create", NEED_TEXT, "--as", CLIENT, "--json"))["id"]
    review_id = json.loads(ok("need", "submit", need_id, "--as", CLIENT, "--json"))["review_id"]
    review = json.loads(ok("review", "show", review_id, "--as", ASSOC))
    eng = json.loads(ok("review", "assign", review_id, CENTER_ID, "--as", ASSOC, "--version",
                        str(review["version"]), "--note", "企业指定", "--confirm-no-coordinator",
                        "--json"))["engagement_id"]
    ok("engagement", "advance", eng, "reach_agreement", "--version", "1", "--as", CLIENT)
    signed = CliRunner().invoke(app, ["engagement", "advance", eng, "sign_agreement", "--version", "2", "--as",
                                      CENTER, "--payload", json.dumps({"agreement": AGREEMENT}, ensure_ascii=False)])
    assert signed.exit_code == 0, signed.output
    assert "协议完成期限 2099-12-31 晚于需求期望期限" in signed.stderr, signed.stderr
    shown = json.loads(ok("engagement", "show", eng, "--as", CLIENT, "--json"))
    assert shown["due_after_need"]["agreed"] == "2099-12-31" and shown["due_after_need"]["need"] < "2099-12-31"
    assert "later than the deadline the need asked for" in shown["due_after_need"]["message"]
    assert "晚于需求期望期限" in ok("engagement", "show", eng, "--as", CENTER)


def test_accepting_at_the_terminal_takes_the_reason_the_enterprise_reads(terminal: Settings) -> None:
    """``innodock review accept --reason``: the association's words for the enterprise (a new user's trial,
    2026-11-30), refused naming ``reason`` when too long, with nothing accepted."""
    need_id = json.loads(ok("need", "create", NEED_TEXT, "--as", CLIENT, "--json"))["id"]
    review_id = json.loads(ok("need", "submit", need_id, "--as", CLIENT, "--json"))["review_id"]
    review = json.loads(ok("review", "show", review_id, "--as", ASSOC))
    center = review["proposals"][0]["center_id"]
    base = ("review", "accept", review_id, center, "--as", ASSOC, "--version", str(review["version"]),
            "--confirm-no-coordinator")
    assert refused(*base, "--reason", "长" * 2001) == "reason"
    assert json.loads(ok("review", "show", review_id, "--as", ASSOC))["status"] == "pending"
    done = json.loads(ok(*base, "--reason", "该中心离贵司最近", "--json"))
    assert (done["status"], done["accept_reason"]) == ("accepted", "该中心离贵司最近")
