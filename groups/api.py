"""API of the wellbeing groups: levels, groups, members, meetings with their agenda and minutes, and
action items. Thin views over groups.selectors, groups.policies and groups.services.

The same rules as the pages: every queryset comes from a selector scoped to the actor (another
municipality's object is a 404 like a missing one; a meeting of this municipality the actor may not
see is a 403), and every write goes through the services, which check the policy and the rules
before they write. Minutes are shown only to those who may read them (drafts: the convener and the
preparer; approved: everyone who sees the meeting); e-mail addresses of members without an account
only to those who keep the group.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from core.access import MAX_ID
from core.api import IdRelatedField, MultilineCharField, OneLineCharField, TenantViewSetMixin
from core.filters import IdFilter
from core.policies import policy_permission
from roles import selectors as role_selectors
from roles.models import Role
from schools import selectors as school_selectors
from schools.models import Language, School, Stage, User
from schools.tenancy import Actor

from . import policies, selectors
from .models import (
    ITEM_TEXT_MAX_LENGTH,
    MAX_AGENDA_ITEMS,
    MAX_MEMBERS,
    MAX_REMINDER_DAYS,
    MINUTES_MAX_LENGTH,
    PURPOSE_MAX_LENGTH,
    ActionItem,
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    GroupLevel,
    GroupMember,
    Meeting,
    MeetingState,
    MemberKind,
    WellbeingGroup,
)
from .services import actions, meetings, minutes, structure


def _detail_pk(view: Any) -> int:
    """The id in the URL; the routes only match digits, so only an out-of-range number can fail."""
    try:
        return int(view.kwargs["pk"])
    except (TypeError, ValueError, OverflowError):
        raise Http404 from None


def _user_name(user: User | None) -> str:
    return user.get_full_name() if user is not None else ""


def _reject_unknown(data: Any, allowed: set[str]) -> None:
    """A PATCH naming a field that cannot change here is refused, not silently ignored."""
    if isinstance(data, dict):
        others = sorted(set(data) - allowed)
        if others:
            raise exceptions.ValidationError({f: [_("This field cannot be changed here.")] for f in others})


# --- Levels -----------------------------------------------------------------------------------


class GroupLevelSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="group-level-detail")
    name = serializers.CharField(read_only=True, help_text="The name in the request's language.")

    class Meta:
        model = GroupLevel
        fields = ["id", "url", "order", "name", "name_fi", "name_sv", "attaches_to"]
        read_only_fields = fields


class GroupLevelViewSet(TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The levels of the municipality's group structure (the default is the customer's four)."""

    queryset = GroupLevel.objects.none()
    serializer_class = GroupLevelSerializer
    lookup_value_regex = r"\d+"
    filter_backends = [OrderingFilter]
    ordering_fields = ["order", "id"]
    ordering = ["order", "id"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[GroupLevel]:
        return selectors.levels_for(actor)


# --- Groups -----------------------------------------------------------------------------------

CanManageGroup = policy_permission(policies.groups, write="manage")


class WellbeingGroupSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="wellbeing-group-detail")
    name = serializers.CharField(read_only=True, help_text="The name in the request's language.")
    level_order = serializers.IntegerField(source="level.order", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True, allow_null=True, default=None)
    convener_name = serializers.SerializerMethodField()
    reminder_days = serializers.ListField(
        child=serializers.IntegerField(),
        source="effective_reminder_days",
        read_only=True,
        help_text="Days before a meeting when members are reminded.",
    )

    class Meta:
        model = WellbeingGroup
        fields = [
            "id", "url", "level", "level_order", "name", "name_fi", "name_sv", "school", "school_name",
            "stage", "parent", "purpose", "ends_on", "convener", "convener_name", "reminder_days",
            "minutes_public", "is_active",
        ]  # fmt: skip
        read_only_fields = fields

    def get_convener_name(self, group: WellbeingGroup) -> str:
        return _user_name(group.convener)


