"""Every selector that takes an actor or a municipality returns only that municipality's rows.

Town B holds rows that would match if a selector's municipality filter were dropped: a school year
that is "more current" than A's, people and assignments of the same kinds, the county psychologist's
assignments at B's school. `test_every_selector_is_covered` fails for a new selector with no test here.
"""

from __future__ import annotations

import datetime
import inspect

import pytest
from django.utils import timezone

from core.errors import ObjectNotFound
from groups import selectors as groups_selectors
from roles import selectors as roles_selectors
from roles.models import StaffAssignment
from schools import selectors as school_selectors
from schools.models import Membership, SchoolYear
from tests.factories import UserFactory
from yearclock import selectors as yearclock_selectors

from .towns import Town

DAY = datetime.timedelta(days=1)


def _selectors(module) -> set[str]:
    """Public functions of the module that take an actor, a municipality id or a school year (which
    names its municipality)."""
    return {
        name
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__
        and not name.startswith("_")
        and {"actor", "municipality_id", "school_year"} & set(inspect.signature(fn).parameters)
    }


COVERED = {
    "schools": {
        "schools_for", "access_school", "school_years_for", "access_school_year", "current_school_year",
        "previous_school_year", "members_for", "access_membership", "users_for", "users_with_membership",
        "chosen_school_year", "pending_invitations_for", "access_pending_invitation",
    },
    "roles": {
        "roles_for", "staff_roles_for", "access_role", "tools_for", "tools_with_progress",
        "visible_tools_for", "visible_tools_with_revisions", "access_tool", "acts_for", "access_act",
        "sections_for", "access_section", "assignments_for", "assignments_in_year", "access_assignment",
        "schools_with_year_assignments", "schools_overview", "roster_for",
    },
    "groups": {
        "levels_for", "access_level", "groups_for", "access_group", "group_tree", "access_member",
        "meetings_in", "visible_meetings", "access_meeting", "group_meetings", "upcoming_meetings",
        "access_agenda_item", "action_items_in", "visible_action_items", "access_action_item",
        "action_items_filtered", "open_action_items_of", "live_feed_exists", "members_in",
    },
    "yearclock": {
        "template_for", "template_entries", "access_template_entry", "yearclocks_in", "visible_yearclocks",
        "access_yearclock", "access_entry", "dropped_city_entries", "yearclock_overview", "visible_entries",
        "month_entries_in", "principal_school_ids", "month_entries_of_person", "month_digest_recipient_ids",
        "owner_choices", "act_choices",
    },
}  # fmt: skip


def test_every_selector_is_covered():
    assert _selectors(school_selectors) == COVERED["schools"]
    assert _selectors(roles_selectors) == COVERED["roles"]
    assert _selectors(groups_selectors) == COVERED["groups"]
    assert _selectors(yearclock_selectors) == COVERED["yearclock"]


def _municipalities(rows, path: str) -> set[int]:
    ids = set()
    for row in rows:
        obj = row
        for part in path.split("."):
            obj = getattr(obj, part)
        ids.add(obj)
    return ids


def _only_a(rows, path: str, a: Town) -> None:
    rows = list(rows)
    assert rows, "nothing came back: the test proves nothing"
    assert _municipalities(rows, path) == {a.municipality.pk}


# --- schools --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coord_principal", "teacher", "county"])
def test_schools_years_members_and_users_of_a_only(towns, who):
    a, b = towns["A"], towns["B"]
    actor = a.actor(who)
    _only_a(school_selectors.schools_for(actor), "municipality_id", a)
    _only_a(school_selectors.school_years_for(actor), "municipality_id", a)
    for inactive in (False, True):
        _only_a(school_selectors.members_for(actor, include_inactive=inactive), "municipality_id", a)
    b_only = set(Membership.objects.filter(municipality=b.municipality).values_list("user_id", flat=True))
    b_only -= {a.county.pk}
    for selector in (school_selectors.users_for, school_selectors.users_with_membership):
        users = set(selector(actor).values_list("pk", flat=True))
        assert users and not users & b_only
    for access, pk in [
        (school_selectors.access_school, b.school.pk),
        (school_selectors.access_school_year, b.year.pk),
        (school_selectors.access_membership, b.teacher.pk),
    ]:
        with pytest.raises(ObjectNotFound):
            access(actor, pk)
    with pytest.raises(ObjectNotFound):
        school_selectors.chosen_school_year(actor, b.year.pk, a.year)
    assert school_selectors.chosen_school_year(actor, "", a.year) == a.year


