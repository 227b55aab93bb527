"""/api/v1/dashboard/?year=&kind=&stage=&language=&sort= : the dashboard's figures per school (the
coordinator's, as the page). Hidden absence figures are the string "<5" and have no number."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from core.api import TenantViewSetMixin
from schools import selectors as school_selectors

from . import figures, policies
from .views import FilterForm


def _json(value):
    if value is None or isinstance(value, int | str):
        return value
    return str(value)


def board_json(board: figures.Dashboard, rows: list[figures.SchoolRow]) -> dict:
    cols = board.columns()
    return {
        "school_year": {"id": board.school_year.pk, "name": board.school_year.name},
        "columns": [{"key": c.key, "label": c.label} for c in cols],
        "schools": [
            {
                "id": row.school_id,
                "name": row.name,
                "kind": row.kind,
                "language": row.language,
                "stages": row.stages,
                "roles_tool": {
                    "state": row.tool_state,
                    "role_count": row.roles_total,
                    "role_count_with_acts": row.roles_with_acts,
                    "share_with_acts": row.roles_share,
                    "published_at": row.published_at.isoformat() if row.published_at else None,
                },
                "yearclock": {
                    "due": row.entries_due,
                    "done": row.entries_due_done,
                    "late": row.entries_late,
                    "city_entries_dropped": row.city_dropped,
                },
                "groups": {
                    "meetings_held": {str(level.pk): row.meetings.get(level.pk, 0) for level in board.levels},
                    "action_items_open": row.actions_open,
                    "action_items_overdue": row.actions_overdue,
                },
                "absences": {
                    "tiers": {
                        str(t.pk): row.tier_shares[t.pk].text for t in board.tiers if t.pk in row.tier_shares
                    },
                    "without_plan": row.without_plan.text,
                },
                "evaluation": {
                    "score": _json(row.evaluation),
                    "change": _json(row.evaluation_change),
                    "late": row.evaluation_late,
                },
                "cells": {c.key: _json(c.export_value(row)) for c in cols},
            }
            for row in rows
        ],
        "levels": [{"id": level.pk, "name": level.name} for level in board.levels],
        "tiers": [{"id": t.pk, "name": t.name} for t in board.tiers],
    }


class DashboardViewSet(TenantViewSetMixin, viewsets.ViewSet):
    """Figures per school for a school year (default: the current one), as the dashboard shows them."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, required=False, description="School year id."),
            OpenApiParameter("kind", OpenApiTypes.STR, required=False),
            OpenApiParameter("stage", OpenApiTypes.STR, required=False),
            OpenApiParameter("language", OpenApiTypes.STR, required=False),
            OpenApiParameter(
                "sort", OpenApiTypes.STR, required=False, description="A column key, - for descending."
            ),
        ],
        responses={
            200: inline_serializer(
                "DashboardFigures",
                {
                    "school_year": serializers.DictField(),
                    "columns": serializers.ListField(child=serializers.DictField()),
                    "schools": serializers.ListField(child=serializers.DictField()),
                    "levels": serializers.ListField(child=serializers.DictField()),
                    "tiers": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
    )
    def list(self, request: Request) -> Response:
        actor = self.actor
        if not policies.dashboard.can_view(actor):
            raise PermissionDenied
        current = school_selectors.current_school_year(actor.municipality.pk)
        year = school_selectors.chosen_school_year(actor, request.query_params.get("year"), current)
        form = FilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        if year is None:
            return Response({"school_year": None, "columns": [], "schools": [], "levels": [], "tiers": []})
        board = figures.dashboard(actor.municipality, year, filters=form.filters())
        rows, _sort = figures.sort_rows(
            board.rows, board.columns(), request.query_params.get("sort", "school")
        )
        return Response(board_json(board, rows))


def register(router: DefaultRouter) -> None:
    """Adds this part's endpoints to the API router."""
    router.register("dashboard", DashboardViewSet, basename="dashboard")
