"""Pages of the yearly evaluation: the city's criteria (the coordinator edits them), each school's
evaluation per school year (answered by the school group, submitted by the principal), and the
indicators with their CSV import.

Every write goes through the services; a refusal is a form error or a message after the redirect,
and nothing is written."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from core.forms import add_service_errors
from core.views import MemberRequiredMixin, PolicyRequiredMixin, require
from roles import policies as roles_policies
from schools import selectors as school_selectors
from schools.selectors import chosen_school_year

from . import importing, policies, selectors, services
from .forms import CriterionForm, IndicatorForm, IndicatorImportForm, ThemeForm
from .scores import evaluation_scores

SCALE = [
    (1, gettext_lazy("1 – not true")),
    (2, gettext_lazy("2 – partly true")),
    (3, gettext_lazy("3 – largely true")),
    (4, gettext_lazy("4 – fully true")),
]


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Criteria ----------------------------------------------------------------------------------


class CriteriaView(MemberRequiredMixin, TemplateView):
    """The city's themes and criteria; the coordinator also sees retired ones and edits."""

    template_name = "reports/evaluation/criteria.html"

    def get_context_data(self, **kwargs: Any) -> dict:
        can_edit = policies.criteria.can_edit(self.actor)
        themes = list(selectors.themes_for(self.actor, include_inactive=can_edit))
        criteria = list(selectors.criteria_for(self.actor, include_retired=can_edit))
        sections = [(theme, [c for c in criteria if c.theme_id == theme.pk]) for theme in themes]
        return super().get_context_data(sections=sections, can_edit=can_edit, **kwargs)


