#!/usr/bin/env python
"""Generator of a large city, "Suurkaupunki", for benchmarks/reports.py (issue 12, part 5).

    createdb -h 127.0.0.1 -U root yhdessa_bench_city     # once
    export DATABASE_URL=postgres://root@127.0.0.1:5432/yhdessa_bench_city
    .venv/bin/python benchmarks/city_generator.py
    .venv/bin/python benchmarks/city_generator.py                  # SQLite in /tmp, 20 schools by default
    ... city_generator.py --rebuild                                # empty the database and build again

Builds, once (a second run sees the city and does nothing), BENCH_SCHOOLS schools (150 on PostgreSQL;
mixed kinds, stages and languages, every tenth Swedish) with BENCH_PUPILS pupils in all (60,000) over
three school years (the current one and the two before): staff and their assignments, roles tools
(12 roles x about 5 acts, past years published, some with a second revision; this year a mix of none,
draft, in review and published), yearclocks copied from a 20-entry city template (past months mostly
done, some skipped or dropped), wellbeing groups on the four levels with members and meetings (held
ones with minutes, attendance and action items, some open and overdue), the absence model with the
pupils' monthly sums and the real standings recompute (`recompute_for_municipality`, once per school
year: signals and tier counts), evaluation criteria with submitted evaluations for the two past years,
and indicator values for all three. Rows are written with COPY on PostgreSQL (ids reserved from the
table's sequence first) and with `bulk_create` elsewhere. Prints the time of every part.

`build_city(...)` is also called by tests/benchmarks/test_city_generator.py at a tiny size.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import sys
import time
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def script_environment() -> None:
    """Defaults of a run from the command line (not on import: the unit suite imports this module)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/yhdessa-bench-city.sqlite3")
    os.environ.setdefault("AXES_ENABLED", "false")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")


SLUG = "suurkaupunki"
NAME = "Suurkaupunki"
BATCH = 5000
STAFF_KEYS = (
    "principal", "school_nurse", "psychologist", "social_worker", "special_needs_teacher",
    "study_counsellor", "youth_work", "doctor", "teacher", "teacher", "teacher", "teacher",
    "teacher", "teacher", "teacher", "teacher",
)  # fmt: skip
CLASS_LETTERS = "ABCD"
# The months of a school year with lessons, in order.
SCHOOL_MONTHS = (8, 9, 10, 11, 12, 1, 2, 3, 4, 5)
MONTH_DAYS = {8: 15, 9: 22, 10: 18, 11: 21, 12: 14, 1: 18, 2: 15, 3: 21, 4: 18, 5: 19}
EVALUATION_THEMES = (
    ("Yhteisöllinen opiskeluhuolto koulun arjessa", "Gemensam elevhälsa i skolvardagen", (
        ("Opiskeluhuoltoryhmä kokoontuu suunnitellusti ja pöytäkirjat hyväksytään.",
         "Elevhälsogruppen sammanträder planenligt och protokollen godkänns."),
        ("Henkilöstö tuntee roolinsa yhteisöllisessä opiskeluhuollossa.",
         "Personalen känner sin roll i den gemensamma elevhälsan."),
        ("Vuosikellon tehtävät toteutuvat ajallaan.", "Årsklockans uppgifter genomförs i tid."),
        ("Poissaolojen porrasmalli on käytössä kaikilla luokilla.",
         "Frånvaromodellen används i alla klasser."),
    )),
    ("Osallisuus", "Delaktighet", (
        ("Oppilaat osallistuvat opiskeluhuollon suunnitteluun.",
         "Eleverna deltar i planeringen av elevhälsan."),
        ("Huoltajat ovat mukana koulun hyvinvointityössä.",
         "Vårdnadshavarna deltar i skolans välfärdsarbete."),
        ("Oppilaskunta käsittelee kouluterveyskyselyn tuloksia.",
         "Elevkåren behandlar resultaten från hälsoenkäten."),
        ("Yhteistyökumppanit tuntevat koulun toimintatavat.",
         "Samarbetspartnerna känner skolans arbetssätt."),
    )),
    ("Turvallisuus ja kiusaamisen ehkäisy", "Trygghet och förebyggande av mobbning", (
        ("Kiusaamisen ehkäisyn suunnitelma on päivitetty.", "Planen mot mobbning är uppdaterad."),
        ("Kriisisuunnitelma on harjoiteltu henkilöstön kanssa.", "Krisplanen har övats med personalen."),
        ("Välituntitoiminta tukee kaikkien oppilaiden hyvinvointia.",
         "Rastverksamheten stöder alla elevers välbefinnande."),
        ("Turvallisuuskävelyn havainnot on käsitelty.",
         "Iakttagelserna från trygghetsvandringen har behandlats."),
    )),
)  # fmt: skip
INDICATORS = (
    ("ilo-koulunkaynnista", "Kokee koulunkäynnin ilona", "Upplever glädje i skolgången", "KTK", "%", True),
    ("kiusattu-viikoittain", "Kiusattu vähintään kerran viikossa", "Mobbad minst en gång i veckan", "KTK",
     "%", False),
    ("osa-yhteisoa", "Kokee olevansa osa kouluyhteisöä", "Känner sig delaktig i skolgemenskapen", "KTK", "%",
     True),
    ("teaviisari", "TEAviisari: koulun terveyden edistäminen", "TEAviisari", "TEAviisari", "p", True),
)  # fmt: skip
AGENDA = (
    "Kouluterveyskyselyn tulokset", "Kiusaamisen vastainen suunnitelma", "Välituntitoiminta",
    "Poissaolojen seurannan yhteiset käytännöt", "Tunne- ja vuorovaikutustaitojen teemaviikko",
    "Nivelvaiheen yhteistyö", "Vuosikellon tilanne",
)  # fmt: skip


