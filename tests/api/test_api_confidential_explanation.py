"""A confidential need leaked its technical problem to a proposed center before its details were opened (a new user's
trial, 2026-11-29): the header was redacted, but the proposal's 匹配的能力 and 为什么推荐 quoted the matched
capability's evidence and the key terms shared with the need — chosen by their overlap with the confidential text, so
they said it. A center that may read only the published summary now reads, on every door (the JSON API with its
login, the review page, the opportunities, the team, the engagement), no string of the need's text and no evidence
chosen by it; the rule lines stay. Once the details are opened to it (the enterprise's countersignature of an agreement
with a confidentiality clause), it reads them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import AGREEMENT, Logins, accept_first, step, submitted_need
from tests.api.uihelpers import center_reads, facts_row, signed_in

CENTER = "qic-js-battery"
# The need's distinctive words (tests/api/domainhelpers.NEED_TEXT) and the matched capability's title and evidence
# (tests/kb/kbhelpers.CAP): none is in the published summary of a confidential need.
SECRET = ("针刺", "热失控", "38031", "单体", "热扩散", "动力电池单体热失控试验")



def _leaks(reads: dict[str, str]) -> list[tuple[str, str]]:
    return [(door, word) for door, text in reads.items() for word in SECRET if word in text]


def test_a_center_without_details_access_reads_nothing_of_the_confidential_text(domain_client: TestClient,
                                                                                 domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"), confidential=True)
    review = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()
    ours = next(p for p in review["proposals"] if p["center_id"] == CENTER)
    # the matcher did choose by the confidential text: the association (who may read it) sees the evidence
    assert any(r["kind"] in ("passage", "terms") for r in ours["reasons"]), ours["reasons"]
    assert ours["capabilities"], ours
    center = as_("coord-center")
    seen = center_reads(c, center, need_id, review_id)
    assert "api review" in seen and f"zh /review/{review_id}" in seen
    leaks = _leaks(seen)
    assert leaks == [], leaks
    # the rule lines stay: the service type, the qualification the summary names
    mine = c.get(f"/api/v1/reviews/{review_id}", headers=center).json()["proposals"]
    assert [p["center_id"] for p in mine] == [CENTER]
    kinds = {r["kind"] for r in mine[0]["reasons"]}
    assert not kinds & {"passage", "terms", "expansion", "coverage", "product_family", "product_card", "need_card"}
    assert mine[0]["capabilities"] == []
    rules = [r["text"] for r in mine[0]["reasons"] if r["kind"] == "rule"]
    assert any("CMA" in t for t in rules) and any("服务类型" in t for t in rules), rules
    assert {r["kind"] for r in mine[0]["coverage"]} <= {"service_type", "qualification", "preferred_qualification",
                                                        "region"}
    page = signed_in(c, "coord-center", "zh").get(f"/review/{review_id}").text
    assert "具备所需资质 CMA（硬性条件，已满足）" in page

    # accepted, agreement signed, but not yet countersigned: still nothing
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    step(c, as_("ent-a"), eng, "reach_agreement", {})
    # (the agreement's scope in words of its own: the center writes it, and AGREEMENT's names the test)
    step(c, as_("coord-center"), eng, "sign_agreement", {"agreement": {**AGREEMENT, "scope": "电池安全检测"}})
    leaks = _leaks(center_reads(c, center, need_id, review_id, eng))
    assert leaks == [], leaks

    # the enterprise countersigns the agreement with its confidentiality clause: the details open, and so does the why
    step(c, as_("ent-a"), eng, "countersign", {})
    opened = center_reads(c, center, need_id, review_id, eng)
    assert "针刺" in opened["api need"]
    assert "动力电池单体热失控试验" in opened["api review"]
    assert "动力电池单体热失控试验" in opened[f"zh /review/{review_id}"]


def test_a_proposed_center_reads_the_qualifications_a_confidential_need_requires(domain_client: TestClient,
                                                                                 domain_world: World) -> None:
    """The same view said "资质要求 未说明" while its rule line said "具备所需资质 CMA（硬性条件，已满足）": the
    qualifications are what a center needs to know whether it can take the work, and the rule line names them anyway."""
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"), confidential=True, preferred_qualifications=["CNAS"])
    assert c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).json()["qualifications"] == ["CMA"]
    for lang, label in (("zh", "资质要求"), ("en", "Qualifications")):
        said = facts_row(signed_in(c, "coord-center", lang).get(f"/review/{review_id}").text, label)
        assert "CMA" in said and "CNAS" in said, (lang, said)
