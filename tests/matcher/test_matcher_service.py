"""The service end to end with a tiny embedder: the JSON shape, explanations, batch CLI, exclusions, experts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import pytest
from matcher_helpers import BASE_KB, NgramEmbedder, center, expert, in_session, write_kb
from typer.testing import CliRunner

from core.settings import Settings
from kb.products import family_of
from kb.vocab import ServiceType
from matcher import service
from matcher.schemas import MatchQuery, Region


def _check_shape(obj: dict[str, Any]) -> None:
    assert set(obj) == {"matches", "low_confidence"}
    assert isinstance(obj["low_confidence"], bool)
    scores = [m["score"] for m in obj["matches"]]
    assert scores == sorted(scores, reverse=True)
    assert len({m["center_id"] for m in obj["matches"]}) == len(obj["matches"])
    for m in obj["matches"]:
        assert set(m) == {"center_id", "center_name", "score", "capabilities", "reasons", "coverage", "fit", "band"}
        assert 0.0 <= m["score"] <= 1.0
        assert m["capabilities"] and all(set(c) == {"capability_id", "title", "score"} for c in m["capabilities"])
        assert m["reasons"] and all(isinstance(r["kind"], str) and isinstance(r["text"], str) for r in m["reasons"])


def test_match_json_shape_and_explanations(settings: Settings, fake_embedder: NgramEmbedder) -> None:
    write_kb(settings, BASE_KB)
    res = in_session(service.match, settings, need="动力电池鼓胀热失控失效分析，依据GB/T 31485", top_k=10,
                        embedder=fake_embedder)
    data = res.to_json()
    json.dumps(data, ensure_ascii=False)
    _check_shape(data)
    top = data["matches"][0]
    assert top["center_id"] == "c-bat"
    kinds = {r["kind"] for r in top["reasons"]}
    assert {"passage", "terms", "score"} <= kinds
    terms = next(r for r in top["reasons"] if r["kind"] == "terms")["terms"]
    assert "gb/t31485" in terms and "失效分析" in terms
    score = next(r for r in top["reasons"] if r["kind"] == "score")
    assert {"relevance", "dense_cosine", "lexical", "coverage", "adjustment"} <= set(score)
    assert len(in_session(service.match, settings, need="检测", top_k=1, embedder=fake_embedder).matches) == 1


def test_match_from_need_fields_applies_rules(settings: Settings, fake_embedder: NgramEmbedder) -> None:
    write_kb(settings, [*BASE_KB, center("c-bat2", "广东省电池检测站", region="广东省惠州市", status="suspended")])
    need = {"text": "电池安全检测 出具报告", "region": {"province": "江苏省", "city": None}, "local_only": True,
            "qualifications": ["CMA"], "service_types": ["inspection_testing"]}
    q = MatchQuery.from_need(need)
    assert q.region == Region(province="江苏省") and q.local_only and q.qualifications == ["CMA"]
    res = in_session(service.match, settings, need=need, embedder=fake_embedder)
    assert [m.center_id for m in res.matches] == ["c-bat"]
    assert all(e.rule in {"region", "qualification", "service_type", "status"} for e in res.excluded)


def test_no_suitable_provider_is_low_confidence(settings: Settings, fake_embedder: NgramEmbedder) -> None:
    write_kb(settings, BASE_KB)
    res = in_session(service.match, settings, need="奶牛养殖场口蹄疫疫苗接种", embedder=fake_embedder)
    assert res.low_confidence
    good = in_session(service.match, settings, need="动力电池失效分析 电芯鼓胀 热失控", embedder=fake_embedder)
    assert not good.low_confidence


def test_cli_match_json_and_batch(settings: Settings, fake_embedder: NgramEmbedder, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from core.cli import app

    write_kb(settings, BASE_KB)
    monkeypatch.setenv("INNODOCK_HOME", str(settings.home))
    if settings.database_url:
        monkeypatch.setenv("INNODOCK_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("INNODOCK_DATABASE_URL", raising=False)
    monkeypatch.setattr(service, "load_embedder", lambda spec, home, **_: fake_embedder)
    runner = CliRunner()
    r = runner.invoke(app, ["match", "压力表检定与校准", "--top", "2", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    _check_shape(data)
    assert len(data["matches"]) <= 2 and data["matches"][0]["center_id"] == "c-met"

    batch = tmp_path / "needs.jsonl"
    batch.write_text('{"id": "n1", "text": "金属盐雾试验"}\n\n{"id": "n2", "text": "动力电池针刺过充"}\n', "utf-8")
    r = runner.invoke(app, ["match", "--batch", str(batch), "--top", "3", "--json"])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
    assert [x["id"] for x in lines] == ["n1", "n2"]
    for x in lines:
        assert set(x) == {"id", "matches", "low_confidence"}
        _check_shape({k: x[k] for k in ("matches", "low_confidence")})
    assert lines[0]["matches"][0]["center_id"] == "c-salt"

    batch.write_text('{"id": "n1"}\n', "utf-8")
    r = runner.invoke(app, ["match", "--batch", str(batch)])
    assert r.exit_code != 0


def test_match_experts_directly_excludes_conflicts(settings: Settings, fake_embedder: NgramEmbedder) -> None:
    write_kb(settings, [*BASE_KB,
                        expert("e1", "甲", fields=["动力电池", "失效分析"], affiliation="某电池公司"),
                        expert("e2", "乙", fields=["动力电池", "热失控"], center_id="c-bat"),
                        expert("e3", "丙", fields=["压力表检定"])])
    q = MatchQuery(text="动力电池热失控失效分析", enterprise_name="某电池公司")
    out = in_session(service.match_experts, settings, need=q, embedder=fake_embedder)
    ids = [m.expert_id for m in out.matches]
    assert "e1" not in ids and ids[0] == "e2"
    assert [(x.expert_id, x.rule, x.basis) for x in out.excluded] == [("e1", "conflict_of_interest", "affiliation")]


def test_group_needs(settings: Settings, fake_embedder: NgramEmbedder) -> None:
    groups = service.group_needs(settings=settings, texts=["动力电池失效分析", "动力电池失效分析。", "压力表检定"],
                                 threshold=0.9, embedder=fake_embedder)
    assert groups == [[0, 1], [2]]


def test_match_query_from_intake_need() -> None:
    schemas = pytest.importorskip("intake.schemas")
    need = schemas.Need(text="就近在江苏找机构做电池检测，签保密协议", enterprise={"id": "ent-1", "name": "某电池公司"},
                        region={"province": "江苏省", "city": "常州市"}, local_only=True, confidential=True,
                        service_types=["inspection_testing"], qualifications=["CMA"])
    q = MatchQuery.from_need(need)
    assert q.text == need.text and q.enterprise_id == "ent-1" and q.enterprise_name == "某电池公司"
    assert q.region == Region(province="江苏省", city="常州市") and q.local_only and q.confidential
    assert [t.value for t in q.service_types] == ["inspection_testing"] and q.qualifications == ["CMA"]


def test_center_profile_is_searched(settings: Settings, fake_embedder: NgramEmbedder) -> None:
    write_kb(settings, [*BASE_KB, center("c-rail", "湖南轨道交通装备检测中心", region="湖南省株洲市",
                                         description="专注轨道车辆转向架疲劳试验和车轴探伤，服务株洲机车企业。")])
    res = in_session(service.match, settings, need="转向架疲劳试验与车轴探伤", embedder=fake_embedder)
    top = res.matches[0]
    assert top.center_id == "c-rail" and top.capabilities == []
    assert any(getattr(r, "source", None) == "center_profile" for r in top.reasons if r.kind == "passage")
    # A need that names service types cannot be satisfied by a profile alone.
    typed = in_session(service.match, settings, need=MatchQuery(text="转向架疲劳试验与车轴探伤",
                                                             service_types=[ServiceType.inspection_testing]),
                          embedder=fake_embedder)
    assert "c-rail" not in [m.center_id for m in typed.matches]


def test_empty_knowledge_base_gives_no_matches(settings: Settings, fake_embedder: NgramEmbedder) -> None:
    res = in_session(service.match, settings, need="动力电池检测", embedder=fake_embedder)
    assert res.matches == [] and res.low_confidence
    assert res.to_json() == {"matches": [], "low_confidence": True}


def test_warm_leaves_nothing_for_the_first_match(settings: Settings, fake_embedder: NgramEmbedder,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from matcher import catalog as catalog_mod
    from matcher import explain

    write_kb(settings, BASE_KB)
    monkeypatch.setattr(explain._Places, "_words", None)  # as in a fresh worker
    service.warm(settings=settings, embedder=fake_embedder)
    assert explain._Places._words  # the key terms' place names are read by warm() (issue 33), not by a match
    loads: list[int] = []
    real_load = catalog_mod.Catalog.load
    monkeypatch.setattr(catalog_mod.Catalog, "load", classmethod(
        lambda cls, **kw: loads.append(1) or real_load(**kw)))  # type: ignore[func-returns-value]
    documents_before = fake_embedder.texts_embedded
    result = in_session(service.match, settings, need="动力电池热失控失效分析", embedder=fake_embedder)
    assert result.matches and result.matches[0].center_id == "c-bat"
    assert loads == []  # the catalog (and its BM25 index) was built by warm(), not by the first match
    assert fake_embedder.texts_embedded == documents_before  # and the index was already in sync
    write_kb(settings, [center("c-new", "新建检测中心")])  # a kb change: the next match reloads, as it must
    in_session(service.match, settings, need="动力电池热失控失效分析", embedder=fake_embedder)
    assert loads == [1]


def test_torch_threads_setting_limits_this_process(settings: Settings, fake_embedder: NgramEmbedder) -> None:
    import torch

    from matcher.schemas import MatcherConfig

    before = torch.get_num_threads()
    try:
        write_kb(settings, BASE_KB)
        in_session(service.match, settings, need="压力表检定", embedder=fake_embedder,
                      config=MatcherConfig(torch_threads=1))
        assert torch.get_num_threads() == 1
    finally:
        from matcher.embedding.models import set_runtime_threads

        set_runtime_threads(None)
        torch.set_num_threads(before)


def _record_queries(embedder: NgramEmbedder) -> list[list[str]]:
    """Every list of texts the embedder is asked to embed as queries from now on (one entry a model call)."""
    calls: list[list[str]] = []
    encode = embedder.encode_query

    def recording(texts: Any) -> Any:
        calls.append(list(texts))
        return encode(texts)

    embedder.encode_query = recording  # type: ignore[method-assign]
    return calls


def test_the_products_closeness_to_each_card_is_embedded_with_the_need_and_moves_its_center(
        settings: Settings, fake_embedder: NgramEmbedder) -> None:
    # issue 28 (docs/matching.md §8g): the need's product alone, embedded in the same model call as the need, against
    # each center's card (its name, region and industries) in the index.
    write_kb(settings, BASE_KB)
    calls = _record_queries(fake_embedder)
    need = MatchQuery(text="金属外壳盐雾试验与腐蚀评价", product="动力电池")
    off = in_session(service.match, settings, need=need, embedder=fake_embedder,
                     config=service.MatcherConfig(product_card_weight=0.0))
    assert calls[-1] == ["金属外壳盐雾试验与腐蚀评价"]  # off: the product is not embedded
    assert off.matches[0].center_id == "c-salt"
    assert not any(r.kind == "product_card" for m in off.matches for r in m.reasons)
    calls.clear()
    on = in_session(service.match, settings, need=need, embedder=fake_embedder)  # on: the default (0.5, §8j)
    assert calls == [["金属外壳盐雾试验与腐蚀评价", "动力电池"]]  # one call, the product beside the need
    # (the index was built by the first match: this one embeds the queries alone)
    closeness = {m.center_id: next(r for r in m.reasons if r.kind == "product_card").closeness for m in on.matches}
    assert closeness["c-bat"] > 0.5 > closeness["c-salt"]  # the card "江苏省动力电池质检中心…动力电池" is close
    before = {m.center_id: m.score for m in off.matches}
    for m in on.matches:  # each center's score gains weight × closeness (clipped at 1), nothing else moves
        assert m.score == pytest.approx(min(1.0, before[m.center_id] + 0.5 * closeness[m.center_id]), abs=1e-6)


def test_the_products_families_go_with_it_into_the_model_call_when_asked(
        settings: Settings, fake_embedder: NgramEmbedder) -> None:
    # §8o: with product_card_families the product's card query is the product and its nearest families, embedded in
    # the same call as the need; the card closeness is then that text's.
    write_kb(settings, BASE_KB)
    need = MatchQuery(text="金属外壳盐雾试验与腐蚀评价", product="锂离子电池")
    in_session(service.match, settings, need="预热", embedder=fake_embedder)  # builds the index
    calls = _record_queries(fake_embedder)
    plain = in_session(service.match, settings, need=need, embedder=fake_embedder)
    assert calls == [["金属外壳盐雾试验与腐蚀评价", "锂离子电池"]]
    calls.clear()
    config = service.MatcherConfig(product_card_families=2)
    with_families = in_session(service.match, settings, need=need, embedder=fake_embedder, config=config)
    query = " ".join(["锂离子电池", *family_of("锂离子电池")[:2]])
    assert query != "锂离子电池"
    assert calls == [["金属外壳盐雾试验与腐蚀评价", query]]  # one call still
    closeness = {m.center_id: next(r for r in m.reasons if r.kind == "product_card").closeness
                 for m in with_families.matches}
    before = {m.center_id: next(r for r in m.reasons if r.kind == "product_card").closeness for m in plain.matches}
    assert closeness.keys() == before.keys() and closeness != before  # the families' text is what was compared


class _SmallNgram(NgramEmbedder):
    """A second, different member for an ensemble: fewer dimensions, so its vectors differ from the first's."""

    model_id = "small-ngram-64"
    dim = 64
    cosine_range = (0.2, 0.8)


