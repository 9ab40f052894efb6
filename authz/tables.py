"""The tables of the rule: which role, scope and kind of credential each action needs, and who fires each step of
the engagement workflow (seed 000 Figure 1).

Admins appear in every row that admits them, so each row is the whole rule with nothing implied. ``docs/api.md``
prints :data:`ACTIONS` as its authorization table (``tests/authz/test_authz_docs.py`` checks that it is the same).

A row says who may *attempt* an action; the object rules of :mod:`authz.policy` then decide on the particular
object (whose need it is, whether a center was proposed or accepted, whether its details were opened to it).
"""

from __future__ import annotations

from dataclasses import dataclass

from authz.vocab import BROWSER_KEY_SCOPES, Role, Scope

E, CC, AC, AD = Role.enterprise, Role.center_coordinator, Role.association_coordinator, Role.admin
AU = Role.authority_officer
EVERYONE = frozenset(Role)
# The parties of the matching work (needs, reviews, engagements); an authority is not one of them (issue 29, item 3).
PARTIES = frozenset({E, CC, AC, AD})
COORDINATORS = frozenset({CC, AC, AD})
ASSOCIATION = frozenset({AC, AD})
# Who can act for a provider on its engagements (take its steps, answer its complaints): its own coordinators. A
# provider with no active user in one of these roles has nobody to take up a need given to it (issue 30, item 3).
ACTS_FOR_PROVIDER = frozenset({CC})


@dataclass(frozen=True)
class Rule:
    """``roles`` may attempt the action when they hold every one of ``scopes``; ``people_only`` refuses integration
    keys (decisions, workflow steps, declassifying and account work are done by people); ``public`` needs no
    credential at all.

    Every row says what a key needs: its scopes, or that only people may act (issue 31: internal records read by any
    key because a row named neither). The one exception is named, ``own_identity``: "who am I" reads nothing but the
    caller's own credential, so any key may ask it (``tests/api/test_api_scope_matrix.py`` allows it on that row
    alone)."""

    roles: frozenset[Role]
    scopes: frozenset[Scope] = frozenset()
    people_only: bool = False
    public: bool = False
    own_identity: bool = False
    zh: str = ""
    en: str = ""

    @property
    def for_browser_keys(self) -> bool:
        """What a key whose secret sits in web pages (it has CORS origins) may do, whatever its organisation's role:
        public and feed actions only."""
        return self.public or (bool(self.scopes) and self.scopes <= BROWSER_KEY_SCOPES)


def _rule(roles: frozenset[Role], *scopes: Scope, people: bool = False, zh: str, en: str) -> Rule:
    if not scopes and not people:
        raise ValueError(f"{en}: a rule names the scopes a key needs, or says people only")
    return Rule(roles=roles, scopes=frozenset(scopes), people_only=people, zh=zh, en=en)


PUBLIC = Rule(roles=EVERYONE, public=True, zh="公开", en="public")

