"""The product chosen among the rule reader's candidates by a model that also reads their meaning (issue 27).

Why: the rule reader (:mod:`intake.extract.product`) finds the right phrase among its candidates for nearly every text
(its eight best hold an acceptable reading for 90–100 % of each real set), but on a set it has not seen it picks the
wrong one about four times in ten: a place ("自治区", "U.S"), a document ("草案"), an organisation ("Party"), a word
of the text's story. Its scores weigh cues and positions; what it cannot weigh is whether the phrase names a *thing*
at all. A logistic regression over the candidate's rule score and rank, its place, and the embedding of the phrase
itself (the embedder the service-type head reads with) learns that from the labelled development sets, and keeps the
rules' pick where it has no reason to leave it (the pick is one of its features). Below ``threshold`` no candidate is
taken: the text names no product.

Trained by ``benchmarks/train_product_chooser.py`` (one command, the development sets only, never the held-out one);
the weights ship as JSON beside the service-type head (:data:`intake.semantic.HEAD_DIR`), named by the embedder's
model id, and are read only with that embedder. Pure apart from the embedder it is handed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from intake.extract.product import ProductCandidate, company_line, extract_product, names_a_thing, product_candidates
from kb.products import products_in

# The candidates read, best rule score first: beyond the eighth an acceptable reading is seldom found (issue 27).
TOP = 8
# Bumped whenever :func:`features` changes: a chooser trained on other features is not read.
FEATURES_VERSION = 1

Embed = Callable[[Sequence[str]], np.ndarray]


def chooser_path(model_id: str, directory: Path) -> Path:
    return directory / f"product_chooser.{model_id}.json"


def features(candidates: Sequence[ProductCandidate], vectors: np.ndarray, text_vector: np.ndarray,
             rule_reading: str | None, language: str) -> np.ndarray:
    """One row per candidate: the rule's view of it (score, its gap to the best, its rank), where it stands, whether
    the vocabulary or the thing test knows it, whether it is the rules' own reading, its closeness to the whole text,
    then the phrase's own vector (what kind of phrase it is)."""
    if not candidates:
        return np.zeros((0, 0))
    top = candidates[0].score
    rows = []
    for rank, (cand, vec) in enumerate(zip(candidates, vectors, strict=True)):
        head = [cand.score / 5, (top - cand.score) / 5, float(rank == 0), float(rank == 1), float(rank >= 3),
                float(cand.in_title), cand.start / max(cand.text_length, 1), min(len(cand.text), 40) / 40,
                float(bool(products_in(cand.text))), float(names_a_thing(cand.text)), float(language == "en"),
                float(np.asarray(vec, dtype=np.float64) @ np.asarray(text_vector, dtype=np.float64)),
                float(cand.text == rule_reading)]
        rows.append(np.concatenate([np.asarray(head, dtype=np.float64), np.asarray(vec, dtype=np.float64)]))
    return np.vstack(rows)


@dataclass(frozen=True)
class ProductChooser:
    """The trained weights: ``coef`` over :func:`features`' columns, ``intercept``, the ``threshold`` below which the
    text names no product, for the embedder ``model_id``; ``trained_on`` names the sets (for the record)."""

    model_id: str
    coef: np.ndarray
    intercept: float
    threshold: float
    trained_on: tuple[str, ...] = ()
    features_version: int = FEATURES_VERSION

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        if rows.shape[0] == 0:
            return np.zeros(0)
        if rows.shape[1] != self.coef.shape[0]:
            raise ValueError(f"the chooser reads {self.coef.shape[0]} features, got {rows.shape[1]}")
        return 1.0 / (1.0 + np.exp(-(rows @ self.coef + self.intercept)))

    def choose(self, candidates: Sequence[ProductCandidate], probabilities: np.ndarray,
               rule_reading: str | None) -> str | None:
        """The likeliest candidate at or above the threshold, else None. The rules' own reading, when chosen, is
        returned whole as they read it (a list of things, a model code before the product)."""
        if not len(candidates):
            return None
        best = int(np.argmax(probabilities))
        if float(probabilities[best]) < self.threshold:
            return None
        text = candidates[best].text
        if rule_reading is not None and text == _first_candidate_of(rule_reading, candidates):
            return rule_reading
        return text

    def to_json(self) -> str:
        return json.dumps({"model_id": self.model_id, "features_version": self.features_version,
                           "intercept": self.intercept, "threshold": self.threshold,
                           "trained_on": list(self.trained_on), "coef": [round(float(c), 7) for c in self.coef]},
                          ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, raw: str) -> ProductChooser:
        data = json.loads(raw)
        return cls(model_id=data["model_id"], coef=np.asarray(data["coef"], dtype=np.float64),
                   intercept=float(data["intercept"]), threshold=float(data["threshold"]),
                   trained_on=tuple(data.get("trained_on", ())), features_version=int(data["features_version"]))


