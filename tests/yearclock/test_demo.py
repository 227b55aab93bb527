"""The demo yearclock: Esimerkkilä's bilingual city template and the principal's school's yearclock,
seeded idempotently."""

from __future__ import annotations

import pytest

from roles.models import StaffAssignment
from schools.selectors import current_school_year
from tests.factories import run_seed_demo
from yearclock.models import EntrySource, EntryStatus, TemplateEntry, Yearclock, YearclockEntry

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_template_and_the_school_yearclock_once():
    run_seed_demo()
    counts = (TemplateEntry.objects.count(), Yearclock.objects.count(), YearclockEntry.objects.count())
    assert "Demo data already in place" in run_seed_demo()
    assert (
        TemplateEntry.objects.count(),
        Yearclock.objects.count(),
        YearclockEntry.objects.count(),
    ) == counts

    city = TemplateEntry.objects.filter(template__municipality__slug="esimerkkila")
    assert city.count() >= 16
    assert all(e.theme_sv and e.description_sv for e in city)
    assert city.filter(level__isnull=False).exists() and city.exclude(roles=None).exists()
    assert city.get(theme="Kiusaamiskysely (viikko 40)").weeks == [40]
    assert not TemplateEntry.objects.filter(template__municipality__slug="toisala").exists()

    clocks = Yearclock.objects.filter(school__municipality__slug="esimerkkila")
    # rehtori's school has last year's yearclock: this year's is theirs to make from the template.
    last_year = clocks.get(created_by__email="rehtori@esimerkkila.fi")
    current = current_school_year(last_year.school.municipality_id)
    assert last_year.school_year.ends_on < current.starts_on
    assert not clocks.filter(school=last_year.school, school_year=current).exists()
    clock = clocks.get(school_year=current)
    assert clock.created_by.email == "timo.nieminen@esimerkkila.fi"
    entries = clock.entries.all()
    assert entries.filter(source=EntrySource.SCHOOL).count() == 1
    assert entries.filter(source=EntrySource.CITY, dropped=True).count() == 1
    assert entries.filter(status=EntryStatus.DONE).exists()
    assert entries.filter(status=EntryStatus.IN_PROGRESS).exists()
    assert entries.get(is_evaluation=True).theme == "Lukuvuoden arviointi"
    staff = set(
        StaffAssignment.objects.filter(school=clock.school, school_year=clock.school_year).values_list(
            "user_id", flat=True
        )
    )
    owners = set(entries.exclude(owner=None).values_list("owner_id", flat=True))
    assert owners and owners <= staff
