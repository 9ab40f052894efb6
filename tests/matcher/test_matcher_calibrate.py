"""Ranking corrections for bunched dense scores (matcher.calibrate), the lexical options (unknown terms out of the
coverage denominator, Chinese bigrams) and the fusion's separate ranking score — small, deterministic inputs."""

from __future__ import annotations

import numpy as np
import pytest
from matcher_helpers import BASE_KB, NgramEmbedder, capability, center, in_session, write_kb

from core.settings import Settings
from matcher import service
from matcher.calibrate import (
    NeedPool,
    QueryHubness,
    centred_hubness,
    hub_scores,
    hubness_adjust,
    language_pair_adjust,
    per_query_norm,
    probe_sample,
    without_language_words,
)
from matcher.catalog import english_documents
from matcher.fusion import evidence, fuse
from matcher.lexical import BIGRAM_PREFIX, LexicalIndex, cjk_bigrams, tokenize
from matcher.schemas import MatcherConfig
from matcher.text import center_profile_documents, profile_center, profile_id, split_passages


def _unit(rows: list[list[float]]) -> np.ndarray:
    a = np.asarray(rows, dtype=np.float32)
    return a / np.linalg.norm(a, axis=1, keepdims=True)


def test_probe_sample_is_deterministic_and_spread() -> None:
    assert probe_sample(5, 10).tolist() == [0, 1, 2, 3, 4]
    s = probe_sample(100, 5)
    assert s.tolist() == probe_sample(100, 5).tolist()
    assert len(s) == 5 and s[0] == 0 and s[-1] == 99


def test_hub_scores_rank_the_document_close_to_everything_highest() -> None:
    # doc 0 lies between the two clusters: it is a hub; docs 1-2 and 3-4 are two tight clusters.
    docs = _unit([[1, 1, 0], [1, 0, 0.1], [1, 0, -0.1], [0, 1, 0.1], [0, 1, -0.1]])
    hub = hub_scores(docs, docs, k=4)
    assert int(np.argmax(hub)) == 0
    assert hub.shape == (5,)
    # a document's similarity to itself is not counted
    assert hub_scores(docs[:1], docs[:1], k=1).tolist() == [0.0]


def test_centred_hubness_and_adjustment() -> None:
    hub = centred_hubness({"a": 0.9, "b": 0.8, "c": 0.7})
    assert hub == pytest.approx({"a": 0.1, "b": 0.0, "c": -0.1})
    adj = hubness_adjust({"a": 0.88, "c": 0.86, "x": 0.5}, hub, 0.5)
    assert adj == pytest.approx({"a": 0.83, "c": 0.91, "x": 0.5})  # the hub falls behind; unknown docs untouched
    assert centred_hubness({}) == {}


def test_hubness_against_needs_is_each_document_s_k_nearest_other_needs() -> None:
    # issue 28 (docs/matching.md §8k): CSLS over queries, r_d = the mean of a document's k highest cosines to the pool
    # of needs, less the median over documents. A need's own entries in the pool (its key: itself and its
    # translation) are left out.
    docs = _unit([[1, 1, 0.2], [1, 0, 0.1], [0, 1, 0.1]])
    pool = _unit([[1, 0.1, 0], [0.9, 0, 0.2], [0.1, 1, 0], [0, 0.9, 0.2], [1, 1, 0]])
    keys = ["n1", "n2", "n3", "n4", "n5"]
    hub = QueryHubness(["d0", "d1", "d2"], docs, NeedPool([*keys[:4], "n1"], pool), k=2)  # n5 is n1's translation
    sims = docs @ pool.T
    for own, left in ((None, range(5)), ("n1", (1, 2, 3)), ("n3", (0, 1, 3, 4)), ("unknown", range(5))):
        r = [float(np.sort(sims[d, list(left)])[::-1][:2].mean()) for d in range(3)]
        expected = [v - float(np.median(r)) for v in r]  # the median read without the need's own entries too
        got = hub.centred(["d0", "d1", "d2", "not-indexed"], own)
        assert [got[d] for d in ("d0", "d1", "d2")] == pytest.approx(expected, abs=1e-6)
        assert "not-indexed" not in got  # a document the pool was not made for gets no correction
    # leaving the need's own two entries out changes what d1 reads (its two nearest were n1 and its translation)
    assert hub.centred(["d1"], "n1")["d1"] < hub.centred(["d1"], "n3")["d1"]
    # a need whose key is not in the pool reads the pool whole
    assert hub.centred(["d0", "d1", "d2"], "unknown") == hub.centred(["d0", "d1", "d2"], None)
    with pytest.raises(ValueError):
        NeedPool(["a"], pool)


