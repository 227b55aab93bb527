"""API of schools, school years, staff assignments and people: thin views over selectors and services.

Serializers check the shape of a request; the services (the same ones the pages call) check the
policies and the rules, and write. Every queryset comes from a selector scoped to the actor, so
another municipality's object is a 404 like a missing one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.functional import cached_property
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from core.api import OneLineCharField, TenantViewSetMixin
from core.policies import policy_permission

from . import policies, selectors, services
from .models import (
    MAX_HOLIDAYS_PER_YEAR,
    Holiday,
    HolidayKind,
    School,
    SchoolKind,
    SchoolYear,
    Stage,
    User,
)
from .tenancy import Actor

SCHOOL_LANGUAGES = School._meta.get_field("language").choices


# --- Schools ----------------------------------------------------------------------------------


# Writes to schools and school years: the city coordinator (organisation policy); every member reads.
CanManageOrganisation = policy_permission(policies.organisation, write="manage")


class SchoolSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="school-detail")
    stages = serializers.ListField(child=serializers.ChoiceField(choices=Stage.choices), read_only=True)

    class Meta:
        model = School
        fields = ["id", "url", "name", "kind", "language", "stages", "is_active"]
        read_only_fields = fields


class SchoolCreateSerializer(serializers.Serializer):
    name = OneLineCharField(max_length=150)
    kind = serializers.ChoiceField(choices=SchoolKind.choices, default=SchoolKind.SCHOOL)
    language = serializers.ChoiceField(choices=SCHOOL_LANGUAGES)
    stages = serializers.ListField(child=serializers.ChoiceField(choices=Stage.choices), default=list)

    def validate_stages(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))  # once each, in the order given


class SchoolUpdateSerializer(SchoolCreateSerializer):
    is_active = serializers.BooleanField(default=True)


class SchoolViewSet(
    TenantViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Schools and school centres of the municipality; the city coordinator adds and edits them."""

    queryset = School.objects.none()
    serializer_class = SchoolSerializer
    permission_classes = [*TenantViewSetMixin.permission_classes, CanManageOrganisation]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    filterset_fields = ["is_active", "kind", "language"]
    search_fields = ["name"]
    ordering_fields = ["name", "id"]
    ordering = ["name"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[School]:
        return selectors.schools_for(actor)

    @extend_schema(request=SchoolCreateSerializer, responses={201: SchoolSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input(SchoolCreateSerializer)
        school = services.school_create(actor=self.actor, **data)
        return self.output(school, status=status.HTTP_201_CREATED)

    @extend_schema(request=SchoolUpdateSerializer, responses=SchoolSerializer)
    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        school = self.get_object()
        data = self.validated_input(SchoolUpdateSerializer, partial=partial)
        return self.output(services.school_update(actor=self.actor, school=school, **data))

    @extend_schema(request=SchoolUpdateSerializer, responses=SchoolSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)


# --- School years -----------------------------------------------------------------------------


class HolidaySerializer(serializers.ModelSerializer):
    class Meta:
        model = Holiday
        fields = ["id", "kind", "name", "starts_on", "ends_on"]
        read_only_fields = fields


class SchoolYearSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="school-year-detail")
    name = serializers.CharField(read_only=True)
    is_current = serializers.SerializerMethodField()
    holidays = HolidaySerializer(many=True, read_only=True)

    class Meta:
        model = SchoolYear
        fields = ["id", "url", "name", "starts_on", "ends_on", "is_current", "holidays"]
        read_only_fields = fields

    def get_is_current(self, year: SchoolYear) -> bool:
        return year.pk == self.context.get("current_school_year_id")


class HolidayInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=HolidayKind.choices)
    name = OneLineCharField(max_length=100, allow_blank=True, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class SchoolYearWriteSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    holidays = HolidayInputSerializer(
        many=True,
        required=False,
        max_length=MAX_HOLIDAYS_PER_YEAR,
        help_text=f"The whole list of holidays, at most {MAX_HOLIDAYS_PER_YEAR}: it replaces the year's.",
    )


def _holiday_inputs(holidays: list[dict[str, Any]]) -> list[services.HolidayInput]:
    return [services.HolidayInput(**holiday) for holiday in holidays]


class SchoolYearViewSet(
    TenantViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """School years of the municipality with their holidays; the city coordinator adds and edits them."""

    queryset = SchoolYear.objects.none()
    serializer_class = SchoolYearSerializer
    permission_classes = [*TenantViewSetMixin.permission_classes, CanManageOrganisation]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    filter_backends = [OrderingFilter]
    ordering_fields = ["starts_on"]
    ordering = ["starts_on"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[SchoolYear]:
        return selectors.school_years_for(actor)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if context["actor"] is not None:
            context["current_school_year_id"] = self.current_school_year_id
        return context

    @cached_property
    def current_school_year_id(self) -> int | None:
        year = selectors.current_school_year(self.actor.municipality.pk)
        return year.pk if year else None

    @extend_schema(request=SchoolYearWriteSerializer, responses={201: SchoolYearSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input(SchoolYearWriteSerializer)
        year = services.school_year_create(
            actor=self.actor,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            holidays=_holiday_inputs(data.get("holidays", [])),
        )
        return self.output(self._reloaded(year), status=status.HTTP_201_CREATED)

    @extend_schema(request=SchoolYearWriteSerializer, responses=SchoolYearSerializer)
    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        year = self.get_object()
        data = self.validated_input(SchoolYearWriteSerializer, partial=partial)
        if "holidays" in data:
            holidays = _holiday_inputs(data["holidays"])
        elif partial:  # PATCH without holidays keeps them
            holidays = [
                services.HolidayInput(kind=h.kind, name=h.name, starts_on=h.starts_on, ends_on=h.ends_on)
                for h in year.holidays.all()
            ]
        else:  # PUT replaces the whole year: no list means no holidays
            holidays = []
        services.school_year_update(
            actor=self.actor,
            school_year=year,
            starts_on=data.get("starts_on", year.starts_on),
            ends_on=data.get("ends_on", year.ends_on),
            holidays=holidays,
        )
        return self.output(self._reloaded(year))

    @extend_schema(request=SchoolYearWriteSerializer, responses=SchoolYearSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    def _reloaded(self, year: SchoolYear) -> SchoolYear:
        """Fresh from the selector, so the answer shows the holidays as stored."""
        return selectors.access_school_year(self.actor, year.pk)


# --- People -----------------------------------------------------------------------------------


class UserSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="user-detail")
    is_coordinator = serializers.BooleanField(
        read_only=True, help_text="City coordinator in this municipality."
    )
    title = serializers.CharField(read_only=True, help_text="Job title in this municipality.")

    class Meta:
        model = User
        fields = [
            "id",
            "url",
            "email",
            "first_name",
            "last_name",
            "preferred_language",
            "is_coordinator",
            "title",
        ]
        read_only_fields = fields


class UserFilter(filters.FilterSet):
    is_coordinator = filters.BooleanFilter(field_name="is_coordinator")

    class Meta:
        model = User
        fields = ["is_coordinator"]


@extend_schema_view(
    list=extend_schema(description="Active people of the municipality."),
    retrieve=extend_schema(description="One person of the municipality."),
)
class UserViewSet(TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = User.objects.none()
    serializer_class = UserSerializer
    filterset_class = UserFilter
    search_fields = ["first_name", "last_name", "email"]
    ordering_fields = ["last_name", "first_name", "email"]
    ordering = ["last_name", "first_name", "email"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[User]:
        return selectors.users_with_membership(actor)


def register(router: DefaultRouter) -> None:
    router.register("schools", SchoolViewSet, basename="school")
    router.register("school-years", SchoolYearViewSet, basename="school-year")
    router.register("users", UserViewSet, basename="user")
