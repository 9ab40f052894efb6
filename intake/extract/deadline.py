"""The deadline: when the work asked for must be done, as a date resolved against ``today`` (need-fields.md).

Every phrase that can name a date becomes a candidate; phrases about something else (a shelf life, a contract term,
the company's age, a start rather than a completion, the past) are dropped; of the rest the latest date is the
completion date of the work asked for.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from intake.extract.numbers import CN_NUM_CHARS, parse_count, parse_number

N = rf"(?:\d{{1,3}}|[{CN_NUM_CHARS}]{{1,4}})"
EN_N = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty-five|" \
       r"forty|fifty|sixty|ninety|a|an)"
MONTHS_EN = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | \
            {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTH_EN = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
# What may follow a date said alone ("Dec 18th at the latest"), and what says a date is the deadline before it.
_LATEST = r"(?:\s+(?:at\s+the\s+(?:very\s+)?latest|latest|or\s+earlier|or\s+sooner|if\s+possible))?"
_DEADLINE_IS = r"(?:deadline|due\s+date)\s+(?:should\s+be|is|will\s+be|to\s+be|must\s+be|can\s+be)"
_ASAP = re.compile(r"(尽快|越快越好|尽早|马上|立刻|asap|as soon as possible|urgent(ly)?)", re.I)
_NOT_DEADLINE_BEFORE = re.compile(
    r"(保质期|质保期?|保修期?|有效期|合同期|合作期|合同期限|协议期|服务期|租期|寿命|使用期|成立|创立|建厂|运营|经营|"
    r"做了|"
    r"干了|已经|已|过去|"
    r"近|最近|每隔?|持续|连续|用了|坚持|搞了|拖了|前后|历时|周期性|年限|warranty|shelf life|contract term|founded|"
    r"established|for the (past|last)|every|lasting|over the past|ago)\s*(为|是|有|约|大约|了|的|长达|达)?\s*$",
    re.I,
)
_NOT_COMPLETION_AFTER = re.compile(
    # (a day something else happens on: "12月20号要去参加一个展会" is the fair's day, not the deadline; the nineteenth
    # probe, p181)
    r"^\s*(?:要|得|需要)?去?(?:参加|参展|出席)|"
    r"^\s*(就)?(启动|开始|开工|动工|进场|立项|签约|签订|签合同|对接|回复|答复|联系|报价|付款|到位|见面|沟通|面谈|"
    r"上门|安排|"
    r"start|begin|kick ?off|reply|respond|sign|quote|contact)",
    re.I,
)
_PAST_AFTER = re.compile(r"^\s*(前|以前|之前|ago|了)")


@dataclass(frozen=True)
class DeadlineCandidate:
    start: int
    end: int
    value: date
    text: str


def add_months(day: date, months: int) -> date:
    """Calendar months, clamped to the target month's last day (2026-11-30 + 3 months → 2027-02-28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_workdays(day: date, count: int) -> date:
    current = day
    while count > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            count -= 1
    return current


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not 1 <= month <= 12 or day < 1:
        return None
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _duration(today: date, count: float, unit: str) -> date | None:
    unit = unit.lower()
    if unit in ("天", "日", "day", "days"):
        return today + timedelta(days=int(count))
    if unit in ("个工作日", "工作日", "business day", "business days", "working days", "working day"):
        return add_workdays(today, int(count))
    if unit in ("周", "个星期", "星期", "个礼拜", "礼拜", "week", "weeks"):
        return today + timedelta(days=round(count * 7))
    if unit in ("个月", "月", "month", "months"):
        if count == 0.5:
            return today + timedelta(days=15)
        return add_months(today, int(count))
    if unit in ("个季度", "季度", "quarter", "quarters"):
        return add_months(today, int(count) * 3)
    if unit in ("年", "year", "years"):
        return add_months(today, round(count * 12))
    return None


def _quarter_end(year: int, quarter: int) -> date | None:
    return month_end(year, quarter * 3) if 1 <= quarter <= 4 else None


def _year_of(word: str | None, today: date) -> int:
    if word in ("明年", "next year", "来年"):
        return today.year + 1
    if word in ("后年",):
        return today.year + 2
    if word and re.fullmatch(r"20\d{2}", word):
        return int(word)
    return today.year


def _month_num(text: str) -> int | None:
    value = parse_number(text)
    return int(value) if value is not None and value == int(value) and 1 <= value <= 12 else None


Rule = tuple[re.Pattern[str], Callable[[re.Match[str], date], date | None]]


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


def _explicit(m: re.Match[str], today: date) -> date | None:
    return _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))


def _month_day(m: re.Match[str], today: date) -> date | None:
    month, day = _month_num(m.group("m")), parse_count(m.group("d"))
    if month is None or day is None:
        return None
    year = _year_of(m.group("y"), today) if m.group("y") else today.year
    value = _safe_date(year, month, day)
    if value is not None and not m.group("y") and value < today:
        value = _safe_date(year + 1, month, day)
    return value


def _numeric_month_day(m: re.Match[str], today: date) -> date | None:
    """"12.15前" in a chat, or after 截止: a month and day in figures, this year's unless passed."""
    before = m.string[max(0, m.start() - 3):m.start()]
    after = m.string[m.end():m.end() + 3]
    if not (re.match(r"\s*(?:前|之前|以前)", after) or re.search(r"截[止至]到?$", before)):
        return None  # (a bare "3.5" answering the budget question is no date)
    return _month_day(m, today)


