"""A rating tells the center (a new user's trial in real Chromium, 2026-11-29: the enterprise rated the engagement
after acceptance and the center's coordinator learned nothing). The one home is the rating flow
(``flows.engagements.file_feedback``), which the API and the page both call; the notice links to the engagement's
feedback, and a re-rating brings the one notice (``rated:{engagement}``) back up, unread, instead of piling up."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, engagement_until
from tests.api.uihelpers import page_words, signed_in


def _rated(c: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    answer = c.get("/api/v1/inbox", headers=headers)
    assert answer.status_code == 200, answer.text
    return [n for n in answer.json()["items"] if n["kind"] == "rated"]


def test_the_stars_given_on_the_page_tell_the_center_once_per_engagement(domain_client: TestClient,
                                                                        domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_)  # the results accepted: the stars are asked
    ent = signed_in(c, "ent-a", "zh")
    posted = ent.post(f"/engagements/{eng}/feedback", data={"satisfaction": "4"}, follow_redirects=False)
    assert posted.status_code == 303, posted.text
    told = _rated(c, as_("coord-center"))
    assert len(told) == 1, told
    assert "满意度 4 星" in told[0]["title_zh"] and "satisfaction 4 of 5" in told[0]["title_en"], told[0]
    # the center's inbox page says it in each language, and opening it leads to the engagement's feedback
    center = signed_in(c, "coord-center", "zh")
    for lang, words in (("zh", "满意度 4 星"), ("en", "satisfaction 4 of 5")):
        center.cookies.set("lang", lang)
        assert words in page_words(center.get("/inbox").text), lang
    opened = center.post(f"/inbox/{told[0]['id']}/open", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == f"/engagements/{eng}#feedback", opened.headers
    # rated again: the same one notice, new again, saying the new stars
    again = ent.post(f"/engagements/{eng}/feedback", data={"satisfaction": "2"}, follow_redirects=False)
    assert again.status_code == 303, again.text
    told = _rated(c, as_("coord-center"))
    assert len(told) == 1, told
    assert "满意度 2 星" in told[0]["title_zh"] and not told[0].get("read"), told[0]
    # the client's own act is no news to it
    assert not _rated(c, as_("ent-a"))


def test_the_questionnaire_alone_tells_the_center_too(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_)
    ent = signed_in(c, "ent-a", "en")
    items = c.get("/api/v1/questionnaire", headers=as_("ent-a"))
    assert items.status_code == 200, items.text
    answers = {f"q_{q['item_id']}": "4" for q in items.json()}
    posted = ent.post(f"/engagements/{eng}/questionnaire", data=answers, follow_redirects=False)
    assert posted.status_code == 303, posted.text
    told = _rated(c, as_("coord-center"))
    assert len(told) == 1 and "服务质量问卷" in told[0]["title_zh"], told
    assert "questionnaire" in told[0]["title_en"], told[0]
