"""Publishing a roles tool with a confirmation step, and undoing a "confirm all carried-over acts".

GET shows what publishing would do (roles without acts, acts not yet confirmed, the school year, how
many people are e-mailed) or why it cannot be done; only the page's own POST publishes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from core.access import parse_id

from .. import selectors, services
from .tools import ToolMixin


class ToolPublishView(ToolMixin, View):
    """GET: the publish confirmation (or the reasons it cannot be published). POST: publish."""

    manage_only = True
    template_name = "roles/tool_publish.html"

    def _render(
        self, request: HttpRequest, refusals: list[str] | None = None, status: int = 200
    ) -> HttpResponse:
        preview = selectors.publish_preview(self.tool, today=timezone.localdate())
        context = {
            "tool": self.tool,
            "preview": preview,
            "refusals": refusals if refusals is not None else preview.refusals,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            revision = services.tool_publish(actor=self.actor, tool=self.tool)
        except ValidationError as error:
            return self._render(request, refusals=error.messages, status=400)
        messages.success(
            request,
            _("Revision %(number)s was published. The school's staff are told by e-mail.")
            % {"number": revision.number},
        )
        return self.detail_redirect()


class ConfirmAllUndoView(ToolMixin, View):
    """POST: set the acts of the latest "confirm all" (or the one named by `batch`) back to carried over."""

    http_method_names = ["post"]
    manage_only = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = selectors.undoable_confirm_batch(self.tool, parse_id(request.POST.get("batch")))
        if batch is None:
            messages.error(
                request,
                _(
                    "There is no confirmation to undo: the roles tool has been published since, "
                    "or the confirmation was undone already."
                ),
            )
            return self.detail_redirect()
        try:
            count = services.acts_confirm_all_undo(actor=self.actor, batch=batch)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "The confirmation was undone: %(count)s act is carried over again, to confirm.",
                    "The confirmation was undone: %(count)s acts are carried over again, to confirm.",
                    count,
                )
                % {"count": count},
            )
        return self.detail_redirect()


urlpatterns = [
    path("roles-tools/<int:pk>/publish/", ToolPublishView.as_view(), name="roles_tool_publish"),
    path(
        "roles-tools/<int:pk>/confirm-all/undo/", ConfirmAllUndoView.as_view(), name="acts_confirm_all_undo"
    ),
]
