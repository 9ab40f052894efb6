"""The intake chat as a dialogue: each message is read against the question it answers and the draft so far.

Before (issue 27), each message was read alone and laid over the draft: an answer could not be told from a
correction, nor a request from a passing mention, so corrections were refused ("这条消息里没有读到新的信息"), a
mention of an old test became the need's service type, and a sentence about the budget, given when the product was
asked, became the product and the title.

Now the dialogue keeps its state (:class:`DialogueState`): the field just asked and how often, the fields the
enterprise set or corrected itself, those it declined or left unanswered twice, the service types and
qualifications it ruled out, and its own phrase for each service type. A message is read clause by clause, and each
clause is one of:

- a **correction** (不对 / 不是…是… / 改成 / 应该是 / actually / not … but …): it changes only the fields it names;
- a **passing mention** of past or own work (上次送检是在别家做的 / 我们有自己的实验室 / we already hold patents):
  it adds no service type and moves no field;
- a **negation** (这次不考虑认证 / 不需要CMA报告 / no need for …): it removes the type or qualification it names,
  and keeps it removed;
- an **answer** to the asked field, a **refusal** of it (面议 / 不方便说), or **new information**;
- or the message is a **question back** (你们能推荐哪家？), answered before the pending question is asked again.

A value the enterprise set or corrected is never overwritten by a later reading unless it says so again: a
correction or an answer to that field's question. A service type is added after the opener only when a clause asks
for it (想/需要/还要… or an answer to the service question), so types no longer grow with every message. An answer
that holds another field's value lands in that field, never in the product (or the title built from it), and the
asked question is asked once more; unanswered twice, the chat moves on and lists it as not given.

Pure functions: no database, no model, no network (the reader that reads a text is handed in).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel, Field

from intake.content import substantive_words
from intake.extract import clean_text
from intake.extract.budget import budget_declined, extract_budget, respoken
from intake.extract.confidential import (
    allows_naming,
    asks_about_publishing,
    company_names,
    customer_unnamed,
    is_confidential,
    question_clauses,
    redaction_candidates,
    says_not_confidential,
    wants_anonymity,
    without_naming,
    without_questions,
)
from intake.extract.deadline import deadline_asap, deadline_declined, event_deadline, extract_deadline, passed_deadline
from intake.extract.industry import read_industries
from intake.extract.language import detect_language
from intake.extract.numbers import STANDARD_NUMBER
from intake.extract.phrases import phrase_of, phrases_for
from intake.extract.product import MODEL_CODE, extract_product, names_a_thing
from intake.extract.region import extract_region, find_places, region_declined, widened_region, widens_region
from intake.extract.service_types import (
    COLLAB_PARTS,
    OPTIONAL,
    extract_qualifications,
    extract_service_types,
    split_qualifications,
)
from intake.extract.tagger import pos_tagger, tokenizer
from intake.schemas import (
    ASKABLE_FIELDS,
    ITEM_END,
    Budget,
    Need,
    Region,
    join_phrase_items,
    phrase_items,
    shared_end,
)
from kb.vocab import ServiceType

# Reads one text into a need (the entry point's reader: rules and the semantic head; ``intake.reader``).
TextReader = Callable[[str], Need]

# ---- the cues ----

# Clauses end at Chinese punctuation, and at a Latin comma or full stop that is not inside a number ("RMB 200,000").
# (a space between two Chinese characters is a clause's end to one typing without punctuation: "刚才说错了 不是刹车盘
# 是刹车卡钳" was one clause, and the product became "刚才说错了  刹车卡钳"; the sixth probe)
# (a sentence that ends on a figure ends too: "IATF 16949 certified since 2015. We'd like a university …" was said back
# as one wish; the ninth probe, p97)
_CLAUSES = re.compile(r"[，。；;！!？?\n]+|(?<!\d),|,(?!\d)|(?<=[a-z])\.\s+|(?<=\d)\.\s+(?=(?-i:[A-Z]))|\s+-\s+|"
                      r":\s+(?=[a-z])|"
                      # "the flosser was already tested last month so just the toothbrush this time": what is kept
                      # is a clause of its own (it made the flosser the product; the eighteenth probe, p176)
                      r"\s+(?:so|but|and)\s+(?=(?:just|only)\s)|"
                      r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", re.I)
CORRECTION = re.compile(
    r"(不对|不是|并不是|并非|改成|改为|改到|换成|更正|纠正|应该是|其实是|其实|而是|准确(地|的)?说|我说的是|我要的是|"
    r"我想要的是|我问的是|我们要的是|我们需要的是|搞错|弄错|写错|说错|看错|有误|写岔|说岔|打错|记错|"
    # a mind changed back ("算了，还是在东莞吧": the region stayed 深圳, read as nothing new; the fourth probe)
    r"算了[，,、\s]*还是|^\s*还是(?:按|用|定|改回|放|在)|改回|换回|按原来|"
    # ... or changed ("要不还是做失效分析吧" of a test added the analysis; the twentieth probe, p193)
    r"^\s*(?:要不(?:然)?|那|那就)\s*还是(?:改做|做|换成|换)|\bon second thought\b|\bafter all\b|"
    r"\bgo back to\b|\bswitch back\b|\bmake (?:it|that)\b(?=\s*(?:rmb|cny|¥|\d))|"
    r"\bactually\b|\binstead\b|\bi meant\b|\bi asked for\b|\bwe asked for\b|\bcorrection\b|\brather than\b|"
    r"\bchange (?:it |that |the \w+ )?to\b|\bshould be\b|\bnot\b[^,.;]{1,40}\bbut\b|\bwrong\b|\bmistake\b|"
    r"^\s*no\s*[,.!]|\b(?:is|are)\b[^,.;]{1,40},\s*not\b|"
    # "Sorry, it is XR-46." of a need for XR-45 was "I could not tell what to correct" (the tenth probe's variants)
    r"^\s*sorry\s*[,.!]\s*(?=(?:it'?s|it is|they'?re|they are|that'?s|i meant|the|our)\b)|"
    r"\b(?:it'?s|they'?re|it is|they are|that'?s) not\b[^.;]{1,40}[,;]\s*(?:it'?s|they'?re|it is|they are)\b)", re.I)
# "不是…是…" names what was wrong; the part after these words is what is right.
_PIVOT = re.compile(r"(而是|应该是|其实是|改成|改为|改到|换成|我要的是|我想要的是|我们要的是|我们需要的是|其实|就是|是|"
                    r"\binstead\b|\bbut\b|\bi meant\b|\bi asked for\b|\bwe asked for\b|\bshould be\b|"
                    r"\bchange (?:it |that )?to\b|\bactually\b)", re.I)
_WRONG_PART = re.compile(r"(不是|并不是|并非|不要|\bnot\b|\brather than\b)", re.I)
# Past or own work, said in passing: no request is made by it. 之前/以前 only open a clause (月底之前 is a deadline).
MENTION = re.compile(
    r"((^|\s)(之前|以前|此前|先前|早先|原来)|上次|上回|上一次|前几年|去年|前年|曾经|曾在|曾做|曾送|过去|"
    r"(已经|早就|已)(做过|做了|送检|检测过|测过|申请过|申报过|拿到|获得|通过|取得|有了)|做过|送检过|检测过|测过|"
    r"申请过|申报过|通过了|拿到了|获得了|(手上|手里|手头)(有|握有)|(都|自己|我们|我们自己)(能|可以|就能|会)(做|测)|"
    r"(能做|可以做|都能做|会做|自己做|自己测)\s*$|"
    # what the enterprise can do itself, said after its lab ("我们有自己的实验室，能做常规检测，这次想做失效分析" read a
    # test beside the failure analysis, and the title "我们有自己的实验室"; the seventh probe), not asked as a question
    r"^\s*(?:也|都|自己|我们|我们自己)?(?:能|可以|会)(?:做|测)(?![^，。；]*(?:吗|么|嘛|不)\s*$)|"
    r"母公司|总公司|总部|集团公司|\bhead office\b|\bheadquarters\b|"
    r"\bparent company\b|"
    # the enterprise's own routine work ("平时自己做来料检测" added 检验检测 to a calibration and made 来料 the product;
    # the sixteenth probe, p155)
    r"(平时|平常|日常|一般|通常)(都|也|会)?(是)?(我们)?(自己)?(在)?(做|测|检)|(我们)?自己(平时|日常)?(在)?(做|测)[^，。；]{0,8}"
    r"(检测|检验|测试|试验)|"
    # a service that may be wanted some day, not now ("Also we might need CE certification later, not now." added
    # it; the sixth probe)
    r"\b(?:might|may|could)\b[^.;!?]{0,40}\blater\b|(以后|将来|后面)[^，。；]{0,4}(可能|也许|或许)|"
    r"(我们|我司|公司|厂里|本厂)(自己)?(有|拥有|建有|配有)(自己的)?[^，。；]{0,8}(实验室|检测室|设备|仪器|检测能力|"
    # (what the enterprise has that needs the work is its request: "我们有一批医疗设备需要做计量校准" was a mention,
    # and the calibration was never read; the seventh probe)
    r"团队|专利|资质|证书|体系)(?![^，。；]{0,12}(需要|需|要|想|得|待|到期))|自有实验室|自己的实验室|"
    r"\b(previously|last (time|year|month)|in the past|earlier this year|used to|\w+ (years?|months?) ago|"
    r"we can do [\w -]+ ourselves|in-house|already (have|hold|did|done|"
    r"passed|got|own)|we (have|hold|own) (our own|\w+ (patents?|certificates?|labs?)))\b|\bour own lab\b)", re.I)
NEGATION = re.compile(
    r"(不需要|不用|无需|不必|不要|不做|不考虑|暂不考虑|先不考虑|先不|暂时不|不打算|不想|免了|以后再说|之后再说|再说吧|"
    r"就不|不包括|不含|去掉|不在考虑|"
    r"\bno need\b|\bdon'?t need\b|\bdo not need\b|\bnot needed\b|\bwon'?t need\b|\bnot necessary\b|\bskip\b|"
    # "No salt spray test needed" (the English of 不用做盐雾测试: it was "I could not tell what to correct"; only the
    # "no" is the cue, so what it rules out is still read), "… is not required"
    r"\bno\b(?=[^,.;!?]{1,40}\b(?:needed|required|necessary)\b)|\bnot required\b|"
    # ("drop testing" is a test: "We also need drop testing." read as dropping the testing; so is "drop and vibration
    # testing", which ruled the testing out, and the need had no service: the seventh probe)
    r"\bdrop\b(?![\s-]*(?:(?:,|and|&|/|or)?\s*(?!(?:the|it|that|this|these|those|a|an|our|any|all|them|everything)\b)"
    r"[\w-]+\s*){0,4}(?:tests?|testing)\b)|\bleave out\b|\bnot interested\b|\bnot looking for\b|\bwithout\b|"
    r"\bno longer\b|\bforget\b|\bnot now\b|"
    r"\bnever mind\b)", re.I)
REQUEST = re.compile(
    r"(想|需要|要|希望|请|帮|麻烦|找|做|申请|申报|办|另外|还|也|同时|顺便|加上|再|一并|以及|"
    r"\bneed\b|\bwant\b|\bwould like\b|\blooking for\b|\brequire|\balso\b|\bas well\b|\bplus\b|"
    r"\badditionally\b|\bhelp\b|\bplease\b|\bcan you\b|\bcould you\b|"
    # what is left after ruling one out ("…do not need the salt spray test anymore, only a vibration test": the
    # vibration test was not added, and the need was left with no service; the sixth probe)
    r"\bonly\b|\bjust\b|只要|只做|只需|仅需)", re.I)
REFUSAL = re.compile(
    r"^(.{0,12}(面议|不方便(说|透露|讲|告诉)|不便(透露|说|告知)|不(能|好|想)(透露|告知)|暂不(确定|清楚|透露|方便)|"
    r"还没(定|确定|想好)|没有具体的?(时间|预算|要求|地点|安排)|说不好|不好说|待定|可以谈|能谈|好商量|看情况再说|以后再定)"
    r"|.{0,20}\b(prefer not|rather not|negotiable|to be discussed|discuss (it |.{1,30} )?later|not sure|don't know|"
    r"do not know|tbd|no idea|not decided|haven't decided|no fixed|can't say|cannot say|"
    # "I can't share the budget yet." was "I found nothing new in that message." (the sixth probe, p66)
    r"(?:can'?t|cannot|can not|won'?t|(?:not |un)able to) (?:share|disclose|reveal|tell|give))\b)", re.I)
# A bare word that declines whatever was asked, when it is (nearly) the whole message.
BARE_REFUSAL = re.compile(r"^\s*(不知道|不清楚|不确定|没有|暂无|无|都行|随便|无所谓|跳过|再说|待定|不限|没想好|"
                          r"skip|n/?a|none|no idea|not sure|whatever|any)\s*[。.!！吧啊呢]*\s*$", re.I)
# Where the enterprise says it (or the provider it looks for) is: a later place read with these words changes a
# region the enterprise gave before; a place named otherwise (a customer, a past test) does not.
# Where the enterprise has moved to is where it is now, though said with a past time ("we moved to Wenzhou last
# month", "去年搬到了嘉兴"): not a mention of past work.
_MOVED = re.compile(r"(搬到|搬去|迁到|迁往|迁至|搬迁到|\b(moved|relocated) to\b)", re.I)
_REGION_CUE = re.compile(r"(我们在|我司在|公司在|工厂在|厂在|厂子在|企业在|位于|地址|地点|地区|本地|就近|当地|"
                         r"在[^，。]{1,8}找|"
                         r"\bwe(?:'re| are) (in|based)\b|\bbased in\b|\blocated in\b|"
                         r"\bour (plant|factory|site|company) is\b|"
                         r"\blocal\b|" + _MOVED.pattern + ")", re.I)
# A bare amount of money ("五千以内", "两万左右", "3w", "8000块"): a budget whatever was asked.
BARE_AMOUNT = re.compile(r"^\s*(大概|大约|约|差不多|最多|不超过|控制在|预算)?\s*[\d零〇一二两三四五六七八九十百千万.,]*"
                         r"[\d一二两三四五六七八九十]\s*(万|千|块钱?|元|k|w)\s*(元|块钱?)?\s*"
                         r"(以内|以下|之内|左右|上下|以上|封顶|吧|的样子)*\s*[吧啊呀。.!！]*\s*$", re.I)
# A figure written as an amount of money without its unit: thousands grouped or "k" ("15,000", "15k"), not a count
# of things.
MONEY_FIGURE = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s*k\b)(?!\s*(?:pcs|pieces|samples|units|"
                          r"batches|sets|items|hours|days|weeks|km|kg)\b)", re.I)
# A message that is only a courtesy ("好的，谢谢", "Thanks!", "ok"): nothing to read in it, and said back as a person
# would (it was answered "这条消息里没有读到新的信息" / "I found nothing new in that message"; the fourth probe).
# A closing that says the enterprise has said what it had to ("Thanks, that's all for now." was answered "I found
# nothing new in that message"; the fifth probe).
_CLOSING = (r"(?:(?:暂时|目前|先)?就(?:这些|这样|这么多)了?|(?:暂时|目前)?没有(?:别的|其他的?)了|先这样|"
            r"that'?s (?:all|it|everything)(?: for now)?|nothing else(?: for now)?|that will be all)")
_THANKS = (r"(?:谢谢(?:你们?|您)?|多谢|感谢(?:你们?|您)?|辛苦(?:了|啦)?|麻烦(?:你们?|您)了|"
           r"thanks?(?: you)?(?: so much| a lot)?|thx|many thanks|cheers|appreciate it)")
_OK = r"(?:好的?|好嘞|好哒|行|可以|嗯+|哦+|明白了?|知道了|收到|了解|ok(?:ay)?|sure|fine|great|got it|noted|alright|" \
      + _CLOSING + ")"
COURTESY = re.compile(rf"^\s*(?:(?:{_THANKS}|{_OK})[，,、。.!！~～\s吧啦呀啊哈]*)+$", re.I)
THANKS = re.compile(_THANKS, re.I)


def courtesy_of(body: str) -> str | None:
    """"thanks" or "ok" when the whole message is a courtesy, else None."""
    if not COURTESY.match(body):
        return None
    return "thanks" if THANKS.search(body) else "ok"


# A sound a message may open with before what it says ("哦不对", "嗯，不是…").
_OPENING_SOUND = re.compile(r"^\s*(哦|噢|喔|啊|呃|嗯|额|哎|诶|(?:oh|oops|hmm|um)\b)[，,、。.!！\s]*", re.I)
# A clause that is only a sound or an apology ("oh sorry", "sorry about that", "哦不好意思"): it says nothing of the
# need.
ONLY_APOLOGY = re.compile(r"^\s*(?:(?:oh|ah|oops|hmm|um|uh|well|sorry(?:\s+about\s+that)?|my\s+bad|apologies|"
                          r"哦|噢|喔|啊|呃|嗯|额|哎|诶|不好意思|抱歉|对不起|sorry啊)[\s,，、.。!！~～]*)+$", re.I)
# A message that opens as a correction does, whatever it corrects.
OPENS_AS_CORRECTION = re.compile(r"^\s*(不对|不是|并不是|错了|搞错了|说错了|弄错了|更正|纠正|应该是|其实是|"
                                 r"(no|not|actually|wrong|correction|sorry)\b)", re.I)
QUESTION_WORDS = re.compile(r"(吗|呢|多久|多长时间|哪家|哪些|哪个|怎么|如何|能不能|可不可以|可以吗|是否|什么时候|"
                            r"几天|多少|\bhow\b|\bwhat\b|\bwhich\b|\bwhen\b|\bcan you\b|\bcould you\b|\bwill you\b|"
                            r"\bdo you\b|\bis it\b)", re.I)
_NOT_LOCAL = re.compile(r"(不一定(非要|要)?本地|不限本地|外地也(行|可以)|不必本地|\bneed not be local\b|"
                        # (a provider elsewhere allowed: "在常州武进，外地机构也可以", "本地外地都可以"; a new user on
                        # the chat page, issue 27, 2026-11-29)
                        r"(外地|异地|外省|省外|外市)的?(机构|单位|实验室|厂家|第三方)?(也|都)(行|可以|没问题|可)|"
                        r"(本地|当地)(和|或)?(外地|异地)都(行|可以|没问题)|"
                        r"\bdoesn't have to be local\b|\bdoes not have to be local\b)", re.I)
# What a short answer to "which product?" starts and ends with, that is not part of the product's name.
_PRODUCT_LEAD = re.compile(r"^(是|就是|主要是|产品是|我们的?|我们做的是|我们生产的?是?|涉及的?是?|其实是|应该是|而是|"
                           r"(?:it'?s|it is|they'?re|they are|these are|those are|our|the|a|an|some|about)\s+)\s*",
                           re.I)
_COUNT_LEAD = re.compile(r"^([几一两二三四五六七八九十数多某\d]+|这|那|这些|那些)\s*(台|批|个|款|种|套|件|些|只|根|块)")
# (and the thing pointed at after its name: "型号是XK-200的那款" answering the product question made the product
# "XK-200那款"; the twenty-first probe, p203)
_PRODUCT_TAIL = re.compile(r"(吧|啊|呀|嘛|呢|哦|的|这个产品|这款产品|产品|这块|这方面|方面|"
                           r"的?(?:那|这)一?(?:款|个|种|台|批|件|套|类|只|型)(?:产品)?)$")

FIELDS_ON_CARD: tuple[str, ...] = ("service_types", "product", "industry", "region", "deadline", "budget",
                                   "qualifications", "preferred_qualifications", "confidential", "local_only")


# ---- the state ----

class DialogueState(BaseModel):
    """What the conversation knows beyond the draft: stored with the session, one JSON document."""

    asked: str | None = None  # the field the last question asked
    asks: dict[str, int] = Field(default_factory=dict)  # how often each field was asked
    settled: dict[str, str] = Field(default_factory=dict)  # field -> answer | correction | card
    declined: list[str] = Field(default_factory=list)  # refused: never asked again, left empty
    given_up: list[str] = Field(default_factory=list)  # asked twice, unanswered: listed as not given
    removed_types: list[str] = Field(default_factory=list)  # ruled out by a negation or correction
    removed_qualifications: list[str] = Field(default_factory=list)
    proposed: list[str] = Field(default_factory=list)  # the service types proposed to a "which fits?", for its yes
    origin: dict[str, int] = Field(default_factory=dict)  # field -> the user turn (1-based) that gave its value
    turn: int = 0  # user turns read so far
    # the user turn after which the chat asked whether the need may be published (:func:`publish_question_due`):
    # a bare yes or no to it is read only right after it; and how many times it was asked (twice at most)
    publishing_asked: int | None = None
    publishing_asks: int = 0


@dataclass
class Move:
    """What one message did: the kinds it was read as, and the fields it changed (old value, new value, how)."""

    kinds: list[str] = field(default_factory=list)
    changed: dict[str, str] = field(default_factory=dict)  # field -> set | corrected | removed | declined
    question_back: bool = False
    asked_about: str | None = None  # what a question back asked about, when the chat has an answer for it
    answered: bool = False  # the asked field got a value or a refusal
    past_deadline: date | None = None  # a deadline it set that has already passed: not stored, asked again
    unread_correction: bool = False  # it opens as a correction ("哦不对，…"), but nothing on the card changed
    courtesy: str | None = None  # the whole message is a courtesy: "thanks" (谢谢, Thanks!) or "ok" (好的, ok)
    # tests it ruled out that the need never asked for ("盐雾测试先不做了" of a need for 振动测试): nothing changes, and
    # the reply says it heard them; "" stands for "the others" (别的测试都不用做)
    not_wanted: list[str] = field(default_factory=list)
    # a wish about the provider or the way of working that no field of the need holds ("最好是国家级检测中心",
    # "Prefer a CNAS-accredited lab nearby", "需要上门"): said back, and kept in the description
    preferences: list[str] = field(default_factory=list)
    # fields it said again as the need already holds them ("Yes, please keep it confidential." of a confidential
    # need was "I found nothing new in that message"; the eighth probe): said back as already so
    restated: list[str] = field(default_factory=list)
    # a field it asks to change without saying to what ("预算能不能再加点？", "Can we raise the budget a bit?"): the
    # chat says it can, and asks for the new value (it got how the platform works, or "I found nothing new")
    reopened: str | None = None
    # a correction of a detail no field holds (a standard's edition, a test's duration, a sample count): no field
    # changes; the message is said back and kept in the description ("gb/t 31467.3 的 不对 是31467.3-2015，样品5个"
    # became the product "样品5个"; the enterprise's day walked again, 2026-11-29)
    details: list[str] = field(default_factory=list)
    # the message joins the description though nothing of it is said back as a detail (a test's kind corrected in
    # the enterprise's words for the test: the words change, and the correction is kept for who reads the need)
    kept: bool = False
    # work already done, told in passing ("之前在SGS做过一次常规理化，没查出啥"): no field changes; said back as
    # background, in the enterprise's words, and kept in the description (it got "nothing new"; a new user's trial,
    # p213)
    background: list[str] = field(default_factory=list)

    def add(self, kind: str) -> None:
        if kind not in self.kinds:
            self.kinds.append(kind)


def clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSES.split(text) if c and c.strip()]


# ---- reading the opener ----

def read_opener(text: str, read: TextReader, *, today: date) -> Need:
    """The enterprise's first message, read whole; but its service types, qualifications and place only from what
    it asks for now: "我们自己有实验室，常规检测都能做，这次想做失效分析" asks for failure analysis alone, and "去年申
    请过两个专利" asks for no patent work."""
    need = read(text)
    body = clean_text(text)
    if asked_about(body) in (*SERVICE_QUESTIONS, *PLATFORM_QUESTIONS, "contact", "publishing"):
        # A question about the service itself names no service ("Who actually does the work - you or a partner
        # lab?", "Hi, how much does it cost to post a need here?" were read as information by the semantic head,
        # which then stayed beside the failure analysis named next; the eighth probe): the types are read from the
        # rest of the message when it says something of the need, else by the rules alone.
        rest = without_questions(body)
        if len(substantive_words(rest)) < 3 and asked_about(body) == "which_service":  # (the sentences that ask
            # nothing: "testing" in "is this a testing job or some kind of analysis?" was read as the service asked
            # for; the twelfth probe; "Hi, our … housings keep cracking …. Which service do we need?" kept "Hi," alone
            # and dropped the housings; the thirteenth)
            rest = said_apart(body)
        said_more = len(substantive_words(rest)) >= 3
        if not said_more and asked_about(body) in PLATFORM_QUESTIONS and not (
                asked_about(body) == "which_service" and rest):  # ("我们的螺栓老是断，该找哪类服务？": the bolts kept)
            need.product = None  # (the platform asked about is no product: "What is this platform?" read "platform")
        # (asked which service fits, the enterprise named none: what the rules read in so many words, or none, and
        # the chat proposes the kind its words point to, which a yes takes; the head's guess read "help us find why
        # the housings crack" as R&D; the thirteenth probe, p133 with e5)
        types = (extract_service_types(rest) if asked_about(body) == "which_service" else read(rest).service_types) \
            if said_more else extract_service_types(body)
        if types != need.service_types:
            need.service_types = types
            need.phrases = phrases_for(rest if said_more else body, types)
    # The product the enterprise names in so many words ("我们的产品是电动牙刷 需要做IPX7防水测试…" read "IPX7", and
    # the title "IPX7IPX7防水测试需求"; the sixth probe)
    stated = stated_product(body, today=today)
    if stated and stated != need.product:
        need.product = stated
    # A first message that is a model code alone ("SN-2040") names the product; its kind said next joins it
    # (`_code_named`). It was lost, and the reply came in English (it says nothing of a language; the platform's
    # first is Chinese): the eleventh probe's helper, 2026-11-28.
    code = body.strip(" ，,。.!！?？")
    if not need.product and is_bare_code(code):
        need.product = code
        need.language = "zh"
    # A first message that opens as a correction ("不对，是失效分析", "No, not testing - failure analysis."): the page
    # showed something it corrects; what it rules out is no request.
    parts = analyse(body, correction=bool(OPENS_AS_CORRECTION.match(body)))
    if not any(c.mention or c.negated or c.wrong for c in parts):
        return need
    now = "，".join(c.asks for c in parts if c.asks)
    if not now:
        return need
    partial = read(now)
    need.service_types = partial.service_types
    need.phrases = phrases_for(now, partial.service_types)
    if need.product and need.product not in now and partial.product:
        need.product = partial.product  # a thing named in a mention alone is no product ("平时自己做来料检测": 来料)
    need.qualifications = partial.qualifications
    need.preferred_qualifications = partial.preferred_qualifications
    if partial.region.province or not need.region.province:
        need.region, need.local_only = partial.region, partial.local_only
    elif need.region.province and not partial.region.province:
        need.region = Region()  # the only place named was where past work was done
    return need


