"""The municipality's role catalog (roolit): who does what in communal student welfare."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from core.content import LocalizedText, localized
from core.text import validate_multiline, validate_one_line
from schools.models import FinnishSwedishName, Municipality, School, SchoolYear, TimeStamped, User

# Limits that fit the real texts with room to spare (the standard catalog's longest description is
# about 1,500 characters, its longest responsibility under 200, its longest list 11 lines).
ROLE_DESCRIPTION_MAX_LENGTH = 4000
RESPONSIBILITY_MAX_LENGTH = 500
MAX_RESPONSIBILITIES = 40
ACT_TEXT_MAX_LENGTH = 2000
# A role's acts in one school's tool: the customer's slides hold about five; room to spare, and a bound
# on how large a tool (and its PDF) can grow.
MAX_ACTS_PER_ROLE = 60


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


class Role(FinnishSwedishName, TimeStamped):
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
    name_fi = models.CharField(_("name (Finnish)"), max_length=120, validators=[validate_one_line])
    name_sv = models.CharField(
        _("name (Swedish)"), max_length=120, blank=True, validators=[validate_one_line]
    )
    # A TextField has no length in the database: the validator is the limit.
    description = models.TextField(
        _("role in communal student welfare"),
        blank=True,
        validators=[validate_multiline, MaxLengthValidator(ROLE_DESCRIPTION_MAX_LENGTH)],
    )
    description_sv = models.TextField(
        _("role in communal student welfare (Swedish)"),
        blank=True,
        validators=[validate_multiline, MaxLengthValidator(ROLE_DESCRIPTION_MAX_LENGTH)],
    )
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
    def localized_description(self) -> LocalizedText:
        """The description in the UI language: Swedish where written, else Finnish (`core.content`)."""
        return localized(self.description, self.description_sv)


class Responsibility(models.Model):
    """One line of a role's key responsibilities (keskeiset vastuualueet ja tehtävät, seed 001)."""

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("role")
    )
    text = models.TextField(
        _("responsibility"),
        validators=[validate_one_line, MaxLengthValidator(RESPONSIBILITY_MAX_LENGTH)],
    )
    text_sv = models.TextField(
        _("responsibility (Swedish)"),
        blank=True,
        validators=[validate_one_line, MaxLengthValidator(RESPONSIBILITY_MAX_LENGTH)],
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def localized_text(self) -> LocalizedText:
        return localized(self.text, self.text_sv)


class StaffAssignment(TimeStamped):
    """Staffing: a person holds a role at a school in a school year (user × school × role × school year)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("person")
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("school")
    )
    role = models.ForeignKey(
        "Role", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("role")
    )
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("school year")
    )

    class Meta:
        ordering = ["school__name", "role__order", "user__last_name"]
        verbose_name = _("staff assignment")
        verbose_name_plural = _("staff assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school", "role", "school_year"],
                name="assignment_unique",
                violation_error_message=_(
                    "This person already holds this role at this school in this school year."
                ),
            )
        ]
        # The index names the rows had when the model lived in `schools` (SQLite cannot rename indexes).
        indexes = [
            models.Index(fields=["school", "school_year"], name="schools_sta_school__e6ab38_idx"),
            models.Index(fields=["user", "school_year"], name="schools_sta_user_id_e4ff23_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.role} – {self.school} {self.school_year}"


class ActSection(FinnishSwedishName, TimeStamped):
    """A heading under which a role's practical acts are grouped (seed 000: acts *in the communal
    welfare group* and *in communal welfare work*); a city may add its own."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="act_sections", verbose_name=_("municipality")
    )
    name_fi = models.CharField(_("name (Finnish)"), max_length=150, validators=[validate_one_line])
    name_sv = models.CharField(
        _("name (Swedish)"), max_length=150, blank=True, validators=[validate_one_line]
    )
    order = models.PositiveIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("act section")
        verbose_name_plural = _("act sections")

    def __str__(self) -> str:
        return self.name


