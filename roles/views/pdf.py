"""Downloadable documents: the roles tool PDF (the A4 handbook or the 16:9 slide deck), as the working
copy stands or as a revision was published."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views import View

from core.views import MemberRequiredMixin

from ..documents import working_copy_print
from ..models import PdfKind, RolesTool, RolesToolRevision
from ..selectors import access_tool, published_pdf, working_copy_pdf
from ..tasks import render_published_pdf, render_working_copy_pdf


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Staff names and the school's plans: not for shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def _pending(
    request: HttpRequest, tool: RolesTool, revision: RolesToolRevision | None, kind: str
) -> HttpResponse:
    """The print is queued: a page that reloads itself until the PDF is there."""
    context = {
        "tool": tool,
        "revision": revision,
        "retry_url": request.path,
        "slides": kind == PdfKind.SLIDES,
    }
    response = render(request, "roles/pdf_pending.html", context, status=202)
    response["Retry-After"] = "3"
    return response


class RolesToolPdfView(MemberRequiredMixin, View):
    """The working copy: today's catalog texts and the school's acts as they stand.

    Printed by a Celery task and kept with the fingerprint of what it printed; a download whose working
    copy has not changed since gets those bytes, any other queues a new print and gets a page that
    reloads itself. No web worker waits for WeasyPrint, however large the tool."""

    kind = PdfKind.HANDBOOK

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        tool: RolesTool = access_tool(self.actor, pk)
        _document, fingerprint, _publication = working_copy_print(tool)
        stored = working_copy_pdf(tool, fingerprint, self.kind)
        if stored is None:
            render_working_copy_pdf.delay(tool.pk, self.kind)
            stored = working_copy_pdf(tool, fingerprint, self.kind)  # eager mode prints at once
        if stored is None:
            return _pending(request, tool, None, self.kind)
        return _pdf_response(bytes(stored.content), stored.filename)


class RolesToolRevisionPdfView(MemberRequiredMixin, View):
    """A published revision's PDF, as printed once at publication (`tasks.render_published_pdf`).

    Served from storage, so a download costs a read, not a print. If the print has not finished yet
    (just published, or published before PDFs were stored), the print is queued and the person gets a
    page that reloads itself: no web worker ever waits for WeasyPrint here."""

    kind = PdfKind.HANDBOOK

    def get(self, request: HttpRequest, pk: int, number: int) -> HttpResponse:
        tool: RolesTool = access_tool(self.actor, pk)
        revision = tool.revisions.defer("document").filter(number=number).first()
        if revision is None:
            raise Http404
        stored = published_pdf(revision, self.kind)
        if stored is None:
            render_published_pdf.delay(revision.pk, self.kind)
            stored = published_pdf(revision, self.kind)  # eager mode prints at once
        if stored is None:
            return _pending(request, tool, revision, self.kind)
        return _pdf_response(bytes(stored.content), stored.filename)


class RolesToolSlidesView(RolesToolPdfView):
    """The working copy as a 16:9 slide deck (one role per slide) for staff meetings and induction."""

    kind = PdfKind.SLIDES


class RolesToolRevisionSlidesView(RolesToolRevisionPdfView):
    """A published revision's slide deck, printed once and served as stored."""

    kind = PdfKind.SLIDES


urlpatterns = [
    path("roles-tools/<int:pk>/pdf/", RolesToolPdfView.as_view(), name="roles_tool_pdf"),
    path(
        "roles-tools/<int:pk>/revisions/<int:number>/pdf/",
        RolesToolRevisionPdfView.as_view(),
        name="roles_tool_revision_pdf",
    ),
    path("roles-tools/<int:pk>/slides/", RolesToolSlidesView.as_view(), name="roles_tool_slides"),
    path(
        "roles-tools/<int:pk>/revisions/<int:number>/slides/",
        RolesToolRevisionSlidesView.as_view(),
        name="roles_tool_revision_slides",
    ),
]
