"""A school's entries: add and edit (the principal), move to other months, drop and restore, the
status (the owner too) and the year's evaluation entry. Refusals leave everything unchanged."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from core.forms import add_service_errors
from core.views import MemberRequiredMixin, require
from groups import selectors as groups_selectors
from roles import selectors as roles_selectors

from .. import policies, selectors
from ..forms import EntryForm, MonthsForm, StatusForm
from ..models import EntryStatus, Yearclock, YearclockEntry
from ..services import clocks as services


def _detail(entry: YearclockEntry) -> str:
    return reverse("yearclock_detail", kwargs={"pk": entry.yearclock_id}) + f"#entry-{entry.pk}"


class EntryFormView(MemberRequiredMixin, FormView):
    """Add an entry to a yearclock (`pk` of the clock) or edit one (`pk` of the entry)."""

    template_name = "yearclock/entry_form.html"
    form_class = EntryForm
    editing = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.entry: YearclockEntry | None = None
        if request.user.is_authenticated and getattr(request, "actor", None) is not None:
            actor = request.actor
            if self.editing:
                self.entry = selectors.access_entry(actor, kwargs["pk"])
                self.clock: Yearclock = self.entry.yearclock
                require(policies.entries.can_edit(actor, self.entry))
            else:
                self.clock = selectors.access_yearclock(actor, kwargs["pk"])
                require(policies.yearclocks.can_manage(actor, self.clock))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict:
        return {
            **super().get_form_kwargs(),
            "levels": groups_selectors.levels_for(self.actor),
            "roles": roles_selectors.roles_for(self.actor).order_by("order", "name_fi"),
            "owners": selectors.owner_choices(self.actor, self.clock),
            "acts": selectors.act_choices(self.actor, self.clock),
        }

    def get_initial(self) -> dict:
        if self.entry is None:
            return {}
        return EntryForm.initial_for(selectors.entries_of(self.clock).get(pk=self.entry.pk))

    def get_context_data(self, **kwargs: Any) -> dict:
        return super().get_context_data(clock=self.clock, entry=self.entry, **kwargs)

    def form_valid(self, form: EntryForm) -> HttpResponse:
        data = dict(form.cleaned_data)
        roles = data.pop("roles")
        acts = data.pop("acts")
        try:
            # One transaction: a refused link to acts undoes the entry's other changes too.
            with transaction.atomic():
                if self.entry is None:
                    entry = services.entry_add(actor=self.actor, yearclock=self.clock, roles=roles, **data)
                else:
                    entry = services.entry_update(actor=self.actor, entry=self.entry, roles=roles, **data)
                services.entry_link_acts(actor=self.actor, entry=entry, acts=acts)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The entry %(theme)s was saved.") % {"theme": entry.theme})
        return redirect(_detail(entry))


class EntryMoveView(MemberRequiredMixin, FormView):
    """Move an entry to other months (its specific weeks are cleared)."""

    template_name = "yearclock/entry_move.html"
    form_class = MonthsForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and getattr(request, "actor", None) is not None:
            self.entry = selectors.access_entry(request.actor, kwargs["pk"])
            require(policies.entries.can_edit(request.actor, self.entry))
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict:
        return {"start_month": self.entry.start_month, "end_month": self.entry.end_month}

    def get_context_data(self, **kwargs: Any) -> dict:
        return super().get_context_data(entry=self.entry, clock=self.entry.yearclock, **kwargs)

    def form_valid(self, form: MonthsForm) -> HttpResponse:
        try:
            entry = services.entry_move(actor=self.actor, entry=self.entry, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The entry %(theme)s was moved.") % {"theme": entry.theme})
        return redirect(_detail(entry))


class EntryActionView(MemberRequiredMixin, View):
    """A POST on one entry; the service decides who may."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = selectors.access_entry(self.actor, pk)
        try:
            message = self.act(request, entry)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if message:
                messages.success(request, message)
        return redirect(_detail(entry))

    def act(self, request: HttpRequest, entry: YearclockEntry) -> str:
        raise NotImplementedError


