"""The enterprise's own words for each service type it asked for ("失效分析" for 质量技术评价): shown beside the
category on the need card and in the chat's replies, so a person sees that "I asked for X" was read as X's category
(issue 27), and used in the title instead of the category's name."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from intake.extract.numbers import STANDARD_NUMBER
from intake.extract.region import extract_region
from intake.extract.service_types import LEXICON, extract_service_types
from intake.schemas import ITEM_END, ZH_LIST_JOINT, join_phrase_items, phrase_items
from kb.vocab import ServiceType


def _cue_patterns() -> dict[ServiceType, list[re.Pattern[str]]]:
    return {ServiceType(k): [re.compile(p, re.I) for p in v] for k, v in LEXICON["service_types"].items()}


_CUES = _cue_patterns()
_TRIM = " ，,。.的了和及与"
# A 了 that begins a verb ("了解IEC 62619标准"), never the particle the trim takes off an end: "关键要求
# 解IEC 62619标准" on the review page (a new user's trial, 2026-11-30).
_LE_VERB = re.compile(r"^了[解结]")


def _trim(phrase: str) -> str:
    """The phrase without the spaces, stops, particles and joints at its ends, the 了 of a verb it begins with kept."""
    start = phrase.lstrip(_TRIM.replace("了", ""))
    return start.rstrip(_TRIM) if _LE_VERB.match(start) else phrase.strip(_TRIM)


# Words a cue may carry around the service itself: "了解一下…", "做个…", "which … and".
# (and what is kept of it, "只做检测" after a type ruled out: the title read "农机齿轮只做检测需求"; the seventeenth
# probe, p165 with e5)
_LEAD = re.compile(r"^((?:要|需要|想|想要)?做的是|(?:只|仅|就)(?:要|需要?)?做|了解一下|了解|解一下|一下|需要|想要|希望|"
                   # which of the enterprise's things, before the wish ("新款要做EMC测试" typed after a space was the
                   # phrase, said back as "新款要做EMC测试 → 检验检测"; the nineteenth probe, p182)
                   r"(?:新款|新品|新产品|这款|这批|那批|也|还|都)(?=(?:也|还|都)?(?:要|需要|想|得|准备|打算))|"
                   r"打算|准备|想|要|找|"
                   r"帮忙|帮|请|做个|做一下|做一个|做|"
                   r"进行|开展|"
                   # (and the issuing of the report a test ends in: "需要出具检测报告" was said "出具检测",
                   # "需要一份检测报告" "一份检测", and the title "储能电池包出具检测需求"; a new user, issue 27,
                   # 2026-11-29)
                   r"出具|出一份|出个|一份|一张|"
                   r"一个|一次|一轮|一批|个|(?:which|what|the|a|an|some|need|want|to|we|i|us|would like|like|"
                   r"hope|plan|are|am|looking|help(?:\s+us)?)\s+)\s*", re.I)
# A bare English verb names no service ("We want to develop" was the title "sensor: We want to develop"): the
# category's name stands for it.
_BARE_VERB = re.compile(r"(develop|design|test|calibrate|analy[sz]e|improve|build|make|create|measure|inspect|"
                        r"evaluate|assess|verify|certify|study|research|do|get)", re.I)
# "对釉面砖做耐磨性检测": the object belongs to the product field; the service is what is done to it.
_OBJECT = re.compile(r"^(对|给|把|为)[^，。做进]{1,10}(做|进行|开展)")
# "做电池包的振动测试": the thing before 的 is the object too (the title read "电池包电池包的振动测试需求"); a property
# studied stays ("保质期的验证研究").
_OF_OBJECT = re.compile(r"^(?![^的]*(?:期|性|度|率|值|系数|含量|量|等级|寿命|效果)的)[^，。的\s]{1,10}的(?=[^的]{2,}$)")
# (an English word only as a whole word: "calibration" lost its "on" to the title "pressure gauges: calibrati")
# (and the count word of what is to be made: "开发一款耐盐雾的水性防腐涂料" was said "开发一款", the title
# "水性工业涂料开发一款需求"; the twelfth probe, p121)
_TAIL = re.compile(r"\s*(\b(?:and|or|of|for|to|with|on)|一下|方面|的事|这块|"
                   r"[一两几](?:款|种|套|个|批)(?:新的?)?)$", re.I)
# A qualification names who may do the work, not the work ("CNAS", "有CNAS资质"): no name for a service, and the
# service word after it ("CNAS校准") is that service's own (the title read "三坐标测量机CNAS需求").
QUALIFICATION_ONLY = re.compile(r"^\s*(?:有|具备|带|要|需要)?\s*(?:(?:CNAS|CMA|CAL|CATL|CMAF|ILAC(?:-MRA)?|资质|"
                                r"认可资质|资格|证书|accredit(?:ed|ation)|certified)\s*(?:[、,/和及与]|and)?\s*)+"
                                r"(?:的|机构|实验室|lab(?:oratory)?)?\s*$", re.I)
LONGEST = 10  # characters of Chinese; English phrases may run to 24
_NUMBERED_MARK = re.compile(r"[A-Z]{2,}\s*\d")
# "看看为什么", "find out why": a request to find the cause, but no name for the service (the title read
# "电机看看为什么需求"); the category's name stands for it.
# So is a failure described ("一掰就断", "断口发白": the title read "卡扣一掰就断需求"; a new user on the chat page,
# issue 27, 2026-11-29).
# (not the fracture's analysis asked for, "断口分析": that is the work's name)
_WHY = re.compile(r"(为什么|为何|为啥|\bwhy\b|就(?:断|裂|碎|崩)$|^断口(?!(?:形貌)?(?:分析|观察|检查|鉴定)))", re.I)
# A cue that says what cannot be done or is missing ("测不了", "现有的设备测不准", "还没有对应的标准", "can't measure")
# or asks for a cause in a clause ("分析一下原因", "查一下异响的原因") names no service: cut to a title it read
# "超声波测不需求" (dlg-036) and "水性防火涂料没有对应的标准需求"; the category's name stands for it, as for _WHY.
# A thing said to be "tested" ("get them tested against it") names no test either (the title read "bamboo cutting
# boards: get them tested"; the fifth probe).
# A question how to read a clause ("国标条款怎么理解", the title "…国标条款怎么理解需求"; the thirteenth probe) is none.
_NOT_A_NAME = re.compile(r"(不了|不出|不准|不能|不到|无法|没法|没有|做不|测不|量不|一下|原因$|怎么|如何|怎样|"
                         # a choice between two causes cut after its first, "是焊接工艺的问题还是材料的问题": the
                         # title held "问题还是" (the twenty-third probe, p221); not "专利还是要申请的" (still)
                         r"还是$|"
                         r"\b(?:cannot|can't|could not|unable|no|tested)\b)", re.I)
# Who to work with names no work ("找高校合作": the category's name stands for it, or a later cue's words).
_PARTNER_ONLY = re.compile(r"(高校|大学|科研院所|研究所|院所)[^，。]{0,4}合作$|"
                           r"^(?:an? )?(?:universit(?:y|ies)|research institute|academic) partners?$", re.I)
# A cue that opens with a preposition names the norm, not the service ("按国标" read "控制器按国标需求").
_PREPOSITION = re.compile(r"^(按照|依照|根据|依据|按|依)")
_SUFFIX = re.compile(r"(原因分析|分析|试验|测试|检测|检验|评价|评估|研究|验证|测量|校准|检定|认证|申报|申请|研发|开发|"
                     r"培训|咨询|鉴定)")


def phrase_of(text: str, service: ServiceType) -> str | None:
    """The words in ``text`` that asked for ``service`` ("失效分析", "type test"), as the enterprise wrote them; None
    when no cue reads as a name for the service (too long, a clause of what cannot be done, a norm after 按). Every
    test it names is one item ("要做能效测试，还要一份安全检测报告": 能效测试、安全检测; "need 能效测试 and a safety
    test report": 能效测试 and safety test), and a test named by its standard's number alone keeps the number
    ("GB/T 2423.17", "按GB 4706.1做"; the fifteenth probe's left items)."""
    first = _first_phrase(text, service)
    if first is not None and first != _NEXT_NAME:
        items = _joined_tests(text, service, phrase_items(first))
        later = [i for i in _later_tests(text, service, first) if i not in items]
        if later and all(len(_ANY_TEST.sub("", i)) < 2 for i in items):
            items = []  # a bare "检测" gives way to the tests named after it
        items += later
        first = join_phrase_items(items)
    return _by_standard(text, service, first)


# A test named in Chinese beside one named in English, joined in either language ("need 能效测试 and a safety test
# report", "CE testing and 能效测试", "盐雾测试 and a vibration test"): the Chinese name had no cue of its own and the
# other was the only item (the fifteenth probe, p150: "test report → inspection and testing").
_ZH_TEST = r"[\u4e00-\u9fff]{2,8}?(?:试验|测试|检测|检验)"
_JOINT = r"\s*(?:,\s*)?(?:and|&|和|及|与|、|以及)\s*(?:(?:a|an|the)\s+)?"
_ZH_TEST_BEFORE = re.compile(rf"({_ZH_TEST}){_JOINT}$", re.I)
_ZH_TEST_AFTER = re.compile(rf"{_JOINT}({_ZH_TEST})", re.I)
_EN_AFTER = re.compile(rf"{_JOINT}(?=[A-Za-z])", re.I)


def _a_test_of(item: str, service: ServiceType) -> bool:
    """Whether ``item`` names a test of ``service`` by the lexicon's own cues ("能效测试" asked for: "做能效测试")."""
    return _first_phrase("需要做" + item, service) == item


def _joined_tests(text: str, service: ServiceType, items: list[str]) -> list[str]:
    """``items`` with a test joined right before the first or after the last in the other language."""
    at = text.find(items[0])
    if at < 0:
        return items
    out = list(items)
    before = _ZH_TEST_BEFORE.search(text[:at])
    if before and items[0].isascii() and _a_test_of(before.group(1), service) and before.group(1) not in out:
        out.insert(0, before.group(1))
    end = text.find(items[-1], at) + len(items[-1])
    after = _ZH_TEST_AFTER.match(text, end)
    if after and items[-1].isascii() and _a_test_of(after.group(1), service) and after.group(1) not in out:
        out.append(after.group(1))
    elif not items[-1].isascii() and (joint := _EN_AFTER.match(text, end)) is not None:
        more = _first_phrase(text[joint.end():], service)
        if more and more != _NEXT_NAME and more.isascii() and text.startswith(more.split()[0], joint.end()) \
                and ITEM_END.search(more) and more not in out:
            out.append(more)
    return out


_NEXT_NAME = ""  # (no phrase: the category's name stands for the service)
# Words that ask for more, opening a clause ("还要一份安全检测报告", "另外还要做振动测试"): a test named in it is one
# more of the need's items.
_MORE = re.compile(r"^\s*(?:还要|还需要|还得|还想|还有|另外|此外|同时|也要|也需要|以及|并且|而且|再|顺便|"
                   r"(?:and\s+)?(?:also|plus|as well as|in addition)\b)", re.I)
_RULED_OUT = re.compile(r"(不用|不需要|不要|不做|不考虑|免了|先不|暂不|无需|不必|\b(?:no|not|don't|without)\b)", re.I)
_CLAUSE_END = re.compile(r"[，,。；;！!？?\n]")
# A test's words less the words any test has: "安全检测" → 安全 (a test named), "检测报告" → nothing (none named).
_ANY_TEST = re.compile(r"(试验|测试|检测|检验|报告|第三方|相关|常规|一下|一份|"
                       r"\b(?:tests?|testing|reports?|the|a|an)\b|\s)", re.I)


def _later_tests(text: str, service: ServiceType, first: str) -> list[str]:
    """The tests of ``service`` named in clauses after the first phrase's that ask for more ("另外还要做振动测试"):
    each ends in the word for the work and names a test of its own; none in a clause that rules one out."""
    at = text.find(phrase_items(first)[-1])
    if at < 0:
        return []
    end = _CLAUSE_END.search(text, at)
    out: list[str] = []
    for clause in _CLAUSE_END.split(text[end.end():]) if end else []:
        if not _MORE.match(clause) or _RULED_OUT.search(clause) or service not in extract_service_types(clause):
            continue
        said = _first_phrase(clause, service)
        for item in phrase_items(said) if said and said != _NEXT_NAME else []:
            if ITEM_END.search(item) and len(_ANY_TEST.sub("", item)) >= 2:
                out.append(item)
    return out


# The norm a test is asked to ("按GB 4706.1", "依据IEC 60068-2-11", "testing to IEC 60335-1"): a number elsewhere in a
# long text (a standard the notice cites) names no test.
_NORM_BEFORE = re.compile(r"(按照?|依据|根据|参照|符合|\b(?:to|per|according to|against|under)\s*)$", re.I)


def _by_standard(text: str, service: ServiceType, phrase: str | None) -> str | None:
    """A test named by its standard's number: the number pasted as the whole answer ("GB/T 2423.17"), or the norm a
    test asks for with no test named ("按GB 4706.1做", "要按IEC 60335-1做测试": GB 4706.1, IEC 60335-1测试); the
    phrase as it is otherwise. Said by the category alone, the enterprise's own number was lost from the card."""
    if service != ServiceType.inspection_testing:
        return phrase
    number = next((n for n in STANDARD_NUMBER.finditer(text) if text.strip(" 。.") == n.group(0).strip()
                   or _NORM_BEFORE.search(text[:n.start()])), None)
    if number is None or (phrase and len(_ANY_TEST.sub("", phrase)) >= 2):
        return phrase
    said = re.sub(r"\s+", " ", number.group(0).strip())
    if not phrase:
        return said
    return f"{said} {phrase}" if phrase.isascii() else f"{said}{phrase}"


def _first_phrase(text: str, service: ServiceType) -> str | None:
    found: list[re.Match[str]] = []
    for rx in _CUES[service]:
        # each cue's first place, past a list line's label ("- Tests needed: 1.2 m drop test …" was said "Tests";
        # p116 of the eleventh probe titled "aluminium battery enclosure: Tests"): the words after it name the service
        for m in itertools.islice(rx.finditer(text), 4):
            if _LINE_START.search(text[:m.start()]) and _LABEL_AFTER.match(text[m.end():]):
                continue
            if m.group(0).strip() and not _WHY.search(m.group(0)):
                found.append(m)
            break
    # The leftmost cue, and of those starting there the longest: "失效分析", not the shorter cue "失效"; the next one
    # when it names no service ("按国标做台架性能检测": 台架性能检测, not 国标).
    for m in sorted(found, key=lambda x: (x.start(), -len(x.group(0)))):
        tail = _SUFFIX.match(text, m.end())
        if _TIME_OF.match(text, tail.end() if tail else m.end()):
            continue  # "在申请CQC认证之前先做一轮摸底测试": the work it is before, not the work asked for
        phrase = _phrase(text, m)
        if phrase != _NEXT:
            return _with_next_test(text, m, phrase, _CUES[service]) if phrase else phrase
    return None


# Several tests named together ("弯曲疲劳试验和盐雾试验", "a salt spray test and a static load test"): each is one of
# the need's items (intake.schemas.phrase_items), so one can be ruled out, or matched, alone. The joined Chinese was
# too long for one phrase (no words at all beside the category), the English kept the first test; ruling the other
# out ("No salt spray test needed", "不用做盐雾测试" of "振动测试和盐雾测试") then had no item to take it from (the
# fifth probe).
_ZH_JOINT = re.compile(ZH_LIST_JOINT)
_EN_JOINT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\band\s+|\bas well as\s+)(?:(?:a|an|the)\s+)?", re.I)


def _tests_named(phrase: str, longest: int) -> list[str] | None:
    """The tests a Chinese phrase joins (each ends in the word for the work and names more than it), else None."""
    items = [_trim(i) for i in _ZH_JOINT.split(phrase)]
    if len(items) < 2 or not all(ITEM_END.search(i) and 2 <= len(i) <= longest
                                 and len(ITEM_END.sub("", i)) >= 2 for i in items):
        return None
    return items


def _with_next_test(text: str, m: re.Match[str], phrase: str, cues: list[re.Pattern[str]]) -> str:
    """``phrase`` with the tests named right after it and joined to it ("a salt spray test and a static load test"),
    as the need's items; the phrase alone when it names one test."""
    if not phrase.isascii():
        return phrase
    items, start = [phrase], text.find(phrase, max(0, m.start() - 80))
    end = start + len(phrase) if start >= 0 else -1
    # (a named test before a generic one joins it: "salt spray and vibration testing" read "salt spray" alone, so
    # ruling the salt spray out left no test; the seventh probe)
    while end >= 0 and (ITEM_END.search(items[-1]) or len(items) == 1):
        # (past the test's report: "an EMC test report and a safety test report" read the EMC test alone)
        report = re.match(r"\s+reports?\b", text[end:], re.I)
        joint = _EN_JOINT.match(text, end + (report.end() if report else 0))
        if joint is None:
            break
        later = [n for rx in cues for n in [rx.search(text, joint.end())] if n is not None and n.group(0).strip()]
        nxt = min(later, key=lambda x: (x.start(), -len(x.group(0))), default=None)
        if nxt is None or re.search(r"[.;:!?，。；]", text[joint.end():nxt.start()]):
            break
        more = _phrase(text, nxt)
        if more and more != _NEXT and not text.startswith(more, joint.end()):
            # a test named by one word more than a phrase holds ("IP65 testing and a photobiological safety test"
            # read "IP65 testing" alone: "safety test" does not start at the joint; the sixth probe, p65)
            lead = re.match(r"([A-Za-z][A-Za-z-]*)[ \t]+", text[joint.end():])
            whole = text[joint.end():joint.end() + (len(lead.group(0)) + len(more) if lead else 0)]
            if lead and whole.endswith(more) and len(whole) <= ENGLISH_LONGEST + 8 and \
                    lead.group(1).casefold() not in _EN_NO_NAME:
                more = whole
        if not more or more == _NEXT or not ITEM_END.search(more) or not text.startswith(more, joint.end()) \
                or more in items:
            break
        items.append(more)
        end = joint.end() + len(more)
    return join_phrase_items(items)


_NEXT = "\0"  # the cue names no service: the next cue may
# A cue that only says when ("申请CQC认证之前", "认证以后"): the need's work is another (the words for the service read
# "CQC认证" and the title "交流充电桩CQC认证需求" of a pre-test; the fourteenth probe, p142).
_TIME_OF = re.compile(r"\s*(?:之前|以前|前|之后|以后)(?![\u4e00-\u9fff]{0,1}(?:检测|测试|试验))")


# A test asked for in a word ("镀层厚度也要测下", "帮我们测下硬度", "测一下密封性能"): named by what is to be tested, as
# a test ("镀层厚度测试"); the word alone named nothing, so "还有镀层厚度也要测下" was "这条消息里没有读到新的信息" (the
# sixth probe, p55).
# (or 测 with the thing right after it: "要测苏丹红"; the seventh probe)
_MEASURE_WORD = re.compile(r"测一?下$|(?:^|要|得|需要|帮我们|帮忙|想|给我们)\s*测个?$")
_MEASURED_BEFORE = re.compile(r"^([\u4e00-\u9fff]{2,8}?)(?:能否|可否|能不能|可不可以|请)?(?:帮忙|帮我们|帮)?"
                              r"(?:也|都|还|再)?(?:要|得|想|需要)?$")
_ASKING = re.compile(r"(能否|可否|能不能|可不可以|请|帮|麻烦|是否)")
_MEASURED_AFTER = re.compile(r"^([\u4e00-\u9fff]{2,8}?)(?=[，,。；;！!？?\s]|吧|啊|呢|$)")
# (and the marker of what is done to: "顺便把附着力也测一下" was "把附着力测试", and the title with it; probe26's p250)
_MEASURED_LEAD = re.compile(r"^(还有|另外|然后|同时|再|顺便|就是|帮我们|帮忙|给我们|我们的?|想|要|把|将)+")


def _measured(text: str, m: re.Match[str]) -> str | None:
    """The test a "测下" / "测一下" cue at ``m`` asks for, named by the thing to be tested, else None."""
    before = re.split(r"[，,。；;！!？?\s]", text[:m.start()])[-1]
    before = _MEASURED_LEAD.sub("", before)
    # a bare 测 names the thing after it ("辣椒酱要测苏丹红": 苏丹红)
    found = _MEASURED_BEFORE.search(before) if before and m.group(0).endswith("下") else None
    if not found:
        found = _MEASURED_AFTER.match(text[m.end():])
    thing = found.group(1) if found else None
    return f"{thing}测试" if thing and not (_NOT_A_NAME.search(thing) or _ASKING.search(thing)) else None


# A bare test word ("检测", "检测报告") after the words that name the test ("还要一份安全检测报告"): the test is named
# by them, as an English generic one is (":func:`_english_test`"); the cue alone said nothing of its own, so the test
# was lost (the fifteenth probe's left item).
_BARE_ZH_TEST = re.compile(r"(试验|测试|检测|检验)(?:报告)?")
_ZH_RUN_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,12}$")
_NAME_STARTS_AFTER = re.compile(r"(一份|一个|一次|一套|一项|一批|份|个|次|套|项|做|要|出具|出|进行|开展|需要|"
                                r"还|再|也|和|及|与|、|的|对|给|把|为|在)")
