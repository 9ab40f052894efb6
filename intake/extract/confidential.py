"""Confidentiality cues (need-fields.md §confidential; seed 000 §5.2.4)."""

from __future__ import annotations

import re

from intake.extract.budget import budget_withheld

_CUE = re.compile(
    r"(保密(?!柜|箱|机|锁|门|文件柜|室|U盘|盒|袋|包|本|卷柜|设备)|(?-i:(?<![A-Za-z])NDA(?![A-Za-z]))|non-disclosure|"
    r"confidential(?!ity cabinet)|不要公开|不公开|(?<![能可])(?:不能|不可以|不可|不得)公开(?![吗么?？])|"
    r"不希望公开|不便公开|不宜公开|(?:请勿|勿|不要|不得|不能)外传|"
    # what is secret named ("配方是核心 不能外泄": it asked for no secrecy; the eighteenth probe, p174)
    r"(?:请勿|勿|不要|不得|不能|不可|别|防止|避免)(?:外泄|外流|流出去|泄漏出去|泄密)|(?:不要|不能|不得|请勿|勿|别)对外(?:公开|发布|透露)?|"
    r"仅限内部|(?:不便|不希望|不愿|不能|不可|请勿|"
    r"不要)(?:透露|泄露|披露)|不愿公开|别公开|不对外|勿公开|匿名|涉密|"
    r"商业秘密|技术秘密|机密|do not (?:publish|disclose|post (?:it |this )?publicly)|"
    r"don'?t (?:publish|"
    r"disclose|post (?:it |this )?publicly)|not be (?:published|disclosed|made public)|out of (?:anything )?public|"
    r"keep (?:it |this |our [\w ]+ )?(?:secret|private|confidential)|anonym)",
    re.I,
)
# A cue said as its negation: "不需要签NDA", "不保密", "非保密", "not confidential", "non-confidential", "no NDA".
_NEGATED = re.compile(r"(不需要|不需|无需|无须|不用|不必|没有|无|不|非|\bnot|\bno|\bnon-?)\s*(签)?\s*$", re.I)
# Said outright that the need may be public: it clears a confidentiality set earlier (intake.dialogue).
NOT_CONFIDENTIAL = re.compile(r"(不用保密|不需要?保密|无[需须]保密|不必保密|(?<![要需])不保密|非保密|不涉密|"
                              r"(?<!不)可以公开|(?<![不可])能公开|信息可以公开|公开也没关系|不用签保密|"
                              r"\bno need to keep\b[^.]*\bconfidential\b|\bnot confidential\b|\bnon-?confidential\b|"
                              r"\bcan be (?:made )?public\b|\bno nda\b|\bdon't need an nda\b|"
                              # "it doesn't need to be confidential, you can publish it" was read as asking for
                              # secrecy (the fifth probe)
                              r"\b(?:doesn'?t|does not|don'?t|do not|needn'?t|need not|won'?t|will not)\s+"
                              r"(?:need to\s+|have to\s+)?(?:be\s+)?(?:kept\s+)?(?:confidential|secret|private)\b|"
                              r"\bno need for (?:confidentiality|secrecy|an nda)\b|"
                              r"\b(?:you )?(?:can|may) (?:publish|share) (?:it|this|the need)\b|"
                              # ("It's fine to make this need public." was "I found nothing new"; the fourteenth
                              # probe, p138)
                              r"(?<!not )(?<!n't )\b(?:fine|ok|okay|alright|happy|no problem) to (?:publish|"
                              r"make (?:it|this|the|our)?\s*(?:need|request|project|job)?\s*public)\b|"
                              r"\bcan (?:go|be posted) public(?:ly)?\b|"
                              # ("its fine to post this publicly" was read as nothing, and "oh" became the product;
                              # the twentieth probe, p198)
                              r"(?<!not )(?<!n't )\b(?:fine|ok|okay|alright|happy|no problem|(?<!not )(?:can|may)) "
                              r"(?:to )?(?:post|share|list|put) (?:it|this|the need|the request)?\s*"
                              r"(?:publicly|in public|online|openly)\b)",
                              re.I)