@pytest.mark.django_db
def test_pending_invitations_of_a_only(towns):
    a, b = towns["A"], towns["B"]
    actor = a.actor("coordinator")
    listed = {row["id"] for row in school_selectors.pending_invitations_for(actor)}
    assert listed == {a.sent_invitation.pk}
    assert school_selectors.access_pending_invitation(actor, a.sent_invitation.pk) == a.sent_invitation
    with pytest.raises(ObjectNotFound):
        school_selectors.access_pending_invitation(actor, b.sent_invitation.pk)


@pytest.mark.django_db
def test_a_person_of_both_is_seen_with_the_active_towns_membership(towns):
    """The county psychologist is a coordinator with a title in B: in A, neither shows."""
    a, b = towns["A"], towns["B"]
    Membership.objects.filter(user=a.county, municipality=b.municipality).update(title=f"Psykologi-{b.token}")
    actor = a.actor("coordinator")
    membership = school_selectors.access_membership(actor, a.county.pk)
    assert (membership.municipality_id, membership.is_coordinator) == (a.municipality.pk, False)
    county = school_selectors.users_with_membership(actor).get(pk=a.county.pk)
    assert (county.is_coordinator, county.title) == (False, "")


@pytest.mark.django_db
def test_a_person_inactive_in_a_but_active_in_b_is_not_among_as_users(towns):
    """Both conditions on the same membership: a split filter would join two memberships."""
    a, b = towns["A"], towns["B"]
    person = UserFactory()
    Membership.objects.create(user=person, municipality=a.municipality, is_active=False)
    Membership.objects.create(user=person, municipality=b.municipality, is_active=True)
    assert not school_selectors.users_for(a.actor()).filter(pk=person.pk).exists()


def _year(t: Town, starts_on: datetime.date, ends_on: datetime.date) -> SchoolYear:
    return SchoolYear.objects.create(municipality=t.municipality, starts_on=starts_on, ends_on=ends_on)


@pytest.mark.django_db
def test_current_school_year_the_one_containing_today_is_as(towns):
    """B's year contains the day, A's does not: A's latest is A's answer."""
    a, b = towns["A"], towns["B"]
    today = a.year.ends_on + 30 * DAY
    _year(b, a.year.ends_on + DAY, a.year.ends_on + 300 * DAY)
    assert school_selectors.current_school_year(a.municipality.pk, today) == a.year


@pytest.mark.django_db
def test_current_school_year_in_the_summer_gap_the_next_is_as(towns):
    """In A's summer gap, B's next year starts sooner than A's: A's next is A's answer."""
    a, b = towns["A"], towns["B"]
    today = a.year.ends_on + 10 * DAY
    a_next = _year(a, a.year.ends_on + 40 * DAY, a.year.ends_on + 360 * DAY)
    _year(b, a.year.ends_on + 20 * DAY, a.year.ends_on + 30 * DAY)
    assert school_selectors.current_school_year(a.municipality.pk, today) == a_next


@pytest.mark.django_db
def test_current_school_year_failing_both_the_latest_is_as(towns):
    """Long after every year: B's latest is later than A's, A's latest is A's answer."""
    a, b = towns["A"], towns["B"]
    _year(b, a.year.ends_on + 365 * DAY, a.year.ends_on + 700 * DAY)
    today = a.year.ends_on + 1000 * DAY
    assert school_selectors.current_school_year(a.municipality.pk, today) == a.year


@pytest.mark.django_db
def test_previous_school_year_is_as_even_when_b_has_one_in_between(towns):
    a, b = towns["A"], towns["B"]
    _year(b, a.previous_year.starts_on + 100 * DAY, a.previous_year.starts_on + 200 * DAY)
    assert school_selectors.previous_school_year(a.year) == a.previous_year