def _christmas(today: date, *, eve: bool) -> date:
    day = date(today.year, 12, 24 if eve else 25)
    return day if day >= today else date(today.year + 1, 12, 24 if eve else 25)


def _month_only(m: re.Match[str], today: date) -> date | None:
    month = _month_num(m.group("m"))
    if month is None:
        return None
    year = today.year if month >= today.month else today.year + 1
    if m.group("before") and not m.group("end"):
        return date(year, month, 1) - timedelta(days=1)
    return _part_of_month(year, month, m.group("end"))


# "12月上旬" is by the 10th, "十二月中旬之前" by the 15th (mid-month; it read as the month's end), "下旬" / "底" / "末"
# by the month's end.
_PART_DAY = {"上旬": 10, "中旬": 15}


def _part_of_month(year: int, month: int, end: str | None) -> date:
    return date(year, month, _PART_DAY[end]) if end in _PART_DAY else month_end(year, month)


def _year_end(m: re.Match[str], today: date) -> date | None:
    return date(_year_of(m.group("y"), today), 12, 31)


def _half(m: re.Match[str], today: date) -> date | None:
    year = _year_of(m.group("y"), today)
    first = m.group("h") in ("上", "first", "H1")
    return date(year, 6, 30) if first else date(year, 12, 31)


def _quarter(m: re.Match[str], today: date) -> date | None:
    q = parse_count(m.group("q")) if m.group("q") not in ("first", "second", "third", "fourth") else \
        ("first", "second", "third", "fourth").index(m.group("q")) + 1
    return _quarter_end(_year_of(m.group("y"), today), q or 0)


def _quarter_named_end(m: re.Match[str], today: date) -> date | None:
    """The end of a quarter named without a year ("by end of Q1", "第二季度末"): this year's if it is still to
    come, else next year's; with a year, that year's."""
    named = m.groupdict().get("qw")
    q = ("first", "second", "third", "fourth").index(named.lower()) + 1 if named else parse_count(m.group("q"))
    if not q:
        return None
    if m.groupdict().get("y"):
        return _quarter_end(_year_of(m.group("y").lower(), today), q)
    end = _quarter_end(today.year, q)
    return end if end is not None and end >= today else _quarter_end(today.year + 1, q)


def _this_quarter(m: re.Match[str], today: date) -> date | None:
    """This quarter's end; the next one's for "下个季度(内)" (the group is "下个": it was read as this quarter's end),
    and this one's again for "下个季度前", before the next one starts."""
    quarter = (today.month - 1) // 3 + 1
    if m.group(1).startswith("下") and not m.group(2):
        quarter += 1
    year = today.year + (quarter - 1) // 4
    return _quarter_end(year, (quarter - 1) % 4 + 1)


# The Spring Festival (农历正月初一) of each year: a lunar date, so looked up, not computed.
SPRING_FESTIVAL = {2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6), 2028: date(2028, 1, 26),
                   2029: date(2029, 2, 13), 2030: date(2030, 2, 3)}


def _before_spring_festival(today: date) -> date | None:
    """The day before the next Spring Festival after ``today`` (None past the years looked up)."""
    for year in (today.year, today.year + 1):
        festival = SPRING_FESTIVAL.get(year)
        if festival is not None and festival > today:
            return festival - timedelta(days=1)
    return None


def _next_spring_festival(today: date) -> date | None:
    """The next Spring Festival whose Lantern Festival (its fifteenth day) is still to come (None past the years
    looked up): what "元宵节前", "年后两周内" count from."""
    for year in (today.year, today.year + 1):
        festival = SPRING_FESTIVAL.get(year)
        if festival is not None and festival + timedelta(days=14) > today:
            return festival
    return None


def _after_spring_festival(m: re.Match[str], today: date) -> date | None:
    """"春节后两周内", "过完年一个月之内": the span counted from the Spring Festival, not from today (it read two weeks
    from today; the eighteenth probe's variants)."""
    festival = _next_spring_festival(today)
    return _within(m, festival) if festival is not None else None


def _before_lantern_festival(today: date) -> date | None:
    """"元宵节前", "正月十五之前": the day before the Lantern Festival, the fifteenth day of the lunar year (it read no
    date, and the chat left the deadline open; the eighteenth probe, p172)."""
    festival = _next_spring_festival(today)
    return festival + timedelta(days=13) if festival is not None else None


def _before_may_day(today: date) -> date:
    """"五一前", "劳动节之前": April 30 next (it read no date; the eighteenth probe's variants)."""
    day = date(today.year, 4, 30)
    return day if day >= today else date(today.year + 1, 4, 30)


def _next_month_day(m: re.Match[str], today: date) -> date | None:
    day = parse_count(m.group("d"))
    target = add_months(today.replace(day=1), 1)
    return _safe_date(target.year, target.month, day) if day else None


def _next_month_end(m: re.Match[str], today: date) -> date | None:
    target = add_months(today.replace(day=1), 1)
    return month_end(target.year, target.month)


def _next_month_part(m: re.Match[str], today: date) -> date | None:
    target = add_months(today.replace(day=1), 1)
    return _part_of_month(target.year, target.month, m.group("end"))


