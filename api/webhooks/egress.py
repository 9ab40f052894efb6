"""Where webhooks may go: by default not to this machine or the private network (SSRF).

A subscription's URL is chosen by an integrator; without this guard a key holder could make the server POST to
``http://127.0.0.1:…`` or a cloud metadata address. The check runs at every attempt, on the addresses the name
resolves to then (a name that pointed outside at subscription time may point inside later).
Local receivers for trying things out need ``INNODOCK_API_WEBHOOK_ALLOW_PRIVATE=true``.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import httpx

from core.errors import InnodockError


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_global and not ip.is_multicast


def refuse_literal_private(url: str) -> None:
    """At subscription time: an IP literal or ``localhost`` in the URL is judged at once."""
    host = (urlsplit(url).hostname or "").strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        raise InnodockError("回调地址不能指向本机 / the webhook url must not point at this machine", field="url")
    try:
        public = _is_public(host)
    except ValueError:
        return  # a name: resolved and checked at every delivery
    if not public:
        raise InnodockError("回调地址不能是内网地址 / the webhook url must not be a private address", field="url")


class PublicOnlyTransport(httpx.HTTPTransport):
    """An httpx transport that refuses to connect to non-public addresses."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        port = request.url.port or (443 if request.url.scheme == "https" else 80)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise httpx.ConnectError(f"cannot resolve {host}: {exc}", request=request) from exc
        private = sorted({str(info[4][0]) for info in infos if not _is_public(str(info[4][0]))})
        if private:
            raise httpx.ConnectError(f"refused: {host} resolves to a non-public address ({', '.join(private)})",
                                     request=request)
        return super().handle_request(request)


def delivery_client(*, timeout: float, allow_private: bool) -> httpx.Client:
    transport = httpx.HTTPTransport() if allow_private else PublicOnlyTransport()
    return httpx.Client(transport=transport, timeout=timeout, follow_redirects=False)
