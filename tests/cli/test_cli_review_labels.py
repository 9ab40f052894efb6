"""The review decisions and the opportunities at the terminal (issue 28 items 4 and 6, issue 30 item 3):
``innodock review undo-decline`` undoes a wrong decline, ``review rematch`` leaves out a center declined as
unsuitable unless ``--include-declined``, ``innodock match labels --out FILE`` writes every decision as a labelled
record (a decline undone is none; the matching itself stays ``innodock match TEXT``), and ``review opportunities`` /
``review can-help`` serve a provider. The same flows as the API (tests/flows/test_reviews_labels.py,
test_opportunities.py)."""

from __future__ import annotations

import json
from pathlib import Path

from core.settings import Settings
from tests.cli.test_cli_workflow import ASSOC, CLIENT, NEED_TEXT, ok, refused, terminal  # noqa: F401
from tests.pipeline.pipeline_helpers import CENTER_ID


def _review(review_id: str) -> dict:
    return json.loads(ok("review", "show", review_id, "--as", ASSOC))


def test_undo_a_decline_rematch_without_it_and_export_the_labels(terminal: Settings, tmp_path: Path) -> None:  # noqa: F811
    need_id = json.loads(ok("need", "create", NEED_TEXT, "--as", CLIENT, "--json"))["id"]
    review_id = json.loads(ok("need", "submit", need_id, "--as", CLIENT, "--json"))["review_id"]
    center = _review(review_id)["proposals"][0]["center_id"]
    ok("review", "reject", review_id, "--as", ASSOC, "--reason", "not_suitable", "--center", center, "--version",
       str(_review(review_id)["version"]))
    out = tmp_path / "labels.jsonl"
    assert refused("match", "labels", "--out", str(out), "--as", f"center_coordinator:z@{center}") == "role"
    ok("match", "labels", "--out", str(out), "--as", ASSOC)
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (record["need_id"], record["center_id"], record["label"], record["reason"]) == (
        need_id, center, "negative", "not_suitable")
    assert record["need_text"] == NEED_TEXT

    # Undone: no label any more.
    assert refused("review", "undo-decline", review_id, "--as", ASSOC, "--center", center, "--version", "1") == \
        "version"
    undone = json.loads(ok("review", "undo-decline", review_id, "--as", ASSOC, "--center", center, "--version",
                           str(_review(review_id)["version"]), "--json"))
    assert undone["declined"] == []
    ok("match", "labels", "--out", str(out), "--as", ASSOC)
    assert out.read_text(encoding="utf-8") == ""

    # Declined again as unsuitable: a re-match leaves it out, unless asked.
    ok("review", "reject", review_id, "--as", ASSOC, "--reason", "not_suitable", "--center", center, "--version",
       str(_review(review_id)["version"]))
    again = json.loads(ok("review", "rematch", review_id, "--as", ASSOC, "--version",
                          str(_review(review_id)["version"]), "--json"))
    assert center not in {p["center_id"] for p in again["proposals"]}
    asked = json.loads(ok("review", "rematch", review_id, "--as", ASSOC, "--version", str(again["version"]),
                          "--include-declined", "--json"))
    assert center in {p["center_id"] for p in asked["proposals"]}
    # Matching at the terminal is still `innodock match TEXT`.
    assert json.loads(ok("match", NEED_TEXT, "--top", "1", "--json"))["matches"]


def test_a_provider_reads_its_opportunities_and_says_it_can_help(terminal: Settings) -> None:  # noqa: F811
    """``innodock review opportunities`` and ``review can-help`` (issue 28, item 6): the same flows as the API."""
    need_id = json.loads(ok("need", "create", NEED_TEXT, "--as", CLIENT, "--json"))["id"]
    review_id = json.loads(ok("need", "submit", need_id, "--as", CLIENT, "--json"))["review_id"]
    center = f"center_coordinator:zhang@{CENTER_ID}"
    found = json.loads(ok("review", "opportunities", "--center", CENTER_ID, "--as", center, "--json"))
    assert [o["need"]["id"] for o in found] == [need_id] and "text" not in found[0]["need"]
    assert refused("review", "opportunities", "--center", CENTER_ID, "--as", CLIENT) == "role"
    assert refused("review", "opportunities", "--center", CENTER_ID, "--as",
                   "center_coordinator:wu@met-t-rare") == "center_id"
    assert refused("review", "can-help", need_id, "--center", CENTER_ID, "--as", center, "--note", "长" * 501) == \
        "note"
    ok("review", "can-help", need_id, "--center", CENTER_ID, "--as", center, "--note", "下周可安排")
    assert [h["note"] for h in _review(review_id)["can_help"]] == ["下周可安排"]


def test_match_retrain_refits_only_on_enough_decisions_and_records_both_figures(terminal: Settings) -> None:  # noqa: F811
    """``innodock match retrain`` (issue 28, item 4): the flows' retraining, recorded as a finished job; one decided
    round is too few to refit on, so nothing is adopted and the note says why."""
    need_id = json.loads(ok("need", "create", NEED_TEXT, "--as", CLIENT, "--json"))["id"]
    review_id = json.loads(ok("need", "submit", need_id, "--as", CLIENT, "--json"))["review_id"]
    center = _review(review_id)["proposals"][0]["center_id"]
    ok("review", "reject", review_id, "--as", ASSOC, "--reason", "not_suitable", "--center", center, "--version",
       str(_review(review_id)["version"]))
    assert refused("match", "retrain", "--as", f"center_coordinator:z@{center}") == "role"
    result = json.loads(ok("match", "retrain", "--as", ASSOC, "--json"))
    assert (result["decided_rounds"], result["adopted"], result["current"], result["candidate"]) == (1, False, None,
                                                                                                     None)
    assert result["job_id"] and "too few" in result["note"] and result["shipped_groups"] > 0
    said = ok("match", "retrain", "--as", ASSOC)
    assert "adopted: 否 / no" in said or "否 / no" in said
