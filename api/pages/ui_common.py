"""What every UI page shares: who is looking, which pages their role has, rendering, and the page guards.

Pages answer a browser, not a script: an anonymous visitor is sent to the login page (303) and a role that may not see
a page gets an HTML 403, while the small JSON endpoints the pages' JavaScript calls keep the API's error shape.
Unsafe requests are same-site only: ``api.auth.deps`` refuses a cookie-carrying POST from another site, and the
login form (which has no cookie yet) checks the same.

Handlers that change something commit before they answer. ``api.deps.get_session`` commits when the dependency
exits, which FastAPI runs after the response has gone out; a browser follows a 303 at once, and its next request
could otherwise miss what the previous one wrote (seen in the browser test: an accepted review's engagement "not
found" on the page the accept redirected to).
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from accounts.schemas import Actor
from accounts.vocab import ROLE_LABELS, Role
from api.auth.deps import AUTHZ_ACTION, SESSION_COOKIE, cross_site, get_actor
from api.deps import SessionDep
from api.i18n import language
from api.pages.public import TEMPLATES, _context
from api.pages.ui_format import as_sentence
from api.pages.ui_i18n import MERGED
from authz.policy import authorize, refusal
from core.errors import FieldErrors, InnodockError, NotFoundError, PermissionDeniedError, UnauthorizedError
from flows import inbox as inbox_flow
from flows import providers as providers_flow
from flows import workflow
from flows.providers import CenterStanding

T = TypeVar("T")
log = logging.getLogger(__name__)
COORDINATORS = (Role.center_coordinator, Role.association_coordinator, Role.admin)


@dataclass(frozen=True)
class NavItem:
    href: str
    key: str  # a UI string key
    label: str | None = None  # the UI string key it is named by, when not its own (a center's queue)


def nav_for(actor: Actor | None, standing: CenterStanding | None = None) -> list[NavItem]:
    """The pages a role has, in the order its work goes. ``standing``: a center's provider, where it is known; a
    provider that does not serve yet is offered its own page and not the queue, the engagements, the opportunities
    or 机构评价, which stay empty or refuse until it serves (``flows.providers.center_standing``)."""
    items = [NavItem("/", "catalog")]
    if actor is None:
        # where an enterprise begins: the start page offered only 登录 (a new user's trial, 2026-11-29)
        return [*items, NavItem("/register", "register"), NavItem("/login", "login")]
    if actor.role == Role.enterprise:
        items += [NavItem("/intake", "intake"), NavItem("/needs", "my_needs")]
    elif actor.role == Role.authority_officer:  # a deciding authority takes the decisions prepared for it (issue 29)
        # ... and oversees the providers in its jurisdiction, read only (provider.list, provider.dashboard)
        items += [NavItem("/providers", "providers"), NavItem("/providers/dashboard", "dashboard"),
                  NavItem("/decisions", "decisions")]
    elif actor.center_id and standing is not None and not standing.serves:
        items.append(NavItem(standing.home, "providers"))
    else:
        # A center does not review: its queue is of the needs proposed to it, and is named so (a new user's trial,
        # 2026-11-29: the center's menu read 审核队列)
        items += [NavItem("/review", "review", "review_center" if actor.center_id else None),
                  NavItem("/engagements", "engagements")]
        if actor.center_id:
            items.append(NavItem(f"/centers/{actor.center_id}/opportunities", "opportunities"))
            items.append(NavItem(f"/evaluation/{actor.center_id}", "evaluation"))
            items.append(NavItem(f"/providers/{actor.center_id}", "providers"))
        else:
            items += [NavItem("/providers", "providers"), NavItem("/decisions", "decisions"),
                      NavItem("/changes", "changes"), NavItem("/kb/upload", "kb_upload")]
    items.append(NavItem("/inbox", "inbox"))
    # The account work each role has (authz.tables: consent.manage, registration.review, admin.accounts).
    if refusal(actor, "consent.manage") == "ok":
        items.append(NavItem("/consents", "consents"))
    if refusal(actor, "registration.review") == "ok":
        items.append(NavItem("/admin/registrations", "registrations"))
    if refusal(actor, "admin.accounts") == "ok":
        items.append(NavItem("/admin/orgs", "admin"))
    return items


class LoginRequired(Exception):
    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class PageForbidden(Exception):
    """An HTML 403: a role the page is not for, or a request that is not a person's browser (an API key)."""

    def __init__(self, actor: Actor | None) -> None:
        super().__init__(actor.role.value if actor else "credential")
        self.actor = actor


