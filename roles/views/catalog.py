"""The city's role catalog: every member reads it; the coordinator adds, edits, retires and restores
roles and reads the history of every change."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from audit import selectors as audit_selectors
from core.forms import add_service_errors
from core.views import MemberRequiredMixin, PolicyRequiredMixin

from .. import policies, selectors, services
from ..catalog_forms import RoleForm, SectionForm
from ..models import Role, RoleKey


class CatalogEditorRequiredMixin(PolicyRequiredMixin):
    """The catalog's editing pages (catalog policy: `edit`)."""

    policy = policies.catalog
    policy_action = "edit"


class RoleListView(MemberRequiredMixin, ListView):
    """The municipality's role catalog, readable by every member."""

    template_name = "roles/role_list.html"
    context_object_name = "roles"

    def get_queryset(self):
        return selectors.roles_for(
            self.actor, include_inactive=policies.catalog.can_see_retired(self.actor)
        ).prefetch_related("responsibilities")

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(can_edit_catalog=policies.catalog.can_edit(self.actor), **kwargs)


class RoleDetailView(MemberRequiredMixin, DetailView):
    template_name = "roles/role_detail.html"
    context_object_name = "role"

    def get_object(self, queryset=None):
        return selectors.access_role(self.actor, self.kwargs["pk"])

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(
            can_edit_catalog=policies.catalog.can_edit(self.actor),
            can_retire=self.object.key == RoleKey.OTHER,
            **kwargs,
        )


