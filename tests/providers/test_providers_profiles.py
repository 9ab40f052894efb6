"""Rules profiles per jurisdiction and kind (issue 29, item 2): a Jiangsu center under seed 000 and a Shanghai center
under seed 002 get different materials, building periods and obligations, each citing its clause; the association
chooses the profile when a provider applies and changes it with a recorded reason; a province is one data file; the
docs print the profiles as the data says."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from authz.vocab import Role
from core.db import session_scope
from core.errors import ConflictError, InnodockError, PermissionDeniedError
from core.settings import Settings
from flows import obligations
from flows import providers as flow
from flows.events import MemoryOutbox
from providers import profiles
from tests.providers.providerhelpers import ASSOC, STATION, TODAY, decision, person, seed

DOCS = Path(__file__).resolve().parents[2] / "docs" / "providers.md"
JS = {"id": "qic-js-cable", "name": "江苏省电线电缆产品质量检验中心", "kind": "quality_inspection_center",
      "region": "江苏省无锡市", "industries": ["电线电缆"], "qualifications": ["CMA", "CNAS"]}
SH = {"id": "qic-sh-robot", "name": "上海市工业机器人产品质量检验检测中心", "kind": "quality_inspection_center",
      "region": "上海市", "industries": ["工业机器人"], "qualifications": ["CMA"]}
JS_MATERIALS = {"service_department": "技术创新服务部（院发〔2026〕3号）",
                "management_rules": "技术创新服务管理制度汇编",
                "staff_list": "技术创新服务人员 46 人，占 52%", "equipment_list": "仪器设备清单 312 台套",
                "investment_ratio": "2025 年新增装备投资 820 万元，检验检测收入 6800 万元"}
SH_MATERIALS = {"written_application": "书面申请", "preliminary_review": "浦东新区市场监管局初审意见",
                "recommendation": "浦东新区人民政府推荐函", "construction_plan": "中心建设规划（2026—2028）",
                "government_support": "区政府土地与资金支持承诺"}


def _apply(settings: Settings, record: dict[str, Any], profile: str | None) -> None:
    with session_scope(settings) as session:
        flow.apply(session=session, principal=ASSOC, center=record, materials={}, construction=True,
                   profile=profile)


def _step(settings: Settings, center_id: str, transition: str, payload: dict[str, Any], today: date = TODAY) -> Any:
    with session_scope(settings) as session:
        version = flow.provider(session=session, principal=ASSOC, center_id=center_id, today=today)[1].version
        return flow.advance(session=session, principal=ASSOC, center_id=center_id, transition=transition,
                            version=version, payload=payload, today=today, outbox=MemoryOutbox())


def _refusal(settings: Settings, center_id: str, transition: str, payload: dict[str, Any]) -> InnodockError:
    with pytest.raises(InnodockError) as refused:
        _step(settings, center_id, transition, payload)
    return refused.value


def test_a_jiangsu_and_a_shanghai_center_get_their_own_materials_periods_and_obligations(
        settings: Settings, tmp_path: Path) -> None:
    seed(settings, tmp_path, [STATION])
    _apply(settings, JS, "jiangsu_qic")
    _apply(settings, SH, None)  # a quality inspection center's default: seed 002, as before profiles
    # Materials: each refusal names its own profile's first missing material with its clause.
    js_missing, sh_missing = (_refusal(settings, c, "start_review", {}) for c in (JS["id"], SH["id"]))
    assert "技术创新服务运行管理部门" in js_missing.message and "seed 000 §4.1.1" in js_missing.message
    assert "书面申请" in sh_missing.message and "seed 002 二(二)1" in sh_missing.message
    assert "书面申请" not in js_missing.message
    assert _refusal(settings, JS["id"], "start_review", {"materials": SH_MATERIALS}).code == "materials_missing"
    _step(settings, JS["id"], "start_review", {"materials": JS_MATERIALS})
    _step(settings, SH["id"], "start_review", {"materials": SH_MATERIALS})
    # Building periods: seed 002 二(二)2 gives 24 months with construction; seed 000 sets none.
    approve = decision("专家论证通过", TODAY, "批筹〔2026〕1号", experts=["王工"], opinion="同意筹建")
    js_view, sh_view = (_step(settings, c, "approve_build", approve) for c in (JS["id"], SH["id"]))
    assert sh_view.build_deadline == date(2028, 6, 1) and js_view.build_deadline is None
    assert (js_view.profile, sh_view.profile) == ("jiangsu_qic", "shanghai_qic")
    js_rules, sh_rules = profiles.get("jiangsu_qic"), profiles.get("shanghai_qic")
    assert sh_rules.building.period.clause == "seed 002 二(二)2" and js_rules.building.period.clause == "seed 000 §3.1"
    assert js_rules.building.silent  # the profile says the seed is silent on it
    # Obligations: each operating center's calendar of the year, each with its clause.
    for c in (JS["id"], SH["id"]):
        _step(settings, c, "request_acceptance", {"summary": "筹建任务完成"})
        _step(settings, c, "pass_acceptance", decision("验收通过", TODAY, "验收〔2026〕2号", experts=["李工"],
                                                       opinion="同意成立"))
    with session_scope(settings) as session:
        made = obligations.ensure_calendar(session=session, year=2027)
    owed = {(o.center_id, o.kind): o for o in made}
    assert {k for c, k in owed if c == JS["id"]} == {"investment_report", "evaluation"}
    assert {k for c, k in owed if c == SH["id"]} == {"annual_report"}  # its assessment falls every third year
    assert owed[(JS["id"], "investment_report")].clause == "seed 000 §4.3.3 (due date: our reading)"
    assert owed[(JS["id"], "evaluation")].clause == "seed 000 §8.1 (every year: our reading)"
    assert owed[(SH["id"], "annual_report")].clause == "seed 002 四(一) (due date: our reading)"
    # A supervision measure records the clause its profile names it by.
    for c, clause in ((JS["id"], "seed 000 §8.2"), (SH["id"], "seed 002 四(二)")):
        _step(settings, c, "order_rectification", decision("年度评价不合格", TODAY, "整改〔2026〕5号",
                                                           deadline=(TODAY + timedelta(days=90)).isoformat()))
        with session_scope(settings) as session:
            last = flow.provider(session=session, principal=ASSOC, center_id=c, today=TODAY)[1].events[-1]
        assert last.payload["measure"]["clause"] == clause


def test_the_association_changes_a_profile_with_a_recorded_reason_and_nothing_else_does(
        settings: Settings, tmp_path: Path) -> None:
    seed(settings, tmp_path, [STATION])
    _apply(settings, SH, None)
    center = SH["id"]
    own = person(Role.center_coordinator, center_id=center, name="own")

    def change(who: Any, profile: str, reason: str, version: int = 1) -> Any:
        with session_scope(settings) as session:
            return flow.change_profile(session=session, principal=who, center_id=center, profile=profile,
                                       reason=reason, version=version, today=TODAY, outbox=MemoryOutbox())

    with pytest.raises(PermissionDeniedError):  # the provider does not choose its own rules
        change(own, "jiangsu_qic", "我们在江苏")
    with pytest.raises(InnodockError) as wrong_kind:  # a station's rules do not govern a center
        change(ASSOC, "guangdong_station", "误选")
    assert wrong_kind.value.field == "profile" and wrong_kind.value.code == "profile_kind"
    with pytest.raises(InnodockError) as unknown:
        change(ASSOC, "atlantis", "不存在")
    assert unknown.value.field == "profile"
    with pytest.raises(InnodockError) as no_reason:
        change(ASSOC, "jiangsu_qic", "  ")
    assert no_reason.value.field == "reason"
    with pytest.raises(ConflictError):
        change(ASSOC, "shanghai_qic", "重复")
    with pytest.raises(ConflictError) as stale:
        change(ASSOC, "jiangsu_qic", "迁址江苏", version=7)
    assert stale.value.field == "version"
    with session_scope(settings) as session:  # every refusal left it as it was
        detail = flow.provider(session=session, principal=ASSOC, center_id=center, today=TODAY)[1]
    assert (detail.profile, detail.version, len(detail.events)) == ("shanghai_qic", 1, 1)
    view = change(ASSOC, "jiangsu_qic", "中心迁至无锡，由江苏省市场监管局管理")
    assert (view.profile, view.version) == ("jiangsu_qic", 2)
    assert view.missing_materials[0] == "service_department"
    with session_scope(settings) as session:
        last = flow.provider(session=session, principal=ASSOC, center_id=center, today=TODAY)[1].events[-1]
    assert (last.transition, last.grounds, last.payload) == (
        "change_profile", "中心迁至无锡，由江苏省市场监管局管理", {"from": "shanghai_qic", "to": "jiangsu_qic"})
    with session_scope(settings) as session, pytest.raises(PermissionDeniedError):  # nor does the applicant
        flow.apply(session=session, principal=own, center={**JS, "id": center}, materials={}, construction=False,
                   profile="jiangsu_qic")


def test_a_province_is_one_data_file(tmp_path: Path) -> None:
    for f in profiles.HERE.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    text = (profiles.HERE / "jiangsu_qic.yaml").read_text(encoding="utf-8")
    (tmp_path / "zhejiang_qic.yaml").write_text(text.replace("id: jiangsu_qic", "id: zhejiang_qic"),
                                                encoding="utf-8")
    found = profiles.load(tmp_path)
    assert "zhejiang_qic" in found and found["zhejiang_qic"].materials == found["jiangsu_qic"].materials
    (tmp_path / "broken.yaml").write_text(text.replace("id: jiangsu_qic", "id: broken").replace(
        "kinds: [quality_inspection_center]", "kinds: [castle]"), encoding="utf-8")
    with pytest.raises(InnodockError) as bad:
        profiles.load(tmp_path)
    assert bad.value.field == "broken.yaml"


def test_every_value_cites_a_clause_and_a_reading_says_so() -> None:
    found = profiles.profiles()
    assert {"jiangsu_qic", "shanghai_qic", "guangdong_station", "jiangxi_metrology", "default"} <= set(found)
    seeds = {p.seed for p in found.values()}
    assert {"000", "002", "003", "004", None} <= seeds
    for p in found.values():
        cited = [*p.materials.items, p.building.period, *p.calendar.items, *p.changes.items,
                 p.evaluation.hierarchy, *p.evaluation.scales, *p.supervision.items]
        for value in cited:
            assert value.clause.startswith("seed "), (p.id, value)
            if p.seed is not None and not value.clause.startswith(f"seed {p.seed}"):
                assert value.reading, (p.id, value.clause)  # another seed's rule is our reading
            if "reading" in value.clause:
                assert value.reading, (p.id, value.clause)


def test_the_docs_print_the_profiles_as_the_data_says() -> None:
    text = DOCS.read_text(encoding="utf-8")
    begin, end = "<!-- BEGIN GENERATED PROFILES -->\n", "<!-- END GENERATED PROFILES -->"
    assert begin in text and end in text, "docs/providers.md has no generated profiles block"
    printed = text.split(begin, 1)[1].split(end, 1)[0]
    assert printed == profiles.markdown(), "paste `python -c 'from providers import profiles; " \
                                           "print(profiles.markdown(), end=\"\")'` into docs/providers.md"


def test_a_provider_outside_its_profiles_jurisdiction_is_said_to_be() -> None:
    """A new user (2026-11-29) read "适用规则：上海市质检中心" on a Fujian center and took it for an error: no profile
    names Fujian, so the kind's default applies (docs/providers.md, "Choosing"), and the page must say that."""
    shanghai, jiangsu, default = profiles.get("shanghai_qic"), profiles.get("jiangsu_qic"), profiles.get("default")
    assert profiles.outside(shanghai, "福建省福州市") and profiles.outside(shanghai, "湖北武汉")
    assert not profiles.outside(shanghai, "上海市浦东新区") and not profiles.outside(jiangsu, "江苏南京")
    assert not profiles.outside(default, "福建省福州市")  # the plain default governs anywhere
    assert not profiles.outside(shanghai, None) and not profiles.outside(shanghai, "  ")  # nowhere said: nothing
