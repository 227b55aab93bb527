"""The yearly plan PDF: what a reader copies out of it (pdftotext), its tags and language, its queries."""

from __future__ import annotations

import io
import re
import subprocess

from pypdf import PdfReader

from schools.models import Language
from tests.helpers import assert_queries_constant
from yearclock.documents import plan_context, plan_filename, plan_pdf
from yearclock.services import clocks

MONTHS_FI = [
    "Elokuu", "Syyskuu", "Lokakuu", "Marraskuu", "Joulukuu", "Tammikuu",
    "Helmikuu", "Maaliskuu", "Huhtikuu", "Toukokuu", "Kesäkuu", "Heinäkuu",
]  # fmt: skip


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def squashed(text: str) -> str:
    return re.sub(r"[\s\-‐­]+", "", text)


def catalog(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).trailer["/Root"]


def test_plan_lists_the_months_in_order_with_themes_and_owners(city, full_clock, holidays):
    pdf = plan_pdf(full_clock)

    text = pdf_text(pdf)
    flat = squashed(text)
    assert squashed("Hyvinvoinnin vuosikello") in flat
    positions = [text.find(f"\n{month}\n") for month in MONTHS_FI]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)
    for theme in [
        "Kiusaamisen ehkäisyn suunnitelman tarkistus",
        "Poissaolojen seuranta ja kouluun kiinnittyminen",
    ]:
        assert squashed(theme) in flat
    assert squashed(city.principal.get_full_name()) in flat
    assert squashed("Syysloma 19.10.2026–23.10.2026") in flat

    root = catalog(pdf)
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "fi"
    assert plan_filename(full_clock).endswith("-2026-2027.pdf")
    assert plan_filename(full_clock).isascii()


def test_context_numbers_match_the_wheel_and_mark_the_evaluation(city, full_clock, actor_for):
    context = plan_context(full_clock)
    august = context["months"][0]
    assert [e["number"] for e in august["entries"]] == [1, 2, 3]
    entry = august["entries"][0]
    assert f'data-entry="{entry["anchor"].removeprefix("entry-")}"' in context["wheel"]

    may = context["months"][9]
    evaluation = next(e for e in may["entries"] if e["theme"] == "Lukuvuoden arviointi")
    clocks.entry_mark_evaluation(
        actor=actor_for(city.principal), entry=full_clock.entries.get(theme="Lukuvuoden arviointi")
    )
    assert not evaluation["is_evaluation"]
    may = plan_context(full_clock)["months"][9]
    assert next(e for e in may["entries"] if e["theme"] == "Lukuvuoden arviointi")["is_evaluation"]
    # A range over the new year is written once and referred to later.
    november, january = context["months"][3], context["months"][5]
    assert "Poissaolojen seuranta ja kouluun kiinnittyminen" in [e["theme"] for e in november["entries"]]
    assert "Poissaolojen seuranta ja kouluun kiinnittyminen" in [e["theme"] for e in january["continuing"]]


def test_swedish_school_gets_swedish_headings(city, full_clock):
    city.school.language = Language.SWEDISH
    city.school.save(update_fields=["language"])

    pdf = plan_pdf(full_clock)

    flat = squashed(pdf_text(pdf))
    for expected in ["Årsklocka för välbefinnande", "Augusti", "November", "Juli"]:
        assert squashed(expected) in flat, expected
    assert squashed("Hyvinvoinnin vuosikello") not in flat
    assert catalog(pdf)["/Lang"] == "sv"
    assert plan_filename(full_clock).startswith("arsklocka-")


def test_queries_do_not_grow_with_the_entries(city, clock, actor_for, levels):
    principal = actor_for(city.principal)

    def grow() -> None:
        for i in range(57):
            clocks.entry_add(
                actor=principal,
                yearclock=clock,
                theme=f"Teema {i}",
                start_month=[8, 9, 10, 11, 1, 3, 5][i % 7],
                end_month=[8, 10, 10, 2, 1, 4, 6][i % 7],
                level=list(levels.values())[i % 4],
                owner=city.teacher,
            )

    assert_queries_constant(lambda: plan_context(clock), grow, at_most=10)
