"""kb-v1 import: merge, tombstones, --replace, unknown fields, encodings (kb-v1 'Identity and updates')."""

from __future__ import annotations

import json
from pathlib import Path

from core.settings import Settings
from kb.io.importer import ImportResult
from tests.kb.kbhelpers import (
    BASE_RECORDS,
    CAP,
    CENTER,
    CENTER2,
    EXPERT,
    do_import,
    normalised,
    snapshot,
    write_jsonl,
)


def test_new_home_starts_empty_and_is_migrated(settings: Settings) -> None:
    snap = snapshot(settings)
    assert snap == [{"_version": 0}]


def test_import_jsonl_creates_everything(settings: Settings, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "kb.jsonl", BASE_RECORDS, raw_lines=["", "# 注释 comment"])
    result = do_import(settings, path)
    assert result.ok and result.written
    assert result.created == {"center": 2, "capability": 2, "expert": 1}
    snap = snapshot(settings)
    assert normalised(snap) == normalised(BASE_RECORDS)
    assert snap[-1] == {"_version": 1}


def test_records_in_any_order(settings: Settings, tmp_path: Path) -> None:
    # A capability may precede its center (kb-v1 Encoding).
    path = write_jsonl(tmp_path / "kb.jsonl", [CAP, EXPERT, CENTER])
    assert do_import(settings, path).ok


def test_merge_keeps_absent_fields(settings: Settings, tmp_path: Path) -> None:
    do_import(settings, write_jsonl(tmp_path / "a.jsonl", BASE_RECORDS))
    # Re-importing a center without status never resets it; present fields replace.
    update = {"type": "center", "id": "met-jx-rare", "description": "新增简介", "industries": ["稀土", "钨"]}
    result = do_import(settings, write_jsonl(tmp_path / "b.jsonl", [update]))
    assert result.updated["center"] == 1 and result.created["center"] == 0
    rec = next(r for r in snapshot(settings) if r.get("id") == "met-jx-rare")
    assert rec["status"] == "preparing"
    assert rec["name"] == CENTER2["name"]
    assert rec["description"] == "新增简介"
    assert rec["industries"] == ["稀土", "钨"]


def test_a_record_imported_again_as_it_is_is_unchanged(settings: Settings, tmp_path: Path) -> None:
    """A record whose fields are already what is stored is counted unchanged and not written, and an import that
    changes nothing leaves the kb version where it was (the operator's day at the terminal, 2026-11-28, "Left": the
    same file imported again said "更新 updated: center 2, capability 2, expert 1" and moved the version, so every index
    looked stale)."""
    path = write_jsonl(tmp_path / "kb.jsonl", BASE_RECORDS)
    first = do_import(settings, path)
    again = do_import(settings, path)
    assert again.ok and again.written
    assert again.created == again.updated == again.deleted == {"center": 0, "capability": 0, "expert": 0}
    assert again.unchanged == {"center": 2, "capability": 2, "expert": 1}
    assert again.version == first.version and snapshot(settings)[-1] == {"_version": first.version}
    assert "未变 unchanged: center 2, capability 2, expert 1" in again.summary()
    assert "更新 updated" not in again.summary()
    # One field changed: that record is updated, the rest unchanged, and the version moves.
    changed = [dict(r, description="新的简介") if r.get("id") == CENTER["id"] else r for r in BASE_RECORDS]
    third = do_import(settings, write_jsonl(tmp_path / "kb2.jsonl", changed))
    assert third.updated["center"] == 1 and third.unchanged["center"] == 1
    assert third.unchanged["capability"] == 2 and third.version == (first.version or 0) + 1
    assert next(r for r in snapshot(settings) if r.get("id") == CENTER["id"])["description"] == "新的简介"


def test_merge_of_unknown_fields(settings: Settings, tmp_path: Path) -> None:
    do_import(settings, write_jsonl(tmp_path / "a.jsonl", [CENTER]))
    do_import(settings, write_jsonl(tmp_path / "b.jsonl", [{"type": "center", "id": CENTER["id"], "rank": 3}]))
    rec = next(r for r in snapshot(settings) if r.get("id") == CENTER["id"])
    assert rec["founded_year"] == 2012 and rec["rank"] == 3 and rec["website_note"] == "示例"


def test_tombstone_center_removes_capabilities_and_detaches_experts(settings: Settings, tmp_path: Path) -> None:
    do_import(settings, write_jsonl(tmp_path / "a.jsonl", BASE_RECORDS))
    result = do_import(settings, write_jsonl(tmp_path / "b.jsonl",
                                             [{"type": "center", "id": "qic-js-battery", "deleted": True}]))
    assert result.deleted["center"] == 1
    snap = snapshot(settings)
    ids = {r.get("id") for r in snap}
    assert "qic-js-battery" not in ids and "cap-1" not in ids
    assert "cap-2" in ids
    expert = next(r for r in snap if r.get("id") == "exp-1")
    assert "center_id" not in expert
    assert expert["name"] == EXPERT["name"]


def test_tombstone_of_capability_and_unknown_id_is_a_no_op(settings: Settings, tmp_path: Path) -> None:
    do_import(settings, write_jsonl(tmp_path / "a.jsonl", BASE_RECORDS))
    result = do_import(settings, write_jsonl(tmp_path / "b.jsonl", [
        {"type": "capability", "id": "cap-2", "deleted": True},
        {"type": "expert", "id": "never-existed", "deleted": True},
    ]))
    assert result.ok and result.deleted == {"center": 0, "capability": 1, "expert": 0}
    assert "cap-2" not in {r.get("id") for r in snapshot(settings)}


