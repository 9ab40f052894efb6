"""Intake's quality measures as code: the product metric that the benchmark, the quality-floor test and any later
reader are all scored by, so a figure means the same thing wherever it is quoted.

Modelled on sentence-transformers' evaluators: :func:`product_accuracy` turns (reading, label) pairs into a metrics
dict, and :class:`ProductEvaluator` holds a labelled set, runs a reader over it and names its primary metric.

Why two measures: the agreed rule (``tests/intake/data/products/README.md``) counts a reading right when it contains
the gold phrase or lies inside it, so a reading may be shorter or longer than the label. That forgives a head noun
("电池" for "储能电池"), but also a reading that drags a whole clause along; ``exact`` (the reading equals the gold or
an alternative) is reported beside it so that a reader cannot improve one by getting sloppier on the other.

Service types are scored as sets, the same way: :func:`set_metrics` turns (read, labelled) set pairs into ``exact``
(the share of texts whose set is exactly the labelled one), ``micro_f1`` (with its ``precision`` and ``recall``,
pooled over every type of every text) and ``n``; :class:`ServiceTypeEvaluator` is called with a reader (the model:
anything with ``read(text, today=…) -> Need``, such as :class:`intake.reader.IntakeReader`) and names micro-F1 its
primary metric. The dialogue evaluator, which scores whole conversations, is :mod:`intake.dialogue_eval`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TypeVar

from intake.schemas import Need
from kb.vocab import ServiceType

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


# ---- service types: sets of labels ----------------------------------------------------------------------------

L = TypeVar("L", bound=Hashable)


def set_counts(pairs: Iterable[tuple[Collection[L], Collection[L]]]) -> tuple[int, int, int, int, int]:
    """(true positives, false positives, false negatives, exact sets, texts) of (read, labelled) pairs."""
    tp = fp = fn = exact = n = 0
    for got, want in pairs:
        g, w = set(got), set(want)
        tp, fp, fn = tp + len(g & w), fp + len(g - w), fn + len(w - g)
        exact += g == w
        n += 1
    return tp, fp, fn, exact, n


def set_metrics(pairs: Iterable[tuple[Collection[L], Collection[L]]]) -> dict[str, float]:
    """``exact`` (the share of texts read as exactly their labelled set; "nothing asked" = the empty set), micro
    ``precision``, ``recall`` and ``micro_f1`` pooled over every label of every text, and ``n``. A precision (recall)
    with nothing read (labelled) is 1, so a reader that reads nothing of nothing asked is not punished."""
    tp, fp, fn, exact, n = set_counts(pairs)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"exact": exact / n if n else 0.0, "micro_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "precision": p, "recall": r, "n": float(n)}


def micro_f1(predicted: Sequence[Collection[L]], expected: Sequence[Collection[L]]) -> float:
    """Micro-averaged F1 of label sets (:func:`set_metrics`)."""
    return set_metrics(zip(predicted, expected, strict=True))["micro_f1"]


def exact_set(predicted: Sequence[Collection[L]], expected: Sequence[Collection[L]]) -> float:
    """The share of texts whose read set is exactly the labelled one (:func:`set_metrics`)."""
    return set_metrics(zip(predicted, expected, strict=True))["exact"]


def per_label_metrics(pairs: Iterable[tuple[Collection[L], Collection[L]]]) -> dict[L, dict[str, float]]:
    """Precision, recall and F1 of each label that was read or labelled at least once, with its ``support`` (how
    many texts are labelled with it). Here a label never read has precision 0, not 1: it is a row of a table, not a
    pooled figure."""
    counts: dict[L, list[int]] = {}
    for got, want in pairs:
        g, w = set(got), set(want)
        for label in g | w:
            c = counts.setdefault(label, [0, 0, 0])
            c[0 if label in g & w else 1 if label in g else 2] += 1
    out: dict[L, dict[str, float]] = {}
    for label, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[label] = {"support": float(tp + fn), "precision": p, "recall": r,
                      "f1": 2 * p * r / (p + r) if p + r else 0.0}
    return out


class NeedReader(Protocol):
    """What :class:`ServiceTypeEvaluator` is called with: :class:`intake.reader.IntakeReader` is one."""

    def read(self, text: str, *, today: date) -> Need: ...


@dataclass(frozen=True)
class ServiceTypeItem:
    """One labelled text: the service types it asks for (empty: nothing asked), read as of ``today``."""

    id: str
    text: str
    today: date
    service_types: frozenset[ServiceType]


def service_type_item(row: Mapping[str, Any]) -> ServiceTypeItem:
    """A line of an intake set (``tests/intake/data/*.jsonl``: ``id``, ``text``, ``today``, ``expected.service_types``)
    as an item."""
    return ServiceTypeItem(id=row["id"], text=row["text"], today=date.fromisoformat(row["today"]),
                           service_types=frozenset(ServiceType(t) for t in row["expected"]["service_types"]))


def load_service_type_items(path: Path) -> list[ServiceTypeItem]:
    return [service_type_item(row) for row in _lines(path)]


@dataclass
class ServiceTypeEvaluator:
    """Runs an intake reader over labelled texts and returns :func:`set_metrics` of its service types (``exact``,
    ``micro_f1``, ``precision``, ``recall``, ``n``), each key prefixed with ``name`` when one is given;
    ``primary_metric`` names micro-F1."""

    items: Sequence[ServiceTypeItem]
    name: str = ""
    primary_metric: str = field(init=False)

    def __post_init__(self) -> None:
        self.primary_metric = self._key("micro_f1")

    def _key(self, metric: str) -> str:
        return f"{self.name}_{metric}" if self.name else metric

    def readings(self, reader: NeedReader) -> list[tuple[frozenset[ServiceType], ServiceTypeItem]]:
        return [(frozenset(reader.read(item.text, today=item.today).service_types), item) for item in self.items]

    def __call__(self, reader: NeedReader) -> dict[str, float]:
        return self.score(self.readings(reader))

    def score(self, pairs: Sequence[tuple[Collection[ServiceType], ServiceTypeItem]]) -> dict[str, float]:
        return {self._key(k): v for k, v in set_metrics((got, item.service_types) for got, item in pairs).items()}


__all__ = ["NeedReader", "ProductEvaluator", "ProductItem", "ProductReader", "ServiceTypeEvaluator", "ServiceTypeItem",
           "exact_set", "is_exact", "is_right", "load_product_items", "load_service_type_items", "micro_f1",
           "normalize", "per_label_metrics", "product_accuracy", "service_type_item", "set_counts", "set_metrics"]
