"""Schools: every member reads them; the city coordinator creates and edits them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from schools import policies, selectors, services
from schools.forms import SchoolForm, add_service_errors
from schools.models import School

from .mixins import CoordinatorRequiredMixin, MemberRequiredMixin
from .staff import chosen_school_year, roster_for


class SchoolListView(MemberRequiredMixin, TemplateView):
    """The municipality's schools with the current year's principal and staff count."""

    template_name = "schools/school_list.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        year = selectors.current_school_year(self.actor.municipality.pk)
        schools = selectors.schools_overview(self.actor, year)
        if not policies.can_manage_organisation(self.actor):
            schools = schools.filter(is_active=True)
        rows = [
            {
                "school": school,
                "principals": [a.user for a in school.principal_assignments],
                "staff_count": school.staff_count,
            }
            for school in schools
        ]
        context.update(
            rows=rows, school_year=year, can_manage_organisation=policies.can_manage_organisation(self.actor)
        )
        return context


class SchoolDetailView(MemberRequiredMixin, TemplateView):
    """A school's facts and who holds which role in the chosen school year."""

    template_name = "schools/school_detail.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        school = selectors.get_school(self.actor, self.kwargs["pk"])
        current = selectors.current_school_year(self.actor.municipality.pk)
        year = chosen_school_year(self.actor, self.request.GET.get("year"), current)
        context.update(
            school=school,
            school_year=year,
            current_year=current,
            school_years=selectors.school_years_for(self.actor).order_by("-starts_on"),
            roster=roster_for(self.actor, school, year),
            can_manage_staff=year is not None
            and policies.can_manage_staff(self.actor, school, year, current),
            can_manage_organisation=policies.can_manage_organisation(self.actor),
        )
        return context


class SchoolCreateView(CoordinatorRequiredMixin, FormView):
    template_name = "schools/school_form.html"
    form_class = SchoolForm

    def form_valid(self, form: SchoolForm) -> HttpResponse:
        try:
            school = services.school_create(actor=self.actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The school %(name)s was added.") % {"name": school.name})
        return redirect("school_detail", pk=school.pk)


class SchoolUpdateView(CoordinatorRequiredMixin, FormView):
    tenant_object_lookup = staticmethod(selectors.get_school)
    template_name = "schools/school_form.html"
    form_class = SchoolForm

    @cached_property
    def school(self) -> School:
        return selectors.get_school(self.actor, self.kwargs["pk"])

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "with_active": True}

    def get_initial(self) -> dict:
        s = self.school
        return {
            "name": s.name,
            "kind": s.kind,
            "language": s.language,
            "stages": s.stages,
            "is_active": s.is_active,
        }

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(school=self.school, **kwargs)

    def form_valid(self, form: SchoolForm) -> HttpResponse:
        try:
            school = services.school_update(actor=self.actor, school=self.school, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The school %(name)s was saved.") % {"name": school.name})
        return redirect("school_detail", pk=school.pk)


urlpatterns = [
    path("schools/", SchoolListView.as_view(), name="school_list"),
    path("schools/create/", SchoolCreateView.as_view(), name="school_create"),
    path("schools/<int:pk>/", SchoolDetailView.as_view(), name="school_detail"),
    path("schools/<int:pk>/update/", SchoolUpdateView.as_view(), name="school_update"),
]
