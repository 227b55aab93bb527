"""Pages of follow-up cases: the list, opening one, the case page with its steps, notes, plan, team and
closing, and the principal's access log. Every page proves the second factor first
(`VerifiedRequiredMixin`) and logs each view of a case or pupil (`access_log.record`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core.forms import add_service_errors
from core.views import MemberRequiredMixin, require
from schools import selectors as school_selectors

from .. import access_log, policies, selectors
from ..case_forms import AccessLogFilterForm, CloseForm, NoteForm, OpenCaseForm, PlanForm, StepForm, TeamForm
from ..models import CaseState, FollowUpCase
from ..otp import VerifiedRequiredMixin
from ..services import cases as services


def _people(actor: Any) -> QuerySet:
    return school_selectors.users_for(actor).order_by("last_name", "first_name", "pk")


def _service_error_message(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class CasePageMixin(VerifiedRequiredMixin, MemberRequiredMixin):
    """A page with pupil data: the second factor, then a member of the municipality."""


class CaseListView(CasePageMixin, ListView):
    template_name = "absences/cases/case_list.html"
    context_object_name = "cases"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[FollowUpCase]:
        self.show = self.request.GET.get("show", "open")
        cases = selectors.visible_cases(self.actor)
        if self.show == "open":
            cases = cases.filter(state=CaseState.OPEN)
        elif self.show == "closed":
            cases = cases.filter(state=CaseState.CLOSED)
        elif self.show == "mine":
            user = self.actor.user
            cases = cases.filter(Q(steps__responsible=user) | Q(opened_by=user)).distinct()
        else:
            self.show = "all"
        return cases.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict:
        context = super().get_context_data(**kwargs)
        access_log.record(self.actor, "case list")
        context["show"] = self.show
        context["filters"] = [
            ("open", _("Open")),
            ("closed", _("Closed")),
            ("mine", _("Mine")),
            ("all", _("All")),
        ]
        return context


class CaseNewView(CasePageMixin, View):
    template_name = "absences/cases/case_new.html"

    def _load(self) -> None:
        self.signal = None
        raw_signal = self.request.GET.get("signal")
        if raw_signal:
            self.signal = selectors.access_signal(self.actor, raw_signal)
            self.pupil = self.signal.pupil
        else:
            self.pupil = selectors.access_pupil(self.actor, self.request.GET.get("pupil"))
        require(policies.cases.can_open(self.actor, self.pupil))
        current = school_selectors.current_school_year(self.actor.municipality.pk)
        self.tiers = selectors.tiers_for_year(self.actor, current.pk if current else 0)

    def _render(self, form: OpenCaseForm) -> HttpResponse:
        access_log.record(self.actor, "pupil (opening a case)", pupil=self.pupil)
        context = {"pupil": self.pupil, "signal": self.signal, "form": form, "has_tiers": self.tiers.exists()}
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._load()
        initial = {"tier": self.signal.tier_id} if self.signal else {}
        return self._render(OpenCaseForm(tiers=self.tiers, initial=initial))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._load()
        form = OpenCaseForm(request.POST, tiers=self.tiers)
        if form.is_valid():
            try:
                case = services.case_open(self.actor, self.pupil, form.cleaned_data["tier"], self.signal)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The case was opened."))
                return HttpResponseRedirect(reverse("absence_case_detail", args=[case.pk]))
        return self._render(form)


class CaseDetailView(CasePageMixin, View):
    template_name = "absences/cases/case_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.case_detail(self.actor, pk)
        access_log.record(self.actor, "case", case=case)
        today = timezone.localdate()
        steps = list(case.steps.all())
        for step in steps:
            step.is_overdue = step.done_at is None and step.due_on < today
        plan = getattr(case, "plan", None)
        people = _people(self.actor)
        context = {
            "case": case,
            "pupil": case.pupil,
            "steps": steps,
            "notes": list(case.notes.all()),
            "plan": plan,
            "team": selectors.case_team(case),
            "has_expert_group": any(step.is_expert_group for step in steps),
            "can": policies.cases.allowed_actions(self.actor, case, ("work", "manage_team", "close")),
            "note_form": NoteForm(),
            "team_form": TeamForm(people=people),
            "people": people,
        }
        return render(request, self.template_name, context)


class CaseStepView(CasePageMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        step = selectors.access_case_step(self.actor, pk)
        done = HttpResponseRedirect(reverse("absence_case_detail", args=[step.case_id]) + f"#step-{step.pk}")
        action = request.POST.get("action")
        try:
            if action == "done":
                services.step_done(self.actor, step)
            elif action == "reopen":
                services.step_reopen(self.actor, step)
            elif action == "update":
                form = StepForm(request.POST, people=_people(self.actor))
                if not form.is_valid():
                    for errors in form.errors.values():
                        for error in errors:
                            messages.error(request, error)
                    return done
                services.step_update(
                    self.actor,
                    step,
                    responsible=form.cleaned_data["responsible"],
                    due_on=form.cleaned_data["due_on"],
                    note=form.cleaned_data["note"],
                )
            else:
                messages.error(request, _("Unknown action."))
                return done
        except ValidationError as error:
            _service_error_message(request, error)
        else:
            messages.success(request, _("The step was saved."))
        return done


class CaseNoteView(CasePageMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.access_case(self.actor, pk)
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                services.note_add(self.actor, case, form.cleaned_data["text"])
            except ValidationError as error:
                _service_error_message(request, error)
            else:
                messages.success(request, _("The note was saved."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return HttpResponseRedirect(reverse("absence_case_detail", args=[case.pk]) + "#notes")


class CaseTeamView(CasePageMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.access_case(self.actor, pk)
        form = TeamForm(request.POST, people=_people(self.actor))
        if form.is_valid():
            action = request.POST.get("action")
            try:
                if action == "add":
                    services.team_add(self.actor, case, form.cleaned_data["user"])
                elif action == "remove":
                    services.team_remove(self.actor, case, form.cleaned_data["user"])
                else:
                    raise ValidationError(_("Unknown action."))
            except ValidationError as error:
                _service_error_message(request, error)
            else:
                messages.success(request, _("The team was saved."))
        else:
            messages.error(request, _("Choose an active person of your municipality."))
        return HttpResponseRedirect(reverse("absence_case_detail", args=[case.pk]) + "#team")


class CasePlanView(CasePageMixin, View):
    template_name = "absences/cases/case_plan.html"

    def _render(self, case: FollowUpCase, form: PlanForm, current: Any = None) -> HttpResponse:
        access_log.record(self.actor, "attendance-support plan", case=case)
        return render(self.request, self.template_name, {"case": case, "form": form, "current": current})

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.case_detail(self.actor, pk)
        require(policies.cases.can_work(self.actor, case))
        plan = getattr(case, "plan", None)
        initial: dict[str, Any] = {"version": 0}
        if plan is not None:
            initial = {name: getattr(plan, name) for name in PlanForm.base_fields}
        return self._render(case, PlanForm(initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.case_detail(self.actor, pk)
        require(policies.cases.can_work(self.actor, case))
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                services.plan_save(self.actor, case, **form.cleaned_data)
            except services.StalePlan as stale:
                form.add_error(None, stale)
                return self._render(case, form, stale.current)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The plan was saved."))
                return HttpResponseRedirect(reverse("absence_case_detail", args=[case.pk]) + "#plan")
        return self._render(case, form)


class CaseCloseView(CasePageMixin, View):
    template_name = "absences/cases/case_close.html"

    def _case(self, pk: int) -> FollowUpCase:
        case = selectors.access_case(self.actor, pk)
        require(policies.cases.can_close(self.actor, case))
        return case

    def _render(self, case: FollowUpCase, form: CloseForm) -> HttpResponse:
        access_log.record(self.actor, "case (closing)", case=case)
        return render(self.request, self.template_name, {"case": case, "form": form})

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(self._case(pk), CloseForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(pk)
        form = CloseForm(request.POST)
        if form.is_valid():
            try:
                services.case_close(self.actor, case, form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The case was closed."))
                return HttpResponseRedirect(reverse("absence_case_detail", args=[case.pk]))
        return self._render(case, form)


class AccessLogView(CasePageMixin, ListView):
    """The principal reads who read or changed pupils' data of the school; nothing here edits it."""

    template_name = "absences/cases/access_log.html"
    context_object_name = "entries"
    paginate_by = 50
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet:
        self.school = school_selectors.access_school(self.actor, self.kwargs["pk"])
        if not policies.pupils.can_review_access_log(self.actor, self.school):
            raise PermissionDenied
        entries = selectors.access_log_for(self.actor, self.school.pk)
        self.filter_form = AccessLogFilterForm(
            self.request.GET or None,
            people=_people(self.actor),
            pupils=selectors.pupils_in(self.actor).filter(school=self.school),
        )
        if self.filter_form.is_valid():
            if self.filter_form.cleaned_data["person"]:
                entries = entries.filter(user=self.filter_form.cleaned_data["person"])
            if self.filter_form.cleaned_data["pupil"]:
                entries = entries.filter(pupil=self.filter_form.cleaned_data["pupil"])
        return entries

    def get_context_data(self, **kwargs: Any) -> dict:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(school=self.school, filter_form=self.filter_form, filter_query=query.urlencode())
        return context


urlpatterns = [
    path("absences/cases/", CaseListView.as_view(), name="absence_case_list"),
    path("absences/cases/new/", CaseNewView.as_view(), name="absence_case_new"),
    path("absences/cases/<int:pk>/", CaseDetailView.as_view(), name="absence_case_detail"),
    path("absences/steps/<int:pk>/", CaseStepView.as_view(), name="absence_case_step"),
    path("absences/cases/<int:pk>/notes/", CaseNoteView.as_view(), name="absence_case_note"),
    path("absences/cases/<int:pk>/plan/", CasePlanView.as_view(), name="absence_case_plan"),
    path("absences/cases/<int:pk>/team/", CaseTeamView.as_view(), name="absence_case_team"),
    path("absences/cases/<int:pk>/close/", CaseCloseView.as_view(), name="absence_case_close"),
    path("absences/schools/<int:pk>/access-log/", AccessLogView.as_view(), name="absence_access_log"),
]
