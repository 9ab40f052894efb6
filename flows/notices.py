"""Which people a domain event needs, as inbox notifications: the organisations it concerns and the roles in them
that should act (issue 12 step 6). Written beside the event's webhooks, in the flow's transaction.

Each notice names what it is about (the need's title, as its reader may read it) and is grouped per need or
engagement (``NoticeIn.group``): an association told of five proposals for a need has one notice saying five, not
five identical ones (issue 30, item 4). ``docs/ui.md`` has the table of every event and who hears it, and
``tests/flows/test_flows_notices.py`` fails on an event that asks someone to act and tells nobody.

- ``review.proposed``: the proposed center's coordinators (they may decline) and the association (it decides);
- ``match.accepted``: the enterprise (its need has a provider) and the center (a new engagement);
- ``engagement.state_changed``: whoever may take a next step of Figure 1 now (``authz.tables.TRANSITION_ROLES``
  over ``pipeline.machine.allowed_transitions``), leaving out the two exits everyone always has, of the parties whose
  turn it is (``pipeline.vocab.TURN``, as the engagement's page says it); a step taken for a party says who took it
  and for whom; closed (the results accepted), the provider, and the client when the association accepted for it;
- ``engagement.rated``: the provider, whose service the client rated;
- ``complaint.filed``: the center's coordinators and the association, who handle it;
- ``complaint.overdue``: the same, once a day after the handling deadline until the handling is recorded;
- ``engagement.overdue``: whoever has the next step, and the association (once a day, ``innodock inbox overdue``);
- ``provider.obligation_due``: the provider's coordinators and the association, once a day from two weeks before the
  due date until it is met (``innodock inbox overdue``);
- ``provider.transition_proposed``: the association, who decides, and the provider's coordinators, who should know
  (an evaluation proposed rectification, passing the re-check, or revocation);
- ``provider.finding_overdue``: the provider's coordinators, who owe the corrective action, and the association, once a
  day after the action's deadline until it is reported done (``innodock inbox overdue``);
- ``need.refined``: the enterprise, whose empty fields the LLM pass at submission filled (it should check them);
- ``engagement.message_posted``: the enterprise and the center, leaving out the side that wrote. The association
  can read every thread but is not told of each message: the conversation is the two sides' day-to-day;
- ``need.sent_back``: the enterprise, whose need the association found unclear (it should answer and resubmit);
- ``complaint.handled``: the enterprise, who confirms the handling (or reopens the complaint, saying why);
- ``complaint.reopened``: the center's coordinators and the association, who handle it again;
- ``complaint.closed``: the center's coordinators (the client confirmed); when the association closed it after the
  client's confirmation period, the enterprise too;
- ``provider.rectification_ordered``: the provider's coordinators, who must rectify by the deadline;
- ``provider.finding_opened``: the provider's coordinators, who owe a corrective action for a weak indicator (one
  notice a rating run, counting its findings);
- ``provider.status_changed``: the provider's coordinators and the association, at once, for every lifecycle step
  (a rectification order's own notice, ``provider.rectification_ordered``, tells the provider: it is not told twice);
  never the organisation that took the decision, whose own act is no news to it (``flows.events.Parties.acted_by``:
  the association that ordered a rectification was told of it as new; another association, or the association
  when a bureau decided, is still told);
- ``provider.entry_change_decided``: the provider's coordinators, whose change to its catalog entry was approved
  (it is in effect) or refused (with the association's note);
- ``provider.obligation_set``: the provider's coordinators, who owe what the association set by hand;
- ``provider.filing_received``: the association, who reviews the plan or report, and the provider's coordinators,
  whose filing is on record;
- ``provider.filing_reviewed``: the provider's coordinators, who learn the association's score and note, or that it
  was returned for revision and why (``returned``);
- ``provider.decision_prepared``: the officers of the authority organisations the decision is prepared for (those
  of the body the provider's profile names, covering the provider), who take it on /decisions;
- ``need.offered``: the provider's coordinators, whose services a need just published fits (its public title only):
  they may say they can help. At most ``Settings.opportunity_daily_cap`` a day per provider (flows.opportunities).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from accounts.schemas import OrgOut
from authz import policy
from authz.policy import Detail
from authz.tables import TRANSITION_ROLES
from authz.vocab import AUTHORITY_LABELS, AuthorityBody, OrgKind, Role
from core.bilingual import in_language
from core.errors import InnodockError
from flows import access, workflow
from inbox.schemas import NoticeIn, NoticeKind, literal
from intake import service as intake
from intake.publish import published_title
from outbox.vocab import DomainEvent
from pipeline import machine
from pipeline import service as pipeline
from providers import machine as provider_machine

AUTHORITY_BODIES = frozenset(b.value for b in AuthorityBody)

EXITS = frozenset({"withdraw", "terminate"})
# The lifecycle steps an evaluation's consequence proposes (providers.improvement), as an inbox title names them.
PROPOSED_STEP_TITLES: dict[str, tuple[str, str]] = {
    "commend": ("激励管理·示范推广", "commendation (incentive management)"),
    "order_rectification": ("责令限期整改", "rectification within a deadline"),
    "pass_recheck": ("整改复核通过，恢复运行", "re-check passed, back to operating"),
    "revoke": ("撤销", "revocation"),
    "cancel_build": ("取消筹建资格（筹建严重超期）", "building qualification cancelled (building seriously overdue)"),
}


def _targets(orgs: Sequence[OrgOut], roles: set[Role]) -> list[tuple[str, list[str]]]:
    """(org id, roles) for those of the parties' organisations whose kind has one of ``roles``."""
    kind_roles = {OrgKind.association: {Role.association_coordinator, Role.admin},
                  OrgKind.enterprise: {Role.enterprise}, OrgKind.center: {Role.center_coordinator},
                  OrgKind.authority: {Role.authority_officer}}
    found = [(org.id, sorted(r.value for r in roles & kind_roles[org.kind])) for org in orgs]
    return [(org_id, wanted) for org_id, wanted in found if wanted]


