"""The development set is well-formed and labelled within the vocabularies; the extractor stays above the goal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from intake.extract import extract
from intake.extract.region import lookup
from kb.vocab import ServiceType

DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_dev_set_shape() -> None:
    items = _load("intake_dev.jsonl")
    assert len(items) >= 110
    assert len({i["id"] for i in items}) == len(items)
    english = [i for i in items if sum(c.isascii() for c in i["text"]) > 0.8 * len(i["text"])]
    assert len(english) >= 15
    valid = {s.value for s in ServiceType}
    for item in items:
        exp = item["expected"]
        date.fromisoformat(item["today"])
        assert set(exp["service_types"]) <= valid
        if exp["deadline"]:
            date.fromisoformat(exp["deadline"])
        province, city = exp["region"]["province"], exp["region"]["city"]
        if city:
            place = lookup(city)
            assert place is not None and place.province == province, item["id"]
        if province:
            assert lookup(province) is not None


def test_extractor_meets_the_goal_on_both_sets() -> None:
    for name in sorted(p.name for p in DATA.glob("intake_*.jsonl")):
        items = _load(name)
        right = {"service_types": 0, "region": 0, "budget": 0, "deadline": 0, "confidential": 0}
        for item in items:
            got = extract(item["text"], today=date.fromisoformat(item["today"])).summary_json()
            exp = item["expected"]
            right["service_types"] += sorted(got["service_types"]) == sorted(exp["service_types"])
            right["region"] += got["region"] == exp["region"]
            right["budget"] += (got["budget"]["min_yuan"], got["budget"]["max_yuan"]) == (
                exp["budget"]["min_yuan"], exp["budget"]["max_yuan"])
            right["deadline"] += got["deadline"] == exp["deadline"]
            right["confidential"] += got["confidential"] == exp["confidential"]
        for field, count in right.items():
            assert count / len(items) >= 0.9, (name, field, count)
