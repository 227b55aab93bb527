"""Page forms for schools, school years, staff and people.

Forms only collect and check input; the writes happen in `services`. Every choice of a row is drawn
from the actor's scoped selectors, so an id of another municipality is simply "not a valid choice".
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, IdChoiceField, OneLineField

from .models import (
    MAX_HOLIDAYS_PER_YEAR,
    HolidayKind,
    Language,
    Membership,
    SchoolKind,
    SchoolYear,
    Stage,
    User,
)
from .services import HolidayInput

# --- Schools ----------------------------------------------------------------------------------


class SchoolForm(forms.Form):
    name = OneLineField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=SchoolKind.choices)
    language = forms.ChoiceField(
        label=_("Language of instruction"),
        choices=[(Language.FINNISH, _("Finnish")), (Language.SWEDISH, _("Swedish"))],
    )
    stages = forms.MultipleChoiceField(
        label=_("Stages"),
        choices=Stage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Each stage may later get a stage group of its own."),
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("An inactive school stays in the records but is left out of new work."),
    )

    def __init__(self, *args, with_active: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not with_active:
            del self.fields["is_active"]

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()


# --- School years -----------------------------------------------------------------------------


class SchoolYearForm(forms.Form):
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)

    def clean(self) -> dict:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", _("The school year must end after it starts."))
        return data


class HolidayForm(forms.Form):
    # An empty first choice, so that an untouched extra row submits nothing and is skipped.
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Choose the kind")), *HolidayKind.choices])
    name = OneLineField(label=_("Name"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)

    def clean(self) -> dict:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("A holiday cannot end before it starts."))
        return data


class BaseHolidayFormSet(forms.BaseFormSet):
    """Every row may be left empty (skipped); a row that is filled in must be complete."""

    default_error_messages = {
        "too_many_forms": _("A school year can have at most %(num)d holidays."),
    }

    def get_form_kwargs(self, index: int | None) -> dict:
        return {**super().get_form_kwargs(index), "empty_permitted": True}


HolidayFormSet = forms.formset_factory(
    HolidayForm,
    formset=BaseHolidayFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_HOLIDAYS_PER_YEAR,
    validate_max=True,
)


def holidays_from(formset: forms.BaseFormSet) -> list[HolidayInput]:
    """The holidays of a valid formset: filled rows that are not marked for deletion."""
    return [
        HolidayInput(
            kind=row["kind"], name=row["name"].strip(), starts_on=row["starts_on"], ends_on=row["ends_on"]
        )
        for row in formset.cleaned_data
        if row and not row.get("DELETE")
    ]


def _monday_on_or_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def next_school_year_initial(
    latest: SchoolYear | None, today: datetime.date
) -> tuple[dict[str, datetime.date], list[dict[str, object]]]:
    """A sensible first draft of the next school year and its usual breaks.

    Finnish school years start on a Monday in the second week of August; the autumn break is in week
    42, the Christmas break runs to Epiphany and the winter break is in week 8 (southern Finland).
    The coordinator adjusts whatever their municipality does differently.
    """
    if latest is not None:
        # The August after the latest year ends.
        year = latest.ends_on.year if latest.ends_on.month < 8 else latest.ends_on.year + 1
    else:
        year = today.year if today.month >= 8 else today.year - 1
    starts_on = _monday_on_or_after(datetime.date(year, 8, 8))
    if latest is not None and starts_on <= latest.ends_on:
        starts_on = _monday_on_or_after(latest.ends_on + datetime.timedelta(days=1))
    ends_on = datetime.date(year + 1, 7, 31)
    christmas_start = datetime.date(year, 12, 22)
    holidays = [
        {
            "kind": HolidayKind.AUTUMN,
            "starts_on": datetime.date.fromisocalendar(year, 42, 1),
            "ends_on": datetime.date.fromisocalendar(year, 42, 5),
        },
        {
            "kind": HolidayKind.CHRISTMAS,
            "starts_on": christmas_start,
            "ends_on": datetime.date(year + 1, 1, 6),
        },
        {
            "kind": HolidayKind.WINTER,
            "starts_on": datetime.date.fromisocalendar(year + 1, 8, 1),
            "ends_on": datetime.date.fromisocalendar(year + 1, 8, 5),
        },
    ]
    return {"starts_on": starts_on, "ends_on": ends_on}, holidays


# --- Staff ------------------------------------------------------------------------------------


class PersonChoiceField(IdChoiceField):
    def label_from_instance(self, obj: User) -> str:
        # The e-mail tells apart two people of the same name.
        return f"{obj.last_name}, {obj.first_name} ({obj.email})"


# --- People -----------------------------------------------------------------------------------


class PersonalDataForm(forms.Form):
    """A person's own data, the same in every municipality they work in."""

    first_name = OneLineField(label=_("First name"), max_length=80)
    last_name = OneLineField(label=_("Last name"), max_length=80)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=Language.choices,
        help_text=_("The language of the pages and e-mails this person gets."),
    )


