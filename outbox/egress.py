"""How one webhook attempt leaves the machine: only to public addresses (SSRF), and never for longer or larger than
allowed, whatever the receiver does.

SSRF. A subscription's URL is chosen by an integrator; without a guard a key holder could make the server POST to
``http://127.0.0.1:…`` or a cloud metadata address. At subscription time an address written in the URL is judged at
once, and numeric hosts are taken in their one plain spelling only (``127.1``, ``2130706433``, ``0x7f000001`` or
``0177.0.0.1`` are refused: resolvers read them as addresses, in ways that differ). At every attempt the name is
resolved **once**, every address it resolves to is checked, and the connection goes to a checked address — the HTTP
client never resolves the name again, so an answer that changes between the check and the connection (DNS
rebinding) changes nothing. The ``Host`` header and, for https, the SNI name and the certificate check keep the
name from the URL. Local receivers for trying things out need ``INNODOCK_API_WEBHOOK_ALLOW_PRIVATE=true``.

Stalling and bloat. Each attempt has one deadline over everything it does — the lookup, the connection, TLS, sending
the body and reading the whole answer — so a receiver that drips its answer a byte at a time is cut off at the
deadline, not after each slow read. The answer is read up to ``max_response_bytes`` and dropped (the connection is
closed then); only a short excerpt is kept for the delivery log.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpcore
import httpx

from core.errors import InnodockError

DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024
EXCERPT_BYTES = 1024  # kept from the answer's start, for the log (which shows the first 200 characters)
WRITE_CHUNK = 64 * 1024

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Never reachable, whatever ``is_global`` says: cloud metadata endpoints (AWS's IPv6 one is in a unique-local range;
# listed so the intent is plain), and prefixes that carry an IPv4 address inside an IPv6 one.
METADATA = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Ranges some Python versions call global that no webhook receiver lives in: "this network", the IETF protocol
# assignments, shared address space (CGNAT) and benchmarking.
REFUSED = tuple(ipaddress.ip_network(n) for n in ("0.0.0.0/8", "192.0.0.0/24", "100.64.0.0/10", "198.18.0.0/15"))


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, NAT64, the old "compatible" form), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64 or (int(ip) >> 32 == 0 and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(address: str | IPAddress) -> bool:
    """True for an address on the public internet: not private, loopback, link-local (so not 169.254.169.254),
    CGNAT (100.64/10), multicast, reserved, unspecified, nor an IPv6 form of any of these."""
    ip = address if isinstance(address, ipaddress.IPv4Address | ipaddress.IPv6Address) else \
        ipaddress.ip_address(str(address).split("%", 1)[0])
    if ip in METADATA or not ip.is_global or any(ip in net for net in REFUSED if net.version == ip.version):
        return False
    if ip.is_multicast or ip.is_reserved or ip.is_link_local or ip.is_loopback or ip.is_unspecified:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None and not is_public(inner):
            return False
    return True


# ---- subscription time: the host as written ----

_NUMBER = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)


def _inet_aton(parts: Sequence[str]) -> ipaddress.IPv4Address | None:
    """``inet_aton``'s reading of 1 to 4 numbers (decimal, 0x hex, 0-prefixed octal; the last fills the rest)."""
    values: list[int] = []
    for part in parts:
        if part.lower().startswith("0x"):
            values.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part.startswith("0"):
            if not set(part) <= set("01234567"):
                return None
            values.append(int(part, 8))
        else:
            values.append(int(part))
    if not 1 <= len(values) <= 4:
        return None
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        return None
    number = last
    for i, v in enumerate(head):
        number += v << (8 * (3 - i))
    return ipaddress.IPv4Address(number)


def host_address(host: str) -> IPAddress | None:
    """The address a URL's host names when it is numeric; None for a name. A numeric host in any spelling but the
    plain one (``127.0.0.1``, ``[::1]``) is refused: ``127.1``, ``2130706433``, ``0x7f000001``, ``0177.0.0.1``,
    ``127.0.0.1.``, and names whose last label is a number, which URL parsers take for an address too."""
    bare = host.strip("[]").lower()
    try:
        return ipaddress.ip_address(bare)  # the plain dotted quad, or an IPv6 literal (optionally with a zone)
    except ValueError:
        pass
    labels = bare.rstrip(".").split(".")
    legacy = all(_NUMBER.match(label) for label in labels) and bare.rstrip(".") != ""
    looks_numeric = legacy or bool(_NUMBER.match(labels[-1]))
    if not looks_numeric:
        try:  # whatever else the C library would read as an address
            socket.inet_aton(bare)
            looks_numeric = True
        except OSError:
            pass
    if looks_numeric:
        meant = _inet_aton(labels) if legacy else None
        hint = f"（即 {meant} / that is {meant}）" if meant is not None else ""
        raise InnodockError(f"回调地址的数字主机名须写成标准形式{hint} / write a numeric host in its plain form, "
                            "e.g. 203.0.113.7 or [2001:db8::7]", field="url")
    return None


