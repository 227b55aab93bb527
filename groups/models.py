"""Communal wellbeing groups (yhteisölliset opiskeluhuoltoryhmät): levels, groups, members, meetings,
agendas, minutes, attendance and action items.

Communal groups handle matters at a general level only, never an individual pupil's: agendas and
minutes pass the "group" text guards (identity codes, later pupil names) in the services.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from core.text import validate_multiline, validate_one_line
from schools.models import FinnishSwedishName, Language, Municipality, School, Stage, TimeStamped, User

# Bounds that fit real texts with room to spare, and bound what a page or PDF can grow to.
PURPOSE_MAX_LENGTH = 2000
ITEM_TEXT_MAX_LENGTH = 4000
MINUTES_MAX_LENGTH = 10000
MAX_AGENDA_ITEMS = 40
MAX_MEMBERS = 200
MAX_REMINDER_DAYS = 60
DEFAULT_REMINDER_DAYS = [7, 1]


class Attachment(models.TextChoices):
    """What a level's groups are attached to (seed 002: city, school centre, stage, working group)."""

    MUNICIPALITY = "municipality", _("The municipality")
    SCHOOL = "school", _("A school or school centre")
    STAGE = "stage", _("A stage of a school")
    PARENT = "parent", _("Another group (a working group)")


class GroupLevel(FinnishSwedishName, TimeStamped):
    """One level of a municipality's group structure; the default is the customer's four."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="group_levels", verbose_name=_("municipality")
    )
    order = models.PositiveSmallIntegerField(_("level"))
    name_fi = models.CharField(_("name (Finnish)"), max_length=120, validators=[validate_one_line])
    name_sv = models.CharField(
        _("name (Swedish)"), max_length=120, blank=True, validators=[validate_one_line]
    )
    attaches_to = models.CharField(_("groups attached to"), max_length=20, choices=Attachment.choices)

    class Meta:
        ordering = ["order"]
        verbose_name = _("group level")
        verbose_name_plural = _("group levels")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "order"], name="group_level_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class WellbeingGroup(FinnishSwedishName, TimeStamped):
    """A communal wellbeing group at one level, attached to the municipality, a school, a school's
    stage, or a parent group (a working group, with a purpose and an end date)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="wellbeing_groups",
        verbose_name=_("municipality"),
    )
    level = models.ForeignKey(
        GroupLevel, on_delete=models.PROTECT, related_name="groups", verbose_name=_("level")
    )
    name_fi = models.CharField(_("name (Finnish)"), max_length=150, validators=[validate_one_line])
    name_sv = models.CharField(
        _("name (Swedish)"), max_length=150, blank=True, validators=[validate_one_line]
    )
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="wellbeing_groups",
        verbose_name=_("school"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent group"),
    )
    purpose = models.TextField(
        _("purpose"), blank=True, validators=[validate_multiline, MaxLengthValidator(PURPOSE_MAX_LENGTH)]
    )
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # Besides the rule (the coordinator convenes the city's groups, the principal the school's), a
    # named person may convene a group.
    convener = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="convened_groups",
        verbose_name=_("convener"),
    )
    reminder_days = models.JSONField(_("reminders, days before a meeting"), default=list, blank=True)
    minutes_public = models.BooleanField(
        _("publish approved minutes"),
        default=False,
        help_text=_("Approved minutes are shown on a public page, without pupils' or guardians' names."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["level__order", "name_fi"]
        verbose_name = _("wellbeing group")
        verbose_name_plural = _("wellbeing groups")
        constraints = [
            models.CheckConstraint(
                condition=Q(stage="") | Q(school__isnull=False), name="group_stage_needs_school"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "school"])]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_reminder_days(self) -> list[int]:
        return list(self.reminder_days) if self.reminder_days else list(DEFAULT_REMINDER_DAYS)


class MemberKind(models.TextChoices):
    STAFF = "staff", _("Staff member")
    PUPIL = "pupil", _("Pupil representative")
    GUARDIAN = "guardian", _("Guardian representative")
    EXTERNAL = "external", _("External partner")


class GroupMember(TimeStamped):
    """A member of a group: a user (staff, with the catalog role they represent) or a person without an
    account (a pupil or guardian representative, an external partner) reached by e-mail."""

    group = models.ForeignKey(
        WellbeingGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MemberKind.choices, default=MemberKind.STAFF)
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_memberships",
        verbose_name=_("person"),
    )
    role = models.ForeignKey(
        "roles.Role",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("represents the role"),
    )
    name = models.CharField(_("name"), max_length=150, blank=True, validators=[validate_one_line])
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(
        _("language of e-mails"), max_length=2, choices=Language.choices, default=Language.FINNISH
    )
    represents = models.CharField(
        _("represents"),
        max_length=150,
        blank=True,
        validators=[validate_one_line],
        help_text=_("E.g. the pupil council or the parents' association."),
    )
    term_starts_on = models.DateField(_("term starts"), null=True, blank=True)
    term_ends_on = models.DateField(_("term ends"), null=True, blank=True)
    # A member invited for one theme only (e.g. peer-support pupils for a bullying theme).
    theme = models.CharField(
        _("invited for the theme"), max_length=150, blank=True, validators=[validate_one_line]
    )
    name_in_documents = models.BooleanField(
        _("name may appear in documents"),
        default=True,
        help_text=_("In the minutes PDF and the induction pack; otherwise only what they represent."),
    )

    class Meta:
        ordering = ["kind", "name", "id"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""), name="group_member_user_or_name"
            ),
            models.UniqueConstraint(
                fields=["group", "user"], condition=Q(user__isnull=False), name="group_member_user_once"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() if self.user_id else self.name

    @property
    def is_permanent(self) -> bool:
        return not self.theme

    @property
    def contact(self) -> User | str | None:
        """Whom mail about the group reaches: the user, or the e-mail address (None: no address)."""
        if self.user_id:
            return self.user
        return self.email or None


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    INVITED = "invited", _("Invitations sent")
    CANCELLED = "cancelled", _("Cancelled")


class MinutesState(models.TextChoices):
    NONE = "none", _("Not started")
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class Meeting(TimeStamped):
    """A meeting of a group. `uid` and `sequence` make its invitations one calendar event: every change
    that matters to a calendar raises `sequence`, and a cancellation is the same UID with METHOD:CANCEL."""

    group = models.ForeignKey(
        WellbeingGroup, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("group")
    )
    title = models.CharField(_("title"), max_length=150, blank=True, validators=[validate_one_line])
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True, validators=[validate_one_line])
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    uid = models.UUIDField(_("calendar id"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    invited_sequence = models.PositiveIntegerField(
        _("sequence of the last invitations"), null=True, blank=True
    )
    preparer = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prepared_meetings",
        verbose_name=_("prepared by"),
        help_text=_("A person the convener lets prepare this meeting's agenda and minutes."),
    )
    minutes_state = models.CharField(
        _("minutes"), max_length=20, choices=MinutesState.choices, default=MinutesState.NONE
    )
    minutes_general = models.TextField(
        _("general notes"),
        blank=True,
        validators=[validate_multiline, MaxLengthValidator(MINUTES_MAX_LENGTH)],
    )
    minutes_approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes approved by"),
    )
    # Optimistic locking for the minutes: a save names the version it edited; a stale one is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["group", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.group} {self.starts_at:%Y-%m-%d}"

    @property
    def is_cancelled(self) -> bool:
        return self.state == MeetingState.CANCELLED

    @property
    def minutes_approved(self) -> bool:
        return self.minutes_state == MinutesState.APPROVED

    @property
    def status_label(self) -> str:
        """What a reader needs to know: cancelled, held (with approved minutes), or invited/planned."""
        if self.is_cancelled:
            return str(self.get_state_display())
        if self.minutes_approved:
            return str(_("Held, minutes approved"))
        if self.ends_at < timezone.now():
            return str(_("Held"))
        return str(self.get_state_display())


