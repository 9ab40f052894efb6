"""Conditional GETs for what integrations poll (RFC 9110 §8.8.3, §13.1.2): an ``ETag`` made from the answer's body,
and ``304 Not Modified`` when the caller already holds it.

An association website polls the feed every few minutes and mostly finds nothing new; with a validator it is told so
in a few bytes, and its own cache (or the browser's) keeps the page. The tag is the body's hash, so it is right by
construction whatever changed the data (a publication, a rating, a withdrawal, a language) and costs one hash of what
is about to be sent; the work of reading the data is not saved, only the transfer and the site's own processing.
The tag is weak: the same data may serialise to other bytes after an upgrade, and only semantic equality is promised.
No cache lifetime is given: every signed-in answer stays ``private, no-store`` (``api.request_limits.SecurityHeaders``,
issue 31), so it is the site that keeps the tag and the page it last read, and sends the tag back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

# What the OpenAPI document says of the 304 a conditional route may answer.
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {304: {
    "description": "未变化：If-None-Match 中的标签仍是当前的，无正文 / not modified: the tag sent in If-None-Match is "
                   "current; no body"}}


def weak_tag(body: bytes) -> str:
    return f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'


def _opaque(tag: str) -> str:
    """The tag without its weakness mark: ``If-None-Match`` compares weakly (RFC 9110 §13.1.2)."""
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def held_by_caller(if_none_match: str | None, tag: str) -> bool:
    """Whether one of the caller's validators is ``tag``, or it sent ``*``."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    return any(_opaque(given) == _opaque(tag) for given in if_none_match.split(",") if given.strip())


class ConditionalRoute(APIRoute):
    """A route whose successful GET answers carry a body tag and honour ``If-None-Match``. Errors and refusals are
    passed through untouched: only a 200 is a representation to validate."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def conditional(request: Request) -> Response:
            response = await handler(request)
            if request.method != "GET" or response.status_code != 200 or not hasattr(response, "body"):
                return response
            tag = weak_tag(bytes(response.body))
            if held_by_caller(request.headers.get("if-none-match"), tag):
                kept = {k: v for k, v in response.headers.items()
                        if k.lower() not in ("content-length", "content-type")}
                return Response(status_code=304, headers={**kept, "ETag": tag})
            response.headers["ETag"] = tag
            return response

        return conditional
