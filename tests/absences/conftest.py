"""Fixtures of the absences tests: the groups fixtures (for the pupil-name guard) and English messages."""

import pytest
from django.utils import translation

from ..groups.fixtures import in_days, levels, meeting, school_group  # noqa: F401


@pytest.fixture(autouse=True)
def english():
    """Messages asserted in English (the UI default is Finnish)."""
    with translation.override("en"):
        yield
