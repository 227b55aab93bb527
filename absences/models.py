"""Absence follow-up (läsnäolon tuki): the city's tiered attendance-support model, pupils and their
absence data, threshold signals, follow-up cases and the access log.

This is the school's attendance-support record (Basic Education Act §26), not the student welfare
register: no health or welfare-report content is kept here. Pupils' data is the most sensitive data we
hold: every read and change of it is logged (`AccessLogEntry`), cases are visible to their team only
(guardian grants), and groups and the city see aggregates in which a count under 5 is "<5".
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from core.content import LocalizedText, localized
from core.text import validate_multiline, validate_one_line
from schools.models import FinnishSwedishName, Municipality, School, SchoolYear, Stage, TimeStamped, User

TEXT_MAX_LENGTH = 4000
MAX_TIERS = 8
MAX_STEPS = 12
# A day's lessons: more than this is a typo in the file, not a school day.
MAX_LESSONS_PER_DAY = 15


class AbsenceClass(models.TextChoices):
    EXCUSED = "excused", _("Excused")
    UNEXCUSED = "unexcused", _("Unexcused")
    OTHER = "other", _("Other")


class ThresholdKind(models.TextChoices):
    PERCENT = "percent", _("Share of lessons (%)")
    HOURS = "hours", _("Absence hours")


class Period(models.TextChoices):
    SCHOOL_YEAR = "school_year", _("The school year")
    TERM = "term", _("The term")
    LAST_WEEKS = "last_weeks", _("The last weeks")


# --- The city's model ----------------------------------------------------------------------------


class AttendanceModel(TimeStamped):
    """The municipality's attendance-support model for one school year (a new year copies the last)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="attendance_models",
        verbose_name=_("municipality"),
    )
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="attendance_models", verbose_name=_("school year")
    )
    description = models.TextField(
        _("description"), blank=True, validators=[validate_multiline, MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    description_sv = models.TextField(
        _("description (Swedish)"),
        blank=True,
        validators=[validate_multiline, MaxLengthValidator(TEXT_MAX_LENGTH)],
    )

    class Meta:
        verbose_name = _("attendance-support model")
        verbose_name_plural = _("attendance-support models")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "school_year"], name="attendance_model_once_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.school_year}"

    @property
    def localized_description(self) -> LocalizedText:
        return localized(self.description, self.description_sv)


class Tier(FinnishSwedishName, models.Model):
    """One tier of support (e.g. targeted from 10 %, intensive from 20 %) and when a pupil reaches it."""

    model = models.ForeignKey(
        AttendanceModel, on_delete=models.CASCADE, related_name="tiers", verbose_name=_("model")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name_fi = models.CharField(_("name (Finnish)"), max_length=120, validators=[validate_one_line])
    name_sv = models.CharField(
        _("name (Swedish)"), max_length=120, blank=True, validators=[validate_one_line]
    )
    kind = models.CharField(_("threshold"), max_length=10, choices=ThresholdKind.choices)
    # The threshold for every stage, and per stage where it differs ({"lower_secondary": "40"}).
    threshold = models.DecimalField(
        _("threshold"), max_digits=6, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )
    stage_thresholds = models.JSONField(_("thresholds per stage"), default=dict, blank=True)
    period = models.CharField(_("over"), max_length=20, choices=Period.choices, default=Period.SCHOOL_YEAR)
    weeks = models.PositiveSmallIntegerField(
        _("weeks"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    # Which absence classes count (empty: all).
    classes = models.JSONField(_("absence classes counted"), default=list, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        constraints = [models.UniqueConstraint(fields=["model", "order"], name="tier_order_unique")]

    def __str__(self) -> str:
        return self.name

    def threshold_for(self, stage: str | None) -> Decimal:
        value = self.stage_thresholds.get(stage or "") if self.stage_thresholds else None
        return Decimal(str(value)) if value is not None else self.threshold


class TierStep(models.Model):
    """What is done at a tier, in order: who is responsible, within how many school days."""

    tier = models.ForeignKey(Tier, on_delete=models.CASCADE, related_name="steps", verbose_name=_("tier"))
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("step"), max_length=200, validators=[validate_one_line])
    title_sv = models.CharField(
        _("step (Swedish)"), max_length=200, blank=True, validators=[validate_one_line]
    )
    description = models.TextField(
        _("description"), blank=True, validators=[validate_multiline, MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    roles = models.ManyToManyField("roles.Role", related_name="+", verbose_name=_("responsible roles"))
    deadline_school_days = models.PositiveSmallIntegerField(
        _("deadline (school days)"), default=10, validators=[MaxValueValidator(200)]
    )
    involves_guardian = models.BooleanField(_("with the guardian"), default=False)
    # A multi-professional expert group: only that it was convened and who is responsible is recorded
    # here; its welfare report belongs in the student welfare register.
    is_expert_group = models.BooleanField(_("a multi-professional expert group"), default=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.title

    @property
    def localized_title(self) -> LocalizedText:
        return localized(self.title, self.title_sv)


# --- Pupils and absence data ------------------------------------------------------------------


class Pupil(TimeStamped):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="pupils", verbose_name=_("school")
    )
    source_id = models.CharField(_("id in the school system"), max_length=64, validators=[validate_one_line])
    first_name = models.CharField(_("first name"), max_length=80, validators=[validate_one_line])
    last_name = models.CharField(_("last name"), max_length=80, validators=[validate_one_line])
    group_name = models.CharField(_("class"), max_length=40, blank=True, validators=[validate_one_line])
    grade = models.PositiveSmallIntegerField(
        _("grade"), null=True, blank=True, validators=[MaxValueValidator(13)]
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True)
    homeroom_teacher = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("homeroom teacher"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        constraints = [models.UniqueConstraint(fields=["school", "source_id"], name="pupil_source_id_unique")]
        indexes = [models.Index(fields=["school", "group_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ClassSetting(models.Model):
    """What the school sets per class for a school year when the file does not say: the grade, the
    homeroom teacher and the lessons a week (for the share when lessons held are not exported)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", verbose_name=_("school"))
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="+", verbose_name=_("school year")
    )
    group_name = models.CharField(_("class"), max_length=40, validators=[validate_one_line])
    grade = models.PositiveSmallIntegerField(
        _("grade"), null=True, blank=True, validators=[MaxValueValidator(13)]
    )
    homeroom_teacher = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("homeroom teacher"),
    )
    weekly_lessons = models.PositiveSmallIntegerField(
        _("lessons a week"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )

    class Meta:
        ordering = ["group_name"]
        verbose_name = _("class setting")
        verbose_name_plural = _("class settings")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "group_name"], name="class_setting_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.group_name


class AbsenceDay(models.Model):
    """One pupil's day: lessons held (when known) and lessons absent per class. High volume: carries the
    municipality, school and school year itself, indexed by school year."""

    municipality_id: int
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", db_index=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", db_index=False)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+", db_index=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    lessons_held = models.PositiveSmallIntegerField(_("lessons held"), null=True, blank=True)
    excused = models.PositiveSmallIntegerField(_("excused"), default=0)
    unexcused = models.PositiveSmallIntegerField(_("unexcused"), default=0)
    other = models.PositiveSmallIntegerField(_("other"), default=0)

    class Meta:
        verbose_name = _("absence day")
        verbose_name_plural = _("absence days")
        constraints = [
            models.UniqueConstraint(fields=["pupil", "date"], name="absence_day_once"),
            models.CheckConstraint(
                condition=Q(lessons_held__isnull=True)
                | Q(lessons_held__gte=models.F("excused") + models.F("unexcused") + models.F("other")),
                name="absence_day_not_over_held",
            ),
        ]
        indexes = [models.Index(fields=["school_year", "school", "date"])]

    def __str__(self) -> str:
        return f"{self.pupil_id} {self.date}"


class PupilMonth(models.Model):
    """A pupil's month, summed from the day rows after each import: dashboards and standings read these,
    never the day rows."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", db_index=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", db_index=False)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+", db_index=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="months")
    month = models.DateField(_("month"))  # the first day
    days = models.PositiveSmallIntegerField(_("school days recorded"), default=0)
    lessons_held = models.PositiveIntegerField(_("lessons held"), default=0)
    held_known = models.BooleanField(_("lessons held known for every day"), default=True)
    excused = models.PositiveIntegerField(_("excused"), default=0)
    unexcused = models.PositiveIntegerField(_("unexcused"), default=0)
    other = models.PositiveIntegerField(_("other"), default=0)

    class Meta:
        verbose_name = _("pupil month")
        verbose_name_plural = _("pupil months")
        constraints = [models.UniqueConstraint(fields=["pupil", "month"], name="pupil_month_once")]
        indexes = [models.Index(fields=["school_year", "school", "month"])]

    def __str__(self) -> str:
        return f"{self.pupil_id} {self.month:%Y-%m}"


class ImportState(models.TextChoices):
    PREVIEW = "preview", _("Waiting for confirmation")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class AbsenceImport(TimeStamped):
    """One uploaded file: previewed, then imported all or nothing by a Celery task."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="absence_imports", verbose_name=_("school")
    )
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="+", verbose_name=_("school year")
    )
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    filename = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(_("checksum"), max_length=64)
    content = models.BinaryField(_("content"))
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=1, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ImportState.choices, default=ImportState.PREVIEW
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows imported"), default=0)
    rows_new = models.PositiveIntegerField(_("new or changed rows"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("absence import")
        verbose_name_plural = _("absence imports")
        indexes = [models.Index(fields=["school", "sha256"])]

    def __str__(self) -> str:
        return self.filename


class ColumnMapping(models.Model):
    """The school's remembered mapping of its files' columns and absence-class values."""

    school = models.OneToOneField(
        School, on_delete=models.CASCADE, related_name="+", verbose_name=_("school")
    )
    mapping = models.JSONField(_("column mapping"), default=dict)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self) -> str:
        return str(self.school)


# --- Standings, signals, cases -------------------------------------------------------------------


class Signal(models.Model):
    """A pupil crossed into a tier: the responsible person of the tier's first step is told, once."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="signals", verbose_name=_("pupil")
    )
    tier = models.ForeignKey(Tier, on_delete=models.CASCADE, related_name="+", verbose_name=_("tier"))
    recipient = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("for")
    )
    value = models.DecimalField(_("reached"), max_digits=7, decimal_places=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        constraints = [
            models.UniqueConstraint(fields=["pupil", "tier", "school_year"], name="signal_once_per_crossing"),
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id} {self.tier_id}"


class CaseState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class FollowUpCase(TimeStamped):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", verbose_name=_("school"))
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="+", verbose_name=_("school year")
    )
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="cases", verbose_name=_("pupil"))
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="+", verbose_name=_("tier"))
    signal = models.OneToOneField(
        Signal, on_delete=models.SET_NULL, null=True, blank=True, related_name="case"
    )
    state = models.CharField(_("state"), max_length=10, choices=CaseState.choices, default=CaseState.OPEN)
    closing_reason = models.CharField(
        _("why closed"), max_length=300, blank=True, validators=[validate_one_line]
    )
    opened_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("opened by")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("follow-up case")
        verbose_name_plural = _("follow-up cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(state="open") | ~Q(closing_reason=""), name="case_closed_with_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} {self.tier}"


class CaseStep(models.Model):
    case = models.ForeignKey(
        FollowUpCase, on_delete=models.CASCADE, related_name="steps", verbose_name=_("case")
    )
    tier_step = models.ForeignKey(TierStep, on_delete=models.SET_NULL, null=True, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("step"), max_length=200, validators=[validate_one_line])
    responsible = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    due_on = models.DateField(_("due"))
    involves_guardian = models.BooleanField(_("with the guardian"), default=False)
    is_expert_group = models.BooleanField(_("a multi-professional expert group"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True, validators=[validate_one_line])

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")

    def __str__(self) -> str:
        return self.title


class CaseNote(models.Model):
    """A confidential note of the case's team."""

    case = models.ForeignKey(
        FollowUpCase, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case")
    )
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("note"), validators=[validate_multiline, MaxLengthValidator(TEXT_MAX_LENGTH)])
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.case_id} {self.created_at:%Y-%m-%d}"


class SupportPlan(TimeStamped):
    """The individual attendance-support plan, agreed with the pupil and the guardian."""

    case = models.OneToOneField(
        FollowUpCase, on_delete=models.CASCADE, related_name="plan", verbose_name=_("case")
    )
    goals = models.TextField(_("goals"), validators=[validate_multiline, MaxLengthValidator(TEXT_MAX_LENGTH)])
    measures = models.TextField(
        _("measures"), validators=[validate_multiline, MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    responsibilities = models.TextField(
        _("who does what"), blank=True, validators=[validate_multiline, MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    review_on = models.DateField(_("review date"))
    agreed_with_pupil = models.BooleanField(_("agreed with the pupil"), default=False)
    agreed_with_guardian = models.BooleanField(_("agreed with the guardian"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("attendance-support plan")
        verbose_name_plural = _("attendance-support plans")

    def __str__(self) -> str:
        return f"{self.case}"


class FollowUpCaseUserObjectPermission(UserObjectPermissionBase):
    """The case team: `view_followupcase` given and taken by the team services."""

    content_object = models.ForeignKey(FollowUpCase, on_delete=models.CASCADE)


class FollowUpCaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(FollowUpCase, on_delete=models.CASCADE)


# --- The access log ------------------------------------------------------------------------------


class AccessAction(models.TextChoices):
    READ = "read", _("read")
    CHANGE = "change", _("changed")
    EXPORT = "export", _("downloaded")


class AccessLogEntry(models.Model):
    """Who read or changed which pupil's data, when. Written by the app, never edited by it: the model
    refuses updates and deletes (rows go only with their municipality)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", db_index=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, related_name="+", db_index=False)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("person")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    what = models.CharField(_("what"), max_length=200)
    pupil = models.ForeignKey(Pupil, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    case = models.ForeignKey(FollowUpCase, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    via = models.CharField(_("via"), max_length=10, default="page")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["school", "-at"]), models.Index(fields=["municipality", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.what}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise RuntimeError("The access log is written once and never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("The access log is written once and never removed.")


# --- Pre-aggregated counts for the dashboards --------------------------------------------------


class TierCount(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", db_index=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", db_index=False)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField(_("month"))  # the first day
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True)
    group_name = models.CharField(_("class"), max_length=40, blank=True)
    # The highest tier the pupils of the row reached; null: below every tier.
    tier = models.ForeignKey(Tier, on_delete=models.CASCADE, null=True, related_name="+")
    pupils = models.PositiveIntegerField(_("pupils"), default=0)
    # Of them, pupils with an open case that has an attendance-support plan.
    with_plan = models.PositiveIntegerField(_("with a plan"), default=0)

    class Meta:
        app_label = "absences"
        verbose_name = _("tier count")
        verbose_name_plural = _("tier counts")
        indexes = [
            models.Index(fields=["municipality", "school_year", "school", "month"], name="tiercount_city"),
        ]

    def __str__(self) -> str:
        return f"{self.school_id} {self.month:%Y-%m} {self.group_name} {self.tier_id}: {self.pupils}"
