"""The sender against real sockets and the real httpx/httpcore: where it connects (the checked address, with the
name kept for Host, SNI and the certificate), which addresses it refuses, how a numeric host may be written, and
the deadline and cap of one attempt. No database: the sender is tested on its own."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.errors import InnodockError
from outbox.egress import Egress, host_address, is_public
from tests.api.webhookhelpers import Flood, Healthy, LoopbackServer, MiB

NAME = "receiver.test"


def _resolve(monkeypatch: pytest.MonkeyPatch, table: dict[str, list[str]]) -> list[str]:
    """Names in ``table`` resolve to its addresses (others as usual); returns the log of lookups."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def fake(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name in table:
            asked.append(name)
            return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "",
                     (ip, int(port))) for ip in table[name]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return asked


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for receiver.test (openssl's command line; skipped without it)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", f"/CN={NAME}",
                    "-addext", f"subjectAltName=DNS:{NAME}"], check=True, capture_output=True, timeout=60)
    return cert, key


@pytest.fixture
def tls_receiver(certificate: tuple[Path, Path]) -> Iterator[tuple[LoopbackServer, Healthy, list[str | None]]]:
    cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []
    context.sni_callback = lambda _sock, name, _ctx: names.append(name)  # type: ignore[assignment,func-returns-value]
    healthy = Healthy()
    server = LoopbackServer(healthy, tls=context)
    yield server, healthy, names
    server.close()


