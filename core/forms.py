"""Form helpers every app's pages use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from .access import parse_id
from .text import normalize_newlines, validate_multiline, validate_one_line


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields and field != NON_FIELD_ERRORS else None, errors)
    else:
        form.add_error(None, error)


class DateInput(forms.DateInput):
    """The browser's own date picker; ISO values so it can read them back."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OneLineField(forms.CharField):
    """A name or a title: one line, no control characters (core.text.validate_one_line)."""

    default_validators = [validate_one_line]


class MultilineField(forms.CharField):
    """A textarea's text: line endings made "\\n", other control characters refused."""

    widget = forms.Textarea
    default_validators = [validate_multiline]

    def to_python(self, value: object) -> str:
        value = super().to_python(value)
        return normalize_newlines(value) if isinstance(value, str) else value


class IdChoiceField(forms.ModelChoiceField):
    """A choice among the (actor-scoped) queryset by id. Only ASCII digits name an id: Django would
    read "٣" as 3. Junk, another municipality's id and a missing one are all "not a valid choice"."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(str(value).strip())


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """`IdChoiceField` for several: any junk id makes the whole choice invalid."""

    def _check_values(self, value: Any) -> Any:
        for item in value:
            if parse_id(item) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values([str(item).strip() for item in value])
