"""Limits on what a request may carry, checked before any handler runs.

- :class:`BodySizeLimit`: bodies over ``max_body_bytes`` get 413 before they are read into memory. A declared
  ``Content-Length`` over the limit is refused at once; a chunked body is counted as it streams in.
- :class:`ControlCharGuard`: a NUL or other control character in the path, the query, or a body of any kind people
  and integrations send (JSON and every ``*+json``, url-encoded and multipart forms: their fields and file names) is
  refused with 400 naming the field, and so is JSON nested deeper than :data:`MAX_JSON_DEPTH` (issue 31: a deep
  array gave a 500 before login).
"""

from __future__ import annotations

import json
import re
from email.parser import BytesParser
from email.policy import default as email_policy
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_body


class PayloadTooLarge(HTTPException):
    """An HTTPException, so FastAPI's body parsing lets it through to the one error handler as a 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"请求体过大，上限 {limit} 字节 / request body over {limit} bytes")


class BodySizeLimit:
    """``uploads`` (a path pattern) and ``upload_bytes``: the few routes that take files get their own, larger limit;
    every other body stays small."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, upload_bytes: int | None = None,
                 uploads: re.Pattern[str] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_bytes = upload_bytes or max_bytes
        self.uploads = uploads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        if self.uploads is not None and scope.get("method") == "POST" and self.uploads.fullmatch(scope["path"]):
            limit = self.upload_bytes
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await JSONResponse(error_body("bad_request", "Content-Length 不正确 / bad Content-Length"),
                                   status_code=400)(scope, receive, send)
                return
            if int(declared) > limit:
                await self._refuse(scope, receive, send, limit)
                return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise PayloadTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except PayloadTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send, limit)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = JSONResponse(error_body("payload_too_large", str(PayloadTooLarge(limit).detail)),
                                status_code=413, headers={"Connection": "close"})
        await response(scope, receive, send)


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORM_TYPE = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"
# No request of ours nests deeper than a few levels (a transition's payload, a kb record); far below the recursion
# that a decoder or a validator would hit.
MAX_JSON_DEPTH = 32


def is_json(kind: str) -> bool:
    """What FastAPI reads as JSON: no type at all, ``application/json`` and every ``application/*+json``."""
    return kind in ("", "application/json") or (kind.startswith("application/") and kind.endswith("+json"))


def _bad_field(value: Any, path: str = "") -> str | None:
    """The dotted path of the first key or string holding a control character (``payload.note``, ``items.2``)."""
    if isinstance(value, str):
        return path or "body" if CONTROL.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if CONTROL.search(str(key)):
                return where
            found = _bad_field(item, where)
            if found:
                return found
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _bad_field(item, f"{path}.{i}" if path else str(i))
            if found:
                return found
    return None


class ControlCharGuard:
    """NUL and other control characters are refused with 400, naming the field, before any handler runs.

    PostgreSQL cannot store U+0000 in text or JSONB, so one would otherwise surface as a server error deep in a query
    (a transition's free-form payload, a chat message, a form's note), and the other C0 controls have no business in
    anything a person types. Tab, line feed and carriage return are text. The path and query are checked, and the
    bodies people and integrations send: JSON and form posts. Uploaded files are the importer's to check, line by
    line. Bodies are already bounded by :class:`BodySizeLimit`, which wraps this guard.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
        if CONTROL.search(unquote_to_bytes(raw).decode("utf-8", "replace")):
            await self._refuse(scope, receive, send, "path")
            return
        for key, value in parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True):
            if CONTROL.search(key) or CONTROL.search(value):
                await self._refuse(scope, receive, send, key if not CONTROL.search(key) else "query")
                return
        content_type = Headers(scope=scope).get("content-type", "")
        kind = content_type.split(";")[0].strip().lower()
        if scope.get("method") not in ("POST", "PUT", "PATCH") or not (is_json(kind) or kind in (_FORM_TYPE,
                                                                                                  _MULTIPART)):
            await self.app(scope, receive, send)
            return
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay_once(b"", receive, message), send)
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
        if kind == _FORM_TYPE:
            field = _form_field(body)
        elif kind == _MULTIPART:
            field = _multipart_field(content_type, body)
        else:
            try:
                field = _json_field(body)
            except TooDeep:
                response = JSONResponse(error_body("too_deep", f"JSON 嵌套超过 {MAX_JSON_DEPTH} 层 / JSON nested "
                                                   f"deeper than {MAX_JSON_DEPTH} levels", "body"), status_code=400)
                await response(scope, _replay_once(body, receive), send)
                return
        if field:
            await self._refuse(scope, _replay_once(body, receive), send, field)
            return
        await self.app(scope, _replay_once(body, receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, field: str) -> None:
        response = JSONResponse(error_body("control_character", f"{field}：含有不允许的控制字符（如空字符）/ {field}: "
                                           "contains a control character (such as NUL)", field), status_code=400)
        await response(scope, receive, send)


class TooDeep(Exception):
    pass


def _json_field(body: bytes) -> str | None:
    if not body.strip():
        return None
    try:
        doc = json.loads(body)
    except RecursionError:
        raise TooDeep from None
    except (ValueError, UnicodeDecodeError):
        return None  # not JSON: the schema's validation answers it
    if _depth(doc) > MAX_JSON_DEPTH:
        raise TooDeep
    return _bad_field(doc)


def _depth(doc: Any) -> int:
    """How deep a decoded document nests, counted without recursion."""
    deepest, stack = 0, [(doc, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_JSON_DEPTH:
                stack.extend((child, level + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def _multipart_field(content_type: str, body: bytes) -> str | None:
    """The first form field (or file name) of a multipart body holding a control character. File contents are the
    upload's to check (the importer, line by line); a body that does not parse is the schema's to refuse."""
    message = BytesParser(policy=email_policy).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1", "replace") + b"\r\n\r\n" + body)
    if not message.is_multipart():
        return None
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        field = str(name) if isinstance(name, str) else "body"
        if CONTROL.search(field):
            return "body"
        if filename is not None:
            if CONTROL.search(filename):
                return field
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes) and CONTROL.search(payload.decode("utf-8", "replace")):
            return field
    return None


def _form_field(body: bytes) -> str | None:
    for key, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        if CONTROL.search(key):
            return "body"
        if CONTROL.search(value):
            return key
    return None


def _replay_once(body: bytes, after: Receive, first: Message | None = None) -> Receive:
    """A ``receive`` that hands the buffered body (or the message that ended it) over once, then the server's own
    ``receive`` again (which reports the client going away)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return first if first is not None else {"type": "http.request", "body": body, "more_body": False}
        return await after()

    return receive


class SecurityHeaders:
    """Headers every answer carries (issue 31, informational findings):

    - pages may not be framed by another site (``X-Frame-Options: DENY`` and ``frame-ancestors 'none'``), so a
      decision button cannot be overlaid and clicked through (clickjacking);
    - an answer to a signed-in request (a session cookie or an ``Authorization`` header) is never stored by a
      browser or a proxy (``Cache-Control: no-store``): a shared computer's back button or a cache must not show one
      person's needs to the next. Public answers keep their caching.

    A header the route set itself (a download's stricter policy) is kept.
    """

    def __init__(self, app: ASGIApp, *, session_cookie: str) -> None:
        self.app = app
        self.cookie = f"{session_cookie}="

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        signed_in = "authorization" in request_headers or self.cookie in request_headers.get("cookie", "")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if signed_in and "no-store" not in headers.get("cache-control", ""):
                    headers["Cache-Control"] = "private, no-store"
            await send(message)

        await self.app(scope, receive, with_headers)
