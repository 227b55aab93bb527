#!/usr/bin/env python
"""Benchmark of the reports layer on the generated large city, each figure beside a baseline of the same run.

    export DATABASE_URL=postgres://root@127.0.0.1:5432/yhdessa_bench_city
    .venv/bin/python benchmarks/city_generator.py       # once (about 2 minutes)
    .venv/bin/python benchmarks/reports.py              # builds the city first if it is missing
    BENCH_RUNS=15 BENCH_PDF_RUNS=5 .venv/bin/python benchmarks/reports.py --json /tmp/reports.json

Measures, on "Suurkaupunki" of benchmarks/city_generator.py (the current school year):

- the dashboard page (`reports_dashboard`, GET through Django's test client as the city coordinator,
  BENCH_RUNS times: median, p95, worst, queries) and `reports.dashboard.figures.dashboard_rows` alone,
  against the minimal view of benchmarks/baseline_urls.py (one indexed query, 50 rows, DRF);
- the PDFs: the roles tool handbook, the yearly plan (`yearclock.documents.plan_pdf`) and the induction
  pack (`reports.induction.document.render_induction_pack`), against a one-page PDF printed through the
  same `core.pdf.render_pdf` (benchmarks/templates/benchmarks/pdf/one_page.html);
- the absence import of one school's month (a CSV through `absences.importing.commit.run`, which also
  recomputes the school's standings), the standings recompute of one school and of the whole city,
  against a plain SQL aggregate over the city's pupil months (one GROUP BY);
- reminder dispatch: meeting reminders scheduled through `groups.services.meetings.meeting_create`
  and delivered by `notifications.sender.send_due` to the locmem mail backend, in messages per second,
  against sending the same number of plain `EmailMessage`s through the same backend.

A ratio is the measurement's median time over its baseline's (per message for the dispatch): the
machine's load slows both alike, so ratios compare across machines better than milliseconds. Parts of
the reports layer that are not merged yet print "not available yet". Writes the figures to
var/benchmarks/reports.json (or --json). Not part of the unit suite.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# This file is benchmarks/reports.py: its folder must not shadow the `reports` app (nor `groups`).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/yhdessa-bench-city.sqlite3")
os.environ.setdefault("AXES_ENABLED", "false")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

RUNS = int(os.environ.get("BENCH_RUNS", 9))
PDF_RUNS = int(os.environ.get("BENCH_PDF_RUNS", 3))
REMINDER_MEETINGS = int(os.environ.get("BENCH_MEETINGS", 20))
NOT_AVAILABLE = "not available yet"
DASHBOARD_MAX_QUERIES, DASHBOARD_MAX_MS, INDUCTION_MAX_MS = 20, 300.0, 5000.0


class NotAvailable(Exception):
    """A part of the reports layer that is not in this checkout yet."""


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


def measure(fn, runs: int, *, warmup: int = 1) -> tuple[list[float], int]:
    """Milliseconds of `runs` calls after `warmup` (fonts, templates, caches), and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        fn()
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return times, queries


class Report:
    def __init__(self) -> None:
        self.baselines: dict[str, dict] = {}
        self.rows: list[dict] = []

    def baseline(self, key: str, label: str, times: list[float], queries: int, unit: str = "") -> None:
        self.baselines[key] = {
            "label": label, "median_ms": statistics.median(times), "p95_ms": p95(times),
            "worst_ms": max(times),
            "queries": queries, "runs": len(times), "unit": unit,
        }  # fmt: skip

    def add(self, label: str, baseline: str, fn=None, runs: int = RUNS, *, times=None, queries=None, note=""):
        """Measure `fn` (or take `times`), or record it as not available."""
        row = {"measurement": label, "baseline": baseline}
        try:
            if times is None:
                times, queries = measure(fn, runs)
        except NotAvailable as missing:
            row.update(available=False, note=str(missing) or NOT_AVAILABLE)
            self.rows.append(row)
            print(f"  {label}: {row['note']}", flush=True)
            return row
        base = self.baselines[baseline]["median_ms"]
        median = statistics.median(times)
        row.update(
            available=True, median_ms=median, p95_ms=p95(times), worst_ms=max(times), queries=queries,
            runs=len(times), baseline_ms=base, ratio=median / base if base else None, note=note,
        )  # fmt: skip
        self.rows.append(row)
        print(f"  {label}: median {median:.1f} ms, {queries} queries (x{row['ratio']:.1f})", flush=True)
        return row

    def table(self) -> str:
        head = f"{'measurement':46} {'median ms':>10} {'p95 ms':>9} {'worst ms':>9} {'queries':>8} "
        head += f"{'baseline':24} {'base ms':>8} {'ratio':>7}"
        lines = [head, "-" * len(head)]
        for key, b in self.baselines.items():
            lines.append(
                f"{'[baseline] ' + b['label']:46} {b['median_ms']:10.1f} {b['p95_ms']:9.1f} "
                f"{b['worst_ms']:9.1f} "
                f"{b['queries']:8d} {key:24} {'':>8} {'1.0':>7}"
            )
        for r in self.rows:
            if not r["available"]:
                lines.append(f"{r['measurement']:46} {r['note']}")
                continue
            lines.append(
                f"{r['measurement']:46} {r['median_ms']:10.1f} {r['p95_ms']:9.1f} {r['worst_ms']:9.1f} "
                f"{r['queries']:8d} {r['baseline']:24} {r['baseline_ms']:8.1f} {r['ratio']:7.1f}"
                + (f"  {r['note']}" if r.get("note") else "")
            )
        return "\n".join(lines)


