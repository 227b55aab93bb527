"""Forms of the group structure pages: a group (new or edited) and a member (staff or a person without
an account). Every choice is scoped to the actor's municipality; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, IdChoiceField, MultilineField, OneLineField
from roles import selectors as role_selectors
from roles.models import Role
from schools import selectors as school_selectors
from schools.forms import PersonChoiceField
from schools.models import Language, School, Stage, User
from schools.tenancy import Actor

from . import selectors
from .models import (
    MAX_REMINDER_DAYS,
    PURPOSE_MAX_LENGTH,
    GroupLevel,
    GroupMember,
    MemberKind,
    WellbeingGroup,
)


class LevelChoiceField(IdChoiceField):
    def label_from_instance(self, obj: GroupLevel) -> str:
        return f"{obj.order}. {obj.name}"


class NamedChoiceField(IdChoiceField):
    """Schools, groups and roles: shown by their name in the UI language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ReminderDaysField(forms.CharField):
    """Days before a meeting as a comma list ("7, 1"); empty means the default reminders."""

    def to_python(self, value: Any) -> list[int]:
        text = super().to_python(value)
        if not text.strip():
            return []
        parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        if not all(part.isascii() and part.isdigit() and len(part) <= 3 for part in parts):
            raise ValidationError(
                _("Write the days as whole numbers separated by commas, for example 7, 1."), code="invalid"
            )
        return [int(part) for part in parts]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(day) for day in value)
        return value


class GroupSettingsForm(forms.Form):
    """What a group keeps once it exists: names, purpose, end date, convener, reminders."""

    name_fi = OneLineField(label=_("Name in Finnish"), max_length=150)
    name_sv = OneLineField(label=_("Name in Swedish"), max_length=150, required=False)
    purpose = MultilineField(
        label=_("Purpose"),
        required=False,
        max_length=PURPOSE_MAX_LENGTH,
        help_text=_("What the group is for. A working group must have one."),
    )
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=DateInput(),
        help_text=_("For a working group convened for a while; leave empty for a permanent group."),
    )
    convener = PersonChoiceField(
        label=_("Convener"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("By the rule: the principal, or the coordinator for city groups"),
        help_text=_("A person named to convene the group, besides the principal or the coordinator."),
    )
    reminder_days = ReminderDaysField(
        label=_("Reminders, days before a meeting"),
        required=False,
        max_length=40,
        help_text=_("Separated by commas, for example 7, 1. Empty: 7 and 1 days before."),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["convener"].queryset = school_selectors.users_for(actor).order_by(
            "last_name", "first_name", "email"
        )

    def clean_reminder_days(self) -> list[int]:
        days = self.cleaned_data["reminder_days"]
        if any(day > MAX_REMINDER_DAYS for day in days) or len(days) > 5:
            raise ValidationError(
                _("Give at most five reminders, each 0–%(max)s days before the meeting."),
                params={"max": MAX_REMINDER_DAYS},
                code="invalid",
            )
        return days


class GroupCreateForm(GroupSettingsForm):
    """A new group: its level and what it is attached to (a school, a stage, a parent group)."""

    level = LevelChoiceField(label=_("Level"), queryset=GroupLevel.objects.none(), empty_label=None)
    school = NamedChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("No school: a group of the whole municipality"),
        help_text=_("For school groups and stage groups."),
    )
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[("", _("No stage"))] + list(Stage.choices),
        required=False,
        help_text=_("For stage groups."),
    )
    parent = NamedChoiceField(
        label=_("Parent group"),
        queryset=WellbeingGroup.objects.none(),
        required=False,
        empty_label=_("No parent group"),
        help_text=_("For working groups: the group the working group works for."),
    )

    field_order = ["level", "school", "stage", "parent", "name_fi", "name_sv", "purpose", "ends_on"]

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["level"].queryset = selectors.levels_for(actor)
        self.fields["school"].queryset = school_selectors.schools_for(actor).order_by("name")
        self.fields["parent"].queryset = selectors.groups_for(actor)


