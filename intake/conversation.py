"""What the chat says: its questions, its replies (what a message changed, in the enterprise's own words, then the
next question), and the stored description. Pure functions, no database.

How a message is understood — an answer, a correction, a passing mention — and which field to ask next is
:mod:`intake.dialogue`'s.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from intake.content import substantive_words
from intake.dialogue import LOCAL_WISH, holds_no_field, likely_service
from intake.extract import clean_text
from intake.extract.budget import extract_budget
from intake.extract.deadline import extract_deadline
from intake.extract.region import english_name, extract_region
from intake.industries import industry_in
from intake.publish import PUBLISHED_WHEN
from intake.schemas import (
    QUALIFICATIONS_OPEN,
    Need,
    SubmitBlocker,
    phrase_items,
    phrase_said,
    said_items,
    shared_end,
    wan,
)
from kb.vocab import SERVICE_TYPE_EXAMPLES, SERVICE_TYPE_LABELS, ServiceType

QUESTIONS: dict[str, tuple[str, str]] = {
    "service_types": ("您希望机构提供哪类服务？例如检验检测、失效分析、校准、标准制定、联合研发。",
                      "What service do you need? For example testing, failure analysis, calibration, standards, "
                      "joint R&D."),
    "product": ("涉及的是什么产品或哪个行业？", "Which product or industry is this about?"),
    "region": ("您的企业或需要服务的地点在哪个省市？是否必须找本地机构？",
               "Where is your company or the site needing the service (province/city)? Must the provider be local?"),
    "deadline": ("希望什么时候之前完成？例如“三个月内”或具体日期。",
                 "By when should the work be done? For example \"within three months\" or a date."),
    "budget": ("大致预算是多少？可以给一个范围，例如“10到30万”。",
               "What is the rough budget? A range is fine, e.g. \"RMB 100,000-300,000\"."),
}
# What each field means, for an enterprise that asks before answering ("地区是指我们公司在哪，还是希望检测机构在哪？",
# "What do you mean by the deadline - when the tests start or when we get the report?"; the fourteenth probe).
FIELD_MEANS: dict[str, tuple[str, str]] = {
    "service_types": ("服务类型指您希望机构为您做哪类工作：想弄清出问题的原因是失效分析（质量技术评价），"
                      "按标准测试并出报告是检验检测，仪器的检定校准是校准，改进设计、材料或工艺是技术研发。",
                      "The service type is the kind of work you want a provider to do: finding why something fails is "
                      "failure analysis (quality-technology evaluation), tests to a standard with a report are "
                      "testing, instruments checked against standards are calibration, a better design, material or "
                      "process is R&D."),
    "product": ("产品指这项需求针对的东西：要检测、分析、校准或研发的产品、零部件、材料或仪器。",
                "The product is what the need is about: the product, part, material or instrument to be tested, "
                "analysed, calibrated or developed."),
    "region": ("地区指您的企业或需要服务的现场所在的省市，不是机构所在地：匹配时同城、同省的机构略微靠前，"
               "但不只限本地；如果必须找本地机构，可以说“只找本地机构”。",
               "The region is where your company, or the site needing the service, is (province and city), not "
               "where the provider is: providers nearby rank a little higher, but others are proposed too; if the "
               "provider must be local, say \"local providers only\"."),
    "deadline": ("期限指希望服务完成的时间，也就是拿到报告或结果的日期，不是开始的时间。",
                 "The deadline is the date by which the work should be done: when you have the report or the result "
                 "in hand, not when the work starts."),
    "budget": ("预算指您打算为这项服务支付给机构的大致费用，给一个范围也可以；运费、样品等其他费用和最终价格，"
               "由您与承接的机构在技术服务协议里约定。",
               "The budget is roughly what you expect to pay the provider for this work (a range is fine); shipping, "
               "samples and the final price are settled with the provider in the technical service agreement."),
}
UNREADABLE = ("抱歉，没能读懂这条消息，请用文字描述您的需求。",
              "Sorry, I could not read that message; please describe your need in words.")
DONE = ("信息已足够，可以提交需求并匹配服务机构。", "Thank you, the need is complete enough to submit and look for "
        "providers.")
NOTHING_NEW = ("这条消息里没有读到新的信息。", "I found nothing new in that message.")
# Work already done, told in passing (intake.dialogue.work_done): said back in the enterprise's words, with where it is
# kept and that it asks for nothing ("之前在SGS做过一次常规理化，没查出啥" got NOTHING_NEW; a new user's trial, p213).
BACKGROUND = ("已记下背景（已经做过的，不算本次要的服务，写进需求说明供机构参考）：{said}。",
              "Noted as background (already done, not a service asked for; kept in the description for providers): "
              "{said}.")
# A message that is only a courtesy (intake.dialogue.courtesy_of): thanks are answered, an "ok" taken as read.
COURTESY = {"thanks": ("不客气。", "You're welcome."), "ok": ("好的。", "OK.")}
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "service_types": ("服务类型", "service type"), "product": ("产品", "product"), "industry": ("行业", "industry"),
    "region": ("地区", "region"), "deadline": ("期限", "deadline"), "budget": ("预算", "budget"),
    "qualifications": ("资质要求", "required qualifications"), "confidential": ("保密", "confidentiality"),
    "preferred_qualifications": ("优先资质（非必须）", "preferred qualifications (not required)"),
    "local_only": ("本地机构", "local providers"),
}
# A message is added to the stored description when it says this much beyond filling a field (see compose_text).
SUBSTANTIVE_WORDS = 3
SUBSTANTIVE_SENTENCE = (2, 15)  # or this many words in a sentence at least this long
# A message in a language the product does not read: kept as written, read by the rules only, and the user told.
UNSUPPORTED = ("目前只能读取中文和英文；您的原文已完整保存，仅按规则读取。请尽量用中文或英文补充说明。"
               " / For now only Chinese and English are read; your text is kept as written and read by the rules "
               "only. Please add details in Chinese or English.")
REASK = ("还想再确认一下：", "Back to my earlier question: ")
# A message that says the card is wrong ("哦不对，…") but names no field the chat could read.
UNREAD_CORRECTION = ("没能看出您要更正哪一项。可以直接说，例如“服务类型改成标准制定”或“产品是……”，"
                     "也可以在需求卡片上直接修改。",
                     "I could not tell what to correct. You can say, for example, \"the service should be standard "
                     "drafting\" or \"the product is …\", or change it on the need card.")
# (the need is published first, as it is submitted: intake.publish.PUBLISHED_WHEN; this said only the matching)
QUESTION_BACK = ("提交需求后立即公开发布，系统会为您匹配合适的服务机构，协会协调员审核后会在站内通知您；"
                 "具体费用和周期由您与机构沟通确定。",
                 "Once you submit, the need is published at once and the platform matches providers; the association's "
                 "coordinator then reviews them, and you will be told in your inbox. Price and timing are settled with "
                 "the provider.")
# A question back about a report or a mark ("你们能出CNAS报告吗？"): who issues reports, and the mark recorded as the
# need's required qualification, which matching holds to (matcher.rules.check_qualifications).
REPORTS = ("报告由承接需求的机构出具，平台本身不出具报告。",
           "Reports are issued by the provider that takes on the need, not by the platform.")
QUALIFICATIONS_REQUIRED = ("已把{marks}记为本需求的资质要求：匹配时只推荐持有{held}资质的机构。",
                           "{marks} {are} recorded as {a}qualification{s} this need requires: only providers holding "
                           "{them} are proposed.")
# A question back about publishing ("能公开吗"): what is published, what never is, and where the need stands now.
PUBLISHING = ("公开发布的只有：标题、需求摘要、产品、服务类型、行业、地区、预算区间和期限。" + PUBLISHED_WHEN[0]
              + "联系人、电话、邮箱从不公开，您要求隐去的内容（如公司名称）也不会出现。保密需求只公开平台生成的脱敏摘要"
              "（服务类型、行业、地区、预算区间和期限），不写公司名称、产品和您的原话；详细信息只在您会签含保密条款的"
              "协议（保密协议）、或自己向承接机构开放详细信息后，才提供给该机构。",
              "Only the title, a summary of the need, the product, service types, industry, region, budget band and "
              "deadline are published. " + PUBLISHED_WHEN[1] + " Contact names, phone numbers and e-mail addresses "
              "are never published, nor anything you asked to leave out (such as your company's name). A "
              "confidential need is published only as the platform's desensitised outline (service types, industry, "
              "region, budget band and deadline), without your company's name, your product or your own words; the "
              "details go to the provider that takes the need only once you countersign an agreement with a "
              "confidentiality clause (an NDA), or open them to it yourself.")
# Who sees the enterprise's contact details: need-to-know (``authz.policy.Detail``: the contact is in ``full`` only —
# the enterprise, the association staff serving it, and the accepted provider once the details are opened to it).
CONTACT = ("您的联系人、电话和邮箱从不公开发布，被推荐的机构也看不到；只有为您对接的协会工作人员能看到。协会确定承接"
           "机构后，需要您在需求页向它开放详细信息，或双方签署含保密条款的协议，该机构才能看到；开放后您也可以随时收回。",
           "Your contact name, phone number and e-mail are never published, and the providers proposed to you do not "
           "see them; only the association staff docking your need do. The provider accepted for it sees them once "
           "you open the details to it on your need's page (or your agreement with it has its confidentiality "
           "clause), and you can close them again at any time.")
# A request to start over ("重新来吧", "let's start over"): the card is cleared and read anew from what follows.
STARTED_OVER = ("好的，重新开始：之前填的内容已清空。", "Sure, starting over: what was noted before is cleared.")
# A request to be called back ("麻烦回个电话", "Could someone give me a call?"): the chat calls no one, and promises no
# call; who may use the contact details is what CONTACT says (the association staff docking the need).
CALL = ("这里不安排电话回访。您账户里的联系人和电话只有为您对接的协会工作人员能看到，需要时由他们与您联系；想补充的细节"
        "也可以直接写在这里，会写进需求描述，协调员审核时会看到。",
        "No call is arranged from here. Only the association staff docking your need see the contact name and phone "
        "number on your account, and they reach you if they need to; any details you want to add can be written "
        "here, and they go into the description the coordinator reads.")
# Questions about the service itself (the eighth probe: "费用怎么收？", "要多久能出结果？", "谁来做这个项目？", "Who
# actually does the work - you or a partner lab?"), answered from what the platform does and nothing it does not: it
# prices nothing (the price is the provider's, agreed in the technical service agreement the enterprise countersigns:
# docs/workflow.md), the schedule is the provider's too, and the work is done by the provider matched (docs/matching.md:
# service type, required qualifications, region, the need's words; a coordinator reviews the proposals).
WHO_DOES = ("平台本身不承接检测、研发等服务。提交需求后，系统从平台登记的服务机构（质检中心、计量中心、"
            "公共技术服务平台等）中，按服务类型、资质要求、地区和需求内容匹配，协会协调员审核推荐；由承接需求的机构"
            "来做，签订技术服务协议后由它组建项目组开展服务。",
            "The platform itself does not do the work. Once you submit, it matches the service providers registered on "
            "it (quality inspection centers, metrology centers, public technical service platforms and the like) by "
            "service type, required qualifications, region and what your need says, and the association's coordinator "
            "reviews the proposals. The provider that takes on the need does the work, with a project team it forms "
            "once the technical service agreement is signed.")
COST = ("在这里描述和提交需求没有付费环节；平台不给服务定价，也不代机构报价：费用由承接需求的机构按项目报价，"
        "与您在技术服务协议里约定，协议经您会签才生效。",
        "Describing and submitting a need here involves no payment step, and the platform sets no price and quotes "
        "none for the providers: the provider that takes on the need quotes for it, and the price is agreed in the "
        "technical service agreement, which takes effect only once you countersign it.")
# What the platform is, and which service fits (the twelfth probe: "你们这个平台是干什么的？" was answered with what is
# published, "Which service should we choose?" with how the platform goes on).
PLATFORM = ("这是协会的技术创新需求对接平台：您在这里说明技术上的需求（检测、失效分析、校准、标准、研发等），我们整理成"
            "需求卡；提交后系统从登记的质检中心、计量中心、公共技术服务平台等机构中匹配，协会协调员审核后推荐给您。",
            "This is the association's platform for docking technical needs: you describe what you need (testing, "
            "failure analysis, calibration, standards, R&D …), it is written up as a need card, and once you submit "
            "it the platform matches it with registered providers (inspection centers, metrology centers, public "
            "testing platforms), which the association's coordinator reviews before proposing them to you.")
WHICH_SERVICE = ("不确定选哪类也没关系：想弄清为什么出问题（开裂、变色、失效），是失效分析，属于质量技术评价；"
                 "要按标准测出合格与否、拿检测报告，是检验检测；要改进设计、材料或工艺，是技术研发。"
                 "两样都要也可以都选。",
                 "No need to be sure: finding out why something fails (cracks, yellows, breaks) is a failure analysis, "
                 "under quality-technology evaluation; measuring against a standard for a pass/fail report is "
                 "inspection and testing; improving a design, material or process is technology R&D. You can ask "
                 "for more than one.")
WHICH_SERVICE_NOW = ("按您的描述先记为：{types}；不对可以直接说，例如“服务类型改成……”。",
                     "From what you wrote I have noted: {types}; say so if it should be another (\"change the "
                     "service to …\").")
WHICH_SERVICE_PROPOSED = ("按您说的情况，建议选：{types}。同意的话回复“好的”就行，想选别的也可以直接说。",
                          "From what you describe, I suggest {types}. Reply \"ok\" to go with it, or say which you "
                          "want instead.")
_PROPOSED = {ServiceType.quality_evaluation: ("失效分析 → 质量技术评价",
                                              "failure analysis (quality-technology evaluation)"),
             ServiceType.rnd: ("改进工艺或设计 → 技术研发", "improving the process or design (technology R&D)"),
             ServiceType.inspection_testing: ("按标准检测出报告 → 检验检测",
                                              "testing against a standard for a report (inspection and testing)")}
# The service the enterprise could not name once the categories were offered ("不太清楚要做什么"): the kinds its words
# point to taken as a default it may change, or, when they point to none, said plainly open (probe24's p233, p235,
# p237; probe22's p214: the service was left empty with a bare next question).
DEFAULT_SERVICE = ("不确定也没关系：按您说的情况，服务类型先记为：{types}；"
                   "协会协调员审核时会和您再确认，想选别的可以直接说",
                   "that's fine: from what you describe, the service is noted as {types} for now; the association's "
                   "coordinator will confirm it with you, and you can change it any time by saying which you want")
# … and, the service left open before, taken from a later message that points to a kind ("硬度不够吧可能")
SUGGESTED_SERVICE = ("按您说的情况，服务类型先记为：{types}；协会协调员审核时会和您再确认，想选别的可以直接说",
                     "from what you describe, the service is noted as {types} for now; the association's coordinator "
                     "will confirm it with you, and you can change it any time by saying which you want")
LEFT_OPEN = ("服务类型先空着：可以随时在需求卡片上点选，或直接告诉我遇到了什么问题；提交前需要选定一类",
             "the service type is left open for now: pick one on the need card, or tell me what went wrong, any "
             "time; one is needed before the need is submitted")
# The categories to pick from, when the service could not be read after it was asked (a new user's trial, issue 27:
# a machine shop that said "有个东西做出来老是不行", "轴", "硬度不够吧可能" was asked for the service twice with five
# examples and never shown what there is to pick). A short choice: the kinds the enterprise's words point to
# (dialogue.likely_service), then the common ones on one line, each with a phrase it covers, and the rest left to the
# need card's chips (kb.vocab.SERVICE_TYPE_LABELS, SERVICE_TYPE_EXAMPLES: the same names and phrases). All 16
# categories with their phrases, one a line, were some 600 characters (a new user's trial, 2026-11-30).
SERVICE_CHOICES = ("您希望机构提供哪类服务？{likely}常见的有：{common}。直接回复类别或说法即可；"
                   "其他类别可在需求卡片的“服务类型”里点选。",
                   "What service do you need? {likely}Common ones: {common}. Reply with the category or a phrase; the "
                   "other categories are on the need card, under service type.")
SERVICE_LIKELY = ("按您说的情况，可能是：{types}。", "From what you describe, it may be {types}. ")
# The common categories offered, each with one phrase of those it covers (kb.vocab.SERVICE_TYPE_EXAMPLES), or its
# name alone where the name says enough.
COMMON_SERVICES: dict[ServiceType, tuple[str, str]] = {
    ServiceType.inspection_testing: ("型式试验", "type tests"),
    ServiceType.quality_evaluation: ("失效分析", "failure analysis"),
    ServiceType.calibration: ("", ""),
    ServiceType.rnd: ("联合研发", "joint R&D"),
    ServiceType.standards: ("", ""),
    ServiceType.ip: ("专利申请", "patent applications"),
}


def _with_phrase(kind: ServiceType, i: int) -> str:
    """A category's name with a phrase it covers ("质量技术评价（失效分析）"), or its name alone."""
    label = SERVICE_TYPE_LABELS[kind][i]
    phrase = COMMON_SERVICES[kind][i] if kind in COMMON_SERVICES else \
        re.split(r"、|, ", SERVICE_TYPE_EXAMPLES[kind][i])[0]
    if not phrase:
        return label
    return f"{label} ({phrase})" if i else f"{label}（{phrase}）"