def check_url_host(url: str, *, allow_private: bool) -> None:
    """At subscription time: numeric hosts in their plain form only, and (unless ``allow_private``) not this machine
    or the private network. A name is resolved and checked at every attempt instead."""
    host = (urlsplit(url).hostname or "").lower()
    address = host_address(host)
    if allow_private:
        return
    if host.rstrip(".") == "localhost" or host.rstrip(".").endswith(".localhost"):
        raise InnodockError("回调地址不能指向本机 / the webhook url must not point at this machine", field="url")
    if address is not None and not is_public(address):
        raise InnodockError("回调地址不能是内网地址 / the webhook url must not be a private address", field="url")


# ---- one attempt ----

@dataclass(frozen=True)
class Outcome:
    """What one attempt got: the status (None: no answer), an error text (None: a 2xx), the start of the answer,
    and how many bytes of it were read (at most the cap plus one network read)."""

    code: int | None
    error: str | None
    excerpt: str = ""
    bytes_read: int = 0
    truncated: bool = False


class Sender(Protocol):
    def post(self, url: str, *, body: bytes, headers: Mapping[str, str]) -> Outcome: ...


class Deadline:
    """One attempt's deadline: every blocking step gets at most what is left of it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        return self.at - time.monotonic()

    def cap(self, timeout: float | None, error: type[Exception]) -> float:
        left = self.left()
        if left <= 0:
            raise error(f"the attempt's deadline of {self.seconds:g} s passed")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose reads and writes never wait past the attempt's deadline (the TLS handshake takes its
    timeout as a total since Python 3.5)."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.cap(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        view = memoryview(buffer)
        for start in range(0, len(view), WRITE_CHUNK):  # a receiver that reads slowly cannot stretch one write
            self._inner.write(bytes(view[start:start + WRITE_CHUNK]),
                              self._deadline.cap(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        budget = self._deadline.cap(timeout, httpcore.ConnectTimeout)
        inner = self._inner.start_tls(ssl_context, server_hostname, budget)
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    """Connects to the addresses that were checked, never to what the name resolves to now."""

    def __init__(self, host: str, addresses: Sequence[str], deadline: Deadline) -> None:
        self._host = host
        self._addresses = list(addresses)
        self._deadline = deadline
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        if host.strip("[]").lower() != self._host:
            raise httpcore.ConnectError(f"refused: {host} is not the receiver that was checked")
        failure: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in self._addresses:
            try:
                stream = self._inner.connect_tcp(address, port, self._deadline.cap(timeout, httpcore.ConnectTimeout),
                                                 local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _DeadlineStream(stream, self._deadline)
        raise failure

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("webhooks do not go to unix sockets")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _PinnedTransport(httpx.HTTPTransport):
    """httpx's own transport (its request, response and error handling), over a connection pool whose network
    backend is :class:`_PinnedBackend`. httpx takes no backend argument, so its pool is replaced, with the same
    settings httpx gives it; one connection, no retries, HTTP/1.1."""

    def __init__(self, backend: _PinnedBackend, ssl_context: ssl.SSLContext) -> None:
        super().__init__(verify=ssl_context, http1=True, http2=False, retries=0)
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):  # pragma: no cover
            raise RuntimeError("httpx.HTTPTransport no longer keeps its pool in _pool; update the webhook sender")
        self._pool = httpcore.ConnectionPool(ssl_context=ssl_context, max_connections=1, http1=True, http2=False,
                                             retries=0, network_backend=backend)


def _lookup(host: str, port: int, deadline: Deadline) -> list[str]:
    """getaddrinfo in a thread of its own, waited for until the deadline (a slow name server cannot stall the
    sender); the addresses in the resolver's order, without repeats."""
    done = threading.Event()
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="innodock-webhook-dns", daemon=True).start()
    if not done.wait(max(deadline.left(), 0.0)):
        raise httpx.ConnectTimeout(f"looking up {host} outlived the attempt's deadline of {deadline.seconds:g} s")
    if "error" in box:
        raise httpx.ConnectError(f"cannot resolve {host}: {box['error']}")
    return list(dict.fromkeys(str(info[4][0]) for info in box["infos"]))