class ThemeFormView(PolicyRequiredMixin, FormView):
    policy = policies.criteria
    policy_action = "edit"
    tenant_object_lookup = staticmethod(selectors.access_theme)
    form_class = ThemeForm
    template_name = "reports/evaluation/form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.theme = None
        if request.user.is_authenticated and getattr(request, "actor", None) is not None and "pk" in kwargs:
            self.theme = selectors.access_theme(request.actor, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict:
        if self.theme is None:
            return {"is_active": True}
        t = self.theme
        return {"name": t.name, "name_sv": t.name_sv, "order": t.order, "is_active": t.is_active}

    def get_context_data(self, **kwargs: Any) -> dict:
        title = _("Add a theme") if self.theme is None else _("Edit the theme")
        return super().get_context_data(title=title, back=reverse("evaluation_criteria"), **kwargs)

    def form_valid(self, form: ThemeForm) -> HttpResponse:
        try:
            if self.theme is None:
                services.theme_create(actor=self.actor, **form.cleaned_data)
            else:
                services.theme_update(actor=self.actor, theme=self.theme, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The theme was saved."))
        return redirect("evaluation_criteria")


class CriterionFormView(PolicyRequiredMixin, FormView):
    policy = policies.criteria
    policy_action = "edit"
    tenant_object_lookup = staticmethod(selectors.access_criterion)
    template_name = "reports/evaluation/form.html"
    form_class = CriterionForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.criterion = None
        if request.user.is_authenticated and getattr(request, "actor", None) is not None and "pk" in kwargs:
            self.criterion = selectors.access_criterion(request.actor, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict:
        return {
            **super().get_form_kwargs(),
            "themes": selectors.themes_for(self.actor, include_inactive=True),
        }

    def get_initial(self) -> dict:
        c = self.criterion
        if c is None:
            return {"theme": self.request.GET.get("theme")}
        return {
            "theme": c.theme_id,
            "statement": c.statement,
            "statement_sv": c.statement_sv,
            "order": c.order,
        }

    def get_context_data(self, **kwargs: Any) -> dict:
        title = _("Add a criterion") if self.criterion is None else _("Edit the criterion")
        note = None
        if self.criterion is not None:
            note = _(
                "Schools have already answered this criterion: a change of wording makes a new version, "
                "and the earlier answers keep the wording they were given for."
            )
        return super().get_context_data(
            title=title, back=reverse("evaluation_criteria"), note=note, criterion=self.criterion, **kwargs
        )

    def form_valid(self, form: CriterionForm) -> HttpResponse:
        try:
            if self.criterion is None:
                services.criterion_create(actor=self.actor, **form.cleaned_data)
            else:
                services.criterion_update(actor=self.actor, criterion=self.criterion, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The criterion was saved."))
        return redirect("evaluation_criteria")


class CriterionRetireView(MemberRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        criterion = selectors.access_criterion(self.actor, pk)
        require(policies.criteria.can_edit(self.actor, criterion))
        services.criterion_retire(actor=self.actor, criterion=criterion)
        messages.success(request, _("The criterion is no longer asked."))
        return redirect("evaluation_criteria")


# --- Schools' evaluations ----------------------------------------------------------------------


class EvaluationListView(MemberRequiredMixin, TemplateView):
    """Each school's evaluation in a school year: every school for the coordinator, their own for staff.
    A principal whose school has none starts it here."""

    template_name = "reports/evaluation/list.html"

    def get_context_data(self, **kwargs: Any) -> dict:
        context = super().get_context_data(**kwargs)
        actor = self.actor
        current = school_selectors.current_school_year(actor.municipality.pk)
        year = chosen_school_year(actor, self.request.GET.get("year"), current)
        context.update(
            school_year=year,
            school_years=school_selectors.school_years_for(actor).order_by("-starts_on"),
            rows=[],
            can_edit_criteria=policies.criteria.can_edit(actor),
        )
        if year is None:
            return context
        schools = school_selectors.schools_for(actor).order_by("name")
        if policies.evaluations.can_view_every_school(actor):
            schools = schools.filter(is_active=True)
        else:
            schools = schools.filter(
                pk__in=roles_policies.held_school_ids(
                    actor, roles_policies.years_with_current(actor, year.pk)
                )
            )
        schools = list(schools)
        evaluations = {
            e.school_id: e
            for e in selectors.evaluations_in(actor).filter(school_year=year, school__in=schools)
        }
        previous = school_selectors.previous_school_year(year)
        year_ids = [year.pk] + ([previous.pk] if previous else [])
        scores = evaluation_scores(actor.municipality.pk, [s.pk for s in schools], year_ids)
        rows = []
        for school in schools:
            mean = scores.get((school.pk, year.pk))
            before = scores.get((school.pk, previous.pk)) if previous else None
            rows.append(
                {
                    "school": school,
                    "evaluation": evaluations.get(school.pk),
                    "mean": mean,
                    "change": mean - before if mean is not None and before is not None else None,
                    "can_create": school.pk not in evaluations
                    and policies.evaluations.can_create(actor, school, year),
                }
            )
        context["rows"] = rows
        return context


class EvaluationStartView(MemberRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        school = school_selectors.access_school(self.actor, request.POST.get("school"))
        year = school_selectors.access_school_year(self.actor, request.POST.get("year"))
        try:
            evaluation = services.evaluation_create(actor=self.actor, school=school, school_year=year)
        except ValidationError as error:
            messages.error(request, _errors(error))
            return redirect(f"{reverse('evaluation_list')}?year={year.pk}")
        return redirect("evaluation_detail", pk=evaluation.pk)


class EvaluationDetailView(MemberRequiredMixin, View):
    """The evaluation: a form while it is a draft and the actor may answer, read-only otherwise."""

    def _render(self, request: HttpRequest, evaluation, *, status: int = 200, posted: dict | None = None):
        page = selectors.evaluation_page(self.actor, evaluation)
        allowed = policies.evaluations.allowed_actions(self.actor, evaluation, policies.evaluations.ACTIONS)
        return render(
            request,
            "reports/evaluation/detail.html",
            {
                "page": page,
                "evaluation": evaluation,
                "allowed": allowed,
                "scale": SCALE,
                "posted": posted or {},
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, selectors.access_evaluation(self.actor, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        evaluation = selectors.access_evaluation(self.actor, pk)
        require(policies.evaluations.can_view(self.actor, evaluation))
        answers: dict[int, dict] = {}
        for key in request.POST:
            if key.startswith(("score-", "comment-")):
                kind, _sep, raw = key.partition("-")
                if raw.isascii() and raw.isdigit() and len(raw) < 19:
                    answers.setdefault(int(raw), {})[kind] = request.POST.get(key, "")
        try:
            services.evaluation_save(
                actor=self.actor,
                evaluation=evaluation,
                version=request.POST.get("version"),
                answers=answers,
                summary=request.POST.get("summary", ""),
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
            return self._render(request, evaluation, status=400, posted=request.POST)
        messages.success(request, _("The answers were saved."))
        return redirect("evaluation_detail", pk=evaluation.pk)


class EvaluationSubmitView(MemberRequiredMixin, View):
    http_method_names = ["post"]
    action = "submit"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        evaluation = selectors.access_evaluation(self.actor, pk)
        try:
            if self.action == "submit":
                if evaluation.status == "draft":
                    require(policies.evaluations.can_submit(self.actor, evaluation))
                services.evaluation_submit(actor=self.actor, evaluation=evaluation)
                messages.success(request, _("The evaluation was submitted."))
            else:
                if evaluation.status == "submitted":
                    require(policies.evaluations.can_reopen(self.actor, evaluation))
                services.evaluation_reopen(actor=self.actor, evaluation=evaluation)
                messages.success(request, _("The evaluation is a draft again."))
        except ValidationError as error:
            messages.error(request, _errors(error))
        return redirect("evaluation_detail", pk=evaluation.pk)


# --- Indicators --------------------------------------------------------------------------------


class IndicatorListView(MemberRequiredMixin, TemplateView):
    template_name = "reports/evaluation/indicators.html"

    def get_context_data(self, **kwargs: Any) -> dict:
        return super().get_context_data(
            table=selectors.indicator_table(self.actor),
            can_edit=policies.indicators.can_edit(self.actor),
            **kwargs,
        )


class IndicatorFormView(PolicyRequiredMixin, FormView):
    policy = policies.indicators
    policy_action = "edit"
    tenant_object_lookup = staticmethod(selectors.access_indicator)
    form_class = IndicatorForm
    template_name = "reports/evaluation/form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.indicator = None
        if request.user.is_authenticated and getattr(request, "actor", None) is not None and "pk" in kwargs:
            self.indicator = selectors.access_indicator(request.actor, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict:
        i = self.indicator
        if i is None:
            return {"higher_is_better": True}
        return {f: getattr(i, f) for f in ("code", "name", "name_sv", "source", "unit", "higher_is_better")}

    def get_context_data(self, **kwargs: Any) -> dict:
        title = _("Add an indicator") if self.indicator is None else _("Edit the indicator")
        return super().get_context_data(title=title, back=reverse("evaluation_indicators"), **kwargs)

    def form_valid(self, form: IndicatorForm) -> HttpResponse:
        try:
            if self.indicator is None:
                services.indicator_create(actor=self.actor, **form.cleaned_data)
            else:
                services.indicator_update(actor=self.actor, indicator=self.indicator, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The indicator was saved."))
        return redirect("evaluation_indicators")


class IndicatorImportView(PolicyRequiredMixin, FormView):
    policy = policies.indicators
    policy_action = "import"
    form_class = IndicatorImportForm
    template_name = "reports/evaluation/import.html"

    def get_context_data(self, **kwargs: Any) -> dict:
        return super().get_context_data(indicators=selectors.indicators_for(self.actor), **kwargs)

    def form_valid(self, form: IndicatorImportForm) -> HttpResponse:
        result = importing.indicator_import(actor=self.actor, data=form.cleaned_data["file"].read())
        if not result.ok:
            context = self.get_context_data(form=form, import_errors=result.errors)
            return self.render_to_response(context, status=400)
        messages.success(
            self.request,
            _("%(created)s values added, %(updated)s replaced.")
            % {"created": result.created, "updated": result.updated},
        )
        return redirect("evaluation_indicators")


urlpatterns = [
    path("evaluation/", EvaluationListView.as_view(), name="evaluation_list"),
    path("evaluation/start/", EvaluationStartView.as_view(), name="evaluation_start"),
    path("evaluation/<int:pk>/", EvaluationDetailView.as_view(), name="evaluation_detail"),
    path("evaluation/<int:pk>/submit/", EvaluationSubmitView.as_view(), name="evaluation_submit"),
    path(
        "evaluation/<int:pk>/reopen/", EvaluationSubmitView.as_view(action="reopen"), name="evaluation_reopen"
    ),
    path("evaluation/criteria/", CriteriaView.as_view(), name="evaluation_criteria"),
    path("evaluation/themes/new/", ThemeFormView.as_view(), name="evaluation_theme_add"),
    path("evaluation/themes/<int:pk>/edit/", ThemeFormView.as_view(), name="evaluation_theme_edit"),
    path("evaluation/criteria/new/", CriterionFormView.as_view(), name="evaluation_criterion_add"),
    path("evaluation/criteria/<int:pk>/edit/", CriterionFormView.as_view(), name="evaluation_criterion_edit"),
    path(
        "evaluation/criteria/<int:pk>/retire/",
        CriterionRetireView.as_view(),
        name="evaluation_criterion_retire",
    ),
    path("evaluation/indicators/", IndicatorListView.as_view(), name="evaluation_indicators"),
    path("evaluation/indicators/new/", IndicatorFormView.as_view(), name="evaluation_indicator_add"),
    path(
        "evaluation/indicators/<int:pk>/edit/", IndicatorFormView.as_view(), name="evaluation_indicator_edit"
    ),
    path("evaluation/indicators/import/", IndicatorImportView.as_view(), name="evaluation_indicator_import"),
]