def service_choices(language: str, text: str = "") -> str:
    """The service asked again as a short choice: the kinds ``text`` (what the enterprise said) points to, and the
    common categories on one line; the rest are the need card's."""
    i = 1 if language == "en" else 0
    likely = likely_service(text) if text else []
    said = SERVICE_LIKELY[i].format(types=(" or " if i else "或").join(_with_phrase(k, i) for k in likely)) \
        if likely else ""
    common = (", " if i else "、").join(_with_phrase(k, i) for k in COMMON_SERVICES)
    return SERVICE_CHOICES[i].format(likely=said, common=common)


COST_BUDGET = ("您给的预算（{budget}）以区间的形式随需求给到被推荐的机构。",
               "Your budget ({budget}) goes with the need to the providers proposed, as a band.")
TIMING = ("完成要多久由承接需求的机构按项目给出，写进技术服务协议的进度和期限里。",
          "How long it takes is the provider's to say: it gives the schedule for your project, and the schedule and "
          "the deadline go into the technical service agreement.")
TIMING_DEADLINE = ("您要求的期限（{deadline}）会随需求给到被推荐的机构。",
                   "Your deadline ({deadline}) goes with the need to the providers proposed.")
# A wish no field holds (intake.dialogue.preferences): said back, and where it is kept.
PREFERENCE = ("已记下：“{said}”。需求卡片上没有这一项，已写进需求描述，协会协调员审核推荐时会看到。",
              "Noted: \"{said}\". The need card has no field for it; it is kept in the need's description, which the "
              "association's coordinator reads when reviewing the proposals.")
