"""Limits on what a request may carry, checked before any handler runs.

- :class:`BodySizeLimit`: bodies over ``max_body_bytes`` get 413 before they are read into memory. A declared
  ``Content-Length`` over the limit is refused at once; a chunked body is counted as it streams in.
- :class:`ControlCharGuard`: a NUL or other control character in the path, the query, a JSON or a form body is
  refused with 400 naming the field.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

from starlette.datastructures import Headers
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
_JSON_TYPES = ("application/json", "application/merge-patch+json")
_FORM_TYPE = "application/x-www-form-urlencoded"


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
        kind = Headers(scope=scope).get("content-type", "").split(";")[0].strip().lower()
        if scope.get("method") not in ("POST", "PUT", "PATCH") or kind not in (*_JSON_TYPES, _FORM_TYPE):
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
        field = _form_field(body) if kind == _FORM_TYPE else _json_field(body)
        if field:
            await self._refuse(scope, _replay_once(body, receive), send, field)
            return
        await self.app(scope, _replay_once(body, receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, field: str) -> None:
        response = JSONResponse(error_body("control_character", f"{field}：含有不允许的控制字符（如空字符）/ {field}: "
                                           "contains a control character (such as NUL)", field), status_code=400)
        await response(scope, receive, send)


def _json_field(body: bytes) -> str | None:
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None  # not JSON: the schema's validation answers it
    return _bad_field(doc)


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
