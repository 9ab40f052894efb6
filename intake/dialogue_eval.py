"""Judging the intake chat on multi-turn dialogues with gold final needs (``tests/intake/data/dialogues``), the way
sentence-transformers' evaluators work: called with a way to run the chat and a set, it returns a metrics dict with
a primary metric. ``benchmarks/intake_dialogues.py`` prints it; a test runs it and holds its floors.

Measured per dialogue, after its last message: every field against the gold need, and whether all were right; per
turn, whether a correction was honoured (the field it names changed at that turn, and ends right) and whether an
answer landed in the asked field (the field is filled, or declined for a refusal, right after it); and whether the
title holds a budget, a deadline or a place (``intake.publish.title_flaws``), is a fragment
(:func:`title_fragment`: "超声波测不需求") or opens as a correction's leftover ("是失效分析"). Also, whether the
product was read exactly (the gold or an alternative, not merely containing it: "储能电池包高温" is not 储能电池包),
and, on a dialogue typed on a page of another language (``page_language``), whether the
assistant's replies are in the page's language.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from intake.publish import title_flaws
from intake.schemas import ZH_LIST_JOINT, Need, SessionView

FIELDS = ("service_types", "product", "region", "local_only", "budget", "deadline", "confidential",
          "qualifications")

# Runs one dialogue through the chat: its messages, its "today" and the page's language (None: the messages'), one
# SessionView after each message.
ChatRunner = Callable[[Sequence[str], date, str | None], list[SessionView]]

# A title that opens as a correction does ("不对，…", "是失效分析", "actually …"): a correction's leftover, not a need.
_CORRECTION_OPENING = re.compile(r"^\s*(?:不对|不是|是|改成|改为|应该是|actually\b|no\b|not\b)", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def correction_title(title: str | None) -> bool:
    return bool(title) and bool(_CORRECTION_OPENING.match(title or ""))


# A title that is a fragment, not a name for the need (dlg-036 was titled "超声波测不需求", and no check said so): a
# dangling verb or particle glued to 需求 ("测不需求"), a clause of what cannot be done or is missing glued to it
# ("…没有对应的标准需求", "…分析一下原因需求", "…按国标需求"), a phrase said twice ("防水等级防水等级检测需求"), a
# count before the thing ("几台三坐标测量机…"), two words run together ("modulesEMC需求"), a qualification for the
# service ("…CNAS需求", "…: CNAS"); in English, a product part
# ending in a function word ("gauges of: testing"), a clause ("can't measure") or a word cut ("calibrat").
_ZH_DANGLING = re.compile(r"[不了的地得着把被和与及或吗呢吧啊就还也都很]需求$")
# (and a choice between two causes cut short, "…问题还是需求"; the twenty-third probe, p221)
_ZH_CLAUSE = re.compile(r"(没有|没法|无法|不能|不了|不出|不准|不到|不够|不行|做不|测不|量不|一下|原因$|还是$|"
                        r"^[^，。]*?(按照?|依照|根据|依据)[^，。]{1,6}$)")
_ZH_COUNT = re.compile(r"^[几一两二三四五六七八九十数多某这那][台批个款种套件些只根块]")
_REPEAT = re.compile(r"([\u4e00-\u9fff]{2,})\1")
_EN_DANGLING = re.compile(r"\b(of|to|and|or|the|a|an|for|with|on|in|by|our|their|its|is|are|be|some)\s*$", re.I)
_EN_CLAUSE = re.compile(r"(n't\b|\bnot\b|\bcannot\b|\bunable\b|(?:calibrat|evaluat|measur|certif|analy|inspec)$)",
                        re.I)
_GLUED = re.compile(r"[a-z][A-Z]{2,}")  # "encrypted radio modulesEMC需求": two words run together
# A service part that is only a qualification ("三坐标测量机CNAS需求", "pressure gauges: CNAS"): it names who may do
# the work, not the work.
_QUALIFICATION = r"(?:CNAS|CMA|CAL|CATL|CMAF|ILAC(?:-MRA)?|资质|accredited|accreditation)"
_ZH_QUALIFICATION = re.compile(r"(?<![A-Za-z])" + _QUALIFICATION + r"(?:\s*[、/和及与]\s*" + _QUALIFICATION
                               + r")*(?:资质)?需求$", re.I)
_EN_QUALIFICATION = re.compile(r":\s*" + _QUALIFICATION + r"(?:\s*(?:,|/|and)\s*" + _QUALIFICATION + r")*\s*$", re.I)


def title_fragment(title: str | None) -> bool:
    """Whether a title is a fragment (see above) rather than a name for the need."""
    if not title:
        return False
    if _GLUED.search(title) or _ZH_QUALIFICATION.search(title) or _EN_QUALIFICATION.search(title):
        return True
    if _CJK.search(title):
        return bool(_ZH_DANGLING.search(title) or (title.endswith("需求") and _ZH_CLAUSE.search(title[:-2]))
                    or _ZH_COUNT.match(title) or _REPEAT.search(title))
    head = title.split(":", 1)[0]
    return bool(_EN_DANGLING.search(head) or _EN_CLAUSE.search(title))


def reply_language(text: str) -> str:
    """"en" when a reply has more Latin letters than CJK characters (an English sentence quoting Chinese words is
    English), else "zh"."""
    return "en" if len(_LATIN.findall(text)) > len(_CJK.findall(text)) else "zh"


def load_dialogues(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _squash(text: str | None) -> str:
    return "".join((text or "").split()).casefold()


def product_right(reading: str | None, gold: str | None, alternatives: Iterable[str] = ()) -> bool:
    """The gold phrase (or an alternative) contained in the reading, or the reading in it; null only for null."""
    if gold is None:
        return reading is None
    if not reading:
        return False
    got = _squash(reading)
    return any(g and (g in got or got in g) for g in (_squash(x) for x in [gold, *alternatives]))


# The joints of a list of products: "卡尺、千分尺" is the list "卡尺和千分尺" (the fourth probe's reader reads a list of
# instruments whole, as the enterprise writes it, and a card written "卡尺和千分尺" held it not exact).
_LIST_JOINT = re.compile(rf"(?<=[\u4e00-\u9fff]){ZH_LIST_JOINT}(?=[\u4e00-\u9fff])")


def product_exact(reading: str | None, gold: str | None, alternatives: Iterable[str] = ()) -> bool:
    """The reading is the gold phrase or one of its alternatives (spacing, case and a list's joints aside)."""
    if gold is None:
        return reading is None

    def key(text: str | None) -> str:
        return _LIST_JOINT.sub("、", _squash(text))

    return bool(reading) and key(reading) in {key(x) for x in [gold, *alternatives]}


def field_right(need: Need, gold: dict[str, Any], name: str) -> bool:
    if name == "service_types":
        return sorted(s.value for s in need.service_types) == sorted(gold["service_types"])
    if name == "product":
        return product_right(need.product, gold["product"], gold.get("product_alternatives") or [])
    if name == "region":
        return (need.region.province, need.region.city) == (gold["region"]["province"], gold["region"]["city"])
    if name == "local_only":
        return need.local_only == bool(gold.get("local_only"))
    if name == "budget":
        return (need.budget.min_yuan, need.budget.max_yuan) == (gold["budget"]["min_yuan"], gold["budget"]["max_yuan"])
    if name == "deadline":
        return (need.deadline.isoformat() if need.deadline else None) == gold["deadline"]
    if name == "confidential":
        return need.confidential == bool(gold["confidential"])
    if name == "qualifications":
        return sorted(need.qualifications) == sorted(gold.get("qualifications") or [])
    raise ValueError(name)


def _value(need: Need, name: str) -> Any:
    if name == "region":
        return (need.region.province, need.region.city)
    if name == "budget":
        return (need.budget.min_yuan, need.budget.max_yuan)
    if name == "service_types":
        return sorted(s.value for s in need.service_types)
    if name == "qualifications":
        return sorted(need.qualifications)
    return getattr(need, name)


def _filled(need: Need, name: str) -> bool:
    value = _value(need, name)
    if name in ("region", "budget"):
        return any(v is not None for v in value)
    return bool(value)


@dataclass
class DialogueResult:
    id: str
    language: str
    wrong_fields: list[str]
    corrections: int = 0
    corrections_honoured: int = 0
    answers: int = 0
    answers_landed: int = 0
    asked_as_scripted: int = 0
    scripted_asks: int = 0
    title: str | None = None
    title_flaws: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    product: str | None = None
    product_exact: bool = True
    correction_title: bool = False
    page_language: str | None = None
    replies: int = 0
    replies_in_page_language: int = 0


def score_dialogue(item: dict[str, Any], views: Sequence[SessionView]) -> DialogueResult:
    """One dialogue's results from the views the chat gave after each of its messages."""
    gold = item["gold"]
    turns = item["turns"]
    final = views[-1].need
    result = DialogueResult(id=item["id"], language=item.get("language", "zh"),
                            wrong_fields=[n for n in FIELDS if not field_right(final, gold, n)])
    for i, turn in enumerate(turns):
        before = views[i - 1].need if i > 0 else None
        after = views[i].need
        asked = turn.get("asked")
        if asked is not None and i > 0:
            result.scripted_asks += 1
            if views[i - 1].ask_field == asked:
                result.asked_as_scripted += 1
        if turn["kind"] == "correction" and before is not None:
            for name in turn.get("corrects") or []:
                result.corrections += 1
                changed = _value(before, name) != _value(after, name)
                if changed and field_right(final, gold, name):
                    result.corrections_honoured += 1
                else:
                    result.failures.append(f"turn {i + 1}: correction of {name} not honoured "
                                           f"({_value(before, name)!r} → {_value(after, name)!r})")
        if turn["kind"] in ("answer", "refusal") and asked is not None:
            result.answers += 1
            declined = turn["kind"] == "refusal"
            landed = (asked not in after.missing and not _filled(after, asked)) if declined else \
                _filled(after, asked) or (asked == "product" and bool(after.industry) and not gold.get("product"))
            if landed:
                result.answers_landed += 1
            else:
                result.failures.append(f"turn {i + 1}: answer to {asked} did not land ({turn['user']!r})")
    result.title = final.title
    result.title_flaws = title_flaws(final.title or "", today=date.fromisoformat(item["today"]))
    if title_fragment(final.title):
        result.title_flaws.append("fragment")
    result.correction_title = correction_title(final.title)
    result.product = final.product
    result.product_exact = product_exact(final.product, gold["product"], gold.get("product_alternatives") or [])
    page = item.get("page_language")
    if page:
        result.page_language = page
        replies = [t.text for t in views[-1].turns if t.role == "assistant"]
        result.replies = len(replies)
        result.replies_in_page_language = sum(reply_language(r) == page for r in replies)
        if result.replies_in_page_language < result.replies:
            result.failures.append(f"{result.replies - result.replies_in_page_language} of {result.replies} "
                                   f"replies not in the page's language ({page})")
    return result


@dataclass
class DialogueEvaluator:
    """Runs every dialogue through ``run`` and scores it; ``__call__`` returns the metrics (primary:
    ``all_fields_right``)."""

    dialogues: list[dict[str, Any]]
    results: list[DialogueResult] = field(default_factory=list)
    primary_metric: str = "all_fields_right"

    def __call__(self, run: ChatRunner) -> dict[str, Any]:
        self.results = []
        for item in self.dialogues:
            views = run([t["user"] for t in item["turns"]], date.fromisoformat(item["today"]),
                        item.get("page_language"))
            self.results.append(score_dialogue(item, views))
        return metrics(self.results)


def metrics(results: Sequence[DialogueResult]) -> dict[str, Any]:
    n = len(results) or 1
    wrong = Counter(f for r in results for f in r.wrong_fields)
    corrections = sum(r.corrections for r in results)
    answers = sum(r.answers for r in results)
    asks = sum(r.scripted_asks for r in results)
    out: dict[str, Any] = {
        "dialogues": len(results),
        "all_fields_right": round(sum(not r.wrong_fields for r in results) / n, 4),
        "per_field": {f: round(1 - wrong[f] / n, 4) for f in FIELDS},
        "corrections": corrections,
        "corrections_honoured": round(sum(r.corrections_honoured for r in results) / corrections, 4)
        if corrections else 1.0,
        "answers": answers,
        "answers_landed": round(sum(r.answers_landed for r in results) / answers, 4) if answers else 1.0,
        "asked_as_scripted": round(sum(r.asked_as_scripted for r in results) / asks, 4) if asks else 1.0,
        "bad_titles": sum(bool(r.title_flaws) for r in results),
        "correction_titles": sum(r.correction_title for r in results),
        "product_exact": round(sum(r.product_exact for r in results) / n, 4),
    }
    paged = [r for r in results if r.page_language]
    if paged:
        replies = sum(r.replies for r in paged)
        out["page_language_dialogues"] = len(paged)
        out["replies_in_page_language"] = round(sum(r.replies_in_page_language for r in paged) / replies, 4) \
            if replies else 1.0
    for language in sorted({r.language for r in results}):
        mine = [r for r in results if r.language == language]
        out[f"all_fields_right_{language}"] = round(sum(not r.wrong_fields for r in mine) / len(mine), 4)
    return out
