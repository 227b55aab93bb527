"""A city template of three entries and the school's yearclock made from it."""

from __future__ import annotations

import datetime

import pytest

from groups.models import Attachment
from groups.services.structure import levels_install_default
from yearclock.services import clocks, template


@pytest.fixture
def levels(city):
    return {lv.attaches_to: lv for lv in levels_install_default(municipality=city.municipality)}


@pytest.fixture
def city_template(city, levels, actor_for):
    coordinator = actor_for(city.coordinator)
    return [
        template.template_entry_create(
            actor=coordinator,
            theme="Ryhmäytyminen",
            start_month=8,
            end_month=9,
            level=levels[Attachment.SCHOOL],
        ),
        template.template_entry_create(
            actor=coordinator, theme="Kiusaamiskysely", start_month=10, end_month=10, weeks=[40]
        ),
        template.template_entry_create(
            actor=coordinator,
            theme="Lukuvuoden arviointi",
            start_month=5,
            end_month=5,
            evaluation_sources=["school_health_survey", "teaviisari"],
        ),
    ]


@pytest.fixture
def clock(city, city_template, actor_for):
    return clocks.yearclock_create(actor=actor_for(city.principal), school=city.school, school_year=city.year)


# A realistic school year (the demo's themes): (theme, from, to, level key, weeks, status).
YEAR_PLAN = [
    ("Ryhmäytymisen suunnitelma ja toteutus", 8, 9, "school", [], "done"),
    ("Roolityökalu: lukuvuoden roolit ja vastuut", 8, 8, "school", [], "done"),
    ("Vuosikellon laatiminen lukuvuodelle", 8, 8, "municipality", [], "done"),
    ("Luokkien ryhmäytys ennen syyslomaa", 9, 10, "stage", [], "in_progress"),
    ("Hyvinvointikysely", 10, 10, "school", [], "planned"),
    ("Kiusaamiskysely viikolla 40", 10, 10, "stage", [40], "planned"),
    ("Kiusaamisen ehkäisyn suunnitelman tarkistus", 11, 11, "school", [], "planned"),
    ("Poissaolojen seuranta ja kouluun kiinnittyminen", 11, 2, "stage", [], "planned"),
    ("Terveystarkastukset", 1, 1, None, [], "planned"),
    ("Kiusaamiskysely viikolla 7", 2, 2, "stage", [7], "planned"),
    ("Nivelvaiheet ja siirtymät", 3, 3, "municipality", [], "planned"),
    ("Kouluterveyskysely", 4, 4, "municipality", [], "planned"),
    ("Oppilaskunnan kuuleminen", 4, 5, "parent", [], "skipped"),
    ("Lukuvuoden arviointi", 5, 5, "school", [], "planned"),
    ("Seuraavan lukuvuoden suunnitelma", 5, 6, "municipality", [], "planned"),
]


@pytest.fixture
def holidays(city):
    from schools.models import Holiday, HolidayKind

    return [
        Holiday.objects.create(
            school_year=city.year, kind=kind, name=name, starts_on=starts_on, ends_on=ends_on
        )
        for kind, name, starts_on, ends_on in [
            (HolidayKind.AUTUMN, "Syysloma", datetime.date(2026, 10, 19), datetime.date(2026, 10, 23)),
            (HolidayKind.CHRISTMAS, "Joululoma", datetime.date(2026, 12, 21), datetime.date(2027, 1, 6)),
            (HolidayKind.WINTER, "Talviloma", datetime.date(2027, 2, 22), datetime.date(2027, 2, 26)),
        ]
    ]


@pytest.fixture
def full_clock(city, levels, actor_for):
    """The principal's yearclock with the fifteen entries of YEAR_PLAN (no template entries)."""
    principal = actor_for(city.principal)
    clock = clocks.yearclock_create(actor=principal, school=city.school, school_year=city.year)
    level_of = {
        "municipality": levels[Attachment.MUNICIPALITY],
        "school": levels[Attachment.SCHOOL],
        "stage": levels[Attachment.STAGE],
        "parent": levels[Attachment.PARENT],
    }
    for theme, start, end, level, weeks, status in YEAR_PLAN:
        entry = clocks.entry_add(
            actor=principal,
            yearclock=clock,
            theme=theme,
            start_month=start,
            end_month=end,
            weeks=weeks,
            level=level_of[level] if level else None,
            owner=city.principal,
            participants="Oppilaskunnan hallitus",
        )
        if status != "planned":
            reason = "Siirretty syksyyn" if status == "skipped" else ""
            clocks.entry_set_status(actor=principal, entry=entry, status=status, skip_reason=reason)
    return clock