def passed_in_opener(need: Need, text: str, today: date) -> date | None:
    """A deadline the first message set that has already passed, read from what it asks for now (not its mentions
    of past work), when it set no other."""
    if need.deadline is not None:
        return None
    now = "，".join(c.asks for c in analyse(clean_text(text), correction=False) if c.asks)
    return passed_deadline(now, today) if now else None


# A question that asks why the product fails ("为什么会开裂？") states the problem; it is no question to the platform.
# (and how to read a standard or a clause, "这个国标条款怎么理解？": the need itself, a standard to interpret, not a
# question to the platform; it got how the platform goes on; the thirteenth probe, p130)
_WHY = re.compile(r"(为什么|为何|为啥|什么原因|怎么回事|\bwhy\b|(?:怎么|如何|怎样)(?:理解|解读|解释|执行|判定)|"
                  r"\bhow (?:should|do|to|can) (?:we |you |one )?(?:read|interpret|understand)\b|"
                  r"\bwhat does\b[^?]{0,60}\bmean\b)", re.I)


def opener_question(text: str) -> tuple[bool, str | None]:
    """Whether the first message asks the platform something, as a later message may ("你们能出CNAS报告吗？", "费用大
    概多少？", "这个需求能公开吗？"), and what about ("publishing", else None): answered as a later question is, while
    the need is read from the whole message. A question why the product fails is the problem, not a question back."""
    body = clean_text(text)
    asked = [c for c in question_clauses(body) if QUESTION_WORDS.search(c) and not _WHY.search(c)]
    about = asked_about(body)
    return bool(asked) or about is not None, about


# A question about a report or certificate ("你们能出CNAS报告吗？"), beside the mark it names.
_REPORT = re.compile(r"(报告|证书|\breports?\b|\bcertificates?\b)", re.I)


# A question about who gets the enterprise's contact details ("你们会把我们的联系电话给机构吗？", "Will the labs see our
# phone number?"): the contact words and a word of seeing or handing over, in one question clause. 手机 alone is a
# product ("手机的跌落测试你们能做吗？").
_CONTACT = re.compile(r"(联系电话|联系方式|联系人|电话|手机号|邮箱|\bphone(?: numbers?)?\b|"
                      r"\bcontact(?: details| info\w*)?\b|\be-?mail(?: address)?\b)", re.I)
_HANDED = re.compile(r"(给|看到|看得到|看见|知道|透露|泄露|公开|提供|转给|\bsee\b|\bget\b|\bshare\b|\bgive\b|"
                     r"\bpass\b|\bpublish\w*|\bvisible\b)", re.I)


# A request to be called ("能不能电话沟通一下？麻烦回个电话", "Could someone give me a call to talk it through?"):
# it got how the platform goes on, or nothing at all (the eleventh probe: p114, p118).
_CALL_ME = re.compile(r"(回个?电话|回电|(?:打|来)个?电话|电话(?:沟通|联系|聊|详谈|交流|说)|\bcall (?:me|us)\b|"
                      r"\bgive (?:me|us) a (?:call|ring)\b|\bcall(?:ed)? (?:me |us )?back\b|\bphone (?:me|us)\b|"
                      r"\bover the phone\b|\bby phone\b|\bphone call\b)", re.I)


# Who may see what the enterprise writes ("who can see what I type here?", "我写的这些谁能看到？"): a question about
# publishing (it got how the platform goes on; the seventh probe, p72).
_WHO_SEES = re.compile(r"((谁|哪些人|什么人)(都)?(能|可以|会)?(看|看到|看见)|"
                       r"\bwho (?:can|will|would|gets? to|is able to) (?:see|read|view|access)\b|\bvisible to\b)", re.I)


# A question about the service itself, answered from what the platform does (``intake.conversation.answer_question``;
# the eighth probe: "费用怎么收？", "要多久能出结果？", "谁来做这个项目？", "how much does it cost?" got how the
# platform goes on, or "这条消息里没有读到新的信息"): who does the work, what it costs, how long it takes.
_WHO_DOES = re.compile(r"(谁来|谁做|谁负责|谁承接|谁去做|哪(?:家|个)(?:机构|单位)?(?:来)?(?:做|承接|负责)|"
                       r"(?:你们|平台)(?:平台)?是?(?:自己|本身)(?:做|测|干|来|承接)|你们的工程师|"
                       r"\bwho\b[^?？]*\b(?:does|do|will do|would do|is doing|performs?|carr(?:y|ies) out|handles?|"
                       r"works? on)\b|\bdo you do\b|\byou or (?:a|the|your) |"
                       r"你们(?:到底|究竟|其实)?是.{0,6}(?:机构|实验室|检测站|中心|中介)|"
                       r"\bare you (?:a|an|the)\b|"
                       # (what the platform is, lab or agency: "is this a lab or some kind of agency"; the twenty-first
                       # probe's leftovers)
                       r"\bis (?:this|it) (?:a|an|the)\b[^?.]{0,30}\b(?:labs?|laboratory|agency|agent|broker|"
                       r"middleman)\b)", re.I)
_COST = re.compile(r"(费用|收费|多少钱|价格|价钱|怎么收|贵不贵|要钱|付费|花多少|免费|\bcosts?\b|\bprices?\b|"
                   r"\bcharges?\b|\bfees?\b|\bhow much\b(?! time)|\bpay\b|(?<!-)\bfree\b)", re.I)
_TIME = re.compile(r"(多久|多长时间|几天|多少天|几个月|(?<!生命)周期|多快|什么时候能(?:出|做|完|好)|"
                   r"\bhow long\b|\bhow much time\b|\bturnaround\b|\bhow soon\b|\bhow quickly\b|"
                   r"\bhow many (?:days|weeks)\b|\blead time\b)", re.I)
# A question whether the work can be done by a date ("两个星期内能出报告吗？", "Can you have the report by 15
# December?"): a question of timing, the date the deadline (it got how the platform goes on; the sixteenth probe, p153).
_DONE_BY = re.compile(r"(能(?:不能)?(?:出|做完|做好|完成|拿到|交付|搞定)|来得及|赶得上|"
                      r"\b(?:can|could|will) (?:you|we|the lab|they|it) (?:have|get|finish|deliver|complete|do)\b)",
                      re.I)
# A clause without a question mark that still asks ("费用怎么收", "谁来做"): not "没多久就裂开了", a symptom.
_ASKS = re.compile(r"(怎么|谁|(?<!没)多久|多少钱|\bhow\b|\bwho\b|\bwhat\b|\bdo you\b|\bcan you\b|\bis it\b)", re.I)
# How long matching or a reply takes ("你们一般多久能匹配到机构？") is how the platform goes on, not the work's
# schedule.
_PLATFORM_STEP = re.compile(r"(匹配|找到|推荐|回复|审核|通知|\bmatch\w*|\bfind\b|\bhear back\b|\breview\w*)", re.I)
SERVICE_QUESTIONS = ("who", "cost", "time", "cost+time")
# A clause with its closing mark, as question_clauses reads them.
_CLAUSE_WITH_MARK = re.compile(r"[^，,。！!？?；;\n]+[，,。！!？?；;\n]*")
_SPACED = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def _about_the_service(body: str) -> str | None:
    """"who" (who does the work), "cost" or "time" (how long), or "cost+time" when it asks both ("价格方面你们怎么收
    费，另外多久能出报告？"), for the clauses that ask it; None else. A clause that states a budget ("预算两万，可以
    吗？") or a deadline asks neither."""
    asked = set(question_clauses(body))
    found: list[str] = []
    # (a space between Chinese words ends a clause in a message typed without punctuation: "校一个大概多少钱 我们预算
    # 总共三千" stated a budget in the same clause, and the question went unanswered; the eighteenth probe, p175)
    said = [part for c in _CLAUSE_WITH_MARK.findall(body) for part in ([c] if c in asked else _SPACED.split(c))]
    for c in (c for c in said if c in asked or _ASKS.search(c)):
        if _WHY.search(c) or re.search(r"没多久", c):
            continue
        if _WHO_DOES.search(c):
            return "who"
        if _COST.search(c) and extract_budget(c).is_empty:
            found.append("cost")
        elif (_TIME.search(c) and extract_deadline(c, date(2000, 1, 1)) is None and not _PLATFORM_STEP.search(c)) or (
                c in asked and _DONE_BY.search(c) and extract_deadline(c, date(2000, 1, 1)) is not None):
            found.append("time")
    kinds = list(dict.fromkeys(found))
    return "+".join(sorted(kinds)) if kinds else None


# What the platform is ("你们这个平台是干什么的？", "What is this platform?") and which service fits ("是做检测还是做分
# 析？我们该选哪个服务？", "is this a testing job or some kind of analysis? Which service should we choose?"): the first
# was answered with what is published (its "发布需求要收费吗" taken for a question about publishing), the second with
# how the platform goes on, its "testing" read as the service asked for (the twelfth probe, p124 and p125).
# (asked without a mark, in a platform's own words: "你们这个是干嘛的平台啊 是检测机构还是中介" was not answered, and
# the deadline asked again as if nothing was said; the twenty-first probe, p201: these ask in their own words, and are
# read in any clause)
_WHAT_PLATFORM = re.compile(
    r"((?:这个|你们的?|贵)?平台(?:是)?(?:干|做)(?:什么|啥)的|(?:这个|你们的?)平台是(?:什么|啥)|你们是(?:干|做)(?:什么|啥)的|"
    r"(?:你们|这个|这)(?:这个)?是?(?:干嘛|干啥|干什么|做什么|做啥)的(?:平台|网站)?|"
    r"这是(?:什么|啥)(?:平台|网站)|\bwhat (?:is|'s) (?:this|the|your) (?:platform|site|website)\b|"
    r"\bwhat (?:does|do) (?:this (?:platform|site)|you(?: guys)?) do\b|\bhow does (?:this|the platform) work\b)", re.I)
_WHICH_SERVICE = re.compile(
    r"((?:选|选择|用|属于|算|该做|要做|找|需要|要)(?:哪|什么)(?:个|一个|种|类|一类|项|方面的?)?(?:服务|类型|服务类型)|"
    r"(?:哪|什么)(?:个|种|类)(?:服务|类型)(?:合适|适合|比较好|对)|是(?:做)?(?:检测|测试)还是(?:做)?(?:分析|研发|失效分析)|"
    r"\bwhich (?:service|type of service|kind of service|service type)\b|"
    r"\bwhat (?:service|kind of service|type of service) (?:do|should|would|fits)\b|"
    r"\b(?:a )?test(?:ing)?(?: job)? or (?:some kind of |an? )?(?:failure )?analysis\b)", re.I)
# The kind of service what the enterprise describes points to, proposed when it asks which fits (the twelfth probe
# left "ok" after the answer picking nothing; the thirteenth: "你们看我们需要什么服务？" then "好的，就按你说的"):
# a wish to improve a process, a design or a rate is technology R&D; else a thing that breaks, cracks, leaks or
# yellows wants its cause found, a failure analysis (quality evaluation); else a test or report asked for is
# inspection and testing.
_IMPROVE = re.compile(r"(提高|提升|改进|改善|优化|改良|降低[^，。；;]{0,8}(?:率|成本|噪音|噪声|能耗)|"
                      r"\b(?:improv\w*|rais\w*|increas\w*|redesign\w*|optimi[sz]\w*|reduc\w*|cut(?:ting)?) "
                      r"(?:the |our |its )?(?:yield|pass rate|rate|quality|design|process|noise|cost|efficiency)\w*)",
                      re.I)
_FAILS = re.compile(r"((?:老是|总是|经常|容易|就|会|又)断|断了|断裂|折断|开裂|裂纹|裂开|裂了|烧坏|烧毁|烧了|老是烧|"
                    r"失效|发黄|变黄|变色|变脆|发脆|腐蚀|生锈|锈蚀|发白|发黑|印子|斑点|退货|客诉|"
                    r"渗漏|漏水|漏气|漏油|脱落|起泡|鼓包|变形|故障|异响|坏了|"
                    r"\b(?:crack\w*|break\w*|broke\w*|snap\w*|fail\w*|yellow\w*|brittle|corrod\w*|rust\w*|"
                    r"leak\w*|burn\w*|peel\w*|deform\w*|fractur\w*)\b)", re.I)
_WANTS_REPORT = re.compile(r"(检测|测试|试验|报告|认证|\b(?:test\w*|reports?|certif\w*)\b)", re.I)


def said_apart(body: str) -> str:
    """The sentences and clauses of ``body`` that ask nothing ("我们的螺栓老是断，该找哪类服务？" → "我们的螺栓
    老是断，")."""
    return " ".join(c for c in re.split(r"(?<=[.!?。！？，,；;])\s*", body)
                    if not re.search(r"[?？]", c) and not _WHICH_SERVICE.search(c)).strip()


def suggested_service(text: str) -> list[ServiceType]:
    """The kind of service ``text`` points to, for the enterprise that asked which fits (:data:`_IMPROVE`,
    :data:`_FAILS`, :data:`_WANTS_REPORT`); none when it says nothing of the kind. Read without its questions ("是做
    检测还是做分析？" names no test)."""
    body = said_apart(clean_text(text))
    if _IMPROVE.search(body):
        return [ServiceType.rnd]
    if _FAILS.search(body):
        return [ServiceType.quality_evaluation]
    if _WANTS_REPORT.search(body):
        return [ServiceType.inspection_testing]
    return []


# A property that falls short of what it should be ("硬度不够吧可能", "拉力达不到要求", "the hardness is too low"): it
# wants measuring (inspection and testing) and its cause found (quality evaluation); p214 of probe22.
_FALLS_SHORT = re.compile(r"(硬度|强度|拉力|拉脱力|附着力|耐压|绝缘|精度|韧性|耐磨|耐腐蚀|密封|气密|尺寸|厚度|"
                          r"\b(?:hardness|strength|adhesion|accuracy|precision|thickness)\b)[^，。；,;.]{0,6}?"
                          r"(不够|不足|偏低|偏高|达不到|不达标|不合格|超差|"
                          r"\b(?:too (?:low|high|weak)|not (?:enough|good enough)|insufficient|"
                          r"out of (?:spec|tolerance)|below spec)\b)", re.I)


def likely_service(text: str) -> list[ServiceType]:
    """The kinds of service what the enterprise said points to, taken as the need's default when it cannot name one
    (the categories offered, "不太清楚要做什么"): a property falling short (:data:`_FALLS_SHORT`) both measured and
    analysed, else :func:`suggested_service`'s kind; none when its words point to nothing."""
    body = said_apart(clean_text(text))
    if _FALLS_SHORT.search(body) and not _IMPROVE.search(body):
        return [ServiceType.inspection_testing, ServiceType.quality_evaluation]
    return suggested_service(text)


# The enterprise asks the platform to choose for it ("不知道，你们推荐吧", "你们看着办", "what would you
# suggest?"): while the service is open or only a default, answered with which service fits.
_RECOMMEND = re.compile(r"((?:你们|您|你)(?:来|帮(?:我们|忙)?)?(?:推荐|建议|定|决定|看着办|看着定|帮忙选|选)|"
                        r"推荐一下|\b(?:you (?:decide|recommend|suggest|choose|pick)|"
                        r"what (?:do|would) you (?:recommend|suggest)|up to you)\b)", re.I)


# The qualification left to the platform ("不知道要啥资质，你们看着办", "资质没要求", "not sure what certification we
# need, you decide", "No particular accreditation is required."): as "你们推荐吧" leaves the service type to it, no
# qualification is required, and the provider or the association may suggest one. Never a mark named ("不需要CMA资质"
# rules CMA out) nor a question ("你们有什么资质？"). 认证 and a bare "certification" are also a kind of service
# ("不需要认证，就出个检测报告就行" rules out certification work, probe18): only "not sure what certification we need"
# reads as the mark.
_QUAL_NOUN = r"(?:资质|认可|\bqualifications?\b|\baccreditations?\b)"
_LEFT_OPEN_QUAL = re.compile(
    rf"((?:不知道|不清楚|不确定|不了解|不懂|搞不清|说不好)[^，。；,;！!]{{0,8}}?{_QUAL_NOUN}|"
    rf"{_QUAL_NOUN}[^，。；,;！!]{{0,6}}?(?:没(?:有)?(?:什么|啥|特别的?)?要求|不限|无所谓|都(?:行|可以)|随便|"
    rf"(?:你们|您)(?:来)?(?:看着办|定|决定|推荐|建议))|"
    rf"(?:不需要|不用|不要求|没有要求|无需)(?:什么|啥|特别的?|特定的?)?{_QUAL_NOUN}|"
    rf"\b(?:not sure|unsure|don'?t know|no idea)\b[^.;!?]{{0,40}}?(?:{_QUAL_NOUN}|\bcertifications?\b)|"
    rf"\bno (?:particular |specific |special )?{_QUAL_NOUN}[^.;!?]{{0,12}}?\b(?:needed|required|necessary)\b|"
    rf"\b(?:any|whatever) {_QUAL_NOUN}[^.;!?]{{0,20}}?\b(?:fine|ok|okay|works)\b)", re.I)


def qualifications_left_open(body: str) -> bool:
    """Whether the message leaves the qualification to the platform (:data:`_LEFT_OPEN_QUAL`): no mark named, not
    asked as a question."""
    text = clean_text(body)
    if not _LEFT_OPEN_QUAL.search(text) or extract_qualifications(text) or question_clauses(text):
        return False
    return not re.search(r"[?？]\s*$", text)


_LEAVE_TO_US = re.compile(r"^\s*(?:(?:那|就)?(?:你们|您)(?:来|帮(?:我们|忙)?)?(?:看着办|定|决定|推荐|建议)"
                          r"(?:吧|就行|就好)?|"
                          r"(?:so |just )?(?:you decide|up to you|your call|you choose)(?:,? please)?)\s*$", re.I)


def only_leaves_qualifications_open(body: str) -> bool:
    """The message says nothing but that the qualification is left to the platform ("不知道要啥资质，你们看着办",
    "not sure what certification we need, you decide"): the field holds it, and the description stays as it was (the
    English one joined it)."""
    clauses = [c for c in re.split(r"[，,。.;；!！]+", clean_text(body)) if c.strip()]
    return bool(clauses) and qualifications_left_open(body) and all(
        _LEFT_OPEN_QUAL.search(c) or _LEAVE_TO_US.match(c) for c in clauses)


# A yes to the kind of service the chat proposed, and nothing else ("好的，就按你说的", "可以，就选这个", "ok, go with
# that"): the proposal taken.
_TAKES = (r"(?:(?:那)?就?(?:按|照)(?:你|您)(?:们)?(?:说|建议|推荐)的(?:来|办|选|吧)?|"
          r"(?:那)?就?(?:选|用|定)(?:这个|这个吧|它|这类|这一类)|(?:那)?就(?:这个|这样|这么定|这么办)|没问题|同意|对|"
          r"是的|嗯嗯|(?:let'?s |we'?ll )?go with (?:that|it|this|your suggestion)|"
          r"(?:that|this) (?:works|one|sounds (?:good|right|fine))|sounds (?:good|right|fine)|yes|yep|yeah|"
          r"agreed|as you (?:suggest(?:ed)?|said)|please do)")
ACCEPTS = re.compile(rf"^\s*(?:(?:{_TAKES}|{_OK}|{_THANKS})[，,、。.!！~～\s吧啦呀啊哈]*)+$", re.I)


PLATFORM_QUESTIONS = ("platform", "platform+cost", "platform+time", "platform+cost+time", "which_service")

# What a field means, asked before answering it ("地区是指我们公司在哪，还是希望检测机构在哪？", "What do you mean by
# the deadline - when the tests start or when we get the report?", "What does the budget cover - just the calibration
# fee, or shipping as well?"): answered with what the field holds, and its question asked again. The first was only
# asked again, the second answered with how the platform goes on and the third with what posting costs, its
# "calibration fee" read as the service asked once more (the fourteenth probe: p141, p137, p140).
_FIELD_NAMED = {
    "region": re.compile(r"(地区|地点|省市|所在地|\bregion\b|\blocation\b)", re.I),
    "deadline": re.compile(r"(期限|截止(?:时间|日期)?|完成时间|时间要求|\bdeadline\b)", re.I),
    "budget": re.compile(r"(预算|\bbudget\b)", re.I),
    "service_types": re.compile(r"(服务类型|\bservice types?\b)", re.I),
    "product": re.compile(r"(^|[^\w])(产品|\bproduct\b)", re.I),
}
_MEANS = re.compile(r"(是指|指的是|指什么|指哪|什么意思|啥意思|是说|包括|包含|包不包括|含不含|算不算|"
                    r"\bmean(?:s|t)?\b|\bcover(?:s)?\b|\binclude[sd]?\b|\brefer(?:s|ring)? to\b|"
                    r"\bstand for\b)", re.I)


def field_meaning(body: str, *, asked: str | None, today: date) -> str | None:
    """The field a message asks the meaning of, when it asks that and says no value (a budget, a date, a place);
    the asked field when it names several or none by name but asks what "it" means."""
    text = clean_text(body)
    if not (re.search(r"[?？]|吗|呢|还是", text) and _MEANS.search(text)):
        return None
    if not extract_budget(text).is_empty or extract_deadline(text, today) is not None \
            or extract_region(text)[0].province is not None:
        return None
    named = [name for name, rx in _FIELD_NAMED.items() if rx.search(text)]
    if asked in named or (not named and asked is not None and re.search(r"(这个|这项|这一项|\bthat\b|\bthis\b)",
                                                                            text, re.I)):
        return asked
    return named[0] if len(named) == 1 else None


def asked_about(body: str) -> str | None:
    """What a question in the message asks about, when the chat has an answer of its own for it: "contact" for who
    sees the enterprise's contact details ("你们会把我们的联系电话给机构吗？"); "publishing" ("能公开吗"); "report"
    for a report bearing a mark ("你们能出CNAS报告吗？", "Can you issue a CNAS report?") and "qualifications" for a
    mark alone ("机构要有CMA资质吗？"): the mark is the need's required qualification, and matching proposes only
    providers holding it (``matcher.rules.check_qualifications``); "who", "cost" or "time" for who does the work,
    what it costs and how long it takes ("谁来做？", "费用怎么收？", "要多久？"). None: any other question (answered by
    how the platform goes on)."""
    if any(_CONTACT.search(c) and _HANDED.search(c) for c in question_clauses(body)):
        return "contact"
    if _CALL_ME.search(body):
        return "call"
    asked = question_clauses(body)
    if any(_WHICH_SERVICE.search(c) for c in asked):
        return "which_service"
    if any(_WHAT_PLATFORM.search(c) for c in [*asked, *clauses(body)]):
        service = _about_the_service(body)
        return "platform" + (f"+{service}" if service in ("cost", "time", "cost+time") else "")
    # (a clause that asks what posting costs, "发布需求要收费吗", is about the cost, not what is published)
    publishing = [c for c in asked if asks_about_publishing(c)]
    if (asks_about_publishing(body) and not (publishing and all(_COST.search(c) for c in publishing))) or any(
            _WHO_SEES.search(c) for c in asked):
        return "publishing"
    # (a question typed without its mark and ended by a space, "你们这边合作的实验室有CNAS资质吗 客户那边要CNAS的报告",
    # and one asked "Do the labs you work with have CNAS accreditation?", were only "noted"; the nineteenth probe,
    # p185, p188)
    unmarked = [c for c in clauses(body) if re.search(r"[吗么呢]$", c) and not any(c in q for q in asked)]
    for c in [*question_clauses(body), *unmarked]:
        if (QUESTION_WORDS.search(c) or _YES_NO.match(c)) and not _WHY.search(c) and extract_qualifications(c):
            return "report" if _REPORT.search(c) else "qualifications"
    return _about_the_service(body)


# An English question asked for a yes or no ("Do the labs you work with have CNAS accreditation?").
_YES_NO = re.compile(r"^\s*(?:do|does|are|is|have|has|can|could|will|would)\s+(?:the|your|these|those|they|any)\b",
                     re.I)