class AgendaItem(models.Model):
    """One matter on a meeting's agenda, with its minutes and decision once handled."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("matter"), max_length=200, validators=[validate_one_line])
    description = models.TextField(
        _("description"),
        blank=True,
        validators=[validate_multiline, MaxLengthValidator(ITEM_TEXT_MAX_LENGTH)],
    )
    presenter = models.ForeignKey(
        GroupMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presenter"),
    )
    preparation_owner = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    minutes = models.TextField(
        _("minutes"), blank=True, validators=[validate_multiline, MaxLengthValidator(MINUTES_MAX_LENGTH)]
    )
    decision = models.TextField(
        _("decision"), blank=True, validators=[validate_multiline, MaxLengthValidator(ITEM_TEXT_MAX_LENGTH)]
    )
    # Where a suggested item came from (e.g. "yearclock.entry:12"): an opaque key of the app above,
    # so that groups never imports it.
    source = models.CharField(_("source"), max_length=60, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        GroupMember, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("member")
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.status}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ACTION_STATES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionItem(TimeStamped):
    """A task a meeting gave someone: what, whose, by when, how far."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("agenda item"),
    )
    what = models.CharField(_("what"), max_length=300, validators=[validate_one_line])
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("made by")
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [
            models.Index(fields=["municipality", "owner", "status", "due_on"]),
            models.Index(fields=["municipality", "created_by"]),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATES


class CalendarFeed(models.Model):
    """A person's secret, revocable calendar address for their meetings in one municipality. Only the
    token's SHA-256 is kept; the address is shown when it is made."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("person"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_live",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.municipality}"


# Direct-FK guardian grants (faster than the generic default): membership gives view_wellbeinggroup,
# delegation gives change_meeting.
class WellbeingGroupUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(WellbeingGroup, on_delete=models.CASCADE)


class WellbeingGroupGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(WellbeingGroup, on_delete=models.CASCADE)


class MeetingUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Meeting, on_delete=models.CASCADE)


class MeetingGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Meeting, on_delete=models.CASCADE)
