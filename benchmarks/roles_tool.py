#!/usr/bin/env python
"""Benchmark: the roles tool PDF of a school with 12 roles × 15 realistic practical acts.

    .venv/bin/python benchmarks/roles_tool.py                        # SQLite file in /tmp
    .venv/bin/python benchmarks/roles_tool.py --out /tmp/roolit.pdf  # also keep one PDF to look at
    .venv/bin/python benchmarks/roles_tool.py --slides-out /tmp/diat.pdf  # and the slide deck
    BENCH_LANGUAGE=sv .venv/bin/python benchmarks/roles_tool.py      # a Swedish-language school
    DATABASE_URL=postgres://root@127.0.0.1:5432/yhdessa_bench .venv/bin/python benchmarks/roles_tool.py

Builds (once; reused on later runs) a municipality whose school has a roles tool with ACTS_PER_ROLE
acts for each of the 12 standard roles, written through roles.services as a principal would, then
times the whole PDF response (selector, document, WeasyPrint) through Django's test client, RUNS
times, and prints the median, the worst, the number of queries and the PDF's page count. The issue
asks for under 2 s. Then prints the handbook and the slide deck directly (no stored copy), in turns,
RUNS times each: the deck should take at most 1.2 × the handbook's time. Not part of the unit suite:
timings here are measurements.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/yhdessa-bench-roles.sqlite3")
os.environ.setdefault("AXES_ENABLED", "false")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")  # the download prints in this process

ACTS_PER_ROLE = int(os.environ.get("BENCH_ACTS", 15))
RUNS = int(os.environ.get("BENCH_RUNS", 5))
LANGUAGE = os.environ.get("BENCH_LANGUAGE", "fi")
SLUG = f"roolikaupunki-{LANGUAGE}-{ACTS_PER_ROLE}"

# Practical acts in the customer's own style (seed 000's example school); each role gets
# ACTS_PER_ROLE of them, rotated, so every role's page has a realistic mix of long and short ones.
ACTS = [
    (
        "Opiskeluhuollon vuosikellon mukaisesti kiusaamisen ennaltaehkäisyn ja puuttumisen suunnitelman "
        "tarkistaminen ja arkiryhmäyttämisen kehittäminen yhdessä verso-oppilaiden, tukioppilaiden ja "
        "tutor-opiskelijoiden kanssa.",
        [9, 10],
        "verso-oppilaat, tukioppilaat, tutor-opiskelijat",
    ),
    (
        "Terveelliset elämäntavat ja välituntitoiminnan kehittäminen: välkkärit kertovat, mitä "
        "välitunneilla tapahtuu ja mitä toivotaan lisää.",
        [11],
        "välkkärioppilaat",
    ),
    (
        "Tiedottamisen tehostaminen: koulutoimittajat ja digiagentit kokoavat kuukausittain "
        "hyvinvointiuutiset koulun tiedotteeseen.",
        [8, 9, 10, 11, 12, 1, 2, 3, 4, 5],
        "koulutoimittajaoppilaat, digiagenttioppilaat",
    ),
    (
        "Nivelvaihetyö: tukioppilaat jalkautuvat 6. luokkiin kertomaan yläkoulusta ja tutor-opiskelijat "
        "9. luokkiin kertomaan lukiosta.",
        [3, 4],
        "tukioppilaat, tutor-opiskelijat, opinto-ohjaaja",
    ),
    (
        "Koulun osallisuusryhmien toiminnan kehittäminen ja yhteensovittaminen; mukana edustus jokaisesta "
        "osallisuusryhmästä ja ohjaavat opettajat.",
        [1],
        "oppilaskunnan hallitus, ohjaavat opettajat",
    ),
    (
        "Ryhmäyttämisharjoitusten suunnittelu ja toteutus 1.–3. luokissa syksyllä ennen syyslomaa.",
        [8, 9, 10],
        "4.–6.-luokkalaiset verso-oppilaat",
    ),
    (
        "Huoltajienilta aiheena ”Some meidän silmin”: oppilaat ja opiskelijat suunnittelevat ja "
        "toteuttavat illan ohjelman, aikuiset vastaavat järjestelyistä.",
        [2],
        "vanhempainyhdistys, oppilaskunta",
    ),
    (
        "Kouluterveyskyselyn tulosten läpikäynti yhteisöllisessä opiskeluhuoltoryhmässä ja kahden "
        "kehittämiskohteen valinta lukuvuodelle.",
        [5],
        "",
    ),
    (
        "Poissaolojen seurannan porrasmallin kertaaminen henkilöstökokouksessa ja huoltajatiedotteessa; "
        "huolen herätessä yhteydenotto kotiin matalalla kynnyksellä.",
        [8, 1],
        "luokanopettajat, luokanohjaajat",
    ),
    (
        "Teemapäivä ”Hyvä mieli – hyvä koulu”: toiminnalliset rastit kaikille luokille.",
        [10],
        "nuorisotyö, seurakunnan nuorisotyöntekijä, liikunnanopettajat",
    ),
    (
        "Turvallisuuskävely koulun ja pihan alueella; havainnot viedään kiinteistöpalveluille ja "
        "työsuojeluun.",
        [9],
        "kiinteistöpalvelut, työsuojeluvaltuutettu",
    ),
    (
        "Kriisisuunnitelman päivittäminen ja yhteystietojen tarkistaminen; harjoitus henkilöstölle.",
        [8],
        "koulun kriisiryhmä",
    ),
    (
        "Välituntitoiminnan havainnointi viikoittain ja välkkärivuorojen suunnittelu oppilaiden toiveiden "
        "pohjalta.",
        [8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7],
        "välkkärit",
    ),
    (
        "Opiskeluhuoltosuunnitelman toteutumisen arviointi ja seuraavan lukuvuoden vuosikellon luonnostelu.",
        [5, 6],
        "",
    ),
    (
        "Luokkakohtaiset hyvinvointitunnit: tunne- ja vuorovaikutustaitojen harjoittelu pienryhmissä, "
        "erityisesti yläkoulun aloittavilla 7. luokilla.",
        [9, 11, 2],
        "luokanohjaajat, kuraattori, psykologi",
    ),
    (
        "Esittäytyminen vanhempainilloissa ja koulun verkkosivuilla: miten ja mihin asioissa "
        "opiskeluhuollon henkilöstöön saa yhteyden.",
        [8, 9],
        "",
    ),
    (
        "Sähköisen hyvinvointikyselyn toteuttaminen 4.–9. luokille ja tulosten käsittely luokittain "
        "(ei yksittäisten oppilaiden asioita).",
        [11, 3],
        "luokanopettajat",
    ),
]


def build(language: str) -> int:
    """The municipality, its school and the tool, built once; returns the tool's id."""
    import datetime

    from roles import services as roles_services
    from roles.models import ActSection, Role, RoleKey, RolesTool, StaffAssignment
    from schools.models import Membership, School, SchoolYear, User
    from schools.services import municipality_create
    from schools.tenancy import resolve_actor

    existing = RolesTool.objects.filter(school__municipality__slug=SLUG).first()
    if existing:
        return existing.pk
    started = time.perf_counter()
    city = municipality_create(name=f"Roolikaupunki {language} {ACTS_PER_ROLE}", slug=SLUG)
    year = SchoolYear.objects.create(
        municipality=city, starts_on=datetime.date(2026, 8, 10), ends_on=datetime.date(2027, 7, 31)
    )
    name = "Ylä-Kalliolan koulukeskus" if language == "fi" else "Västra Strandängens skolcentrum"
    school = School.objects.create(municipality=city, name=name, language=language, stages=["primary"])
    roles = list(Role.objects.filter(municipality=city, is_active=True).order_by("order"))
    people = []
    for i, role in enumerate(roles):
        user = User.objects.create(
            email=f"henkilo{i}@{SLUG}.fi", first_name="Päivi", last_name=f"Äijälä-Öhman {i + 1}", password="!"
        )
        Membership.objects.create(user=user, municipality=city)
        if role.is_staff_role:
            StaffAssignment.objects.create(user=user, school=school, role=role, school_year=year)
        people.append(user)
    principal = StaffAssignment.objects.get(school=school, role__key=RoleKey.PRINCIPAL).user
    actor = resolve_actor(principal, city.pk)
    tool = roles_services.tool_create(actor=actor, school=school, school_year=year)
    sections = list(ActSection.objects.filter(municipality=city).order_by("order"))
    for r, role in enumerate(roles):
        for a in range(ACTS_PER_ROLE):
            text, months, with_whom = ACTS[(r * 3 + a) % len(ACTS)]
            roles_services.act_create(
                actor=actor,
                tool=tool,
                role=role,
                section=sections[0] if a < ACTS_PER_ROLE // 3 else sections[-1],
                text=text,
                months=months,
                with_whom=with_whom,
                responsible=people[r] if a % 4 == 0 else None,
            )
    print(
        f"built a tool of {len(roles)} roles × {ACTS_PER_ROLE} acts in {time.perf_counter() - started:.1f} s"
    )
    return tool.pk


