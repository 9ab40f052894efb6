"""A failing staffing check that is this platform's reading of the provider's rules (f095eee: a Shanghai center's
staffing figures, which seed 002 does not set) was flagged on the review page with " (our reading)" inside its
Chinese half, and its English half named no clause at all: the flag now says each half wholly in its language,
本项目的解读 in Chinese, our reading in English (``flows.matching.compliance_flags``)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from core import china_time
from core.db import session_scope
from flows import matching
from flows import providers as providers_flow
from flows.events import MemoryOutbox
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, submitted_need, under_shanghai_rules
from tests.api.uihelpers import page_words, signed_in
from tests.kb.kbhelpers import CENTER, do_import, write_jsonl
from tests.providers.providerhelpers import ASSOC

# 10 innovation staff of 100, none advanced: short of the 40 % and 20 % the platform reads for Shanghai's rules
SHORT_STAFFED = {**CENTER, "staff_total": 100, "staff_innovation": 10, "staff_innovation_advanced": 0}


def _card(page: str, center_id: str) -> str:
    found = re.search(rf'<li class="proposal card[^"]*" data-center="{re.escape(center_id)}"[^>]*>(.*?)</li>'
                      r'\s*(?:<li class="proposal|</ol>)', page, re.S)
    assert found, center_id
    return page_words(found.group(1))


def test_a_flag_read_by_the_platform_says_so_in_each_pages_language(domain_client: TestClient,
                                                                   domain_world: World, tmp_path: Path) -> None:
    assert do_import(domain_world.settings, write_jsonl(tmp_path / "short.jsonl", [SHORT_STAFFED])).ok
    under_shanghai_rules(domain_world.settings)
    with session_scope(domain_world.settings) as session:
        flag = next(f for f in matching.compliance_flags(session=session, today=china_time.today())
                    [CENTER["id"]] if f.code == "center_staffing")
    zh_half, en_half = flag.text.split(" / ", 1)
    assert "本项目的解读" in zh_half and "our reading" not in zh_half, flag.text
    assert "(our reading)" in en_half and "本项目" not in en_half and "seed 002" in en_half, flag.text
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    zh = _card(signed_in(c, "coord-assoc", "zh").get(f"/review/{review_id}").text, CENTER["id"])
    assert "本项目的解读" in zh and "our reading" not in zh, zh
    en = _card(signed_in(c, "coord-assoc", "en").get(f"/review/{review_id}").text, CENTER["id"])
    assert "our reading" in en and "本项目的解读" not in en, en


def test_a_flag_cites_the_rules_the_provider_is_under_once_they_change(domain_world: World, tmp_path: Path) -> None:
    """The flags are kept by kb version (flows.matching.compliance_flags); the association's change of a provider's
    rules profile did not bump it, so a match after the change still cited the rules it was under before."""
    assert do_import(domain_world.settings, write_jsonl(tmp_path / "short.jsonl", [SHORT_STAFFED])).ok

    def staffing() -> str:
        with session_scope(domain_world.settings) as session:
            return next(f for f in matching.compliance_flags(session=session, today=china_time.today())
                        [CENTER["id"]] if f.code == "center_staffing").text

    with session_scope(domain_world.settings) as session:
        providers_flow.sync(session=session)
        version = providers_flow.provider(session=session, principal=ASSOC, center_id=CENTER["id"],
                                          today=china_time.today())[1].version
    before = staffing()  # under Jiangsu's rules, the Jiangsu center's default: kept for the kb version
    assert "本项目的解读" not in before, before
    with session_scope(domain_world.settings) as session:
        providers_flow.change_profile(session=session, principal=ASSOC, center_id=CENTER["id"],
                                      profile="shanghai_qic", reason="迁址上海", version=version,
                                      today=china_time.today(), outbox=MemoryOutbox())
    after = staffing()
    assert after != before and "本项目的解读" in after, after
