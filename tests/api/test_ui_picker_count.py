"""The assign-by-hand picker's count says what is shown (a new user's trial in Chromium, 2026-11-29: a search for
"汽车" listed four providers under the heading "运行 51 家"): after a search each state's count reads "51 家中 4 家相符"
("4 of 51 match"), and without one it reads "51 家"; the page's script says the same as one types (ui_console.js,
from the count's data-total, data-of and data-all)."""

from __future__ import annotations

from api.pages.ui_review import assign_picker
from flows.reviews import Candidate

CANDIDATES = [
    Candidate(center_id=f"c{i}", name=f"{'汽车零部件' if i < 4 else '电子'}检测中心{i}", region="江苏省常州市",
              province="江苏省", state="operating", refusal=None, reachable=True)
    for i in range(10)
]


def _counts(query: str, lang: str) -> list[str]:
    return [g["said"] for g in assign_picker(CANDIDATES, proposed=set(), query=query, lang=lang)["groups"]]


def test_the_picker_s_count_says_how_many_of_how_many_match() -> None:
    assert _counts("", "zh") == ["10 家"]
    assert _counts("汽车", "zh") == ["10 家中 4 家相符"]
    assert _counts("汽车", "en") == ["4 of 10 match"]
    group = assign_picker(CANDIDATES, proposed=set(), query="汽车", lang="zh")["groups"][0]
    assert (group["count"], group["of"]) == (4, 10)
