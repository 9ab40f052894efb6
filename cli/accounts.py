"""``innodock user``, ``org``, ``key``, ``audit`` and ``demo-accounts``: accounts at the terminal.

Whoever can run these owns the deployment, so they act as no principal (the audit log names them "cli"); the steps
an administrator takes on the web (approving a registration, disabling an organisation or a user, creating an
organisation) are the same ``flows.accounts`` calls here, and the rest the same ``accounts.service`` calls.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.orm import Session

from accounts import service as auth
from accounts.schemas import OrgOut, UserOut
from accounts.vocab import Approval, AuthorityBody, OrgKind, Role, Scope
from authz import service as authz
from core import china_time
from core.db import session_scope
from core.errors import InnodockError
from core.settings import Settings, get_settings
from flows import accounts as accounts_flow
from flows import demo_history
from flows.matching import MatcherSetup

user_app = typer.Typer(help="用户账号 / user accounts", no_args_is_help=True)
key_app = typer.Typer(help="集成 API 密钥 / integration API keys", no_args_is_help=True)
org_app = typer.Typer(help="组织的停用、启用与注册审核 / disabling, enabling and approving organisations",
                      no_args_is_help=True)


@user_app.command("create")
def user_create(
    org_kind: Annotated[OrgKind, typer.Option(help="组织类型 / organisation kind")],
    username: Annotated[str, typer.Option(help="登录名 / login name")],
    password: Annotated[str, typer.Option(envvar="INNODOCK_PASSWORD", prompt="密码 / password", hide_input=True,
                                          confirmation_prompt=True,
                                          help="密码（或环境变量 INNODOCK_PASSWORD，或交互输入）/ password")],
    org_name: Annotated[str | None, typer.Option(help="组织名称 / organisation name")] = None,
    center_id: Annotated[str | None, typer.Option(help="服务机构在知识库中的编号 / kb center id")] = None,
    credit_code: Annotated[str | None, typer.Option(help="统一社会信用代码 / unified social credit code")] = None,
    role: Annotated[Role | None, typer.Option(help="角色，默认按组织类型 / role (default: by org kind)")] = None,
    display_name: Annotated[str | None, typer.Option(help="显示名 / display name")] = None,
    email: Annotated[str | None, typer.Option(help="邮箱 / email")] = None,
    association: Annotated[str | None, typer.Option(help="企业所属协会（名称或编号，默认第一个协会）/ the enterprise's "
                                                         "association (name or id; default: the first)")] = None,
    authority_body: Annotated[AuthorityBody | None, typer.Option(help="主管部门类别 / a deciding authority's body "
                                                                      "(--org-kind authority)")] = None,
    jurisdiction: Annotated[str | None, typer.Option(help="主管部门辖区：地区前缀，依托单位为其机构编号 / its "
                                                          "jurisdiction: a region prefix, or a host's provider "
                                                          "id")] = None,
) -> None:
    """新建用户（组织不存在时一并新建）/ create a user, and its organisation when it does not exist yet.

    例 / example: innodock user create --org-kind association --org-name 省质量协会 --username zhou --display-name 周明
    """
    with session_scope(get_settings()) as session:
        org, made, user = accounts_flow.create_member(
            session=session, org_kind=org_kind, username=username, password=password, org_name=org_name,
            center_id=center_id, credit_code=credit_code, role=role, display_name=display_name, email=email,
            association=association, authority_body=authority_body, jurisdiction=jurisdiction)
    if made:  # said once committed: a refused user takes the new organisation back with it
        typer.echo(f"已新建组织 / created organisation {org.name} ({org.id})", err=True)
    typer.echo(f"已新建用户 / created user {user.username} ({user.role.value}) in {org.name}: {user.id}")


def _find_user(session: Session, username: str) -> UserOut:
    user = auth.find_user(session=session, username=username)
    if user is None:
        raise InnodockError(f"找不到用户 {username!r} / no user {username!r}", field="username")
    return user


_CLI = accounts_flow.TERMINAL  # who the audit log names for what was done at the terminal


@user_app.command("invite")
def user_invite(
    org: Annotated[str, typer.Option(help="组织（名称、编号、信用代码或机构编号）/ organisation (name, id, credit "
                                          "code or kb center id)")],
    name: Annotated[str, typer.Option(help="对方姓名 / the person's name")],
    role: Annotated[Role | None, typer.Option(help="角色，默认按组织类型 / role (default: by org kind)")] = None,
    email: Annotated[str | None, typer.Option(help="邮箱 / email")] = None,
    base_url: Annotated[str, typer.Option(help="本服务对外的地址，用来拼出完整链接 / this service's public address, "
                                               "to print the whole link")] = "",
) -> None:
    """邀请一个人加入组织：打印一次性链接，对方凭它自设用户名和密码 / invite a person into an organisation: print
    a one-time link with which they set their own username and password (shown once; only its hash is kept).

    例 / example: innodock user invite --org 省质量协会 --name 刘明 --base-url https://innodock.example.org
    """
    with session_scope(get_settings()) as session:
        found = auth.find_org(session=session, ref=org)
        if found is None:
            raise InnodockError(f"找不到组织 {org!r} / no organisation {org!r}", field="org")
        created = accounts_flow.invite_user(session=session, principal=None, org_id=found.id,
                                            role=role or accounts_flow.default_role(found.kind), display_name=name,
                                            email=email)
    until = china_time.minute(created.expires_at)
    typer.echo(f"已邀请 {created.display_name}（{created.role.value}）加入 {found.name}，"
               f"链接有效期至 {until}（北京时间）/ invited {created.display_name} ({created.role.value}) to "
               f"{found.name}, valid until {until} (Beijing time)", err=True)
    typer.echo(base_url.rstrip("/") + created.path)


@user_app.command("password")
def user_password(
    username: Annotated[str, typer.Argument(help="登录名 / login name")],
    password: Annotated[str, typer.Option(envvar="INNODOCK_PASSWORD", prompt="新密码 / new password", hide_input=True,
                                          confirmation_prompt=True,
                                          help="新密码（或环境变量 INNODOCK_PASSWORD，或交互输入）/ new password")],
) -> None:
    """重设密码并结束该用户的全部登录 / reset a password; every login of the user ends."""
    with session_scope(get_settings()) as session:
        user = _find_user(session, username)
        auth.set_password(session=session, user_id=user.id, password=password, by=_CLI)
    typer.echo(f"已重设 {user.username} 的密码，其全部登录已结束 / password reset for {user.username}; every login of "
               "theirs has ended")


@user_app.command("disable")
def user_disable(username: Annotated[str, typer.Argument(help="登录名 / login name")]) -> None:
    """停用用户（其登录立即失效）/ disable a user; their sessions end at once."""
    with session_scope(get_settings()) as session:
        user = accounts_flow.set_user_active(session=session, principal=None,
                                             user_id=_find_user(session, username).id, active=False)
    typer.echo(f"已停用 / disabled {user.username}")


@user_app.command("enable")
def user_enable(username: Annotated[str, typer.Argument(help="登录名 / login name")]) -> None:
    """重新启用用户 / enable a user again."""
    with session_scope(get_settings()) as session:
        user = accounts_flow.set_user_active(session=session, principal=None,
                                             user_id=_find_user(session, username).id, active=True)
    typer.echo(f"已启用 / enabled {user.username}")


@user_app.command("end-sessions")
def user_end_sessions(username: Annotated[str, typer.Argument(help="登录名 / login name")]) -> None:
    """结束该用户的全部登录（手机丢失、会话被盗）/ end every login of a user (a lost phone, a stolen session)."""
    with session_scope(get_settings()) as session:
        user = _find_user(session, username)
        ended = auth.end_sessions(session=session, user_id=user.id, by=_CLI)
    typer.echo(f"已结束 {user.username} 的登录 {ended} 个 / ended {ended} session(s) of {user.username}")


@org_app.command("disable")
def org_disable(org: Annotated[str, typer.Argument(help="组织：编号、机构编号、信用代码或名称 / org")]) -> None:
    """停用组织：其用户不能登录，密钥失效 / disable an organisation: its people and keys stop working."""
    with session_scope(get_settings()) as session:
        found = accounts_flow.set_org_active(session=session, principal=None, org_id=_find_org(session, org).id,
                                             active=False)
    typer.echo(f"已停用组织 / disabled {found.name}")


@org_app.command("enable")
def org_enable(org: Annotated[str, typer.Argument(help="组织：编号、机构编号、信用代码或名称 / org")]) -> None:
    """重新启用组织 / enable an organisation again."""
    with session_scope(get_settings()) as session:
        found = accounts_flow.set_org_active(session=session, principal=None, org_id=_find_org(session, org).id,
                                             active=True)
    typer.echo(f"已启用组织 / enabled {found.name}")


@org_app.command("registrations")
def org_registrations(
    every: Annotated[bool, typer.Option("--all", help="也列出已审核的 / also those already decided")] = False,
) -> None:
    """企业自助注册（默认只列待审核的）/ enterprises' own registrations (by default those waiting)."""
    with session_scope(get_settings()) as session:
        items, total = auth.list_registrations(session=session, approval=None if every else Approval.pending,
                                               limit=1000)
    for r in items:
        people = ", ".join(u.username for u in r.users)
        typer.echo(f"{r.org.id}  {r.org.approval.value:<9} {r.org.created_at.isoformat(timespec='minutes')}  "
                   f"{r.org.name}  ({people})")
    typer.echo(f"共 {total} 个 / {total} registration(s)", err=True)


