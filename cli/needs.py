"""``innodock need …``: an enterprise's need at the terminal, through :mod:`flows.needs`: created from its own
words, submitted (published, announced, matched, queued for review, as ``POST /api/v1/needs/{id}/submit`` does),
withdrawn, and what became of it."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from cli.acting import AsOpt, JsonOpt, emit, outbox, principal
from core import china_time
from core.db import session_scope
from core.settings import get_settings
from flows import intake as intake_flow
from flows import needs, refine
from flows.intake import intake_setup_from_env
from flows.matching import MatcherSetup
from intake.schemas import Enterprise

need_app = typer.Typer(help="企业需求 / an enterprise's needs", no_args_is_help=True)
err = Console(stderr=True, soft_wrap=True)


@need_app.command("create")
def need_create(
    text: Annotated[str, typer.Argument(help="需求原文 / the need in the enterprise's words")],
    as_: AsOpt,
    enterprise_name: Annotated[str | None, typer.Option(help="企业名称 / the enterprise's name")] = None,
    as_json: JsonOpt = False,
    rules_only: Annotated[bool, typer.Option("--rules-only", help="只用关键词规则读取 / read by the keyword rules "
                                                                  "alone")] = False,
) -> None:
    """由企业原话建立需求（草稿）/ a need from the enterprise's own words (``--as enterprise:ORG``), read as
    ``POST /needs`` reads it (rules, the semantic service-type head on the matcher's model, the LLM when configured)
    unless ``--rules-only``."""
    who = principal(as_, "need.create")
    settings = get_settings()
    reader = intake_flow.terminal_setup(settings=settings, rules_only=rules_only).reader  # the edge, once
    with session_scope(settings) as session:
        need = needs.create_need(session=session, principal=who,
                                 enterprise=Enterprise(id=who.org_id, name=enterprise_name), text=text, changes={},
                                 today=china_time.today(), reader=reader)
    emit(need) if as_json else typer.echo(need.id)


@need_app.command("submit")
def need_submit(need_id: str, as_: AsOpt, as_json: JsonOpt = False) -> None:
    """提交：发布（脱敏公开）→ 匹配 → 进入审核队列 / publish (redacted), match, and queue for review."""
    who = principal(as_, "need.submit")
    settings = get_settings()
    with session_scope(settings) as session:
        done = needs.submit_need(session=session, settings=settings, matcher=MatcherSetup(), principal=who,
                                 need_id=need_id, outbox=outbox())
    # With an LLM configured, its pass over the whole conversation (the API queues it as a job; the terminal waits).
    reader = intake_setup_from_env(settings=settings, matcher=MatcherSetup).reader
    if reader.uses_llm:
        err.print("大模型正在通读整段对话并撰写摘要 / the LLM is reading the whole conversation …", markup=False)
        with session_scope(settings) as session:
            refined = refine.refine_need(session=session, need_id=need_id, reader=reader, outbox=outbox(),
                                         today=china_time.today())
        err.print(f"补充 filled: {', '.join(refined.filled) or '—'}; 摘要 brief: {'yes' if refined.brief else 'no'}",
                  markup=False)
    if as_json:
        emit({"need_id": need_id, "status": done.need.status.value, "review_id": done.review.id,
              "proposals": [p.center_id for p in done.review.proposals]})
    else:
        err.print(f"已提交 submitted {need_id}: 审核单 review {done.review.id}, "
                  f"{len(done.review.proposals)} 家建议 proposals", markup=False)


@need_app.command("withdraw")
def need_withdraw(need_id: str, as_: AsOpt) -> None:
    """撤回尚未对接的需求 / withdraw a need no provider took yet."""
    who = principal(as_, "need.withdraw")
    with session_scope(get_settings()) as session:
        need = needs.withdraw_need(session=session, principal=who, need_id=need_id, outbox=outbox())
    err.print(f"已撤回 withdrawn {need_id} ({need.status.value})", markup=False)


@need_app.command("history")
def need_history(need_id: str, as_: AsOpt) -> None:
    """需求的状态历程 / the need's lifecycle, each step with who and why (JSON)."""
    who = principal(as_, "need.read")
    with session_scope(get_settings()) as session:
        emit(needs.history(session=session, principal=who, need_id=need_id))


def register(app: typer.Typer) -> None:
    app.add_typer(need_app, name="need")
