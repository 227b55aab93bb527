"""The meeting pages through the Django client: convening, agenda, invitations, minutes, action items,
who may read what, and refusals that write nothing."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from groups.models import ActionItem, AgendaItem, Attendance, Meeting, MinutesState
from groups.notifications import MEETING_INVITATION
from groups.services import actions, feeds, meetings
from notifications.models import Notification
from tests.helpers import assert_queries_constant

from .conftest import in_days

pytestmark = pytest.mark.django_db

VALID_HETU = "131052-308T"


def _levels(response) -> list[str]:
    return [m.level_tag for m in get_messages(response.wsgi_request)]


def _to_past(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(-1), ends_at=in_days(-1, 15))


def _minutes_data(meeting: Meeting, **extra) -> dict:
    data = {"version": meeting.version, "general": ""}
    for item in meeting.agenda_items.all():
        data[f"minutes_{item.pk}"] = ""
        data[f"decision_{item.pk}"] = ""
    data.update(extra)
    return data


def test_principal_convenes_builds_agenda_invites_moves_and_keeps_minutes(city, school_group, as_user):
    client = as_user(city.principal)
    day = timezone.localdate() + datetime.timedelta(days=12)
    response = client.post(
        reverse("group_meeting_create", args=[school_group.pk]),
        {
            "date": day.isoformat(),
            "start_time": "13:00",
            "end_time": "14:30",
            "place": "Kirjasto",
            "title": "",
        },
    )
    meeting = Meeting.objects.get(group=school_group)
    assert response.status_code == 302 and response.url == reverse("group_meeting_detail", args=[meeting.pk])
    assert timezone.localtime(meeting.starts_at).time() == datetime.time(13, 0)

    add = reverse("group_agenda_item_add", args=[meeting.pk])
    client.post(add, {"title": "Kiusaamisen ehkäisy", "description": "Kyselyn tulokset"})
    client.post(add, {"title": "Välituntitoiminta"})
    first, second = meeting.agenda_items.order_by("order")
    client.post(reverse("group_agenda_item_move", args=[second.pk]), {"direction": "up"})
    assert list(meeting.agenda_items.order_by("order").values_list("title", flat=True)) == [
        "Välituntitoiminta",
        "Kiusaamisen ehkäisy",
    ]

    invite = reverse("group_meeting_invite", args=[meeting.pk])
    response = client.post(invite)
    sent = Notification.objects.filter(kind=MEETING_INVITATION).count()
    assert sent == 2 and _levels(response)[-1] == "success"
    response = client.post(invite)  # the double submit
    assert Notification.objects.filter(kind=MEETING_INVITATION).count() == sent
    assert _levels(response)[-1] == "info"

    page = client.get(reverse("group_meeting_detail", args=[meeting.pk]))
    assert page.status_code == 200
    assert "Kiusaamisen ehkäisy" in page.content.decode()
    assert "data-invitations" in page.content.decode()

    moved = day + datetime.timedelta(days=1)
    client.post(
        reverse("group_meeting_edit", args=[meeting.pk]),
        {"date": moved.isoformat(), "start_time": "13:00", "end_time": "14:30", "place": "Kirjasto"},
    )
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).date() == moved and meeting.sequence == 1
    assert Notification.objects.filter(kind=MEETING_INVITATION, slot="seq:1").count() == 2

    _to_past(meeting)
    meeting.refresh_from_db()
    nurse_member = school_group.members.get(user=city.nurse)
    data = _minutes_data(
        meeting,
        **{
            f"minutes_{first.pk}": "Käsiteltiin kyselyn tulokset.",
            f"decision_{first.pk}": "Kysely toistetaan.",
        },
        **{f"attendance_{nurse_member.pk}": "present"},
    )
    response = client.post(reverse("group_minutes", args=[meeting.pk]), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_state == MinutesState.DRAFT
    assert Attendance.objects.get(meeting=meeting, member=nurse_member).status == "present"

    assert client.get(reverse("group_minutes_approve", args=[meeting.pk])).status_code == 200
    client.post(reverse("group_minutes_approve", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.minutes_state == MinutesState.APPROVED


def test_the_nurse_reads_approved_minutes_but_not_a_draft(city, meeting, actor_for, as_user):
    principal = actor_for(city.principal)
    item = meetings.agenda_item_add(actor=principal, meeting=meeting, title="Hyvinvointikysely")
    _to_past(meeting)
    meeting.refresh_from_db()
    from groups.services import minutes

    minutes.minutes_save(
        actor=principal,
        meeting=meeting,
        version=meeting.version,
        general="",
        items={item.pk: ("Salainen luonnos", "")},
    )
    client = as_user(city.nurse)
    url = reverse("group_meeting_detail", args=[meeting.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Salainen luonnos" not in page.content.decode()
    assert client.get(reverse("group_minutes", args=[meeting.pk])).status_code == 403
    meeting.refresh_from_db()
    minutes.minutes_approve(actor=principal, meeting=meeting)
    assert "Salainen luonnos" in client.get(url).content.decode()


def test_a_teacher_who_is_not_a_member_gets_403_and_nothing_changes(city, meeting, as_user):
    client = as_user(city.teacher)
    before = Meeting.objects.filter(pk=meeting.pk).values().get()
    assert client.get(reverse("group_meeting_detail", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("group_minutes", args=[meeting.pk])).status_code == 403
    assert client.post(reverse("group_minutes", args=[meeting.pk]), _minutes_data(meeting)).status_code == 403
    assert client.post(reverse("group_meeting_invite", args=[meeting.pk])).status_code == 403
    assert client.post(reverse("group_agenda_item_add", args=[meeting.pk]), {"title": "X"}).status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).values().get() == before
    assert not AgendaItem.objects.exists()
    assert not Notification.objects.filter(kind=MEETING_INVITATION).exists()


def test_another_towns_meeting_is_404(city, other_city, meeting, as_user):
    client = as_user(other_city.principal)
    for name in ("group_meeting_detail", "group_minutes", "group_meeting_edit", "group_meeting_cancel"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 404
    assert client.post(reverse("group_meeting_cancel", args=[meeting.pk])).status_code == 404
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_an_identity_code_in_the_minutes_is_refused_and_nothing_saved(city, meeting, actor_for, as_user):
    item = meetings.agenda_item_add(actor=actor_for(city.principal), meeting=meeting, title="Poissaolot")
    nurse_member = meeting.group.members.get(user=city.nurse)
    client = as_user(city.principal)
    text = f"Oppilas {VALID_HETU} puhui."
    data = _minutes_data(meeting, **{f"minutes_{item.pk}": text, f"attendance_{nurse_member.pk}": "present"})
    response = client.post(reverse("group_minutes", args=[meeting.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[f"minutes_{item.pk}"]
    assert text in response.content.decode()  # the typed text is kept
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert item.minutes == "" and meeting.minutes_state == MinutesState.NONE
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_an_identity_code_on_the_agenda_is_a_form_error(city, meeting, as_user):
    client = as_user(city.principal)
    response = client.post(
        reverse("group_agenda_item_add", args=[meeting.pk]), {"title": "Asia", "description": VALID_HETU}
    )
    assert response.status_code == 200 and response.context["form"].errors["description"]
    assert not AgendaItem.objects.exists()


def test_stale_minutes_are_refused_and_the_text_kept(city, meeting, actor_for, as_user):
    item = meetings.agenda_item_add(actor=actor_for(city.principal), meeting=meeting, title="Kysely")
    client = as_user(city.principal)
    url = reverse("group_minutes", args=[meeting.pk])
    old_version = meeting.version
    client.post(url, _minutes_data(meeting, general="Ensimmäinen"))
    response = client.post(
        url, _minutes_data(meeting, version=old_version, **{f"minutes_{item.pk}": "Myöhäinen teksti"})
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert "Myöhäinen teksti" in response.content.decode()
    meeting.refresh_from_db()
    item.refresh_from_db()
    assert meeting.minutes_general == "Ensimmäinen" and item.minutes == ""


def test_a_meeting_in_the_past_is_refused(city, school_group, as_user):
    client = as_user(city.principal)
    day = timezone.localdate() - datetime.timedelta(days=2)
    response = client.post(
        reverse("group_meeting_create", args=[school_group.pk]),
        {"date": day.isoformat(), "start_time": "13:00", "end_time": "14:00"},
    )
    assert response.status_code == 200 and response.context["form"].errors["start_time"]
    assert not Meeting.objects.exists()


def test_the_action_item_shows_on_the_teachers_home_page(city, meeting, as_user):
    client = as_user(city.principal)
    response = client.post(
        reverse("group_action_item_add", args=[meeting.pk]),
        {"what": "Kyselyn yhteenveto", "owner": city.teacher.pk, "due_on": in_days(20).date().isoformat()},
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    home = as_user(city.teacher).get(reverse("home")).content.decode()
    assert "Kyselyn yhteenveto" in home and f'data-action-item="{item.pk}"' in home
    response = as_user(city.teacher).post(
        reverse("group_action_item_status", args=[item.pk]), {"status": "done"}
    )
    item.refresh_from_db()
    assert item.status == "done"


def test_meeting_detail_queries_are_constant(city, meeting, actor_for, as_user):
    principal = actor_for(city.principal)
    client = as_user(city.principal)
    url = reverse("group_meeting_detail", args=[meeting.pk])
    counter = iter(range(100))

    def grow() -> None:
        for _ in range(5):
            n = next(counter)
            item = meetings.agenda_item_add(actor=principal, meeting=meeting, title=f"Asia {n}")
            actions.action_item_create(
                actor=principal,
                meeting=meeting,
                what=f"Tehtävä {n}",
                owner=city.teacher,
                due_on=in_days(20).date(),
                agenda_item=item,
            )

    grow()
    assert_queries_constant(lambda: client.get(url), grow)


def test_action_items_overview_queries_are_constant(city, meeting, actor_for, as_user):
    principal = actor_for(city.principal)
    client = as_user(city.principal)
    url = reverse("group_action_items") + "?show=all"

    def add(n: int) -> None:
        for i in range(n):
            actions.action_item_create(
                actor=principal,
                meeting=meeting,
                what=f"Tehtävä {i}",
                owner=city.teacher,
                due_on=in_days(20).date(),
            )

    add(3)
    assert_queries_constant(lambda: client.get(url), lambda: add(12))
    page = client.get(url)
    assert page.content.decode().count("data-action-item=") == 15
    assert client.get(reverse("group_action_items") + "?show=mine").status_code == 200
    assert client.get(reverse("group_action_items") + "?group=999999").status_code == 404


def test_the_calendar_feed_is_public_by_token_and_404_when_revoked(city, meeting, actor_for, as_user, client):
    signed_in = as_user(city.nurse)
    response = signed_in.post(reverse("calendar_feed"), {"action": "create"})
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    token = feeds.feed_create(actor=actor_for(city.nurse))
    client.logout()
    url = reverse("calendar_feed_ics", kwargs={"token": token})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar") and "utf-8" in response["Content-Type"]
    assert "no-store" in response["Cache-Control"]
    feeds.feed_revoke(actor=actor_for(city.nurse))
    assert client.get(url).status_code == 404
    assert client.get(reverse("calendar_feed_ics", kwargs={"token": "nonsense"})).status_code == 404


def test_the_calendar_page_revokes(city, actor_for, as_user):
    client = as_user(city.nurse)
    feeds.feed_create(actor=actor_for(city.nurse))
    assert 'data-feed-state="live"' in client.get(reverse("calendar_feed")).content.decode()
    client.post(reverse("calendar_feed"), {"action": "revoke"})
    assert 'data-feed-state="none"' in client.get(reverse("calendar_feed")).content.decode()
