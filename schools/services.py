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
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import lock_in
from core.errors import ObjectNotFound
from core.registries import emit, municipality_defaults
from core.text import check_shared_text

from . import policies
from .models import (
    MAX_HOLIDAYS_PER_YEAR,
    Holiday,
    Language,
    Membership,
    MembershipInvitation,
    Municipality,
    School,
    SchoolYear,
    User,
)
from .tenancy import Actor, active_memberships, default_membership


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
    check_shared_text(school.name, field="name")
    school.save()
    return school


@transaction.atomic
def school_update(*, actor: Actor, school: School, **fields: object) -> School:
    policies.organisation.require(actor, "manage")
    allowed = {"name", "kind", "language", "stages", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    school = lock_in(School.objects.filter(municipality=actor.municipality), school.pk)
    for key, value in fields.items():
        setattr(school, key, value.strip() if isinstance(value, str) and key == "name" else value)
    school.full_clean()
    check_shared_text(school.name, field="name")
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
    if len(holidays) > MAX_HOLIDAYS_PER_YEAR:
        raise ValidationError(
            _("A school year can have at most %(max)s holidays.") % {"max": MAX_HOLIDAYS_PER_YEAR}
        )
    errors = []
    for holiday in holidays:
        if holiday.ends_on < holiday.starts_on:
            errors.append(_("A holiday cannot end before it starts."))
        elif holiday.starts_on < starts_on or holiday.ends_on > ends_on:
            errors.append(_("Every holiday must fall within the school year."))
        # The name's length and characters and the kind, as the model's fields define them.
        try:
            Holiday(
                kind=holiday.kind, name=holiday.name, starts_on=holiday.starts_on, ends_on=holiday.ends_on
            ).clean_fields(exclude=["school_year"])
            check_shared_text(holiday.name)
        except ValidationError as error:
            errors.extend(error.messages)
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
) -> Membership | MembershipInvitation:
    """Invite a person into the actor's municipality.

    A new address gets an account with the names and language typed here, a membership, and an
    e-mail with a set-password link. An address that already has an account (someone who works in
    another municipality) gets a pending invitation instead: the account and its name are the
    person's, so nothing of it is shown here, and no membership exists, until they accept (the names
    and language typed here are not used). Either way the person is told by e-mail after the commit.
    """
    policies.organisation.require(actor, "manage")
    # One invitation at a time per municipality: two simultaneous ones cannot both pass the checks.
    Municipality.objects.select_for_update().get(pk=actor.municipality.pk)
    email = User.objects.normalize_email(email.strip()).lower()
    _validate_language(preferred_language)
    title = title.strip()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return _invite_existing_account(actor, user, email=email, is_coordinator=is_coordinator, title=title)
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


def _invite_existing_account(
    actor: Actor, user: User, *, email: str, is_coordinator: bool, title: str
) -> MembershipInvitation:
    if Membership.objects.filter(user=user, municipality=actor.municipality).exists():
        raise ValidationError(
            {"email": _("A person with this e-mail address is already in this municipality.")}
        )
    pending = MembershipInvitation.objects.filter(
        user=user, municipality=actor.municipality, status=MembershipInvitation.Status.PENDING
    )
    if pending.exists():
        raise ValidationError(
            {"email": _("This address has already been invited and the person has not answered yet.")}
        )
    invitation = MembershipInvitation(
        municipality=actor.municipality,
        user=user,
        email=email,
        is_coordinator=is_coordinator,
        title=title,
        invited_by=actor.user,
    )
    invitation.full_clean(exclude=["municipality", "user", "invited_by"])
    invitation.save()
    emit("membership_invitation_created", invitation_id=invitation.pk)
    return invitation


@transaction.atomic
def member_invitation_cancel(*, actor: Actor, invitation: MembershipInvitation) -> MembershipInvitation:
    """Withdraw a pending invitation; the person can no longer accept it."""
    policies.organisation.require(actor, "manage")
    invitation = MembershipInvitation.objects.select_for_update().get(
        pk=invitation.pk, municipality=actor.municipality
    )
    if invitation.status != MembershipInvitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered or withdrawn."))
    invitation.status = MembershipInvitation.Status.CANCELLED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at", "updated_at"])
    return invitation


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
    """Edit a person's place in this municipality (coordinator flag, job title) and, where the policy
    lets the actor (`person.can_change_personal_data`), their name and language."""
    policies.organisation.require(actor, "manage")
    _validate_language(preferred_language)
    membership = lock_in(
        Membership.objects.filter(municipality=actor.municipality).select_related("user"), membership.pk
    )
    if membership.user_id == actor.user.pk and not is_coordinator:
        raise ValidationError({"is_coordinator": _("You cannot remove your own coordinator rights.")})
    user = membership.user
    personal = (first_name.strip(), last_name.strip(), preferred_language)
    if personal != (user.first_name, user.last_name, user.preferred_language):
        if not policies.person.allows(actor, "change_personal_data", user):
            raise PermissionDenied(
                _(
                    "%(person)s also works in another municipality: only they can change their name "
                    "and language."
                )
                % {"person": user.get_full_name()}
            )
        user.first_name, user.last_name, user.preferred_language = personal
        user.full_clean(exclude=["password"])
        user.save(update_fields=["first_name", "last_name", "preferred_language"])
    membership.is_coordinator, membership.title = is_coordinator, title.strip()
    membership.full_clean(exclude=["user", "municipality"])
    membership.save(update_fields=["is_coordinator", "title", "updated_at"])
    return membership


