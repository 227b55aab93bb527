"""Rules for the texts people type: what characters a one-line or a multi-line text may hold, and the
text guards (core.registries.text_guards) that texts shared with others must pass.

The validators go on the model fields, so `full_clean()` in the services, the page forms (through
`core.forms.OneLineField` / `MultilineField`) and the API (`core.api.OneLineCharField` /
`MultilineCharField`) refuse the same texts with the same message.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .registries import TextContext, text_guards

__all__ = [
    "PUPIL_NAMES_GUARD",
    "TextContext",
    "check_shared_text",
    "check_text",
    "refused_by",
    "normalize_newlines",
    "validate_multiline",
    "validate_one_line",
]

# The guard an upper app (absences) registers for pupils' names: forms of the apps below it offer the
# confirmation "this is a staff member's name" after its refusal, without importing that app.
PUPIL_NAMES_GUARD = "pupil_names"

# Control (Cc) and format (Cf) characters: NUL, escape codes, carriage returns, zero-width and
# direction marks. Invisible, they break e-mail headers, PDFs and searches; nobody types them on
# purpose. Line and paragraph separators (Zl, Zp) break a line like a newline does.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
# A multi-line text keeps its line breaks and tabs (normalised to "\n" by `normalize_newlines`).
_MULTILINE_ALLOWED = frozenset("\n\t")


def _first_refused(value: str, allowed: frozenset[str]) -> str | None:
    for char in value:
        if char not in allowed and unicodedata.category(char) in _REFUSED_CATEGORIES:
            return char
    return None


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip()


def validate_one_line(value: str) -> None:
    """A name or a title: one line, no control or invisible formatting characters."""
    char = _first_refused(value or "", frozenset())
    if char is None:
        return
    if char in "\n\r\u2028\u2029\x0b\x0c\x85":
        raise ValidationError(_("Write this on one line, without line breaks."), code="line_break")
    raise ValidationError(
        _("Remove the invisible control character %(character)s: it cannot be saved here."),
        code="control_character",
        params={"character": _describe(char)},
    )


def validate_multiline(value: str) -> None:
    """A description or an act: line breaks and tabs are kept, other control characters refused."""
    char = _first_refused(value or "", _MULTILINE_ALLOWED)
    if char is not None:
        raise ValidationError(
            _("Remove the invisible control character %(character)s: it cannot be saved here."),
            code="control_character",
            params={"character": _describe(char)},
        )


def normalize_newlines(value: str) -> str:
    """Browsers send CRLF and some clients CR: keep one line ending so texts split and compare alike."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def check_text(
    text: str, *, scope: str, field: str | None = None, context: TextContext | None = None
) -> None:
    """Raise ValidationError with the first registered guard's message that refuses `text` in `scope`.

    `field` names the form or API field the error belongs to (None: the whole form). `context` says
    which municipality and schools the text is about (guards that need it let a text without one pass)."""
    if not text:
        return
    for guard in text_guards:
        if scope not in guard.scopes:
            continue
        message = guard.run(text, context)
        if message:
            # The guard's name stays on the error as its code, on a field too (see `refused_by`).
            refusal = ValidationError(message, code=guard.name)
            raise ValidationError({field: [refusal]}) if field else refusal


def refused_by(error: ValidationError, guard_name: str) -> bool:
    """Whether `error` holds a refusal of the text guard `guard_name` (a form then offers what lifts it,
    e.g. confirming that a name is a staff member's)."""
    if hasattr(error, "error_dict"):
        refusals = [e for errors in error.error_dict.values() for e in errors]
    else:
        refusals = error.error_list
    return any(e.code == guard_name for e in refusals)


def check_shared_text(text: str, *, field: str | None = None, context: TextContext | None = None) -> None:
    """The guards of texts every staff member reads (role descriptions, practical acts, names of
    sections, schools and holidays): services call this before they write."""
    check_text(text, scope="shared", field=field, context=context)
