"""Passwords with argon2id (slow on purpose); tokens with SHA-256 (fast on purpose).

A session token or API key is 256 bits of randomness, so guessing it is hopeless whatever the hash; a slow hash there
would only cap how many requests a second the API can check.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()
# Checked against when the username is unknown, so a miss costs as long as a hit and does not reveal who exists.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

KEY_MARK = "ik"
SESSION_MARK = "is"
INVITATION_MARK = "iv"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def sha256_hex(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_digest(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("ascii"), b.encode("ascii"))


def new_api_key() -> tuple[str, str]:
    """``(prefix, token)``: the prefix (8 hex characters) is shown in lists; the token is shown once."""
    prefix = secrets.token_hex(4)
    return prefix, f"{KEY_MARK}_{prefix}_{secrets.token_urlsafe(32)}"


def split_api_key(token: str) -> str | None:
    """The prefix of a well-formed key, else None (``token_urlsafe`` may itself contain ``_``, the hex prefix not)."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_MARK or len(parts[1]) != 8 or not parts[2]:
        return None
    if any(c not in "0123456789abcdef" for c in parts[1]):
        return None
    return parts[1]


def new_session_token() -> str:
    return f"{SESSION_MARK}_{secrets.token_urlsafe(32)}"


def new_invitation_token() -> str:
    return f"{INVITATION_MARK}_{secrets.token_urlsafe(32)}"