ACTIONS: dict[str, Rule] = {
    # public pages and data
    "public.read": PUBLIC,
    # identity
    "auth.me": Rule(roles=EVERYONE, own_identity=True, zh="查看当前身份", en="who am I"),
    "auth.password": _rule(EVERYONE, people=True, zh="修改本人密码", en="change one's own password"),
    "auth.profile": _rule(EVERYONE, people=True, zh="修改本人显示名与邮箱",
                          en="change one's own display name and email"),
    "org.read": _rule(EVERYONE, people=True, zh="查看本组织", en="read one's organisation"),
    "org.keys": _rule(EVERYONE, people=True, zh="管理本组织的 API 密钥", en="manage the organisation's keys"),
    # Colleagues are invited into one's own organisation with one's own role (accounts.service.invite).
    "org.colleagues": _rule(EVERYONE, people=True, zh="查看与邀请本组织同事", en="list and invite one's colleagues"),
    "admin.accounts": _rule(frozenset({AD}), people=True, zh="组织、用户、密钥与账号处置", en="orgs, users, keys, "
                            "disabling and ending sessions"),
    # An enterprise that registered itself waits until an association (or an admin) approves it.
    "registration.review": _rule(ASSOCIATION, people=True, zh="审核企业自助注册", en="approve or refuse an "
                                 "enterprise's own registration"),
    "admin.audit": _rule(frozenset({AD}), people=True, zh="查看安全审计日志", en="read the security audit log"),
    "inbox.read": _rule(EVERYONE, people=True, zh="本人的待办通知", en="one's own inbox"),
    "consent.manage": _rule(frozenset({E}), people=True, zh="授权或撤销协会代为办理",
                            en="grant or revoke an association's consent"),
    "consent.read": _rule(frozenset({E, AC, AD}), people=True, zh="查看代办授权", en="read consents"),
    "webhooks.manage": _rule(EVERYONE, Scope.webhooks_manage, zh="订阅与投递记录", en="subscriptions and deliveries"),
    # intake and needs
    "intake.chat": _rule(frozenset({E}), Scope.needs_write, people=True, zh="需求对话", en="intake chat"),
    "intake.chat_api": _rule(frozenset({E}), Scope.needs_write, zh="需求对话（API）", en="intake chat by API"),
    "intake.read": _rule(frozenset({E}), Scope.needs_read, zh="查看需求对话", en="read an intake chat"),
    "need.create": _rule(frozenset({E, AC, AD}), Scope.needs_write, zh="创建需求", en="create a need"),
    "need.list": _rule(frozenset({E, AC, AD}), Scope.needs_read, zh="列出需求", en="list needs"),
    "need.read": _rule(PARTIES, Scope.needs_read, zh="查看需求", en="read a need"),
    "need.update": _rule(frozenset({E, AC, AD}), Scope.needs_write, zh="修改需求", en="edit a need"),
    "need.declassify": _rule(frozenset({E, AD}), Scope.needs_write, people=True, zh="取消保密",
                             en="make a confidential need public"),
    "need.disclose": _rule(frozenset({E, AD}), Scope.needs_write, people=True, zh="向承接机构开放或收回详细信息",
                           en="open or close a need's details to the accepted provider"),
    "need.submit": _rule(frozenset({E, AC, AD}), Scope.needs_write, zh="提交需求", en="submit a need"),
    "need.withdraw": _rule(frozenset({E, AC, AD}), Scope.needs_write, people=True, zh="撤回需求",
                           en="withdraw a need"),
    "need.result": _rule(PARTIES, Scope.results_read, zh="查看对接结果", en="read a need's result"),
    "feed.read": _rule(PARTIES, Scope.feed_read, zh="已发布需求与共性难题", en="the public feed"),
    "groups.manage": _rule(ASSOCIATION, people=True, zh="归并与发布共性难题", en="build and publish common problems"),
    # coordination
    "review.read": _rule(COORDINATORS, people=True, zh="审核队列与审核单", en="the review queue and reviews"),
    "review.decide": _rule(ASSOCIATION, people=True, zh="接受、人工指派、重新匹配",
                           en="accept, assign by hand, re-match"),
    # 协调员修正需求要点: the association refines (凝练) the needs it publishes (seed 000 §5.1.3), so its coordinators
    # correct a misread product, industry, service type or title of a need under review; a center never does.
    "need.correct": _rule(ASSOCIATION, people=True,
                          zh="修正审核中需求的要点（产品、行业、服务类型、标题、地区、期限、预算、资质；保密只能提高）",
                          en="correct a need's key fields under review (product, industry, service types, title, "
                             "region, deadline, budget, qualifications; confidentiality only raised)"),
    "review.interest": _rule(frozenset({CC}), people=True, zh="表示有意承接", en="say the center can take a need"),
    "review.decline": _rule(COORDINATORS, people=True, zh="婉拒建议", en="decline a proposal"),
    # What the coordinators' decisions teach the matcher (issue 28, item 4): every decision on every need within
    # reach, each provider's declines among them, so the association's and the operator's only.
    "review.labels": _rule(ASSOCIATION, people=True, zh="导出审核决定（匹配学习标签）",
                           en="export review decisions as the matcher's labels"),
    # Published needs that fit a provider (issue 28, item 6): its own coordinators, and the association that
    # manages providers; a provider's "can help" is its own coordinators' to say.
    "opportunity.read": _rule(COORDINATORS, people=True, zh="查看适合本机构的已发布需求",
                              en="read the published needs that fit a provider"),
    "opportunity.help": _rule(frozenset({CC, AD}), people=True, zh="表示可以承接已发布需求",
                              en="say a provider can help with a published need"),
    "engagement.read": _rule(PARTIES, Scope.results_read, zh="查看对接项目", en="read engagements"),
    "engagement.act": _rule(PARTIES, people=True, zh="执行流程步骤与登记记录",
                            en="take workflow steps and file records"),
    "team.read": _rule(COORDINATORS, people=True, zh="专家与项目组建议", en="experts and team proposals"),
    # Ranking every center's experts and every pool member (personal data) for any need is the association's
    # consultation work; a center coordinator proposes its own team and pools through ``team.read``.
    "expert.match": _rule(ASSOCIATION, people=True, zh="为需求直接匹配专家（专家咨询）",
                          en="rank experts for a need (expert consultation)"),
    "evaluation.run": _rule(COORDINATORS, people=True, zh="开展评价与报告", en="run evaluations and reports"),
    # Batch assignment weighs every center against every waiting need: the association's work, since a center
    # must never see another center's proposals or scores.
    "assignment.run": _rule(ASSOCIATION, people=True, zh="批量分派建议", en="batch assignment"),
    "kb.manage": _rule(ASSOCIATION, people=True, zh="知识库导入导出、重建索引", en="kb import, export, index"),
    # Every job is queued by a person (kb, index, assignment, reports: all people-only), so only people read them.
    "jobs.read": _rule(EVERYONE, people=True, zh="查看本组织的后台任务", en="read the organisation's jobs"),
    # providers over time (issue 14): the lifecycle, the centers' own entries, the obligations
    # Lifecycles, pending changes (with experts' declared conflicts, degrees and bios), findings and filings are
    # internal records of the people who manage providers; what the public may know of a provider is the catalog's.
    "provider.read": _rule(COORDINATORS, people=True, zh="查看机构生命周期、变更与履职事项",
                           en="read providers' lifecycles, changes and obligations"),
    # One provider's record, its page: the lifecycle with each decision, the obligations and filings, the findings,
    # the proficiency tests. A deciding authority's officer reads it for the providers in its jurisdiction, whose
    # decisions may come to it (``authz.policy.check_provider_record``); never a need or an engagement of theirs.
    "provider.record": _rule(COORDINATORS | {AU}, people=True,
                             zh="查看单个机构的档案（生命周期与决定、履职事项、整改、能力验证；主管部门限辖区内机构）",
                             en="read one provider's record (lifecycle and decisions, obligations, findings, "
                                "proficiency; an authority's officer those in its jurisdiction)"),
    # The providers as a list (stage, catalog status, obligations overdue, rating) and their evaluations with their
    # reports: a deciding authority's officer oversees those in its jurisdiction, read only (a new user's trial,
    # 2026-11-29: the bureau had nothing to oversee with). ``authz.policy.oversees`` narrows it on each provider; no
    # need or engagement of theirs comes with it (seed 000 §5.2.4, need to know: the dashboard counts, never names).
    "provider.list": _rule(COORDINATORS | {AU}, people=True,
                           zh="查看机构列表（阶段、状态、逾期履职、评级；主管部门限辖区内机构，只读）",
                           en="list providers (stage, status, overdue obligations, rating; an authority's officer "
                              "those in its jurisdiction, read only)"),
    "evaluation.read": _rule(COORDINATORS | {AU}, people=True,
                             zh="查看机构评价结果与评价报告（主管部门限辖区内机构）",
                             en="read providers' evaluations and their reports (an authority's officer those in its "
                                "jurisdiction)"),
    "provider.apply": _rule(COORDINATORS, people=True, zh="提交机构申请", en="file a provider's application"),
    "provider.decide": _rule(ASSOCIATION, people=True, zh="机构生命周期决定（批筹、验收、整改、暂停、撤销、退出）",
                             en="lifecycle decisions (approval, acceptance, rectification, suspension, revocation, "
                                "exit)"),
    "provider.edit": _rule(COORDINATORS, people=True, zh="维护本机构条目（提交变更待审）", en="maintain one's entry "
                           "(changes wait for approval)"),
    "provider.approve": _rule(ASSOCIATION, people=True, zh="审核机构提交的变更", en="approve or reject a center's "
                              "changes"),
    "provider.file": _rule(COORDINATORS, people=True, zh="报送年度计划、总结等履职材料", en="file annual plans, "
                           "reports and other obligations"),
    # Reads may be asked "as of" another day; a write dated to another day (its deadlines checked against it) is a
    # backfill of past records, the platform operator's alone.
    "clock.override": _rule(frozenset({AD}), people=True, zh="以另一日期办理写入（补录历史记录）",
                            en="write as of another day (backfilling past records)"),
    # The deciding authorities (issue 29, item 3): the association prepares a decision that a provider's rules profile
    # gives to an authority (``provider.decide``), the authority's people read it and take it; which one, and for
    # which providers, is ``authz.policy.check_decision`` on the object.
    "decision.read": _rule(frozenset({AU, AC, AD}), people=True, zh="查看提交主管部门决定的事项",
                           en="read the decisions prepared for the deciding authorities"),
    "decision.take": _rule(frozenset({AU}), people=True, zh="主管部门作出决定（规则配置交由其决定的事项）",
                           en="take a decision the provider's rules profile gives to one's authority"),
    "provider.dashboard": _rule(ASSOCIATION | {AU}, people=True,
                                zh="机构管理总览与 Excel 导出（阶段、逾期事项、整改、评级走势；主管部门限辖区内机构）",
                                en="the providers dashboard and its Excel export (stages, overdue obligations, "
                                   "rectifications, ratings over time; an authority's officer those in its "
                                   "jurisdiction)"),
}

