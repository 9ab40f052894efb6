"""``innodock review …``: the coordinators' review queue and decisions, through :mod:`flows.reviews` (accepting
marks the need matched and announces ``match.accepted``, as on the web)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from cli.acting import AsOpt, JsonOpt, VersionOpt, emit, outbox, principal
from core.db import session_scope
from core.settings import get_settings
from flows import corrections, opportunities, reviews
from flows.matching import MatcherSetup
from pipeline.vocab import REJECT_REASON_LABELS, RejectReason, ReviewStatus

review_app = typer.Typer(help="匹配审核 / coordinator review of proposed providers", no_args_is_help=True)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


@review_app.command("list")
def review_list(
    as_: AsOpt,
    status: Annotated[ReviewStatus, typer.Option(help="pending | accepted | rejected")] = ReviewStatus.pending,
    all_: Annotated[bool, typer.Option("--all", help="所有状态 / any status")] = False,
    as_json: JsonOpt = False,
) -> None:
    """审核队列 / the review queue (pending by default)."""
    who = principal(as_, "review.read")
    with session_scope(get_settings()) as session:
        found, _ = reviews.queue(session=session, principal=who, status=None if all_ else status)
    if as_json:
        emit(found)
        return
    table = Table(title=f"匹配审核 reviews ({len(found)})")
    for col in ("审核单 review", "需求 need", "企业 enterprise", "状态 status", "轮次 round", "建议 proposals",
                "承接 accepted", "版本 version"):
        table.add_column(col)
    for r in found:
        proposed = ", ".join(f"{p.center_id}({p.score:.2f})" for p in r.proposals)
        table.add_row(r.id, r.need_id, r.enterprise_name or r.enterprise_id or "", r.status.value, str(r.round),
                      proposed + (" ⚠低置信" if r.low_confidence else ""), r.accepted_center_id or "", str(r.version))
    out.print(table)


@review_app.command("show")
def review_show(review_id: str, as_: AsOpt) -> None:
    """显示审核单及历轮建议（JSON）/ one review with all its rounds, as JSON."""
    who = principal(as_, "review.read")
    with session_scope(get_settings()) as session:
        emit(reviews.review(session=session, principal=who, review_id=review_id))


@review_app.command("accept")
def review_accept(
    review_id: str,
    center_id: str,
    as_: AsOpt,
    version: VersionOpt,
    alternate: Annotated[list[str] | None, typer.Option("--alternate", help="备选机构，可多次 / repeatable")] = None,
    confirm_no_coordinator: Annotated[bool, typer.Option(
        "--confirm-no-coordinator", help="该机构无人能登录办理时仍接受 / accept a provider nobody can log in for")
    ] = False,
    reason: Annotated[str | None, typer.Option(
        help="选定理由，企业可见 / why this provider, for the enterprise to read")] = None,
    as_json: JsonOpt = False,
) -> None:
    """接受一家机构（可带备选），并开启对接项目 / accept a provider and open the engagement."""
    who = principal(as_, "review.decide")
    with session_scope(get_settings()) as session:
        review = reviews.accept(session=session, principal=who, review_id=review_id, center_id=center_id,
                                alternates=alternate or [], version=version, outbox=outbox(),
                                confirm_no_coordinator=confirm_no_coordinator, reason=reason)
    if as_json:
        emit(review)
    else:
        err.print(f"已接受 accepted {center_id}; 对接项目 engagement {review.engagement_id} (version 1)", markup=False)


@review_app.command("reject")
def review_reject(
    review_id: str,
    as_: AsOpt,
    version: VersionOpt,
    reason: Annotated[RejectReason, typer.Option(help=", ".join(r.value for r in RejectReason))],
    text: Annotated[str | None, typer.Option(help="说明 / explanation (required for other)")] = None,
    center: Annotated[str | None, typer.Option(help="只婉拒这一家 / decline only this center")] = None,
    as_json: JsonOpt = False,
) -> None:
    """驳回本轮建议或婉拒其中一家 / reject the round, or decline one proposal with --center."""
    who = principal(as_, "review.decline")
    with session_scope(get_settings()) as session:
        review = reviews.reject(session=session, principal=who, review_id=review_id, reason=reason, text=text,
                                center_id=center, version=version, outbox=outbox())
    if as_json:
        emit(review)
    else:
        label = REJECT_REASON_LABELS[reason]
        err.print(f"已{'婉拒 ' + center if center else '驳回'} / {'declined' if center else 'rejected'}: "
                  f"{label[0]} {label[1]}", markup=False)


@review_app.command("rematch")
def review_rematch(
    review_id: str,
    as_: AsOpt,
    version: VersionOpt,
    note: Annotated[str | None, typer.Option(help="为何重新匹配 / why")] = None,
    include_declined: Annotated[bool, typer.Option(
        "--include-declined", help="仍推荐已因不适合被婉拒的机构 / propose again the centers declined as unsuitable")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """按需求当前内容重新匹配（保留历轮；已因不适合被婉拒的机构不再推荐）/ run the matcher again on the need as it
    reads now, keeping earlier rounds; centers declined as unsuitable are left out unless --include-declined."""
    who = principal(as_, "review.decide")
    settings = get_settings()
    with session_scope(settings) as session:
        review = reviews.rematch(session=session, settings=settings, matcher=MatcherSetup(), principal=who,
                                 review_id=review_id, note=note, version=version, outbox=outbox(),
                                 include_declined=include_declined)
    emit(review) if as_json else err.print(f"第 {review.round} 轮建议 / round {review.round} queued", markup=False)


@review_app.command("undo-decline")
def review_undo_decline(
    review_id: str,
    as_: AsOpt,
    version: VersionOpt,
    center: Annotated[str, typer.Option(help="撤销对这一家的婉拒 / the center whose decline is undone")],
    as_json: JsonOpt = False,
) -> None:
    """撤销本轮对一个机构的婉拒（婉拒记录保留）/ undo a wrong decline within its round; the decline stays on record
    and no longer counts as the matcher's label."""
    who = principal(as_, "review.decide")
    with session_scope(get_settings()) as session:
        review = reviews.undo_decline(session=session, principal=who, review_id=review_id, center_id=center,
                                      version=version)
    if as_json:
        emit(review)
    else:
        err.print(f"已撤销对 {center} 的婉拒 / the decline of {center} is undone (version {review.version})",
                  markup=False)


