"""The sender: each row once, failures kept to their own row, set aside after a few tries, refused
recipients recorded, dead workers' claims taken again."""

import datetime
import logging
import smtplib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from notifications import services
from notifications.models import Notification, Outcome
from notifications.sender import BACKOFF_BASE, send_due
from schools.models import User

from .conftest import KIND, ago

REFUSED: set[str] = set()
MINUTE = datetime.timedelta(minutes=1)


class RefusingBackend(EmailBackend):
    """The outbox, except that the mail server refuses the addresses in REFUSED."""

    def send_messages(self, messages):
        for message in messages:
            refused = set(message.to) & REFUSED
            if refused:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"5.1.1 no such user")))
        return super().send_messages(messages)


TAKEN_OVER: list[int] = []


class TakeoverBackend(EmailBackend):
    """While a message is being sent, another sender takes over the rows in TAKEN_OVER (as if this
    sender's lease on them had run out meanwhile)."""

    def send_messages(self, messages):
        while TAKEN_OVER:
            later = timezone.now() + datetime.timedelta(minutes=30)
            Notification.objects.filter(pk=TAKEN_OVER.pop()).update(claimed_until=later)
        return super().send_messages(messages)


def schedule(city, recipients, *, slot="", due_at=None, **more):
    return services.schedule(
        kind=KIND,
        subject=city.school,
        recipients=recipients,
        due_at=due_at or ago(minutes=1),
        municipality=city.municipality,
        slot=slot,
        **more,
    )


def sent_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.mark.django_db
class TestFailures:
    def test_a_failing_row_backs_off_is_set_aside_after_max_attempts_and_logs_one_line(
        self, city, notice, caplog, settings
    ):
        assert settings.NOTIFICATIONS_MAX_ATTEMPTS == 5
        notice.subjects["bad"] = "Muistutus\nBcc: everyone@example.fi"  # a header injection attempt
        schedule(city, [city.teacher], slot="bad")
        schedule(city, [city.nurse], slot="good")
        bad = Notification.objects.get(slot="bad")
        now = timezone.now()

        with caplog.at_level(logging.INFO, logger="notifications.sender"):
            assert send_due(now=now) == 1
            assert sent_to() == [city.nurse.email]
            bad.refresh_from_db()
            assert (bad.attempts, bad.outcome, bad.sent_at, bad.claimed_until) == (1, "", None, None)
            assert bad.last_error.startswith("BadHeaderError: ") and "\n" not in bad.last_error
            assert bad.next_attempt_at - now >= BACKOFF_BASE

            # Not again before its pause is over.
            assert send_due(now=now + MINUTE) == 0
            bad.refresh_from_db()
            assert bad.attempts == 1

            pauses = []
            while bad.outcome == "":
                moment = bad.next_attempt_at + MINUTE
                send_due(now=moment)
                bad.refresh_from_db()
                if bad.next_attempt_at:
                    pauses.append(round((bad.next_attempt_at - moment) / BACKOFF_BASE))
            assert pauses == [2, 4, 8]  # doubling: 5, 10, 20, 40 minutes

        assert (bad.attempts, bad.outcome) == (5, Outcome.FAILED) and bad.sent_at is not None
        assert sent_to() == [city.nurse.email]
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1 and errors[0].exc_info is None
        assert "set aside after 5 attempts" in errors[0].getMessage()
        assert "\n" not in errors[0].getMessage()
        assert send_due(now=timezone.now() + datetime.timedelta(days=2)) == 0

    def test_two_hundred_bad_rows_do_not_hold_back_another_municipalitys_mail(self, city, other_city, notice):
        notice.subjects["bad"] = "Rikki\nrikki"
        schedule(city, [f"huoltaja{i}@example.fi" for i in range(200)], slot="bad", due_at=ago(hours=2))
        services.schedule(
            kind=KIND,
            subject=other_city.school,
            recipients=[other_city.teacher],
            due_at=ago(hours=1),
            municipality=other_city.municipality,
            slot="good",
        )

        assert send_due() == 1  # one run

        assert sent_to() == [other_city.teacher.email]
        bad = Notification.objects.filter(slot="bad")
        assert bad.count() == 200 and set(bad.values_list("attempts", flat=True)) == {1}
        assert not bad.filter(claimed_until__isnull=False).exists()

    def test_a_refused_recipient_is_recorded_at_once_and_never_retried(self, city, notice, settings):
        settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
        REFUSED.add("eiole@example.fi")
        try:
            schedule(city, ["eiole@example.fi", city.teacher])
            assert send_due() == 1
            assert send_due(now=timezone.now() + datetime.timedelta(days=1)) == 0
        finally:
            REFUSED.clear()

        refused = Notification.objects.get(email="eiole@example.fi")
        assert refused.outcome == Outcome.REFUSED and refused.sent_at is not None
        assert refused.attempts == 1 and "SMTPRecipientsRefused" in refused.last_error
        assert sent_to() == [city.teacher.email]

    def test_an_unknown_kind_is_a_failure_of_its_row(self, city, notice):
        schedule(city, [city.teacher, city.nurse])
        Notification.objects.filter(recipient=city.teacher).update(kind="removed_kind")
        assert send_due() == 1
        row = Notification.objects.get(recipient=city.teacher)
        assert row.attempts == 1 and row.last_error.startswith("LookupError")