_COUNT_OR_ASK = re.compile(r"一份|一个|一次|一套|一项|一批|份|个|次|套|项|做|出具|出")
_NO_TEST_NAME = re.compile(r"^(我们|你们|他们|产品|这个|那个|这批|这些|那些|相关|常规|全套|全项|所有|第三方|专业|正规|"
                           r"权威|一些|样品|部分)")


def _named_before(text: str, start: int, work: str) -> str | None:
    """The test a bare test word ``work`` at ``start`` names by the words right before it: "一份安全检测报告" →
    安全检测; "细菌过滤效率和颗粒过滤效率的检测" → 细菌过滤效率检测、颗粒过滤效率检测 (what is tested, before 的)."""
    before = text[:start]
    if before.endswith("的"):
        run = re.search(r"[\u4e00-\u9fff]{2,24}$", before[:-1])
        if run is None:
            return None
        cuts = list(_NAME_STARTS_AFTER.finditer(run.group(0)))
        named = run.group(0)[cuts[-1].end():] if cuts and cuts[-1].group(0) not in ("和", "及", "与", "、") else \
            run.group(0)
        cut = list(re.finditer(r"(做|要|进行|开展|需要|对|给|把|为|在)", named))
        named = named[cut[-1].end():] if cut else named
        items = [i for i in re.split(ZH_LIST_JOINT, named) if i]
        if not items or not all(_names_a_test(i) for i in items):
            return None
        return join_phrase_items([i + work for i in items])
    run = _ZH_RUN_BEFORE.search(before)
    cuts = list(_NAME_STARTS_AFTER.finditer(run.group(0))) if run else []
    # (only after a count or the verb that asks for it, "一份安全", "做安全": after any other word the run is how or
    # by whom ("准确检测", "用于检测", "督促检验"), not which test)
    if run is None or not cuts or not _COUNT_OR_ASK.fullmatch(cuts[-1].group(0)):
        return None
    name = run.group(0)[cuts[-1].end():]
    return name + work if _names_a_test(name) and len(name) <= 6 else None


