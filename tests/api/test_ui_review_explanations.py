"""The review page's explanation of a proposal after the provider's standing changed (a new user's trial in real
Chromium, 2026-11-29): each rule line says its effect, and the figures the match used are said as the match's, with
the current rating beside them."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from core import china_time
from core.db import session_scope
from evaluation.models import EvaluationRun
from flows import providers as flows_providers
from providers.models import ProviderLifecycle
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, submitted_need
from tests.api.uihelpers import page_words, signed_in

CENTER = "qic-js-battery"


def _section(page: str, css: str) -> list[str]:
    """The lines of one list of the center's card ("evidence rules", "evidence effects")."""
    card = re.search(rf'<li class="proposal card[^"]*" data-center="{CENTER}"[^>]*>(.*?)</li>\s*(?:<li class="proposal'
                     r'|</ol>)', page, re.S)
    assert card, CENTER
    found = re.search(rf'<ul class="{css}">(.*?)</ul>', card.group(1), re.S)
    return [page_words(li).strip() for li in re.findall(r"<li[^>]*>(.*?)</li>", found.group(1), re.S)] if found else []


def _rate(world: World, stars: int, total: float) -> None:
    with session_scope(world.settings) as session:
        session.add(EvaluationRun(center_id=CENTER, period="2026", hierarchy_id="seed001", hierarchy_sha256="0" * 64,
                                  complete=True, total=total, stars=stars, tier=None, party="second",
                                  evaluator_name="质量协会", inputs={}, result={}))


def test_the_explanation_says_each_rules_effect_and_the_rating_the_match_used(domain_client: TestClient,
                                                                             domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    with session_scope(domain_world.settings) as session:  # under 限期整改, rated one star, before the match
        lifecycle = session.get(ProviderLifecycle, CENTER)
        if lifecycle is None:
            flows_providers.sync(session=session)
            lifecycle = session.get(ProviderLifecycle, CENTER)
        assert lifecycle is not None
        lifecycle.state = "rectifying"
        lifecycle.rectification_deadline = china_time.today() + timedelta(days=40)
    _rate(domain_world, 1, 41.5)
    _, review_id = submitted_need(c, as_("ent-a"))
    page = signed_in(c, "coord-assoc", "zh").get(f"/review/{review_id}").text
    rules = _section(page, "evidence rules")
    flagged = [r for r in rules if r.startswith("限期整改")]
    assert flagged and re.search(r"（匹配时）：排序(扣 \d+ 分|略降)", flagged[0]), rules
    assert all("硬性条件" in r or "匹配时" in r for r in rules), rules
    assert any(e.startswith("匹配时服务质量评价 1 星") and "现为" not in e for e in _section(page, "evidence effects"))
    _rate(domain_world, 2, 55.0)  # rated again after the match
    for lang, said in (("zh", "匹配时服务质量评价 1 星（满 5 星），现为 2 星"),
                       ("en", "quality rating at the match: 1 of 5 stars; now 2 stars")):
        page = signed_in(c, "coord-assoc", lang).get(f"/review/{review_id}").text
        assert any(e.startswith(said) for e in _section(page, "evidence effects")), (lang, _section(page, "evidence "
                                                                                                        "effects"))
        standing = re.search(r'<p class="standing[^"]*"[^>]*>(.*?)</p>', page, re.S)
        assert standing and "2" in page_words(standing.group(1))
