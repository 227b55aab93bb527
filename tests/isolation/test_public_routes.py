"""The routes anyone may reach are a reviewed list (routes.PUBLIC_ROUTES); each shows no tenant data.

Every other route turns away a visitor who is not signed in (pages: to the sign-in page; API: 401 or
403), and the Django admin turns away signed-in members who are not platform staff. Each public route
has its own test below of what it shows; `test_every_public_route_has_its_own_test` keeps that so.
"""

from __future__ import annotations

import sys

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .routes import ADMIN_PREFIX, OBJECT_ROUTES, PUBLIC_ROUTES, all_routes
from .towns import Town, signed_in


def _no_tenant_data(text: str, towns: dict[str, Town]) -> None:
    for town in towns.values():
        assert f"-{town.token}" not in text, f"{town.label}'s data on a public page"
        assert town.school.name not in text


def _url(name: str, towns: dict[str, Town]) -> str:
    params = all_routes()[name]
    if name in OBJECT_ROUTES:
        return reverse(name, kwargs=OBJECT_ROUTES[name].kwargs(towns["A"]))
    return reverse(name, kwargs={p: "schools" if p == "app_label" else "1" for p in params})


@pytest.mark.django_db
def test_every_other_route_turns_a_visitor_away(towns):
    anonymous = Client()
    login = reverse("login")
    failures = []
    for name in sorted(all_routes()):
        if name in PUBLIC_ROUTES or name.startswith(ADMIN_PREFIX):
            continue
        url = _url(name, towns)
        for method in ("get", "post"):
            response = getattr(anonymous, method)(url)
            if url.startswith("/api/"):
                ok = response.status_code in (401, 403)
            else:
                ok = response.status_code == 302 and response["Location"].startswith(login)
                ok = ok or response.status_code == 405  # a method the route never offers
            if not ok:
                failures.append(f"{method.upper()} {url} ({name}) -> {response.status_code}")
            _no_tenant_data(response.content.decode(errors="replace"), towns)
    assert not failures, "reachable without signing in:\n" + "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_the_admin_is_for_platform_staff_only(towns, who):
    """A city coordinator is not platform staff: the admin sends them to its own sign-in too."""
    client = Client() if who == "anonymous" else signed_in(towns["A"].coordinator, towns["A"])
    admin_login = reverse("admin:login")
    failures = []
    for name in sorted(n for n in all_routes() if n.startswith(ADMIN_PREFIX)):
        url = _url(name, towns)
        response = client.get(url)
        text = response.content.decode(errors="replace")
        # The admin's sign-in page greets a signed-in coordinator by their own address: only B is checked.
        _no_tenant_data(text, towns if who == "anonymous" else {"B": towns["B"]})
        if name in ("admin:login", "admin:logout"):
            assert response.status_code in (200, 302)
            continue
        redirected = response.status_code == 302 and response["Location"].startswith(admin_login)
        # "View on site" answers 404 for models without a page of their own, whoever asks.
        if not (redirected or response.status_code in (404, 405)):
            failures.append(f"GET {url} ({name}) -> {response.status_code}")
    assert not failures, "\n".join(failures)


# --- Each public route ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_shows_the_form_and_nothing_of_any_municipality(towns):
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="username"' in text and 'type="password"' in text
    _no_tenant_data(text, towns)


@pytest.mark.django_db
def test_logout_signs_out_by_post_only(towns):
    client = signed_in(towns["A"].teacher, towns["A"])
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code in (200, 302)
    _no_tenant_data(response.content.decode(), towns)
    assert client.get(reverse("home")).status_code == 302  # signed out


