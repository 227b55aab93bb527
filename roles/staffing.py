"""Staffing (who holds which role at which school in which school year): the writes.

One function per use case, atomic; the rule of who may staff a school is `policies.staffing`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record as audit_record
from core.errors import ObjectNotFound
from schools.models import Membership, School, SchoolYear, User
from schools.selectors import previous_school_year
from schools.tenancy import Actor

from . import policies
from .models import Role, StaffAssignment


def _audit(actor: Actor, assignment: StaffAssignment, action: str) -> None:
    """Staffing history: who was given or relieved of which role, where, in which year."""
    text = {
        "person": assignment.user.get_full_name() or assignment.user.email,
        "role": assignment.role.name_fi,
        "school": assignment.school.name,
        "school_year": assignment.school_year.name,
    }
    audit_record(
        actor_user=actor.user,
        municipality=actor.municipality,
        obj=assignment,
        action=action,
        before=text if action == AuditAction.UNASSIGNED else None,
        after=text if action == AuditAction.ASSIGNED else None,
        context={"school": assignment.school_id, "school_year": assignment.school_year_id},
    )


def _validate_assignment(
    actor: Actor, user: User, school: School, role: Role, school_year: SchoolYear
) -> None:
    municipality_id = actor.municipality.pk
    # Another municipality's row is "not found", as a missing one is: no message tells them apart.
    if {school.municipality_id, school_year.municipality_id, role.municipality_id} != {municipality_id}:
        raise ObjectNotFound
    if not role.is_active:
        raise ValidationError({"role": _("Choose an active role of your municipality's catalog.")})
    if not role.is_staff_role:
        raise ValidationError(
            {"role": _("Pupils and guardians take part as representatives, not as assigned staff.")}
        )
    if not Membership.objects.filter(user=user, municipality_id=municipality_id, is_active=True).exists():
        raise ValidationError({"user": _("Choose an active person of your municipality.")})


@transaction.atomic
def assignment_create(
    *, actor: Actor, user: User, school: School, role: Role, school_year: SchoolYear
) -> StaffAssignment:
    _validate_assignment(actor, user, school, role, school_year)
    policies.staffing.require_staff(actor, school, school_year)
    assignment = StaffAssignment(user=user, school=school, role=role, school_year=school_year)
    assignment.validate_constraints()
    assignment.save()
    _audit(actor, assignment, AuditAction.ASSIGNED)
    actor.memo.clear()  # what the actor holds has changed
    return assignment


@transaction.atomic
def assignment_delete(*, actor: Actor, assignment: StaffAssignment) -> None:
    if assignment.school.municipality_id != actor.municipality.pk:
        raise ObjectNotFound
    policies.staffing.require(actor, "delete", assignment)
    _audit(actor, assignment, AuditAction.UNASSIGNED)
    assignment.delete()
    actor.memo.clear()


@transaction.atomic
def assignments_copy_from_previous_year(*, actor: Actor, school: School, school_year: SchoolYear) -> int:
    """Carry last year's staff of `school` into `school_year`; returns how many were added.

    Skips what already exists, people no longer active here and roles retired since.
    """
    if {school.municipality_id, school_year.municipality_id} != {actor.municipality.pk}:
        raise ObjectNotFound
    policies.staffing.require_staff(actor, school, school_year)
    previous = previous_school_year(school_year)
    if previous is None:
        raise ValidationError(_("There is no earlier school year to copy from."))
    existing = set(
        StaffAssignment.objects.filter(school=school, school_year=school_year).values_list(
            "user_id", "role_id"
        )
    )
    active_user_ids = set(
        Membership.objects.filter(
            municipality=actor.municipality, is_active=True, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    new = [
        StaffAssignment(user_id=a.user_id, school=school, role_id=a.role_id, school_year=school_year)
        for a in StaffAssignment.objects.filter(school=school, school_year=previous, role__is_active=True)
        if (a.user_id, a.role_id) not in existing and a.user_id in active_user_ids
    ]
    created = StaffAssignment.objects.bulk_create(new)
    for assignment in StaffAssignment.objects.filter(pk__in=[a.pk for a in created]).select_related(
        "user", "role", "school", "school_year"
    ):
        _audit(actor, assignment, AuditAction.ASSIGNED)
    actor.memo.clear()
    return len(new)