# The rest said to be fine to publish, beside a part that is not ("我们公司名字别公开 其他的无所谓", "the rest is
# fine").
_REST_PUBLIC = re.compile(r"((?:其他|其余|别的|其它)(?:的|内容|信息|部分|方面)?\s*(?:都|就|倒是?)?\s*"
                          r"(?:无所谓|没关系|没事|可以公开|能公开|随便|不用保密|不需要保密|公开也行|公开也没关系|都行|可以)|"
                          r"\b(?:the rest|everything else|anything else)(?: of it)? (?:is|can be|may be) "
                          r"(?:fine|ok|okay|public|published)\b)", re.I)


def says_not_confidential(text: str) -> bool:
    """Whether the text says outright that nothing needs to be kept secret."""
    return bool(NOT_CONFIDENTIAL.search(text))


def is_confidential(text: str) -> bool:
    """True when the text asks for secrecy; a product named 保密柜 is not a request, nor a cue within words that say
    the need may be public ("it doesn't need to be confidential": read as asking for secrecy, the fifth probe)."""
    spared = [m.span() for m in NOT_CONFIDENTIAL.finditer(text)]
    # (nor a wish not to be named, said with leave to publish the rest, "我们公司名字别公开 其他的无所谓": it asks that
    # the name be left out, not that the need be kept secret, and marked it confidential; the twentieth probe, p192.
    # Said alone, "别公开我们厂名" still asks for secrecy as well: the fourth probe, p35)
    if _REST_PUBLIC.search(text) or spared:
        spared += [m.span() for m in _ANONYMOUS.finditer(text)] + [m.span() for m in _CUSTOMER_UNNAMED.finditer(text)]
    for m in _CUE.finditer(text):
        if any(a <= m.start() < b for a, b in spared):
            continue
        before = text[max(0, m.start() - 6):m.start()]
        if _NEGATED.search(before):
            continue
        if budget_withheld(re.split(r"[，,。；;！!？?\n]", text[:m.start()])[-1] + m.group(0)):
            continue  # "预算暂时不能透露", "费用方面暂时保密" decline the budget; they ask no secrecy of the need
            # (the sixth probe; the rule is budget's)
        return True
    return False


_NAMED_SECRET = re.compile(r"(?:型号|代号|编号|牌号|料号|model|part (?:no|"
                           r"number)\.?)\s*[:：]?\s*([A-Za-z0-9][A-Za-z0-9\-_/.]{1,30})",
                           re.I)
_CODE = re.compile(r"\b[A-Z]{1,5}-?\d{2,6}[A-Z0-9\-]*\b")
_COMPANY = re.compile(r"([\u4e00-\u9fa5A-Za-z（）()]{2,30}?(?:有限公司|股份公司|集团|研究院|研究所|厂))")


# A wish not to be named, said apart from secrecy ("可以公开，但别写我们公司名", "it can be public but don't name our
# company"): the need may be published, without the enterprise's name (walking the chat, issue 27).
_NAME_WORDS = r"(名字|名称|公司名|企业名|厂名|单位名|名号)"
_ANONYMOUS = re.compile(
    r"((别|不要|不用|请勿|勿|不能|不可以|不可|不想|不希望|不愿意?|不便|不宜)\s*(写|提|写上|写出|提到|公开|透露|显示|暴露|署|"
    r"标注|注明|"
    r"出现|放|挂|带)(出|上|到)?[^，。；;,]{0,6}?" + _NAME_WORDS + r"|" + _NAME_WORDS
    + r"[^，。；;,]{0,6}?(别|不要|不用|请勿|勿|不能|不可以|不可|不便|不宜)\s*(写|提|公开|透露|显示|出现|对外)|"
    r"匿名发布|匿名公开|不署名|不具名|"
    r"\b(?:don'?t|do not|please don'?t|without|never)\s+(?:name|naming|mention(?:ing)?|show(?:ing)?|publish(?:ing)?|"
    r"us(?:e|ing)|includ(?:e|ing)|giv(?:e|ing))\s+(?:us|our (?:company|firm|name|company'?s? name|business)|the "
    r"(?:company|company'?s? name))\b|\banonymous(?:ly)?\b|\bkeep (?:our|the company'?s?) name (?:out|private|off)\b)",
    re.I)