# --- The city ----------------------------------------------------------------------------------------


class City:
    def __init__(self) -> None:
        from benchmarks.city_generator import SLUG
        from roles.models import RolesTool, ToolState
        from schools.models import Membership, Municipality, SchoolYear

        self.municipality = Municipality.objects.get(slug=SLUG)
        self.years = list(SchoolYear.objects.filter(municipality=self.municipality).order_by("starts_on"))
        self.year = self.years[-1]
        self.coordinator = (
            Membership.objects.select_related("user")
            .filter(municipality=self.municipality, is_coordinator=True)
            .first()
            .user
        )
        # A school whose tool of this year is published: every document has something to print.
        tools = RolesTool.objects.select_related("school", "school_year").filter(
            school__municipality=self.municipality, school_year=self.year
        )
        self.tool = (
            tools.filter(state=ToolState.PUBLISHED).order_by("school__name").first()
            or tools.order_by("school__name").first()
        )
        if self.tool is None:
            raise SystemExit("The city has no roles tool this school year: build it again with --rebuild.")
        self.school = self.tool.school
        self.principal = (
            self.school.assignments.filter(role__key="principal", school_year=self.year).first().user
        )
        self.schools = self.municipality.schools.count()


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def get_ok(client, url: str, expect: str = "") -> None:
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise NotAvailable(f"{NOT_AVAILABLE} (HTTP {response.status_code} from {url})")
    if expect and expect.encode() not in response.content:
        raise NotAvailable(f"{url}: the page does not show {expect!r}")


# --- The parts -----------------------------------------------------------------------------------


def bench_dashboard(report: Report, city: City) -> None:
    from django.urls import NoReverseMatch, reverse

    print("dashboard", flush=True)
    client = client_for(city.coordinator)
    baseline_url = reverse("bench_baseline") + f"?tool={city.tool.pk}"
    get_ok(client, baseline_url)
    times, queries = measure(lambda: get_ok(client, baseline_url), RUNS)
    report.baseline("minimal view", "minimal view (1 query)", times, queries)

    state: dict = {}

    def page():
        if not state:
            try:
                state["url"] = reverse("reports_dashboard") + f"?year={city.year.pk}"
            except NoReverseMatch:
                raise NotAvailable(NOT_AVAILABLE) from None
            state["client"] = client_for(city.coordinator)
        get_ok(state["client"], state["url"])

    row = report.add(f"dashboard page, {city.schools} schools", "minimal view", page)
    if row["available"]:
        goal = row["queries"] <= DASHBOARD_MAX_QUERIES and row["median_ms"] < DASHBOARD_MAX_MS
        row["goal"] = f"<= {DASHBOARD_MAX_QUERIES} queries and < {DASHBOARD_MAX_MS:.0f} ms: " + (
            "met" if goal else "NOT met"
        )

    def rows():
        try:
            from reports.dashboard.figures import dashboard_rows
        except ImportError:
            raise NotAvailable(NOT_AVAILABLE) from None
        result = dashboard_rows(city.municipality, city.year)
        if hasattr(result, "__iter__") and not isinstance(result, (str, bytes, dict)):
            list(result)  # a lazy result is evaluated here, not outside the timer

    report.add("dashboard_rows()", "minimal view", rows)