@org_app.command("approve")
def org_approve(org: Annotated[str, typer.Argument(help="组织：编号、信用代码或名称 / org")]) -> None:
    """通过企业的自助注册，其用户即可登录 / approve an enterprise's own registration: its people may log in."""
    with session_scope(get_settings()) as session:
        found = accounts_flow.decide_registration(session=session, principal=None,
                                                  org_id=_find_org(session, org).id, approve=True)
    typer.echo(f"已通过注册 / approved {found.name}")


@org_app.command("refuse")
def org_refuse(
    org: Annotated[str, typer.Argument(help="组织：编号、信用代码或名称 / org")],
    reason: Annotated[str, typer.Option(help="理由，企业登录时可见 / why; the enterprise reads it when it logs in")],
) -> None:
    """不予通过企业的自助注册 / refuse an enterprise's own registration, saying why."""
    with session_scope(get_settings()) as session:
        found = accounts_flow.decide_registration(session=session, principal=None,
                                                  org_id=_find_org(session, org).id, approve=False, note=reason)
    typer.echo(f"已不予通过 / refused {found.name}")


def audit_list(
    action: Annotated[str | None, typer.Option(help="只看此类操作，如 account.disabled / only this action")] = None,
    outcome: Annotated[str | None, typer.Option(help="ok 或 refused / ok or refused")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="条数 / how many")] = 50,
) -> None:
    """安全审计日志，最新在前 / the security audit log, newest first."""
    with session_scope(get_settings()) as session:
        events, total = authz.list_audit(session=session, limit=limit, action=action, outcome=outcome)
    for e in events:
        target = f"{e.target_type}:{e.target_id}" if e.target_type else "-"
        typer.echo(f"{e.at.isoformat(timespec='seconds')}  {e.outcome:<8} {e.action:<28} {e.actor:<24} {target}")
    typer.echo(f"共 {total} 条 / {total} event(s)", err=True)