class PageNotFound(Exception):
    """An HTML 404: the object is not there, or not the caller's (the same answer, as in the API)."""

    def __init__(self, actor: Actor | None) -> None:
        super().__init__("not found")
        self.actor = actor


def safe_next(path: str | None) -> str:
    """Only a local path may be the after-login target (no open redirect to another site)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


def _page_actor(request: Request, session: SessionDep) -> Actor | None:
    """The person behind a browser's session cookie, or None (anonymous, expired, ended). Pages are for people: an
    ``Authorization`` header (an integration key, a bearer token) is refused outright, never taken as a login."""
    if request.headers.get("authorization") is not None:
        raise PageForbidden(None)
    if not request.cookies.get(SESSION_COOKIE):
        return None
    request.state.page_session = session  # for the navigation's unread badge, which render() asks for
    try:
        return get_actor(request, session)
    except UnauthorizedError:
        return None  # an expired or ended session: log in again


PageActor = Annotated[Actor | None, Depends(_page_actor)]


def _visitor(request: Request, session: SessionDep) -> Actor | None:
    """Public pages answer everyone alike: an ``Authorization`` header is not a login there, so it is ignored."""
    if request.headers.get("authorization") is not None:
        return None
    return _page_actor(request, session)


VisitorActor = Annotated[Actor | None, Depends(_visitor)]


def page(action: str) -> Callable[[Request, Actor | None], Actor]:
    """A page's guard for an action of ``authz.tables.ACTIONS``: anonymous → the login page, refused → HTML 403.
    The same rule as the JSON API's :func:`api.auth.deps.allow`, so a page can never do what the API refuses."""

    def guard(request: Request, actor: PageActor) -> Actor:
        if actor is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise LoginRequired(target)
        if refusal(actor, action) != "ok":
            raise PageForbidden(actor)
        return actor

    setattr(guard, AUTHZ_ACTION, action)
    return guard


def page_api(action: str) -> Callable[[Request, Actor | None], Actor]:
    """The guard of the small JSON endpoints the pages' scripts call: the page's rule, with the API's answers."""

    def guard(request: Request, actor: PageActor) -> Actor:
        return authorize(actor, action)

    setattr(guard, AUTHZ_ACTION, action)
    return guard


ChatPage = Annotated[Actor, Depends(page("intake.chat"))]
MyNeedsPage = Annotated[Actor, Depends(page("intake.read"))]
WithdrawPage = Annotated[Actor, Depends(page("need.withdraw"))]
EditNeedPage = Annotated[Actor, Depends(page("need.update"))]
DisclosePage = Annotated[Actor, Depends(page("need.disclose"))]
ChatApi = Annotated[Actor, Depends(page_api("intake.chat"))]
ReviewPage = Annotated[Actor, Depends(page("review.read"))]
DecidePage = Annotated[Actor, Depends(page("review.decide"))]
DeclinePage = Annotated[Actor, Depends(page("review.decline"))]
InterestPage = Annotated[Actor, Depends(page("review.interest"))]
EngagementPage = Annotated[Actor, Depends(page("engagement.read"))]
EngagementActPage = Annotated[Actor, Depends(page("engagement.act"))]
EvaluationPage = Annotated[Actor, Depends(page("evaluation.run"))]
EvaluationReadPage = Annotated[Actor, Depends(page("evaluation.read"))]
ProviderPage = Annotated[Actor, Depends(page("provider.read"))]
ProviderRecordPage = Annotated[Actor, Depends(page("provider.record"))]
ProviderListPage = Annotated[Actor, Depends(page("provider.list"))]
ProviderDecidePage = Annotated[Actor, Depends(page("provider.decide"))]
ProviderDashboardPage = Annotated[Actor, Depends(page("provider.dashboard"))]
ProviderEditPage = Annotated[Actor, Depends(page("provider.edit"))]
ProviderApprovePage = Annotated[Actor, Depends(page("provider.approve"))]
ProviderFilePage = Annotated[Actor, Depends(page("provider.file"))]
KbManagePage = Annotated[Actor, Depends(page("kb.manage"))]
ExpertPage = Annotated[Actor, Depends(page("expert.match"))]