def bench_pdfs(report: Report, city: City) -> None:
    from django.conf import settings

    from core.pdf import render_pdf
    from roles.documents import roles_tool_pdf, working_copy_print
    from roles.models import PdfKind
    from yearclock.documents import plan_pdf
    from yearclock.models import Yearclock

    print("PDFs", flush=True)
    context = {
        "title": "Yhden sivun vertailuasiakirja",
        "text": "Tämä sivu mitataan samalla koneella samassa ajossa kuin muut asiakirjat.",
        "rows": [(m, f"Teema {m}") for m in range(1, 13)],
    }
    times, queries = measure(
        lambda: render_pdf(
            "benchmarks/pdf/one_page.html", context, base_url=settings.SITE_URL, pdf_variant="pdf/ua-1"
        ),
        RUNS,  # cheap: more runs steady the baseline
    )
    report.baseline("one-page PDF", "one-page PDF (render_pdf)", times, queries)
    tool = city.tool

    def handbook():
        document, _fingerprint, publication = working_copy_print(tool)
        return roles_tool_pdf(
            document, state=tool.state, publication=publication, live=True, base_url=settings.SITE_URL,
            kind=PdfKind.HANDBOOK,
        )  # fmt: skip

    report.add("roles tool handbook PDF", "one-page PDF", handbook, PDF_RUNS)
    clock = Yearclock.objects.get(school=city.school, school_year=city.year)
    report.add("yearly plan PDF", "one-page PDF", lambda: plan_pdf(clock), PDF_RUNS)

    def induction():
        try:
            from reports.induction.document import render_induction_pack
        except ImportError:
            raise NotAvailable(NOT_AVAILABLE) from None
        return render_induction_pack(city.school, city.year)

    row = report.add("induction pack PDF", "one-page PDF", induction, PDF_RUNS)
    if row["available"]:
        row["goal"] = f"< {INDUCTION_MAX_MS / 1000:.0f} s: " + (
            "met" if row["median_ms"] < INDUCTION_MAX_MS else "NOT met"
        )


def _month_csv(city: City) -> tuple[bytes, int]:
    """One school's month of day rows (this month up to today) in the import's day format."""
    from django.utils import timezone

    from absences.models import Pupil
    from benchmarks.absence_import import HEADER, school_days

    today = min(timezone.localdate(), city.year.ends_on)
    first = today.replace(day=1)
    days = [d for d in school_days(first, 23) if d <= today and d.month == first.month]
    lines = [HEADER]
    pupils = Pupil.objects.filter(school=city.school).order_by("pk")
    for i, (source_id, first_name, last_name, klass) in enumerate(
        pupils.values_list("source_id", "first_name", "last_name", "group_name")
    ):
        for n, day in enumerate(days):
            absent = (i * 7 + n * 13) % 17
            lines.append(
                f"{source_id};{first_name};{last_name};{klass};{day:%Y-%m-%d};{5 + n % 3};"
                f"{2 if absent == 0 else 0};{1 if absent == 1 else 0};{1 if absent == 2 else 0}"
            )
    return ("\n".join(lines) + "\n").encode(), len(lines) - 1


def bench_absences(report: Report, city: City) -> None:
    from django.db import connection
    from django.utils import timezone

    from absences.importing import commit
    from absences.importing.mapping import DAY_FORMAT_MAPPING
    from absences.models import AbsenceDay, AbsenceImport, ImportState, PupilMonth
    from absences.standings import recompute_for_municipality, recompute_for_school

    print("absences", flush=True)
    table = PupilMonth._meta.db_table
    sql = (
        f"SELECT school_id, count(*), sum(excused + unexcused + other), sum(lessons_held) FROM {table} "  # noqa: S608
        "WHERE school_year_id = %s GROUP BY school_id"
    )

    def aggregate():
        with connection.cursor() as cursor:
            cursor.execute(sql, [city.year.pk])
            return cursor.fetchall()

    months = PupilMonth.objects.filter(school_year=city.year).count()
    times, queries = measure(aggregate, RUNS)
    report.baseline("SQL aggregate", f"SQL GROUP BY ({months:,} rows)", times, queries)

    content, rows = _month_csv(city)
    school = city.school

    def clear():
        AbsenceDay.objects.filter(school=school, school_year=city.year).delete()
        AbsenceImport.objects.filter(school=school).delete()

    def one_import():
        clear()
        imp = AbsenceImport.objects.create(
            municipality=city.municipality, school=school, school_year=city.year, filename="marraskuu.csv",
            sha256=hashlib.sha256(content).hexdigest(), content=content, mapping=DAY_FORMAT_MAPPING,
            state=ImportState.QUEUED, rows_total=rows,
        )  # fmt: skip
        commit.run(imp)
        if imp.state != ImportState.DONE:
            raise RuntimeError(f"the import failed: {imp.errors[:3]}")

    today = min(timezone.localdate(), city.year.ends_on)
    report.add(f"absence import, 1 school-month ({rows:,} rows)", "SQL aggregate", one_import, PDF_RUNS)
    clear()
    report.add(
        "standings recompute, 1 school",
        "SQL aggregate",
        lambda: recompute_for_school(school, city.year, today=today),
    )
    times, queries = measure(lambda: recompute_for_municipality(city.municipality, city.year, today=today), 1)
    report.add(f"standings recompute, {city.schools} schools", "SQL aggregate", times=times, queries=queries)