def _find_org(session: Session, ref: str) -> OrgOut:
    org = auth.find_org(session=session, ref=ref)
    if org is None:
        raise InnodockError(f"找不到组织 {ref!r} / no organisation {ref!r} (id, center id, credit code or name)",
                            field="org")
    return org


@key_app.command("create")
def key_create(
    org: Annotated[str, typer.Option(help="组织：编号、机构编号、信用代码或名称 / org id, center id, code or name")],
    name: Annotated[str, typer.Option(help="密钥用途，如 协会网站 / what the key is for")],
    scopes: Annotated[str, typer.Option(help=f"逗号分隔 / comma-separated: {', '.join(s.value for s in Scope)}")],
    expires_days: Annotated[int | None, typer.Option(min=1, max=3650, help="有效天数 / days until it expires")] = None,
    cors_origin: Annotated[list[str] | None, typer.Option(help="允许的浏览器来源，可多次 / allowed browser origin "
                                                               "(repeatable), e.g. https://www.example.org")] = None,
) -> None:
    """新建 API 密钥，密钥只打印这一次（标准输出）/ create an API key; the secret is printed once, on stdout.

    例 / example: innodock key create --org 省质量协会 --name 协会网站 --scopes feed:read --cors-origin https://www.example.org
    """
    with session_scope(get_settings()) as session:
        found = _find_org(session, org)
        created = auth.create_api_key(session=session, org_id=found.id, name=name,
                                      scopes=[s.strip() for s in scopes.split(",") if s.strip()],
                                      expires_days=expires_days, cors_origins=cors_origin or [])
    until = created.expires_at.isoformat(timespec="minutes") if created.expires_at else "不过期 / never"
    typer.echo(f"已为 {found.name} 新建密钥 / key {created.prefix} ({created.id}) for {found.name}; "
               f"scopes {', '.join(created.scopes)}; expires {until}. 请立即保存，之后无法再次显示 / "
               f"store it now, it cannot be shown again:", err=True)
    typer.echo(created.secret)


