"""The minutes as a PDF, and the public pages of a group whose school publishes its approved minutes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import translation
from django.views import View

from core.views import MemberRequiredMixin

from .. import policies, selectors
from ..documents import minutes_document_context, minutes_filename, minutes_language, minutes_pdf


class MinutesPdfView(MemberRequiredMixin, View):
    """Approved minutes for everyone who sees the meeting; a draft (marked so on the page) for the
    convener and the preparer. Printed on request: approved minutes never change, and two pages print
    in about a tenth of a second."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = selectors.access_meeting(self.actor, pk)
        if not policies.meetings.can_read_minutes(self.actor, meeting) or meeting.minutes_state == "none":
            raise PermissionDenied
        response = HttpResponse(minutes_pdf(meeting), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{minutes_filename(meeting)}"'
        response["Cache-Control"] = "private, no-store"
        return response


class PublicMinutesListView(View):
    """A group's approved minutes, public: no sign-in, no names of pupils or guardians."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
        group = selectors.public_group(municipality, pk)
        page = Paginator(selectors.public_minutes(group), 25).get_page(request.GET.get("page"))
        return render(request, "groups/public/minutes_list.html", {"group": group, "page": page})


class PublicMinutesView(View):
    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, municipality: str, pk: int, meeting: int) -> HttpResponse:
        group = selectors.public_group(municipality, pk)
        found = selectors.access_public_minutes(group, meeting)
        with translation.override(minutes_language(found)):
            document = minutes_document_context(found, public=True)
        return render(request, "groups/public/minutes.html", {"group": group, "doc": document})


urlpatterns = [
    path("meetings/<int:pk>/minutes.pdf", MinutesPdfView.as_view(), name="group_minutes_pdf"),
    path(
        "public/<slug:municipality>/groups/<int:pk>/",
        PublicMinutesListView.as_view(),
        name="public_group_minutes",
    ),
    path(
        "public/<slug:municipality>/groups/<int:pk>/minutes/<int:meeting>/",
        PublicMinutesView.as_view(),
        name="public_minutes",
    ),
]
