"""Chinese and Arabic numerals to numbers: 二十万, 1.5万, 一万五, 3k, 两百万, 200,000, 1.2 million."""

from __future__ import annotations

import re

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}
CN_NUM_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)

# An Arabic number, with thousands separators or decimals, or a run of Chinese numerals (possibly mixed: 2百万).
ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_TOKEN_RE = re.compile(rf"{ARABIC}|[{CN_NUM_CHARS}点]")
# A standard's number: "GB/T 2423.17", "GB 4943.1-2022", "IEC 60068-2-11", "ISO 9227:2017", "EN 71-3" (not inside a
# word or after a figure: "between 5,000" holds no EN 5, "16GB 4000元" no GB 4000). Never an amount of money nor a
# product: "按GB 4706.1做" answering the budget question was read 4706元 (the sixteenth probe).
# One pattern for every reader of a standard's number: the chat's correction of a detail (``intake.dialogue``'s
# details: "gb/t 31467.3 的 不对 是31467.3-2015") reads it as well (it had a copy of its own, with JJG, JJF, DL/T,
# NB/T, IPC, MIL-STD and "GBT" that this one lacked).
STANDARD_NUMBER = re.compile(r"(?<![A-Za-z0-9])(?:GB(?:/?[TZ])?|JB(?:/T)?|QC(?:/T)?|YY(?:/T)?|HG(?:/T)?|SJ(?:/T)?|"
                             r"DL(?:/T)?|NB(?:/T)?|JJ[GF]|T/[A-Z]{2,8}|DB\d{2}(?:/T)?|"
                             r"ISO(?:/IEC)?|IEC|EN|UL|ASTM\s?[A-Z]?|DIN(?:\s?EN)?|JIS\s?[A-Z]?|SAE\s?J?|ANSI|IPC|"
                             r"MIL-STD)\s*[-/]?\s*"
                             r"\d+(?:[.\-]\d+)*(?:\s*[-—–:：]\s*\d{4})?", re.I)


def without_standard_numbers(text: str) -> str:
    """``text`` with each standard's number blanked (spaces of its length, so positions hold)."""
    return STANDARD_NUMBER.sub(lambda m: " " * len(m.group(0)), text)


# Numerals that make an idiom and hold no figure (a new user's trial, 2026-11-30: "保密吧，客户和供应商的事千万别
# 公开出去。" after a budget of 5–6万 was answered "预算改为：1000万元"): 千万 / 万万 "by all means" before what to
# do or not do (千万别, 千万不要, 千万要, 千万记得, 千万千万要, 万万不可, 万万没想到), 万一 "in case", 千千万万
# "countless". Not after a numeral ("两千万别超" is an amount: 两千万) nor 万一 before one ("一万一", "万一千").
_ADVERB_AFTER = (r"别|不|没|莫|勿|要|得|务必|一定|必须|记得|记住|注意|小心|当心|留意|保密|请|帮|拜托|确保|保证")
NUMERAL_IDIOM = re.compile(rf"(?<![\d{CN_NUM_CHARS}.．上数几近超过逾])(?:(?:千万|万万)+(?=\s*(?:{_ADVERB_AFTER}))"
                           rf"|千千万万|万一(?![\d{CN_NUM_CHARS}元块]))")


def without_numeral_idioms(text: str) -> str:
    """``text`` with each numeral idiom (千万别, 万万不可, 万一, 千千万万) blanked (spaces of its length, so positions
    hold): words, never an amount, wherever a reader looks for one."""
    return NUMERAL_IDIOM.sub(lambda m: " " * len(m.group(0)), text)


WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90, "a": 1, "an": 1, "half a": 0.5}


