"""The service's "中文 / English" texts: the one splitter that keeps one language's half, and the seeds by their titles.

The service writes its messages "中文 / English" for the API and the terminal (``core.errors``, the pipeline's
refusals, the matcher's reasons, a provider's grounds); a page or a report shows one language, and keeps its half with
:func:`in_language` (re-exported by ``api.pages.ui_format``; ``flows.explanations`` and ``evaluation.report`` use it
too). The seeds are cited by their documents' titles (:data:`SEED_TITLES`), never by the project's numbering of them
("seed 002"), which no reader knows.
"""

from __future__ import annotations

import re

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# The right half starts in English, perhaps after the person's own words quoted ("“很多” should be a whole number"),
# or with a number and an English word ("7 client questionnaires", "3 of 5", "5 vote counts"; not "2 页"), a period
# and an English word ("2026Q4 quarterly service report": an obligation's title was shown whole on both pages), or with
# the clause it is about ("§8.1 says…", "四(一) asks for…").
ENGLISH_START = re.compile(r"""^(?:['"“‘][^'"”’]{0,80}['"”’]\s*)?(?:['"“(]?[A-Za-z]|\d[\d.,%]*(?:[QH]\d)?\s+[A-Za-z]"""
                           r"""|§\s?\d"""
                           r"""|[一二三四五六七八九十]+\([一二三四五六七八九十]+\)\s+[A-Za-z])""")
# " / " between the halves; after a closing full-width bracket or quote the space is often missing ("…（原因）/ the
# reason …": the authorization layer's refusals, the rules' reasons, the importer's), and such a message was shown
# whole, both languages on a Chinese page.
SEPARATOR = re.compile(r"(?: |(?<=[）」』”】]))/ ")
# ... or the right half starts with a Chinese name followed by English words ("上海市…中心 is the evaluated provider
# itself: …", the independence check's refusal, shown in both languages on a Chinese page: a new user's trial,
# 2026-11-29); it counts when it holds fewer Chinese characters than the left half (the name alone).
NAMED_START = re.compile(r"^[^A-Za-z/]{1,80}?\s[A-Za-z]{2,}[\s,:]+[A-Za-z]{2,}")


def in_language(text: str | None, lang: str) -> str:
    """The half of a "中文 / English" message in ``lang`` ("en"; anything else is Chinese). Only a split whose left
    half holds Chinese and whose right half starts in English counts (a name in it may be Chinese), so a slash inside
    a text ("GB/T 4754", "a / b") is left alone, and a text in one language is returned as it is."""
    if not text:
        return ""
    for found in SEPARATOR.finditer(text):
        left, right = text[:found.start()], text[found.end():]
        if CJK.search(left) and (ENGLISH_START.match(right) or (
                NAMED_START.match(right) and len(CJK.findall(right)) < len(CJK.findall(left)))):
            return right.strip() if lang == "en" else left.strip()
    return text


# The seeds as a reader knows them: by their titles (shared/DOMAIN.md), never by the project's numbering.
SEED_TITLES: dict[str, tuple[str, str]] = {
    "000": ("省级产品质量检验中心技术创新服务规范",
            "Specification for technical innovation services of provincial product-quality inspection centers"),
    "001": ("检验检测公共技术服务平台服务质量评价指南（编制说明）",
            "Guide for evaluating public technical service platforms (explanatory notes)"),
    "002": ("关于促进上海市产品质量检验检测中心建设的指导意见",
            "Guidance on building Shanghai's product-quality inspection and testing centers"),
    "003": ("科技服务站管理办法", "Rules for science and technology service stations"),
    "004": ("江西省省级产业计量测试中心建设指导意见（试行）",
            "Guidance on building Jiangxi's provincial industrial metrology and testing centers (trial)"),
}
_SEED_CITED = re.compile(r"种子 ?(\d{3}) ?|\bseed (\d{3})")


_DIGITS = "零一二三四五六七八九"
_NUMERAL = re.compile(r"[一二三四五六七八九十]+")


def section_in_arabic(where: str) -> str:
    """四(二) → 4(2), 二(二)1 → 2(2)1, 十二 → 12: a seed's Chinese section number written for an English text (the
    pages' citations and the rating's grounds write it alike)."""
    def one(found: re.Match[str]) -> str:
        text = found.group(0)
        if "十" not in text:
            return "".join(str(_DIGITS.index(c)) for c in text)
        tens, _, units = text.partition("十")
        return str((_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(units) if units else 0))
    return _NUMERAL.sub(one, where)


def chinese_numeral(n: int) -> str:
    """1–99 in Chinese numerals, as articles are numbered: 五, 十四, 二十一."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _DIGITS[tens]) + "十" if tens else "") + (_DIGITS[ones] if ones else "")


def seed_title(number: str, lang: str) -> str:
    """A seed as a text cites it: "《科技服务站管理办法》" in Chinese, its English title otherwise."""
    zh, en = SEED_TITLES[number]
    return en if lang == "en" else f"《{zh}》"


# A seed clause as the project writes it: "seed 000 §4.2.1(1)", "seed 003 art. 5(4)", "seed 002 四(二)", "seed 001".
_CLAUSE = re.compile(r"seed (\d{3})(?: (?:§|art\. ?)(\S+))?")
_SECTION = re.compile(r"seed (\d{3}) ([一二三四五六七八九十]\S*)(.*)")


def cite(clause: str) -> tuple[str, str] | None:
    """A seed clause by its document's title, in each language: ("《省级产品质量检验中心技术创新服务规范》第4.2.1条(1)",
    "Specification…, §4.2.1(1)") for "seed 000 §4.2.1(1)"; an article in Chinese numerals ("seed 003 art. 5(4)":
    第五条(4) / art. 5(4)); a section numbered in Chinese kept as it is and said in Arabic numerals in English
    ("seed 002 四(二)": 四(二) / section 4(2); a Chinese phrase after it is the Chinese text's only). None for text
    that is not one clause of a known seed. The pages' citations and a provider's grounds both cite by this."""
    text = clause.strip()
    section = _SECTION.fullmatch(text)
    if section and section.group(1) in SEED_TITLES:
        zh_title, en_title = SEED_TITLES[section.group(1)]
        return (f"《{zh_title}》{section.group(2)}{section.group(3)}",
                f"{en_title}, section {section_in_arabic(section.group(2))}")
    found = _CLAUSE.fullmatch(text)
    if not found or found.group(1) not in SEED_TITLES:
        return None
    zh_title, en_title = SEED_TITLES[found.group(1)]
    if not found.group(2):
        return f"《{zh_title}》", en_title
    english = f"{en_title}, {text[len('seed 000 '):]}"
    head = re.match(r"(\d+(?:\.\d+)*)(.*)", found.group(2))
    if not head:
        return f"《{zh_title}》", english
    number, rest = head.groups()
    said = f"第{chinese_numeral(int(number))}条" if "art." in text and number.isdigit() and int(number) < 100 \
        else f"第{number}条"
    return f"《{zh_title}》{said}{rest}", english


def seeds_titled(text: str, lang: str) -> str:
    """Each seed a one-language text cites by number ("种子 002", "seed 002") by its document's title instead (a
    stored text written before the titles were used reads so too)."""
    def title(found: re.Match[str]) -> str:
        number = found.group(1) or found.group(2)
        return seed_title(number, lang) if number in SEED_TITLES else found.group(0)
    return _SEED_CITED.sub(title, text)


def said_in(text: str | None, lang: str) -> str:
    """A "中文 / English" text of the service as a reader gets it in ``lang``: its half, seeds by their titles."""
    return seeds_titled(in_language(text, lang), lang)