def label(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


NOTICE_COOKIE = "notice"
ERROR_COOKIE = "form_error"


def read_error_cookie(raw: str) -> dict[str, Any]:
    """The error cookie's JSON (base64url without padding: a cookie value holds no quotes, spaces or commas)."""
    if not raw:
        return {}
    try:
        found = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-8"))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return {}
    return found if isinstance(found, dict) else {}


def _form_error(request: Request) -> dict[str, Any]:
    """The error a form post left for this page (see :func:`redirect`): its message and the field it names, and
    for several fields refused at once each field with its own message (``fields``)."""
    found = read_error_cookie(request.cookies.get(ERROR_COOKIE, ""))
    left: dict[str, Any] = {key: str(found.get(key) or "")[:300] for key in ("message", "field")}
    many = found.get("fields")
    left["fields"] = [(str(f)[:64], str(m)[:300]) for f, m in many if isinstance(f, str) and isinstance(m, str)] \
        if isinstance(many, list) and all(isinstance(x, list) and len(x) == 2 for x in many) else []
    return left


def _unread(request: Request, actor: Actor | None, status_code: int) -> int:
    """The navigation's unread badge: one COUNT through the request's own session. A badge never takes a page down:
    an error page (whose request's session may be rolled back and closed) has none, and nor has a page whose inbox
    cannot be read."""
    found: Session | None = getattr(request.state, "page_session", None)
    if actor is None or not actor.user_id or found is None or status_code >= 400:
        return 0
    try:
        return inbox_flow.unread(session=found, principal=actor)
    except Exception:
        log.exception("the unread badge could not be counted")
        return 0


def _standing(request: Request, actor: Actor | None, status_code: int) -> CenterStanding | None:
    """A center's provider, for its navigation: through the request's own session, as the badge; like the badge, it
    never takes a page down (an error page offers the full navigation)."""
    found: Session | None = getattr(request.state, "page_session", None)
    if actor is None or not actor.center_id or found is None or status_code >= 400:
        return None
    try:
        return providers_flow.center_standing(session=found, center_id=actor.center_id)
    except Exception:
        log.exception("where the center's provider stands could not be read")
        return None


def _seen(request: Request, actor: Actor | None, status_code: int) -> None:
    """A page shown to a person reads the notices of theirs that lead to it: "新" means not yet seen, whether they
    came from the inbox or not. Like the badge, it never takes a page down."""
    found: Session | None = getattr(request.state, "page_session", None)
    if actor is None or not actor.user_id or found is None or status_code >= 400 or request.method != "GET":
        return
    try:
        inbox_flow.seen(session=found, principal=actor, path=request.url.path)
    except Exception:
        log.exception("the notices leading to %s could not be marked read", request.url.path)


STEP_NOTICE = "notice_step_"  # + a workflow step: the toast after that step, naming it
# + "<blank>_<total>": the toast after a self-assessment, saying how many of its items were left blank
SELF_NOTICE = "notice_self_filed_"
DRAFT_NOTICE = "notice_draft_saved_"  # + "<saved>_<missing>": a rating form saved part-way (flows.rating_runs)


def notice_said(key: str, lang: str, role: Role | None = None) -> str | None:
    """A notice left by a form post (a UI string's key), as the page says it. After an engagement's step
    (``notice_step_<transition>``) it names the step as the engagement page does ("已办理：签订技术服务协议"): a
    toast that said only "已办理" after every step told nobody which one was taken (the walks' leftovers); and as
    ``role`` took it, "已办理：代机构签订技术服务协议" for the association's coordinator signing for the provider."""
    if not key.startswith("notice_"):
        return None
    if key.startswith(STEP_NOTICE):
        taken = key[len(STEP_NOTICE):]
        step = None if taken not in workflow.step_labels(lang) else \
            workflow.step_label_for(taken, role, lang) if role is not None else workflow.step_labels(lang)[taken]
        return MERGED[lang]["notice_step"].format(step=step) if step else MERGED[lang]["notice_done"]
    counts = re.fullmatch(r"(\d{1,3})_(\d{1,3})", key[len(SELF_NOTICE):]) if key.startswith(SELF_NOTICE) else None
    if counts:
        blank, total = (int(n) for n in counts.groups())
        return MERGED[lang]["notice_self_blank" if blank else "notice_self_full"].format(blank=blank, total=total)
    drafted = re.fullmatch(r"(\d{1,3})_(\d{1,3})", key[len(DRAFT_NOTICE):]) if key.startswith(DRAFT_NOTICE) else None
    if drafted:
        saved, missing = (int(n) for n in drafted.groups())
        return MERGED[lang]["notice_draft_saved" if missing else "notice_draft_full"].format(saved=saved,
                                                                                              missing=missing)
    return MERGED[lang].get(key)


def render(request: Request, name: str, *, actor: Actor | None, status_code: int = 200, **kw: Any) -> HTMLResponse:
    """A page in its language. An ``error`` (often a "中文 / English" message of the service) shows the page's half;
    a notice left by the form post that led here (a key of the UI strings, in a cookie) shows once as a toast, and
    so does an error it left (in a cookie too, never in the address): the page shows it, and ``ui_console.js`` puts
    back what was typed into the form that was sent and marks the field the error names."""
    lang = language(request)
    left = _form_error(request)
    fields = [(f, as_sentence(m, lang)) for f, m in left["fields"]]
    if fields and not kw.get("error"):  # several fields at once: each said, and marked beside its own field
        kw["error"] = (f"有 {len(fields)} 处需要改正：" if lang == "zh" else
                       f"{len(fields)} fields need correcting: ") + ("；" if lang == "zh" else "; ").join(
                           m for _, m in fields)
    elif left.get("message") and not kw.get("error"):
        kw["error"] = left["message"]
    if isinstance(kw.get("error"), str) and not fields:
        kw["error"] = as_sentence(kw["error"], lang)
    notice_key = request.cookies.get(NOTICE_COOKIE, "")
    context = _context(request, **kw)
    _seen(request, actor, status_code)
    context.update(t=MERGED[lang], actor=actor, nav=nav_for(actor, _standing(request, actor, status_code)),
                   unread=_unread(request, actor, status_code),
                   role_label=label(ROLE_LABELS[actor.role], lang) if actor else "",
                   notice=notice_said(notice_key, lang, actor.role if actor else None),
                   form_error={"message": kw["error"], "field": left.get("field", ""), "fields": fields}
                   if left.get("message") and kw.get("error") else None)
    response = TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)
    if notice_key:
        response.delete_cookie(NOTICE_COOKIE, path="/")
    if ERROR_COOKIE in request.cookies:
        response.delete_cookie(ERROR_COOKIE, path="/")
    if request.query_params.get("lang") in MERGED:
        response.set_cookie("lang", request.query_params["lang"], max_age=365 * 24 * 3600, samesite="lax")
    return response


