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

from core.access import lock_in
from core.errors import ObjectNotFound
from core.registries import municipality_defaults

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
    school = lock_in(School.objects.filter(municipality=actor.municipality), school.pk)
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
    year = lock_in(SchoolYear.objects.filter(municipality=actor.municipality), school_year.pk)
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
    set-password link. Either way they are told by e-mail, once the transaction has committed.
    """
    from .tasks import send_invitation

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
    transaction.on_commit(lambda: send_invitation.delay(membership.pk))
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
    membership = lock_in(
        Membership.objects.filter(municipality=actor.municipality).select_related("user"), membership.pk
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
    membership = lock_in(Membership.objects.filter(municipality=actor.municipality), membership.pk)
    membership.is_active = active
    membership.save(update_fields=["is_active", "updated_at"])
    return membership


def member_resend_invitation(*, actor: Actor, membership: Membership) -> None:
    from .tasks import send_invitation

    if membership.municipality_id != actor.municipality.pk:
        raise ObjectNotFound
    _require(policies.can_manage_organisation(actor))
    transaction.on_commit(lambda: send_invitation.delay(membership.pk))


# --- E-mail -----------------------------------------------------------------------------------


def invitation_email_send(*, membership_id: int) -> bool:
    """E-mail a person their invitation, in their own language. Returns False if nothing was sent.

    A new person (no password yet) gets a set-password link; a person who already has an account
    (county staff joining another municipality) is told where they now have access.
    """
    from django.conf import settings
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    membership = Membership.objects.select_related("user", "municipality").filter(pk=membership_id).first()
    if membership is None or not membership.is_active or not membership.user.is_active:
        return False
    user = membership.user
    with translation.override(user.preferred_language):
        context = {"user": user, "municipality": membership.municipality, "site_url": settings.SITE_URL}
        if not user.has_usable_password():
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            context["set_password_url"] = settings.SITE_URL + reverse(
                "invitation_accept", kwargs={"uidb64": uid, "token": token}
            )
        subject = _("Invitation to Yhdessä: %(municipality)s") % {
            "municipality": membership.municipality.name
        }
        text = render_to_string("schools/email/invitation.txt", context)
        html = render_to_string("schools/email/invitation.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()
    return True