# --- Writing rows ------------------------------------------------------------------------------


def _text(value: object) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _reserve_ids(model, count: int) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(model, columns: list[str], rows) -> int:
    """COPY tuples of ready values (PostgreSQL): the fastest way in; no ids come back."""
    from django.db import connection

    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join(_text(v) for v in row))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        cursor.cursor.copy_expert(f"COPY {model._meta.db_table} ({names}) FROM STDIN", buffer)
    return count


def insert(model, objects, copy_from: int = 500) -> list:
    """Save unsaved instances, their ids set: COPY (ids from the sequence) on PostgreSQL when there are
    many, `bulk_create` otherwise. `auto_now` fields and defaults are filled as a save would."""
    from django.db import connection, models

    objects = list(objects)
    if not objects:
        return objects
    if connection.vendor != "postgresql" or len(objects) < copy_from:
        return model.objects.bulk_create(objects, batch_size=BATCH)
    for obj, pk in zip(objects, _reserve_ids(model, len(objects)), strict=True):
        obj.pk = pk
    fields = list(model._meta.concrete_fields)

    def values(obj):
        for field in fields:
            value = field.pre_save(obj, add=True)
            if isinstance(field, models.JSONField):
                yield json.dumps(value)
            else:
                yield field.get_db_prep_save(value, connection)

    copy_rows(model, [f.column for f in fields], (tuple(values(o)) for o in objects))
    return objects


# --- The build -----------------------------------------------------------------------------------


class Timer:
    def __init__(self, verbose: bool = True) -> None:
        self.parts: dict[str, float] = {}
        self.verbose = verbose

    @contextmanager
    def part(self, name: str):
        started = time.perf_counter()
        yield
        took = time.perf_counter() - started
        self.parts[name] = took
        if self.verbose:
            print(f"  {name:34} {took:7.1f} s", flush=True)