def bench_dispatch(report: Report, city: City) -> None:
    from django.core import mail
    from django.core.mail import EmailMessage, get_connection
    from django.utils import timezone

    from groups.models import Meeting, WellbeingGroup
    from groups.notifications import MEETING_REMINDER
    from groups.services import meetings
    from notifications.models import Notification, Outcome
    from notifications.sender import send_due
    from schools.tenancy import resolve_actor

    print("reminder dispatch", flush=True)
    group = WellbeingGroup.objects.get(school=city.school, level__attaches_to="school")
    actor = resolve_actor(city.principal, city.municipality.pk)
    start = timezone.now() + datetime.timedelta(days=30)
    made = []
    for i in range(REMINDER_MEETINGS):
        starts = start + datetime.timedelta(days=i, hours=i % 5)
        made.append(
            meetings.meeting_create(
                actor=actor, group=group, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
            )
        )
    rows = Notification.objects.filter(kind=MEETING_REMINDER, subject_id__in=[m.pk for m in made])
    scheduled = rows.count()
    mail.outbox = []
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        sent = send_due(now=start + datetime.timedelta(days=REMINDER_MEETINGS + 1))
        took = (time.perf_counter() - started) * 1000
    delivered = rows.filter(outcome=Outcome.SENT).count()
    emails = len(mail.outbox)
    messages = [
        EmailMessage(
            f"Muistutus {i}", "Opiskeluhuoltoryhmän kokous huomenna klo 14.", to=[f"h{i}@example.fi"]
        )
        for i in range(max(emails, 1))
    ]
    mail.outbox = []

    def plain():
        with get_connection() as backend:
            backend.send_messages(messages)

    times, queries = measure(plain, RUNS)
    per = [t / len(messages) for t in times]
    report.baseline("plain e-mail", f"plain EmailMessage x{len(messages)}", per, queries, unit="ms/message")
    per_message = took / max(sent, 1)
    base = report.baselines["plain e-mail"]["median_ms"]
    row = report.add(
        f"reminder dispatch ({sent} reminders)", "plain e-mail", times=[per_message], queries=len(captured),
        note=f"ms/message; {1000 / per_message:.0f}/s vs {1000 / base:.0f}/s; {scheduled} scheduled, "
        f"{delivered} sent, {emails} e-mails",
    )  # fmt: skip
    row["per_second"] = 1000 / per_message
    Notification.objects.filter(kind=MEETING_REMINDER, subject_id__in=[m.pk for m in made]).delete()
    Meeting.objects.filter(pk__in=[m.pk for m in made]).delete()
    mail.outbox = []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "benchmarks" / "reports.json")
    parser.add_argument("--only", choices=["dashboard", "pdfs", "absences", "dispatch"], action="append")
    args = parser.parse_args()

    from django.conf import settings

    # The one-page baseline's template lives with the benchmarks, outside the app's template folders.
    settings.TEMPLATES[0]["DIRS"] = [*settings.TEMPLATES[0]["DIRS"], HERE / "templates"]
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment

    from benchmarks.city_generator import build_city, default_size, migrate_if_needed, settle_notifications

    setup_test_environment()  # the test client's host, the locmem mail backend
    migrate_if_needed()
    schools, pupils = default_size()
    build_city(schools=schools, pupils=pupils)
    city = City()
    settle_notifications(city.municipality.pk)
    print(
        f"{connection.vendor} ({connection.settings_dict['NAME']}): {city.municipality.name}, "
        f"{city.schools} schools, "
        f"year {city.year}, school {city.school.name}; load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    report = Report()
    parts = {
        "dashboard": bench_dashboard,
        "pdfs": bench_pdfs,
        "absences": bench_absences,
        "dispatch": bench_dispatch,
    }
    with (
        override_settings(ROOT_URLCONF="benchmarks.baseline_urls"),
        mock.patch("notifications.services._send_soon", lambda: None),
        mock.patch("absences.notifications._send_soon", lambda: None),
    ):
        for name, part in parts.items():
            if not args.only or name in args.only:
                part(report, city)
    settle_notifications(city.municipality.pk)
    print()
    print(report.table())
    for row in report.rows:
        if row.get("goal"):
            print(f"goal, {row['measurement']}: {row['goal']}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "database": connection.vendor,
                "schools": city.schools,
                "school_year": str(city.year),
                "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "load_average": os.getloadavg()[0],
                "baselines": report.baselines,
                "rows": report.rows,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"written to {args.json}")


if __name__ == "__main__":
    main()