def _next_month_part_named(today: date, part: str) -> date | None:
    target = add_months(today.replace(day=1), 1)
    return _part_of_month(target.year, target.month, part)


def _this_month_end(m: re.Match[str], today: date) -> date | None:
    return month_end(today.year, today.month)


def _within(m: re.Match[str], today: date) -> date | None:
    raw = m.group("n")
    count: float | None = 0.5 if raw in ("半", "半个") else parse_count(raw)
    if raw and raw.lower() in ("half a",):
        count = 0.5
    if count is None:
        return None
    unit = m.group("u")
    if raw in ("半",) and unit in ("年",):
        return add_months(today, 6)
    return _duration(today, count, unit)


def _n_and_half(m: re.Match[str], today: date, unit_months: int) -> date | None:
    count = parse_count(m.group("n"))
    if count is None:
        return None
    if unit_months == 12:
        return add_months(today, count * 12 + 6)
    return add_months(today, count) + timedelta(days=15)


def _month_completion(m: re.Match[str], today: date) -> date | None:
    month = _month_num(m.group("m"))
    if month is None:
        return None
    if m.group("y"):
        year_word = re.sub(r"^(20\d{2})年$", r"\1", m.group("y"))
        return month_end(_year_of(year_word, today), month)
    year = today.year if month >= today.month else today.year + 1
    return month_end(year, month)


def _half_year(m: re.Match[str], today: date) -> date | None:
    return add_months(today, 6)


def _en_month_day(m: re.Match[str], today: date) -> date | None:
    month = MONTHS_EN.get(m.group("mon").lower().rstrip("."))
    if month is None:
        return None
    if m.group("d"):
        year = int(m.group("y")) if m.group("y") else today.year
        value = _safe_date(year, month, int(m.group("d")))
        if value is not None and not m.group("y") and value < today:
            value = _safe_date(year + 1, month, int(m.group("d")))
        return value
    year = int(m.group("y")) if m.group("y") else (today.year if month >= today.month else today.year + 1)
    return month_end(year, month)


def _clause_date(m: re.Match[str], today: date) -> date | None:
    """A clause that is only a date ("Jan 15"); not the month and day of a date whose year follows the comma
    ("DATE: July 15, 2008 A Request for…": a notice's date)."""
    if re.match(r"\s*,?\s*(?:19|20)\d{2}\b", m.string[m.end():]):
        return None
    return _en_month_day(m, today)


def _en_month_part(m: re.Match[str], today: date) -> date | None:
    """"by mid-January" (the 15th, as "中旬"), "early March" (the 10th), "late February" (the month's end)."""
    month = MONTHS_EN.get(m.group("mon").lower().rstrip("."))
    if month is None:
        return None
    year = int(m.group("y")) if m.group("y") else (today.year if month >= today.month else today.year + 1)
    part = {"early": "上旬", "mid": "中旬", "middle of": "中旬", "late": "下旬", "end of": "下旬"}[
        re.sub(r"\s+", " ", m.group("part").lower())]
    return _part_of_month(year, month, part)


_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "1": 0, "2": 1, "3": 2, "4": 3,
             "5": 4, "6": 5, "7": 6}


def _weekday(m: re.Match[str], today: date) -> date:
    """"下周五之前" (the Friday of next week), "本周三前", "下下周一": weeks start on Monday."""
    weeks = {"本": 0, "这": 0, "这个": 0, "下": 1, "下个": 1, "下下": 2, "下下个": 2}[m.group("k")]
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=7 * weeks + _WEEKDAYS[m.group("w")])


_WEEKDAYS_EN = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}


def _weekday_en(m: re.Match[str], today: date) -> date:
    """"by next Friday" (the Friday of next week, as "下周五前"), "by this Friday"."""
    monday = today - timedelta(days=today.weekday())
    weeks = 1 if m.group("k").lower() == "next" else 0
    return monday + timedelta(days=7 * weeks + _WEEKDAYS_EN[m.group("w").lower()])


