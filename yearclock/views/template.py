"""The city's yearclock template: every member reads it month by month; the coordinator adds and edits
its entries (what each school's new yearclock starts from)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from core.forms import add_service_errors
from core.views import MemberRequiredMixin, PolicyRequiredMixin
from groups import selectors as groups_selectors
from roles import selectors as roles_selectors

from .. import policies, selectors
from ..forms import TemplateEntryEditForm, TemplateEntryForm
from ..models import SCHOOL_YEAR_MONTHS, TemplateEntry
from ..services import template as services


class TemplatePageView(MemberRequiredMixin, TemplateView):
    template_name = "yearclock/template.html"

    def get_context_data(self, **kwargs: Any) -> dict:
        can_edit = policies.template.can_edit(self.actor)
        entries = list(selectors.template_entries(self.actor, include_inactive=can_edit))
        months = [
            {"month": month, "entries": [e for e in entries if e.start_month == month]}
            for month in SCHOOL_YEAR_MONTHS
        ]
        return super().get_context_data(months=months, can_edit=can_edit, entry_count=len(entries), **kwargs)


class TemplateEntryFormView(PolicyRequiredMixin, FormView):
    """Add (no pk) or edit a template entry: the coordinator."""

    policy = policies.template
    policy_action = "edit"
    tenant_object_lookup = staticmethod(selectors.access_template_entry)
    template_name = "yearclock/template_entry_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.entry: TemplateEntry | None = None
        if request.user.is_authenticated and getattr(request, "actor", None) is not None and "pk" in kwargs:
            self.entry = selectors.access_template_entry(request.actor, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self) -> type[TemplateEntryForm]:
        return TemplateEntryForm if self.entry is None else TemplateEntryEditForm

    def get_form_kwargs(self) -> dict:
        return {
            **super().get_form_kwargs(),
            "levels": groups_selectors.levels_for(self.actor),
            "roles": roles_selectors.roles_for(self.actor).order_by("order", "name_fi"),
        }

    def get_initial(self) -> dict:
        if self.entry is None:
            return {}
        return {**TemplateEntryForm.initial_for(self.entry), "is_active": self.entry.is_active}

    def get_context_data(self, **kwargs: Any) -> dict:
        return super().get_context_data(entry=self.entry, **kwargs)

    def form_valid(self, form: TemplateEntryForm) -> HttpResponse:
        try:
            if self.entry is None:
                entry = services.template_entry_create(actor=self.actor, **form.cleaned_data)
            else:
                entry = services.template_entry_update(
                    actor=self.actor, entry=self.entry, **form.cleaned_data
                )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The entry %(theme)s was saved.") % {"theme": entry.theme})
        return redirect("yearclock_template")


urlpatterns = [
    path("yearclock/template/", TemplatePageView.as_view(), name="yearclock_template"),
    path("yearclock/template/new/", TemplateEntryFormView.as_view(), name="yearclock_template_entry_add"),
    path(
        "yearclock/template/<int:pk>/edit/",
        TemplateEntryFormView.as_view(),
        name="yearclock_template_entry_edit",
    ),
]