@pytest.mark.django_db
def test_password_reset_tells_nothing_about_who_exists(towns, django_capture_on_commit_callbacks):
    """The same answer for a member's address and for one nobody has: no account enumeration."""
    a = towns["A"]
    with django_capture_on_commit_callbacks(execute=True):  # the queued task looks the address up
        known = Client().post(reverse("password_reset"), {"email": a.teacher.email})
        unknown = Client().post(reverse("password_reset"), {"email": "nobody@nowhere.fi"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known["Location"] == reverse("password_reset_done")
    # (The sender also delivers what else was due: the towns' invitations.)
    resets = [m.to for m in mail.outbox if "/accounts/reset/" in m.body]
    assert resets == [[a.teacher.email]]
    page = Client().get(reverse("password_reset"))
    assert page.status_code == 200 and 'name="email"' in page.content.decode()
    _no_tenant_data(page.content.decode(), towns)


@pytest.mark.django_db
def test_password_reset_done_and_complete_pages_are_plain(towns):
    for name in ("password_reset_done", "password_reset_complete"):
        response = Client().get(reverse(name))
        assert response.status_code == 200
        _no_tenant_data(response.content.decode(), towns)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["password_reset_confirm", "invitation_accept"])
def test_a_secret_link_with_a_wrong_token_says_so_and_shows_no_one(towns, name):
    teacher = towns["A"].teacher
    uid = urlsafe_base64_encode(force_bytes(teacher.pk))
    response = Client().get(reverse(name, kwargs={"uidb64": uid, "token": "wrong-token"}))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'type="password"' not in text  # no form to set a password
    assert teacher.email not in text and teacher.last_name not in text
    _no_tenant_data(text, towns)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["password_reset_confirm", "invitation_accept"])
