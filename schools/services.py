"""Writes: one function per use case, atomic, with the acting person passed in.

Each function validates before it writes and raises ValidationError (translated messages) or
PermissionDenied; nothing is written when it raises.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.registries import emit
from roles.models import Role

from . import policies
from .models import Holiday, Language, Membership, Municipality, School, SchoolYear, StaffAssignment, User
from .tenancy import Actor


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not have permission to do this."))


# --- Municipalities ---------------------------------------------------------------------------


@transaction.atomic
def municipality_create(*, name: str, slug: str, code: str = "") -> Municipality:
    """A new tenant, with the standard role catalog installed."""
    from roles.services import catalog_install_standard_roles

    municipality = Municipality(name=name, slug=slug, code=code)
    municipality.full_clean()
    municipality.save()
    catalog_install_standard_roles(municipality=municipality)
    return municipality


# --- Schools ----------------------------------------------------------------------------------


@transaction.atomic
def school_create(*, actor: Actor, name: str, kind: str, language: str, stages: Iterable[str]) -> School:
    _require(policies.can_manage_organisation(actor))
    school = School(
        municipality=actor.municipality, name=name.strip(), kind=kind, language=language, stages=list(stages)
    )
    school.full_clean()
    school.save()
    return school


@transaction.atomic
def school_update(*, actor: Actor, school: School, **fields: object) -> School:
    _require(policies.can_manage_organisation(actor))
    allowed = {"name", "kind", "language", "stages", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    school = School.objects.select_for_update().get(pk=school.pk, municipality=actor.municipality)
    for key, value in fields.items():
        setattr(school, key, value.strip() if isinstance(value, str) and key == "name" else value)
    school.full_clean()
    school.save()
    return school


# --- School years -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HolidayInput:
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    name: str = ""


def _validate_school_year(
    municipality: Municipality,
    starts_on: datetime.date,
    ends_on: datetime.date,
    holidays: list[HolidayInput],
    exclude_pk: int | None = None,
) -> None:
    year = SchoolYear(municipality=municipality, starts_on=starts_on, ends_on=ends_on)
    year.clean()
    overlapping = SchoolYear.objects.filter(
        municipality=municipality, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exclude(pk=exclude_pk)
    if overlapping.exists():
        # Years never overlap, so at most one of them can be the current one.
        raise ValidationError(
            _("The dates overlap the school year %(year)s.") % {"year": overlapping.first().name}
        )
    errors = []
    for holiday in holidays:
        if holiday.ends_on < holiday.starts_on:
            errors.append(_("A holiday cannot end before it starts."))
        elif holiday.starts_on < starts_on or holiday.ends_on > ends_on:
            errors.append(_("Every holiday must fall within the school year."))
    if errors:
        raise ValidationError(sorted(set(errors)))


@transaction.atomic
def school_year_create(
    *, actor: Actor, starts_on: datetime.date, ends_on: datetime.date, holidays: Iterable[HolidayInput] = ()
) -> SchoolYear:
    _require(policies.can_manage_organisation(actor))
    holidays = list(holidays)
    # Lock the municipality row so two simultaneous creates cannot both pass the overlap check.
    Municipality.objects.select_for_update().get(pk=actor.municipality.pk)
    _validate_school_year(actor.municipality, starts_on, ends_on, holidays)
    year = SchoolYear.objects.create(municipality=actor.municipality, starts_on=starts_on, ends_on=ends_on)
    Holiday.objects.bulk_create(
        Holiday(school_year=year, kind=h.kind, name=h.name, starts_on=h.starts_on, ends_on=h.ends_on)
        for h in holidays
    )
    return year


@transaction.atomic
def school_year_update(
    *,
    actor: Actor,
    school_year: SchoolYear,
    starts_on: datetime.date,
    ends_on: datetime.date,
    holidays: Iterable[HolidayInput],
) -> SchoolYear:
    """Replaces the dates and the whole list of holidays."""
    _require(policies.can_manage_organisation(actor))
    holidays = list(holidays)
    Municipality.objects.select_for_update().get(pk=actor.municipality.pk)
    year = SchoolYear.objects.get(pk=school_year.pk, municipality=actor.municipality)
    _validate_school_year(actor.municipality, starts_on, ends_on, holidays, exclude_pk=year.pk)
    year.starts_on, year.ends_on = starts_on, ends_on
    year.save()
    year.holidays.all().delete()
    Holiday.objects.bulk_create(
        Holiday(school_year=year, kind=h.kind, name=h.name, starts_on=h.starts_on, ends_on=h.ends_on)
        for h in holidays
    )
    return year


# --- People -----------------------------------------------------------------------------------


def _validate_language(language: str) -> None:
    if language not in Language.values:
        raise ValidationError({"preferred_language": _("Unknown language.")})


@transaction.atomic
def member_invite(
    *,
    actor: Actor,
    email: str,
    first_name: str,
    last_name: str,
    preferred_language: str = Language.FINNISH,
    is_coordinator: bool = False,
    title: str = "",
) -> Membership:
    """Invite a person into the actor's municipality.

    A person already known elsewhere (county staff serving several municipalities) keeps their
    account and gets a membership here; a new person gets an account and an e-mail with a
    set-password link. Either way they are told by e-mail, once the transaction has committed (the
    notifications app schedules the invitation on "member_invited").
    """
    _require(policies.can_manage_organisation(actor))
    email = User.objects.normalize_email(email.strip()).lower()
    _validate_language(preferred_language)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and Membership.objects.filter(user=user, municipality=actor.municipality).exists():
        raise ValidationError(
            {"email": _("A person with this e-mail address is already in this municipality.")}
        )
    if user is None:
        user = User(
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            preferred_language=preferred_language,
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    membership = Membership(
        user=user, municipality=actor.municipality, is_coordinator=is_coordinator, title=title
    )
    membership.full_clean()
    membership.save()
    emit("member_invited", membership_id=membership.pk)
    return membership


@transaction.atomic
def member_update(
    *,
    actor: Actor,
    membership: Membership,
    first_name: str,
    last_name: str,
    preferred_language: str,
    is_coordinator: bool,
    title: str = "",
) -> Membership:
    _require(policies.can_manage_organisation(actor))
    _validate_language(preferred_language)
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .get(pk=membership.pk, municipality=actor.municipality)
    )
    if membership.user_id == actor.user.pk and not is_coordinator:
        raise ValidationError({"is_coordinator": _("You cannot remove your own coordinator rights.")})
    user = membership.user
    user.first_name, user.last_name, user.preferred_language = (
        first_name.strip(),
        last_name.strip(),
        preferred_language,
    )
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name", "preferred_language"])
    membership.is_coordinator, membership.title = is_coordinator, title
    membership.save(update_fields=["is_coordinator", "title", "updated_at"])
    return membership


@transaction.atomic
def member_set_active(*, actor: Actor, membership: Membership, active: bool) -> Membership:
    """Deactivate (or reactivate) a person in this municipality only; their other municipalities keep them."""
    _require(policies.can_manage_organisation(actor))
    if membership.user_id == actor.user.pk:
        raise ValidationError(_("You cannot deactivate yourself."))
    membership = Membership.objects.select_for_update().get(pk=membership.pk, municipality=actor.municipality)
    membership.is_active = active
    membership.save(update_fields=["is_active", "updated_at"])
    return membership


@transaction.atomic
def member_resend_invitation(*, actor: Actor, membership: Membership) -> None:
    _require(policies.can_manage_organisation(actor))
    if membership.municipality_id != actor.municipality.pk:
        raise PermissionDenied
    emit("member_invited", membership_id=membership.pk)


# --- Staff assignments ------------------------------------------------------------------------


def _validate_assignment(
    actor: Actor, user: User, school: School, role: Role, school_year: SchoolYear
) -> None:
    municipality_id = actor.municipality.pk
    if school.municipality_id != municipality_id:
        raise ValidationError({"school": _("Choose a school of your own municipality.")})
    if school_year.municipality_id != municipality_id:
        raise ValidationError({"school_year": _("Choose a school year of your own municipality.")})
    if role.municipality_id != municipality_id or not role.is_active:
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
    from .selectors import current_school_year

    _validate_assignment(actor, user, school, role, school_year)
    _require(
        policies.can_manage_staff(actor, school, school_year, current_school_year(actor.municipality.pk))
    )
    assignment = StaffAssignment(user=user, school=school, role=role, school_year=school_year)
    assignment.validate_constraints()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_delete(*, actor: Actor, assignment: StaffAssignment) -> None:
    from .selectors import current_school_year

    _require(
        policies.can_manage_staff(
            actor, assignment.school, assignment.school_year, current_school_year(actor.municipality.pk)
        )
    )
    if assignment.school.municipality_id != actor.municipality.pk:
        raise PermissionDenied
    assignment.delete()


@transaction.atomic
def assignments_copy_from_previous_year(*, actor: Actor, school: School, school_year: SchoolYear) -> int:
    """Carry last year's staff of `school` into `school_year`; returns how many were added.

    Skips what already exists, people no longer active here and roles retired since.
    """
    from .selectors import current_school_year, previous_school_year

    _require(
        policies.can_manage_staff(actor, school, school_year, current_school_year(actor.municipality.pk))
    )
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
    StaffAssignment.objects.bulk_create(new)
    return len(new)
