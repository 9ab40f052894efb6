"""The one named place where access is decided: the action check, and the rules on objects.

Three layers, always in this order:

1. :func:`authorize` — may this caller attempt this action at all? (role, scope, people only; :data:`ACTIONS`)
2. the tenancy of objects — is the object the caller's at all? Another tenant's object answers 404, never 403, so
   nobody learns that an id exists (:func:`check_need_write`, :func:`may_see_engagement`, ``authz.tenancy``);
3. need-to-know (seed 000 §5.2.4) — how much of a confidential need the caller may see (:func:`need_detail`).

Callers gather the facts (:class:`NeedFacts`) from the packages that own them and ask here; nothing else decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from authz.principal import Acting, Principal
from authz.tables import (
    ACTIONS,
    FINDING_STEP_ROLES,
    PROVIDER_TRANSITION_ROLES,
    TRANSITION_ROLES,
    Rule,
)
from authz.vocab import AUTHORITY_LABELS, ROLE_LABELS, AuthorityBody, Role
from core.errors import InnodockError, NotFoundError, PermissionDeniedError, UnauthorizedError


def rule(action: str) -> Rule:
    return ACTIONS[action]


def role_may(role: Role, action: str) -> bool:
    """Whether a role can ever take ``action`` (its people hold the role's scopes): where a login may send it, before
    there is a principal to ask :func:`refusal`."""
    return role in ACTIONS[action].roles


def refusal(principal: Principal | None, action: str) -> Literal["ok", "unauthenticated", "forbidden"]:
    """What :func:`authorize` would answer, without raising: the scope-matrix test and the docs read this."""
    r = ACTIONS[action]
    if r.public:
        return "ok"
    if principal is None:
        return "unauthenticated"
    if principal.role not in r.roles or not r.scopes <= principal.scopes:
        return "forbidden"
    if r.people_only and not principal.is_person:
        return "forbidden"
    if principal.browser and not r.for_browser_keys:
        return "forbidden"
    return "ok"


def authorize(principal: Principal | None, action: str) -> Principal:
    """Let the caller attempt ``action`` or raise: 401 without credentials, 403 for a role, a scope or a key where
    only people may act. Returns the principal, so a dependency can hand it on."""
    r = ACTIONS[action]
    if r.public and principal is None:
        raise UnauthorizedError("此操作无需登录 / no credentials needed")  # never reached by public routes
    if principal is None:
        raise UnauthorizedError()
    if principal.role not in r.roles:
        # Read by people on a page as well as by programs: the roles by their names in each language, not their ids.
        allowed = sorted(r.roles)
        names_zh = "、".join(ROLE_LABELS[Role(x)][0] for x in allowed)
        names_en = ", ".join(ROLE_LABELS[Role(x)][1] for x in allowed)
        raise PermissionDeniedError(
            f"{ROLE_LABELS[principal.role][0]}无权办理：{r.zh}（可办理的角色：{names_zh}）/ a "
            f"{ROLE_LABELS[principal.role][1]} may not do this: {r.en} (allowed: {names_en})", field="role")
    missing = r.scopes - principal.scopes
    if missing:
        lacking = ", ".join(sorted(missing))
        raise PermissionDeniedError(f"缺少权限范围：{lacking} / missing scope: {lacking}", field="scopes")
    if r.people_only and not principal.is_person:
        raise PermissionDeniedError(f"{r.zh}须由登录用户办理，API 密钥不可 / {r.en} is done by a logged-in person, "
                                    "not an API key", field="authorization")
    if principal.browser and not r.for_browser_keys:
        raise PermissionDeniedError("网页中使用的密钥只能读取公开信息和需求公告 / a key used in web pages reads public "
                                    "data and the feed only", field="authorization")
    return principal


# ---- needs: acting on an enterprise's behalf, and need-to-know ----

class Detail(StrEnum):
    """How much of a need a caller sees.

    - ``full``: everything (the enterprise, admins, association staff, an association acting for the enterprise, and
      the accepted center once the details were opened to it);
    - ``scrubbed``: a non-confidential need without the marked strings, the redaction list and the contact (a
      proposed or accepted center before the details are opened);
    - ``summary``: the published summary only (the same, for a confidential need);
    - ``none``: the need does not exist for this caller (404).
    """

    full = "full"
    scrubbed = "scrubbed"
    summary = "summary"
    none = "none"


@dataclass(frozen=True)
class NeedFacts:
    """What the rule needs to know about one need, gathered by the caller from intake, the pipeline and here."""

    need_id: str
    enterprise_id: str | None
    submitted_by: str | None
    confidential: bool
    association_id: str | None = None  # the association whose tenant the need is (its enterprise's)
    proposed: frozenset[str] = frozenset()
    accepted: str | None = None
    details_open_to: frozenset[str] = frozenset()
    consenting_to: frozenset[str] = field(default_factory=frozenset)


def judges_by_owner_alone(principal: Principal) -> bool:
    """Whether the rule judges this caller on a need by whose need it is alone: an enterprise's people by the
    enterprise (:func:`acts_for`), the platform operator on every need. For them it never reads the need's detail
    grants (a center's need-to-know) or its enterprise's consents (an association's road), so those are not
    gathered (``flows.access.need_facts``: two statements a read of a need, issue 33)."""
    return principal.role in (Role.enterprise, Role.admin)


def acts_for(principal: Principal, facts: NeedFacts) -> bool:
    """May the caller act on this need as if it were the enterprise? The enterprise itself and admins; an association
    only on needs it submitted for the enterprise or with the enterprise's consent on record — never on all."""
    if principal.role == Role.admin:
        return True
    if principal.role == Role.enterprise:
        return facts.enterprise_id is not None and principal.org_id == facts.enterprise_id
    if principal.role == Role.association_coordinator:
        if principal.via == "terminal":
            return True
        return principal.org_id == facts.submitted_by or principal.org_id in facts.consenting_to
    return False


def serves(principal: Principal, facts: NeedFacts) -> bool:
    """Tenancy between associations (issue 31): an association's staff refine, review and dock the needs of the
    enterprises it serves (seed 000 §5.1.3) — registered through it —, and the needs it acts for; a second
    association in the same deployment sees none of them. Its integration keys reach only the needs it acts for.
    The platform operator (and the server's terminal) works across associations."""
    if principal.across_associations:
        return True
    if principal.role != Role.association_coordinator:
        return False
    if acts_for(principal, facts):
        return True
    # A need of an enterprise that belongs to no association (made at the server's terminal for an enterprise with
    # no account; every account belongs to one) is the deployment's shared work, as before tenancy.
    return principal.is_person and facts.association_id in (None, principal.association_id)


def may_create_for(principal: Principal, *, association_id: str | None, consenting_to: frozenset[str]) -> bool:
    """Who puts a need on the platform for an enterprise: the enterprise itself (the entry point names no other),
    the platform operator, and an association for an enterprise it serves (``association_id``, the enterprise's)
    or that consented to it — never for another association's enterprise."""
    if principal.role != Role.association_coordinator or principal.across_associations:
        return True
    return (association_id is not None and association_id == principal.association_id) or \
        principal.org_id in consenting_to


def need_detail(principal: Principal, facts: NeedFacts) -> Detail:
    """Need-to-know, seed 000 §5.2.4: the published summary promises "详细技术信息仅在签署保密协议后向对接机构提供",
    so a center sees details only as the accepted center and only once they were opened to it (the enterprise's
    countersignature of an agreement with a confidentiality clause, or its own grant)."""
    if principal.role == Role.admin:
        return Detail.full
    if principal.role == Role.enterprise:
        return Detail.full if acts_for(principal, facts) else Detail.none
    if principal.role == Role.association_coordinator:
        return Detail.full if serves(principal, facts) else Detail.none
    return center_detail(principal.center_id, facts)


def center_detail(center: str | None, facts: NeedFacts) -> Detail:
    """What a center's people read of a need (:func:`need_detail`'s rule for them): the whole need as the accepted
    center once its details were opened to it, the published summary (or the scrubbed need) as a proposed or
    accepted one before. Its inbox names the need by the title it may read (``flows.notices``)."""
    if center is None:
        return Detail.none
    if center == facts.accepted and center in facts.details_open_to:
        return Detail.full
    if center in facts.proposed or center == facts.accepted:
        return Detail.summary if facts.confidential else Detail.scrubbed
    return Detail.none


def missing_need(need_id: str) -> NotFoundError:
    return NotFoundError("需求不存在 / no such need", field="need_id")


def check_need_read(principal: Principal, facts: NeedFacts) -> Detail:
    """The detail level, or 404 for a caller the need does not exist for."""
    level = need_detail(principal, facts)
    if level == Detail.none:
        raise missing_need(facts.need_id)
    return level


def check_need_write(principal: Principal, facts: NeedFacts, *, declassify: bool = False,
                     withdraw: bool = False) -> None:
    """Edit, submit, withdraw or declassify: only who acts for the enterprise. A caller who cannot see the need gets
    404; one who sees it but may not act (a center, association staff without consent) gets 403.

    Declassifying is the enterprise's own decision (its people, or an admin); withdrawing is done by people, and never
    on a consent alone: the consent lets an association edit and submit, as its words say, not withdraw (issue 31)."""
    if not acts_for(principal, facts):
        if need_detail(principal, facts) == Detail.none:
            raise missing_need(facts.need_id)
        raise PermissionDeniedError("只有需求方企业或经其授权的协会可以办理 / only the enterprise, or an "
                                    "association it consented to, may act on this need", field="need_id")
    if declassify:
        # An edit's route admits association staff and keys; turning confidentiality off is the table's own row.
        authorize(principal, "need.declassify")
    if withdraw:
        authorize(principal, "need.withdraw")
        if principal.role == Role.association_coordinator and principal.via != "terminal" \
                and principal.org_id != facts.submitted_by:
            raise PermissionDeniedError("授权不含撤回需求：只有企业本身（或代为提交的协会）可以撤回 / a consent "
                                        "does not include withdrawing: only the enterprise (or the association that "
                                        "submitted the need) withdraws it", field="need_id")


def check_need_correct(principal: Principal, facts: NeedFacts) -> None:
    """协调员修正需求要点: the association refines and publishes the needs of the enterprises it serves (seed 000
    §5.1.3), so its coordinators (and the operator) correct a need within their reach (:func:`serves`), whether or
    not the enterprise consented to edits; an enterprise edits its own need instead, and a center may not. Outside
    the reach the need does not exist (404)."""
    authorize(principal, "need.correct")
    if not serves(principal, facts):
        raise missing_need(facts.need_id)


def check_secrecy_correction(principal: Principal, *, confidential: bool, to: bool) -> None:
    """The coordinator's correction only raises secrecy: a public need made confidential protects the enterprise and
    is done at once, but a confidential need made public discloses what the enterprise chose to keep, which only the
    enterprise decides (its own edit, :func:`check_need_write` with ``declassify``). Refused on ``confidential``
    (403), whoever corrects."""
    if confidential and not to:
        raise PermissionDeniedError("协调员只能提高保密程度：保密需求改为公开须由企业本身决定（在“我的需求”中修改） / "
                                    "the coordinator only raises secrecy: making a confidential need public is the "
                                    "enterprise's own decision (on its needs page)", field="confidential")


class PublicStage(StrEnum):
    """Where a need stands, as its public page (``/needs/{id}``) says it: open to providers, being served, closed."""

    open = "open"
    served = "served"
    closed = "closed"


# A need's lifecycle status (``intake.schemas.NeedStatus``'s names) → its public stage. "open" is the feed's
# (``intake.schemas.PUBLIC_STATUSES``: a test keeps the two the same); a need a provider took keeps its page, so a
# website's link to it still lands somewhere. Not here: never published, sent back to a draft, withdrawn.
_PUBLIC_STAGES: dict[str, PublicStage] = {
    "published": PublicStage.open, "in_review": PublicStage.open, "no_provider": PublicStage.open,
    "matched": PublicStage.served, "in_engagement": PublicStage.served, "closed": PublicStage.closed,
}


def public_need_stage(need_id: str, *, status: str | None, published: bool) -> PublicStage:
    """Whether anyone — logged in or not — may read a need's public page, and what stage it shows. Only the version
    the need was published with is ever shown (``published``: it has one), and only while the need is out in the
    world: a need never published, sent back to its enterprise, withdrawn, or an id that names no need (``status``
    None) is the one 404 of :func:`missing_need`, word for word, so the page tells nobody that such a need exists."""
    stage = _PUBLIC_STAGES.get(status or "") if published else None
    if stage is None:
        raise missing_need(need_id)
    return stage


def check_own_center(principal: Principal, center_id: str, *, hide: NotFoundError | None = None) -> None:
    """A center coordinator works on its own center only (its experts, its team proposals, its evaluations).

    Centers are public — the catalog lists every one —, so asking about another center is answered plainly: 403,
    "not yours" (issue 16). ``hide``: for what belongs to a center and is reached by its own id (an evaluation run),
    the answer for a missing one, raised instead: it stays 404 like every tenant object, word for word, so nobody
    learns that the id exists. Everyone else the action's rule let in."""
    if principal.role == Role.center_coordinator and principal.center_id != center_id:
        if hide is not None:
            raise hide
        raise PermissionDeniedError("这是其他机构的，您只能查看本机构的 / this is another center's; you can see your "
                                    "own center's only", field="center_id")


def permits(principal: Principal | None, action: str, *, center_id: str | None = None) -> bool:
    """What a page may offer the caller: whether :func:`authorize` and, for one center's work, :func:`check_own_center`
    would let it through — asked without raising, so a form is shown exactly to whom its route admits (an admin's
    "can help" on a provider's opportunities was hidden by a check of the page's own, though the route takes it)."""
    if principal is None or refusal(principal, action) != "ok":
        return False
    return center_id is None or principal.role != Role.center_coordinator or principal.center_id == center_id


def speaks_for_provider(principal: Principal, center_id: str) -> bool:
    """Whether the caller acts for this provider (its own coordinators and keys): what makes an approval self-approval
    and an evaluation a self-assessment (``evaluation.independence``)."""
    return principal.center_id is not None and principal.center_id == center_id


def check_not_own_provider(principal: Principal, center_id: str, *, what: str) -> None:
    """Nobody approves their own provider: an application, a lifecycle decision or a change to the entry is decided by
    someone who does not speak for the provider (seed 002 二(二)2 and seed 003 art. 6(二): the bureau or the
    association reviews). The role tables already keep center coordinators out of these actions; this holds the rule
    on the object too, whatever a table grants."""
    if speaks_for_provider(principal, center_id):
        raise PermissionDeniedError(f"机构协调员不能{what}本机构的事项 / a provider's own coordinator may not {what} "
                                    "for their own provider", field="actor")


# Who files an obligation (a provider profile's calendar says it: ``by``): the association records supervision and
# evaluation; the provider — its own coordinators, no one else — its plans and reports, which the association sets and
# reviews (separation of duties, seed 003 art. 12: 科技服务站…报送…省质促会负责审核; seed 002 四(一): the center
# 提交年度工作报告). The association filing a center's report and then scoring it reviewed its own words, and the score
# fed the evaluation (a new user's trial, 2026-11-30).
OBLIGATION_FILERS: dict[str, frozenset[Role]] = {
    "association": frozenset({Role.association_coordinator, Role.admin}),
    "provider": frozenset({Role.center_coordinator}),
}


def check_obligation_filer(principal: Principal, files: str) -> None:
    """Whether ``principal`` files an obligation that ``files`` ("association" or "provider"; its profile's ``by``):
    the provider's page offers the form only to whoever may send it (the provider's life walked as a new user,
    2026-11-28: a center was offered the association's periodic evaluation, and refused on sending it). The
    provider's own plans and reports are filed by its coordinators only (403 to the association, which reviews them)."""
    if may_file_obligation(principal, files):
        return
    if files == "association":
        raise PermissionDeniedError("此事项由协会登记 / the association records this obligation", field="role")
    raise PermissionDeniedError("此事项由机构本身报送，协会设定并审核，不能代为报送 / the provider files this itself; "
                                "the association sets and reviews it and may not file it", field="role")


def may_file_obligation(principal: Principal, files: str) -> bool:
    """:func:`check_obligation_filer` without raising, for a page choosing which forms to show."""
    return principal.role in OBLIGATION_FILERS.get(files, OBLIGATION_FILERS["provider"])


def check_not_filer(principal: Principal, filed_by: str) -> None:
    """Whoever filed a form does not review (score) or return it: the filer is never the reviewer, whatever the role
    tables grant (separation of duties; ``filed_by`` is the filing's ``Principal.audit_label``)."""
    if principal.audit_label() == filed_by:
        raise PermissionDeniedError("报送人不能审核本人报送的材料 / whoever filed a form may not review it",
                                    field="actor")


def check_provider_transition(transition: str, principal: Principal) -> None:
    allowed = PROVIDER_TRANSITION_ROLES[transition]
    if principal.role not in allowed:
        raise _deny(transition, principal.role, allowed)


# ---- the deciding authorities (issue 29, item 3) ----

@dataclass(frozen=True)
class DecisionFacts:
    """One lifecycle decision on one provider, as ``flows.decisions`` gathers it: the authority its rules profile
    gives the decision to (``body``; None: the association's, as before), the provider's region when it lies in the
    profile's jurisdiction (None: outside it, so none of the profile's authorities covers it), and whether an active
    authority of that body covering the provider is on the platform."""

    center_id: str
    transition: str
    body: AuthorityBody | None = None
    region: str | None = None
    authority_present: bool = False
    # The step as people call it ("激励管理·示范推广", "commend (incentive management)"), for a refusal to name it:
    # the policy knows no labels, the lifecycle does. None: the code is said.
    names: tuple[str, str] | None = None


def covers(jurisdiction: str | None, body: AuthorityBody | str, *, center_id: str, region: str | None) -> bool:
    """Whether an authority of ``body`` with this jurisdiction decides for the provider: a host organisation for its
    own provider only; a bureau or 省科协 where the provider's region begins with its jurisdiction (上海市 covers
    上海市宝山区; 江苏省常州市 does not cover 江苏省无锡市). Both as the gazetteer writes them in full (江苏南京 →
    江苏省南京市): the flows pass them so (``flows.authorities.covers``), since intake's gazetteer sits above authz."""
    if not jurisdiction:
        return False
    if AuthorityBody(body) == AuthorityBody.host_organisation:
        return jurisdiction == center_id
    return region is not None and region.startswith(jurisdiction)


def check_decision(principal: Principal, facts: DecisionFacts) -> None:
    """Who takes a lifecycle decision, on the object (the role tables let association staff, admins and authority
    officers attempt decisions):

    - an authority officer takes only the decisions the provider's profile gives to their own body, and only for a
      provider within their jurisdiction (403 otherwise, naming ``transition`` or ``jurisdiction``);
    - where the profile gives the decision to an authority that is on the platform and covers the provider, the
      association (its staff, the platform operator, the terminal) prepares it as a proposal and no longer takes it;
    - where the profile names no authority, or none covering the provider is on the platform yet, the association
      decides as before (the deployment's reading: a platform whose bureau has not joined keeps working)."""
    label = AUTHORITY_LABELS[facts.body] if facts.body is not None else None
    if principal.role == Role.authority_officer:
        if facts.body is None or principal.authority_body != facts.body.value:
            zh, en = facts.names or (facts.transition, facts.transition)
            raise PermissionDeniedError(
                f"规则配置未将此决定（“{zh}”）交由本部门作出 / the provider's rules profile does not give "
                f"this decision ({en}) to your authority", field="transition")
        if not covers(principal.jurisdiction, facts.body, center_id=facts.center_id, region=facts.region):
            raise PermissionDeniedError("该机构不在本部门辖区内 / this provider is outside your jurisdiction",
                                        field="jurisdiction")
        return
    if label is not None and facts.authority_present:
        raise PermissionDeniedError(
            f"规则配置将此决定交由{label[0]}作出：请提交待决定事项，由其决定 / the provider's rules profile gives this "
            f"decision to the {label[1]}: prepare it for them to take", field="transition")


def check_provider_record(principal: Principal, *, center_id: str, region: str | None) -> None:
    """Who reads one provider's record (``provider.record``: its lifecycle and decisions, obligations and filings,
    findings, proficiency tests): a center's coordinators their own center's (:func:`check_own_center`), the
    association's staff and the platform operator every one's, and an authority's officer those of the providers in
    its jurisdiction (:func:`covers`, on the provider's ``region`` as the gazetteer writes it in full), whose decisions
    may come to it: asked to decide on a provider, the officer had nothing of its record (the admin's and the
    authority officer's day walked as a new user, 2026-11-28). Another is refused (403): providers are public."""
    authorize(principal, "provider.record")
    check_overseen(principal, center_id=center_id, region=region)


def oversees(principal: Principal, *, center_id: str, region: str | None) -> bool:
    """Whether this provider is among those the caller reads (its list, dashboard, record, evaluations): an
    authority's officer those in its jurisdiction (:func:`covers`, on the provider's ``region`` as the gazetteer
    writes it in full), a center's coordinators their own, the association's staff and the platform operator every
    one. What the caller may do with it is the action's rule (an officer's are reads, and the decisions
    :func:`check_decision` gives it)."""
    if principal.role == Role.authority_officer:
        return bool(principal.authority_body) and covers(principal.jurisdiction, principal.authority_body or "",
                                                         center_id=center_id, region=region)
    return principal.role != Role.center_coordinator or principal.center_id == center_id


def check_overseen(principal: Principal, *, center_id: str, region: str | None,
                   hide: NotFoundError | None = None) -> None:
    """:func:`oversees` or raise: an officer outside its jurisdiction 403 (``hide``: the 404 of an object reached by
    its own id, like an evaluation run), a center's coordinator :func:`check_own_center`'s answer."""
    if principal.role == Role.authority_officer:
        if not oversees(principal, center_id=center_id, region=region):
            if hide is not None:
                raise hide
            raise PermissionDeniedError("该机构不在本部门辖区内 / this provider is outside your jurisdiction",
                                        field="jurisdiction")
        return
    check_own_center(principal, center_id, hide=hide)


def check_application_read(principal: Principal, center_id: str, *, decides_on_it: bool) -> None:
    """Who reads a provider's application as filed (its materials, figures and documents): whoever reads providers
    (``provider.read``: its own center's coordinators, :func:`check_own_center`; the association; the platform
    operator), and the officer of the authority that decides on it — where a decision on this provider was prepared
    for the officer's body within its jurisdiction, waiting or taken (``decides_on_it``, gathered by
    ``flows.decisions.decides_on``): a person deciding needs what was filed (need to know; the provider's life walked
    as a new user, 2026-11-28: the bureau approved a build without the documents). Any other officer: 403; the
    officer still writes nothing of it (``provider.apply``)."""
    if principal.role == Role.authority_officer:
        authorize(principal, "provider.record")
        if not decides_on_it:
            raise PermissionDeniedError("本部门没有关于该机构的待决定或已决定事项，不能查看其申报材料 / no decision on "
                                        "this provider comes to your authority: its application is not yours to read",
                                        field="center_id")
        return
    authorize(principal, "provider.read")
    check_own_center(principal, center_id)


def check_finding_step(principal: Principal, step: str, center_id: str) -> None:
    """A step of the improvement loop: the role (``FINDING_STEP_ROLES``), one's own center only, and a re-check never
    by the provider's own side, whatever a table grants."""
    allowed = FINDING_STEP_ROLES.get(step)
    if allowed is None:
        raise InnodockError(f"未知步骤 {step!r}，可选：{', '.join(FINDING_STEP_ROLES)} / unknown step", field="step")
    check_own_center(principal, center_id)
    if principal.role not in allowed:
        raise _deny(step, principal.role, allowed)
    if step.endswith("_recheck"):
        check_not_own_provider(principal, center_id, what="复核")


def reads_reviewed_needs_whole(principal: Principal) -> bool:
    """Whether every need whose review the caller may see (:func:`may_see_review`) is one it reads whole
    (:func:`need_detail`): the platform operator reads every need whole, and association staff and keys see the
    reviews of the needs within their reach, which are those they serve. A center reads a proposed need at its
    summary until the details are opened to it, so its work lists search what it reads, need by need."""
    return principal.role in (Role.admin, Role.association_coordinator)


def sees_other_centers(principal: Principal) -> bool:
    """No center ever sees another center's proposal or score; the association and admins see the whole round."""
    return principal.role != Role.center_coordinator


def reads_match_progress(principal: Principal, level: Detail) -> bool:
    """How far the association's review of a need has got and why its center was chosen (``flows.need_progress``),
    for a caller who reads the need at ``level`` (:func:`need_detail`): the need's own side and those who serve it —
    the enterprise (its own needs: another enterprise reads nothing of them, 404), an association acting for it or
    serving it, the platform operator. Never a center, even the chosen one: the count of centers proposed would tell
    it how many others were, and no center learns of another's proposal (:func:`sees_other_centers`).

    What it says names no center the coordinator has not vetted (seed 000 §5.1.3: the association refines and docks
    the need; the matcher only proposes): the enterprise reads how many centers were found, and names only the one
    chosen (with why) and those declined (with their reasons)."""
    return sees_other_centers(principal) and level == Detail.full


# ---- engagements and the workflow (seed 000 Figure 1) ----

def _deny(action: str, role: Role, allowed: frozenset[Role]) -> PermissionDeniedError:
    names = ", ".join(sorted(allowed))
    return PermissionDeniedError(
        f"{ROLE_LABELS[role][0]}无权执行 {action}，允许的角色：{names} / role {role.value} may not {action}; allowed: "
        f"{names}", field="actor")


def check_role(action: str, actor: Acting, allowed: frozenset[Role]) -> None:
    if actor.role not in allowed:
        raise _deny(action, actor.role, allowed)


def check_transition(transition: str, actor: Acting) -> None:
    check_role(transition, actor, TRANSITION_ROLES[transition])


def _within_reach(actor: Acting, need_id: str) -> bool:
    """Association staff and keys see the reviews and engagements of the needs they may see (their ``reach``,
    gathered by ``flows.access.reach``): an engagement follows its need's rule, by any road (issue 31)."""
    return actor.reach is None or need_id in actor.reach


def may_see_engagement(actor: Acting, *, need_id: str, enterprise_id: str | None, center_id: str | None) -> bool:
    """The parties see their engagement: the enterprise its own, a center coordinator its center's; association
    staff and keys those of the needs within their reach; the platform operator every one."""
    if actor.role == Role.enterprise:
        return actor.id == enterprise_id
    if actor.role == Role.center_coordinator:
        return center_id is not None and actor.org == center_id
    return _within_reach(actor, need_id)


def check_membership(actor: Acting, *, need_id: str, enterprise_id: str | None, center_id: str) -> None:
    """An enterprise acts only on its own engagements, a center coordinator only on its center's, an association on
    those of the needs within its reach: to anyone else the engagement does not exist (404, checked before anything
    about the actor's role or the engagement's state is said)."""
    if not may_see_engagement(actor, need_id=need_id, enterprise_id=enterprise_id, center_id=center_id):
        raise NotFoundError("对接项目不存在 / no such engagement", field="engagement_id")


def may_see_review(actor: Acting, *, need_id: str, enterprise_id: str | None, proposed: frozenset[str],
                   accepted: str | None) -> bool:
    if actor.role == Role.enterprise:
        return actor.id == enterprise_id
    if actor.role == Role.center_coordinator:
        return actor.org is not None and (actor.org in proposed or actor.org == accepted)
    return _within_reach(actor, need_id)
