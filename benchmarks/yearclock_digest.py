#!/usr/bin/env python
"""Benchmark: the yearclock's monthly digest for a municipality of 100 schools.

    .venv/bin/python benchmarks/yearclock_digest.py                    # SQLite file in /tmp
    BENCH_SCHOOLS=200 .venv/bin/python benchmarks/yearclock_digest.py
    DATABASE_URL=postgres://root@127.0.0.1:5432/yhdessa_bench .venv/bin/python benchmarks/yearclock_digest.py

Builds (once; reused on later runs) a municipality of BENCH_SCHOOLS schools, each with a principal and
four staff members and a yearclock of ENTRIES entries copied from a city template through
yearclock.services, with owners. Then, for October: times `month_digests_schedule` (the first run,
which schedules one row per person, and a second, which must schedule nobody), and composing and
sending every digest with `notifications.sender.send_due` to the locmem e-mail backend. Prints the
times, queries and messages. The scheduled rows are removed afterwards so the next run measures the
same. Not part of the unit suite: timings here are measurements.
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/yhdessa-bench-yearclock.sqlite3")
os.environ.setdefault("AXES_ENABLED", "false")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

SCHOOLS = int(os.environ.get("BENCH_SCHOOLS", 100))
ENTRIES = int(os.environ.get("BENCH_ENTRIES", 20))
SLUG = f"vuosikellokaupunki-{SCHOOLS}-{ENTRIES}"
OCTOBER = datetime.date(2026, 10, 1)

# (theme, start month, end month): a realistic spread over the school year, about a third in October.
THEMES = [
    ("Ryhmärakenne ja roolityökalu", 8, 8),
    ("Uuden henkilöstön perehdytys", 8, 9),
    ("Luokkien ryhmäytyminen", 8, 10),
    ("Opiskeluhuoltosuunnitelman päivitys", 9, 9),
    ("Hyvinvointikysely", 10, 10),
    ("Kiusaamiskysely", 10, 10),
    ("Vanhempainilta", 10, 10),
    ("Tunnetaitojen teemajakso", 10, 12),
    ("Kiusaamisen ehkäisyn suunnitelma", 11, 11),
    ("Kouluterveyskyselyn tulokset", 11, 11),
    ("Joulun hyvinvointikatsaus", 12, 12),
    ("Arviointikeskustelut", 1, 1),
    ("Kevään kiusaamiskysely", 2, 3),
    ("Siirtopalaverit", 3, 3),
    ("Kouluterveyskysely", 4, 4),
    ("Lukuvuoden arviointi", 5, 5),
    ("Palautekysely", 5, 5),
    ("Ensi vuoden suunnitelma", 5, 6),
    ("Välituntitoiminta", 9, 5),
    ("Oppilaskunnan toiminta", 8, 5),
]


def build() -> int:
    """The municipality, built once; returns its id."""
    from roles.models import Role, RoleKey, StaffAssignment
    from schools.models import Membership, Municipality, School, SchoolYear, User
    from schools.services import municipality_create
    from schools.tenancy import resolve_actor
    from yearclock.models import YearclockEntry
    from yearclock.services import clocks, template

    existing = Municipality.objects.filter(slug=SLUG).first()
    if existing:
        return existing.pk
    started = time.perf_counter()
    city = municipality_create(name=f"Vuosikellokaupunki {SCHOOLS}", slug=SLUG)
    year = SchoolYear.objects.create(
        municipality=city, starts_on=datetime.date(2026, 8, 10), ends_on=datetime.date(2027, 7, 31)
    )
    coordinator = User.objects.create(email=f"koordinaattori@{SLUG}.fi", first_name="Kaisa", password="!")
    Membership.objects.create(user=coordinator, municipality=city, is_coordinator=True)
    coordinator_actor = resolve_actor(coordinator, city.pk)
    for i in range(ENTRIES):
        theme, start, end = THEMES[i % len(THEMES)]
        template.template_entry_create(
            actor=coordinator_actor, theme=f"{theme} {i + 1}", start_month=start, end_month=end
        )
    roles = {r.key: r for r in Role.objects.filter(municipality=city)}
    staff_keys = (
        RoleKey.PRINCIPAL,
        RoleKey.TEACHER,
        RoleKey.SCHOOL_NURSE,
        RoleKey.PSYCHOLOGIST,
        RoleKey.TEACHER,
    )
    for s in range(SCHOOLS):
        school = School.objects.create(municipality=city, name=f"Koulu {s + 1:03d}", stages=["primary"])
        people = []
        for p, key in enumerate(staff_keys):
            user = User.objects.create(
                email=f"henkilo{s}-{p}@{SLUG}.fi",
                first_name="Päivi",
                last_name=f"Äijälä {s}-{p}",
                password="!",
                preferred_language="sv" if p == 2 else "fi",
            )
            Membership.objects.create(user=user, municipality=city)
            StaffAssignment.objects.create(user=user, school=school, role=roles[key], school_year=year)
            people.append(user)
        clock = clocks.yearclock_create(
            actor=resolve_actor(people[0], city.pk), school=school, school_year=year
        )
        entries = list(clock.entries.order_by("order"))
        for e, entry in enumerate(entries):
            entry.owner = people[e % len(people)]
        YearclockEntry.objects.bulk_update(entries, ["owner"])
    print(f"built {SCHOOLS} schools × {ENTRIES} entries in {time.perf_counter() - started:.1f} s")
    return city.pk


def measure(municipality_id: int) -> None:
    from django.core import mail
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext, override_settings

    from notifications.models import Notification
    from notifications.sender import send_due
    from schools.models import Municipality
    from yearclock.notifications import MONTH_DIGEST
    from yearclock.services import digest

    city = Municipality.objects.get(pk=municipality_id)
    rows = Notification.objects.filter(kind=MONTH_DIGEST, municipality=city)
    rows.delete()
    reset_queries()

    # Rows already due ask for a send after the commit; that is measured on its own below.
    with mock.patch("notifications.services._send_soon"):
        with CaptureQueriesContext(connection) as first_queries:
            started = time.perf_counter()
            scheduled = digest.month_digests_schedule(municipality=city, month=OCTOBER)
            first = time.perf_counter() - started
        with CaptureQueriesContext(connection) as again_queries:
            started = time.perf_counter()
            again = digest.month_digests_schedule(municipality=city, month=OCTOBER)
            second = time.perf_counter() - started
    print(f"yearclock digest, {SCHOOLS} schools × {ENTRIES} entries, October 2026")
    print(f"  schedule: {scheduled} rows in {first * 1000:.0f} ms, {len(first_queries)} queries")
    print(f"  schedule again: {again} rows in {second * 1000:.0f} ms, {len(again_queries)} queries")

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        with CaptureQueriesContext(connection) as send_queries:
            started = time.perf_counter()
            sent = send_due(now=digest.digest_due_at(OCTOBER) + datetime.timedelta(minutes=1))
            sending = time.perf_counter() - started
        messages = len(mail.outbox)
        sizes = sorted(len(m.body) for m in mail.outbox)
    per = sending / sent * 1000 if sent else 0.0
    print(
        f"  compose and send: {sent} digests ({messages} e-mails) in {sending:.2f} s, {per:.1f} ms each, "
        f"{len(send_queries)} queries ({len(send_queries) / max(sent, 1):.1f} per digest)"
    )
    if sizes:
        print(f"  body length: median {sizes[len(sizes) // 2]} characters, longest {sizes[-1]}")
    rows.delete()


def main() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    measure(build())


if __name__ == "__main__":
    main()
