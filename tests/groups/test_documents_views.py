"""The minutes PDF for those who read the minutes, and the public minutes pages a school may switch on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from groups.models import AgendaItem, Meeting, MinutesState
from groups.services import structure

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(meeting):
    AgendaItem.objects.create(meeting=meeting, title="Välituntitoiminta", decision="Päätettiin kokeilla.")
    Meeting.objects.filter(pk=meeting.pk).update(minutes_state=MinutesState.APPROVED)
    meeting.refresh_from_db()
    return meeting


def test_members_download_approved_minutes_and_non_members_are_refused(city, approved, as_user):
    url = reverse("group_minutes_pdf", args=[approved.pk])
    response = as_user(city.nurse).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert as_user(city.teacher).get(url).status_code == 403


def test_another_towns_minutes_are_404(other_city, approved, as_user):
    assert (
        as_user(other_city.principal).get(reverse("group_minutes_pdf", args=[approved.pk])).status_code == 404
    )


def test_public_minutes_are_off_by_default_and_never_name_pupils(city, approved, client, actor_for):
    group = approved.group
    list_url = reverse("public_group_minutes", args=[city.municipality.slug, group.pk])
    page_url = reverse("public_minutes", args=[city.municipality.slug, group.pk, approved.pk])
    assert client.get(list_url).status_code == 404
    assert client.get(page_url).status_code == 404
    structure.group_update(actor=actor_for(city.principal), group=group, minutes_public=True)
    listing = client.get(list_url)
    assert listing.status_code == 200
    page = client.get(page_url).content.decode()
    assert "Välituntitoiminta" in page and "Päätettiin kokeilla." in page
    assert "Pekka Oppilas" not in page and "Hanna Huoltaja" not in page
    # Another municipality's slug with this group's id is the same 404.
    assert client.get(reverse("public_group_minutes", args=["toinen", group.pk])).status_code == 404


def test_draft_minutes_are_not_public(city, meeting, client, actor_for):
    structure.group_update(actor=actor_for(city.principal), group=meeting.group, minutes_public=True)
    url = reverse("public_minutes", args=[city.municipality.slug, meeting.group.pk, meeting.pk])
    assert client.get(url).status_code == 404
