"""A provider in a province no rules profile names is governed by the general rules, named as such, never by another
province's (a new user's trial, 2026-11-29: an imported Zhejiang center carried Shanghai's rules, seed 002, and so
did any imported center whose region was not on record). The seeds are provincial (Jiangsu seed 000, Shanghai seed
002, Guangdong seed 003, Jiangxi seed 004) except seed 001, the national group standard for the evaluation: where no
province's rules apply, the ``default`` profile (seed 001's evaluation, the rest this project's reading) does, and the
provider's page and its report say why."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete

from core.db import session_scope
from core.settings import Settings
from flows import providers as providers_flow
from kb.vocab import CenterKind
from providers import profiles
from providers.models import ProviderEvent, ProviderLifecycle
from tests.kb.kbhelpers import do_import, write_jsonl
from tests.providers.providerhelpers import ASSOC, TODAY

QIC = CenterKind.quality_inspection_center
CENTERS = [{"type": "center", "id": cid, "name": name, "kind": kind, **({"region": region} if region else {})}
           for cid, name, kind, region in (
               ("qic-zj-pump", "浙江省泵阀产品质量检验中心", "quality_inspection_center", "浙江省温岭市"),
               ("qic-sh-pump", "上海市泵阀产品质量检验检测中心", "quality_inspection_center", "上海市嘉定区"),
               ("qic-nowhere", "某产品质量检验中心", "quality_inspection_center", None),
               ("sst-zj-valve", "浙江阀门科技服务站", "service_station", "浙江省温州市"),
               ("met-fj-ship", "福建省船舶计量测试中心", "metrology_center", "福建省福州市"))]


def test_a_kinds_default_anywhere_governs_anywhere() -> None:
    """Only a profile for anywhere may be a kind's default anywhere; a province's profile is the default only in its
    province (``default_in``)."""
    for p in profiles.profiles().values():
        if p.default_for:
            assert p.jurisdiction.zh == "不限", (p.id, p.jurisdiction.zh)
    assert {k for p in profiles.profiles().values() for k in p.default_for} == set(CenterKind)


@pytest.mark.parametrize(("kind", "region", "expected"), [
    (QIC, "浙江省杭州市", "default"), (QIC, None, "default"), (QIC, "  ", "default"), (QIC, "上海市", "shanghai_qic"),
    (QIC, "江苏南京", "jiangsu_qic"), (CenterKind.service_station, "浙江省温州市", "default"),
    (CenterKind.service_station, "广东省佛山市", "guangdong_station"),
    (CenterKind.metrology_center, "福建省福州市", "default"),
    (CenterKind.metrology_center, "江西省赣州市", "jiangxi_metrology"),
])
def test_no_province_rules_means_the_general_rules(kind: CenterKind, region: str | None, expected: str) -> None:
    assert profiles.default_for(kind, region).id == expected
    assert not profiles.outside(profiles.default_for(kind, region), region)


def test_the_rules_applied_are_said_with_the_reason() -> None:
    general = profiles.get("default")
    zj = profiles.applied_note(general, QIC, "浙江省温岭市")
    assert zj is not None and "浙江省温岭市" in zj["zh"] and "尚无" in zj["zh"] and general.name.zh in zj["zh"]
    assert "Zhejiang" in zj["en"] or "浙江省温岭市" in zj["en"]
    assert "no rules of its own" in zj["en"] and "上海" not in zj["zh"] and "Shanghai" not in zj["en"]
    nowhere = profiles.applied_note(general, QIC, None)
    assert nowhere is not None and "未登记所在地区" in nowhere["zh"] and "协会" in nowhere["zh"]
    assert "region is not on record" in nowhere["en"]
    assert profiles.applied_note(profiles.get("shanghai_qic"), QIC, "上海市嘉定区") is None  # its own province's
    fj = profiles.applied_note(profiles.get("shanghai_qic"), QIC, "福建省福州市")  # chosen, though elsewhere
    assert fj is not None and "福建省福州市" in fj["zh"] and "上海市" in fj["zh"] and "outside" in fj["en"]
    grading = profiles.report_grading(general, QIC, "浙江省温岭市")
    assert grading["scales"] == [] and "尚无" in str(grading["none_zh"]) and "上海" not in str(grading["none_zh"])
    assert "no rules of its own" in str(grading["none_en"])


def test_imported_centers_get_their_provinces_rules_or_the_general_ones(settings: Settings, tmp_path: Path) -> None:
    """By the import (its regions), and by a sync for centers whose lifecycle is missing (the kb written alone)."""
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", CENTERS)).ok
    expected = {"qic-zj-pump": "default", "qic-sh-pump": "shanghai_qic", "qic-nowhere": "default",
                "sst-zj-valve": "default", "met-fj-ship": "default"}

    def carried() -> dict[str, str]:
        with session_scope(settings) as session:
            return {cid: providers_flow.provider(session=session, principal=ASSOC, center_id=cid,
                                                 today=TODAY)[1].profile for cid in expected}

    assert carried() == expected
    with session_scope(settings) as session:  # the lifecycles gone: read as implied, then entered by a sync
        session.execute(delete(ProviderEvent))
        session.execute(delete(ProviderLifecycle))
    assert carried() == expected
    with session_scope(settings) as session:
        assert set(providers_flow.sync(session=session)) >= set(expected)
    assert carried() == expected
