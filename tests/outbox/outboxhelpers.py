"""What the outbox's tests and the API's webhook tests share: a subscription made through the service, and a real
local receiver."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from core.db import session_scope
from outbox import service as webhooks
from tests.api.apihelpers import World

SECRET = "whsec_receiver_secret_0123456789"


def subscribe(world: World, org: str, url: str, events: list[str], secret: str = SECRET) -> str:
    with session_scope(world.settings) as session:
        return webhooks.create_subscription(session=session, org_id=world.orgs[org], url=url, events=events,
                                            secret=secret, allow_private=True).id


class Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[dict[str, str], bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((dict(self.headers), body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *_args: object) -> None:
        return None


@pytest.fixture
def receiver_url() -> Iterator[str]:
    Receiver.received = []
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/innodock"
    server.shutdown()
    server.server_close()