# A wish that the enterprise's customer not be named ("客户的名字别写出来", "just please dont mention the customer's
# name anywhere"): the need stays public, and the companies named in what it wrote are never shown (the wish was not
# read, and "oh" became the product; the twentieth probe, p198).
_WHO_BUYS = r"(?:客户|终端客户|甲方|主机厂|品牌方|委托方)"
_CUSTOMER_UNNAMED = re.compile(
    r"((?:别|不要|不用|请勿|勿|不能|不可以|不可|不想|不希望|不便)\s*(?:写|提|写上|写出|提到|公开|透露|显示|暴露|出现|带)"
    r"(?:出|上|到)?[^，。；;,]{0,4}?" + _WHO_BUYS + r"(?:的)?(?:名字|名称|名|品牌|是谁)?|"
    + _WHO_BUYS + r"(?:的)?(?:名字|名称|品牌|是谁)[^，。；;,]{0,6}?(?:别|不要|不用|请勿|勿|不能|不可以|不可|不便)\s*"
    r"(?:写|提|公开|透露|显示|出现|对外)|"
    r"\b(?:don'?t|do not|please don'?t|never|without)\s+(?:name|naming|mention(?:ing)?|show(?:ing)?|publish(?:ing)?|"
    r"us(?:e|ing)|includ(?:e|ing)|giv(?:e|ing)|reveal(?:ing)?|disclos(?:e|ing))\s+(?:(?:the|our|my)\s+)?"
    r"(?:customer|client|oem)(?:'?s)?(?:\s+(?:name|brand|identity))?\b|"
    r"\bkeep (?:the|our|my) (?:customer|client)'?s? (?:name|identity|brand) (?:out|private|off|confidential|secret)\b)",
    re.I)


def customer_unnamed(text: str) -> bool:
    """Whether the text asks that the enterprise's customer not be named where the need is published."""
    return bool(_CUSTOMER_UNNAMED.search(text))


# Leave to name the enterprise, given later ("可以写公司名", "公司名可以公开", "you can use our name"): it undoes a
# wish not to be named. Not when the permission word is negated ("不可以写公司名", "公司名可以不写").
_MAY = r"(?<![不别没])(?:可以|能|允许|同意|没关系|无所谓)(?!\s*不)"
_OUR_NAME = r"(?:us|our (?:company|firm|name|company'?s? name|business)|the (?:company|company'?s? name))"
_ALLOWS_NAMING = re.compile(
    r"(" + _MAY + r"\s*(?:写|提|写上|写出|公开|透露|显示|署|标注|注明|出现|用|带|挂)(?:出|上|到)?[^，。；;,不别]{0,6}?"
    + _NAME_WORDS + r"|" + _NAME_WORDS + r"[^，。；;,不别]{0,6}?" + _MAY + r"|"
    r"(?<![不别])可以(?:署名|实名|具名)|(?:不用|不需要|不必|无需|无须)匿名|"
    r"\b(?:you|u)\s+(?:can|may|could)\s+(?:use|name|mention|show|publish|include|give|write)\s+" + _OUR_NAME + r"\b|"
    r"\bfeel free to (?:use|name|mention|show) " + _OUR_NAME + r"\b|"
    r"\b(?:it'?s|it is) (?:fine|ok|okay|alright) to (?:use|name|mention|show|publish|include) " + _OUR_NAME + r"\b|"
    r"\bno need to (?:stay|be|remain|keep (?:it|us)) anonymous\b|\bneedn'?t (?:stay|be|remain) anonymous\b)",
    re.I)


def allows_naming(text: str) -> bool:
    """Whether the text gives leave to name the enterprise where the need is published (after asking not to be)."""
    return bool(_ALLOWS_NAMING.search(text))


def without_naming(text: str) -> str:
    """The text less what gives leave to name the enterprise: "公司名可以公开" says nothing of the need's secrecy, and
    "no need to stay anonymous" asks for none."""
    return _ALLOWS_NAMING.sub(" ", text)


def wants_anonymity(text: str) -> bool:
    """Whether the text asks that the enterprise not be named where the need is published (not its customer:
    "客户的名字别写出来" is :func:`customer_unnamed`)."""
    return bool(_ANONYMOUS.search(_CUSTOMER_UNNAMED.sub(" ", text)))


