"""``innodock review correct``: the coordinator's correction of a need under review at the terminal, the same use case
as the review page's form and ``PATCH /api/v1/reviews/{id}/need`` (tests/api/test_api_need_correction.py)."""

from __future__ import annotations

import json

from core.settings import Settings
from tests.cli.test_cli_workflow import ASSOC, CLIENT, NEED_TEXT, events, ok, refused, terminal  # noqa: F401


def test_the_terminal_corrects_the_industry_and_refuses_an_unknown_one(terminal: Settings) -> None:  # noqa: F811
    need_id = json.loads(ok("need", "create", NEED_TEXT, "--as", CLIENT, "--json"))["id"]
    review_id = json.loads(ok("need", "submit", need_id, "--as", CLIENT, "--json"))["review_id"]
    assert refused("review", "correct", review_id, "--industry", "火星制造业", "--as", ASSOC) == "industry"
    assert refused("review", "correct", review_id, "--industry", "电池制造", "--as", CLIENT) == "role"
    done = json.loads(ok("review", "correct", review_id, "--industry", "专用设备制造业", "--service-type",
                         "quality_evaluation", "--as", ASSOC, "--json"))
    assert {c["field"] for c in done["changes"]} >= {"industry", "service_types"}
    said = [p for e, p in events(terminal) if e == "need.corrected"]
    assert said and "行业：" in said[-1]["changes_zh"] and "→ 专用设备制造业" in said[-1]["changes_zh"]


def test_the_terminal_corrects_the_region_and_refuses_a_city_of_another_province(
        terminal: Settings) -> None:  # noqa: F811
    need_id = json.loads(ok("need", "create", NEED_TEXT, "--as", CLIENT, "--json"))["id"]
    review_id = json.loads(ok("need", "submit", need_id, "--as", CLIENT, "--json"))["review_id"]
    assert refused("review", "correct", review_id, "--province", "福建省", "--city", "常州", "--as", ASSOC) \
        == "region.city"
    assert refused("review", "correct", review_id, "--budget-min", "9", "--budget-max", "1", "--as", ASSOC) == "budget"
    done = json.loads(ok("review", "correct", review_id, "--province", "浙江", "--city", "宁波", "--qualification",
                         "CNAS", "--confidential", "--as", ASSOC, "--json"))
    changed = {c["field"]: c["new"] for c in done["changes"]}
    assert changed["region"] == "浙江省宁波市" and changed["qualifications"] == "CNAS"
    assert changed["confidential"] == "保密"
