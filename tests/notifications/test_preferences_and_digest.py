"""Channels: a person may take a kind as e-mail at once, as a daily summary, or only in the app;
transactional mail always goes at once."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications import services
from notifications.account_mail import INVITATION
from notifications.models import Channel, Notification, NotificationPreference, Outcome
from notifications.selectors import inbox_for
from notifications.sender import send_daily_digests, send_due
from schools.models import Membership, User

from .conftest import KIND, ago


def schedule(city, recipients, slot):
    return services.schedule(
        kind=KIND,
        subject=city.school,
        recipients=recipients,
        due_at=ago(minutes=1),
        municipality=city.municipality,
        slot=slot,
    )


def choose(user, channel):
    services.preferences_save(user=user, channels={KIND: channel})


@pytest.mark.django_db
class TestAppOnly:
    def test_app_only_sends_no_email_and_shows_in_the_inbox(self, city, notice):
        choose(city.teacher, Channel.APP)
        schedule(city, [city.teacher, city.nurse], "x")

        assert send_due() == 2

        assert [m.to for m in mail.outbox] == [[city.nurse.email]]
        row = Notification.objects.get(recipient=city.teacher)
        assert (row.outcome, row.channel, row.title) == (Outcome.SENT, Channel.APP, "Tiedote x")
        assert list(inbox_for(city.teacher)) == [row]


@pytest.mark.django_db
class TestDailyDigest:
    def test_one_email_per_person_with_all_their_items_in_their_language(self, city, notice):
        User.objects.filter(pk=city.teacher.pk).update(preferred_language="sv")
        notice.subjects["gone"] = None
        choose(city.teacher, Channel.DIGEST)
        choose(city.nurse, Channel.DIGEST)
        for slot in ("a", "b", "c"):
            schedule(city, [city.teacher], slot)
        for slot in ("d", "e", "gone"):
            schedule(city, [city.nurse], slot)

        # Due: routed to the summary, shown in the inbox meanwhile, no e-mail yet.
        assert send_due() == 0
        assert mail.outbox == []
        assert inbox_for(city.teacher).count() == 3 and inbox_for(city.nurse).count() == 2
        assert Notification.objects.get(slot="gone").outcome == Outcome.SKIPPED

        assert send_daily_digests() == 2

        by_person = {m.to[0]: m for m in mail.outbox}
        assert set(by_person) == {city.teacher.email, city.nurse.email} and len(mail.outbox) == 2
        swedish, finnish = by_person[city.teacher.email], by_person[city.nurse.email]
        assert all(f"Tiedote {slot}" in swedish.body for slot in ("a", "b", "c"))
        assert "Tiedote d" in finnish.body and "Tiedote e" in finnish.body and "Tiedote a" not in finnish.body
        assert "aviseringar" in swedish.subject and "ilmoitusta" in finnish.subject
        assert city.municipality.name in swedish.body
        assert swedish.alternatives[0][1] == "text/html"
        digest = Notification.objects.exclude(slot="gone")
        assert set(digest.values_list("outcome", flat=True)) == {Outcome.SENT}

        assert send_daily_digests() == 0 and send_due() == 0
        assert len(mail.outbox) == 2

    def test_a_digest_item_no_longer_needed_by_summary_time_is_left_out(self, city, notice):
        choose(city.nurse, Channel.DIGEST)
        schedule(city, [city.nurse], "a")
        schedule(city, [city.nurse], "b")
        send_due()
        notice.subjects["b"] = None

        assert send_daily_digests() == 1

        assert "Tiedote a" in mail.outbox[0].body and "Tiedote b" not in mail.outbox[0].body
        assert Notification.objects.get(slot="b").outcome == Outcome.SKIPPED

    def test_nothing_to_summarise_sends_nothing(self, city, notice):
        assert send_daily_digests() == 0
        assert mail.outbox == []


@pytest.mark.django_db
class TestTransactional:
    def test_an_invitation_goes_at_once_whatever_is_stored_for_it(self, city):
        # Not choosable on the page; even a row put in directly does not hold it back.
        NotificationPreference.objects.create(user=city.teacher, kind=INVITATION, channel=Channel.DIGEST)
        services.schedule(
            kind=INVITATION,
            subject=Membership.objects.get(user=city.teacher),
            recipients=[city.teacher],
            due_at=timezone.now(),
            municipality=city.municipality,
        )
        assert send_due() == 1
        assert [m.to for m in mail.outbox] == [[city.teacher.email]]

    @pytest.mark.parametrize("kind", [INVITATION, "password_reset", "no_such_kind"])
    def test_only_kinds_a_person_may_turn_off_can_be_changed(self, city, kind):
        with pytest.raises(ValidationError):
            services.preferences_save(user=city.teacher, channels={kind: Channel.APP})
        assert not NotificationPreference.objects.exists()

    def test_an_unknown_channel_is_refused(self, city, notice):
        with pytest.raises(ValidationError):
            services.preferences_save(user=city.teacher, channels={KIND: "pigeon"})
        assert not NotificationPreference.objects.exists()