def test_the_product_can_be_embedded_with_one_member_of_an_ensemble_alone(settings: Settings) -> None:
    # issue 28 (docs/matching.md §8i): ``product_card_part`` embeds the product with one member in a call of its own
    # and compares it with that member's block of each card, rescaled by that member's range.
    from kb.schemas import CenterRecord
    from matcher.embedding.models import EnsembleEmbedder
    from matcher.fusion import rescale
    from matcher.text import center_card_id, center_documents

    write_kb(settings, BASE_KB)
    big, small = NgramEmbedder(), _SmallNgram()
    calls: dict[str, list[list[str]]] = {"big": [], "small": []}
    for name, member in (("big", big), ("small", small)):
        encode = member.encode_query

        def recording(texts: Any, _encode: Any = encode, _name: str = name) -> Any:
            calls[_name].append(list(texts))
            return _encode(texts)

        member.encode_query = recording  # type: ignore[method-assign]
    ensemble = EnsembleEmbedder([big, small])
    need = MatchQuery(text="金属外壳盐雾试验与腐蚀评价", product="动力电池")
    config = service.MatcherConfig(product_card_weight=0.5, product_card_part="small-ngram")
    in_session(service.match, settings, need="预热", embedder=ensemble, config=config)  # builds the index
    calls["big"].clear()
    calls["small"].clear()
    on = in_session(service.match, settings, need=need, embedder=ensemble, config=config)
    assert calls["big"] == [["金属外壳盐雾试验与腐蚀评价"]]  # the larger member never sees the product
    assert calls["small"] == [["金属外壳盐雾试验与腐蚀评价"], ["动力电池"]]  # its own call for the product
    closeness = {m.center_id: next(r for r in m.reasons if r.kind == "product_card").closeness for m in on.matches}
    records = [CenterRecord.model_validate({k: v for k, v in r.items() if k != "type"})
               for r in BASE_KB if r["type"] == "center"]
    cards = {doc_id: text for c in records for doc_id, text in center_documents(c, cards=True)}
    for center_id, value in closeness.items():
        card = small._vec(cards[center_card_id(center_id)])
        expected = rescale(float(card @ small._vec("动力电池")), *small.cosine_range)
        assert value == pytest.approx(expected, abs=1e-3)  # the member's own cosine, not the ensemble's
    assert closeness["c-bat"] > closeness["c-salt"]


