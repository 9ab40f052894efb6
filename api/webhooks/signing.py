"""Webhook signatures: ``X-Innodock-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>``.

Signing the timestamp with the body lets a receiver refuse replays: a captured request cannot be re-sent later with
a fresh timestamp without the secret. This module uses the standard library only, so integrators can copy
:func:`verify_signature` as it is.
"""

from __future__ import annotations

import hashlib
import hmac
import time

DEFAULT_TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """The header value for this body and timestamp."""
    message = str(timestamp).encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify_signature(secret: str, timestamp: str | int, body: bytes, header: str, *,
                     tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS, now: float | None = None) -> bool:
    """True when ``header`` is innodock's signature of exactly these raw ``body`` bytes at ``timestamp``, and the
    timestamp is within ``tolerance_seconds`` of ``now`` (default: the clock). Verify the raw bytes as received,
    before parsing the JSON: re-serialising changes the bytes.
    """
    try:
        stamp = int(str(timestamp).strip())
    except ValueError:
        return False
    current = time.time() if now is None else now
    if abs(current - stamp) > tolerance_seconds:
        return False
    expected = signature(secret, stamp, body)
    return hmac.compare_digest(expected.encode("ascii"), header.strip().encode("ascii", "replace"))
