"""Service types and industries from lexicons built on ../shared/DOMAIN.md (need-fields.md §service_types).

Each kb-v1 service type has cue patterns in Chinese and English (``intake/data/lexicon.yaml``). A cue preceded by
a negation or a statement of what
the enterprise already has (不需要, 已经做过, 我们是高新技术企业) is not a request.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from intake.extract.symptom import symptom
from kb.vocab import ServiceType

S = ServiceType
LEXICON_FILE = Path(__file__).resolve().parent.parent / "data" / "lexicon.yaml"


def _lexicon() -> dict[str, Any]:
    """The lexicon, each cue's ``<product_marks>`` in its patterns replaced by the one list of product marks (the
    lexicon's ``product_marks``, which the product reader reads too: :data:`PRODUCT_MARKS`)."""
    data: dict[str, Any] = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    marks = "(?:" + "|".join(re.escape(str(m)) for m in data["product_marks"]) + ")"
    for key in ("service_types", "firm_service_types"):
        data[key] = {k: [p.replace("<product_marks>", marks) for p in v] for k, v in data[key].items()}
    return data


LEXICON = _lexicon()
_DATA = LEXICON
# Certification marks a product carries to be sold in a market ("CE", "CCC", "SASO"): never the product.
PRODUCT_MARKS: tuple[str, ...] = tuple(str(m) for m in LEXICON["product_marks"])
_LEXICON: dict[ServiceType, list[str]] = {ServiceType(k): list(v) for k, v in _DATA["service_types"].items()}
_COMPILED: dict[ServiceType, re.Pattern[str]] = {
    st: re.compile("|".join(f"(?:{p})" for p in pats), re.I) for st, pats in _LEXICON.items()
}
_FIRM: dict[ServiceType, re.Pattern[str]] = {
    ServiceType(k): re.compile("|".join(f"(?:{p})" for p in pats), re.I)
    for k, pats in _DATA["firm_service_types"].items()
}
# A cue right after these words is not a request.
_NEGATED_BEFORE = re.compile(
    r"((?<![有])无|没有|不是|并非|而非|(?<![要])不|别|(我们|我司|公司|本公司|本厂)(是|为|属于)(一家|"
    r"一个)?[^，。；想需申要请希]{0,30}|(被|获|荣获)?(评为|认定为?|批准为?|授予)|(申请)?通过(了)?|"
    r"(我们|我司|公司|已经?)(有|拥有|持有)"
    r"[^，。；想需申要请帮做找]{0,10}|不需要|不用|无需|不必|不要|不做|不考虑|已经?做过|已经?(有|完成|通过|拿到|获得|成立|建成|设立|组建)|(成立|建成|设立|组建)了[^，。；;想需申要请希]{0,14}|"
    r"做过|之前|以前|去年|拥有|持有|获得了?|获评|已获|"
    r"我们是|我司是|公司是|本公司是|作为|已是|(?:fail(?:s|ed)?|pass(?:es|ed)?)\b[\w -]{0,25}|already|we have|we hold|"
    r"no need|don't need|do not need|not need|"
    r"without)\s*(了|过|的|一家|国家级|省级|市级|国家重点|国家|省)?\s*$",
    re.I,
)
NO_STANDARD = re.compile(r"((没有|无|缺少|缺乏)(现行|相关|适用|可用|对应|统一的?|国家|行业|现成的?)?的?(国家)?(标准|"
                         r"国标|检测标准)|"
                         r"无标可依|(检测|测试)方法[^，。]{0,4}不适用|no (?:existing |applicable |"
                         r"relevant )?standard|non-standard)",
                         re.I)
EXPLICIT_TEST = re.compile(r"(CMA|CNAS|检测报告|检验报告|测试报告|送检|型式试验|型式评价|检测服务|做检测|按照?(国标|"
                           r"GB|行标)|test report|"
                           r"type test)", re.I)