def _quoted(title: str | None) -> tuple[str, str]:
    """The item's title as a grouped notice's template puts it: 「…」 in Chinese, “…” in English (after a space)."""
    if not title:
        return "", ""
    safe = literal(title[:120])
    return f"「{safe}」", f" “{safe}”"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str) -> str:
    """An English title put after a clause: "The engagement …" as "the engagement …"."""
    return text[:1].lower() + text[1:] if text.startswith("The ") else text


PROVIDER_DECISIONS = frozenset({DomainEvent.provider_status_changed, DomainEvent.entry_change_decided,
                                DomainEvent.obligation_set, DomainEvent.filing_received,
                                DomainEvent.filing_reviewed})
ASSOCIATION = {Role.association_coordinator, Role.admin}
Decision = tuple[NoticeKind, set[Role], str, str, tuple[str, str] | None, str, str]


def _halves(text: Any) -> tuple[str, str]:
    """An obligation's title, stored as "中文 / English", as each language's title puts it."""
    what = literal(str(text or ""))
    # the one splitter: a title whose Chinese half ends in a full-width bracket ("…（2025）/ the …") splits too
    return in_language(what, "zh")[:120], in_language(what, "en")[:120]


def _provider_decision(event: DomainEvent, payload: Mapping[str, Any]) -> Decision | None:
    """The notice of a decision about a provider (issue 29, item 7): kind, roles, the association's titles, the
    provider's own titles (None: the same), link and group. The provider hears each at once."""
    center = str(payload.get("center_id") or "")
    name = literal(str(payload.get("center_name") or center)[:120])
    page = f"/providers/{center}"
    if event == DomainEvent.provider_status_changed:
        step, state = str(payload.get("transition")), str(payload.get("state") or "")
        # an application withdrawn is 撤回申请, not 退出 (an approved provider leaving the register)
        zh_step = provider_machine.step_said(step, "zh", to_state=state)
        en_step = provider_machine.step_said(step, "en", to_state=state)
        # as the pages name the stage: "暂停", "suspended" (not the docs' "suspended (our reading)")
        zh_state = workflow.without_docs_note(provider_machine.PROVIDER.state_labels("zh").get(state, state))
        en_state = workflow.without_docs_note(provider_machine.PROVIDER.state_labels("en").get(state, state))
        # A rectification order tells the provider in its own notice, with its deadline (rectification_ordered).
        roles = set(ASSOCIATION) if step == "order_rectification" else {Role.center_coordinator, *ASSOCIATION}
        zh = f"「{name}」：{zh_step}，现为“{zh_state}”" if zh_state else f"「{name}」：{zh_step}"
        en = f"{name}: {en_step}; now “{en_state}”" if en_state else f"{name}: {en_step}"
        own = (f"关于贵机构的决定：{zh_step}，贵机构现为“{zh_state}”",
               f"A decision about your center: {en_step}; it is now “{en_state}”")
        return NoticeKind.decision, roles, zh, en, own, page, f"status:{center}"
    if event == DomainEvent.entry_change_decided:
        note = literal(str(payload.get("note") or "")[:200])
        if payload.get("approved"):
            zh = "协会已批准贵机构提交的目录信息变更，已生效"
            en = "The association approved your center's change to its catalog entry: it is in effect"
        else:
            zh = f"协会未批准贵机构提交的目录信息变更{f'：{note}' if note else ''}"
            en = ("The association did not approve your center's change to its catalog entry"
                  f"{f': {note}' if note else ''}")
        return (NoticeKind.decision, {Role.center_coordinator}, zh, en, None, page,
                f"change:{payload.get('change_id')}")
    zh_what, en_what = _halves(payload.get("title") or payload.get("kind"))
    group = f"obligation:{payload.get('obligation_id')}"
    if event == DomainEvent.obligation_set:
        due = payload.get("due_on")
        zh = f"协会设定了履职事项：{zh_what}，请于 {due} 前完成"
        en = f"The association set an obligation: {en_what}, due {due}"
        return NoticeKind.obligation, {Role.center_coordinator}, zh, en, None, page, group
    if event == DomainEvent.filing_received:
        zh, en = f"「{name}」报送了{zh_what}，请审核", f"{name} filed {en_what}: please review it"
        own = (f"贵机构报送的{zh_what}已收到，等待协会审核", f"Your filing ({en_what}) was received; the association "
               "will review it")
        return NoticeKind.obligation, {Role.center_coordinator, *ASSOCIATION}, zh, en, own, page, group
    if event == DomainEvent.filing_reviewed and payload.get("returned"):
        # 退回补充 (flows.obligations.return_filing): the reason, and that it is to be filed again
        note = literal(str(payload.get("note") or "")[:200])
        zh = f"协会退回了贵机构报送的{zh_what}，请修改后重新报送。退回理由：{note}"
        en = f"The association returned your filing ({en_what}) for revision; please edit it and file again. " \
             f"Reason: {note}"
        return NoticeKind.decision, {Role.center_coordinator}, zh, en, None, page, group
    if event == DomainEvent.filing_reviewed:
        score = payload.get("score")
        shown = f"{float(score):g}" if isinstance(score, int | float) else str(score)
        note = literal(str(payload.get("note") or "")[:200])
        zh = f"协会审核了贵机构报送的{zh_what}：{shown} 分{f'。{note}' if note else ''}"
        en = f"The association reviewed your filing ({en_what}): {shown} of 100{f'. {note}' if note else ''}"
        return NoticeKind.decision, {Role.center_coordinator}, zh, en, None, page, group
    return None