def parse_number(text: str) -> float | None:
    """The value of a numeral run such as ``二十万``, ``1.5万``, ``一万五``, ``2百万``, ``200,000``; None if none.

    Colloquial trailing digits count in the next lower unit (一万五 = 15000, 两千五 = 2500), as people say them.
    """
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(ARABIC, text):
        return float(text.replace(",", ""))
    tokens = _TOKEN_RE.findall(text)
    if not tokens or "".join(tokens) != text:
        return None
    total = 0.0
    section = 0.0
    number: float | None = None
    last_unit: int | None = None
    decimals: str | None = None
    for tok in tokens:
        if decimals is not None:
            if tok in CN_DIGITS:
                decimals += str(CN_DIGITS[tok])
                continue
            number = float(f"{int(number or 0)}.{decimals or 0}")
            decimals = None
        if tok == "点":
            decimals = ""
            continue
        if tok[0].isdigit():
            number = float(tok.replace(",", ""))
            last_unit = None
        elif tok in CN_DIGITS:
            if tok in "零〇":
                last_unit = None
                number = 0.0
                continue
            number = float(CN_DIGITS[tok])
        elif tok in CN_SMALL_UNITS:
            unit = CN_SMALL_UNITS[tok]
            section += (1.0 if number is None else number) * unit
            number = None
            last_unit = unit
        else:
            unit = CN_BIG_UNITS[tok]
            total += (section + (number or 0.0)) * unit if (section or number) else unit
            section = 0.0
            number = None
            last_unit = unit
    if decimals is not None:
        number = float(f"{int(number or 0)}.{decimals or 0}")
    if number is not None and last_unit and last_unit >= 100 and tokens[-1] in CN_DIGITS and len(tokens) >= 2:
        # 一万五 → 15000, 三千五 → 3500, 一百五 → 150.
        number *= last_unit / 10
    return total + section + (number or 0.0)


def parse_word_number(text: str) -> float | None:
    """English number words and digits: 'three', '45', 'half a'."""
    text = text.strip().lower()
    if re.fullmatch(ARABIC, text):
        return float(text.replace(",", ""))
    value = WORD_NUMBERS.get(text)
    return float(value) if value is not None else None


def parse_count(text: str) -> int | None:
    """A small count (months, days, weeks) in Chinese, Arabic or English words; None when unreadable."""
    if text in ("半",):
        return None
    value = parse_number(text)
    if value is None:
        value = parse_word_number(text)
    if value is None or value != int(value):
        return None
    return int(value)


_CURRENCY = re.compile(r"^(?:人民币|RMB|CNY|¥|￥)\s*|\s*(?:元整|元|块钱|块|RMB|CNY|yuan)$", re.IGNORECASE)


# A figure with an English magnitude, as an English speaker types a price: "60k", "60 thousand", "1.2 million".
_MAGNITUDE = re.compile(rf"^(?P<n>{ARABIC})(?P<mag>k|thousand|m|million)$", re.IGNORECASE)


def parse_amount(text: str) -> float | None:
    """An amount of yuan as a person types it in a form's number field: ``150000``, ``150,000``, ``15万``,
    ``十五万``, ``1.5万元``, ``¥150000``, ``15 万``, ``sixty thousand``, ``60k``, ``1.2 million``; None when it is not
    one amount (``十几万``, ``面议``, a range), so a form takes every amount the chat reads as a budget."""
    body = re.sub(r"\s+", "", spelt_amounts(text).replace("，", ",").replace("．", ".")).strip()
    for _ in range(2):
        body = _CURRENCY.sub("", body)
    body = body.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not body or "几" in body or "数" in body:
        return None
    magnitude = _MAGNITUDE.match(body)
    if magnitude:
        scale = 1000 if magnitude["mag"].casefold() in ("k", "thousand") else 1_000_000
        return float(magnitude["n"].replace(",", "")) * scale
    return parse_number(body)


# An amount spelt out in English words before "thousand" or "million" ("sixty thousand yuan", "seventy-five
# thousand", "two hundred and fifty thousand", "a hundred thousand", "half a million"): written as figures so the
# budget reader reads it as "60,000 yuan" is read (it read no budget; the thirteenth probe: p134).
_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_BELOW_100 = (rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_ONES)}))?|{'|'.join(_TEENS)}|{'|'.join(_ONES)})")
_SPELT = re.compile(rf"\b(?:(?P<lo>{_BELOW_100})(?!-(?:{'|'.join(_ONES)})\b)\s*(?P<sep>\s(?:to|and|or)\s|-|–)\s*)?"
                    rf"(?P<half>half an?\s+)?(?:(?P<h>{_BELOW_100}|an?)\s+hundred(?:\s+and)?(?:\s+(?P<h_rest>"
                    rf"{_BELOW_100}))?|(?P<n>{_BELOW_100}))?\s*(?<![a-z])(?P<mag>thousand|million)\b", re.I)