_ABOUT_PROCESS = re.compile(r"^[^，。；;]{0,2}的?(流程|程序|法规|政策|办理流程|申请流程|要求有哪些)")
# A test word that names a thing to build or a step of the enterprise's own production is not a request for a test
# (issue 13): "自动检测和准确检测的系统", "用于检测人体机能的仪器", "热失控检测及探测技术", "检测室组建" (the object
# follows; "能做…测试的实验室" is still a request: a lab is who does it), and "来料检验、出货检验", "在线/自动化缺陷
# 检测", "后道生产涂层检验时发现…" (the enterprise's own step).
_TEST_WORD = re.compile(r"(检测|检验|测试)$")
# (within its clause: a space between Chinese words ends one in a message typed without punctuation, "想给儿童吸管杯
# 做个检测 要能拿给电商平台看的报告" read a platform to build, and no test; the seventeenth probe, p163)
_BUILDS_AFTER = re.compile(r"^(室|[^，。；;、：:（(\s]{0,8}?(的|和|及|与|用)?[^，。；;：:\s]{0,6}?"
                           r"(系统|设备|装置|仪器|仪表|方法|技术|模块|平台|软件|传感器|探头|工装))")
# "检测方法需要开发", "测量装置需要定制开发": what is developed is a method or a measuring device (quality
# evaluation, metrology innovation), said before the verb.
_GENERIC_DEVELOP = re.compile(r"^(研发|研制|开发)$")
_MEASURING_OBJECT_BEFORE = re.compile(r"((检测|测试|分析|评价)方法|测量|标定|校准|计量)[^，。；;]{0,8}$")
# (not a time set by it: "有一批压力传感器出厂前需要检测" asks for a test before the goods leave, and read no service;
# the fifth probe of the chat)
_OWN_STEP_BEFORE = re.compile(r"(来料|进料|进货|入厂|出厂(?!前|之前|以前)|出货(?!前|之前|以前)|过程|工序|在线|实时|"
                              r"原位|自动化?|缺陷|后道|生产|涂层)"
                              r"[^，。；;]{0,2}$")
_INSTRUMENTS_BEFORE = re.compile(r"计量器具[^，。；;]{0,8}$")
# Utility meters "tested" or reviewed in a notice are verified (水表复核与检测, "Water Meter Review and Testing";
# issue 27): the test word right after the meter, not a type test named apart ("对水表进行型式评价试验").
_METER_BEFORE = re.compile(r"((水表|电能表|燃气表|热量表)(复核|校验|核查)?[与和及、]?|"
                           r"\b(water|gas|electric(ity)?|energy) meters?\b(?: (?:review|accuracy|verification))?"
                           r"(?: and| &)? ?)$", re.I)
# A question whether a thing must have a test or a certification is a question for information, not a request for the
# test (issue 27): "样机必须先取得CCC认证吗？", "How will the device be tested?" ("能做…测试吗" still asks for it).
_MUST_BEFORE = re.compile(r"(必须|是否|要不要|需不需要|需要|得)[^，。；;！!？?]{0,16}$")
_CAN_BEFORE = re.compile(r"(能|可以|可否|能否|有没有|帮)[^，。；;！!？?]{0,16}$")
_QUESTION_START = re.compile(r"^\s*(?:how (?:will|should|would|must|is|are)|what|which|must|should|is|are|"
                             r"does(?! your))\b", re.I)
# How sensitive, precise or well correlated a test method is: the tests are what is evaluated, not a test to run
# ("性能试验敏感性评价", "Sensitivity Evaluation of … Performance Tests", "precision updates for … tests"; issue 27).
TEST_METHOD_EVALUATION = re.compile(r"(试验(方法)?[^，。；;]{0,8}(敏感性|精密度|相关性)|\b(sensitivity evaluation|"
                                    r"precision updates?)\b)", re.I)
# Parts a one-stop request stands for (need-fields.md: infrastructure_collab, not also its parts).
COLLAB_PARTS = {S.inspection_testing, S.standards, S.calibration}


