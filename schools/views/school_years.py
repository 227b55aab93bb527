"""School years and their holidays: the city coordinator's to manage."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.forms import add_service_errors
from schools import selectors, services
from schools.forms import (
    HolidayFormSet,
    SchoolYearForm,
    TermsForm,
    holidays_from,
    next_school_year_initial,
)
from schools.models import SchoolYear
from schools.views.access import OrganisationManagerRequiredMixin

HOLIDAYS_PREFIX = "holidays"


class SchoolYearListView(OrganisationManagerRequiredMixin, TemplateView):
    template_name = "schools/school_year_list.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context.update(
            school_years=selectors.school_years_for(self.actor).order_by("-starts_on"),
            current_year=selectors.current_school_year(self.actor.municipality.pk),
        )
        return context


class SchoolYearFormView(OrganisationManagerRequiredMixin, View):
    """The dates and the holidays of one school year, saved together or not at all."""

    tenant_object_lookup = staticmethod(selectors.access_school_year)

    template_name = "schools/school_year_form.html"
    school_year: SchoolYear | None = None

    def get_object(self) -> SchoolYear | None:
        return None

    def initial(self) -> tuple[dict, list[dict]]:
        raise NotImplementedError

    def save(self, form: SchoolYearForm, formset) -> SchoolYear:
        raise NotImplementedError

    def success_message(self, year: SchoolYear) -> str:
        raise NotImplementedError

    def render_form(
        self, request: HttpRequest, form: SchoolYearForm, formset, terms_form: TermsForm | None = None
    ) -> HttpResponse:
        if terms_form is None and self.school_year is not None:
            terms_form = TermsForm(initial=TermsForm.initial_from(self.school_year), prefix="terms")
        context = {
            "form": form,
            "formset": formset,
            "school_year": self.school_year,
            "terms_form": terms_form,
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest, **kwargs) -> HttpResponse:
        self.school_year = self.get_object()
        year_initial, holidays_initial = self.initial()
        form = SchoolYearForm(initial=year_initial)
        formset = HolidayFormSet(initial=holidays_initial, prefix=HOLIDAYS_PREFIX)
        return self.render_form(request, form, formset)

    def post(self, request: HttpRequest, **kwargs) -> HttpResponse:
        self.school_year = self.get_object()
        form = SchoolYearForm(request.POST)
        formset = HolidayFormSet(request.POST, prefix=HOLIDAYS_PREFIX)
        if form.is_valid() and formset.is_valid():
            try:
                year = self.save(form, formset)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.success_message(year))
                return redirect("school_year_list")
        return self.render_form(request, form, formset)


class SchoolYearCreateView(SchoolYearFormView):
    def initial(self) -> tuple[dict, list[dict]]:
        latest = selectors.school_years_for(self.actor).order_by("-ends_on").first()
        return next_school_year_initial(latest, timezone.localdate())

    def save(self, form: SchoolYearForm, formset) -> SchoolYear:
        return services.school_year_create(
            actor=self.actor, **form.cleaned_data, holidays=holidays_from(formset)
        )

    def success_message(self, year: SchoolYear) -> str:
        return _("The school year %(year)s was added.") % {"year": year.name}


class SchoolYearUpdateView(SchoolYearFormView):
    def get_object(self) -> SchoolYear:
        return selectors.access_school_year(self.actor, self.kwargs["pk"])

    def initial(self) -> tuple[dict, list[dict]]:
        year = self.school_year
        holidays = [
            {"kind": h.kind, "name": h.name, "starts_on": h.starts_on, "ends_on": h.ends_on}
            for h in year.holidays.all()
        ]
        return {"starts_on": year.starts_on, "ends_on": year.ends_on}, holidays

    def save(self, form: SchoolYearForm, formset) -> SchoolYear:
        return services.school_year_update(
            actor=self.actor,
            school_year=self.school_year,
            **form.cleaned_data,
            holidays=holidays_from(formset),
        )

    def success_message(self, year: SchoolYear) -> str:
        return _("The school year %(year)s was saved.") % {"year": year.name}


class SchoolYearTermsView(SchoolYearUpdateView):
    """The terms' own small form on the school year's page."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs) -> HttpResponse:
        self.school_year = self.get_object()
        terms_form = TermsForm(request.POST, prefix="terms")
        if terms_form.is_valid():
            try:
                services.terms_set(
                    self.actor,
                    self.school_year,
                    autumn=terms_form.term("autumn"),
                    spring=terms_form.term("spring"),
                )
            except ValidationError as error:
                for field, messages_ in error.message_dict.items():
                    terms_form.add_error(f"{field}_starts_on", messages_)
            else:
                messages.success(request, _("The terms were saved."))
                return redirect("school_year_update", pk=self.school_year.pk)
        year_initial, holidays_initial = self.initial()
        return self.render_form(
            request,
            SchoolYearForm(initial=year_initial),
            HolidayFormSet(initial=holidays_initial, prefix=HOLIDAYS_PREFIX),
            terms_form,
        )


urlpatterns = [
    path("school-years/", SchoolYearListView.as_view(), name="school_year_list"),
    path("school-years/create/", SchoolYearCreateView.as_view(), name="school_year_create"),
    path("school-years/<int:pk>/update/", SchoolYearUpdateView.as_view(), name="school_year_update"),
    path("school-years/<int:pk>/terms/", SchoolYearTermsView.as_view(), name="school_year_terms"),
]