@transaction.atomic
def member_set_active(*, actor: Actor, membership: Membership, active: bool) -> Membership:
    """Deactivate (or reactivate) a person in this municipality only; their other municipalities keep them."""
    policies.organisation.require(actor, "manage")
    if membership.user_id == actor.user.pk:
        raise ValidationError(_("You cannot deactivate yourself."))
    membership = lock_in(Membership.objects.filter(municipality=actor.municipality), membership.pk)
    membership.is_active = active
    membership.save(update_fields=["is_active", "updated_at"])
    return membership


@transaction.atomic
def member_resend_invitation(*, actor: Actor, membership: Membership) -> None:
    if membership.municipality_id != actor.municipality.pk:
        raise ObjectNotFound
    policies.organisation.require(actor, "manage")
    emit("member_invited", membership_id=membership.pk)


# --- A person's own account -------------------------------------------------------------------


@transaction.atomic
def account_update(*, user: User, first_name: str, last_name: str, preferred_language: str) -> User:
    """A person changes their own name and language (every municipality they work in shows them)."""
    _validate_language(preferred_language)
    user = User.objects.select_for_update().get(pk=user.pk)
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name", "preferred_language"])
    return user


@transaction.atomic
def account_set_default_municipality(*, user: User, municipality_id: int) -> User:
    """Choose where sign-ins and API calls without X-Municipality start: one of the person's own
    active municipalities."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not Membership.objects.filter(user=user, municipality_id=municipality_id, is_active=True).exists():
        raise ValidationError({"municipality": _("Choose one of your own municipalities.")})
    user.default_municipality_id = municipality_id
    user.save(update_fields=["default_municipality"])
    return user


def _lock_own_invitation(user: User, invitation: MembershipInvitation) -> MembershipInvitation:
    invitation = (
        MembershipInvitation.objects.select_for_update()
        .select_related("municipality")
        .get(pk=invitation.pk, user=user)
    )
    if invitation.status != MembershipInvitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered or withdrawn."))
    return invitation


@transaction.atomic
def invitation_accept(*, user: User, invitation: MembershipInvitation) -> Membership:
    """The invited person joins the municipality, with the coordinator flag and title of the invitation.

    Their default municipality is pinned first to where they start now, so joining never moves it."""
    invitation = _lock_own_invitation(user, invitation)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.default_municipality_id is None:
        current = default_membership(user, active_memberships(user))
        if current is not None:
            user.default_municipality_id = current.municipality_id
            user.save(update_fields=["default_municipality"])
    membership, _created = Membership.objects.get_or_create(
        user=user,
        municipality=invitation.municipality,
        defaults={"is_coordinator": invitation.is_coordinator, "title": invitation.title},
    )
    invitation.status = MembershipInvitation.Status.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at", "updated_at"])
    return membership


@transaction.atomic
def invitation_decline(*, user: User, invitation: MembershipInvitation) -> MembershipInvitation:
    """The invited person says no: nothing of theirs reaches the inviting municipality."""
    invitation = _lock_own_invitation(user, invitation)
    invitation.status = MembershipInvitation.Status.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at", "updated_at"])
    return invitation


# --- Terms of a school year (for absence thresholds counted per term) ------------------------------

DateRange = tuple[datetime.date, datetime.date]


@transaction.atomic
def terms_set(
    actor: Actor, school_year: SchoolYear, *, autumn: DateRange | None, spring: DateRange | None
) -> SchoolYear:
    """Set (or clear, with None) the autumn and spring terms: inside the school year, each ending after it
    starts, autumn before spring without overlap."""
    from .models import Term, TermKind

    policies.organisation.require(actor, "manage")
    year = lock_in(SchoolYear.objects.filter(municipality=actor.municipality), school_year.pk)
    errors: dict[str, list[str]] = {}
    for field, term in (("autumn", autumn), ("spring", spring)):
        if term is None:
            continue
        starts_on, ends_on = term
        if ends_on <= starts_on:
            errors.setdefault(field, []).append(_("The term must end after it starts."))
        elif starts_on < year.starts_on or ends_on > year.ends_on:
            errors.setdefault(field, []).append(_("The term must be inside the school year."))
    if autumn and spring and not errors and spring[0] <= autumn[1]:
        errors.setdefault("spring", []).append(_("The spring term must start after the autumn term ends."))
    if errors:
        raise ValidationError(errors)
    for kind, term in ((TermKind.AUTUMN, autumn), (TermKind.SPRING, spring)):
        if term is None:
            Term.objects.filter(school_year=year, kind=kind).delete()
        else:
            Term.objects.update_or_create(
                school_year=year, kind=kind, defaults={"starts_on": term[0], "ends_on": term[1]}
            )
    return year