def _is_question_whether(text: str, m: re.Match[str]) -> bool:
    """Whether a test cue at ``m`` stands in a question whether it is needed: "…必须先取得CCC认证吗", or an English
    sentence that opens with how / what / must … and ends with a question mark."""
    clause = re.split(r"[，,。；;！!？?\n]", text[max(0, m.start() - 30):m.start()])[-1]
    if (re.match(r"^[^，。；;！!？?]{0,3}吗", text[m.end():]) and _MUST_BEFORE.search(clause)
            and not _CAN_BEFORE.search(clause)):
        return True
    start = max(text.rfind(c, 0, m.start()) for c in ".!?。！？\n:：") + 1
    ends = [i for i in (text.find(c, m.end()) for c in ".!?。！？\n") if i >= 0]
    end = min(ends) if ends else len(text)
    return (end < len(text) and text[end] in "?？" and bool(_QUESTION_START.match(text[start:m.start()]))
            and not re.search(r"\byou\b|你们|贵", text[start:end], re.I))  # "what testing do you offer" asks for it


# A mark held since a year is the enterprise's status, not a request: "about 600 staff, IATF 16949 certified since
# 2015" read quality-management consulting (the ninth probe, p97).
_HELD_SINCE_AFTER = re.compile(r"^[\s-]*(?:certified|certificated|registered|accredited)\s+(?:since|in)\s+"
                               r"(?:19|20)\d\d\b", re.I)
# What a thing to develop must hold out against is its target, not a test asked for: "develop a new coating process
# that holds up to 1,000 hours of salt spray" read a test beside the R&D (p97).
_TARGET_BEFORE = re.compile(r"\b(?:holds?|withstands?|survives?|lasts?|endures?|resists?)\s+"
                            r"(?:up\s+to\s+|at\s+least\s+|over\s+|more\s+than\s+)?[\d,]+\s*(?:hours?|hrs?|h|cycles)\s+(?:of\s+)?(?:neutral\s+)?$",
                            re.I)


# A test after which a problem showed was done already: "外壳在湿热试验以后出了问题，想找机构帮忙分析一下原因" asks why,
# and read a test beside the failure analysis (the ninth probe, p92).
_FOUND_AFTER = re.compile(r"^(?:以后|之后|后|过程中|中|时)[^，。；;]{0,3}(?:出现|出了|发现|暴露|就|开始|有了)")


# A test the product fails, or failed, was done already: "Our PCB assemblies keep failing the 1,000-cycle thermal
# shock test … We need someone to find the root cause." read a test beside the cause (the eleventh probe, p118); so
# did "送外面做了两次盐雾试验都没过".
_FAILED_BEFORE = re.compile(r"\b(?:fail(?:s|ed|ing)?|flunk(?:s|ed|ing)?|(?:did not|didn't|does not|doesn't|do not|"
                            r"don't|cannot|can't|could not|couldn't|never) pass)\s+(?:the|our|its|their|a|an)?\s*"
                            r"(?:[^\s.;!?。；，]*[^\s.;!?。；，,]\s+){0,4}$", re.I)
# (a test asked for again stays asked: "We failed the drop test; we need a retest")
_RETEST = re.compile(r"(\bre-?test|复测|复检|重新(?:测|检|做)|再(?:测|检|做)一次)", re.I)
# A test in which a symptom showed, said after the symptom in its sentence: "Our LED drivers crack after humidity
# testing", "the housings cracked during the vibration test", "our seals leaked in the pressure test" (a new user's
# trial, issue 27, probe25 p246): the test ran already, and the need is why. The symptom is one of
# :func:`intake.extract.symptom.symptom`'s (never one denied); a retest asked keeps the test.
_SHOWED_IN_EN = re.compile(r"\b(?:after|during|following|in|under|throughout|through)\s+(?:the|a|an|our|their|its|"
                           r"this|that|some)?\s*(?:[\w\-,]+\s+){0,3}$", re.I)
_FAILED_AFTER = re.compile(r"^[^，。；;,.]{0,8}(?:都|也|还是)?(?:没过|没有过|没通过|没有通过|未通过|没能通过|通不过|"
                           r"过不了)")


def _showed_in(text: str, m: re.Match[str]) -> bool:
    """Whether the test cue at ``m`` is where a symptom said before it in its sentence showed
    (:data:`_SHOWED_IN_EN`)."""
    before = re.split(r"[.;!?。；！？\n]", text[max(0, m.start() - 80):m.start()])[-1]
    where = _SHOWED_IN_EN.search(before)
    return where is not None and symptom(before[:where.start()]) is not None


