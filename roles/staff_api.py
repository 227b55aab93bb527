"""API of staffing: who holds which role at which school in which school year."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import IdRelatedField, TenantViewSetMixin
from core.filters import IdFilter
from core.policies import policy_permission
from schools import selectors as school_selectors
from schools.models import School, SchoolYear, User
from schools.tenancy import Actor

from . import policies, selectors, staffing
from .models import Role, StaffAssignment


class AssignmentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="assignment-detail")
    user_name = serializers.CharField(source="user.get_full_name", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    role_name = serializers.CharField(source="role.name", read_only=True)
    school_year_name = serializers.CharField(source="school_year.name", read_only=True)

    class Meta:
        model = StaffAssignment
        fields = [
            "id", "url", "user", "user_name", "school", "school_name",
            "role", "role_name", "school_year", "school_year_name",
        ]  # fmt: skip
        read_only_fields = fields


class AssignmentCreateSerializer(serializers.Serializer):
    """Ids are looked up among the actor's municipality's rows only: another's is an invalid choice."""

    user = IdRelatedField(queryset=User.objects.none())
    school = IdRelatedField(queryset=School.objects.none())
    role = IdRelatedField(queryset=Role.objects.none())
    school_year = IdRelatedField(queryset=SchoolYear.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["user"].queryset = school_selectors.users_for(actor)
            self.fields["school"].queryset = school_selectors.schools_for(actor)
            # Retired roles stay choosable here so that the service can say why they are refused.
            self.fields["role"].queryset = selectors.roles_for(actor, include_inactive=True)
            self.fields["school_year"].queryset = school_selectors.school_years_for(actor)


class AssignmentFilter(filters.FilterSet):
    school = IdFilter(field_name="school_id")
    school_year = IdFilter(field_name="school_year_id")
    role = IdFilter(field_name="role_id")
    user = IdFilter(field_name="user_id")

    class Meta:
        model = StaffAssignment
        fields = ["school", "school_year", "role", "user"]


# Removing an assignment: the staffing policy (coordinator, or principal of that school). Creating is
# checked by the service once the body names the school and the year.
CanManageStaff = policy_permission(policies.staffing, write="delete")


class AssignmentViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Who holds which role at which school in which school year. Assignments are added or removed,
    never edited."""

    queryset = StaffAssignment.objects.none()
    serializer_class = AssignmentSerializer
    permission_classes = [*TenantViewSetMixin.permission_classes, CanManageStaff]
    http_method_names = ["get", "post", "delete", "head", "options"]
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    filterset_class = AssignmentFilter
    ordering_fields = ["id", "school__name", "role__order", "user__last_name"]
    ordering = ["school__name", "role__order", "user__last_name", "id"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[StaffAssignment]:
        return selectors.assignments_for(actor)

    @extend_schema(request=AssignmentCreateSerializer, responses={201: AssignmentSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input(AssignmentCreateSerializer)
        assignment = staffing.assignment_create(actor=self.actor, **data)
        return self.output(
            selectors.access_assignment(self.actor, assignment.pk), status=status.HTTP_201_CREATED
        )

    def perform_destroy(self, instance: StaffAssignment) -> None:
        staffing.assignment_delete(actor=self.actor, assignment=instance)
