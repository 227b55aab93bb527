"""What the reports layer keeps of its own: the yearly evaluation (the city's criteria, each school's
answers per school year), indicator figures per school and year (e.g. from the school health survey),
and the stored induction packs.

Criteria are versioned rows: editing a criterion that already has answers retires that row and adds a
new version (`previous` points back), so submitted answers keep the wording they were given for.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.text import validate_multiline, validate_one_line
from roles.models import Role
from schools.models import Municipality, School, SchoolYear, TimeStamped, User
from yearclock.models import YearclockEntry

STATEMENT_MAX_LENGTH = 500
COMMENT_MAX_LENGTH = 2000
SCORE_MIN, SCORE_MAX = 1, 4


class EvaluationTheme(TimeStamped):
    """A heading the criteria are grouped under (e.g. "Yhteisöllinen opiskeluhuolto koulun arjessa")."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="evaluation_themes",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_one_line])
    name_sv = models.CharField(
        _("name (Swedish)"), max_length=200, blank=True, validators=[validate_one_line]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("evaluation theme")
        verbose_name_plural = _("evaluation themes")

    def __str__(self) -> str:
        return self.name


class EvaluationCriterion(TimeStamped):
    """A statement a school rates from 1 (not at all) to 4 (fully), with a comment. One row per version:
    only `is_current` rows are asked; answers point at the version they answered."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="evaluation_criteria",
        verbose_name=_("municipality"),
    )
    theme = models.ForeignKey(
        EvaluationTheme, on_delete=models.PROTECT, related_name="criteria", verbose_name=_("theme")
    )
    statement = models.CharField(
        _("statement"), max_length=STATEMENT_MAX_LENGTH, validators=[validate_one_line]
    )
    statement_sv = models.CharField(
        _("statement (Swedish)"), max_length=STATEMENT_MAX_LENGTH, blank=True, validators=[validate_one_line]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    is_current = models.BooleanField(_("current"), default=True)

    class Meta:
        ordering = ["theme__order", "order", "id"]
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")

    def __str__(self) -> str:
        return self.statement


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")


class SchoolEvaluation(TimeStamped):
    """A school's evaluation of its communal welfare work in one school year: answered by its school
    (centre) group, submitted by the principal. Tied to the yearclock's evaluation entry when there is one."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("school")
    )
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("school year")
    )
    yearclock_entry = models.ForeignKey(
        YearclockEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("yearclock entry"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    summary = models.TextField(
        _("summary"), max_length=COMMENT_MAX_LENGTH * 2, blank=True, validators=[validate_multiline]
    )
    # Bumped on every save of the answers: a save based on an older version is refused (stale edit).
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    class Meta:
        ordering = ["school__name", "-school_year__starts_on"]
        verbose_name = _("school evaluation")
        verbose_name_plural = _("school evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"],
                name="evaluation_once_per_school_year",
                violation_error_message=_("This school already has an evaluation for this school year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.school_year}"


class EvaluationAnswer(models.Model):
    evaluation = models.ForeignKey(
        SchoolEvaluation, on_delete=models.CASCADE, related_name="answers", verbose_name=_("evaluation")
    )
    criterion = models.ForeignKey(
        EvaluationCriterion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("criterion")
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
    )
    comment = models.TextField(
        _("comment"), max_length=COMMENT_MAX_LENGTH, blank=True, validators=[validate_multiline]
    )

    class Meta:
        ordering = ["criterion__theme__order", "criterion__order", "id"]
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="evaluation_answer_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="evaluation_answer_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation}: {self.criterion_id} = {self.score}"


class Indicator(TimeStamped):
    """A figure the city follows per school and year, e.g. from the school health survey
    ("Kokee koulunkäynnin ilona, %"). `code` is the column heading of the import CSV."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("municipality")
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200, validators=[validate_one_line])
    name_sv = models.CharField(
        _("name (Swedish)"), max_length=200, blank=True, validators=[validate_one_line]
    )
    source = models.CharField(_("source"), max_length=200, blank=True, validators=[validate_one_line])
    unit = models.CharField(_("unit"), max_length=20, blank=True, validators=[validate_one_line])
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="indicator_code_once"),
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="indicator_values", verbose_name=_("school")
    )
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="indicator_values", verbose_name=_("school year")
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        ordering = ["indicator__order", "school__name"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "school", "school_year"], name="indicator_value_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.school_id} {self.school_year_id}: {self.value}"


class PackStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RENDERING = "rendering", _("being prepared")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class InductionPack(models.Model):
    """The staff induction pack of a school for a school year, optionally with one role first. Printed by
    a Celery task (progress in `progress`, 0–100) and stored with the fingerprint of what it printed: a
    request whose content still has that fingerprint gets these bytes, otherwise it is printed again."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="induction_packs", verbose_name=_("school")
    )
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="induction_packs", verbose_name=_("school year")
    )
    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("role")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PackStatus.choices, default=PackStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)
    content = models.BinaryField(_("PDF"), blank=True, default=b"")
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    requested_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("induction pack")
        verbose_name_plural = _("induction packs")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"], condition=Q(role__isnull=True), name="induction_pack_once"
            ),
            models.UniqueConstraint(
                fields=["school", "school_year", "role"],
                condition=Q(role__isnull=False),
                name="induction_pack_once_per_role",
            ),
        ]

    def __str__(self) -> str:
        return self.filename or f"{self.school} {self.school_year}"
