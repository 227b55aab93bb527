"""Forms of the meeting pages: a meeting's time and place, its preparer, agenda items, the minutes (with
attendance) and action items.

Forms only collect and check input; every choice comes from the actor's scoped selectors (another
municipality's id is "not a valid choice"). The rules and the writes are in `groups.services`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, IdChoiceField, MultilineField, OneLineField
from schools import selectors as school_selectors
from schools.forms import PersonChoiceField
from schools.models import User
from schools.tenancy import Actor

from . import selectors
from .models import (
    ITEM_TEXT_MAX_LENGTH,
    MINUTES_MAX_LENGTH,
    ActionItem,
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    GroupMember,
    Meeting,
    WellbeingGroup,
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


def _people(actor: Actor):  # noqa: ANN202 - a queryset of users
    return school_selectors.users_for(actor).order_by("last_name", "first_name", "email")


class MeetingForm(forms.Form):
    """When and where. The service decides whether the time may be chosen (not in the past, ends after
    it starts); its refusals land on the date and time fields (`service_field`)."""

    title = OneLineField(
        label=_("Title"),
        max_length=150,
        required=False,
        help_text=_("Optional, e.g. the meeting's theme."),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput)
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput)
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput)
    place = OneLineField(label=_("Place"), max_length=200, required=False)
    online_link = forms.URLField(
        label=_("Online link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For a remote or hybrid meeting, e.g. a Teams link."),
    )

    # The service's field names on this form's fields.
    SERVICE_FIELDS = {"starts_at": "start_time", "ends_at": "end_time"}

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        return {
            "title": meeting.title,
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "place": meeting.place,
            "online_link": meeting.online_link,
        }

    def meeting_fields(self) -> dict[str, Any]:
        """The cleaned data as the services take it: aware start and end datetimes."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": timezone.make_aware(datetime.datetime.combine(data["date"], data["start_time"])),
            "ends_at": timezone.make_aware(datetime.datetime.combine(data["date"], data["end_time"])),
            "place": data["place"],
            "online_link": data["online_link"],
        }