def _is_request(text: str, st: ServiceType, m: re.Match[str]) -> bool:
    """Whether a cue of ``st`` matched at ``m`` asks for the service (not a question about it, a thing to build, the
    enterprise's own step, or something negated or already had)."""
    if st is not S.information and re.search(r"(哪些|哪几|(?<!为)什么(?!原因)|which|what)", m.group(0), re.I):
        return False  # asking which tests apply is a request for information; asking why it fails, or what
        # caused it ("搞清楚到底是什么原因"), is not
    if st is S.inspection_testing and _INSTRUMENTS_BEFORE.search(text[max(0, m.start() - 10):m.start()]):
        return False  # 计量器具检测服务: measuring instruments are verified or calibrated, not tested
    if st is S.inspection_testing and _METER_BEFORE.search(text[max(0, m.start() - 24):m.start()]):
        return False  # 水表复核与检测: a utility meter is verified, not tested
    if st is S.inspection_testing and _is_question_whether(text, m):
        return False
    if _HELD_SINCE_AFTER.match(text[m.end():m.end() + 40]):
        return False
    if st is S.inspection_testing and _TARGET_BEFORE.search(text[max(0, m.start() - 50):m.start()]):
        return False
    if st is S.inspection_testing and _FOUND_AFTER.match(text[m.end():m.end() + 12]):
        return False  # the test was done, and the problem showed after it
    if st is S.inspection_testing and (_FAILED_BEFORE.search(text[max(0, m.start() - 60):m.start()])
                                       or _FAILED_AFTER.match(text[m.end():m.end() + 16])) and not _RETEST.search(text):
        return False  # the test was done, and the product fails it
    if st is S.inspection_testing and _showed_in(text, m) and not _RETEST.search(text):
        return False  # the symptom showed in the test, which ran already
    if st is S.inspection_testing and _ABOUT_PROCESS.match(text[m.end():m.end() + 8]):
        return False  # 注册检验的流程和法规要求: a question about the procedure, not a test request
    if st is S.inspection_testing and _TEST_WORD.search(m.group(0)) and (
            _BUILDS_AFTER.match(text[m.end():m.end() + 16])
            or _OWN_STEP_BEFORE.search(text[max(0, m.start() - 6):m.start()])):
        return False  # a detection system to develop, or a step of the enterprise's own process
    if st is S.rnd and _GENERIC_DEVELOP.match(m.group(0)) and _MEASURING_OBJECT_BEFORE.search(
            text[max(0, m.start() - 12):m.start()]):
        return False
    before = re.split(r"[，,。；;！!？?\n]", text[max(0, m.start() - 30):m.start()])[-1]
    return not _NEGATED_BEFORE.search(before)


def _requested(text: str, compiled: dict[ServiceType, re.Pattern[str]]) -> set[ServiceType]:
    return {st for st, pattern in compiled.items() if any(_is_request(text, st, m) for m in pattern.finditer(text))}


# An English word run into the Chinese after or before it ("要做thermal cycling和vibration test两项") has no word
# boundary there, so the English cues (\btest\b) read nothing (the sixth probe, p61): a space is put between a
# lower-case letter and a Chinese character before the cues are read. (Not after a capital: "EMC测试", "IP65测试" are
# read by the Chinese cues as written.)
_RUN_TOGETHER = re.compile(r"(?<=[a-z])(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])(?=[a-z])")


def spaced(text: str) -> str:
    """``text`` with a space between a lower-case English letter and a Chinese character next to it."""
    return _RUN_TOGETHER.sub(" ", text)


# A mark that only says who may do the work (CNAS, CMA), beside a calibration: the calibration's accreditation, no
# test ("要求出具CNAS校准证书", "with CNAS-accredited certificates" added 检验检测; the sixth probe, p56 and p63).
_MARK_ONLY = re.compile(r"^(CNAS|CMA)$", re.I)


