"""The budget: money the enterprise means to spend on this need, in yuan (need-fields.md §budget).

Amounts are found first (numerals plus a money unit or currency), then each is judged by the words just before it:
a budget cue (预算, 经费, budget …) makes it the budget; revenue, output, prices and money already spent rule it out.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from intake.extract.numbers import (
    ARABIC,
    CN_NUM_CHARS,
    parse_number,
    spelt_amounts,
    without_numeral_idioms,
    without_standard_numbers,
)
from intake.schemas import Budget

_NUM = rf"(?:{ARABIC})[{CN_NUM_CHARS}]*|[{CN_NUM_CHARS}]+"
# 七八万, 两三百万, 二三十万: two neighbouring digits mean a range.
_PAIR = r"(?P<d1>[一二两三四五六七八九])(?P<d2>[二两三四五六七八九])(?P<mag>[十百千]?[万亿]?)"
_CURRENCY_BEFORE = re.compile(r"(RMB|CNY|人民币|¥|￥|US\$|USD|HK\$|HKD|EUR|€|\$|JPY|GBP|£)\s*$", re.I)
_UNIT = (r"\s*(?P<unit>万元|万块钱|万块|万|w(?![a-z])|W(?![a-zA-Z])|千元|千块|千|百万元|百万|千万元|千万|亿元|亿|"
         r"k(?![a-zA-Z])|"
         r"K(?![a-zA-Z])|\s?million|\s?billion|\s?bn\b|\s?mn\b|\s?thousand|\s?m\b)?")
_CUR_AFTER = (r"\s*(?P<cur>元人民币|元|块钱|块|RMB|CNY|yuan|人民币|美元|美金|USD|"
              r"(?:US|U\.S\.)\s?dollars?|dollars?|欧元|euros?|EUR|日元|JPY|"
              r"港币|"
              r"港元|HKD|英镑|GBP)?")
_CUR_AFTER_RE = re.compile(_CUR_AFTER, re.I)
_RANGE_SEP = r"\s*(?:到|至|~|～|-|－|—|–|to|and)\s*"
_AMOUNT_RE = re.compile(
    rf"(?P<pair>{_PAIR})|(?P<a>{_NUM}){_UNIT}(?:(?P<sep>{_RANGE_SEP})(?P<b>{_NUM})(?P<unit2>\s*(?:万元|万|千元|千|百万|"
    rf"千万|亿元|亿|k(?![a-zA-Z])|K(?![a-zA-Z])|w(?![a-z])|\s?million|\s?thousand))?)?{_CUR_AFTER}",
    re.I,
)
# A unit right after the amount that makes it a count, a measure or a time, not money.
_NOT_MONEY_AFTER = re.compile(
    r"\s*(次|个|件|台|套|小时|天|周|月|年|号|日|公里|吨|平方|米|人|片|只|颗|支|条|张|批|根|卷|包|箱|瓶|袋|家|项|份|"
    r"页|倍|级|位|层|"
    r"分钟|秒|岁|度|°|℃|%|％|‰|转|克|斤|升|毫|微|纳|伏|安|瓦|帕|兆|赫|目|cycles?\b|times\b|pcs\b|units?\b|hours?\b|"
    r"days?\b|weeks?\b|months?\b|years?\b|kg\b|g\b|mg\b|t\b|km\b|m²|mm\b|cm\b|μm|um\b|nm\b|ppm|ppb|rpm|V\b|A\b|W\b|kW|"
    r"kWh|Wh|mAh|Ah|Pa\b|kPa|MPa|bar\b|Hz|kHz|MHz|GHz|L\b|ml\b|psi|°C|°F|employees|people|staff|pieces|tons?\b|"
    r"℃|小时|h\b|s\b)",
    re.I,
)
_BUDGET_CUE = re.compile(
    r"(预算|经费|费用|出资|支付|付费|能出|可以出|可出|愿意出|愿出|愿意花|能花|可以花|舍得花|给到|报价|开价|资金|"
    r"总投资|拟投入|计划投入|"
    r"准备投入|打算投入|愿意投入|可投入|投入|价位|价钱|价格|花费|开销|成本控制|budget|pay|spend|afford|fee|cost|"
    r"funding|"
    r"invest)",
    re.I,
)
_NOT_BUDGET_CUE = re.compile(
    r"(产值|营收|营业额|营业收入|销售额|销售收入|年销售|年收入|收入|利润|税收|纳税|注册资本|注册资金|出口额|进口额|"
    r"市值|估值|融资|"
    r"已经?(花|投|投入|花费|支出|付|支付|损失|赔)|花了|投入了|花费了|用了|损失|赔偿|赔了|罚款|罚了|单价|售价|卖|"
    r"零售价|出厂价|"
    r"价值|货值|采购了|买了|购置了|订单|合同额|产能|年产|设备原值|去年|前年|以前|之前|revenue|turnover|sales|spent|"
    r"already|lost|"
    r"loss|worth|valued|price of|priced|sells? for|registered capital|output|orders?|profit|paid|last year)",
    re.I,
)
# "最多到八万", and a ceiling raised ("预算可以再放宽点，到八万吧", "可以到八万", "提高到十万") read a single
# figure (the tenth probe: p100): an amount reached "到" from a budget that moves up is the most it may be
_MAX_BEFORE = re.compile(r"(不要超过|别超过|不超过|不超|不高于|不多于|最多到|最高到|最多|最高|上限|封顶|控制在|"
                         r"(?:放宽|提高|上调|增加|追加|放)[^，,。；;\d]{0,3}[，,]?\s*到|(?:可以|能|能够)再?到|"
                         r"under|up to|"
                         r"no more than|not more than|no higher than|not over|at most|"
                         r"not (?:to )?exceed|maximum(?: of)?|max\.?|below|less than|within|"
                         r"capped at)\s*[:：]?\s*$", re.I)
_MIN_BEFORE = re.compile(r"(至少|不低于|不少于|最低|起码|最少|at least|more than|over|above|minimum(?: of)?|min\.?|"
                         r"starting (?:at|from))\s*[:：]?\s*$", re.I)
_APPROX_AFTER = re.compile(r"^\s*(左右|上下|前后|出头)")
_MAX_AFTER = re.compile(r"^\s*(以内|之内|以下|内|封顶|为上限|max|or less|at most|tops)", re.I)
_MIN_AFTER = re.compile(r"^\s*(以上|起|或以上|及以上|\+|plus|or more|and up|and above|at least|minimum)", re.I)
_CLAUSE_END = re.compile(r"[。；;！!？?\n]")
_COMMA = re.compile(r"[，,、]")
_FOREIGN = {"$": "USD", "us$": "USD", "usd": "USD", "美元": "USD", "美金": "USD", "dollar": "USD", "dollars": "USD",
            "eur": "EUR", "€": "EUR", "欧元": "EUR", "euro": "EUR", "euros": "EUR", "日元": "JPY", "jpy": "JPY",
            "港币": "HKD", "港元": "HKD", "hkd": "HKD", "hk$": "HKD", "英镑": "GBP", "gbp": "GBP", "£": "GBP"}
_MAGNITUDE = {"万元": 1e4, "万块钱": 1e4, "万块": 1e4, "万": 1e4, "w": 1e4, "千元": 1e3, "千块": 1e3, "千": 1e3,
              "billion": 1e9, "bn": 1e9, "百万元": 1e6, "百万": 1e6, "千万元": 1e7, "千万": 1e7, "亿元": 1e8, "亿": 1e8,
              "k": 1e3, "million": 1e6,
              "mn": 1e6, "m": 1e6, "thousand": 1e3}
_WEAK_UNITS = {"w", "k", "千", "m", "mn"}
# The budget left open: one rule for the chat and the need card's budget field (intake.dialogue, intake.service).
# "预算看情况" and "看情况再说" were "not given" in the chat, while the card refused "看情况" and "面议" as amounts it
# could not read, and the chat asked a bare "看情况" again.
# ("费用看方案再谈", "价格等报价了再说": left to the provider's proposal; the fourth probe asked it again)
_OPEN = (r"(?:待定|面议|不确定|还没定|没定|未定|看情况(?:再说|而定|吧)?|视情况(?:而定)?|可以谈|好商量|再议|"
         r"(?:看|等|根据|按)(?:方案|报价|机构报价|对方报价)[^，。；;]{0,3}再(?:谈|说|定|商量|议)|"
         r"(?:到时候|之后|以后|后面|见面|沟通后|详谈时)再(?:谈|商量|议)|"
         # left to the provider ("预算你们定吧 合理就行" was asked again; the twentieth probe, p191)
         r"(?:你们|您们|您|机构|对方)(?:来)?(?:定|看着(?:办|定|给|报|来)|决定|说了算)|(?:合理|合适)就(?:行|好|可以))")
# The budget withheld ("预算不想说", "费用方面暂时保密", "报价请勿透露"): not given, and not asked again (the sixth
# probe: the chat asked the budget right after "预算不想说", and "费用方面暂时保密" marked the need confidential). The
# one rule for both: intake.extract.confidential asks budget_withheld whether its secrecy words are about the budget.
_WITHHELD = (r"(?:暂时|暂|先|目前)?\s*(?:保密|不公开|不(?:想|能|便|方便|好)?(?:说|讲|透露|公开|告知)|"
             r"(?:不便|不希望|不愿|不能|不可|请勿|不要)(?:透露|泄露|披露))")
_BUDGET_WITHHELD = (rf"(?:预算|费用|经费|价格|价钱|报价|多少钱)(?:\s*(?:的话|方面|这块)\s*|[^，,。；;]{{0,4}}?)"
                    rf"{_WITHHELD}")
_WITHHELD_AT_END = re.compile(rf"{_BUDGET_WITHHELD}$")
# The budget left to someone else to say ("预算这个我得问一下老板", "I need to check the budget with my boss"): not
# given now, and not asked again at once (the chat asked it straight back; the sixteenth probe, p153); taken when it
# comes ("老板说最多八千").
_ASK_WHO = (r"(?:问一下|问问|问|请示一下|请示|确认一下|确认|商量一下|商量|跟|和)[^，,。；;你]{0,3}?"
            r"(?:老板|领导|上级|上面|财务|老总|总经理|总部|公司)")
_ASK_WHO_EN = (r"(?:ask|check with|confirm with|talk to|speak to)\s+(?:my|our|the)\s+(?:boss|manager|finance|"
               r"management|director|gm|headquarters|hq)")
_NO_BUDGET = re.compile(rf"((?:预算|费用|经费|价格|价钱)\s*(?:的话|方面|这块)?\s*(?:是|[:：])?\s*{_OPEN}|价格面议|"
                        rf"(?:预算|费用|经费|价格|价钱)[^，,。；;]{{0,8}}?{_ASK_WHO}|"
                        rf"budget[^.;,]{{0,20}}?{_ASK_WHO_EN}|{_ASK_WHO_EN}[^.;,]{{0,20}}?budget|"
                        r"(?:check|confirm|discuss|clear)\s+(?:the\s+)?budget\s+with\s+(?:my|our|the)\s+(?:boss|manager|"
                        r"finance|management|director|gm|headquarters|hq)|"
                        rf"{_BUDGET_WITHHELD}|"
                        r"看报价|"
                        r"budget\s*(?:is\s*|:\s*)?(?:tbd|open|negotiable|flexible|to be (?:decided|discussed|agreed)|"
                        r"(?:it )?depends)|no budget yet)", re.I)
# The same said alone, where the budget is what is asked (the chat's budget question) or typed (the card's field).
_OPEN_ANSWER = re.compile(rf"^\s*(?:{_OPEN}|(?:it )?depends|negotiable|tbd|open|to be (?:decided|discussed|agreed)|"
                          rf"(?:我|我们)?(?:得|要|需要|还得|先|要先)?{_ASK_WHO}(?:再说|再定)?|"
                          rf"(?:i'll|i will|i need to|i have to|we need to|we'll|let me)\s+{_ASK_WHO_EN}(?: first)?)"
                          r"\s*[。.!！吧的呢]*\s*$", re.I)


@dataclass(frozen=True)
class MoneyMention:
    start: int
    end: int
    low: float
    high: float
    currency: str
    strength: int  # 2: explicit money unit or currency; 1: magnitude only (万); 0: weak (k, w, 千) or bare
    text: str


def _magnitude(unit: str | None) -> float:
    if not unit:
        return 1.0
    return _MAGNITUDE.get(unit.strip().lower(), _MAGNITUDE.get(unit.strip(), 1.0))


def find_money(text: str) -> list[MoneyMention]:
    """Every amount in the text that reads as money, with its currency and strength. A numeral idiom holds none
    ("客户的事千万别公开" read 1000万 and changed the budget; a new user's trial, 2026-11-30)."""
    text = without_numeral_idioms(text)
    out: list[MoneyMention] = []
    for m in _AMOUNT_RE.finditer(text):
        before = text[max(0, m.start() - 6):m.start()]
        cur_before = _CURRENCY_BEFORE.search(before)
        cur_after = m.group("cur")
        if m.group("pair") and not cur_after:
            # ("两三千美元" read as 2000–3000 yuan: a pair's currency after it was never looked at)
            tail = _CUR_AFTER_RE.match(text, m.end())
            cur_after = tail.group("cur") if tail else None
        currency = "CNY"
        for token in (cur_before.group(1) if cur_before else None, cur_after):
            if token:
                # ("1,200 US dollars" read no currency and no budget: the fourteenth probe, p137)
                token = re.sub(r"^(?:us|u\.s\.)\s?(?=dollar)", "", token.lower())
                currency = _FOREIGN.get(token, currency)
        if m.group("pair"):
            d1 = parse_number(m.group("d1")) or 0
            d2 = parse_number(m.group("d2")) or 0
            if not 0 < d2 - d1 <= 2:
                continue
            mag = parse_number("一" + m.group("mag")) if m.group("mag") else 1.0
            low, high = d1 * (mag or 1.0), d2 * (mag or 1.0)
            unit_text = m.group("mag") or ""
        else:
            a = parse_number(m.group("a"))
            if a is None:
                continue
            unit = m.group("unit")
            b_text = m.group("b")
            b = parse_number(b_text) if b_text else None
            unit2 = m.group("unit2")
            if b is not None:
                # (a second figure written out whole takes no magnitude from the first: "5k to eight thousand", as
                # "5k to 8,000", read 5,000–8,000,000; the nineteenth probe, p188)
                mag_b = _magnitude(unit2) if unit2 else _magnitude(unit) if b < 1000 else 1.0
                mag_a = _magnitude(unit) if unit else mag_b
                low, high = a * mag_a, b * mag_b
                big = re.search(r"[万亿]+$", b_text or "")
                small = re.search(r"[千百]$", b_text or "")  # "三到五千": 3000–5000 (it read 3–5000)
                if not re.search(r"[万亿千百]", m.group("a")) and not unit and unit2 is None and (
                        (big and a < 10_000) or (small and not big and a < 10 and b < 10 * (parse_number(
                            "一" + small.group(0)) or 1.0))):
                    # 10到30万, 二十至三十万, 三到五千: the magnitude written once at the end applies to both.
                    low = a * (parse_number("一" + (big or small).group(0)) or 1.0)  # type: ignore[union-attr]
                unit_text = (unit or "") + (unit2 or "")
            else:
                low = high = a * _magnitude(unit)
                unit_text = unit or ""
            if re.fullmatch(r"\d{4}", m.group("a") or "") and 1990 <= a <= 2100 and not unit and not cur_after:
                continue  # a year
        if re.search(r"[几数]$", text[max(0, m.start() - 1):m.start()]) or "几" in m.group(0):
            continue  # 几千块, 数十万: no figure to hold anyone to
        cn_mag = bool(re.search(r"[万亿]", (m.group(0) or "")))
        if cur_before or cur_after:
            strength = 2
        elif cn_mag:
            strength = 1
        elif unit_text.strip().lower() in _WEAK_UNITS or unit_text.strip().lower() in {"million", "thousand"}:
            strength = 0
        else:
            strength = -1  # a bare number
        after = text[m.end():m.end() + 6]
        if not (cur_after or unit_text.strip() in ("万元", "千元", "亿元", "百万元", "千万元")) and \
                _NOT_MONEY_AFTER.match(after):
            continue
        if high < 100 and not (cur_after or cur_before or "元" in unit_text):
            continue  # 3 yuan is not a budget anyone writes without saying 元
        if low <= 0 and high <= 0:
            continue
        out.append(MoneyMention(m.start(), m.end(), low, high, currency, strength, m.group(0)))
    return out


def _window_before(text: str, start: int, size: int, *, stop_at_comma: bool) -> str:
    window = text[max(0, start - size):start]
    cut = _CLAUSE_END.split(window)[-1]
    if stop_at_comma:
        cut = _COMMA.split(cut)[-1]
    return cut


_TOTAL_BEFORE = re.compile(r"(一共|总共|合计|总计|共计|加起来|总预算|\bin total\b|\baltogether\b|\btotal(?: of)?\b)"
                           r"\s*(?:是|为|大概|大约|约|[:：])?\s*$", re.I)


# Words that hedge an amount in English, between "budget" and its figures ("somewhere between", "roughly around").
_HEDGE_BEFORE = re.compile(r"(?:\b(?:somewhere|roughly|approximately|approx\.?|about|around|between|in the range of|"
                           r"in the region of|anywhere from|from|is|of|maybe|probably)\s+)*$", re.I)


_TOTAL_AFTER = re.compile(r"^\s*(?:in total|altogether|all in|all told|total)\b", re.I)


def extract_budget(text: str, *, counted_in: str = "") -> Budget:
    """The budget the text states; an empty Budget when it states none. An amount spelt in English words is read as
    its figures ("sixty thousand yuan" as "60,000 yuan"). A standard's number holds no amount ("按GB 4706.1做"
    answering the budget question was 4706元; the sixteenth probe). ``counted_in``: what the enterprise said before,
    where the number of items a price per item is for may be said ("一共十二个样品", then "一个样品六百左右")."""
    text = without_standard_numbers(spelt_amounts(text))
    best: tuple[int, MoneyMention] | None = None
    for mention in find_money(text):
        # (words may stand between "budget" and its figures: "Budget somewhere between 5k and eight thousand." read
        # none; the nineteenth probe, p188)
        near = _window_before(text, mention.start, 24, stop_at_comma=True)
        if not _BUDGET_CUE.search(near):
            hedge = _HEDGE_BEFORE.search(text[max(0, mention.start - 60):mention.start])
            near = _window_before(text, mention.start - len(hedge.group(0) if hedge else ""), 24, stop_at_comma=True)
        wide = _window_before(text, mention.start, 22, stop_at_comma=False)
        if _NOT_BUDGET_CUE.search(near):
            # 计划投入 is a plan; 投入了 is money spent. A cue right next to the amount decides.
            last_bad = max(m.end() for m in _NOT_BUDGET_CUE.finditer(near))
            good = [m.end() for m in _BUDGET_CUE.finditer(near)]
            if not good or max(good) < last_bad or re.search(r"(已|了)", near[max(good) - 4:]):
                continue
        after = text[mention.end:mention.end + 8]
        if re.match(r"\s*(的)?(产值|营收|销售额|收入|利润|revenue|in (annual )?(revenue|sales))", after, re.I):
            continue
        # "EMC by mid-January; the patent is not urgent. About 30k in total." read no budget, and the budget was
        # asked again (the eleventh probe: p117): an amount in thousands said to be the whole is money spent on
        # the need
        cue = bool(_BUDGET_CUE.search(near)) or bool(_BUDGET_CUE.search(wide)) or (
            mention.strength >= 0 and bool(_TOTAL_AFTER.match(text[mention.end:mention.end + 16])))
        if mention.strength < 0 and not cue:
            continue
        if mention.strength == 0 and not cue and mention.currency == "CNY":
            continue
        score = (3 if _BUDGET_CUE.search(near) else 2 if cue else 0) + max(mention.strength, 0)
        if _TOTAL_BEFORE.search(text[max(0, mention.start - 6):mention.start]) and (
                mention.strength >= 1 or _BUDGET_CUE.search(text)):
            score += 3  # "预算一个两百，一共一万": the whole, not the price of one (the sixth probe)
        if best is None or score > best[0]:
            best = (score, mention)
    if best is None:
        return Budget()
    mention = best[1]
    if mention.currency != "CNY":
        # kept in its own currency, with the words that bound it ("不超过5000欧元", "under 5,000 euros"): what the chat
        # says back, and what :func:`foreign_figures` reads the published band from
        return Budget(currency=mention.currency, amount_text=_bounded_words(text, mention))
    low, high = round(mention.low), round(mention.high)
    count = _items_priced(text, mention, counted_in=counted_in)
    if count:
        low, high = low * count, high * count
    # 24 characters: "no more than RMB " is 17, and a window of 16 cut it to "o more than", read as "more than" (a
    # minimum; a new user's "budget no more than RMB 5,000" was said back as "at least RMB 5,000"). The cues are
    # anchored at the window's end, so a longer window reads no cue of an earlier clause.
    before = _CURRENCY_BEFORE.sub("", text[max(0, mention.start - 24):mention.start]).rstrip()
    before = re.sub(r"(预算|budget|费用|经费)(是|为|在|of|is)?\s*[:：]?\s*$", "", before, flags=re.I).rstrip()
    after = text[mention.end:mention.end + 8]
    if low != high:
        return Budget(min_yuan=low, max_yuan=high, amount_text=mention.text.strip())
    if _APPROX_AFTER.match(after):
        return Budget(min_yuan=low, max_yuan=high, amount_text=mention.text.strip())
    if _MAX_BEFORE.search(before) or _MAX_AFTER.match(after):
        return Budget(min_yuan=None, max_yuan=high, amount_text=mention.text.strip())
    if _MIN_BEFORE.search(before) or _MIN_AFTER.match(after):
        return Budget(min_yuan=low, max_yuan=None, amount_text=mention.text.strip())
    return Budget(min_yuan=low, max_yuan=high, amount_text=mention.text.strip())


def _bounded_words(text: str, mention: MoneyMention) -> str:
    """The words an amount was read from, with a bound said right before or after it ("不超过", "以内", "under")."""
    words = mention.text.strip()
    before = _CURRENCY_BEFORE.sub("", text[max(0, mention.start - 24):mention.start]).rstrip()
    before = re.sub(r"(预算|budget|费用|经费)(是|为|在|of|is)?\s*[:：]?\s*$", "", before, flags=re.I).rstrip()
    lead = _MAX_BEFORE.search(before) or _MIN_BEFORE.search(before)
    currency = _CURRENCY_BEFORE.search(text[max(0, mention.start - 6):mention.start])
    if currency:  # "€5,000", "USD 3,000": the currency is part of the words
        words = f"{currency.group(1)}{' ' if currency.group(1)[-1:].isalpha() else ''}{words}"
    tail = _MAX_AFTER.match(text[mention.end:mention.end + 8]) or _MIN_AFTER.match(text[mention.end:mention.end + 8]) \
        or _APPROX_AFTER.match(text[mention.end:mention.end + 8])
    if lead:
        words = f"{lead.group(1)}{' ' if lead.group(1).isascii() else ''}{words}"
    elif tail:
        words = f"{words}{tail.group(0).rstrip()}"
    return words


def foreign_figures(budget: Budget) -> tuple[int | None, int | None] | None:
    """A budget in another currency, in that currency: (low, high), None for an open end ("不超过5000欧元" is (None,
    5000), "about 1,200 US dollars" (1200, 1200)), read from the words it was read from (``Budget.amount_text``).
    None for a budget in yuan, or one with no amount. The yuan fields stay empty (need-fields.md: min/max in yuan for
    CNY alone); no exchange rate is guessed: the band is published in the currency the enterprise gave."""
    if budget.currency == "CNY" or not budget.amount_text:
        return None
    words = spelt_amounts(budget.amount_text)
    mentions = find_money(words) or find_money(f"{words} {budget.currency}")
    if not mentions:
        return None
    m = mentions[0]
    low, high = round(m.low), round(m.high)
    before, after = _CURRENCY_BEFORE.sub("", words[:m.start]).rstrip(), words[m.end:]
    if low == high and (_MAX_BEFORE.search(before) or _MAX_AFTER.match(after)):
        return None, high
    if low == high and (_MIN_BEFORE.search(before) or _MIN_AFTER.match(after)):
        return low, None
    return low, high


# A price per item ("每个型号预算两千左右", "单件500元", "500元/个", "500 yuan per sample") with the number of items
# said in the same text ("一共送5个型号", "共40个样品", "we have 40 samples"): the budget is the whole, price times
# count (the fourth probe of the chat read "我们一共送5个型号，每个型号预算两千左右" as 2000 yuan; issue 27).
_CLASSIFIERS = "个件台套批只款种份项条根块支组把"
# ("一个样品六百左右" is a price per sample too, when the number of samples is said: the eighteenth probe, p171)
_PER_BEFORE = re.compile(rf"(?:每|单|(?<![\d{CN_NUM_CHARS}])一)(?:一)?(?P<c>[{_CLASSIFIERS}])"
                         rf"(?P<n>[\u4e00-\u9fff]{{0,3}}?)"
                         r"(?:的)?(?:预算|费用|价格|检测费|测试费|校准费|大概|大约|约|差不多|控制在|不超过|最多|在|是|为)*\s*$")
_PER_AFTER = re.compile(rf"^\s*(?:(?:/|每|一)(?P<c>[{_CLASSIFIERS}])(?P<n>[\u4e00-\u9fff]{{0,3}})|"
                        r"(?:per|each|/)\s*(?P<en>[a-z]+?)s?\b|(?P<each>each)\b)", re.I)
_ITEMS_EN = frozenset({"sample", "piece", "unit", "item", "part", "model", "specimen", "product", "device", "batch",
                       "lot"})
_COUNT_ZH = re.compile(rf"(?P<all>一共|总共|共计|共|合计|总计|总共有|一共有)?\s*(?P<k>\d+|[{CN_NUM_CHARS}]+)\s*"
                       rf"(?P<c>[{_CLASSIFIERS}])(?P<n>[\u4e00-\u9fff]{{0,3}})")
_COUNT_EN = re.compile(r"\b(?P<k>\d+)\s+(?P<en>[a-z]+?)s?\b", re.I)


def _items_priced(text: str, mention: MoneyMention, *, counted_in: str = "") -> int | None:
    """How many items a price per item is for, when the text says both (or ``counted_in``, said before, says how
    many: the eighteenth probe, p171); else None (the amount is the budget)."""
    before = text[max(0, mention.start - 14):mention.start]
    before = _COMMA.split(_CLAUSE_END.split(before)[-1])[-1]
    per = _PER_BEFORE.search(before) or _PER_AFTER.match(text[mention.end:mention.end + 16])
    if per is None:
        return None
    if per.groupdict().get("en") or per.groupdict().get("each"):
        noun = (per.group("en") or "").lower()
        for m in itertools.chain(_COUNT_EN.finditer(text), _COUNT_EN.finditer(counted_in)):
            found = m.group("en").lower()
            own = m.string is text and mention.start <= m.start() < mention.end
            if not own and (found == noun or (
                    not noun and found in _ITEMS_EN)):
                k = int(m.group("k"))
                return k if 2 <= k <= 10_000 else None
        return None
    if per.groupdict().get("c") is None:
        return None
    classifier, noun = per.group("c"), per.group("n") or ""
    for m in itertools.chain(_COUNT_ZH.finditer(text), _COUNT_ZH.finditer(counted_in)):
        said = m.string
        if (said is text and mention.start <= m.start() < mention.end) or said[max(0, m.start() - 1):m.start()] in (
                "每", "单", "一") or m.group("k") == "一":
            continue
        n = parse_number(m.group("k"))
        same = m.group("c") == classifier and (not noun or (m.group("n") or "").startswith(noun[:2]))
        if same and n is not None and 2 <= n <= 10_000 and n == int(n):
            return int(n)
    return None


def budget_withheld(clause: str) -> bool:
    """Whether a clause ends by withholding the budget ("预算暂时不能透露", "费用方面暂时保密"): its last words decline
    to tell the budget (:func:`budget_declined` reads the same words anywhere), not to publish the need."""
    return bool(_WITHHELD_AT_END.search(clause))


def budget_declined(text: str, *, answer: bool = False) -> bool:
    """The text says the budget is left open (面议, 待定, 预算看情况), so asking again is pointless. ``answer``: the
    text answers the budget question or is typed into the card's budget field, so a bare "看情况", "面议" or "it
    depends" is about the budget. The chat and the card both read it here."""
    return bool(_NO_BUDGET.search(text) or (answer and _OPEN_ANSWER.match(text)))


# A correction of the budget's unit or currency alone, the figure not said again ("单位打错了 是万不是千" of 八千: it
# read "万" as 1万 and said the budget was changed to that; "oops sorry that was USD not RMB" of "around 3000" made
# the product "oops sorry that was USD"; the twentieth probe, p189, p196).
_UNIT_WORD = r"(?:百万|千万|万|千|w|k)(?:元|块钱|块)?"
_CURRENCY_WORD = (r"(?:美元|美金|人民币|欧元|日元|港币|港元|英镑|RMB|CNY|yuan|USD|US\s?dollars?|dollars?|EUR|euros?|"
                  r"JPY|yen|HKD|GBP|pounds?)")
_RIGHT_LEAD = r"(?:是|应该是|其实是|单位是|改成|改为|换成|按|用|算|that\s+was|it\s+was|it'?s|it\s+is|was|meant|in)"
_RIGHT_UNIT = re.compile(rf"{_RIGHT_LEAD}\s*(?P<u>{_UNIT_WORD})(?![A-Za-z万千百亿])", re.I)
_WRONG_UNIT = re.compile(rf"(?:不是|并不是|而不是|not|rather than|instead of)\s*(?P<u>{_UNIT_WORD})"
                         r"(?![A-Za-z万千百亿])", re.I)
_RIGHT_CURRENCY = re.compile(rf"{_RIGHT_LEAD}\s*(?P<c>{_CURRENCY_WORD})(?![A-Za-z])", re.I)
_WRONG_CURRENCY = re.compile(rf"(?:不是|并不是|而不是|not|rather than|instead of)\s*(?P<c>{_CURRENCY_WORD})"
                             r"(?![A-Za-z])", re.I)
_SAYS_ERROR = re.compile(r"(错|不对|oops|sorry|meant|actually|wrong|mistake|typo)", re.I)
_FIGURE = re.compile(rf"\d|[{CN_NUM_CHARS}](?=\s*(?:{_UNIT_WORD}|{_CURRENCY_WORD}))", re.I)
_CODES = {"人民币": "CNY", "rmb": "CNY", "cny": "CNY", "yuan": "CNY", "美元": "USD", "美金": "USD", "usd": "USD",
          "dollar": "USD", "dollars": "USD", "usdollar": "USD", "usdollars": "USD", "欧元": "EUR", "eur": "EUR",
          "euro": "EUR", "euros": "EUR", "日元": "JPY", "jpy": "JPY", "yen": "JPY", "港币": "HKD", "港元": "HKD",
          "hkd": "HKD", "英镑": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP"}
_UNIT_VALUE = {"百万": 1e6, "千万": 1e7, "万": 1e4, "w": 1e4, "千": 1e3, "k": 1e3}


def _unit_value(word: str) -> float:
    return _UNIT_VALUE[re.sub(r"(元|块钱|块)$", "", word).lower()]


def respoken(held: Budget, text: str) -> Budget | None:
    """The budget ``held`` with its unit or currency changed, when ``text`` corrects that alone and says no figure:
    "单位打错了 是万不是千" (八千 → 八万), "是万 不是千", "that was USD not RMB", "是美元 不是人民币". The wrong unit,
    when not said, is the one the held amount was written with ("单位写错了，是万" of "8千"). None when the text says
    a figure, names no unit or currency, or says no error (neither a wrong half nor a word of error)."""
    if held.is_empty or _FIGURE.search(text):
        return None
    right_unit, wrong_unit = _RIGHT_UNIT.search(text), _WRONG_UNIT.search(text)
    right_cur, wrong_cur = _RIGHT_CURRENCY.search(text), _WRONG_CURRENCY.search(text)
    if right_unit is not None and held.currency == "CNY" and (wrong_unit or _SAYS_ERROR.search(text)):
        said = held.amount_text or ""
        units = list(re.finditer(_UNIT_WORD, said, re.I))
        wrong = wrong_unit.group("u") if wrong_unit else (units[-1].group(0) if units else None)
        if wrong is None:
            return None
        factor = _unit_value(right_unit.group("u")) / _unit_value(wrong)
        if factor == 1:
            return None
        low = round(held.min_yuan * factor) if held.min_yuan is not None else None
        high = round(held.max_yuan * factor) if held.max_yuan is not None else None
        words = re.sub(re.escape(wrong), right_unit.group("u"), said, flags=re.I) if wrong in said else said
        return Budget(min_yuan=low, max_yuan=high, amount_text=words)
    if right_cur is not None and (wrong_cur or _SAYS_ERROR.search(text)):
        code = _CODES.get(re.sub(r"\s", "", right_cur.group("c")).lower())
        if code is None or code == held.currency:
            return None
        if held.currency == "CNY":
            said = held.amount_text or str(held.max_yuan or held.min_yuan)
            bound = "up to " if held.min_yuan is None else "at least " if held.max_yuan is None else ""
            words = f"{bound}{said}"
        else:
            figures = foreign_figures(held)
            if figures is None:
                return None
            low, high = figures
            words = f"up to {high}" if low is None else f"at least {low}" if high is None else (
                f"{low}" if low == high else f"{low}-{high}")
        found = extract_budget(f"budget {words} {code}")
        return found if found.currency == code and not found.is_empty else None
    return None
