"""403, 404 and 405 pages inside the site's layout (header, municipality switcher, navigation), worded
for the person who sees them; JSON under /api/."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from schools.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    """The texts asserted in English (the language cookie wins over the person's own language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def county_worker(city, other_city):
    """A psychologist of the wellbeing services county, serving both municipalities."""
    person = other_city.nurse
    Membership.objects.create(user=person, municipality=city.municipality)
    return person


def page(response) -> str:
    return response.content.decode()


def assert_in_layout(html: str, *, switcher: bool) -> None:
    assert 'class="site-header"' in html
    assert 'class="main-nav"' in html
    assert reverse("home") in html
    assert ('id="municipality-switch"' in html) is switcher


def test_a_404_has_the_header_the_switcher_and_says_to_switch(as_user, county_worker):
    response = as_user(county_worker).get("/no-such-page/")
    assert response.status_code == 404
    html = page(response)
    assert_in_layout(html, switcher=True)
    assert "You serve several municipalities" in html
    assert "Djangon" not in html and "Using the URLconf" not in html


def test_a_404_for_a_one_municipality_person_does_not_talk_of_switching(as_user, city):
    html = page(as_user(city.teacher).get("/no-such-page/"))
    assert_in_layout(html, switcher=False)
    assert "There is no such page" in html
    assert "several municipalities" not in html


def test_a_403_is_inside_the_layout_and_does_not_send_a_principal_to_their_principal(as_user, city):
    response = as_user(city.principal).get(reverse("school_year_list"))
    assert response.status_code == 403
    html = page(response)
    assert_in_layout(html, switcher=False)
    assert "ask your principal" not in html
    assert "your current role does not include it" in html
    assert "coordinator manages its schools" in html


def test_a_403_for_a_county_worker_has_the_switcher(as_user, city, county_worker):
    response = as_user(county_worker).get(reverse("school_year_list"))
    assert response.status_code == 403
    assert_in_layout(page(response), switcher=True)


def test_a_403_for_a_person_without_a_municipality_says_so(client, city):
    Membership.objects.filter(user=city.teacher).update(is_active=False)
    client.force_login(city.teacher, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("roles_tool_list"))
    assert response.status_code == 403
    assert "not a member of any municipality" in page(response)


def test_a_post_only_address_opened_in_the_browser_is_a_405_page_with_a_way_back(as_user, city):
    client = as_user(city.coordinator)
    referer = "http://testserver" + reverse("member_detail", args=[city.teacher.pk])
    response = client.get(reverse("member_deactivate", args=[city.teacher.pk]), HTTP_REFERER=referer)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    html = page(response)
    assert_in_layout(html, switcher=False)
    assert "This address is for a button" in html
    assert f'href="{referer}"' in html
    assert Membership.objects.get(user=city.teacher, municipality=city.municipality).is_active


@pytest.mark.parametrize("referer", ["", "https://elsewhere.example/page/"])
def test_a_405_without_a_safe_referer_links_home(as_user, city, referer):
    extra = {"HTTP_REFERER": referer} if referer else {}
    response = as_user(city.teacher).get(reverse("municipality_switch"), **extra)
    assert response.status_code == 405
    html = page(response)
    assert "elsewhere.example" not in html
    assert "Back to the home page" in html


def test_a_county_worker_gets_the_405_page_with_the_switcher(as_user, county_worker):
    response = as_user(county_worker).get(reverse("municipality_switch"))
    assert response.status_code == 405
    assert_in_layout(page(response), switcher=True)


def test_the_405_page_follows_the_ui_language(as_user, city):
    client = as_user(city.teacher)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    html = page(client.get(reverse("municipality_switch")))
    assert '<html lang="sv">' in html
    assert "This address is for a button" not in html
    assert "Den här adressen hör till en knapp" in html


@pytest.mark.parametrize("path", ["/api/no-such-thing/", "/api/v1/no-such-thing/"])
def test_the_api_still_answers_json_404(as_user, city, path):
    response = as_user(city.teacher).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_the_api_still_answers_json_405(as_user, city):
    response = as_user(city.coordinator).delete("/api/v1/schools/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