def _only_marks(text: str, st: ServiceType) -> bool:
    """Whether every cue of ``st`` that asks for it in ``text`` is a mark alone."""
    hits = [m for pattern in (_COMPILED.get(st), _FIRM.get(st)) if pattern is not None
            for m in pattern.finditer(text) if _is_request(text, st, m)]
    return bool(hits) and all(_MARK_ONLY.match(m.group(0).strip()) for m in hits)


# The kind of provider asked for, not the work: "想找检测机构出个失效分析报告" added 检验检测 beside the failure
# analysis asked for (issue 27, a new user's trial: "想找机构出个检测报告" and its kin). A test word right before an
# organisation's word names who is sought ("检测机构", "检验中心", "测试单位", "检测公司", "testing lab").
_PROVIDER_AFTER = re.compile(r"^\s*(机构|中心|单位|公司|机关|部门|站|所|院|服务商|labs?\b|laborator|institut|compan|"
                             r"agenc|bod(?:y|ies)\b|provider)", re.I)


def _only_providers(text: str, st: ServiceType) -> bool:
    """Whether every cue of ``st`` that asks for it in ``text`` names the kind of provider sought, not the work."""
    hits = [m for pattern in (_COMPILED.get(st), _FIRM.get(st)) if pattern is not None
            for m in pattern.finditer(text) if _is_request(text, st, m)]
    return bool(hits) and all(_PROVIDER_AFTER.match(text[m.end():m.end() + 14]) for m in hits)


def firm_service_types(text: str) -> list[ServiceType]:
    """The types the text asks for in so many words (``firm_service_types`` of the lexicon, and a named test wished
    for: :func:`wished_tests`), in enum order: the semantic head may add to the rules' reading and veto their doubtful
    hits, never these. Only types the rules' whole reading keeps (its one-stop and test-or-evaluation decisions apply
    to these too)."""
    text = spaced(text)
    found = (_requested(text, _FIRM) | wished_tests(text)) & set(extract_service_types(text))
    return [st for st in ServiceType if st in found]


# A named test wished for (issue 27, the eighteenth probe's left item: with e5 the head vetoed "想做个拉脱力检测",
# p173, and "想做下齿轮的硬度和金相检测", p165): a wish (想 / 要 / 需要 / 希望 / 请 / 帮忙 …, want / need / would
# like …) closely followed by doing (做 / 测 / 进行 …, do / run / get …) a test (…检测 / 测试 / 试验 / 检验, test /
# testing) or a failure analysis (quality evaluation). Not a thing to build or a method ("想做一套拉脱力检测设备"),
# nor 主要 / 只要 / 要求.
_CLAUSE_END_ZH = r"，,。；;：:！!？?\s"
_WISHED_TEST_ZH = re.compile(
    r"(?:想要|想|需要|(?<![主重只还])要(?!求|是)|希望|请(?!问)|帮忙|麻烦|打算|准备|计划)"
    rf"[^{_CLAUSE_END_ZH}]{{0,12}}?(?:做|测(?!量)|检|进行|开展|安排|搞|委托|弄)(?:个|一?下|一些|一次|一个|几项|几个|些)?"
    rf"[^{_CLAUSE_END_ZH}]{{0,14}}?(?:(?P<test>检测|测试|试验|检验|化验|实验)|(?P<analysis>(?:失效|故障|根因|原因)分析))"
    r"(?!方法|设备|仪|装置|工装|系统|标准|数据|能力|技术|手段|人员|室|中心|台|机)")
_WISHED_TEST_EN = re.compile(
    r"\b(?:want|wants|need|needs|would like|'d like|hope|hoping|looking|require|requires|please)\b"
    r"(?:\s+(?:to|for))?(?:\s+(?:do|run|get|have|perform|carry out|conduct|arrange|book|order))?"
    r"(?:\s+[\w/+-]+){0,5}?\s+(?:(?P<test>tests?|testing|inspection)|(?P<analysis>(?:failure|root[- ]cause) analysis))"
    r"\b(?!\s+(?:rigs?|benches|bench|equipment|methods?|fixtures?|machines?|systems?|set-?ups?|stations?|plans?|standards?))",
    re.I)
