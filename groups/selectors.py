"""Reads of the groups app, scoped to the actor's municipality (and, for meetings, to the policy)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from core.access import access_in
from schools.models import School
from schools.tenancy import Actor

from . import policies
from .models import (
    OPEN_ACTION_STATES,
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    CalendarFeed,
    GroupLevel,
    GroupMember,
    Meeting,
    MeetingState,
    MinutesState,
    WellbeingGroup,
)

# --- Levels and groups -------------------------------------------------------------------------


def levels_for(actor: Actor) -> QuerySet[GroupLevel]:
    return GroupLevel.objects.filter(municipality=actor.municipality)


def access_level(actor: Actor, pk: object) -> GroupLevel:
    return access_in(levels_for(actor), pk=pk)


def groups_for(actor: Actor, *, include_inactive: bool = False) -> QuerySet[WellbeingGroup]:
    qs = WellbeingGroup.objects.filter(municipality=actor.municipality).select_related(
        "level", "school", "parent", "convener"
    )
    return qs if include_inactive else qs.filter(is_active=True)


def access_group(actor: Actor, pk: object) -> WellbeingGroup:
    return access_in(groups_for(actor, include_inactive=True), pk=pk)


@dataclass
class TreeNode:
    group: WellbeingGroup
    children: list[TreeNode] = field(default_factory=list)


def group_tree(actor: Actor, *, school: School | None = None) -> list[TreeNode]:
    """The municipality's groups as a tree (roots first by level), or one school's: its groups and the
    city-level groups above them. One query, with member counts."""
    qs = groups_for(actor).annotate(member_count=Count("members", distinct=True))
    if school is not None:
        qs = qs.filter(Q(school=school) | Q(school__isnull=True, parent__isnull=True))
    rows = list(qs.order_by("level__order", "name_fi"))
    nodes = {g.pk: TreeNode(g) for g in rows}
    # Without an explicit parent, a stage group hangs under its school's group and a school's group
    # under the first city-level group, where those exist.
    school_group: dict[int, TreeNode] = {}
    city_group: TreeNode | None = None
    for g in rows:
        if g.parent_id is None and g.level.attaches_to == Attachment.SCHOOL:
            school_group.setdefault(g.school_id, nodes[g.pk])
        elif g.parent_id is None and g.school_id is None and city_group is None:
            city_group = nodes[g.pk]
    roots: list[TreeNode] = []
    for g in rows:
        parent = nodes.get(g.parent_id) if g.parent_id else None
        if parent is None and g.level.attaches_to == Attachment.STAGE:
            parent = school_group.get(g.school_id)
        if parent is None and g.level.attaches_to == Attachment.SCHOOL and nodes[g.pk] is not city_group:
            parent = city_group
        (parent.children if parent else roots).append(nodes[g.pk])
    return roots


def members_of(group: WellbeingGroup) -> QuerySet[GroupMember]:
    return group.members.select_related("user", "role").order_by("kind", "name", "user__last_name", "id")


def members_in(actor: Actor) -> QuerySet[GroupMember]:
    """Every member of the municipality's groups (the structure every member reads)."""
    return (
        GroupMember.objects.filter(group__municipality=actor.municipality)
        .select_related("group", "user", "role")
        .order_by("group_id", "kind", "name", "id")
    )


def access_member(actor: Actor, pk: object) -> GroupMember:
    return access_in(
        GroupMember.objects.filter(group__municipality=actor.municipality).select_related("group", "user"),
        pk=pk,
    )


# --- Meetings ----------------------------------------------------------------------------------


def meetings_in(actor: Actor) -> QuerySet[Meeting]:
    """Every meeting of the municipality (not yet narrowed by the policy)."""
    return Meeting.objects.filter(group__municipality=actor.municipality).select_related(
        "group__school", "group__level", "group__convener", "preparer"
    )


def visible_meetings(actor: Actor) -> QuerySet[Meeting]:
    return policies.groups.meetings_visible(actor, meetings_in(actor))


def access_meeting(actor: Actor, pk: object) -> Meeting:
    """Another municipality's meeting is a 404; one of this municipality the actor may not see, a 403."""
    meeting = access_in(meetings_in(actor), pk=pk)
    if not policies.meetings.can_view(actor, meeting):
        raise PermissionDenied
    return meeting


