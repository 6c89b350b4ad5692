"""API token secrets: made, recognised and hashed here, without the database.

A token reads ``wm_<prefix>_<secret>``: ``wm_`` marks it as a Woonmonitor key (so a leaked
one is easy to find in code or logs), the prefix of 8 hex digits tells a user's tokens
apart and may be shown, and the secret holds 256 random bits. Only the SHA-256 hash of
the whole token is stored; a hash of a random secret this long needs no slow key
stretching, and looking it up by hash leaks nothing useful through timing.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "wm_"
PREFIX_BYTES = 4
SECRET_BYTES = 32


def new_token() -> tuple[str, str]:
    """A fresh token: its public prefix and the whole token (to be shown once)."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    return prefix, f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"


def hash_token(token: str) -> str:
    """The hex SHA-256 of the whole token: what the database keeps."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
