"""The school's class settings for a school year (the principal's): grade, homeroom teacher, lessons a
week per class. Shows no pupil: only class names and staff, so it needs no second factor."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View

from core.views import MemberRequiredMixin
from roles.selectors import roster_for
from schools import selectors as school_selectors

from .. import policies, selectors
from ..forms import ClassRowFormSet
from ..services.classes import class_settings_save
from .model import _year

PREFIX = "classes"


class ClassSettingsView(MemberRequiredMixin, View):
    template_name = "absences/classes.html"

    def setup_objects(self, request: HttpRequest, pk: int) -> None:
        self.school = school_selectors.access_school(self.actor, pk)
        if not policies.pupils.can_import(self.actor, self.school):
            raise PermissionDenied
        self.year = _year(self.actor, request.GET.get("year"))
        if self.year is None:
            raise PermissionDenied

    def teachers(self) -> list[tuple[int, str]]:
        people: dict[int, str] = {}
        for assignment in roster_for(self.actor, self.school, self.year).select_related("user"):
            user = assignment.user
            people.setdefault(user.pk, user.get_full_name() or user.email)
        return sorted(people.items(), key=lambda item: item[1])

    def initial(self) -> list[dict[str, Any]]:
        rows = {
            s.group_name: {
                "group_name": s.group_name,
                "grade": s.grade,
                "homeroom_teacher": s.homeroom_teacher_id,
                "weekly_lessons": s.weekly_lessons,
            }
            for s in selectors.class_settings_for(self.actor, self.school.pk, self.year)
        }
        for name in selectors.class_names_in(self.actor, self.school.pk):
            rows.setdefault(name, {"group_name": name})
        return [rows[name] for name in sorted(rows)]

    def render_page(self, request: HttpRequest, formset: Any, errors: list[str]) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "school": self.school,
                "school_year": self.year,
                "school_years": school_selectors.school_years_for(self.actor).order_by("-starts_on"),
                "formset": formset,
                "errors": errors,
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.setup_objects(request, pk)
        formset = ClassRowFormSet(
            initial=self.initial(), prefix=PREFIX, form_kwargs={"teachers": self.teachers()}
        )
        return self.render_page(request, formset, [])

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.setup_objects(request, pk)
        formset = ClassRowFormSet(request.POST, prefix=PREFIX, form_kwargs={"teachers": self.teachers()})
        errors: list[str] = []
        if formset.is_valid():
            try:
                class_settings_save(
                    self.actor, self.school, self.year, [form.cleaned_data for form in formset.forms]
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("The class settings were saved."))
                return HttpResponseRedirect(
                    f"{reverse('absence_classes', args=[self.school.pk])}?year={self.year.pk}"
                )
        return self.render_page(request, formset, errors)


urlpatterns = [
    path("absences/schools/<int:pk>/classes/", ClassSettingsView.as_view(), name="absence_classes"),
]
