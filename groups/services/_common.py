"""What the groups services share: refusals as ValidationError, the audit line, text guards."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Model

from audit.services import record as audit_record
from core.text import check_text
from schools.models import User
from schools.selectors import users_for
from schools.tenancy import Actor


def refuse(message: str, field: str | None = None, code: str = "invalid") -> None:
    raise ValidationError({field: [message]} if field else message, code=code)


def check_group_texts(**texts: str) -> None:
    """Agendas and minutes of communal groups: the "group" guards (identity codes, pupils' names)."""
    for field, text in texts.items():
        check_text(text, scope="group", field=field)


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
