"""API of the role catalog: read-only here (editing the catalog comes with its own issue)."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.routers import DefaultRouter

from schools.api_base import TenantViewSetMixin
from schools.tenancy import Actor

from . import selectors
from .models import Role


class RoleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="role-detail")
    name = serializers.CharField(read_only=True, help_text="The name in the request's language.")
    responsibilities = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="text", help_text="Key responsibilities, in order."
    )

    class Meta:
        model = Role
        fields = [
            "id", "url", "key", "name", "name_fi", "name_sv", "description",
            "order", "is_active", "is_staff_role", "responsibilities",
        ]  # fmt: skip
        read_only_fields = fields


class RoleViewSet(TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The municipality's role catalog. Retired roles are listed to the coordinator only, as on the pages."""

    queryset = Role.objects.none()
    serializer_class = RoleSerializer
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_fields = ["is_active", "is_staff_role"]
    ordering_fields = ["order", "name_fi"]
    ordering = ["order", "name_fi"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[Role]:
        include_inactive = actor.is_coordinator or self.action == "retrieve"
        return selectors.roles_for(actor, include_inactive=include_inactive).prefetch_related(
            "responsibilities"
        )


def register(router: DefaultRouter) -> None:
    router.register("roles", RoleViewSet, basename="role")
