"""'My needs' told the enterprise of an accepted public need "承接机构目前只见脱敏摘要（您会签含保密条款的协议后自动
开放）" / "The provider sees the redacted summary…" (a new user's trial, 2026-11-29): false, as the provider of a public
need reads its text already (``intake.publish.center_view``), without the strings the enterprise marked and its
contact. The sentence beside 向承接机构开放详细信息 says so for a public need, and the redacted summary for a
confidential one only."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, accept_first, submitted_need
from tests.api.uihelpers import page_words, signed_in

SUMMARY_ONLY = {"zh": "脱敏摘要", "en": "redacted summary"}
TEXT_READ = {"zh": "承接机构已可查看需求全文（您标为不公开的内容和联系方式除外）",
             "en": "The provider already reads the need's text (except what you marked as private and your contact)"}


def _said(page: str, need_id: str) -> str:
    form = re.search(rf'action="/needs/{need_id}/details/open"[^>]*>(.*?)</form>', page, re.S)
    assert form, page[:3000]
    return page_words(form.group(1))


def test_the_details_sentence_is_true_for_a_public_and_a_confidential_need(domain_client: TestClient,
                                                                          domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    public, public_review = submitted_need(c, as_("ent-a"))
    secret, secret_review = submitted_need(c, as_("ent-a"), confidential=True)
    for review in (public_review, secret_review):
        accept_first(c, as_("coord-assoc"), review)
    for lang in ("zh", "en"):
        page = signed_in(c, "ent-a", lang).get("/needs").text
        of_public, of_secret = _said(page, public), _said(page, secret)
        assert SUMMARY_ONLY[lang] not in of_public and TEXT_READ[lang] in of_public, (lang, of_public)
        assert SUMMARY_ONLY[lang] in of_secret, (lang, of_secret)
