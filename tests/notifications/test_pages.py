"""The inbox page, its read marks, the header's unread count and the preferences page."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from notifications import services
from notifications.models import Notification, NotificationPreference
from notifications.sender import send_due
from schools.models import Membership
from tests.helpers import assert_queries_constant

from .conftest import KIND, ago


def deliver(city, user, slot, *, when=None):
    """A notice about `city`'s school, delivered to `user` (so it is in their inbox)."""
    services.schedule(
        kind=KIND,
        subject=city.school,
        recipients=[user],
        due_at=ago(minutes=1),
        municipality=city.municipality,
        slot=slot,
    )
    send_due()
    row = Notification.objects.get(kind=KIND, recipient=user, slot=slot, subject_id=city.school.pk)
    if when is not None:
        Notification.objects.filter(pk=row.pk).update(created_at=when)
    return row


@pytest.fixture
def english(as_user):
    def sign_in(user):
        client = as_user(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in


@pytest.fixture
def county_nurse(city, other_city):
    """The nurse of Alfala also works in Betala (county staff)."""
    Membership.objects.create(user=city.nurse, municipality=other_city.municipality)
    return city.nurse


@pytest.mark.django_db
class TestInbox:
    def test_shows_items_of_all_my_municipalities_labelled_newest_first(
        self, city, other_city, county_nurse, notice, english
    ):
        now = timezone.now()
        deliver(city, county_nurse, "alfa", when=now - datetime.timedelta(days=2))
        deliver(other_city, county_nurse, "beta", when=now - datetime.timedelta(days=1))
        deliver(city, city.teacher, "not-mine")
        deliver(other_city, other_city.teacher, "not-mine-either")

        response = english(county_nurse).get(reverse("notification_list"))

        assert response.status_code == 200
        items = list(response.context["notifications"])
        assert [(i.title, i.municipality) for i in items] == [
            ("Tiedote beta", other_city.municipality),
            ("Tiedote alfa", city.municipality),
        ]
        body = response.content.decode()
        assert "Tiedote beta" in body and "Tiedote alfa" in body and "not-mine" not in body
        assert city.municipality.name in body and other_city.municipality.name in body
        assert body.index("Tiedote beta") < body.index("Tiedote alfa")
        # The active municipality is Alfala, but the inbox is the person's: Betala's item is there too.
        assert response.wsgi_request.actor.municipality == city.municipality

    def test_items_of_a_municipality_that_deactivated_me_are_hidden(
        self, city, other_city, county_nurse, notice, as_user
    ):
        deliver(city, county_nurse, "alfa")
        deliver(other_city, county_nurse, "beta")
        Membership.objects.filter(user=county_nurse, municipality=other_city.municipality).update(
            is_active=False
        )

        body = as_user(county_nurse).get(reverse("notification_list")).content.decode()

        assert "Tiedote alfa" in body and "Tiedote beta" not in body

    def test_not_yet_sent_cancelled_and_skipped_rows_are_not_shown(self, city, notice, as_user):
        notice.subjects["gone"] = None
        deliver(city, city.teacher, "gone")
        services.schedule(
            kind=KIND,
            subject=city.school,
            recipients=[city.teacher],
            due_at=timezone.now() + datetime.timedelta(days=1),
            municipality=city.municipality,
            slot="future",
        )
        response = as_user(city.teacher).get(reverse("notification_list"))
        assert list(response.context["notifications"]) == []

    def test_the_page_needs_a_signed_in_member(self, client):
        response = client.get(reverse("notification_list"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))

    def test_queries_do_not_grow_with_the_items(self, city, other_city, county_nurse, notice, as_user):
        client = as_user(county_nurse)
        count = iter(range(100))

        def grow() -> None:
            for _ in range(5):
                deliver(other_city if next(count) % 2 else city, county_nurse, f"n{next(count)}")

        deliver(city, county_nurse, "first")
        assert_queries_constant(lambda: client.get(reverse("notification_list")), grow, at_most=8)


@pytest.mark.django_db
class TestReadMarks:
    def test_mark_one_read(self, city, notice, english):
        row = deliver(city, city.teacher, "a")
        deliver(city, city.teacher, "b")
        client = english(city.teacher)
        assert "2 unread" in client.get(reverse("home")).content.decode()

        response = client.post(reverse("notification_mark_read", args=[row.pk]), {"page": "1"})

        assert response.status_code == 302 and response.url == reverse("notification_list") + "?page=1"
        row.refresh_from_db()
        assert row.read_at is not None
        assert "1 unread" in client.get(reverse("home")).content.decode()

    def test_another_persons_item_is_404_and_stays_unread(self, city, other_city, notice, as_user):
        colleague = deliver(city, city.nurse, "a")  # same municipality, another person
        stranger = deliver(other_city, other_city.teacher, "b")  # another municipality
        client = as_user(city.teacher)
        for row in (colleague, stranger):
            response = client.post(reverse("notification_mark_read", args=[row.pk]))
            assert response.status_code == 404
        missing = client.post(reverse("notification_mark_read", args=[stranger.pk + 1000]))
        assert missing.status_code == 404
        assert not Notification.objects.filter(read_at__isnull=False).exists()

    def test_marking_needs_post(self, city, notice, as_user):
        row = deliver(city, city.teacher, "a")
        assert as_user(city.teacher).get(reverse("notification_mark_read", args=[row.pk])).status_code == 405
        row.refresh_from_db()
        assert row.read_at is None

    def test_mark_all_read_marks_only_mine(self, city, other_city, county_nurse, notice, english):
        deliver(city, county_nurse, "a")
        deliver(other_city, county_nurse, "b")
        theirs = deliver(city, city.teacher, "c")
        client = english(county_nurse)

        response = client.post(reverse("notification_mark_all_read"), follow=True)

        assert "All notifications are marked read." in response.content.decode()
        assert not Notification.objects.filter(recipient=county_nurse, read_at__isnull=True).exists()
        theirs.refresh_from_db()
        assert theirs.read_at is None


@pytest.mark.django_db
class TestHeader:
    def test_the_header_links_to_the_inbox_with_the_unread_count(
        self, city, other_city, county_nurse, notice, english
    ):
        client = english(county_nurse)
        body = client.get(reverse("home")).content.decode()
        assert reverse("notification_list") in body and "unread" not in body

        deliver(city, county_nurse, "a")
        deliver(other_city, county_nurse, "b")  # counted too: the inbox spans both municipalities
        body = client.get(reverse("school_list")).content.decode()
        assert '<span class="count">2 unread</span>' in body

    def test_the_count_is_in_the_page_language(self, city, notice, as_user):
        deliver(city, city.teacher, "a")
        deliver(city, city.teacher, "b")
        body = as_user(city.teacher).get(reverse("home")).content.decode()
        assert "Ilmoitukset" in body and "2 lukematonta" in body


@pytest.mark.django_db
class TestPreferencesPage:
    def test_lists_the_kinds_a_person_may_turn_off_and_saves_a_choice(self, city, notice, english):
        client = english(city.teacher)
        response = client.get(reverse("notification_preferences"))
        body = response.content.decode()
        assert response.status_code == 200
        labels = [str(field.label) for field in response.context["form"].fields.values()]
        assert "Test notice" in labels and "A roles tool is published" in labels
        assert "Invitation" not in labels and "Password reset" not in labels
        assert all(f"<legend>{escape(label)}" in body for label in labels)
        assert body.count('type="radio"') == 3 * len(response.context["form"].fields)
        assert 'name="csrfmiddlewaretoken"' in body

        response = client.post(reverse("notification_preferences"), {KIND: "digest"}, follow=True)

        assert "Your notification settings were saved." in response.content.decode()
        assert NotificationPreference.objects.get(user=city.teacher, kind=KIND).channel == "digest"
        assert response.context["form"][KIND].value() == "digest"

    def test_an_unknown_channel_is_shown_as_an_error_and_saves_nothing(self, city, notice, english):
        response = english(city.teacher).post(reverse("notification_preferences"), {KIND: "pigeon"})
        assert response.status_code == 200
        assert response.context["form"].errors[KIND]
        assert not NotificationPreference.objects.exists()
