"""Loopback webhook receivers for the sender's tests: real sockets in threads, each behaving as one kind of
subscriber — a healthy one, one that drips its answer a byte at a time, one that floods a huge body.

Everything here is driven by events, never by sleeping for a guessed time: a test waits (with a generous deadline)
for what a receiver reports, and releases a dripping receiver when it has seen what it wanted to see.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

MiB = 1024 * 1024


@dataclass
class Request:
    line: str
    headers: dict[str, str]
    body: bytes


def read_request(conn: socket.socket) -> Request | None:
    """One HTTP/1.1 request (headers, then a Content-Length body); None if the peer went away first."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines)}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        rest += chunk
    return Request(line=line, headers=headers, body=rest[:length])


class LoopbackServer:
    """Accepts on 127.0.0.1 (or with TLS) and runs ``handle(conn)`` for each connection in a thread of its own."""

    def __init__(self, handle: Callable[[socket.socket], None], *, tls: ssl.SSLContext | None = None) -> None:
        self.handle = handle
        self.tls = tls
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.connections = 0
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def url(self, path: str = "/hook", host: str = "127.0.0.1", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}{path}"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return  # closed
            self.connections += 1
            worker = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(worker)
            worker.start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            if self.tls is not None:
                try:
                    conn = self.tls.wrap_socket(conn, server_side=True)
                except (ssl.SSLError, OSError):
                    conn.close()
                    return
            self.handle(conn)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                conn.close()

    def close(self) -> None:
        self.listener.close()
        for worker in self._threads:
            worker.join(timeout=30)


@dataclass
class Healthy:
    """Answers 204 at once and remembers each request."""

    status: int = 204
    requests: list[Request] = field(default_factory=list)
    received: threading.Event = field(default_factory=threading.Event)

    def __call__(self, conn: socket.socket) -> None:
        request = read_request(conn)
        if request is None:
            return
        self.requests.append(request)
        conn.sendall(f"HTTP/1.1 {self.status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode())
        self.received.set()


@dataclass
class Drip:
    """Reads the request, then sends its answer one byte at a time (a header line that never ends) until released;
    ``dropped`` is set when the sender hangs up on it."""

    interval: float = 0.05
    connected: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    dropped: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)
    bytes_sent: int = 0

    def __call__(self, conn: socket.socket) -> None:
        request = read_request(conn)
        if request is None:
            return
        self.connected.set()
        try:
            for byte in b"HTTP/1.1 200 OK\r\nX-Drip: ":
                conn.sendall(bytes([byte]))
                self.bytes_sent += 1
            while not self.release.wait(self.interval):
                conn.sendall(b"a")
                self.bytes_sent += 1
            conn.sendall(b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            self.finished.set()
        except OSError:
            self.dropped.set()


@dataclass
class Flood:
    """Answers ``status`` announcing ``total`` bytes of body and sends them as fast as it can; counts what it
    managed to send before the connection was dropped."""

    total: int = 64 * MiB
    status: int = 503
    bytes_sent: int = 0
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def __call__(self, conn: socket.socket) -> None:
        try:
            if read_request(conn) is None:
                return
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 64 * 1024)
            conn.sendall(f"HTTP/1.1 {self.status} X\r\nContent-Length: {self.total}\r\n"
                         "Content-Type: text/plain\r\nConnection: close\r\n\r\n".encode())
            block = b"x" * 65536
            while self.bytes_sent < self.total:
                conn.sendall(block)
                self.bytes_sent += len(block)
        except OSError as exc:
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.done.set()