class GroupUpdateSerializer(serializers.Serializer):
    name_fi = OneLineCharField(max_length=150)
    name_sv = OneLineCharField(max_length=150, allow_blank=True, default="")
    purpose = MultilineCharField(max_length=PURPOSE_MAX_LENGTH, allow_blank=True, default="")
    ends_on = serializers.DateField(allow_null=True, default=None)
    convener = IdRelatedField(
        queryset=User.objects.none(),
        allow_null=True,
        default=None,
        help_text="A person who convenes the group besides the coordinator or the principal.",
    )
    reminder_days = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=MAX_REMINDER_DAYS),
        max_length=5,
        default=list,
        help_text="Days before a meeting when members are reminded; empty: 7 and 1.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["convener"].queryset = school_selectors.users_for(actor)


class GroupPatchSerializer(GroupUpdateSerializer):
    minutes_public = serializers.BooleanField(
        required=False, help_text="Publish approved minutes on the school's public page."
    )
    is_active = serializers.BooleanField(required=False)


class GroupCreateSerializer(GroupUpdateSerializer):
    """Ids are looked up among the actor's municipality's rows only: another's is an invalid choice."""

    level = IdRelatedField(queryset=GroupLevel.objects.none())
    school = IdRelatedField(queryset=School.objects.none(), allow_null=True, default=None)
    stage = serializers.ChoiceField(choices=Stage.choices, allow_blank=True, default="")
    parent = IdRelatedField(
        queryset=WellbeingGroup.objects.none(),
        allow_null=True,
        default=None,
        help_text="The group a working group works for.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["level"].queryset = selectors.levels_for(actor)
            self.fields["school"].queryset = school_selectors.schools_for(actor)
            self.fields["parent"].queryset = selectors.groups_for(actor)


class WellbeingGroupFilter(filters.FilterSet):
    school = IdFilter(field_name="school_id")
    level = IdFilter(field_name="level_id")
    parent = IdFilter(field_name="parent_id")

    class Meta:
        model = WellbeingGroup
        fields = ["school", "level", "parent"]


class WellbeingGroupViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The municipality's active groups (every member reads the structure). The coordinator creates the
    city's groups, a principal their school's; working groups hang on a parent group. Closed groups are
    reached by id."""

    queryset = WellbeingGroup.objects.none()
    serializer_class = WellbeingGroupSerializer
    permission_classes = [*TenantViewSetMixin.permission_classes, CanManageGroup]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"\d+"
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    filterset_class = WellbeingGroupFilter
    ordering_fields = ["id", "name_fi", "level__order"]
    ordering = ["level__order", "name_fi", "id"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[WellbeingGroup]:
        return selectors.groups_for(actor, include_inactive=self.is_detail_route())

    def get_object(self) -> WellbeingGroup:
        group = selectors.access_group(self.actor, _detail_pk(self))
        self.check_object_permissions(self.request, group)
        return group

    def _reloaded(self, group: WellbeingGroup, *, status: int = 200) -> Response:
        return self.output(selectors.access_group(self.actor, group.pk), status=status)

    def get_permissions(self) -> list:
        # Creating is decided by the service once the body names the school or the parent group (a
        # convener of a parent group may add a working group without managing anything else).
        if self.action == "create":
            return [p() for p in TenantViewSetMixin.permission_classes]
        return super().get_permissions()

    @extend_schema(request=GroupCreateSerializer, responses={201: WellbeingGroupSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input(GroupCreateSerializer)
        group = structure.group_create(actor=self.actor, **data)
        return self._reloaded(group, status=status.HTTP_201_CREATED)

    @extend_schema(request=GroupPatchSerializer, responses=WellbeingGroupSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        group = self.get_object()
        data = self.validated_input(GroupPatchSerializer, partial=True)
        if data:
            structure.group_update(actor=self.actor, group=group, **data)
        return self._reloaded(group)


# --- Members ----------------------------------------------------------------------------------


class GroupMemberSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="group-member-detail")
    display_name = serializers.CharField(read_only=True)
    email = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="A member without an account: their address, shown to those who keep or convene the "
        "group only (null for others). Staff members: null (their account has it).",
    )

    class Meta:
        model = GroupMember
        fields = [
            "id", "url", "group", "kind", "user", "display_name", "role", "name", "email", "language",
            "represents", "term_starts_on", "term_ends_on", "theme", "name_in_documents",
        ]  # fmt: skip
        read_only_fields = fields

    def _may_see_addresses(self, group: WellbeingGroup) -> bool:
        cache = self.context.setdefault("address_rights", {})
        if group.pk not in cache:
            actor = self.context["actor"]
            cache[group.pk] = policies.groups.can_manage(actor, group) or policies.groups.can_convene(
                actor, group
            )
        return cache[group.pk]

    def to_representation(self, member: GroupMember) -> dict:
        data = super().to_representation(member)
        if member.user_id is not None or not self._may_see_addresses(member.group):
            data["email"] = None
        return data


class _MemberFieldsSerializer(serializers.Serializer):
    role = IdRelatedField(
        queryset=Role.objects.none(), allow_null=True, required=False, help_text="The role they represent."
    )
    name = OneLineCharField(max_length=150, allow_blank=True, required=False)
    email = serializers.EmailField(allow_blank=True, required=False)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    represents = OneLineCharField(max_length=150, allow_blank=True, required=False)
    term_starts_on = serializers.DateField(allow_null=True, required=False)
    term_ends_on = serializers.DateField(allow_null=True, required=False)
    theme = OneLineCharField(
        max_length=150, allow_blank=True, required=False, help_text="Invited for this theme only."
    )
    name_in_documents = serializers.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["role"].queryset = role_selectors.roles_for(actor)


class MemberCreateSerializer(_MemberFieldsSerializer):
    group = IdRelatedField(queryset=WellbeingGroup.objects.none())
    kind = serializers.ChoiceField(choices=MemberKind.choices)
    user = IdRelatedField(
        queryset=User.objects.none(),
        allow_null=True,
        default=None,
        help_text="Staff members: the person. Others have no account: give name and e-mail.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["group"].queryset = selectors.groups_for(actor)
            self.fields["user"].queryset = school_selectors.users_for(actor)


group_parameter = OpenApiParameter(
    name="group",
    type={"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID},
    location=OpenApiParameter.QUERY,
    required=True,
    description="The group whose members are listed.",
)


class GroupMemberViewSet(
    TenantViewSetMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The members of the municipality's groups, or of one group (`?group=`): staff with the role they
    represent, and people without an account. Those who keep or convene the group add, edit and remove
    members; a user member gets the group's meetings and minutes, and loses them when removed."""

    queryset = GroupMember.objects.none()
    serializer_class = GroupMemberSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = r"\d+"
    filter_backends: list = []

    def scoped_queryset(self, actor: Actor) -> QuerySet[GroupMember]:
        raw = self.request.query_params.get("group")
        if raw is None:
            return selectors.members_in(actor)
        return selectors.members_of(selectors.access_group(actor, raw)).select_related("group")

    def get_object(self) -> GroupMember:
        member = selectors.access_member(self.actor, _detail_pk(self))
        self.check_object_permissions(self.request, member)
        return member

    def _reloaded(self, member: GroupMember, *, status: int = 200) -> Response:
        return self.output(selectors.access_member(self.actor, member.pk), status=status)

    @extend_schema(
        parameters=[group_parameter],
        responses=GroupMemberSerializer(many=True),
        description="The members of every group of the municipality, or of one group (`?group=`).",
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=MemberCreateSerializer, responses={201: GroupMemberSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input(MemberCreateSerializer)
        member = structure.member_add(actor=self.actor, **data)
        return self._reloaded(member, status=status.HTTP_201_CREATED)

    @extend_schema(request=_MemberFieldsSerializer, responses=GroupMemberSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        member = self.get_object()
        data = self.validated_input(_MemberFieldsSerializer, partial=True)
        structure.member_update(actor=self.actor, member=member, **data)
        return self._reloaded(member)

    def perform_destroy(self, instance: GroupMember) -> None:
        structure.member_remove(actor=self.actor, member=instance)


# --- Meetings and agenda ----------------------------------------------------------------------


def _minutes_visible(serializer: serializers.Serializer, meeting: Meeting) -> bool:
    """Drafts for the convener and the preparer, approved minutes for all who see the meeting."""
    cache = serializer.context.setdefault("minutes_rights", {})
    if meeting.pk not in cache:
        cache[meeting.pk] = policies.meetings.can_read_minutes(serializer.context["actor"], meeting)
    return cache[meeting.pk]


class AgendaItemSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="agenda-item-detail")
    presenter_name = serializers.SerializerMethodField()
    preparation_owner_name = serializers.SerializerMethodField()
    minutes = serializers.CharField(
        read_only=True, allow_null=True, help_text="Null for those who may not read these minutes."
    )
    decision = serializers.CharField(
        read_only=True, allow_null=True, help_text="Null for those who may not read these minutes."
    )

    class Meta:
        model = AgendaItem
        fields = [
            "id", "url", "meeting", "order", "title", "description", "presenter", "presenter_name",
            "preparation_owner", "preparation_owner_name", "source", "minutes", "decision",
        ]  # fmt: skip
        read_only_fields = fields

    def get_presenter_name(self, item: AgendaItem) -> str:
        return item.presenter.display_name if item.presenter is not None else ""

    def get_preparation_owner_name(self, item: AgendaItem) -> str:
        return _user_name(item.preparation_owner)

    def to_representation(self, item: AgendaItem) -> dict:
        data = super().to_representation(item)
        if not _minutes_visible(self, item.meeting):
            data["minutes"] = data["decision"] = None
        return data


class MeetingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="meeting-detail")
    group_name = serializers.CharField(source="group.name", read_only=True)
    preparer_name = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id", "url", "group", "group_name", "title", "starts_at", "ends_at", "place", "online_link",
            "state", "sequence", "preparer", "preparer_name", "minutes_state", "minutes_approved_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_preparer_name(self, meeting: Meeting) -> str:
        return _user_name(meeting.preparer)


class MeetingDetailSerializer(MeetingSerializer):
    agenda_items = AgendaItemSerializer(many=True, read_only=True)
    minutes_general = serializers.CharField(
        read_only=True, allow_null=True, help_text="Null for those who may not read these minutes."
    )
    version = serializers.IntegerField(read_only=True, help_text="Send it back with the minutes.")

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "minutes_general", "version", "agenda_items"]
        read_only_fields = fields

    def to_representation(self, meeting: Meeting) -> dict:
        data = super().to_representation(meeting)
        if not _minutes_visible(self, meeting):
            data["minutes_general"] = None
        return data


class MeetingPatchSerializer(serializers.Serializer):
    title = OneLineCharField(max_length=150, allow_blank=True, required=False)
    starts_at = serializers.DateTimeField(required=False)
    ends_at = serializers.DateTimeField(required=False)
    place = OneLineCharField(max_length=200, allow_blank=True, required=False)
    online_link = serializers.URLField(max_length=500, allow_blank=True, required=False)


class MeetingCreateSerializer(MeetingPatchSerializer):
    group = IdRelatedField(queryset=WellbeingGroup.objects.none())
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["group"].queryset = selectors.groups_for(actor)


class PreparerSerializer(serializers.Serializer):
    user = IdRelatedField(
        queryset=User.objects.none(), allow_null=True, help_text="Null: nobody besides the convener."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["user"].queryset = school_selectors.users_for(actor)


class QueuedSerializer(serializers.Serializer):
    queued = serializers.IntegerField(
        help_text="Messages queued now; 0 when this version of the meeting was sent already."
    )


class MinutesItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    title = serializers.CharField(read_only=True)
    minutes = MultilineCharField(max_length=MINUTES_MAX_LENGTH, allow_blank=True, default="")
    decision = MultilineCharField(max_length=ITEM_TEXT_MAX_LENGTH, allow_blank=True, default="")


class AttendanceRowSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    name = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)


class MinutesSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version the minutes were written on; a stale one is refused."
    )
    state = serializers.CharField(read_only=True)
    general = MultilineCharField(max_length=MINUTES_MAX_LENGTH, allow_blank=True, default="")
    approved_at = serializers.DateTimeField(read_only=True, allow_null=True)
    approved_by = serializers.IntegerField(read_only=True, allow_null=True)
    items = MinutesItemSerializer(many=True, default=list, max_length=MAX_AGENDA_ITEMS)
    attendance = AttendanceRowSerializer(
        many=True,
        required=False,
        max_length=MAX_MEMBERS,
        help_text="Who was present, absent or excused; left out: attendance is kept as it is.",
    )

    def validate(self, attrs: dict) -> dict:
        for key, field in (("items", "id"), ("attendance", "member")):
            ids = [row[field] for row in attrs.get(key, [])]
            if len(ids) != len(set(ids)):
                raise exceptions.ValidationError({key: [_("Each one may appear only once.")]})
        return attrs


