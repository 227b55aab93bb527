"""Absence import pages: the list, the upload, the column mapping and an import's page (preview with row
errors, confirmation, then progress and the result). The school's principal imports.

Pupils' data is on the mapping and preview pages: the second factor is checked first
(`VerifiedRequiredMixin`), and every page showing pupil rows records an access-log entry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.views import MemberRequiredMixin, require

from .. import access_log, policies, selectors
from ..import_forms import ImportUploadForm, MappingForm
from ..importing import mapping as mappings
from ..models import ImportState
from ..otp import VerifiedRequiredMixin
from ..services import imports as services

REFRESH_SECONDS = 2


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


class ImportListView(VerifiedRequiredMixin, MemberRequiredMixin, TemplateView):
    template_name = "absences/import_list.html"

    def get_context_data(self, **kwargs) -> dict:
        require(policies.pupils.can_import(self.actor))
        context = super().get_context_data(**kwargs)
        context["imports"] = selectors.imports_in(self.actor).filter(
            school_id__in=policies.principal_schools_now(self.actor)
        )[:100]
        return context


class ImportNewView(VerifiedRequiredMixin, MemberRequiredMixin, View):
    template_name = "absences/import_new.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        require(policies.pupils.can_import(self.actor))
        return render(request, self.template_name, {"form": ImportUploadForm(actor=self.actor)})

    def post(self, request: HttpRequest) -> HttpResponse:
        require(policies.pupils.can_import(self.actor))
        form = ImportUploadForm(request.POST, request.FILES, actor=self.actor)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                imp = services.import_upload(
                    self.actor,
                    form.cleaned_data["school"],
                    form.cleaned_data["school_year"],
                    upload.name,
                    upload.read(),
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect("absence_import_mapping", pk=imp.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class ImportMappingView(VerifiedRequiredMixin, MemberRequiredMixin, View):
    template_name = "absences/import_mapping.html"

    def _context(self, imp, form=None) -> dict:
        preview = services.import_preview(imp)
        form = form or MappingForm(
            header=preview.header, mapping=imp.mapping, class_values=preview.class_values
        )
        return {"imp": imp, "form": form, "preview": preview}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        imp = selectors.access_import(self.actor, pk)
        if imp.state != ImportState.PREVIEW:
            return redirect("absence_import_detail", pk=imp.pk)
        return render(request, self.template_name, self._context(imp))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        imp = selectors.access_import(self.actor, pk)
        ready = {"wilma": mappings.WILMA_MAPPING, "day_format": mappings.DAY_FORMAT_MAPPING}
        try:
            if request.POST.get("ready") in ready:
                services.import_set_mapping(self.actor, imp, ready[request.POST["ready"]])
                return redirect("absence_import_mapping", pk=imp.pk)
            preview = services.import_preview(imp)
            form = MappingForm(
                request.POST, header=preview.header, mapping=imp.mapping, class_values=preview.class_values
            )
            if not form.is_valid():
                return render(request, self.template_name, self._context(imp, form), status=400)
            services.import_set_mapping(self.actor, imp, form.mapping())
        except ValidationError as error:
            messages.error(request, _errors(error))
        return redirect("absence_import_detail", pk=imp.pk)


class ImportDetailView(VerifiedRequiredMixin, MemberRequiredMixin, TemplateView):
    template_name = "absences/import_detail.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        imp = selectors.access_import(self.actor, kwargs["pk"])
        context["imp"] = imp
        context["in_progress"] = imp.state in (ImportState.QUEUED, ImportState.RUNNING)
        context["refresh_seconds"] = REFRESH_SECONDS
        context["percent"] = int(100 * imp.rows_done / imp.rows_total) if imp.rows_total else 0
        if imp.state == ImportState.PREVIEW:
            preview = services.import_preview(imp)
            context["preview"] = preview
            if preview.days:
                # The preview shows pupils' names and absences.
                access_log.record(self.actor, f"absence import preview {imp.pk}", school_id=imp.school_id)
        else:
            context["errors"] = imp.errors[: services.PREVIEW_ERRORS]
        return context


class ImportConfirmView(VerifiedRequiredMixin, MemberRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        imp = selectors.access_import(self.actor, pk)
        try:
            services.import_confirm(self.actor, imp)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The import was started."))
        return redirect("absence_import_detail", pk=imp.pk)


urlpatterns = [
    path("absences/imports/", ImportListView.as_view(), name="absence_import_list"),
    path("absences/imports/new/", ImportNewView.as_view(), name="absence_import_new"),
    path("absences/imports/<int:pk>/", ImportDetailView.as_view(), name="absence_import_detail"),
    path("absences/imports/<int:pk>/mapping/", ImportMappingView.as_view(), name="absence_import_mapping"),
    path("absences/imports/<int:pk>/confirm/", ImportConfirmView.as_view(), name="absence_import_confirm"),
]
