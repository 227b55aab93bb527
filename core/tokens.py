"""Secret addresses (calendar feeds): a random token shown once, and the digest that is stored.

Only the SHA-256 of a token is kept, so a leaked database does not leak the addresses; a token that is
not plain ASCII of a sane length is refused before it is hashed (one answer for every bad token)."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def plausible_token(token: str) -> bool:
    return bool(token) and len(token) <= MAX_TOKEN_LENGTH and token.isascii()
