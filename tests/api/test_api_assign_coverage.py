"""Issue 28, item 5, for batch assignment: each suggestion carries the need's requirements as the suggested center
covers them — the coverage, fit and band the need's own match gives that center (its stored proposal), by either
door: ``GET /api/v1/assignments/{id}`` (and the job's result), and the batch's page. A near miss says what is
missing ("缺少：CNAS 认可的该项目")."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.settings import Settings
from matcher import service as matcher_service
from outbox import queue as jobs
from tests.api.apihelpers import World, assert_error, kb_records
from tests.api.domainhelpers import EXPERT2, Logins, submitted_need
from tests.api.jobhelpers import jobs_client, wait_job, world_with
from tests.api.uihelpers import form_login
from tests.kb.kbhelpers import CENTER

# A battery center that holds CNAS as a center, but whose one capability is CMA-accredited only: for a need that asks
# for CNAS, the qualification rule lets it through and its coverage says what is missing.
NEAR = {"type": "center", "id": "qic-wx-cell", "name": "无锡市电芯安全检测中心", "kind": "quality_inspection_center",
        "region": "江苏省无锡市", "industries": ["动力电池"], "qualifications": ["CMA", "CNAS"], "capacity": 5}
NEAR_CAP = {"type": "capability", "id": "cap-near", "center_id": "qic-wx-cell", "title": "动力电池电芯热失控试验",
            "description": "按 GB 38031-2020 开展电芯热失控与针刺试验。", "service_types": ["inspection_testing"],
            "industries": ["动力电池"], "standards": ["GB 38031-2020"], "qualifications": ["CMA"]}


@pytest.fixture
def world(settings: Settings, tmp_path: Path) -> World:
    # The Changzhou center is full (no free place): the batch must send the need to the near miss.
    records = [dict(CENTER, capacity=0), *[r for r in kb_records() if r["id"] != CENTER["id"]], EXPERT2, NEAR,
               NEAR_CAP]
    return world_with(settings, tmp_path, records)


@pytest.fixture
def queue() -> Iterator[jobs.JobsConfig]:
    yield jobs.JobsConfig(redis_url=None)
    jobs.shutdown()


@pytest.fixture
def client(world: World, queue: jobs.JobsConfig) -> Iterator[TestClient]:
    with jobs_client(world, queue) as c:
        yield c
    matcher_service.reset()


def _proposal(client: TestClient, headers: dict[str, str], review_id: str, center_id: str) -> dict[str, Any]:
    review = client.get(f"/api/v1/reviews/{review_id}", headers=headers).json()
    found = [p for p in review["proposals"] if p["center_id"] == center_id]
    assert found, [p["center_id"] for p in review["proposals"]]
    proposal: dict[str, Any] = found[0]
    return proposal


def test_a_batch_suggestion_carries_the_coverage_its_single_match_gives(client: TestClient,
                                                                      queue: jobs.JobsConfig) -> None:
    as_ = Logins(client)
    assoc = as_("coord-assoc")
    need, review_id = submitted_need(client, as_("ent-a"), qualifications=["CNAS"])
    job = client.post("/api/v1/assignments", json={"need_ids": [need], "alternates": 1}, headers=assoc)
    assert job.status_code == 202, job.text
    done = wait_job(client, assoc, job.json()["id"], queue)
    assert done["status"] == "finished", done
    [item] = done["result"]["assigned"]
    assert item["need_id"] == need and item["center_id"] == NEAR["id"]  # the full center has no place left

    got = client.get(f"/api/v1/assignments/{done['id']}", headers=assoc)
    assert got.status_code == 200, got.text
    [suggestion] = got.json()["assigned"]
    assert suggestion["center_id"] == NEAR["id"] and suggestion["review_id"] == review_id
    single = _proposal(client, assoc, review_id, NEAR["id"])
    # The same requirements, each covered or not with the same evidence or missing item, and the same fit and band.
    assert single["coverage"] and suggestion["coverage"] == single["coverage"] == item["coverage"]
    assert (suggestion["fit"], suggestion["band"]) == (single["fit"], single["band"]) == (item["fit"], item["band"])
    cnas = [r for r in suggestion["coverage"] if r["kind"] == "qualification" and r["requirement"] == "CNAS"]
    assert len(cnas) == 1 and cnas[0]["covered"] is False
    assert cnas[0]["missing"].startswith("缺少：CNAS 认可的该项目")
    assert cnas[0]["evidence"].startswith("机构具备 CNAS")  # the center's mark, not the item's
    assert any(r["covered"] for r in suggestion["coverage"])  # a near miss, not a miss
    assert "/api/v1/assignments/{job_id}" in client.get("/openapi.json").json()["paths"]

    # The page shows the same requirements in its language, the missing one with what is missing.
    ui = TestClient(client.app)
    assert form_login(ui, "coord-assoc").status_code == 303
    page = ui.get(f"/assignments/{done['id']}").text
    done_n = sum(1 for r in single["coverage"] if r["covered"])
    assert (f'data-covered="{done_n}" data-total="{len(single["coverage"])}"') in page
    assert "缺少：CNAS 认可的该项目" in page and f'{single["fit"]}/100' in page
    # The band beside the fit, under the review page's heading for it (匹配度), as the review page shows them.
    band = single["band"]
    zh_band, en_band = {"high": ("高", "high"), "medium": ("中", "medium"), "low": ("低", "low")}[band]
    assert f'<span class="band {band}" data-band="{band}">{zh_band}</span>' in page
    assert "<th>匹配度</th>" in page and "<th>得分</th>" not in page
    english = ui.get(f"/assignments/{done['id']}?lang=en").text
    assert "missing: CNAS accreditation for this item" in english and "缺少：CNAS" not in english
    assert f'<span class="band {band}" data-band="{band}">{en_band}</span>' in english and "<th>Fit</th>" in english
    # The review the suggestion links to, in English: "Label: value", never the Chinese full-width colon.
    review_en = ui.get(f"/review/{review_id}?lang=en").text
    assert "Enterprise: " in review_en and "Matched capabilities: " in review_en, review_en
    assert "Enterprise：" not in review_en and "capabilities：" not in review_en
    review_zh = ui.get(f"/review/{review_id}?lang=zh").text
    assert "企业：" in review_zh and "匹配的能力：" in review_zh, review_zh
    # A decline's note is shown to the enterprise on its needs page: the coordinator is told so where it is typed (a
    # new user wrote "动力电池中心，不做塑料件材料分析" as an internal remark, 2026-11-29).
    assert 'name="text" maxlength="2000" placeholder="说明（企业可见）"' in review_zh
    assert 'placeholder="Note (the enterprise sees it)"' in review_en

    # The suggestions are the association's: a center, an enterprise or another job's id read nothing.
    for other in ("coord-center", "ent-a"):
        assert_error(client.get(f"/api/v1/assignments/{done['id']}", headers=as_(other)), 403)
    # Said with the roles' names, as a person reads it on a page too, not their ids.
    refused = assert_error(client.post("/api/v1/assignments", json={}, headers=as_("coord-center")), 403)
    assert refused["field"] == "role"
    assert refused["message"] == ("机构协调员无权办理：批量分派建议（可办理的角色：管理员、协会协调员）/ a center "
                                  "coordinator may not do this: batch assignment (allowed: administrator, association "
                                  "coordinator)")
    assert assert_error(client.get("/api/v1/assignments/no-such-job", headers=assoc), 404)["field"] == "job_id"

    # Decided as suggested, the engagement the coordinator lands on also writes "Label: value" in English.
    version = client.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()["version"]
    accepted = client.post(f"/api/v1/reviews/{review_id}/accept", headers=assoc,
                           json={"center_id": NEAR["id"], "version": version, "confirm_no_coordinator": True})
    assert accepted.status_code == 200, accepted.text
    engagement_en = ui.get(f"/engagements/{accepted.json()['engagement_id']}?lang=en").text
    assert "Enterprise: " in engagement_en and "Files accepted: " in engagement_en, engagement_en
    assert "：" not in engagement_en.split("<main")[1].split("</main>")[0].replace("缺少：", "")

    # Back on the batch's page the decided suggestion says so (found walking it in Chromium: the row looked as
    # before, a coordinator could not tell it was done), and each row names its need, not only its enterprise.
    after = ui.get(f"/assignments/{done['id']}?lang=zh").text
    title = client.get(f"/api/v1/needs/{need}", headers=assoc).json()["title"]
    assert title and f'<small class="need-title">{title}</small>' in after
    assert 'data-review-status="accepted" class="decided"' in after
    assert f'<span class="tag decided-state">已接受：{NEAR["name"]}</span>' in after
    assert f'<span class="tag decided-state">accepted: {NEAR["name"]}</span>' in ui.get(
        f"/assignments/{done['id']}?lang=en").text


def test_a_center_declined_as_unsuitable_is_not_suggested_for_that_need(client: TestClient,
                                                                         queue: jobs.JobsConfig) -> None:
    """As a re-match does not propose it again (flows.reviews_labels.exclusions), a batch does not suggest, nor offer
    as an alternate, a center declined as not suitable for the need; another need still gets it."""
    as_ = Logins(client)
    assoc = as_("coord-assoc")
    declined_need, review_id = submitted_need(client, as_("ent-a"), qualifications=["CNAS"])
    other_need, _ = submitted_need(client, as_("ent-a"), qualifications=["CNAS"],
                                   text="无锡一家储能电池企业，电芯需要做热失控和针刺试验，要求CNAS报告。")
    review = client.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()
    assert NEAR["id"] in [p["center_id"] for p in review["proposals"]]
    answer = client.post(f"/api/v1/reviews/{review_id}/reject", headers=assoc,
                         json={"center_id": NEAR["id"], "reason": "not_suitable", "version": review["version"]})
    assert answer.status_code == 200, answer.text
    assert client.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()["status"] == "pending"
    job = client.post("/api/v1/assignments", json={"need_ids": [declined_need, other_need]}, headers=assoc)
    assert job.status_code == 202, job.text
    done = wait_job(client, assoc, job.json()["id"], queue)
    assert done["status"] == "finished", done
    by_need = {a["need_id"]: a for a in done["result"]["assigned"]}
    mine = by_need.get(declined_need)
    assert mine is None or (mine["center_id"] != NEAR["id"] and NEAR["id"] not in mine["alternates"]), mine
    assert by_need[other_need]["center_id"] == NEAR["id"]  # not declined for this one (and not a near-duplicate)
