"""A TestClient whose requests cross to the app's event loop once, for the walks that send thousands of requests.

Why: Starlette's TestClient streams each response, and every step of that (two events, a memory stream, a cancel
scope, the app's task, waiting for the start, each chunk of the body, closing) is a call from the test's thread into
the portal's event loop thread: about eight thread round trips a request. The scope matrix and the route-rules walks
send 3,000-5,000 requests a test; sampled on a loaded 2-core machine, a third of their time was those hand-overs
(``call_soon_threadsafe`` waking the loop), not the app.

:func:`one_trip` swaps the client's transport for one that runs the whole request in one portal call: the same ASGI
scope as Starlette's transport builds (method, path, raw path, query, headers, client, server, the lifespan's state),
the request body in one message, the response collected whole. What the app does, and what the test reads, are the
same: status, headers and body, cookies (kept by the client, above the transport), and an exception the app did not
handle raised in the test, as Starlette's ``raise_server_exceptions`` does. Not for streaming a response piece by
piece or websockets (no walk here needs either).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import anyio
from starlette import testclient as starlette_testclient
from starlette.testclient import TestClient
from starlette.types import Message

httpx = starlette_testclient.httpx  # the httpx Starlette's client is built on


class OneTripTransport(httpx.BaseTransport):  # type: ignore[misc,name-defined]
    """Each request as one call into the client's portal (the lifespan's, opened by ``with TestClient(app)``)."""

    def __init__(self, client: TestClient, inner: Any) -> None:
        self.client, self.inner = client, inner

    def handle_request(self, request: Any) -> Any:
        portal = self.client.portal
        if portal is None or request.url.scheme not in ("http", "https"):
            return self.inner.handle_request(request)  # no lifespan portal open, or a websocket: Starlette's way
        url = request.url
        port = url.port if url.port is not None else {"http": 80, "https": 443}[url.scheme]
        headers: list[tuple[bytes, bytes]] = [] if "host" in request.headers else [(b"host", url.netloc)]
        headers += [(key.lower().encode(), value.encode()) for key, value in request.headers.multi_items()]
        scope = {
            "type": "http", "http_version": "1.1", "method": request.method, "path": unquote(url.path),
            "raw_path": url.raw_path.split(b"?", 1)[0], "root_path": self.inner.root_path, "scheme": url.scheme,
            "query_string": url.query, "headers": headers, "client": self.inner.client,
            "server": [url.raw_host.decode("ascii"), port],
            "extensions": {"http.response.debug": {}, "http.response.trailers": {}},
            "state": self.inner.app_state.copy(),
        }
        body = request.read()
        app = self.inner.app

        async def run() -> tuple[dict[str, Any], bytes]:
            start: dict[str, Any] = {}
            chunks: list[bytes] = []
            asked = False
            done = anyio.Event()

            async def receive() -> Message:
                nonlocal asked
                if asked:  # the body was read: the client stays until the response is complete
                    await done.wait()
                    return {"type": "http.disconnect"}
                asked = True
                return {"type": "http.request", "body": body}

            async def send(message: Message) -> None:
                if message["type"] == "http.response.start":
                    assert not start, 'Received multiple "http.response.start" messages.'
                    start.update(status_code=message["status"], headers=[
                        (k.decode(), v.decode()) for k, v in message.get("headers", [])])
                elif message["type"] == "http.response.body":
                    assert start, 'Received "http.response.body" without "http.response.start".'
                    chunks.append(bytes(message.get("body", b"")))
                    if not message.get("more_body", False):
                        done.set()

            try:
                await app(scope, receive, send)
            finally:
                done.set()
            return start, b"".join(chunks)

        start, content = portal.call(run)  # what the app raised is raised here, as raise_server_exceptions does
        if not start:
            raise AssertionError("TestClient did not receive any response.")
        return httpx.Response(start["status_code"], headers=start["headers"],
                              content=b"" if request.method == "HEAD" else content, request=request)


def one_trip(client: TestClient) -> TestClient:
    """``client`` (entered: ``with TestClient(app) as client``) with :class:`OneTripTransport`."""
    assert client.portal is not None, "enter the TestClient first (its lifespan portal carries the requests)"
    client._transport = OneTripTransport(client, client._transport)  # type: ignore[attr-defined]
    return client
