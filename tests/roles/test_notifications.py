"""The roles tool's e-mails: the publication notice and the deadline reminders, each sent once, in the
recipient's language, through the notifications app's sender and the Celery tasks."""

import datetime
import smtplib

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from config.celery import app as celery_app
from notifications.models import Notification, Outcome
from notifications.sender import send_due
from notifications.tasks import send_due_notifications
from roles import services
from roles.models import ActSection, RoleKey, RolesTool, StaffAssignment
from roles.notifications import DEADLINE_REMINDER, TOOL_PUBLISHED
from roles.tasks import queue_deadline_reminders
from schools.models import Membership, SchoolYear, User
from schools.services import member_set_active
from tests.factories import assign, publishable, role

R = RoleKey
DEADLINE = datetime.date(2026, 12, 18)
REFUSED: set[str] = set()


class RefusingBackend(EmailBackend):
    """The outbox, except that the mail server refuses the addresses in REFUSED (an SMTP hiccup)."""

    def send_messages(self, messages):
        for message in messages:
            refused = set(message.to) & REFUSED
            if refused:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"mailbox unavailable")))
        return super().send_messages(messages)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment in local (Helsinki) time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def add_act(city, tool, key, text="Ryhmäytys ennen syyslomaa"):
    return services.act_create(
        actor=_principal(city),
        tool=tool,
        role=role(city.municipality, key),
        section=ActSection.objects.filter(municipality=city.municipality).first(),
        text=text,
    )


def _principal(city):
    from schools.tenancy import resolve_actor

    return resolve_actor(city.principal, city.municipality.pk)


def outbox_by_recipient() -> dict[str, list]:
    sent: dict[str, list] = {}
    for message in mail.outbox:
        for address in message.to:
            sent.setdefault(address, []).append(message)
    return sent


def rows(kind: str | None = None, days: int | None = None):
    qs = Notification.objects.order_by("pk")
    qs = qs.filter(kind=kind) if kind else qs
    return qs.filter(slot__startswith=f"{days}d:") if days else qs


@pytest.fixture
def languages(city):
    """The principal reads English, the teacher Finnish and the nurse Swedish."""
    for user, language in ((city.principal, "en"), (city.teacher, "fi"), (city.nurse, "sv")):
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        user.refresh_from_db()
    return city


@pytest.fixture
def tool(languages, actor_for) -> RolesTool:
    city = languages
    tool = services.tool_create(actor=actor_for(city.principal), school=city.school, school_year=city.year)
    return services.tool_set_deadline(actor=actor_for(city.principal), tool=tool, deadline=DEADLINE)


@pytest.fixture
def draft_with_teacher_acts(city, tool) -> RolesTool:
    """Only the teacher role has acts: the principal and the nurse are the ones to remind."""
    add_act(city, tool, R.TEACHER)
    return tool


# --- Publication ------------------------------------------------------------------------------


