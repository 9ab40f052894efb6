"""A match explains only the centers it lists, and reads passages and shared terms only for them (issue 33, item 1);
what it lists and says is unchanged. ``coverage_many`` is the per-document coverage with the query's weights once."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar

import pytest

from kb.schemas import CapabilityRecord, CenterRecord
from matcher.fusion import CapScore
from matcher.lexical import UNKNOWN_ASCII_WEIGHT, LexicalIndex, tokenize
from matcher.on_demand import OnDemand
from matcher.rank import rank_centers
from matcher.schemas import MatcherConfig, MatchQuery, MatchResult

V = TypeVar("V")


class Counting(Mapping[str, V]):
    """A mapping (passages, member cosines) that records every key read."""

    def __init__(self, values: dict[str, V]) -> None:
        self._values = values
        self.read: list[str] = []

    def __getitem__(self, key: str) -> V:
        self.read.append(key)
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _catalog(n: int) -> tuple[dict[str, CenterRecord], dict[str, CapabilityRecord], dict[str, CapScore]]:
    centers = {f"c{i}": CenterRecord(id=f"c{i}", name=f"第{i}检测中心", kind="quality_inspection_center")
               for i in range(n)}
    caps = {f"k{i}": CapabilityRecord(id=f"k{i}", center_id=f"c{i}", title=f"能力{i}",
                                      service_types=["inspection_testing"]) for i in range(n)}
    fused = {f"k{i}": CapScore(cap_id=f"k{i}", fused=0.9 - i * 0.01, dense=0.8, dense_norm=0.7, lexical=0.5,
                               coverage=0.4) for i in range(n)}
    return centers, caps, fused


def _lazy_and_eager(source: str, values: dict[str, V]) -> tuple[Counting[V], MatchResult, MatchResult]:
    """The same 30-center match with ``source`` (``passages`` or ``dense_members``) read through a counting mapping,
    and given whole."""
    centers, caps, fused = _catalog(30)
    counting = Counting(values)

    def ranked(given: Mapping[str, V]) -> MatchResult:
        return rank_centers(fused=fused, capabilities=caps, centers=centers, query=MatchQuery(text="电池包 失效分析"),
                            config=MatcherConfig(), top_k=5, **{source: given})  # type: ignore[arg-type]

    return counting, ranked(counting), ranked(dict(values))


def test_passages_are_read_for_the_listed_centers_only_and_the_result_is_the_same() -> None:
    counting, lazy, eager = _lazy_and_eager("passages", {f"k{i}": f"k{i} 的段落" for i in range(30)})
    assert [m.center_id for m in lazy.matches] == ["c0", "c1", "c2", "c3", "c4"]
    assert sorted(set(counting.read)) == ["k0", "k1", "k2", "k3", "k4"]  # not the other 25 centers' capabilities
    assert lazy.model_dump() == eager.model_dump()
    passage_texts = [r.text for r in lazy.matches[0].reasons if r.kind == "passage"]
    assert passage_texts == ["k0 的段落"]


def test_the_fit_ranker_explains_its_whole_pool() -> None:
    centers, caps, fused = _catalog(30)
    counting = Counting({k: k for k in caps})
    config = MatcherConfig(ranker="fit", ranker_pool=12)
    result = rank_centers(fused=fused, capabilities=caps, centers=centers, query=MatchQuery(text="检测"),
                          config=config, top_k=5, passages=counting)
    assert len(result.matches) == 5
    assert len(set(counting.read)) == 12  # the pool it reorders, no more


def test_on_demand_makes_each_value_once_and_keeps_its_keys() -> None:
    made: list[str] = []

    def make(key: str) -> str:
        made.append(key)
        return key.upper()

    m = OnDemand(["a", "b", "a"], make)
    assert list(m) == ["a", "b"] and len(m) == 2
    assert "c" not in m and m.get("c") is None
    assert m["a"] == "A" and m["a"] == "A" and m.get("b") == "B"
    assert made == ["a", "b"]
    with pytest.raises(KeyError):
        m["c"]


def _reference_coverage(index: LexicalIndex, query: list[str], doc: int, unknown_weight: float = 1.0,
                        extra: tuple[str, ...] = (), extra_weight: float = 0.0) -> float:
    """The coverage as docs/matching.md §3 defines it, written out term by term."""
    weights: dict[str, float] = {}
    for t in dict.fromkeys(query):
        factor = 1.0 if t in index.df else (min(UNKNOWN_ASCII_WEIGHT, unknown_weight) if t.isascii()
                                            else unknown_weight)
        weights[t] = index.idf(t) * factor
    for t in extra:
        if t not in weights and t in index.df and extra_weight > 0:
            weights[t] = index.idf(t) * extra_weight
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in index.doc_sets[doc]) / total if total else 0.0


@pytest.mark.parametrize("kw", [{}, {"unknown_weight": 0.0}, {"extra": ("校准", "压力表"), "extra_weight": 0.4}])
def test_coverage_many_weighs_the_query_once_for_every_document(kw: dict[str, object]) -> None:
    texts = ["锂电池 电池包 失效分析 实验室", "电动工具 检测 电池包", "计量 校准 压力表", "纺织品 色牢度 检测"]
    index = LexicalIndex([f"d{i}" for i in range(len(texts))], texts)
    query = [*tokenize("电池包 失效分析 原因 检测"), "unknownword", "未见词"]
    many = index.coverage_many(query, [0, 1, 2, 3], **kw)  # type: ignore[arg-type]
    assert many == pytest.approx([_reference_coverage(index, query, d, **kw) for d in range(4)],  # type: ignore[arg-type]
                                 abs=1e-12)
    assert many == [index.coverage(query, d, **kw) for d in range(4)]  # type: ignore[arg-type]
    assert many[0] > many[3] > 0.0
    assert index.coverage_many([], [0, 1]) == [0.0, 0.0]


@pytest.mark.parametrize("ranker", ["fusion", "fit"])
def test_the_first_five_of_ten_are_what_a_match_of_five_lists(ranker: str) -> None:
    """What lets a submission match once for its proposals (5) and its offers (10): how many are kept does not
    change the ranking, the reasons or the exclusions (flows.needs._submission_matches)."""
    centers, caps, fused = _catalog(30)
    passages = {k: f"{k} 的段落" for k in caps}
    config = MatcherConfig(ranker=ranker)  # type: ignore[arg-type]
    query = MatchQuery(text="电池包 失效分析")
    ten = rank_centers(fused=fused, capabilities=caps, centers=centers, query=query, config=config, top_k=10,
                       passages=passages)
    five = rank_centers(fused=fused, capabilities=caps, centers=centers, query=query, config=config, top_k=5,
                        passages=passages)
    cut = ten.model_copy(update={"matches": ten.matches[:5]})
    assert cut.model_dump() == five.model_dump() and len(five.matches) == 5


def test_member_cosines_are_read_for_the_listed_centers_only_and_the_result_is_the_same() -> None:
    """Each capability's cosine per ensemble member (the score reason's ``dense_members``, a feature of the learned
    ranker) is worked out on demand by matcher.service._members: read for the listed centers' best documents, not for
    every center scored (issue 33, item 1)."""
    counting, lazy, eager = _lazy_and_eager("dense_members", {f"k{i}": [i / 100, 0.5] for i in range(30)})
    assert sorted(set(counting.read)) == ["k0", "k1", "k2", "k3", "k4"]
    assert lazy.model_dump() == eager.model_dump()
    score = next(r for r in lazy.matches[1].reasons if r.kind == "score")
    assert score.model_dump()["dense_members"] == [0.01, 0.5]
