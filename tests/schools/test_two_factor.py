"""The second factor: set-up with a QR code and the secret, proving it with a code or a recovery code
(each once), safe `next`, the lock after repeated wrong codes, and the pupil pages' redirect."""

from __future__ import annotations

import re
from binascii import unhexlify

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from absences.otp import VerifiedRequiredMixin
from schools import two_factor
from tests.helpers import TEST_TOTP_KEY, totp_code, totp_device, verified

SETUP = "/accounts/two-factor/"
VERIFY = "/accounts/two-factor/verify/"
CODES = "/accounts/two-factor/recovery-codes/"


def _code_for_secret(secret: str, offset: int = 0) -> str:
    from base64 import b32decode

    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, t0=-offset * 30):06d}"


def _secret(response) -> str:
    return re.search(r'id="totp-secret">([A-Z2-7]+)<', response.content.decode()).group(1)


def _codes(response) -> list[str]:
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())


def _is_verified(client) -> bool:
    return "otp_device_id" in client.session


def test_setup_shows_qr_and_secret_and_a_wrong_code_is_refused(city, as_user):
    client = as_user(city.teacher)
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    secret = _secret(page)
    assert len(secret) == 32
    # The same secret on reload: a person who scans, then reloads, still has the right one.
    assert _secret(client.get(SETUP)) == secret

    wrong = client.post(SETUP, {"code": "000000" if _code_for_secret(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert (
        "The code is not right" in wrong.content.decode() or "Koodi ei ole oikein" in wrong.content.decode()
    )
    assert not TOTPDevice.objects.filter(user=city.teacher, confirmed=True).exists()
    assert not _is_verified(client)


def test_a_right_code_confirms_verifies_and_shows_ten_recovery_codes(city, as_user):
    client = as_user(city.teacher)
    secret = _secret(client.get(SETUP))
    done = client.post(SETUP, {"code": _code_for_secret(secret), "next": "/absences/"})
    assert done.status_code == 200
    codes = _codes(done)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert 'href="/absences/"' in done.content.decode()
    assert TOTPDevice.objects.filter(user=city.teacher, confirmed=True).count() == 1
    assert _is_verified(client)
    # The account page says so.
    assert two_factor.has_second_factor(city.teacher)
    assert "two-factor-heading" in client.get("/account/").content.decode()


def test_the_otpauth_url_names_the_issuer(city):
    device = two_factor.totp_pending(city.teacher)
    url = two_factor.otpauth_url(device)
    assert url.startswith("otpauth://totp/Yhdess%C3%A4%3A")
    assert "issuer=Yhdess%C3%A4" in url
    assert f"secret={two_factor.base32_secret(device)}" in url


def test_with_a_device_the_setup_page_needs_a_verified_session(city, as_user):
    totp_device(city.teacher)
    client = as_user(city.teacher)
    response = client.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_verify_with_a_good_code_follows_a_safe_next(city, as_user):
    totp_device(city.teacher)
    client = as_user(city.teacher)
    assert client.get(VERIFY).status_code == 200
    response = client.post(VERIFY, {"code": totp_code(), "next": "/absences/model/"})
    assert response.status_code == 302 and response["Location"] == "/absences/model/"
    assert _is_verified(client)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_verify_never_sends_off_site(city, as_user, target):
    totp_device(city.teacher)
    client = as_user(city.teacher)
    response = client.post(VERIFY, {"code": totp_code(), "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_recovery_code_works_once(city, as_user):
    totp_device(city.teacher)
    codes = two_factor._new_recovery_codes(city.teacher)
    client = as_user(city.teacher)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert _is_verified(client)
    assert StaticToken.objects.filter(device__user=city.teacher).count() == 9

    again = as_user(city.nurse)  # a fresh session for the same person
    again.force_login(city.teacher, backend="django.contrib.auth.backends.ModelBackend")
    refused = again.post(VERIFY, {"code": codes[0]})
    assert refused.status_code == 200
    assert "otp_device_id" not in again.session


def test_a_wrong_code_is_refused(city, as_user):
    totp_device(city.teacher)
    client = as_user(city.teacher)
    good = totp_code()
    wrong = "123456" if good != "123456" else "654321"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert not _is_verified(client)


def test_five_wrong_codes_lock_even_the_right_one(city, as_user):
    totp_device(city.teacher)
    client = as_user(city.teacher)
    good = totp_code()
    wrong = "123456" if good != "123456" else "654321"
    for _i in range(two_factor.MAX_FAILURES):
        client.post(VERIFY, {"code": wrong})
    refused = client.post(VERIFY, {"code": good})
    assert refused.status_code == 200
    assert not _is_verified(client)
    assert two_factor.locked_until(TOTPDevice.objects.get(user=city.teacher)) is not None


def test_wrong_codes_long_ago_do_not_count(city, as_user):
    import datetime

    from django.utils import timezone

    device = totp_device(city.teacher)
    device.throttling_failure_count = 7
    device.throttling_failure_timestamp = timezone.now() - datetime.timedelta(minutes=16)
    device.save()
    client = as_user(city.teacher)
    assert client.post(VERIFY, {"code": totp_code()}).status_code == 302


def test_verify_without_a_device_goes_to_setup(city, as_user):
    client = as_user(city.teacher)
    response = client.get(VERIFY + "?next=/absences/")
    assert response.status_code == 302 and response["Location"] == SETUP + "?next=%2Fabsences%2F"


def test_new_recovery_codes_need_a_verified_session_and_replace_the_old(city, as_user):
    totp_device(city.teacher)
    old = two_factor._new_recovery_codes(city.teacher)
    client = as_user(city.teacher)
    assert client.get(CODES)["Location"].startswith(VERIFY)
    assert client.post(CODES).status_code == 302
    verified(client, city.teacher)
    response = client.post(CODES)
    new = _codes(response)
    assert len(new) == 10
    assert not StaticToken.objects.filter(device__user=city.teacher, token=old[0]).exists()


def test_the_helper_marks_the_session_verified(city, as_user):
    client = verified(as_user(city.teacher), city.teacher)
    assert client.get(CODES).status_code == 200


class _PupilPage(VerifiedRequiredMixin, View):
    def get(self, request):
        return HttpResponse("pupils")


def _request(user, path="/absences/pupils/1/?tab=days", device=None):
    from django_otp.middleware import OTPMiddleware

    request = RequestFactory().get(path)
    request.session = SessionStore()
    if device is not None:
        request.session["otp_device_id"] = device.persistent_id
    request.user = user
    OTPMiddleware(lambda r: None)._verify_user_sync(request, user)
    return request


def test_the_mixin_sends_an_unverified_session_to_setup_or_verify(city):
    view = _PupilPage.as_view()
    response = view(_request(city.teacher))
    assert response.status_code == 302
    assert response["Location"] == SETUP + "?next=%2Fabsences%2Fpupils%2F1%2F%3Ftab%3Ddays"
    device = totp_device(city.teacher)
    assert view(_request(city.teacher))["Location"].startswith(VERIFY + "?next=")
    assert view(_request(city.teacher, device=device)).content == b"pupils"


def test_the_mixin_lets_anonymous_through_to_the_login_check(db):
    request = RequestFactory().get("/x/")
    request.user = AnonymousUser()
    assert _PupilPage.as_view()(request).content == b"pupils"


def test_the_test_key_is_the_rfc_one():
    assert unhexlify(TEST_TOTP_KEY) == b"12345678901234567890"


def test_the_coordinator_removes_a_persons_second_factor(city, as_user):
    totp_device(city.teacher)
    two_factor._new_recovery_codes(city.teacher)
    client = as_user(city.coordinator)
    page = client.get(f"/people/{city.teacher.pk}/").content.decode()
    assert f"/people/{city.teacher.pk}/two-factor/reset/" in page
    assert client.post(f"/people/{city.teacher.pk}/two-factor/reset/").status_code == 302
    assert not two_factor.has_second_factor(city.teacher)
    assert two_factor.recovery_codes_left(city.teacher) == 0


def test_a_principal_cannot_and_another_towns_person_is_404(city, other_city, as_user):
    totp_device(city.teacher)
    totp_device(other_city.teacher)
    assert as_user(city.principal).post(f"/people/{city.teacher.pk}/two-factor/reset/").status_code == 403
    assert (
        as_user(city.coordinator).post(f"/people/{other_city.teacher.pk}/two-factor/reset/").status_code
        == 404
    )
    assert two_factor.has_second_factor(city.teacher) and two_factor.has_second_factor(other_city.teacher)


def test_a_person_of_two_municipalities_is_reset_only_by_the_admin(city, other_city, as_user):
    from schools.models import Membership

    Membership.objects.create(user=city.teacher, municipality=other_city.municipality)
    totp_device(city.teacher)
    client = as_user(city.coordinator)
    assert client.post(f"/people/{city.teacher.pk}/two-factor/reset/").status_code == 302
    assert two_factor.has_second_factor(city.teacher)


def test_the_demo_accounts_with_pupils_have_the_documented_key(seeded):
    from base64 import b32encode

    from demo.otp import DEMO_TOTP_ACCOUNTS, DEMO_TOTP_BASE32, DEMO_TOTP_KEY
    from tests.factories import run_seed_demo

    assert b32encode(unhexlify(DEMO_TOTP_KEY)).decode() == DEMO_TOTP_BASE32
    devices = TOTPDevice.objects.filter(user__email__in=DEMO_TOTP_ACCOUNTS, confirmed=True)
    assert sorted(d.user.email for d in devices) == sorted(DEMO_TOTP_ACCOUNTS)
    assert {d.key for d in devices} == {DEMO_TOTP_KEY}
    assert not TOTPDevice.objects.filter(user__email="koordinaattori@esimerkkila.fi").exists()
    run_seed_demo()  # idempotent
    assert TOTPDevice.objects.filter(user__email__in=DEMO_TOTP_ACCOUNTS).count() == 3
    with open("README.md", encoding="utf-8") as readme:
        assert DEMO_TOTP_BASE32 in readme.read()