def test_a_secret_link_with_the_right_token_offers_the_password_form_only(towns, name):
    # Fresh from the database: signing in elsewhere changed the shared instance's last_login.
    teacher = type(towns["A"].teacher).objects.get(pk=towns["A"].teacher.pk)
    uid = urlsafe_base64_encode(force_bytes(teacher.pk))
    token = default_token_generator.make_token(teacher)
    response = Client().get(reverse(name, kwargs={"uidb64": uid, "token": token}), follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'type="password"' in text
    _no_tenant_data(text, towns)


@pytest.mark.django_db
def test_set_language_switches_the_language_cookie(towns):
    response = Client().post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"
    _no_tenant_data(response.content.decode(), towns)


@pytest.mark.django_db
def test_language_activate_sets_the_cookie_and_never_redirects_off_site(towns):
    response = Client().get(reverse("language_activate", args=["sv"]), {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"
    unknown = Client().get(reverse("language_activate", args=["xx"]))
    assert settings.LANGUAGE_COOKIE_NAME not in unknown.cookies


@pytest.mark.django_db
def test_the_accessibility_statement_is_public_and_plain(towns):
    response = Client().get(reverse("accessibility"))
    assert response.status_code == 200
    assert "<h1" in response.content.decode()
    _no_tenant_data(response.content.decode(), towns)


@pytest.mark.django_db
def test_the_api_schema_and_docs_describe_the_api_without_data(towns):
    schema = Client().get(reverse("api-schema"))
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "openapi" in text and "/api/v1/schools/" in text
    _no_tenant_data(text, towns)
    docs = Client().get(reverse("api-docs"))
    assert docs.status_code == 200
    _no_tenant_data(docs.content.decode(), towns)


@pytest.mark.django_db
def test_published_minutes_are_public_only_by_choice_and_name_no_pupil(towns):
    """A group's approved minutes: 404 until published, then readable without the pupil's name; another
    town's slug with this town's ids is the same 404."""
    from groups.models import WellbeingGroup

    a, b = towns["A"], towns["B"]
    group, meeting = a.extra["group"], a.extra["past_meeting"]
    listing = reverse("public_group_minutes", args=[a.municipality.slug, group.pk])
    page = reverse("public_minutes", args=[a.municipality.slug, group.pk, meeting.pk])
    wrong_town = reverse("public_minutes", args=[b.municipality.slug, group.pk, meeting.pk])
    anonymous = Client()
    assert anonymous.get(listing).status_code == 404
    assert anonymous.get(page).status_code == 404
    WellbeingGroup.objects.filter(pk=group.pk).update(minutes_public=True)
    try:
        assert anonymous.get(listing).status_code == 200
        text = anonymous.get(page).content.decode()
        assert f"Menneen asia {a.label}la-{a.token}" in text
        assert f"Oppilas {a.label}la-{a.token}" not in text
        assert anonymous.get(wrong_town).status_code == 404
        upcoming = reverse("public_minutes", args=[a.municipality.slug, group.pk, a.extra["meeting"].pk])
        assert anonymous.get(upcoming).status_code == 404  # no approved minutes yet
    finally:
        WellbeingGroup.objects.filter(pk=group.pk).update(minutes_public=False)


@pytest.mark.django_db
def test_a_calendar_address_shows_its_owners_meetings_only_and_dies_when_revoked(towns):
    """The teacher's secret address: their town's meetings they may see (none: not a member), no
    names of anyone's; a wrong, another town's shape or revoked token is the same 404."""
    from groups.models import CalendarFeed

    a = towns["A"]
    anonymous = Client()
    url = reverse("calendar_feed_ics", args=[a.extra["feed_token"]])
    response = anonymous.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert "BEGIN:VCALENDAR" in text
    assert f"Asia {a.label}la-{a.token}" not in text  # the teacher is no member of the group
    _no_tenant_data(text.replace(f"{a.label}la-{a.token}", ""), {"B": towns["B"]})
    token = a.extra["feed_token"]
    one_off = token[:-1] + ("B" if token.endswith("A") else "A")  # never the token itself
    for wrong in ("x" * 43, one_off, "%C2%B2"):
        assert anonymous.get(reverse("calendar_feed_ics", args=[wrong])).status_code == 404
    CalendarFeed.objects.filter(user=a.teacher).update(revoked_at="2026-01-01T00:00:00Z")
    assert anonymous.get(url).status_code == 404


@pytest.mark.django_db
def test_a_yearclock_address_shows_its_schools_entries_and_dies_when_revoked(towns):
    from yearclock.models import Yearclock

    a = towns["A"]
    anonymous = Client()
    url = reverse("yearclock_feed_ics", args=[a.extra["yearclock_token"]])
    response = anonymous.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert f"Oma {a.label}la-{a.token}" in text
    assert f"Pudotettava {a.label}la-{a.token}" not in text  # dropped
    _no_tenant_data(text, {"B": towns["B"]})
    token = a.extra["yearclock_token"]
    # One character changed (never to the one it already is: a token ending in "A" made this flaky).
    one_off = token[:-1] + ("B" if token.endswith("A") else "A")
    for wrong in ("x" * 43, one_off, "%C2%B2"):
        assert anonymous.get(reverse("yearclock_feed_ics", args=[wrong])).status_code == 404
    Yearclock.objects.filter(pk=a.extra["yearclock"].pk).update(feed_token_hash="")
    assert anonymous.get(url).status_code == 404


def test_every_public_route_has_its_own_test():
    tested = {
        "login": test_login_shows_the_form_and_nothing_of_any_municipality,
        "logout": test_logout_signs_out_by_post_only,
        "password_reset": test_password_reset_tells_nothing_about_who_exists,
        "password_reset_done": test_password_reset_done_and_complete_pages_are_plain,
        "password_reset_complete": test_password_reset_done_and_complete_pages_are_plain,
        "password_reset_confirm": test_a_secret_link_with_a_wrong_token_says_so_and_shows_no_one,
        "invitation_accept": test_a_secret_link_with_a_wrong_token_says_so_and_shows_no_one,
        "set_language": test_set_language_switches_the_language_cookie,
        "language_activate": test_language_activate_sets_the_cookie_and_never_redirects_off_site,
        "accessibility": test_the_accessibility_statement_is_public_and_plain,
        "api-schema": test_the_api_schema_and_docs_describe_the_api_without_data,
        "api-docs": test_the_api_schema_and_docs_describe_the_api_without_data,
        "public_group_minutes": test_published_minutes_are_public_only_by_choice_and_name_no_pupil,
        "public_minutes": test_published_minutes_are_public_only_by_choice_and_name_no_pupil,
        "calendar_feed_ics": test_a_calendar_address_shows_its_owners_meetings_only_and_dies_when_revoked,
        "yearclock_feed_ics": test_a_yearclock_address_shows_its_schools_entries_and_dies_when_revoked,
    }
    assert set(tested) == PUBLIC_ROUTES
    module = sys.modules[__name__]
    assert all(getattr(module, fn.__name__) is fn for fn in tested.values())