def notices_for(*, event: DomainEvent, payload: Mapping[str, Any], orgs: Sequence[OrgOut],
                need_title: str | None = None, center_title: tuple[str, str] | None = None,
                failed: tuple[int, list[str]] | None = None) -> list[NoticeIn]:
    """``orgs``: the organisations that may hear of the event (its parties and the associations,
    :func:`accounts.service.parties`), read once by the outbox for the webhooks and the inbox alike. ``need_title``:
    the need's title as its enterprise and the association read it; ``center_title``: as a center reads it before
    its details open, in Chinese and in English (a confidential need's is the platform's words, said in each
    language: ``intake.publish.published_title``). ``failed``: the round and reasons of the verdict a
    ``fail_acceptance`` step recorded, said in the provider's notice. Every title here is a template of
    :class:`inbox.schemas.NoticeIn` (``{count}``)."""
    need, eng = payload.get("need_id"), payload.get("engagement_id")
    zh_t, en_t = _quoted(need_title)
    zh_c, en_c = (_quoted(center_title[0])[0], _quoted(center_title[1])[1]) if center_title else (zh_t, en_t)
    # A center reads the need under its center title; the titles below are the association's and the enterprise's.
    center_titles: tuple[str, str] | None = None
    if event == DomainEvent.review_proposed:
        kind, roles = NoticeKind.proposal, {Role.center_coordinator, Role.association_coordinator, Role.admin}
        zh = f"{zh_t or '需求'}有 {{count}} 个推荐机构待审核"
        en = f"Proposed providers to review{' for' if en_t else ''}{en_t}: {{count}}"
        center_titles = (f"需求{zh_c}推荐了贵机构，请确认能否承接",
                         f"Your center was proposed for a need{en_c}: can you take it?")
        link, group = f"/review/{payload.get('review_id')}", f"proposal:{need}"
    elif event == DomainEvent.match_accepted:
        kind, roles = NoticeKind.matched, {Role.enterprise, Role.center_coordinator}
        taker = literal(str(payload.get("center_name") or "")[:120])
        zh, en = f"需求{zh_t}已确定承接机构：{taker}", f"A provider was accepted for the need{en_t}: {taker}"
        if payload.get("reachable") is False:  # nobody can log in for it (flows.reviews.reachable): not handled yet
            zh = f"需求{zh_t}已交由{taker}承接，该机构暂无能登录平台办理的协调员，协会正在安排与其联系"
            en = (f"The need{en_t} was given to {taker}, which nobody can log in for yet: the association is "
                  "arranging contact with it")
        center_titles = (f"需求{zh_c}由贵机构承接，对接项目已建立",
                         f"Your center takes on the need{en_c}: the engagement is open")
        link, group = f"/engagements/{eng}", f"matched:{need}"
    elif event == DomainEvent.engagement_state_changed and payload.get("state") == "closed":
        # The results accepted close the engagement: nobody has a next step, and the provider was never told its
        # results were accepted (a new user's trial in Chromium, 2026-11-29). The client hears it only when the
        # association accepted them for it: its own acceptance is no news to it.
        behalf = workflow.behalf_of_step(payload)
        kind = NoticeKind.closed
        roles = {Role.center_coordinator} if behalf is None else {Role.center_coordinator, Role.enterprise}
        titles: list[tuple[str, str]] = []
        for z, e in ((zh_t, en_t), (zh_c, en_c)):
            if behalf is None:
                titles.append((f"委托方已验收通过对接项目{z}的服务成果，项目已终结",
                               f"The client accepted the results of the engagement{e}: it is closed"))
            else:
                titles.append((f"{behalf.actor_zh}已代{behalf.parties_zh}验收通过对接项目{z}的服务成果，项目已终结",
                               f"{_capital(behalf.actor_en)} passed acceptance of the results of the engagement{e} "
                               f"on {behalf.parties_en}'s behalf: it is closed"))
        (zh, en), center_titles = titles
        link, group = f"/engagements/{eng}", f"closed:{eng}"
    elif event == DomainEvent.engagement_rated:
        # The client's rating, to the provider it rates (it was never told: the same trial).
        kind, roles = NoticeKind.rated, {Role.center_coordinator}
        stars = payload.get("satisfaction")
        also_zh, also_en = ("，并填写了服务质量问卷", "; it also answered the service questionnaire") \
            if payload.get("questionnaire") else ("", "")
        if isinstance(stars, int):
            zh = f"委托方评价了对接项目{zh_c}：满意度 {stars} 星{also_zh}"
            en = f"The client rated the engagement{en_c}: satisfaction {stars} of 5{also_en}"
        else:
            zh = f"委托方填写了对接项目{zh_c}的服务质量问卷"
            en = f"The client answered the service questionnaire for the engagement{en_c}"
        link, group = f"/engagements/{eng}#feedback", f"rated:{eng}"
    elif event == DomainEvent.engagement_state_changed:
        state = str(payload.get("state"))
        roles = set()
        for step in machine.allowed_transitions(state):
            if step not in EXITS:
                roles |= TRANSITION_ROLES[step]
        # Asked of the parties whose turn it is, as the engagement's page says it (pipeline.vocab.TURN): the
        # association may step in at the client's acceptance or the provider's delivery, but it is not its turn (the
        # association's day walked on 2026-11-29 found "请办理下一步" for every engagement at those steps).
        roles = {role for role in roles if workflow.party_of(role) in workflow.turn(state)}
        if not roles:
            return []
        kind = NoticeKind.your_turn
        # Each title takes the state's name in its own language, as the pages say it (without the docs' notes).
        zh_name, en_name = workflow.state_labels("zh").get(state, state), workflow.state_labels("en").get(state, "")
        zh, en = (f"对接项目{zh_t}进入“{zh_name}”，请办理下一步",
                  f"The engagement{en_t} is at “{en_name or state}”: your step")
        center_titles = (f"对接项目{zh_c}进入“{zh_name}”，请办理下一步",
                         f"The engagement{en_c} is at “{en_name or state}”: your step")
        if failed is not None and state == "delivering":
            # The results sent back: the provider read only "进入“开展技术服务”" (a new user's trial, 2026-11-30)
            n, why_zh, why_en = failed[0], *(workflow.reasons_said(failed[1], lang, limit=120)
                                             for lang in ("zh", "en"))
            # (no stop after the closing quote around a reason that ends with its own: "…交代不了。」；")
            end_zh, end_en = workflow.after_quote(why_zh, "；"), workflow.after_quote(why_en, ".")
            why_zh, why_en = literal(why_zh), literal(why_en)
            zh, en = (
                f"对接项目{zh_t}第 {n} 轮交付的成果验收未通过，理由：「{why_zh}」{end_zh}请完善后再次提交服务成果",
                f"The results of the engagement{en_t} (delivery round {n}) were not accepted: “{why_en}”{end_en} "
                "Improve them and submit them again")
            center_titles = (
                f"对接项目{zh_c}第 {n} 轮交付的成果验收未通过，理由：「{why_zh}」{end_zh}请完善后再次提交服务成果",
                f"The results of the engagement{en_c} (delivery round {n}) were not accepted: “{why_en}”{end_en} "
                "Improve them and submit them again")
        # A step taken for a party says who took it and for whom: the association's coordinator signed for the
        # provider and the enterprise read "服务机构已签署…" (a new user's trial in Chromium, 2026-11-29).
        behalf = workflow.behalf_of_step(payload)
        if behalf is not None:
            step = str(payload.get("transition"))
            zh_step, en_step = workflow.step_labels("zh").get(step, step), workflow.step_labels("en").get(step, step)
            zh_by = f"{behalf.actor_zh}已代{behalf.parties_zh}{zh_step}："
            en_by = f"{_capital(behalf.actor_en)} recorded “{en_step}” on behalf of {behalf.parties_en}; "
            zh, en = zh_by + zh, en_by + _lower(en)
            center_titles = (zh_by + center_titles[0], en_by + _lower(center_titles[1]))
        if state == "awaiting_countersignature":  # the enterprise's own act makes the agreement binding
            zh = f"服务机构已签署对接项目{zh_t}的技术服务协议，请核对后会签（或退回修改）"
            en = f"The provider signed the agreement for the engagement{en_t}: check it and countersign (or return it)"
            if behalf is not None:
                zh = (f"{behalf.actor_zh}已代{behalf.parties_zh}签署对接项目{zh_t}的技术服务协议，"
                      "请核对后会签（或退回修改）")
                en = (f"{_capital(behalf.actor_en)} signed the agreement for the engagement{en_t} on "
                      f"{behalf.parties_en}'s behalf: check it and countersign (or return it)")
        # One notice per engagement: the step now due replaces the one before.
        link, group = f"/engagements/{eng}", f"your_turn:{eng}"
    elif event == DomainEvent.engagement_overdue:
        state = str(payload.get("state"))
        roles = {Role.association_coordinator, Role.admin}
        for step in machine.allowed_transitions(state):
            if step not in EXITS:
                roles |= TRANSITION_ROLES[step]
        kind = NoticeKind.overdue
        zh = f"对接项目{zh_t}已逾期 {payload.get('days_overdue')} 天（期限 {payload.get('deadline')}）"
        en = f"The engagement{en_t} is {payload.get('days_overdue')} days past its deadline ({payload.get('deadline')})"
        center_titles = (zh.replace(zh_t, zh_c, 1) if zh_t else zh, en.replace(en_t, en_c, 1) if en_t else en)
        link, group = f"/engagements/{eng}", f"overdue:{eng}"
    elif event == DomainEvent.message_posted:
        kind = NoticeKind.message
        roles = {Role.enterprise, Role.center_coordinator} - {Role(str(payload.get("author_role")))}
        zh, en = f"对接项目{zh_t}有新留言", f"New messages on the engagement{en_t}"
        center_titles = (f"对接项目{zh_c}有新留言", f"New messages on the engagement{en_c}")
        link, group = f"/engagements/{eng}#messages", f"message:{eng}"
    elif event == DomainEvent.obligation_due:
        kind, roles = NoticeKind.obligation, {Role.center_coordinator, Role.association_coordinator, Role.admin}
        days = int(payload.get("days_left") or 0)
        zh_title, en_title = _halves(payload.get("title") or payload.get("kind"))
        if payload.get("overdue"):
            zh, en = f"履职事项已逾期 {-days} 天：{zh_title}", f"Overdue by {-days} days: {en_title}"
        else:
            zh, en = f"履职事项 {days} 天后到期：{zh_title}", f"Due in {days} days: {en_title}"
        link, group = f"/providers/{payload.get('center_id')}", f"obligation:{payload.get('obligation_id')}"
    elif event == DomainEvent.complaint_filed:
        kind, roles = NoticeKind.complaint, {Role.center_coordinator, Role.association_coordinator, Role.admin}
        zh = f"{zh_t or '对接项目'}收到委托方投诉，请登记处理情况"
        en = f"A client complained about the engagement{en_t}: record how it is handled"
        center_titles = (f"{zh_c or '对接项目'}收到委托方投诉，请登记处理情况",
                         f"A client complained about the engagement{en_c}: record how it is handled")
        link, group = f"/engagements/{eng}#feedback", f"complaint:{payload.get('feedback_id')}"
    elif event == DomainEvent.transition_proposed:
        kind, roles = NoticeKind.lifecycle, {Role.center_coordinator, Role.association_coordinator, Role.admin}
        step = str(payload.get("transition"))
        zh_step, en_step = PROPOSED_STEP_TITLES.get(step, (step, step))
        name = literal(str(payload.get("center_name") or payload.get("center_id"))[:120])
        # the party its rules give the decision to: the bureau where one on the platform takes it (a new user's
        # trial, 2026-11-29: "待协会决定" for a rectification the bureau decides), else the association
        body = payload.get("decided_by")
        zh_by, en_by = AUTHORITY_LABELS[AuthorityBody(body)] if body in AUTHORITY_BODIES else ("协会", "association")
        zh, en = f"待{zh_by}决定：「{name}」{zh_step}", f"Waiting for the {en_by}'s decision: {name}, {en_step}"
        link = f"/providers/{payload.get('center_id')}#proposals"
        group = f"lifecycle:{payload.get('proposal_id')}"
    elif event == DomainEvent.complaint_overdue:
        # Kind ``complaint``, not ``overdue``: the engagement's own daily reminder is found by its engagement and day;
        # and the same group as the complaint's own notice, which it brings back up.
        kind, roles = NoticeKind.complaint, {Role.center_coordinator, Role.association_coordinator, Role.admin}
        late, due = payload.get("days_overdue"), payload.get("handling_due_on")
        zh = f"{zh_t or '对接项目'}的投诉处理已逾期 {late} 天（期限 {due}），请登记处理情况"
        en = (f"A complaint about the engagement{en_t} is {late} days past its handling deadline ({due}): "
              "record how it is handled")
        center_titles = (zh.replace(zh_t, zh_c, 1) if zh_t else zh, en.replace(en_t, en_c, 1) if en_t else en)
        link, group = f"/engagements/{eng}#feedback", f"complaint:{payload.get('feedback_id')}"
    elif event == DomainEvent.finding_overdue:
        kind, roles = NoticeKind.finding, {Role.center_coordinator, Role.association_coordinator, Role.admin}
        late = payload.get("days_overdue")
        zh = f"整改措施已逾期 {late} 天（期限 {payload.get('due_on')}）：{literal(str(payload.get('indicator_zh')))}"
        en = (f"A corrective action is {late} days overdue (due {payload.get('due_on')}): "
              f"{literal(str(payload.get('indicator_en')))}")
        link, group = f"/providers/{payload.get('center_id')}#findings", f"finding:{payload.get('finding_id')}"
    elif event == DomainEvent.need_refined:
        kind, roles = NoticeKind.refined, {Role.enterprise}
        zh = f"平台的模型读了您的完整对话，为{zh_t}补充了：{literal(str(payload.get('fields_zh')))}，请核对"
        en = (f"The platform's model read your whole conversation and filled in the need{en_t}: "
              f"{literal(str(payload.get('fields_en')))}; please check")
        link, group = f"/needs#{need}", f"refined:{need}"
    elif event == DomainEvent.need_corrected:
        # what changed, old → new, in each language (flows.corrections made both lists), cut to the inbox's title
        kind, roles = NoticeKind.corrected, {Role.enterprise}
        zh = f"协会修正了需求{zh_t}的要点：{literal(str(payload.get('changes_zh') or '')[:200])}，如有不妥请联系协会"
        en = (f"The association corrected the need{en_t}: {literal(str(payload.get('changes_en') or '')[:200])}; "
              "contact it if anything is wrong")
        link, group = f"/needs#{need}", f"corrected:{need}"
    elif event == DomainEvent.need_sent_back:
        kind, roles = NoticeKind.sent_back, {Role.enterprise}
        # why, in the notice itself (a new user's trial, 2026-11-29: the reason was only inside the chat)
        why = literal(str(payload.get("reason") or "")[:120])  # the inbox keeps 300 characters a title
        zh = f"协会退回了需求{zh_t}，请补充说明后重新提交" + (f"。退回理由：{why}" if why else "")
        en = f"The association sent back your need{en_t}: please answer its question and resubmit" + \
            (f". Reason: {why}" if why else "")
        link, group = f"/needs#{need}", f"sent_back:{need}"
    elif event == DomainEvent.complaint_handled:
        kind, roles = NoticeKind.complaint_handled, {Role.enterprise}
        by = payload.get("confirm_by")
        if payload.get("resolved"):
            zh = (f"您对{zh_t or '对接项目'}的投诉已有处理结果，请确认或说明不满意的原因"
                  f"{f'（{by} 前）' if by else ''}")
            en = (f"Your complaint about the engagement{en_t} has been handled: confirm it, or say why it does not "
                  f"settle the complaint{f' (by {by})' if by else ''}")
        else:
            zh = f"您对{zh_t or '对接项目'}的投诉有了处理进展（尚未解决）"
            en = f"Progress on your complaint about the engagement{en_t} (not resolved yet)"
        link, group = f"/engagements/{eng}#feedback", f"complaint_handled:{payload.get('feedback_id')}"
    elif event == DomainEvent.complaint_reopened:
        # The complaint's own notice (same group) comes back up: the provider handles it again.
        kind, roles = NoticeKind.complaint, {Role.center_coordinator, Role.association_coordinator, Role.admin}
        zh = f"委托方对{zh_t or '对接项目'}的投诉处理不满意，已重新提出，请再次处理"
        en = f"The client did not accept the handling of its complaint about the engagement{en_t}: handle it again"
        center_titles = (f"委托方对{zh_c or '对接项目'}的投诉处理不满意，已重新提出，请再次处理",
                         f"The client did not accept the handling of its complaint about the engagement{en_c}: "
                         "handle it again")
        link, group = f"/engagements/{eng}#feedback", f"complaint:{payload.get('feedback_id')}"
    elif event == DomainEvent.complaint_closed:
        kind = NoticeKind.complaint_closed
        if payload.get("how") == "close_lapsed":  # the client did not answer: both sides learn it is closed
            roles = {Role.center_coordinator, Role.enterprise}
            zh = f"您对{zh_t or '对接项目'}的投诉在确认期满后未获答复，已由协会关闭"
            en = (f"Your complaint about the engagement{en_t} was closed by the association: the confirmation "
                  "period passed without an answer")
            center_titles = (f"{zh_c or '对接项目'}的投诉在委托方确认期满后，已由协会关闭",
                             f"The complaint about the engagement{en_c} was closed by the association after the "
                             "client's confirmation period")
        else:  # the client confirmed the handling
            roles = {Role.center_coordinator}
            zh = f"委托方已确认{zh_t or '对接项目'}的投诉处理结果，投诉已关闭"
            en = f"The client confirmed the handling of its complaint about the engagement{en_t}: closed"
            center_titles = (f"委托方已确认{zh_c or '对接项目'}的投诉处理结果，投诉已关闭",
                             f"The client confirmed the handling of its complaint about the engagement{en_c}: closed")
        link, group = f"/engagements/{eng}#feedback", f"complaint_closed:{payload.get('feedback_id')}"
    elif event == DomainEvent.rectification_ordered:
        kind, roles = NoticeKind.rectification, {Role.center_coordinator}
        due = payload.get("deadline")
        by = literal(str(payload.get("ordered_by") or "")[:120])  # a deciding authority (issue 29), else none
        zh = f"{by or '协会'}责令贵机构限期整改{f'（期限 {due}）' if due else ''}，请按期完成并报告"
        en = (f"{by or 'The association'} ordered your center to rectify{f' by {due}' if due else ''}: report when it "
              "is done")
        link, group = f"/providers/{payload.get('center_id')}", f"rectification:{payload.get('center_id')}"
    elif event == DomainEvent.finding_opened:
        # One notice a rating, counting its findings: a weak run opened fifteen, and the center's inbox got fifteen
        # rows (the association's day walked, 2026-11-29). Each finding's event still goes to the webhooks.
        kind, roles = NoticeKind.finding_opened, {Role.center_coordinator}
        zh = "本次评价发现 {count} 项待改进，请逐项制定整改措施"
        en = "Indicators the evaluation found to improve: {count}; plan a corrective action for each"
        link = f"/providers/{payload.get('center_id')}#findings"
        group = f"findings:run-{payload.get('run_id')}" if payload.get("run_id") else \
            f"finding:{payload.get('finding_id')}"
    elif event == DomainEvent.need_offered:
        kind, roles = NoticeKind.opportunity, {Role.center_coordinator}
        public = literal(str(payload.get("title") or "")[:120])
        zh = f"新发布的需求「{public}」与贵机构的服务相符，可表示能否承接"
        en = f"A need just published fits your center: “{public}”. You can say you can help"
        center = payload.get("center_id")
        link, group = f"/centers/{center}/opportunities", f"opportunity:{need}"
    elif event == DomainEvent.decision_prepared:
        kind, roles = NoticeKind.decision, {Role.authority_officer}
        step = str(payload.get("transition"))
        # as the step reads from the stage it was prepared at: an application's withdrawal is 撤回申请, not 退出
        prepared_at = str(payload["state"]) if payload.get("state") else None
        zh_step = provider_machine.step_said(step, "zh", from_state=prepared_at)
        en_step = provider_machine.step_said(step, "en", from_state=prepared_at)
        name = literal(str(payload.get("center_name") or payload.get("center_id"))[:120])
        zh = f"协会提交了待决定事项：「{name}」{zh_step}"
        en = f"The association prepared a decision for you to take: {name}, {en_step}"
        link, group = "/decisions", f"prepared:{payload.get('proposal_id')}"
    elif event in PROVIDER_DECISIONS:
        made = _provider_decision(event, payload)
        if made is None:
            return []
        kind, roles, zh, en, center_titles, link, group = made
    else:
        return []
    feedback = str(payload["feedback_id"]) if payload.get("feedback_id") is not None else None
    refs = {k: v for k, v in (("need_id", need), ("engagement_id", eng), ("review_id", payload.get("review_id")),
                              ("proposal_id", payload.get("proposal_id")),
                              ("finding_id", str(payload["finding_id"]) if payload.get("finding_id") else None),
                              ("feedback_id", feedback),
                              ("obligation_id", payload.get("obligation_id")), ("day", payload.get("day")),
                              ("change_id", payload.get("change_id")), ("filing_id", payload.get("filing_id")),
                              ("round", payload.get("round"))) if v}
    kinds = {o.id: o.kind for o in orgs}
    out = []
    for org_id, addressed in _targets(orgs, roles):
        title_zh, title_en = center_titles if center_titles and kinds[org_id] == OrgKind.center else (zh, en)
        out.append(NoticeIn(org_id=org_id, roles=addressed, kind=kind, title_zh=title_zh, title_en=title_en,
                            link=link, refs=refs, group=group,
                            restart_on="round" if kind == NoticeKind.proposal else None))
    if event == DomainEvent.engagement_state_changed and kind == NoticeKind.your_turn:
        out += _taken_for(payload, orgs, told=roles, titles=((zh_t, en_t), (zh_c, en_c)), refs=refs)
    return out


