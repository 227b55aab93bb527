"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import os

import pytest

from tests.factories import PASSWORD
from tests.groups.fixtures import levels, school_group  # noqa: F401 - the groups fixtures, for the meeting flows
from tests.helpers import TEST_TOTP_KEY, totp_code, totp_device

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fi-FI", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def sign_in(page, live_server):
    """Sign in through the real login form. With `totp_key` (hex; True for the tests' own key) the person
    gets a confirmed authenticator with that key and proves it on the verify page, as a person with pupil
    data does before the first such page."""

    def do(user, password: str = PASSWORD, totp_key: str | bool | None = None):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Sähköpostiosoite").fill(user.email)
        page.get_by_label("Salasana").fill(password)
        page.get_by_role("button", name="Kirjaudu sisään").click()
        page.wait_for_load_state("networkidle")
        if totp_key:
            key = TEST_TOTP_KEY if totp_key is True else totp_key
            totp_device(user, key)
            page.goto(f"{live_server.url}/accounts/two-factor/verify/")
            page.get_by_label("Koodi").fill(totp_code(key))
            page.get_by_role("button", name="Vahvista").click()
            page.wait_for_load_state("networkidle")
        return page

    return do


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