def _read_capped(client: httpx.Client, url: str, body: bytes, headers: Mapping[str, str],
                 cap: int) -> Outcome:
    """POST and read the answer up to ``cap`` bytes (as sent: no decompression), then hang up."""
    with client.stream("POST", url, content=body, headers={**headers, "Accept-Encoding": "identity"}) as response:
        code = response.status_code
        start = bytearray()
        read, truncated = 0, False
        # An answer built in memory (httpx.MockTransport) is read already; a real one streams.
        chunks: Iterable[bytes] = [response.content] if response.is_stream_consumed else response.iter_raw()
        for chunk in chunks:
            read += len(chunk)
            if len(start) < EXCERPT_BYTES:
                start += chunk[:EXCERPT_BYTES - len(start)]
            if read >= cap:
                truncated = True
                break
    excerpt = bytes(start).decode("utf-8", "replace")
    error = None if 200 <= code < 300 else f"HTTP {code}: {excerpt[:200]}"
    return Outcome(code=code, error=error, excerpt=excerpt, bytes_read=read, truncated=truncated)


def _failure(exc: Exception, deadline: Deadline | None) -> Outcome:
    if isinstance(exc, httpx.TimeoutException) or (deadline is not None and deadline.left() <= 0):
        seconds = f" within {deadline.seconds:g} s" if deadline is not None else ""
        return Outcome(code=None, error=f"timeout: no complete answer{seconds} ({type(exc).__name__}: {exc})"[:500])
    return Outcome(code=None, error=f"{type(exc).__name__}: {exc}"[:500])


class Egress:
    """The real sender (:class:`Sender`): one attempt per :meth:`post`, each on a fresh connection to a checked
    address, under one deadline, reading at most ``max_response_bytes``. Safe to share between threads."""

    def __init__(self, *, deadline_seconds: float, max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
                 allow_private: bool = False, ssl_context: ssl.SSLContext | None = None) -> None:
        self.deadline_seconds = deadline_seconds
        self.max_response_bytes = max_response_bytes
        self.allow_private = allow_private
        self.ssl_context = ssl_context or httpx.create_ssl_context()

    def addresses(self, host: str, port: int, deadline: Deadline) -> list[str]:
        """Where ``host`` may be reached: every address it resolves to, each checked (all or none)."""
        try:
            literal: IPAddress | None = ipaddress.ip_address(host.split("%", 1)[0])
        except ValueError:
            literal = None
        found = [host] if literal is not None else _lookup(host, port, deadline)
        if not self.allow_private:
            private = sorted(a for a in found if not is_public(a))
            if private:
                raise httpx.ConnectError(f"refused: {host} resolves to a non-public address ({', '.join(private)})")
        return found

    def post(self, url: str, *, body: bytes, headers: Mapping[str, str]) -> Outcome:
        deadline = Deadline(self.deadline_seconds)
        try:
            target = httpx.URL(url)
            if target.scheme not in ("http", "https") or not target.host:
                raise httpx.UnsupportedProtocol(f"not an http(s) URL: {url}")
            host = target.raw_host.decode("ascii").lower()  # an IDN name as the resolver and SNI take it
            port = target.port or (443 if target.scheme == "https" else 80)
            backend = _PinnedBackend(host, self.addresses(host, port, deadline), deadline)
            with httpx.Client(transport=_PinnedTransport(backend, self.ssl_context), timeout=self.deadline_seconds,
                              follow_redirects=False, trust_env=False) as client:
                return _read_capped(client, url, body, headers, self.max_response_bytes)
        except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
            return _failure(exc, deadline)

    def close(self) -> None:
        """Nothing is pooled between attempts; kept so an Egress can be used like a client."""

    def __enter__(self) -> Egress:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class ClientSender:
    """A :class:`Sender` over a given ``httpx.Client`` (tests hand in ``httpx.MockTransport``): the answer is read up
    to the cap, but the address checks and the deadline are the real sender's only."""

    def __init__(self, client: httpx.Client, *, max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES) -> None:
        self.client = client
        self.max_response_bytes = max_response_bytes

    def post(self, url: str, *, body: bytes, headers: Mapping[str, str]) -> Outcome:
        try:
            return _read_capped(self.client, url, body, headers, self.max_response_bytes)
        except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
            return _failure(exc, None)


def as_sender(client: Sender | httpx.Client) -> Sender:
    return ClientSender(client) if isinstance(client, httpx.Client) else client


def delivery_client(*, timeout: float, allow_private: bool,
                    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES) -> Egress:
    """The sender the deliverers use: ``timeout`` is each attempt's total deadline."""
    return Egress(deadline_seconds=timeout, max_response_bytes=max_response_bytes, allow_private=allow_private)
