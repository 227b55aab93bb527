"""The audit event (muutostapahtuma): one append-only row per change, never edited, never deleted.

Append-only is enforced three times over: `save()` refuses to write an existing row, `delete()`
refuses, and the default manager's queryset refuses `update()`, `bulk_update()` and `delete()`. On
PostgreSQL a trigger (migration 0003) refuses UPDATE and DELETE in the database itself, so raw SQL
cannot rewrite history either. The one change allowed is Django clearing `actor` when the person's
account is deleted (SET_NULL); `actor_name` keeps who it was.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schools.models import Municipality


class AuditAction(models.TextChoices):
    """What a change did. Not a `choices` of the column: adding an action needs no migration, but
    `services.record` accepts only these, so a typo cannot slip into the history."""

    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    DELETED = "deleted", _("deleted")
    SUBMITTED = "submitted", _("submitted for review")
    PUBLISHED = "published", _("published")
    REOPENED = "reopened", _("reopened")
    RETIRED = "retired", _("retired")
    RESTORED = "restored", _("restored")
    CONFIRMED = "confirmed", _("confirmed")
    MOVED = "moved", _("moved")
    ASSIGNED = "assigned", _("assigned")
    UNASSIGNED = "unassigned", _("unassigned")
    APPROVED = "approved", _("approved")
    CANCELLED = "cancelled", _("cancelled")


class AppendOnlyError(RuntimeError):
    """An attempt to change or remove an audit event: history is written once and kept."""

    def __init__(self, what: str = "changed") -> None:
        super().__init__(f"Audit events are append-only and cannot be {what}.")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("updated")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> NoReturn:
        raise AppendOnlyError("updated")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("deleted")

    update.alters_data = bulk_update.alters_data = update_or_create.alters_data = True
    delete.alters_data = True
    delete.queryset_only = True  # as Django's own: not copied onto the manager


AuditEventManager = models.Manager.from_queryset(AuditEventQuerySet)


class AuditEvent(models.Model):
    # Carried directly (not through the object) so that every read is scoped by an indexed column;
    # the indexes below lead with it, so it needs no index of its own.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("municipality"),
    )
    actor = models.ForeignKey(
        "schools.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    # The actor's name at the time: the history still says who it was after the account is deleted.
    actor_name = models.CharField(_("changed by (name)"), max_length=255, blank=True)
    at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # read only together with the municipality (the object index)
        verbose_name=_("object type"),
    )
    # No foreign key: the event outlives a deleted object.
    object_id = models.PositiveBigIntegerField(_("object id"))
    obj = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("change"), max_length=30)
    before = models.JSONField(_("before"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, blank=True, encoder=DjangoJSONEncoder)
    # Where the change happened (e.g. school, school_year, tool ids), for the history of a whole tool.
    context = models.JSONField(_("context"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventManager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(
                fields=["municipality", "content_type", "object_id", "-at"], name="audit_event_object_idx"
            ),
            models.Index(fields=["municipality", "-at"], name="audit_event_municipality_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError("changed")
        # Never an UPDATE, even for an unsaved instance that names an existing id.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("deleted")

    @property
    def action_label(self) -> str:
        """The translated name of the action (the stored word for one this version does not know)."""
        try:
            return str(AuditAction(self.action).label)
        except ValueError:
            return self.action

    @property
    def actor_display(self) -> str:
        """Who made the change: the person's current name, or the name kept when it was made."""
        if self.actor is not None:
            return self.actor.get_full_name() or self.actor.email
        return self.actor_name
