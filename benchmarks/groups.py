#!/usr/bin/env python
"""Benchmark: invitations for a 40-member meeting, and scheduling 10,000 meeting reminders.

    .venv/bin/python benchmarks/groups.py                      # SQLite file in /tmp
    DATABASE_URL=postgres://root@127.0.0.1:5432/yhdessa_bench .venv/bin/python benchmarks/groups.py

Builds (once; reused on later runs) a municipality whose school's wellbeing group has 40 members who
receive mail: 34 staff with accounts, 3 guardian representatives and 3 external partners by e-mail
(one of them in Swedish), created through groups.services as the principal would.

(a) Invitations: RUNS times, a new meeting with a five-matter agenda; times `meeting_send_invitations`
    (the service call: one row per recipient, in its transaction) and then `notifications.sender.
    send_due`, which composes each message (with its calendar file, once the real kinds are in
    groups/notifications.py) and sends it through the locmem mail backend.
(b) Reminders: MEETINGS meetings of a second 40-member group, each through `meeting_create`, which
    schedules the members' reminders 7 and 1 days before (MEETINGS × 40 × 2 = 10,000 rows by default);
    then the same meetings moved by a day through `meeting_update` (old reminders cancelled, new ones
    scheduled with the next sequence).

Not part of the unit suite: timings here are measurements.
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
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/yhdessa-bench-groups.sqlite3")
os.environ.setdefault("AXES_ENABLED", "false")

RUNS = int(os.environ.get("BENCH_RUNS", 5))
MEETINGS = int(os.environ.get("BENCH_MEETINGS", 125))
SLUG = "ryhmakaupunki"
STAFF = 34
AGENDA = (
    "Kouluterveyskyselyn tulokset",
    "Kiusaamisen vastainen suunnitelma",
    "Välituntitoiminta",
    "Poissaolojen seurannan yhteiset käytännöt",
    "Tunne- ja vuorovaikutustaitojen teemaviikko",
)


def build() -> tuple[int, int, int]:
    """The municipality, its principal and two 40-member groups; returns (principal, group, group)."""
    import datetime

    from django.utils import timezone

    from groups.models import Attachment, MemberKind, WellbeingGroup
    from groups.services import structure
    from roles.models import Role, RoleKey, StaffAssignment
    from schools.models import Language, Membership, School, SchoolYear, User
    from schools.services import municipality_create
    from schools.tenancy import resolve_actor

    existing = list(
        WellbeingGroup.objects.filter(municipality__slug=SLUG).order_by("pk").values_list("pk", flat=True)
    )
    if len(existing) == 2:
        principal = StaffAssignment.objects.get(school__municipality__slug=SLUG, role__key=RoleKey.PRINCIPAL)
        return principal.user_id, existing[0], existing[1]
    started = time.perf_counter()
    city = municipality_create(name="Ryhmäkaupunki", slug=SLUG)
    today = timezone.localdate()
    start_year = today.year if today.month >= 8 else today.year - 1
    year = SchoolYear.objects.create(
        municipality=city,
        starts_on=datetime.date(start_year, 8, 1),
        ends_on=datetime.date(start_year + 1, 7, 31),
    )
    school = School.objects.create(
        municipality=city, name="Ylä-Kalliolan koulukeskus", stages=["primary", "lower_secondary"]
    )
    roles = {r.key: r for r in Role.objects.filter(municipality=city).exclude(key=RoleKey.OTHER)}
    staff = []
    for i in range(STAFF):
        user = User.objects.create(
            email=f"henkilo{i}@{SLUG}.fi", first_name="Päivi", last_name=f"Äijälä-Öhman {i + 1}", password="!"
        )
        Membership.objects.create(user=user, municipality=city)
        key = RoleKey.PRINCIPAL if i == 0 else RoleKey.TEACHER
        StaffAssignment.objects.create(user=user, school=school, role=roles[key], school_year=year)
        staff.append(user)
    actor = resolve_actor(staff[0], city.pk)
    level = {lv.attaches_to: lv for lv in structure.levels_install_default(municipality=city)}
    groups = []
    for name in ("Koulukeskuksen opiskeluhuoltoryhmä", "Laajennettu opiskeluhuoltoryhmä"):
        group = structure.group_create(
            actor=actor, level=level[Attachment.SCHOOL], name_fi=name, school=school
        )
        for user in staff:
            structure.member_add(actor=actor, group=group, kind=MemberKind.STAFF, user=user)
        for i in range(3):
            structure.member_add(
                actor=actor,
                group=group,
                kind=MemberKind.GUARDIAN,
                name=f"Huoltaja {i + 1}",
                email=f"huoltaja{i}@vanhemmat.example",
                language=Language.SWEDISH if i == 0 else Language.FINNISH,
                represents="Vanhempainyhdistys",
            )
            structure.member_add(
                actor=actor,
                group=group,
                kind=MemberKind.EXTERNAL,
                name=f"Yhteistyökumppani {i + 1}",
                email=f"kumppani{i}@seurakunta.example",
                represents="Seurakunnan nuorisotyö",
            )
        groups.append(group.pk)
    print(f"built a city with two 40-member groups in {time.perf_counter() - started:.1f} s")
    return staff[0].pk, groups[0], groups[1]


def _at(days: int, hour: int, minute: int = 0):
    import datetime

    from django.utils import timezone

    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def invitations(actor, group) -> None:
    from django.core import mail
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from groups.services import meetings
    from notifications import sender
    from notifications.models import Notification, Outcome

    service_times, send_times, service_queries, send_queries = [], [], [], []
    sent = skipped = ics = 0
    for run in range(RUNS):
        meeting = meetings.meeting_create(
            actor=actor,
            group=group,
            starts_at=_at(20 + run, 14),
            ends_at=_at(20 + run, 15, 30),
            place="Opettajainhuone",
        )
        for title in AGENDA:
            meetings.agenda_item_add(actor=actor, meeting=meeting, title=title)
        mail.outbox = []
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            count = meetings.meeting_send_invitations(actor=actor, meeting=meeting)
            service_times.append(time.perf_counter() - started)
        service_queries.append(len(queries))
        assert count == 40, count
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            sender.send_due()
            send_times.append(time.perf_counter() - started)
        send_queries.append(len(queries))
        rows = Notification.objects.filter(subject_id=meeting.pk, kind__contains="invitation")
        sent += rows.filter(outcome=Outcome.SENT).count()
        skipped += rows.filter(outcome=Outcome.SKIPPED).count()
        ics += sum(
            1
            for message in mail.outbox
            if any("calendar" in (getattr(a, "mimetype", None) or str(a)) for a in message.attachments)
            or "text/calendar" in str(getattr(message, "alternatives", ""))
        )
    print(f"(a) invitations for a 40-member meeting (40 recipients), {RUNS} runs")
    print(
        f"  meeting_send_invitations: median {statistics.median(service_times) * 1000:.0f} ms, "
        f"worst {max(service_times) * 1000:.0f} ms, {statistics.median(service_queries):.0f} queries"
    )
    print(
        f"  send_due (compose + locmem send): median {statistics.median(send_times) * 1000:.0f} ms, "
        f"worst {max(send_times) * 1000:.0f} ms, {statistics.median(send_queries):.0f} queries"
    )
    print(
        f"  {sent} sent, {skipped} skipped (a kind that composes nothing), {ics} mails with a calendar file"
    )


def reminders(actor, group) -> None:
    from groups.notifications import MEETING_REMINDER
    from groups.services import meetings
    from notifications.models import Notification

    rows = Notification.objects.filter(kind=MEETING_REMINDER, municipality=group.municipality_id)
    before = rows.count()
    made = []
    started = time.perf_counter()
    for i in range(MEETINGS):
        # 14–200 days ahead, so both the 7-day and the 1-day reminder are still to come.
        day = 14 + i % 180
        made.append(
            meetings.meeting_create(
                actor=actor, group=group, starts_at=_at(day, 8 + i % 8), ends_at=_at(day, 9 + i % 8)
            )
        )
    elapsed = time.perf_counter() - started
    new = rows.count() - before
    print(f"(b) {MEETINGS} meetings × 40 members × 2 reminders through meeting_create")
    print(
        f"  {new} reminders in {elapsed:.2f} s: {elapsed / MEETINGS * 1000:.0f} ms per meeting, "
        f"{new / elapsed:.0f} reminders/s"
    )
    started = time.perf_counter()
    for meeting in made:
        meetings.meeting_update(
            actor=actor,
            meeting=meeting,
            starts_at=meeting.starts_at + _one_day(),
            ends_at=meeting.ends_at + _one_day(),
        )
    elapsed = time.perf_counter() - started
    pending = rows.filter(outcome="", subject_id__in=[m.pk for m in made]).count()
    print(
        f"  moving them all (cancel {new}, schedule {pending} with the next sequence): {elapsed:.2f} s, "
        f"{elapsed / MEETINGS * 1000:.0f} ms per meeting"
    )


def _one_day():
    import datetime

    return datetime.timedelta(days=1)


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    import notifications.services as notification_services
    from groups.models import WellbeingGroup
    from schools.models import User
    from schools.tenancy import resolve_actor

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The services ask a worker to send what is due once they commit; here send_due is timed on its own.
    notification_services._send_soon = lambda: None
    call_command("migrate", verbosity=0)
    principal_pk, group_pk, second_pk = build()
    principal = User.objects.get(pk=principal_pk)
    group = WellbeingGroup.objects.get(pk=group_pk)
    actor = resolve_actor(principal, group.municipality_id)
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    invitations(actor, group)
    reminders(actor, WellbeingGroup.objects.get(pk=second_pk))


if __name__ == "__main__":
    main()
