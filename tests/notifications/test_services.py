"""Scheduling, cancelling and rescheduling: what goes out, when, and only once."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications import services
from notifications.models import Notification, Outcome
from notifications.sender import send_due

from .conftest import KIND

HOUR = datetime.timedelta(hours=1)


def schedule(city, recipients, due_at, **more):
    return services.schedule(
        kind=KIND,
        subject=city.school,
        recipients=recipients,
        due_at=due_at,
        municipality=city.municipality,
        **more,
    )


@pytest.mark.django_db
class TestSchedule:
    def test_scheduling_twice_adds_nothing(self, city, notice):
        later = timezone.now() + HOUR
        people = [city.teacher, city.nurse, "Huoltaja@Example.fi"]
        assert schedule(city, people, later, slot="7d") == 3
        assert schedule(city, people, later, slot="7d") == 0
        assert schedule(city, ["huoltaja@example.fi"], later, slot="7d") == 0
        assert Notification.objects.count() == 3
        address = Notification.objects.get(recipient__isnull=True)
        assert (address.email, address.language) == ("huoltaja@example.fi", "fi")

    def test_an_unknown_kind_is_refused(self, city):
        with pytest.raises(LookupError):
            services.schedule(
                kind="no_such_kind",
                subject=city.school,
                recipients=[city.teacher],
                due_at=timezone.now(),
                municipality=city.municipality,
            )
        assert not Notification.objects.exists()

    def test_a_due_row_goes_out_once_the_transaction_commits(
        self, city, notice, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            schedule(city, [city.teacher], timezone.now())
            assert mail.outbox == []
        assert [m.to for m in mail.outbox] == [[city.teacher.email]]

    def test_a_rolled_back_schedule_leaves_nothing(self, city, notice, django_capture_on_commit_callbacks):
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            schedule(city, [city.teacher], timezone.now())
            raise RuntimeError("the feature's write failed")
        assert callbacks == [] and not Notification.objects.exists() and mail.outbox == []


@pytest.mark.django_db
class TestCancel:
    def test_a_cancelled_subject_sends_nothing(self, city, notice):
        now = timezone.now()
        schedule(city, [city.teacher, "huoltaja@example.fi"], now - HOUR)
        schedule(city, [city.nurse], now - HOUR, slot="other")

        assert services.cancel(subject=city.school) == 3

        assert send_due() == 0
        assert mail.outbox == [] and notice.composed == []
        assert set(Notification.objects.values_list("outcome", flat=True)) == {Outcome.CANCELLED}

    def test_cancel_of_one_kind_leaves_other_kinds_and_sent_rows(self, city, notice):
        schedule(city, [city.teacher], timezone.now() - HOUR, slot="sent")
        send_due()
        schedule(city, [city.nurse], timezone.now() + HOUR)

        assert services.cancel(subject=city.school, kind="another_kind") == 0
        assert services.cancel(subject=city.school, kind=KIND) == 1

        assert Notification.objects.get(recipient=city.teacher).outcome == Outcome.SENT
        assert Notification.objects.get(recipient=city.nurse).outcome == Outcome.CANCELLED


@pytest.mark.django_db
class TestReschedule:
    def test_a_rescheduled_notification_goes_at_the_new_time_only(self, city, notice):
        now = timezone.now()
        old, new = now + HOUR, now + 5 * HOUR
        schedule(city, [city.teacher, "huoltaja@example.fi"], old, slot="1d:2026-12-18", language="sv")

        moved = services.reschedule(
            kind=KIND, subject=city.school, due_at=new, slot="1d:2026-12-20", municipality=city.municipality
        )
        assert moved == 2

        # At the old moment nothing goes; at the new one, both people once, in the new slot.
        assert send_due(now=old + datetime.timedelta(minutes=1)) == 0
        assert mail.outbox == []
        assert send_due(now=new + datetime.timedelta(minutes=1)) == 2
        assert sorted(m.to[0] for m in mail.outbox) == sorted([city.teacher.email, "huoltaja@example.fi"])
        assert {m.subject for m in mail.outbox} == {"Tiedote 1d:2026-12-20"}
        cancelled = Notification.objects.filter(slot="1d:2026-12-18")
        assert set(cancelled.values_list("outcome", flat=True)) == {Outcome.CANCELLED}
        # The person without an account keeps their language.
        assert Notification.objects.get(slot="1d:2026-12-20", recipient__isnull=True).language == "sv"
        assert send_due(now=new + 2 * HOUR) == 0 and len(mail.outbox) == 2

    def test_rescheduling_to_other_people(self, city, notice):
        schedule(city, [city.teacher], timezone.now() + HOUR, slot="a")
        services.reschedule(
            kind=KIND,
            subject=city.school,
            due_at=timezone.now() - HOUR,
            slot="b",
            municipality=city.municipality,
            recipients=[city.nurse],
        )
        assert send_due() == 1
        assert [m.to for m in mail.outbox] == [[city.nurse.email]]

    def test_a_reschedule_needs_a_slot(self, city, notice):
        with pytest.raises(ValueError):
            services.reschedule(
                kind=KIND, subject=city.school, due_at=timezone.now(), slot="", municipality=city.municipality
            )