# … and not when negated just before ("不需要做检测", "we don't need more testing"), said of a test done in the same
# clause ("之前做过", "上次在别家", "we had … done … passed"), or in a question whether it is needed or was done
# ("需要做拉脱力检测吗？", "Do we need to run a salt spray test?"; one put to a provider, "你们能帮忙做个检测吗", asks);
# the rules' other checks (:func:`_is_request`) read from the clause's start, as a space between Chinese words ends
# one ("我们是潍坊做农机齿轮的 想做下…检测" is no status held).
_WISH_NEGATED_BEFORE = re.compile(r"(不|没|别|未|无|不是|并非|而非|\bno|\bnot|n't|\bdont|\bnever|\bwithout)\s*$",
                                  re.I)
_WISH_NEGATED_IN = re.compile(r"\b(?:not|no)\b", re.I)
_TEST_DONE_ZH = re.compile(r"(之前|以前|上次|上回|去年|前年|已经|已(?:做|测|检|送|完成|通过)|曾经?|做过|测过|检过|"
                           r"送过|做了|别家|其他机构|别的机构|通过了|没过|没通过)")
_TEST_DONE_EN = re.compile(r"\b(?:had|already|last (?:year|month|week|time)|previously|passed|did|failed)\b", re.I)
_QUESTION_WHETHER_ZH = re.compile(r"(吗|么(?!样)|要不要|需不需要|需要不需要|是否|用不用|有没有必要|[？?]\s*$)")
_TO_A_PROVIDER = re.compile(r"(你们|贵|您|\byou\b|\byour\b)", re.I)


def wished_tests(text: str) -> set[ServiceType]:
    """The tests (inspection and testing) and failure analyses (quality evaluation) the text wishes for by name."""
    found: set[ServiceType] = set()
    for pattern, ends in ((_WISHED_TEST_ZH, f"[{_CLAUSE_END_ZH}]"), (_WISHED_TEST_EN, r"[.;!?。；！？\n,，]")):
        for m in pattern.finditer(text):
            st = S.quality_evaluation if m.group("analysis") else S.inspection_testing
            starts = [x.end() for x in re.finditer(ends, text[:m.start()])]
            start = starts[-1] if starts else 0
            after = re.search(ends, text[m.end():])
            end = m.end() + after.start() if after else len(text)
            clause = text[start:end]
            mark = text[end:end + 1] if after else ""
            english = pattern is _WISHED_TEST_EN
            in_clause = pattern.match(text[start:], m.start() - start)
            if (in_clause is None or _WISH_NEGATED_BEFORE.search(text[start:m.start()])
                    or (english and _WISH_NEGATED_IN.search(m.group(0)))
                    or (_TEST_DONE_EN if english else _TEST_DONE_ZH).search(clause)
                    or ((_QUESTION_WHETHER_ZH.search(clause) or (mark != "" and mark in "?？"))
                        and not _TO_A_PROVIDER.search(clause))
                    or not _is_request(text[start:], st, in_clause)):
                continue
            found.add(st)
    return found


# CNAS认可 said of a report or of the lab that does the work ("报告需要CNAS认可", "出具CNAS认可的报告", "找CNAS认可的
#实验室") is a mark the work must carry (the qualification CNAS), not accreditation the enterprise applies for: "需要做
# 无线射频和电磁相容（EMC）测试，报告需要CNAS认可" read 资质与认定申报辅导 alone, the test dropped (the twelfth probe,
# p123). Its 认可 is taken off before the types and the marks are read; "我们实验室要申请CNAS认可" stays consulting.
_CNAS_MARK = re.compile(r"((?:报告|证书|标识|机构|实验室|第三方)"
                        r"(?:(?!申请|申报|办理|获得|通过|拿到|评审)[^，。；;,]){0,8}"
                        r"CNAS\s*)认可(?!申请|评审|辅导|咨询)|"
                        r"(CNAS\s*)认可(?=的?\s*(?:检测|检验|校准|测试)?(?:报告|证书|标识|机构|实验室|第三方))", re.I)


# (accreditation sought: "计划申请实验室CNAS认可", "想建设CNAS认可实验室" stay consulting)
_SEEKS_ACCREDITATION = re.compile(r"(申请|申报|建设|建立|筹建|组建|通过|获得|取得|成为|评审|办理)[^，。；;,]{0,12}$")