def test_per_query_norm_spreads_bunched_scores() -> None:
    scores = {"a": 0.890, "b": 0.880, "c": 0.870, "d": 0.870, "e": 0.870}
    out = per_query_norm(scores, z_max=1.5)
    assert out["a"] == pytest.approx(1.0)  # stands out by 1.75 sd ≥ z_max → 1
    assert out["c"] == out["d"] == 0.0  # below the mean → 0
    assert 0.0 < out["b"] < 1.0
    assert per_query_norm({"a": 0.5, "b": 0.5}) == {"a": 0.0, "b": 0.0}  # no spread, no signal
    ref = per_query_norm({"a": 0.9}, reference=[0.8, 0.85, 0.9])
    assert 0.0 < ref["a"] <= 1.0


def test_fuse_ranks_by_the_ranking_score_but_evidence_stays_absolute() -> None:
    args = dict(dense={"a": 0.90, "b": 0.88}, dense_rank=["a", "b"], bm25={}, lexical_rank=[], coverage={},
                method="weighted", dense_weight=1.0, dense_floor=0.8, dense_ceiling=0.95)
    plain = fuse(**args)  # type: ignore[arg-type]
    ranked = fuse(**args, dense_rank_score={"a": 0.1, "b": 0.9})  # type: ignore[arg-type]
    assert plain["a"].fused > plain["b"].fused
    assert ranked["b"].fused > ranked["a"].fused
    assert evidence(ranked["a"], dense_weight=1.0) == pytest.approx(evidence(plain["a"], dense_weight=1.0))


def test_cjk_bigrams() -> None:
    assert cjk_bigrams("电池检测 GB/T 31485") == [BIGRAM_PREFIX + x for x in ("电池", "池检", "检测")]
    assert cjk_bigrams("a 检 b") == []


def test_bigram_index_finds_what_segmentation_splits_differently() -> None:
    texts = ["开展纱线强力与条干检测。", "电池安全试验。"]
    plain = LexicalIndex(["d0", "d1"], texts)
    both = LexicalIndex(["d0", "d1"], texts, bigrams=True)
    q = "纱线检测能力"
    assert [h.doc for h in both.search(tokenize(q), 2, query_text=q)][:1] == [0]
    s_plain = {h.doc: h.score for h in plain.search(tokenize(q), 2, query_text=q)}
    s_both = {h.doc: h.score for h in both.search(tokenize(q), 2, query_text=q)}
    assert s_both[0] > s_plain.get(0, 0.0)
    # explanations read jieba words only
    assert all(not t.startswith(BIGRAM_PREFIX) for t in both.shared_terms(tokenize(q) + cjk_bigrams(q), 0)
               if t in both.doc_sets[0])


def test_coverage_can_leave_unknown_terms_out_of_the_denominator() -> None:
    idx = LexicalIndex(["d0", "d1"], ["盐雾试验与腐蚀评价。", "动力电池失效分析。"])
    toks = tokenize("盐雾试验 氧化锌晶须靶材")
    unknown = [t for t in toks if t not in idx.df]
    assert unknown, toks
    full = idx.coverage(toks, 0)
    skip = idx.coverage(toks, 0, unknown_weight=0.0)
    assert 0.0 < full < skip <= 1.0
    assert idx.coverage(toks, 1, unknown_weight=0.0) == 0.0
    assert idx.coverage(["完全陌生的词"], 0, unknown_weight=0.0) == 0.0


@pytest.mark.parametrize("update", [{"dense_query_norm": True}, {"hubness_weight": 0.5},
                                    {"hubness_weight": 0.5, "dense_query_norm": True},
                                    {"lexical_unknown_weight": 0.0, "lexical_bigrams": True}])
