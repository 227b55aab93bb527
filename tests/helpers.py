"""Assertions shared by the suite: query counts that must not grow, and axe-core accessibility."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(fn: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def assert_queries_constant(
    fn: Callable[[], object], grow: Callable[[], object], *, at_most: int | None = None
) -> int:
    """Run `fn`, add rows with `grow`, run `fn` again: the number of queries must not change.

    Returns the count so a test can also pin a ceiling.
    """
    fn()  # warm caches (content types, sessions) so they do not count once and not the next time
    before = count_queries(fn)
    grow()
    after = count_queries(fn)
    assert before == after, f"queries grew with the rows: {before} -> {after}"
    if at_most is not None:
        assert after <= at_most, f"{after} queries, at most {at_most} expected"
    return after


def assert_accessible(page, *, context: str = "") -> None:
    """No serious or critical axe-core violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    detail = "; ".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})" for v in bad
    )
    assert not bad, f"axe-core violations {context or page.url}: {detail}"


# A fixed authenticator key for tests (hex, as django-otp stores it); its base32 form is what a person
# types into an app. The demo's own key is in demo/otp.py.
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def totp_device(user, key: str = TEST_TOTP_KEY):
    """A confirmed authenticator for the user with a known key."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", key=key, confirmed=True)


def totp_code(key: str = TEST_TOTP_KEY, *, offset: int = 0) -> str:
    """The code an authenticator shows now for the key (offset in 30-second steps)."""
    from binascii import unhexlify

    from django_otp.oath import totp

    return f"{totp(unhexlify(key), t0=-offset * 30):06d}"


def verified(client, user):
    """Give the user a confirmed authenticator and mark the client's session as having proved it (what
    the pages with pupil data need). The client must already be signed in as the user."""
    device = totp_device(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client