class TestPublicationNotice:
    def test_every_staff_member_gets_one_email_in_their_language(self, city, tool, actor_for):
        services.tool_publish(
            actor=actor_for(city.principal), tool=publishable(tool, actor_for(city.principal))
        )

        assert send_due() == 3
        sent = outbox_by_recipient()
        assert set(sent) == {city.principal.email, city.teacher.email, city.nurse.email}
        assert all(len(messages) == 1 for messages in sent.values())
        english, finnish, swedish = (sent[u.email][0] for u in (city.principal, city.teacher, city.nurse))
        assert english.subject == f"The roles tool of {city.school.name} 2026–2027 is published"
        assert english.body.startswith(f"Hello {city.principal.get_full_name()},")
        assert finnish.body.startswith(f"Hei {city.teacher.get_full_name()},")
        assert swedish.body.startswith(f"Hej {city.nurse.get_full_name()},")
        for message in (english, finnish, swedish):
            assert f"/roles-tools/{tool.pk}/" in message.body
            assert message.alternatives and message.alternatives[0][1] == "text/html"
        assert set(rows().values_list("outcome", flat=True)) == {Outcome.SENT}

    def test_never_twice(self, city, tool, actor_for):
        services.tool_publish(
            actor=actor_for(city.principal), tool=publishable(tool, actor_for(city.principal))
        )
        assert send_due() == 3
        assert send_due() == 0
        assert len(mail.outbox) == 3

    def test_a_new_revision_after_reopening_is_announced_again(self, city, tool, actor_for):
        principal = actor_for(city.principal)
        services.tool_publish(actor=principal, tool=publishable(tool, principal))
        send_due()
        services.tool_reopen(actor=principal, tool=tool)
        assert send_due() == 0

        services.tool_publish(actor=principal, tool=publishable(tool, principal))

        assert send_due() == 3
        assert len(mail.outbox) == 6
        assert list(rows(TOOL_PUBLISHED).values_list("slot", flat=True)).count("rev:2") == 3
        assert set(rows(TOOL_PUBLISHED).values_list("subject_id", flat=True)) == {tool.pk}

    def test_the_emails_go_out_when_the_publication_commits(
        self, city, tool, actor_for, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.tool_publish(
                actor=actor_for(city.principal), tool=publishable(tool, actor_for(city.principal))
            )
            assert mail.outbox == []  # nothing leaves before the commit
        assert len(mail.outbox) == 3

    def test_a_person_deactivated_meanwhile_is_skipped(self, city, tool, actor_for):
        services.tool_publish(
            actor=actor_for(city.principal), tool=publishable(tool, actor_for(city.principal))
        )
        User.objects.filter(pk=city.nurse.pk).update(is_active=False)

        assert send_due() == 2

        assert city.nurse.email not in outbox_by_recipient()
        nurse_row = rows().get(recipient=city.nurse)
        assert nurse_row.outcome == Outcome.SKIPPED and nurse_row.sent_at is not None

    def test_a_tool_deleted_meanwhile_sends_nothing(self, city, tool, actor_for):
        services.tool_publish(
            actor=actor_for(city.principal), tool=publishable(tool, actor_for(city.principal))
        )
        RolesTool.objects.filter(pk=tool.pk).delete()
        assert send_due() == 0
        assert mail.outbox == []
        assert set(rows().values_list("outcome", flat=True)) == {Outcome.SKIPPED}


# --- Deadline reminders -----------------------------------------------------------------------


class TestDeadlineReminders:
    def test_seven_days_before_only_people_whose_roles_have_no_acts(self, city, draft_with_teacher_acts):
        now = at(DEADLINE - days(7), 9)

        assert services.deadline_reminders_queue(now=now) == 2

        queued = rows(DEADLINE_REMINDER, 7)
        assert set(queued.values_list("recipient_id", flat=True)) == {city.principal.pk, city.nurse.pk}
        assert send_due(now=now) == 2
        sent = outbox_by_recipient()
        assert set(sent) == {city.principal.email, city.nurse.email}
        english, swedish = sent[city.principal.email][0], sent[city.nurse.email][0]
        assert english.subject == (
            f"Reminder: the practical acts of your role for {city.school.name} are due 18.12.2026"
        )
        assert "Rehtori" in english.body
        assert '<li lang="fi">Rehtori</li>' in english.alternatives[0][0]  # Finnish content, marked
        # Rendered under the Swedish recipient's language: the role is named in Swedish.
        assert swedish.body.startswith("Hej ") and "Hälsovårdare" in swedish.body
        assert "Terveydenhoitaja" not in swedish.body

    def test_running_again_queues_and_sends_nothing_new(self, city, draft_with_teacher_acts):
        now = at(DEADLINE - days(7), 9)
        services.deadline_reminders_queue(now=now)
        assert send_due(now=now) == 2

        for later in (now, now + datetime.timedelta(minutes=15), at(DEADLINE - days(7), 23)):
            assert services.deadline_reminders_queue(now=later) == 0
            assert send_due(now=later) == 0
        assert len(mail.outbox) == 2 and rows().count() == 2

    def test_one_day_before_the_second_reminder_goes(self, city, draft_with_teacher_acts):
        services.deadline_reminders_queue(now=at(DEADLINE - days(7), 9))
        send_due(now=at(DEADLINE - days(7), 9))
        for quiet_day in range(6, 1, -1):
            assert services.deadline_reminders_queue(now=at(DEADLINE - days(quiet_day), 12)) == 0

        one_day = at(DEADLINE - days(1), 8)
        assert services.deadline_reminders_queue(now=one_day) == 2
        assert send_due(now=one_day) == 2

        assert set(rows(DEADLINE_REMINDER, 1).values_list("recipient_id", flat=True)) == {
            city.principal.pk,
            city.nurse.pk,
        }
        assert len(outbox_by_recipient()[city.nurse.email]) == 2
        assert services.deadline_reminders_queue(now=at(DEADLINE - days(1), 20)) == 0
        assert services.deadline_reminders_queue(now=at(DEADLINE, 9)) == 0

    def test_nothing_before_the_window_opens(self, city, draft_with_teacher_acts):
        assert services.deadline_reminders_queue(now=at(DEADLINE - days(8), 12)) == 0
        assert services.deadline_reminders_queue(now=at(DEADLINE - days(7), 7, 59)) == 0
        assert not rows().exists()

    def test_a_person_whose_role_got_acts_meanwhile_is_skipped(self, city, draft_with_teacher_acts):
        now = at(DEADLINE - days(7), 9)
        services.deadline_reminders_queue(now=now)
        add_act(city, draft_with_teacher_acts, R.SCHOOL_NURSE, "Terveystarkastukset")

        assert send_due(now=now) == 1

        assert set(outbox_by_recipient()) == {city.principal.email}
        nurse_row = rows().get(recipient=city.nurse)
        assert nurse_row.outcome == Outcome.SKIPPED and nurse_row.sent_at is not None

    def test_a_deadline_set_three_days_ahead_gets_only_the_one_day_reminder(
        self, city, draft_with_teacher_acts
    ):
        for moment in (at(DEADLINE - days(3), 9), at(DEADLINE - days(2), 9), at(DEADLINE - days(1), 7)):
            assert services.deadline_reminders_queue(now=moment) == 0
        assert services.deadline_reminders_queue(now=at(DEADLINE - days(1), 9)) == 2
        assert send_due(now=at(DEADLINE - days(1), 9)) == 2
        assert set(rows().values_list("slot", flat=True)) == {f"1d:{DEADLINE.isoformat()}"}

    def test_a_moved_deadline_is_reminded_of_again(self, city, draft_with_teacher_acts, actor_for):
        services.deadline_reminders_queue(now=at(DEADLINE - days(7), 9))
        later = DEADLINE + days(14)
        services.tool_set_deadline(
            actor=actor_for(city.principal), tool=draft_with_teacher_acts, deadline=later
        )

        assert services.deadline_reminders_queue(now=at(later - days(7), 9)) == 2

        # The reminders of the old deadline were cancelled when it moved; the new one's are queued.
        assert rows(DEADLINE_REMINDER, 7).count() == 4
        assert (
            rows(DEADLINE_REMINDER, 7)
            .filter(slot=f"7d:{DEADLINE.isoformat()}", outcome=Outcome.CANCELLED)
            .count()
            == 2
        )
        assert send_due(now=at(later - days(7), 9)) == 2
        assert "1.1.2027" in outbox_by_recipient()[city.nurse.email][-1].subject

    def test_published_tools_get_no_reminders(self, city, draft_with_teacher_acts, actor_for):
        principal = actor_for(city.principal)
        services.deadline_reminders_queue(now=at(DEADLINE - days(7), 9))
        services.tool_publish(actor=principal, tool=draft_with_teacher_acts)
        Notification.objects.filter(kind=TOOL_PUBLISHED).delete()

        # Already queued: dropped at sending. Not yet queued: never queued.
        assert send_due(now=at(DEADLINE - days(7), 10)) == 0
        assert services.deadline_reminders_queue(now=at(DEADLINE - days(1), 9)) == 0
        assert mail.outbox == []
        assert set(rows().values_list("outcome", flat=True)) == {Outcome.SKIPPED}

    def test_people_deactivated_in_the_municipality_get_no_reminders(
        self, city, draft_with_teacher_acts, actor_for
    ):
        member_set_active(
            actor=actor_for(city.coordinator),
            membership=Membership.objects.get(user=city.nurse, municipality=city.municipality),
            active=False,
        )
        assert services.deadline_reminders_queue(now=at(DEADLINE - days(7), 9)) == 1
        assert set(rows().values_list("recipient_id", flat=True)) == {city.principal.pk}

    def test_tools_without_a_deadline_get_no_reminders(self, city, draft_with_teacher_acts, actor_for):
        services.tool_set_deadline(
            actor=actor_for(city.principal), tool=draft_with_teacher_acts, deadline=None
        )
        assert services.deadline_reminders_queue(now=at(DEADLINE - days(7), 9)) == 0
        assert services.deadline_reminders_queue(now=at(DEADLINE - days(1), 9)) == 0

    def test_a_refused_recipient_is_recorded_and_not_retried_while_the_others_go(
        self, city, draft_with_teacher_acts, settings
    ):
        settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
        now = at(DEADLINE - days(7), 9)
        services.deadline_reminders_queue(now=now)
        principal_row, nurse_row = rows()
        assert principal_row.recipient == city.principal  # the refused row comes first
        REFUSED.add(city.principal.email)
        try:
            assert send_due(now=now) == 1
        finally:
            REFUSED.clear()

        principal_row.refresh_from_db()
        nurse_row.refresh_from_db()
        assert principal_row.outcome == Outcome.REFUSED and principal_row.sent_at is not None
        assert "SMTPRecipientsRefused" in principal_row.last_error
        assert nurse_row.outcome == Outcome.SENT
        assert set(outbox_by_recipient()) == {city.nurse.email}

        # The mail server would take it now, but a refused recipient is not tried again.
        assert send_due(now=now + datetime.timedelta(hours=12)) == 0
        assert set(outbox_by_recipient()) == {city.nurse.email}


# --- Celery -----------------------------------------------------------------------------------


def _year_containing(city, day: datetime.date) -> SchoolYear:
    for year in (city.year, city.previous_year):
        if year.starts_on <= day <= year.ends_on:
            return year
    # The suite runs on a date outside the fixture's years: give it a year of its own.
    year = SchoolYear.objects.create(
        municipality=city.municipality, starts_on=day - days(100), ends_on=day + days(100)
    )
    assign(city.principal, city.school, R.PRINCIPAL, year)
    return year


class TestTasks:
    def test_the_periodic_tasks_queue_and_send_the_reminders(
        self, languages, actor_for, django_capture_on_commit_callbacks
    ):
        city = languages
        local = timezone.localtime()
        # The 7-day window opens at 08:00 local time seven days before the deadline.
        deadline = local.date() + days(7 if local.hour >= services.REMINDER_HOUR else 6)
        year = _year_containing(city, deadline)
        for person, key in ((city.teacher, R.TEACHER), (city.nurse, R.SCHOOL_NURSE)):
            if not StaffAssignment.objects.filter(user=person, school_year=year).exists():
                assign(person, city.school, key, year)
        principal = actor_for(city.principal)
        tool = services.tool_create(actor=principal, school=city.school, school_year=year)
        services.tool_set_deadline(actor=principal, tool=tool, deadline=deadline)
        add_act(city, tool, R.TEACHER)

        with django_capture_on_commit_callbacks(execute=True):
            assert queue_deadline_reminders.delay().get() == 2

        assert set(outbox_by_recipient()) == {city.principal.email, city.nurse.email}
        assert send_due_notifications.delay().get() == 0
        assert queue_deadline_reminders.delay().get() == 0

    def test_send_due_notifications_sends_what_is_due(self, city, tool, actor_for):
        services.tool_publish(
            actor=actor_for(city.principal), tool=publishable(tool, actor_for(city.principal))
        )
        assert send_due_notifications.delay().get() == 3
        assert len(mail.outbox) == 3

    def test_the_beat_schedule_names_registered_tasks(self):
        celery_app.loader.import_default_modules()  # runs the autodiscovery a worker runs
        schedule = settings.CELERY_BEAT_SCHEDULE
        names = {entry["task"] for entry in schedule.values()}
        assert {
            "notifications.tasks.send_due_notifications",
            "notifications.tasks.send_daily_digests",
            "roles.tasks.queue_deadline_reminders",
        } <= names
        for name in names:
            assert name in celery_app.tasks, name
        # A reminder's window is a day long: the queueing task must run several times a day.
        reminders = next(e for e in schedule.values() if e["task"] == "roles.tasks.queue_deadline_reminders")
        assert float(reminders["schedule"]) <= 6 * 3600