def company_names(text: str) -> list[str]:
    """The names of companies written in the text ("苏州恒达精密有限公司"), read as :func:`redaction_candidates`
    reads them."""
    out: list[str] = []
    for m in _COMPANY.finditer(text):
        value = re.sub(r"^(我们是|我们|我司|本公司|公司|我是|是)", "", m.group(1).strip())
        if len(value) >= 2 and value not in out:
            out.append(value)
    return out


def redaction_candidates(text: str) -> list[str]:
    """Names, product codes and marked figures a confidential need must never publish."""
    out: list[str] = []
    for rx in (_COMPANY, _NAMED_SECRET):
        for m in rx.finditer(text):
            value = m.group(1).strip()
            value = re.sub(r"^(我们是|我们|我司|本公司|公司|我是|是)", "", value)
            if len(value) >= 2 and value not in out:
                out.append(value)
    for m in _CODE.finditer(text):
        if m.group(0) not in out and m.group(0) not in {"CMA", "CNAS", "NDA", "ISO", "GB", "MES", "SPC", "RMB", "CNY"}:
            out.append(m.group(0))
    return out


# A question back about publishing ("能公开吗", "这个需求能公开吗？", "需要保密吗？", "will this be published?") is
# no statement: it neither makes the need public nor asks for secrecy, nor gives or withdraws leave to name the
# enterprise. Read clause by clause: a clause is a question when it ends with a question mark or 吗/么/呢.
_CLAUSE = re.compile(r"[^，,。！!？?；;\n]+[，,。！!？?；;\n]*")
_QUESTION_END = re.compile(r"([？?]|(吗|么|呢)\s*[，,。！!；;\n]*)\s*$")
_ABOUT_PUBLISHING = re.compile(r"(公开|发布|保密|匿名|署名|公司名|企业名|泄露|外传|谁能看|谁可以看|"
                               r"\bpublic\b|\bpublish|\bconfidential|\bsecret|\bprivate\b|\bnda\b|\banonym|"
                               r"\bsee (?:it|this|our)\b|\bour name\b|\bcompany'?s? name\b)", re.I)


# A question back asked without its mark ("你们是检测机构还是中介" went unanswered where "…中介？" was answered; the
# twenty-first probe's leftovers): one that asks the platform which of two things it is or does ("你们是X还是Y",
# "你们平台是自己做检测还是帮忙找机构", "is this a lab or some kind of agency", "are you a lab or an agency"). Not a
# choice within the need ("分析下是镀层问题还是前处理问题", "还是按原来的"): it is asked of the platform.
_ASKS_UNMARKED = re.compile(
    r"^(?:(?:请问|那|所以|想问下?|问一下)\s*)?(?:你们|您们|你|您|贵平台|平台|这个平台|这里|这边)(?:这个|这边|平台)*"
    r"[^，,。；;]{0,6}?是[^，,。；;]{1,16}?还是[^，,。；;\s]{1,16}$|"
    r"^(?:(?:so|and|but|quick question(?: first)?)[\s,\-]*)?(?:is (?:this|it|this platform|the platform)|"
    r"are you(?: guys)?)\s+[^.;]{1,60}?\bor\b[^.;]{1,60}$", re.I)


def question_clauses(text: str) -> list[str]:
    """The clauses of ``text`` that are questions (ending with a question mark or 吗/么/呢, or asking the platform
    which of two things it is, marked or not)."""
    return [c for c in _CLAUSE.findall(text)
            if _QUESTION_END.search(c) or _ASKS_UNMARKED.match(c.strip(" ，,。！!；;\n"))]


def without_questions(text: str) -> str:
    """The text less its questions ("电机外壳要做盐雾试验，能公开吗" → "电机外壳要做盐雾试验，")."""
    asked = set(question_clauses(text))
    return "".join(c for c in _CLAUSE.findall(text) if c not in asked)


def asks_about_publishing(text: str) -> bool:
    """Whether the text asks what is published, or whether the need may or will be ("能公开吗")."""
    return any(_ABOUT_PUBLISHING.search(c) for c in question_clauses(text))
