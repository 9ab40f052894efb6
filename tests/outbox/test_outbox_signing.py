"""The signature integrators check (version 2): HMAC-SHA256 over "<timestamp>.<delivery id>.<body>", fresh
timestamps only."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from outbox.signing import signature, verify_signature

SECRET = "whsec_test_secret_0123456789"
BODY = '{"data":{"need_id":"n-1","标题":"电池热失控"},"event":"need.published"}'.encode()
NOW = 1_800_000_000
DELIVERY = "5b0f2c8e-6f3a-4d1e-9a57-3c2d1e0f9a8b"


def test_signature_is_hmac_sha256_of_timestamp_delivery_id_and_body() -> None:
    expected = hmac.new(SECRET.encode(), f"{NOW}.{DELIVERY}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert signature(SECRET, NOW, DELIVERY, BODY) == f"sha256={expected}"
    assert verify_signature(SECRET, str(NOW), DELIVERY, BODY, f"sha256={expected}", now=NOW + 10)


def test_version_1_signatures_no_longer_verify() -> None:
    """Version 1 signed "<timestamp>.<body>": a request signed so (or replayed from then) is refused."""
    old = "sha256=" + hmac.new(SECRET.encode(), f"{NOW}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert not verify_signature(SECRET, NOW, DELIVERY, BODY, old, now=NOW)


@pytest.mark.parametrize(("secret", "timestamp", "delivery", "body", "now"), [
    ("whsec_other_secret_0123456789", NOW, DELIVERY, BODY, NOW),  # wrong secret
    (SECRET, NOW, DELIVERY, BODY.replace(b"n-1", b"n-2"), NOW),  # body tampered
    (SECRET, NOW + 1, DELIVERY, BODY, NOW),  # timestamp tampered
    (SECRET, NOW, "another-delivery", BODY, NOW),  # delivery id swapped (to slip past deduplication)
    (SECRET, NOW, "", BODY, NOW),  # delivery id dropped
    (SECRET, NOW, DELIVERY, BODY + b" ", NOW),  # re-serialised (one more byte)
    (SECRET, NOW, DELIVERY, BODY, NOW + 301),  # too old: a replay
    (SECRET, NOW, DELIVERY, BODY, NOW - 301),  # from the future
])
def test_tampering_fails(secret: str, timestamp: int, delivery: str, body: bytes, now: int) -> None:
    header = signature(SECRET, NOW, DELIVERY, BODY)
    assert not verify_signature(secret, timestamp, delivery, body, header, now=now)


@pytest.mark.parametrize("header", ["", "sha256=", "sha1=abc", "sha256=" + "0" * 64, "签名", "sha256=ZZ"])
def test_garbage_headers_fail(header: str) -> None:
    assert not verify_signature(SECRET, NOW, DELIVERY, BODY, header, now=NOW)


@pytest.mark.parametrize("timestamp", ["", "abc", "1.5e9", "１８００"])
def test_garbage_timestamps_fail(timestamp: str) -> None:
    assert not verify_signature(SECRET, timestamp, DELIVERY, BODY, signature(SECRET, NOW, DELIVERY, BODY), now=NOW)


def test_the_snippet_in_the_docs_verifies() -> None:
    """docs/api.md hands integrators a copy of the verifier; it must agree with the signer."""
    import re
    import time
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "def verify_signature" in b)
    namespace: dict[str, object] = {}
    exec(block, namespace)
    verify = namespace["verify_signature"]
    now = int(time.time())
    header = signature(SECRET, now, DELIVERY, BODY)
    assert verify(SECRET, str(now), DELIVERY, BODY, header) is True  # type: ignore[operator]
    assert verify(SECRET, str(now), DELIVERY, BODY + b"x", header) is False  # type: ignore[operator]
    assert verify(SECRET, str(now), "another-delivery", BODY, header) is False  # type: ignore[operator]
    stale = signature(SECRET, now - 3600, DELIVERY, BODY)
    assert verify(SECRET, str(now - 3600), DELIVERY, BODY, stale) is False  # type: ignore[operator]
    # A forged header with characters outside ASCII is refused, not a TypeError (a 500 at the integrator's door):
    # the snippet compared str with str, which hmac.compare_digest refuses for non-ASCII text (walked 2026-11-28).
    assert verify(SECRET, str(now), DELIVERY, BODY, "sha256=é" + header[8:]) is False  # type: ignore[operator]
    for garbage in ("", "abc", "１８００"):
        assert verify(SECRET, garbage, DELIVERY, BODY, header) is False  # type: ignore[operator]
