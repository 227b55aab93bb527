"""Staff of a school: who holds which role in a school year (the principal's or coordinator's page)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from core.forms import add_service_errors
from core.inputs import search_text
from core.views import MemberRequiredMixin
from schools import policies as school_policies
from schools import selectors as school_selectors
from schools.models import School, SchoolYear
from schools.selectors import chosen_school_year

from .. import policies, selectors, staffing
from ..staff_forms import AssignmentForm


def staff_url(school: School, school_year: SchoolYear) -> str:
    return f"{reverse('school_staff', kwargs={'pk': school.pk})}?year={school_year.pk}"


class SchoolStaffView(MemberRequiredMixin, View):
    """GET shows the roster and the add form; POST adds one assignment (then back to GET)."""

    template_name = "schools/school_staff.html"

    def _load(self, request: HttpRequest, pk: int) -> tuple[School, SchoolYear | None]:
        school = school_selectors.access_school(self.actor, pk)
        self.current = school_selectors.current_school_year(self.actor.municipality.pk)
        raw = request.POST.get("year") if request.method == "POST" else request.GET.get("year")
        year = chosen_school_year(self.actor, raw, self.current)
        # With no school year at all there is nothing to staff; only a coordinator can fix that.
        allowed = (
            policies.staffing.can_staff(self.actor, school, year)
            if year is not None
            else school_policies.organisation.can_manage(self.actor)
        )
        if not allowed:
            raise PermissionDenied
        return school, year

    def _render(
        self,
        request: HttpRequest,
        school: School,
        year: SchoolYear | None,
        form: AssignmentForm,
        search: str = "",
    ) -> HttpResponse:
        previous = school_selectors.previous_school_year(year) if year is not None else None
        context = {
            "school": school,
            "school_year": year,
            "current_year": self.current,
            "previous_year": previous,
            "school_years": school_selectors.school_years_for(self.actor).order_by("-starts_on"),
            "roster": selectors.roster_for(self.actor, school, year),
            "form": form,
            "search": search,
            "can_manage_organisation": school_policies.organisation.can_manage(self.actor),
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        school, year = self._load(request, pk)
        search = search_text(request.GET.get("q"))
        form = AssignmentForm(actor=self.actor, school=school, search=search)
        return self._render(request, school, year, form, search=search)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        school, year = self._load(request, pk)
        form = AssignmentForm(request.POST, actor=self.actor)
        if year is None:
            form.add_error(None, _("Add a school year first."))
            return self._render(request, school, year, form)
        if form.is_valid():
            try:
                assignment = staffing.assignment_create(
                    actor=self.actor, school=school, school_year=year, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(person)s now holds the role %(role)s.")
                    % {"person": assignment.user.get_full_name(), "role": assignment.role.name},
                )
                return redirect(staff_url(school, year))
        return self._render(request, school, year, form)


class SchoolStaffCopyView(MemberRequiredMixin, View):
    """Carry the previous school year's staff into the chosen year."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        school = school_selectors.access_school(self.actor, pk)
        current = school_selectors.current_school_year(self.actor.municipality.pk)
        year = chosen_school_year(self.actor, request.POST.get("year"), current)
        if year is None:
            raise Http404
        if not policies.staffing.can_staff(self.actor, school, year):
            raise PermissionDenied
        try:
            copied = staffing.assignments_copy_from_previous_year(
                actor=self.actor, school=school, school_year=year
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d assignment was copied from last year.",
                    "%(count)d assignments were copied from last year.",
                    copied,
                )
                % {"count": copied},
            )
        return redirect(staff_url(school, year))


class AssignmentDeleteView(MemberRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        assignment = selectors.access_assignment(self.actor, pk)
        staffing.assignment_delete(actor=self.actor, assignment=assignment)
        messages.success(
            request,
            _("%(person)s no longer holds the role %(role)s.")
            % {"person": assignment.user.get_full_name(), "role": assignment.role.name},
        )
        return redirect(staff_url(assignment.school, assignment.school_year))


urlpatterns = [
    path("schools/<int:pk>/staff/", SchoolStaffView.as_view(), name="school_staff"),
    path("schools/<int:pk>/staff/copy/", SchoolStaffCopyView.as_view(), name="school_staff_copy"),
    path("assignments/<int:pk>/delete/", AssignmentDeleteView.as_view(), name="assignment_delete"),
]
