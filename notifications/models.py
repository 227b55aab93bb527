"""Notifications: reminders and notices, each one row per kind, subject, recipient and slot.

Owning apps schedule rows through `services` (in the transaction of the change they belong to) and
describe each kind in the registry of `kinds`; the sender (`sender.py`) claims due rows, composes them
in the recipient's language and delivers them by the recipient's chosen channel. Every row addressed to
a user also shows in that user's in-app inbox.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schools.models import Language, Municipality, User


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail at once")
    DIGEST = "digest", _("Daily summary by e-mail")
    APP = "app", _("Only here in Yhdessä")


class Outcome(models.TextChoices):
    SENT = "sent", _("sent")
    SKIPPED = "skipped", _("no longer needed")
    CANCELLED = "cancelled", _("cancelled")
    FAILED = "failed", _("failed, set aside")
    REFUSED = "refused", _("refused by the mail server")


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unsent(self) -> NotificationQuerySet:
        return self.filter(sent_at__isnull=True)

    def in_inbox(self) -> NotificationQuerySet:
        """Rows a person has been told of: delivered by any channel, or waiting for the daily summary."""
        return self.filter(recipient__isnull=False).filter(
            Q(outcome=Outcome.SENT) | Q(outcome="", channel=Channel.DIGEST)
        )


class Notification(models.Model):
    """One message to one recipient about one subject, handled at most once.

    The recipient is a user or, for people without an account, an e-mail address (exactly one of
    the two). `slot` tells several messages of one kind about one subject apart: a 7-day and a 1-day
    reminder, a new reminder after the subject moved ("7d:2026-12-18"), a new revision ("rev:2").
    `sent_at` is when the row got its final `outcome`; a row without one is still to be handled.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    kind = models.CharField(_("kind"), max_length=60)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("subject type")
    )
    subject_id = models.PositiveBigIntegerField(_("subject id"))
    subject = GenericForeignKey("subject_type", "subject_id")
    recipient = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("e-mail address"), blank=True, help_text=_("For people without an account."))
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.FINNISH,
        help_text=_("For an e-mail address; a user gets their own preferred language."),
    )
    slot = models.CharField(_("slot"), max_length=40, blank=True, default="")
    due_at = models.DateTimeField(_("due at"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    # Sending: a claim is a lease, so a row whose worker died is taken again once it expires.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    # What the recipient was told, in their language, for the inbox (no secrets: reset links stay out).
    title = models.CharField(_("title"), max_length=255, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.CheckConstraint(
                condition=(Q(recipient__isnull=False) & Q(email=""))
                | (Q(recipient__isnull=True) & ~Q(email="")),
                name="notification_user_or_address",
            ),
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "recipient", "slot"],
                condition=Q(recipient__isnull=False),
                name="notification_once_per_user",
            ),
            models.UniqueConstraint(
                "kind",
                "subject_type",
                "subject_id",
                Lower("email"),
                "slot",
                condition=Q(recipient__isnull=True),
                name="notification_once_per_address",
            ),
        ]
        indexes = [
            # The sender's query: unsent rows by due time (a partial index stays small).
            models.Index(fields=["due_at", "id"], condition=Q(sent_at__isnull=True), name="notification_due"),
            models.Index(fields=["recipient", "created_at"], name="notification_inbox"),
            models.Index(fields=["subject_type", "subject_id", "kind"], name="notification_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_type_id}:{self.subject_id} {self.slot} → {self.address}"

    @property
    def headline(self) -> str:
        """What the inbox shows: the subject line as sent, else (rows from before the inbox) the kind."""
        if self.title:
            return self.title
        from .kinds import kinds

        return str(kinds.get(self.kind).label) if self.kind in kinds else self.kind

    @property
    def address(self) -> str:
        return self.recipient.email if self.recipient_id else self.email

    @property
    def recipient_language(self) -> str:
        return self.recipient.preferred_language if self.recipient_id else self.language


class NotificationPreference(models.Model):
    """How a person wants one kind of notification: at once, in a daily summary, or only in the app.

    Only for kinds the person may turn off; transactional mail (invitations, password resets) always
    goes at once."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notification_preferences", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=60)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.channel}"