# A correction of a detail no field holds (intake.dialogue.corrects_a_detail): said back, and where it is kept.
DETAIL = ("已记下您的更正：“{said}”。需求卡片上没有这一项，已写进需求描述，协会协调员和机构都会看到。",
          "Noted your correction: \"{said}\". The need card has no field for it; it is kept in the need's description, "
          "which the association's coordinator and the providers read.")
PREFER_LOCAL = ("匹配时同城、同省的机构本就略微靠前，但不只限本地；如果必须找本地机构，请说“只找本地机构”。",
                "Matching already ranks providers in your city and province slightly higher, without leaving others "
                "out; say \"local providers only\" if it must be local.")
PREFER_MARK = ("{marks}已记为必须的资质要求：匹配时只推荐持有它的机构；"
               "如果只是优先而非必须，可以在需求卡片上改为优先。",
               "{marks} is recorded as a required qualification: only providers holding it are proposed; if it is "
               "only a preference, move it to the preferred ones on the need card.")
# A mark wished for, not a must ("最好能有CMA，没有也行", "ideally CNAS accredited, not a must": the need's
# preferred_qualifications, intake.extract.service_types.split_qualifications): matching ranks a holder first and
# leaves no one out (matcher.rules.preferred_qualifications). Said as a part of a sentence (acknowledge joins them).
PREFERRED_MARK = ("{marks} 记为优先条件：有 {marks} 的机构排在前面，没有的也会推荐"
                  "（如果必须具备，请说“必须有{first}”）",
                  "{marks} noted as a preference, not a requirement: providers holding {it} are ranked first, and "
                  "those without {it} are proposed too (say \"{first} is a must\" if it is required)")
# A mark wished for before, required now ("必须要CMA"), or moved to 必须 on the card.
MADE_REQUIRED = ("{marks}改为必须的资质要求：匹配时只推荐持有它的机构",
                 "{marks} is now a required qualification: only providers holding {it} are proposed")
# A field said again as the need holds it ("Yes, please keep it confidential." of a confidential need).
ALREADY = {"confidential": ("本需求已是保密需求。", "This need is already marked confidential."),
           "service_types": ("服务类型已是：{value}。", "The service type is already {value}."),
           "product": ("产品已是：{value}。", "The product is already {value}."),
           "region": ("地区已是：{value}。", "The region is already {value}."),
           "deadline": ("期限已是：{value}。", "The deadline is already {value}."),
           "budget": ("预算已是：{value}。", "The budget is already {value}.")}
