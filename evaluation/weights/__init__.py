"""Weighting methods as pure functions (numpy/scipy only): AHP, entropy, coefficient of variation, CRITIC, combined."""

from evaluation.weights.ahp import (
    CONSISTENCY_LIMIT,
    DEFAULT_RI_TABLE,
    RANDOM_INDEX_TABLES,
    AhpResult,
    Comparison,
    aggregate_judgments,
    ahp_weights,
    check_pairwise,
    random_index,
)
from evaluation.weights.combined import combine_weights
from evaluation.weights.objective import critic_weights, cv_weights, entropy_weights

__all__ = [
    "CONSISTENCY_LIMIT",
    "DEFAULT_RI_TABLE",
    "RANDOM_INDEX_TABLES",
    "AhpResult",
    "Comparison",
    "aggregate_judgments",
    "ahp_weights",
    "check_pairwise",
    "combine_weights",
    "critic_weights",
    "cv_weights",
    "entropy_weights",
    "random_index",
]