def test_an_ensemble_member_that_does_not_exist_is_refused_by_name(settings: Settings) -> None:
    from core.errors import InnodockError
    from matcher.embedding.models import EnsembleEmbedder

    write_kb(settings, BASE_KB)
    ensemble = EnsembleEmbedder([NgramEmbedder(), _SmallNgram()])
    config = service.MatcherConfig(product_card_weight=0.5, product_card_part="usem3")
    with pytest.raises(InnodockError) as err:
        in_session(service.match, settings, need=MatchQuery(text="盐雾试验", product="动力电池"), embedder=ensemble,
                   config=config)
    assert err.value.field == "product_card_part"


def test_hubness_against_a_pool_of_needs_lowers_the_center_near_them_and_never_reads_the_need_itself(
        settings: Settings, fake_embedder: NgramEmbedder) -> None:
    # issue 28 (docs/matching.md §8k): hubness_reference "needs" measures each document's hubness against the pool of
    # needs the caller passes (CSLS over queries); the need's own entry in the pool is left out by its id.
    from matcher.calibrate import NeedPool

    write_kb(settings, BASE_KB)
    need = MatchQuery(id="n-0", text="动力电池外壳盐雾试验")
    others = ["动力电池失效分析", "动力电池安全性能检测针刺过充", "动力电池电芯鼓胀热失控"]  # near c-bat
    pool = NeedPool(["n-1", "n-2", "n-3"], fake_embedder.encode_query(others))
    config = service.MatcherConfig(hubness_weight=1.0, hubness_reference="needs", product_card_weight=0.0)

    def scores(**kw: Any) -> dict[str, float]:
        result = in_session(service.match_many, settings, needs=[need], embedder=fake_embedder, **kw)[0]
        return {m.center_id: m.score for m in result.matches}

    plain = scores(config=service.MatcherConfig(product_card_weight=0.0))
    assert scores(config=config) == plain  # no pool passed: no correction
    on = scores(config=config, need_pool=pool)
    assert on["c-bat"] - plain["c-bat"] < on["c-salt"] - plain["c-salt"]  # the center near the other needs falls
    with_self = NeedPool(["n-1", "n-2", "n-3", "n-0"], fake_embedder.encode_query([*others, need.text]))
    same = scores(config=config, need_pool=with_self)
    assert list(same) == list(on)
    assert same["c-bat"] - same["c-salt"] == pytest.approx(on["c-bat"] - on["c-salt"], abs=1e-6)