def remap_errors(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """A service's {field: errors} renamed to the form's fields (e.g. starts_at -> start_time)."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(field, field): errors for field, errors in error.error_dict.items()})


class PreparerForm(forms.Form):
    user = PersonChoiceField(
        label=_("Preparer"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody: the convener prepares"),
        help_text=_("The preparer may edit this meeting's agenda, minutes and action items."),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _people(actor)


class StaffNameConfirmation(forms.Form):
    """The box "this is a staff member's name" that lifts the pupil-name guard's refusal. Hidden until
    the guard refused the text (`offer_staff_name_confirmation`), then ticked and sent again."""

    allow_staff_names = forms.BooleanField(
        label=_("This is a staff member's name, not a pupil's"),
        help_text=_(
            "Tick this only when the name in the text belongs to a member of staff, then save again. "
            "Pupils' matters are never handled in communal groups."
        ),
        required=False,
        widget=forms.HiddenInput,
    )

    @property
    def offers_staff_name_confirmation(self) -> bool:
        return isinstance(self.fields["allow_staff_names"].widget, forms.CheckboxInput)

    def offer_staff_name_confirmation(self) -> None:
        field = self.fields.pop("allow_staff_names")  # shown last, next to the buttons
        field.widget = forms.CheckboxInput()
        self.fields["allow_staff_names"] = field

    def staff_names_allowed(self) -> bool:
        return bool(self.cleaned_data.get("allow_staff_names"))


class MemberChoiceField(IdChoiceField):
    def label_from_instance(self, obj: GroupMember) -> str:
        return obj.display_name


class AgendaItemForm(StaffNameConfirmation):
    title = OneLineField(label=_("Matter"), max_length=200)
    description = MultilineField(label=_("Description"), required=False, max_length=ITEM_TEXT_MAX_LENGTH)
    presenter = MemberChoiceField(
        label=_("Presenter"),
        queryset=GroupMember.objects.none(),
        required=False,
        empty_label=_("Nobody named"),
        help_text=_("A member of the group who presents the matter."),
    )
    preparation_owner = PersonChoiceField(
        label=_("Prepared by"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody named"),
        help_text=_("Who prepares the matter before the meeting."),
    )
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=60)

    def __init__(self, *args: Any, actor: Actor, group: WellbeingGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = selectors.members_of(group)
        self.fields["preparation_owner"].queryset = _people(actor)

    @staticmethod
    def initial_for(item: AgendaItem) -> dict:
        return {
            "title": item.title,
            "description": item.description,
            "presenter": item.presenter_id,
            "preparation_owner": item.preparation_owner_id,
            "source": item.source,
        }


class MinutesForm(StaffNameConfirmation):
    """The whole minutes in one form: attendance per member, each matter's minutes and decision, general
    notes, and the version the writer started from (a stale save is refused by the service)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    general = MultilineField(
        label=_("General notes"),
        required=False,
        max_length=MINUTES_MAX_LENGTH,
        help_text=_("E.g. the opening, the quorum, other matters and the next meeting."),
    )

    def __init__(
        self, *args: Any, members: list[GroupMember], items: list[AgendaItem], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members, self.items = members, items
        for member in members:
            self.fields[f"attendance_{member.pk}"] = forms.ChoiceField(
                label=member.display_name,
                choices=AttendanceStatus.choices,
                required=False,
                widget=forms.RadioSelect,
            )
        for item in items:
            self.fields[f"minutes_{item.pk}"] = MultilineField(
                label=_("Minutes"), required=False, max_length=MINUTES_MAX_LENGTH
            )
            self.fields[f"decision_{item.pk}"] = MultilineField(
                label=_("Decision"), required=False, max_length=ITEM_TEXT_MAX_LENGTH
            )

    @staticmethod
    def initial_for(meeting: Meeting, members: list[GroupMember], items: list[AgendaItem]) -> dict:
        initial: dict[str, Any] = {"version": meeting.version, "general": meeting.minutes_general}
        statuses = {a.member_id: a.status for a in meeting.attendance.all()}
        for member in members:
            initial[f"attendance_{member.pk}"] = statuses.get(member.pk, "")
        for item in items:
            initial[f"minutes_{item.pk}"] = item.minutes
            initial[f"decision_{item.pk}"] = item.decision
        return initial

    def attendance_rows(self) -> list[tuple[GroupMember, forms.BoundField]]:
        return [(m, self[f"attendance_{m.pk}"]) for m in self.members]

    def item_rows(self) -> list[tuple[AgendaItem, forms.BoundField, forms.BoundField]]:
        return [(i, self[f"minutes_{i.pk}"], self[f"decision_{i.pk}"]) for i in self.items]

    def statuses(self) -> dict[int, str]:
        return {
            m.pk: self.cleaned_data[f"attendance_{m.pk}"]
            for m in self.members
            if self.cleaned_data.get(f"attendance_{m.pk}")
        }

    def item_texts(self) -> dict[int, tuple[str, str]]:
        return {
            i.pk: (self.cleaned_data[f"minutes_{i.pk}"], self.cleaned_data[f"decision_{i.pk}"])
            for i in self.items
        }


class AgendaItemChoiceField(IdChoiceField):
    def label_from_instance(self, obj: AgendaItem) -> str:
        return f"{obj.order}. {obj.title}"


class ActionItemForm(forms.Form):
    what = OneLineField(label=_("Task"), max_length=300)
    owner = PersonChoiceField(
        label=_("Owner"), queryset=User.objects.none(), empty_label=_("Choose a person")
    )
    due_on = forms.DateField(label=_("Due date"), widget=DateInput)
    agenda_item = AgendaItemChoiceField(
        label=_("Matter on the agenda"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("None in particular"),
    )

    def __init__(self, *args: Any, actor: Actor, meeting: Meeting, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people(actor)
        if editing:
            del self.fields["agenda_item"]  # the service changes what, owner and due date only
        else:
            self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("order", "id")

    @staticmethod
    def initial_for(item: ActionItem) -> dict:
        return {"what": item.what, "owner": item.owner_id, "due_on": item.due_on}


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
