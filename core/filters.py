"""API filters that never let a request's junk reach the database as a 500."""

from __future__ import annotations

from typing import Any

from django import forms
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import SearchFilter, search_smart_split

from .access import MAX_ID, is_whole_number
from .inputs import SEARCH_MAX_TERMS, search_text


class BoundedIdField(forms.IntegerField):
    """An id: a positive whole number inside the database's 64-bit range (a larger one is "invalid",
    not a database error). ASCII digits only: Python's int() would read "٣" as 3."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if not is_whole_number(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(str(value).strip())


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """An id compared as a plain number, inside the 64-bit range of our ids.

    Not a model-choice filter: that would check the id against every tenant's rows, and its "not a
    valid choice" would tell which ids exist elsewhere. Out of range is a 400 like any other malformed
    value, instead of an integer the database driver cannot bind (a 500)."""

    field_class = BoundedIdField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class BoundedSearchFilter(SearchFilter):
    """DRF's `?search=`, cut to a sane length and number of words before it becomes LIKE clauses
    (a 50,000-character pattern makes SQLite refuse the query; NUL makes PostgreSQL refuse it)."""

    def get_search_terms(self, request: Any) -> list[str]:
        value = search_text(request.query_params.get(self.search_param, ""))
        return search_smart_split(value)[:SEARCH_MAX_TERMS]
