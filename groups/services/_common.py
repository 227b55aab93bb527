"""What the groups services share: refusals as ValidationError, the audit line, text guards."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Model

from audit.services import record as audit_record
from core.text import TextContext, check_text
from schools.models import User
from schools.selectors import users_for
from schools.tenancy import Actor

from ..models import WellbeingGroup


def refuse(message: str, field: str | None = None, code: str = "invalid") -> None:
    raise ValidationError({field: [message]} if field else message, code=code)


def text_context(group: WellbeingGroup, *, allow_staff_names: bool = False) -> TextContext:
    """What a group's texts are about: its school (a stage's or a working group's through its parent),
    or every school of the municipality for a city-level group."""
    attached = group
    while attached.school_id is None and attached.parent_id is not None:
        attached = attached.parent
    return TextContext(
        municipality_id=group.municipality_id,
        school_ids=frozenset({attached.school_id}) if attached.school_id else None,
        allow_staff_names=allow_staff_names,
    )


def check_group_texts(context: TextContext, **texts: str) -> None:
    """Agendas and minutes of communal groups: the "group" guards (identity codes, pupils' names of the
    schools in `context`)."""
    for field, text in texts.items():
        check_text(text, scope="group", field=field, context=context)


def in_municipality(actor: Actor, user: User | None) -> bool:
    """A person with an active membership in the actor's municipality (None passes: no person)."""
    return user is None or users_for(actor).filter(pk=user.pk).exists()


def audit(actor: Actor, obj: Model, action: str, before: dict | None, after: dict | None) -> None:
    audit_record(
        actor_user=actor.user,
        municipality=actor.municipality,
        obj=obj,
        action=action,
        before=before,
        after=after,
    )
