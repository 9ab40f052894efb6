"""The providers' list page as a console (issue 30, item 7): columns named for institutions, the filters in the
address and kept in the form, a hand-edited value answered 400 with the page and the reason, both languages."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from core.settings import Settings
from flows import providers as providers_flow
from tests.api.apihelpers import World
from tests.api.uihelpers import form_login
from tests.kb.kbhelpers import do_import, write_jsonl


def test_the_providers_list_filters_in_the_address(client: TestClient, world: World) -> None:
    ui = TestClient(client.app)
    assert form_login(ui, "coord-assoc").status_code == 303
    page = ui.get("/providers")
    assert page.status_code == 200
    assert "机构名称" in page.text and "所在地区" in page.text and "姓名" not in page.text
    everyone = page.text.count('<tr class="provider"')
    assert everyone >= 2 and f"共 {everyone} 家机构" in page.text
    kept = ui.get("/providers?kind=metrology_center&q=稀土")
    assert kept.text.count('<tr class="provider"') == 1 and 'data-center="met-jx-rare"' in kept.text
    assert '<option value="metrology_center" selected>' in kept.text and 'value="稀土"' in kept.text
    bad = ui.get("/providers?state=flying")
    assert bad.status_code == 400 and "未知的生命周期阶段" in bad.text and "unknown" not in bad.text
    assert bad.text.count('<tr class="provider"') == everyone  # the page with no filter, saying what was wrong
    english = ui.get("/providers?lang=en&region=江西省")
    assert "Institution" in english.text and english.text.count('<tr class="provider"') == 1

    center = TestClient(client.app)
    assert form_login(center, "coord-center").status_code == 303
    own = center.get("/providers")
    assert own.text.count('<tr class="provider"') == 1 and 'id="dashboard-link"' not in own.text


def test_the_english_list_names_stages_and_counts_in_english(client: TestClient, world: World) -> None:
    """The admin's day walked as a new user (2026-11-28): the English filters read "suspended (our reading)（3）" —
    the docs' note in a stage's name, and Chinese brackets around every count."""
    ui = TestClient(client.app)
    assert form_login(ui, "coord-assoc").status_code == 303
    english = ui.get("/providers?lang=en").text
    options = re.findall(r"<option value=\"[^\"]+\"[^>]*>([^<]+)</option>", english)
    assert any(re.fullmatch(r"operating \(\d+\)", o) for o in options), options
    assert not any("（" in o or "our reading" in o for o in options), options
    assert providers_flow.state_labels("en")["suspended"] == "suspended"
    assert providers_flow.state_labels("zh")["suspended"] == "暂停"
    chinese = ui.get("/providers?lang=zh").text
    assert re.search(r">运行（\d+）</option>", chinese)


def test_a_provider_without_its_provinces_rules_says_which_rules_apply(client: TestClient, world: World,
                                                                       settings: Settings, tmp_path: Path) -> None:
    """A Fujian center is under no province's rules (no profile names Fujian): it carries the general rules, named as
    such, and its page says why and that the association may change them; one whose region is not on record asks the
    association to add it; a Jiangsu center under Jiangsu's rules says nothing of the kind. It carried Shanghai's
    rules as its kind's default anywhere (a new user's trial, 2026-11-29: a Zhejiang center graded by seed 002)."""
    records = [{"type": "center", "id": "qic-fj-pack", "name": "福建省包装材料产品质量检验中心",
                "kind": "quality_inspection_center", "region": "福建省福州市", "industries": ["包装"]},
               {"type": "center", "id": "qic-nowhere", "name": "某产品质量检验中心",
                "kind": "quality_inspection_center", "industries": ["包装"]}]
    assert do_import(settings, write_jsonl(tmp_path / "fj.jsonl", records)).ok
    ui = TestClient(client.app)
    assert form_login(ui, "coord-assoc").status_code == 303
    fujian = ui.get("/providers/qic-fj-pack?lang=zh")
    assert fujian.status_code == 200
    assert 'data-profile="default"' in fujian.text and "通用规则（本项目的解读）" in fujian.text
    note = re.search(r'<p class="profile-note small">(.*?)</p>', fujian.text, re.S)
    assert note and "福建省福州市" in note.group(1) and "尚无" in note.group(1) and "协会可变更" in note.group(1)
    assert "上海" not in note.group(1)
    english = ui.get("/providers/qic-fj-pack?lang=en").text
    note = re.search(r'<p class="profile-note small">(.*?)</p>', english, re.S)
    assert note and "no rules of its own" in note.group(1) and "Shanghai" not in note.group(1)
    nowhere = ui.get("/providers/qic-nowhere?lang=zh").text
    assert 'data-profile="default"' in nowhere and "未登记所在地区" in nowhere
    jiangsu = ui.get("/providers/qic-js-battery?lang=zh").text
    assert 'class="profile-note' not in jiangsu and 'data-profile="jiangsu_qic"' in jiangsu
