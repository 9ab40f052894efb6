"""The content check that gates submission (intake.content, intake.submission): junk is refused with a reason, the
thin real needs of both real sets pass, and the reason names what to fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake.content import check_content, substantive_words
from intake.conversation import compose_text
from intake.schemas import Need
from intake.submission import blockers
from kb.vocab import ServiceType

REPO = Path(__file__).resolve().parents[2]
REAL_SETS = [REPO / "benchmarks" / "data" / "real" / "needs.jsonl",
             REPO / "tests" / "intake" / "data" / "real" / "intake_real.jsonl"]

JUNK: list[tuple[str, str]] = [
    ("asdf 123 ？？？", "too_little"),  # the issue's own example
    ("asdfghjkl", "too_little"),  # keyboard mash
    ("qwerty uiop asdf", "too_little"),
    ("zxcvbnm asdfgh", "too_little"),
    ("sdfsdf dfgdfg", "too_little"),
    ("😀😀😀👍", "no_words"),  # emoji
    ("。。。。？？", "no_words"),  # punctuation
    ("a", "too_little"),  # one character
    ("好", "too_little"),
    ("https://example.com/abc?x=1", "link_only"),  # a URL alone
    ("www.baidu.com", "link_only"),
    ("啊啊啊啊啊啊", "repeated"),  # repeated characters
    ("hhhhhhhhhh", "repeated"),
    ("11111111", "repeated"),
    ("哈哈哈哈", "repeated"),
    ("测试测试测试", "repeated"),
    ("blorf zibble quax snerp", "too_little"),  # English gibberish
    ("lorem ipsum dolor sit amet", "too_little"),
    ("hello world", "too_little"),
    ("test test", "too_little"),
    ("你好，在吗？", "too_little"),  # a greeting
    ("鑫淼犇骉焱", "too_little"),  # rare characters, no words
    ("123456789", "too_little"),
    ("<b>asdf</b>", "too_little"),  # markup around junk
]


@pytest.mark.parametrize(("text", "problem"), JUNK)
def test_junk_is_refused_with_its_reason(text: str, problem: str) -> None:
    assert check_content(text).problem == problem


def _real(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("{")]


@pytest.mark.parametrize("path", REAL_SETS, ids=lambda p: p.parent.parent.name + "/" + p.name)
def test_every_thin_real_need_passes(path: Path) -> None:
    texts = _real(path)
    assert len(texts) > 150
    refused = [t for t in texts if not check_content(t).ok]
    assert refused == []


def test_the_shortest_real_needs_pass() -> None:
    shortest = sorted((t for p in REAL_SETS for t in _real(p)), key=len)[:10]
    assert len(shortest[0]) <= 8
    for text in shortest:
        assert check_content(text).ok, text
    assert set(check_content("熟肉制品检测").words) == {"熟肉制品", "检测"}


def test_english_needs_pass() -> None:
    assert check_content("We need thermal runaway testing of battery packs").ok
    assert check_content("EMC test for a charger").ok


def test_blockers_name_the_field_and_read_the_answers_too() -> None:
    junk = Need(text="asdf 123 ？？？", service_types=[ServiceType.rnd])
    [only] = blockers(junk)
    assert (only.field, only.code, only.reason) == ("text", "need_unclear", "too_little")
    assert "产品" in only.zh and "product" in only.en
    # A short first message, completed by the product the enterprise named when asked.
    assert blockers(Need(text="想做个校准", service_types=[ServiceType.calibration])) != []
    assert blockers(Need(text="想做个校准", product="电子秤", service_types=[ServiceType.calibration])) == []
    no_kind = blockers(Need(text="我们的锂电池高温鼓包，很头疼"))
    assert [(b.field, b.code) for b in no_kind] == [("service_types", "need_incomplete")]


@pytest.mark.parametrize(("text", "adds"), [
    ("三个月", False), ("预算改成30万", False), ("浙江杭州，必须本地", False), ("大概二三十万吧", False),
    ("不知道", False), ("不是江苏，是浙江", False), ("要保密", False), ("within 3 months", False),
    ("另外还需要帮我们制定企业标准", True), ("电池热失控试验，需要CMA报告", True),
])
def test_what_says_something_beyond_a_field(text: str, adds: bool) -> None:
    first = "我们的储能电池夏天高温老报警，想找机构做失效分析"
    assert (compose_text(first, text) == first + "\n" + text) is adds
    assert compose_text(first, text) in (first, first + "\n" + text)
    if not adds:
        assert len(substantive_words(text)) < 2 or len(text) < 15


def test_the_part_of_speech_tagger_is_built_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building jieba's tagger reads its whole word-tag dictionary (≈ 0.3 s): under load, building it per chat
    message was a sixth of a worker's time (py-spy on benchmarks/load.py). It is built once and shared."""
    import jieba.posseg

    substantive_words("我们需要做电池的针刺测试")  # the tagger exists after the first call
    built: list[object] = []
    real = jieba.posseg.POSTokenizer

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args: object, **kwargs: object) -> None:
            built.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(jieba.posseg, "POSTokenizer", Counting)
    first = substantive_words("想找机构做电机轴承的失效分析")
    second = substantive_words("需要校准一批压力表")
    assert built == []
    assert "失效分析" in first or "轴承" in first
    assert "压力表" in second


def test_a_greeting_is_too_little_not_repeated_characters() -> None:
    """"你好" with its problem read as the same words was "只是重复的字符" (found walking the chat)."""
    reasons = [b.reason for b in blockers(Need(text="你好", problem="你好"))]
    assert reasons[0] == "too_little"