class ToolState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class RolesTool(TimeStamped):
    """Roolit-työkalu: a school's practical acts for every role in one school year."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="roles_tools", verbose_name=_("school")
    )
    school_year = models.ForeignKey(
        "schools.SchoolYear",
        on_delete=models.CASCADE,
        related_name="roles_tools",
        verbose_name=_("school year"),
    )
    state = models.CharField(_("state"), max_length=20, choices=ToolState.choices, default=ToolState.DRAFT)
    roles = models.ManyToManyField(Role, related_name="tools", verbose_name=_("roles used at the school"))
    deadline = models.DateField(_("deadline for the acts"), null=True, blank=True)
    # The working revision: published revisions are numbered 1, 2, … as they are published.
    revision = models.PositiveIntegerField(_("revision"), default=1)
    carried_over_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried over from"),
    )
    created_by = models.ForeignKey(
        "schools.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        ordering = ["school__name", "-school_year__starts_on"]
        verbose_name = _("roles tool")
        verbose_name_plural = _("roles tools")
        constraints = [models.UniqueConstraint(fields=["school", "school_year"], name="roles_tool_unique")]
        permissions = [("write_nonstaff_acts", _("Can write the acts of the pupil and guardian roles"))]

    def __str__(self) -> str:
        return f"{self.school} {self.school_year}"

    @property
    def is_published(self) -> bool:
        return self.state == ToolState.PUBLISHED


class RolesToolRevision(models.Model):
    """A published revision, frozen: the texts as they were at publication (for reading and the PDF)."""

    tool = models.ForeignKey(
        RolesTool, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("tool")
    )
    number = models.PositiveIntegerField(_("revision"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        "schools.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("published by")
    )
    document = models.JSONField(_("document"))

    class Meta:
        ordering = ["-number"]
        verbose_name = _("published revision")
        verbose_name_plural = _("published revisions")
        constraints = [models.UniqueConstraint(fields=["tool", "number"], name="roles_tool_revision_unique")]

    def __str__(self) -> str:
        return f"{self.tool} rev. {self.number}"


class PdfKind(models.TextChoices):
    """The two documents a roles tool prints: the A4 handbook and the 16:9 slide deck."""

    HANDBOOK = "handbook", _("handbook")
    SLIDES = "slides", _("slide deck")


class PublishedPdf(models.Model):
    """A published revision's PDF of one kind, printed once (by a Celery task at publication) and
    served as stored: the revision never changes, so neither does its document. Kept apart from the
    revision so that listing revisions never loads the bytes."""

    revision = models.ForeignKey(
        RolesToolRevision, on_delete=models.CASCADE, related_name="pdfs", verbose_name=_("revision")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PdfKind.choices, default=PdfKind.HANDBOOK)
    content = models.BinaryField(_("PDF"))
    filename = models.CharField(_("file name"), max_length=200)
    rendered_at = models.DateTimeField(_("rendered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("published PDF")
        verbose_name_plural = _("published PDFs")
        constraints = [
            models.UniqueConstraint(fields=["revision", "kind"], name="published_pdf_one_per_kind")
        ]

    def __str__(self) -> str:
        return self.filename


class WorkingCopyPdf(models.Model):
    """The last print of a tool's working copy in one kind, with the fingerprint of what it printed. A
    download whose document still has that fingerprint gets these bytes; otherwise a Celery task prints
    it again, so no web worker waits for WeasyPrint however large a tool grows."""

    tool = models.ForeignKey(
        RolesTool, on_delete=models.CASCADE, related_name="working_copy_pdfs", verbose_name=_("tool")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PdfKind.choices, default=PdfKind.HANDBOOK)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    content = models.BinaryField(_("PDF"))
    filename = models.CharField(_("file name"), max_length=200)
    rendered_at = models.DateTimeField(_("rendered at"), auto_now=True)

    class Meta:
        verbose_name = _("working-copy PDF")
        verbose_name_plural = _("working-copy PDFs")
        constraints = [models.UniqueConstraint(fields=["tool", "kind"], name="working_copy_pdf_one_per_kind")]

    def __str__(self) -> str:
        return self.filename


class ConfirmAllBatch(models.Model):
    """One "confirm all carried-over acts": which acts it confirmed (id -> version after), so that it
    can be undone until the tool is published. A batch of an earlier working revision (published since)
    can no longer be undone."""

    tool = models.ForeignKey(
        RolesTool, on_delete=models.CASCADE, related_name="confirm_batches", verbose_name=_("tool")
    )
    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("role")
    )
    revision = models.PositiveIntegerField(_("revision"))
    acts = models.JSONField(_("acts confirmed"), default=dict)
    confirmed_by = models.ForeignKey(
        "schools.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("confirmed by")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        verbose_name = _("confirmation of carried-over acts")
        verbose_name_plural = _("confirmations of carried-over acts")

    def __str__(self) -> str:
        return f"{self.tool} {self.confirmed_at:%Y-%m-%d %H:%M}"


class PracticalAct(TimeStamped):
    """One practical act (käytännön teko) of a role at a school in a school year."""

    tool = models.ForeignKey(RolesTool, on_delete=models.CASCADE, related_name="acts", verbose_name=_("tool"))
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="acts", verbose_name=_("role"))
    section = models.ForeignKey(
        ActSection, on_delete=models.PROTECT, related_name="acts", verbose_name=_("section")
    )
    text = models.TextField(
        _("what is done"),
        validators=[validate_multiline, MaxLengthValidator(ACT_TEXT_MAX_LENGTH)],
    )
    # Calendar months (1–12) in which the act happens, listed in school-year order (Aug → Jul).
    months = models.JSONField(_("when"), default=list, blank=True)
    with_whom = models.CharField(_("with whom"), max_length=300, blank=True, validators=[validate_one_line])
    responsible = models.ForeignKey(
        "schools.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    carried_over = models.BooleanField(
        _("carried over, to be confirmed"),
        default=False,
        help_text=_("Copied from last year and not yet confirmed or edited."),
    )
    # Optimistic locking: a save names the version it edited; a stale one is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        "schools.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("last edited by"),
    )

    class Meta:
        ordering = ["role__order", "section__order", "order", "id"]
        verbose_name = _("practical act")
        verbose_name_plural = _("practical acts")
        indexes = [models.Index(fields=["tool", "role", "section", "order"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def localized_text(self) -> LocalizedText:
        return localized(self.text, self.text_sv)


class RolesToolUserObjectPermission(UserObjectPermissionBase):
    """Direct-FK guardian grants on a tool (faster than the generic default)."""

    content_object = models.ForeignKey(RolesTool, on_delete=models.CASCADE)


class RolesToolGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(RolesTool, on_delete=models.CASCADE)
