"""Naming another municipality is refused: the API's X-Municipality header and the pages' switcher.

A coordinator of B who names A (or any municipality they are not an active member of, or junk) gets a
403 with nothing of A in it, the same answer whatever was named, and stays in B. The county
psychologist, a member of both, switches freely between the two.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from schools.tenancy import SESSION_KEY

from .client import page_text
from .routes import all_routes
from .towns import Town, signed_in

NOT_A_MEMBER_OF = ["A", "missing", "junk", "huge", "zero-padded"]


def _named(towns: dict[str, Town], what: str) -> str:
    a = towns["A"].municipality.pk
    return {
        "A": str(a),
        "missing": str(10**9 + 7),
        "junk": "Alfala",
        "huge": str(2**64),
        "zero-padded": f"0{towns['B'].municipality.pk}",
    }[what]


def _token_client(user) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def _api_urls(town: Town) -> list[str]:
    lists = [reverse(name) for name in all_routes() if name.endswith("-list")]
    return [*lists, reverse("api-root"), reverse("school-detail", args=[town.school.pk])]


@pytest.mark.django_db
@pytest.mark.parametrize("named", NOT_A_MEMBER_OF)
@pytest.mark.parametrize("auth", ["token", "session"])
def test_the_api_refuses_a_municipality_the_user_is_not_a_member_of(towns, named, auth):
    a, b = towns["A"], towns["B"]
    client = _token_client(b.coordinator) if auth == "token" else signed_in(b.coordinator, b)
    header = _named(towns, named)
    answers = set()
    for url in [*_api_urls(a), *_api_urls(b)]:
        response = client.get(url, HTTP_X_MUNICIPALITY=header)
        assert response.status_code == 403, (url, header, response.status_code)
        assert response["Content-Type"].startswith("application/json")
        body = response.content.decode()
        assert f"-{a.token}" not in body and f"-{b.token}" not in body
        answers.add(json.dumps(response.json(), sort_keys=True))
    # Writes too: nothing is created in A.
    response = client.post(
        reverse("school-list"),
        {"name": "Kaapattu", "language": "fi"},
        content_type="application/json",
        HTTP_X_MUNICIPALITY=header,
    )
    assert response.status_code == 403
    answers.add(json.dumps(response.json(), sort_keys=True))
    assert len(answers) == 1, f"the refusals differ: {answers}"
    assert not a.municipality.schools.filter(name="Kaapattu").exists()


@pytest.mark.django_db
def test_every_refusal_of_a_named_municipality_reads_the_same(towns):
    """A's id, a missing id and junk: one answer, so the header cannot probe which ids exist."""
    b = towns["B"]
    client = _token_client(b.coordinator)
    bodies = {
        what: client.get(reverse("school-list"), HTTP_X_MUNICIPALITY=_named(towns, what)).json()
        for what in NOT_A_MEMBER_OF
    }
    assert len({json.dumps(body, sort_keys=True) for body in bodies.values()}) == 1, bodies


@pytest.mark.django_db
@pytest.mark.parametrize("home", ["A", "B"])
def test_a_member_of_both_acts_in_the_one_they_name(towns, home):
    """The positive control: the county psychologist names either town and gets that town's schools."""
    here, there = towns[home], towns["B" if home == "A" else "A"]
    client = _token_client(here.county)
    response = client.get(reverse("school-list"), HTTP_X_MUNICIPALITY=str(here.municipality.pk))
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {here.school.pk, here.other_school.pk}
    assert f"-{there.token}" not in response.content.decode()


def _session_municipality(client: Client) -> object:
    return client.session.get(SESSION_KEY)


@pytest.mark.django_db
@pytest.mark.parametrize("named", NOT_A_MEMBER_OF)
@pytest.mark.parametrize("had_chosen", [True, False], ids=["switched-before", "fresh-session"])
def test_the_switcher_refuses_a_municipality_the_user_is_not_a_member_of(towns, named, had_chosen):
    a, b = towns["A"], towns["B"]
    client = signed_in(b.coordinator, b)
    if not had_chosen:
        session = client.session
        del session[SESSION_KEY]
        session.save()
    before = _session_municipality(client)
    response = client.post(reverse("municipality_switch"), {"municipality": _named(towns, named)})
    assert response.status_code == 403
    assert f"-{a.token}" not in response.content.decode()
    assert _session_municipality(client) == before, "the refused switch changed the session"
    page = client.get(reverse("school_list")).content.decode()
    assert b.school.name in page and a.school.name not in page
    assert f"-{a.token}" not in page


@pytest.mark.django_db
def test_the_switcher_refusals_read_the_same(towns):
    b = towns["B"]
    client = signed_in(b.coordinator, b)
    pages = set()
    for what in NOT_A_MEMBER_OF:
        response = client.post(reverse("municipality_switch"), {"municipality": _named(towns, what)})
        pages.add((response.status_code, _without_csrf(response.content.decode())))
    assert len(pages) == 1


def _without_csrf(html: str) -> str:
    import re

    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


@pytest.mark.django_db
def test_a_member_of_both_switches_and_every_list_follows(towns):
    a, b = towns["A"], towns["B"]
    client = signed_in(a.county, a)
    schools = page_text(client.get(reverse("school_list")))
    assert a.school.name in schools and f"-{b.token}" not in schools
    response = client.post(reverse("municipality_switch"), {"municipality": str(b.municipality.pk)})
    assert response.status_code == 302
    assert _session_municipality(client) == b.municipality.pk
    schools = client.get(reverse("school_list")).content.decode()
    assert b.school.name in schools and a.school.name not in schools