class RoleObjectMixin:
    """The role named by the URL, in the actor's municipality (another tenant's is a 404).

    Listed after the coordinator mixin, so the permission check runs first and the role is looked
    up before any form is read or any write is tried.
    """

    role: Role

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.role = selectors.access_role(self.actor, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


def _name_clash_message() -> str:
    constraint = next(c for c in Role._meta.constraints if c.name == "role_name_unique_in_municipality")
    return str(constraint.get_violation_error_message())


def add_role_errors(form: RoleForm, error: ValidationError) -> None:
    """The service's errors on the form; a clash of names belongs to the Finnish name field."""
    if hasattr(error, "error_dict") and NON_FIELD_ERRORS in error.error_dict:
        clash = _name_clash_message()
        general = []
        for item in error.error_dict.pop(NON_FIELD_ERRORS):
            for message in ValidationError(item).messages:
                if message == clash:
                    form.add_error("name_fi", message)
                else:
                    general.append(message)
        if general:
            form.add_error(None, general)
    add_service_errors(form, error)


class RoleCreateView(CatalogEditorRequiredMixin, FormView):
    """Add a city's own role (kept as an "other" role, e.g. school coach, school assistant)."""

    template_name = "roles/role_form.html"
    form_class = RoleForm

    def form_valid(self, form: RoleForm) -> HttpResponse:
        try:
            role = services.role_create(actor=self.actor, **form.cleaned_data)
        except ValidationError as error:
            add_role_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The role %(name)s was added.") % {"name": role.name})
        return redirect("role_detail", pk=role.pk)


class RoleUpdateView(CatalogEditorRequiredMixin, RoleObjectMixin, FormView):
    tenant_object_lookup = staticmethod(selectors.access_role)
    template_name = "roles/role_form.html"
    form_class = RoleForm

    def get_initial(self) -> dict:
        return RoleForm.initial_for(self.role)

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(role=self.role, **kwargs)

    def form_valid(self, form: RoleForm) -> HttpResponse:
        try:
            role = services.role_update(actor=self.actor, role=self.role, **form.cleaned_data)
        except ValidationError as error:
            add_role_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The role %(name)s was saved.") % {"name": role.name})
        return redirect("role_detail", pk=role.pk)


class RoleSetActiveView(CatalogEditorRequiredMixin, RoleObjectMixin, View):
    """Retire or restore a city's own role; the service refuses the standard roles."""

    tenant_object_lookup = staticmethod(selectors.access_role)

    http_method_names = ["post"]
    active = False

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            role = services.role_set_active(actor=self.actor, role=self.role, active=self.active)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if self.active:
                messages.success(request, _("The role %(name)s is in use again.") % {"name": role.name})
            else:
                messages.success(
                    request,
                    _("The role %(name)s was retired: it is no longer offered for staff assignments.")
                    % {"name": role.name},
                )
        return redirect("role_detail", pk=self.role.pk)


# --- History ----------------------------------------------------------------------------------


# What the history shows of a role, in this order (the keys of services.role_as_text).
HISTORY_FIELDS = {
    "name_fi": gettext_lazy("Name in Finnish"),
    "name_sv": gettext_lazy("Name in Swedish"),
    "description": gettext_lazy("Role in communal student welfare"),
    "description_sv": gettext_lazy("Role in communal student welfare, in Swedish"),
    "responsibilities": gettext_lazy("Key responsibilities"),
    "responsibilities_sv": gettext_lazy("Key responsibilities in Swedish"),
    "is_active": gettext_lazy("In use"),
}


class RoleHistoryView(CatalogEditorRequiredMixin, RoleObjectMixin, TemplateView):
    """Every change of a role, newest first: who, when, what, and how the texts changed."""

    tenant_object_lookup = staticmethod(selectors.access_role)

    template_name = "roles/role_history.html"

    def get_context_data(self, **kwargs) -> dict:
        events = audit_selectors.history_for(self.actor, self.role)
        return super().get_context_data(role=self.role, events=events, labels=HISTORY_FIELDS, **kwargs)


urlpatterns: list = [
    path("roles/create/", RoleCreateView.as_view(), name="role_create"),
    path("roles/<int:pk>/update/", RoleUpdateView.as_view(), name="role_update"),
    path("roles/<int:pk>/retire/", RoleSetActiveView.as_view(active=False), name="role_retire"),
    path("roles/<int:pk>/restore/", RoleSetActiveView.as_view(active=True), name="role_restore"),
    path("roles/<int:pk>/history/", RoleHistoryView.as_view(), name="role_history"),
]


# --- Act sections -----------------------------------------------------------------------------


class SectionListView(MemberRequiredMixin, TemplateView):
    """The headings under which the schools write their practical acts; the coordinator edits them."""

    template_name = "roles/section_list.html"

    def get_context_data(self, **kwargs) -> dict:
        sections = selectors.sections_for(self.actor, include_inactive=policies.catalog.can_edit(self.actor))
        return super().get_context_data(
            sections=list(sections), can_edit=policies.catalog.can_edit(self.actor), **kwargs
        )


class SectionFormView(CatalogEditorRequiredMixin, FormView):
    """Create (no pk) or update a section."""

    tenant_object_lookup = staticmethod(selectors.access_section)

    template_name = "roles/section_form.html"
    form_class = SectionForm

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.section = None
        if request.user.is_authenticated and request.actor is not None and "pk" in kwargs:
            self.section = selectors.access_section(request.actor, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict:
        if self.section is None:
            return {"is_active": True, "order": None}
        s = self.section
        return {"name_fi": s.name_fi, "name_sv": s.name_sv, "order": s.order, "is_active": s.is_active}

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(section=self.section, **kwargs)

    def form_valid(self, form: SectionForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            if self.section is None:
                services.section_create(
                    actor=self.actor, name_fi=data["name_fi"], name_sv=data["name_sv"], order=data["order"]
                )
            else:
                services.section_update(actor=self.actor, section=self.section, **data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The section %(name)s was saved.") % {"name": data["name_fi"]})
        return redirect("section_list")


urlpatterns += [
    path("roles/sections/", SectionListView.as_view(), name="section_list"),
    path("roles/sections/create/", SectionFormView.as_view(), name="section_create"),
    path("roles/sections/<int:pk>/update/", SectionFormView.as_view(), name="section_update"),
]