# Amounts in words the pattern above does not take (the fourteenth probe: p138's "one and a half million yuan", p140's
# "Five hundred yuan"): a half on top of a count ("one and a half million" 1,500,000), thousands with hundreds
# ("two thousand five hundred" 2,500), and hundreds alone where money is said right after them ("five hundred yuan";
# "five hundred samples" is a count and stays as it is).
_AND_A_HALF = re.compile(rf"\b(?P<n>{_BELOW_100}|an?)\s+and\s+a\s+half\s+(?P<mag>thousand|million)\b", re.I)
_THOUSANDS_HUNDREDS = re.compile(rf"\b(?P<t>{_BELOW_100}|an?)\s+thousand,?\s+(?:and\s+)?(?P<h>{_BELOW_100}|an?)\s+"
                                 rf"hundred(?:\s+and)?(?:\s+(?P<rest>{_BELOW_100}))?\b(?!\s*(?:thousand|million))",
                                 re.I)
_MONEY_WORD = r"(?:yuan|rmb|cny|renminbi|(?:us\s*|u\.s\.\s*)?dollars?|usd|euros?|eur|bucks|元|块)"
_HUNDREDS_MONEY = re.compile(rf"\b(?P<h>{_BELOW_100}|an?)\s+hundred(?:\s+and)?(?:\s+(?P<rest>{_BELOW_100}))?"
                             rf"(?=\s*{_MONEY_WORD}(?![a-z]))", re.I)


def _count(words: str) -> int:
    return 1 if words.casefold() in ("a", "an") else _below_100(words)


def _below_100(words: str) -> int:
    parts = re.split(r"[- ]", words.casefold())
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_ONES[parts[1]] if len(parts) > 1 else 0)
    return _TEENS.get(parts[0]) or _ONES[parts[0]]


def spelt_amounts(text: str) -> str:
    """``text`` with amounts spelt in English words before thousand/million written as figures: "sixty thousand
    yuan" → "60,000 yuan", "half a million" → "500,000", "twenty to thirty thousand" → "20,000 to 30,000"; other
    number words ("not sixty", "three weeks") as they are."""

    def figures(m: re.Match[str]) -> str:
        mag = 1000 if m["mag"].casefold() == "thousand" else 1_000_000
        if m["half"] and not (m["h"] or m["n"]):
            return f"{mag // 2:,}"
        if m["h"]:
            value = (1 if m["h"].casefold() in ("a", "an") else _below_100(m["h"])) * 100 + (
                _below_100(m["h_rest"]) if m["h_rest"] else 0)
        elif m["n"]:
            value = _below_100(m["n"])
        else:
            return m.group(0)
        if m["lo"]:  # "twenty to thirty thousand": the magnitude is both ends'
            return f"{_below_100(m['lo']) * mag:,}{m['sep']}{value * mag:,}"
        return f"{value * mag:,}"

    def and_a_half(m: re.Match[str]) -> str:
        return f"{int((_count(m['n']) + 0.5) * (1000 if m['mag'].casefold() == 'thousand' else 1_000_000)):,}"

    def hundreds(m: re.Match[str], thousands: int = 0) -> str:
        return f"{thousands * 1000 + _count(m['h']) * 100 + (_below_100(m['rest']) if m['rest'] else 0):,}"

    text = _AND_A_HALF.sub(and_a_half, text)
    text = _THOUSANDS_HUNDREDS.sub(lambda m: hundreds(m, _count(m["t"])), text)
    return _HUNDREDS_MONEY.sub(hundreds, _SPELT.sub(figures, text))
