from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

import pytest

from config.celery import app as celery_app

from .factories import City

# Tasks run in-process in the unit suite; the Redis tests start a real worker instead.
celery_app.conf.task_always_eager = True
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _redis_reachable() -> bool:
    url = urlparse(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), timeout=0.5):
            return True
    except OSError:
        return False


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    redis_ok = bool(os.environ.get("REDIS_URL")) and _redis_reachable()
    skip_pg = pytest.mark.skip(reason="left out: needs PostgreSQL (set DATABASE_URL=postgres://...)")
    skip_redis = pytest.mark.skip(
        reason="left out: needs Redis (set REDIS_URL=redis://... to a reachable server)"
    )
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not redis_ok:
            item.add_marker(skip_redis)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2's deliberate slowness would dominate the suite (every City hashes four passwords)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Test transactions roll back, so the page cache's generations (replaced on commit) would not move:
    # it is off here, and on only in the tests of the page cache itself.
    settings.PAGE_CACHE = False


@pytest.fixture
def city(db) -> City:
    """Esimerkkilä-like tenant A with a school, two years, a coordinator, principal, teacher and nurse."""
    return City("Alfala")


@pytest.fixture
def other_city(db) -> City:
    """Tenant B: nothing of it may ever be visible to tenant A's people."""
    return City("Betala")


@pytest.fixture
def as_user(client):
    """Sign the test client in as a user; returns the client."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


@pytest.fixture
def actor_for():
    from schools.tenancy import resolve_actor

    def make(user, municipality=None):
        return resolve_actor(user, municipality.pk if municipality else None)

    return make


@pytest.fixture(scope="class")
def seeded_once(django_db_setup, django_db_blocker):
    """The demo city, seeded once for a class of read-only tests; each test's own transaction rolls
    back inside this one. The fast hasher is set here too: class fixtures run before `settings`."""
    from django.db import transaction
    from django.test import override_settings

    from .factories import run_seed_demo

    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers), transaction.atomic():
        run_seed_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    return None