PUBLISHING_NOW = (("本需求目前未标记保密；如需保密，请说“需要保密”。", "本需求目前标记为保密。"),
                  ("This need is not marked confidential; say \"keep it confidential\" if it should be.",
                   "This need is marked confidential."))
# A deadline that has already passed: the card refuses it with these words, and the chat says them and asks again
# (intake.extract.deadline.deadline_passed is the rule).
PAST_DEADLINE = ("期限{date}已经过去，请选今天（{today}）以后的日期",
                 "the deadline {date} has passed; pick a date from {today} on")


def past_deadline_text(found: date, today: date, language: str) -> str:
    """The words for a deadline already past, in ``language``: "期限2025年2月28日已经过去，请选今天（2026年11月26
    日）以后的日期"."""
    if language == "en":
        return PAST_DEADLINE[1].format(date=found.isoformat(), today=today.isoformat())
    return PAST_DEADLINE[0].format(date=_zh_date(found), today=_zh_date(today))


def past_deadline_said(found: date, today: date, language: str) -> str:
    """:func:`past_deadline_text` as the chat says it, a sentence."""
    said = past_deadline_text(found, today, language)
    return (said[:1].upper() + said[1:] + ".") if language == "en" else said + "。"


def _zh_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# The publishing question (intake.dialogue.publish_question_due), with what will be public: the title and summary as
# the public page will show them (intake.publish.preview).
PUBLISH_QUESTION = (
    "提交前还想确认一件事：这些信息可以公开发布吗？" + PUBLISHED_WHEN[0] + "公开展示的标题与摘要如下——\n"
    "标题：{title}\n摘要：{summary}\n"
    "回复“可以”即按此公开（系统匹配推荐的服务机构在协会审核之前就能看到贵公司名称）；"
    "回复“保密”则只公开平台生成的脱敏摘要（服务类型、行业、地区、预算区间和期限），不公开贵公司名称、产品和您的原话。",
    "One more thing before you submit: may these details be made public? " + PUBLISHED_WHEN[1] + " The public "
    "title and summary will read:\nTitle: {title}\nSummary: {summary}\nReply \"yes\" to publish them as shown (as "
    "soon as you submit, before the association's review, the providers the platform proposes read your company's "
    "name), or \"confidential\" to publish only the platform's desensitised outline (service types, industry, "
    "region, budget band and deadline), without your company's name, your product or your own words.")


# The publishing question as the conversation's open question (the page's "下一个问题"), while it waits for its answer:
# the box said "信息已足够，可以提交。" though the chat had just asked it. The title and summary are beside it there
# (the page's preview; the JSON API's SessionView.preview), with when and where it is published.
PUBLISH_OPEN = ("提交前还想确认：这些信息可以公开发布吗？回复“可以”即按公开展示的标题与摘要发布；"
                "回复“保密”则只公开平台生成的脱敏摘要。",
                "Before you submit: may these details be made public? Reply \"yes\" to publish the public title and "
                "summary as shown, or \"confidential\" to publish only the platform's desensitised outline.")


# The qualification left to the platform ("不知道要啥资质，你们看着办"; intake.dialogue.qualifications_left_open): the
# field's value as the card and the chat say it (intake.schemas.QUALIFICATIONS_OPEN), and what the chat says back.
QUALS_OPEN = QUALIFICATIONS_OPEN
QUALS_OPEN_SAID = ("好的，资质要求：不限，服务机构或协会可以给出建议；"
                   "如果之后确定需要某项资质（如 CMA、CNAS），直接告诉我即可",
                   "noted: no qualification is required; the provider or the association may suggest one. If you "
                   "later find you need one (CMA, CNAS…), just say so")


def publishing_question(title: str, summary: str, language: str) -> str:
    """The publishing question with the public title and summary, in ``language``."""
    return PUBLISH_QUESTION[1 if language == "en" else 0].format(title=title, summary=summary or "—")


NOT_GIVEN = ("以下信息暂未提供，可以稍后补充：{fields}。", "Not given for now (you can add them later): {fields}.")
_SKIP = re.compile(r"^\s*(不知道|不清楚|不确定|没有|无|跳过|暂无|待定|再说|都行|随便|skip|n/?a|don't know|not sure|"
                   r"none|no idea)\s*[。.!！]?\s*$",
                   re.I)
_MEANINGFUL = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")


def is_readable(text: str) -> bool:
    """Any letters, CJK characters or digits left once markup is gone."""
    return bool(_MEANINGFUL.search(clean_text(text)))


def compose_text(description: str, message: str, *, adds: bool = False) -> str:
    """The stored description after ``message``: the enterprise's first description plus the messages that add to
    it. An answer that only fills a field ("三个月", "预算改成30万", "浙江杭州", "不知道") is left out — the field
    holds it, and the conversation keeps every message — and so is a message already in the description (sent twice).
    Why: the description is what coordinators read, the matcher embeds and the public summary is cut from; a paste
    of every message repeats itself and buries the problem under answers. ``adds``: the message asked for something
    the need's fields do not hold whole (a test within a type it has: "另外还要做盐雾试验"), kept however short."""
    body = clean_text(message).strip()
    if not description.strip():
        return message
    if not body or _SKIP.match(body) or _squash(body) in _squash(description):
        return description
    if adds:
        return description + "\n" + message.strip()
    words = substantive_words(body)
    enough = len(words) >= SUBSTANTIVE_WORDS or (len(words) >= SUBSTANTIVE_SENTENCE[0]
                                                 and len(body) >= SUBSTANTIVE_SENTENCE[1])
    return description + "\n" + message.strip() if enough else description


def _squash(text: str) -> str:
    return re.sub(r"[\s，。,.!！?？；;：:、]+", "", text).casefold()


# The fields the enterprise's words state in the description and a later message (or the card) may correct. A
# statement of a value corrected since stays as written, marked with the value that holds now: the coordinator read
# "预算5万" in the description beside 8万 on the card, after "不对，预算是8万" (a new user on the chat page, issue 27,
# 2026-11-29).
CORRECTABLE = ("budget", "deadline", "region")
CORRECTED = ("〔{label}已更正为：{value}〕", " [{label} corrected to: {value}]")
WITHDRAWN = ("〔{label}已撤回〕", " [{label} withdrawn]")
# a mark of one field, in either language (a mark holds its own commas: "RMB 80,000")
_MARK = {name: re.compile(rf"〔{zh}已(?:更正为：[^〕]*|撤回)〕| \[{en} (?:corrected to: [^\]]*|withdrawn)\]")
         for name, (zh, en) in FIELD_NAMES.items() if name in CORRECTABLE}
# a clause of the description: up to a comma, a sentence's end or a line's, a mark kept whole
_STATEMENT = re.compile(r"(?:〔[^〕\n]*〕|\[[^\]\n]*\]|\.(?=\S)|[^，,。；;！!？?\n.〔\[]|[〔\[])+")


