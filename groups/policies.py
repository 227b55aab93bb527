"""Who may do what with wellbeing groups, their meetings, minutes and action items.

The rules (issue 9, ../shared/ARCHITECTURE.md "Permissions"):
- the coordinator keeps the city-level structure and convenes the city's groups; the principal of a
  school (roles' principal rule) keeps that school's groups and convenes them; a group may also name a
  convener of its own;
- every member of the municipality reads the structure (which groups exist, who sits in them: the
  induction pack shows the same);
- a group's meetings and minutes are its members' (django-guardian `view_wellbeinggroup`, granted and
  taken away by the membership services), its conveners', the school's principal's and the
  coordinator's; draft minutes only the convener's and the meeting's preparer's;
- a convener may let a named person prepare one meeting (`change_meeting` on that meeting).

Grants are read once per request into the actor's memo (a prefetched join, never a query per row).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from core.policies import Policy
from roles.policies import current_year_id, is_principal, principal_school_ids
from schools.tenancy import Actor

from .models import (
    ActionItem,
    Meeting,
    MeetingUserObjectPermission,
    WellbeingGroup,
    WellbeingGroupUserObjectPermission,
)

VIEW_GROUP = "view_wellbeinggroup"
CHANGE_MEETING = "change_meeting"


def member_group_ids(actor: Actor) -> frozenset[int]:
    """Groups whose meetings and minutes the actor reads as a member (guardian grants): one query."""
    if "group_grants" not in actor.memo:
        actor.memo["group_grants"] = frozenset(
            WellbeingGroupUserObjectPermission.objects.filter(
                user=actor.user,
                permission__codename=VIEW_GROUP,
                content_object__municipality=actor.municipality,
            ).values_list("content_object_id", flat=True)
        )
    return actor.memo["group_grants"]


def delegated_meeting_ids(actor: Actor) -> frozenset[int]:
    """Meetings the actor was let prepare (guardian grants): one query."""
    if "meeting_grants" not in actor.memo:
        actor.memo["meeting_grants"] = frozenset(
            MeetingUserObjectPermission.objects.filter(
                user=actor.user,
                permission__codename=CHANGE_MEETING,
                content_object__group__municipality=actor.municipality,
            ).values_list("content_object_id", flat=True)
        )
    return actor.memo["meeting_grants"]


def _current_principal_school_ids(actor: Actor) -> set[int]:
    current = current_year_id(actor)
    return principal_school_ids(actor, frozenset({current})) if current else set()


def _is_school_principal(actor: Actor, school_id: int | None) -> bool:
    if school_id is None:
        return False
    current = current_year_id(actor)
    return current is not None and is_principal(actor, school_id, current)


# --- Groups ----------------------------------------------------------------------------------


class GroupPolicy(Policy):
    ACTIONS = ("manage", "convene", "view_meetings", "delete")

    def can_view(self, actor: Actor, group: WellbeingGroup | None = None) -> bool:
        return True

    def can_create(self, actor: Actor, obj: Any = None) -> bool:
        """Someone may create groups somewhere: the coordinator, or a principal of the current year."""
        return actor.is_coordinator or bool(_current_principal_school_ids(actor))

    def can_create_at(
        self, actor: Actor, school_id: int | None, parent: WellbeingGroup | None = None
    ) -> bool:
        """A new group at a school (None: the municipality), or under a parent group."""
        if parent is not None:
            return self.can_manage(actor, parent) or self.can_convene(actor, parent)
        return actor.is_coordinator or _is_school_principal(actor, school_id)

    def can_manage(self, actor: Actor, group: WellbeingGroup | None = None) -> bool:
        """Edit the group and its members: the coordinator anywhere, the principal at their school."""
        if group is None:
            return self.can_create(actor)
        return actor.is_coordinator or _is_school_principal(actor, group.school_id)

    def can_delete(self, actor: Actor, group: WellbeingGroup | None = None) -> bool:
        return self.can_manage(actor, group)

    def can_convene(self, actor: Actor, group: WellbeingGroup | None = None) -> bool:
        """Create its meetings, send invitations, approve minutes."""
        if group is None:
            return self.can_create(actor)
        if group.convener_id == actor.user.pk:
            return True
        if group.school_id is None:
            return actor.is_coordinator
        return _is_school_principal(actor, group.school_id)

    def can_view_meetings(self, actor: Actor, group: WellbeingGroup | None = None) -> bool:
        if group is None:
            return True
        return (
            actor.is_coordinator
            or group.pk in member_group_ids(actor)
            or self.can_convene(actor, group)
            or _is_school_principal(actor, group.school_id)
        )

    def meetings_visible(self, actor: Actor, queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
        """`can_view_meeting` as a queryset (for lists and the calendar feed)."""
        if actor.is_coordinator:
            return queryset
        principal_of = _current_principal_school_ids(actor)
        # The grants as subqueries: one query for the list, however many grants the person holds.
        member_of = WellbeingGroupUserObjectPermission.objects.filter(
            user=actor.user, permission__codename=VIEW_GROUP
        ).values("content_object_id")
        delegated = MeetingUserObjectPermission.objects.filter(
            user=actor.user, permission__codename=CHANGE_MEETING
        ).values("content_object_id")
        return queryset.filter(
            Q(group_id__in=member_of)
            | Q(group__convener=actor.user)
            | Q(group__school_id__in=principal_of)
            | Q(pk__in=delegated)
        )


groups = GroupPolicy()


# --- Meetings, agenda, minutes -----------------------------------------------------------------


class MeetingPolicy(Policy):
    ACTIONS = ("prepare", "convene", "read_minutes", "read_draft_minutes", "invite", "approve_minutes")

    def can_view(self, actor: Actor, meeting: Meeting | None = None) -> bool:
        if meeting is None:
            return True
        return groups.can_view_meetings(actor, meeting.group) or meeting.pk in delegated_meeting_ids(actor)

    def can_create(self, actor: Actor, group: WellbeingGroup | None = None) -> bool:
        return groups.can_convene(actor, group)

    def can_convene(self, actor: Actor, meeting: Meeting | None = None) -> bool:
        """Move or cancel the meeting, name its preparer, approve its minutes: the group's convener."""
        return meeting is None or groups.can_convene(actor, meeting.group)

    def can_prepare(self, actor: Actor, meeting: Meeting | None = None) -> bool:
        """Agenda, attendance, minutes and action items: the convener or the named preparer."""
        if meeting is None:
            return True
        if meeting.minutes_approved or meeting.is_cancelled:
            return False
        return self.can_convene(actor, meeting) or meeting.pk in delegated_meeting_ids(actor)

    def can_invite(self, actor: Actor, meeting: Meeting | None = None) -> bool:
        return meeting is None or (not meeting.is_cancelled and self.can_prepare(actor, meeting))

    def can_read_draft_minutes(self, actor: Actor, meeting: Meeting | None = None) -> bool:
        if meeting is None:
            return True
        return self.can_convene(actor, meeting) or meeting.pk in delegated_meeting_ids(actor)

    def can_read_minutes(self, actor: Actor, meeting: Meeting | None = None) -> bool:
        """Approved minutes: everyone who sees the meeting; drafts: the convener and the preparer."""
        if meeting is None:
            return True
        if meeting.minutes_approved:
            return self.can_view(actor, meeting)
        return self.can_read_draft_minutes(actor, meeting)

    def can_approve_minutes(self, actor: Actor, meeting: Meeting | None = None) -> bool:
        if meeting is None:
            return True
        return not meeting.minutes_approved and not meeting.is_cancelled and self.can_convene(actor, meeting)