_COMPLETE = r"(?:内|之内|以内|内完成|前|之前)"
RULES: list[Rule] = [
    # (before a span read from today: "春节后两周内" read two weeks from today)
    (_r(rf"(?:(?:春节|过年|农历新年)\s*(?:后|以后|之后|过后)|过完年|年后)\s*(?P<n>{N}|半个?)\s*(?P<u>天|个星期|星期|个礼拜|"
        rf"礼拜|周|个月|月)\s*(?:内|之内|以内)"), _after_spring_festival),
    (_r(r"(?P<k>下下个|下下|下个|下|这个|这|本)\s*(?:周|星期|礼拜)\s*(?P<w>[一二三四五六日天1-7])\s*"
        r"(?=前|之前|以前|完成|交付|出(?:具)?(?:报告|结果)|拿到|做完|搞定|[。，,；;！!]|$)"), _weekday),
    (_r(r"(?P<y>20\d{2})\s*[年\-/.]\s*(?P<m>\d{1,2})\s*[月\-/.]\s*(?P<d>\d{1,2})\s*[日号]?"), _explicit),
    (_r(rf"(?P<y>20\d{{2}}|明年|今年|后年|来年)?\s*年?\s*(?P<m>{N})\s*月份?\s*(?P<d>{N})\s*[日号]"), _month_day),
    # a month and day in figures, as typed in a chat ("12.15前", "12/15之前", "截止12.15"): it read no date, and the
    # deadline was asked again (the fifteenth probe's variants); only before 前 or after 截止, never a bare "12.15"
    (_r(r"(?:(?<=截止)|(?<=截至)|(?<=截止到)|(?<![\d./\-]))(?P<y>(?!))?(?P<m>1[0-2]|0?[1-9])\s*[./]\s*"
        r"(?P<d>3[01]|[12]\d|0?[1-9])(?![\d./])\s*[日号]?\s*(?=前|之前|以前|$|[。，,；;！!])"), _numeric_month_day),
    # "圣诞前", "before Christmas": the day before it, as 春节前 is; "by Christmas" the day itself
    (_r(r"圣诞节?\s*(?:前|之前|以前)|平安夜|before\s+christmas|christmas\s+eve"), lambda m, t: _christmas(t, eve=True)),
    (_r(r"(?:by|until)\s+christmas\b|圣诞节?(?:当天)?(?=完成|交付|出报告)"), lambda m, t: _christmas(t, eve=False)),
    (_r(rf"(?P<y>20\d{{2}}年|明年|今年|后年|来年)?\s*(?P<m>{N})\s*月份?\s*(?P<end>底|末|下旬|中旬|上旬)?\s*(?P<before>前|"
        rf"之前|以前)?"),
     lambda m, t: _year_month_end_or_none(m, t)),
    (_r(r"(?P<y>20\d{2}|明年|今年|来年)\s*年?\s*(?P<h>上|下)半年"), _half),
    (_r(r"(?P<y>20\d{2}|明年|今年|来年)\s*年?\s*年中"), lambda m, t: date(_year_of(m.group("y"), t), 6, 30)),
    (_r(r"(?P<y>20\d{2}|明年|今年|来年)\s*年?\s*的?\s*Q(?P<q>[1-4])"), _quarter),
    (_r(r"(?P<y>20\d{2}|明年|今年|来年)\s*年?\s*(?:的)?\s*第?(?P<q>[一二三四1-4])\s*季度"), _quarter),
    (_r(r"(本|这个|下个?)季度(之前|以前|前)?"), _this_quarter),
    (_r(rf"下个?月\s*(?P<d>{N})\s*[号日]"), _next_month_day),
    (_r(r"下个?月\s*(底|末|内|之内|前)"), _next_month_end),
    # "下个月中旬前要出报告" read no date (the fifth probe): a part of next month, as of a month named
    (_r(r"下个?月\s*(?P<end>上旬|中旬|下旬)"), _next_month_part),
    # "下月初吧", "下个月初" read no date and were asked again (the tenth probe's variants): the start of next month,
    # as its 上旬
    (_r(r"下个?月\s*初"), lambda m, t: _next_month_part_named(t, "上旬")),
    # "上个月底前要": last month's end, a date already past (it read as this month's end, "月底")
    (_r(r"上个?月\s*(底|末)"), lambda m, t: t.replace(day=1) - timedelta(days=1)),
    (_r(r"(本月|这个月|当月|月)\s*(底|末)|本月内|这个月内"), _this_month_end),
    (_r(rf"(?P<n>{N})\s*年半\s*(?:内|之内|以内|出结论|完成|交付)"), lambda m, t: _n_and_half(m, t, 12)),
    (_r(rf"(?P<n>{N})\s*个半月\s*(?:内|之内|以内|出结论|完成|交付)"), lambda m, t: _n_and_half(m, t, 1)),
    (_r(rf"(?P<n>{N}|半个?)\s*(?P<u>个工作日|工作日|天|日|个星期|星期|个礼拜|礼拜|周|个月|月|年)\s*(?:时间\s*)?(?:内|"
        rf"之内|以内)"),
     _within),
    (_r(rf"(?P<n>{N}|半个?)\s*(?P<u>个工作日|工作日|天|个星期|周|个月|年)(?:时间)?\s*(?:左右)?\s*(?:完成|交付|"
        rf"出(?:具)?(?:报告|结果)|"
        rf"拿到|做完|搞定|结束|结题|交样|给出)"), _within),
    (_r(r"半年(?:内|之内|以内)"), _half_year),
    (_r(rf"(?P<n>{N})\s*(?P<u>个季度)\s*(?:内|之内|以内)"), _within),
    (_r(r"within\s+(?P<n>a|one|two|three)\s+(?P<u>quarters?)"), _within),
    (_r(rf"(?P<y>20\d{{2}}年|明年|今年|后年|来年)?\s*(?P<m>{N})\s*月份?\s*(?:底|末)?\s*"
        rf"(?:完成|交付|验收|上线|结题|出结果|拿到|交货)"), lambda m, t: _month_completion(m, t)),
    (_r(rf"(?:(?:项目|研发|开发|检测|服务)?周期|时间|工期|期限|时限|交期)\s*[:：]?\s*(?:为|是|约|大约|"
        rf"控制在)?\s*(?P<n>{N}|半个?)\s*(?P<u>个工作日|"
        rf"工作日|天|个星期|星期|周|"
        rf"个月|月|年)(?!前)"), _within),
    (_r(r"元旦\s*(?:前|之前|以前)"), lambda m, t: date(t.year, 12, 31)),
    (_r(r"(?:元宵节?|正月十五)\s*(?:前|之前|以前)|(?:by|before)\s+(?:the\s+)?lantern\s+festival"),
     lambda m, t: _before_lantern_festival(t)),
    (_r(r"(?:明年)?\s*(?:五一|劳动节)\s*(?:放假)?\s*(?:前|之前|以前)"), lambda m, t: _before_may_day(t)),
    # "春节前", "过年前", "before Chinese New Year": the day before the next Spring Festival (a lunar date: looked up)
    # ("年前要拿到报告", spoken for 春节前, read none; the twentieth probe, p195: not "一年前", "两年前的", "去年前")
    (_r(r"(?:春节|过年|农历新年|大年初一)\s*(?:放假)?\s*(?:前|之前|以前)|(?:by|before)\s+(?:the\s+)?(?:chinese|lunar)\s+"
        r"new\s+year|(?:by|before)\s+(?:the\s+)?spring\s+festival|"
        r"(?<![\d一二两三四五六七八九十几多半去今明前后每当同早新上周整某百千万])年前(?!的|后|左右|就|已经?|做过|买|出)"),
     lambda m, t: _before_spring_festival(t)),
    # "下个月" said alone (a whole clause), "next month.": by the end of next month
    (_r(r"(?:^|(?<=[，,。；;]))\s*(?:下个?月|(?:by\s+|within\s+)?next\s+month)\s*(?:吧|啊)?\s*(?=[。，,；;！!.]|$)"),
     _next_month_end),
    # A clause that is only a duration ("预算3万，两周。") is the time allowed.
    (_r(rf"(?:^|(?<=[，,。；;]))\s*(?P<n>{N}|半个?)\s*(?P<u>个工作日|工作日|天|个星期|星期|周|"
        rf"个月)\s*(?=[。，,；;！!]|$)"), _within),
    (_r(r"国庆\s*(?:节)?\s*(?:前|之前|"
        r"以前)"), lambda m, t: date(t.year if t < date(t.year, 9, 30) else t.year + 1, 9, 30)),
    (_r(r"(?P<y>20\d{2}|明年|今年|后年|来年)\s*年?\s*(?:的)?\s*(?:年底|年末|底)|(?<![去前])年底|年末|年内|"
        r"今年内"), _year_end),
    # English
    (_r(rf"within\s+(?:the\s+next\s+)?(?P<n>{EN_N}|half a)\s+(?P<u>business days?|working days?|days?|weeks?|months?|"
        rf"years?)"), _within),
    (_r(rf"in\s+(?:the\s+next\s+)?(?P<n>{EN_N})\s+(?P<u>days?|weeks?|months?)"), _within),
    (_r(rf"(?:timeline|time ?frame|turnaround|lead time|duration|deadline)\s*[:：]?\s*(?:is\s+|of\s+)?(?:about\s+)?"
        rf"(?P<n>{EN_N})\s+(?P<u>business days?|working days?|days?|weeks?|months?)"), _within),
    (_r(r"(?:by|before)\s+(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year|by\s+year[- ]end|(?:by|before)\s+"
        r"(?:the\s+)?end\s+of\s+(?P<y>20\d{2}|next year)"), _year_end),
    # "End of next month works" (a sentence that opens with it, after "Got it." too) read no date, and the deadline
    # was listed as not given (the tenth probe: p106); so did "Got it. End of this month works"
    (_r(r"(?:(?:by|before)\s+|^\s*|(?<=[.!?;,，。；])\s*)(?:the\s+)?end\s+of\s+next\s+month"), _next_month_end),
    (_r(r"(?:by|before)\s+(?:the\s+)?end\s+of\s+(?:this|the)\s+month|(?:^|(?<=[.!?;,，。；]))\s*(?:the\s+)?end\s+of"
        r"\s+(?:this|the)\s+month"), _this_month_end),
    # "end of month", "by end of month" (no "the"/"this": it read no date, and was asked again; the sixth probe)
    (_r(r"(?:(?:by|before)\s+|^\s*|(?<=[.!?;,，。；])\s*)(?:the\s+)?end\s+of\s+month\b"), _this_month_end),
    # a clause that is only a date ("Deadline: Jan 15" was split at the colon, and "Jan 15" read no date; the sixth
    # probe), or a part of a month ("We ship in mid-January", "late February")
    # (and with "at the latest" after it, or the day before the month: "Dec 18th at the latest", "10 January" read no
    # date, and the answer to the deadline question became the product; the fifteenth probe, p150)
    (_r(rf"(?:^|(?<=[，,。；;]))\s*(?P<mon>{_MONTH_EN})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s*(?P<y>20\d{{2}}))?"
        rf"{_LATEST}\s*(?=[。，,；;！!.]|$)"), _clause_date),
    (_r(rf"(?:^|(?<=[，,。；;]))\s*(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH_EN})\.?"
        rf"(?:,?\s*(?P<y>20\d{{2}}))?{_LATEST}\s*(?=[。，,；;！!.]|$)"), _clause_date),
    (_r(rf"(?:(?:by|before|until|around)\s+|^\s*)(?:the\s+)?(?P<part>early|mid|middle of|late)[- ]?\s*(?:the\s+)?"
        rf"(?P<mon>{_MONTH_EN})\b\.?(?:,?\s*(?P<y>20\d{{2}}))?"), _en_month_part),
    # "Early next month.", "mid next month then", "by mid-next month", "late next month" read no date (the tenth
    # probe's variants): a part of next month, as "下个月上旬/中旬/下旬"
    (_r(r"(?:(?:by|before|until|around|to)\s+|^\s*|(?<=[.!?;,，。；])\s*)(?:the\s+)?(?P<part>early|mid|middle of|late)"
        r"[- ]?\s*(?:the\s+)?next\s+month\b"),
     lambda m, t: _next_month_part_named(t, {"early": "上旬", "mid": "中旬", "middle of": "中旬", "late": "下旬"}[
         re.sub(r"\s+", " ", m.group("part").lower())])),
    # "We can push the deadline to mid-January." read no date, and the correction was "I found nothing new" (the
    # tenth probe's variants): a deadline moved to a part of a month, or to a date
    (_r(rf"\b(?:push(?:ed)?|move[sd]?|extend(?:ed)?|change[sd]?|shift(?:ed)?|bring|brought)\s+(?:\w+\s+){{0,2}}?"
        rf"(?:back\s+|out\s+|forward\s+)?to\s+(?:the\s+)?(?P<part>early|mid|middle of|late)[- ]?\s*(?:the\s+)?"
        rf"(?P<mon>{_MONTH_EN})\b\.?(?:,?\s*(?P<y>20\d{{2}}))?"), _en_month_part),
    (_r(rf"\b(?:push(?:ed)?|move[sd]?|extend(?:ed)?|change[sd]?|shift(?:ed)?|bring|brought)\s+(?:\w+\s+){{0,2}}?"
        rf"(?:back\s+|out\s+|forward\s+)?to\s+(?:the\s+)?(?P<mon>{_MONTH_EN})\.?\s*(?P<d>\d{{1,2}}(?!\d))"
        rf"(?:st|nd|rd|th)?,?\s*(?P<y>20\d{{2}})?"), _en_month_day),
    # "by next Friday", "before this Friday" (it read no date; the sixth probe)
    (_r(r"(?:(?:by|before|until|no later than)\s+|^\s*)(?P<k>next|this)\s+(?P<w>monday|tuesday|wednesday|thursday|"
        r"friday|saturday|sunday)\b"), _weekday_en),
    # … and the week said after the day: "by wednesday next week" (it read no date, the deadline listed as not given;
    # the twenty-first probe, p207)
    (_r(r"(?:(?:by|before|until|no later than)\s+|^\s*)(?:the\s+)?(?P<w>monday|tuesday|wednesday|thursday|friday|"
        r"saturday|sunday)\s+(?:of\s+)?(?P<k>next|this)\s+week\b"), _weekday_en),
    # "by the 15th of next month", "before the 3rd next month"
    (_r(r"(?:by|before|until|no later than)?\s*(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?next\s+month"),
     _next_month_day),
    # "before 15 January 2027", "by 3 March": the day written before the month
    # (or after "the deadline should be": "And the deadline should be 10 January, not end of Dec." read the date it
    # corrects; the fifteenth probe, p149)
    (_r(rf"(?:by|before|no later than|until|due|{_DEADLINE_IS})\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+"
        rf"(?:of\s+)?(?P<mon>{_MONTH_EN})\.?,?\s*(?P<y>20\d{{2}})?"), _en_month_day),
    (_r(r"(?P<h>first|second|H1|H2)\s+half\s+of\s+(?P<y>next year|20\d{2})"), lambda m, t: _half_en(m, t)),
    (_r(r"(?P<q>first|second|third|fourth)\s+quarter\s+(?:of\s+)?(?P<y>next year|20\d{2})"), _quarter),
    (_r(r"Q(?P<q>[1-4])\s*(?:of\s+)?(?P<y>next year|20\d{2})"), _quarter),
    # the end of a quarter named without a year ("by end of Q1", "By the end of Q1.", "一季度末前") read no date, and
    # the English answer became the product (the sixth probe: p61, p63)
    (_r(r"(?:(?:by|before|until|no later than)\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?(?:Q(?P<q>[1-4])|"
        r"(?P<qw>first|second|third|fourth)\s+quarter)(?:\s+(?:of\s+)?(?P<y>next year|20\d{2}))?"), _quarter_named_end),
    (_r(r"(?<![年\dQ第])第?(?P<q>[一二三四1-4])\s*季度\s*(?:末|底|结束)"), _quarter_named_end),
    (_r(r"(?<![A-Za-z])Q(?P<q>[1-4])\s*(?:末|底|结束)"), _quarter_named_end),
    (_r(rf"(?:by|before|no later than|due|until|deadline\s*[:：]?|{_DEADLINE_IS}|"
        rf"end of)\s+(?:the\s+)?(?:end\s+of\s+)?(?P<mon>{_MONTH_EN})\.?\s*(?P<d>\d{{1,2}}(?!\d))?(?:st|nd|rd|th)?"
        rf",?\s*(?P<y>20\d{{2}})?"), _en_month_day),
]


