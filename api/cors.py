"""CORS per integration: a browser origin may call ``/api/`` only if an active integration (API key) lists it.

The allowed set is cached in the process and reloaded at once when this process commits a change to keys or
origins, or after ``cors_cache_seconds`` when another process (a CLI, another worker) may have changed it.
Credentials are not allowed cross-origin: an integration's page sends its key as a bearer token, never a cookie.
"""

from __future__ import annotations

import threading
import time

import anyio
from sqlalchemy import event
from sqlalchemy.orm import Session
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_body
from core.db import session_scope
from core.settings import Settings
from flows import accounts as accounts_flow

ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE"
ALLOW_HEADERS = frozenset({"authorization", "content-type", "accept", "accept-language", "x-requested-with",
                           "if-none-match"})  # a site's script revalidating the feed (api.conditional)
EXPOSE_HEADERS = "Content-Length, Content-Type, ETag, Retry-After"  # a page's script may read how long to wait
MAX_AGE = "600"

_generation = 0
_generation_lock = threading.Lock()


def _after_commit(session: Session) -> None:
    global _generation
    if session.info.pop("cors_changed", False):
        with _generation_lock:
            _generation += 1


def _after_rollback(session: Session) -> None:
    session.info.pop("cors_changed", None)


event.listen(Session, "after_commit", _after_commit)
event.listen(Session, "after_soft_rollback", lambda session, _previous: _after_rollback(session))


def cors_generation() -> int:
    return _generation


class OriginCache:
    """The set of allowed origins, loaded from the database when stale."""

    def __init__(self, settings: Settings, *, ttl: float) -> None:
        self.settings = settings
        self.ttl = ttl
        self._origins: frozenset[str] = frozenset()
        self._loaded_at = float("-inf")
        self._generation = -1

    def stale(self) -> bool:
        return self._generation != cors_generation() or time.monotonic() - self._loaded_at >= self.ttl

    def load(self) -> frozenset[str]:
        generation = cors_generation()
        with session_scope(self.settings) as session:
            origins = accounts_flow.active_cors_origins(session=session)
        self._origins, self._loaded_at, self._generation = origins, time.monotonic(), generation
        return origins

    async def get(self) -> frozenset[str]:
        if self.stale():
            return await anyio.to_thread.run_sync(self.load)
        return self._origins


class PerIntegrationCORS:
    def __init__(self, app: ASGIApp, *, cache: OriginCache, path_prefix: str = "/api/") -> None:
        self.app = app
        self.cache = cache
        self.path_prefix = path_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(self.path_prefix):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if not origin:
            await self.app(scope, receive, send)
            return
        allowed = origin in await self.cache.get()
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self._preflight(origin, allowed, headers)(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out.add_vary_header("Origin")
                if allowed:
                    out["Access-Control-Allow-Origin"] = origin
                    out["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def _preflight(self, origin: str, allowed: bool, headers: Headers) -> Response:
        requested = {h.strip().lower() for h in headers.get("access-control-request-headers", "").split(",")
                     if h.strip()}
        method = headers["access-control-request-method"].upper()
        vary = {"Vary": "Origin"}
        if not allowed:
            return JSONResponse(error_body("forbidden", f"来源 {origin[:100]} 未被允许 / origin not allowed"),
                                status_code=403, headers=vary)
        if method not in ALLOW_METHODS.split(", ") or not requested <= ALLOW_HEADERS:
            return JSONResponse(error_body("forbidden", "请求方法或请求头未被允许 / method or headers not allowed"),
                                status_code=403, headers=vary)
        return Response(status_code=204, headers={
            **vary,
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": ALLOW_METHODS,
            "Access-Control-Allow-Headers": ", ".join(sorted(ALLOW_HEADERS)),
            "Access-Control-Max-Age": MAX_AGE,
        })


