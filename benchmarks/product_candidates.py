"""The product reader's candidates as feature vectors, and a linear chooser over them: what
``benchmarks/intake_product_loso.py`` trains and judges (issue 27 item 6). Not used by the product reader.

The rules of :mod:`intake.extract.product` score each noun phrase by the structure around it and take the best; those
weights were set by hand on the development sets and did not carry to unseen text. :func:`candidates` turns every
candidate the rules produce (their score and rank, their reading, the cues they look at, the product vocabulary of
:mod:`kb.products`, position, length, nearness to test / failure / R&D words, a Latin name inside Chinese text) into
:data:`FEATURES`; :class:`ChooserModel` is a logistic model over them (standardised linear weights scored with numpy,
as :mod:`matcher.ranker` ships its model). Leave one set out, no chooser, override or learned abstention read the real
development sets better than the rules alone in both languages (docs/intake.md "A learned chooser, judged by leaving
one set out"), so nothing is shipped and the reader is unchanged; this module stays beside the benchmark so the next
attempt starts from it. Move it into ``intake/extract`` (with a model file and a training command) only when
``intake_product_loso.py`` shows it beating "off" in both languages.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from intake.extract import product as rules
from kb.products import product_head, product_terms

FORMAT = 1

# Words near a phrase that say the need is about it: a test or service, a failure, R&D.
_TEST_ZH = re.compile(r"检测|检验|测试|试验|校准|检定|认证|分析|评价|评估|鉴定|验证|计量|送检|抽检|监测")
_FAIL_ZH = re.compile(r"失效|故障|开裂|断裂|腐蚀|泄漏|漏|报警|异常|不合格|超标|问题|老化|变形|脱落|起泡|发热|烧|短路")
_RND_ZH = re.compile(r"研发|开发|研制|设计|试制|改进|优化|攻关|升级|制备")
_OBJ_BEFORE_ZH = re.compile(r"(对|给|为|检测|测试|测一下|检验|校准|研发|开发|研制|送检)"
                            r"(我们的?|公司的?|这批|一批|这款|这种)?$")
_OWN_BEFORE_ZH = re.compile(r"(我们|我司|我厂|公司|本公司|企业|厂里)(的|生产的|做的|研发的|自产的)?$")
_TEST_EN = re.compile(r"\b(test\w*|inspect\w*|calibrat\w*|certif\w*|analys\w*|measur\w*|verif\w*|assess\w*|"
                      r"evaluat\w*|complian\w*)\b", re.I)
_FAIL_EN = re.compile(r"\b(fail\w*|crack\w*|break\w*|broke\w*|leak\w*|corro\w*|fault\w*|defect\w*|overheat\w*|"
                      r"error\w*|problem\w*|issue\w*|wrong|drift\w*|noise|noisy)\b", re.I)
_RND_EN = re.compile(r"\b(develop\w*|design\w*|research\w*|prototyp\w*|improv\w*|optimi[sz]\w*|build\w*)\b", re.I)
_OWN_BEFORE_EN = re.compile(r"\b(our|my|we make|we produce|we manufacture)\s+(?:\w+\s+){0,1}$", re.I)
_OBJ_BEFORE_EN = re.compile(r"\b(test|testing|inspect|inspection|calibrate|calibration|certify|certification|"
                            r"analysis|develop|design|of|for)\s+(?:the |our |a |an |these |this )?$", re.I)

FEATURES: tuple[str, ...] = (
    "bias_en", "rule_score", "rule_gap", "rule_best", "rule_rank_inv", "is_reading", "overlaps_reading",
    "in_title", "rel_pos", "log_start", "log_len", "n_words", "vocab_head", "vocab_term", "prior_zh", "thing_like",
    "repeated", "test_after", "test_before", "fail_after", "fail_before", "rnd_before", "object_of", "own_before",
    "has_digit", "log_n_cands", "reading_none", "extra", "starts_text", "first_line", "earliest", "model_like",
    "latin_in_zh", "asked_about", "mark_near", "log_count",
)


@dataclass(frozen=True)
class Candidate:
    phrase: str
    start: int
    features: tuple[float, ...]


def _near(rx: re.Pattern[str], window: str) -> float:
    return 1.0 if rx.search(window) else 0.0


# A name in Latin letters inside Chinese text ("不知shenyu在等保上…", "GMSSL 满足GB/T 38636-2020吗"): jieba's runs
# glue it to the words around it or drop it; the chooser sees it alone as well (``extra``); a mark or standard is
# none.
_LATIN_IN_ZH = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:[ .\-][A-Za-z0-9]+){0,3}(?![A-Za-z0-9])")
_QUESTION_AFTER_ZH = re.compile(r"^[^，。；！？,;!?]{0,10}?(是否|能否|能不能|可不可以|可以吗|吗|支持|满足|符合|有没有)")
_QUESTION_AFTER_EN = re.compile(r"^[^.?!\n]{0,60}\?")
_MARK_NEAR = re.compile(r"\b(CE|FCC|RoHS|UL|CCC|REACH|certif\w*|complian\w*|approv\w*)\b|认证|证书|合规|等保|测评|国标|"
                        r"信创|型式", re.I)
_MODEL_LIKE = re.compile(r"[A-Za-z]+\d|\d+[A-Za-z]|[a-z][A-Z]|^[A-Z]{2,}$|[A-Z]{2,}[a-z]")
_RULES_SCORE_OF_EXTRA = -1.0


def _zh_candidates(body: str) -> list[tuple[str, int, float, bool]]:
    cands = [(c.text, c.start, c.score, False) for c in rules._candidates_zh(body)]
    for m in _LATIN_IN_ZH.finditer(body):
        word = m.group(0).strip(" .-")
        if len(word) >= 2 and not rules._MARK.match(word) and not rules._EN_MARK.match(word) \
                and word.lower() not in rules._EN_FUNCTION:
            cands.append((word, m.start(), _RULES_SCORE_OF_EXTRA, True))
    return cands


def _en_candidates(text: str) -> list[tuple[str, int, float, bool]]:
    return [(re.sub(r"\s+", " ", phrase).strip(" -/"), start, score, False)
            for score, start, phrase in rules._en_scored(text)]


def _body(text: str) -> tuple[str, bool]:
    """The text as the rules read it and whether it is read as English."""
    body = re.sub(r"\s+", " ", text or "").strip()[:rules.READ_CHARS]
    if rules.reads_as_english(body):
        lines = re.sub(r"[ \t\r\f\v]+", " ", text or "").strip()
        return re.sub(r" ?\n[\n ]*", "\n", lines)[:rules.READ_CHARS].strip(), True
    return body, False


def candidates(text: str, reading: str | None = None) -> tuple[list[Candidate], bool]:
    """Every candidate of the rules for ``text`` (and the rules' reading itself, when it is none of them: a whole list,
    a model code), each with its :data:`FEATURES`; and whether the text is read as English."""
    body, english = _body(text)
    if not body:
        return [], english
    if reading is None:
        reading = rules.extract_product(text)
    raw = _en_candidates(body) if english else _zh_candidates(body)
    seen: dict[str, tuple[str, int, float, bool]] = {}
    for phrase, start, score, extra in raw:
        if phrase and (phrase not in seen or seen[phrase][2] < score):
            seen[phrase] = (phrase, start, score, extra and phrase not in seen)
    best = max((s for _, _, s, x in seen.values() if not x), default=0.0)
    if reading and reading not in seen:
        at = body.find(reading)
        seen[reading] = (reading, max(at, 0), best, False)
    ordered = sorted(seen.values(), key=lambda c: -c[2])
    n = len(ordered)
    title_end = rules._en_title_end(body) if english else rules._title_end(body)
    low = body.lower()
    first_line = body.find("\n") if "\n" in body else len(body)
    earliest = min((c[1] for c in ordered), default=0)
    out: list[Candidate] = []
    for rank, (phrase, start, score, extra) in enumerate(ordered):
        end = start + len(phrase)
        before = body[max(0, start - (40 if english else 12)):start]
        after = body[end:end + (60 if english else 16)]
        if english:
            words = phrase.split()
            head = words[-1].lower() if words else ""
            repeated = max(low.count(head) - 1, 0) if head else 0
            thing = 1.0 if words and rules._en_thing_like(words) else 0.0
            vocab_head = vocab_term = prior = 0.0
            test_rx, fail_rx, rnd_rx, own_rx, obj_rx = _TEST_EN, _FAIL_EN, _RND_EN, _OWN_BEFORE_EN, _OBJ_BEFORE_EN
            n_words = float(len(words))
        else:
            repeated = max(body.count(phrase) - 1, 0)
            vocab_head = 1.0 if product_head(phrase) else 0.0
            vocab_term = 1.0 if phrase in product_terms() else 0.0
            prior = rules._prior_zh(phrase)
            thing = 1.0 if prior >= 1.0 else 0.0
            test_rx, fail_rx, rnd_rx, own_rx, obj_rx = _TEST_ZH, _FAIL_ZH, _RND_ZH, _OWN_BEFORE_ZH, _OBJ_BEFORE_ZH
            n_words = float(len(phrase)) / 2.0
        is_reading = 1.0 if reading is not None and phrase == reading else 0.0
        overlaps = 1.0 if reading is not None and (phrase in reading or reading in phrase) else 0.0
        feats = (
            1.0 if english else 0.0,
            max(min(score, 12.0), -6.0),
            max(score - best, -10.0),
            1.0 if rank == 0 else 0.0,
            1.0 / (1.0 + rank),
            is_reading,
            overlaps,
            1.0 if title_end and end <= title_end else 0.0,
            start / max(len(body), 1),
            math.log1p(start),
            math.log(max(len(phrase), 1)),
            n_words,
            vocab_head,
            vocab_term,
            prior,
            thing,
            math.log1p(repeated),
            _near(test_rx, after),
            _near(test_rx, before),
            _near(fail_rx, after),
            _near(fail_rx, before),
            _near(rnd_rx, before),
            1.0 if obj_rx.search(before) else 0.0,
            1.0 if own_rx.search(before) else 0.0,
            1.0 if re.search(r"\d", phrase) else 0.0,
            math.log1p(n),
            1.0 if reading is None else 0.0,
            1.0 if extra else 0.0,
            1.0 if start <= 2 else 0.0,
            1.0 if english and end <= first_line and first_line < len(body) else 0.0,
            1.0 if start == earliest else 0.0,
            1.0 if _MODEL_LIKE.search(phrase) else 0.0,
            1.0 if not english and not rules._CJK.search(phrase) else 0.0,
            1.0 if (_QUESTION_AFTER_EN if english else _QUESTION_AFTER_ZH).match(after) else 0.0,
            1.0 if _MARK_NEAR.search(before + " " + after) else 0.0,
            math.log1p(low.count(phrase.lower())),
        )
        out.append(Candidate(phrase, start, feats))
    return out, english


@dataclass(frozen=True)
class ChooserModel:
    """A linear scorer over standardised :data:`FEATURES` (``w·(x − mean)/scale + b``, a logistic model's logit) and
    the bar under which the chooser reads no product; ``meta``: what it was trained on."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    bar: float
    meta: Mapping[str, Any] = field(default_factory=dict)

    def usable(self) -> bool:
        return self.features == FEATURES and len(self.weights) == len(FEATURES)

    def logits(self, x: np.ndarray) -> np.ndarray:
        z = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        return np.asarray(z @ np.asarray(self.weights) + self.bias)

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "kind": "logistic", "features": list(self.features),
                "mean": [round(v, 6) for v in self.mean], "scale": [round(v, 6) for v in self.scale],
                "weights": [round(v, 6) for v in self.weights], "bias": round(self.bias, 6),
                "bar": round(self.bar, 6), "meta": dict(self.meta)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ChooserModel:
        return cls(features=tuple(data["features"]), mean=tuple(float(v) for v in data["mean"]),
                   scale=tuple(float(v) for v in data["scale"]), weights=tuple(float(v) for v in data["weights"]),
                   bias=float(data["bias"]), bar=float(data["bar"]), meta=dict(data.get("meta") or {}))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n", "utf-8")
