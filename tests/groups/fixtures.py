"""The groups tests' fixtures: a municipality with the default group levels, a school group and a meeting.

tests/groups/conftest.py exposes them to the groups tests; other folders import them by name."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from groups.models import Attachment, MemberKind
from groups.services import meetings, structure


@pytest.fixture
def levels(city):
    return {lv.attaches_to: lv for lv in structure.levels_install_default(municipality=city.municipality)}


@pytest.fixture
def school_group(city, levels, actor_for):
    principal = actor_for(city.principal)
    group = structure.group_create(
        actor=principal,
        level=levels[Attachment.SCHOOL],
        name_fi="Koulun opiskeluhuoltoryhmä",
        school=city.school,
    )
    structure.member_add(actor=principal, group=group, kind=MemberKind.STAFF, user=city.nurse)
    structure.member_add(
        actor=principal, group=group, kind=MemberKind.PUPIL, name="Pekka Oppilas", represents="oppilaskunta"
    )
    structure.member_add(
        actor=principal,
        group=group,
        kind=MemberKind.GUARDIAN,
        name="Hanna Huoltaja",
        email="hanna@example.com",
        language="sv",
    )
    return group


def in_days(days: int, hour: int = 14) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def meeting(city, school_group, actor_for):
    return meetings.meeting_create(
        actor=actor_for(city.principal),
        group=school_group,
        starts_at=in_days(10),
        ends_at=in_days(10, 15),
        place="Opettajainhuone",
    )
