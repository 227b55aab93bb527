"""The admin lives where ADMIN_URL puts it; in production it is off unless that is set."""

from __future__ import annotations

import importlib

import pytest
from django.urls import NoReverseMatch, clear_url_caches, reverse

import config.urls
from tests.test_deploy import manage, production_env


@pytest.fixture
def admin_at(settings):
    original = settings.ADMIN_URL

    def mount(path: str) -> None:
        settings.ADMIN_URL = path
        importlib.reload(config.urls)
        clear_url_caches()

    yield mount
    settings.ADMIN_URL = original
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_the_admin_answers_only_at_its_configured_path(admin_at, client):
    admin_at("platform-7f3k/")
    response = client.get("/platform-7f3k/")
    assert response.status_code == 302
    assert response.url.startswith("/platform-7f3k/login/")
    assert reverse("admin:index") == "/platform-7f3k/"
    assert client.get("/admin/").status_code == 404


@pytest.mark.django_db
def test_without_a_path_there_is_no_admin(admin_at, client):
    admin_at("")
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("admin:index")
    assert client.get(reverse("login")).status_code == 200


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "''"),
        ({"ADMIN_URL": "/hallinta-9q2/"}, "'hallinta-9q2/'"),
        ({"ADMIN_URL": "hallinta-9q2"}, "'hallinta-9q2/'"),
    ],
    ids=["unset", "slashes", "no-slash"],
)
def test_production_has_no_admin_unless_named(tmp_path, env, expected):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(repr(settings.ADMIN_URL))",
        **production_env(tmp_path),
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_development_has_the_admin_at_admin_by_default(tmp_path):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(repr(settings.ADMIN_URL))",
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "'admin/'"
