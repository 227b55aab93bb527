"""Tenancy and people: the municipality (the tenant), its schools and school years, and users.

Every tenant-owned root row carries `municipality`; child rows reach it through their parent.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.content import LocalizedText, localized
from core.text import validate_one_line

# A school year has its autumn, Christmas and winter breaks and a few single days off: 20 leaves room.
MAX_HOLIDAYS_PER_YEAR = 20


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class FinnishSwedishName:
    """`name` in the UI language, for rows that keep `name_fi` and an optional `name_sv`:
    Swedish where one is kept, Finnish otherwise (also for the English UI: the content is the city's).
    The name knows its language (`core.content.LocalizedText`), so a page can mark a Finnish fallback."""

    name_fi: str
    name_sv: str

    @property
    def name(self) -> LocalizedText:
        return localized(self.name_fi, self.name_sv)


class Municipality(TimeStamped):
    """Kunta: the tenant. Nobody sees another municipality's data."""

    name = models.CharField(_("name"), max_length=120, unique=True, validators=[validate_one_line])
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    code = models.CharField(_("municipality code"), max_length=3, blank=True, validators=[validate_one_line])

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    """The customer's stage-group split (seed 002): each may get a stage group of its own."""

    PRE_AND_EARLY = "pre_early", _("Pre-school and grades 1–2")
    PRIMARY = "primary", _("Grades 1–6")
    LOWER_SECONDARY = "lower_secondary", _("Grades 7–9")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")


class SchoolKind(models.TextChoices):
    SCHOOL = "school", _("School")
    SCHOOL_CENTRE = "school_centre", _("School centre")


class School(TimeStamped):
    """Koulu tai koulukeskus."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="schools", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=150, validators=[validate_one_line])
    kind = models.CharField(_("kind"), max_length=20, choices=SchoolKind.choices, default=SchoolKind.SCHOOL)
    language = models.CharField(
        _("language of instruction"),
        max_length=2,
        choices=[(Language.FINNISH, _("Finnish")), (Language.SWEDISH, _("Swedish"))],
        default=Language.FINNISH,
    )
    stages = models.JSONField(_("stages"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.UniqueConstraint(
                "municipality",
                Lower("name"),
                name="school_name_unique_in_municipality",
                violation_error_message=_("The municipality already has a school of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = [s for s in self.stages or [] if s not in Stage.values]
        if unknown or not isinstance(self.stages, list):
            raise ValidationError({"stages": _("Unknown stage.")})

    def get_stages_display(self) -> list[str]:
        labels = dict(Stage.choices)
        return [str(labels[s]) for s in Stage.values if s in (self.stages or [])]


class SchoolYear(TimeStamped):
    """Lukuvuosi: August to the end of May/July, per municipality; years never overlap."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="school_years", verbose_name=_("municipality")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "starts_on"], name="school_year_unique_start"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="school_year_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.starts_on.year}–{self.ends_on.year}"

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def clean(self) -> None:
        if self.starts_on and self.ends_on:
            if self.ends_on <= self.starts_on:
                raise ValidationError({"ends_on": _("The school year must end after it starts.")})
            if (self.ends_on - self.starts_on).days > 366:
                raise ValidationError({"ends_on": _("A school year can last at most one year.")})


class HolidayKind(models.TextChoices):
    AUTUMN = "autumn", _("Autumn break")
    CHRISTMAS = "christmas", _("Christmas break")
    WINTER = "winter", _("Winter break")
    OTHER = "other", _("Other holiday")


class Holiday(models.Model):
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="holidays", verbose_name=_("school year")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=HolidayKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True, validators=[validate_one_line])
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return self.name or self.get_kind_display()

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A holiday cannot end before it starts.")})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=80, validators=[validate_one_line])
    last_name = models.CharField(_("last name"), max_length=80, validators=[validate_one_line])
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.FINNISH
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin site access"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Where a sign-in, and an API call without X-Municipality, starts: the person's own choice. Set
    # when they choose (account page) or join a second municipality, so it never moves on its own.
    default_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default municipality"),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class Membership(TimeStamped):
    """A user's place in a municipality.

    County staff (nurses, psychologists, social workers) hold memberships in several
    municipalities and switch between them; a coordinator is marked here. Deactivating a person
    in one municipality leaves their work elsewhere untouched.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("municipality")
    )
    is_coordinator = models.BooleanField(_("city coordinator"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    title = models.CharField(_("job title"), max_length=120, blank=True, validators=[validate_one_line])

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "municipality"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.municipality}"


class MembershipInvitation(TimeStamped):
    """An existing account (someone who already works elsewhere) invited to join a municipality.

    A person's name, language and account are theirs: until they accept, no membership exists and the
    inviting coordinator sees only the e-mail address they typed, marked "invitation pending".
    Accepting creates the membership with the coordinator flag and job title chosen here.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("municipality")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="membership_invitations", verbose_name=_("person")
    )
    email = models.EmailField(_("e-mail address"), help_text=_("As the coordinator typed it."))
    is_coordinator = models.BooleanField(_("city coordinator"), default=False)
    title = models.CharField(_("job title"), max_length=120, blank=True, validators=[validate_one_line])
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("membership invitation")
        verbose_name_plural = _("membership invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user"],
                condition=models.Q(status="pending"),
                name="membership_invitation_pending_once",
            )
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.municipality} ({self.status})"


class TermKind(models.TextChoices):
    AUTUMN = "autumn", _("Autumn term")
    SPRING = "spring", _("Spring term")


class Term(models.Model):
    """A term of a school year (for thresholds counted per term)."""

    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="terms", verbose_name=_("school year")
    )
    kind = models.CharField(_("term"), max_length=10, choices=TermKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(fields=["school_year", "kind"], name="term_once_per_year"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.school_year}"

    def clean(self) -> None:
        year = self.school_year
        if (
            self.starts_on
            and self.ends_on
            and not (year.starts_on <= self.starts_on and self.ends_on <= year.ends_on)
        ):
            raise ValidationError(_("A term must be within its school year."))