class GroupEditForm(GroupSettingsForm):
    minutes_public = forms.BooleanField(
        label=_("Publish approved minutes"),
        required=False,
        help_text=_("Approved minutes are shown on a public page, without pupils' or guardians' names."),
    )
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("An inactive group is left out of the tree.")
    )

    @staticmethod
    def initial_for(group: WellbeingGroup) -> dict[str, Any]:
        return {
            "name_fi": group.name_fi,
            "name_sv": group.name_sv,
            "purpose": group.purpose,
            "ends_on": group.ends_on,
            "convener": group.convener_id,
            "reminder_days": list(group.reminder_days or []),
            "minutes_public": group.minutes_public,
            "is_active": group.is_active,
        }


# --- Members -----------------------------------------------------------------------------------

STAFF_ONLY = ("user",)
NO_ACCOUNT_ONLY = ("name", "email", "language", "represents")


class MemberForm(forms.Form):
    """One form for every kind of member: a staff member is chosen from the municipality's people, a
    pupil or guardian representative or an external partner is written in (they have no account)."""

    kind = forms.ChoiceField(label=_("Kind of member"), choices=MemberKind.choices, widget=forms.RadioSelect)
    user = PersonChoiceField(
        label=_("Staff member"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Choose a person"),
        help_text=_("For staff members: a person of the municipality."),
    )
    role = NamedChoiceField(
        label=_("Represents the role"),
        queryset=Role.objects.none(),
        required=False,
        empty_label=_("No role"),
        help_text=_("The role of the catalog the member represents in the group."),
    )
    name = OneLineField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("For representatives and external partners, who have no account."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("Invitations and minutes reach them by e-mail; optional for pupil representatives."),
    )
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=Language.choices, initial="fi")
    represents = OneLineField(
        label=_("Represents"),
        max_length=150,
        required=False,
        help_text=_("E.g. the pupil council or the parents' association."),
    )
    term_starts_on = forms.DateField(label=_("Term starts"), required=False, widget=DateInput())
    term_ends_on = forms.DateField(label=_("Term ends"), required=False, widget=DateInput())
    theme = OneLineField(
        label=_("Invited for the theme"),
        max_length=150,
        required=False,
        help_text=_(
            "Only for a member invited for one theme (e.g. support pupils for bullying); empty: permanent."
        ),
    )
    name_in_documents = forms.BooleanField(
        label=_("Name may appear in documents"),
        required=False,
        initial=True,
        help_text=_("In the minutes PDF and the induction pack; otherwise only what they represent."),
    )

    def __init__(self, *args: Any, actor: Actor, member: GroupMember | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["user"].queryset = school_selectors.users_for(actor).order_by(
            "last_name", "first_name", "email"
        )
        self.fields["role"].queryset = role_selectors.roles_for(actor)
        if member is not None:
            # Kind and person stay as they are: to change them, remove the member and add another.
            del self.fields["kind"]
            del self.fields["user"]
            if member.kind == MemberKind.STAFF:
                for name in NO_ACCOUNT_ONLY:
                    del self.fields[name]

    @property
    def member_kind(self) -> str:
        if self.member is not None:
            return self.member.kind
        return self.cleaned_data.get("kind", "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = self.member_kind
        if kind == MemberKind.STAFF:
            if "user" in self.fields and not data.get("user") and "user" not in self.errors:
                self.add_error("user", _("Choose the staff member."))
            # What only people without an account have is dropped, not saved by mistake.
            for name in NO_ACCOUNT_ONLY:
                data.pop(name, None)
        elif kind:
            data["user"] = None
            if "name" in self.fields and not data.get("name", "").strip() and "name" not in self.errors:
                self.add_error("name", _("Write the member's name."))
        starts, ends = data.get("term_starts_on"), data.get("term_ends_on")
        if starts and ends and ends < starts:
            self.add_error("term_ends_on", _("The term cannot end before it starts."))
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as the member services take it (kind and user apart)."""
        data = dict(self.cleaned_data)
        data.pop("kind", None)
        data.pop("user", None)
        return data

    @staticmethod
    def initial_for(member: GroupMember) -> dict[str, Any]:
        return {
            "role": member.role_id,
            "name": member.name,
            "email": member.email,
            "language": member.language,
            "represents": member.represents,
            "term_starts_on": member.term_starts_on,
            "term_ends_on": member.term_ends_on,
            "theme": member.theme,
            "name_in_documents": member.name_in_documents,
        }
