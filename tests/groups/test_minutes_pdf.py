"""The minutes PDF of an approved meeting: what a reader copies out of it (pdftotext), who is named and
who is not, the school's language, the tags an assistive reader needs (pypdf), and a constant number
of queries however long the agenda.

Rendering costs a fraction of a second a PDF, so each test renders as few as it can.
"""

from __future__ import annotations

import datetime
import io
import re
import subprocess

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from groups.documents import minutes_document_context, minutes_filename, minutes_pdf
from groups.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    GroupLevel,
    GroupMember,
    Meeting,
    MemberKind,
    MinutesState,
    WellbeingGroup,
)
from groups.services.structure import levels_install_default
from roles.models import RoleKey
from schools.models import Language, Stage
from tests.factories import role
from tests.helpers import assert_queries_constant

pytestmark = pytest.mark.django_db

HIDDEN_PUPIL = "Pekka Piilonen"
SHOWN_GUARDIAN = "Hanna Huoltaja"
EXTERNAL = "Erkki Ulkopuolinen"
MATTER = "Kiusaamiskyselyn tulokset syksyllä"
DECISION = "Välituntivalvontaa lisätään alakentällä"
ACTION = "Laaditaan välituntivalvonnan uusi vuorolista"
MINUTES = "Kyselyn mukaan kiusaamista tapahtuu eniten välitunneilla."


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def squashed(text: str) -> str:
    """Line ends, and the hyphens that hyphenation puts at them, are layout, not text."""
    return re.sub(r"[\s\-‐­]+", "", text)


def contains(text: str, expected: str) -> bool:
    return squashed(expected) in squashed(text)


def stage_group(city) -> WellbeingGroup:
    levels_install_default(municipality=city.municipality)
    return WellbeingGroup.objects.create(
        municipality=city.municipality,
        level=GroupLevel.objects.get(municipality=city.municipality, order=3),
        name_fi="Vaiheryhmä 3–6",
        name_sv="Stadiegrupp 3–6",
        school=city.school,
        stage=Stage.PRIMARY,
        convener=city.principal,
    )


def add_item(meeting: Meeting, order: int, presenter: GroupMember | None = None, **fields) -> AgendaItem:
    fields.setdefault("title", f"Asia {order}")
    return AgendaItem.objects.create(meeting=meeting, order=order, presenter=presenter, **fields)


def approved_meeting(city, group: WellbeingGroup | None = None) -> Meeting:
    """A handled meeting: staff, a hidden pupil, a named guardian, an external partner; two matters,
    one with a decision and an action item."""
    group = group or stage_group(city)
    m = city.municipality
    principal = GroupMember.objects.create(
        group=group, user=city.principal, role=role(m, RoleKey.PRINCIPAL), name_in_documents=False
    )
    teacher = GroupMember.objects.create(group=group, user=city.teacher, role=role(m, RoleKey.TEACHER))
    nurse = GroupMember.objects.create(group=group, user=city.nurse)
    pupil = GroupMember.objects.create(
        group=group,
        kind=MemberKind.PUPIL,
        name=HIDDEN_PUPIL,
        represents="oppilaskunta",
        name_in_documents=False,
    )
    guardian = GroupMember.objects.create(
        group=group, kind=MemberKind.GUARDIAN, name=SHOWN_GUARDIAN, represents="vanhempainyhdistys"
    )
    external = GroupMember.objects.create(
        group=group, kind=MemberKind.EXTERNAL, name=EXTERNAL, represents="nuorisotoimi"
    )
    starts = timezone.make_aware(datetime.datetime(2026, 12, 3, 14, 0))
    meeting = Meeting.objects.create(
        group=group,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=90),
        place="Opettajainhuone",
        online_link="https://meet.example.fi/vaiheryhma",
        minutes_state=MinutesState.APPROVED,
        minutes_general="Seuraava kokous pidetään helmikuussa.",
        minutes_approved_at=starts + datetime.timedelta(days=2),
        minutes_approved_by=city.principal,
        created_by=city.principal,
    )
    for member, status in [
        (principal, AttendanceStatus.PRESENT),
        (teacher, AttendanceStatus.PRESENT),
        (pupil, AttendanceStatus.PRESENT),
        (guardian, AttendanceStatus.PRESENT),
        (nurse, AttendanceStatus.EXCUSED),
        (external, AttendanceStatus.ABSENT),
    ]:
        Attendance.objects.create(meeting=meeting, member=member, status=status)
    matter = add_item(meeting, 1, pupil, title=MATTER, minutes=MINUTES, decision=DECISION)
    add_item(
        meeting, 2, teacher, title="Kevään teemapäivä", minutes="Ideoitiin teemaa.\n\nSovitaan myöhemmin."
    )
    ActionItem.objects.create(
        municipality=m,
        meeting=meeting,
        agenda_item=matter,
        what=ACTION,
        owner=city.teacher,
        due_on=datetime.date(2027, 1, 15),
        created_by=city.principal,
    )
    return meeting


