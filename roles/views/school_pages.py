"""The school list and a school's page: the schools with who holds which role (staffing) in a year."""

from __future__ import annotations

from django.urls import path
from django.views.generic import TemplateView

from core.views import MemberRequiredMixin
from schools import policies as school_policies
from schools import selectors as school_selectors

from .. import policies, selectors
from .staff import chosen_school_year


class SchoolListView(MemberRequiredMixin, TemplateView):
    """The municipality's schools with the current year's principal and staff count."""

    template_name = "schools/school_list.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        year = school_selectors.current_school_year(self.actor.municipality.pk)
        schools = selectors.schools_overview(self.actor, year)
        if not school_policies.organisation.can_manage(self.actor):
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
            rows=rows,
            school_year=year,
            can_manage_organisation=school_policies.organisation.can_manage(self.actor),
        )
        return context


class SchoolDetailView(MemberRequiredMixin, TemplateView):
    """A school's facts and who holds which role in the chosen school year."""

    template_name = "schools/school_detail.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        school = school_selectors.access_school(self.actor, self.kwargs["pk"])
        current = school_selectors.current_school_year(self.actor.municipality.pk)
        year = chosen_school_year(self.actor, self.request.GET.get("year"), current)
        context.update(
            school=school,
            school_year=year,
            current_year=current,
            school_years=school_selectors.school_years_for(self.actor).order_by("-starts_on"),
            roster=selectors.roster_for(self.actor, school, year),
            can_manage_staff=year is not None and policies.staffing.can_staff(self.actor, school, year),
            can_manage_organisation=school_policies.organisation.can_manage(self.actor),
        )
        return context


urlpatterns = [
    path("schools/", SchoolListView.as_view(), name="school_list"),
    path("schools/<int:pk>/", SchoolDetailView.as_view(), name="school_detail"),
]
