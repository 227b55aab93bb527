"""Audit events in the admin: read only, for platform staff tracing a change."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "municipality", "actor_name", "action", "content_type", "object_id"]
    list_filter = ["municipality", "action", "content_type"]
    search_fields = ["actor_name"]
    list_select_related = ["municipality", "content_type"]
    date_hierarchy = "at"
    readonly_fields = [
        "municipality",
        "actor",
        "actor_name",
        "at",
        "content_type",
        "object_id",
        "action",
        "before",
        "after",
        "context",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
