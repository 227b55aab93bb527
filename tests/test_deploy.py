"""Deployment: production settings pass Django's deploy checks, production secrets have no defaults,
every setting is documented, and the container files say what the stack needs."""

from __future__ import annotations

import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders

BASE_DIR = Path(settings.BASE_DIR)
REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
SETTINGS_ENV = re.compile(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def settings_variables() -> set[str]:
    return set(SETTINGS_ENV.findall((BASE_DIR / "config" / "settings.py").read_text()))


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Only the given settings: nothing inherited from the shell or the test run (e.g. DATABASE_URL, or
    # the DJANGO_ALLOW_ASYNC_UNSAFE that tests/conftest.py sets for Playwright).
    inherited = settings_variables() | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "yhdessa.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }


def dotenv_defines(name: str) -> bool:
    dotenv = BASE_DIR / ".env"
    return dotenv.exists() and re.search(rf"^\s*{name}\s*=", dotenv.read_text(), re.M) is not None


def test_deploy_checks_pass_with_production_settings(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("name", REQUIRED_IN_PRODUCTION)
def test_production_refuses_to_start_without_a_required_setting(tmp_path, name):
    if dotenv_defines(name):
        pytest.skip(f"left out: the local .env defines {name}")
    env = production_env(tmp_path)
    del env[name]
    result = manage("check", **env)
    assert result.returncode != 0
    assert f"Set the {name} environment variable" in result.stderr


def test_every_static_file_a_template_names_exists():
    """Production's manifest storage turns a missing static file into a 500 on every page naming it
    (development only logs a 404), so a typo must fail here."""
    static_tag = re.compile(r"""{%\s*static\s+["']([^"']+)["']""")
    templates = [*BASE_DIR.glob("templates/**/*.html"), *BASE_DIR.glob("*/templates/**/*.html")]
    missing = [
        f"{template.relative_to(BASE_DIR)}: {path}"
        for template in templates
        for path in static_tag.findall(template.read_text())
        if not finders.find(path)
    ]
    assert templates
    assert not missing, missing


def test_every_setting_is_documented():
    documented_example = (BASE_DIR / ".env.example").read_text()
    readme = (BASE_DIR / "README.md").read_text()
    for name in sorted(settings_variables()):
        assert re.search(rf"^#?\s*{name}=", documented_example, re.M), f"{name} missing from .env.example"
        assert f"`{name}`" in readme, f"{name} missing from the README's settings table"


def compose() -> dict:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_compose_runs_the_whole_stack_in_order():
    services = compose()["services"]
    assert set(services) >= {"db", "redis", "web", "worker", "beat"}
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    for name, service in services.items():
        for dependency, condition in service.get("depends_on", {}).items():
            # Waiting for "healthy" only works when the dependency has a health check.
            assert condition == {"condition": "service_healthy"}, name
            assert "healthcheck" in services[dependency], dependency
    web = " ".join(services["web"]["command"])
    assert web.index("migrate --noinput") < web.index("gunicorn")
    assert "--no-control-socket" in web
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    for app_service in ("web", "worker", "beat"):
        environment = services[app_service]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://redis:")


def test_container_commands_are_accepted_by_the_pinned_gunicorn(tmp_path):
    """The flags in Dockerfile and compose exist in the installed gunicorn (27 added the control socket)."""
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    cmd = yaml.safe_load(re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1))
    web = compose()["services"]["web"]["command"][-1]
    compose_cmd = shlex.split(web[web.index("gunicorn") :])
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    for command in (cmd, compose_cmd):
        assert command[0] == "gunicorn"
        result = subprocess.run(
            [gunicorn, *command[1:], "--check-config"],
            cwd=BASE_DIR,
            env={**os.environ, **production_env(tmp_path)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