def test_the_need_s_closeness_to_each_card_moves_its_center_without_another_model_call(
        settings: Settings, fake_embedder: NgramEmbedder) -> None:
    # issue 28 (docs/matching.md §8k): need_card_weight adds weight × the need's own vector's closeness to each
    # center's card (its name, region and industries, in the index); the need is embedded once, as without it.
    from matcher.fusion import rescale
    from matcher.text import center_card_id

    write_kb(settings, BASE_KB)
    need = MatchQuery(text="动力电池质检中心能否做外壳盐雾试验")
    off_cfg = service.MatcherConfig(product_card_weight=0.0)
    off = in_session(service.match, settings, need=need, embedder=fake_embedder, config=off_cfg)
    assert not any(r.kind == "need_card" for m in off.matches for r in m.reasons)
    calls = _record_queries(fake_embedder)
    on = in_session(service.match, settings, need=need, embedder=fake_embedder,
                    config=off_cfg.model_copy(update={"need_card_weight": 0.3}))
    assert calls == [[need.text]]  # no second call
    store = service._engines[next(iter(service._engines))].store
    assert store is not None
    qvec = fake_embedder._vec(need.text)
    before = {m.center_id: m.score for m in off.matches}
    for m in on.matches:
        reason = next(r for r in m.reasons if r.kind == "need_card")
        expected = rescale(float(store.vector(center_card_id(m.center_id)) @ qvec), *fake_embedder.cosine_range)
        assert reason.closeness == pytest.approx(expected, abs=1e-3)
        assert m.score == pytest.approx(min(1.0, before[m.center_id] + 0.3 * reason.closeness), abs=1e-3)
    assert on.matches[0].center_id == "c-bat"  # the center the need names by its card