def test_service_with_corrections_keeps_the_obvious_answer_and_the_evidence(
        settings: Settings, fake_embedder: NgramEmbedder, update: dict[str, object]) -> None:
    write_kb(settings, [*BASE_KB, center("c-tex", "河南省纺织产品质量监督检验院", region="河南省郑州市",
                                         description="开展棉花、纤维、纱线、纺织品、服装、羽绒的检验检测。"),
                        capability("cap-tex-1", "c-tex", "纺织品色牢度检测")])
    need = "动力电池鼓胀热失控失效分析"
    base = in_session(service.match, settings, need=need, embedder=fake_embedder)
    service.reset()
    cfg = MatcherConfig(**update)  # type: ignore[arg-type]
    res = in_session(service.match, settings, need=need, config=cfg, embedder=fake_embedder)
    assert res.matches[0].center_id == base.matches[0].center_id == "c-bat"
    if "lexical_unknown_weight" not in update:  # the dense corrections change the ranking score only
        assert res.low_confidence == base.low_confidence
    tex = in_session(service.match, settings, need="纱线条干与强力检测", config=cfg, embedder=fake_embedder)
    assert tex.matches[0].center_id == "c-tex"


def test_split_passages_packs_sentences() -> None:
    text = "第一句话比较短。第二句话也不长；第三句话稍微长一些，讲的是另一件事情！第四句。"
    assert split_passages(text, 0) == [text]
    assert split_passages("短文本。", 100) == ["短文本。"]
    parts = split_passages(text, 16)
    assert "".join(parts) == text
    assert len(parts) >= 3 and all(len(p) <= 16 or "。" not in p[:-1] for p in parts)


def test_center_profile_documents_and_ids() -> None:
    from kb.schemas import CenterRecord

    desc = "负责电线电缆检测。" * 3 + "同时开展石墨烯材料检测。"
    c = CenterRecord.model_validate({"id": "c-long", "name": "某检验中心", "kind": "quality_inspection_center",
                                     "region": "江苏省", "description": desc})
    whole = center_profile_documents(c, 0)
    assert [d for d, _ in whole] == [profile_id("c-long")]
    docs = center_profile_documents(c, 20)
    assert len(docs) > 1 and all(d.startswith(profile_id("c-long") + "#") for d, _ in docs)
    assert all(t.startswith("某检验中心（江苏省）") for _, t in docs)
    assert {profile_center(d) for d, _ in docs} == {"c-long"}
    assert profile_center("cap-1") is None


def test_service_with_profile_passages(settings: Settings, fake_embedder: NgramEmbedder) -> None:
    long_desc = ("中心于多年前获批筹建，各级政府给予大力支持，实验室面积逐年扩大，人员队伍不断壮大。" * 4
                 + "可开展纱线条干、强力和棉纤维长度检测。")
    write_kb(settings, [*BASE_KB, center("c-long", "某市综合检验检测中心", description=long_desc)])
    cfg = MatcherConfig(profile_passage_chars=60)
    service.build_index(settings=settings, config=cfg, embedder=fake_embedder)
    res = in_session(service.match, settings, need="纱线条干和棉纤维长度检测", config=cfg, embedder=fake_embedder)
    assert res.matches[0].center_id == "c-long"
    passage = next(r for r in res.matches[0].reasons if r.kind == "passage")
    assert "纱线" in passage.text
    # back to whole profiles: the index drops the passages again
    service.reset()
    stats = service.build_index(settings=settings, config=MatcherConfig(), embedder=fake_embedder)
    assert stats.removed > 0 and stats.added == 1


def test_the_cross_lingual_offset_applies_per_pair_of_languages() -> None:
    # docs/matching.md §8p: an English need's range is shifted down by the offset, so its English documents, which are
    # not a cross-lingual pair, lose it on the cosine; both ways, a Chinese need's English documents are one, and gain
    # it.
    dense = {"zh-doc": 0.80, "en-doc": 0.85}
    english = {"en-doc"}
    assert language_pair_adjust(dense, need_english=True, english_docs=english, offset=0.05) == pytest.approx(
        {"zh-doc": 0.80, "en-doc": 0.80})
    assert language_pair_adjust(dense, need_english=False, english_docs=english, offset=0.05) == dense
    assert language_pair_adjust(dense, need_english=False, english_docs=english, offset=0.05,
                                both_ways=True) == pytest.approx({"zh-doc": 0.80, "en-doc": 0.90})
    assert language_pair_adjust(dense, need_english=True, english_docs=set(), offset=0.05) == dense
    assert language_pair_adjust(dense, need_english=True, english_docs=english, offset=0.0) == dense


