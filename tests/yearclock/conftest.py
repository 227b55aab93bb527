"""A city template of three entries and the school's yearclock made from it."""

from __future__ import annotations

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