# Words that make a run a clause, not a thing tested ("能接受的检测费", "支持过国家密码局的检测么").
_CLAUSE_WORD = re.compile(r"(可以|可否|能否|要|想|需|了|接受|支持|使用|用于|让|被|把|将|我|你|他|它|们)")


def _names_a_test(name: str) -> bool:
    """Whether words before a test word name what is tested ("安全", "颗粒过滤效率"): not who or which, nor a place,
    nor a clause."""
    return 2 <= len(name) <= 8 and not (_NO_TEST_NAME.match(name) or _NOT_A_NAME.search(name)
                                        or _CLAUSE_WORD.search(name) or extract_region(name)[0].province)


_EN_ANALYSIS_AFTER = re.compile(r"\s+(?:analys[ie]s|investigations?|assessments?|evaluations?)\b", re.I)


def _phrase(text: str, m: re.Match[str]) -> str | None:
    if _MEASURE_WORD.search(m.group(0)):
        named = _measured(text, m)
        return _OF_OBJECT.sub("", named) if named else _NEXT
    # A cue may be the head of the enterprise's phrase ("失效" of "失效分析"): the service word after it belongs to it.
    tail = _SUFFIX.match(text[m.end():])
    phrase = _trim(m.group(0) + (tail.group(0) if tail else ""))
    # the report right after a test word that names no test ("需要一份检测报告"): the enterprise's words are the
    # report's, "检测报告", never "一份检测"
    report_after = text.startswith("报告", m.end() + (len(tail.group(0)) if tail else 0))
    bare = _BARE_ZH_TEST.fullmatch(phrase)
    if bare and text.find(phrase, m.start()) == m.start():
        named = _named_before(text, m.start(), bare.group(1))
        if named:
            return named
    if phrase[-1:].isascii() and phrase[-1:].isalpha():
        # an English cue is a word's stem ("calibrat"): the phrase runs to the end of the word ("calibrated", not the
        # title "torque sensors: calibrat")
        rest = re.match(r"[A-Za-z]*", text[m.end():])
        phrase += rest.group(0) if rest else ""
        end = m.end() + (len(rest.group(0)) if rest else 0)
        # the work's noun after a cue that names what it looks for ("root cause analysis" was the phrase "root
        # cause", and the title "smart door lock PCBs: root cause"; the eighteenth probe, p178)
        if (work := _EN_ANALYSIS_AFTER.match(text, end)) is not None \
                and not _EN_ANALYSIS_AFTER.match(" " + phrase.split()[-1]):
            phrase, end = phrase + work.group(0), work.end()
        phrase = _english_test(text, m.start(), end, phrase)
    if _PREPOSITION.match(phrase) or QUALIFICATION_ONLY.match(m.group(0)):
        return _NEXT
    for _ in range(6):
        phrase = _trim(_TAIL.sub("", _LEAD.sub("", _OBJECT.sub("", phrase))))
        if not _NOT_A_NAME.search(phrase):  # ("没有对应的标准" stays what cannot be done, not "标准")
            phrase = _OF_OBJECT.sub("", phrase)
    if _NOT_A_NAME.search(phrase) or QUALIFICATION_ONLY.match(phrase) or _PARTNER_ONLY.search(phrase):
        return _NEXT
    if report_after and re.fullmatch(r"试验|测试|检测|检验", phrase):
        phrase += "报告"
    if _BARE_VERB.fullmatch(phrase):
        return None
    # (a mark with its standard's number runs longer: "IEC 62109认证" was no phrase, and a need for it and "EMC测试"
    # had no words at all, so "EMC…不用" could not take EMC out; the sixth probe)
    longest = (_english_longest(phrase) if phrase.isascii()
               else LONGEST + 4 if _NUMBERED_MARK.search(phrase) else LONGEST)
    for typo, word in _TYPOS.items():
        phrase = phrase.replace(typo, word)
    # an application filed is named by what is filed ("file a PCT patent application": "PCT patent application"; the
    # title read "solid-state electrolytes: file a PCT patent", the sixth probe)
    phrase = re.sub(r"^(?:file|filing)\s+(?:an?\s+|the\s+|our\s+)?(.*\bpatent applications?)$", r"\1", phrase,
                    flags=re.I)
    # the patent named before the asking: "专利也想顺便申请" is said "专利申请"; substances to check, "check RoHS",
    # are "RoHS testing" (the sixth probe)
    phrase = re.sub(r"^专利[^，。；;、]{1,8}?(申请|申报)$", r"专利\1", phrase)
    # and the patent named after it: "申请个外观专利" is "外观专利申请" (it was said as typed; the fifteenth probe,
    # p146)
    phrase = re.sub(r"^(申请|申报)(?:一个|一项|一下|个|项)([^，。；;、]{0,6}专利)$", r"\2\1", phrase)
    phrase = re.sub(r"^(?:check|test|screen)(?:ing)?\s+(?:for\s+)?(RoHS|REACH|SVHC)$", r"\1 testing", phrase,
                    flags=re.I)
    # a participle names the work by its noun ("need our torque wrenches calibrated" was said "calibrated →
    # calibration and verification" and titled "torque wrenches: calibrated"; the fourteenth probe's left item)
    phrase = _PARTICIPLE_NOUN.get(phrase.casefold(), phrase)
    # ("improve the design" is the work's name as the titles say it, "design improvement"; the sixteenth probe)
    phrase = re.sub(r"^improve (?:the |our |its )design$", "design improvement", phrase, flags=re.I)
    tests = None if phrase.isascii() else _tests_named(phrase, longest)
    if tests:
        return join_phrase_items(tests)
    return phrase if 2 <= len(phrase) <= longest else None


