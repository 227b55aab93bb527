"""The municipality's role catalog (roolit): who does what in communal student welfare."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from schools.models import Municipality, TimeStamped


class RoleKey(models.TextChoices):
    """The 12 standard roles of the customer's roles tool (seed 000); cities add "other" roles."""

    PUPIL = "pupil", _("Pupil / student")
    GUARDIAN = "guardian", _("Guardian")
    TEACHER = "teacher", _("Teacher")
    PRINCIPAL = "principal", _("Principal")
    SPECIAL_NEEDS_TEACHER = "special_needs_teacher", _("Special-needs teacher")
    STUDY_COUNSELLOR = "study_counsellor", _("Guidance counsellor")
    SCHOOL_NURSE = "school_nurse", _("School nurse")
    DOCTOR = "doctor", _("School doctor")
    SOCIAL_WORKER = "social_worker", _("School social worker")
    PSYCHOLOGIST = "psychologist", _("School psychologist")
    YOUTH_WORK = "youth_work", _("Youth work")
    OTHER = "other", _("Other actor")


# Pupils and guardians take part as representatives and hold no staff assignment.
NON_STAFF_ROLE_KEYS = frozenset({RoleKey.PUPIL, RoleKey.GUARDIAN})


class Role(TimeStamped):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="roles", verbose_name=_("municipality")
    )
    key = models.CharField(
        _("standard role"),
        max_length=40,
        choices=RoleKey.choices,
        default=RoleKey.OTHER,
        help_text=_("Which of the standard roles this is; a city's own roles are 'other'."),
    )
    name_fi = models.CharField(_("name (Finnish)"), max_length=120)
    name_sv = models.CharField(_("name (Swedish)"), max_length=120, blank=True)
    description = models.TextField(_("role in communal student welfare"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff_role = models.BooleanField(
        _("held by staff"),
        default=True,
        help_text=_("Pupils and guardians take part as representatives and are not assigned as staff."),
    )

    class Meta:
        ordering = ["order", "name_fi"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                "municipality",
                Lower("name_fi"),
                name="role_name_unique_in_municipality",
                violation_error_message=_("The catalog already has a role of this name."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "key"],
                condition=~models.Q(key="other"),
                name="standard_role_once_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the UI language; Swedish falls back to Finnish where no Swedish name is kept."""
        if (get_language() or "fi").startswith("sv") and self.name_sv:
            return self.name_sv
        return self.name_fi


class Responsibility(models.Model):
    """One line of a role's key responsibilities (keskeiset vastuualueet ja tehtävät, seed 001)."""

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("role")
    )
    text = models.TextField(_("responsibility"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")

    def __str__(self) -> str:
        return self.text[:60]
