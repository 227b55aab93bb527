"""Forms of the evaluation pages. The evaluation's own answers are read from the POST by the view
(one radio group and one comment per criterion) and checked by the service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import IdChoiceField, OneLineField

from ..models import STATEMENT_MAX_LENGTH
from .importing import MAX_BYTES


class ThemeForm(forms.Form):
    name = OneLineField(label=_("Name (Finnish)"), max_length=200)
    name_sv = OneLineField(label=_("Name (Swedish)"), max_length=200, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class CriterionForm(forms.Form):
    theme = IdChoiceField(label=_("Theme"), queryset=None)
    statement = OneLineField(label=_("Statement (Finnish)"), max_length=STATEMENT_MAX_LENGTH)
    statement_sv = OneLineField(
        label=_("Statement (Swedish)"), max_length=STATEMENT_MAX_LENGTH, required=False
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, required=False)

    def __init__(self, *args, themes=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes


class IndicatorForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("The column heading in the import file, e.g. kiusattu_viikoittain."),
    )
    name = OneLineField(label=_("Name (Finnish)"), max_length=200)
    name_sv = OneLineField(label=_("Name (Swedish)"), max_length=200, required=False)
    source = OneLineField(label=_("Source"), max_length=200, required=False)
    unit = OneLineField(label=_("Unit"), max_length=20, required=False)
    higher_is_better = forms.BooleanField(label=_("A higher value is better"), required=False, initial=True)


class IndicatorImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class StartForm(forms.Form):
    school = IdChoiceField(label=_("School"), queryset=None)
    year = IdChoiceField(label=_("School year"), queryset=None)

    def __init__(self, *args, schools=None, years=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["year"].queryset = years
