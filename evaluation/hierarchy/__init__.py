"""Indicator hierarchies as data; ``seed001.yaml`` is seed 001 §5.2.4 with this project's proposals marked."""

from evaluation.hierarchy.loader import (
    DEFAULT_HIERARCHY,
    WeightGroup,
    load_hierarchy,
    parse_hierarchy,
    resolve_weights,
)
from evaluation.hierarchy.schema import Cut, Dimension, Grading, Hierarchy, Indicator, Item, Normalisation

__all__ = [
    "DEFAULT_HIERARCHY",
    "Cut",
    "Dimension",
    "Grading",
    "Hierarchy",
    "Indicator",
    "Item",
    "Normalisation",
    "WeightGroup",
    "load_hierarchy",
    "parse_hierarchy",
    "resolve_weights",
]