def _minutes_data(meeting: Meeting) -> dict:
    return {
        "version": meeting.version,
        "state": meeting.minutes_state,
        "general": meeting.minutes_general,
        "approved_at": meeting.minutes_approved_at,
        "approved_by": meeting.minutes_approved_by_id,
        "items": [
            {"id": i.pk, "title": i.title, "minutes": i.minutes, "decision": i.decision}
            for i in meeting.agenda_items.all()
        ],
        "attendance": [
            {"member": a.member_id, "name": a.member.display_name, "status": a.status}
            for a in meeting.attendance.all()
        ],
    }


class MeetingFilter(filters.FilterSet):
    group = IdFilter(field_name="group_id")
    upcoming = filters.BooleanFilter(
        method="filter_upcoming", help_text="true: not yet ended and not cancelled, soonest first."
    )

    class Meta:
        model = Meeting
        fields = ["group", "upcoming"]

    def filter_upcoming(
        self, queryset: QuerySet[Meeting], name: str, value: bool | None
    ) -> QuerySet[Meeting]:
        if not value:
            return queryset
        return (
            queryset.filter(ends_at__gte=timezone.now())
            .exclude(state=MeetingState.CANCELLED)
            .order_by("starts_at", "id")
        )


class MeetingViewSet(
    TenantViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The meetings the actor sees (members, conveners, the school's principal, the coordinator, a
    meeting's preparer). The convener creates, moves and cancels meetings and sends the invitations; the
    convener or the preparer writes the minutes, the convener approves them."""

    queryset = Meeting.objects.none()
    serializer_class = MeetingSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    lookup_value_regex = r"\d+"
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    filterset_class = MeetingFilter
    ordering_fields = ["id", "starts_at"]
    ordering = ["-starts_at", "id"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[Meeting]:
        return selectors.visible_meetings(actor)

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return MeetingSerializer if self.action == "list" else MeetingDetailSerializer

    def get_object(self) -> Meeting:
        """Another municipality's meeting is a 404; one the actor may not see, a 403."""
        meeting = selectors.access_meeting(self.actor, _detail_pk(self))
        self.check_object_permissions(self.request, meeting)
        return meeting

    def _detail(self, meeting: Meeting, *, status: int = 200) -> Response:
        return self.output(selectors.meeting_page(meeting), status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self.get_object())

    @extend_schema(request=MeetingCreateSerializer, responses={201: MeetingDetailSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input(MeetingCreateSerializer)
        meeting = meetings.meeting_create(actor=self.actor, **data)
        return self._detail(meeting, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=MeetingPatchSerializer,
        responses=MeetingDetailSerializer,
        description="Change the time, place, link or title (the convener). A change raises the calendar "
        "sequence, reschedules the reminders and, once invited, sends everyone an update.",
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        meeting = self.get_object()
        data = self.validated_input(MeetingPatchSerializer, partial=True)
        if data:
            meetings.meeting_update(actor=self.actor, meeting=meeting, **data)
        return self._detail(meeting)

    @extend_schema(
        request=None,
        responses=QueuedSerializer,
        description="Send the invitations with a calendar file. Sent once per version of the meeting: "
        "a second call queues nothing.",
    )
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def invite(self, request: Request, pk: str) -> Response:
        queued = meetings.meeting_send_invitations(actor=self.actor, meeting=self.get_object())
        return Response({"queued": queued})

    @extend_schema(request=None, responses=MeetingDetailSerializer, description="Cancel the meeting.")
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def cancel(self, request: Request, pk: str) -> Response:
        meeting = meetings.meeting_cancel(actor=self.actor, meeting=self.get_object())
        return self._detail(meeting)

    @extend_schema(
        request=PreparerSerializer,
        responses=MeetingDetailSerializer,
        description="Let a named person prepare this meeting's agenda and minutes (null: nobody).",
    )
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def preparer(self, request: Request, pk: str) -> Response:
        meeting = self.get_object()
        user = self.validated_input(PreparerSerializer)["user"]
        meeting = meetings.meeting_set_preparer(actor=self.actor, meeting=meeting, user=user)
        return self._detail(meeting)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=MinutesSerializer,
        description="The minutes with attendance: drafts for the convener and the preparer, approved "
        "minutes for everyone who sees the meeting (others: 403).",
    )
    @extend_schema(
        methods=["PUT"],
        request=MinutesSerializer,
        responses=MinutesSerializer,
        description="Save the draft minutes (the convener or the preparer), naming the version they were "
        "written on. Identity codes and other personal data of pupils are refused: an individual "
        "pupil's matters belong to the multi-professional expert group, not here.",
    )
    @action(detail=True, methods=["get", "put"], pagination_class=None, filter_backends=[])
    def minutes(self, request: Request, pk: str) -> Response:
        meeting = self.get_object()
        if request.method == "PUT":
            data = self.validated_input(MinutesSerializer)
            # Minutes and attendance are one save: both or neither.
            with transaction.atomic():
                minutes.minutes_save(
                    actor=self.actor,
                    meeting=meeting,
                    version=data["version"],
                    general=data["general"],
                    items={row["id"]: (row["minutes"], row["decision"]) for row in data["items"]},
                )
                if "attendance" in data:
                    minutes.attendance_record(
                        actor=self.actor,
                        meeting=meeting,
                        statuses={row["member"]: row["status"] for row in data["attendance"]},
                    )
        meeting = selectors.meeting_page(meeting)
        if not policies.meetings.can_read_minutes(self.actor, meeting):
            raise PermissionDenied(_("You may not read these minutes."))
        return Response(MinutesSerializer(_minutes_data(meeting)).data)

    @extend_schema(
        request=None,
        responses=MeetingDetailSerializer,
        description="Approve the minutes (the convener): they freeze and go to the members.",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="approve-minutes",
        url_name="approve-minutes",
        pagination_class=None,
        filter_backends=[],
    )
    def approve_minutes(self, request: Request, pk: str) -> Response:
        meeting = minutes.minutes_approve(actor=self.actor, meeting=self.get_object())
        return self._detail(meeting)


class _AgendaFieldsSerializer(serializers.Serializer):
    title = OneLineCharField(max_length=200, allow_blank=True)
    description = MultilineCharField(max_length=ITEM_TEXT_MAX_LENGTH, allow_blank=True, default="")
    presenter = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        allow_null=True,
        default=None,
        help_text="A member (group-members id) of the meeting's group.",
    )
    preparation_owner = IdRelatedField(queryset=User.objects.none(), allow_null=True, default=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["preparation_owner"].queryset = school_selectors.users_for(actor)


class AgendaItemCreateSerializer(_AgendaFieldsSerializer):
    meeting = IdRelatedField(queryset=Meeting.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            # The municipality's meetings: the service answers 403 for one the actor may not prepare.
            self.fields["meeting"].queryset = selectors.meetings_in(actor)


def _presenter(meeting: Meeting, member_id: int | None) -> GroupMember | None:
    """The presenter among the meeting group's members; any other id is refused as a field error."""
    if member_id is None:
        return None
    member = meeting.group.members.filter(pk=member_id).first()
    if member is None:
        raise exceptions.ValidationError({"presenter": [_("The presenter must be a member of the group.")]})
    return member


class AgendaItemViewSet(
    TenantViewSetMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """A meeting's agenda, matter by matter (read the whole agenda from the meeting). The convener or
    the meeting's preparer adds, edits and removes matters until the minutes are approved."""

    queryset = AgendaItem.objects.none()
    serializer_class = AgendaItemSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = r"\d+"
    filter_backends: list = []

    def get_object(self) -> AgendaItem:
        item = selectors.access_agenda_item(self.actor, _detail_pk(self))
        self.check_object_permissions(self.request, item)
        return item

    def _reloaded(self, item: AgendaItem, *, status: int = 200) -> Response:
        return self.output(selectors.access_agenda_item(self.actor, item.pk), status=status)

    @extend_schema(request=AgendaItemCreateSerializer, responses={201: AgendaItemSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input(AgendaItemCreateSerializer)
        meeting = data.pop("meeting")
        data["presenter"] = _presenter(meeting, data["presenter"])
        item = meetings.agenda_item_add(actor=self.actor, meeting=meeting, **data)
        return self._reloaded(item, status=status.HTTP_201_CREATED)

    @extend_schema(request=_AgendaFieldsSerializer, responses=AgendaItemSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        _reject_unknown(request.data, {"title", "description", "presenter", "preparation_owner", "meeting"})
        data = self.validated_input(_AgendaFieldsSerializer, partial=True)
        if "presenter" in data:
            data["presenter"] = _presenter(item.meeting, data["presenter"])
        meetings.agenda_item_update(actor=self.actor, item=item, **data)
        return self._reloaded(item)

    def perform_destroy(self, instance: AgendaItem) -> None:
        meetings.agenda_item_delete(actor=self.actor, item=instance)


# --- Action items -----------------------------------------------------------------------------


class ActionItemSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="action-item-detail")
    group = serializers.IntegerField(source="meeting.group_id", read_only=True)
    group_name = serializers.CharField(source="meeting.group.name", read_only=True)
    owner_name = serializers.SerializerMethodField()
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = [
            "id", "url", "meeting", "group", "group_name", "agenda_item", "what", "owner", "owner_name",
            "due_on", "status", "completed_at", "created_by", "created_by_name",
        ]  # fmt: skip
        read_only_fields = fields

    def get_owner_name(self, item: ActionItem) -> str:
        return _user_name(item.owner)

    def get_created_by_name(self, item: ActionItem) -> str:
        return _user_name(item.created_by)


class ActionItemPatchSerializer(serializers.Serializer):
    what = OneLineCharField(max_length=300, allow_blank=True, required=False)
    owner = IdRelatedField(queryset=User.objects.none(), required=False)
    due_on = serializers.DateField(required=False)
    status = serializers.ChoiceField(
        choices=ActionStatus.choices,
        required=False,
        help_text="The owner marks progress; what, owner and due date are the convener's or preparer's.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["owner"].queryset = school_selectors.users_for(actor)


class ActionItemCreateSerializer(serializers.Serializer):
    meeting = IdRelatedField(queryset=Meeting.objects.none())
    agenda_item = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, allow_null=True, default=None, help_text="A matter of the meeting."
    )
    what = OneLineCharField(max_length=300, allow_blank=True)
    owner = IdRelatedField(queryset=User.objects.none())
    due_on = serializers.DateField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["meeting"].queryset = selectors.meetings_in(actor)
            self.fields["owner"].queryset = school_selectors.users_for(actor)

    def validate(self, attrs: dict) -> dict:
        if attrs.get("agenda_item") is not None:
            item = attrs["meeting"].agenda_items.filter(pk=attrs["agenda_item"]).first()
            if item is None:
                raise exceptions.ValidationError({"agenda_item": [_("Choose a matter of this meeting.")]})
            attrs["agenda_item"] = item
        return attrs


class ActionItemFilter(filters.FilterSet):
    show = filters.ChoiceFilter(
        choices=[(s, s) for s in selectors.ACTION_FILTERS],
        method="filter_show",
        help_text="mine, made_by_me, overdue, open or all I may see (the default).",
    )
    group = IdFilter(field_name="meeting__group_id")

    class Meta:
        model = ActionItem
        fields = ["show", "group"]

    def filter_show(self, queryset: QuerySet[ActionItem], name: str, value: str) -> QuerySet[ActionItem]:
        return queryset  # applied by the selector in the view; declared here to be validated


class ActionItemViewSet(
    TenantViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Action items the actor may see: their own, and those of the meetings they see. The convener or
    the preparer gives them; the owner (and the convener) marks progress."""

    queryset = ActionItem.objects.none()
    serializer_class = ActionItemSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"\d+"
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    filterset_class = ActionItemFilter
    ordering_fields = ["id", "due_on"]
    ordering = ["due_on", "id"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[ActionItem]:
        if self.is_detail_route():
            return selectors.visible_action_items(actor)
        show = self.request.query_params.get("show", "all")
        if show not in selectors.ACTION_FILTERS:
            show = "all"  # the filterset refuses it with a 400
        return selectors.action_items_filtered(actor, show=show)

    def get_object(self) -> ActionItem:
        item = selectors.access_action_item(self.actor, _detail_pk(self))
        self.check_object_permissions(self.request, item)
        return item

    def _reloaded(self, item: ActionItem, *, status: int = 200) -> Response:
        return self.output(selectors.access_action_item(self.actor, item.pk), status=status)

    @extend_schema(request=ActionItemCreateSerializer, responses={201: ActionItemSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input(ActionItemCreateSerializer)
        item = actions.action_item_create(actor=self.actor, **data)
        return self._reloaded(item, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionItemPatchSerializer, responses=ActionItemSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        data = self.validated_input(ActionItemPatchSerializer, partial=True)
        new_status = data.pop("status", None)
        with transaction.atomic():  # an edit and a status change together: both or neither
            if data:
                actions.action_item_update(
                    actor=self.actor,
                    item=item,
                    what=data.get("what", item.what),
                    owner=data.get("owner", item.owner),
                    due_on=data.get("due_on", item.due_on),
                )
            if new_status is not None:
                actions.action_item_set_status(actor=self.actor, item=item, status=new_status)
        return self._reloaded(item)


def register(router: DefaultRouter) -> None:
    router.register("group-levels", GroupLevelViewSet, basename="group-level")
    router.register("groups", WellbeingGroupViewSet, basename="wellbeing-group")
    router.register("group-members", GroupMemberViewSet, basename="group-member")
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("agenda-items", AgendaItemViewSet, basename="agenda-item")
    router.register("action-items", ActionItemViewSet, basename="action-item")
