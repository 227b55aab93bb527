"""Forms of the absence import pages: the upload, and the column mapping built from the file's header."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from schools import selectors as school_selectors
from schools.tenancy import Actor

from . import policies
from .importing.mapping import FIELDS, value_class
from .models import AbsenceClass
from .services.imports import max_bytes


class ImportUploadForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=None)
    school_year = forms.ModelChoiceField(label=_("School year"), queryset=None)
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8 or Windows-1252; ; , tab or | between columns) or Excel (.xlsx)."),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = school_selectors.schools_for(actor).filter(
            pk__in=policies.principal_schools_now(actor)
        )
        years = school_selectors.school_years_for(actor).order_by("-starts_on")
        self.fields["school_year"].queryset = years
        current = school_selectors.current_school_year(actor.municipality.pk)
        if current:
            self.fields["school_year"].initial = current.pk
        limit = _("At most %(max)s.") % {"max": filesizeformat(max_bytes())}
        self.fields["file"].help_text = f"{self.fields['file'].help_text} {limit}"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is too large (%(size)s): at most %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes())}
            )
        return upload


class MappingForm(forms.Form):
    """A select per field listing the file's columns, and one per absence-class value of the file."""

    def __init__(
        self, *args: Any, header: list[str], mapping: dict, class_values: list[str], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        columns = [("", _("— not in the file —"))] + [(h, h) for h in header if h]
        current = mapping.get("columns") or {}
        for field in FIELDS:
            self.fields[f"col_{field.key}"] = forms.ChoiceField(
                label=field.label,
                choices=columns,
                required=field.required,
                initial=current.get(field.key, ""),
            )
        self.class_values = class_values
        values = mapping.get("values") or {}
        for i, value in enumerate(class_values):
            self.fields[f"value_{i}"] = forms.ChoiceField(
                label=_("“%(value)s” means") % {"value": value},
                choices=[("", "—"), *AbsenceClass.choices],
                required=False,
                initial=values.get(value) or value_class(mapping, value) or "",
            )

    def mapping(self) -> dict:
        data = self.cleaned_data
        return {
            "columns": {f.key: data[f"col_{f.key}"] for f in FIELDS if data.get(f"col_{f.key}")},
            "values": {
                value: data[f"value_{i}"]
                for i, value in enumerate(self.class_values)
                if data.get(f"value_{i}")
            },
        }