meetings = MeetingPolicy()


# --- Action items ------------------------------------------------------------------------------


class ActionItemPolicy(Policy):
    def can_view(self, actor: Actor, item: ActionItem | None = None) -> bool:
        if item is None:
            return True
        return item.owner_id == actor.user.pk or meetings.can_view(actor, item.meeting)

    def can_update_status(self, actor: Actor, item: ActionItem | None = None) -> bool:
        """The owner marks progress; the meeting's convener or preparer too."""
        if item is None:
            return True
        return (
            item.owner_id == actor.user.pk
            or meetings.can_convene(actor, item.meeting)
            or (item.meeting_id in delegated_meeting_ids(actor))
        )

    def can_edit(self, actor: Actor, item: ActionItem | None = None) -> bool:
        """What, owner and due date: the meeting's convener or preparer."""
        if item is None:
            return True
        return meetings.can_convene(actor, item.meeting) or item.meeting_id in delegated_meeting_ids(actor)

    def visible(self, actor: Actor, queryset: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
        visible_meetings = groups.meetings_visible(
            actor, Meeting.objects.filter(group__municipality=actor.municipality)
        )
        return queryset.filter(Q(owner=actor.user) | Q(meeting__in=visible_meetings.values("pk")))


action_items = ActionItemPolicy()
