"""The overall satisfaction ("② 总体满意度") is asked once the results are accepted, not before (a new user's trial,
2026-11-29: the stars stood on the page during delivery and acceptance, beside the complaint, which may come from
delivery on). Before acceptance the client's form is the complaint alone."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, engagement_until
from tests.api.domainhelpers import step as api_step
from tests.api.uihelpers import signed_in


def test_the_stars_are_asked_once_the_results_are_accepted(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="submit_results")
    for lang, step_words in (("zh", "总体满意度"), ("en", "Overall satisfaction")):
        page = signed_in(c, "ent-a", lang).get(f"/engagements/{eng}").text
        assert 'name="complaint"' in page  # a complaint may come now
        assert 'name="satisfaction"' not in page and step_words not in page, lang
    api_step(c, as_("ent-a"), eng, "pass_acceptance", {"reasons": ["报告完整"]})
    for lang, step_words in (("zh", "总体满意度"), ("en", "Overall satisfaction")):
        page = signed_in(c, "ent-a", lang).get(f"/engagements/{eng}").text
        assert 'name="satisfaction"' in page and step_words in page, lang
