"""The monthly digest: one message per person and month, with their entries (a principal's whole
school's), in their language; scheduling twice schedules nobody twice."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.sender import send_due
from roles.models import RoleKey
from tests.factories import assign, member
from yearclock import tasks
from yearclock.notifications import MONTH_DIGEST
from yearclock.services import clocks, digest

pytestmark = pytest.mark.django_db

OCTOBER = datetime.date(2026, 10, 1)


@pytest.fixture
def october(city, clock, actor_for):
    """Two October entries the principal owns, one the teacher owns, and the upper secondary school's
    yearclock with an October entry of its own teacher."""
    principal = actor_for(city.principal)
    for theme in ("Vanhempainilta", "Hyvinvointikysely"):
        clocks.entry_add(
            actor=principal, yearclock=clock, theme=theme, start_month=10, end_month=10, owner=city.principal
        )
    clocks.entry_add(
        actor=principal, yearclock=clock, theme="Tunnetaidot", start_month=9, end_month=11, owner=city.teacher
    )
    clocks.entry_add(actor=principal, yearclock=clock, theme="Kevään juhla", start_month=5, end_month=5)
    lukio_principal = member(city.municipality, email="rehtori.lukio@alfala.fi")
    lukio_teacher = member(city.municipality, email="opettaja.lukio@alfala.fi")
    assign(lukio_principal, city.other_school, RoleKey.PRINCIPAL, city.year)
    assign(lukio_teacher, city.other_school, RoleKey.TEACHER, city.year)
    lukio = clocks.yearclock_create(
        actor=actor_for(lukio_principal), school=city.other_school, school_year=city.year
    )
    clocks.entry_add(
        actor=actor_for(lukio_principal),
        yearclock=lukio,
        theme="Lukion tutorointi",
        start_month=10,
        end_month=10,
        owner=lukio_teacher,
    )
    return {"lukio_principal": lukio_principal, "lukio_teacher": lukio_teacher}


def sent_to(email: str) -> list:
    return [m for m in mail.outbox if m.to == [email]]


def test_scheduled_once_per_person_and_month(city, october):
    first = digest.month_digests_schedule(municipality=city.municipality, month=OCTOBER)
    again = digest.month_digests_schedule(municipality=city.municipality, month=datetime.date(2026, 10, 20))
    assert (first, again) == (4, 0)
    rows = Notification.objects.filter(kind=MONTH_DIGEST)
    assert {r.recipient for r in rows} == {
        city.principal,
        city.teacher,
        october["lukio_principal"],
        october["lukio_teacher"],
    }
    assert {r.slot for r in rows} == {"2026-10"}
    assert all(r.due_at == digest.digest_due_at(OCTOBER) for r in rows)
    assert digest.digest_due_at(OCTOBER).hour == 7
    # November: the teacher's three-month entry and the principal's school's; nobody else.
    assert (
        digest.month_digests_schedule(municipality=city.municipality, month=datetime.date(2026, 11, 1)) == 2
    )


def test_the_principal_gets_one_digest_of_the_schools_month(city, october):
    digest.month_digests_schedule(municipality=city.municipality, month=OCTOBER)
    send_due(now=digest.digest_due_at(OCTOBER) + datetime.timedelta(minutes=1))
    [message] = sent_to(city.principal.email)
    assert message.subject == "Vuosikello: lokakuu 2026"
    for theme in ("Vanhempainilta", "Hyvinvointikysely", "Tunnetaidot", "Kiusaamiskysely"):
        assert theme in message.body
    assert "Kevään juhla" not in message.body  # May
    assert "Lukion tutorointi" not in message.body  # another school's
    assert message.body.count("sinun vastuullasi") == 2
    # Sending again sends nothing more.
    send_due(now=digest.digest_due_at(OCTOBER) + datetime.timedelta(hours=1))
    assert len(sent_to(city.principal.email)) == 1


def test_an_owner_gets_only_their_own_entries_in_their_language(city, october):
    city.teacher.preferred_language = "sv"
    city.teacher.save()
    digest.month_digests_schedule(municipality=city.municipality, month=OCTOBER)
    send_due(now=digest.digest_due_at(OCTOBER) + datetime.timedelta(minutes=1))
    [teacher] = sent_to(city.teacher.email)
    assert teacher.subject == "Årsklockan: oktober 2026"
    assert "Tunnetaidot" in teacher.body
    assert "Vanhempainilta" not in teacher.body and "Lukion tutorointi" not in teacher.body
    [lukio] = sent_to(october["lukio_teacher"].email)
    assert "Lukion tutorointi" in lukio.body
    assert "Tunnetaidot" not in lukio.body and "Kiusaamiskysely" not in lukio.body


def test_the_daily_task_schedules_the_current_month_for_every_municipality(
    city, other_city, october, monkeypatch
):
    monkeypatch.setattr(digest.timezone, "localdate", lambda: datetime.date(2026, 10, 5))
    assert tasks.schedule_month_digests() == 4
    assert tasks.schedule_month_digests() == 0