def _first_candidate_of(rule_reading: str, candidates: Sequence[ProductCandidate]) -> str | None:
    """The candidate the rules' reading was made from: itself, or the one it grew from (a list joined, a model code
    put in front), which the reading contains."""
    for cand in candidates:
        if cand.text == rule_reading:
            return cand.text
    for cand in candidates:
        if cand.text and cand.text in rule_reading:
            return cand.text
    return None


def read_product(text: str, *, chooser: ProductChooser, embed: Embed) -> str | None:
    """The product of a text (the body the extractor reads) chosen by ``chooser`` among the rules' candidates; the
    text and the candidates embedded by ``embed`` (one call; the text's vector is usually cached by the service-type
    head, which embeds the same body)."""
    rule_reading = extract_product(text)
    language, candidates = product_candidates(text, top=TOP)
    if not candidates:
        return rule_reading
    vectors = embed([text, *(c.text for c in candidates)])
    rows = features(candidates, vectors[1:], vectors[0], rule_reading, language)
    chosen = chooser.choose(candidates, chooser.probabilities(rows), rule_reading)
    # The company's line the rules scored below the thing in question ("我们是厦门做户外LED显示屏的，客户对显示屏箱体的
    # 耐腐蚀有要求": the 箱体) is not taken back by meaning: the chooser read the line (the fifteenth probe, p145).
    # (nor in English, the rules' reading a list grown from its first thing: "we run a small CNC shop in Kunshan,
    # about 15 micrometers and calipers are due for calibration" read "small CNC"; the twenty-first probe, p208)
    by_text = {c.text: c for c in candidates}
    ruled = by_text.get(rule_reading or "") or by_text.get(_first_candidate_of(rule_reading or "", candidates) or "")
    if chosen and rule_reading and chosen != rule_reading and chosen in by_text and ruled is not None \
            and ruled.text != chosen and company_line(text, by_text[chosen]) and ruled.score > by_text[chosen].score:
        return rule_reading
    # Nor is one item of the things the rules read together ("一批电子天平和两台恒温恒湿箱要校准": both are calibrated;
    # the chooser took 恒温恒湿箱 alone; the seventeenth probe, p161).
    if chosen and rule_reading and chosen != rule_reading and rule_reading not in by_text \
            and chosen in _LIST_ITEM_SEP.split(rule_reading):
        return rule_reading
    return chosen


_LIST_ITEM_SEP = re.compile(r"\s*(?:、|和|及|与|以及|,|\band\b)\s*")


def load_chooser(model_id: str, directory: Path) -> ProductChooser | None:
    """The chooser trained for this embedder, or None (the rules alone then): none trained, or trained on other
    features than :func:`features` makes."""
    path = chooser_path(model_id, directory)
    if not path.exists():
        return None
    chooser = ProductChooser.from_json(path.read_text("utf-8"))
    if chooser.model_id != model_id or chooser.features_version != FEATURES_VERSION:
        return None
    return chooser