def test_replace_swaps_whole_knowledge_base(settings: Settings, tmp_path: Path) -> None:
    do_import(settings, write_jsonl(tmp_path / "a.jsonl", BASE_RECORDS))
    new_center = {"type": "center", "id": "psp-fs-ceramics", "name": "佛山陶瓷检验检测公共技术服务平台",
                  "kind": "public_service_platform"}
    result = do_import(settings, write_jsonl(tmp_path / "b.jsonl", [new_center]), replace=True)
    assert result.written and result.replaced
    assert normalised(snapshot(settings)) == normalised([new_center])


def test_replace_does_not_count_stored_centers(settings: Settings, tmp_path: Path) -> None:
    # Under --replace a capability cannot lean on a center that the replace removes.
    do_import(settings, write_jsonl(tmp_path / "a.jsonl", BASE_RECORDS))
    before = snapshot(settings)
    result = do_import(settings, write_jsonl(tmp_path / "b.jsonl", [CAP]), replace=True)
    assert not result.written
    assert [str(i) for i in result.issues] == [
        f"{tmp_path / 'b.jsonl'}:1: center_id: 机构 'qic-js-battery' 不存在 / "
        "no center 'qic-js-battery' in the knowledge base or this import"
    ]
    assert snapshot(settings) == before


def test_capability_of_center_deleted_in_same_import_is_rejected(settings: Settings, tmp_path: Path) -> None:
    do_import(settings, write_jsonl(tmp_path / "a.jsonl", BASE_RECORDS))
    before = snapshot(settings)
    result = do_import(settings, write_jsonl(tmp_path / "b.jsonl", [
        {"type": "center", "id": "qic-js-battery", "deleted": True},
        {**CAP, "id": "cap-9"},
    ]))
    assert not result.written
    assert result.issues[0].field == "center_id" and result.issues[0].location.endswith(":2")
    assert snapshot(settings) == before


def test_csv_utf8_bom_and_gb18030(settings: Settings, tmp_path: Path) -> None:
    header = "id,name,kind,region,industries,qualifications,capacity\n"
    row = "psp-dg-mould,东莞模具检验检测公共技术服务平台,public_service_platform,广东省东莞市,模具;五金,CMA,4\n"
    (tmp_path / "utf8").mkdir()
    (tmp_path / "gbk").mkdir()
    bom = tmp_path / "utf8" / "centers.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + (header + row).encode("utf-8"))
    gbk = tmp_path / "gbk" / "centers.csv"
    gbk.write_bytes((header + row.replace("psp-dg-mould", "psp-dg-mould2")).encode("gb18030"))
    result = do_import(settings, bom, gbk)
    assert result.ok, [str(i) for i in result.issues]
    recs = {r["id"]: r for r in snapshot(settings) if "id" in r}
    assert recs["psp-dg-mould"]["name"] == recs["psp-dg-mould2"]["name"] == "东莞模具检验检测公共技术服务平台"
    assert recs["psp-dg-mould2"]["industries"] == ["模具", "五金"]
    assert recs["psp-dg-mould"]["capacity"] == 4


def test_csv_named_encoding(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "experts.csv"
    path.write_bytes("id,name,title_level\nexp-9,赵敏,associate_senior\n".encode("gbk"))
    assert do_import(settings, path, encoding="gbk").ok


def test_csv_type_column_mixes_types(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(
        "type,id,name,kind,center_id,title,service_types\n"
        "center,c-a,测试中心,other,,,\n"
        "capability,k-a,,,c-a,材料成分分析,inspection_testing;quality_evaluation\n",
        encoding="utf-8",
    )
    result = do_import(settings, path)
    assert result.ok, [str(i) for i in result.issues]
    cap = next(r for r in snapshot(settings) if r.get("id") == "k-a")
    assert cap["service_types"] == ["inspection_testing", "quality_evaluation"]


def test_partial_keeps_good_records_and_reports_bad(settings: Settings, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "kb.jsonl", [CENTER, {**CAP, "service_types": ["testing"]}, EXPERT])
    result: ImportResult = do_import(settings, path, partial=True)
    assert result.written and result.rejected == 1
    assert [i.location for i in result.issues] == [f"{path}:2"]
    ids = {r.get("id") for r in snapshot(settings)}
    assert {"qic-js-battery", "exp-1"} <= ids and "cap-1" not in ids


def test_partial_rejects_dependents_of_a_bad_center(settings: Settings, tmp_path: Path) -> None:
    bad_center = {**CENTER, "kind": "laboratory"}
    path = write_jsonl(tmp_path / "kb.jsonl", [bad_center, CAP])
    result = do_import(settings, path, partial=True)
    assert result.rejected == 2
    assert {i.field for i in result.issues} == {"kind", "center_id"}
    assert snapshot(settings)[:-1] == []


def test_unknown_nested_fields_survive(settings: Settings, tmp_path: Path) -> None:
    rec = {**CENTER, "tags": {"a": [1, 2, {"b": None}]}, "score": 4.5, "flag": False, "note": "123"}
    do_import(settings, write_jsonl(tmp_path / "a.jsonl", [rec]))
    stored = next(r for r in snapshot(settings) if r.get("id") == CENTER["id"])
    assert stored == json.loads(json.dumps(rec, ensure_ascii=False))