def school_years_for(today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    current = today.year if today.month >= 8 else today.year - 1
    return [
        (datetime.date(y, 8, 10 + (y % 3)), datetime.date(y + 1, 7, 31))
        for y in (current - 2, current - 1, current)
    ]


def _month_date(year, month: int) -> datetime.date:
    return datetime.date(year.starts_on.year if month >= 8 else year.starts_on.year + 1, month, 1)


def _aware(day: datetime.date, hour: int, minute: int = 0):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _school_spec(i: int) -> tuple[str, str, str, list[str], range]:
    """(name, kind, language, stages, grades) of the i-th school: a realistic mix."""
    swedish = i % 10 == 3
    pattern = i % 6
    if pattern in (0, 1):
        kind, stages, grades, word = (
            "school_centre",
            ["primary", "lower_secondary"],
            range(1, 10),
            "koulukeskus",
        )
    elif pattern in (2, 3, 4):
        kind, stages, grades, word = "school", ["pre_early", "primary"], range(0, 7), "koulu"
    else:
        kind, stages, grades, word = "school", ["lower_secondary"], range(7, 10), "yläkoulu"
    if i % 25 == 24:
        kind, stages, grades, word = "school", ["upper_secondary"], range(10, 13), "lukio"
    if swedish:
        word = {
            "koulukeskus": "skolcentrum",
            "koulu": "skola",
            "yläkoulu": "högstadieskola",
            "lukio": "gymnasium",
        }
        return f"Kvarter {i + 1:03d} {word[_word(kind, stages)]}", kind, "sv", stages, grades
    return f"Kortteli {i + 1:03d} {word}", kind, "fi", stages, grades


def _word(kind: str, stages: list[str]) -> str:
    if stages == ["upper_secondary"]:
        return "lukio"
    if kind == "school_centre":
        return "koulukeskus"
    return "yläkoulu" if stages == ["lower_secondary"] else "koulu"


def build_city(
    *,
    schools: int = 150,
    pupils: int = 60_000,
    slug: str = SLUG,
    name: str = NAME,
    today: datetime.date | None = None,
    seed: int = 12,
    verbose: bool = True,
) -> dict:
    """Build the city unless it exists; returns {"municipality": id, "built": bool, "parts": {…}}."""
    from django.db import transaction
    from django.utils import timezone

    from schools.models import Municipality

    existing = Municipality.objects.filter(slug=slug).first()
    if existing is not None:
        if verbose:
            print(f"{name} exists (municipality {existing.pk}): nothing to build; --rebuild builds it again")
        return {"municipality": existing.pk, "built": False, "parts": {}}
    today = today or timezone.localdate()
    timer = Timer(verbose)
    rng = random.Random(seed)
    started = time.perf_counter()
    with (
        mock.patch("notifications.services._send_soon", lambda: None),
        mock.patch("absences.notifications._send_soon", lambda: None),
    ):
        with transaction.atomic():
            ctx = _Build(schools=schools, pupils=pupils, slug=slug, name=name, today=today, rng=rng)
            with timer.part("municipality, schools, staff"):
                ctx.organisation()
            with timer.part("roles tools"):
                ctx.roles_tools()
            with timer.part("yearclocks"):
                ctx.yearclocks()
            with timer.part("groups, meetings, action items"):
                ctx.groups()
            with timer.part("pupils and monthly absences"):
                ctx.absences()
            with timer.part("evaluations and indicators"):
                ctx.evaluations()
        # Outside the build's transaction: the real service, as the nightly task runs it.
        with timer.part("standings recompute (per year)"):
            ctx.recompute()
    total = time.perf_counter() - started
    if verbose:
        print(f"  {'total':34} {total:7.1f} s")
    return {
        "municipality": ctx.city.pk,
        "built": True,
        "parts": timer.parts,
        "total": total,
        "counts": ctx.counts,
    }


class _Build:
    def __init__(self, *, schools, pupils, slug, name, today, rng) -> None:
        self.n_schools, self.n_pupils, self.slug, self.name = schools, pupils, slug, name
        self.today, self.rng = today, rng
        self.counts: dict[str, int] = {}

    # Municipality, school years, schools, people --------------------------------------------------
    def organisation(self) -> None:
        from django.contrib.auth.hashers import make_password

        from roles.models import Role, StaffAssignment
        from roles.services import sections_install_standard
        from schools.models import Membership, School, SchoolYear, Term, User
        from schools.services import municipality_create

        self.city = city = municipality_create(name=self.name, slug=self.slug)
        self.years = [
            SchoolYear.objects.create(municipality=city, starts_on=s, ends_on=e)
            for s, e in school_years_for(self.today)
        ]
        for year in self.years:
            y = year.starts_on.year
            Term.objects.create(
                school_year=year, kind="autumn", starts_on=year.starts_on, ends_on=datetime.date(y, 12, 21)
            )
            Term.objects.create(
                school_year=year, kind="spring", starts_on=datetime.date(y + 1, 1, 7),
                ends_on=datetime.date(y + 1, 6, 1),
            )  # fmt: skip
        self.roles = {r.key: r for r in Role.objects.filter(municipality=city, is_active=True)}
        self.sections = list(sections_install_standard(municipality=city))
        specs = [_school_spec(i) for i in range(self.n_schools)]
        self.schools = insert(
            School,
            (
                School(municipality=city, name=n, kind=k, language=lang, stages=st)
                for n, k, lang, st, _g in specs
            ),
        )
        self.grades = {s.pk: spec[4] for s, spec in zip(self.schools, specs, strict=True)}
        password = make_password(None)  # unusable: the bench signs in with force_login
        self.coordinator = User.objects.create(
            email=f"koordinaattori@{self.slug}.fi", first_name="Kaisa", last_name="Koordinaattori",
            password=password,
        )  # fmt: skip
        users = []
        for s, school in enumerate(self.schools):
            for j in range(len(STAFF_KEYS)):
                users.append(
                    User(
                        email=f"s{s:03d}-{j:02d}@{self.slug}.fi", first_name=("Päivi", "Matti", "Åsa")[j % 3],
                        last_name=f"Äijälä-{s:03d}-{j:02d}", password=password,
                        preferred_language=school.language if school.language in ("fi", "sv") else "fi",
                    )
                )  # fmt: skip
        users = insert(User, users)
        insert(
            Membership,
            [Membership(user=self.coordinator, municipality=city, is_coordinator=True)]
            + [Membership(user=u, municipality=city) for u in users],
        )
        self.staff = {
            school.pk: users[s * len(STAFF_KEYS) : (s + 1) * len(STAFF_KEYS)]
            for s, school in enumerate(self.schools)
        }
        insert(
            StaffAssignment,
            (
                StaffAssignment(user=u, school=school, role=self.roles[STAFF_KEYS[j]], school_year=year)
                for school in self.schools
                for j, u in enumerate(self.staff[school.pk])
                for year in self.years
            ),
        )
        self.counts.update(schools=len(self.schools), staff=len(users) + 1)

    def principal(self, school):
        return self.staff[school.pk][0]

    # Roles tools ----------------------------------------------------------------------------------
    def roles_tools(self) -> None:
        from django.utils import timezone

        from benchmarks.roles_tool import ACTS
        from roles.models import PracticalAct, RolesTool, RolesToolRevision, ToolState
        from roles.selectors import tool_document

        rng, current = self.rng, self.years[-1]
        roles = sorted(self.roles.values(), key=lambda r: (r.order, r.pk))[:12]
        tools, plans = [], []
        for s, school in enumerate(self.schools):
            for year in self.years:
                if year is current:
                    state = (None, "published", "draft", "in_review", "published", "draft")[s % 6]
                    if state is None:
                        continue
                else:
                    state = "published" if rng.random() < 0.93 else "draft"
                revisions = (2 if rng.random() < 0.25 else 1) if state == "published" else 0
                tools.append(
                    RolesTool(
                        school=school, school_year=year, state=state, revision=max(revisions, 1),
                        created_by=self.principal(school),
                        deadline=year.starts_on + datetime.timedelta(days=30),
                    )
                )  # fmt: skip
                plans.append(revisions)
        tools = insert(RolesTool, tools)
        through = RolesTool.roles.through
        insert(through, (through(rolestool_id=t.pk, role_id=r.pk) for t in tools for r in roles))
        acts = []
        for t, tool in enumerate(tools):
            people = self.staff[tool.school_id]
            for r, role in enumerate(roles):
                for a in range(4 + (t + r) % 3):  # 4–6 acts a role, about 5
                    text, months, with_whom = ACTS[(r * 3 + a + t) % len(ACTS)]
                    acts.append(
                        PracticalAct(
                            tool=tool, role=role, section=self.sections[0 if a < 2 else -1], text=text,
                            months=months, with_whom=with_whom, order=a + 1, updated_by=people[0],
                            responsible=people[(r + a) % len(people)] if a % 3 == 0 else None,
                        )
                    )  # fmt: skip
        insert(PracticalAct, acts)
        revisions = []
        for tool, count in zip(tools, plans, strict=True):
            if not count:
                continue
            document = tool_document(tool)
            for number in range(1, count + 1):
                published = _aware(tool.school_year.starts_on + datetime.timedelta(days=20 + 60 * number), 12)
                revisions.append(
                    RolesToolRevision(
                        tool=tool, number=number, published_at=min(published, timezone.now()),
                        published_by=self.principal(tool.school), document=document,
                    )
                )  # fmt: skip
        insert(RolesToolRevision, revisions)
        self.tools = tools
        self.counts.update(
            roles_tools=len(tools), acts=len(acts), revisions=len(revisions),
            published=sum(1 for t in tools if t.state == ToolState.PUBLISHED),
        )  # fmt: skip

    # Yearclocks -----------------------------------------------------------------------------------
    def yearclocks(self) -> None:
        from benchmarks.yearclock_digest import THEMES
        from schools.tenancy import resolve_actor
        from yearclock.models import EntrySource, EntryStatus, TemplateEntry, Yearclock, YearclockEntry
        from yearclock.services import template

        rng = self.rng
        actor = resolve_actor(self.coordinator, self.city.pk)
        self.coordinator_actor = actor
        for theme, start, end in THEMES:
            template.template_entry_create(
                actor=actor, theme=theme, start_month=start, end_month=end,
                evaluation_sources=["school_health_survey", "teaviisari"] if "arviointi" in theme else [],
            )  # fmt: skip
        template_entries = list(
            TemplateEntry.objects.filter(template__municipality=self.city).order_by("order", "id")
        )
        clocks = insert(
            Yearclock,
            (
                Yearclock(school=school, school_year=year, created_by=self.principal(school))
                for school in self.schools
                for year in self.years
            ),
        )
        entries = []
        self.evaluation_entries: dict[tuple[int, int], YearclockEntry] = {}
        position = {m: i for i, m in enumerate((8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7))}
        for clock in clocks:
            year = clock.school_year
            staff = self.staff[clock.school_id]
            now_pos = 12 if self.today > year.ends_on else position[self.today.month]
            own = [("Koulun oma teemaviikko", 2, 2), ("Liikunnallinen välituntikampanja", 9, 10)]
            rows = [(t, t.theme, t.start_month, t.end_month, EntrySource.CITY) for t in template_entries]
            rows += [(None, theme, start, end, EntrySource.SCHOOL) for theme, start, end in own]
            for order, (t, theme, start, end, source) in enumerate(rows, start=1):
                end_pos = position[end] if position[end] >= position[start] else 11
                status, reason, dropped = EntryStatus.PLANNED, "", False
                roll = rng.random()
                if source == EntrySource.CITY and roll < 0.05:
                    dropped = True
                elif end_pos < now_pos:
                    if roll < 0.84:
                        status = EntryStatus.DONE
                    elif roll < 0.9:
                        status, reason = EntryStatus.SKIPPED, "Siirtyi henkilöstövajeen vuoksi"
                    elif roll < 0.95:
                        status = EntryStatus.IN_PROGRESS
                elif position[start] <= now_pos:
                    status = EntryStatus.IN_PROGRESS if roll < 0.6 else EntryStatus.PLANNED
                entry = YearclockEntry(
                    yearclock=clock, source=source, template_entry=t, theme=theme, start_month=start,
                    end_month=end, order=order, status=status, skip_reason=reason, dropped=dropped,
                    owner=staff[order % len(staff)], is_evaluation=theme == "Lukuvuoden arviointi",
                    evaluation_sources=list(t.evaluation_sources) if t else [],
                )  # fmt: skip
                if entry.is_evaluation:
                    self.evaluation_entries[(clock.school_id, year.pk)] = entry
                entries.append(entry)
        insert(YearclockEntry, entries)
        self.clocks = clocks
        self.counts.update(yearclocks=len(clocks), yearclock_entries=len(entries))

    # Groups -----------------------------------------------------------------------------------------
    def groups(self) -> None:
        from groups.models import (
            ActionItem,
            ActionStatus,
            AgendaItem,
            Attachment,
            Attendance,
            GroupLevel,
            GroupMember,
            Meeting,
            MeetingState,
            MemberKind,
            MinutesState,
            WellbeingGroup,
        )  # fmt: skip

        rng, now = self.rng, _aware(self.today, 23, 59)  # meetings before then were held
        levels = {lv.attaches_to: lv for lv in GroupLevel.objects.filter(municipality=self.city)}
        groups: list[tuple[WellbeingGroup, list, object]] = []  # (group, staff users, convener)
        city_group = WellbeingGroup(
            municipality=self.city, level=levels[Attachment.MUNICIPALITY],
            name_fi="Kaupungin opiskeluhuoltoryhmä",
            name_sv="Stadens elevhälsogrupp",
        )  # fmt: skip
        principals = [self.principal(s) for s in self.schools[:12]]
        groups.append((city_group, [self.coordinator, *principals], self.coordinator))
        school_groups = {}
        for s, school in enumerate(self.schools):
            staff = self.staff[school.pk]
            group = WellbeingGroup(
                municipality=self.city, level=levels[Attachment.SCHOOL], school=school,
                name_fi=f"{school.name}: opiskeluhuoltoryhmä", name_sv=f"{school.name}: elevhälsogrupp",
            )  # fmt: skip
            school_groups[school.pk] = group
            groups.append((group, staff[:10], staff[0]))
            for k, stage in enumerate(school.stages if len(school.stages) > 1 else []):
                groups.append(
                    (
                        WellbeingGroup(
                            municipality=self.city,
                            level=levels[Attachment.STAGE],
                            school=school,
                            stage=stage,
                            name_fi=f"{school.name}: vaiheryhmä {k + 1}",
                        ),  # fmt: skip
                        [staff[0], staff[1], staff[4], *staff[8 + 3 * k : 11 + 3 * k]],
                        staff[0],
                    )
                )
            if s % 3 == 0:
                groups.append(
                    (
                        WellbeingGroup(
                            municipality=self.city,
                            level=levels[Attachment.PARENT],
                            school=school,
                            name_fi=f"{school.name}: kiusaamisen ehkäisyn työryhmä",
                            purpose="Kiusaamisen ehkäisyn suunnitelman päivitys.",
                        ),  # fmt: skip
                        [staff[0], staff[3], staff[8], staff[9]],
                        staff[0],
                    )
                )
        insert(
            WellbeingGroup,
            [g for g, _s, _c in groups if g.parent_id is None and g.level.attaches_to != "parent"],
        )
        for group, _staff, _c in groups:
            if group.level.attaches_to == Attachment.PARENT:
                group.parent = school_groups[group.school_id]
        insert(WellbeingGroup, [g for g, _s, _c in groups if g.level.attaches_to == Attachment.PARENT])
        staff_role = {}
        for school in self.schools:
            for j, u in enumerate(self.staff[school.pk]):
                staff_role[u.pk] = self.roles[STAFF_KEYS[j]]
        members_of: dict[int, list[GroupMember]] = {}
        members = []
        for group, staff, _convener in groups:
            mine = [
                GroupMember(group=group, kind=MemberKind.STAFF, user=u, role=staff_role.get(u.pk))
                for u in staff
            ]
            if group.school_id and group.level.attaches_to == Attachment.SCHOOL:
                mine += [
                    GroupMember(
                        group=group, kind=MemberKind.GUARDIAN, name=f"Huoltaja {group.school_id}",
                        email=f"huoltaja{group.school_id}@vanhemmat.example", represents="Vanhempainyhdistys",
                    ),
                    GroupMember(group=group, kind=MemberKind.PUPIL, name="Oppilaskunnan edustaja",
                                represents="Oppilaskunta", name_in_documents=False),
                    GroupMember(
                        group=group, kind=MemberKind.EXTERNAL, name="Nuorisotyöntekijä",
                        email=f"nuoriso{group.school_id}@kaupunki.example", represents="Nuorisopalvelut",
                    ),
                ]  # fmt: skip
            members_of[id(group)] = mine
            members += mine
        insert(GroupMember, members)
        per_year = {
            Attachment.MUNICIPALITY: (9, 11, 2, 4), Attachment.SCHOOL: (8, 10, 12, 2, 4, 5),
            Attachment.STAGE: (9, 11, 2, 4), Attachment.PARENT: (10, 1, 3),
        }  # fmt: skip
        meetings, plan = [], []
        for group, staff, convener in groups:
            for year in self.years:
                for k, month in enumerate(per_year[group.level.attaches_to]):
                    day = _month_date(year, month) + datetime.timedelta(days=7 + (group.pk + k) % 14)
                    starts = _aware(day, 14)
                    held = starts < now
                    meeting = Meeting(
                        group=group, title="", starts_at=starts,
                        ends_at=starts + datetime.timedelta(minutes=90),
                        place="Opettajainhuone", created_by=convener,
                        state=MeetingState.INVITED if held or rng.random() < 0.5 else MeetingState.PLANNED,
                        invited_sequence=0 if held else None,
                    )  # fmt: skip
                    if held:
                        approved = starts < now - datetime.timedelta(days=14) or rng.random() < 0.5
                        meeting.minutes_state = MinutesState.APPROVED if approved else MinutesState.DRAFT
                        meeting.minutes_general = "Käytiin läpi vuosikellon ajankohtaiset asiat."
                        if approved:
                            meeting.minutes_approved_at = starts + datetime.timedelta(days=3)
                            meeting.minutes_approved_by = convener
                    meetings.append(meeting)
                    plan.append((group, staff, convener, held))
        insert(Meeting, meetings)
        agenda, attendance, actions = [], [], []
        for meeting, (group, staff, convener, held) in zip(meetings, plan, strict=True):
            items = [
                AgendaItem(
                    meeting=meeting,
                    order=i + 1,
                    title=AGENDA[(meeting.pk + i) % len(AGENDA)],
                    minutes="Keskusteltiin ja sovittiin jatkosta." if held else "",
                    decision="Hyväksyttiin." if held and i == 0 else "",
                )  # fmt: skip
                for i in range(3)
            ]
            agenda += items
            if not held:
                continue
            for member in members_of[id(group)]:
                roll = rng.random()
                status = "present" if roll < 0.85 else ("excused" if roll < 0.95 else "absent")
                attendance.append(Attendance(meeting=meeting, member=member, status=status))
            for i in range(1 + meeting.pk % 2):
                due = meeting.starts_at.date() + datetime.timedelta(days=21 + 14 * i)
                roll = rng.random()
                if due < self.today - datetime.timedelta(days=60):
                    status = ActionStatus.DONE if roll < 0.9 else ActionStatus.OPEN  # a few forgotten
                else:
                    status = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE)[int(roll * 3)]
                actions.append(
                    ActionItem(
                        municipality=self.city, meeting=meeting, agenda_item=items[i],
                        what=f"Valmistella: {items[i].title}",
                        owner=staff[(i + 1) % len(staff)], due_on=due, status=status, created_by=convener,
                        completed_at=(
                            meeting.starts_at + datetime.timedelta(days=10)
                            if status == ActionStatus.DONE
                            else None
                        ),
                    )
                )  # fmt: skip
        insert(AgendaItem, agenda)
        insert(Attendance, attendance)
        insert(ActionItem, actions)
        self.school_groups = school_groups
        self.counts.update(
            groups=len(groups), group_members=len(members), meetings=len(meetings),
            attendance=len(attendance),
            action_items=len(actions),
        )  # fmt: skip

    # Absences -----------------------------------------------------------------------------------------
    def absences(self) -> None:
        from django.db import connection
        from django.utils import timezone

        from absences.models import AttendanceModel, Pupil, PupilMonth, Tier, TierStep

        rng = self.rng
        specs = [
            ("Tehostettu tuki", "Intensifierat stöd", "percent", "10", "school_year", [], "teacher"),
            ("Erityinen tuki", "Särskilt stöd", "percent", "20", "school_year", [], "principal"),
            (
                "Luvattomat poissaolot",
                "Olovlig frånvaro",
                "hours",
                "30",
                "term",
                ["unexcused"],
                "school_nurse",
            ),
        ]
        for year in self.years:
            model = AttendanceModel.objects.create(municipality=self.city, school_year=year)
            for order, (fi, sv, kind, threshold, period, classes, role_key) in enumerate(specs, start=1):
                tier = Tier.objects.create(
                    model=model, order=order, name_fi=fi, name_sv=sv, kind=kind, threshold=Decimal(threshold),
                    period=period, classes=classes,
                )  # fmt: skip
                step = TierStep.objects.create(
                    tier=tier, order=1, title="Yhteydenotto kotiin", involves_guardian=True
                )
                step.roles.add(self.roles[role_key])
        per_school, extra = divmod(self.n_pupils, len(self.schools))
        pupils = []
        now = timezone.now()
        for s, school in enumerate(self.schools):
            grades = list(self.grades[school.pk])
            teachers = self.staff[school.pk][8:]
            for i in range(per_school + (1 if s < extra else 0)):
                grade = grades[i % len(grades)]
                klass = (i // len(grades)) % len(CLASS_LETTERS)
                pupils.append(
                    Pupil(
                        municipality=self.city, school=school, source_id=f"{school.pk}-{i:05d}",
                        first_name=("Aino", "Eino", "Linnea", "Onni", "Ella", "Elias")[i % 6],
                        last_name=f"Oppilas{i:05d}", group_name=f"{grade}{CLASS_LETTERS[klass]}", grade=grade,
                        homeroom_teacher=teachers[(grade + klass) % len(teachers)],
                        created_at=now, updated_at=now,
                    )
                )  # fmt: skip
        pupils = insert(Pupil, pupils)
        columns = [
            "municipality_id", "school_id", "school_year_id", "pupil_id", "month", "days", "lessons_held",
            "held_known", "excused", "unexcused", "other",
        ]  # fmt: skip
        rates = [rng.choice((0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.25)) for _ in pupils]

        def rows():
            for year in self.years:
                months = [m for m in SCHOOL_MONTHS if _month_date(year, m) <= self.today]
                for p, rate in zip(pupils, rates, strict=True):
                    for m in months:
                        held = MONTH_DAYS[m] * 5
                        absent = int(held * rate * rng.uniform(0.5, 1.5))
                        unexcused = absent // 5
                        other = absent // 10
                        yield (
                            self.city.pk, p.school_id, year.pk, p.pk, _month_date(year, m),
                            MONTH_DAYS[m], held,
                            True, absent - unexcused - other, unexcused, other,
                        )  # fmt: skip

        if connection.vendor == "postgresql":
            months = copy_rows(PupilMonth, columns, rows())
        else:
            objs = [PupilMonth(**dict(zip(columns, row, strict=True))) for row in rows()]
            months = len(PupilMonth.objects.bulk_create(objs, batch_size=BATCH))
        self.counts.update(pupils=len(pupils), pupil_months=months)

    def recompute(self) -> None:
        from absences.models import Signal, TierCount
        from absences.standings import recompute_for_municipality

        for year in self.years:
            recompute_for_municipality(self.city, year, today=min(year.ends_on, self.today))
        settle_notifications(self.city.pk)
        self.counts.update(
            signals=Signal.objects.filter(municipality=self.city).count(),
            tier_counts=TierCount.objects.filter(municipality=self.city).count(),
        )

    # Evaluation and indicators ----------------------------------------------------------------------
    def evaluations(self) -> None:
        from django.utils import timezone

        from reports.models import (
            EvaluationAnswer,
            EvaluationCriterion,
            EvaluationStatus,
            EvaluationTheme,
            Indicator,
            IndicatorValue,
            SchoolEvaluation,
        )  # fmt: skip

        rng = self.rng
        criteria = []
        for order, (fi, sv, statements) in enumerate(EVALUATION_THEMES, start=1):
            theme = EvaluationTheme.objects.create(municipality=self.city, name=fi, name_sv=sv, order=order)
            for k, (statement, statement_sv) in enumerate(statements, start=1):
                criteria.append(
                    EvaluationCriterion(
                        municipality=self.city,
                        theme=theme,
                        statement=statement,
                        statement_sv=statement_sv,
                        order=k,
                    )
                )
        criteria = EvaluationCriterion.objects.bulk_create(criteria)
        evaluations, base = [], {}
        for s, school in enumerate(self.schools):
            base[school.pk] = 2 + (s % 3) * 0.5
            for year in self.years:
                if year is self.years[-1]:
                    if s % 4:
                        continue
                    status, submitted_at, by = EvaluationStatus.DRAFT, None, None
                else:
                    status = EvaluationStatus.SUBMITTED
                    submitted_at = _aware(datetime.date(year.ends_on.year, 5, 28), 15)
                    by = self.principal(school)
                evaluations.append(
                    SchoolEvaluation(
                        school=school, school_year=year, status=status, submitted_at=submitted_at,
                        submitted_by=by, yearclock_entry=self.evaluation_entries.get((school.pk, year.pk)),
                        summary="Yhteisöllinen opiskeluhuolto toteutui pääosin suunnitellusti." if by else "",
                    )
                )  # fmt: skip
        evaluations = insert(SchoolEvaluation, evaluations)
        answers = []
        for evaluation in evaluations:
            years_in = [y.pk for y in self.years].index(evaluation.school_year_id)
            for criterion in criteria:
                if evaluation.status == EvaluationStatus.DRAFT and criterion.order > 2:
                    continue
                score = round(base[evaluation.school_id] + 0.3 * years_in + rng.uniform(-1, 1))
                answers.append(
                    EvaluationAnswer(
                        evaluation=evaluation, criterion=criterion, score=max(1, min(4, score)),
                        comment="Kehitettävää vielä." if score <= 2 else "",
                    )
                )  # fmt: skip
        insert(EvaluationAnswer, answers)
        indicators = [
            Indicator.objects.create(
                municipality=self.city,
                code=code,
                name=name,
                name_sv=name_sv,
                source=source,
                unit=unit,
                higher_is_better=better,
                order=order,
            )  # fmt: skip
            for order, (code, name, name_sv, source, unit, better) in enumerate(INDICATORS, start=1)
        ]
        values = []
        now = timezone.now()
        for school in self.schools:
            for y, year in enumerate(self.years):
                for k, indicator in enumerate(indicators):
                    centre = (60, 7, 70, 75)[k]
                    value = centre + rng.uniform(-10, 10) + (y if indicator.higher_is_better else -y)
                    values.append(
                        IndicatorValue(
                            indicator=indicator, school=school, school_year=year,
                            value=Decimal(f"{max(value, 0):.2f}"), imported_at=now,
                        )
                    )  # fmt: skip
        insert(IndicatorValue, values)
        self.counts.update(evaluations=len(evaluations), answers=len(answers), indicator_values=len(values))


def settle_notifications(municipality_id: int) -> int:
    """Mark the city's unsent notifications (the signals of the recompute, long ago in the story) as sent,
    so that a later `send_due` in benchmarks/reports.py sends only what it measures."""
    from django.db.models import F

    from notifications.models import Notification, Outcome

    return Notification.objects.filter(municipality_id=municipality_id, outcome="").update(
        outcome=Outcome.SENT, sent_at=F("due_at")
    )


# --- Command line ----------------------------------------------------------------------------------


def migrate_if_needed() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"  migrate                            {time.perf_counter() - started:7.1f} s")