# What the error cookie may carry of several fields' messages (a cookie holds about 4 KB, base64 a third more).
FIELDS_COOKIE_BYTES = 2400


def redirect(path: str, *, error: str | None = None, notice: str | None = None,
             field: str | None = None, fields: list[tuple[str | None, str]] | None = None) -> RedirectResponse:
    """After a form post: back to a page (303, so the browser GETs it), with an error to show when there was one
    (and the form field it names, marked beside the field), or a notice that it was done (``notice_…``: shown once
    on the next page, see :func:`render`). Both ride in a short-lived cookie, never in the address: an address is
    bookmarked, shared and logged, and a reload would show a stale error again."""
    response = RedirectResponse(path, status_code=303)
    if error:
        said: dict[str, Any] = {"message": error[:300], "field": (field or "").rsplit(".", 1)[-1][:64]}
        marked: list[list[str]] = []
        for name, message in fields or []:  # each field its own message, as many as the cookie holds
            marked.append([(name or "").rsplit(".", 1)[-1][:64], message[:300]])
            if len(json.dumps(marked, ensure_ascii=False).encode("utf-8")) > FIELDS_COOKIE_BYTES:
                marked.pop()
                break
        if len(marked) > 1:
            said["fields"] = marked
        elif marked:  # one field listed under a door's own summary (an agreement's one missing field): its box
            said["field"] = marked[0][0]
        left = json.dumps(said, ensure_ascii=False)
        value = base64.urlsafe_b64encode(left.encode("utf-8")).decode("ascii").rstrip("=")
        response.set_cookie(ERROR_COOKIE, value, max_age=120, httponly=True, samesite="lax", path="/")
    elif notice:
        response.set_cookie(NOTICE_COOKIE, notice, max_age=60, httponly=True, samesite="lax", path="/")
    return response


