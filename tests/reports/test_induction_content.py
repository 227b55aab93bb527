"""The induction pack's document: what it prints, in which language, and what it never prints."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from reports.induction.content import ToolSource, gather
from reports.induction.document import pack_filename, page_count, render_induction_pack
from roles.models import RoleKey
from tests.factories import role

from .induction_data import (
    HIDDEN_REPRESENTATIVE,
    PUPIL_NAMES,
    SHOWN_REPRESENTATIVE,
    build,
    pdf_pages,
    pdf_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack_school(city):
    return build(city)


def test_the_pack_has_a_cover_contents_and_every_part(city, pack_school):
    """School name, contents with page numbers, contacts, the group, the acts, the wheel, the tier steps."""
    pdf = render_induction_pack(city.school, city.year)
    pages = pdf_pages(pdf)
    text = "\n".join(pages)
    assert city.school.name in pages[0]
    assert "Sisällys" in pages[1]
    for heading in (
        "Koulu ja sen yhteyshenkilöt",
        "Hyvinvointiryhmät ja niiden jäsenet",
        "Roolit ja käytännön teot",
    ):
        assert heading in pages[1]
    assert city.principal.get_full_name() in text and city.principal.email in text
    assert city.nurse.get_full_name() in text
    assert "Koulun hyvinvointiryhmä" in text
    assert "Opettaja ryhmäyttää luokan syyskuussa." in text
    assert "Ryhmäytyminen" in text and "Kiusaamiskysely" in text
    assert "Huoli puheeksi huoltajan kanssa" in text and "Monialainen asiantuntijaryhmä" in text
    assert "Kuraattori" in text  # the expert-group step's responsible role
    assert page_count(pdf) == len(pages)


def test_the_wheel_is_drawn_as_vector_graphics(city, pack_school):
    pdf = render_induction_pack(city.school, city.year)
    reader = PdfReader(io.BytesIO(pdf))
    wheel_pages = [
        i for i, page in enumerate(reader.pages) if "Hyvinvoinnin vuosikello" in (page.extract_text() or "")
    ]
    assert wheel_pages
    # The wheel's month names are text on the page of the wheel (an SVG, not an image).
    wheel_text = reader.pages[wheel_pages[-1]].extract_text()
    assert "elokuu" in wheel_text.lower()


def test_contents_give_page_numbers(city, pack_school):
    pages = pdf_pages(render_induction_pack(city.school, city.year))
    toc = pages[1]
    # "Koulu ja sen yhteyshenkilöt . . . . 3": a leader and the section's page number.
    line = next(line for line in toc.splitlines() if "Koulu ja sen yhteyshenkilöt" in line)
    assert line.rstrip().split()[-1] == "3"
    assert "Koulu ja sen yhteyshenkilöt" in pages[2]


def test_the_pack_is_a_tagged_pdf_ua_document_in_the_schools_language(city, pack_school):
    reader = PdfReader(io.BytesIO(render_induction_pack(city.school, city.year)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fi"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert b"pdfuaid" in reader.xmp_metadata.stream.get_data()


def test_no_pupil_data_and_no_hidden_representative(city, pack_school):
    """Pupils' names are nowhere (their absences and case exist); the guardian representative who
    opted out is shown by what they represent; the one who agreed is named."""
    text = pdf_text(render_induction_pack(city.school, city.year))
    for name in PUPIL_NAMES:
        assert name not in text
    assert "7A" not in text
    assert HIDDEN_REPRESENTATIVE not in text
    assert "Vanhempainyhdistys" in text
    assert SHOWN_REPRESENTATIVE in text


def test_the_chosen_role_comes_first(city, pack_school):
    nurse_role = role(city.municipality, RoleKey.SCHOOL_NURSE)
    content = gather(city.school, city.year, nurse_role)
    assert content.tool_source == ToolSource.WORKING_COPY
    assert content.tool_roles[0]["name"] == nurse_role.name_fi
    pages = pdf_pages(render_induction_pack(city.school, city.year, nurse_role))
    roles_start = next(i for i, page in enumerate(pages) if "Roolit ja käytännön teot" in page and i > 1)
    assert "Sinun roolisi" in pages[roles_start]
    assert "Terveydenhoitaja" in pages[roles_start]
    assert "Oppilas/opiskelija" not in pages[roles_start]
    assert "Terveydenhoitaja" in pages[0]  # the cover names the role


def test_a_published_revision_is_printed_as_published(city, pack_school, actor_for):
    """Published: the frozen revision, not later edits of the working copy."""
    principal = actor_for(city.principal)
    roles_services = __import__("roles.services", fromlist=["x"])
    roles_services.tool_publish(actor=principal, tool=pack_school.tool)
    roles_services.tool_reopen(actor=principal, tool=pack_school.tool)
    act = pack_school.act
    act.refresh_from_db()
    roles_services.act_update(
        actor=principal,
        act=act,
        version=act.version,
        text="Muokattu luonnos.",
        months=[9],
        with_whom="",
        responsible=None,
    )
    content = gather(city.school, city.year)
    assert content.tool_source == ToolSource.PUBLISHED
    text = pdf_text(render_induction_pack(city.school, city.year))
    assert "Opettaja ryhmäyttää luokan syyskuussa." in text
    assert "Muokattu luonnos." not in text


def test_a_swedish_school_gets_its_pack_in_swedish(city, pack_school):
    city.school.language = "sv"
    city.school.save()
    pdf = render_induction_pack(city.school, city.year)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    text = pdf_text(pdf)
    assert "Innehåll" in text
    assert "Skolan och dess kontaktpersoner" in text
    assert "Sisällys" not in text
    assert "augusti" in text.lower()  # the wheel and the month list in Swedish
    assert pack_filename(city.school, city.year).startswith("introduktion-")


def test_the_pack_of_an_empty_school_still_prints(city):
    """No tool, groups, yearclock or model yet: each part says so."""
    text = pdf_text(render_induction_pack(city.school, city.year))
    assert "Koululla ei ole vielä tämän lukuvuoden roolityökalua." in text
    assert "Koululla ei ole vielä tämän lukuvuoden vuosikelloa." in text


def test_gathering_takes_a_bounded_number_of_queries(city, pack_school, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        gather(city.school, city.year, role(city.municipality, RoleKey.TEACHER))


def test_the_pack_of_a_full_school_prints(city, pack_school):
    # Its time is measured in benchmarks/reports.py (under 5 s), never asserted here.
    assert render_induction_pack(city.school, city.year).startswith(b"%PDF")


@pytest.mark.usefixtures("seeded")
class TestTheDemoSchool:
    """The demo's largest school (a published roles tool, twelve roles, groups on three levels, a
    yearclock of twenty entries, the city's absence model and pupils' absence data)."""

    def school_and_year(self):
        from schools.models import School, SchoolYear

        school = School.objects.get(name="Keskustan koulukeskus")
        year = SchoolYear.objects.filter(municipality=school.municipality).order_by("starts_on").first()
        return school, year

    def test_prints_in_bounded_queries_without_pupils(self, django_assert_max_num_queries):
        from absences.models import Pupil

        school, year = self.school_and_year()
        with django_assert_max_num_queries(30):
            pdf = render_induction_pack(school, year)
        text = pdf_text(pdf)
        assert school.name in text and "Hyvinvoinnin vuosikello" in text
        pupils = Pupil.objects.filter(school=school)
        assert pupils.exists()
        for pupil in pupils:
            assert f"{pupil.first_name} {pupil.last_name}" not in text