class EntryDropView(MemberRequiredMixin, View):
    """Ask first (GET), then drop (POST with `confirm`): the school's own entry is deleted, a city
    entry stays marked as dropped for the coordinator to see."""

    def _entry(self, pk: int) -> YearclockEntry:
        entry = selectors.access_entry(self.actor, pk)
        require(policies.entries.can_edit(self.actor, entry))
        return entry

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = self._entry(pk)
        return render(request, "yearclock/entry_drop.html", {"entry": entry, "clock": entry.yearclock})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = self._entry(pk)
        if not request.POST.get("confirm"):
            return redirect("yearclock_entry_drop", pk=entry.pk)
        clock_pk, theme = entry.yearclock_id, entry.theme
        try:
            kept = services.entry_drop(actor=self.actor, entry=entry)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_detail(entry))
        if kept is None:
            messages.success(request, _("The entry %(theme)s was removed.") % {"theme": theme})
        else:
            messages.success(
                request,
                _("The city entry %(theme)s was dropped from this yearclock; you can restore it.")
                % {"theme": theme},
            )
        return redirect("yearclock_detail", pk=clock_pk)


class EntryRestoreView(EntryActionView):
    def act(self, request: HttpRequest, entry: YearclockEntry) -> str:
        entry = services.entry_restore(actor=self.actor, entry=entry)
        return _("The entry %(theme)s is back in the yearclock.") % {"theme": entry.theme}


class EntryEvaluationView(EntryActionView):
    def act(self, request: HttpRequest, entry: YearclockEntry) -> str:
        entry = services.entry_mark_evaluation(actor=self.actor, entry=entry)
        return _("%(theme)s is now the year's evaluation.") % {"theme": entry.theme}


class EntryStatusView(MemberRequiredMixin, View):
    """The status (and the reason for a skip), from the yearclock's page; errors on a form page."""

    def _entry(self, pk: int) -> YearclockEntry:
        entry = selectors.access_entry(self.actor, pk)
        require(policies.entries.can_update_status(self.actor, entry))
        return entry

    def _render(self, request: HttpRequest, entry: YearclockEntry, form: StatusForm) -> HttpResponse:
        return render(
            request, "yearclock/entry_status.html", {"entry": entry, "clock": entry.yearclock, "form": form}
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = self._entry(pk)
        form = StatusForm(initial={"status": entry.status, "skip_reason": entry.skip_reason})
        return self._render(request, entry, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = self._entry(pk)
        form = StatusForm(request.POST)
        if form.is_valid():
            try:
                entry = services.entry_set_status(actor=self.actor, entry=entry, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                label = EntryStatus(entry.status).label
                messages.success(
                    request,
                    _("%(theme)s: the status is now %(status)s.") % {"theme": entry.theme, "status": label},
                )
                return redirect(_detail(entry))
        return self._render(request, entry, form)


urlpatterns = [
    path("yearclock/<int:pk>/entries/new/", EntryFormView.as_view(), name="yearclock_entry_add"),
    path(
        "yearclock/entries/<int:pk>/edit/", EntryFormView.as_view(editing=True), name="yearclock_entry_edit"
    ),
    path("yearclock/entries/<int:pk>/move/", EntryMoveView.as_view(), name="yearclock_entry_move"),
    path("yearclock/entries/<int:pk>/drop/", EntryDropView.as_view(), name="yearclock_entry_drop"),
    path("yearclock/entries/<int:pk>/restore/", EntryRestoreView.as_view(), name="yearclock_entry_restore"),
    path("yearclock/entries/<int:pk>/status/", EntryStatusView.as_view(), name="yearclock_entry_status"),
    path(
        "yearclock/entries/<int:pk>/evaluation/",
        EntryEvaluationView.as_view(),
        name="yearclock_entry_evaluation",
    ),
]