# A wish about the provider ("希望找省内的机构，最好是国家级检测中心", "Prefer a CNAS-accredited lab nearby, ideally a
# national testing center") or about where the work is done ("需要上门", "On-site preferred"): the need has no field
# for it (a place is the region, "only local providers" local_only, a mark a required qualification), so it is said
# back and kept in the description the coordinator reads (the seventh probe left "最好是本地机构" and "需要上门"
# unsaid; the eighth probe).
_PREFERS = re.compile(r"(最好|希望|倾向|优先|尽量|尽可能|如果可以|可以的话|\bprefer\w*|\bideally\b|\bif possible\b|"
                      r"\bwould like\b|\bwe'?d like\b)", re.I)
# A wish word that is a whole clause: what is wished follows in the next one.
_WISH_ALONE = re.compile(rf"(?:{_PREFERS.pattern})(?:能|是|有|的话|吧|呢|啊)?", re.I)
LOCAL_WISH = re.compile(r"(本地|当地|省内|本省|市内|本市|同城|附近|就近|周边|\bnearby\b|\blocal\b|\bclose (?:to|by)\b|"
                         r"\bnear (?:us|our|here)\b|\bin (?:the|our) province\b)", re.I)
_PROVIDER_WISH = re.compile(r"(国家级|省级|国字号|权威|知名|大机构|大的机构|高校|大学|研究院|研究所|科研院所|有经验|"
                            r"\bnational\b|\bstate-level\b|\bprovincial\b|\buniversit(?:y|ies)\b|\binstitutes?\b|"
                            r"\bwell-known\b|\breputable\b|\bexperienced\b)", re.I)
# Where the provider may be, said of the provider ("外地机构也可以", "周边的机构也行", "省外的实验室也没问题", "local
# labs are fine"): the region's and local_only's business, so such a clause names no product ("在常州武进，外地机构也
# 可以" answering the region question made 外地 the product and the title "外地质量技术评价需求"; a new user on the
# chat page, issue 27, 2026-11-29).
PROVIDER_PLACE = re.compile(r"((外地|异地|外省|省外|外市|本地|当地|省内|本省|市内|本市|同城|附近|周边|就近)(的)?"
                            r"(检测|测试)?(机构|单位|实验室|第三方|厂家|服务商|老师|专家|高校)|"
                            r"(本地|当地)(和|或)?(外地|异地)都|"
                            r"\b(?:local|nearby|out[- ]of[- ]town|non-local|other cities'?)\s+(?:labs?|providers?|"
                            r"institutes?|firms?)\b)", re.I)
# "on site" with a space, and "最好on-site" (no \b between a Chinese character and a Latin letter: both are word
# characters), were not read as wishes (the tenth probe: p104, p107)
_ON_SITE = re.compile(r"(上门|到厂|来厂|到现场|现场(?:校准|检定|检测|服务|测试)|"
                      r"(?<![A-Za-z])on[- ]?site(?![A-Za-z]))", re.I)


def holds_no_field(clause: str) -> bool:
    """Whether a wish says what no field of the need holds (a kind of provider, a nearby one, work on site), beside
    a mark (a required qualification)."""
    return bool(LOCAL_WISH.search(clause) or _PROVIDER_WISH.search(clause) or _ON_SITE.search(clause))


def preferences(text: str, *, local_taken: bool = False) -> list[str]:
    """The clauses of ``text`` that state a wish no field holds, as written: a preference for a kind of provider or
    a nearby one, or work on site. Not a question, nor a local wish the region's "local providers only" took
    (``local_taken``)."""
    body = clean_text(text)
    asked = question_clauses(body)
    out: list[str] = []
    alone = ""  # a wish word said by itself, before what is wished ("最好 报告有CMA", "ideally, CMA accredited")
    for c in clauses(body):
        if any(c in q for q in asked):
            alone = ""
            continue
        if alone:
            c, alone = f"{alone} {c}", ""
        if _WISH_ALONE.fullmatch(c.strip(" ，,。.；;…")):
            # (the mark in the next clause was recorded as required without the caveat every other wish for a mark
            # gets; a new user on the chat page, issue 27, 2026-11-29)
            alone = c.strip(" ，,。.；;…")
            continue
        if (no := NEGATION.search(c)) is not None:
            # work on site declined, or a wish for it withdrawn ("算了 不要上门了 我们自己送过去" was not said back, the
            # wish left standing in the reply; the twentieth probe, p190): a wish no field holds, as written
            if _ON_SITE.search(c) and not _WRONG_PART.search(c[:no.start()]):
                out.append(c.strip(" ，,。.；;"))
            continue
        # (nor the wrong half of a correction of the place: "不对 上门的地方不是苏州 是我们南通的工厂" was written
        # into the description as a wish, "上门的地方不是苏州"; the nineteenth probe, p180)
        if (wrong := _WRONG_PART.search(c)) and find_places(c[wrong.end():]):
            continue
        local = bool(LOCAL_WISH.search(c)) and not local_taken
        # (a mark wished for, "prefer CNAS accredited lab", is a preferred qualification: said with what that does)
        if (_PREFERS.search(c) and (local or _PROVIDER_WISH.search(c) or extract_qualifications(c))) \
                or _ON_SITE.search(c):
            out.append(c.strip(" ，,。.；;"))
    return out


def only_asks(text: str) -> bool:
    """Whether a message only asks the platform something and says nothing of the need ("Hi, how much does it cost
    to post a need here?", "你们这个平台收费吗？")."""
    body = clean_text(text)
    asks, _ = opener_question(body)
    return asks and not substantive_words(without_questions(body)) and not extract_service_types(body)


_ASKS_ABOUT_AREA = re.compile(r"^(?:(?:你好|您好|hi|hello)[，,!！\s]*)?(?:我们?|我司)?(?:想|想要|要)?"
                              r"(?:咨询|了解|问)(?:一下|下)?[^，,。；;]{1,10}?(?:方面|这块|相关)的?"
                              r"(?:事|事情|问题|情况|内容)?[。.!！?？～~\s]*$", re.I)


def open_dialogue(need: Need, text: str) -> DialogueState:
    """The state after the enterprise's first message, read whole by the entry point's reader."""
    state = DialogueState(turn=1)
    said = _present(need)
    if not need.confidential and says_not_confidential(without_questions(text)):
        said.append("confidential")  # "…，不保密": said, so the card shows 否, not 未说明
    for name in said:
        state.origin[name] = 1
        state.settled[name] = "said"
    if need.service_types and not extract_service_types(text):
        # Read by the semantic head alone, where the rules find no request ("你好，我们产品最近有点问题，想找人帮忙看看"
        # read information): a guess, which the first service the enterprise names replaces (it stayed beside it;
        # the development dialogue dlg-002 with e5).
        state.settled["service_types"] = "guess"
    elif need.service_types and _ASKS_ABOUT_AREA.match(clean_text(text).strip()):
        # … or an opener that only asks to talk about an area ("想咨询一下标准方面的事" read 质量科技信息咨询, which
        # stayed beside the group standard asked next; probe26's p257): a guess, as the head's is
        state.settled["service_types"] = "guess"
    if not need.qualifications and qualifications_left_open(text):
        # "…，不知道要啥资质，你们看着办": none required, left to the provider or the association to suggest (as later)
        need.qualifications_open = True
        state.settled["qualifications"] = "answer"
        state.origin["qualifications"] = 1
    if "budget" not in said and budget_declined(text):
        state.declined.append("budget")  # "预算看情况" in the first message leaves it open, as later (it was asked)
    return state


def _present(need: Need) -> list[str]:
    names = [n for n in ASKABLE_FIELDS if _field_set(need, n)]
    names += [n for n in ("qualifications", "preferred_qualifications", "confidential") if _field_set(need, n)]
    return names


def _field_set(need: Need, name: str) -> bool:
    if name == "service_types":
        return bool(need.service_types)
    if name == "product":
        return bool(need.product)
    if name == "industry":
        return bool(need.industry)
    if name == "region":
        return bool(need.region.province)
    if name == "deadline":
        return need.deadline is not None
    if name == "budget":
        return not need.budget.is_empty
    if name == "qualifications":
        return bool(need.qualifications)
    if name == "preferred_qualifications":
        return bool(need.preferred_qualifications)
    if name == "confidential":
        return need.confidential
    return False


# ---- reading a follow-up message ----

# Words that name a field, so that "预算不方便说" declines the budget whatever was asked, and a correction that names
# the budget is not read as naming a product.
FIELD_WORDS: dict[str, re.Pattern[str]] = {
    "budget": re.compile(r"(预算|费用|经费|价格|报价|花费|钱|\bbudget\b|\bcost\b|\bprice\b|\bfee\b)", re.I),
    # (not how long a thing ran: "RV减速机跑一段时间回差就变大" named no time to finish; probe23's p217)
    "deadline": re.compile(r"((?<!段|长)时间|期限|截止|工期|交期|什么时候|多久|\bdeadline\b|\btimeline\b|\bwhen\b|"
                           r"\btime ?frame\b)", re.I),
    "region": re.compile(r"(地区|地点|地方|哪里|在哪|省|\bregion\b|\blocation\b|\bwhere\b|\bcity\b)", re.I),
}
# A qualification named in a clause that rules something out ("不需要出CMA报告") rules out the qualification, not the
# test: the words that only say which report are taken away before the service types are read (need-fields.md).
# The marks and the words that only say a provider holds them, in a later message's request ("需要CNAS资质",
# "要有CMA认可"): what stays ("检测报告", "做检测") still names a service.
_MARKS_ONLY = re.compile(r"(CMA|CNAS|保密资质|涉密资质|资质|认可|\baccredited\b|\baccreditation\b)", re.I)
_QUAL_WORDS = re.compile(r"(CMA|CNAS|保密资质|资质|认可|章|\breport\b|\bcertificates?\b|\baccredited\b|"
                         r"\baccreditation\b|\blab\b|报告|证书)", re.I)
# What a clause that rules out a service may call it, more loosely than a request would: read only against the
# types the need has now.
LOOSE: dict[ServiceType, re.Pattern[str]] = {
    # (and the bare verb ruled out, "不用测了": it added 质量技术评价 beside the test; the tenth probe's variants)
    ServiceType.inspection_testing: re.compile(r"(检测|检验|测试|送检|型式试验|\btests?\b|\btesting\b|"
                                               r"(?:^|\s)测(?:了|啦|一下)?\s*$)", re.I),
    ServiceType.quality_evaluation: re.compile(r"(失效分析|评价|评估|分析|\bfailure analysis\b|\bevaluat)", re.I),
    ServiceType.standards: re.compile(r"(标准|团标|国标|行标|\bstandards?\b)", re.I),
    ServiceType.ip: re.compile(r"(专利|知识产权|\bpatents?\b|\bIP\b)", re.I),
    ServiceType.rnd: re.compile(r"(研发|开发|研制|\bR&D\b|\bdevelop)", re.I),
    ServiceType.project_transfer: re.compile(r"(项目申报|申报项目|成果转化|转化|科技项目|\bproject\b|\btransfer\b)",
                                             re.I),
    ServiceType.qualification_consulting: re.compile(r"(认证|认定|高新|专精特新|资质申报|\bcertification\b)", re.I),
    ServiceType.calibration: re.compile(r"(校准|检定|计量|\bcalibrat)", re.I),
    ServiceType.key_parameter_measurement: re.compile(r"(测量|测试|\bmeasure)", re.I),
    ServiceType.metrology_innovation: re.compile(r"(装置|仪器|设备研制|\binstrument\b|\bdevice\b)", re.I),
    ServiceType.lifecycle_metrology: re.compile(r"(计量保障|全过程|全寿命|\blifecycle\b)", re.I),
    ServiceType.training_consulting: re.compile(r"(培训|咨询|\btraining\b|\bconsult)", re.I),
    ServiceType.infrastructure_collab: re.compile(r"(一站式|\bone-stop\b)", re.I),
    ServiceType.information: re.compile(r"(法规|政策|信息|\bregulations?\b|\binformation\b)", re.I),
    ServiceType.brand: re.compile(r"(品牌|\bbrand)", re.I),
    ServiceType.digital_quality: re.compile(r"(数字化|信息化|MES|SPC|\bdigital\b)", re.I),
}
_WRONG_MARK = re.compile(r"(不是|并不是|并非|\bnot\b|\brather than\b|\binstead of\b)", re.I)
# "not just X" / "不只是X" keeps X and asks for more beside it: read as "also X" / "也X", never as a wrong half or a
# ruling out ("we also want debugging support, not just a test report" removed the testing; a new user's trial in
# Chromium, 2026-11-29).
_NOT_ONLY = re.compile(r"\bnot (?:just|only|merely|simply|limited to)\b|不只是|不仅仅是|不仅是|不光是|不单单是|不单是|"
                       r"不止是|不只|不仅仅|不仅|不光|不单", re.I)


def not_only_as_also(body: str) -> str:
    """The message with "not just" / "不只是" said as "also" / "也" (:data:`_NOT_ONLY`)."""
    return _NOT_ONLY.sub(lambda m: "也" if re.match(r"[\u4e00-\u9fff]", m.group(0)) else "also", body)
_AFTER_WRONG_PIVOT = re.compile(r"(而是|是|\bbut\b)", re.I)
# A product is a thing: not a word that only says how much, when or where, nor a bare function word.
# (and the words that only join a remark to the talk: "We already have our own lab for the routine checks, by the way."
# answering the product question made the product "by the way", read with the semantic head, whose opener asked it)
_NOT_A_PRODUCT = re.compile(r"^(under|over|about|around|before|after|within|by|less|more|only|just|yes|no|ok|sorry|"
                            r"actually|also|and|hello|hi|please|correction|fine|great|thank you|thanks|"
                            r"by the way|btw|incidentally|anyway|顺便说一下|顺便说下|顺便一提|顺带一提|对了|另外|"
                            r"they'?re|they are|it'?s|it is|these|those|they|them|it|that'?s|"
                            r"好的|可以|对|是的|没问题|谢谢|不对|说错了|更正一下|抱歉)$", re.I)
# A message that asks for more ("we also need", "另外还要"): an addition, though it opens with "actually".
_ADDS = re.compile(r"(\balso\b|\bas well\b|\bin addition\b|\badditionally\b|另外|还要|还需要|还想|再加|顺便|"
                   r"也要)", re.I)
# A reading that opens as a message goes on is no name ("还有镀层厚度也要测下" became the product "还有镀层", the
# sixth probe, p55).
_GOES_ON = re.compile(r"^(还有|另外|以及|还要|也要|而且|并且|(?:also|and|plus|another)\b)", re.I)
# Words that make a clause a statement about the product rather than its name.
# (and what went wrong with it: "用了三个月就断了", "They crack after about six months in the field.", answering the
# product question, became the product and the title; a symptom is the problem, never a name)
_ACTION = re.compile(r"(想|要|需要|做|找|出现|发生|老是|总是|经常|报警|开裂|失效|问题|故障|不合格|\bneed\b|\bwant\b|"
                     r"\bfails?\b|\bbroke\b|断了|断裂|坏了|裂了|裂开|漏水|漏油|漏气|渗漏|泄漏|生锈|锈了|烧了|烧坏|"
                     r"烧毁|起火|鼓包|变形|脱落|失灵|死机|过热|发烫|异响|不亮|不转|"
                     r"\b(?:crack|leak|break|burn|overheat|corrode|rust|fail)(?:s|ed|ing)?\b|\bbroken\b|\bburnt\b|"
                     r"\bstopped working\b)", re.I)
# A clause that opens with what the enterprise wants done ("是想找人…", "是要请专家…"), not with a thing.
_WANTS = re.compile(r"^\s*(是|而是|就是|其实是|应该是)?\s*(想|要|需要|希望|打算|准备|找|请|帮)")
# (A word boundary holds only after the English words: between two Chinese characters there is none, so "是保温饭盒"
# never matched "^(是…)\b" and a correction's product came from its last clause, "杯子那个已经做完了".)
# A correction that keeps one thing of those named: "只做逆变器就行", "just the hinges", "only the inverters for now".
_ONLY_LEAD = re.compile(r"^\s*(?:只|仅|就)(?:做|要|测|检测|需要|针对|校准|校|检定)?|^\s*(?:just|only)\b", re.I)
_SOFT_LEAD = re.compile(r"^(?:\s*(?:其实|实际上|不对|算了|哦|嗯|那就|那|actually|sorry|no|wait|ok|okay)[，,、\s]*)+",
                        re.I)
_ONLY_TAIL = re.compile(r"(?:就行了?|就可以了?|就好了?|即可|吧|(?:\s+for\s+now|\s+this\s+time|\s+please)+)"
                        r"\s*[.。!！]*$", re.I)
_PIVOT_START = re.compile(r"^(是|而是|应该是|其实是|改成|改为|换成|(?:it'?s|it is|they'?re|they are|these are)\b)",
                          re.I)
# The enterprise saying what its need is, in so many words.
_OWN_NEED = re.compile(r"(我要的是|我想要的是|我们要的是|我们需要的是|我们想要的是|\b(?:i|we) asked for\b|"
                       r"\bwhat (?:i|we) (?:need|want|asked for) is\b)", re.I)
# A message that only says what the enterprise makes ("我们做的是不锈钢保温杯。", "We make LED drivers."; or names the
# product by :data:`_PRODUCT_CUE`), answering "which service?", asks for none: the semantic head read R&D from it (the
# development dialogue dlg-043, with e5), and the chat never asked the service again.
_MAKES = re.compile(r"(制造的是|^(我们|我司|公司|本公司|我们厂|我厂)?(是)?(做|生产|制造)[^，。；;]{1,20}的$|"
                    r"^\s*(?:we|our company|our factory)\s+(?:make|produce|manufacture|build)s?\b)", re.I)
# (and the thing a failure is said of, "有色差的是后盖，不是中框": the product read "是后盖", the title "是后盖检验检测
# 需求"; the sixteenth probe, p154)
_PRODUCT_CUE = re.compile(r"(产品(是|为|叫|名称是|[:：]|改成|改为|换成|应该是|其实是|(?:其实)?就是)|"
                          r"涉及的(产品)?是|出问题的是|"
                          r"(?:出|有)?(?:毛病|色差|色斑|开裂|裂纹|裂|坏|失效|故障|漏水|漏气|渗漏|变形|生锈|锈蚀|腐蚀|"
                          r"异响|脱落|断裂|断|起泡|发黄|变色)了?的(?:其实|应该)?是|"
                          r"做的是|生产的是|\bchange the product to\b|\bthe product should be\b|"
                          r"\bthe product is\b|\bour product is\b|"
                          # (not a judgement: "its fine to post this publicly" stated a product, read "oh"; the
                          # twentieth probe, p198)
                          r"\bit'?s (?:about )?(?:our )?(?!(?:\w+\s+)?to\b|(?:not|fine|ok|okay|alright|too|very|so|"
                          r"really|quite|urgent|possible|important|better|enough)\b))", re.I)

# The product said to be wrong, in so many words ("产品说错了", "产品不是控制器", "the product is wrong").
_PRODUCT_WRONG = re.compile(r"(产品[^，,。；;]{0,3}(?:说错|写错|搞错|弄错|不对|错了|不是|并不是)|"
                            r"\b(?:the )?product (?:is wrong|was wrong|isn'?t|is not|was not|wasn'?t)\b)", re.I)


@dataclass
class Clause:
    """One clause of a message as the dialogue reads it."""

    text: str
    mention: bool = False  # past or own work, said in passing
    negated: bool = False  # rules something out ("这次不考虑认证")
    wrong: str = ""  # the wrong half of a correction in this clause ("不是支架")
    right: str = ""  # what the clause affirms

    @property
    def asks(self) -> str:
        """What the clause says now (empty for a mention or a negation)."""
        return "" if self.mention or self.negated else self.right


def said_as_request(text: str) -> str:
    """What a text says about this need, without its passing mentions of past or own work: the evidence an LLM's
    proposal is checked against, so a place named only for an old test ("之前在北京一家所做的") fills no region."""
    return "，".join(c.text for c in analyse(clean_text(text), correction=False) if not c.mention)


# A clause that only says no ("EMC我们已经做过了，不用"): it rules out what the clause before it names.
_BARE_NO = re.compile(r"\s*(?:(?:就|都|也)?(?:不用|不需要|不要|不做|不必|免了)(?:了|啦|吧|做了)?|(?:but\s+)?(?:not now|"
                      r"no need|not needed))\s*[。.!！]*\s*", re.I)


_HQ_WORD = re.compile(r"(母公司|总公司|总部|集团公司|head office|headquarters|parent company)", re.I)
_HQ_ASKS = re.compile(r"(?:[\u4e00-\u9fff]{0,4}?(?:母公司|总公司|总部|集团公司)(?=[^，,。；;]{0,3}?"
                      r"(?:要求|给的|给了|批的|批了|规定|指定|希望|需要|让我们|定的))|"
                      r"\b(?:our |the )?(?:[A-Z][a-z]+ )?(?:head office|headquarters|parent company)"
                      r"(?:\s+in\s+[A-Z][a-z]+)?\s+(?=(?:requires?|asks?|asked|wants?|gave|gives|approved|set|"
                      r"insists?)\b))", re.I)


def analyse(body: str, *, correction: bool) -> list[Clause]:
    out: list[Clause] = []
    for text in clauses(body):
        c = Clause(text=text, right=text)
        c.mention = _mentions_past(text) and not CORRECTION.search(text) and not _MOVED.search(text)
        if c.mention and _HQ_ASKS.search(text) and all(_HQ_WORD.fullmatch(m.group(0).strip())
                                                       for m in MENTION.finditer(text)):
            # what the headquarters requires or gives is this need's ("德国总部要求出具CNAS报告", "总部给的预算是八千
            # 欧元" were passing mentions: no CNAS, no budget; the fourteenth probe, p141); where the headquarters
            # is, is still no region
            c.mention, c.right = False, _HQ_ASKS.sub("", text)
        c.negated = bool(NEGATION.search(text))
        if correction and _WRONG_MARK.search(text):
            c.wrong, c.right = _split_wrong(text)
        if c.negated and out and _BARE_NO.fullmatch(text) and not out[-1].negated and not out[-1].wrong:
            # "EMC我们已经做过了，不用" was "这条消息里没有读到新的信息" (the sixth probe): the two are one refusal
            c.text = c.right = f"{out[-1].text}，{text}"
            out[-1].mention = True
        out.append(c)
    for i, c in enumerate(out):
        after = out[i + 1].text if i + 1 < len(out) else ""
        if not c.mention and not c.negated and not c.wrong and ran_and_failed(c.text, after):
            c.mention = True
    return out


# The enterprise's own test that already ran and failed ("台架疲劳试验做到20万次就断了", "铝合金车架做疲劳测试，跑到
# 6万次焊缝就开裂了", "Our fatigue test failed at 200,000 cycles"): the problem's symptom, told in passing, not a test
# asked for; it was kept as one, 疲劳试验 → 检验检测 beside the failure analysis asked (a new user's trial, p209).
_TEST_NAMED = re.compile(r"(试验|测试|实验|检测|\btests?\b|\btesting\b)", re.I)
_FAILED = re.compile(r"(?:断了|就断|断裂|折断|开裂|裂了|裂开|就裂|出现裂纹|失效|坏了|不合格|没通过|未通过|没过|不达标|"
                     r"\bfail(?:ed|s)?\b|\bcrack(?:ed|s)?\b|\bbroke\b|\bbroken\b|\bfractured\b|"
                     r"\bdid ?n[o']t pass\b)(?!分析|原因|机理|模式)", re.I)
_RAN_TO = re.compile(r"(做到|跑到|测到|试到|进行到|做了|跑了|测了|到了)[^，,。；;]{0,12}?"
                     r"(次|小时|天|周|cycles?|hours?)|"
                     r"\b(?:at|after)\s+(?:about\s+)?[\d,.]+\s*k?\s*(?:cycles?|hours?|h)\b", re.I)
_ASKS_TEST = re.compile(r"(想|要做|需要|希望|请|帮|找|打算|准备|计划|重新做|再做|能不能|可以|"
                        r"\bneed\b|\bwant\b|\bwould like\b|\blooking for\b|\brequire|\bplease\b|\bcan you\b)",
                        re.I)


def ran_and_failed(clause: str, after: str = "") -> bool:
    """Whether ``clause`` tells of the enterprise's own test that already ran and failed, in itself or in the clause
    ``after`` it that says how far it ran ("跑到6万次焊缝就开裂了"), asking for nothing."""
    if not _TEST_NAMED.search(clause) or _ASKS_TEST.search(clause):
        return False
    if _FAILED.search(clause):
        return True
    return bool(after) and bool(_FAILED.search(after) and _RAN_TO.search(after)) and not _ASKS_TEST.search(after)


# Work told as already done: a test, an analysis, a certificate ("做过一次常规理化", "做过金相", "ran a vibration
# test").
_DONE_BEFORE = re.compile(r"(之前|以前|此前|先前|上次|上回|上一次|去年|前年|曾|做过|送检过|检测过|测过|试过|做了|已经|"
                          r"\bpreviously\b|\blast\b|\balready\b|\bago\b|\bran\b|\bdid\b|\bearlier\b|\bused to\b)",
                          re.I)
_WORK_WORDS = re.compile(r"(试验|测试|实验|检测|检验|分析|金相|理化|化验|送检|认证|校准|检定|评估|评价|"
                         r"\btests?\b|\btesting\b|\banalys[ie]s\b|\bcertif\w*|\bcalibrat\w*|\binspection\b)", re.I)