# The work an English participle names, by its noun: what a title and the card say (":func:`_phrase`).
_PARTICIPLE_NOUN = {"calibrated": "calibration", "recalibrated": "recalibration", "verified": "verification",
                    "certified": "certification", "inspected": "inspection", "analysed": "analysis",
                    "analyzed": "analysis", "evaluated": "evaluation", "assessed": "assessment",
                    "measured": "measurement", "trained": "training", "developed": "development",
                    "redesigned": "redesign", "designed": "design", "optimised": "optimisation",
                    "optimized": "optimization", "improved": "improvement"}


# A cue that opens a line and ends in a colon a few words on is the line's label.
# (an item of a list: after a line break, or a list mark; not a text's own heading, "如何提高…：")
_LINE_START = re.compile(r"(?:\n[ \t]*(?:[-*•·]|\d{1,2}[.)、]|[（(]?\d{1,2}[）)])?|^\s*(?:[-*•·]|\d{1,2}[.)、]|"
                         r"[（(]?\d{1,2}[）)]))[ \t]*$")
_LABEL_AFTER = re.compile(r"^[A-Za-z\u4e00-\u9fff ]{0,12}[:：]")


# A typo the service-type cues read through is written right in the enterprise's words, which title the need on every
# role's pages ("三坐标测量机到期了要较准" was titled "三坐标测量机较准需求").
_TYPOS = {"较准": "校准", "测式": "测试"}  # (测式: "想做个盐雾测式", the nineteenth probe, p179)