def test_the_words_only_english_documents_contain_are_found_and_left_out() -> None:
    texts = ["The center tests lead-acid batteries and lithium batteries for quality.",
             "动力电池安全性能检测与失效分析，CNAS 认可，quality 管理体系。", "纺织品检测"]
    sets = [set(tokenize(t)) for t in texts]
    english, words = english_documents(["en", "zh1", "zh2"], texts, sets)
    assert english == {"en"}
    assert {"batteries", "lithium", "center"} <= words
    assert "quality" not in words  # a Chinese document has it too: not the language's alone
    assert not any(w.isdigit() or not w.isascii() for w in words)
    assert english_documents(["zh1"], texts[1:2], sets[1:2]) == (frozenset(), frozenset())
    assert without_language_words(["batteries", "电池", "quality"], words) == ["电池", "quality"]
    assert without_language_words(["batteries"], frozenset()) == ["batteries"]


class _OffsetEmbedder(NgramEmbedder):
    cross_lingual_offset = 0.1


@pytest.mark.parametrize("need, mode, english_moves", [("battery testing center quality", "same", -1),
                                                       ("battery testing center quality", "pair", -1),
                                                       ("动力电池检测", "same", 0), ("动力电池检测", "pair", 1)])
def test_service_applies_the_offset_to_the_english_document_alone(
        settings: Settings, need: str, mode: str, english_moves: int) -> None:
    # An English-described center among Chinese ones: its cosine falls for an English need (the shifted range no
    # longer lifts a same-language pair) and, with "pair", rises for a Chinese one; the Chinese centers' do not move.
    emb = _OffsetEmbedder()
    write_kb(settings, [*BASE_KB, center("c-en", "Zhejiang Energy Storage Battery Inspection Center",
                                         region="浙江省湖州市", industries=["storage batteries"],
                                         description="The center tests lead-acid and lithium batteries, power "
                                                     "batteries and energy storage batteries for quality.")])

    def cosines(cfg: MatcherConfig) -> dict[str, float]:  # each listed center's best document's cosine, as ranked
        service.reset()
        res = in_session(service.match, settings, need=need, config=cfg, embedder=emb, top_k=10)
        return {m.center_id: next(r.dense_cosine for r in m.reasons if r.kind == "score") for m in res.matches}

    before = cosines(MatcherConfig(product_card_weight=0, cross_lingual="need"))  # the offset per need, as before
    after = cosines(MatcherConfig(product_card_weight=0, cross_lingual=mode))  # type: ignore[arg-type]
    assert "c-en" in before and "c-en" in after
    assert after["c-en"] - before["c-en"] == pytest.approx(0.1 * english_moves, abs=1e-3)
    assert all(after[c] == pytest.approx(before[c]) for c in before if c != "c-en" and c in after)


def test_service_leaves_the_english_documents_own_words_out_of_an_english_need(settings: Settings,
                                                                                 fake_embedder: NgramEmbedder) -> None:
    write_kb(settings, [*BASE_KB, center("c-en", "浙江省储能电池检验中心", region="浙江省湖州市",
                                         description="The center passed its acceptance and combines inspection, "
                                                     "research and technical services.")])
    need = "We need technical services and research for our acceptance"

    def terms(cfg: MatcherConfig) -> list[str]:
        service.reset()
        res = in_session(service.match, settings, need=need, config=cfg, embedder=fake_embedder, top_k=10)
        hit = next((m for m in res.matches if m.center_id == "c-en"), None)
        return [] if hit is None else [t for r in hit.reasons if r.kind == "terms" for t in r.terms]

    assert "acceptance" in terms(MatcherConfig(product_card_weight=0, language_words=False))
    assert "acceptance" not in terms(MatcherConfig(product_card_weight=0))  # the default since §8p
