"""One error shape everywhere: ``{"error": {"code", "message", "field"}}`` with a 4xx status."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match

from core.bilingual import in_language
from core.errors import FieldErrors, InnodockError


def error_body(code: str, message: str, field: str | None = None,
               fields: list[dict[str, str | None]] | None = None) -> dict[str, dict[str, Any]]:
    """The error; ``fields``, when several fields were refused at once, each with its own message (``field`` and
    ``message`` stay the first's, or the summary's, for a client that reads one)."""
    said: dict[str, Any] = {"code": code, "message": message, "field": field}
    if fields:
        said["fields"] = fields
    return {"error": said}


HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden",
              413: "payload_too_large", 429: "too_many_requests"}


def innodock_error(_request: Request, exc: InnodockError) -> JSONResponse:
    return JSONResponse(error_body(exc.code, exc.message, exc.field,
                                   exc.each() if isinstance(exc, FieldErrors) else None),
                        status_code=exc.status_code, headers=getattr(exc, "headers", None))


def validation_field(exc: RequestValidationError) -> tuple[str | None, str]:
    """The first refused field (dotted, without ``body``/``query``/``path``) and pydantic's words for it."""
    errors = exc.errors()
    first = errors[0] if errors else {}
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
    return ".".join(loc) or None, str(first.get("msg", "invalid request"))


def limit_said(exc: RequestValidationError | dict[str, Any]) -> str | None:
    """A text over (or under) its length limit, said in both languages with the field, the limit and the length
    sent: pydantic's "String should have at most 200 characters" was English alone, and the Chinese half said only
    "请求参数不正确" (a title of 320 characters, a new user, 2026-11-29). None for any other refusal. Of the first
    error, or of the one error given."""
    if isinstance(exc, dict):
        first = exc
    else:
        errors = exc.errors()
        first = errors[0] if errors else {}
    kind, ctx, given = first.get("type"), first.get("ctx") or {}, first.get("input")
    field = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")) or "-"
    sent = f"，现有 {len(given)} 个" if isinstance(given, str) else ""
    sent_en = f"; this one has {len(given)}" if isinstance(given, str) else ""
    if kind == "string_too_long" and "max_length" in ctx:
        limit = ctx["max_length"]
        return f"{field} 最多 {limit} 个字符{sent} / {field} takes at most {limit} characters{sent_en}"
    if kind == "string_too_short" and "min_length" in ctx:
        limit = ctx["min_length"]
        return f"{field} 至少 {limit} 个字符{sent} / {field} takes at least {limit} characters{sent_en}"
    return None


def each_field(exc: RequestValidationError) -> list[dict[str, str | None]]:
    """Every field the request's validation refused, each once (its first reason), in the order refused: a client
    told only the first fixed it and was refused for the next (the registration, the product brief's "forms lose
    input on errors")."""
    said: dict[str | None, dict[str, str | None]] = {}
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
        field = ".".join(loc) or None
        top = loc[0] if loc else None
        if top not in said:
            said[top] = {"field": field,
                         "message": invalid_request(limit_said(error) or str(error.get("msg", "invalid value")))}
    return list(said.values())


def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    field, message = validation_field(exc)
    several = each_field(exc)
    return JSONResponse(error_body("invalid", invalid_request(limit_said(exc) or message), field,
                                   several if len(several) > 1 else None), status_code=422)


def invalid_request(reason: str) -> str:
    """"请求参数不正确 / invalid request: …" with the reason in each language's half where the service wrote it in
    both ("此接口没有参数 … / no parameter …"): appended whole, its Chinese stood in the English half, and a page or
    a website showing one half showed the other language too. Pydantic's own words are English alone, and stay after
    the English lead as before."""
    zh, en = in_language(reason, "zh"), in_language(reason, "en")
    if zh != en:
        return f"请求参数不正确：{zh} / invalid request: {en}"
    return f"请求参数不正确 / invalid request: {reason}"


def _routing_message(request: Request, exc: StarletteHTTPException) -> str:
    """The router's own refusals in both languages, naming what was asked: Starlette says "Not Found" or "Method Not
    Allowed" in English alone, and a developer with a typo in a path could not tell it from a missing id (the
    association website's walk, 2026-11-28). Any other detail is the raiser's own and is kept."""
    path = request.url.path[:200]
    if exc.status_code == 404 and exc.detail == HTTPStatus.NOT_FOUND.phrase:
        return f"没有这个接口：{path} / no such endpoint: {path}"
    if exc.status_code == 405 and exc.detail == HTTPStatus.METHOD_NOT_ALLOWED.phrase:
        allowed = (exc.headers or {}).get("Allow", "")
        return (f"{path} 不接受 {request.method}，可用：{allowed} / {path} does not take {request.method}; "
                f"it takes: {allowed}")
    return str(exc.detail)


def _routes(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    """The app's routes one by one, an included router's as its effective routes (FastAPI ≥ 0.160 keeps them as
    lazy branches)."""
    for route in routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is not None:
            yield from contexts()
        else:
            yield route


def _allowed_methods(request: Request) -> str | None:
    """Every method the routes of this path take: Starlette's ``Allow`` names the first matching route's alone, so
    ``PUT /webhooks/subscriptions/{id}`` was told "GET" though ``DELETE`` is there too."""
    methods: set[str] = set()
    for route in _routes(request.app.router.routes):
        match, _ = route.matches(request.scope)
        if match == Match.PARTIAL:
            methods |= set(getattr(route, "methods", None) or ())
    methods.discard("HEAD")
    return ", ".join(sorted(methods)) or None


def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = HTTP_CODES.get(exc.status_code, "http_error")
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405 and "Allow" in headers:
        headers["Allow"] = _allowed_methods(request) or headers["Allow"]
        exc = StarletteHTTPException(405, detail=exc.detail, headers=headers)
    return JSONResponse(error_body(code, _routing_message(request, exc)), status_code=exc.status_code,
                        headers=headers or None)


def install_error_handlers(app: FastAPI) -> None:
    """The JSON answers; the pages answer in HTML instead (``api.pages.ui_errors`` wraps these for page paths)."""
    app.add_exception_handler(InnodockError, innodock_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]


class FieldError(BaseModel):
    field: str | None = None
    message: str


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = None
    fields: list[FieldError] | None = Field(
        None, description="有多处字段不正确时逐一列出 / when several fields are refused at once, each with its own "
                          "message (``field`` and ``message`` above are the first's, or their summary)")


class ErrorResponse(BaseModel):
    """The one error shape, for the OpenAPI schema."""

    error: ErrorDetail


_ERROR_TEXT = {
    400: "输入不正确 / invalid input",
    401: "未登录或凭据无效 / not authenticated",
    403: "无权访问 / forbidden",
    404: "不存在（或属于其他组织）/ not found (or another tenant's)",
    409: "冲突 / conflict",
    413: "请求体过大 / body too large",
    422: "请求参数不正确 / invalid request",
    429: "请求过于频繁 / too many requests",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a router or route: these statuses answer with :class:`ErrorResponse`."""
    return {code: {"model": ErrorResponse, "description": _ERROR_TEXT[code]} for code in codes}