# A test named in English by the words before a generic one ("vibration testing", "drop test", "UV ageing tests") or
# the word after a named one ("salt spray test"): the cue alone read "testing" and "salt spray", so a test added in
# the chat joined as "testing and salt spray" (issue 27).
_EN_GENERIC = re.compile(r"(?:tests?|testing|inspections?)(?:\s+reports?)?", re.I)
_REPORT = re.compile(r"\s+reports?$", re.I)
_EN_WORK_AFTER = re.compile(r"[ \t]+(tests?|testing|inspections?)\b", re.I)
_EN_WORDS_BEFORE = re.compile(r"(?:[A-Za-z][A-Za-z0-9-]*[ \t]+)+$")
# Words before a test's name that are no part of it: who asks, how, when, which one, and where.
_EN_NO_NAME_TEXT = (
    "we i you they it us our your their its my the a an this that these those some any all more other another "
    "further additional extra also please need needs needed want wants wanted require requires required would like "
    "looking look seek seeking find get do does did doing done have has had can could will shall should may might "
    "must to for of in on at by with from and or but as is are be been was were then still just only plus via per "
    "about than so such full complete independent routine regular relevant related necessary appropriate proper "
    "third-party lab laboratory new first second next final initial annual periodic conduct perform carry out "
    "arrange undergo pass passed run make provide offer official")