def _cnas_as_mark(text: str) -> str:
    def mark(m: re.Match[str]) -> str:
        if _SEEKS_ACCREDITATION.search(text[max(0, m.start() - 16):m.start()]):
            return m.group(0)
        return (m.group(1) or "") + (m.group(2) or "")
    return _CNAS_MARK.sub(mark, text)


def extract_service_types(text: str) -> list[ServiceType]:
    """The kb-v1 service types the text asks for, in enum order."""
    text = _cnas_as_mark(spaced(text))
    found = _requested(text, _COMPILED) | _requested(text, _FIRM)
    if S.infrastructure_collab in found:
        found -= COLLAB_PARTS
    if S.inspection_testing in found and S.quality_evaluation in found and NO_STANDARD.search(text):
        found.discard(S.inspection_testing)  # a test with no standard to test against is quality evaluation
    if S.inspection_testing in found and S.quality_evaluation in found and TEST_METHOD_EVALUATION.search(text) and (
            not EXPLICIT_TEST.search(text)):
        found.discard(S.inspection_testing)  # the tests are evaluated, not run
    if S.key_parameter_measurement in found and S.inspection_testing in found and not EXPLICIT_TEST.search(text):
        found.discard(S.inspection_testing)  # measuring what ordinary labs cannot is the request, not a routine test
    if S.metrology_innovation in found and not EXPLICIT_TEST.search(text):
        found.discard(S.inspection_testing)
    if S.qualification_consulting in found and S.inspection_testing in found and not re.search(
        r"(检测报告|送检|做检测|检测服务|出具.{0,4}报告|test report|testing)", text, re.I
    ):
        found.discard(S.inspection_testing)  # 申请CNAS认可 is lab accreditation, not a test
    if S.inspection_testing in found and len(found) > 1 and _only_marks(text, S.inspection_testing):
        # 要求出具CNAS校准证书: who may calibrate, not a test; "想找有CNAS资质的机构分析下原因": who may analyse (it
        # added 检验检测 beside the failure analysis asked for; the sixteenth probe, p154)
        found.discard(S.inspection_testing)
    if S.inspection_testing in found and len(found) > 1 and _only_providers(text, S.inspection_testing):
        found.discard(S.inspection_testing)  # "想找检测机构出个失效分析报告": who is sought, beside the work asked
    return [st for st in ServiceType if st in found]


_INDUSTRIES: list[tuple[str, str]] = [(item["name"], item["pattern"]) for item in _DATA["industries"]]
_INDUSTRY_RE = [(name, re.compile(p, re.I)) for name, p in _INDUSTRIES]


def extract_industries(text: str) -> list[str]:
    """Industries the text names, most specific first (the order of the table)."""
    hits = [(m.start(), name) for name, rx in _INDUSTRY_RE if (m := rx.search(text))]
    return [name for _, name in sorted(hits)]


_QUALS = [("CMA", r"CMA"), ("CNAS", r"CNAS(?!\s*(实验室)?认可)"), ("保密资质", r"保密资质|涉密资质|保密(资格|认证)")]
# ISO/IEC 17025 is the standard CNAS accredits testing and calibration labs to: "with ISO/IEC 17025 accredited
# certificates" asks for a CNAS-accredited lab (it read no mark; the seventeenth probe, p167). A lab that seeks it
# for itself ("我们实验室想申请ISO/IEC 17025认可") asks for no mark, as 申请CNAS认可 does not.
_LAB_STANDARD = re.compile(r"(?<![/A-Za-z])(?:ISO|IEC)\s*(?:/\s*IEC\s*)?17025", re.I)


def extract_qualifications(text: str) -> list[str]:
    text = _cnas_as_mark(text)
    names = [name for name, p in _QUALS if re.search(p, text, re.I)]
    lab = _LAB_STANDARD.search(text)
    if "CNAS" not in names and lab and not _SEEKS_ACCREDITATION.search(text[max(0, lab.start() - 16):lab.start()]):
        names = [n for n, _ in _QUALS if n in names or n == "CNAS"]
    return names