_OWN_ROLE = {OrgKind.enterprise: Role.enterprise, OrgKind.center: Role.center_coordinator}
_YOU = {OrgKind.enterprise: "贵企业", OrgKind.center: "贵机构"}


def _taken_for(payload: Mapping[str, Any], orgs: Sequence[OrgOut], *, told: set[Role],
               titles: tuple[tuple[str, str], tuple[str, str]], refs: dict[str, Any]) -> list[NoticeIn]:
    """The party a step was taken for, told of it when the step's notice went to the other side: the association's
    coordinator signed the agreement for the provider and the provider heard nothing (a new user's trial in
    Chromium, 2026-11-29)."""
    behalf = workflow.behalf_of_step(payload)
    raw = payload.get("on_behalf_of")
    if behalf is None or not isinstance(raw, list):
        return []
    step = str(payload.get("transition"))
    zh_step, en_step = workflow.step_labels("zh").get(step, step), workflow.step_labels("en").get(step, step)
    eng = payload.get("engagement_id")
    out = []
    for party in (OrgKind(v) for v in raw if v in _OWN_ROLE):
        role = _OWN_ROLE[party]
        if role in told:
            continue  # its your_turn notice says so already
        zh_t, en_t = titles[1] if party == OrgKind.center else titles[0]
        zh = f"{behalf.actor_zh}已代{_YOU[party]}{zh_step}：对接项目{zh_t}"
        en = f"{_capital(behalf.actor_en)} recorded “{en_step}” on your behalf for the engagement{en_t}"
        out += [NoticeIn(org_id=org_id, roles=addressed, kind=NoticeKind.acted_for, title_zh=zh, title_en=en,
                         link=f"/engagements/{eng}", refs=refs, group=f"acted_for:{eng}:{step}")
                for org_id, addressed in _targets([o for o in orgs if o.kind == party], {role})]
    return out


