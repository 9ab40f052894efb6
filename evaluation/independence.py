"""Who evaluates a provider, and which evaluations count as its rating (seed 001 §5.2.7 确定评价目标和主体).

Seed 001 §5.2.7 names three kinds of evaluator: "（本）组织机构自评、第二方测评和第三方评价". A provider may assess
itself, and that assessment is worth keeping and showing, but it is not the rating the matcher ranks by and the public
reads: a rating a provider gives itself would reward whoever grades themselves kindest. So a run made by the
provider's own staff is a self-assessment whatever it claims, and only second- and third-party runs are ratings.

Who speaks for a provider is an ownership question and is answered by ``authz.policy.speaks_for_provider``; this
module holds the seed's rule on what that makes a run.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import InnodockError, PermissionDeniedError
from evaluation.schemas import EvaluatorParty, label

# Words by which a report's free-text "evaluator kind" names a party; checked before the run is stored, so the text
# in a report can never say "third party" over a run the provider made itself.
_CLAIMS: tuple[tuple[EvaluatorParty, tuple[str, ...]], ...] = (
    (EvaluatorParty.self_assessment, ("自评", "自我评价", "self")),
    (EvaluatorParty.third_party, ("第三方", "third")),
    (EvaluatorParty.second_party, ("第二方", "second")),
)


def counts_as_rating(party: EvaluatorParty | str) -> bool:
    """Whether a run of this party may become the provider's rating (matching's prior, the public stars)."""
    return EvaluatorParty(party) != EvaluatorParty.self_assessment


def claimed_party(text: str | None) -> EvaluatorParty | None:
    """The party a report's free-text evaluator kind names, or ``None`` when it names none."""
    if not text:
        return None
    lowered = text.lower()
    for party, words in _CLAIMS:
        if any(w in lowered for w in words):
            return party
    return None


def party_for(*, own_staff: bool, asked: EvaluatorParty | None, claimed_text: str | None = None) -> EvaluatorParty:
    """The party a new run is recorded as.

    ``own_staff``: the caller speaks for the evaluated provider. Their run is a self-assessment; asking for, or
    writing in the report, anything else is refused (403), as a self-assessment posing as an independent evaluation.
    Anyone else's run is a second-party one unless they say third; they cannot file the provider's self-assessment
    for it (422), because only the provider can assess itself.
    """
    claimed = claimed_party(claimed_text)
    if own_staff:
        if asked not in (None, EvaluatorParty.self_assessment) or claimed not in (None,
                                                                                   EvaluatorParty.self_assessment):
            raise PermissionDeniedError(
                "本机构人员只能提交自评，不能作为独立评价 / a provider's own staff may file a self-assessment only, "
                "never an independent evaluation", field="party")
        return EvaluatorParty.self_assessment
    if asked == EvaluatorParty.self_assessment:
        raise InnodockError("自评只能由机构本身提交 / only the provider itself can file a self-assessment",
                            field="party")
    party = asked or (claimed if claimed not in (None, EvaluatorParty.self_assessment) else None) \
        or EvaluatorParty.second_party
    if claimed is not None and claimed != party:
        raise InnodockError(
            f"报告中的评价主体“{claimed_text}”与本次评价（{label(party)}）不符 / the report's evaluator kind "
            f"contradicts this run's party ({party.value})", field="inputs.report.evaluator_kind")
    return party


# ---- an independent evaluator, checked (issue 29, item 3) ----

@dataclass(frozen=True)
class EvaluatorLinks:
    """What ties an evaluating organisation to the evaluated provider in the rated period, gathered by
    ``flows.independence`` from accounts, kb and the pipeline."""

    org_name: str
    is_provider: bool  # the provider's own organisation
    is_host: bool  # the provider's host organisation (依托单位, seed 000 §8.1), on the platform as an authority
    client: bool  # an enterprise client of one of its engagements that ran in the period
    shared_experts: tuple[str, ...] = ()  # the evaluator's own experts who served on the provider's teams then
    is_association: bool = False  # an association: the providers' second party, never their third
    is_supervisor: bool = False  # an authority whose jurisdiction holds the provider (its bureau, 省科协)


# The clause the third-party rule stands on, said with each refusal.
THIRD_PARTY_CLAUSE = ("seed 001 §5.2.3 评价原则（独立性）、§5.2.7 第三方评价",
                      "seed 001 §5.2.3 (independence) and §5.2.7 (third-party evaluation)")


def check_third_party(links: EvaluatorLinks) -> None:
    """A third-party evaluator is independent of the provider (seed 001 §5.2.3 评价原则: "评价组织或评价人员应独立进行，
    不应受任何其他组织和个人的干预"; §5.2.7 names 自评, 第二方测评 and 第三方评价 apart): not the provider, not its host
    organisation (which evaluates it as the second party, seed 000 §8.1), not an association (the platform's
    associations run and evaluate the providers: the second party; a new user's trial, 2026-11-29, recorded the
    association as the third party), not an authority that supervises it, and no engagement or expert link with it
    in the rated period. Checked, not declared: the first link found is refused (400, ``evaluator_org_id``)."""
    reasons = []
    if links.is_provider:
        reasons.append(("是被评价机构本身", "is the evaluated provider itself"))
    if links.is_host:
        reasons.append(("是被评价机构的依托单位", "is the provider's host organisation"))
    if links.is_association:
        reasons.append(("是协会，对本机构的评价属第二方测评", "is an association, whose evaluation of the provider is "
                                                "a second-party one"))
    if links.is_supervisor:
        reasons.append(("是被评价机构的主管部门", "supervises the provider"))
    if links.client:
        reasons.append(("在评价期内是该机构对接项目的委托方", "was a client of the provider's engagements in the "
                                                       "rated period"))
    if links.shared_experts:
        names = "、".join(links.shared_experts)
        reasons.append((f"的专家（{names}）在评价期内参加了该机构的项目组",
                        f"has experts ({names}) who served on the provider's project teams in the rated period"))
    if reasons:
        zh, en = reasons[0]
        raise InnodockError(f"{links.org_name}{zh}，不能作为第三方评价机构（{THIRD_PARTY_CLAUSE[0]}）/ "
                            f"{links.org_name} {en}: not independent, so it cannot be the third-party evaluator "
                            f"({THIRD_PARTY_CLAUSE[1]})", field="evaluator_org_id",
                            code="evaluator_not_independent")


OUTSIDE_NAME_MAX = 200


def outside_evaluator(name: str | None) -> str:
    """A third-party run names its evaluator (:func:`check_third_party`'s clause): with no independent body registered
    on the platform, the association records the outside evaluation body by its name; neither given is refused on
    ``evaluator_org_id`` (the page's dropdown said 未指定（记为本组织）, and the association became the third party)."""
    given = " ".join((name or "").split())
    if not given:
        raise InnodockError(f"第三方评价须指定独立的评价机构：选择已登记的机构，或填写外部评价机构的名称（"
                            f"{THIRD_PARTY_CLAUSE[0]}）/ a third-party evaluation names an independent evaluator: "
                            f"choose a registered body or give an outside body's name ({THIRD_PARTY_CLAUSE[1]})",
                            field="evaluator_org_id", code="evaluator_required")
    if len(given) > OUTSIDE_NAME_MAX:
        raise InnodockError(f"评价机构名称最多 {OUTSIDE_NAME_MAX} 个字 / the evaluator's name takes at most "
                            f"{OUTSIDE_NAME_MAX} characters", field="evaluator_name")
    return given
