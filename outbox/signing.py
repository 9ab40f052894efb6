"""Webhook signatures, version 2: ``X-Innodock-Signature: sha256=<hex HMAC-SHA256(secret,
"<timestamp>.<delivery id>.<body>")>``, announced by ``X-Innodock-Signature-Version: 2``.

Signing the timestamp with the body lets a receiver refuse replays: a captured request cannot be re-sent later with
a fresh timestamp without the secret. Signing the delivery id (``X-Innodock-Delivery``, what receivers deduplicate
on) means a captured request cannot be re-sent under another id either, to slip past the deduplication.

Version 1 (before issue 17) signed ``"<timestamp>.<body>"`` only; its verifiers fail on every version 2 request, so
integrators update their verifier (docs/api.md, "Verifying a signature").

This module uses the standard library only, so integrators can copy :func:`verify_signature` as it is.
"""

from __future__ import annotations

import hashlib
import hmac
import time

DEFAULT_TOLERANCE_SECONDS = 300
SIGNATURE_VERSION = "2"


def signed_message(timestamp: int | str, delivery_id: str, body: bytes) -> bytes:
    """The bytes that are signed: ``<timestamp>.<delivery id>.<body>``."""
    return f"{timestamp}.{delivery_id}.".encode() + body


def signature(secret: str, timestamp: int | str, delivery_id: str, body: bytes) -> str:
    """The header value for this delivery, body and timestamp."""
    message = signed_message(timestamp, delivery_id, body)
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify_signature(secret: str, timestamp: str | int, delivery_id: str, body: bytes, header: str, *,
                     tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS, now: float | None = None) -> bool:
    """True when ``header`` is innodock's signature of exactly these raw ``body`` bytes, for this ``delivery_id``
    (the ``X-Innodock-Delivery`` header) at ``timestamp``, and the timestamp is within ``tolerance_seconds`` of
    ``now`` (default: the clock). Verify the raw bytes as received, before parsing the JSON: re-serialising changes
    the bytes.
    """
    try:
        stamp = int(str(timestamp).strip())
    except ValueError:
        return False
    current = time.time() if now is None else now
    if abs(current - stamp) > tolerance_seconds:
        return False
    expected = signature(secret, stamp, str(delivery_id).strip(), body)
    return hmac.compare_digest(expected.encode("ascii"), header.strip().encode("ascii", "replace"))
