"""Issue 13's matcher additions: the e5+USE ensemble, center cards, the GB/T 4754 lexicon and its generator, query
expansion (lexicon and LLM, cached, bounded in time) and how expansion shows in the explanation. Tiny embedders only."""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from matcher_helpers import BASE_KB, NgramEmbedder, capability, center, in_session, write_kb

from core.errors import InnodockError
from core.settings import Settings
from matcher import service
from matcher.embedding.cache import EmbeddingCache, encode_documents
from matcher.embedding.models import (
    EnsembleEmbedder,
    model_id_for,
    parse_ensemble,
)
from matcher.expansion import (
    LLMExpander,
    LLMExpansionCache,
    default_lexicon,
    parse_llm_terms,
)
from matcher.lexical import query_tokens
from matcher.schemas import MatcherConfig
from matcher.text import center_card_id, center_card_text, is_card, profile_center

ROOT = Path(__file__).resolve().parents[2]


def _load_builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_lexicon", ROOT / "scripts" / "build_lexicon.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_lexicon"] = mod
    spec.loader.exec_module(mod)
    return mod


class Stub:
    """An embedder returning fixed unit vectors per text (unknown texts: a constant vector)."""

    def __init__(self, model_id: str, table: dict[str, list[float]], cosine_range: tuple[float, float]) -> None:
        self.model_id = model_id
        self.dim = len(next(iter(table.values())))
        self.cosine_range = cosine_range
        self.cross_lingual_offset = 0.0
        self.low_confidence_threshold = 0.5
        self.table = {k: np.asarray(v, np.float32) / np.linalg.norm(v) for k, v in table.items()}
        self.encoded = 0

    def _enc(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded += len(texts)
        default = np.ones(self.dim, np.float32) / np.sqrt(self.dim)
        return np.vstack([self.table.get(t, default) for t in texts]).astype(np.float32)

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self._enc(texts)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return self._enc(texts)


# ---- ensemble --------------------------------------------------------------------------------------------------


def test_ensemble_inner_product_is_the_weighted_sum_of_the_parts_cosines() -> None:
    a = Stub("a", {"q": [1, 0, 0], "d": [0.6, 0.8, 0]}, (0.7, 0.9))
    b = Stub("b", {"q": [0, 1], "d": [1, 1]}, (0.2, 0.6))
    ens = EnsembleEmbedder([a, b], [0.75, 0.25])
    q, d = ens.encode_query(["q"])[0], ens.encode_document(["d"])[0]
    cos_a, cos_b = 0.6, 1 / np.sqrt(2)
    assert float(q @ d) == pytest.approx(0.75 * cos_a + 0.25 * cos_b, abs=1e-6)
    assert np.linalg.norm(q) == pytest.approx(1.0, abs=1e-6)
    assert ens.dim == 5
    assert ens.cosine_range == pytest.approx((0.75 * 0.7 + 0.25 * 0.2, 0.75 * 0.9 + 0.25 * 0.6))


def test_ensemble_default_weights_equalise_the_parts_spreads() -> None:
    a = Stub("a", {"x": [1, 0]}, (0.78, 0.92))  # spread 0.14
    b = Stub("b", {"x": [1, 0]}, (0.25, 0.65))  # spread 0.40
    ens = EnsembleEmbedder([a, b])
    assert ens.weights[0] == pytest.approx(0.40 / 0.54, abs=1e-6)
    assert ens.weights[0] * 0.14 == pytest.approx(ens.weights[1] * 0.40, abs=1e-9)
    # the id a setting names is the id of the embedder it loads (manifest and cache keys agree)
    e5, use = Stub(model_id_for("e5"), {"x": [1]}, (0.78, 0.92)), Stub(model_id_for("usem3"), {"x": [1]}, (0.25, 0.65))
    assert EnsembleEmbedder([e5, use]).model_id == model_id_for("e5+usem3")
    assert EnsembleEmbedder([e5, use], [0.8, 0.2]).model_id == model_id_for("e5:0.8+usem3:0.2")


@pytest.mark.parametrize("spec", ["e5:x+usem3:0.2", "e5:0.8+usem3", "+usem3"])
def test_bad_ensemble_settings_name_the_field(spec: str) -> None:
    with pytest.raises(InnodockError) as err:
        parse_ensemble(spec)
    assert err.value.field == "model"


def test_ensemble_needs_two_parts_and_positive_weights() -> None:
    a = Stub("a", {"x": [1, 0]}, (0.1, 0.5))
    with pytest.raises(InnodockError):
        EnsembleEmbedder([a])
    with pytest.raises(InnodockError):
        EnsembleEmbedder([a, a], [1.0, 0.0])


def test_ensemble_documents_are_cached_part_by_part(tmp_path: Path) -> None:
    a = Stub("a", {"d1": [1, 0], "d2": [0, 1]}, (0.1, 0.5))
    b = Stub("b", {"d1": [1, 1], "d2": [1, -1]}, (0.2, 0.6))
    cache = EmbeddingCache(tmp_path / "e.sqlite3")
    _first, n = encode_documents(["d1", "d2"], embedder=EnsembleEmbedder([a, b]), cache=cache)
    assert n == 2 and a.encoded == 2 and b.encoded == 2
    # another weighting of the same parts, and each part alone, embed nothing new
    again, n2 = encode_documents(["d1", "d2"], embedder=EnsembleEmbedder([a, b], [0.5, 0.5]), cache=cache)
    alone, n3 = encode_documents(["d2"], embedder=a, cache=cache)
    assert n2 == 0 and n3 == 0 and a.encoded == 2 and b.encoded == 2
    assert np.allclose(np.linalg.norm(again, axis=1), 1.0, atol=1e-6)
    assert np.allclose(alone[0], a.table["d2"])
    cache.close()


# ---- center cards ------------------------------------------------------------------------------------------------


def test_card_text_and_id() -> None:
    from kb.schemas import CenterRecord

    c = CenterRecord.model_validate({"id": "c-x", "name": "国家陶瓷产品质量监督检验中心",
                                     "kind": "quality_inspection_center", "region": "江西省景德镇市",
                                     "industries": ["陶瓷"]})
    assert center_card_text(c) == "国家陶瓷产品质量监督检验中心（江西省景德镇市）。服务产业：陶瓷。"
    doc = center_card_id("c-x")
    assert is_card(doc) and profile_center(doc) == "c-x" and not is_card("@center:c-x")


def test_cards_find_a_center_its_description_does_not_name_and_say_so(
        settings: Settings, fake_embedder: NgramEmbedder) -> None:
    write_kb(settings, [*BASE_KB,
                        center("c-cer", "国家日用陶瓷质量监督检验中心", region="江西省景德镇市",
                               industries=["日用陶瓷"],
                               description="中心于二〇〇五年获批筹建，现有职工八十人，实验室面积五千平方米。")])
    cfg = MatcherConfig(center_cards=True)
    res = in_session(service.match, settings, need="日用陶瓷检验", config=cfg, embedder=fake_embedder, mode="dense")
    assert res.matches[0].center_id == "c-cer"
    sources = [r.model_dump().get("source") for r in res.matches[0].reasons if r.kind == "passage"]
    assert "center_card" in sources
    service.reset()
    plain = in_session(service.match, settings, need="日用陶瓷检验", config=MatcherConfig(center_cards=False),
                          embedder=fake_embedder, mode="dense")
    assert all(r.model_dump().get("source") != "center_card" for m in plain.matches for r in m.reasons)


# ---- lexicon and its generator -------------------------------------------------------------------------------------


def test_lexicon_generator_reads_names_and_notes_and_drops_generic_terms() -> None:
    mod = _load_builder()
    rows = [("39", "计算机、通信和其他电子设备制造业", ""), ("398", "电子元件及电子专用材料制造", ""),
            ("3984", "电声器件及零件制造", "指扬声器、送受话器、耳机、音箱及零件等制造"),
            ("3985", "电子专用材料制造", "包括半导体材料、磁性材料等")]
    lex = mod.build(rows)
    assert lex["音箱"] == ["3984"] and lex["扬声器"] == ["3984"] and lex["电声器件"] == ["3984"]
    assert lex["电子元件"] == ["3984", "3985"]  # a 3-digit class's term belongs to all its 4-digit classes
    many = [(f"{1000 + i}", f"测试品{i}加工", "包括通用零件") for i in range(mod.MAX_CLASSES + 1)]
    assert "通用零件" not in mod.build(many)  # names too many classes to say which industry is meant


def test_committed_lexicon_is_what_its_source_generates() -> None:
    mod = _load_builder()
    assert mod.OUTPUT.read_text("utf-8") == mod.render(mod.build(mod.read_source()))
    header = mod.SOURCE.read_text("utf-8").splitlines()[:5]
    assert any("zmshe/capital" in h for h in header) and any("Licence" in h for h in header)


def test_lexicon_expansion_adds_the_products_industries() -> None:
    lex = default_lexicon()
    text = "智能音箱升级项目"
    (exp,) = lex.expand(text, query_tokens(text))
    assert exp.trigger == "音箱" and exp.source == "GB/T 4754-2017"
    assert exp.terms[0] == "电声器件及零件制造" and "计算机、通信和其他电子设备制造业" in exp.terms
    assert lex.expand("完全无关的一句话", query_tokens("完全无关的一句话")) == []


# ---- LLM expansion ---------------------------------------------------------------------------------------------


def test_parse_llm_terms() -> None:
    content = '好的：{"products": ["音箱", "x"], "industries": ["电声器件"], "test_items": ["频率响应", 3]} 完'
    assert parse_llm_terms(content) == ["音箱", "电声器件", "频率响应"]
    with pytest.raises(ValueError):
        parse_llm_terms("no json here")
    with pytest.raises(ValueError):
        parse_llm_terms("{not json}")


def test_llm_expander_is_cached_and_silent_on_failure(tmp_path: Path) -> None:
    calls: list[str] = []

    def ask(text: str) -> str:
        calls.append(text)
        return '{"products": ["扬声器"], "industries": ["电声器件"], "test_items": []}'

    cache = LLMExpansionCache(tmp_path / "x.sqlite3")
    exp = LLMExpander(ask=ask, model_id="stub", cache=cache, timeout_s=5)
    first = exp.expand("喇叭异响")
    second = LLMExpander(ask=ask, model_id="stub", cache=cache, timeout_s=5).expand("喇叭异响")
    assert first is not None and second is not None and first.terms == second.terms == ("扬声器", "电声器件")
    assert calls == ["喇叭异响"]  # asked once, then from the cache
    never = threading.Event()

    def slow(text: str) -> str:
        never.wait(5)
        return "{}"

    assert LLMExpander(ask=slow, model_id="slow", timeout_s=0.05).expand("t") is None

    def broken(text: str) -> str:
        raise ConnectionError("down")

    assert LLMExpander(ask=broken, model_id="down").expand("t") is None
    assert LLMExpander(ask=lambda t: "not json", model_id="bad").expand("t") is None
    remote = LLMExpander(ask=ask, model_id="remote", loopback=False)
    assert remote.expand("保密的需求", confidential=True) is None and calls == ["喇叭异响"]  # never sent
    assert remote.expand("公开的需求") is not None
    never.set()
    cache.close()


def test_expansions_show_in_the_explanation_and_a_broken_llm_changes_nothing(
        settings: Settings, fake_embedder: NgramEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    write_kb(settings, [*BASE_KB, center("c-ea", "浙江省电子电声产品质量检测中心", region="浙江省嘉兴市",
                                         industries=["电声产品"]),
                        capability("cap-ea-1", "c-ea", "电声器件性能检测", description="扬声器、耳机的频率响应测试。")])
    need = "智能音箱升级项目"
    monkeypatch.setattr(service, "_llm_expander", lambda s, c: LLMExpander(
        ask=lambda t: '{"products": ["扬声器"], "industries": [], "test_items": ["频率响应"]}', model_id="stub"))
    res = in_session(service.match, settings, need=need, config=MatcherConfig(lexicon_expansion=True),
                        embedder=fake_embedder)
    top = res.matches[0]
    assert top.center_id == "c-ea"
    kinds = [r for r in top.reasons if r.kind == "expansion"]
    sources = {r.model_dump()["source"] for r in kinds}
    assert sources == {"GB/T 4754-2017", "LLM stub"}
    assert any(r.model_dump()["matched"] for r in kinds)
    service.reset()

    def broken(text: str) -> str:
        raise TimeoutError("slow")

    monkeypatch.setattr(service, "_llm_expander", lambda s, c: None)
    without = in_session(service.match, settings, need=need, config=MatcherConfig(), embedder=fake_embedder)
    service.reset()
    monkeypatch.setattr(service, "_llm_expander", lambda s, c: LLMExpander(ask=broken, model_id="down"))
    plain = in_session(service.match, settings, need=need, config=MatcherConfig(), embedder=fake_embedder)
    assert [(m.center_id, m.score) for m in plain.matches] == [(m.center_id, m.score) for m in without.matches]
    assert not [r for m in plain.matches for r in m.reasons if r.kind == "expansion"]


def test_no_llm_configured_means_no_llm_expander(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INNODOCK_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("INNODOCK_LLM_MODEL", raising=False)
    assert service._llm_expander(settings, MatcherConfig()) is None
    monkeypatch.setenv("INNODOCK_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("INNODOCK_LLM_MODEL", "qwen")
    assert service._llm_expander(settings, MatcherConfig()) is None  # off unless asked for (unmeasured)
    local = service._llm_expander(settings, MatcherConfig(llm_expansion=True))
    assert isinstance(local, LLMExpander) and local.loopback
    monkeypatch.setenv("INNODOCK_LLM_BASE_URL", "https://llm.example.com/v1")
    remote = service._llm_expander(settings, MatcherConfig(llm_expansion=True))
    assert isinstance(remote, LLMExpander) and not remote.loopback


@pytest.mark.slow
def test_real_ensemble_ranks_both_languages(e5_home: Path, e5_embedder: object) -> None:
    """The default ensemble, loaded for real: unit vectors of 384 + 512 dims, its id as the setting names it, and a
    Chinese and an English need each closest to the provider text that fits it."""
    from matcher.embedding.models import DEFAULT_MODEL, load_embedder

    ens = load_embedder(DEFAULT_MODEL, home=e5_home)
    assert ens.dim == 896 and ens.model_id == model_id_for(DEFAULT_MODEL)
    docs = ens.encode_document(["国家陶瓷产品质量监督检验中心，开展日用陶瓷铅镉溶出量检测。",
                                "国家轴承产品质量监督检验中心，开展滚动轴承寿命试验。",
                                "国家茶叶产品质量监督检验中心，开展茶叶农药残留检测。"])
    queries = ens.encode_query(["耐热陶瓷锅出口日本，需要检测铅溶出量",
                                "Bearing life testing for our rolling bearings",
                                "Pesticide residue testing of our oolong tea for export to the EU"])
    assert np.allclose(np.linalg.norm(queries, axis=1), 1.0, atol=1e-4)
    assert (queries @ docs.T).argmax(axis=1).tolist() == [0, 1, 2]


def test_the_configured_default_is_the_ensemble() -> None:
    from matcher.embedding.models import DEFAULT_MODEL, LOW_CONFIDENCE

    cfg = MatcherConfig()
    assert cfg.model == DEFAULT_MODEL == "e5+usem3" and cfg.center_cards
    assert not cfg.lexicon_expansion and not cfg.llm_expansion
    assert DEFAULT_MODEL in LOW_CONFIDENCE