def settled_by(*, event: DomainEvent, payload: Mapping[str, Any]) -> list[str]:
    """The notice groups whose step this event settles, every organisation's: the to-dos it makes history. A
    provider accepted settles the need's proposals ("有 5 个推荐机构待审核", "请确认能否承接"); an engagement that
    moves settles its step's notice (the next step's notice, for whoever has it, is written after and makes its row
    live again), and one closed or ended its overdue reminder and its need's "已确定承接机构" too. A walk found
    22–51 unread notices a coordinator's and a center's inbox, most of them for steps long taken."""
    need, eng = payload.get("need_id"), payload.get("engagement_id")
    if event == DomainEvent.match_accepted and need:
        # A provider taken: the need is offered to nobody any more ("新发布的需求…可表示能否承接" stayed new for
        # months).
        return [f"proposal:{need}", f"opportunity:{need}"]
    if event == DomainEvent.provider_status_changed and payload.get("previous_state") == "applied":
        return [f"application:{payload.get('center_id')}"]  # its application decided on (flows.signups)
    if event == DomainEvent.filing_reviewed and payload.get("obligation_id") is not None:
        # The association's "「…」报送了…，请审核" is done once it is reviewed (the association's day walked on
        # 2026-11-29 found three quarters' reviewed filings still new); the provider's notice of the review is after.
        return [f"obligation:{payload.get('obligation_id')}"]
    if event == DomainEvent.engagement_state_changed and eng:
        live = any(step not in EXITS for step in machine.allowed_transitions(str(payload.get("state"))))
        if live:
            return [f"your_turn:{eng}"]
        # Ended (closed, withdrawn, terminated): the enterprise's and the center's "已确定承接机构" of its need is
        # history too, it stayed a to-do forever (settled only by the demo's history, by hand). A provider accepted
        # again after a re-docking tells them anew, and its notice is live again.
        return [f"your_turn:{eng}", f"overdue:{eng}", *([f"matched:{need}"] if need else [])]
    # A complaint: its handling recorded as resolved settles "请登记处理情况" (progress alone leaves it the provider's);
    # the client's answer settles its "请确认" (a reopening makes the complaint's own notice live again, after this);
    # the closing settles both. A center's day walked on 2026-11-29 found them all still to-dos, the complaint closed.
    complaint = payload.get("feedback_id")
    if complaint is not None:
        if event == DomainEvent.complaint_handled and payload.get("resolved"):
            return [f"complaint:{complaint}"]
        if event == DomainEvent.complaint_reopened:
            return [f"complaint_handled:{complaint}"]
        if event == DomainEvent.complaint_closed:
            return [f"complaint:{complaint}", f"complaint_handled:{complaint}"]
    return []


