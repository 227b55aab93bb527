"""Objects of the groups app for the calendar and notification tests, made directly with the ORM."""

from __future__ import annotations

import datetime

from django.utils import timezone

from groups.models import AgendaItem, GroupLevel, GroupMember, Meeting, MemberKind, WellbeingGroup
from groups.services.structure import levels_install_default


def school_group(city, **fields) -> WellbeingGroup:
    levels_install_default(municipality=city.municipality)
    level = GroupLevel.objects.get(municipality=city.municipality, order=2)
    defaults = {
        "name_fi": "Koulun opiskeluhuoltoryhmä",
        "name_sv": "Skolans elevhälsogrupp",
        "school": city.school,
        "convener": city.principal,
    }
    return WellbeingGroup.objects.create(municipality=city.municipality, level=level, **(defaults | fields))


def meeting_of(group: WellbeingGroup, *, days: int = 10, **fields) -> Meeting:
    start = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    meeting = Meeting.objects.create(
        group=group, starts_at=start, ends_at=start + datetime.timedelta(hours=1, minutes=30), **fields
    )
    AgendaItem.objects.create(meeting=meeting, order=1, title="Kouluruokailun rauhoittaminen")
    AgendaItem.objects.create(meeting=meeting, order=2, title="Kiusaamisen ehkäisy; välitunnit, käytävät")
    return meeting


def pupil_member(group: WellbeingGroup, email: str = "oppilaskunta@example.fi", language: str = "fi"):
    return GroupMember.objects.create(
        group=group, kind=MemberKind.PUPIL, name="Olivia Oppilas", email=email, language=language
    )
