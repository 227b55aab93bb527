#!/usr/bin/env python
"""Benchmark: a generated large city, timed page by page and endpoint by endpoint.

    .venv/bin/python benchmarks/large_city.py                      # SQLite file in /tmp
    DATABASE_URL=postgres://root@127.0.0.1:5432/yhdessa_bench .venv/bin/python benchmarks/large_city.py

Builds (once; reused on later runs) a municipality of SCHOOLS schools with STAFF_PER_SCHOOL staff each,
over two school years, then requests each page N times through Django's test client and prints the
median and worst time and the number of queries. Not part of the unit suite: timings here are
measurements, the unit suite asserts query counts instead.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/yhdessa-bench.sqlite3")
os.environ.setdefault("AXES_ENABLED", "false")

SCHOOLS = int(os.environ.get("BENCH_SCHOOLS", 60))
STAFF_PER_SCHOOL = int(os.environ.get("BENCH_STAFF", 40))
RUNS = int(os.environ.get("BENCH_RUNS", 15))


def build() -> None:
    import datetime

    from roles.models import Role, RoleKey, StaffAssignment
    from schools.models import Membership, Municipality, School, SchoolYear, Stage, User
    from schools.services import municipality_create

    if Municipality.objects.filter(slug="suurkaupunki").exists():
        return
    started = time.perf_counter()
    city = municipality_create(name="Suurkaupunki", slug="suurkaupunki")
    years = [
        SchoolYear.objects.create(
            municipality=city, starts_on=datetime.date(2025, 8, 11), ends_on=datetime.date(2026, 7, 31)
        ),
        SchoolYear.objects.create(
            municipality=city, starts_on=datetime.date(2026, 8, 10), ends_on=datetime.date(2027, 7, 31)
        ),
    ]
    roles = {r.key: r for r in Role.objects.filter(municipality=city, is_staff_role=True)}
    staff_keys = [k for k in roles if k != RoleKey.PRINCIPAL]
    schools = School.objects.bulk_create(
        School(municipality=city, name=f"Koulu {i:03d}", stages=[Stage.PRIMARY, Stage.LOWER_SECONDARY])
        for i in range(SCHOOLS)
    )
    users = User.objects.bulk_create(
        User(email=f"henkilo{i}@suurkaupunki.fi", first_name="Henkilö", last_name=f"{i:05d}", password="!")
        for i in range(SCHOOLS * STAFF_PER_SCHOOL)
    )
    Membership.objects.bulk_create(Membership(user=u, municipality=city) for u in users)
    coordinator = users[0]
    Membership.objects.filter(user=coordinator).update(is_coordinator=True)
    assignments = []
    for s, school in enumerate(schools):
        for j in range(STAFF_PER_SCHOOL):
            user = users[s * STAFF_PER_SCHOOL + j]
            key = RoleKey.PRINCIPAL if j == 0 else staff_keys[j % len(staff_keys)]
            for year in years:
                assignments.append(
                    StaffAssignment(user=user, school=school, role=roles[key], school_year=year)
                )
    StaffAssignment.objects.bulk_create(assignments, batch_size=2000)
    print(
        f"built {SCHOOLS} schools, {len(users)} people, {len(assignments)} assignments "
        f"in {time.perf_counter() - started:.1f} s"
    )


def measure() -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from schools.models import Membership, School, SchoolYear

    membership = Membership.objects.select_related("user").get(
        municipality__slug="suurkaupunki", is_coordinator=True
    )
    school = School.objects.filter(municipality__slug="suurkaupunki").order_by("name").first()
    principal = school.assignments.filter(role__key="principal").first().user
    year = SchoolYear.objects.filter(municipality__slug="suurkaupunki").order_by("-starts_on").first()
    pages = [
        ("home (coordinator)", membership.user, reverse("home")),
        ("home (principal)", principal, reverse("home")),
        ("schools", membership.user, reverse("school_list")),
        ("school staff", principal, reverse("school_staff", args=[school.pk]) + f"?year={year.pk}"),
        ("people (50/page)", membership.user, reverse("member_list")),
        ("roles", membership.user, reverse("role_list")),
        ("API schools", membership.user, "/api/v1/schools/"),
        ("API assignments", membership.user, "/api/v1/assignments/"),
        ("API users", membership.user, "/api/v1/users/"),
    ]
    print(f"{'page':24} {'median ms':>10} {'worst ms':>10} {'queries':>8}")
    with override_settings(DEBUG=True):
        for label, user, url in pages:
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            times = []
            for _ in range(RUNS):
                reset_queries()
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            print(
                f"{label:24} {statistics.median(times):10.1f} {max(times):10.1f} {len(connection.queries):8d}"
            )


def main() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    build()
    measure()


if __name__ == "__main__":
    main()