def follow_corrections(description: str, before: Need, after: Need, *, today: date) -> str:
    """The description after a message (or an edit on the card) that changed the budget, the deadline or the place:
    each clause that states the value it had (read by the rules the fields are read by) is marked with the value
    that holds now ("预算5万〔预算已更正为：8万元〕", "Budget is 50k RMB [budget corrected to: RMB 80,000]"), or as
    withdrawn; a clause marked before follows the field again. The enterprise's words stay as written; the marks say
    only what the card says (the public summary cut from the description is scrubbed as before, and a confidential
    need publishes none of it)."""
    language = "en" if after.language == "en" else "zh"
    shown = after.model_copy(update={"local_only": False})
    old_shown = before.model_copy(update={"local_only": False})
    for name in CORRECTABLE:
        old, new = _field_value(old_shown, name, language), _field_value(shown, name, language)
        if not old or old == new:
            continue
        label = FIELD_NAMES[name][1 if language == "en" else 0]
        mark = (CORRECTED[1 if language == "en" else 0].format(label=label, value=new) if new
                else WITHDRAWN[1 if language == "en" else 0].format(label=label))
        out, at = [], 0
        for m in _STATEMENT.finditer(description):
            clause = m.group(0)
            bare = _MARK[name].sub("", clause)
            if bare != clause or _states(bare, name, before, today):
                # (said again as it holds now, the statement needs no mark)
                said = bare if _states(bare, name, after, today) else \
                    bare.rstrip() + mark + bare[len(bare.rstrip()):]
                out.append(description[at:m.start()] + said)
                at = m.end()
        description = "".join(out) + description[at:]
    return description


def _states(clause: str, name: str, need: Need, today: date) -> bool:
    """Whether ``clause`` states ``need``'s value of the field ``name``, read as the field is read."""
    if name == "budget":
        said = extract_budget(clause)
        return not said.is_empty and (said.min_yuan, said.max_yuan) == (need.budget.min_yuan, need.budget.max_yuan)
    if name == "deadline":
        return need.deadline is not None and extract_deadline(clause, today) == need.deadline
    place = extract_region(clause)[0]
    return bool(place.province) and place.province == need.region.province and (
        place.city is None or place.city == need.region.city)


def service_value(need: Need, language: str) -> str | None:
    """The service types as the enterprise said them beside their categories: "失效分析 → 质量技术评价"."""
    en = language == "en"
    out = []
    for s in need.service_types:
        label = SERVICE_TYPE_LABELS[s][1 if en else 0]
        phrase = need.phrases.get(s)
        out.append(f"{phrase_said(phrase, language)} → {label}" if phrase and phrase.casefold() != label.casefold()
                   else label)
    return (", " if en else "、").join(out) or None


def _field_value(need: Need, name: str, language: str) -> str | None:
    """A field as a sentence can say it ("30万元", "浙江省杭州市", "2027年3月31日")."""
    en = language == "en"
    if name == "service_types":
        return service_value(need, language)
    if name == "region":
        parts = list(dict.fromkeys(p for p in (need.region.province, need.region.city) if p))
        if not parts:
            return None
        text = (english_name(need.region.province, need.region.city) or "") if en else "".join(parts)
        if need.local_only:
            text += " (local providers only)" if en else "（仅限本地机构）"
        return text
    if name == "deadline":
        if need.deadline is None:
            return None
        return need.deadline.isoformat() if en else _zh_date(need.deadline)
    if name == "budget":
        return money_text(need.budget.min_yuan, need.budget.max_yuan, need.budget.currency, language,
                          need.budget.amount_text)
    if name == "qualifications":
        if not need.qualifications and need.qualifications_open:
            return QUALS_OPEN[1 if en else 0]
        return ("、" if not en else ", ").join(need.qualifications) or None
    if name == "preferred_qualifications":
        return ("、" if not en else ", ").join(need.preferred_qualifications) or None
    if name == "confidential":
        return ("yes" if en else "是") if need.confidential else ("no" if en else "否")
    if name == "industry":
        return industry_in(need.industry, language)
    value = getattr(need, name)
    return str(value) if value else None


# What a first message is said back by, in this order.
UNDERSTOOD_FIELDS = ("service_types", "product", "region", "deadline", "budget", "qualifications")


def understood(need: Need, language: str) -> str | None:
    """What the first message was read as, said back at once: "已记下：服务类型 失效分析 → 质量技术评价；产品
    BMS保护板；地区 广东省东莞市；期限 2026年12月20日。" (None: nothing read). A first message that gave
    everything got only "信息已足够", so a misreading (苏州工业园区 read as 苏州, a wrong product) showed on the card
    alone; two chat probes found it the most serious fault left (issue 27, 2026-11-28)."""
    en = language == "en"
    said = []
    for name in UNDERSTOOD_FIELDS:
        value = _field_value(need, name, language)
        if value:
            said.append(f"{FIELD_NAMES[name][1 if en else 0]} {value}")
    if need.confidential:
        said.append("confidential" if en else "保密需求")
    if not said:
        return None
    return ("Noted: " + "; ".join(said) + ".") if en else ("已记下：" + "；".join(said) + "。")


# A budget in another currency keeps no yuan figures (need-fields.md: min/max in yuan for CNY alone), so it is said
# back in the words its amount was read from (``Budget.amount_text``): "预算5000美元左右" was said back "USD（金额面
# 议）" and "Budget is around USD 3,000" "USD (amount to agree)", as if no amount had been given (the twelfth probe,
# p124 and p127).
_CURRENCY_ZH = {"USD": "美元", "EUR": "欧元", "JPY": "日元", "HKD": "港元", "GBP": "英镑"}
_NAMES_CURRENCY = re.compile(r"(美元|美金|欧元|日元|港币|港元|英镑|[$€£¥]|[A-Za-z]{3}|dollars?|euros?)", re.I)


def _foreign_amount(currency: str, amount: str | None, language: str) -> str | None:
    """"5000美元", "1万欧元"; "USD 3,000" in English: the amount as read, with its currency when it does not name it."""
    amount = (amount or "").strip()
    # (an amount in Chinese numerals is one: "八千欧元" was said back "EUR（金额面议）"; the fourteenth probe, p141)
    if not re.search(r"[\d一二两三四五六七八九十百千万亿]", amount):
        return None
    if _NAMES_CURRENCY.search(amount):
        return amount
    return f"{currency} {amount}" if language == "en" else f"{amount}{_CURRENCY_ZH.get(currency, currency)}"


def money_text(low: int | None, high: int | None, currency: str, language: str,
               amount: str | None = None) -> str | None:
    """An amount as people say it: "30万元", "10万–30万元", "不超过5万元"; "RMB 300,000" in English. ``amount``: the
    words an amount in another currency was read from (``Budget.amount_text``)."""
    if currency != "CNY":
        return _foreign_amount(currency, amount, language) or (
            f"{currency}（金额面议）" if language != "en" else f"{currency} (amount to agree)")
    if low is None and high is None:
        return None

    def one(v: int) -> str:
        if language == "en":
            return f"{v:,}"
        return f"{wan(v)}万" if v >= 10_000 else f"{v}"

    unit_zh, pre_en = "元", "RMB "
    if low is not None and high is not None:
        if low == high:
            return f"{pre_en}{one(low)}" if language == "en" else f"{one(low)}{unit_zh}"
        return f"{pre_en}{one(low)}–{one(high)}" if language == "en" else f"{one(low)}–{one(high)}{unit_zh}"
    if high is not None:
        return f"up to {pre_en}{one(high)}" if language == "en" else f"不超过{one(high)}{unit_zh}"
    return f"at least {pre_en}{one(low or 0)}" if language == "en" else f"{one(low or 0)}{unit_zh}以上"