def meeting_page(meeting: Meeting) -> Meeting:
    """The meeting with its agenda, attendance and action items prefetched (constant queries)."""
    return (
        Meeting.objects.filter(pk=meeting.pk)
        .select_related("group__school", "group__level", "group__convener", "preparer", "minutes_approved_by")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("presenter__user", "preparation_owner"),
            ),
            Prefetch("attendance", queryset=Attendance.objects.select_related("member__user")),
            Prefetch("action_items", queryset=ActionItem.objects.select_related("owner", "agenda_item")),
        )
        .get()
    )


def group_meetings(actor: Actor, group: WellbeingGroup) -> QuerySet[Meeting]:
    return visible_meetings(actor).filter(group=group).annotate(item_count=Count("agenda_items"))


def upcoming_meetings(actor: Actor, *, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return (
        visible_meetings(actor)
        .filter(ends_at__gte=now)
        .exclude(state=MeetingState.CANCELLED)
        .order_by("starts_at")
    )


def access_agenda_item(actor: Actor, pk: object) -> AgendaItem:
    item = access_in(
        AgendaItem.objects.filter(meeting__group__municipality=actor.municipality).select_related(
            "meeting__group"
        ),
        pk=pk,
    )
    if not policies.meetings.can_view(actor, item.meeting):
        raise PermissionDenied
    return item


# --- Action items ------------------------------------------------------------------------------


def action_items_in(actor: Actor) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(municipality=actor.municipality).select_related(
        "owner", "created_by", "meeting__group__school", "agenda_item"
    )


def visible_action_items(actor: Actor) -> QuerySet[ActionItem]:
    return policies.action_items.visible(actor, action_items_in(actor))


def access_action_item(actor: Actor, pk: object) -> ActionItem:
    item = access_in(action_items_in(actor), pk=pk)
    if not policies.action_items.can_view(actor, item):
        raise PermissionDenied
    return item


ACTION_FILTERS = ("mine", "made_by_me", "overdue", "open", "all")


def action_items_filtered(
    actor: Actor,
    *,
    show: str = "mine",
    group: WellbeingGroup | None = None,
    today: datetime.date | None = None,
) -> QuerySet[ActionItem]:
    """The overview's filters: mine, made by me, overdue, open, all I may see; optionally one group."""
    today = today or timezone.localdate()
    qs = visible_action_items(actor)
    if show == "mine":
        qs = qs.filter(owner=actor.user)
    elif show == "made_by_me":
        qs = qs.filter(created_by=actor.user)
    elif show == "overdue":
        qs = qs.filter(status__in=OPEN_ACTION_STATES, due_on__lt=today)
    elif show == "open":
        qs = qs.filter(status__in=OPEN_ACTION_STATES)
    if group is not None:
        qs = qs.filter(meeting__group=group)
    return qs.order_by("due_on", "id")


def open_action_items_of(actor: Actor) -> QuerySet[ActionItem]:
    """The actor's own open items, for their home card."""
    return action_items_in(actor).filter(owner=actor.user, status__in=OPEN_ACTION_STATES).order_by("due_on")


def live_feed_exists(actor: Actor) -> bool:
    """Whether the actor has a working calendar address in this municipality."""
    return CalendarFeed.objects.filter(
        user=actor.user, municipality=actor.municipality, revoked_at__isnull=True
    ).exists()


# --- The public minutes pages (no sign-in) -----------------------------------------------------


def public_group(municipality_slug: str, pk: object) -> WellbeingGroup:
    """A group whose school chose to publish its approved minutes; anything else is the same 404."""
    return access_in(
        WellbeingGroup.objects.filter(
            municipality__slug=municipality_slug, minutes_public=True, is_active=True
        ).select_related("municipality", "school", "level"),
        pk=pk,
    )


def public_minutes(group: WellbeingGroup) -> QuerySet[Meeting]:
    return group.meetings.filter(minutes_state=MinutesState.APPROVED).order_by("-starts_at")


def access_public_minutes(group: WellbeingGroup, pk: object) -> Meeting:
    return access_in(public_minutes(group), pk=pk)
