"""The UI strings of a provider's opportunities page (issue 28, item 6: needs offered to providers) and of the
association's view of the providers that can help, merged into :mod:`api.pages.ui_i18n`. Both languages, the same
keys."""

from __future__ import annotations

OPPORTUNITY_STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "opp_title": "可承接需求",
        "opp_intro": "以下是已发布、与贵机构服务相符的需求，按匹配度排列。这里只显示公开版本："
                     "保密需求的详细信息仅在签署保密协议后提供。如能承接，请点“我们可以承接”并简要说明，"
                     "协会审核时会看到。",
        "opp_none": "暂时没有与贵机构相符的已发布需求。",
        # said under the list, so an empty page is no mystery (a new user's trial, 2026-11-29)
        "opp_counts": "目前共有 {published} 条已发布需求；与贵机构相符（匹配度达到“中”）的列在本页，"
                      "保密需求只按其公开摘要（行业、地区、服务类型）匹配。",
        "opp_left": "另有 {left} 条曾与贵机构相符的需求已交由机构承接或已结束，不再列出；"
                    "贵机构承接的在“对接看板”中。",
        "opp_left_many": "另有 {left} 条曾与贵机构相符的需求已交由机构承接或已结束，不再列出；"
                         "贵机构承接的在“对接看板”中。",
        "opp_cap_hint": "每天最多提醒 {n} 条新需求，其余的都列在本页。",
        "opp_terms": "为何相符：需求与本机构服务共有的关键词",
        "opp_experts": "本机构适合的专家", "opp_no_experts": "暂无适合的专家",
        "opp_lead": "负责人", "opp_member": "成员",
        "opp_proposed": "匹配系统也把贵机构列入了此需求的推荐名单，由协会审核后决定", "opp_open_review": "查看推荐",
        "opp_help_note": "简要说明（选填）：可安排的时间、相关经验等",
        "opp_help": "我们可以承接", "opp_helped": "已表示可以承接", "opp_help_update": "更新说明",
        "opp_confidential": "保密需求", "opp_budget": "预算", "opp_deadline": "期限", "opp_region": "地区",
        "opp_deadline_passed": "期限已过",
        "opp_service_types": "服务类型",
        "notice_can_help": "已告知协会：贵机构可以承接。",
        "can_help_title": "主动表示可以承接的机构",
        # the hint says only the routes its offers take (flows.reviews.HELP_ROUTES): it spoke of 人工指派 of a center
        # already proposed, its card with its own 接受 (a new user's trial in Chromium, 2026-11-29)
        "can_help_hint": "这些机构在“可承接需求”中看到此需求后表示可以承接：",
        "can_help_hint_accept": "已在推荐中的可直接接受。",
        "can_help_hint_declined": "本轮已婉拒的，先在其推荐卡片上撤销婉拒。",
        "can_help_hint_assign": "未被推荐的可在下方名单中选择（已标出）。",
        "can_help_accept": "接受其承接", "can_help_declined": "本轮已婉拒此机构；如要接受，请先在其推荐卡片上撤销婉拒",
        "can_help_assign": "未在推荐中：可在下方名单中选择（已标出）", "can_help_tag": "主动表示可以承接",
        "can_help_see_card": "查看推荐卡片",
    },
    "en": {
        "opp_title": "Opportunities",
        "opp_intro": "Published needs that fit your center, best fit first. Only their public versions are shown: a "
                     "confidential need's details come after a confidentiality agreement. If you can take one on, "
                     "say so with a short note; the association sees it when it reviews the need.",
        "opp_none": "No published need fits your center yet.",
        "opp_counts": "{published} needs are published now; those that fit your center (a fit of medium or better) "
                      "are listed here. A confidential need is matched on its public summary alone (industry, region, "
                      "service types).",
        "opp_left": "{left} need that fitted your center has since been given to a provider or closed, so it is no "
                    "longer listed; those given to your center are on the engagements board.",
        "opp_left_many": "{left} needs that fitted your center have since been given to a provider or closed, so they "
                         "are no longer listed; those given to your center are on the engagements board.",
        "opp_cap_hint": "You are told of at most {n} new needs a day; all of them are listed here.",
        "opp_terms": "Why it fits: words the need shares with your services",
        "opp_experts": "Your experts who fit", "opp_no_experts": "No expert fits yet",
        "opp_lead": "lead", "opp_member": "member",
        "opp_proposed": "The matcher also listed your center among this need's proposed providers; the association "
                        "decides after its review",
        "opp_open_review": "See the proposal",
        "opp_help_note": "A short note (optional): when you could start, related experience",
        "opp_help": "We can help", "opp_helped": "You said you can help", "opp_help_update": "Update the note",
        "opp_confidential": "Confidential", "opp_budget": "Budget", "opp_deadline": "Deadline", "opp_region": "Region",
        "opp_deadline_passed": "deadline passed",
        "opp_service_types": "Service types",
        "notice_can_help": "The association is told that your center can help.",
        "can_help_title": "Providers that offered to help",
        "can_help_hint": "These providers found the need among their opportunities and said they can help.",
        "can_help_hint_accept": " One already proposed can be accepted here.",
        "can_help_hint_declined": " One declined this round is taken back on its proposal first.",
        "can_help_hint_assign": " One not proposed can be picked from the list below (marked).",
        "can_help_accept": "Accept its offer",
        "can_help_declined": "Declined this round; to accept it, undo the decline on its proposal first",
        "can_help_assign": "Not proposed: pick it from the list below (marked)", "can_help_tag": "Offered to help",
        "can_help_see_card": "See its proposal",
    },
}
