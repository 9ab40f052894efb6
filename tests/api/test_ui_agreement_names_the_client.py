"""The signed agreement named the client by its pseudonym (a new user's trial, 2026-11-29): the provider signs a
confidential need's agreement before the need's details are open to it, so the page filled 委托方 with the review's
reference (委托方-…), and once the enterprise countersigned (its confidentiality clause opening the details) the
agreement on record still named the client so, to both parties. Who may read the enterprise's name is
``authz.policy``'s (need-to-know, seed 000 §5.2.4: the provider from the details' opening on): the agreement names
the enterprise by its name to those who may read it, saying the reference it was signed under; a reader who may not
(the provider before the countersignature) still reads the reference, and nobody else reads the engagement at all."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from accounts import service as auth
from accounts.vocab import OrgKind
from authz.vocab import Role
from core.db import session_scope
from pipeline.schemas import client_reference
from tests.api.apihelpers import PASSWORD, World, second_association
from tests.api.domainhelpers import AGREEMENT, Logins, accept_first, step, submitted_need
from tests.api.uihelpers import page_words, signed_in

NAME = "甲公司"  # ent-a's organisation


def _client_party(page: str) -> str:
    found = re.search(r'<dd id="client-party">(.*?)</dd>', page, re.S)
    assert found, page[:3000]
    return page_words(found.group(1)).strip()


def _signed_under_reference(c: TestClient, as_: Logins) -> tuple[str, str]:
    """A confidential need's agreement signed by the provider under the review's reference, as the page fills it:
    (the engagement, the reference)."""
    _, review_id = submitted_need(c, as_("ent-a"), confidential=True)
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    step(c, as_("ent-a"), eng, "reach_agreement", {})
    ref = client_reference(review_id)
    step(c, as_("coord-center"), eng, "sign_agreement", {"agreement": {**AGREEMENT, "client_party": ref}})
    return eng, ref


def test_the_countersigned_agreement_names_the_client_to_its_parties(domain_client: TestClient,
                                                                     domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng, ref = _signed_under_reference(c, as_)
    step(c, as_("ent-a"), eng, "countersign", {})  # the confidentiality clause opens the details to the provider
    for who in ("coord-center", "ent-a"):
        for lang, note in (("zh", f"协议签署时以“{ref}”指代"), ("en", f"named “Client-{ref.split('-', 1)[1]}”")):
            said = _client_party(signed_in(c, who, lang).get(f"/engagements/{eng}").text)
            assert said.startswith(NAME), (who, lang, said)
            if lang == "zh":
                assert note in said, (who, lang, said)
            else:
                assert "named" in said and ref.split("-", 1)[1] in said and "委托方" not in said, (who, lang, said)


def test_a_reader_who_may_not_know_the_client_still_reads_the_reference(domain_client: TestClient,
                                                                        domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng, ref = _signed_under_reference(c, as_)
    # signed, not countersigned: the details are not open to the provider, which reads the reference
    for lang in ("zh", "en"):
        page = signed_in(c, "coord-center", lang).get(f"/engagements/{eng}").text
        said = _client_party(page)
        assert ref.split("-", 1)[1] in said and NAME not in page, (lang, said)
    assert NAME not in c.get(f"/api/v1/engagements/{eng}", headers=as_("coord-center")).text
    # outside the engagement, nobody reads it, before or after the countersignature
    second_association(domain_world)
    with session_scope(domain_world.settings) as session:
        other = auth.create_org(session=session, kind=OrgKind.center, name="稀土中心", center_id="met-jx-rare")
        auth.create_user(session=session, org_id=other.id, username="coord-other", password=PASSWORD,
                         role=Role.center_coordinator)
    step(c, as_("ent-a"), eng, "countersign", {})
    for who in ("ent-b", "coord-assoc2", "coord-other"):
        page = signed_in(c, who, "zh").get(f"/engagements/{eng}")
        assert page.status_code == 404 and NAME not in page.text and ref not in page.text, (who, page.status_code)
        api = c.get(f"/api/v1/engagements/{eng}", headers=as_(who))
        assert api.status_code == 404 and NAME not in api.text, (who, api.status_code)
