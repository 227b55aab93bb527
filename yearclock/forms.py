"""Forms of the yearclock pages: the city's template entries, a school's entries, moving them and their
status. Choices are scoped to the actor's municipality (and the clock's school and year) by the view."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import IdChoiceField, IdMultipleChoiceField, MultilineField, OneLineField

from .models import (
    DESCRIPTION_MAX_LENGTH,
    SCHOOL_YEAR_MONTHS,
    THEME_MAX_LENGTH,
    EntryStatus,
    EvaluationSource,
)


def month_choices() -> list[tuple[int, str]]:
    """The months in school-year order, August first."""
    return [(m, capfirst(MONTHS[m])) for m in SCHOOL_YEAR_MONTHS]


class MonthsForm(forms.Form):
    """From and to month; the service checks that the range runs forward within the school year."""

    start_month = forms.TypedChoiceField(label=_("From month"), coerce=int, choices=month_choices)
    end_month = forms.TypedChoiceField(label=_("To month"), coerce=int, choices=month_choices)


class TemplateEntryForm(MonthsForm):
    theme = OneLineField(label=_("Theme"), max_length=THEME_MAX_LENGTH)
    theme_sv = OneLineField(label=_("Theme in Swedish"), max_length=THEME_MAX_LENGTH, required=False)
    description = MultilineField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description_sv = MultilineField(
        label=_("Description in Swedish"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    weeks = forms.CharField(
        label=_("Weeks"),
        required=False,
        max_length=100,
        help_text=_("Optional week numbers within the months, separated by commas, e.g. 40, 41."),
    )
    level = IdChoiceField(label=_("Handled by the group level"), queryset=None, required=False)
    roles = IdMultipleChoiceField(
        label=_("Responsible roles"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    participants = OneLineField(
        label=_("Who else takes part"),
        max_length=300,
        required=False,
        help_text=_("E.g. the pupil participation group, guardians."),
    )
    evaluation_sources = forms.MultipleChoiceField(
        label=_("Evaluation sources"),
        choices=EvaluationSource.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = [
        "theme",
        "theme_sv",
        "description",
        "description_sv",
        "start_month",
        "end_month",
        "weeks",
        "level",
        "roles",
        "participants",
        "evaluation_sources",
    ]

    def __init__(self, *args: Any, levels: Any, roles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = levels
        self.fields["level"].empty_label = _("No group level")
        self.fields["roles"].queryset = roles

    def clean_weeks(self) -> list[int]:
        raw = (self.cleaned_data.get("weeks") or "").strip()
        if not raw:
            return []
        parts = [p for p in re.split(r"[,\s]+", raw) if p]
        if not all(p.isascii() and p.isdigit() for p in parts):
            raise ValidationError(_("Weeks are numbers from 1 to 53."))
        return [int(p) for p in parts]

    @staticmethod
    def initial_for(entry: Any) -> dict:
        return {
            "theme": entry.theme,
            "theme_sv": entry.theme_sv,
            "description": entry.description,
            "description_sv": entry.description_sv,
            "start_month": entry.start_month,
            "end_month": entry.end_month,
            "weeks": ", ".join(str(w) for w in entry.weeks),
            "level": entry.level_id,
            "roles": [r.pk for r in entry.roles.all()],
            "participants": entry.participants,
            "evaluation_sources": list(entry.evaluation_sources),
        }


class TemplateEntryEditForm(TemplateEntryForm):
    is_active = forms.BooleanField(
        label=_("In use"), required=False, help_text=_("Entries not in use are not copied to new yearclocks.")
    )


class EntryForm(TemplateEntryForm):
    """A school's entry: the template's fields, an owner among the school's staff of the year and the
    practical acts of the school's roles tool of the year (grouped by role)."""

    owner = IdChoiceField(label=_("Owner"), queryset=None, required=False)
    acts = IdMultipleChoiceField(
        label=_("Practical acts of the roles tool"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8, "class": "yc-acts-select"}),
        help_text=_("Hold Ctrl (⌘ on a Mac) down to choose several."),
    )

    def __init__(self, *args: Any, owners: Any, acts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = owners
        owner.empty_label = _("No owner yet")
        owner.label_from_instance = lambda u: u.get_full_name() or u.email
        field = self.fields["acts"]
        field.queryset = acts
        acts_list = list(acts)
        if acts_list:
            grouped: dict[str, list[tuple[int, str]]] = {}
            for act in acts_list:
                label = act.text if len(act.text) <= 90 else act.text[:87] + "…"
                grouped.setdefault(str(act.role.name), []).append((act.pk, label))
            field.choices = list(grouped.items())
        else:
            field.help_text = _("The school's roles tool of this school year has no practical acts yet.")

    @staticmethod
    def initial_for(entry: Any) -> dict:
        initial = TemplateEntryForm.initial_for(entry)
        initial.update(owner=entry.owner_id, acts=[a.pk for a in entry.acts.all()])
        return initial


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=EntryStatus.choices)
    skip_reason = OneLineField(
        label=_("Reason"), max_length=300, required=False, help_text=_("Needed when the entry is skipped.")
    )