ACKNOWLEDGED = ("service_types", "product", "industry", "region", "deadline", "budget", "qualifications",
                "preferred_qualifications", "confidential", "anonymous", "customer_name", "local_only")


def preferred_said(marks: Sequence[str], language: str, *, sentence: bool = False) -> str | None:
    """What a mark wished for does, said back: "CMA 记为优先条件：有 CMA 的机构排在前面，没有的也会推荐…"."""
    if not marks:
        return None
    en = language == "en"
    one = len(marks) == 1
    text = PREFERRED_MARK[1 if en else 0].format(marks=(", " if en else "、").join(marks), first=marks[0],
                                                 it="it" if one else "them")
    return text + ("." if en else "。") if sentence else text


def _marks_moved(before: Need, after: Need, language: str) -> list[str] | None:
    """The required marks said back when a message or the card moved one between 必须 and 优先 (None: none moved,
    the usual words say it). A mark made required is said so; one made a wish is said by the wish's own words."""
    up = [q for q in after.qualifications if q not in before.qualifications and q in before.preferred_qualifications]
    down = [q for q in before.qualifications if q not in after.qualifications and q in after.preferred_qualifications]
    if not up and not down:
        return None
    en = language == "en"
    sep = ", " if en else "、"
    said = []
    if up:
        said.append(MADE_REQUIRED[1 if en else 0].format(marks=sep.join(up), it="it" if len(up) == 1 else "them"))
    added = [q for q in after.qualifications if q not in before.qualifications and q not in up]
    if added:
        said.append(f"noted the required qualifications: {sep.join(added)}" if en
                    else f"已记下资质要求：{sep.join(added)}")
    gone = [q for q in before.qualifications if q not in after.qualifications and q not in down]
    if gone:
        said.append(f"removed: {sep.join(gone)}" if en else f"已去掉：{sep.join(gone)}")
    return said


def acknowledge(before: Need, after: Need, changed: dict[str, str], language: str) -> str | None:
    """What a message (or a change on the card) did, said back in the enterprise's own words: "已记下服务类型：失效分析
    → 质量技术评价", "已按您的更正改为：浙江省杭州市（原为：江苏省苏州市）", "已去掉：CMA", "好的，预算先不填" (None: it
    changed nothing)."""
    en = language == "en"
    said: list[str] = []
    # (the service left open or taken as a default is said after what the message itself changed: the product
    # first, "已记下产品：弹片")
    last = [n for n in ("service_types",) if changed.get(n) in ("default", "suggested", "left_open")]
    for name in [*(n for n in ACKNOWLEDGED if n not in last), *last]:
        how = changed.get(name)
        if how is None:
            continue
        if name == "customer_name":  # "客户的名字别写出来" (no field: the need's redactions; the twentieth probe, p198)
            said.append("noted: your customer is not to be named where the need is published; company names written "
                        "in the need are left out of it, and the coordinator reads your wish in the description" if en
                        else "好的，公开发布时不写客户名称：需求里写到的公司名称会隐去，"
                        "协会协调员审核时也会在需求描述里看到这一要求")
            continue
        if name == "qualifications" and how == "open":
            said.append(QUALS_OPEN_SAID[1 if en else 0])
            continue
        if name == "qualifications" and (moved := _marks_moved(before, after, language)) is not None:
            said.extend(moved)
            continue
        if name == "preferred_qualifications":  # a mark wished for: what that does; one no longer wished: gone
            added = [q for q in after.preferred_qualifications if q not in before.preferred_qualifications]
            dropped = [q for q in before.preferred_qualifications
                       if q not in after.preferred_qualifications and q not in after.qualifications]
            if added:
                said.append(preferred_said(added, language) or "")
            if dropped:
                said.append(f"removed: {', '.join(dropped)} (a preference)" if en
                            else f"已去掉：{'、'.join(dropped)}（优先条件）")
            continue
        label = FIELD_NAMES.get(name, (name, name))[1 if en else 0]
        old, new = _field_value(before, name, language), _field_value(after, name, language)
        if how == "asap":
            said.append("noted: as soon as possible, with no fixed date" if en else "好的，按尽快安排，不定具体日期")
        elif how in ("default", "suggested"):
            # the service the enterprise could not name, taken from what it said (intake.dialogue._service_left_open)
            types = ("; " if en else "；").join(_PROPOSED[t][1 if en else 0] if t in _PROPOSED else
                                              SERVICE_TYPE_LABELS[t][1 if en else 0] for t in after.service_types)
            taken = DEFAULT_SERVICE if how == "default" else SUGGESTED_SERVICE
            said.append(taken[1 if en else 0].format(types=types))
        elif how == "left_open":
            said.append(LEFT_OPEN[1 if en else 0])
        elif how == "named" and old:
            # a thing named alone over the line read unasked ("弹片" of 五金冲压件): what it was, said with it
            said.append(f"noted the {label}: {new} (was: {old})" if en else f"已记下{label}：{new}（原为：{old}）")
        elif how == "declined":
            said.append(f"fine, the {label} is left open" if en else f"好的，{label}先不填")
        elif how == "withdrawn":
            # a value taken back, not known yet ("预算还没定，先不填吧" of 5万; a new user's trial, 2026-11-29)
            was = f" (was: {old})" if old else ""
            said.append(f"{label} cleared{was}, left open for now" if en
                        else f"已清除{label}" + (f"（原为：{old}）" if old else "") + "，先不填")
        elif name == "confidential":
            if after.confidential:
                said.append("marked confidential" if en else "已标记为保密需求")
            elif before.confidential:
                said.append("no longer confidential" if en else "已改为不保密，需求可以公开发布")
            else:
                said.append("noted: not confidential, the need may be published" if en
                            else "已记下：不保密，需求可以公开发布")
        elif name == "anonymous":  # "可以公开，但别写我们公司名" (walking the chat, issue 27)
            if after.anonymous:
                said.append("noted: your company's name will not appear in anything published" if en
                            else "好的，公开发布时不写贵公司名称")
            elif after.confidential:  # leave to name it, on a need still confidential
                said.append("noted: you no longer ask not to be named, but the need is confidential, so your "
                            "company's name still stays out of what is published" if en
                            else "好的，不再要求匿名；但需求仍为保密，公开内容中仍不写贵公司名称")
            else:  # a later "可以写公司名" / "you can use our name"
                said.append("noted: your company's name may now appear where the need is published" if en
                            else "好的，公开发布时可以写贵公司名称")
        elif name == "local_only":
            said.append(("local providers only" if after.local_only else "providers need not be local") if en
                        else ("只找本地机构" if after.local_only else "不限本地机构"))
        elif how == "added":  # a test asked for within a type the need has: said back, the type kept
            items = _added_items(before, after, language)
            if items:
                said.append(f"noted, also wanted: {items}" if en else f"已记下，另外要做：{items}")
        elif how == "narrowed":  # a type ruled out, another asked for that the need holds: both said
            gone = _removed(before, after, name, language)
            said.append((f"removed: {gone}; the {label} is now {new}" if en else f"已去掉：{gone}；{label}为：{new}")
                        if gone else (f"the {label} is now {new}" if en else f"{label}为：{new}"))
        elif how == "removed" or (name in ("service_types", "qualifications") and (
                new is None or _only_removed(before, after, name))):
            gone = _removed(before, after, name, language)
            if gone:
                said.append(f"removed: {gone}" if en else f"已去掉：{gone}")
        elif how.startswith("widened:"):
            # a region widened ("不限宁波，长三角都可以"): said as the area the enterprise named, and what it was
            area = how.split(":", 1)[1]
            wider = new if new and new != area else area
            said.append((f"the region widened to {wider}" + (f" (was: {old})" if old else "")) if en
                        else f"已按您的更正，地区放宽为：{wider}" + (f"（原为：{old}）" if old else ""))
        elif how == "corrected" and old and new is None:
            # a field cleared (on the card, or by a correction that leaves it empty) is said as cleared: it was said
            # as "产品改为：None（原为：注塑件）" (a new user on the chat page, issue 27, 2026-11-29)
            said.append(f"{label} cleared (was: {old})" if en else f"已清除{label}（原为：{old}）")
        elif how == "corrected" and old and new == old:
            # an edit that changes nothing the enterprise can see ("五万块钱abc" typed over 5万: the stored amount's
            # words differ, the budget does not) is said as unchanged, never as a correction (the same user)
            said.append(f"the {label} is still {new}" if en else f"{label}仍为：{new}")
        elif how == "corrected" and old:
            said.append(f"{label} changed to {new} (was: {old})" if en
                        else f"已按您的更正，{label}改为：{new}（原为：{old}）")
        elif new:
            said.append(f"noted the {label}: {new}" if en else f"已记下{label}：{new}")
    if not said:
        return None
    if en:
        text = "; ".join(said)
        return text[:1].upper() + text[1:] + "."
    return "；".join(said) + "。"


