"""The second factor in a real browser: set up TOTP from the secret shown on the page, see the recovery
codes, prove it again in a new session with the test harness's sign-in; every page passes axe."""

from __future__ import annotations

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_set_up_totp_and_use_it(city, sign_in, page, live_server):
    sign_in(city.teacher)
    page.goto(f"{live_server.url}/account/")
    assert_accessible(page, context="account with the second factor section")
    page.get_by_role("link", name="Ota toinen tunnistautumistapa käyttöön").click()
    expect(page.locator("figure.qr svg")).to_be_visible()
    assert_accessible(page, context="two-factor set-up")
    secret = page.locator("#totp-secret").inner_text().strip()
    key = b32decode(secret + "=" * (-len(secret) % 8))

    page.get_by_label("Koodi").fill("000000" if f"{totp(key):06d}" != "000000" else "111111")
    page.get_by_role("button", name="Vahvista").click()
    expect(page.locator(".has-error")).to_contain_text("Koodi ei ole oikein")
    assert_accessible(page, context="two-factor set-up with an error")

    page.get_by_label("Koodi").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Vahvista").click()
    expect(page.get_by_role("heading", name="Varakoodisi")).to_be_visible()
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible(page, context="recovery codes")


def test_sign_in_with_a_known_totp_key(city, sign_in, page, live_server):
    sign_in(city.principal, totp_key=True)
    page.goto(f"{live_server.url}/accounts/two-factor/recovery-codes/")
    expect(page.get_by_role("heading", name="Varakoodit")).to_be_visible()
    assert_accessible(page, context="recovery codes page, verified session")


def test_shoot_py_selectors_answer_the_prompt(city, page, live_server):
    """What ../shared/tools/shoot.py --totp does (its selectors, verbatim), with
    --login-path "/accounts/login/?next=/accounts/two-factor/verify/" as the README says."""
    from tests.factories import PASSWORD
    from tests.helpers import TEST_TOTP_KEY, totp_code, totp_device

    totp_device(city.principal)
    page.goto(f"{live_server.url}/accounts/login/?next=/accounts/two-factor/verify/")
    page.locator("input[type=email], input[name=username], input[name=email], input[name=login]").first.fill(
        city.principal.email
    )
    page.locator("input[type=password]").first.fill(PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    otp = page.locator(
        "input[autocomplete=one-time-code], input[name*=otp], input[name*=token], input[name=code]"
    )
    assert otp.first.get_attribute("name") == "code"
    assert_accessible(page, context="two-factor verify")
    otp.first.fill(totp_code(TEST_TOTP_KEY))
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/accounts/two-factor/recovery-codes/")
    expect(page.get_by_role("heading", name="Varakoodit")).to_be_visible()
