"""Regressions from the browser walk-through of the groups pages (issue 9's "What I will check")."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from groups.models import Meeting
from groups.services import actions, meetings, minutes, structure

from .conftest import in_days

pytestmark = pytest.mark.django_db


def _action_for_teacher(city, meeting, actor_for):
    return actions.action_item_create(
        actor=actor_for(city.principal),
        meeting=meeting,
        what="Kyselyn yhteenveto",
        owner=city.teacher,
        due_on=in_days(20).date(),
    )


def test_an_owner_outside_the_group_is_not_linked_to_a_meeting_they_may_not_open(
    city, meeting, actor_for, as_user
):
    item = _action_for_teacher(city, meeting, actor_for)
    client = as_user(city.teacher)
    meeting_url = reverse("group_meeting_detail", args=[meeting.pk])
    assert client.get(meeting_url).status_code == 403  # the teacher is no member of the group

    home = client.get(reverse("home")).content.decode()
    link = re.search(rf'data-action-item="{item.pk}"><a href="([^"]+)"', home)
    assert link and meeting_url not in link.group(1)
    assert client.get(link.group(1).split("#")[0]).status_code == 200

    overview = client.get(reverse("group_action_items")).content.decode()
    assert f'id="action-item-{item.pk}"' in overview and f'href="{meeting_url}"' not in overview


def test_a_member_owner_is_still_linked_to_the_meeting(city, meeting, actor_for, as_user):
    item = actions.action_item_create(
        actor=actor_for(city.principal),
        meeting=meeting,
        what="Kyselyn yhteenveto",
        owner=city.nurse,  # a member of the school group
        due_on=in_days(20).date(),
    )
    client = as_user(city.nurse)
    meeting_url = reverse("group_meeting_detail", args=[meeting.pk])
    home = client.get(reverse("home")).content.decode()
    assert f'data-action-item="{item.pk}"><a href="{meeting_url}#action-items"' in home
    assert f'href="{meeting_url}"' in client.get(reverse("group_action_items")).content.decode()


def test_approved_minutes_offer_their_pdf_on_the_meeting_page(city, meeting, actor_for, as_user):
    principal = actor_for(city.principal)
    item = meetings.agenda_item_add(actor=principal, meeting=meeting, title="Hyvinvointikysely")
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(-1), ends_at=in_days(-1, 15))
    meeting.refresh_from_db()
    pdf_url = reverse("group_minutes_pdf", args=[meeting.pk])
    client = as_user(city.nurse)
    assert pdf_url not in client.get(reverse("group_meeting_detail", args=[meeting.pk])).content.decode()

    minutes.minutes_save(
        actor=principal,
        meeting=meeting,
        version=meeting.version,
        general="",
        items={item.pk: ("Käsiteltiin", "")},
    )
    meeting.refresh_from_db()
    minutes.minutes_approve(actor=principal, meeting=meeting)
    page = client.get(reverse("group_meeting_detail", args=[meeting.pk])).content.decode()
    assert f'href="{pdf_url}"' in page and "Lataa pöytäkirja (PDF)" in page
    response = client.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_public_minutes_pages_speak_finnish_and_swedish(city, meeting, client, actor_for):
    principal = actor_for(city.principal)
    meetings.agenda_item_add(actor=principal, meeting=meeting, title="Välituntitoiminta")
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(-1), ends_at=in_days(-1, 15))
    meeting.refresh_from_db()
    minutes.minutes_save(actor=principal, meeting=meeting, version=meeting.version, general="Muuta", items={})
    meeting.refresh_from_db()
    minutes.minutes_approve(actor=principal, meeting=meeting)
    structure.group_update(actor=principal, group=meeting.group, minutes_public=True)
    list_url = reverse("public_group_minutes", args=[city.municipality.slug, meeting.group.pk])
    page_url = reverse("public_minutes", args=[city.municipality.slug, meeting.group.pk, meeting.pk])

    listing = client.get(list_url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Hyväksytyt pöytäkirjat" in listing and "Approved minutes" not in listing
    page = client.get(page_url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Kaikki ryhmän julkaistut pöytäkirjat" in page and "Muut merkinnät" in page
    assert "Other notes" not in page
    listing = client.get(list_url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Godkända protokoll" in listing


def test_the_group_page_says_its_reminder_days_as_a_sentence(city, school_group, as_user):
    page = as_user(city.principal).get(reverse("group_detail", args=[school_group.pk])).content.decode()
    assert "7 ja 1 päivää ennen kokousta" in page and "7, 1 päivää" not in page


def test_the_approval_page_of_approved_minutes_explains_instead_of_403(city, meeting, actor_for, as_user):
    principal = actor_for(city.principal)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(-1), ends_at=in_days(-1, 15))
    meeting.refresh_from_db()
    minutes.minutes_save(actor=principal, meeting=meeting, version=meeting.version, general="Muuta", items={})
    meeting.refresh_from_db()
    minutes.minutes_approve(actor=principal, meeting=meeting)
    approved_at = Meeting.objects.get(pk=meeting.pk).minutes_approved_at
    client = as_user(city.principal)
    url = reverse("group_minutes_approve", args=[meeting.pk])
    for response in (client.get(url, follow=True), client.post(url, follow=True)):
        assert response.status_code == 200
        assert "Tämä pöytäkirja on jo hyväksytty." in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).minutes_approved_at == approved_at
    assert as_user(city.teacher).get(url).status_code == 403  # not the convener: still refused
