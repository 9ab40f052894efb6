"""Errors as a browser should see them: an HTML page in the page's language for the pages, the one JSON error shape
for the API and the pages' scripts.

Which answer a request gets depends on its path alone: everything under ``/api/`` and ``/ui/`` (the chat's JSON
endpoints), the health checks, the OpenAPI document and static files answer JSON as before (``api.errors``); every
other path is a page, and a missing engagement, a bad form, an unknown address or a crash there shows a page with
the site's header, saying what happened and where to go, never raw JSON or a stack trace.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from accounts.schemas import Actor
from api.auth.deps import SESSION_COOKIE
from api.errors import error_body, http_error, innodock_error, validation_error, validation_field
from api.i18n import language
from api.pages.ui_common import render
from api.pages.ui_format import as_sentence
from api.pages.ui_i18n import MERGED
from core.db import session_factory
from core.errors import InnodockError, UnauthorizedError
from flows import accounts as accounts_flow

log = logging.getLogger(__name__)

JSON_PREFIXES = ("/api/", "/ui/", "/docs/assets/", "/static/")
JSON_PATHS = frozenset({"/healthz", "/readyz", "/openapi.json"})

# pydantic's error types, as a person filling in a form would put them
FORM_PROBLEMS = {
    "missing": ("未填写", "is missing"),
    "string_too_long": ("过长", "is too long"),
    "string_too_short": ("过短", "is too short"),
    "too_long": ("项数过多", "has too many items"),
    "int_parsing": ("应为整数", "must be a whole number"),
    "float_parsing": ("应为数字", "must be a number"),
    "greater_than_equal": ("数值过小", "is too small"),
    "less_than_equal": ("数值过大", "is too large"),
    "greater_than": ("数值过小", "is too small"),
    "less_than": ("数值过大", "is too large"),
    "string_pattern_mismatch": ("格式不正确", "is not in the right form"),
    "literal_error": ("不是可选的值", "is not one of the choices"),
    "enum": ("不是可选的值", "is not one of the choices"),
    "bool_parsing": ("应为是或否", "must be yes or no"),
}


def is_page(request: Request) -> bool:
    path = request.url.path
    return not path.startswith(JSON_PREFIXES) and path not in JSON_PATHS


def _viewer(request: Request) -> Actor | None:
    """Who sees the error page, for its header: the actor the request already found, or the session cookie's."""
    found: Actor | None = getattr(request.state, "actor", None)
    if found is not None or not request.cookies.get(SESSION_COOKIE) or request.headers.get("authorization"):
        return found
    session = session_factory(request.app.state.settings)()
    try:
        return accounts_flow.actor_for_session(session=session, token=request.cookies[SESSION_COOKIE])
    except (UnauthorizedError, InnodockError):
        return None
    finally:
        session.rollback()
        session.close()


def error_page(request: Request, status: int, message: str = "", *, headers: dict[str, str] | None = None,
               heading: str | None = None) -> Response:
    lang = language(request)
    t = MERGED[lang]
    titles = {400: t["err_400"], 401: t["err_401"], 403: t["forbidden"], 404: t["not_found"], 405: t["err_405"],
              409: t["err_409"], 413: t["err_413"], 422: t["err_422"], 429: t["err_429"], 500: t["err_500"]}
    try:
        viewer = _viewer(request)
    except Exception:  # the error page must render even when the database is what failed
        viewer = None
    response = render(request, "ui_error.html", actor=viewer, status_code=status, code=status,
                      heading=heading or titles.get(status, t["error"]), message=as_sentence(message, lang))
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _form_message(request: Request, exc: RequestValidationError) -> str:
    lang = language(request)
    t = MERGED[lang]
    field, _ = validation_field(exc)
    errors = exc.errors()
    kind = str(errors[0].get("type", "")) if errors else ""
    problem = FORM_PROBLEMS.get(kind, ("不符合要求", "is not valid"))[0 if lang == "zh" else 1]
    ctx = (errors[0].get("ctx") or {}) if errors else {}
    if kind == "string_too_long" and "max_length" in ctx:  # its limit said: "过长" alone left one guessing
        limit = ctx["max_length"]
        problem += f"（最多 {limit} 个字）" if lang == "zh" else f" (at most {limit} characters)"
    name = field.split(".")[-1] if field else ""
    shown = t.get(f"field_{name}") or t.get(f"f_{name}") or t.get(name) or name
    return t["form_problem"].format(field=shown, problem=problem)


def install(app: FastAPI) -> None:
    """Wrap the JSON handlers of ``api.errors``: pages get HTML, everything else the JSON it always got."""

    @app.exception_handler(InnodockError)
    async def _innodock(request: Request, exc: InnodockError) -> Response:
        if request.url.path.startswith("/ui/"):
            # The page scripts' JSON endpoints: the same shape, the message in the page's language alone (a form
            # shows it beside the field it names).
            return JSONResponse(error_body(exc.code, as_sentence(exc.message, language(request)), exc.field),
                                status_code=exc.status_code, headers=getattr(exc, "headers", None))
        if not is_page(request):
            return innodock_error(request, exc)
        # Another center is public, so it is "not yours" rather than "forbidden" (authz.policy.check_own_center).
        not_yours = exc.status_code == 403 and exc.field == "center_id"
        return error_page(request, exc.status_code, exc.message, headers=getattr(exc, "headers", None),
                          heading=MERGED[language(request)]["not_yours"] if not_yours else None)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        if not is_page(request):
            return validation_error(request, exc)
        return error_page(request, 422, _form_message(request, exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if not is_page(request):
            return http_error(request, exc)
        # Starlette's own words ("Not Found", "Method Not Allowed") say nothing a person needs.
        return error_page(request, exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        if not is_page(request):
            return JSONResponse(error_body("internal_error", "服务器内部错误，已记录 / internal server error; it was "
                                           "logged"), status_code=500)
        return error_page(request, 500)
