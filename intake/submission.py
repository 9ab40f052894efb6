"""When a need may be submitted (published and proposed to providers), and what to tell the enterprise when not.

The one place this rule lives (issue 16): the chat shows its reasons beside a disabled submit button, and
``flows.needs.submit_need`` — which the chat page, ``POST /api/v1/needs/{id}/submit`` and ``innodock need submit`` all
call — refuses with the first of them. Two parts:

- **Completeness.** A provider is matched on the kind of service asked for (seed 000 §6 lists seven), so the service
  type must be known; every other field helps but may be settled in the communication step (技术、商务沟通 of
  Figure 1), and real needs often name no region, deadline or budget.
- **Content** (:mod:`intake.content`). Seed 000 §5.1.3 has needs refined (凝练) and then published; a text with no
  words a person can act on is not refined into anything, and reaching the review queue it costs every proposed
  center and the coordinators a review. The description is read together with the product and industry the
  enterprise gave, so a short first message ("想做个校准") completed by an answer ("电子秤") passes.
"""

from __future__ import annotations

from intake.content import check_content
from intake.schemas import Need, SubmitBlocker

# (Chinese, English) per blocker code; the API joins them, the pages show the one of their language.
MESSAGES: dict[str, tuple[str, str]] = {
    "service_types": ("还不清楚需要哪类服务（例如检验检测、失效分析、校准、联合研发），请补充说明。",
                      "The kind of service is not clear yet (e.g. testing, failure analysis, calibration, joint "
                      "R&D); please say which."),
    "no_words": ("需求描述里没有可以读懂的文字，请用一两句话说明遇到的技术问题。",
                 "The description has no words we can read; please describe the technical problem in a sentence "
                 "or two."),
    "link_only": ("需求描述只有链接，请直接写明产品和要解决的问题。",
                  "The description is only a link; please write the product and the problem itself."),
    "repeated": ("需求描述只是重复的字符，请用一两句话说明遇到的技术问题。",
                 "The description is only repeated characters; please describe the technical problem."),
    "too_little": ("需求描述太少，协调员无法据此对接机构：请说明是什么产品、要解决什么问题。",
                   "The description is too thin for a coordinator to act on: please say which product and what "
                   "problem."),
}


def blockers(need: Need) -> list[SubmitBlocker]:
    """What keeps ``need`` from being submitted, most basic first; empty when it may be."""
    out: list[SubmitBlocker] = []
    # Each part once: the problem is often the text itself, and "你好" twice read as one word typed over and over
    # ("需求描述只是重复的字符", found walking the chat).
    described = " ".join(dict.fromkeys(p for p in (need.text, need.product, need.industry, need.problem) if p))
    content = check_content(described)
    if content.problem is not None:
        out.append(_blocker("text", content.problem))
    if not need.service_types:
        out.append(_blocker("service_types", "service_types"))
    return out


def _blocker(field: str, reason: str) -> SubmitBlocker:
    zh, en = MESSAGES[reason]
    code = "need_incomplete" if reason == "service_types" else "need_unclear"
    return SubmitBlocker(field=field, code=code, reason=reason, zh=zh, en=en)


__all__ = ["MESSAGES", "blockers"]
