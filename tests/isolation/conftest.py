"""The two towns, built once per test module; each test's own transaction rolls back inside it."""

from __future__ import annotations

import pytest

from .towns import Town, build_towns


@pytest.fixture(scope="module")
def towns_once(django_db_setup, django_db_blocker):
    """Built inside one transaction that is rolled back after the module. The fast hasher is set here
    too: module fixtures run before the function-scoped `settings`."""
    from django.db import transaction
    from django.test import override_settings

    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers), transaction.atomic():
        yield build_towns()
        transaction.set_rollback(True)


@pytest.fixture
def towns(towns_once, db) -> dict[str, Town]:
    return towns_once
