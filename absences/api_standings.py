"""API of signals (the actor's own: pupil data, second factor, logged) and of aggregates (counts only).

/api/v1/absence-signals/ and /api/v1/absence-aggregates/?school=&school_year= ; `register(router)` is
called from config/api_urls.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from core.access import access_in
from core.api import TenantViewSetMixin
from schools import selectors as school_selectors
from schools.tenancy import Actor

from . import access_log, aggregates, policies, selectors
from .models import Signal
from .otp import SecondFactor


class SignalSerializer(serializers.ModelSerializer):
    pupil_name = serializers.CharField(source="pupil.full_name", read_only=True)
    group_name = serializers.CharField(source="pupil.group_name", read_only=True)
    tier_name = serializers.SerializerMethodField()

    class Meta:
        model = Signal
        fields = [
            "id",
            "pupil",
            "pupil_name",
            "group_name",
            "school",
            "tier",
            "tier_name",
            "value",
            "created_at",
        ]
        fields += ["handled_at"]

    def get_tier_name(self, obj: Signal) -> str:
        return str(obj.tier.name)


class AbsenceSignalViewSet(TenantViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signals addressed to me (pupil data: a second factor, and every read is logged)."""

    queryset = Signal.objects.none()
    serializer_class = SignalSerializer
    permission_classes = [*TenantViewSetMixin.permission_classes, SecondFactor]

    def scoped_queryset(self, actor: Actor) -> QuerySet[Signal]:
        return selectors.signal_list_for(actor)

    def list(self, request: Request, *args, **kwargs) -> Response:
        response = super().list(request, *args, **kwargs)
        access_log.record(self.actor, "signals", via="api")
        return response


class AbsenceAggregatesViewSet(TenantViewSetMixin, viewsets.ViewSet):
    """Counts per tier, stage, class or school and month, with "<5" for small counts. Without `school`:
    the city (the coordinator); with it: that school (its staff or the coordinator)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("school", OpenApiTypes.INT, required=False),
            OpenApiParameter("school_year", OpenApiTypes.INT, required=False),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def list(self, request: Request) -> Response:
        actor = self.actor
        year_id = request.query_params.get("school_year")
        if year_id is None:
            year = school_selectors.current_school_year(actor.municipality.pk)
        else:
            year = access_in(school_selectors.school_years_for(actor), pk=year_id)
        school_id = request.query_params.get("school")
        if school_id is None:
            if not actor.is_coordinator:
                raise PermissionDenied
            result = aggregates.city_aggregates(actor.municipality, year) if year else None
        else:
            school = selectors.access_school(actor, school_id)
            if not policies.pupils.can_view_aggregates(actor, school):
                raise PermissionDenied
            result = aggregates.school_aggregates(school, year) if year else None
        return Response(aggregates.as_json(result) if result else {})


def register(router) -> None:
    router.register("absence-signals", AbsenceSignalViewSet, basename="absence-signal")
    router.register("absence-aggregates", AbsenceAggregatesViewSet, basename="absence-aggregates")