# ---- the engagement workflow (seed 000 Figure 1): who fires each step, files each record, takes each decision ----

TRANSITION_ROLES: dict[str, frozenset[Role]] = {
    "reach_agreement": frozenset({E, CC, AC, AD}),  # 达成一致: either side may record that they agreed
    "sign_agreement": frozenset({CC, AC, AD}),  # 签订技术服务协议: the provider's side signs the agreement it drafted
    # ... and the enterprise countersigns it (or sends it back): only its act makes the agreement signed, and only its
    # countersignature of a confidentiality clause opens a confidential need's details to the provider (issue 31).
    # Admins, as everywhere, may act for the enterprise (its declassifying too); the provider's side never.
    "countersign": frozenset({E, AD}),
    "return_agreement": frozenset({E, AD}),
    "form_team": frozenset({CC, AC, AD}),  # 成立项目组
    "submit_plan": frozenset({CC, AD}),  # the team hands its service plan to review
    "approve_plan": frozenset({CC, AC, AD}),  # 技术服务评审 by the center's review board or the association
    "reject_plan": frozenset({CC, AC, AD}),
    "resubmit_plan": frozenset({CC, AD}),
    "submit_results": frozenset({CC, AD}),  # 开展技术服务 ends with results handed over
    "pass_acceptance": frozenset({E, AC, AD}),  # 服务成果验收: the client (or the association's panel) decides
    "fail_acceptance": frozenset({E, AC, AD}),
    "withdraw": frozenset({E, CC, AD}),  # either party walks away
    "terminate": frozenset({AC, AD}),  # ended by the association, e.g. after a dispute
}

