"""API of the yearclock: the city's template entries, the schools' yearclocks and their entries.

Thin views as in roles/api.py: querysets come from selectors scoped to the actor (another
municipality's object is a 404 like a missing one), permission questions go to yearclock.policies,
and every write goes through yearclock.services, which validates before it writes (its refusals are
400s and 403s in DRF's error shape through core.api.exception_handler).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from core.api import IdRelatedField, MultilineCharField, OneLineCharField, TenantViewSetMixin
from core.filters import IdFilter
from groups import selectors as group_selectors
from groups.models import GroupLevel
from roles import selectors as role_selectors
from roles.models import Role
from schools import selectors as school_selectors
from schools.models import School, SchoolYear, User
from schools.tenancy import Actor

from . import policies, selectors
from .models import (
    DESCRIPTION_MAX_LENGTH,
    THEME_MAX_LENGTH,
    EntryStatus,
    EvaluationSource,
    TemplateEntry,
    Yearclock,
    YearclockEntry,
)
from .services import clocks, template


def _detail_pk(view: Any) -> int:
    """The id in the URL; the routes only match digits, so only an out-of-range number can fail."""
    try:
        return int(view.kwargs["pk"])
    except (TypeError, ValueError, OverflowError):
        raise Http404 from None


MONTHS_HELP = "Calendar months (1–12) in school-year order, August first."


# --- Shared entry fields -----------------------------------------------------------------------


class _EntryReadFields(serializers.ModelSerializer):
    localized_theme = serializers.CharField(read_only=True, help_text="The theme in the request's language.")
    months = serializers.ListField(child=serializers.IntegerField(), read_only=True, help_text=MONTHS_HELP)
    weeks = serializers.ListField(child=serializers.IntegerField(), read_only=True, help_text="ISO weeks.")
    evaluation_sources = serializers.ListField(
        child=serializers.ChoiceField(choices=EvaluationSource.choices), read_only=True
    )
    roles = IdRelatedField(many=True, read_only=True, help_text="Responsible roles of the catalog.")

    ENTRY_FIELDS = [
        "theme", "theme_sv", "localized_theme", "description", "description_sv", "start_month",
        "end_month", "months", "weeks", "level", "participants", "evaluation_sources", "roles", "order",
    ]  # fmt: skip


class _EntryWriteFields(serializers.Serializer):
    """Shapes only; the service checks the months (school-year order), weeks and the rest."""

    theme = OneLineCharField(max_length=THEME_MAX_LENGTH, allow_blank=True)
    theme_sv = OneLineCharField(max_length=THEME_MAX_LENGTH, allow_blank=True, required=False)
    description = MultilineCharField(
        max_length=DESCRIPTION_MAX_LENGTH, allow_blank=True, required=False, trim_whitespace=False
    )
    description_sv = MultilineCharField(
        max_length=DESCRIPTION_MAX_LENGTH, allow_blank=True, required=False, trim_whitespace=False
    )
    start_month = serializers.IntegerField(min_value=1, max_value=12, help_text=MONTHS_HELP)
    end_month = serializers.IntegerField(
        min_value=1, max_value=12, help_text="Not before `start_month` in school-year order."
    )
    weeks = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=53),
        required=False,
        max_length=10,
        help_text="Specific ISO weeks within the months (optional).",
    )
    level = IdRelatedField(queryset=GroupLevel.objects.none(), allow_null=True, required=False)
    participants = OneLineCharField(max_length=300, allow_blank=True, required=False)
    evaluation_sources = serializers.ListField(
        child=serializers.ChoiceField(choices=EvaluationSource.choices), required=False
    )
    roles = IdRelatedField(queryset=Role.objects.none(), many=True, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["level"].queryset = group_selectors.levels_for(actor)
            self.fields["roles"].child_relation.queryset = role_selectors.roles_for(
                actor, include_inactive=True
            )


# --- The city's template -----------------------------------------------------------------------


class TemplateEntrySerializer(_EntryReadFields):
    url = serializers.HyperlinkedIdentityField(view_name="yearclock-template-entry-detail")

    class Meta:
        model = TemplateEntry
        fields = ["id", "url", *_EntryReadFields.ENTRY_FIELDS, "is_active", "updated_at"]
        read_only_fields = fields


class TemplateEntryWriteSerializer(_EntryWriteFields):
    is_active = serializers.BooleanField(required=False)


class EditTemplate(permissions.BasePermission):
    """Template writes: the coordinator. Checked on the object for detail routes, so another
    municipality's id is a 404 before any 403."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS or view.is_detail_route():
            return True
        return policies.template.can_edit(view.actor)

    def has_object_permission(self, request: Request, view: Any, obj: object) -> bool:
        return request.method in permissions.SAFE_METHODS or policies.template.can_edit(view.actor)


class TemplateEntryViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The city's yearclock template: every member reads it; the coordinator adds and edits entries
    (`is_active: false` takes one out of new yearclocks; inactive ones are listed to the coordinator)."""

    queryset = TemplateEntry.objects.none()
    serializer_class = TemplateEntrySerializer
    permission_classes = [*TenantViewSetMixin.permission_classes, EditTemplate]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"\d+"
    filter_backends = [OrderingFilter]
    ordering_fields = ["order", "start_month", "id"]
    ordering = ["order", "id"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[TemplateEntry]:
        return selectors.template_entries(actor, include_inactive=policies.template.can_edit(actor))

    def get_object(self) -> TemplateEntry:
        entry = selectors.access_template_entry(self.actor, _detail_pk(self))
        self.check_object_permissions(self.request, entry)
        return entry

    def _reloaded(self, entry: TemplateEntry, *, status: int = 200) -> Response:
        return self.output(selectors.access_template_entry(self.actor, entry.pk), status=status)

    @extend_schema(request=TemplateEntryWriteSerializer, responses={201: TemplateEntrySerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input(TemplateEntryWriteSerializer)
        entry = template.template_entry_create(actor=self.actor, **data)
        return self._reloaded(entry, status=status.HTTP_201_CREATED)

    @extend_schema(request=TemplateEntryWriteSerializer, responses=TemplateEntrySerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        entry = self.get_object()
        data = self.validated_input(TemplateEntryWriteSerializer, partial=True)
        entry = template.template_entry_update(actor=self.actor, entry=entry, **data)
        return self._reloaded(entry)


# --- Schools' yearclocks -----------------------------------------------------------------------


class YearclockEntrySerializer(_EntryReadFields):
    url = serializers.HyperlinkedIdentityField(view_name="yearclock-entry-detail")
    owner_name = serializers.SerializerMethodField()
    acts = IdRelatedField(many=True, read_only=True, help_text="Practical acts of the roles tool.")
    agenda_key = serializers.CharField(
        read_only=True, help_text="What an agenda item made from this entry carries as its source."
    )

    class Meta:
        model = YearclockEntry
        fields = [
            "id", "url", "yearclock", "source", "template_entry", *_EntryReadFields.ENTRY_FIELDS,
            "owner", "owner_name", "status", "skip_reason", "dropped", "is_evaluation", "acts",
            "agenda_key", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_owner_name(self, entry: YearclockEntry) -> str:
        return entry.owner.get_full_name() if entry.owner else ""


class YearclockSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="yearclock-detail")
    school_name = serializers.CharField(source="school.name", read_only=True)
    school_year_name = serializers.CharField(source="school_year.name", read_only=True)
    entry_count = serializers.IntegerField(read_only=True, help_text="Entries not dropped.")
    done_count = serializers.IntegerField(read_only=True)
    dropped_count = serializers.IntegerField(read_only=True, help_text="City entries the school dropped.")

    class Meta:
        model = Yearclock
        fields = [
            "id", "url", "school", "school_name", "school_year", "school_year_name", "entry_count",
            "done_count", "dropped_count", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class YearclockDetailSerializer(YearclockSerializer):
    entries = serializers.SerializerMethodField()
    can_manage = serializers.SerializerMethodField(
        help_text="The actor may add, edit, move and drop entries."
    )

    class Meta(YearclockSerializer.Meta):
        fields = [*YearclockSerializer.Meta.fields, "can_manage", "entries"]
        read_only_fields = fields

    @extend_schema_field(YearclockEntrySerializer(many=True))
    def get_entries(self, clock: Yearclock) -> list[dict]:
        return YearclockEntrySerializer(clock.entry_list, many=True, context=self.context).data

    def get_can_manage(self, clock: Yearclock) -> bool:
        return policies.yearclocks.can_manage(self.context["actor"], clock)


class YearclockCreateSerializer(serializers.Serializer):
    """Ids are looked up among the actor's municipality's rows only: another's is an invalid choice."""

    school = IdRelatedField(queryset=School.objects.none())
    school_year = IdRelatedField(queryset=SchoolYear.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["school"].queryset = school_selectors.schools_for(actor)
            self.fields["school_year"].queryset = school_selectors.school_years_for(actor)


class YearclockFilter(filters.FilterSet):
    school = IdFilter(field_name="school_id")
    school_year = IdFilter(field_name="school_year_id")

    class Meta:
        model = Yearclock
        fields = ["school", "school_year"]


class YearclockViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The schools' yearclocks the actor may read (their school's staff; the coordinator every one),
    with counts. The principal creates the school's yearclock for a school year from the city template
    (every active entry is copied, marked as the city's); a second one for the same year is refused."""

    queryset = Yearclock.objects.none()
    serializer_class = YearclockSerializer
    http_method_names = ["get", "post", "head", "options"]
    lookup_value_regex = r"\d+"
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    filterset_class = YearclockFilter
    ordering_fields = ["id", "school__name"]
    ordering = ["school__name", "-school_year__starts_on", "id"]

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return YearclockDetailSerializer if self.action == "retrieve" else YearclockSerializer

    def scoped_queryset(self, actor: Actor) -> QuerySet[Yearclock]:
        return selectors.yearclock_overview(actor)

    def get_object(self) -> Yearclock:
        clock = selectors.access_yearclock(self.actor, _detail_pk(self))
        self.check_object_permissions(self.request, clock)
        return self._with_entries(clock)

    def _with_entries(self, clock: Yearclock) -> Yearclock:
        entries = list(selectors.entries_of(clock))
        clock.entry_list = entries  # type: ignore[attr-defined]
        clock.entry_count = sum(1 for e in entries if not e.dropped)  # type: ignore[attr-defined]
        clock.done_count = sum(  # type: ignore[attr-defined]
            1 for e in entries if not e.dropped and e.status == EntryStatus.DONE
        )
        clock.dropped_count = sum(1 for e in entries if e.dropped)  # type: ignore[attr-defined]
        return clock

    @extend_schema(request=YearclockCreateSerializer, responses={201: YearclockDetailSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input(YearclockCreateSerializer)
        clock = clocks.yearclock_create(actor=self.actor, **data)
        clock = self._with_entries(selectors.access_yearclock(self.actor, clock.pk))
        return Response(
            YearclockDetailSerializer(clock, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


# --- Entries ----------------------------------------------------------------------------------


class EntryCreateSerializer(_EntryWriteFields):
    yearclock = IdRelatedField(queryset=Yearclock.objects.none())
    owner = IdRelatedField(
        queryset=User.objects.none(),
        allow_null=True,
        required=False,
        help_text="A staff member of the clock's school in its school year.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            # The municipality's clocks: the service answers 403 for one the actor may not manage.
            self.fields["yearclock"].queryset = selectors.yearclocks_in(actor)
            self.fields["owner"].queryset = school_selectors.users_for(actor)


class EntryUpdateSerializer(_EntryWriteFields):
    owner = IdRelatedField(queryset=User.objects.none(), allow_null=True, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["owner"].queryset = school_selectors.users_for(actor)


class MoveSerializer(serializers.Serializer):
    start_month = serializers.IntegerField(min_value=1, max_value=12, help_text=MONTHS_HELP)
    end_month = serializers.IntegerField(
        min_value=1, max_value=12, help_text="Not before `start_month` in school-year order."
    )


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=EntryStatus.choices)
    skip_reason = OneLineCharField(
        max_length=300, allow_blank=True, default="", help_text="Required when skipped."
    )


class EntryFilter(filters.FilterSet):
    yearclock = IdFilter(field_name="yearclock_id")
    month = filters.NumberFilter(method="filter_month", min_value=1, max_value=12, label="Month (1–12)")
    dropped = filters.BooleanFilter()

    class Meta:
        model = YearclockEntry
        fields = ["yearclock", "month", "dropped"]

    def filter_month(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(selectors.months_filter(int(value)))


class YearclockEntryViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Entries of the yearclocks the actor may read; `?month=` those covering a month. The principal
    adds the school's own entries, edits any (owner included), moves, drops (a city entry stays,
    marked dropped; the school's own is deleted) and restores them and marks the year's evaluation;
    the owner (or the principal) sets the status."""

    queryset = YearclockEntry.objects.none()
    serializer_class = YearclockEntrySerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"\d+"
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    filterset_class = EntryFilter
    ordering_fields = ["id", "order", "start_month"]
    ordering = ["yearclock_id", "order", "id"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[YearclockEntry]:
        return selectors.visible_entries(actor)

    def get_object(self) -> YearclockEntry:
        entry = selectors.access_entry(self.actor, _detail_pk(self))
        self.check_object_permissions(self.request, entry)
        return entry

    def _editable_object(self) -> YearclockEntry:
        """The entry, refused (403) before the body is read when the actor may not edit it."""
        entry = self.get_object()
        if not policies.entries.can_edit(self.actor, entry):
            raise PermissionDenied
        return entry

    def _reloaded(self, entry: YearclockEntry, *, status: int = 200) -> Response:
        return self.output(selectors.access_entry(self.actor, entry.pk), status=status)

    @extend_schema(request=EntryCreateSerializer, responses={201: YearclockEntrySerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input(EntryCreateSerializer)
        entry = clocks.entry_add(actor=self.actor, **data)
        return self._reloaded(entry, status=status.HTTP_201_CREATED)

    @extend_schema(request=EntryUpdateSerializer, responses=YearclockEntrySerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        entry = self._editable_object()
        data = self.validated_input(EntryUpdateSerializer, partial=True)
        roles = data.pop("roles", None)
        entry = clocks.entry_update(actor=self.actor, entry=entry, roles=roles, **data)
        return self._reloaded(entry)

    @extend_schema(
        request=MoveSerializer,
        responses=YearclockEntrySerializer,
        description="Move the entry to other months (its specific weeks are cleared).",
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        entry = self._editable_object()
        data = self.validated_input(MoveSerializer)
        return self._reloaded(clocks.entry_move(actor=self.actor, entry=entry, **data))

    @extend_schema(
        request=None,
        responses={200: YearclockEntrySerializer, 204: None},
        description="Drop the entry: a city entry stays, marked dropped (200); the school's own is "
        "deleted (204).",
    )
    @action(detail=True, methods=["post"])
    def drop(self, request: Request, pk: str) -> Response:
        entry = clocks.entry_drop(actor=self.actor, entry=self._editable_object())
        if entry is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return self._reloaded(entry)

    @extend_schema(request=None, responses=YearclockEntrySerializer, description="Take a dropped entry back.")
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: str) -> Response:
        return self._reloaded(clocks.entry_restore(actor=self.actor, entry=self._editable_object()))

    @extend_schema(
        request=StatusSerializer,
        responses=YearclockEntrySerializer,
        description="Planned, in progress, done, or skipped with a reason: the owner or the principal.",
    )
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def set_status(self, request: Request, pk: str) -> Response:
        entry = self.get_object()
        if not policies.entries.can_update_status(self.actor, entry):
            raise PermissionDenied
        data = self.validated_input(StatusSerializer)
        return self._reloaded(clocks.entry_set_status(actor=self.actor, entry=entry, **data))

    @extend_schema(
        request=None,
        responses=YearclockEntrySerializer,
        description="Mark the entry as the year's evaluation (the previous one is unmarked).",
    )
    @action(detail=True, methods=["post"], url_path="mark-evaluation", url_name="mark-evaluation")
    def mark_evaluation(self, request: Request, pk: str) -> Response:
        return self._reloaded(clocks.entry_mark_evaluation(actor=self.actor, entry=self._editable_object()))


def register(router: DefaultRouter) -> None:
    router.register("yearclock-template-entries", TemplateEntryViewSet, basename="yearclock-template-entry")
    router.register("yearclocks", YearclockViewSet, basename="yearclock")
    router.register("yearclock-entries", YearclockEntryViewSet, basename="yearclock-entry")
