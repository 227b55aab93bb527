"""Pages of standings and signals (pupil data: second factor, one access-log entry per view) and of
aggregates (counts only: no second factor)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.views.generic import TemplateView

from core.views import MemberRequiredMixin
from schools import selectors as school_selectors

from .. import access_log, aggregates, policies, selectors, standings
from ..otp import VerifiedRequiredMixin


class TenantObjectFirstMixin:
    """Another municipality's (or an invisible) object is a 404 before the second factor is asked:
    the answer to a foreign id never depends on the session's state. Listed between
    `MemberRequiredMixin` (which sets `self.actor`) and `VerifiedRequiredMixin`."""

    tenant_lookup: Any = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        type(self).tenant_lookup(self.actor, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def _year(actor):
    year = school_selectors.current_school_year(actor.municipality.pk)
    if year is None:
        raise Http404
    return year


class SignalListView(MemberRequiredMixin, VerifiedRequiredMixin, TemplateView):
    """The actor's signals: pupil, class, tier, value, date, and a way to open a case."""

    template_name = "absences/signals.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        signals = list(selectors.signal_list_for(self.actor))
        access_log.record(self.actor, "signals", school_id=signals[0].school_id if signals else None)
        context["signals"] = signals
        return context


class PupilListView(MemberRequiredMixin, TenantObjectFirstMixin, VerifiedRequiredMixin, TemplateView):
    """The principal: every pupil of the school; a homeroom teacher: their class. Standing per tier."""

    tenant_lookup = selectors.access_school

    template_name = "absences/pupil_list.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        if not policies.pupils.can_view_any(self.actor):
            selectors.access_school(self.actor, self.kwargs["pk"])  # another town's school: 404
            raise PermissionDenied
        school = selectors.access_school(self.actor, self.kwargs["pk"])
        scope = selectors.pupil_list_scope(self.actor, school)
        if scope is None:
            raise PermissionDenied
        year = _year(self.actor)
        pupils = list(scope)
        table = standings.standings_for_school(school, year, pupil_ids=[p.pk for p in pupils])
        whole = policies.pupils.can_view_school(self.actor, school)
        classes = sorted({p.group_name for p in pupils})
        what = (
            f"pupil list of {school.name}" if whole else f"pupil list of {', '.join(classes)} ({school.name})"
        )
        access_log.record(self.actor, what, school_id=school.pk)
        tiers = table[pupils[0].pk] if pupils else []
        context.update(
            school=school,
            school_year=year,
            tiers=[s.tier for s in tiers],
            rows=[(p, table.get(p.pk, [])) for p in pupils],
            whole_school=whole,
        )
        return context


class PupilDetailView(MemberRequiredMixin, TenantObjectFirstMixin, VerifiedRequiredMixin, TemplateView):
    tenant_lookup = selectors.access_pupil
    template_name = "absences/pupil_detail.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        pupil = selectors.access_pupil(self.actor, self.kwargs["pk"])
        year = _year(self.actor)
        found = standings.standings_for_school(pupil.school, year, pupil_ids=[pupil.pk])
        access_log.record(self.actor, "pupil absences", pupil=pupil)
        context.update(
            pupil=pupil,
            school_year=year,
            months=list(selectors.pupil_months(self.actor, pupil).filter(school_year=year)),
            standings=found.get(pupil.pk, []),
            signals=list(selectors.pupil_signals(self.actor, pupil)),
        )
        return context


class SchoolAggregatesView(MemberRequiredMixin, TemplateView):
    template_name = "absences/aggregates.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        school = selectors.access_school(self.actor, self.kwargs["pk"])
        if not policies.pupils.can_view_aggregates(self.actor, school):
            raise PermissionDenied
        year = _year(self.actor)
        context.update(title=school.name, school_year=year, **aggregates.school_aggregates(school, year))
        return context


class CityAggregatesView(MemberRequiredMixin, TemplateView):
    template_name = "absences/aggregates.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        if not self.actor.is_coordinator:
            raise PermissionDenied
        year = _year(self.actor)
        context.update(
            title=self.actor.municipality.name,
            school_year=year,
            **aggregates.city_aggregates(self.actor.municipality, year),
        )
        return context


urlpatterns = [
    path("absences/signals/", SignalListView.as_view(), name="absence_signals"),
    path("absences/schools/<int:pk>/pupils/", PupilListView.as_view(), name="absence_pupil_list"),
    path("absences/pupils/<int:pk>/", PupilDetailView.as_view(), name="absence_pupil_detail"),
    path(
        "absences/schools/<int:pk>/aggregates/",
        SchoolAggregatesView.as_view(),
        name="absence_school_aggregates",
    ),
    path("absences/city/", CityAggregatesView.as_view(), name="absence_city_aggregates"),
]
