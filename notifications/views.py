"""The inbox (every municipality of the person, newest first) and the notification preferences."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from core.forms import add_service_errors
from core.views import MemberRequiredMixin

from . import selectors, services
from .forms import PreferencesForm
from .models import Notification


def _back_to_inbox(request: HttpRequest) -> HttpResponse:
    page = request.POST.get("page", "")
    url = reverse("notification_list")
    return redirect(f"{url}?page={page}" if page.isascii() and page.isdigit() else url)


class NotificationListView(MemberRequiredMixin, ListView):
    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Notification]:
        return selectors.inbox_for(self.request.user)


class NotificationMarkReadView(MemberRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = selectors.inbox_item(request.user, pk)
        services.notification_mark_read(user=request.user, notification=notification)
        return _back_to_inbox(request)


class NotificationMarkAllReadView(MemberRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        services.notifications_mark_all_read(user=request.user)
        messages.success(request, _("All notifications are marked read."))
        return _back_to_inbox(request)


class NotificationPreferencesView(MemberRequiredMixin, FormView):
    template_name = "notifications/preferences.html"

    def get_form(self, form_class: type | None = None) -> PreferencesForm:
        return PreferencesForm(channels=selectors.channels_for(self.request.user), **self.get_form_kwargs())

    def form_valid(self, form: PreferencesForm) -> HttpResponse:
        try:
            services.preferences_save(user=self.request.user, channels=form.chosen())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your notification settings were saved."))
        return redirect("notification_preferences")


urlpatterns = [
    path("notifications/", NotificationListView.as_view(), name="notification_list"),
    path("notifications/read/", NotificationMarkAllReadView.as_view(), name="notification_mark_all_read"),
    path("notifications/<int:pk>/read/", NotificationMarkReadView.as_view(), name="notification_mark_read"),
    path(
        "notifications/preferences/", NotificationPreferencesView.as_view(), name="notification_preferences"
    ),
]
