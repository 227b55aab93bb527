"""The API's shape of an audit event, shared by every history endpoint."""

from __future__ import annotations

from rest_framework import serializers

from .models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor_display", read_only=True)
    before = serializers.JSONField(read_only=True, help_text="The changed fields before the change.")
    after = serializers.JSONField(read_only=True, help_text="The changed fields after the change.")

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "action", "actor", "actor_name", "before", "after"]
        read_only_fields = fields
