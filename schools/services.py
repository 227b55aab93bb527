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

from core.registries import emit, municipality_defaults

from . import policies
from .models import Holiday, Language, Membership, Municipality, School, SchoolYear, User
from .tenancy import Actor


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not have permission to do this."))


# --- Municipalities ---------------------------------------------------------------------------


@transaction.atomic
def municipality_create(*, name: str, slug: str, code: str = "") -> Municipality:
    """A new tenant, with every app's defaults installed (core.registries.municipality_defaults)."""
    municipality = Municipality(name=name, slug=slug, code=code)
    municipality.full_clean()
    municipality.save()
    for defaults in sorted(municipality_defaults, key=lambda d: d.order):
        defaults.install(municipality)
    return municipality


# --- Schools ----------------------------------------------------------------------------------


@transaction.atomic
def school_create(*, actor: Actor, name: str, kind: str, language: str, stages: Iterable[str]) -> School:
    policies.organisation.require(actor, "manage")
    school = School(
        municipality=actor.municipality, name=name.strip(), kind=kind, language=language, stages=list(stages)
    )
    school.full_clean()
    school.save()
    return school


@transaction.atomic
def school_update(*, actor: Actor, school: School, **fields: object) -> School:
    policies.organisation.require(actor, "manage")
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
    policies.organisation.require(actor, "manage")
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
    policies.organisation.require(actor, "manage")
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
    policies.organisation.require(actor, "manage")
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
    policies.organisation.require(actor, "manage")
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
    policies.organisation.require(actor, "manage")
    if membership.user_id == actor.user.pk:
        raise ValidationError(_("You cannot deactivate yourself."))
    membership = Membership.objects.select_for_update().get(pk=membership.pk, municipality=actor.municipality)
    membership.is_active = active
    membership.save(update_fields=["is_active", "updated_at"])
    return membership


@transaction.atomic
def member_resend_invitation(*, actor: Actor, membership: Membership) -> None:
    policies.organisation.require(actor, "manage")
    if membership.municipality_id != actor.municipality.pk:
        raise PermissionDenied
    emit("member_invited", membership_id=membership.pk)
