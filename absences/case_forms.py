"""Forms of the follow-up case pages. Choices of people come from the caller (an actor-scoped selector)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, IdChoiceField, MultilineField, OneLineField

from .models import TEXT_MAX_LENGTH
from .services.cases import CLOSING_REASON_MAX_LENGTH, STEP_NOTE_MAX_LENGTH


class PersonLabelMixin:
    def label_from_instance(self, obj) -> str:  # noqa: ANN001
        return obj.get_full_name() or obj.email


class PersonChoiceField(PersonLabelMixin, IdChoiceField):
    pass


class OpenCaseForm(forms.Form):
    tier = IdChoiceField(label=_("Tier"), queryset=None, empty_label=None)

    def __init__(self, *args, tiers=None, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = tiers


class StepForm(forms.Form):
    responsible = PersonChoiceField(label=_("Responsible"), queryset=None, required=False)
    due_on = forms.DateField(label=_("Due"), widget=DateInput())
    note = OneLineField(label=_("Note"), max_length=STEP_NOTE_MAX_LENGTH, required=False)

    def __init__(self, *args, people=None, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people


class NoteForm(forms.Form):
    text = MultilineField(label=_("Note"), max_length=TEXT_MAX_LENGTH)


class TeamForm(forms.Form):
    user = PersonChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, people=None, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    goals = MultilineField(label=_("Goals"), max_length=TEXT_MAX_LENGTH)
    measures = MultilineField(label=_("Measures"), max_length=TEXT_MAX_LENGTH)
    responsibilities = MultilineField(label=_("Who does what"), max_length=TEXT_MAX_LENGTH, required=False)
    review_on = forms.DateField(label=_("Review date"), widget=DateInput())
    agreed_with_pupil = forms.BooleanField(label=_("Agreed with the pupil"), required=False)
    agreed_with_guardian = forms.BooleanField(label=_("Agreed with the guardian"), required=False)


class CloseForm(forms.Form):
    reason = OneLineField(label=_("Why is the case closed?"), max_length=CLOSING_REASON_MAX_LENGTH)


class AccessLogFilterForm(forms.Form):
    person = PersonChoiceField(label=_("Person"), queryset=None, required=False)
    pupil = IdChoiceField(label=_("Pupil"), queryset=None, required=False)

    def __init__(self, *args, people=None, pupils=None, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["pupil"].queryset = pupils