_EN_NO_NAME = frozenset(_EN_NO_NAME_TEXT.split())
ENGLISH_LONGEST = 24
# Two tests sharing their last word, the first of two words: "thermal cycling and vibration tests" (longer than a
# phrase may be, it was read "vibration tests" alone; the sixteenth probe, p158).
_TWO_TESTS = re.compile(r"^(?:[A-Za-z][\w-]* [A-Za-z][\w-]* and [A-Za-z][\w-]*|[A-Za-z][\w-]* and [A-Za-z][\w-]* "
                        r"[A-Za-z][\w-]*) (?:tests?|testing)$", re.I)
_EN_MARK = re.compile(r"[A-Z]{1,5}[0-9][0-9A-Z.-]*")
# A test named by two words before a generic one ("thermal resistance testing", "insulation resistance testing",
# "electromagnetic compatibility testing"): a name of its own, longer than a phrase may run; cut at 24 characters it
# lost its first word ("resistance testing"; the twenty-third probe, p222).
_TWO_WORD_TEST = re.compile(r"^[A-Za-z][\w-]* [A-Za-z][\w-]* (?:tests?|testing|inspections?)$", re.I)


def _english_longest(phrase: str) -> int:
    """How long an English phrase may run: two tests sharing their last word, or one test of two named words, longer
    than the rest."""
    return ENGLISH_LONGEST * 2 if _TWO_TESTS.match(phrase) else ENGLISH_LONGEST + 16 if _TWO_WORD_TEST.match(phrase) \
        else ENGLISH_LONGEST


