"""Schools: every member reads them; the city coordinator creates and edits them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView

from core.forms import add_service_errors
from schools import selectors, services
from schools.forms import SchoolForm
from schools.models import School
from schools.views.access import OrganisationManagerRequiredMixin


class SchoolCreateView(OrganisationManagerRequiredMixin, FormView):
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


class SchoolUpdateView(OrganisationManagerRequiredMixin, FormView):
    tenant_object_lookup = staticmethod(selectors.access_school)
    template_name = "schools/school_form.html"
    form_class = SchoolForm

    @cached_property
    def school(self) -> School:
        return selectors.access_school(self.actor, self.kwargs["pk"])

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
    path("schools/create/", SchoolCreateView.as_view(), name="school_create"),
    path("schools/<int:pk>/update/", SchoolUpdateView.as_view(), name="school_update"),
]