@pytest.mark.django_db
class TestClaims:
    def test_an_expired_lease_is_taken_again_and_a_live_one_is_left_alone(self, city, notice):
        schedule(city, [city.teacher, city.nurse])
        # The teacher's row was claimed by a worker that died 10 minutes ago; the nurse's is being sent
        # by a live worker right now.
        Notification.objects.filter(recipient=city.teacher).update(claimed_until=ago(minutes=10))
        Notification.objects.filter(recipient=city.nurse).update(claimed_until=ago(minutes=-4))

        assert send_due() == 1

        assert sent_to() == [city.teacher.email]
        assert Notification.objects.get(recipient=city.nurse).outcome == ""
        # Once the live worker's lease has run out too (it died as well), its row goes.
        assert send_due(now=timezone.now() + datetime.timedelta(minutes=5)) == 1
        assert sent_to() == sorted([city.nurse.email, city.teacher.email])

    def test_a_row_another_sender_took_over_is_left_to_it(self, city, notice, settings):
        settings.EMAIL_BACKEND = f"{__name__}.TakeoverBackend"
        schedule(city, [city.teacher], due_at=ago(minutes=2))
        schedule(city, [city.nurse], slot="next", due_at=ago(minutes=1))
        TAKEN_OVER.append(Notification.objects.get(recipient=city.nurse).pk)

        assert send_due() == 1  # both were claimed in one batch; the nurse's was taken over meanwhile

        assert sent_to() == [city.teacher.email]
        assert Notification.objects.get(recipient=city.nurse).outcome == ""

    def test_rows_not_yet_due_wait(self, city, notice):
        schedule(city, [city.teacher], due_at=timezone.now() + datetime.timedelta(hours=1))
        assert send_due() == 0
        assert send_due(now=timezone.now() + datetime.timedelta(hours=2)) == 1


@pytest.mark.django_db
class TestRecipients:
    def test_each_recipient_gets_it_in_their_own_language(self, city, notice):
        User.objects.filter(pk=city.teacher.pk).update(preferred_language="sv")
        schedule(city, [city.teacher, city.nurse])
        schedule(city, ["vardnadshavare@example.fi"], language="sv", slot="address")
        schedule(city, ["huoltaja@example.fi"], slot="address")

        assert send_due() == 4

        languages = {m.to[0]: m.body.rsplit("language ", 1)[1].rstrip(")") for m in mail.outbox}
        assert languages == {
            city.teacher.email: "sv",
            city.nurse.email: "fi",
            "vardnadshavare@example.fi": "sv",
            "huoltaja@example.fi": "fi",
        }
        message = next(m for m in mail.outbox if m.to == [city.nurse.email])
        assert message.alternatives[0][1] == "text/html"

    def test_an_inactive_user_and_a_message_no_longer_needed_are_skipped(self, city, notice):
        notice.subjects["gone"] = None
        schedule(city, [city.teacher, city.nurse])
        schedule(city, [city.principal], slot="gone")
        User.objects.filter(pk=city.teacher.pk).update(is_active=False)

        assert send_due() == 1

        assert sent_to() == [city.nurse.email]
        skipped = Notification.objects.filter(outcome=Outcome.SKIPPED)
        assert set(skipped.values_list("recipient_id", flat=True)) == {city.teacher.pk, city.principal.pk}
        assert not skipped.filter(sent_at__isnull=True).exists()

    def test_a_row_is_marked_with_what_was_said(self, city, notice):
        schedule(city, [city.teacher], slot="x")
        send_due()
        row = Notification.objects.get()
        assert (row.outcome, row.channel, row.title) == (Outcome.SENT, "email", "Tiedote x")
        assert row.link.endswith(f"/schools/{city.school.pk}/")
        assert row.subject_type == ContentType.objects.get_for_model(city.school)
