"""Intake's quality measures as code: the product metric that the benchmark, the quality-floor test and any later
reader are all scored by, so a figure means the same thing wherever it is quoted.

Modelled on sentence-transformers' evaluators: :func:`product_accuracy` turns (reading, label) pairs into a metrics
dict, and :class:`ProductEvaluator` holds a labelled set, runs a reader over it and names its primary metric.

Why two measures: the agreed rule (``tests/intake/data/products/README.md``) counts a reading right when it contains
the gold phrase or lies inside it, so a reading may be shorter or longer than the label. That forgives a head noun
("电池" for "储能电池"), but also a reading that drags a whole clause along; ``exact`` (the reading equals the gold or
an alternative) is reported beside it so that a reader cannot improve one by getting sloppier on the other.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ProductReader = Callable[[str], "str | None"]


@dataclass(frozen=True)
class ProductItem:
    """One labelled text: ``product`` is None when the text names no product."""

    id: str
    text: str
    product: str | None
    alternatives: tuple[str, ...] = ()
    language: str = "zh"
    real: bool = True
    translated: bool = False


def normalize(phrase: str) -> str:
    """Spaces dropped and case folded: "LED drivers" and "led  Drivers" are one reading."""
    return re.sub(r"\s+", "", phrase).casefold()


def is_right(reading: str | None, item: ProductItem) -> bool:
    """The agreed rule: a named gold is met by a reading that contains it, or lies inside it, or does either with an
    alternative; a null gold only by a null reading."""
    if item.product is None:
        return reading is None
    if reading is None or not normalize(reading):
        return False
    got = normalize(reading)
    return any(g in got or got in g for g in (normalize(p) for p in (item.product, *item.alternatives)) if g)


def is_exact(reading: str | None, item: ProductItem) -> bool:
    if item.product is None:
        return reading is None
    return reading is not None and normalize(reading) in {normalize(p) for p in (item.product, *item.alternatives)}


def product_accuracy(pairs: Iterable[tuple[str | None, ProductItem]]) -> dict[str, float]:
    """Metrics of (reading, item) pairs: ``accuracy`` (the agreed rule), ``exact``, and how the null answers fare
    (``null_precision``: of the texts read as naming nothing, how many name nothing; ``null_recall``: of the texts that
    name nothing, how many were read so), with ``n``."""
    pairs = list(pairs)
    n = len(pairs)
    right = sum(is_right(r, item) for r, item in pairs)
    exact = sum(is_exact(r, item) for r, item in pairs)
    read_null = [item for r, item in pairs if r is None]
    gold_null = [r for r, item in pairs if item.product is None]
    return {
        "accuracy": right / n if n else 0.0,
        "exact": exact / n if n else 0.0,
        "null_precision": (sum(i.product is None for i in read_null) / len(read_null)) if read_null else 1.0,
        "null_recall": (sum(r is None for r in gold_null) / len(gold_null)) if gold_null else 1.0,
        "n": float(n),
    }


@dataclass
class ProductEvaluator:
    """Runs a product reader over labelled items and returns its metrics, overall and per language
    (``accuracy_zh``, ``accuracy_en``), each key prefixed with ``name`` when one is given; ``primary_metric`` names
    the one a model selection would look at."""

    items: Sequence[ProductItem]
    name: str = ""
    primary_metric: str = field(init=False)

    def __post_init__(self) -> None:
        self.primary_metric = self._key("accuracy")

    def _key(self, metric: str) -> str:
        return f"{self.name}_{metric}" if self.name else metric

    def readings(self, reader: ProductReader) -> list[tuple[str | None, ProductItem]]:
        return [(reader(item.text), item) for item in self.items]

    def __call__(self, reader: ProductReader) -> dict[str, float]:
        return self.score(self.readings(reader))

    def score(self, pairs: Sequence[tuple[str | None, ProductItem]]) -> dict[str, float]:
        metrics = {self._key(k): v for k, v in product_accuracy(pairs).items()}
        for language in sorted({item.language for _, item in pairs}):
            part = product_accuracy(p for p in pairs if p[1].language == language)
            metrics[self._key(f"accuracy_{language}")] = part["accuracy"]
            metrics[self._key(f"exact_{language}")] = part["exact"]
            metrics[self._key(f"n_{language}")] = part["n"]
        return metrics


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_product_items(texts: Path, labels: Path) -> list[ProductItem]:
    """A need set and its product labels (one line per text, same order, ids checked): the label file's format is
    ``tests/intake/data/products/README.md``'s."""
    out = []
    for row, label in zip(_lines(texts), _lines(labels), strict=True):
        if row["id"] != label["id"]:
            raise ValueError(f"{labels}: {label['id']} is not {row['id']}")
        out.append(ProductItem(
            id=row["id"], text=row["text"], product=label.get("product"),
            alternatives=tuple(label.get("product_alternatives") or ()),
            language=label.get("language") or row.get("language") or "zh",
            real=bool(row.get("real", label.get("real", False))),
            translated=bool(row.get("translated", label.get("translated", False)))))
    return out


__all__ = ["ProductEvaluator", "ProductItem", "ProductReader", "is_exact", "is_right", "load_product_items",
           "normalize", "product_accuracy"]
