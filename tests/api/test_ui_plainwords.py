"""The plain-words scan's own rules (tests/api/plainwords.py), and the seed clauses cited by title on a page: what
the browser walk calls English in a Chinese page, and what it lets through, each for its reason."""

from __future__ import annotations

import pytest

from api.pages.ui_format import as_sentence, clause
from tests.api.plainwords import ALLOWED, english_words


@pytest.mark.parametrize(("text", "found"), [
    ("资质要求：CMA、CNAS", []),
    ("依据 GB/T 31485-2015 与 ISO/IEC 17025 的试验", []),
    ("电芯 3.2 V，容量 280 Ah，场地 1800 m²", []),
    ("Enter 发送，Shift+Enter 换行", []),
    ("innodock 创新需求对接 · English", []),
    ("附件（pdf、docx、xlsx，单个 20 MB 以内）", []),
    ("dense_cosine 0.57、bm25 12.1", ["dense_cosine", "bm25"]),
    ("职称：senior", ["senior"]),
    ("依据 seed 000 §4.2.1", ["seed"]),
    ("来源：evaluation:run-2", ["evaluation:run-2"]),
    ("提交 Submit", ["Submit"]),
    ("如 https://www.example.org，每行一个", []),
    ("状态：None", ["None"]),
])
def test_english_words_and_what_is_allowed(text: str, found: list[str]) -> None:
    assert english_words(text) == found


def test_every_allowed_word_says_why() -> None:
    assert all(len(reason) > 20 for reason in ALLOWED.values())


def test_a_seed_clause_is_cited_by_its_title() -> None:
    assert clause("seed 000 §4.2.1(1)") == "依据：《省级产品质量检验中心技术创新服务规范》第4.2.1条(1)"
    assert clause("seed 003 art. 14") == "依据：《科技服务站管理办法》第十四条"
    assert clause("seed 003 art. 5(4)", "en") == "Rules for science and technology service stations, art. 5(4)"
    assert clause("GB/T 1.1") == "GB/T 1.1" and clause(None) == ""
    # Seeds 002 and 004 number their sections in Chinese: the application form and the provider's rules cited them as
    # "seed 002 二(二)1" (the provider's life walked as a new user, 2026-11-28)
    assert clause("seed 002 二(二)1") == "依据：《关于促进上海市产品质量检验检测中心建设的指导意见》二(二)1"
    assert clause("seed 004 七(三)") == "依据：《江西省省级产业计量测试中心建设指导意见（试行）》七(三)"
    assert clause("seed 002 四(二)", "en") == "Guidance on building Shanghai's product-quality inspection and " \
        "testing centers, section 4(2)"
    assert clause("seed 004 二 三是不重复建设", "en").endswith("(trial), section 2")


def test_a_refusal_shown_on_a_page_cites_the_seed_by_its_title() -> None:
    """A team refusal read "项目负责人 exp-qic-003 不符合seed 000 §4.2.1(1)" on the center's page (2026-11-28): a page's
    message names the document, never the project's numbering of it."""
    message = ("项目负责人 周立新（exp-qic-003） 不符合 seed 000 §4.2.1(1)：工作年限 3 年，少于 5 年。"
               "协调员可记录例外理由 / lead 周立新 (exp-qic-003) does not meet seed 000 §4.2.1(1); "
               "a coordinator may record an exception")
    zh, en = as_sentence(message, "zh"), as_sentence(message, "en")
    assert "seed" not in zh and "《省级产品质量检验中心技术创新服务规范》" in zh
    # the clause as every other page cites it, "第4.2.1条(1)", never "§4.2.1(1)" (a center's day walked on 2026-11-29)
    assert "不符合《省级产品质量检验中心技术创新服务规范》第4.2.1条(1)：" in zh and "§" not in zh, zh
    assert "《科技服务站管理办法》第五条(4)" in as_sentence("站长不符合 seed 003 art. 5(4) / head", "zh")
    assert en.startswith("Lead 周立新") and "seed 000" not in en and "Specification for technical innovation" in en
