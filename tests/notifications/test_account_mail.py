"""People's own mail through the queue: invitations (on schools' "member_invited") and password resets
(on "password_reset_requested"), both transactional."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.account_mail import INVITATION, PASSWORD_RESET
from notifications.models import Notification, Outcome
from notifications.selectors import inbox_for
from notifications.sender import send_due
from schools import services as school_services
from schools.models import Membership, User


@pytest.mark.django_db
class TestPasswordReset:
    def test_the_request_does_the_same_work_for_a_known_and_an_unknown_address_and_no_smtp(
        self, city, client, django_capture_on_commit_callbacks
    ):
        work, queued = {}, []
        for address in ("nobody@example.fi", city.teacher.email):
            with (
                django_capture_on_commit_callbacks(execute=False) as callbacks,
                CaptureQueriesContext(connection) as queries,
            ):
                response = client.post(reverse("password_reset"), {"email": address})
            assert response.status_code == 302 and response.url == reverse("password_reset_done")
            work[address] = (len(callbacks), [q["sql"] for q in queries.captured_queries])
            queued += callbacks
        # Nothing was looked up, scheduled or sent during either request: each queued one task.
        assert work[city.teacher.email] == work["nobody@example.fi"]
        assert work["nobody@example.fi"][0] == 1
        assert mail.outbox == [] and not Notification.objects.exists()

        for task in queued:
            task()  # the queued task (eager here) looks the address up and schedules
        row = Notification.objects.get()
        assert (row.kind, row.recipient, row.subject) == (PASSWORD_RESET, city.teacher, city.teacher)
        assert send_due() == 1
        assert [m.to for m in mail.outbox] == [[city.teacher.email]]
        assert "/accounts/reset/" in mail.outbox[0].body

    def test_the_inbox_keeps_no_reset_link(self, city, client, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("password_reset"), {"email": city.teacher.email})
        row = Notification.objects.get(kind=PASSWORD_RESET)
        assert row.outcome == Outcome.SENT and row.title and row.link == ""
        assert list(inbox_for(city.teacher)) == [row]

    def test_a_deactivated_person_gets_no_reset(self, city, client, django_capture_on_commit_callbacks):
        Membership.objects.filter(user=city.teacher).update(is_active=False)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("password_reset"), {"email": city.teacher.email})
        assert mail.outbox == [] and not Notification.objects.exists()


@pytest.mark.django_db
class TestInvitation:
    def test_an_invitation_is_a_transactional_row_sent_after_commit(
        self, city, actor_for, django_capture_on_commit_callbacks
    ):
        actor = actor_for(city.coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            membership = school_services.member_invite(
                actor=actor, email="uusi@example.fi", first_name="Uusi", last_name="Ihminen"
            )
        row = Notification.objects.get(kind=INVITATION)
        assert (row.recipient, row.subject, row.municipality) == (
            membership.user,
            membership,
            city.municipality,
        )
        assert row.outcome == Outcome.SENT and row.channel == "email"
        assert [m.to for m in mail.outbox] == [["uusi@example.fi"]]
        assert "/accounts/invitation/" in mail.outbox[0].body

        # Sent again later: a new row, a new e-mail.
        Notification.objects.filter(pk=row.pk).update(slot="2026-01-01T08:00:00")
        with django_capture_on_commit_callbacks(execute=True):
            school_services.member_resend_invitation(actor=actor, membership=membership)
        assert Notification.objects.filter(kind=INVITATION).count() == 2
        assert len(mail.outbox) == 2

    def test_an_invitation_to_someone_deactivated_meanwhile_is_skipped(
        self, city, actor_for, django_capture_on_commit_callbacks
    ):
        membership = school_services.member_invite(
            actor=actor_for(city.coordinator), email="uusi@example.fi", first_name="Uusi", last_name="Ihminen"
        )
        User.objects.filter(pk=membership.user_id).update(is_active=False)
        assert send_due(now=timezone.now() + datetime.timedelta(seconds=1)) == 0
        assert mail.outbox == []
        assert Notification.objects.get(kind=INVITATION).outcome == Outcome.SKIPPED
