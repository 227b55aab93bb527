"""The access log of pupils' data: one row per read or change, written by pages, the API and services."""

from __future__ import annotations

from schools.tenancy import Actor

from .models import AccessAction, AccessLogEntry, FollowUpCase, Pupil


def record(
    actor: Actor,
    what: str,
    *,
    action: str = AccessAction.READ,
    pupil: Pupil | None = None,
    case: FollowUpCase | None = None,
    school_id: int | None = None,
    via: str = "page",
) -> AccessLogEntry:
    """Log that `actor` read or changed `what` (e.g. "case", "pupil absences", "pupil list of 7B")."""
    if school_id is None:
        school_id = (case.school_id if case else None) or (pupil.school_id if pupil else None)
    return AccessLogEntry.objects.create(
        municipality=actor.municipality,
        school_id=school_id,
        user=actor.user,
        action=action,
        what=what[:200],
        pupil=pupil or (case.pupil if case else None),
        case=case,
        via=via,
    )
