from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """For platform admins: what was sent, and the rows set aside (failed, refused) with their error."""

    list_display = ["kind", "address", "slot", "municipality", "due_at", "outcome", "attempts", "last_error"]
    list_filter = ["outcome", "kind", "channel", "municipality"]
    list_select_related = ["recipient", "municipality"]
    search_fields = ["email", "recipient__email", "kind", "slot"]
    date_hierarchy = "due_at"
    raw_id_fields = ["recipient"]
    readonly_fields = ["subject_type", "subject_id", "claimed_until", "created_at"]
    actions = ["retry"]

    @admin.action(description=_("Send the set-aside notifications again"))
    def retry(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = services.notifications_retry(notifications=queryset)
        self.message_user(
            request,
            ngettext("%(count)s notification queued again.", "%(count)s notifications queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "channel", "updated_at"]
    list_filter = ["kind", "channel"]
    raw_id_fields = ["user"]