BACKGROUND_CHARS = 60  # at most this much of what was done is quoted back (twice as much in English)


def work_done(parts: Sequence[Clause], today: date) -> list[str]:
    """What the message tells of work already done, in its words: each passing mention of a past test or analysis
    (or of the enterprise's own test that failed, :func:`ran_and_failed`), with the clauses after it that only say how
    it went ("没查出啥", "结论不明确"), asking for nothing and holding no field's value."""
    out: list[str] = []
    i = 0
    while i < len(parts):
        c = parts[i]
        i += 1
        if not (c.mention and _WORK_WORDS.search(c.text) and _DONE_BEFORE.search(c.text)) and not (
                c.mention and ran_and_failed(c.text, parts[i].text if i < len(parts) else "")):
            continue
        told = [c.text]
        while i < len(parts) and not parts[i].mention and not parts[i].wrong and not parts[i].negated \
                and len(parts[i].text) <= 15 and not REQUEST.search(parts[i].text) \
                and not _holds_a_field(parts[i].text, today):
            told.append(parts[i].text)
            i += 1
        said = ("，" if not c.text.isascii() else ", ").join(told)
        if said.isascii() and len(said) > BACKGROUND_CHARS * 2:  # (English words run longer: cut at a word)
            said = said[:BACKGROUND_CHARS * 2].rsplit(" ", 1)[0] + "…"
        elif not said.isascii() and len(said) > BACKGROUND_CHARS:
            said = said[:BACKGROUND_CHARS] + "…"
        out.append(said)
    return out


def _mentions_past(text: str) -> bool:
    """Whether the clause mentions past or own work (:data:`MENTION`); not when the 过 a cue ends in opens a word
    ("做过滤效率检测" is 做 过滤, "检测过程中" is 检测 过程: both were read as past work, so the request added no
    service; the probe of the chat, issue 27). jieba's dictionary tells where the words are."""
    found = [m for m in MENTION.finditer(text)]
    if not found:
        return False
    if all(not m.group(0).endswith("过") for m in found):
        return True
    starts = {start: end for _, start, end in tokenizer().tokenize(text, HMM=False)}
    return any(not (m.group(0).endswith("过") and starts.get(m.end() - 1, m.end()) > m.end()) for m in found)


_SUBJECT_NOT = re.compile(r"\b(?:i|we|it|they|you|that|this|he|she)(?:'m|'re|'s|\s+am|\s+are|\s+is|\s+do|\s+does|"
                          r"\s+did|\s+can|\s+could|\s+will|\s+would)\s+not\b", re.I)


def _says_wrong(clause: str) -> bool:
    """Whether a clause names what was wrong ("not brake calipers", "Jan 25 not Jan 15", "不是刹车盘"), not what
    someone is not or does not ("I'm not able to share that")."""
    return bool(re.search(r"(不是|并不是|并非)", clause) or (
        re.search(r"\bnot\b", clause, re.I) and not _SUBJECT_NOT.search(clause)))


# Words that make a bare figure an amount of money ("He says up to 5000"), not a model ("电池是21700型的").
_SAYS_MONEY = re.compile(r"(预算|费用|经费|价格|\bbudget\b|\bup to\b|\bat most\b|\bmax(?:imum)?\b|\bunder\b|"
                         r"\bno more than\b|以内|之内|不超过|最多|元|块|\brmb\b|\byuan\b|\bcny\b)", re.I)


def _count_corrected(c: Clause, product: str | None) -> bool:
    """Whether a correction changes how many, not what ("actually 5 gauges not 3" of pressure gauges, "是5台不是3台"):
    the wrong half a bare figure, the right half the figure with a counter or the product's own word."""
    said = re.search(r"(\d+)\s*([个台只件把批套支]|[A-Za-z]+)", c.right)
    if not re.fullmatch(r"\s*\d+\s*[个台只件把批套支]?\s*", c.wrong or "") or said is None:
        return False
    word = said.group(2).lower()
    return not word.isascii() or bool(product and word.rstrip("s") in product.lower())


def _wrong_is_budget(parts: Sequence[Clause], budget: Budget) -> bool:
    """Whether a correction says the budget's own figure was wrong ("不是8000，是18000" of a budget of 8,000: the bare
    figure after it is the budget; it was "这条消息里没有读到新的信息", the sixth probe)."""
    figures = {v for v in (budget.min_yuan, budget.max_yuan) if v is not None}
    for c in parts:
        said = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(万|千|k|w)?\s*(元|块)?\s*", c.wrong or "", re.I)
        if said and figures:
            value = float(said.group(1)) * {"万": 1e4, "w": 1e4, "千": 1e3, "k": 1e3}.get((said.group(2) or "").lower(),
                                                                                    1.0)
            if value in figures:
                return True
    return False


# The parts of a correction of a detail no field holds (:func:`corrects_a_detail`): a standard's number and edition
# ("GB/T 2423.10-2019", "31467.3-2015"), a figure with a unit no field holds ("720h", "1000小时", "样品5个",
# "2000 hours"), and the words around them ("不对", "应该是", "标准写错了", "sorry i meant", "not").
# (a standard's number is read by the one pattern every reader shares; a bare number with its clause, "31467.3-2015",
# is one here too)
_DETAIL_CODE = re.compile(rf"(?:{STANDARD_NUMBER.pattern}|\d+(?:\.\d+)+(?:\s*[-—–]\s*(?:19|20)\d\d)?)(?!\d|\.\d)",
                          re.I)
_DETAIL_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:(?:h|hrs?|hours?|pcs|samples?|pieces?|units?|cycles?|kv|v|hz|mm|mpa|"
                            r"kg|g|n)(?![A-Za-z])|小时|个|件|只|台|套|次|℃|°c|%)", re.I)
# (an edition said by its year: "标准改成2019版的", "change the standard to the 2019 edition")
_DETAIL_EDITION = re.compile(r"(?:19|20)\d\d\s*年?版|(?<![A-Za-z\d])(?:19|20)\d\d\s+(?:edition|version)(?![A-Za-z])",
                             re.I)
_DETAIL_WORDS = re.compile(r"(不对|不是|应该是|应为|其实是|写错了|说错了|打错了|搞错了|弄错了|错了|标准号?|版本|"
                           r"样品|样本|数量|时长|测试时间|试验时间|改成|改为|换成|是|的|了|也|啊|哦|呃|嗯|噢|"
                           r"(?<![A-Za-z])(?:sorry|oops|oh|i|we|meant|mean|not|actually|it'?s|that'?s|should|be|the|"
                           r"standard|edition|version|samples?|hours?|no|wait|make|it|was|is|change|to)(?![A-Za-z]))",
                           re.I)
_DETAIL_SAID = re.compile(rf"({_DETAIL_CODE.pattern}|{_DETAIL_FIGURE.pattern}|{_DETAIL_EDITION.pattern}|标准|版本|样品|"
                          r"样本|edition|version|samples?)", re.I)


def _only_a_detail(clause: str) -> bool:
    """Whether a clause is a standard's number, a figure with a unit no field holds or an edition, with the words of
    a correction and nothing else ("标准改成2019版的", "不是500小时是1000小时", "样品5个")."""
    rest = re.sub(r"\d+(?:\.\d+)?", "", _DETAIL_WORDS.sub("", _DETAIL_FIGURE.sub("", _DETAIL_CODE.sub(
        "", _DETAIL_EDITION.sub("", clause)))))
    # (a bare figure beside them is the wrong half: "720h not 480")
    return not re.sub(r"[\s，,。.!！?？;；:：、~～]+", "", rest)


def corrects_a_detail(body: str, text_now: str, draft: Need, today: date) -> bool:
    """Whether a correction corrects only a detail no field holds ("gb/t 31467.3 的 不对 是31467.3-2015，样品5个",
    "sorry i meant 720h not 480", "样品是10个不是5个"): every clause is a standard's number, a figure with a unit no
    field holds or the words of a correction, and nothing in it is a field's value (a budget's figure, a date, a
    place, a service, a mark)."""
    if not _DETAIL_SAID.search(body) or (_field_set(draft, "budget") and _wrong_is_budget(
            analyse(body, correction=True), draft.budget)):
        return False
    if text_now and (_holds_a_field(text_now, today) or BARE_AMOUNT.match(text_now.strip())):
        return False
    return all(_only_a_detail(c) for c in clauses(body))


# The words that set a detail inside a longer clause ("… make it the 2019 edition and budget 50k rmb"), and where such
# a clause holds another part ("and", a space between Chinese words).
_DETAIL_SET = re.compile(r"(?:\bmake (?:it|that)\b|\bchange (?:it |that |the \w+ )?to\b|\bswitch (?:it )?to\b|"
                         r"\b(?:it )?should be\b|改成|改为|换成|应该是|应为)", re.I)
_DETAIL_PIECES = re.compile(r"\s+and\s+|\s*[&＋+]\s*|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", re.I)


def _detail_within(clause: str, today: date) -> str | None:
    """The part of a clause that sets only a detail, beside a field in the same clause with no comma between ("sorry
    just checked with our buyer make it the 2019 edition and budget 50k rmb" set the budget and said nothing of the
    edition; the twenty-first probe, p206): from the words that set it to the detail's end."""
    for piece in _DETAIL_PIECES.split(clause):
        said = _DETAIL_SAID.search(piece)
        sets = [m for m in _DETAIL_SET.finditer(piece) if said is not None and m.start() <= said.start()]
        if said is None or not sets:
            continue
        detail = piece[sets[-1].start():].strip(" ，,。.")
        if _only_a_detail(detail) and not _holds_a_field(detail, today):
            return detail
    return None


def details_beside(parts: Sequence[Clause], today: date, *, correction: bool = True) -> list[str]:
    """The clauses of a message that sets a field which correct a detail no field holds beside it
    ("标准改成2019版的，预算也改成五万": the budget was set and the standard said nowhere, not even in the reply): each
    a clause of its own that :func:`_only_a_detail` reads and that holds no field's value — in a correction — or the
    part of a clause that sets a detail in so many words (:func:`_detail_within`), in any message."""
    whole = [c.text for c in parts if correction and not c.mention and _DETAIL_SAID.search(c.text)
             and _only_a_detail(c.text) and not _holds_a_field(c.text, today) and not BARE_AMOUNT.match(c.text.strip())]
    within = [d for c in parts if not c.mention and c.text not in whole and (d := _detail_within(c.text, today))]
    return whole + within


# A test's kind corrected (:func:`corrects_a_condition`): the words around the halves, and the end of a test's name.
_CONDITION_LEAD = re.compile(r"^(?:(?:不对|错了|说错了|写错了|抱歉|不好意思|应该是|应为|其实是|我说的是|而是|是|"
                             r"要做的是|(?:sorry|oops|oh|no|wait|actually|i meant|we meant|i mean|it'?s|it should be|"
                             r"should be|it was)(?![A-Za-z]))[\s,，.。!！]*)+", re.I)
_CONDITION_TAIL = re.compile(r"(?:[\s,，.。!！]*(?:的|才对|吧|啊|哦|呀|了))+[\s,，.。!！]*$|[\s,，.。!！]+$")
_TEST_END = re.compile(r"\s*(?:试验|测试|检测|检验|实验|tests?|testing)$", re.I)


def _bare_half(text: str) -> str:
    return _CONDITION_TAIL.sub("", _CONDITION_LEAD.sub("", text.strip())).strip()


def _test_cores(need: Need) -> list[str]:
    """The names of the tests the need holds, without "试验"/"test" ("盐雾试验" → "盐雾", "salt spray"): only a test's
    name read as a service, never a thing ("电池检测" names the 电池, not a kind of test)."""
    out = []
    for phrase in need.phrases.values():
        core = _TEST_END.sub("", phrase.strip()).strip()
        # (a test named by its kind alone after 做 is read so: "要做480小时的酸性盐雾" has the phrase "酸性盐雾"; the
        # twenty-first probe, p199)
        if len(core) >= 2 and (extract_service_types(phrase) or extract_service_types("做" + phrase)) \
                and not extract_product(core):
            out.append(core)
    return out


def _kind_of(half: str, cores: Sequence[str], product: str | None, today: date, *, right: bool) -> bool:
    """Whether one half of a correction names a kind of a test the need holds ("中性盐雾", "random vibration") — or,
    as the wrong half, a kind said without the test ("acetic acid", "sine") — and no thing, field or other test."""
    if product and (_squash(product) in _squash(half) or _squash(half) in _squash(product)):
        return False
    if _holds_a_value(half, today) or extract_qualifications(half):
        return False
    core = next((k for k in cores if k.casefold() in half.casefold()), None)
    if core is None:
        # (the test's name with another kind than the one it is held by: "中性盐雾" of "酸性盐雾试验" was read as a
        # change of the service, its words lost; the twenty-first probe's leftovers)
        core = next((base for k in cores if len(base := _TEST_KIND.sub("", k).strip()) >= 2
                     and base.casefold() in half.casefold()), None)
    kind = _TEST_END.sub("", re.sub(re.escape(core), " ", half, flags=re.I) if core else half).strip(" 的")
    if (core is None and right) or (right and not kind) or extract_service_types(kind):
        return False
    return len(kind.split()) <= 3 if kind.isascii() else len(kind) <= 6


# What is said around a correction and is no half of it: a pause, what was checked, how it went wrong ("等下 我问了下
# 是随机的 不是正弦", "不对 是中性的 我看错客户的要求了").
_CONDITION_ASIDE = re.compile(r"^(?:等下|等一下|等等|稍等|(?:我|刚才?|刚刚)?(?:问|确认|核对|查|看)了(?:一)?下|"
                              r"[^，,。.]{0,12}(?:看|搞|记|听|弄|写|说|打)错[^，,。.]{0,12}|"
                              r"(?:sorry|oops|wait|hold on)?\s*(?:i|we)\s+(?:just\s+)?(?:checked|asked|misread)\b.*)$",
                              re.I)
# A kind said by itself as what the test is ("是中性的", "the neutral one"), the test understood.
_ONE_SAID = re.compile(r"^(?:the|a)\s+|\s+one$", re.I)
_KIND_SAID = re.compile(r"^(?:是|应该是|其实是|而是)?\s*\S{1,4}?\s*的\s*[。.!！]*$|^(?:it'?s\s+)?the\s+\w+\s+one\b",
                        re.I)


def _kind_alone(half: str, product: str | None, today: date) -> bool:
    """Whether a half names a kind by itself ("中性", "随机"): short, and no thing, field, mark or service."""
    if product and (_squash(product) in _squash(half) or _squash(half) in _squash(product)):
        return False
    if _holds_a_value(half, today) or extract_qualifications(half) or extract_service_types(half) \
            or extract_product(half):
        return False
    return len(half.split()) <= 2 if half.isascii() else len(half) <= 4


def corrects_a_condition(parts: Sequence[Clause], need: Need, today: date) -> bool:
    """Whether a correction corrects the kind of a test the need holds, not a field ("是中性盐雾不是酸性盐雾" of a
    salt spray test made the product "中性盐雾"; "sorry, neutral salt spray not acetic acid"; "不对 是随机振动 不是正弦
    振动"): every half it says now names a kind of that test, every wrong half a kind of it or a kind alone, and none
    the product or a field's value. The kind said now may stand alone where the wrong half is a part of the test's
    name ("是随机的 不是正弦" of a 正弦振动试验) or where it is said as what the test is ("不对 是中性的" of an acid
    salt spray: the product became "中性"; the twenty-first probe, p199, p205)."""
    cores = _test_cores(need)
    said = [c for c in parts if not _CONDITION_ASIDE.match(c.text.strip(" ，,。.!！"))]
    rights = [h for h in (_ONE_SAID.sub("", _bare_half(c.right)) for c in said) if h]
    wrongs = [h for h in (_bare_half(c.wrong) for c in said) if h]
    if not cores or not rights or any(c.mention or c.negated for c in parts):
        return False
    # (the name of a test, said with its 试验/test: "团体标准" within "制定一个团体标准" is no kind of a test, and
    # "是企业标准，不是团体标准" changes the service's words as before; the first probe's p06)
    tests = [_TEST_END.sub("", p.strip()).strip() for p in need.phrases.values() if _TEST_END.search(p.strip())]
    in_name = any(w.casefold() != k.casefold() and w.casefold() in k.casefold() for w in wrongs for k in tests
                  if k in cores)
    as_kind = not wrongs and all(_KIND_SAID.match(c.right.strip()) for c in said if _bare_half(c.right))
    # (a wrong half said in so many words, or the kind said as what the test is: "Actually drop the training, just
    # the calibration" of two services named neither as a kind, and the training stayed; the fifteenth probe, p148)
    if not wrongs and not as_kind:
        return False
    return all(_kind_of(h, cores, need.product, today, right=True)
               or ((in_name or as_kind) and _kind_alone(h, need.product, today)) for h in rights) and all(
        _kind_of(h, cores, need.product, today, right=False) for h in wrongs)


# The kinds of a test a correction may name ("中性盐雾", "是随机的", "the neutral one"), longest first.
_TEST_KIND = re.compile(r"(?<![A-Za-z])(铜加速醋酸|中性|酸性|醋酸|交变|恒定|随机|正弦|扫频|定频|"
                        r"copper[- ]accelerated acetic acid|acetic acid|neutral|acetic|acid|random|sine|sinusoidal|"
                        r"cyclic|constant)(?![A-Za-z])", re.I)


def kind_corrected(parts: Sequence[Clause], need: Need) -> dict[ServiceType, str]:
    """The enterprise's words for a test with the kind a correction names in place of the wrong one (of a correction
    :func:`corrects_a_condition` reads): the wrong kind as said ("是中性盐雾不是酸性盐雾"), or, said alone ("不对 是中性
    的"), the one kind the words name ("酸性盐雾" → "中性盐雾"). Words that name no kind ("盐雾试验") are left as
    they are (the title kept "…酸性盐雾需求" after "不对 是中性的"; the twenty-first probe, p199)."""
    said = [c for c in parts if not _CONDITION_ASIDE.match(c.text.strip(" ，,。.!！"))]
    right = next((m.group(0) for c in said if (m := _TEST_KIND.search(_ONE_SAID.sub("", _bare_half(c.right))))), None)
    if right is None:
        return {}
    wrongs = [m.group(0).casefold() for c in said for m in _TEST_KIND.finditer(_bare_half(c.wrong))]
    out: dict[ServiceType, str] = {}
    for service, phrase in need.phrases.items():
        named = list(dict.fromkeys(m.group(0).casefold() for m in _TEST_KIND.finditer(phrase)))
        wrong = next((w for w in wrongs if w in named), None) if wrongs else (named[0] if len(named) == 1 else None)
        if wrong is None or wrong == right.casefold():
            continue
        at = phrase.casefold().find(wrong)
        out[service] = phrase[:at] + right + phrase[at + len(wrong):]
    return out


def _same_budget(a: Budget, b: Budget) -> bool:
    """Whether two budgets hold the same amount, whatever words each was read from ("the budget to 50k" of 5万 was
    "预算改为：5万元（原为：5万元）"; found with the twenty-first probe): in yuan, the band and currency; in another
    currency, its amount as said too (that is all it holds)."""
    return (a.min_yuan, a.max_yuan, a.currency) == (b.min_yuan, b.max_yuan, b.currency) and (
        a.currency == "CNY" or a.amount_text == b.amount_text)


def _split_wrong(text: str) -> tuple[str, str]:
    """(the wrong half, the right half) of a correction clause: "不是检测而是失效分析", "not CNAS but a lab holding a
    secrecy qualification", "a CNAS report instead of a CMA one", "不是支架" (all wrong)."""
    m = _WRONG_MARK.search(text)
    assert m is not None
    before, after = text[:m.start()], text[m.end():]
    if m.group(0).casefold() in ("rather than", "instead of"):
        return after, before
    pivot = _AFTER_WRONG_PIVOT.search(after)
    if pivot is not None and pivot.start() > 0:
        return after[:pivot.start()], (before + " " + after[pivot.end():]).strip()
    return after, before.strip()


