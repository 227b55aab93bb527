import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages asserted in English (the UI default is Finnish)."""
    with translation.override("en"):
        yield