NeedTitles = tuple[str | None, tuple[str, str] | None]  # the need's title; the title a center may read, zh and en


def notices_of(*, session: Session, event: DomainEvent, payload: Mapping[str, Any], orgs: Sequence[OrgOut],
               titles: dict[str, NeedTitles] | None = None) -> list[NoticeIn]:
    """The event's inbox notices, not yet written (a batch of events writes theirs together). The need's titles are
    read here, not carried in the event: a webhook's payload stays what it was, and a center is told the title it
    may read. ``titles``: those already read for a batch of events, filled as they are read."""
    need_id = payload.get("need_id")
    need_title: str | None = None
    center_title: tuple[str, str] | None = None
    if need_id and orgs:
        if titles is not None and str(need_id) in titles:
            need_title, center_title = titles[str(need_id)]
        else:
            try:
                need_title = intake.get_need(session=session, need_id=str(need_id), coordinator=True).title
                view = intake.center_view(session=session, need_id=str(need_id))
                center_title = (published_title(view, "zh"), published_title(view, "en"))
            except InnodockError:  # a need gone (or never stored, in a test's bare event): the notice names no title
                pass
            if titles is not None:
                titles[str(need_id)] = (need_title, center_title)
        if need_title and payload.get("engagement_id") and _center_reads_details(session, str(need_id), orgs):
            # Once the need's details are open to the center, it is told the need's own title, as its pages show
            # it: the inbox kept the published one (a new user's trial in Chromium, 2026-11-29)
            center_title = (need_title, need_title)
    failed: tuple[int, list[str]] | None = None
    if event == DomainEvent.engagement_state_changed and payload.get("transition") == "fail_acceptance":
        verdict = pipeline.latest_verdict_view(session=session, engagement_id=str(payload.get("engagement_id")))
        failed = (verdict.round, verdict.reasons) if verdict is not None and not verdict.passed else None
    return notices_for(event=event, payload=payload, orgs=orgs, need_title=need_title, center_title=center_title,
                       failed=failed)