def understand(draft: Need, state: DialogueState, message: str, *, today: date, read: TextReader,
               said: str = "") -> tuple[Need, DialogueState, Move]:
    """The draft and the state after the enterprise's next message, and what the message did. ``read`` reads a
    text whole (rules and the semantic head); ``said``: everything the enterprise said before, for declines."""
    body = not_only_as_also(clean_text(message))
    need = draft.model_copy(deep=True)
    st = state.model_copy(deep=True)
    st.turn += 1
    move = Move()
    asked = st.asked
    # A message that opens as a correction and says what was wrong is one ("Sorry, not brake calipers, brake discs."
    # was "I could not tell what to correct"); one that only opens with "actually" and asks for more adds to the
    # need ("Actually, we also need a vibration test." was too; the sixth probe).
    opens = _OPENING_SOUND.sub("", body)
    correction = bool(CORRECTION.search(body)) or bool(
        OPENS_AS_CORRECTION.match(opens) and not _refuses(body) and any(_says_wrong(c) for c in clauses(body)))
    if correction and _ADDS.search(body) and not _WRONG_MARK.search(body) and all(
            m.group(0).casefold() in ("actually", "其实") for m in CORRECTION.finditer(body)):
        correction = False
    meaning = field_meaning(body, asked=asked, today=today)
    if meaning is not None:
        # what a field means, and nothing else: answered, the asked question not used up by it
        move.asked_about, move.question_back = f"meaning:{meaning}", True
        move.add("question")
        if asked is not None:
            st.asks[asked] = max(0, st.asks.get(asked, 0) - 1)
        return need, st, move
    parts = analyse(body, correction=correction)
    if any(c.mention for c in parts):
        move.add("mention")
    move.background = work_done(parts, today)
    # A region widened: the clauses that say how wide are read for the region alone (no product, service or place
    # held in them; "长三角都可以" became the product, a new user's trial, 2026-11-29).
    wider = widened_region(body, draft.region)
    if wider is not None:
        for c in parts:
            if widens_region(c.text):
                c.mention = True
    said_now = [c.asks for c in parts if c.asks]
    text_now = "，".join(said_now)

    # Field readings from what the message says now: not its mentions of past or own work, not what it rules out,
    # not the wrong half of a correction.
    region, local_only = extract_region(text_now) if text_now else (Region(), False)
    # (a price per item counts the items said before: "一共十二个样品", then "一个样品六百左右"; the eighteenth probe)
    budget = extract_budget(text_now, counted_in=said) if text_now else Budget()
    figure_for_figure = correction and _field_set(draft, "budget") and _wrong_is_budget(parts, draft.budget)
    # (a budget left open with "I'll ask" and given later: "He says up to 5000" was "I found nothing new"; the sixth
    # probe)
    come_back = "budget" in st.declined and not _field_set(draft, "budget") and bool(_SAYS_MONEY.search(text_now))
    if budget.is_empty and text_now and (asked == "budget" or come_back or BARE_AMOUNT.match(text_now) or (
            correction and _field_set(draft, "budget") and (MONEY_FIGURE.search(text_now) or figure_for_figure)
            and extract_deadline(text_now, today) is None)) and not _refuses(body):
        # a bare "五千以内" answering "how much?" — or answering another question: an amount is a budget, never a
        # product (it became the product, and the title "五千以内卫生性能检测需求"); a figure written as money
        # correcting the budget ("Sorry, make that 15,000", as "改成一万五" is; the fifth probe)
        budget = extract_budget("预算" + text_now, counted_in=said)
    if budget.is_empty and text_now and not _refuses(body) and (
            bare := next((c for c in clauses(text_now) if BARE_AMOUNT.match(c)), None)) is not None:
        # … and a clause of its own beside others ("五千以内 然后刚才有两个说错了 厂在常州不在无锡 …" while the service
        # was asked: both corrections were taken and the budget lost; the nineteenth probe, p179)
        budget = extract_budget("预算" + bare, counted_in=said)
    if _field_set(draft, "budget") and (unit := respoken(draft.budget, body)) is not None:
        # the budget's unit or currency corrected alone ("单位打错了 是万不是千" of 八千 read "万" as 1万; "oops sorry
        # that was USD not RMB" became the product; the twentieth probe, p189, p196): the held amount, respoken
        budget = unit
    deadline = extract_deadline(text_now, today) if text_now else None
    if deadline is None and text_now and said and not _refuses(body):
        # set against an event named with its day earlier in the chat ("12月20号要去参加一个展会", then
        # "展会前一个礼拜要拿到报告" was lost; the nineteenth probe, p181, p188)
        deadline = event_deadline(text_now, today, said=said)
    if deadline is None and text_now and not _refuses(body):
        # a month or a span said as the new time beside another change ("预算改成10万以内吧，时间放宽到明年3月"
        # changed the budget alone; "… and give us 6 weeks instead" too; a new user's trial, 2026-11-29); before
        # the words that set a value are taken away below, which read "改到明年2月" as "2月内", two months
        deadline = time_moved_to(text_now, today)
    if deadline is None and text_now and not _refuses(body):
        # "Actually make it mid-January.": the words that set it are no part of the date (read none; the eighth
        # probe)
        # ("No wait, make it three weeks.": a span, as an answer to "by when?" is read)
        for said_now_clause in clauses(text_now):
            bare = _SET_TO.sub("", said_now_clause)
            if bare != said_now_clause and (deadline := extract_deadline(bare, today) or extract_deadline(
                    "within " + bare, today) or extract_deadline(bare + "内", today)) is not None:
                break
    if deadline is None and asked == "deadline" and text_now and not _refuses(body):
        deadline = extract_deadline(text_now + "内", today) or extract_deadline("within " + text_now, today)
    if deadline is None and text_now and not _refuses(body):
        # "上个月底前要", "需要在2025年3月前完成": a date already past is no deadline (the card refuses it too); said
        # back, and the deadline asked again
        move.past_deadline = passed_deadline(text_now, today, answer=asked == "deadline")
    # A request for secrecy may be said as a negation ("不要对外公开"): read from all but the mentions.
    # Nor from a question back ("能公开吗", "需要保密吗？"): a question says nothing either way; it is answered.
    # (a question in English ends with its mark alone, which the clauses drop: "Can you keep our details
    # confidential?" marked the need confidential, where "你们能保密吗？" did not; the eighth probe)
    asked_here = question_clauses(body)
    live_text = without_questions("，".join(c.text for c in parts if not c.mention and not (
        c.text.strip() and any(c.text.strip() in q for q in asked_here))))
    # Leave to name the enterprise ("公司名可以公开", "no need to stay anonymous") is about its name alone: it neither
    # makes the need public nor asks for secrecy.
    naming = allows_naming(live_text) if live_text else False
    confidential_on = is_confidential(without_naming(live_text)) if live_text else False
    confidential_off = says_not_confidential(without_naming(without_questions(body)))
    move.asked_about = asked_about(body)
    if move.asked_about is None and _RECOMMEND.search(body) and (
            not draft.service_types or st.settled.get("service_types") == "guess") \
            and not any(w.search(body) for w in FIELD_WORDS.values()) and not _QUAL_WORDS.search(body) \
            and not qualifications_left_open(body):
        # "不知道，你们推荐吧" while the service is open or a default: which service fits (it read as declining the
        # region then asked; probe24's p237)
        move.asked_about = "which_service"
    gave_up_service = "service_types" in st.given_up or "service_types" in st.declined

    def settle(name: str, how: str) -> None:
        st.settled[name] = how
        st.origin[name] = st.turn

    def may_change(name: str) -> bool:
        """A value the enterprise set or corrected changes only when it says so again: a correction, an answer to
        that field's question, or a new amount or date said in so many words (a place only with words that say it
        is the enterprise's, or where it looks: "我们在杭州", "找本地的")."""
        if name not in st.settled or correction or asked == name or name in ("budget", "deadline"):
            return True
        return name == "region" and bool(_REGION_CUE.search(text_now))

    def how(name: str) -> str:
        return "correction" if correction and _field_set(draft, name) else ("answer" if asked == name else "said")

    # ---- region, budget, deadline
    if wider is not None:
        old_region = _field_set(need, "region")
        need.region, need.local_only = wider[0], False
        settle("region", "correction" if old_region else how("region"))
        if wider[0].province is None:
            settle("region", "widened")  # open by the enterprise's word: not asked again, nor listed as not given
            if "region" not in st.declined:
                st.declined.append("region")
        move.changed["region"] = f"widened:{wider[1]}"
    elif region.province and may_change("region") and (region.province, region.city) != (
            need.region.province, need.region.city):
        corrected = _field_set(need, "region")
        need.region = region
        settle("region", how("region"))
        move.changed["region"] = "corrected" if corrected else "set"
    elif region.province and _field_set(need, "region") and (region.province, region.city) == (
            need.region.province, need.region.city):
        move.restated.append("region")
    if local_only and not need.local_only:
        need.local_only = True
        move.changed["local_only"] = "set"
    elif _NOT_LOCAL.search(body) and need.local_only:
        need.local_only = False
        move.changed["local_only"] = "corrected"
    if not budget.is_empty and may_change("budget") and not _same_budget(budget, need.budget):
        corrected = _field_set(need, "budget")
        need.budget = budget
        settle("budget", how("budget"))
        move.changed["budget"] = "corrected" if corrected else "set"
    elif not budget.is_empty and _same_budget(budget, need.budget):
        move.restated.append("budget")
    if deadline is not None and may_change("deadline") and deadline == need.deadline:
        move.restated.append("deadline")
    if deadline is not None and may_change("deadline") and deadline != need.deadline:
        corrected = _field_set(need, "deadline")
        need.deadline = deadline
        settle("deadline", how("deadline"))
        move.changed["deadline"] = "corrected" if corrected else "set"

    # ---- confidentiality
    if confidential_off and need.confidential:
        need.confidential = False
        need.redactions = []
        settle("confidential", "correction")
        move.changed["confidential"] = "corrected"
    elif confidential_off and not need.confidential and "confidential" not in st.settled:
        settle("confidential", how("confidential"))  # said for the first time: 否 on the card, not 未说明
        move.changed["confidential"] = "set"
    elif confidential_on and need.confidential:
        move.restated.append("confidential")
    elif confidential_on and not need.confidential:
        need.confidential = True
        need.redactions = list(dict.fromkeys(need.redactions + redaction_candidates(live_text)))
        settle("confidential", how("confidential"))
        move.changed["confidential"] = "set"
    # ---- a wish not to be named, said apart from secrecy ("可以公开，但别写我们公司名"): the need stays public,
    # and the enterprise's name (publish.secrets_of) and any company named in what it wrote are never shown
    # A later leave to name it ("可以写公司名", "you can use our name") undoes the wish, and the redactions of the
    # company names it brought (a confidential need keeps them: its secrecy withholds who it is as well).
    if naming and need.anonymous:
        need.anonymous = False
        if not need.confidential:
            names = set(company_names(f"{said}\n{body}"))
            need.redactions = [r for r in need.redactions if r not in names]
        move.changed["anonymous"] = "corrected"
    elif live_text and wants_anonymity(live_text) and not need.anonymous:
        need.anonymous = True
        move.changed["anonymous"] = "set"
    if need.anonymous:
        need.redactions = list(dict.fromkeys(need.redactions + company_names(f"{said}\n{body}")))
    # ---- the customer not to be named ("just please dont mention the customer's name anywhere" was not read, and
    # "oh" became the product; the twentieth probe, p198): the companies named in what was written never shown
    if live_text and customer_unnamed(live_text):
        need.redactions = list(dict.fromkeys(need.redactions + company_names(f"{said}\n{body}")))
        move.changed["customer_name"] = "set"

    # ---- qualifications: removed (and kept removed) when ruled out, added when asked for now; a mark only wished
    # for ("最好能有CMA，没有也行", "CNAS is nice to have but not required") is a preferred one, never ruled out by its
    # "not required", and a later must ("必须要CMA") makes it required
    # (intake.extract.service_types.split_qualifications)
    marks_said = "，".join(c.text if not c.mention and OPTIONAL.search(c.text) else c.asks for c in parts)
    _required, wished_now = split_qualifications(marks_said) if marks_said.strip("，") else ([], [])
    for c in parts:
        ruled = c.text if c.negated and not c.mention else c.wrong
        for q in extract_qualifications(NEGATION.sub(" ", ruled)) if ruled else []:
            if q in wished_now:
                continue
            if q in need.qualifications:
                need.qualifications = [x for x in need.qualifications if x != q]
                move.changed["qualifications"] = "removed"
                move.add("negation")
            if q in need.preferred_qualifications:
                need.preferred_qualifications = [x for x in need.preferred_qualifications if x != q]
                move.changed["preferred_qualifications"] = "removed"
                move.add("negation")
            if q not in st.removed_qualifications:
                st.removed_qualifications.append(q)
    for q in [q for c in parts if c.asks for q in extract_qualifications(c.asks) if q not in wished_now]:
        if q not in need.qualifications:
            if q in st.removed_qualifications:
                st.removed_qualifications.remove(q)  # asked for again, in so many words
            if q in need.preferred_qualifications:  # wished before, a must now
                need.preferred_qualifications = [x for x in need.preferred_qualifications if x != q]
                move.changed["preferred_qualifications"] = "moved"
            need.qualifications = [*need.qualifications, q]
            need.qualifications_open = False  # a mark required now: no longer left to the platform
            move.changed["qualifications"] = "set" if move.changed.get("qualifications") != "removed" \
                else "corrected"
    for q in wished_now:
        if q in need.preferred_qualifications:
            continue
        if q in st.removed_qualifications:
            st.removed_qualifications.remove(q)
        if q in need.qualifications:  # required before, a wish now ("CMA没有也行")
            need.qualifications = [x for x in need.qualifications if x != q]
            move.changed["qualifications"] = "moved"
        need.preferred_qualifications = [*need.preferred_qualifications, q]
        move.changed["preferred_qualifications"] = "set"
    # ---- the qualification left to the platform ("不知道要啥资质，你们看着办"): none required, the provider or the
    # association may suggest one; settled as the enterprise's answer, so the submission's LLM pass keeps it
    if not need.qualifications and not need.qualifications_open and qualifications_left_open(body):
        need.qualifications_open = True
        settle("qualifications", "answer")
        move.changed["qualifications"] = "open"

    # ---- a detail no field holds, corrected: no field changes; the message is said back and kept in the
    # description (the product and the title became "样品5个", "i meant 720h")
    if correction and not move.changed and (corrects_a_detail(body, text_now, draft, today)
                                            or corrects_a_condition(parts, draft, today)):
        # (a test's kind, too: "是中性盐雾不是酸性盐雾" of a salt spray test made the product "中性盐雾")
        if corrects_a_condition(parts, draft, today) and (worded := kind_corrected(parts, need)):
            # … and where the enterprise's words for the test name the wrong kind, they change: the card and the
            # title said "酸性盐雾" after "不对 是中性的" (the twenty-first probe, p199)
            need.phrases = {**need.phrases, **worded}
            settle("service_types", "correction")
            move.changed["service_types"] = "corrected"
            move.kept = True
            move.add("correction")
            return need, st, move
        move.details = [body.strip(" ，,。.；;")]
        move.add("correction")
        return need, st, move
    if (move.changed or move.restated) and (beside := details_beside(parts, today, correction=correction)):
        # … and beside a field it sets ("标准改成2019版的，预算也改成五万": the standard was said nowhere): said back
        # and kept, and read for nothing else
        move.details = beside
        parts = [c for c in parts if c.text not in beside]

    # ---- service types
    # (a correction whose wrong half names a test the need holds corrects the tests: "不是盐雾，是高低温和湿热" of
    # "振动和盐雾这些环境试验" made "高低温和湿热" the product; a variant of a new user's trial, 2026-11-29)
    for c in parts if correction and ServiceType.inspection_testing in need.service_types \
            and not need.phrases.get(ServiceType.inspection_testing) else []:
        # the tests a list said before names, taken up where the card kept none for them, so that the correction
        # rewrites them ("不是盐雾，是高低温和湿热" of "振动和盐雾这些环境试验"; a new user's trial, 2026-11-29)
        if c.wrong and (listed := tests_said_before(c.wrong, draft.text)):
            need.phrases = {**need.phrases, ServiceType.inspection_testing: join_phrase_items(listed)}
            break
    named_instead = correction and any(x.right and extract_product(x.right) for x in parts)
    tests_corrected = correction and any(
        c.wrong and (_names_held_test(c.wrong, need)
                     or (not named_instead and _said_before(c.wrong, draft.text, need.product)))
        for c in parts)
    _service_types(need, st, move, parts=parts, correction=correction, asked=asked, body=body, read=read)

    # ---- the kind of service proposed to "which fits?", taken by a yes that says nothing else ("好的，就按你说的",
    # "ok, go with that" picked nothing; the twelfth and thirteenth probes)
    proposal = [ServiceType(t) for t in st.proposed]
    st.proposed = []
    if proposal and asked == "service_types" and not need.service_types and "service_types" not in move.changed \
            and ACCEPTS.match(body):
        need.service_types = proposal
        settle("service_types", "answer")
        move.changed["service_types"] = "set"
    elif move.asked_about == "which_service" and not need.service_types:
        st.proposed = [t.value for t in suggested_service(f"{draft.text}\n{body}")]

    # ---- product: what the message names, never a sentence about another field
    if not (tests_corrected and not any(_PRODUCT_CUE.search(c.text) or _PRODUCT_WRONG.search(c.text)
                                        or _names_held_product(c.wrong, need.product) for c in parts)):
        _product(need, st, move, parts=parts, body=body, asked=asked, correction=correction, today=today)

    # ---- a value withdrawn ("预算还没定，先不填吧" of 5万 kept the budget and said "nothing new"; a new user's trial,
    # 2026-11-29): cleared, left open (listed as not given, not asked again), said as cleared
    for name, marks in withdrawn(body, need, today):
        if name in move.changed:
            continue
        if name == "qualifications":
            need.qualifications = [q for q in need.qualifications if marks and q not in marks]
        elif name == "budget":
            need.budget = Budget()
        elif name == "deadline":
            need.deadline = None
        elif name == "region":
            need.region, need.local_only = Region(), False
        st.settled.pop(name, None)
        st.origin[name] = st.turn
        if name in ASKABLE_FIELDS and name not in st.declined:
            st.declined.append(name)
        move.changed[name] = "withdrawn"
        move.add("refusal")

    # ---- declines and the asked field
    declined = _declined(body, said, asked)
    for name in declined:
        if name not in st.declined and not _field_set(need, name):
            st.declined.append(name)
            # "越快越好" declines a date but says when: "as soon as possible", said back as such
            move.changed.setdefault(name, "asap" if name == "deadline" and deadline_asap(body) else "declined")
            move.add("refusal")
    if asked is not None and (asked in move.changed or asked in declined):
        move.answered = True
        if asked in move.changed:
            move.add("correction" if move.changed[asked] in ("corrected", "narrowed") else "answer")
    elif asked is not None and move.past_deadline is not None:
        # the deadline is asked again first; the question this message left open is not used up by it (it was never
        # asked again, nor listed as not given)
        st.asks[asked] = max(0, st.asks.get(asked, 0) - 1)
    elif asked is not None and not move.changed and not declined and not _present(need) and (
            move.asked_about or asks_beside(body, today) or (QUESTION_WORDS.search(body)
                                                             and re.search(r"[？?]|吗|呢", body))):
        # a question back, and nothing else, before the enterprise has said anything of its need ("Before I describe
        # anything: who can see what I type here?"): the question it has not answered yet is not used up by it (two
        # such questions left the service "not given" before it was ever answered; the seventh probe, p72). Once the
        # need is under way, a question back still leaves the asked field unanswered (dlg-034).
        st.asks[asked] = max(0, st.asks.get(asked, 0) - 1)
    elif asked is not None and st.asks.get(asked, 0) >= 2 and asked not in st.given_up \
            and not _askable_done(need, asked):
        st.given_up.append(asked)  # asked twice, answered neither time: listed as not given, not asked again
    _service_left_open(need, st, move, body=body, said=said, before=gave_up_service)
    if correction and any(v in ("corrected", "removed", "narrowed") or v.startswith("widened:")
                          for v in move.changed.values()):
        move.add("correction")
    if [n for n in move.changed if n != asked]:
        move.add("new_info" if not correction else "correction")
    # (a value said again is no ask to change it: "… and the budget to 50k too" of 5万 asked the budget again)
    if not move.changed and not declined and move.past_deadline is None and move.asked_about is None \
            and not asks_beside(body, today) and not move.restated:
        move.reopened = reopens(body)
    if move.reopened is not None:
        move.add("correction")
    elif move.asked_about or asks_beside(body, today) or (not move.changed and not declined
                                                          and QUESTION_WORDS.search(body)
                                                          and re.search(r"[？?]|吗|呢", body)):
        move.question_back = True
        move.add("question")
    # "哦不对，是想找人帮我们看看配方怎么改": the enterprise says the card is wrong, but no field could be read from
    # it; the reply says so rather than going on as if nothing was said.
    move.preferences = preferences(body, local_taken=need.local_only)
    if move.preferences:
        move.add("new_info")
    move.unread_correction = not move.changed and not declined and not move.question_back \
        and not move.restated and not move.preferences \
        and move.past_deadline is None and bool(OPENS_AS_CORRECTION.match(_OPENING_SOUND.sub("", body)))
    if not move.changed and not declined:
        move.courtesy = courtesy_of(body)

    # A short answer ("Suzhou.", "十天内") says nothing of the language the enterprise writes in.
    if len(re.findall(r"[\u3400-\u9fffA-Za-z]", body)) >= 15:
        # nor does one sentence in another language: the need's language is that of what it says as a whole (one
        # English answer in a Chinese conversation titled the need "茶叶: 农残检测"; the fifth probe)
        language = detect_language(f"{draft.text}\n{body}")
        # (nor does a short English one with too few words to tell, "Budget: negotiable.": read as Chinese, it
        # turned an English need's title into "encrypted radio modulesEMC需求")
        if language == "en" or len(re.findall(r"[\u3400-\u9fff]", body)) >= 5:
            need.language = language  # type: ignore[assignment]
    return need, st, move


def _service_left_open(need: Need, st: DialogueState, move: Move, *, body: str, said: str, before: bool) -> None:
    """The service the enterprise could not name, once the chat stops asking for it: after the categories were offered
    (asked twice, answered neither time) or a refusal ("不太清楚要做什么", "Not sure what service we need"), the kinds
    what it has said points to (:func:`likely_service`) are taken as a default it may change (kept as a guess, so a
    later pick replaces it), and said so; when they point to none, the reply says plainly that the service is left
    open. Later, a message that points to a kind while the service is still open sets the default from its words
    ("硬度不够吧可能" after "轴"; probe22's p214, probe24's p233, p235, p237: the service was left empty with a bare
    next question, and a symptom said later was not heard)."""
    if need.service_types or ("service_types" in move.changed and move.changed["service_types"] != "declined"):
        return
    now = "service_types" in st.given_up or "service_types" in st.declined
    if not now:
        return
    kinds = likely_service(body) if before else likely_service(f"{said}\n{body}")
    if kinds:
        need.service_types = [t for t in ServiceType if t in kinds]
        st.settled["service_types"] = "guess"
        st.origin["service_types"] = st.turn
        # (said as taken from this message when the service was left open before: "不确定也没关系" answered no doubt
        # the enterprise had just said; probe22's p209, p214)
        move.changed["service_types"] = "suggested" if before else "default"
    elif not before:
        move.changed["service_types"] = "left_open"


# The words that set a value in a correction, before it ("make it", "change it to"); in Chinese too, and back to
# the first answer ("刚才领导说三个月太久了，改成两个月" made the product "改成两个月", and "算了，还是按原来的
# 三个月吧" read no date; the eleventh probe: p112); and after it ("four weeks as I first said", p118).
_SET_TO = re.compile(r"^\s*(?:(?:actually|sorry|no|ok|okay|oh|wait|hmm|um)[,.!]?\s+)*(?:please\s+)?"
                     r"(?:make|change|set|move|push|bring|go back to|back to|keep)\s+(?:(?:it|that|this|the deadline|"
                     r"the date)\s+)?(?:back\s+|forward\s+)?(?:to\s+)?|"
                     r"^\s*(?:那|那就|就|还是|干脆|时间|期限|工期)?\s*(?:改成|改为|改到|换成|定成|定为|按|照|回到|用)\s*"
                     r"(?:原来|原先|之前|最早|最初|一开始|刚开始|开始)?\s*(?:的|说的|定的)?\s*|"
                     r"\s*(?:吧|啊|呀|好了|就行|就好|as (?:I|we) (?:first |originally )?said|as (?:first |originally )?"
                     r"(?:said|planned)|as before|like (?:I|we) said)\s*[.!。！]?\s*$", re.I)


# A month said as the new time ("时间放宽到明年3月", "交期改到明年2月"): the month's end. Only where the clause names
# the time and says it moves to the month, never a month said in passing ("3月份的时候坏过一次"). A span given
# ("give us 6 weeks instead", "allow 2 more months") runs from today, as "within" one does.
_MONTH_MOVED = re.compile(r"(?:时间|期限|交期|工期|截止日期|截止时间|日期|交货期|周期)[^，,。；;]{0,6}?"
                          r"(?:放宽|放到|延|推|改|调|定|提前|换|挪)[^，,。；;]{0,3}?(?:到|至|成|为|在)\s*"
                          r"(?P<month>(?:明年|今年|下一?年|\d{4}\s*年)?\s*[\d一二三四五六七八九十]{1,3}\s*月份?)"
                          r"(?![\d一二三四五六七八九十底初中上下旬号日前内])")
_SPAN_GIVEN = re.compile(r"\b(?:give|allow)\s+(?:us|them|me)?\s*(?:another\s+|an extra\s+)?"
                         r"(?P<span>(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
                         r"(?:weeks?|months?|days?))\b", re.I)


def time_moved_to(text: str, today: date) -> date | None:
    """The deadline a clause moves the time to by a month alone or a span given (:data:`_MONTH_MOVED`,
    :data:`_SPAN_GIVEN`), which the date reader does not read as one ("明年3月" alone is no date to it)."""
    for clause in clauses(text):
        month, span = _MONTH_MOVED.search(clause), _SPAN_GIVEN.search(clause)
        found = (extract_deadline(re.sub(r"份$", "", month.group("month")) + "底", today) if month else None) or (
            extract_deadline("within " + span.group("span"), today) if span else None)
        if found is not None:
            return found
    return None


# What a question asks beyond whether an answer will do ("可以吗", "行吗", "is that ok?").
_WILL_IT_DO = re.compile(r"(可以吗|行吗|好吗|对吗|是吗|行不行|可不可以|[？?吗呢么吧啊，,。.\s])", re.I)
_WILL_IT_DO_END = re.compile(r"[，,\s]*(可以吗|行吗|好吗|行不行|可不可以|可以不)[？?。.！!\s]*$")
# Words that ask to move the need's own value ("时间能不能宽松点", "预算能不能再加点"), not the platform's.
_LOOSENS = re.compile(r"(宽松|放宽|延后|推迟|往后|延长|延期|提前|加点|加一点|多给|高点|低点|少点|再加)")
_ASKS_EN = re.compile(r"\b(how|what|which|when|where|who|can you|could you|will you|would you|do you|are you)\b", re.I)
# Words that ask to change a value, said of a field with no new value beside them (:func:`reopens`).
# (the words that loosen a value, _LOOSENS, and more)
_REOPENS = re.compile(rf"({_LOOSENS.pattern}|再多|"
                      r"调整|调高|调低|改一下|改改|换个|换一下|变一下|\braise\b|\bincrease\b|\blower\b|\breduce\b|\bextend\b|"
                      r"\bpush (?:it |the \w+ )?back\b|\bpostpone\b|\bchange\b|\badjust\b|\bmove\b|\bbigger\b|"
                      r"\bhigher\b)", re.I)
_MORE_TIME = re.compile(r"(多给(?:点|些|一点)?时间|\b(?:more|extra) time\b)", re.I)


def reopens(body: str) -> str | None:
    """The field a message asks to change without saying to what ("预算能不能再加点？", "时间能不能再宽松点？",
    "Can we raise the budget a bit?", "Could we have more time?"), or None. Read only of a message that set no value:
    one that says the new value is a correction, read as one."""
    if _MORE_TIME.search(body):
        return "deadline"
    if not _REOPENS.search(body):
        return None
    named = [n for n, words in FIELD_WORDS.items() if words.search(body)]
    return named[0] if len(named) == 1 else None


# (also "商标注册你们这里能办吗", "RoHS你们也能做吗": answered with how the platform goes on, and nothing added; the
# seventh probe)
_ASKS_TO_DO = re.compile(r"(\bcan you\b|\bcould you\b|能不能|能否|可不可以|可以|你们能|能帮|"
                         r"(?:你们|贵方|这里|这边|平台)[^，。；]{0,4}(?:也|都)?(?:能|可以)(?:办|做|测|出|接|帮))", re.I)


def asks_beside(body: str, today: date | None = None) -> bool:
    """Whether a message asks the platform something of substance, whatever else it says ("预算还没批下来，不方便说。
    你们会把我们的联系电话给机构吗？": the refusal was taken and the question left unanswered; the fifth probe). Not
    a question why the product fails (the problem), nor one that only asks whether the answer will do ("预算两万，可以
    吗？", and, with ``today``, "三月底前行吗"), nor one that asks to loosen the need's own value ("时间能不能宽松点？":
    it got how the platform goes on; the tenth probe's variants)."""
    for q in question_clauses(body):
        if not QUESTION_WORDS.search(q) or _WHY.search(q):
            continue
        if _LOOSENS.search(q) and any(w.search(q) for w in FIELD_WORDS.values()):
            continue
        value = _WILL_IT_DO_END.sub("", q)
        if today is not None and value != q and _holds_a_value(value, today, places=False):
            continue
        if _ASKS_TO_DO.search(q) and (extract_service_types(q) or _bare_test(q)) and asked_about(q) is None:
            continue  # "Can you also check RoHS?", "你们能顺便做一下RoHS检测吗？": a request, answered as one (it got
            # how the platform goes on; the sixth probe)
        if q.isascii():
            if _ASKS_EN.search(q):
                return True
        elif len(_WILL_IT_DO.sub("", q)) >= 4:
            return True
    return False


def _refuses(body: str) -> bool:
    return bool(REFUSAL.match(body) or BARE_REFUSAL.match(body))


# (and what is to be done, "要做的是EMC测试": it was said "服务类型改为：要做的是EMC测试 → 检验检测"; the
# sixteenth probe)
_RIGHT_LEAD = re.compile(r"^\s*((?:我们)?(?:要|需要|想|想要)?做的是|要的是|我们要的是|需要的是|应该是|其实是|而是|"
                         r"就是|是|改成|改为)")
