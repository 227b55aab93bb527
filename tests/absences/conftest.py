"""The groups fixtures (a school group and its meeting), for the pupil-name guard's tests."""

from ..groups.fixtures import in_days, levels, meeting, school_group  # noqa: F401