# A form sent from a page that has since changed (a step taken in another tab, or by the other side): said plainly,
# never the service's "对接项目 eng-… 已被他人修改，版本 1 已过期（当前版本 2）" with its id and version numbers
# (the center's day tried as a new user, 2026-11-28).
STALE_PAGE = ("页面上的内容已不是最新的（可能已在另一个窗口或由对方办理过），现已显示最新状态，请核对后再操作。 / "
              "This page was out of date (the step may have been taken in another tab or by the other side); it now "
              "shows the latest state: check it and try again.")
STALE_PLAIN_ON = ("/engagements/", "/providers/")  # an engagement's and a provider's pages


def refused(back: str, exc: InnodockError, *, message: str | None = None) -> RedirectResponse:
    """Back to ``back`` with a refusal: its field, or each field of several refused at once
    (:class:`core.errors.FieldErrors`) with its own reason, for ``ui_console.js`` to mark beside each; the one place
    a form's refusal becomes the page's, whichever form it was."""
    several = [(p.field, p.message) for p in exc.problems] if isinstance(exc, FieldErrors) else None
    return redirect(back, error=message or exc.message, field=exc.field, fields=several)


def form_post(*, session: Session, actor: Actor, back: str, missing: str, act: Callable[[], T],
              then: Callable[[T], str] | None = None, notice: str | Callable[[T], str] = "notice_done") -> Response:
    """Run a form's use case (a flow) and answer as a browser expects: done → commit, then 303 to ``then(result)``
    (or ``back``); the page's own object missing (a NotFound on the ``missing`` field) → the HTML 404, as the API's
    404; any other refusal (a stale version, an unknown center, a rule of the workflow) → roll back and go ``back``
    with the API's message. Commits before answering (see the module docstring)."""
    try:
        result = act()
    except NotFoundError as exc:
        if exc.field in (missing, None):
            raise PageNotFound(actor) from None
        session.rollback()
        return redirect(back, error=exc.message, field=exc.field)
    except InnodockError as exc:
        session.rollback()
        plain = exc.code == "stale_version" and back.startswith(STALE_PLAIN_ON)
        return refused(back, exc, message=STALE_PAGE if plain else None)
    session.commit()
    return redirect(then(result) if then is not None else back,
                    notice=notice(result) if callable(notice) else notice)


async def _form_fields(request: Request) -> FormData:
    return await request.form()


# A form whose field names are data (one radio group or score per item): read whole, for a sync view.
FormFields = Annotated[FormData, Depends(_form_fields)]


def refuse_cross_site(request: Request) -> None:
    """The login form carries no session cookie yet, so the cookie guard does not cover it: check here."""
    if cross_site(request):
        raise PermissionDeniedError("拒绝跨站请求 / cross-site request refused")


def install_ui(app: FastAPI) -> None:
    """The page-level answers: to the login page, an HTML 403, an HTML 404. The pages' routers are included by
    :func:`api.app.create_app` (they import this module, so this module cannot import them)."""
    @app.exception_handler(LoginRequired)
    async def _login(_request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse("/login?next=" + quote(safe_next(exc.next_path), safe=""), status_code=303)

    @app.exception_handler(PageForbidden)
    async def _forbidden(request: Request, exc: PageForbidden) -> Response:
        return render(request, "ui_forbidden.html", actor=exc.actor, status_code=403)

    @app.exception_handler(PageNotFound)
    async def _not_found(request: Request, exc: PageNotFound) -> Response:
        return render(request, "ui_not_found.html", actor=exc.actor, status_code=404)