_RIGHT_TRIM = " ，,。.而的"
_HEAD = re.compile(r"[\u4e00-\u9fff]{2}$")


def _same_kind(wrong: str, right: str) -> bool:
    """Whether the two halves of a correction end in the same head word ("团体标准" / "企业标准"), the right half
    being no longer than a name."""
    a, b = _HEAD.search(wrong.strip(_RIGHT_TRIM)), _HEAD.search(right)
    return bool(a and b and a.group(0) == b.group(0) and len(right) <= 10 and right != wrong.strip(_RIGHT_TRIM))


def _types_in(text: str, current: Sequence[ServiceType]) -> list[str]:
    """The service types a clause that rules something out names: those the rules read in it (the words that only
    say which report or accreditation taken away first), and, loosely, any of the need's current types."""
    bare = _QUAL_WORDS.sub(" ", NEGATION.sub(" ", _WRONG_MARK.sub(" ", text)))
    named = [s.value for s in extract_service_types(bare)]
    named += [s.value for s in current if LOOSE[s].search(bare)]
    return list(dict.fromkeys(named))


def _named_by_head(text: str, need: Need) -> list[str]:
    """The types a ruling-out clause names by the head of the enterprise's one word for them ("体系的事先不弄了" of
    "HACCP体系 → 质量技术培训与咨询": the type stayed, and the need went on asking for a system; the fourth probe)."""
    ruled = _item_core(text)
    out = []
    for t, words in need.phrases.items():
        items = phrase_items(words)
        core = _item_core(items[0]) if len(items) == 1 else ""
        head = core[-2:]
        if re.fullmatch(r"[\u4e00-\u9fff]{2}", head) and head in ruled:
            out.append(t.value)
    return out


# Work said to be all that is wanted: "就出个检测报告就行", "只做检测", "检测即可".
_JUST_THIS = re.compile(r"^\s*(?:只|仅|就)|(?:就行了?|就可以了?|就好了?|即可)\s*[。.!！]*\s*$")


def _service_types(need: Need, st: DialogueState, move: Move, *, parts: Sequence[Clause], correction: bool,
                   asked: str | None, body: str, read: TextReader) -> None:
    current = [s.value for s in need.service_types]
    # What clauses rule out: a negation ("这次不考虑认证") or the wrong half of a correction ("不是检测").
    removed: list[str] = []
    # "是企业标准，不是团体标准": the wrong half and the right one name the same kind of thing (the same head word):
    # the type stays, said in the right half's words ("团体标准" ruled out 标准研制, and the chat asked for a service)
    rights = [_RIGHT_LEAD.sub("", c.right).strip(_RIGHT_TRIM) for c in parts if c.right and not c.wrong]
    rights += [_RIGHT_LEAD.sub("", c.right).strip(_RIGHT_TRIM) for c in parts if c.right and c.wrong]
    kept: dict[str, str] = {}
    for c in parts:
        if c.negated and not c.mention:
            removed += _types_in(c.text, need.service_types) + _named_by_head(c.text, need)
        elif c.wrong:
            wrong = _types_in(c.wrong, need.service_types)
            same = next((r for r in rights if _same_kind(c.wrong, r)), None) if correction else None
            if same is not None:
                kept.update({t: same for t in wrong})
            else:
                removed += wrong
    # One test of several ruled out ("盐雾试验先不做了", "不是盐雾试验，是跌落测试" of "振动测试、盐雾试验"): the type
    # stays, named by the rest (and by the test a correction names instead). A test ruled out that the need never
    # named ("盐雾测试先不做了" of a need for 振动测试) leaves the type as it was.
    dropped = _dropped_items(need, parts)
    never_named = _ruled_out_unnamed(need, parts)
    for t, said in never_named.items():
        if t.value in removed and t not in dropped and (said or "") not in move.not_wanted:
            move.not_wanted.append(said or "")
    removed = [s for s in removed if ServiceType(s) not in dropped and ServiceType(s) not in never_named]
    # What clauses ask for now.
    asks_now: list[str] = []
    if asked == "service_types":
        # An answer to "which service?": what the message says now, read whole.
        text = "，".join(c.asks for c in parts if c.asks)
        # (nor does a question back: "What kinds of services do you offer?" was read as information by the head;
        # the development dialogue dlg-041 with e5)
        asks_back = (bool(re.search(r"[?？]", body)) and bool(QUESTION_WORDS.search(body))) or \
            _about_the_service(body) is not None
        names_thing = bool(_MAKES.search(text) or _PRODUCT_CUE.search(text))
        if text and not ((names_thing or asks_back) and not extract_service_types(text)):
            asks_now = [s.value for s in read(text).service_types]
        if not asks_now and STANDARD_NUMBER.fullmatch(text.strip(" 。.")):
            # a standard's number pasted as the whole answer ("GB/T 2423.17", the salt-mist test) asks for the work
            # to it: a test. It read nothing, and became the product (the fifteenth probe, p145).
            asks_now = [ServiceType.inspection_testing.value]
    for c in parts:
        if not c.asks:
            continue
        # A mark the provider must hold ("需要CNAS资质") asks for no service: it went to the qualifications, and
        # read as a test it added 检验检测 to a need the enterprise had just corrected to 失效分析, titled
        # "储能电池CNAS需求".
        named = [s.value for s in extract_service_types(_MARKS_ONLY.sub(" ", c.asks))]
        # (or beside the head's guess from a vague opener: "ok. failure analysis." answering "which product?" was
        # not taken while the guess stood, and the need kept it; the eighth probe)
        # ("不需要认证，就出个检测报告就行" while the deadline was asked: the work kept is asked for, said as already
        # so; it was the question again with nothing said, the seventeenth probe's left item, p160)
        if named and (correction or asked == "service_types" or REQUEST.search(c.asks) or not current
                      or st.settled.get("service_types") == "guess" or _JUST_THIS.search(c.asks)):
            asks_now += named
    asks_now = list(dict.fromkeys(asks_now))
    if correction and asks_now and (not removed or _OWN_NEED.search(body)) and not [
            s for s in asks_now if s in current]:
        # "我要的是失效分析" / "I asked for failure analysis": the enterprise says what its need is — the whole of it,
        # even beside a wrong half ("I asked for failure analysis, not routine testing" kept the R&D the semantic head
        # had read into the opener; the development dialogue dlg-006 with e5).
        removed = [s for s in current if s not in asks_now]
    guessed = st.settled.get("service_types") == "guess" and bool(asks_now)
    if guessed:
        removed += [s for s in current if s not in asks_now]  # the head's guess gives way to what is said
        st.settled["service_types"] = "said"  # and what is said is no guess (kept so if it names the same)
    removed = [s for s in dict.fromkeys(removed) if s not in asks_now]
    for s in removed:
        if s not in st.removed_types:
            st.removed_types.append(s)
    added: list[str] = []
    for s in asks_now:
        if s in st.removed_types:
            st.removed_types.remove(s)  # asked for again, in so many words
        if s not in current:
            added.append(s)
    result = [s for s in current if s not in removed] + added
    if ServiceType.infrastructure_collab.value in added:
        # A one-stop request asked for now stands for its parts; chips the enterprise set together on the card stay
        # as it set them (a later "产品改成…" dropped 检验检测 from them)
        result = [s for s in result if ServiceType(s) not in COLLAB_PARTS]
    result = [s for s in result if s not in st.removed_types]
    renamed: dict[ServiceType, str | None] = {
        ServiceType(t): w for t, w in kept.items() if t in result and 2 <= len(w) <= 10
        and need.phrases.get(ServiceType(t)) != w}
    renamed.update({t: w for t, w in dropped.items() if t.value in result})
    # A type kept while the words it was named by are ruled out ("只要分析原因，可靠性试验先不做了": 质量技术评价
    # stays, asked for again, but no longer as "可靠性试验", which titled the need): named now as the message names
    # it, or by its category.
    # (or, without a correction's words, the one test a type had is ruled out while another of the type is asked
    # for: "we do not need the salt spray test anymore, only a vibration test" kept both; the sixth probe)
    swapped = not correction and any(c.negated and not c.mention for c in parts)
    if correction or swapped:
        for c in parts:
            ruled = c.text if c.negated and not c.mention else c.wrong
            # (or the words ruled out are part of them: "是UL9540A测试，不是认证" of "UL9540认证")
            bare = ruled.strip(_RIGHT_TRIM) if ruled else ""
            for t, words in need.phrases.items():
                ruled_out = bool(ruled and words) and (
                    (correction and (words in ruled or (len(bare) >= 2 and bare in words)))
                    or (swapped and all(_names_item(ruled, i) for i in phrase_items(words))))
                if ruled_out and t.value in result and t not in renamed:
                    renamed[t] = next((p for p in (phrase_of(x.asks, t) for x in parts if x.asks and x is not c)
                                       if p and p not in ruled), None)
    # A test asked for within a type the need has ("另外还要做盐雾试验" of a need for 振动测试, 检验检测): the type
    # stays, and the test joins the enterprise's words for it ("振动测试、盐雾试验 → 检验检测"); it was "nothing new".
    items = {} if correction else _added_items(need, parts, asked=asked, current=current, removed=removed,
                                               renamed=renamed)
    # (not a question back whose "actually" read as a correction: "is this a lab or some kind of agency? who actually
    # does the calibration" was answered and said "The service type is already calibration"; the twenty-first probe,
    # p208)
    if correction and asks_now and set(result) == set(current) and not renamed and not items \
            and set(asks_now) <= set(result) and not (move.asked_about and not _WRONG_MARK.search(body)):
        # "不对，不是检测，是失效分析" of a need already read as 质量技术评价: the correction names what the need holds,
        # said as already so in the enterprise's words ("服务类型已是：失效分析 → 质量技术评价"), where it was
        # "没能看出您要更正哪一项" (a new user on the chat page, 2026-11-28)
        in_words = {t: w for t in map(ServiceType, asks_now)
                    if (w := next((p for x in parts if x.asks and (p := phrase_of(x.asks, t))), None))}
        if in_words:
            need.phrases = {**need.phrases, **in_words}
        st.settled["service_types"] = "correction"
        move.restated.append("service_types")
        return
    if guessed and set(result) == set(current) and not renamed:
        # the default the chat took, picked in so many words ("那就失效分析吧" of a default 质量技术评价): the
        # pick, in the enterprise's words, where it was only the question again (probe24's p233)
        asking = "，".join(c.asks for c in parts if c.asks)
        worded = {t: w for t in map(ServiceType, asks_now) if (w := phrase_of(asking, t))}
        need.phrases = {**need.phrases, **items, **worded}
        st.settled["service_types"] = "answer" if asked == "service_types" else "said"
        st.origin["service_types"] = st.turn
        move.changed["service_types"] = "set"
        return
    if set(result) == set(current) and not renamed and not items:
        if asks_now and set(asks_now) <= set(current) and any(c.negated and not c.mention for c in parts):
            # other work ruled out beside the work the need holds ("我们不需要做认证也不用检测 主要是配方研发" of a
            # need for 合作开发 → 技术研发): said as already so, where it was "这条消息里没有读到新的信息" (the
            # seventeenth probe, p162)
            move.restated.append("service_types")
        return
    if set(result) == set(current) and not renamed:
        need.phrases = {**need.phrases, **items}
        st.origin["service_types"] = st.turn
        move.changed["service_types"] = "added"
        return
    if set(result) == set(current):
        merged = {**need.phrases, **items, **renamed}
        need.phrases = {k: v for k, v in merged.items() if v}
        st.settled["service_types"] = "correction"
        st.origin["service_types"] = st.turn
        move.changed["service_types"] = "corrected"
        return
    need.service_types = [s for s in ServiceType if s.value in result]
    phrases = {k: v for k, v in {**need.phrases, **items}.items() if k.value not in removed and k not in renamed}
    phrases.update({k: v for k, v in renamed.items() if v})
    # A type asked for that the need already holds, beside one ruled out ("检测就不用了，主要是想搞清楚为什么会裂" of a
    # need read as 检验检测 and 质量技术评价): it stays, now in the enterprise's words, and is said back with the
    # removal; the reply said only "已去掉：检测 → 检验检测", never confirming the analysis asked for (the tenth probe)
    # (only a type the enterprise had not named in words of its own, read by the head: "HACCP体系就不用了，只做检测"
    # of a need it had asked 检测 for stays a removal, said as one)
    kept_asked = [s for s in asks_now if s in current and s in result and ServiceType(s) not in need.phrases] \
        if removed and not added else []
    # (in the words of what is asked, never of what is ruled out beside it: "We don't need CCC certification, only EMC
    # testing" named the testing "CCC certification"; a new user's trial, 2026-11-29)
    asking = "，".join(c.asks for c in parts if c.asks)
    for s in [*added, *kept_asked]:
        phrase = phrase_of(asking, ServiceType(s)) or (None if asking else phrase_of(body, ServiceType(s)))
        if phrase:
            phrases[ServiceType(s)] = phrase
    need.phrases = {k: v for k, v in phrases.items() if k in need.service_types}
    st.settled["service_types"] = "correction" if correction and current else (
        "answer" if asked == "service_types" else "said")
    st.origin["service_types"] = st.turn
    # (a guess given way is no correction of the enterprise's: said as set)
    move.changed["service_types"] = "narrowed" if kept_asked else (
        "corrected" if current and (removed or correction) and not guessed else "set")
    if removed and not added:
        move.add("negation")


# Words that only say a service is wanted, or how: a phrase made of them alone names no test of its own ("检测",
# "第三方检测", "相关测试").
_ONLY_SERVICE = re.compile(r"(原因分析|分析|试验|测试|检测|检验|评价|评估|研究|验证|测量|测定|校准|检定|认证|鉴定|服务|"
                           r"项目|相关|常规|全套|全项|第三方|联合|合作|技术|一下|一些|\b(?:tests?|testing|analysis|services?|the|a|an|"
                           r"some|also|more|other)\b|[\s、,，/和及与]|\band\b)", re.I)
# A test or piece of work ends in the word for the work ("盐雾试验", "失效分析", "压力表校准", "salt spray test";
# intake.schemas.ITEM_END): "申请发明专利" beside "专利代理" says how, not one more item, and "salt spray" joined as
# "testing and salt spray" (issue 27).


def _item_core(phrase: str) -> str:
    return _ONLY_SERVICE.sub("", phrase).casefold()


# A test asked for by its substance list or mark alone, beside a test the need has ("RoHS too, please.", "RoHS你们也能
# 做吗" read nothing; the seventh probe's variants); not a product said to comply ("Our parts are RoHS compliant").
_BARE_TEST = re.compile(r"(?<![A-Za-z])(RoHS|REACH|SVHC|EMC|FCC)(?![A-Za-z])", re.I)
_COMPLIES = re.compile(r"(complian|conform|符合|合规|满足|达标|通过|\bpassed\b|\balready\b|已经)", re.I)


def _bare_test(text: str) -> str | None:
    m = _BARE_TEST.search(text)
    return m.group(1) if m and not _COMPLIES.search(text) else None


# A test named by its mark or acronym alone ("EMC", "RoHS", "IP54").
_BARE_MARK = re.compile(r"[A-Za-z][A-Za-z0-9.\-]{1,9}")


def _within(part: str, whole: str) -> bool:
    """Whether ``part`` is in ``whole`` as a word: "ce" is not in "emc" (the seventh probe: "EMC report 也要" of a need
    for "CE认证" was "这条消息里没有读到新的信息")."""
    if not part.isascii():
        return part in whole
    return re.search(rf"(?<![a-z0-9]){re.escape(part)}(?![a-z0-9])", whole) is not None


# "Others" in a ruling-out clause: it rules out what the need does not have ("别的测试都不用做", "其他的先不考虑").
_OTHERS = re.compile(r"别的|其他|其它|其余|另外的|\b(?:any|no) other\b|\b(?:anything|nothing) else\b", re.I)


def _ruled_out_unnamed(need: Need, parts: Sequence[Clause]) -> dict[ServiceType, str | None]:
    """The types of which a negation rules out only a test the enterprise never asked for: "盐雾测试先不做了" of a need
    for "振动测试 → 检验检测" removed 检验检测, and the vibration test with it. Only where the need names its own tests
    for the type and the negation names a test of its own (a bare "检测先不做了" still rules the type out)."""
    out: dict[ServiceType, str | None] = {}  # each type kept, with the test ruled out (None: "the others")
    for c in parts:
        if not c.negated or c.mention:
            continue
        if _OTHERS.search(c.text):  # "别的测试都不用做" / "no other tests": what the need has is not what goes
            out.update({t: None for t in need.service_types})
            continue
        for t, words in need.phrases.items():
            items = phrase_items(words)
            said = phrase_of(c.text, t)
            core = _item_core(said) if said else ""
            if not items or len(core) < 2 or not all(len(_item_core(i)) >= 2 for i in items):
                continue
            if not any(_names_item(c.text, i) for i in items):
                out[t] = said
    return out


def _names_held_test(wrong: str, need: Need) -> bool:
    """Whether the wrong half of a correction names one of the tests the need holds, whole or by a part of its name
    ("盐雾" of "振动和盐雾这些环境试验", "针刺" of "针刺挤压这些安全测试")."""
    part = _item_core(wrong.strip(_RIGHT_TRIM))
    return any(_names_item(wrong, x) or (len(part) >= 2 and part in _item_core(x))
               for words in need.phrases.values() for i in phrase_items(words) for x in shared_end(i))


def _said_before(wrong: str, earlier: str, product: str | None) -> bool:
    """Whether the wrong half of a correction names words the enterprise said before, and not of its product ("不是
    盐雾" of "…振动和盐雾这些环境试验", when the card keeps no phrase for the type; never "Not the drivers" of "LED
    drivers"): then it corrects what was said, not the product."""
    part = _item_core(wrong.strip(_RIGHT_TRIM))
    words = [w for w in re.split(r"[\s,，]+", part.casefold()) if len(w) >= 2 and w not in ("the", "not", "our")]
    held = (product or "").casefold()
    return len(part) >= 2 and part in earlier and not _names_held_product(wrong, product) \
        and not any(w in held for w in words) and not (held and held in part.casefold())


def _names_item(ruled: str, item: str) -> bool:
    """The ruling-out words name this test of the need's, in its words or by its core (盐雾试验 in 盐雾试验先不做了)."""
    return _squash(item) in _squash(ruled) or (len(_item_core(item)) >= 2 and _item_core(item) in _item_core(ruled))


def _dropped_items(need: Need, parts: Sequence[Clause]) -> dict[ServiceType, str]:
    """The enterprise's words for each type of which a clause rules out one test of several, less that test (and
    with the one a correction names instead): "振动测试、盐雾试验" and "盐雾试验先不做了" → "振动测试"."""
    out: dict[ServiceType, str] = {}
    for c in parts:
        ruled = c.text if c.negated and not c.mention else c.wrong
        if not ruled:
            continue
        # (or a test named by a part of the item: "不是针刺" of "UN38.3、针刺挤压这些安全测试"; the type was left bare,
        # "储能电池检验检测需求", with UN38.3 and the tests asked instead lost; a new user's trial, 2026-11-29)
        part = _item_core(ruled.strip(_RIGHT_TRIM)) if c.wrong else ""
        for t, words in need.phrases.items():
            items = [x for i in phrase_items(out.get(t) or words) for x in shared_end(i)]
            gone = [i for i in items if _names_item(ruled, i) or (len(part) >= 2 and part in _item_core(i))]
            if len(items) < 2 or not gone or len(gone) == len(items):
                continue
            said = [c.right] if c.wrong and c.right else []
            said += [x.asks for x in parts if x.asks and x is not c] if c.wrong else []
            source = next((x for x in said if (p := phrase_of(x, t)) and p not in ruled), None)
            instead = phrase_of(source, t) if source else None
            # the tests a correction names instead without a test word ("不是针刺，是过充和热滥用"): tests all the same;
            # beside one read with its word, the others the same words name ("Not UV ageing, salt spray and thermal
            # cycling" kept salt spray alone)
            more = [m for m in (_tests_instead(source) if source else next(
                        (b for b in (_tests_instead(x) for x in said) if b), []))
                    if not (instead and _squash(_item_core(m)) in _squash(instead))]
            # each with the work word of the test it replaces ("高低温" for "盐雾试验" is 高低温试验), so the card's
            # list comes apart again item by item for the next correction
            end = ITEM_END.search(gone[0])
            if more and instead and not ITEM_END.search(instead):
                more.insert(0, instead)
                instead = None
            more = [m if ITEM_END.search(m) or end is None else f"{m} {end.group(0).casefold()}" if m.isascii()
                    else m + end.group(0) for m in more]
            keep = [i for i in items if i not in gone] + ([instead] if instead and instead not in items else []) \
                + [m for m in more if m not in items]
            out[t] = join_phrase_items(keep)
    return out


_TESTS_APART = re.compile(r"和|、|及|与|以及|还有|\band\b|/")


def _tests_instead(right: str) -> list[str]:
    """The tests a correction's right half names by their names alone ("是过充和热滥用" → 过充, 热滥用; "salt spray and
    thermal cycling"): short names, holding no other field's value, nor a product's name (two or more such names are
    tests, whatever the product reader makes of the first: "低气压和霉菌" read 低气压 as a product)."""
    bare = _RIGHT_LEAD.sub("", right).strip(_RIGHT_TRIM)
    if not bare or len(bare) > (40 if bare.isascii() else 20) or _PRODUCT_CUE.search(bare):
        return []
    names = [n.strip(_RIGHT_TRIM) for n in _TESTS_APART.split(bare)]
    if len(names) < 2 and extract_product(bare):
        return []
    short = all((1 <= len(n.split()) <= 3 and len(n) <= 24) if n.isascii() else 2 <= len(n) <= 8 for n in names)
    return names if short and not any(_SERVICE_WORD_ONLY.fullmatch(n) for n in names) else []


# A list of tests said before with one work word after them ("振动和盐雾这些环境试验", "温度冲击和振动等环境试验"):
# the card kept no phrase for it, so a correction of one of them ("不是盐雾，是高低温和湿热") found nothing to rewrite.
_LIST_START = re.compile(r".*(?:做|测|进行|安排|开展|need|needs|want)\s*", re.I)
_LIST_END = re.compile(r"\s*(?:这些|这几项|这几个|这类|等等|等|之类的?)?\s*[\u4e00-\u9fff]{0,4}?"
                       r"(?P<end>试验|测试|检测|实验)$")


def tests_said_before(wrong: str, earlier: str) -> list[str]:
    """The tests of the list said before that the wrong half of a correction names one of, each with the list's work
    word ("振动和盐雾这些环境试验" → 振动试验, 盐雾试验), or none."""
    core = _item_core(wrong.strip(_RIGHT_TRIM))
    if len(core) < 2:
        return []
    for clause in clauses(earlier):
        if core not in clause.casefold():
            continue
        tail = _LIST_START.sub("", clause[:clause.casefold().index(core)]) + clause[clause.casefold().index(core):]
        end = _LIST_END.search(tail)
        if end is None:
            continue
        names = [n.strip(_RIGHT_TRIM) for n in _TESTS_APART.split(tail[:end.start()])]
        if len(names) >= 2 and all(2 <= len(n) <= 8 and not ITEM_END.search(n) for n in names) \
                and any(core in n.casefold() for n in names):
            return [n + end.group("end") for n in names]
    return []


# A service's bare word, said again of a type the need holds ("我们不需要做认证也不用检测 主要是配方研发" of a
# need for 合作开发 → 技术研发 was "已记下，另外要做：研发", the title "…合作开发与研发需求"; the seventeenth
# probe, p162): it names no further work.
_SERVICE_WORD_ONLY = re.compile(r"(研发|开发|研制|检测|测试|检验|试验|校准|检定|分析|评价|评估|咨询|培训|R&D|research|"
                                r"development|testing|tests?|calibration|analysis)", re.I)


def _added_items(need: Need, parts: Sequence[Clause], *, asked: str | None, current: Sequence[str],
                 removed: Sequence[str], renamed: dict[ServiceType, str | None]) -> dict[ServiceType, str]:
    """The enterprise's words for each type it has, with a test it asks for now that they do not name yet: "振动测
    试" + "另外还要做盐雾试验" → "振动测试、盐雾试验" ("vibration testing and salt spray test" in English). Not a bare
    service word ("还要做检测"), the same test said again ("振动测试", "盐雾测试" of 盐雾试验), a test the description
    already names, or a mark the provider must hold ("出CNAS报告")."""
    out: dict[ServiceType, str] = {}
    text = _squash(need.text)
    for c in parts:
        if not c.asks or not (asked == "service_types" or REQUEST.search(c.asks)
                              or (_bare_test(c.asks) and re.search(r"\btoo\b|\bas well\b", c.asks, re.I))):
            continue
        asks = _MARKS_ONLY.sub(" ", c.asks)
        found = extract_service_types(asks)
        bare = _bare_test(asks) if not found and ServiceType.inspection_testing.value in current else None
        for s in found or ([ServiceType.inspection_testing] if bare else []):
            if s.value not in current or s.value in removed or s in renamed:
                continue
            phrase = phrase_of(asks, s) or bare
            if phrase and _BARE_MARK.fullmatch(phrase):  # a test named by its mark alone ("EMC report 也要": EMC测试)
                phrase += " testing" if phrase.isascii() and need.language == "en" else "测试"
            core = _item_core(phrase) if phrase else ""
            if not phrase or len(core) < 2 or _squash(phrase) in text or not ITEM_END.search(phrase) \
                    or _SERVICE_WORD_ONLY.fullmatch(phrase.strip()):
                continue
            # (a bare service word said before gives way to the test: "检测" + "迁移检测" titled the need
            # "不锈钢保温杯检测与迁移检测需求"; the eighth probe)
            have = [i for i in phrase_items(out.get(s) or need.phrases.get(s)) if len(_item_core(i)) >= 2]
            if any(_within(core, k) or _within(k, core) for k in (_item_core(i) for i in have) if k):
                continue
            out[s] = join_phrase_items([*have, phrase])
    return out


