"""The city's attendance-support model: read by every member, edited by the coordinator; and the small
absences index that links the absence pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.access import parse_id
from core.forms import add_service_errors
from core.views import MemberRequiredMixin, PolicyRequiredMixin
from roles.selectors import roles_for
from schools import selectors as school_selectors
from schools.models import SchoolYear, Stage

from .. import policies, selectors
from ..forms import ModelDescriptionForm, StepForm, TierForm
from ..services import model as services


def _year(actor: Any, value: object) -> SchoolYear | None:
    """The school year of `?year=` (another town's: 404), or the current one."""
    if value not in (None, ""):
        if parse_id(value) is None:
            raise Http404
        return school_selectors.access_school_year(actor, value)
    current = school_selectors.current_school_year(actor.municipality.pk)
    return current or school_selectors.school_years_for(actor).order_by("-starts_on").first()


def _model_url(year: SchoolYear) -> str:
    return f"{reverse('absence_model')}?year={year.pk}"


class AbsenceIndexView(MemberRequiredMixin, TemplateView):
    template_name = "absences/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        own = policies.principal_schools_now(self.actor)
        context["principal_schools"] = (
            school_selectors.schools_for(self.actor).filter(pk__in=own).order_by("name")
        )
        return context


class AbsenceModelView(MemberRequiredMixin, TemplateView):
    """The model of a school year: the tiers, their thresholds and their steps."""

    template_name = "absences/model/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = _year(self.actor, self.request.GET.get("year"))
        model = selectors.model_for_year(self.actor, year) if year else None
        stages = dict(Stage.choices)
        tiers = []
        if model is not None:
            for tier in model.tiers.all():
                tier.stage_rows = [
                    (stages.get(key, key), value) for key, value in tier.stage_thresholds.items()
                ]
                tiers.append(tier)
        context.update(
            school_year=year,
            school_years=school_selectors.school_years_for(self.actor).order_by("-starts_on"),
            model=model,
            tiers=tiers,
            can_edit=policies.attendance_model.can_edit(self.actor),
            copy_sources=(
                selectors.models_for(self.actor).exclude(school_year=year).order_by("-school_year__starts_on")
                if model is None and year is not None
                else []
            ),
        )
        return context


class _EditMixin(PolicyRequiredMixin):
    policy = policies.attendance_model
    policy_action = "edit"


class AbsenceModelEditView(_EditMixin, View):
    """Create the year's model (empty, or a copy of another year's) or change its description."""

    template_name = "absences/model/edit.html"

    def render_page(
        self, request: HttpRequest, year: SchoolYear, form: ModelDescriptionForm, model: Any
    ) -> HttpResponse:
        sources = (
            selectors.models_for(self.actor).exclude(school_year=year).order_by("-school_year__starts_on")
        )
        return render(
            request,
            self.template_name,
            {"form": form, "school_year": year, "model": model, "copy_sources": sources},
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        year = _year(self.actor, request.GET.get("year"))
        if year is None:
            raise Http404
        model = selectors.model_for_year(self.actor, year)
        initial = {"description": model.description, "description_sv": model.description_sv} if model else {}
        return self.render_page(request, year, ModelDescriptionForm(initial=initial), model)

    def post(self, request: HttpRequest) -> HttpResponse:
        year = _year(self.actor, request.GET.get("year") or request.POST.get("year"))
        if year is None:
            raise Http404
        model = selectors.model_for_year(self.actor, year)
        form = ModelDescriptionForm(request.POST)
        if "copy_from" in request.POST:
            source = selectors.access_model(self.actor, request.POST.get("copy_from"))
            try:
                services.model_copy_from(self.actor, source, year)
            except ValidationError as error:
                form = ModelDescriptionForm()
                add_service_errors(form, error)
                return self.render_page(request, year, form, model)
            messages.success(request, _("The model was copied from %(year)s.") % {"year": source.school_year})
            return HttpResponseRedirect(_model_url(year))
        if form.is_valid():
            try:
                if model is None:
                    services.model_create(self.actor, year, **form.cleaned_data)
                else:
                    services.model_update(self.actor, model, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The model was saved."))
                return HttpResponseRedirect(_model_url(year))
        return self.render_page(request, year, form, model)


class TierFormView(_EditMixin, View):
    template_name = "absences/model/tier_form.html"
    tenant_object_lookup = staticmethod(selectors.access_tier)
    adding = False

    def targets(self) -> tuple[Any, Any]:
        if self.adding:
            model = selectors.access_model(self.actor, self.kwargs["pk"])
            return model, None
        tier = selectors.access_tier(self.actor, self.kwargs["pk"])
        return tier.model, tier

    def render_page(self, request: HttpRequest, form: TierForm, model: Any, tier: Any) -> HttpResponse:
        return render(request, self.template_name, {"form": form, "model": model, "tier": tier})

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        model, tier = self.targets()
        return self.render_page(
            request, TierForm(initial=TierForm.initial_from(tier) if tier else {}), model, tier
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        model, tier = self.targets()
        form = TierForm(request.POST)
        if form.is_valid():
            try:
                if tier is None:
                    services.tier_add(self.actor, model, **form.service_fields())
                else:
                    services.tier_update(self.actor, tier, **form.service_fields())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The tier was saved."))
                return HttpResponseRedirect(_model_url(model.school_year))
        return self.render_page(request, form, model, tier)


class TierAddView(TierFormView):
    adding = True
    tenant_object_lookup = staticmethod(selectors.access_model)


class TierDeleteView(_EditMixin, View):
    template_name = "absences/model/confirm_delete.html"
    tenant_object_lookup = staticmethod(selectors.access_tier)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        tier = selectors.access_tier(self.actor, pk)
        return render(request, self.template_name, {"object": tier, "model": tier.model, "errors": []})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        tier = selectors.access_tier(self.actor, pk)
        year = tier.model.school_year
        try:
            services.tier_delete(self.actor, tier)
        except ValidationError as error:
            return render(
                request, self.template_name, {"object": tier, "model": tier.model, "errors": error.messages}
            )
        messages.success(request, _("The tier was removed."))
        return HttpResponseRedirect(_model_url(year))


class StepFormView(_EditMixin, View):
    template_name = "absences/model/step_form.html"
    tenant_object_lookup = staticmethod(selectors.access_step)
    adding = False

    def targets(self) -> tuple[Any, Any]:
        if self.adding:
            return selectors.access_tier(self.actor, self.kwargs["pk"]), None
        step = selectors.access_step(self.actor, self.kwargs["pk"])
        return step.tier, step

    def form(self, data: Any = None, initial: Any = None) -> StepForm:
        return StepForm(data, initial=initial, roles=roles_for(self.actor).order_by("name_fi"))

    def render_page(self, request: HttpRequest, form: StepForm, tier: Any, step: Any) -> HttpResponse:
        return render(
            request, self.template_name, {"form": form, "tier": tier, "step": step, "model": tier.model}
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        tier, step = self.targets()
        initial = None
        if step is not None:
            initial = {
                "title": step.title,
                "title_sv": step.title_sv,
                "description": step.description,
                "roles": list(step.roles.all()),
                "deadline_school_days": step.deadline_school_days,
                "involves_guardian": step.involves_guardian,
                "is_expert_group": step.is_expert_group,
            }
        return self.render_page(request, self.form(initial=initial), tier, step)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        tier, step = self.targets()
        form = self.form(request.POST)
        if form.is_valid():
            try:
                if step is None:
                    services.step_add(self.actor, tier, **form.service_fields())
                else:
                    services.step_update(self.actor, step, **form.service_fields())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The step was saved."))
                return HttpResponseRedirect(_model_url(tier.model.school_year))
        return self.render_page(request, form, tier, step)


class StepAddView(StepFormView):
    adding = True
    tenant_object_lookup = staticmethod(selectors.access_tier)


class StepDeleteView(_EditMixin, View):
    template_name = "absences/model/confirm_delete.html"
    tenant_object_lookup = staticmethod(selectors.access_step)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        step = selectors.access_step(self.actor, pk)
        return render(request, self.template_name, {"object": step, "model": step.tier.model, "errors": []})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        step = selectors.access_step(self.actor, pk)
        year = step.tier.model.school_year
        services.step_delete(self.actor, step)
        messages.success(request, _("The step was removed."))
        return HttpResponseRedirect(_model_url(year))


class StepMoveView(_EditMixin, View):
    http_method_names = ["post"]
    tenant_object_lookup = staticmethod(selectors.access_step)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        step = selectors.access_step(self.actor, pk)
        services.step_move(self.actor, step, up=request.POST.get("direction") != "down")
        return HttpResponseRedirect(f"{_model_url(step.tier.model.school_year)}#step-{step.pk}")


urlpatterns = [
    path("absences/", AbsenceIndexView.as_view(), name="absence_index"),
    path("absences/model/", AbsenceModelView.as_view(), name="absence_model"),
    path("absences/model/edit/", AbsenceModelEditView.as_view(), name="absence_model_edit"),
    path("absences/model/<int:pk>/tiers/add/", TierAddView.as_view(adding=True), name="absence_tier_add"),
    path("absences/tiers/<int:pk>/edit/", TierFormView.as_view(), name="absence_tier_edit"),
    path("absences/tiers/<int:pk>/delete/", TierDeleteView.as_view(), name="absence_tier_delete"),
    path("absences/tiers/<int:pk>/steps/add/", StepAddView.as_view(adding=True), name="absence_step_add"),
    path("absences/steps/<int:pk>/edit/", StepFormView.as_view(), name="absence_step_edit"),
    path("absences/steps/<int:pk>/delete/", StepDeleteView.as_view(), name="absence_step_delete"),
    path("absences/steps/<int:pk>/move/", StepMoveView.as_view(), name="absence_step_move"),
]
