"""Limits on what a request may carry, checked before any handler runs.

- :class:`BodySizeLimit`: bodies over ``max_body_bytes`` get 413 before they are read into memory. A declared
  ``Content-Length`` over the limit is refused at once; a chunked body is counted as it streams in.
- :class:`NulByteGuard`: a NUL character in the path or query is refused with 400 (PostgreSQL cannot store it in
  text, so it would otherwise surface as a server error deep in a query). JSON bodies are checked by the schemas.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

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
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await JSONResponse(error_body("bad_request", "Content-Length 不正确 / bad Content-Length"),
                                   status_code=400)(scope, receive, send)
                return
            if int(declared) > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise PayloadTooLarge(self.max_bytes)
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
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(error_body("payload_too_large", str(PayloadTooLarge(self.max_bytes).detail)),
                                status_code=413, headers={"Connection": "close"})
        await response(scope, receive, send)


class NulByteGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
            if b"\x00" in unquote_to_bytes(raw) or b"\x00" in unquote_to_bytes(scope.get("query_string", b"")):
                await JSONResponse(error_body("bad_request", "请求中含有空字符 / NUL character in the request"),
                                   status_code=400)(scope, receive, send)
                return
        await self.app(scope, receive, send)