def _holds_a_field(text: str, today: date) -> bool:
    """Whether a text holds a budget, a date, a place, a qualification or a service: then it is not a product."""
    return bool(_holds_a_value(text, today) or extract_qualifications(text) or extract_service_types(text))


def _holds_a_value(text: str, today: date, *, places: bool = True) -> bool:
    """Whether a text holds a budget, a date or (``places``) a place, or names one of those fields."""
    return bool(not extract_budget(text).is_empty or BARE_AMOUNT.match(text)
                or extract_deadline(text, today) is not None
                or (places and extract_region(text)[0].province) or any(w.search(text) for w in FIELD_WORDS.values())
                or (places and PROVIDER_PLACE.search(text) is not None))


# A product said to be one, in so many words: the name follows.
# A model named as one ("型号是DX-90", "型号DX-90", "model DX-90", "model no. DX-90").
_MODEL_SAID = re.compile(r"(?:型号(?:是|为|[:：])?\s*|\bmodel\s+(?:no\.?\s*|number\s+|is\s+)?)"
                         rf"(?P<code>[A-Za-z]{{1,6}}-\d[A-Za-z0-9.\-/]{{0,12}}|{MODEL_CODE})(?![A-Za-z0-9])", re.I)
# ("产品就是汽车空调出风口的卡扣啊，前面说了" was "这条消息里没有读到新的信息"; a new user on the chat page, issue 27,
# 2026-11-29)
_STATED_PRODUCT = re.compile(r"((?:我们的|我司的|我们)?产品(?:是|为|叫|名称是|名字是|[:：]|(?:其实)?就是)|"
                             r"\b(?:the|our) product is\b)", re.I)


def stated_product(text: str, *, today: date) -> str | None:
    """The product a clause names after "产品是" / "our product is", when what follows is a thing's name."""
    for clause in clauses(text):
        m = _STATED_PRODUCT.search(clause)
        if m is None or _WRONG_MARK.search(clause[:m.start()]):
            continue
        tail = clause[m.end():].strip(" ，,。.!！?？")
        # (not a description, "产品是出口的", nor a question, "产品是什么不重要")
        if not tail or tail.endswith("的") or re.search(r"(什么|哪|吗|\bwhat\b|\bwhich\b)", tail, re.I):
            continue
        name = _bare_product(tail)
        model = re.fullmatch(rf"({MODEL_CODE})的(.+)", tail)
        if name and model and name == _bare_product(model.group(2)):
            name = model.group(1) + name  # "产品是304的保温杯": the model is the correction (it read 保温杯)
        if name and not (_GOES_ON.match(name) or _NOT_A_PRODUCT.match(name) or _ACTION.search(name)
                         or _holds_a_field(name, today)
                         or (name.isascii() and (re.match(r"[a-z]+ing\b", name, re.I) or not names_a_thing(name)))):
            return name
    return None


def _one_of_several(product: str, named: str) -> bool:
    """Whether ``named`` is one of the things a product of several names ("Actually, just the hinges." of "brackets and
    hinges", read together since the seventeenth probe: it was "The product is already brackets and hinges")."""
    things = [t.strip() for t in re.split(r"和|、|及|与|以及|,|\band\b", product) if t.strip()]
    return len(things) >= 2 and any(_squash(t).endswith(_squash(named)) for t in things)


def _names_held_product(wrong: str, product: str | None) -> bool:
    """Whether the wrong half of a correction names the product the need holds, or one of the things it names."""
    said, held = _squash(wrong.strip(" ，,。.的")), _squash(product or "")
    return len(said) >= 2 and bool(held) and (said == held or said in held.split("和") or (
        len(said) >= 3 and said in held))


def _item_of_several(product: str, named: str) -> str | None:
    """The thing of a product of several ("electric toothbrushes and water flossers") that ``named`` ends, plural or
    not ("toothbrush"); else None."""
    things = [t.strip() for t in re.split(r"和|、|及|与|以及|,|\band\b", product) if t.strip()]
    said = _squash(named).removesuffix("s")
    found = [t for t in things if len(said) >= 2 and _squash(t).removesuffix("es").removesuffix("s").endswith(
        said.removesuffix("e"))]
    return found[0] if len(things) >= 2 and len(found) == 1 else None


# "X也一起做", "X还要测", "keep the X too", "the X as well": a thing asked for again (:func:`_taken_back`).
_ALSO_DONE = re.compile(r"(?P<x>[\u4e00-\u9fffA-Za-z0-9]{2,16}?)(?:也|还)(?:要|得|需要)?"
                        r"(?:一起|一块|一并|同时)?(?:要|得)?(?:做|测|检测|测试|检|校准|校|送检)|"
                        r"(?P<en>[A-Za-z][\w -]{1,40}?)\s+(?:too|as well)\b|"
                        r"\b(?:add|put|take|bring)\s+(?P<back>[A-Za-z][\w -]{1,40}?)\s+back\b", re.I)


def _taken_back(need: Need, parts: Sequence[Clause]) -> str | None:
    """A thing the enterprise named earlier, not in the product now, asked for again ("老板说筒灯也一起做了" after "筒灯
    先不做了", "actually keep the chargers too"): the end of the words before 也 / "too" that was said before, when
    it names a thing; else None."""
    if not need.product or not need.text:
        return None
    for c in parts:
        if not c.asks:
            continue
        for m in _ALSO_DONE.finditer(c.asks):
            words = m.group("x") or m.group("en") or m.group("back") or ""
            ascii_words = words.isascii()
            pieces = words.split() if ascii_words else list(words)
            for i in range(len(pieces) - (0 if ascii_words else 1)):  # the longest end said before first
                said = (" ".join(pieces[i:]) if ascii_words else "".join(pieces[i:])).strip()
                if ascii_words:
                    said = re.sub(r"^(?:the|our|those|these)\s+", "", said, flags=re.I)
                if len(said) < 2 or said.casefold() not in need.text.casefold() \
                        or _squash(said).casefold() in _squash(need.product).casefold():
                    continue
                if extract_product(said) is not None and not _NOT_A_PRODUCT.match(said):
                    return said
    return None


def _kept_of_two(need: Need, parts: Sequence[Clause], free: Sequence[str]) -> str | None:
    """Of two things the enterprise named, the one it keeps while ruling out the one the need holds ("另外拉力试验机先
    不校了，只校扭矩扳手" of 拉力试验机: 扭矩扳手; it was "这条消息里没有读到新的信息", the sixteenth probe, p155)."""
    things = [t for t in re.split(r"和|、|及|与|以及|\band\b", need.product or "") if t.strip()]
    if not things or not any(c.negated and not c.mention and any(t.strip() in c.text for t in things)
                             for c in parts):
        return None  # (a product of two, "压力表和温度计", names the one ruled out as one of them)
    for f in free:
        bare = _SOFT_LEAD.sub("", f)
        if not _ONLY_LEAD.match(bare):
            continue
        tail = _ONLY_TAIL.sub("", _ONLY_LEAD.sub("", bare)).strip(" ，,。.")
        named = _bare_product(tail) or extract_product(tail)
        if named and named != need.product and named in (need.text or "") and not _NOT_A_PRODUCT.match(named):
            return named
    return None


def _product(need: Need, st: DialogueState, move: Move, *, parts: Sequence[Clause], body: str, asked: str | None,
             correction: bool, today: date) -> None:
    if courtesy_of(body):
        return  # "thx" closing a conversation became the product and the title (the ninth probe, p94)
    if (coded := _code_named(need.product, parts, today)) is not None:
        need.product = coded
        st.settled["product"] = "answer"
        st.origin["product"] = st.turn
        move.changed["product"] = "set"
        return
    if (thing := _bare_thing(body, need, st, asked=asked, correction=correction, today=today)) is not None:
        need.product = thing
        st.settled["product"] = "answer"
        st.origin["product"] = st.turn
        move.changed["product"] = "named"
        return
    # (a test added within a type the need has is no other field: "我们有个新的X，还要做Y试验" names X)
    # (and a value said again as it is: "不对 是50k" of 5万 made the product "50k电池包" once it was no longer said as
    # changed to what it was; found with the twenty-first probe)
    others = ({n for n, v in move.changed.items() if v not in ("declined", "asap", "added")}
              | {n for n in move.restated if n == "budget"}) - {"product"}
    # Only clauses that hold no other field's value can name the product; a clause that is only a sound or an apology
    # names nothing ("oh sorry, the parts are die-cast aluminium brackets…" answering the product question made "oh
    # sorry" the product and the title; the nineteenth probe, p186).
    free = [c.asks for c in parts if c.asks and not _holds_a_field(c.asks, today) and not ONLY_APOLOGY.match(c.asks)]
    kept_one = _kept_of_two(need, parts, free) if not correction and not others else None
    if kept_one is not None:
        need.product = kept_one
        st.settled["product"] = "correction"
        st.origin["product"] = st.turn
        move.changed["product"] = "corrected"
        return
    # A thing named before and dropped, taken back ("筒灯先不做了 只做吸顶灯", then "哦不对 老板说筒灯也一起做了
    # 年前要拿到报告" was "could not tell what to correct"; "keep the chargers too"): the product is both again,
    # whatever else the message sets (the twentieth probe, p195).
    if (back := _taken_back(need, parts)) is not None:
        held = need.product or ""
        need.product = f"{held} and {back}" if held.isascii() and back.isascii() else f"{held}和{back}"
        st.settled["product"] = "correction"
        st.origin["product"] = st.turn
        move.changed["product"] = "corrected"
        return
    # The thing the need holds kept while another is ruled out ("筒灯先不做了 只做吸顶灯" of LED吸顶灯, not read as
    # two): said as already so, where only the question was asked again (the twentieth probe, p195).
    if not correction and need.product and any(c.negated and not c.mention for c in parts):
        for f in free:
            lead_off = _SOFT_LEAD.sub("", f)
            tail = _ONLY_TAIL.sub("", _ONLY_LEAD.sub("", lead_off)).strip(" ，,。.") if _ONLY_LEAD.match(lead_off) \
                else ""
            named = (_bare_product(tail) or extract_product(tail)) if tail else None
            if named and _squash(need.product).endswith(_squash(named)):
                move.restated.append("product")
                return
    free_text = "，".join(free)
    read = extract_product(free_text) if free_text else None
    stated = bool(_PRODUCT_CUE.search(body)) and bool(free)
    # A message that opens by naming a thing ("是车载控制器的PCBA板。", "铝合金压铸壳体，装在驱动电机上的。") names the
    # product over one the rules read earlier, as long as the enterprise never set it itself.
    # (a name the product reader finds no cue in replaces none while another field is asked: "Dec 18th at the
    # latest" and "the week before Christmas" answering the deadline question, "GB/T 2423.17" the service one,
    # became the product; the fifteenth probe, p150, p145)
    # (and beside the service it asks for, when the message opens with it: "磷酸铁锂电芯，280Ah，想做UN38.3…" of
    # 储能电池 read from the company, "涤纶印花面料，客户要REACH和偶氮染料检测" of 女装面料; the more exact name was
    # lost; a new user's trial, 2026-11-29)
    opens_with = bool(free) and next((c.asks for c in parts if c.asks), None) == free[0]
    # (or one the enterprise gave itself, by a more exact name of the same thing: "涤纶印花面料" of 女装面料)
    # (beside a service, only a name the product reader reads too: "说清楚一点，要做的是EMC测试" names none)
    beside = bool(others) and others <= {"service_types"} and opens_with and bool(need.product)
    named = _named_product(free[0], unread=(not need.product or asked in (None, "product")) and not beside) \
        if free and (not others or beside) and st.settled.get("product") in (None, "said", "answer") else None
    if named and st.settled.get("product") == "answer" and not _more_exact(named, need.product):
        named = None
    # (or the thing at the head of a clause that says what befalls it, beside the service asked: "仪表板饰条有气味，
    # 主机厂要求做VOC和气味检测" of 汽车内饰件 read from the company's line; the thing the need is about was lost; the
    # twenty-third probe, p219). Only over a product the chat read unasked, never an answer or a correction.
    # (and a name the reader agrees with runs no further than the thing: "QJ潜水泵用了半年就渗水" is QJ潜水泵)
    if beside and st.settled.get("product") in (None, "said") \
            and (head_thing := _thing_opening(free[0])) is not None \
            and (named is None or named.startswith(head_thing)):
        named = head_thing
    candidate: str | None = None
    # A correction of the product beside another field ("产品说错了，不是控制器，是整机…；另外预算十万左右") names the
    # product in so many words: it was dropped for the budget beside it (the fourteenth probe, p142).
    # So does one whose wrong half is the product the need holds ("月底前要 还有刚才说错了 不是后视镜外壳 是门把手饰盖",
    # answering the deadline question: the date landed and the product stayed; the eighteenth probe, p169).
    product_said = any(_PRODUCT_WRONG.search(c.text) for c in parts) or any(_PRODUCT_CUE.search(f) for f in free) \
        or any(_names_held_product(c.wrong, need.product) for c in parts)
    if correction and need.product and (not others or product_said) and free:
        # "不对，是光伏组件的铝边框，不是支架", "not the wheel hubs but the steering knuckles": the right half names
        # the product — the right half of a clause that named the wrong one, else a clause opening with 是, else the
        # last clause that holds no other field.
        # A half or clause that names nothing ("they're not ceramic": "they're") gives way to the next; the last
        # clause only when the product reader finds a thing in it ("we moved to Wenzhou, the company is there now"
        # corrects no product).
        # (not a count corrected: "actually 5 gauges not 3" made the product "actually 5 gauges"; the sixth probe)
        halves = [c.right for c in parts if c.wrong and c.right and not _holds_a_field(c.right, today)
                  and not _count_corrected(c, need.product)]
        # (a clause that asks for a service names the service, not a product: "不对，是要做微生物检测" made 微生物 the
        # product)
        opening = [f for f in free if (_PIVOT_START.search(f) and not extract_service_types(f))
                   or _PRODUCT_CUE.search(f)]
        # "刚才写岔了，面料其实是锦纶的" of 涤纶面料: the enterprise's noun said to be of another kind (锦纶面料); it
        # read as 面料 alone, and the reply said the product was changed to 面料.
        kind = next((k for k in (_of_another_kind(f, need.product) for f in free) if k), None)
        # "其实只做逆变器就行，储能柜明年再说", "Actually, just the hinges.": of the things named, the one kept (the
        # product became 储能柜, the thing put off; the English was "I could not tell what to correct"; the ninth
        # probe's variants of p98). The thing the need holds, or the end of its name, is said as already so.
        bare_free = [_SOFT_LEAD.sub("", f) for f in free]
        only = [t for t in (_ONLY_TAIL.sub("", _ONLY_LEAD.sub("", f)).strip() for f in bare_free
                            if _ONLY_LEAD.match(f)) if t]
        kept = False
        if only and not kind and not halves:
            named_only = _bare_product(only[0]) or extract_product(only[0])
            if named_only and _squash(need.product).endswith(_squash(named_only)) \
                    and not _one_of_several(need.product, named_only):
                only, kept = [], True
                move.restated.append("product")
        for tail in [] if kind or kept else [*only, *halves, *opening]:
            pivot = _PRODUCT_CUE.search(tail)
            if pivot is not None:
                tail = tail[pivot.end():]
            # (a clause that says what is wanted is no name: "哦不对，是想找人帮我们起草企标" made that sentence the
            # product, and the title "想找人帮我们起草企标营养成分检测需求")
            candidate = (None if _WANTS.match(tail) else _bare_product(tail)) or extract_product(tail)
            code = _PRODUCT_LEAD.sub("", tail.strip(" ，,。.!！?？的")).strip()
            if not candidate and re.fullmatch(MODEL_CODE, code) and (pivot is not None or re.search(r"[A-Za-z]",
                                                                                                  code)):
                candidate = code  # "产品应该是21700": a model in digits alone, said to be the product's
            if candidate and not _NOT_A_PRODUCT.match(candidate):
                break
        else:
            last = free[-1]
            # (an English name runs longer: "Not the drivers, the power supplies." was "I could not tell what to
            # correct"; the sixth probe)
            bare = _bare_product(last) if not _ACTION.search(last) else None
            candidate = kind or extract_product(last) or (bare if bare and (
                len(last) <= 12 or (last.isascii() and len(last) <= 40 and names_a_thing(bare)
                                    and re.match(r"\s*(?:the|our|these|those)\s", last, re.I)
                                    and not re.search(r"\b(?:is|are|was|were|be|fine|ok|okay)\b", last, re.I)))
                else None)
            if (candidate and candidate != need.product and need.product.endswith(candidate) and not kind) or kept:
                # the thing named by the end of its name ("外壳应该是去年做的" of 塑料外壳): the same thing, no change
                candidate = None
    elif (asked == "product" or stated or named or (not need.product and asked != "service_types")) \
            and (not others or named or (_PRODUCT_NAMED.search(body) and st.settled.get("product") != "card")) \
            and free \
            and not _refuses(body) and not QUESTION_WORDS.search(body):
        # An answer opening with a short name ("储能电池包，夏天高温老报警") names the product in its first clause;
        # unasked, only a name the product reader agrees with does ("it passed" is no product).
        asked_for = asked == "product" or stated
        head = _bare_product(free[0]) if asked_for and len(free[0]) <= 12 and not _ACTION.search(free[0]) \
            else named
        # "产品是PP材质的汽车保险杠": the thing named after the cue (it read the material "PP材质"; the sixth probe)
        head = (stated_product(free_text, today=today) if stated else None) or head
        # Asked, the first clause names it when the whole does not read as one ("Aluminium die-cast housings for EV
        # motor controllers, some of them crack during assembly.").
        candidate = head or read or ((None if _ACTION.search(free_text) else _asked_name(free_text))
                                     or extract_product(free[0]) if asked_for else None)
        # a model said with its family ("型号是DX-90 手持吸尘器系列的" answering the product question read the family
        # alone, and the model was lost; the nineteenth probe, p183): the model and the family
        model = _MODEL_SAID.search(free_text)
        if model and candidate and _squash(candidate) == _squash(model.group("code")) and len(free) > 1:
            # ("型号KX-200，电动牙刷": the family in a clause of its own)
            # (or said to be one: "model XR-45, it's a plastic junction box for solar panels" kept the code alone)
            kind = next((k for k in (_kind_said(f) for f in free[1:] if not _ACTION.search(f))
                         if k and not _BARE_CODE.fullmatch(k) and not _NOT_A_PRODUCT.match(k)), None)
            candidate = kind or candidate
        if candidate and model and model.group("code") not in candidate and not _BARE_CODE.fullmatch(candidate):
            candidate = f"{model.group('code')} {candidate}" if candidate.isascii() \
                else f"{model.group('code')}{candidate}"
    elif not need.product and read:
        candidate = read
    elif not need.product and asked == "service_types" and not others and len(free) == 1 and len(body) <= 40 \
            and not _refuses(body) and not QUESTION_WORDS.search(body) and not _ACTION.search(free_text):
        # (not a sentence about wanting or having a problem: "我们这边有个技术问题想咨询下" became the product)
        candidate = _bare_product(free_text)  # "Smart water meters." given when the service was asked
    if not candidate and not need.product and not _refuses(body) and not QUESTION_WORDS.search(body):
        # No product yet, and the message names its thing together with the service ("我们的PE给水管要做卫生性能检
        # 测，要CMA报告", answering the service question): read, as the opener is, from what holds no amount or date.
        # (a place may name the enterprise with its thing, "我们是景德镇做陶瓷餐具的", and the reader leaves places out:
        # the clause was dropped, and the chat asked for the product it was told; the seventh probe, p75)
        loose = "，".join(c.asks for c in parts if c.asks and not _holds_a_value(c.asks, today, places=False))
        candidate = extract_product(loose) if loose else None
    if need.product and not others and (candidate == need.product or (correction and not candidate and any(
            (r := extract_product(f)) and _squash(need.product).endswith(_squash(r)) for f in free))
            or (not candidate and free and len(need.product) >= 2
            and _squash(free[0]).startswith(_squash(need.product)))):
        # a correction that names the product the need holds, or the end of its name ("Actually, just the inverters
        # for now. The cabinets can wait until next year." of solar inverters), or a message that opens with it
        # ("空气炸锅那个比较急…，电饭煲可以放到明年再说" of 空气炸锅 and 电饭煲 named before): said as already so,
        # where it was "I could not tell what to correct", or only the question asked again (the ninth probe, p98,
        # p89)
        move.restated.append("product")
    if stated and candidate and need.product and candidate != need.product and not correction \
            and _squash(need.product).endswith(_squash(candidate)):
        # the product said again by the end of its name ("产品就是汽车空调出风口的卡扣啊，前面说了" of 注塑卡扣): the
        # same thing, said as already so, not narrowed to 卡扣 (a new user on the chat page, issue 27, 2026-11-29)
        move.restated.append("product")
        return
    if not candidate or candidate == need.product or _NOT_A_PRODUCT.match(candidate) or _GOES_ON.match(candidate):
        return
    corrected = bool(need.product)
    if corrected and "product" in st.settled and not (correction or asked == "product" or stated or named):
        return
    if corrected and need.product:
        candidate = _model_on_own_noun(candidate, need.product, ruled=[c.wrong for c in parts if c.wrong])
        # one of the things named together, kept by the end of its name: its whole name ("just the toothbrush" of
        # "electric toothbrushes and water flossers" is the electric toothbrushes; the eighteenth probe, p176)
        candidate = _item_of_several(need.product, candidate) or candidate
        if candidate == need.product:
            return
    need.product = candidate
    if asked == "product" or correction or stated:
        st.settled["product"] = "correction" if corrected and (correction or stated) else "answer"
    st.origin["product"] = st.turn
    move.changed["product"] = "corrected" if corrected else "set"


_THING_FILLER = re.compile(r"^(?:就是|是|主要是|其实是|嗯|哦)[，,\s]*|"
                           r"[，,\s]*(?:吧|啊|呀|嘛|哦|这个|那个)?[。.!！\s]*$")


def _bare_thing(body: str, need: Need, st: DialogueState, *, asked: str | None, correction: bool,
                today: date) -> str | None:
    """A Chinese message that is only a thing's name ("弹片", "轴"), said while the service or the product is asked or
    nothing is, names the thing the need is about over a product the chat read unasked (the company's line, "五金冲压
    件", or a placeholder, "加工的件"): the nearer thing was dropped and the line kept (probe24's p237, probe22's p214).
    Every word a noun of jieba's, none a place, a field's word, a service or a refusal; never the held product again or
    the end of its name."""
    if correction or not need.product or st.settled.get("product") not in (None, "said") \
            or asked not in ("service_types", "product", None):
        return None
    text = _THING_FILLER.sub("", body.strip())
    text = _THING_FILLER.sub("", text)
    if not (1 <= len(text) <= 8) or not re.fullmatch(r"[\u4e00-\u9fff]+", text) or BARE_REFUSAL.match(text) \
            or extract_service_types(text) or extract_region(text)[0].province or _holds_a_field(text, today) \
            or any(w.search(text) for w in FIELD_WORDS.values()) or _NOT_A_PRODUCT.match(text):
        return None
    words = [(p.word, p.flag) for p in pos_tagger().lcut(text, HMM=False)]
    if not words or not all(f.startswith("n") and f not in ("ns", "nr", "nt", "nrt") for _, f in words):
        return None
    if _squash(need.product).endswith(_squash(text)):
        return None
    return text


# The product named in so many words ("产品是铝合金锻造转向节，…", "the product is …"): beside another field it still
# names the product ("要做的是EMC测试" names the work, not a product; the sixteenth probe, p152).
_PRODUCT_NAMED = re.compile(r"产品(?:是|为|叫|名称是|[:：])|\b(?:the|our) products? (?:is|are)\b", re.I)


def _thing_opening(clause: str) -> str | None:
    """The thing a Chinese clause opens with when the rest of the clause says what befalls it ("仪表板饰条有气味" →
    仪表板饰条, "QJ潜水泵用了半年就渗水" → QJ潜水泵), as the product reader reads it; None when the clause opens with
    anything else, lists more things, or asks for work or a question. Why: the chat took a thing named alone beside a
    service (e13b265), so the more exact thing said with its symptom was lost to the vaguer company line."""
    text = clause.strip(" ，,。.!！")
    if not re.search(r"[\u4e00-\u9fff]", text) or QUESTION_WORDS.search(text):
        return None
    read = extract_product(text)
    if not read or not text.startswith(read) or len(read) < 2:
        return None
    rest = text[len(read):]
    if len(rest) < 2 or re.match(r"[的和及与、或/]", rest) or _WANTS.match(rest) or extract_service_types(rest):
        return None
    return read if names_a_thing(read) else None