def _product_card_closeness(settings: Settings, embedder: NgramEmbedder, need: MatchQuery,
                            **config: Any) -> dict[str, float]:
    """Each listed center's product-card closeness under ``config``; the reason never prints the need's product."""
    result = in_session(service.match, settings, need=need, embedder=embedder, config=service.MatcherConfig(**config))
    for m in result.matches:
        assert all(str(need.product) not in r.text for r in m.reasons if r.kind == "product_card")
    return {m.center_id: next(r for r in m.reasons if r.kind == "product_card").closeness for m in result.matches}


def test_the_product_is_compared_with_the_center_s_own_documents_beside_its_card(
        settings: Settings, fake_embedder: NgramEmbedder) -> None:
    # issue 28 (docs/matching.md §8k): product_card_capabilities "max" / "mean" read the product's best closeness to
    # the center's own documents (its capabilities, its profile) beside the card's: their greater, or their mean.
    write_kb(settings, BASE_KB)
    need = MatchQuery(text="外壳腐蚀评价", product="盐雾试验")

    def closeness(mix: Literal["off", "max", "mean"]) -> dict[str, float]:
        return _product_card_closeness(settings, fake_embedder, need, product_card_capabilities=mix)

    card, best, mean = closeness("off"), closeness("max"), closeness("mean")
    assert best["c-salt"] > card["c-salt"]  # the capability "金属材料盐雾试验" names the product; the card does not
    for center_id, value in card.items():
        assert best[center_id] >= value - 1e-6
        own = best[center_id] if best[center_id] > value + 1e-6 else None
        if own is not None:
            assert mean[center_id] == pytest.approx((value + own) / 2, abs=1e-3)