RECORD_ROLES: dict[str, frozenset[Role]] = {
    "agreement": frozenset({CC, AC, AD}),
    "team": frozenset({CC, AC, AD}),
    "delivery": frozenset({CC, AD}),
    "feedback": frozenset({E, AD}),  # satisfaction and complaint come from the client
    "complaint_handling": frozenset({CC, AC, AD}),
    # Showing the engagement as one of the provider's typical cases is the client's own decision (its people, or an
    # admin), like declassifying its need.
    "case_consent": frozenset({E, AD}),
}

REVIEW_ROLES: dict[str, frozenset[Role]] = {
    "submit_proposals": frozenset({AC, AD}),
    "accept": frozenset({AC, AD}),
    "reject": frozenset({CC, AC, AD}),  # a center coordinator may only decline for its own center
    "undo_decline": frozenset({AC, AD}),  # a wrong decline, undone by the association within its round
    "rematch": frozenset({AC, AD}),
    "assign_by_hand": frozenset({AC, AD}),
    # Re-docking follows an engagement the provider left (withdraw) or the association ended (terminate).
    "redock": frozenset({CC, AC, AD}),
    "interest": frozenset({CC}),  # a proposed center says it can take the need
    "can_help": frozenset({CC, AD}),  # a provider offered a published need that fits it says it can help
    "open_engagement": frozenset({AC, AD}),
}

# ---- a provider's lifecycle (providers.machine): who may fire each transition ----
# ``AU``: a deciding authority's officer, for the decisions a provider's rules profile gives to their authority, within
# their jurisdiction; where a profile gives a decision to an authority that is on the platform, the association only
# prepares it (``authz.policy.check_decision``).
# Decisions are the association's (seed 002 四(二): the bureau; seed 003 art. 4: 省质促会 manages the stations); a
# provider asks for its acceptance once building is done (seed 002 二(二)3 向市市场监管局提交书面验收申请).

