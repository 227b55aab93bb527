"""Clean-up of untrusted text before it is used: search terms, sign-in addresses, redirect targets.

Every function here takes what a request sent (any string, or nothing) and returns something safe to
use; none of them raises.
"""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme

# Long enough for any real name or address; short enough that a pasted novel cannot turn into a
# LIKE pattern the database refuses (SQLite) or scans slowly.
SEARCH_MAX_LENGTH = 100
# Terms of one search: each becomes its own OR-group of LIKE clauses.
SEARCH_MAX_TERMS = 4
NUL = "\x00"


def search_text(value: object, *, max_length: int = SEARCH_MAX_LENGTH) -> str:
    """A search string as the database may see it: NUL removed (PostgreSQL refuses it in text),
    surrounding space trimmed, at most `max_length` characters."""
    if not isinstance(value, str):
        return ""
    return value.replace(NUL, "").strip()[:max_length]


def normalise_email(value: object) -> str | None:
    """An e-mail address as sign-in compares it: surrounding space dropped, lower case.

    Sign-in finds the account case-insensitively (`email__iexact`), so everything that counts sign-in
    attempts must see `Name@Example.fi ` and `name@example.fi` as the same address. Capped at the
    longest valid address (254) so that a junk value cannot overflow the lockout table's column."""
    if not isinstance(value, str):
        return None
    return value.strip().lower()[:254]


def contains_nul(*values: object) -> bool:
    """True when any of the strings holds a NUL character."""
    return any(isinstance(value, str) and NUL in value for value in values)


def local_redirect(value: object, *, host: str, secure: bool = False) -> str | None:
    """A `next` target that is a path on this site, or None.

    Only absolute paths: Django's `redirect()` takes a bare word for a URL name and fails (a 500) when
    there is none, and anything with a host or scheme could send the user elsewhere."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return None
    if not url_has_allowed_host_and_scheme(value, allowed_hosts={host}, require_https=secure):
        return None
    return value
