"""The staff induction pack's pages: choose a school, school year and (optionally) a role and prepare
the pack; watch its progress (htmx polls a small fragment; without JavaScript the page reloads
itself); download the PDF.

Preparing is a POST that goes through `services.request_pack`: a pack whose content has not changed
is served from storage at once, anything else is printed by a Celery task. No web worker waits for
WeasyPrint.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.views import MemberRequiredMixin
from reports.models import InductionPack, PackStatus
from roles.models import Role
from schools import selectors as school_selectors
from schools.models import School, SchoolYear
from schools.selectors import chosen_school_year

from . import selectors, services
from .fingerprint import pack_fingerprint
from .policies import induction_packs

STATUS_TEMPLATE = "reports/induction/status.html"
POLL_SECONDS = 2


def page_url(school: School | None, school_year: SchoolYear | None, role: Role | None = None) -> str:
    params = {}
    if school is not None:
        params["school"] = school.pk
    if school_year is not None:
        params["year"] = school_year.pk
    if role is not None:
        params["role"] = role.pk
    url = reverse("induction_pack")
    return f"{url}?{urlencode(params)}" if params else url


def status_context(pack: InductionPack, *, stale: bool = False) -> dict:
    return {
        "pack": pack,
        "in_progress": pack.status in services.IN_PROGRESS,
        "ready": pack.status == PackStatus.READY,
        "failed": pack.status == PackStatus.FAILED,
        "stale": stale,
        "error": _(pack.error) if pack.error else "",
        "poll_seconds": POLL_SECONDS,
        "page_url": page_url(pack.school, pack.school_year, pack.role),
    }


class InductionPackView(MemberRequiredMixin, TemplateView):
    """GET: the choice and the chosen pack's state. POST: prepare the pack (then back here)."""

    template_name = "reports/induction/pack.html"

    def _choice(self, data) -> tuple[SchoolYear | None, School | None, Role | None]:
        actor = self.actor
        current = school_selectors.current_school_year(actor.municipality.pk)
        year = chosen_school_year(actor, data.get("year"), current)
        raw_school = data.get("school")
        school = school_selectors.access_school(actor, raw_school) if raw_school else None
        raw_role = data.get("role")
        role = selectors.access_role(self.actor, raw_role) if raw_role else None
        return year, school, role

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        actor = self.actor
        year, school, role = self._choice(self.request.GET)
        schools = list(selectors.schools_for_packs(actor, year))
        if school is None and len(schools) == 1:
            school = schools[0]
        allowed = school is not None and year is not None and induction_packs.can_request(actor, school, year)
        pack = selectors.pack_for(school, year, role) if allowed else None
        stale = False
        if pack is not None and pack.status == PackStatus.READY:
            stale = pack.fingerprint != pack_fingerprint(school, year, role)
        context.update(
            school_years=school_selectors.school_years_for(actor).order_by("-starts_on"),
            school_year=year,
            schools=schools,
            school=school,
            roles=list(selectors.roles_for_packs(actor)),
            role=role,
            allowed=allowed,
            refused=school is not None and year is not None and not allowed,
            status=status_context(pack, stale=stale) if pack is not None else None,
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        year, school, role = self._choice(request.POST)
        if year is None or school is None:
            messages.error(request, _("Choose a school and a school year."))
            return redirect(page_url(school, year, role))
        pack = services.request_pack(self.actor, school, year, role)
        if pack.queued:
            messages.success(request, _("The induction pack is being prepared."))
        elif pack.status == PackStatus.READY:
            messages.success(
                request, _("Nothing in the induction pack has changed: it is ready to download.")
            )
        return redirect(page_url(school, year, role))


class InductionPackStatusView(MemberRequiredMixin, View):
    """The pack's state as a fragment (htmx polls it while the pack is prepared); a plain request is
    sent to the page."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        pack = selectors.access_pack(self.actor, pk)
        if not getattr(request, "htmx", False):
            return redirect(page_url(pack.school, pack.school_year, pack.role))
        response = render(request, STATUS_TEMPLATE, status_context(pack))
        response["Cache-Control"] = "no-store"
        return response


class InductionPackDownloadView(MemberRequiredMixin, View):
    """The stored PDF, as an attachment; a pack not ready yet sends the person back to the page."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        pack = selectors.access_pack(self.actor, pk)
        if not induction_packs.can_download(self.actor, pack) or pack.status != PackStatus.READY:
            messages.info(request, _("The induction pack is not ready yet."))
            return redirect(page_url(pack.school, pack.school_year, pack.role))
        response = HttpResponse(selectors.pack_content(pack), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{pack.filename}"'
        # Staff names and e-mail addresses: not for shared caches.
        response["Cache-Control"] = "private, no-store"
        return response