def catalog(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).trailer["/Root"]


def test_pdf_prints_the_meeting_and_names_only_whom_it_may(city):
    meeting = approved_meeting(city)

    pdf = minutes_pdf(meeting)

    text = pdf_text(pdf)
    for expected in [
        "Vaiheryhmä 3–6",
        "Pöytäkirja",
        "3.12.2026",
        "14.00–15.30",
        "Opettajainhuone",
        "https://meet.example.fi/vaiheryhma",
        MATTER,
        MINUTES,
        DECISION,
        ACTION,
        "15.1.2027",
        "Seuraava kokous pidetään helmikuussa.",
        "Läsnä",
        "Poissa",
        "Estynyt",
        city.principal.get_full_name(),  # staff by name, whatever name_in_documents says
        city.teacher.get_full_name(),
        city.nurse.get_full_name(),
        f"{SHOWN_GUARDIAN} (vanhempainyhdistys)",
        "Oppilaiden edustaja (oppilaskunta)",
        "Yksittäisen oppilaan asiat",
    ]:
        assert contains(text, expected), expected
    assert not contains(text, HIDDEN_PUPIL)
    assert not contains(text, "Piilonen")
    assert contains(text, f"Pöytäkirjan hyväksyi {city.principal.get_full_name()} 5.12.2026")

    root = catalog(pdf)
    assert root["/MarkInfo"]["/Marked"]  # a tagged PDF
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "fi"


def test_swedish_school_gets_swedish_headings_and_language(city):
    city.school.language = Language.SWEDISH
    city.school.save(update_fields=["language"])
    meeting = approved_meeting(city)

    pdf = minutes_pdf(meeting)

    text = pdf_text(pdf)
    for expected in ["Stadiegrupp 3–6", "Protokoll", "Närvarande", "Beslut", "Åtgärder", "Elevrepresentant"]:
        assert contains(text, expected), expected
    assert not contains(text, "Pöytäkirja")
    assert not contains(text, HIDDEN_PUPIL)
    assert catalog(pdf)["/Lang"] == "sv"
    assert minutes_filename(meeting) == "protokoll-stadiegrupp-3-6-2026-12-03.pdf"


def test_city_group_prints_in_finnish_with_an_ascii_filename(city):
    levels_install_default(municipality=city.municipality)
    group = WellbeingGroup.objects.create(
        municipality=city.municipality,
        level=GroupLevel.objects.get(municipality=city.municipality, order=1),
        name_fi="Kaupungin opiskeluhuoltoryhmä",
    )
    meeting = approved_meeting(city, group)

    assert minutes_filename(meeting) == "poytakirja-kaupungin-opiskeluhuoltoryhma-2026-12-03.pdf"
    with translation.override("sv"):  # the reader's language does not matter
        context = minutes_document_context(meeting)
    assert context["lang"] == "fi"
    assert context["organiser"] == city.municipality.name


def test_public_context_names_no_pupil_or_guardian(city):
    meeting = approved_meeting(city)

    context = minutes_document_context(meeting, public=True)

    printed = repr(context)
    assert HIDDEN_PUPIL not in printed
    assert SHOWN_GUARDIAN not in printed
    assert EXTERNAL in printed  # external partners keep their choice
    present = next(
        row["people"] for row in context["attendance"] if row["status"] == AttendanceStatus.PRESENT
    )
    assert "Huoltajien edustaja (vanhempainyhdistys)" in present
    assert city.teacher.get_full_name() + " (" in " ".join(present)
    # The PDF's (non-public) context still names the guardian who agreed to it.
    assert SHOWN_GUARDIAN in repr(minutes_document_context(meeting))


def test_context_queries_do_not_grow_with_the_agenda(city):
    meeting = approved_meeting(city)
    presenter = GroupMember.objects.filter(group=meeting.group, user=city.teacher).get()
    extra_member = GroupMember.objects.create(
        group=meeting.group, kind=MemberKind.EXTERNAL, name="Lisä Jäsen", represents="seurakunta"
    )

    def grow() -> None:
        Attendance.objects.create(meeting=meeting, member=extra_member, status=AttendanceStatus.PRESENT)
        for order in range(3, 13):
            item = add_item(meeting, order, presenter, minutes="Käsiteltiin.", decision="Hyväksyttiin.")
            ActionItem.objects.create(
                municipality=city.municipality,
                meeting=meeting,
                agenda_item=item,
                what=f"Tehtävä {order}",
                owner=city.nurse,
                due_on=datetime.date(2027, 2, 1),
            )

    assert AgendaItem.objects.filter(meeting=meeting).count() == 2
    assert_queries_constant(lambda: minutes_document_context(meeting), grow, at_most=6)
    assert len(minutes_document_context(meeting)["items"]) == 12
