"""Forms of the absence pages; the services validate again (the forms only shape the input)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import OneLineField
from schools.models import Stage

from .models import AbsenceClass, Period, ThresholdKind


class ModelDescriptionForm(forms.Form):
    description = forms.CharField(
        label=_("Description (Finnish)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The universal support for every pupil and how the tiers work, for all staff."),
    )
    description_sv = forms.CharField(
        label=_("Description (Swedish)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class TierForm(forms.Form):
    name_fi = OneLineField(label=_("Name (Finnish)"), max_length=120)
    name_sv = OneLineField(label=_("Name (Swedish)"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Threshold counted as"), choices=ThresholdKind.choices)
    threshold = forms.DecimalField(
        label=_("Threshold"),
        max_digits=7,
        decimal_places=1,
        help_text=_("Percent of lessons held, or absence hours."),
    )
    period = forms.ChoiceField(label=_("Over"), choices=Period.choices)
    weeks = forms.IntegerField(label=_("Weeks"), required=False, help_text=_("Only for 'the last weeks'."))
    classes = forms.MultipleChoiceField(
        label=_("Absence classes counted"),
        choices=AbsenceClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every absence counts."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Stage.choices:
            self.fields[f"stage_{value}"] = forms.DecimalField(
                label=_("Threshold for %(stage)s") % {"stage": label},
                max_digits=7,
                decimal_places=1,
                required=False,
                help_text=_("Only where it differs from the threshold above."),
            )

    @staticmethod
    def initial_from(tier: Any) -> dict[str, Any]:
        initial = {
            name: getattr(tier, name)
            for name in ("name_fi", "name_sv", "kind", "threshold", "period", "weeks", "classes")
        }
        for stage, value in (tier.stage_thresholds or {}).items():
            initial[f"stage_{stage}"] = value
        return initial

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["stage_thresholds"] = {
            value: data.pop(f"stage_{value}")
            for value in Stage.values
            if data.get(f"stage_{value}") is not None
        }
        for value in Stage.values:
            data.pop(f"stage_{value}", None)
        return data


class StepForm(forms.Form):
    title = OneLineField(label=_("Step (Finnish)"), max_length=200)
    title_sv = OneLineField(label=_("Step (Swedish)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    roles = forms.ModelMultipleChoiceField(
        label=_("Responsible roles"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    deadline_school_days = forms.IntegerField(label=_("Deadline (school days)"), initial=10)
    involves_guardian = forms.BooleanField(label=_("With the guardian"), required=False)
    is_expert_group = forms.BooleanField(
        label=_("A multi-professional expert group"),
        required=False,
        help_text=_(
            "Only that it was convened is recorded here; its report belongs in the welfare register."
        ),
    )

    def __init__(self, *args: Any, roles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"].queryset = roles

    def service_fields(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ClassRowForm(forms.Form):
    group_name = OneLineField(label=_("Class"), max_length=40, required=False)
    grade = forms.IntegerField(label=_("Grade"), required=False, min_value=0, max_value=13)
    homeroom_teacher = forms.TypedChoiceField(
        label=_("Homeroom teacher"), required=False, coerce=int, empty_value=None
    )
    weekly_lessons = forms.IntegerField(label=_("Lessons a week"), required=False, min_value=1, max_value=60)

    def __init__(self, *args: Any, teachers: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["homeroom_teacher"].choices = [("", "—"), *teachers]


ClassRowFormSet = forms.formset_factory(ClassRowForm, extra=3, max_num=200, validate_max=True)
