"""The yearclock (vuosikello): the city's template of communal-welfare themes by month, and each school's
yearclock for a school year, copied from it and made the school's own.

Months are calendar months (1–12) read in school-year order, August first: a range runs from
`start_month` to `end_month` forward through the school year (e.g. 11 → 2 is November to February).
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.content import LocalizedText, localized
from core.text import validate_multiline, validate_one_line
from schools.models import Municipality, School, SchoolYear, TimeStamped, User

THEME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 4000
MAX_ENTRIES = 120

# August first: the order of months in a school year.
SCHOOL_YEAR_MONTHS = (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7)


def month_position(month: int) -> int:
    """0 for August … 11 for July."""
    return SCHOOL_YEAR_MONTHS.index(month)


class EvaluationSource(models.TextChoices):
    SCHOOL_HEALTH_SURVEY = "school_health_survey", _("School health survey")
    TEAVIISARI = "teaviisari", _("TEAviisari")
    WELLBEING_SURVEY = "wellbeing_survey", _("The school's own wellbeing survey")
    BULLYING_SURVEY = "bullying_survey", _("Bullying survey")
    FEEDBACK = "feedback", _("Feedback from pupils and guardians")


class EntryFields(models.Model):
    """What a template entry and a school's entry share."""

    theme = models.CharField(_("theme"), max_length=THEME_MAX_LENGTH, validators=[validate_one_line])
    theme_sv = models.CharField(
        _("theme (Swedish)"), max_length=THEME_MAX_LENGTH, blank=True, validators=[validate_one_line]
    )
    description = models.TextField(
        _("description"),
        blank=True,
        validators=[validate_multiline, MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    description_sv = models.TextField(
        _("description (Swedish)"),
        blank=True,
        validators=[validate_multiline, MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    start_month = models.PositiveSmallIntegerField(
        _("from month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    end_month = models.PositiveSmallIntegerField(
        _("to month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    # Specific ISO weeks within the months (e.g. the bullying survey in week 40), optional.
    weeks = models.JSONField(_("weeks"), default=list, blank=True)
    level = models.ForeignKey(
        "groups.GroupLevel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by the group level"),
    )
    participants = models.CharField(
        _("who else takes part"),
        max_length=300,
        blank=True,
        validators=[validate_one_line],
        help_text=_("E.g. the pupil participation group, guardians."),
    )
    evaluation_sources = models.JSONField(_("evaluation sources"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(start_month__gte=1, start_month__lte=12, end_month__gte=1, end_month__lte=12),
                name="%(class)s_months_valid",
            ),
        ]

    @property
    def localized_theme(self) -> LocalizedText:
        return localized(self.theme, self.theme_sv)

    @property
    def localized_description(self) -> LocalizedText:
        return localized(self.description, self.description_sv)

    @property
    def months(self) -> list[int]:
        """The calendar months the entry covers, in school-year order."""
        start, end = month_position(self.start_month), month_position(self.end_month)
        return list(SCHOOL_YEAR_MONTHS[start : end + 1])

    def covers(self, month: int) -> bool:
        return month in self.months


class YearclockTemplate(TimeStamped):
    """The municipality's template (one per municipality), kept by the coordinator."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="yearclock_template",
        verbose_name=_("municipality"),
    )

    class Meta:
        verbose_name = _("yearclock template")
        verbose_name_plural = _("yearclock templates")

    def __str__(self) -> str:
        return str(self.municipality)


class TemplateEntry(EntryFields, TimeStamped):
    template = models.ForeignKey(
        YearclockTemplate, on_delete=models.CASCADE, related_name="entries", verbose_name=_("template")
    )
    roles = models.ManyToManyField(
        "roles.Role", blank=True, related_name="+", verbose_name=_("responsible roles")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta(EntryFields.Meta):
        ordering = ["order", "id"]
        verbose_name = _("template entry")
        verbose_name_plural = _("template entries")

    def __str__(self) -> str:
        return self.theme


class Yearclock(TimeStamped):
    """A school's yearclock for one school year."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="yearclocks", verbose_name=_("school")
    )
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="yearclocks", verbose_name=_("school year")
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    # The secret calendar address (only the token's SHA-256 is kept); revoking empties it.
    feed_token_hash = models.CharField(_("calendar token hash"), max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["school__name", "-school_year__starts_on"]
        verbose_name = _("yearclock")
        verbose_name_plural = _("yearclocks")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"],
                name="yearclock_once_per_school_year",
                violation_error_message=_("This school already has a yearclock for this school year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.school_year}"


class EntryStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")


class EntrySource(models.TextChoices):
    CITY = "city", _("From the city")
    SCHOOL = "school", _("The school's own")


class YearclockEntry(EntryFields, TimeStamped):
    yearclock = models.ForeignKey(
        Yearclock, on_delete=models.CASCADE, related_name="entries", verbose_name=_("yearclock")
    )
    source = models.CharField(
        _("source"), max_length=10, choices=EntrySource.choices, default=EntrySource.SCHOOL
    )
    template_entry = models.ForeignKey(
        TemplateEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="school_entries",
        verbose_name=_("city entry"),
    )
    roles = models.ManyToManyField(
        "roles.Role", blank=True, related_name="+", verbose_name=_("responsible roles")
    )
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("owner")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.PLANNED
    )
    skip_reason = models.CharField(
        _("why skipped"), max_length=300, blank=True, validators=[validate_one_line]
    )
    # A city entry the school dropped stays, marked, so the coordinator sees it.
    dropped = models.BooleanField(_("dropped by the school"), default=False)
    is_evaluation = models.BooleanField(_("the year's evaluation"), default=False)
    # Practical acts of the roles tool this entry points to (the link is kept here, in the upper app).
    acts = models.ManyToManyField(
        "roles.PracticalAct", blank=True, related_name="+", verbose_name=_("practical acts")
    )

    class Meta(EntryFields.Meta):
        ordering = ["order", "id"]
        verbose_name = _("yearclock entry")
        verbose_name_plural = _("yearclock entries")
        constraints = [
            *EntryFields.Meta.constraints,
            models.UniqueConstraint(
                fields=["yearclock"], condition=Q(is_evaluation=True), name="yearclock_one_evaluation"
            ),
            models.CheckConstraint(
                condition=~Q(status="skipped") | ~Q(skip_reason=""), name="yearclock_skip_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["yearclock", "start_month"])]

    def __str__(self) -> str:
        return self.theme

    @property
    def agenda_key(self) -> str:
        """The key an agenda item made from this entry carries (groups stores it, opaque)."""
        return f"yearclock.entry:{self.pk}"
