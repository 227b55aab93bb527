"""Reads of the yearclock, scoped to the actor's municipality and the policy."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet

from core.access import access_in
from roles.models import RoleKey, StaffAssignment
from schools.models import User
from schools.tenancy import Actor

from . import policies
from .models import (
    SCHOOL_YEAR_MONTHS,
    EntryStatus,
    TemplateEntry,
    Yearclock,
    YearclockEntry,
    YearclockTemplate,
    month_position,
)

if TYPE_CHECKING:
    from groups.models import Meeting
    from roles.models import PracticalAct

# --- The city's template -----------------------------------------------------------------------


def template_for(actor: Actor) -> YearclockTemplate:
    """The municipality's template (made on first use: every municipality has one)."""
    template, _created = YearclockTemplate.objects.get_or_create(municipality=actor.municipality)
    return template


def template_entries(actor: Actor, *, include_inactive: bool = False) -> QuerySet[TemplateEntry]:
    qs = (
        TemplateEntry.objects.filter(template__municipality=actor.municipality)
        .select_related("level")
        .prefetch_related("roles")
    )
    return qs if include_inactive else qs.filter(is_active=True)


def access_template_entry(actor: Actor, pk: object) -> TemplateEntry:
    return access_in(template_entries(actor, include_inactive=True), pk=pk)


# --- Schools' yearclocks -----------------------------------------------------------------------


def yearclocks_in(actor: Actor) -> QuerySet[Yearclock]:
    return Yearclock.objects.filter(school__municipality=actor.municipality).select_related(
        "school", "school_year"
    )


def visible_yearclocks(actor: Actor) -> QuerySet[Yearclock]:
    return policies.yearclocks.visible(actor, yearclocks_in(actor))


def access_yearclock(actor: Actor, pk: object) -> Yearclock:
    """Another municipality's yearclock is a 404; one of this municipality the actor may not read, 403."""
    clock = access_in(yearclocks_in(actor), pk=pk)
    if not policies.yearclocks.can_view(actor, clock):
        raise PermissionDenied
    return clock


def entries_of(clock: Yearclock, *, include_dropped: bool = True) -> QuerySet[YearclockEntry]:
    """A yearclock's entries with what the wheel, the list and the PDF show (constant queries)."""
    qs = clock.entries.select_related("level", "owner", "template_entry").prefetch_related(
        "roles", Prefetch("acts", queryset=_acts())
    )
    return qs if include_dropped else qs.filter(dropped=False)


def _acts():
    from roles.models import PracticalAct

    return PracticalAct.objects.select_related("role")


def access_entry(actor: Actor, pk: object) -> YearclockEntry:
    entry = access_in(
        YearclockEntry.objects.filter(yearclock__school__municipality=actor.municipality).select_related(
            "yearclock__school", "yearclock__school_year", "level", "owner"
        ),
        pk=pk,
    )
    if not policies.entries.can_view(actor, entry):
        raise PermissionDenied
    return entry


def dropped_city_entries(actor: Actor) -> QuerySet[YearclockEntry]:
    """City entries schools dropped (the coordinator's view), with the school and year."""
    return (
        YearclockEntry.objects.filter(yearclock__school__municipality=actor.municipality, dropped=True)
        .select_related("yearclock__school", "yearclock__school_year", "template_entry")
        .order_by("yearclock__school__name", "start_month")
    )


def yearclock_overview(actor: Actor) -> QuerySet[Yearclock]:
    """Visible yearclocks with counts (done, planned, dropped) for the list page."""
    return visible_yearclocks(actor).annotate(
        entry_count=Count("entries", filter=Q(entries__dropped=False)),
        done_count=Count("entries", filter=Q(entries__dropped=False, entries__status=EntryStatus.DONE)),
        dropped_count=Count("entries", filter=Q(entries__dropped=True)),
    )


def yearclock_for_feed(token_hash: str) -> Yearclock | None:
    if not token_hash:
        return None
    return (
        Yearclock.objects.filter(feed_token_hash=token_hash)
        .select_related("school", "school_year", "school__municipality")
        .first()
    )


def visible_entries(actor: Actor) -> QuerySet[YearclockEntry]:
    """Entries of the yearclocks the actor may read (the API's list)."""
    return (
        YearclockEntry.objects.filter(yearclock__in=visible_yearclocks(actor))
        .select_related("yearclock__school", "yearclock__school_year", "level", "owner")
        .prefetch_related("roles", "acts")
    )


def months_filter(month: int) -> Q:
    """Entries whose months cover `month` (1–12): start at or before it, end at or after it, in
    school-year order (a range never wraps past July)."""
    position = month_position(month)
    return Q(start_month__in=SCHOOL_YEAR_MONTHS[: position + 1], end_month__in=SCHOOL_YEAR_MONTHS[position:])