def _english_test(text: str, start: int, end: int, phrase: str) -> str:
    """``phrase``, a cue found at ``start``–``end`` of ``text``, with the words that name its test: the (at most two)
    words before a generic one, or a generic one after a named one. A longer run of words before it holds the product
    as well ("battery pack vibration testing"): its last word names the test."""
    if _EN_GENERIC.fullmatch(phrase):
        before = _EN_WORDS_BEFORE.search(text[max(0, start - 80):start])
        run: list[str] = []
        words_before = before.group(0).split() if before else []
        for word in reversed(words_before):
            if word.casefold() in _EN_NO_NAME or len(word) == 1:  # (nor a unit: "1.2 m drop test" read "m drop test")
                break
            run.insert(0, word)
        # two things tested in one test ("an IP54 dust and water test" read "water test"; the seventh probe), a mark
        # before them kept
        both: list[str] = []
        rest = words_before[:len(words_before) - len(run)]
        # (or what is tested, two things before a test of two words: "lead and cadmium release testing" read "cadmium
        # release testing"; the sixteenth probe, p157)
        if len(run) in (1, 2) and len(rest) >= 2 and rest[-1].casefold() in ("and", "&") and \
                rest[-2].casefold() not in _EN_NO_NAME and (len(run) == 1 or not (
                    ITEM_END.search(rest[-2]) or extract_service_types(" ".join(rest[-3:-1])))):
            mark = rest[-3:-2] if len(run) == 1 and len(rest) >= 3 and _EN_MARK.fullmatch(rest[-3]) else []
            # (or a test of two words: "thermal cycling and vibration tests" read "vibration tests" alone; the
            # sixteenth probe, p158)
            if not mark and len(run) == 1 and len(rest) >= 3 and rest[-3].casefold() not in _EN_NO_NAME \
                    and len(rest[-3]) > 1 \
                    and rest[-3].isalpha() and not ITEM_END.search(rest[-2]) \
                    and not extract_service_types(" ".join(rest[-3:-1])):  # ("salt spray" joins as its own cue)
                mark = rest[-3:-2]
            both = [*mark, rest[-2], rest[-1], *run]
        # (the test, not its report: "a safety test report" is said "safety test"; "test report" read alone said
        # nothing of the test asked for, the fifteenth probe's p150)
        work = _REPORT.sub("", phrase) if run else phrase
        for words in (both, run if len(run) <= 2 else [], run[-1:]):
            named = " ".join([*words, work])
            if words and len(named) <= (_english_longest(named) if words is both or len(words) == 2
                                        else ENGLISH_LONGEST):
                return named
        return phrase
    after = _EN_WORK_AFTER.match(text[end:])
    return f"{phrase} {after.group(1)}" if after else phrase


def phrases_for(text: str, services: Iterable[ServiceType]) -> dict[ServiceType, str]:
    """The enterprise's phrase for each of ``services`` that the text names in so many words."""
    found = {s: phrase_of(text, s) for s in services}
    return {s: p for s, p in found.items() if p}