@key_app.command("list")
def key_list(org: Annotated[str, typer.Option(help="组织 / organisation")]) -> None:
    """列出组织的密钥（不含密钥本身）/ list an organisation's keys (never the secrets).

    例 / example: innodock key list --org 省质量协会
    """
    with session_scope(get_settings()) as session:
        found = _find_org(session, org)
        keys, _total = auth.list_api_keys(session=session, org_id=found.id, limit=200)
    for key in keys:
        state = "revoked" if key.revoked_at else "active"
        typer.echo(f"{key.id}  ik_{key.prefix}_…  {state}  {','.join(key.scopes)}  {key.name}")


@key_app.command("revoke")
def key_revoke(key_id: Annotated[str, typer.Argument(help="密钥编号 / key id")]) -> None:
    """吊销密钥 / revoke a key."""
    with session_scope(get_settings()) as session:
        key = auth.revoke_api_key(session=session, key_id=key_id)
    typer.echo(f"已吊销 / revoked ik_{key.prefix}_… ({key.id})")


def demo_accounts(
    reset_key: Annotated[bool, typer.Option("--reset-key", help="重新签发演示密钥 / reissue the demo key")] = False,
    history: Annotated[bool, typer.Option(
        "--history", help="再播放一年的演示业务（只播放一次）/ then play a year of demo activity (once)")] = False,
    needs: Annotated[int, typer.Option("--needs", min=3, max=len(demo_history.NEEDS),
                                       help="历史中的需求数 / needs in the history")] = 8,
    seed: Annotated[int, typer.Option("--seed", help="随机种子 / the seed of the history's choices")] = 2026,
) -> None:
    """创建并打印样例数据的演示账号（可重复运行）；--history 通过业务流程播放一年的演示业务 / create and print demo
    accounts for the sample data (idempotent); --history plays a year of activity through the use cases.

    例 / example: innodock kb import --sample && innodock demo-accounts --history   (never on real data)
    """
    settings = get_settings()
    with session_scope(settings) as session:
        demo = accounts_flow.demo_accounts(session=session, reset_key=reset_key)
    typer.echo("演示账号（仅供演示，勿用于真实数据）/ demo accounts (for trying out only, never with real data):")
    for account in demo.accounts:
        typer.echo(f"  {account.role.value:<24} {account.username:<18} 密码 password: {account.password:<24} "
                   f"{account.org.name}")
    for note in demo.notes:
        typer.echo(f"  注意 note: {note}")
    if demo.key is not None:
        if demo.key_secret:
            typer.echo(f"  协会网站 API 密钥 / association website key: {demo.key_secret}")
        else:
            typer.echo(f"  协会网站 API 密钥已存在 / association website key exists: ik_{demo.key.prefix}_… "
                       "（只在创建时显示，--reset-key 重新签发 / shown only when created; --reset-key reissues it）")
        typer.echo(f"  允许的来源 / CORS origins: {', '.join(demo.key.cors_origins)}")
    if history:
        try:
            _play_history(settings, needs=needs, seed=seed)
        except InnodockError as exc:
            if exc.code != demo_history.PLAYED:
                raise
            # Like the accounts above, the history is there after any run: scripts/run.sh runs this at every start.
            typer.echo("演示历史已播放过，未再写入 / the demo history was played before: nothing written", err=True)


def _play_history(settings: Settings, *, needs: int, seed: int) -> None:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("演示历史 / demo history", total=demo_history.steps(needs))

        def tick(label: str) -> None:
            bar.update(task, advance=1, description=label)

        done = demo_history.play(settings=settings, matcher=MatcherSetup(), today=china_time.today(), size=needs,
                                 seed=seed, progress=tick)
        bar.update(task, completed=demo_history.steps(needs), description="演示历史 / demo history")
    first, last = done.days or (china_time.today(), china_time.today())
    typer.echo(f"已播放 {first}–{last} 的演示业务 / played the demo year {first}–{last}: "
               f"{done.needs} 项需求 needs, {done.engagements_closed} 项办结 served, {done.complaints} 件投诉 "
               f"complaints, {done.obligations} 项履职事项 obligations ({done.filings} 项已报送 filed), "
               f"{done.rating_runs} 次评级 rating runs, {done.findings} 个整改项 findings, "
               f"{done.rectifications} 项整改决定 rectification")


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.add_typer(key_app, name="key")
    app.add_typer(org_app, name="org")
    app.command("audit")(audit_list)
    app.command("demo-accounts")(demo_accounts)
