"""Who reads the enterprise's name, as the chat page tells the enterprise before it submits (a new user's trial,
2026-11-30): a proposed center reads the name of a public need's enterprise as soon as the need is submitted, before
the association reviewed anything (``authz.policy.center_detail``: ``scrubbed``); of a confidential need it reads no
name, credit code or organisation id on any door — the JSON API with its login, its pages in both languages, its
inbox, the engagement and its messages — until the details are opened to it (the enterprise's countersignature of an
agreement with a confidentiality clause). The public feed and the public page never name the enterprise."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import AGREEMENT, Logins, accept_first, step, submitted_need
from tests.api.uihelpers import center_reads, signed_in

CENTER = "qic-js-battery"
NAME = "甲公司"  # tests.api.apihelpers.build_world: ent-a's organisation
CREDIT_CODE = "91350100M000100Y43"



def _named(reads: dict[str, str], who: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(door, word) for door, text in reads.items() for word in who if word in text]


def test_a_confidential_needs_enterprise_is_named_to_no_center_before_its_details_are_opened(
        domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    who = (NAME, CREDIT_CODE, domain_world.orgs["a"])
    need_id, review_id = submitted_need(c, as_("ent-a"), confidential=True)
    center = as_("coord-center")
    # the association reads who it is, the center does not
    assert c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["enterprise_name"] == NAME
    seen = center_reads(c, center, need_id, review_id)
    assert "api review" in seen and f"zh /review/{review_id}" in seen
    assert _named(seen, who) == []
    # the enterprise writes to the center in the engagement, accepted, signed, not yet countersigned: still no name
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    sent = c.post(f"/api/v1/engagements/{eng}/messages", headers=as_("ent-a"), data={"body": "请尽快安排，谢谢"})
    assert sent.status_code == 201, sent.text
    step(c, as_("ent-a"), eng, "reach_agreement", {})
    # (the parties as the center writes them: it does not know the client's name; AGREEMENT's names it)
    step(c, as_("coord-center"), eng, "sign_agreement",
         {"agreement": {**AGREEMENT, "scope": "电池安全检测", "client_party": "委托方"}})
    seen = center_reads(c, center, need_id, review_id, eng)
    assert "api messages" in seen and f"zh /engagements/{eng}" in seen
    # (the engagement's history named the enterprise's organisation as the actor of its steps: "enterprise:<id>")
    assert _named(seen, who) == []
    # countersigned with its confidentiality clause: the details open, and who the client is with them
    step(c, as_("ent-a"), eng, "countersign", {})
    assert NAME in center_reads(c, center, need_id, review_id, eng)["api review"]


def test_a_public_needs_enterprise_is_named_to_a_proposed_center_on_submission_and_never_in_public(
        domain_client: TestClient, domain_world: World) -> None:
    """What the chat page tells the enterprise before it submits a public need is what happens: the proposed
    center reads its name at once, while the association's review is still pending; the feed and the public page
    do not name it."""
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"), confidential=False)
    assert c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["status"] == "pending"
    seen = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-center")).json()
    assert seen["enterprise_name"] == NAME
    assert NAME in signed_in(c, "coord-center", "zh").get(f"/review/{review_id}").text
    public = {"feed": c.get("/api/v1/feed/needs", headers={"Authorization": f"Bearer {domain_world.keys['site']}"}),
              "page zh": c.get(f"/needs/{need_id}"), "page en": c.get(f"/needs/{need_id}?lang=en")}
    assert all(r.status_code == 200 for r in public.values()), {k: r.status_code for k, r in public.items()}
    assert need_id in public["feed"].text
    assert _named({k: r.text for k, r in public.items()}, (NAME, CREDIT_CODE)) == []


def test_an_anonymous_needs_enterprise_is_named_to_a_proposed_center_but_not_in_its_text_nor_in_public(
        domain_client: TestClient, domain_world: World) -> None:
    """What the preview says of a need whose enterprise asked not to be named ("可以公开，但别写我们公司名",
    ``Need.anonymous``): nothing published names it, nor does the need's text a center reads; the proposal's header
    (the review's client) still does, to the proposed center, before the association's review."""
    c, as_ = domain_client, Logins(domain_client)
    text = f"我们{NAME}是常州的动力电池生产企业，电芯要做针刺试验，需要CMA报告。可以公开，但别写我们公司名。"
    need_id, review_id = submitted_need(c, as_("ent-a"), text=text)
    assert c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).json()["anonymous"] is True
    seen = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-center")).json()
    assert seen["enterprise_name"] == NAME
    need = c.get(f"/api/v1/needs/{need_id}", headers=as_("coord-center")).json()
    assert NAME not in (need.get("text") or "") and not need.get("enterprise_name"), need
    assert NAME not in c.get(f"/needs/{need_id}").text