# ---- a mark wished for, not required (issue 27 / issue 28) ----
# "最好能有CMA，没有也行" was recorded as a required qualification, and matching left out every center without CMA.
# A mark said with a wish is a preference (``Need.preferred_qualifications``: matching ranks a holder first and leaves
# no one out, matcher.rules.preferred_qualifications); a mark said as a must stays required.
# Wish words, in the clause that names the mark (or said alone just before it: "最好，报告有CMA"). Not 希望: it is
# how a Chinese need says what it wants, a must as often as not ("希望出具CMA报告").
WISH = re.compile(r"(最好|倾向|优先|尽量|尽可能|如果可以|可以的话|如果能|(?:有|具备)(?:的话)?(?:就|会)?更好|"
                  r"\bprefer\w*|\bideally\b|\bif possible\b|\bwhere possible\b|\bnice to have\b|\bwould be nice\b|"
                  r"\bwould be (?:a )?(?:plus|bonus|great|good)\b|\ba plus\b|\bif available\b)", re.I)
_WISH_ALONE = re.compile(rf"\s*(?:{WISH.pattern})(?:能|是|有|的话|吧|呢|啊)?\s*", re.I)
# Words that say a mark is not a must, in its clause or in a clause of their own after it ("没有也行").
OPTIONAL = re.compile(r"(没有?(?:的话)?(?:也|都)(?:行|可以|没关系|没事|不要紧|ok|OK)|不强求|不是必须|非必须|不必须|"
                      r"不一定(?:要|非要|需要)?|可有可无|不硬性|不作硬性要求|加分项?|"
                      r"\bnot (?:a )?must\b|\bnot (?:strictly )?(?:required|mandatory|essential|necessary)\b|"
                      r"\bnot a (?:hard )?requirement\b|\boptional\b|\bnice to have\b|\bnot necessarily\b|"
                      r"\b(?:doesn'?t|does not|don'?t|do not) have to\b|\bneed not\b)", re.I)
# Words that make a mark a must whatever else the clause says ("必须有CMA", "报告要带CMA章", "must be CNAS accredited").
MUST = re.compile(r"((?<!不)(?<!非)(?:必须|必需)|务必|(?<!不)一定(?:要|得)|非要|非得|强制|硬性要求|(?<!不)要求|"
                  r"\bmust\b|\bmandatory\b|(?<!not )\brequired\b|\brequires?\b|\bhave to\b|\bhas to\b)", re.I)
_MARK_CLAUSES = re.compile(r"[，。；;！!？?\n]+|(?<!\d),|,(?!\d)|(?<=[a-z])\.\s+|\s+but\s+|但是|但|不过", re.I)


def _said_as_wish(clause: str, before: str, after: str) -> bool:
    """Whether a clause naming a mark wishes for it: a wish word in it (or alone in the clause before it), or words
    that it is not a must in it or just after it; never when it says the mark is a must."""
    if MUST.search(OPTIONAL.sub(" ", clause)):
        return False
    return bool(WISH.search(clause) or _WISH_ALONE.fullmatch(before) or OPTIONAL.search(clause)
                or (OPTIONAL.search(after) and not extract_qualifications(after)))


def split_qualifications(text: str) -> tuple[list[str], list[str]]:
    """The marks a text names, as (required, wished): a mark named only in clauses that wish for it
    (:func:`_said_as_wish`) is wished; a mark named as a must anywhere is required, as is one named plainly
    ("需要CNAS资质")."""
    marks = extract_qualifications(text)
    if not marks:
        return [], []
    parts = [p.strip() for p in _MARK_CLAUSES.split(text) if p and p.strip()]
    wished: list[str] = []
    required: list[str] = []
    for i, clause in enumerate(parts):
        found = extract_qualifications(clause)
        if not found:
            continue
        soft = _said_as_wish(clause, parts[i - 1] if i else "", parts[i + 1] if i + 1 < len(parts) else "")
        (wished if soft else required).extend(found)
    wished_only = [q for q in marks if q in wished and q not in required]
    return [q for q in marks if q not in wished_only], wished_only
