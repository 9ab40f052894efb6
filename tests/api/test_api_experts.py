"""``GET /api/v1/experts/match`` and the page ``/needs/{need_id}/experts`` (issue 13 step 4): experts ranked for a
need without a center, conflicts of interest with the need's enterprise (甲公司, by name and by credit code) left out
and listed with the reason, experts with no text listed apart; the association's and admins' only; bad input named.
On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.auth.deps import SESSION_COOKIE
from tests.api.apihelpers import World, assert_error, bearer, login
from tests.api.domainhelpers import Logins, create_need, submitted_need
from tests.kb.kbhelpers import do_import, write_jsonl

CREDIT_CODE = "91350100M000100Y43"  # 甲公司's, as tests.api.apihelpers.build_world registers it
EXPERTS: list[dict[str, Any]] = [
    {"type": "expert", "id": "exp-own", "name": "王自家", "affiliation": "甲公司", "fields": ["动力电池热失控试验"],
     "degree": "doctorate", "years_experience": 12, "led_projects": 3},
    {"type": "expert", "id": "exp-code", "name": "赵回避", "conflicts": [CREDIT_CODE], "fields": ["电池热失控试验"]},
    {"type": "expert", "id": "exp-pool", "name": "钱专家", "pools": ["江苏省质量协会专家库"],
     "fields": ["动力电池热失控试验", "单体电池安全"], "bio": "熟悉GB 38031单体热失控试验。从事储能标准化。",
     "title_level": "associate_senior", "years_experience": 9, "led_projects": 2},
    {"type": "expert", "id": "exp-blank", "name": "孙无文", "pools": ["江苏省质量协会专家库"], "degree": "master"},
]


def _experts(world: World, tmp_path: Path) -> None:
    result = do_import(world.settings, write_jsonl(tmp_path / "experts.jsonl", EXPERTS))
    assert result.ok and [w.field for w in result.warnings] == ["fields"]  # exp-blank: kept, and warned about


def test_the_association_ranks_experts_with_conflicts_listed(domain_client: TestClient, domain_world: World,
                                                             tmp_path: Path) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _experts(domain_world, tmp_path)
    need_id, _ = submitted_need(c, as_("ent-a"))
    for who in ("coord-assoc", "admin"):
        answer = c.get("/api/v1/experts/match", headers=as_(who), params={"need_id": need_id})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        ranked = [m["expert_id"] for m in body["matches"]]
        assert body["need_id"] == need_id and ranked[0] == "exp-pool" and "exp-1" in ranked
        assert {"exp-own", "exp-code", "exp-blank"}.isdisjoint(ranked)
        assert {(x["expert_id"], x["rule"], x["basis"]) for x in body["excluded"]} == {
            ("exp-own", "conflict_of_interest", "affiliation"), ("exp-code", "conflict_of_interest", "conflicts")}
        assert all(x["reason"] for x in body["excluded"])
        assert [(x["expert_id"], x["rule"]) for x in body["without_text"]] == [("exp-blank", "no_text")]
        top = body["matches"][0]
        assert top["center_id"] is None and top["pools"] == ["江苏省质量协会专家库"] and top["lead_qualified"]
        kinds = {r["kind"] for r in top["reasons"]}
        assert {"passage", "terms", "rule", "seniority", "score"} <= kinds
        assert any(r.get("clause") == "seed 000 §4.2.1(1)" and r["ok"] for r in top["reasons"])
    one = c.get("/api/v1/experts/match", headers=as_("coord-assoc"), params={"need_id": need_id, "top": 1}).json()
    assert len(one["matches"]) == 1 and len(one["excluded"]) == 2  # the excluded are listed whatever ``top``


def test_only_the_association_and_admins_in_person(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, _ = submitted_need(c, as_("ent-a"))
    params = {"need_id": need_id}
    for who in ("ent-a", "ent-b", "coord-center"):
        assert_error(c.get("/api/v1/experts/match", headers=as_(who), params=params), 403)
    assert_error(c.get("/api/v1/experts/match", headers=bearer(domain_world.keys["site"]), params=params), 403)
    assert_error(c.get("/api/v1/experts/match", params=params), 401)


def test_bad_input_is_named(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    assoc = as_("coord-assoc")
    need_id = create_need(c, as_("ent-a"))["id"]  # a draft: the association may still look for an expert
    assert c.get("/api/v1/experts/match", headers=assoc, params={"need_id": need_id}).status_code == 200
    assert assert_error(c.get("/api/v1/experts/match", headers=assoc, params={"need_id": "no-such-need"}),
                        404)["field"] == "need_id"
    assert assert_error(c.get("/api/v1/experts/match", headers=assoc), 422)["field"] == "need_id"
    for top in ("0", "51", "abc", "-3"):
        error = assert_error(c.get("/api/v1/experts/match", headers=assoc, params={"need_id": need_id, "top": top}),
                             422)
        assert error["field"] == "top"


def test_a_confidential_need_answers_the_association_without_echoing_it(domain_client: TestClient,
                                                                         domain_world: World,
                                                                         tmp_path: Path) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _experts(domain_world, tmp_path)
    secret = "WAXWING-EXPERTS"
    need_id, _ = submitted_need(c, as_("ent-a"), confidential=True, redactions=[secret],
                                text=f"{secret}电芯需要做单体热失控试验，依据GB 38031")
    answer = c.get("/api/v1/experts/match", headers=as_("coord-assoc"), params={"need_id": need_id})
    assert answer.status_code == 200 and secret not in answer.text
    assert "甲公司" not in answer.text  # an excluded expert is named with the reason, not with the enterprise
    assert answer.json()["matches"][0]["expert_id"] == "exp-pool"
    # Whoever may not read it learns nothing of it here either: refused before the need is looked at.
    for who in ("ent-b", "coord-center"):
        refused = c.get("/api/v1/experts/match", headers=as_(who), params={"need_id": need_id})
        assert refused.status_code == 403 and secret not in refused.text


def _page(c: TestClient, token: str, path: str) -> Any:
    c.cookies.clear()
    c.cookies.set(SESSION_COOKIE, token)
    try:
        return c.get(path, follow_redirects=False)
    finally:
        c.cookies.clear()


def test_the_page_lists_experts_reasons_and_conflicts_in_each_language(domain_client: TestClient,
                                                                       domain_world: World, tmp_path: Path) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _experts(domain_world, tmp_path)
    need_id, review_id = submitted_need(c, as_("ent-a"))
    assoc = login(c, "coord-assoc")
    review = _page(c, assoc, f"/review/{review_id}")
    assert review.status_code == 200 and f'href="/needs/{need_id}/experts"' in review.text
    zh = _page(c, assoc, f"/needs/{need_id}/experts?lang=zh")
    assert zh.status_code == 200, zh.text
    assert all(s in zh.text for s in ("寻找咨询专家", "推荐专家", "钱专家", "因利益冲突排除", "任职于需求企业",
                                      "王自家", "赵回避", "孙无文", "符合项目负责人条件", "相关专长"))
    assert zh.text.index('data-expert="exp-pool"') < zh.text.index('data-expert="exp-1"')
    assert "works for the requesting enterprise" not in zh.text and "Ranked experts" not in zh.text
    en = _page(c, assoc, f"/needs/{need_id}/experts?lang=en")
    assert all(s in en.text for s in ("Find an expert", "Ranked experts", "works for the requesting enterprise",
                                      "Excluded for a conflict of interest", "Qualifies as project lead"))
    assert "推荐专家" not in en.text and "任职于需求企业" not in en.text and "符合项目负责人条件" not in en.text
    assert "Expert pools: 江苏省质量协会专家库" in en.text and "(seed 000 §4.2.1(1))" in en.text  # no full-width marks
    assert "专家库：江苏省质量协会专家库" in zh.text and "Semantic similarity" in en.text and "语义相似" in zh.text
    bad = _page(c, assoc, f"/needs/{need_id}/experts?top=abc&lang=en")
    assert bad.status_code == 200 and "whole number from 1 to 50" in bad.text and "钱专家" in bad.text
    assert _page(c, assoc, "/needs/no-such-need/experts").status_code == 404
    center = login(c, "coord-center")
    assert _page(c, center, f"/needs/{need_id}/experts").status_code == 403
    center_review = _page(c, center, f"/review/{review_id}")
    assert center_review.status_code == 200 and "find-experts" not in center_review.text
    anonymous = c.get(f"/needs/{need_id}/experts", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")


def test_the_api_import_keeps_an_expert_with_no_text_and_warns(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in EXPERTS[2:]).encode("utf-8")
    answer = c.post("/api/v1/kb/import", headers=as_("coord-assoc"),
                    files=[("files", ("experts.jsonl", lines, "application/x-ndjson"))])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["created"]["expert"] == 2 and len(body["warnings"]) == 1
    assert body["warnings"][0].startswith("experts.jsonl:2: fields: 已导入") and "/tmp" not in body["warnings"][0]
    need_id, _ = submitted_need(c, as_("ent-a"))
    ranked = c.get("/api/v1/experts/match", headers=as_("coord-assoc"), params={"need_id": need_id}).json()
    assert [x["expert_id"] for x in ranked["without_text"]] == ["exp-blank"]  # kept, listed, not ranked
