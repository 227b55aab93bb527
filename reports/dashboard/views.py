"""The city's dashboard (coordinator), its CSV and XLSX, and a school's overview (its principal and the
coordinator). Thin: figures come from `figures.dashboard`, permissions from `policies`.

`?year=` names a school year of the actor's municipality (another's, or junk, is a 404, as everywhere);
`?sort=col` / `?sort=-col` sorts on the server; `?kind=`, `?stage=`, `?language=` filter (an unknown
value is a translated form error with status 400, no figures); `?chart=col` picks the bar chart's figure.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.views import MemberRequiredMixin, require
from schools import selectors as school_selectors
from schools.models import Language, SchoolKind, SchoolYear, Stage

from . import charts, export, figures, policies

DEFAULT_CHART = "yearclock_done"


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("School type"),
        required=False,
        choices=[("", gettext_lazy("All")), *SchoolKind.choices],
    )
    stage = forms.ChoiceField(
        label=gettext_lazy("Stage"), required=False, choices=[("", gettext_lazy("All")), *Stage.choices]
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            (Language.FINNISH, gettext_lazy("Finnish")),
            (Language.SWEDISH, gettext_lazy("Swedish")),
        ],
    )

    def filters(self) -> figures.Filters:
        return figures.Filters(**self.cleaned_data)


class BoardMixin(MemberRequiredMixin):
    """The chosen year, the filters and the sorted rows, for the page and the files alike."""

    def board_context(self) -> dict:
        actor = self.actor
        require(policies.dashboard.can_view(actor))
        current = school_selectors.current_school_year(actor.municipality.pk)
        year = school_selectors.chosen_school_year(actor, self.request.GET.get("year"), current)
        form = FilterForm(self.request.GET or None)
        context = {"school_year": year, "form": form, "board": None, "rows": [], "columns": []}
        if year is None or (form.is_bound and not form.is_valid()):
            return context
        filters = form.filters() if form.is_bound else figures.Filters()
        board = figures.dashboard(actor.municipality, year, filters=filters)
        cols = board.columns()
        rows, sort = figures.sort_rows(board.rows, cols, self.request.GET.get("sort", "school"))
        context.update(board=board, rows=rows, columns=cols, sort=sort, filters=filters)
        return context

    def query(self, context: dict, **changes) -> str:
        params = {"year": context["school_year"].pk} if context.get("school_year") else {}
        if context.get("filters"):
            params.update(context["filters"].as_query())
        if context.get("sort") and context["sort"] != "school":
            params["sort"] = context["sort"]
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})


class DashboardView(BoardMixin, TemplateView):
    template_name = "reports/dashboard/dashboard.html"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        context = self.board_context()
        status = 400 if context["form"].is_bound and context["form"].errors else 200
        if context["board"] is not None:
            self._decorate(context)
        context["school_years"] = school_selectors.school_years_for(self.actor).order_by("-starts_on")
        return self.render_to_response(self.get_context_data(**context), status=status)

    def _decorate(self, context: dict) -> None:
        board, cols, sort = context["board"], context["columns"], context["sort"]
        current_key, descending = sort.lstrip("-"), sort.startswith("-")
        headers = []
        for col in cols:
            active = col.key == current_key
            next_sort = f"-{col.key}" if active and not descending else col.key
            headers.append(
                {
                    "column": col,
                    "url": "?" + self.query(context, sort=next_sort),
                    "aria_sort": ("descending" if descending else "ascending") if active else "none",
                    "active": active,
                    "descending": descending,
                }
            )
        context["headers"] = headers
        context["table"] = [
            {"row": row, "cells": [col.display(row) for col in cols[1:]]} for row in context["rows"]
        ]
        chartable = [c for c in cols if c.chartable]
        chosen = next((c for c in chartable if c.key == self.request.GET.get("chart")), None)
        chosen = chosen or next((c for c in chartable if c.key == DEFAULT_CHART), chartable[0])
        ordered = figures.Dashboard(**{**board.__dict__, "rows": context["rows"]})
        context.update(
            chartable=chartable,
            chart_column=chosen,
            bar_chart=charts.school_bars(ordered, chosen),
            trend_charts=charts.trend_charts(board),
            csv_url=reverse("reports_dashboard_csv") + "?" + self.query(context),
            xlsx_url=reverse("reports_dashboard_xlsx") + "?" + self.query(context),
            chart_query=self.query(context),
            filters_query=self.query(context, sort=None),
        )


class _FileView(BoardMixin, View):
    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        context = self.board_context()
        if context["board"] is None:
            message = " ".join(str(e) for errors in context["form"].errors.values() for e in errors)
            return HttpResponse(
                message or _("No school year has been set up yet."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        year: SchoolYear = context["school_year"]
        name = f"dashboard-{year.starts_on.year}-{year.ends_on.year}"
        return self.file(context, name)


class DashboardCsvView(_FileView):
    def file(self, context: dict, name: str) -> HttpResponse:
        body = export.as_csv(context["board"], context["rows"], context["columns"])
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response


class DashboardXlsxView(_FileView):
    def file(self, context: dict, name: str) -> HttpResponse:
        title = _("Dashboard %(year)s") % {"year": context["school_year"].name}
        body = export.as_xlsx(context["board"], context["rows"], context["columns"], title=title)
        response = HttpResponse(
            body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response


# --- A school's overview ----------------------------------------------------------------------------------


def overview_rows(actor, school, school_year: SchoolYear):
    board = figures.dashboard(actor.municipality, school_year, school_ids=[school.pk])
    return board, (board.rows[0] if board.rows else None)


class SchoolOverviewView(MemberRequiredMixin, TemplateView):
    template_name = "reports/dashboard/school_overview.html"

    def get_context_data(self, **kwargs) -> dict:
        actor = self.actor
        school = school_selectors.access_school(actor, self.kwargs["pk"])
        current = school_selectors.current_school_year(actor.municipality.pk)
        year = school_selectors.chosen_school_year(actor, self.request.GET.get("year"), current)
        if year is None:
            require(actor.is_coordinator)
            return super().get_context_data(school=school, school_year=None, **kwargs)
        require(policies.overview.can_view(actor, school, year))
        board, row = overview_rows(actor, school, year)
        context = super().get_context_data(
            school=school,
            school_year=year,
            school_years=school_selectors.school_years_for(actor).order_by("-starts_on"),
            board=board,
            row=row,
            is_coordinator=actor.is_coordinator,
            **kwargs,
        )
        if row is not None:
            cols = board.columns()
            context["figures"] = [(c.label, c.display(row)) for c in cols[1:]]
            context.update(figures.late_items(school, year, row, board.today))
            context["trend_charts"] = charts.trend_charts(board)
        return context


class MySchoolView(MemberRequiredMixin, View):
    """The menu's "Reports": the coordinator's dashboard, a principal's school overview, or a note."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        actor = self.actor
        if policies.dashboard.can_view(actor):
            return redirect("reports_dashboard")
        year = school_selectors.current_school_year(actor.municipality.pk)
        schools = (
            school_selectors.schools_for(actor)
            .filter(pk__in=policies.overview.own_school_ids(actor, year))
            .order_by("name")
            if year
            else []
        )
        schools = list(schools)
        if len(schools) == 1:
            return redirect("reports_school_overview", pk=schools[0].pk)
        return render(request, "reports/dashboard/my_schools.html", {"schools": schools, "school_year": year})


urlpatterns = [
    path("reports/", DashboardView.as_view(), name="reports_dashboard"),
    path("reports/dashboard.csv", DashboardCsvView.as_view(), name="reports_dashboard_csv"),
    path("reports/dashboard.xlsx", DashboardXlsxView.as_view(), name="reports_dashboard_xlsx"),
    path("reports/mine/", MySchoolView.as_view(), name="reports_mine"),
    path("reports/schools/<int:pk>/", SchoolOverviewView.as_view(), name="reports_school_overview"),
]