def _more_exact(named: str, held: str | None) -> bool:
    """Whether ``named`` is a longer name of the same kind of thing as ``held``: the same head noun, more said before
    it ("涤纶印花面料" of "女装面料", "aluminium forged steering knuckles" of "steering knuckles")."""
    if not held:
        return False
    a, b = _squash(named), _squash(held)
    if a == b or len(a) <= len(b) - 1:
        return False
    if a.isascii() and b.isascii():
        return named.casefold().split()[-1:] == held.casefold().split()[-1:]
    return len(b) >= 2 and a[-2:] == b[-2:]


# What a thing known by its model code alone is ("TK-860B", then "哦，是一款车载充电器，我们在无锡"; "XR-45", then
# "It's a plastic junction box for solar panels. We're in Ningbo."): the code's kind, said in a clause of its own.
_IT_IS = re.compile(r"^(?:(?:哦|噢|嗯|对|就)[，,]?\s*)?(?:这|它|那)?(?:个|款)?(?:是|就是)"
                    r"(?:一款|一个|一台|一种|一套|个|款|台)?(?P<zh>.+)$|^(?:oh,?\s+|ok,?\s+)?(?:it'?s|it\s+is|this\s+is|that'?s|they'?re|they\s+are)\s+"
                    r"(?P<en>(?:an?|the|our)\s+.+)$", re.I)


_BARE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-/]{1,15}")


def is_bare_code(text: str) -> bool:
    """Whether a text is a model code and nothing else ("SN-2040", "XR-45"): letters and digits, no words."""
    return bool(_BARE_CODE.fullmatch(text) and re.search(r"[A-Za-z]", text) and re.search(r"\d", text))
# A request to start over ("重新来吧", "从头说", "刚才说的都不算", "Sorry, wrong request - let's start over."): what was
# said before no longer holds. The chat took it as one more message: p126 of the twelfth probe ended on the door
# hinges of the request taken back, with the frying pans of the new one lost, and only its region changed. The words
# must end their clause ("重新来一次测试", "重新开始生产" are no such request).
_STARTS_OVER = re.compile(
    r"(重新来(?:过|一遍|一次)?|重来(?:一遍|一次)?|推倒重来|重新开始|从头(?:来|开始|说|填)(?:一遍|一下)?|"
    r"重新(?:说|讲|填|描述)(?:一遍|一下|一次)?|(?:刚才|前面|之前|上面)(?:说|讲|写|填|发)?的(?:都|全)?(?:不算|作废)|"
    r"\b(?:start(?:ing)? (?:over|again|afresh|from scratch)|begin again|restart(?: the (?:chat|conversation))?|"
    r"scratch (?:that|everything)|ignore (?:all )?(?:that|everything|what i (?:said|wrote)))\b)"
    r"(?:\s*(?:吧|了|啊|哈|好了|可以吗|行吗|please))?\s*(?:[，,。.!！?？;；:：\-—\n]|$)", re.I)


def starts_over(text: str) -> int | None:
    """Where the message's words after a request to start over begin (``len(text)`` when none follow), or None."""
    m = _STARTS_OVER.search(text)
    return m.end() if m else None


_MODEL_LEAD = re.compile(r"^(?:(?:产品)?型号(?:是|为|[:：])?|"
                         r"(?:the\s+)?model(?:\s+(?:no\.?|number))?(?:\s+is)?[:：]?)\s*", re.I)


def _code_named(product: str | None, parts: Sequence[Clause], today: date) -> str | None:
    """The product a need known by a bare model code gets when a clause says what kind of thing the code is: the
    code with its kind ("TK-860B车载充电器", "XR-45 plastic junction box"). The kind said next to the code was lost
    ("哦，是一款车载充电器" kept TK-860B alone, the region beside it taken; the tenth probe: p102, p108)."""
    if not product or not _BARE_CODE.fullmatch(product) or not re.search(r"[A-Za-z]", product) \
            or not re.search(r"\d", product):
        return None
    for c in parts:
        text = (c.asks or "").strip(" ，,。.!！")
        m = _IT_IS.match(text)
        if m is None or c.wrong or _holds_a_field(text, today):
            continue
        said = m.group("en") or m.group("zh")
        # (a name with no cue in it, "a handheld barcode scanner", is the name itself, as an answer's is)
        kind = extract_product(said) or (_bare_product(said) if _names_itself(said) else None)
        if not kind or kind == product or product in kind or _NOT_A_PRODUCT.match(kind) or _BARE_CODE.fullmatch(kind):
            continue  # (another code is a correction of the code, "不对，是TK-870B": not its kind)
        return f"{product} {kind}" if kind.isascii() else f"{product}{kind}"
    return None


def _kind_said(clause: str) -> str | None:
    """The thing a clause names, or says something is ("电动牙刷", "it's a plastic junction box for solar panels")."""
    m = _IT_IS.match(clause.strip(" ，,。.!！"))
    said = (m.group("en") or m.group("zh")) if m else None
    return (extract_product(said) or _bare_product(said)) if said else _bare_product(clause)


def _names_itself(said: str) -> bool:
    """Whether a short phrase is itself a thing's name (:func:`_bare_product` and :func:`names_a_thing` agree)."""
    bare = _bare_product(said)
    return bool(bare) and names_a_thing(bare or "") and not _ACTION.search(said)


_OF_KIND = re.compile(r"^(?P<noun>[\u4e00-\u9fffA-Za-z0-9]{2,8}?)(其实|实际上|实际|应该|本来)?是"
                      r"(?P<kind>[\u4e00-\u9fffA-Za-z]{2,6}?)(材质|材料|面料|款|型)?的$")
# What says whose, when or how a thing was made or got, not what kind it is ("电池其实是我们自己做的", "外壳应该是去年
# 做的", "面料其实是客户提供的"): no kind.
_NOT_A_KIND = re.compile(r"(我|你|他|她|它|们|自己|别人|人家|家|客户|厂|供应商|年|月|天|周|时候|前|后|提供|做|产|买|"
                         r"采购|定制|加工|送|给|用|拿|来|去|过|了)")


def _of_another_kind(clause: str, product: str) -> str | None:
    """The product a clause "<noun>(其实)是<kind>的" makes of the current one, when the noun is how the current product
    ends ("面料其实是锦纶的" of 涤纶面料: 锦纶面料; "管材其实是PE的": PE管材), the kind is a word of two to six
    characters that names no service, place, date or amount, nor whose or when it is (:data:`_NOT_A_KIND`), and no
    digit (a model, "电池是21700型的", keeps to :func:`_model_on_own_noun`)."""
    m = _OF_KIND.match(clause.strip(" ，,。.!！"))
    if m is None or not product.endswith(m.group("noun")) or m.group("kind") in product:
        return None
    kind, noun = m.group("kind"), m.group("noun")
    if extract_service_types(kind) or any(w.search(kind) for w in FIELD_WORDS.values()) \
            or re.search(r"(这|那|哪|什么|怎么)", kind) or _NOT_A_KIND.search(kind):
        return None
    return kind + noun


def _model_on_own_noun(candidate: str, product: str, *, ruled: Sequence[str]) -> str:
    """A correction of the model names the thing in the enterprise's own words: "产品应该是KN95" of a need about 口罩
    is KN95口罩, not a product alone; "电池是21700型的，不是18650" of 18650锂电池 (or 锂电池) is 21700锂电池, not
    21700电池 — the noun the reading gives (电池) is the end of the enterprise's own (锂电池). Not when the message
    rules the enterprise's noun out ("不是锂电池，是21700钠电池")."""
    m = re.fullmatch(rf"({MODEL_CODE})(.*)", candidate)
    if m is None or not re.search(r"[\u4e00-\u9fff]", product):
        return candidate
    model, noun = m.group(1), m.group(2)
    own = re.sub(rf"^{MODEL_CODE}", "", product) or product
    if noun and (len(noun) < 2 or own == noun or not own.endswith(noun)):
        return candidate
    if any(own in w for w in ruled):
        return candidate
    return model + own


def _named_product(clause: str, *, unread: bool = True) -> str | None:
    """A short clause that is itself a thing's name, as the product reader agrees: the name, else None. ``unread``:
    a name the reader finds no cue in may be taken as well."""
    if len(clause) > _longest_name(clause) or _ACTION.search(clause) \
            or _NOT_A_PRODUCT.match(clause.strip(" ，,。.!！?？")) or STANDARD_NUMBER.fullmatch(clause.strip(" 。.")):
        return None
    bare = _bare_product(clause)
    read = extract_product(clause)
    if bare and read is None and unread and _plain_name(clause):
        # A bare name the product reader finds no cue in ("Rubber O-rings for hydraulic cylinders.", given after the
        # product question had gone unanswered twice and the chat had moved on to the region): the name itself.
        return bare if names_a_thing(bare) else None
    if not (bare and read and (_squash(read) in _squash(bare) or _squash(bare) in _squash(read))):
        return None
    name = bare if len(bare) >= len(read) else read
    return name if names_a_thing(name) else None


# Words that make an English clause a sentence, not a name: pronouns, verbs of being and having, modals, replies.
_SENTENCE_WORDS = re.compile(r"\b(i|we|you|it|they|he|she|this|that|these|those|there|is|are|was|were|be|been|am|"
                             r"have|has|had|do|does|did|can|could|will|would|should|may|might|must|let'?s|please|"
                             r"go|sure|ok|okay|yes|no|not|thanks|thank|hello|hi|our|my|your|us|me|them|him|her)\b",
                             re.I)


def _asked_name(text: str) -> str | None:
    """The answer to the product question taken as the name itself (:func:`_bare_product`), unless what is left of
    an English answer is still a sentence ("It is urgent for us." made the product "urgent for us")."""
    bare = _bare_product(text)
    if bare and bare.isascii() and (_SENTENCE_WORDS.search(bare) or not names_a_thing(bare)):
        return None
    return bare


def _plain_name(clause: str) -> bool:
    """Whether a clause is a name and nothing else: in English no pronoun, verb of being or reply word; in Chinese
    at most twelve characters (the bare name's own test does the rest)."""
    text = clause.strip(" ，,。.!！")
    if re.search(r"[\u3400-\u9fff]", text):
        return len(text) <= 12
    return text.isascii() and len(text.split()) <= 8 and not _SENTENCE_WORDS.search(text)


def _squash(text: str) -> str:
    return "".join(text.split()).casefold()


def _longest_name(text: str) -> int:
    """How long a name said alone may run: an English one longer ("biodegradable food packaging film")."""
    return 24 if re.search(r"[\u3400-\u9fff]", text) else 48


def _bare_product(text: str) -> str | None:
    """A short answer that is itself the product's name ("锂电池隔膜", "是PE管材吧", "our LED drivers", "用这种磁材
    做的永磁电机转子" → 永磁电机转子)."""
    value = text.strip(" ，,。.!！?？")
    value = re.sub(r"^(更正一下|更正|纠正一下|不对|说错了|抱歉|sorry)[，,：: ]*", "", value, flags=re.I)
    for _ in range(2):
        value = _PRODUCT_LEAD.sub("", value).strip()
        value = _PRODUCT_TAIL.sub("", value).strip()
    # a model said as one ("型号是TK-860B", "Model XR-45."): the code is the name, not the words that announce it (the
    # product was "型号是TK-860B", and the title with it; the tenth probe's variants)
    value = _MODEL_LEAD.sub("", value) if _BARE_CODE.fullmatch(_MODEL_LEAD.sub("", value)) else value
    if "的" in value and len(value.rsplit("的", 1)[-1]) >= 2:
        value = value.rsplit("的", 1)[-1]  # "用这种磁材做的永磁电机转子": the thing, not how it is made
    # a count is no part of the name ("是车间里的几台三坐标测量机": the title read "几台三坐标测量机校准需求")
    value = _COUNT_LEAD.sub("", value) if len(_COUNT_LEAD.sub("", value)) >= 2 else value
    if not (2 <= len(value) <= _longest_name(value)) or re.search(r"[，,。；;]", value):
        return None
    if not re.search(r"[\u3400-\u9fffA-Za-z]", value):
        return None
    return value


# A value the enterprise takes back, not knowing it yet: the field named, then words that leave it open, within the
# same clause ("预算其实还没定下来", "时间还不确定", "资质要求先不填", "the budget is not decided yet"); or a clause of
# those words alone after one naming the field ("预算的话，先不填吧"). Never doubt about something else ("用了一段时间
# 就坏了，不确定是材料问题还是工艺问题": the doubt is in a clause of its own that names no field).
_TAKEN_BACK = (r"(?:先不填|先空着|空着|先不写|不写了|先别填|先别写|不填了|还没定|没定下来|没有定|还没确定|未定|待定|"
               r"还不确定|不确定|说不准|不好说|以后再定|回头再定|"
               r"\bnot (?:yet )?(?:decided|fixed|settled|confirmed|final|sure)\b|\bundecided\b|\btbd\b|"
               r"\bto be (?:decided|confirmed)\b|\bleave (?:it|that|this|the \w+) (?:open|blank|empty)\b|"
               r"\bhaven'?t (?:decided|fixed)\b)")
_TAKEN_BACK_ALONE = re.compile(rf"^\s*(?:那|就|那就|所以)?\s*{_TAKEN_BACK}\s*(?:吧|了|啊|哈|for now)?\s*[。.!！]*\s*$",
                               re.I)
_WITHDRAWABLE: dict[str, str] = {
    "budget": r"预算|费用|经费|\bbudget\b",
    "deadline": r"时间|期限|截止日期|工期|交期|交货期|\bdeadline\b|\btimeline\b|\b(?:the )?date\b",
    "region": r"地区|地点|区域|\bregion\b|\blocation\b",
    "qualifications": r"资质|CMA|CNAS|\bqualifications?\b|\baccreditation\b",
}
_WITHDRAWS = {name: re.compile(rf"(?:{words})[^，,。；;!?！？]{{0,8}}?{_TAKEN_BACK}", re.I)
              for name, words in _WITHDRAWABLE.items()}


def withdrawn(body: str, need: Need, today: date) -> list[tuple[str, list[str]]]:
    """The fields the need holds that this message takes back, unknown yet (:data:`_WITHDRAWS`), each with the marks
    it names (for the qualifications: those alone go, or all when it names none). A clause that gives the field a
    value ("预算暂定5万，不确定够不够") takes nothing back."""
    out: list[tuple[str, list[str]]] = []
    parts = clauses(body)
    for i, clause in enumerate(parts):
        for name, pattern in _WITHDRAWS.items():
            alone = _TAKEN_BACK_ALONE.match(parts[i + 1]) if i + 1 < len(parts) else None
            named = re.search(_WITHDRAWABLE[name], clause, re.I)
            if not (pattern.search(clause) or (named and alone and len(clause) <= 12)):
                continue
            if not _field_set(need, name) or any(n == name for n, _ in out):
                continue
            if (name == "budget" and not extract_budget(clause).is_empty) or (
                    name == "deadline" and extract_deadline(clause, today) is not None) or (
                    name == "region" and extract_region(clause)[0].province):
                continue
            out.append((name, extract_qualifications(clause) if name == "qualifications" else []))
    return out


def _declined(body: str, said: str, asked: str | None) -> list[str]:
    """The fields this message declines: named ones ("预算面议", "时间不限", "地区不限", "budget: negotiable"), or the
    asked field for a bare refusal ("不方便说", "还没定")."""
    out = []
    # (one rule with the card's budget field: a bare "看情况" answering the budget question leaves it open, as
    # "预算看情况" and "看情况再说" did; it was asked again)
    if budget_declined(body, answer=asked == "budget"):
        out.append("budget")
    if deadline_declined(body):
        out.append("deadline")
    if region_declined(body):
        out.append("region")
    if _refuses(body) and not CORRECTION.search(body):
        named = [n for n, words in FIELD_WORDS.items() if words.search(body)]
        if named:
            out += [n for n in named if n not in out]
        elif asked is not None and asked not in out:
            out.append(asked)
    return out


# ---- what to ask next ----

def missing(need: Need, state: DialogueState) -> list[str]:
    """The askable fields still empty, most decision-relevant first, less those declined."""
    return [n for n in ASKABLE_FIELDS if not _askable_done(need, n) and n not in state.declined]


def _askable_done(need: Need, name: str) -> bool:
    if name == "product":
        return bool(need.product or need.industry)
    return _field_set(need, name)


def next_field(need: Need, state: DialogueState, move: Move | None) -> str | None:
    """The field to ask now: the one just asked once more when the message left it unanswered (and it was asked only
    once), else the first missing field not declined, given up or asked twice."""
    if move is not None and move.past_deadline is not None:
        return "deadline"  # the date it gave has passed: asked for again, whatever else is open
    if move is not None and move.reopened is not None:
        return move.reopened  # "预算能不能再加点？": the new value is asked for, whatever else is open
    open_ = missing(need, state)
    pending = state.asked
    if pending is not None and pending in open_ and move is not None and not move.answered \
            and state.asks.get(pending, 0) < 2 and pending not in state.given_up:
        return pending
    for name in open_:
        if name in state.given_up or state.asks.get(name, 0) >= 2 or name == pending:
            continue
        if state.asks.get(name, 0) >= 1:
            continue  # asked before and answered by something else meanwhile: not asked again
        return name
    return None


def ask(state: DialogueState, name: str | None) -> DialogueState:
    """The state once ``name`` is asked (None: nothing left to ask)."""
    st = state.model_copy(deep=True)
    st.asked = name
    if name is not None:
        st.asks[name] = st.asks.get(name, 0) + 1
    return st


# ---- the publishing question (seed 000 §5.1.3 publish, §5.2.4 secrecy)
# A need was published as not confidential when secrecy was never mentioned, the chat never having asked (a new
# user's trial, 2026-11-29). Once nothing is left to ask, it asks whether the details may be public, with what will
# be public (twice at most); a bare answer right after it is read as the answer, any other message as usual.
# (a bare "好的" / "ok" acknowledges the reply and answers nothing: it is answered as the courtesy it is, secrecy left
# unsaid)
PUBLIC_YES = re.compile(r"^\s*(?:(?:都|也|当然|完全)?(?:可以|能|行|没问题|没关系|无所谓|随便|同意|是的|对)"
                        r"(?:公开|发布|公开发布)?|公开(?:发布)?|(?:可以|能)?公开(?:发布)?吧|不用保密|不需要保密|"
                        r"yes|yeah|yep|sure|of course|go ahead|(?:that'?s|it'?s) fine|"
                        r"(?:yes,?\s*)?(?:it |they )?(?:can|may) be (?:made )?public|public is fine)"
                        r"[\s,，、。.!！~～吧的啊呀哈]*$", re.I)
PUBLIC_NO = re.compile(r"^\s*(?:不可以|不行|不能|不好|不要|不|别|否|(?:需要|要|请)?保密(?:吧|一下)?|不要公开|"
                       r"别公开|不公开|不能公开|不可以公开|不方便公开|no|nope|not public|"
                       r"keep it (?:confidential|private)|"
                       r"confidential(?:,? please)?|(?:please )?don'?t publish(?: it)?|(?:no,?\s*)?(?:it |they )?"
                       r"(?:can'?t|cannot|may not|must not) be (?:made )?public)"
                       r"[\s,，、。.!！~～吧的啊呀哈]*$", re.I)


# How many times the publishing question is asked: as an asked field is (asked once more when the message after it
# answers something else, then not again). Asked once only, a correction sent after it ("不好意思，预算应该是8万")
# dropped it, and the need went public with secrecy never said (a new user's trial, in both languages, 2026-11-30).
PUBLISHING_ASKS = 2


def publishing_asks(state: DialogueState) -> int:
    """How many times the publishing question was asked (a state stored before the count was kept: once, if at all)."""
    return state.publishing_asks or (1 if state.publishing_asked is not None else 0)


def publish_question_due(need: Need, state: DialogueState, field: str | None, blockers: Sequence[object]) -> bool:
    """Whether the chat asks now whether the need may be published: nothing is left to ask (``field`` None) or to
    keep it from being submitted (``blockers``), the enterprise never said whether it is confidential (in a message
    or on the card), and the question was not asked yet, or was asked once and the enterprise has said something
    else since (:data:`PUBLISHING_ASKS`)."""
    asks = publishing_asks(state)
    again = asks < PUBLISHING_ASKS and (state.publishing_asked is None or state.publishing_asked < state.turn)
    return field is None and not blockers and again and not need.confidential and "confidential" not in state.settled


def ask_publishing(state: DialogueState) -> DialogueState:
    """The state once the publishing question is asked (again)."""
    return state.model_copy(update={"publishing_asked": state.turn, "publishing_asks": publishing_asks(state) + 1},
                            deep=True)


def publishing_waits(state: DialogueState) -> bool:
    """Whether the publishing question waits for its answer: asked, nothing said since (a bare answer now answers it,
    :func:`answer_publishing`), and secrecy not set on the card meanwhile. The conversation's open question then."""
    return (state.publishing_asked is not None and state.publishing_asked == state.turn
            and "confidential" not in state.settled)


def publishing_answer(body: str) -> bool | None:
    """A bare answer to "may these details be published?": True (public: "可以", "公开吧", "没问题", "yes"), False
    (confidential: "保密", "不要公开", "不行", "no"), None for any other message."""
    text = clean_text(body).strip()
    if PUBLIC_NO.match(text):
        return False
    return True if PUBLIC_YES.match(text) else None


def answer_publishing(draft: Need, state: DialogueState, message: str) -> tuple[Need, DialogueState, Move] | None:
    """The draft and the state after a bare answer to the publishing question, sent right after it was asked; None
    when the message is not one (it is then read as any message is, and the question is not asked again)."""
    if state.publishing_asked is None or state.publishing_asked != state.turn:
        return None
    public = publishing_answer(message)
    if public is None:
        return None
    need = draft.model_copy(deep=True)
    st = state.model_copy(deep=True)
    st.turn += 1
    need.confidential = not public
    st.settled["confidential"] = "answer"
    st.origin["confidential"] = st.turn
    move = Move(changed={"confidential": "set"}, answered=True)
    move.add("answer")
    return need, st, move


def not_given(need: Need, state: DialogueState) -> list[str]:
    """The askable fields still empty that the chat will not ask again: declined, or unanswered twice."""
    return [n for n in ASKABLE_FIELDS if (n in state.given_up or n in state.declined) and not _askable_done(need, n)
            and state.settled.get(n) != "widened"]


# ---- a field set on the card ----

def industry_follows(before: Need, need: Need, state: DialogueState, text: str) -> None:
    """The industry read again when the product changed (a correction in the chat, an edit on the card): the group
    the new product belongs to, else the sectors ``text`` (what the enterprise has said) names. Never one the
    enterprise set itself (on the card, or as an answer or correction): that stays until it changes it."""
    if need.product == before.product or state.settled.get("industry"):
        return
    need.industries = read_industries(clean_text(text), need.product)
    need.industry = need.industries[0] if need.industries else None


def card_edit(draft: Need, state: DialogueState, changes: dict[str, object],
              declined: Sequence[str] = ()) -> tuple[Need, DialogueState, Move]:
    """The enterprise set fields on the need card: recorded like a correction (settled, never overwritten by a later
    reading unless it says so again). ``changes`` were validated by the caller into the need's own field types;
    ``declined``: fields it left open there ("看情况" in the budget field), cleared and not asked again, as the chat
    takes the same words."""
    need = draft.model_copy(deep=True)
    st = state.model_copy(deep=True)
    move = Move(kinds=["card"])
    for name, value in changes.items():
        before = _field_set(need, name)
        old = getattr(need, name)
        if name == "service_types":
            values = [ServiceType(v) for v in value] if isinstance(value, list) else []
            gone = [s.value for s in need.service_types if s not in values]
            st.removed_types = [s for s in dict.fromkeys(st.removed_types + gone) if s not in
                                [v.value for v in values]]
            need.service_types = [s for s in ServiceType if s in values]
            need.phrases = {k: v for k, v in need.phrases.items() if k in values}
        elif name in ("qualifications", "preferred_qualifications"):
            # a mark is required or wished, never both: the list it is put in takes it from the other (the card
            # moves a mark between 必须 and 优先)
            other = "preferred_qualifications" if name == "qualifications" else "qualifications"
            values_q = list(dict.fromkeys(str(v) for v in value)) if isinstance(value, list) else []
            kept_other = [q for q in getattr(need, other) if q not in values_q]
            gone_q = [q for q in getattr(need, name) if q not in values_q and q not in kept_other]
            st.removed_qualifications = [q for q in dict.fromkeys(st.removed_qualifications + gone_q)
                                         if q not in values_q and q not in kept_other]
            if kept_other != getattr(need, other) and other not in changes:
                setattr(need, other, kept_other)
                move.changed[other] = "moved"
            setattr(need, name, values_q)
            if name == "qualifications" and values_q:
                need.qualifications_open = False
        else:
            setattr(need, name, value)
        # (secrecy left unsaid and saved as "no" on the card is said: the card shows 否, and the chat does not ask
        # whether the need may be published)
        if getattr(need, name) == old and not (name == "confidential" and name not in st.settled):
            continue
        st.settled[name] = "card"
        st.origin[name] = st.turn
        if name in st.declined:
            st.declined.remove(name)
        if name in st.given_up:
            st.given_up.remove(name)
        move.changed[name] = "corrected" if before else "set"
    for name in declined:
        if name not in st.declined:
            st.declined.append(name)
        if name in st.given_up:
            st.given_up.remove(name)
        st.settled[name] = "card"
        st.origin[name] = st.turn
        move.changed[name] = "declined"
    return need, st, move
