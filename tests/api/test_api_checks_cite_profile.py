"""Each check cites the clause of the rules profile the provider is under (a new user's trial, 2026-11-29): a
Shanghai center's staffing check cited seed 000 §4.2.2 (Jiangsu's standard), and a yearly plan set by hand cited
seed 001 §5.2.4 whatever the provider's rules. Where the provider's own seed has no such clause, the citation says
the rule is the platform's own reading (never a clause number the seed does not have)."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from api.pages.ui_providers import _cite_text
from core import china_time
from core.bilingual import CJK
from core.db import session_scope
from flows import catalog
from flows import providers as flow
from providers import profiles
from providers import service as providers
from providers.obligations import SETTABLE, set_by_hand_clause
from tests.api.apihelpers import World
from tests.api.domainhelpers import under_shanghai_rules
from tests.api.formhelpers import form_error
from tests.api.uihelpers import form_login

CENTER = "qic-js-battery"  # a Jiangsu quality inspection center: Jiangsu's rules (seed 000) by default
SHANGHAI = "《关于促进上海市产品质量检验检测中心建设的指导意见》"
JIANGSU = "《省级产品质量检验中心技术创新服务规范》"


def _staffing(world: World) -> str:
    with session_scope(world.settings) as session:
        checks = catalog.compliance(session=session, center_id=CENTER)
    return next(c.clause for c in checks if c.rule == "center_staffing")


def _plan_clause(world: World, center_id: str = CENTER) -> str:
    with session_scope(world.settings) as session:
        return providers.described_obligation(session=session, center_id=center_id, kind="annual_plan",
                                              period="2026")[1]


def test_the_staffing_check_cites_the_providers_own_rules(client: TestClient, world: World) -> None:
    with session_scope(world.settings) as session:
        flow.sync(session=session)
    assert _staffing(world) == "seed 000 §4.2.2(2)"  # Jiangsu's own clause, as it is
    under_shanghai_rules(world.settings)
    # seed 002 asks for a 人才技术团队 (二(一)) with no share: the 40 % / 20 % are the platform's reading
    cited = _staffing(world)
    assert cited.startswith("seed 002 二(一)") and "our reading" in cited, cited
    api = client.get(f"/api/v1/centers/{CENTER}").json()["compliance"]
    assert next(c["clause"] for c in api if c["rule"] == "center_staffing") == cited
    zh = client.get(f"/centers/{CENTER}?lang=zh").text.split('data-rule="center_staffing"', 1)[1].split("</tr>")[0]
    assert SHANGHAI in zh and "本项目的解读" in zh and "seed" not in zh, zh
    en = client.get(f"/centers/{CENTER}?lang=en").text.split('data-rule="center_staffing"', 1)[1].split("</tr>")[0]
    assert "Shanghai" in en and "(our reading)" in en and "本项目" not in en, en


def test_a_yearly_plan_set_by_hand_cites_the_providers_own_rules(client: TestClient, world: World) -> None:
    with session_scope(world.settings) as session:
        flow.sync(session=session)
    # seed 000 (Jiangsu) asks for no yearly plan: said so, the plan set by the association as our reading
    jiangsu = _plan_clause(world)
    assert jiangsu.startswith("seed 000 ") and "our reading" in jiangsu and len(jiangsu) <= 200, jiangsu
    # a platform under the general rules is evaluated by seed 001 itself: §5.2.4 as before
    assert _plan_clause(world, "plat-gd-battery").startswith("seed 001 §5.2.4")
    under_shanghai_rules(world.settings)
    shanghai = _plan_clause(world)
    assert shanghai.startswith("seed 002 ") and "our reading" in shanghai and len(shanghai) <= 200, shanghai
    ui = TestClient(client.app)
    assert form_login(ui, "coord-assoc").status_code == 303
    today = china_time.today()
    set_ = ui.post(f"/providers/{CENTER}/obligations",
                   data={"kind": "annual_plan", "period": str(today.year),
                         "due_on": (today + timedelta(days=30)).isoformat()}, follow_redirects=False)
    assert set_.status_code == 303 and not form_error(set_), form_error(set_)
    for lang, title, reading, other in (("zh", SHANGHAI, "本项目的解读", "our reading"),
                                        ("en", "Shanghai", "(our reading)", "本项目")):
        row = ui.get(f"/providers/{CENTER}?lang={lang}").text.split('data-kind="annual_plan"', 1)[1]
        cell = row.split("</tr>", 1)[0].rsplit("<td", 1)[1]
        assert title in cell and reading in cell and other not in cell and "seed 0" not in cell, (lang, cell)
    assert JIANGSU not in cell


def test_every_profiles_plan_and_report_set_by_hand_cite_in_each_language() -> None:
    """Under every profile the clause fits the obligation's clause column (200) and the page cites it wholly in its
    language (``ui_providers._cite_text``, d9e98e3)."""
    for profile in profiles.profiles().values():
        for kind in SETTABLE:
            clause = set_by_hand_clause(profile, kind)
            assert len(clause) <= 200, (profile.id, kind, len(clause))
            en, zh = _cite_text(clause, "en"), _cite_text(clause, "zh")
            assert not CJK.search(en) and "seed 0" not in en and en.endswith("(our reading)"), (profile.id, en)
            assert "本项目的解读" in zh and "our reading" not in zh and "seed 0" not in zh, (profile.id, zh)
            if profile.seed not in (None, "001"):  # its own seed first, saying it names no such filing
                assert clause.startswith(f"seed {profile.seed} ") and "seed 001 §5.2.4" in clause, clause