def _half_en(m: re.Match[str], today: date) -> date | None:
    year = today.year + 1 if m.group("y").lower() == "next year" else int(m.group("y"))
    first = m.group("h").lower() in ("first", "h1")
    return date(year, 6, 30) if first else date(year, 12, 31)


def _year_month_end_or_none(m: re.Match[str], today: date) -> date | None:
    # A bare "3月" is only a deadline with 底/末/前 or a year word; "3个月" is caught by the duration rules.
    if not (m.group("end") or m.group("before")):
        return None
    if m.group("y"):
        year_word = re.sub(r"^(20\d{2})年$", r"\1", m.group("y"))
        fake = {"y": year_word, "m": m.group("m"), "end": m.group("end"), "before": m.group("before")}
        month = _month_num(fake["m"])
        if month is None:
            return None
        year = _year_of(year_word, today)
        if fake["before"] and not fake["end"]:
            return date(year, month, 1) - timedelta(days=1)
        return _part_of_month(year, month, fake["end"])
    return _month_only(m, today)


# What makes a date that has passed a deadline the text sets ("2025年3月前完成", "by March 2025"), not a date in the
# past it mentions: a completion word in or right after it.
_DUE_IN = re.compile(r"((前|之前|以前|底|末|内|之内|以内|完成|交付|验收|结题|交货|拿到|做完|搞定)$|"
                     r"^(by|before|due|until|no later than|deadline|end of|within)\b)", re.I)