def month_entries_for_meeting(
    school_id: int, day: datetime.date, level_id: int | None
) -> QuerySet[YearclockEntry]:
    """The entries an agenda may take up on `day`: of the school's yearclock of the school year that
    contains the day, covering its month, for the level (or for no level in particular), still open."""
    return (
        YearclockEntry.objects.filter(
            months_filter(day.month),
            Q(level_id=level_id) | Q(level__isnull=True),
            yearclock__school_id=school_id,
            yearclock__school_year__starts_on__lte=day,
            yearclock__school_year__ends_on__gte=day,
            dropped=False,
        )
        .exclude(status__in=[EntryStatus.DONE, EntryStatus.SKIPPED])
        .order_by("order", "id")
    )


# --- The month's entries of a person (the digest and the home card) ----------------------------


def school_year_start(month: datetime.date) -> int:
    """The calendar year in which the school year containing `month` starts (August first)."""
    return month.year if month.month >= 8 else month.year - 1


def month_entries_in(municipality_id: int, month: datetime.date) -> QuerySet[YearclockEntry]:
    """Entries of the municipality's yearclocks of the school year of `month`, covering its month
    (dropped ones left out)."""
    return YearclockEntry.objects.filter(
        months_filter(month.month),
        yearclock__school__municipality_id=municipality_id,
        yearclock__school_year__starts_on__year=school_year_start(month),
        dropped=False,
    )


def principal_school_ids(municipality_id: int, user_ids: object, month: datetime.date) -> QuerySet:
    """(user id, school id) pairs: who is the principal of which school in the school year of `month`."""
    return StaffAssignment.objects.filter(
        school__municipality_id=municipality_id,
        school_year__starts_on__year=school_year_start(month),
        role__key=RoleKey.PRINCIPAL,
        user_id__in=user_ids,
    ).values_list("user_id", "school_id")


def month_entries_of_person(municipality_id: int, user_id: int, month: datetime.date) -> list[YearclockEntry]:
    """The person's entries of the month: those they own, and as principal every entry of their
    school's yearclock; school by school, in the clock's order (constant queries)."""
    schools = StaffAssignment.objects.filter(
        school__municipality_id=municipality_id,
        school_year__starts_on__year=school_year_start(month),
        role__key=RoleKey.PRINCIPAL,
        user_id=user_id,
    ).values("school_id")
    return list(
        month_entries_in(municipality_id, month)
        .filter(Q(owner_id=user_id) | Q(yearclock__school_id__in=schools))
        .select_related("yearclock__school", "yearclock__school_year", "owner", "level")
        .order_by("yearclock__school__name", "yearclock_id", "order", "id")
    )


def month_digest_recipient_ids(municipality_id: int, month: datetime.date) -> set[int]:
    """Who gets the month's digest: owners of the month's entries and principals of schools whose
    yearclock has entries that month (active members of the municipality)."""
    entries = month_entries_in(municipality_id, month)
    owners = set(entries.exclude(owner=None).values_list("owner_id", flat=True))
    school_ids = set(entries.values_list("yearclock__school_id", flat=True))
    principals = set(
        StaffAssignment.objects.filter(
            school_id__in=school_ids,
            school_year__starts_on__year=school_year_start(month),
            role__key=RoleKey.PRINCIPAL,
        ).values_list("user_id", flat=True)
    )
    return set(
        User.objects.filter(
            pk__in=owners | principals,
            is_active=True,
            memberships__municipality_id=municipality_id,
            memberships__is_active=True,
        ).values_list("pk", flat=True)
    )


# --- For the pages ---------------------------------------------------------------------------------


def handled_in_meetings(entries: Iterable[YearclockEntry]) -> dict[int, list[Meeting]]:
    """The meetings whose agenda carried each entry (agenda items keep the entry's `agenda_key`), in
    one query, oldest first. Only meetings of the entries' own municipality count."""
    from groups.models import AgendaItem

    by_key = {entry.agenda_key: entry for entry in entries}
    handled: dict[int, list[Meeting]] = {entry.pk: [] for entry in by_key.values()}
    if not by_key:
        return handled
    municipality_ids = {entry.yearclock.school.municipality_id for entry in by_key.values()}
    items = (
        AgendaItem.objects.filter(
            source__in=list(by_key), meeting__group__municipality_id__in=municipality_ids
        )
        .select_related("meeting__group")
        .order_by("meeting__starts_at", "meeting_id")
    )
    for item in items:
        meetings = handled[by_key[item.source].pk]
        if all(m.pk != item.meeting_id for m in meetings):
            meetings.append(item.meeting)
    return handled


def owner_choices(actor: Actor, clock: Yearclock) -> QuerySet[User]:
    """Who may own an entry: the school's staff in the clock's school year."""
    from roles import selectors as roles_selectors
    from schools import selectors as school_selectors

    staff = roles_selectors.roster_for(actor, clock.school, clock.school_year).values("user_id")
    return school_selectors.users_for(actor).filter(pk__in=staff).order_by("last_name", "first_name", "email")


def act_choices(actor: Actor, clock: Yearclock) -> QuerySet[PracticalAct]:
    """The practical acts of the school's roles tool of the clock's school year, by role."""
    from roles import selectors as roles_selectors

    return (
        roles_selectors.acts_for(actor)
        .filter(tool__school_id=clock.school_id, tool__school_year_id=clock.school_year_id)
        .select_related("role")
        .order_by("role__order", "role__name_fi", "order", "id")
    )