def test_https_goes_to_the_checked_address_with_the_name_for_host_sni_and_certificate(
        tls_receiver: tuple[LoopbackServer, Healthy, list[str | None]], certificate: tuple[Path, Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    server, healthy, names = tls_receiver
    asked = _resolve(monkeypatch, {NAME: ["127.0.0.1"]})
    trusting = ssl.create_default_context(cafile=str(certificate[0]))
    sender = Egress(deadline_seconds=30, allow_private=True, ssl_context=trusting)
    outcome = sender.post(server.url(host=NAME, scheme="https"), body=b"{}", headers={"X-Test": "1"})
    assert outcome.code == 204 and outcome.error is None, outcome
    [request] = healthy.requests
    assert request.headers["host"] == f"{NAME}:{server.port}" and request.line.startswith("POST /hook ")
    assert names == [NAME] and asked == [NAME]


def test_https_still_checks_the_certificate_against_the_name(
        tls_receiver: tuple[LoopbackServer, Healthy, list[str | None]], certificate: tuple[Path, Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Connecting by address must not mean checking the certificate against the address, or not at all."""
    server, healthy, _names = tls_receiver
    _resolve(monkeypatch, {"impostor.test": ["127.0.0.1"]})
    sender = Egress(deadline_seconds=30, allow_private=True,
                    ssl_context=ssl.create_default_context(cafile=str(certificate[0])))
    outcome = sender.post(server.url(host="impostor.test", scheme="https"), body=b"{}", headers={})
    assert outcome.code is None and "certificate" in (outcome.error or "").lower(), outcome
    default = Egress(deadline_seconds=30, allow_private=True)  # the system's trust store: a self-signed one fails
    _resolve(monkeypatch, {NAME: ["127.0.0.1"]})
    assert default.post(server.url(host=NAME, scheme="https"), body=b"{}", headers={}).code is None
    assert healthy.requests == []


def test_a_name_with_any_private_address_is_refused_before_connecting(monkeypatch: pytest.MonkeyPatch) -> None:
    healthy = Healthy()
    server = LoopbackServer(healthy)
    try:
        _resolve(monkeypatch, {"mixed.test": ["93.184.216.34", "127.0.0.1"], "meta.test": ["169.254.169.254"]})
        sender = Egress(deadline_seconds=30)
        for name in ("mixed.test", "meta.test"):
            outcome = sender.post(server.url(host=name), body=b"{}", headers={})
            assert outcome.code is None and "non-public" in (outcome.error or ""), outcome
        # Numeric hosts stored before the subscription check existed are judged by the address they resolve to.
        for host in ("127.1", "2130706433", "[::ffff:127.0.0.1]"):
            outcome = sender.post(server.url(host=host), body=b"{}", headers={})
            assert outcome.code is None and "non-public" in (outcome.error or ""), (host, outcome)
        assert server.connections == 0
    finally:
        server.close()


def test_a_slow_name_server_cannot_outlast_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real = socket.getaddrinfo

    def stuck(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "slow.test":
            release.wait(120)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", stuck)
    try:
        outcome = Egress(deadline_seconds=0.3).post("http://slow.test/hook", body=b"{}", headers={})
        assert outcome.code is None and (outcome.error or "").startswith("timeout"), outcome
    finally:
        release.set()


def test_a_flood_with_a_2xx_is_delivered_and_read_up_to_the_cap() -> None:
    flood = Flood(total=32 * MiB, status=200)
    server = LoopbackServer(flood)
    try:
        outcome = Egress(deadline_seconds=60, allow_private=True, max_response_bytes=64 * 1024).post(
            server.url(), body=b"{}", headers={})
        assert outcome.code == 200 and outcome.error is None and outcome.truncated
        assert 64 * 1024 <= outcome.bytes_read <= 64 * 1024 + 65536  # the cap plus at most one network read
        assert len(outcome.excerpt) <= 1024
        assert flood.done.wait(60) and flood.error is not None and flood.bytes_sent < 16 * MiB
    finally:
        server.close()


def test_redirects_are_not_followed() -> None:
    healthy = Healthy(status=307)
    server = LoopbackServer(healthy)
    try:
        outcome = Egress(deadline_seconds=30, allow_private=True).post(server.url(), body=b"{}", headers={})
        assert outcome.code == 307 and (outcome.error or "").startswith("HTTP 307") and len(healthy.requests) == 1
    finally:
        server.close()


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "169.254.0.1", "100.64.0.1",
    "100.127.255.254", "0.0.0.0", "224.0.0.1", "239.1.1.1", "240.0.0.1", "255.255.255.255", "192.0.0.8",
    "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1",
    "::ffff:169.254.169.254", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "2002:7f00:1::1",
    "2002:a9fe:a9fe::1", "::7f00:1", "fe80::1%eth0", "::ffff:8.8.8.8", "64:ff9b::808:808", "192.0.0.9",
])
def test_non_public_addresses(address: str) -> None:
    assert not is_public(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2002:808:808::1"])
def test_public_addresses(address: str) -> None:
    assert is_public(address)


@pytest.mark.parametrize(("host", "meant"), [
    ("127.1", "127.0.0.1"), ("2130706433", "127.0.0.1"), ("0x7f000001", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"),
    ("0x7f.1", "127.0.0.1"), ("127.0.0.1.", "127.0.0.1"), ("0", "0.0.0.0"), ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
    ("3232235777", "192.168.1.1"), ("1.2.3", "1.2.0.3"), ("0x5db8d822", "93.184.216.34"),
])
def test_legacy_numeric_hosts_are_refused_naming_the_address(host: str, meant: str) -> None:
    with pytest.raises(InnodockError) as info:
        host_address(host)
    assert info.value.field == "url" and meant in info.value.message


@pytest.mark.parametrize("host", ["1.2.3.4.5", "256.1.1.1", "99999999999", "example.123", "0x", "08.1.1.1"])
def test_other_numeric_looking_hosts_are_refused(host: str) -> None:
    with pytest.raises(InnodockError):
        host_address(host)


@pytest.mark.parametrize(("host", "expected"), [
    ("93.184.216.34", ipaddress.ip_address("93.184.216.34")), ("[2001:db8::7]", ipaddress.ip_address("2001:db8::7")),
    ("::ffff:127.0.0.1", ipaddress.ip_address("::ffff:127.0.0.1")), ("example.org", None),
    ("1password.com", None), ("cafe.face", None), ("xn--fiqs8s.example", None), ("a.b.c", None),
])
def test_plain_numeric_hosts_and_names(host: str, expected: object) -> None:
    assert host_address(host) == expected
