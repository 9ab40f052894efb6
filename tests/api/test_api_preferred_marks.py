"""A mark wished for, over the JSON API (issue 27 / issue 28): ``POST /api/v1/needs`` reads "最好能有CMA，没有也行" into
``preferred_qualifications``, not the required ``qualifications``; ``PATCH`` moves a mark between the two (a mark in
both is required); a submitted need's proposals list a wished mark as "优先：CNAS — 具备", never as a requirement."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.domainhelpers import Logins, create_need, submitted_need

WISHED = ("我们是常州的动力电池生产企业，电芯在针刺后出现热失控，需要按GB 38031-2020做单体热失控试验检测，"
          "最好能有CMA，没有也行，预算5万元，三个月内完成。")


def test_the_api_reads_and_moves_a_wished_mark(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need = create_need(c, as_("ent-a"), text=WISHED)
    assert (need["qualifications"], need["preferred_qualifications"]) == ([], ["CMA"])
    moved = c.patch(f"/api/v1/needs/{need['id']}", headers=as_("ent-a"), json={"qualifications": ["CMA"]})
    assert moved.status_code == 200, moved.text
    assert (moved.json()["qualifications"], moved.json()["preferred_qualifications"]) == (["CMA"], [])
    back = c.patch(f"/api/v1/needs/{need['id']}", headers=as_("ent-a"),
                   json={"qualifications": [], "preferred_qualifications": ["CMA"]})
    assert (back.json()["qualifications"], back.json()["preferred_qualifications"]) == ([], ["CMA"])


def test_a_submitted_need_lists_its_wished_mark_apart(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _need, review_id = submitted_need(c, as_("ent-a"), text=WISHED, preferred_qualifications=["CNAS"])
    review = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()
    [battery] = [p for p in review["proposals"] if p["center_id"] == "qic-js-battery"]
    wished = [r for r in battery["coverage"] if r["kind"] == "preferred_qualification"]
    assert [(r["requirement"], r["covered"]) for r in wished] == [("CNAS", True)], battery["coverage"]
    assert "优先：CNAS — 具备" in wished[0]["evidence"]
    assert not [r for r in battery["coverage"] if r["kind"] == "qualification" and r["requirement"] == "CNAS"]