@review_app.command("assign")
def review_assign(
    review_id: str,
    center_id: str,
    as_: AsOpt,
    version: VersionOpt,
    note: Annotated[str, typer.Option(help="人工指派理由 / why by hand")],
    confirm_no_coordinator: Annotated[bool, typer.Option(
        "--confirm-no-coordinator", help="该机构无人能登录办理时仍指派 / assign a provider nobody can log in for")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """人工指派机构 / assign a provider by hand."""
    who = principal(as_, "review.decide")
    with session_scope(get_settings()) as session:
        review = reviews.assign(session=session, principal=who, review_id=review_id, center_id=center_id,
                                note=note, alternates=[], version=version, outbox=outbox(),
                                confirm_no_coordinator=confirm_no_coordinator)
    if as_json:
        emit(review)
    else:
        err.print(f"已人工指派 assigned {center_id}; engagement {review.engagement_id} (version 1)", markup=False)


@review_app.command("opportunities")
def review_opportunities(
    as_: AsOpt,
    center: Annotated[str, typer.Option(help="机构编号 / the provider's id")],
    as_json: JsonOpt = False,
) -> None:
    """适合本机构的已发布需求（公开版本），最适合的在前 / the published needs that fit the provider, best first, as
    the public reads them, with its experts who fit each."""
    who = principal(as_, "opportunity.read")
    settings = get_settings()
    with session_scope(settings) as session:
        found = opportunities.opportunities(session=session, settings=settings, matcher=MatcherSetup(),
                                            principal=who, center_id=center)
    if as_json:
        emit(found)
        return
    table = Table(title=f"可承接需求 opportunities ({len(found)})")
    for col in ("需求 need", "标题 title", "匹配度 fit", "专家 experts", "可承接 can help"):
        table.add_column(col)
    for o in found:
        table.add_row(o.need.id, o.need.title, f"{o.fit} ({o.band})", "、".join(e.name for e in o.experts),
                      (o.help_note or "✓") if o.help_at else "")
    out.print(table)


@review_app.command("can-help")
def review_can_help(
    need_id: str,
    as_: AsOpt,
    center: Annotated[str, typer.Option(help="机构编号 / the provider's id")],
    note: Annotated[str | None, typer.Option(help="简要说明 / a short note (at most 500 characters)")] = None,
) -> None:
    """本机构可以承接一条已发布需求（协会审核时看到）/ the provider can help with a published need that fits it; the
    association sees it on the need's review."""
    who = principal(as_, "opportunity.help")
    with session_scope(get_settings()) as session:
        opportunities.can_help(session=session, principal=who, center_id=center, need_id=need_id, note=note)
    err.print(f"已告知协会可以承接 / the association is told that {center} can help with {need_id}", markup=False)


@review_app.command("interest")
def review_interest(
    review_id: str,
    as_: AsOpt,
    note: Annotated[str | None, typer.Option(help="能力与排期 / capacity and schedule")] = None,
) -> None:
    """被建议的机构表示有意承接（仍由协会决定）/ a proposed center says it can take the need."""
    who = principal(as_, "review.interest")
    with session_scope(get_settings()) as session:
        reviews.express_interest(session=session, principal=who, review_id=review_id, note=note)
    err.print(f"已表示有意承接 / interest recorded on {review_id}", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")


@review_app.command("correct")
def review_correct(
    review_id: str,
    as_: AsOpt,
    product: Annotated[str | None, typer.Option(help="产品 / the product")] = None,
    industry: Annotated[str | None, typer.Option(help="行业（GB/T 4754，中文或英文）/ the industry (a GB/T 4754 "
                                                  "group, in either language)")] = None,
    service_type: Annotated[list[str] | None, typer.Option(
        "--service-type", help="服务类型（可重复）/ a service type (repeat for several)")] = None,
    title: Annotated[str | None, typer.Option(help="标题 / the title")] = None,
    province: Annotated[str | None, typer.Option(help="省份 / the region's province")] = None,
    city: Annotated[str | None, typer.Option(help="城市 / the region's city")] = None,
    deadline: Annotated[str | None, typer.Option(help="期限 YYYY-MM-DD / the deadline")] = None,
    budget_min: Annotated[str | None, typer.Option(help="预算下限（元）/ the budget's minimum, yuan")] = None,
    budget_max: Annotated[str | None, typer.Option(help="预算上限（元）/ the budget's maximum, yuan")] = None,
    qualification: Annotated[list[str] | None, typer.Option(
        "--qualification", help="资质要求（可重复）/ a qualification required (repeat for several)")] = None,
    confidential: Annotated[bool, typer.Option(
        "--confidential", help="设为保密（只能提高保密程度）/ make the need confidential (secrecy is only "
        "raised)")] = False,
    as_json: JsonOpt = False,
) -> None:
    """修正审核中需求的要点（记入历史、通知企业、重新发布；不自动重新匹配）/ correct the key fields of the need under
    review: recorded in its history, the enterprise told, the public view published again; re-match separately."""
    who = principal(as_, "need.correct")
    changes: dict[str, Any] = {k: v for k, v in (
        ("product", product), ("industry", industry), ("service_types", service_type), ("title", title),
        ("deadline", deadline), ("qualifications", qualification)) if v is not None}
    if province is not None or city is not None:
        changes["region"] = {"province": province, "city": city}
    if budget_min is not None or budget_max is not None:
        changes["budget"] = {"min_yuan": budget_min, "max_yuan": budget_max}
    if confidential:
        changes["confidential"] = True
    with session_scope(get_settings()) as session:
        done = corrections.correct_need(session=session, principal=who, review_id=review_id, changes=changes,
                                        outbox=outbox())
    if as_json:
        emit({"review_id": done.review_id, "need_id": done.need_id,
              "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in done.changes]})
        return
    if not done.changes:
        err.print("没有改动 / nothing changed", markup=False)
    for c in done.changes:
        out.print(f"{c.field}: {c.old} → {c.new}", markup=False)