def page_count(pdf: bytes) -> str:
    """From poppler's pdfinfo (the PDF's objects are compressed, so no regex on the bytes)."""
    try:
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True, text=False)
    except (OSError, subprocess.CalledProcessError):
        return "?"
    match = re.search(rb"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return match.group(1).decode() if match else "?"


def measure(tool_pk: int, out: Path | None) -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from roles.models import RolesTool

    tool = RolesTool.objects.select_related("school").get(pk=tool_pk)
    principal = tool.school.assignments.filter(role__key="principal").first().user
    client = Client()
    client.force_login(principal, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("roles_tool_pdf", args=[tool.pk])
    reset_queries()  # the log is a bounded deque; migrate may have filled it
    with CaptureQueriesContext(connection) as queries:  # also the warm-up: fonts, dictionaries, templates
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    times, cpu_times = [], []
    for _ in range(RUNS):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
        assert response.status_code == 200, response.status_code
    pdf = response.content
    roles = tool.roles.count()
    print(f"roles tool PDF, {roles} roles × {ACTS_PER_ROLE} acts, school language {tool.school.language}")
    median, worst = statistics.median(times), max(times)
    print(f"  median {median:.2f} s, worst {worst:.2f} s over {RUNS} runs (goal < 2 s)")
    # CPU time of this process: what the render costs when other work shares the two cores.
    cpu, load = statistics.median(cpu_times), os.getloadavg()[0]
    print(f"  CPU time: median {cpu:.2f} s; load average now {load:.1f}")
    print(f"  {page_count(pdf)} pages, {len(pdf) / 1024:.0f} KiB, {len(queries)} queries")
    if out:
        out.write_bytes(pdf)
        print(f"  written to {out}")
    for label, page_url in (
        ("tool page", reverse("roles_tool_detail", args=[tool.pk])),
        (
            "acts editor (teacher role)",
            reverse("roles_tool_role", args=[tool.pk, tool.roles.get(key="teacher").pk]),
        ),
        ("my role", reverse("my_role")),
    ):
        client.get(page_url)
        page_times = []
        reset_queries()
        with CaptureQueriesContext(connection) as page_queries:
            client.get(page_url)
        for _ in range(RUNS):
            started = time.perf_counter()
            assert client.get(page_url).status_code == 200
            page_times.append(time.perf_counter() - started)
        print(f"  {label}: median {statistics.median(page_times) * 1000:.0f} ms, {len(page_queries)} queries")


def compare_kinds(tool_pk: int, slides_out: Path | None) -> None:
    """The handbook and the slide deck printed from the same document, alternately (so a busy
    neighbour on the shared cores slows both alike); wall and CPU medians and their ratio."""
    from django.conf import settings

    from roles.documents import roles_tool_pdf, working_copy_print
    from roles.models import PdfKind, RolesTool

    tool = RolesTool.objects.select_related("school", "school_year").get(pk=tool_pk)
    document, _fingerprint, publication = working_copy_print(tool)

    def render(kind: str) -> bytes:
        return roles_tool_pdf(
            document,
            state=tool.state,
            publication=publication,
            live=True,
            base_url=settings.SITE_URL,
            kind=kind,
        )

    wall: dict[str, list[float]] = {PdfKind.HANDBOOK: [], PdfKind.SLIDES: []}
    cpu: dict[str, list[float]] = {PdfKind.HANDBOOK: [], PdfKind.SLIDES: []}
    pdfs = {kind: render(kind) for kind in wall}  # warm-up
    for _ in range(RUNS):
        for kind in wall:
            started, cpu_started = time.perf_counter(), time.process_time()
            pdfs[kind] = render(kind)
            wall[kind].append(time.perf_counter() - started)
            cpu[kind].append(time.process_time() - cpu_started)
    for kind, label in ((PdfKind.HANDBOOK, "handbook (A4)"), (PdfKind.SLIDES, "slide deck (16:9)")):
        print(
            f"  {label}: median {statistics.median(wall[kind]):.2f} s, "
            f"CPU {statistics.median(cpu[kind]):.2f} s, "
            f"{page_count(pdfs[kind])} pages, {len(pdfs[kind]) / 1024:.0f} KiB"
        )
    ratio = statistics.median(cpu[PdfKind.SLIDES]) / statistics.median(cpu[PdfKind.HANDBOOK])
    wall_ratio = statistics.median(wall[PdfKind.SLIDES]) / statistics.median(wall[PdfKind.HANDBOOK])
    print(f"  deck / handbook: {ratio:.2f} × CPU, {wall_ratio:.2f} × wall (goal ≤ 1.2)")
    if slides_out:
        slides_out.write_bytes(pdfs[PdfKind.SLIDES])
        print(f"  slide deck written to {slides_out}")


def main() -> None:
    import django
    from django.core.management import call_command

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the last PDF here")
    parser.add_argument("--slides-out", type=Path, help="write the last slide deck here")
    args = parser.parse_args()
    django.setup()
    call_command("migrate", verbosity=0)
    tool_pk = build(LANGUAGE)
    measure(tool_pk, args.out)
    compare_kinds(tool_pk, args.slides_out)


if __name__ == "__main__":
    main()