def not_wanted_said(not_wanted: Sequence[str], language: str) -> str:
    """"好的，不做盐雾测试。" / "Noted: no salt spray test."; "" in ``not_wanted`` is "the others"."""
    items = [x for x in not_wanted if x]
    if language == "en":
        return f"Noted: no {said_items(items, language)}." if items else "Noted: nothing else."
    return f"好的，不做{said_items(items)}。" if items else "好的，其他的都不做。"


def _added_items(before: Need, after: Need, language: str) -> str | None:
    """The tests a message added within types the need already had, beside their categories: "盐雾试验 → 检验检测"."""
    en = language == "en"
    out = []
    for s in after.service_types:
        had = set(phrase_items(before.phrases.get(s)))
        new = [i for i in phrase_items(after.phrases.get(s)) if i not in had]
        if new and s in before.service_types:
            out.append(f"{said_items(new, language)} → {SERVICE_TYPE_LABELS[s][1 if en else 0]}")
    return ("; " if en else "；").join(out) or None


def _only_removed(before: Need, after: Need, name: str) -> bool:
    """A correction that only took types (or marks) away, leaving the others as they were: said as what was removed
    ("已去掉：技术培训与咨询"), not as the whole new list beside the old ("体系的事先不弄了", the fourth probe)."""
    if name == "qualifications":
        return set(after.qualifications) < set(before.qualifications)
    if not set(after.service_types) <= set(before.service_types):
        return False
    kept = {s: phrase_items(after.phrases.get(s)) for s in after.service_types}
    had = {s: _tests(before, s) for s in before.service_types}
    # A test ruled out while its category stays with others ("振动测试和盐雾测试" → "不用做盐雾测试", the fifth
    # probe) is a removal too: the items left are the ones there were, fewer. A category left with none of its words
    # is said as the new list ("服务类型改为：质量技术评价（原为：可靠性试验 → 质量技术评价）"): it says what the
    # need still asks.
    fewer = [s for s, items in kept.items() if len(items) < len(had.get(s, []))]
    return all(set(items) <= set(had.get(s, [])) for s, items in kept.items()) and all(
        kept[s] for s in fewer) and (set(after.service_types) < set(before.service_types) or bool(fewer))


def _tests(need: Need, service: ServiceType) -> list[str]:
    """The tests the enterprise's words name for ``service``, one item that names two taken apart: "盐雾和振动测试"
    → 盐雾测试, 振动测试 ("盐雾不做了" was said as the whole list changed; the seventh probe)."""
    return [x for i in phrase_items(need.phrases.get(service)) for x in shared_end(i)]


def _removed(before: Need, after: Need, name: str, language: str) -> str | None:
    sep = ", " if language == "en" else "、"
    if name == "service_types":  # in the enterprise's words beside the category, as it was noted: "HACCP体系 → …"
        said = []
        for s in (s for s in before.service_types if s not in after.service_types):
            label, words = SERVICE_TYPE_LABELS[s][1 if language == "en" else 0], before.phrases.get(s)
            said.append(f"{said_items(phrase_items(words), language)} → {label}" if words else label)
        for s in after.service_types:  # a test gone from a category that stays: the test alone
            left = phrase_items(after.phrases.get(s))
            said.extend(i for i in _tests(before, s) if i not in left)
        return sep.join(said) or None
    return sep.join(q for q in before.qualifications if q not in after.qualifications) or None


def answer_question(need: Need, *, question_back: bool, asked_about: str | None, language: str,
                    noted: bool = False, proposed: Sequence[ServiceType] = ()) -> list[str]:
    """The answer to a question the enterprise asked (in its first message or a later one): what is published and
    where its need stands for a question about publishing ("能公开吗"); for a question about a report or a mark
    ("你们能出CNAS报告吗？"), who issues reports and that the mark is this need's required qualification, which
    matching holds to (a provider without it on the capability or its center is never proposed:
    ``matcher.rules.check_qualifications``); else how the platform goes on ("费用大概多少？"); nothing when it asked
    none. ``noted``: what the need holds is said after the answer (a first message's note), so not in it.
    ``proposed``: the kind of service proposed to "which fits?" (``dialogue.suggested_service``), which a yes takes."""
    en = language == "en"
    if asked_about == "contact":
        return [CONTACT[1 if en else 0]]
    if asked_about == "call":
        return [CALL[1 if en else 0]]
    if asked_about == "publishing":
        return [PUBLISHING[1 if en else 0], PUBLISHING_NOW[1 if en else 0][1 if need.confidential else 0]]
    if asked_about in ("report", "qualifications") and need.qualifications:
        marks = need.qualifications
        said = [REPORTS[1 if en else 0]] if asked_about == "report" else []
        if en:
            one = len(marks) == 1
            said.append(QUALIFICATIONS_REQUIRED[1].format(
                marks=", ".join(marks), are="is" if one else "are", a="a " if one else "",
                s="" if one else "s", them="it" if one else "them"))
        else:
            held = "、".join(re.sub(r"资质$", "", m) for m in marks)
            said.append(QUALIFICATIONS_REQUIRED[0].format(marks="、".join(marks), held=held))
        return [" ".join(said) if en else "".join(said)]
    i = 1 if en else 0
    if asked_about == "who":
        return [WHO_DOES[i]]
    if asked_about == "which_service":
        types = _field_value(need, "service_types", language)
        offer = WHICH_SERVICE_PROPOSED[i].format(types=("; " if en else "；").join(_PROPOSED[t][i] for t in proposed)) \
            if proposed and not need.service_types else ""
        return [WHICH_SERVICE[i] + ((" " if en else "") + WHICH_SERVICE_NOW[i].format(types=types)
                                    if types and not noted else "") + ((" " if en else "") + offer if offer else "")]
    if asked_about and asked_about.startswith("meaning:"):
        return [FIELD_MEANS[asked_about.removeprefix("meaning:")][i]]
    platform = [PLATFORM[i]] if asked_about and asked_about.startswith("platform") else []
    asked_about = asked_about.removeprefix("platform").removeprefix("+") if platform and asked_about else asked_about
    if platform and not asked_about:
        return platform
    if asked_about in ("cost", "time", "cost+time"):  # (both: "价格方面你们怎么收费，另外多久能出报告？")
        said = [*platform]
        if "cost" in asked_about:
            budget = money_text(need.budget.min_yuan, need.budget.max_yuan, need.budget.currency, language,
                                need.budget.amount_text)
            said += [COST[i], *([COST_BUDGET[i].format(budget=budget)] if budget else [])]
        if "time" in asked_about:
            deadline = _field_value(need, "deadline", language)
            said += [TIMING[i], *([TIMING_DEADLINE[i].format(deadline=deadline)] if deadline else [])]
        return [(" " if en else "").join(said)]
    return [QUESTION_BACK[i]] if question_back else []