_DUE_AFTER = re.compile(r"^\s*(就|都)?\s*(要|需要|得|必须|务必)?\s*(前|之前|以前|完成|交付|截止|到期|交货|验收|结题|"
                        r"出(具)?(报告|结果)|拿到|做完|搞定|要)")


def deadline_passed(value: date, today: date) -> bool:
    """A date before today is no deadline a provider can meet: the one rule the need card (which refuses it) and the
    chat (which says so and asks again) share, and the LLM's reading with them."""
    return value < today


_LABEL_BEFORE_PART = re.compile(r"\b(?:the\s+)?(?:deadline|due\s+date|due)\s*(?:is|would\s+be|will\s+be|[:：])?\s+"
                                r"(?=(?:the\s+)?(?:end|mid|middle|early|late)\b)", re.I)


def find_deadlines(text: str, today: date, *, passed: list[DeadlineCandidate] | None = None,
                   any_past: bool = False) -> list[DeadlineCandidate]:
    """The dates the text sets as the deadline, none before ``today``. ``passed``: filled with those it sets that
    have already passed ("上个月底前要", "需要在2025年3月前完成", "by March 2025"): with a completion word, or any date
    at all with ``any_past`` (the text answers "by when?")."""
    taken: list[tuple[int, int]] = []
    out: list[DeadlineCandidate] = []
    # "Deadline end of next month." read no date, and the deadline said beside a correction was lost (the eighteenth
    # probe, p178): the field's label before a part of a month reads as "by" (the same length: the spans stay)
    text = _LABEL_BEFORE_PART.sub(lambda m: "by".ljust(len(m.group(0))), text)
    for pattern, resolve in RULES:
        for m in pattern.finditer(text):
            if m.end() == m.start() or any(m.start() < e and s < m.end() for s, e in taken):
                continue
            before = text[max(0, m.start() - 8):m.start()]
            before = re.split(r"[，,。；;！!？?\n]", before)[-1]
            # (a space between Chinese words ends a clause typed without punctuation: "筒灯也一起做了 年前要拿到报告"
            # read "做了" as a span's verb, and the date was lost; the twentieth probe, p195)
            before = re.split(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff]|$)", before)[-1]
            after = text[m.end():m.end() + 8]
            if _NOT_DEADLINE_BEFORE.search(before) or _NOT_COMPLETION_AFTER.match(after):
                taken.append((m.start(), m.end()))
                continue
            if re.search(r"(去年|前年|上个?月|上周|以前|之前的|上次|上一次|往年)$", before):
                taken.append((m.start(), m.end()))
                continue
            try:
                value = resolve(m, today)
            except (ValueError, OverflowError):
                value = None
            if value is None:
                continue
            taken.append((m.start(), m.end()))
            if m.group(0)[-1:] == "前" and _PAST_AFTER.match(after):
                continue
            if deadline_passed(value, today):
                if passed is not None and (any_past or _DUE_IN.search(m.group(0).strip())
                                           or _DUE_AFTER.match(after)):
                    passed.append(DeadlineCandidate(m.start(), m.end(), value, m.group(0)))
                continue
            out.append(DeadlineCandidate(m.start(), m.end(), value, m.group(0)))
    return sorted(out, key=lambda c: c.start)


