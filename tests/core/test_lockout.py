"""Sign-in lockout (core/lockout.py): counted by the e-mail as sign-in compares it, per (address, IP)
pair and, with a higher limit, per address; the client IP from REMOTE_ADDR or trusted proxies."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from core.lockout import client_ip
from tests.factories import PASSWORD

LOGIN = "/accounts/login/"


def fail(client, email: str, ip: str = "127.0.0.1", times: int = 1, **headers) -> None:
    for _ in range(times):
        response = client.post(LOGIN, {"username": email, "password": "wrong"}, REMOTE_ADDR=ip, **headers)
        assert response.status_code in (200, 429)


def sign_in(client, email: str, ip: str = "127.0.0.1", **headers):
    return client.post(LOGIN, {"username": email, "password": PASSWORD}, REMOTE_ADDR=ip, **headers)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
class TestOneAccountWhateverTheSpelling:
    @pytest.mark.parametrize(
        "spelling",
        [
            lambda email: email.capitalize(),
            lambda email: email.upper(),
            lambda email: f"{email} ",
            lambda email: f"  {email.title()}\t",
        ],
        ids=["capitalised", "upper", "trailing-space", "spaces-and-title-case"],
    )
    def test_five_failures_lock_out_every_spelling_of_the_address(self, city, client, spelling):
        fail(client, city.teacher.email, times=settings.AXES_FAILURE_LIMIT)
        response = sign_in(client, spelling(city.teacher.email))
        assert response.status_code == 429
        assert not signed_in(client)

    def test_failures_in_different_spellings_add_up(self, city, client):
        email = city.teacher.email
        fail(client, email.upper(), times=2)
        fail(client, f" {email} ", times=2)
        fail(client, email.capitalize(), times=settings.AXES_FAILURE_LIMIT - 4)
        assert sign_in(client, email).status_code == 429
        assert not signed_in(client)

    def test_the_admin_sign_in_counts_the_same_account(self, city, client):
        """The admin's own sign-in form does not normalise the address; the lockout still does."""
        from tests.factories import UserFactory

        admin = UserFactory(email="alusta@example.fi", is_staff=True, is_superuser=True)
        fail(client, admin.email, times=settings.AXES_FAILURE_LIMIT)
        response = client.post(
            reverse("admin:login"),
            {"username": admin.email.upper(), "password": PASSWORD},
            REMOTE_ADDR="127.0.0.1",
        )
        assert response.status_code == 429
        assert not signed_in(client)

    def test_sign_in_still_ignores_case_and_spaces(self, city, client):
        response = sign_in(client, f" {city.teacher.email.upper()} ")
        assert response.status_code == 302
        assert signed_in(client)

    def test_a_successful_sign_in_clears_the_failures(self, city, client):
        fail(client, city.teacher.email, times=settings.AXES_FAILURE_LIMIT - 1)
        assert sign_in(client, city.teacher.email.upper()).status_code == 302
        client.post(reverse("logout"))
        fail(client, city.teacher.email, times=settings.AXES_FAILURE_LIMIT - 1)
        assert sign_in(client, city.teacher.email).status_code == 302


@pytest.mark.django_db
class TestPairAndAccountLimits:
    def test_a_stranger_locks_out_only_their_own_address(self, city, client):
        fail(client, city.teacher.email, ip="203.0.113.9", times=settings.AXES_FAILURE_LIMIT)
        assert sign_in(client, city.teacher.email, ip="203.0.113.9").status_code == 429
        assert sign_in(client, city.teacher.email, ip="198.51.100.7").status_code == 302

    def test_failures_while_locked_do_not_count_towards_the_account_limit(self, city, client):
        fail(client, city.teacher.email, ip="203.0.113.9", times=settings.AXES_USERNAME_FAILURE_LIMIT + 5)
        assert sign_in(client, city.teacher.email, ip="198.51.100.7").status_code == 302

    def test_guessing_spread_over_many_addresses_locks_the_account_everywhere(self, city, client, settings):
        settings.AXES_USERNAME_FAILURE_LIMIT = 8
        fail(client, city.teacher.email, ip="203.0.113.1", times=4)
        fail(client, city.teacher.email.upper(), ip="203.0.113.2", times=4)
        response = sign_in(client, city.teacher.email, ip="198.51.100.7")
        assert response.status_code == 429
        assert not signed_in(client)
        # Another account is not affected.
        assert sign_in(client, city.nurse.email, ip="198.51.100.7").status_code == 302


@pytest.mark.django_db
class TestLockedOutPage:
    def test_tells_when_to_try_again(self, city, client):
        fail(client, city.teacher.email, times=settings.AXES_FAILURE_LIMIT)
        response = sign_in(client, city.teacher.email)
        assert response.status_code == 429
        retry_after = int(response["Retry-After"])
        assert 14 * 60 < retry_after <= 15 * 60
        body = response.content.decode()
        at = response.context["retry_at"]
        from django.utils import timezone

        assert timezone.localtime(at).strftime("%H:%M") in body
        assert "Voit yrittää uudelleen kello" in body and "15 minuutin kuluttua" in body

    @pytest.mark.parametrize(
        ("language", "text"),
        [("sv", "Du kan försöka igen klockan"), ("en", "You can try again at")],
    )
    def test_is_translated(self, city, client, language, text):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        fail(client, city.teacher.email, times=settings.AXES_FAILURE_LIMIT)
        body = sign_in(client, city.teacher.email).content.decode()
        assert text in body


class TestClientAddress:
    """TRUSTED_PROXY_COUNT: how many of our proxies append to X-Forwarded-For."""

    def request(self, xff: str | None = None, remote: str = "10.0.0.1"):
        headers = {"REMOTE_ADDR": remote}
        if xff is not None:
            headers["HTTP_X_FORWARDED_FOR"] = xff
        return RequestFactory().post(LOGIN, **headers)

    def test_without_trusted_proxies_the_header_is_not_believed(self, settings):
        settings.TRUSTED_PROXY_COUNT = 0
        assert client_ip(self.request("198.51.100.7")) == "10.0.0.1"

    def test_one_proxy_the_address_it_appended(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_ip(self.request("198.51.100.7")) == "198.51.100.7"
        # What the client wrote into the header itself stands to the left, and is ignored.
        assert client_ip(self.request("203.0.113.66, 198.51.100.7")) == "198.51.100.7"

    def test_two_proxies_the_outermost_ones_entry(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        assert client_ip(self.request("203.0.113.66, 198.51.100.7, 10.0.0.5")) == "198.51.100.7"

    @pytest.mark.parametrize("xff", [None, "", "not-an-address", " , "])
    def test_a_request_that_did_not_pass_the_proxy_uses_the_socket_address(self, settings, xff):
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_ip(self.request(xff)) == "10.0.0.1"

    @pytest.mark.django_db
    def test_behind_the_proxy_people_are_told_apart(self, city, client, settings):
        """Everyone reaches the app from the proxy's address; a stranger's failures from one network
        do not lock out the person signing in from another."""
        settings.TRUSTED_PROXY_COUNT = 1
        proxy = "172.18.0.5"
        fail(
            client,
            city.teacher.email,
            ip=proxy,
            times=settings.AXES_FAILURE_LIMIT,
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
        assert (
            sign_in(client, city.teacher.email, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code
            == 429
        )
        response = sign_in(client, city.teacher.email, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert response.status_code == 302