PROVIDER_TRANSITION_ROLES: dict[str, frozenset[Role]] = {
    "start_review": frozenset({AC, AD, AU}),  # 受理 / 资料核实
    "approve_build": frozenset({AC, AD, AU}),  # 论证批筹
    "reject_application": frozenset({AC, AD, AU}),
    "request_acceptance": frozenset({CC, AC, AD}),  # 验收申请, by the provider (or the association for it)
    "pass_acceptance": frozenset({AC, AD, AU}),  # 验收成立
    "fail_acceptance": frozenset({AC, AD, AU}),
    "cancel_build": frozenset({AC, AD, AU}),  # 取消筹建资格
    "commend": frozenset({AC, AD, AU}),  # 激励管理·示范推广 (seed 002 四(二), seed 003 art. 15)
    "place_under_key_supervision": frozenset({AC, AD, AU}),  # 重点监管 (seed 002 四(二))
    "end_key_supervision": frozenset({AC, AD, AU}),
    "publish_criticism": frozenset({AC, AD, AU}),  # 通报批评 (seed 002 四(二)), a published record
    "order_rectification": frozenset({AC, AD, AU}),  # 限期整改
    "pass_recheck": frozenset({AC, AD, AU}),  # 整改复核通过
    "suspend": frozenset({AC, AD, AU}),
    "reinstate": frozenset({AC, AD, AU}),
    "revoke": frozenset({AC, AD, AU}),  # 撤销
    "withdraw": frozenset({AC, AD, AU}),  # 退出: seed 003 art. 22 needs the association's consent
}

# ---- the improvement loop after an evaluation (providers.improvement; seed 000 §8.2–8.3) ----
# The provider analyses and acts (§8.2 中心应对评价结果进行分析，并实施改进), so its coordinators plan the action and
# report it done; the re-check is the evaluator's side, never the provider's own (the independence of seed 001 §5.2.7).

FINDING_STEP_ROLES: dict[str, frozenset[Role]] = {
    "plan_action": frozenset({CC, AC, AD}),
    "report_done": frozenset({CC, AC, AD}),
    "pass_recheck": frozenset({AC, AD}),
    "fail_recheck": frozenset({AC, AD}),
    "supersede": frozenset(),  # nobody: a newer rating run of the same period takes it (providers.improvement)
}

# ---- a complaint (pipeline.complaints, issue 30 item 2): the provider's side handles it, the client closes it ----
COMPLAINT_STEP_ROLES: dict[str, frozenset[Role]] = {
    "handle": frozenset({CC, AC, AD}),  # the provider (or the association) says how it was handled, and resolved
    "report_progress": frozenset({CC, AC, AD}),  # ... or how far it got: the complaint stays open
    "confirm": frozenset({E}),  # the client confirms the handling: closed
    "reopen": frozenset({E}),  # the client is not satisfied, with its reason: open again
    "close_lapsed": ASSOCIATION,  # the client did not answer within the period: the association closes it
}

# ---- a need's lifecycle (intake.lifecycle): who may cause each transition ----
# The flows fire these as consequences of what the caller did: submitting publishes and queues, accepting matches,
# signing the agreement starts the engagement, passing acceptance closes it.

NEED_TRANSITION_ROLES: dict[str, frozenset[Role]] = {
    "confirm": frozenset({E, AC, AD}),  # the enterprise confirms its draft (an association for it)
    "publish": frozenset({E, AC, AD}),  # 需求发布, by submitting
    "queue": frozenset({E, AC, AD}),  # the matcher's proposals go to the review queue, by submitting
    "send_back": frozenset({AC, AD}),  # the coordinator finds the need unclear and asks the enterprise
    "match": frozenset({AC, AD}),  # a provider accepted or assigned by hand
    "find_none": frozenset({AC, AD}),  # no suitable provider this round
    "reopen": frozenset({AC, AD}),  # re-matched after no provider fitted
    "start": frozenset({E, AD}),  # the enterprise countersigned the service agreement (Figure 1; issue 31)
    "close": frozenset({E, AC, AD}),  # acceptance passed: 项目终结
    "redock": frozenset({E, CC, AC, AD}),  # the provider pulled out or the engagement was ended: back to review
    "withdraw": frozenset({E, AC, AD}),
}
