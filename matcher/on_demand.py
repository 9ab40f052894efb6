"""A mapping whose values are worked out when first read (issue 33, item 1).

A match prepares passages and shared terms for its top capabilities, but shows the explanations of ten centers
only; computing them for every candidate was a fifth of a match's Python time. The mapping keeps the same keys as the
dict it replaces, so a key outside them is still absent, and what ``matcher.rank`` reads is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TypeVar

V = TypeVar("V")


class OnDemand(Mapping[str, V]):
    """``keys`` with the value ``make(key)``, each made once, on its first read."""

    def __init__(self, keys: Iterable[str], make: Callable[[str], V]) -> None:
        self._keys = list(dict.fromkeys(keys))
        self._known = set(self._keys)
        self._make = make
        self._made: dict[str, V] = {}

    def __getitem__(self, key: str) -> V:
        if key not in self._known:
            raise KeyError(key)
        if key not in self._made:
            self._made[key] = self._make(key)
        return self._made[key]

    def __contains__(self, key: object) -> bool:
        return key in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)
