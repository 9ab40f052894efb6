"""Need-to-know, as the enterprise decides it (issue 12 step 3; ``flows.disclosure``): it opens its need's details to
the accepted provider and closes them again; before a provider is accepted there is nobody to open them to; nobody
but the enterprise's people decides; every decision is in the audit log. The HTTP answers (status codes, the 'my
needs' page's form) are tests/api/test_api_disclosure.py's."""

from __future__ import annotations

import pytest

from authz import service as authz
from core.db import session_scope
from core.errors import ConflictError, NotFoundError, PermissionDeniedError
from flows import access, disclosure
from tests.flows.flowhelpers import Flows

SECRET = "PROJECT-OSPREY"


def _center_reads_secret(flows: Flows, need_id: str) -> bool:
    with session_scope(flows.settings) as session:
        read = access.read_need(session=session, principal=flows("coord-center"), need_id=need_id)
    shown = read.need if read.need is not None else read.center
    assert shown is not None
    return SECRET in shown.model_dump_json()


def test_the_enterprise_opens_and_closes_the_details_to_the_accepted_provider(flows: Flows) -> None:
    need_id, review_id = flows.submitted_need(confidential=True, redactions=[SECRET],
                                              text=f"{SECRET}电芯针刺后热失控，需要按GB 38031做热失控试验")
    with session_scope(flows.settings) as session, pytest.raises(ConflictError) as nobody:
        disclosure.open_details(session=session, principal=flows("ent-a"), need_id=need_id)
    assert nobody.value.code == "no_accepted_center" and nobody.value.field == "need_id"
    flows.accept(review_id, "qic-js-battery")
    assert not _center_reads_secret(flows, need_id)

    # Nobody but the enterprise's people decides; to another tenant the need does not exist. Nothing is opened.
    for who, refusal in (("coord-assoc", PermissionDeniedError), ("coord-center", PermissionDeniedError),
                         ("ent-b", NotFoundError)):
        with session_scope(flows.settings) as session, pytest.raises(refusal):
            disclosure.open_details(session=session, principal=flows(who), need_id=need_id)
    with session_scope(flows.settings) as session, pytest.raises(NotFoundError):
        disclosure.grants(session=session, principal=flows("ent-b"), need_id=need_id)
    assert not _center_reads_secret(flows, need_id)

    with session_scope(flows.settings) as session:
        opened = disclosure.open_details(session=session, principal=flows("ent-a"), need_id=need_id)
    assert opened.center_id == "qic-js-battery" and opened.basis == "enterprise" and opened.revoked_at is None
    assert _center_reads_secret(flows, need_id)
    with session_scope(flows.settings) as session:
        grants = disclosure.grants(session=session, principal=flows("ent-a"), need_id=need_id)
    assert [(g.center_id, g.revoked_at) for g in grants] == [("qic-js-battery", None)]

    with session_scope(flows.settings) as session:
        closed = disclosure.close_details(session=session, principal=flows("ent-a"), need_id=need_id)
    assert [g.center_id for g in closed] == ["qic-js-battery"]
    assert not _center_reads_secret(flows, need_id)
    with session_scope(flows.settings) as session:
        grants = disclosure.grants(session=session, principal=flows("ent-a"), need_id=need_id)
        events, _ = authz.list_audit(session=session, limit=50)
    assert [g.revoked_at is not None for g in grants] == [True]
    actions = [e.action for e in events if e.target_id == need_id]
    assert "details.opened" in actions and "details.closed" in actions


def test_the_details_are_not_opened_to_a_provider_the_enterprise_has_left(flows: Flows) -> None:
    """The enterprise's day (2026-11-28): after the enterprise withdrew from the engagement, its 'my needs' page
    still offered "向承接机构开放详细信息", and the service opened the confidential details to the provider it had
    left. Closing them stays possible."""
    need_id, review_id = flows.submitted_need(confidential=True, redactions=[SECRET],
                                              text=f"{SECRET}电芯针刺后热失控，需要按GB 38031做热失控试验")
    accepted = flows.accept(review_id, "qic-js-battery")
    assert accepted.engagement_id is not None
    flows.step(accepted.engagement_id, "ent-a", "withdraw", {"reason": "另找了离工厂更近的实验室"})
    with session_scope(flows.settings) as session, pytest.raises(ConflictError) as left:
        disclosure.open_details(session=session, principal=flows("ent-a"), need_id=need_id)
    assert left.value.field == "need_id" and "撤回" in left.value.message, left.value.message
    assert not _center_reads_secret(flows, need_id)
    with session_scope(flows.settings) as session:
        disclosure.close_details(session=session, principal=flows("ent-a"), need_id=need_id)