def preferences_said(need: Need, said: Sequence[str], language: str) -> str | None:
    """A wish no field holds, said back in the enterprise's words with where it is kept; a nearby provider wished
    for, with what matching does of the place; a mark wished for, with what its being required does."""
    if not said:
        return None
    en = language == "en"
    i = 1 if en else 0
    kept = [x for x in said if holds_no_field(x)]
    out = [PREFERENCE[i].format(said=(", " if en else "，").join(kept))] if kept else []
    if any(LOCAL_WISH.search(x) for x in kept) and not need.local_only:
        out.append(PREFER_LOCAL[i])
    marks = [q for q in need.qualifications if any(q.casefold() in x.casefold() for x in said)]
    if marks:
        out.append(PREFER_MARK[i].format(marks=("、" if not en else ", ").join(marks)))
    return (" " if en else "").join(out) or None


def _marks_wished(need: Need, said: Sequence[str]) -> bool:
    return any(q.casefold() in x.casefold() for q in need.qualifications for x in said)


def already_said(need: Need, restated: Sequence[str], language: str) -> str | None:
    """Fields said again as the need holds them: "本需求已是保密需求。", "The deadline is already 2026-12-31."."""
    i = 1 if language == "en" else 0
    out = []
    for name in dict.fromkeys(restated):
        value = _field_value(need, name, language)
        if name == "confidential" and need.confidential:
            out.append(ALREADY[name][i])
        elif name in ALREADY and value:
            out.append(ALREADY[name][i].format(value=value))
    return (" " if i else "").join(out) or None


def reply(*, before: Need, after: Need, changed: dict[str, str], question: str | None, reasked: bool,
          question_back: bool, blockers: list[SubmitBlocker], not_given: list[str], language: str,
          past: tuple[date, date] | None = None, asked_about: str | None = None,
          unread_correction: bool = False, courtesy: str | None = None, not_wanted: Sequence[str] = (),
          preferences: Sequence[str] = (), restated: Sequence[str] = (), reopened: str | None = None,
          proposed: Sequence[ServiceType] = (), details: Sequence[str] = (), background: Sequence[str] = (),
          done_said: bool = True) -> str:
    """The assistant's answer to a message, never empty: an answer to the enterprise's own question, what changed,
    then the next question (said as asked once more when it is) — or, when nothing is left to ask, what still keeps
    the need from being submitted, or that it is ready (and what was not given). ``past``: a deadline the message
    set that has already passed, and today: said so, not stored (the question then asks for the deadline again).
    ``asked_about``: "publishing" when the enterprise asked what is published ("能公开吗"): answered, and where its
    need stands said. ``unread_correction``: the message said the card is wrong, but no change could be read from it:
    said so, with how to say it. ``courtesy``: the message was only "谢谢" / "好的" ("thanks" / "ok"): thanks are
    answered, and nothing is said to be missing from it; an "ok" is said back only when no question follows.
    ``not_wanted``: tests the message ruled out that the need never asked for (nothing changed): said back as heard.
    ``preferences``: wishes no field holds, said back with where they are kept; ``restated``: fields said again as
    the need holds them, said as already so when nothing else changed; ``reopened``: a field the message asks to
    change without a new value ("预算能不能再加点？"): said that it can, before its question. ``proposed``: the kind of
    service proposed to "which fits?". ``details``: a correction of a detail no field holds, said back with where
    it is kept. ``background``: work already done, told in passing, said back when nothing else is."""
    en = language == "en"
    parts: list[str | None] = list(answer_question(after, question_back=question_back, asked_about=asked_about,
                                                   language=language, proposed=proposed))
    if asked_about in ("report", "qualifications") and after.qualifications:
        changed = {k: v for k, v in changed.items() if k != "qualifications"}  # the answer said it
    if _marks_wished(after, preferences):
        changed = {k: v for k, v in changed.items() if k != "qualifications"}  # the wish's note says it
    ack = acknowledge(before, after, changed, language)
    wished = preferences_said(after, preferences, language)
    if wished:  # said with what the message changed ("已记下地区：安徽省芜湖市。" and the wish beside it)
        ack = "\n".join(p for p in (ack, wished) if p)
    elif not ack:
        ack = already_said(after, restated, language)
    if not ack and background:
        ack = BACKGROUND[1 if en else 0].format(said=("; " if en else "；").join(b.rstrip("。.") for b in background))
    if details:
        ack = "\n".join(p for p in (ack, DETAIL[1 if en else 0].format(said="；".join(details) if not en
                                                                      else "; ".join(details))) if p)
    if past is not None:
        parts += [ack, past_deadline_said(past[0], past[1], language)]
        reasked = False  # the question that follows asks for the deadline because of it, not "one more time"
    elif not_wanted and not ack:
        parts.append(not_wanted_said(not_wanted, language))
    elif unread_correction and not ack:
        parts.append(UNREAD_CORRECTION[1 if en else 0])
    elif reopened is not None and not ack:
        label = FIELD_NAMES.get(reopened, (reopened, reopened))[1 if en else 0]
        parts.append(f"Sure, the {label} can be changed." if en else f"可以，{label}可以调整。")
    elif courtesy is not None and not ack:
        parts.append(COURTESY[courtesy][1 if en else 0] if courtesy == "thanks" or not question else None)
    else:
        parts.append(ack or (NOTHING_NEW[1 if en else 0] if not question and not question_back else None))
    if question:
        parts.append((REASK[1 if en else 0] if reasked else "") + question)
    elif blockers:
        parts += [b.message(language) for b in blockers]
    else:
        if done_said:
            parts.append(DONE[1 if en else 0])
        blank = [FIELD_NAMES[f][1 if en else 0] for f in not_given if f in FIELD_NAMES]
        if blank:
            parts.append(NOT_GIVEN[1 if en else 0].format(fields=(", " if en else "、").join(blank)))
    return "\n".join(p for p in parts if p)