# --- roles --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coord_principal", "teacher", "county"])
def test_catalog_tools_acts_and_sections_of_a_only(towns, who):
    """The county psychologist holds assignments at B's school too: none of B's tools come back."""
    a, b = towns["A"], towns["B"]
    actor = a.actor(who)
    for inactive in (False, True):
        _only_a(roles_selectors.roles_for(actor, include_inactive=inactive), "municipality_id", a)
        _only_a(roles_selectors.sections_for(actor, include_inactive=inactive), "municipality_id", a)
    _only_a(roles_selectors.staff_roles_for(actor), "municipality_id", a)
    for selector in (
        roles_selectors.tools_for,
        roles_selectors.tools_with_progress,
        roles_selectors.visible_tools_for,
        roles_selectors.visible_tools_with_revisions,
    ):
        _only_a(selector(actor), "school.municipality_id", a)
    _only_a(roles_selectors.acts_for(actor), "tool.school.municipality_id", a)
    for access, pk in [
        (roles_selectors.access_role, b.custom_role.pk),
        (roles_selectors.access_tool, b.tool.pk),
        (roles_selectors.access_act, b.act.pk),
        (roles_selectors.access_section, b.section.pk),
        (roles_selectors.access_assignment, b.assignment.pk),
    ]:
        with pytest.raises(ObjectNotFound):
            access(actor, pk)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coord_principal", "county"])
def test_staffing_of_a_only_even_when_asked_about_bs_school_or_year(towns, who):
    a, b = towns["A"], towns["B"]
    actor = a.actor(who)
    _only_a(roles_selectors.assignments_for(actor), "school.municipality_id", a)
    _only_a(roles_selectors.assignments_in_year(actor, a.year), "school.municipality_id", a)
    assert not roles_selectors.assignments_for(actor, school=b.school).exists()
    assert not roles_selectors.assignments_for(actor, school_year=b.year).exists()
    assert not roles_selectors.assignments_in_year(actor, b.year).exists()
    assert not roles_selectors.roster_for(actor, b.school, b.year).exists()
    _only_a(roles_selectors.roster_for(actor, a.school, a.year), "school.municipality_id", a)
    for year in (a.year, b.year):
        schools = list(roles_selectors.schools_with_year_assignments(actor, year))
        _only_a(schools, "municipality_id", a)
        staff = [x for s in schools for x in s.year_assignments]
        assert {x.school.municipality_id for x in staff} <= {a.municipality.pk}
        overview = list(roles_selectors.schools_overview(actor, year))
        _only_a(overview, "municipality_id", a)
        principals = [x for s in overview for x in s.principal_assignments]
        assert {x.school.municipality_id for x in principals} <= {a.municipality.pk}
    # With A's year the overview is not empty: the check above looked at something.
    overview = {s.pk: s for s in roles_selectors.schools_overview(actor, a.year)}
    assert (
        overview[a.school.pk].staff_count
        == StaffAssignment.objects.filter(school=a.school, school_year=a.year)
        .values("user")
        .distinct()
        .count()
    )
    assert {x.user_id for x in overview[a.school.pk].principal_assignments} == {
        a.principal.pk,
        a.coord_principal.pk,
    }


# --- groups -------------------------------------------------------------------------------------