def empty_database() -> None:
    """--rebuild: the bench database holds only generated data; emptying it (TRUNCATE) is far faster
    than deleting a city of two million rows through the ORM."""
    from django.core.management import call_command

    from schools.models import Municipality

    others = Municipality.objects.exclude(slug=SLUG).count()
    if others:
        raise SystemExit(
            f"--rebuild empties the whole database, and it holds {others} other municipalities: "
            "use a database of its own (see the README) or drop it by hand."
        )
    started = time.perf_counter()
    call_command("flush", interactive=False, verbosity=0)
    print(f"  emptied the database               {time.perf_counter() - started:7.1f} s")


def default_size() -> tuple[int, int]:
    from django.db import connection

    big = connection.vendor == "postgresql"
    schools = int(os.environ.get("BENCH_SCHOOLS", 150 if big else 20))
    pupils = int(os.environ.get("BENCH_PUPILS", 400 * schools))
    return schools, pupils


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="empty the database and build the city again")
    args = parser.parse_args()
    django.setup()
    from django.db import connection

    migrate_if_needed()
    if args.rebuild:
        empty_database()
    schools, pupils = default_size()
    print(
        f"{NAME} on {connection.vendor} ({connection.settings_dict['NAME']}): "
        f"{schools} schools, {pupils} pupils"
    )
    result = build_city(schools=schools, pupils=pupils)
    if result["built"]:
        print("  " + ", ".join(f"{k} {v:,}" for k, v in result["counts"].items()))
        goal = "met" if result["total"] < 300 else "NOT met"
        print(f"  build {result['total']:.0f} s (goal < 5 min: {goal})")


if __name__ == "__main__":
    script_environment()
    main()
