"""The rules at application (issue 29, item 6) in their one place, and the default profile following the province
(issue 29, item 2's left-over): a Jiangsu quality inspection center gets jiangsu_qic, by application and by import."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from core import china_time
from core.db import session_scope
from core.errors import InnodockError
from core.settings import Settings
from flows import applications as flow
from flows import obligations
from flows import providers as providers_flow
from flows.events import MemoryOutbox
from kb.vocab import CenterKind
from pipeline.schemas import Upload
from providers import applications, profiles
from tests.kb.kbhelpers import do_import, write_jsonl
from tests.providers.providerhelpers import ASSOC, TODAY, seed

QIC = CenterKind.quality_inspection_center


@pytest.mark.parametrize(("region", "kind", "expected"), [
    ("江苏省无锡市", QIC, "jiangsu_qic"), ("江苏南京", QIC, "jiangsu_qic"), ("上海市浦东新区", QIC, "shanghai_qic"),
    (None, QIC, "default"), ("浙江省杭州市", QIC, "default"),  # no province's rules there: the general rules
    ("广东省韶关市", CenterKind.service_station, "guangdong_station"),
    ("江西省赣州市", CenterKind.metrology_center, "jiangxi_metrology"),
    ("江苏省无锡市", CenterKind.public_service_platform, "default"),
])
def test_the_default_profile_follows_the_province(region: str | None, kind: CenterKind, expected: str) -> None:
    assert profiles.default_for(kind, region).id == expected
    assert profiles.choose(None, kind, region).id == expected


def test_an_imported_jiangsu_center_gets_the_jiangsu_profile(settings: Settings, tmp_path: Path) -> None:
    records = [{"type": "center", "id": "qic-js-imported", "name": "江苏省某产品质量检验中心",
                "kind": "quality_inspection_center", "region": "江苏省苏州市"},
               {"type": "center", "id": "qic-sh-imported", "name": "上海市某质检中心",
                "kind": "quality_inspection_center", "region": "上海市"}]
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", records)).ok
    with session_scope(settings) as session:
        got = {c: providers_flow.provider(session=session, principal=ASSOC, center_id=c, today=TODAY)[1].profile
               for c in ("qic-js-imported", "qic-sh-imported")}
    assert got == {"qic-js-imported": "jiangsu_qic", "qic-sh-imported": "shanghai_qic"}


def _draft(**more: Any) -> applications.Draft:
    base: dict[str, Any] = {"center_id": "x", "center": {}, "plaque_name": None, "figures": {}, "today": TODAY}
    return applications.Draft(**{**base, **more})


def test_every_rule_of_every_profile_has_a_check_and_a_clause() -> None:
    named = [(p.id, r) for p in profiles.profiles().values() for r in p.application.rules]
    assert {r.rule for _p, r in named} == set(applications.RULES)
    assert all(r.clause.startswith("seed ") for _p, r in named)
    markdown = profiles.markdown()
    assert "| application rule | `plaque_name`" in markdown and "| default in | 江苏省 | — |" in markdown


def test_the_station_rules_refuse_naming_field_and_clause() -> None:
    station = profiles.get("guangdong_station")
    head = {"name": "林", "middle_management": True, "years_quality": 6}
    cases = [
        ({"plaque_name": "广东省质量发展促进会科技服务站", "center": {"head": head}}, "plaque_name",
         "seed 003 art. 6(四)"),
        ({"plaque_name": "广东省质量发展促进会（）科技服务站", "center": {"head": head}}, "plaque_name", "6(四)"),
        ({"plaque_name": "广东省质量发展促进会（韶关）科技服务站", "center": {}}, "center.head.name", "art. 17"),
        ({"plaque_name": "广东省质量发展促进会（韶关）科技服务站",
          "center": {"head": {**head, "middle_management": False}}}, "center.head.middle_management", "art. 5(三)"),
        ({"plaque_name": "广东省质量发展促进会（韶关）科技服务站",
          "center": {"head": {**head, "certificate": "C-1"}}}, "center.head.certificate_valid_until", "art. 17"),
        ({"plaque_name": "广东省质量发展促进会（韶关）科技服务站",
          "center": {"head": {**head, "certificate": "C-1",
                              "certificate_valid_until": (TODAY + timedelta(days=4 * 366)).isoformat()}}},
         "center.head.certificate_valid_until", "art. 17"),
    ]
    for given, field, clause in cases:
        with pytest.raises(InnodockError) as refused:
            applications.check(station, _draft(**given))
        assert refused.value.field == field, given
        assert clause in refused.value.message and "《广东省质量发展促进会科技服务站管理办法》" in refused.value.message
    pending = applications.check(station, _draft(plaque_name="广东省质量发展促进会(美的)科技服务站",
                                                 center={"head": head}))
    assert [c.verdict for c in pending] == ["met", "pending"] and pending[1].due is None


def test_the_investment_ratio_is_computed_from_the_filed_figures() -> None:
    jiangsu = profiles.get("jiangsu_qic")
    met = applications.check(jiangsu, _draft(figures={"equipment_investment": "820", "testing_revenue": "6,800"}))
    assert met[0].verdict == "met" and "12.1%" in met[0].detail_zh
    for figures, field in (({"equipment_investment": -1, "testing_revenue": 10}, "figures.equipment_investment"),
                           ({"equipment_investment": "many", "testing_revenue": 10}, "figures.equipment_investment"),
                           ({"equipment_investment": 1, "testing_revenue": "lots"}, "figures.testing_revenue")):
        with pytest.raises(InnodockError) as refused:
            applications.check(jiangsu, _draft(figures=figures))
        assert refused.value.field == field and "seed 000 §4.3.3" in refused.value.message


def test_a_should_is_recorded_not_refused_a_center_under_construction_with_no_revenue() -> None:
    """A new user's trial (2026-11-30): a 质检中心 in 江苏省南京市 under construction (筹建含基建任务) with
    revenue 0 was refused '上一年度检验检测收入应大于 0（依据…第4.3.3条）', and refused again with the figure
    blank, though the page says the rule is '“宜”：不达标记录在案，不拒绝'. Seed 000 §4.3.3 says 宜: each is
    recorded (``unassessed``), in both languages; under a binding rule the figures are still required and the
    revenue above 0."""
    jiangsu = profiles.get("jiangsu_qic")
    for figures, zh, en in (
            ({"equipment_investment": "0", "testing_revenue": "0"}, "占比无法计算", "no share to compute"),
            ({"equipment_investment": "120", "testing_revenue": ""}, "未填报上一年度检验检测收入",
             "last year's testing revenue not given"),
            ({}, "未填报上一年度新增检验检测装备载体投资、上一年度检验检测收入", "not given")):
        [ratio] = applications.check(jiangsu, _draft(figures=figures))
        assert ratio.verdict == "unassessed", figures
        assert zh in ratio.detail_zh and "记录在案" in ratio.detail_zh, ratio
        assert en in ratio.detail_en and "recorded" in ratio.detail_en, ratio
    assert applications.filed_figures(jiangsu, {"equipment_investment": "120", "testing_revenue": ""}) == {
        "equipment_investment": 120.0}
    bound = jiangsu.model_copy(update={"application": jiangsu.application.model_copy(update={"rules": [
        r.model_copy(update={"binding": True}) for r in jiangsu.application.rules]})})
    for figures, field in (({"equipment_investment": 1}, "figures.testing_revenue"),
                           ({"equipment_investment": 1, "testing_revenue": 0}, "figures.testing_revenue")):
        with pytest.raises(InnodockError) as refused:
            applications.check(bound, _draft(figures=figures))
        assert refused.value.field == field


def test_a_refused_document_writes_nothing(settings: Settings, tmp_path: Path) -> None:
    seed(settings, tmp_path)
    form = flow.ApplicationForm(
        center={"id": "jx-mc-1", "name": "江西省汽车产业计量测试中心", "kind": "metrology_center", "region": "江西省",
                "industries": ["汽车制造"]},
        files={"funding": [Upload(name="资金.pdf", data=b"MZ\x90\x00 not a pdf")]})
    with session_scope(settings) as session, pytest.raises(InnodockError) as refused:
        flow.apply(session=session, principal=ASSOC, form=form, today=china_time.today())
    assert refused.value.field == "files.file_funding"
    with session_scope(settings) as session:
        assert flow.application(session=session, principal=ASSOC, center_id="jx-mc-1") is None
        assert "jx-mc-1" not in {v.center.id for v in providers_flow.provider_list(session=session, principal=ASSOC,
                                                                                   today=TODAY)}


def test_the_head_certificate_is_reminded_before_it_lapses(settings: Settings, tmp_path: Path) -> None:
    seed(settings, tmp_path)
    until = TODAY + timedelta(days=400)
    head = {"name": "林站长", "middle_management": True, "years_quality": 9, "certificate": "GDQA-ZZ-2026-017",
            "certificate_valid_until": until.isoformat()}
    form = flow.ApplicationForm(center={"id": "sta-gd-sg", "name": "韶关科技服务站", "kind": "service_station",
                                        "region": "广东省韶关市", "head": head},
                                plaque_name="广东省质量发展促进会（韶关）科技服务站")
    with session_scope(settings) as session:
        flow.apply(session=session, principal=ASSOC, form=form, today=TODAY)
    for day, expected in ((until - timedelta(days=20), 0), (until - timedelta(days=10), 1), (until, 1)):
        outbox = MemoryOutbox()
        with session_scope(settings) as session:
            obligations.announce_due(session=session, today=day, outbox=outbox)
        due = [payload for _event, payload, _parties in outbox.events if payload.get("kind") == "head_certificate"]
        assert len(due) == expected, day
        if due:
            assert due[0]["due_on"] == until.isoformat() and due[0]["center_id"] == "sta-gd-sg"
