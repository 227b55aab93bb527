"""The groups fixtures (tests/groups/fixtures.py), for every test in this folder."""

from .fixtures import in_days, levels, meeting, school_group  # noqa: F401