class MemberForm(PersonalDataForm):
    title = OneLineField(label=_("Job title"), max_length=120, required=False)
    is_coordinator = forms.BooleanField(
        label=_("City coordinator"),
        required=False,
        help_text=_(
            "Coordinators manage the schools, school years, people and role catalog of the municipality."
        ),
    )

    PERSONAL_FIELDS = ("first_name", "last_name", "preferred_language")

    def __init__(self, *args, personal_data_editable: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not personal_data_editable:
            # Shown but not taken from the POST: a disabled field keeps its initial value.
            for name in self.PERSONAL_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "This person also works in another municipality: only they can change this."
                )


class MemberInviteForm(MemberForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "The invitation is sent here. Someone who already has an account (for example in another "
            "municipality) is asked to accept, and keeps their own name and language."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    field_order = ["email", "first_name", "last_name", "preferred_language", "title", "is_coordinator"]


class MemberFilterForm(forms.Form):
    """The people list's search and filter (a GET form)."""

    SHOW_CHOICES = [
        ("", _("Everyone")),
        ("active", _("Active")),
        ("inactive", _("Deactivated")),
        ("coordinators", _("Coordinators")),
    ]

    q = forms.CharField(label=_("Search by name or e-mail"), required=False, max_length=100)
    show = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)


# --- A person's own account -------------------------------------------------------------------


class AccountForm(PersonalDataForm):
    """The signed-in person's own name and language."""


class DefaultMunicipalityForm(forms.Form):
    municipality = forms.TypedChoiceField(
        label=_("Default municipality"),
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_(
            "Where you start when you sign in, and where API calls without the X-Municipality header act."
        ),
    )

    def __init__(self, *args, memberships: list[Membership], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [(m.municipality_id, m.municipality.name) for m in memberships]


class TermsForm(forms.Form):
    """The autumn and spring terms of a school year (absence thresholds counted per term use them)."""

    autumn_starts_on = forms.DateField(label=_("Autumn term starts on"), widget=DateInput, required=False)
    autumn_ends_on = forms.DateField(label=_("Autumn term ends on"), widget=DateInput, required=False)
    spring_starts_on = forms.DateField(label=_("Spring term starts on"), widget=DateInput, required=False)
    spring_ends_on = forms.DateField(label=_("Spring term ends on"), widget=DateInput, required=False)

    def clean(self) -> dict:
        data = super().clean()
        for term in ("autumn", "spring"):
            start, end = data.get(f"{term}_starts_on"), data.get(f"{term}_ends_on")
            if (start is None) != (end is None) and f"{term}_starts_on" not in self.errors:
                self.add_error(
                    f"{term}_ends_on" if end is None else f"{term}_starts_on",
                    _("Give both dates of the term, or neither."),
                )
        return data

    def term(self, name: str) -> tuple[datetime.date, datetime.date] | None:
        start, end = self.cleaned_data.get(f"{name}_starts_on"), self.cleaned_data.get(f"{name}_ends_on")
        return (start, end) if start and end else None

    @staticmethod
    def initial_from(year: SchoolYear) -> dict:
        return {
            f"{term.kind}_{edge}": getattr(term, edge)
            for term in year.terms.all()
            for edge in ("starts_on", "ends_on")
        }