def _group_rows(t: Town) -> dict:
    """A city group and a school group with a meeting, an agenda item and an action item; the county
    psychologist (a person of both towns) is a member of both towns' school groups and owns both items."""
    from groups.models import Attachment, MemberKind
    from groups.services import actions, meetings, structure

    levels = {lv.attaches_to: lv for lv in structure.levels_install_default(municipality=t.municipality)}
    principal, coordinator = t.actor("principal"), t.actor("coordinator")
    city_group = structure.group_create(
        actor=coordinator, level=levels[Attachment.MUNICIPALITY], name_fi=f"Kaupungin ryhmä-{t.token}"
    )
    group = structure.group_create(
        actor=principal, level=levels[Attachment.SCHOOL], name_fi=f"Koulun ryhmä-{t.token}", school=t.school
    )
    member = None
    for user in (t.county, t.teacher):
        member = structure.member_add(actor=principal, group=group, kind=MemberKind.STAFF, user=user)
    start = timezone.now() + 10 * DAY
    meeting = meetings.meeting_create(
        actor=principal, group=group, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    item = meetings.agenda_item_add(actor=principal, meeting=meeting, title=f"Asia-{t.token}")
    task = actions.action_item_create(
        actor=principal, meeting=meeting, what=f"Tehtävä-{t.token}", owner=t.county, due_on=start.date()
    )
    return {
        "level": levels[Attachment.SCHOOL],
        "city_group": city_group,
        "group": group,
        "member": member,
        "meeting": meeting,
        "item": item,
        "task": task,
    }


def _tree_groups(nodes) -> list:
    out = []
    for node in nodes:
        out.append(node.group)
        out.extend(_tree_groups(node.children))
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coord_principal", "teacher", "county"])
def test_groups_meetings_and_action_items_of_a_only(towns, who):
    from groups.services import feeds

    a, b = towns["A"], towns["B"]
    rows_a, rows_b = _group_rows(a), _group_rows(b)
    # The county psychologist's calendar address is B's: in A they have none.
    feeds.feed_create(actor=b.actor("county"))
    actor = a.actor(who)
    _only_a(groups_selectors.levels_for(actor), "municipality_id", a)
    for inactive in (False, True):
        _only_a(groups_selectors.groups_for(actor, include_inactive=inactive), "municipality_id", a)
    _only_a(_tree_groups(groups_selectors.group_tree(actor)), "municipality_id", a)
    _only_a(_tree_groups(groups_selectors.group_tree(actor, school=a.school)), "municipality_id", a)
    assert not _tree_groups(groups_selectors.group_tree(actor, school=b.school)) or {
        g.municipality_id for g in _tree_groups(groups_selectors.group_tree(actor, school=b.school))
    } == {a.municipality.pk}
    _only_a(groups_selectors.meetings_in(actor), "group.municipality_id", a)
    for selector in (groups_selectors.visible_meetings, groups_selectors.upcoming_meetings):
        _only_a(selector(actor), "group.municipality_id", a)
    _only_a(groups_selectors.group_meetings(actor, rows_a["group"]), "group.municipality_id", a)
    assert not groups_selectors.group_meetings(actor, rows_b["group"]).exists()
    _only_a(groups_selectors.action_items_in(actor), "municipality_id", a)
    _only_a(groups_selectors.visible_action_items(actor), "municipality_id", a)
    for show in groups_selectors.ACTION_FILTERS:
        listed = groups_selectors.action_items_filtered(actor, show=show)
        assert not listed.filter(municipality=b.municipality).exists()
    assert not groups_selectors.action_items_filtered(actor, show="all", group=rows_b["group"]).exists()
    mine = groups_selectors.open_action_items_of(actor)
    if who == "county":
        _only_a(mine, "municipality_id", a)
        # A member of B's group too: in A, that grant gives nothing (the policy reads A's grants only).
        from groups import policies as groups_policies

        assert not groups_policies.meetings.can_view(actor, rows_b["meeting"])
        assert groups_policies.meetings.can_view(actor, rows_a["meeting"])
    assert not mine.filter(municipality=b.municipality).exists()
    # The teacher has an address of their own in A (towns.py); the county psychologist only in B.
    assert groups_selectors.live_feed_exists(actor) is (who == "teacher")
    _only_a(groups_selectors.members_in(actor), "group.municipality_id", a)
    for access, pk in [
        (groups_selectors.access_level, rows_b["level"].pk),
        (groups_selectors.access_group, rows_b["group"].pk),
        (groups_selectors.access_group, rows_b["city_group"].pk),
        (groups_selectors.access_member, rows_b["member"].pk),
        (groups_selectors.access_meeting, rows_b["meeting"].pk),
        (groups_selectors.access_agenda_item, rows_b["item"].pk),
        (groups_selectors.access_action_item, rows_b["task"].pk),
    ]:
        with pytest.raises(ObjectNotFound):
            access(actor, pk)
    # A's own rows come back (the 404s above are not a selector that finds nothing at all).
    assert groups_selectors.access_group(actor, rows_a["group"].pk) == rows_a["group"]
    assert groups_selectors.access_meeting(actor, rows_a["meeting"].pk) == rows_a["meeting"]


# --- yearclock ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coord_principal", "teacher", "county"])
def test_yearclock_templates_clocks_and_entries_of_a_only(towns, who):
    """Both towns have a template entry, a yearclock of the school with a city entry, a dropped one
    and a school's own entry (towns.py); the county psychologist works at both towns' schools."""
    a, b = towns["A"], towns["B"]
    actor = a.actor(who)
    clock_a, clock_b = a.extra["yearclock"], b.extra["yearclock"]
    assert yearclock_selectors.template_for(actor).municipality_id == a.municipality.pk
    for inactive in (False, True):
        _only_a(
            yearclock_selectors.template_entries(actor, include_inactive=inactive),
            "template.municipality_id",
            a,
        )
    _only_a(yearclock_selectors.yearclocks_in(actor), "school.municipality_id", a)
    _only_a(yearclock_selectors.visible_yearclocks(actor), "school.municipality_id", a)
    _only_a(yearclock_selectors.yearclock_overview(actor), "school.municipality_id", a)
    _only_a(yearclock_selectors.visible_entries(actor), "yearclock.school.municipality_id", a)
    _only_a(yearclock_selectors.dropped_city_entries(actor), "yearclock.school.municipality_id", a)
    # The choices on A's entry form are A's; B's clock in A's hands offers none of B's people or acts.
    _only_a(yearclock_selectors.act_choices(actor, clock_a), "tool.school.municipality_id", a)
    assert not yearclock_selectors.act_choices(actor, clock_b).exists()
    b_only = set(Membership.objects.filter(municipality=b.municipality).values_list("user_id", flat=True))
    b_only -= {a.county.pk}
    a_people = set(Membership.objects.filter(municipality=a.municipality).values_list("user_id", flat=True))
    owners = set(yearclock_selectors.owner_choices(actor, clock_a).values_list("pk", flat=True))
    assert owners and owners <= a_people
    assert not set(yearclock_selectors.owner_choices(actor, clock_b).values_list("pk", flat=True)) & b_only
    # The month's entries (the digest and the home card): September has A's city entry, B's too.
    month = datetime.date(a.year.starts_on.year, 9, 15)
    mid = a.municipality.pk
    _only_a(yearclock_selectors.month_entries_in(mid, month), "yearclock.school.municipality_id", a)
    pairs = list(yearclock_selectors.principal_school_ids(mid, [a.principal.pk, b.principal.pk], month))
    assert pairs and {school_id for _user, school_id in pairs} == {a.school.pk}
    _only_a(
        yearclock_selectors.month_entries_of_person(mid, a.principal.pk, month),
        "yearclock.school.municipality_id",
        a,
    )
    assert not yearclock_selectors.month_entries_of_person(mid, b.principal.pk, month)
    recipients = yearclock_selectors.month_digest_recipient_ids(mid, month)
    assert recipients and recipients <= a_people and not recipients & b_only
    for access, pk in [
        (yearclock_selectors.access_template_entry, b.extra["template_entry"].pk),
        (yearclock_selectors.access_yearclock, clock_b.pk),
        (yearclock_selectors.access_entry, b.extra["entry"].pk),
        (yearclock_selectors.access_entry, b.extra["own_entry"].pk),
        (yearclock_selectors.access_entry, b.extra["dropped_entry"].pk),
    ]:
        with pytest.raises(ObjectNotFound):
            access(actor, pk)
    # A's own rows come back (the 404s above are not a selector that finds nothing at all).
    assert (
        yearclock_selectors.access_template_entry(actor, a.extra["template_entry"].pk)
        == a.extra["template_entry"]
    )
    assert yearclock_selectors.access_yearclock(actor, clock_a.pk) == clock_a
    assert yearclock_selectors.access_entry(actor, a.extra["entry"].pk) == a.extra["entry"]