def _center_reads_details(session: Session, need_id: str, orgs: Sequence[OrgOut]) -> bool:
    """Whether the center among the event's organisations may read the need whole (``authz.policy.center_detail``:
    the accepted center, its details opened). Only an engagement's events are asked: a proposed center never may."""
    center = next((o.center_id for o in orgs if o.kind == OrgKind.center and o.center_id), None)
    if center is None:
        return False
    try:
        facts = access.need_facts(session=session, need_id=need_id)
    except InnodockError:
        return False
    return policy.center_detail(center, facts) == Detail.full


def proposals_left(*, session: Session, review_id: str, need_id: str, round_: int, orgs: Sequence[OrgOut],
                   left: int, center_id: str | None = None) -> list[NoticeIn]:
    """A round's ``review.proposed`` notices as they read once its proposals are declined one at a time (or a
    decline undone), for these organisations: a center's as it was told it (``center_id``); the associations'
    "「…」有 N 个推荐机构待审核" with N the proposals ``left`` to review, and with none left, that the round still
    waits for them (a re-match or a provider by hand), not "0 to review"."""
    told = notices_of(session=session, event=DomainEvent.review_proposed, orgs=orgs, payload={
        "review_id": review_id, "need_id": need_id, "center_id": center_id, "round": round_})
    if left > 0:
        return told
    try:
        title: str | None = intake.get_need(session=session, need_id=need_id, coordinator=True).title
    except InnodockError:
        title = None
    zh_t, en_t = _quoted(title)
    return [n.model_copy(update={
        "title_zh": f"{zh_t or '需求'}本轮推荐的机构均已婉拒，请重新匹配或人工指派机构",
        "title_en": f"Every provider proposed for the need{en_t} was declined: re-match or assign one by hand"})
        for n in told]
