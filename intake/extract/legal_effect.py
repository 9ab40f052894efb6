"""Whether a need's report must stand in law (issue 29, item 8; seed 000 §6.1): a routine test whose report is for
market access, a tender or a sampling inspection, read from the need's words.

Seed 000 §6.1 obliges a center to hold CMA/CNAS for the products and parameters of its routine testing; this
project's reading is that a report that must stand — before a market regulator, a tenderer or a sampling authority —
goes to a provider holding the mark for the item (the matcher's ``check_legal_standing``). This module only reads the
purpose; it does not decide. A report asked for internal use, a rough check (摸底) or R&D is not read as one, nor is a
purpose the text denies ("不用于投标").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Each purpose: its name in both languages and the words that say it. Order: the first found is named.
_PURPOSES: tuple[tuple[str, str, str, re.Pattern[str]], ...] = (
    ("tender", "招投标", "a tender", re.compile(
        r"(?:招投标|投标|招标|标书|竞标|政府采购|采购(?:项目|文件)要求)(?!流程|政策|信息|公告)|"
        r"tender|bid(?:ding)?\b", re.I)),
    ("market_access", "市场准入", "market access", re.compile(
        r"市场准入|准入|上市(?:销售|许可|前)|产品注册|注册检验|注册检测|生产许可|入网|进场|备案检验|3C认证|CCC|"
        r"强制性?认证|出口(?:检验|报关)|market access|(?:CCC|CE|FCC|UL|type) certification", re.I)),
    ("sampling", "监督抽查", "a sampling inspection", re.compile(
        r"监督抽查|抽查|抽检|抽样检验|复检|复验|仲裁检验|仲裁|司法鉴定|质量纠纷|spot check|sampling inspection|"
        r"arbitration", re.I)),
    ("legal_effect", "具有法律效力的报告", "a report with legal effect", re.compile(
        r"法律效力|具有?法律效应|公证(?:效力)?|有效力的报告|正式(?:检测|检验)?报告|带\s*(?:CMA|CNAS)?\s*章|"
        r"legally (?:valid|binding)|legal effect", re.I)),
)
# What says the report is for the enterprise alone, or that the purpose does not hold.
_INTERNAL = re.compile(r"内部参考|仅供(?:内部|参考|研发)|自用|摸底|预测试|预检|研发阶段|研发验证|不需要(?:正式)?报告|"
                       r"无需(?:正式)?报告|不需要\s*(?:CMA|CNAS)|无需\s*(?:CMA|CNAS|资质)|不要求\s*(?:CMA|CNAS|资质)|"
                       r"internal (?:use|reference)|for reference only|no (?:formal )?report", re.I)
_DENIED = re.compile(r"(?:不|非|无|没有|并非|不是|不会|不用于|不作为|不涉及)[^，。；;,.]{0,4}$")


@dataclass(frozen=True)
class LegalEffect:
    """The purpose read (``tender`` | ``market_access`` | ``sampling`` | ``legal_effect``), its names, and the words
    that said it."""

    purpose: str
    zh: str
    en: str
    phrase: str


def read_legal_effect(text: str) -> LegalEffect | None:
    """The purpose for which the need's report must stand in law, or None (none said, denied, or the report is
    for internal use or R&D)."""
    if not text or _INTERNAL.search(text):
        return None
    for purpose, zh, en, pattern in _PURPOSES:
        for found in pattern.finditer(text):
            before = text[max(0, found.start() - 6):found.start()]
            if _DENIED.search(before):
                continue
            return LegalEffect(purpose=purpose, zh=zh, en=en, phrase=found.group(0))
    return None


__all__ = ["LegalEffect", "read_legal_effect"]