def test_the_product_is_compared_with_the_center_s_product_line_embedded_once_per_index(
        settings: Settings, fake_embedder: NgramEmbedder) -> None:
    # issue 28 (docs/matching.md §8l): product_card_text "line" compares the need's product with the line of products
    # the center's name states (its name less region, level and institutional words: 江苏省动力电池质检中心 → 动力电池),
    # the card where the name states none (江西省计量测试中心); "max" takes the greater of the two. The lines are
    # embedded once per index generation, as documents; "card" (the default) embeds none.
    from matcher.fusion import rescale
    from matcher.text import center_card_id

    write_kb(settings, BASE_KB)
    need = MatchQuery(text="金属外壳盐雾试验与腐蚀评价", product="动力电池")

    def closeness(text: Literal["card", "line", "max"]) -> dict[str, float]:
        return _product_card_closeness(settings, fake_embedder, need, product_card_text=text)

    card = closeness("card")
    assert all(e.lines is None for e in service._engines.values())  # the default embeds no line
    before = fake_embedder.texts_embedded
    line = closeness("line")
    assert fake_embedder.texts_embedded - before == 2  # 动力电池 and 材料腐蚀, in one pass
    engine = next(e for e in service._engines.values() if e.config.product_card_text == "line")
    assert engine.lines is not None and set(engine.lines.row) == {"c-bat", "c-salt"}
    store = engine.store
    assert store is not None
    product = fake_embedder._vec("动力电池")
    lo, hi = fake_embedder.cosine_range
    assert line["c-bat"] == pytest.approx(rescale(1.0, lo, hi), abs=1e-3)  # the line is the product itself
    assert line["c-bat"] > card["c-bat"]
    assert line["c-met"] == pytest.approx(card["c-met"], abs=1e-6)  # no line: the card's closeness
    expected_salt = rescale(float(fake_embedder._vec("材料腐蚀") @ product), lo, hi)
    assert line["c-salt"] == pytest.approx(expected_salt, abs=1e-3)
    assert card["c-salt"] == pytest.approx(
        rescale(float(store.vector(center_card_id("c-salt")) @ product), lo, hi), abs=1e-3)
    embedded = fake_embedder.texts_embedded
    closeness("line")  # the same index generation: nothing embedded again
    assert fake_embedder.texts_embedded == embedded
    best = closeness("max")
    for center_id, value in card.items():
        assert best[center_id] == pytest.approx(max(value, line[center_id]), abs=1e-6)
    # product_line_as "query": the lines are embedded as queries, as the product is, once; no document is embedded
    calls = _record_queries(fake_embedder)
    embedded = fake_embedder.texts_embedded
    config = service.MatcherConfig(product_card_text="line", product_line_as="query")
    for _ in range(2):
        in_session(service.match, settings, need=need, embedder=fake_embedder, config=config)
    assert fake_embedder.texts_embedded == embedded
    assert sorted(calls[0]) == ["动力电池", "材料腐蚀"]  # the lines in one call, before the need's
    assert all("材料腐蚀" not in call for call in calls[1:])  # and not again