def extract_deadline(text: str, today: date) -> date | None:
    """The completion date of the work asked for, or None (尽快 / ASAP / no date)."""
    candidates = find_deadlines(text, today)
    if not candidates:
        return event_deadline(text, today)
    return max(c.value for c in candidates)


def passed_deadline(text: str, today: date, *, answer: bool = False) -> date | None:
    """The deadline the text sets when it has already passed and the text sets no other (the latest such date), else
    None. ``answer``: the text answers the deadline question (or is typed in the card's field), so any date in it is
    the deadline."""
    passed: list[DeadlineCandidate] = []
    if find_deadlines(text, today, passed=passed, any_past=answer):
        return None
    if not passed and answer:
        find_deadlines(text + "内", today, passed=passed, any_past=True)
    return max((c.value for c in passed), default=None)


def deadline_asap(text: str) -> bool:
    """The text asks for the work as soon as possible (尽快, 越快越好): no date, but urgent."""
    return bool(_ASAP.search(text))


def deadline_declined(text: str) -> bool:
    """The text answers "when" without a date (尽快, 时间不限), so asking again is pointless."""
    return bool(_ASAP.search(text) or re.search(r"(时间不限|不着急|不急|时间灵活|no rush|no deadline|"
                                                r"flexible)", text, re.I))


