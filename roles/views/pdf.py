"""Downloadable documents: the roles tool PDF, as the working copy stands or as a revision was published."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.views import View

from core.views import MemberRequiredMixin

from ..documents import Publication, roles_tool_filename, roles_tool_pdf
from ..models import RolesTool, RolesToolRevision, ToolState
from ..selectors import access_tool, tool_document


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Staff names and the school's plans: not for shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def _publication(revision: RolesToolRevision | None) -> Publication | None:
    return Publication(revision.number, revision.published_at) if revision else None


class RolesToolPdfView(MemberRequiredMixin, View):
    """The working copy, built live: today's catalog texts and the school's acts as they stand."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        tool: RolesTool = access_tool(self.actor, pk)
        published = None
        if tool.state == ToolState.PUBLISHED:
            published = tool.revisions.filter(number=tool.revision).first()
        document = tool_document(tool)
        pdf = roles_tool_pdf(
            document,
            state=tool.state,
            publication=_publication(published),
            live=True,
            base_url=request.build_absolute_uri("/"),
        )
        return _pdf_response(pdf, roles_tool_filename(document))


class RolesToolRevisionPdfView(MemberRequiredMixin, View):
    """A published revision, printed only from its frozen document: the texts as at publication."""

    def get(self, request: HttpRequest, pk: int, number: int) -> HttpResponse:
        tool: RolesTool = access_tool(self.actor, pk)
        revision = tool.revisions.filter(number=number).first()
        if revision is None:
            raise Http404
        pdf = roles_tool_pdf(
            revision.document,
            state=ToolState.PUBLISHED,
            publication=_publication(revision),
            live=False,
            base_url=request.build_absolute_uri("/"),
        )
        return _pdf_response(pdf, roles_tool_filename(revision.document, revision=revision.number))


urlpatterns = [
    path("roles-tools/<int:pk>/pdf/", RolesToolPdfView.as_view(), name="roles_tool_pdf"),
    path(
        "roles-tools/<int:pk>/revisions/<int:number>/pdf/",
        RolesToolRevisionPdfView.as_view(),
        name="roles_tool_revision_pdf",
    ),
]
