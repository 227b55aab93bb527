"""The rules every text of the roles app passes before it is saved: length and characters as the model
fields define them, and core's text guards for texts every staff member reads (role descriptions,
responsibilities, section names, practical acts, published documents).

Kept out of `services` so each service only calls one function here before it writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.text import (
    TextContext,
    check_shared_text,
    normalize_newlines,
    validate_multiline,
    validate_one_line,
)

from .models import MAX_RESPONSIBILITIES, ActSection, PracticalAct, Responsibility, Role, RolesTool


def normalized(text: str | None) -> str:
    """A multi-line text as kept: one kind of line ending (texts saved before this rule may hold CRLF,
    and an edit that resends them must not be refused for it), no surrounding blanks."""
    return normalize_newlines(text or "").strip()


def tool_context(tool: RolesTool) -> TextContext:
    """What a roles tool's texts are about: its school (the names of its pupils)."""
    return TextContext(municipality_id=tool.school.municipality_id, school_ids=frozenset({tool.school_id}))


def _checked(
    validator: Callable[[str], None], text: str, field: str, context: TextContext | None = None
) -> None:
    try:
        validator(text)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    check_shared_text(text, field=field, context=context)


def check_role(role: Role, responsibilities: list[Responsibility]) -> None:
    """After `role.full_clean()` (lengths and characters of the role's own fields)."""
    for field in ("name_fi", "name_sv", "description", "description_sv"):
        check_shared_text(getattr(role, field), field=field)
    if len(responsibilities) > MAX_RESPONSIBILITIES:
        raise ValidationError(
            {
                "responsibilities": _("A role can have at most %(max)s responsibilities (now %(count)s).")
                % {"max": MAX_RESPONSIBILITIES, "count": len(responsibilities)}
            }
        )
    for number, line in enumerate(responsibilities, start=1):
        for field, text in (("responsibilities", line.text), ("responsibilities_sv", line.text_sv)):
            try:
                line.clean_fields(exclude=["role", "text_sv" if field == "responsibilities" else "text"])
                check_shared_text(text)
            except ValidationError as error:
                raise ValidationError(
                    {
                        field: _("Line %(number)s: %(error)s")
                        % {"number": number, "error": " ".join(error.messages)}
                    }
                ) from None


def check_section(section: ActSection) -> None:
    """After `section.full_clean()`."""
    for field in ("name_fi", "name_sv"):
        check_shared_text(getattr(section, field), field=field)


def check_act_text(text: str, context: TextContext | None = None) -> None:
    """After the length check of the act (its own message). `context`: the tool's (`tool_context`)."""
    _checked(validate_multiline, text, "text", context)


def clean_with_whom(with_whom: str, context: TextContext | None = None) -> str:
    with_whom = (with_whom or "").strip()
    limit = PracticalAct._meta.get_field("with_whom").max_length
    if len(with_whom) > limit:
        raise ValidationError({"with_whom": _("Keep this under %(max)s characters.") % {"max": limit}})
    _checked(validate_one_line, with_whom, "with_whom", context)
    return with_whom


def _strings_of(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_of(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings_of(item)


def check_document(document: dict, context: TextContext | None = None) -> None:
    """A document about to be published (printed, e-mailed about, read by every staff member): texts
    saved before the guards existed are caught here."""
    for text in _strings_of(document):
        check_shared_text(text, context=context)