# ---- a deadline set against an event named with its date ("12月20号要去参加一个展会", then "展会前一个礼拜要拿到报告";
# "a customer audit on Dec 15", then "a week before the audit": both were lost; the nineteenth probe, p181, p188)

_ZH_BEFORE_EVENT = re.compile(rf"(?P<event>[\u4e00-\u9fffA-Za-z]{{1,8}}?)(?:开始|召开|举行|举办)?(?:之前|以前|前)\s*"
                              rf"(?P<n>{N}|半)\s*个?\s*(?P<unit>天|日|周|礼拜|星期|月)")
_EN_BEFORE_EVENT = re.compile(rf"\b(?P<n>{EN_N}|a couple of|a few)\s+(?P<unit>days?|weeks?|months?)\s+"
                              r"(?:before|ahead of|prior to)\s+(?:the|our|that|this|their|your)\s+"
                              r"(?P<event>[a-z][a-z\-]*(?:\s+[a-z][a-z\-]*){0,2})", re.I)
# A day said as a date of its own, where an event is named: "12月20号", "12/20", "下周五", "Dec 15", "15th of December".
_ZH_DAY = re.compile(rf"((?:\d{{4}}年)?{N}月{N}[号日]?|下(?:个)?月{N}[号日]|下(?:周|星期|礼拜)[一二三四五六日天])")
_EN_DAY = re.compile(rf"\b((?:{_MONTH_EN})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?"
                     rf"(?:{_MONTH_EN})\b)", re.I)
_EN_BEFORE_IT = re.compile(r"\b(?:before|ahead of|prior to)\s+(?:it|that|then)\b", re.I)
# (the counts parse_count does not read; "one" … "twelve" and digits are its)
_EN_WORDS = {"a couple of": 2, "a few": 3}
_EN_NOT_EVENT = {"deadline", "end", "start", "beginning", "middle", "date", "report", "results", "certificates",
                 "samples", "work"}


def _event_day(context: str, event: str, today: date, *, before: int) -> date | None:
    """The day the event named ``event`` is on, in the sentence of ``context`` that names it (before ``before``)."""
    for sentence in re.split(r"[。；;！!？?\n]|(?<=[a-z0-9])\.\s", context[:before], flags=re.I):
        at = sentence.casefold().rfind(event.casefold())
        if at < 0:
            continue
        for pattern, lead, tail in ((_ZH_DAY, "", "前"), (_EN_DAY, "by ", "")):
            days = [m for m in pattern.finditer(sentence)]
            if days:
                near = min(days, key=lambda m: abs(m.start() - at))
                if (day := extract_deadline(lead + near.group(1) + tail, today)) is not None:
                    return day
    return None


def _span_back(day: date, count: float, unit: str) -> date:
    unit = unit.lower()
    if unit.startswith(("月", "month")):
        return add_months(day, -int(count)) if count >= 1 else day - timedelta(days=15)
    weeks = unit.startswith(("周", "礼拜", "星期", "week"))
    return day - timedelta(days=round(count * (7 if weeks else 1)))


def event_deadline(text: str, today: date, *, said: str = "") -> date | None:
    """The deadline the text sets against an event named with its date before it, in the text or in what the
    enterprise said before (``said``): "展会前一个礼拜要拿到报告" after "12月20号要去参加一个展会" is 2026-12-13,
    "a week before the audit" after "a customer audit on Dec 15" 2026-12-08; "… on Dec 15 and need them calibrated
    before it" the day itself. None when the text sets none this way, or the event's date was never said."""
    context = f"{said}\n{text}" if said else text
    offset = len(context) - len(text)
    for m in _ZH_BEFORE_EVENT.finditer(text):
        count = 0.5 if m.group("n") == "半" else parse_number(m.group("n"))
        word = m.group("event")
        for size in range(len(word), 1, -1):
            day = _event_day(context, word[-size:], today, before=offset + m.start("event") + len(word) - size)
            if day is not None and count:
                found = _span_back(day, count, m.group("unit"))
                return found if found >= today else None
    for m in _EN_BEFORE_EVENT.finditer(text):
        raw = m.group("n").lower()
        count = _EN_WORDS.get(raw) or parse_count(raw)
        for word in m.group("event").split():
            if word.lower() in _EN_NOT_EVENT or len(word) < 3:
                continue
            day = _event_day(context, word, today, before=offset + m.start())
            if day is not None and count:
                found = _span_back(day, float(count), m.group("unit"))
                return found if found >= today else None
    # "… a customer audit on Dec 15 and need them calibrated before it": the day said before the pronoun
    for m in _EN_BEFORE_IT.finditer(text):
        days = list(_EN_DAY.finditer(text[:m.start()]))
        if days and (day := extract_deadline("by " + days[-1].group(1), today)) is not None:
            return day
    return None

