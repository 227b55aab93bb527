"""scripts/run: links in e-mails follow PORT, for the worker and the server alike.

The script runs for real in a copy of the project layout whose setup, Python and Celery are stand-ins
that record their arguments and the SITE_URL they were started with."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

STAND_IN = """#!/usr/bin/env bash
echo "$(basename "$0") $* | SITE_URL=${SITE_URL-<unset>}" >> "$RECORD"
mode="DEBUG=${DEBUG-<unset>} LOCAL_DEMO=${LOCAL_DEMO-<unset>}"
case "$*" in *runserver*|*worker*) echo "mode of $(basename "$0"): $mode" >> "$RECORD" ;; esac
case "$*" in *runserver*|*worker*) sleep 1 ;; esac
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(Path(settings.BASE_DIR) / "scripts" / "run", tmp_path / "scripts" / "run")
    (tmp_path / "scripts" / "setup").write_text("exit 0\n")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("python", "celery"):
        (bin_dir / name).write_text(STAND_IN)
        (bin_dir / name).chmod(0o755)
    return tmp_path


def run(project: Path, **env: str) -> list[str]:
    record = project / "record.txt"
    clean = {k: v for k, v in os.environ.items() if k not in ("PORT", "SITE_URL", "DEBUG", "LOCAL_DEMO")}
    result = subprocess.run(
        ["bash", str(project / "scripts" / "run")],
        env={**clean, "RECORD": str(record), **env},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return record.read_text().splitlines()


def started(lines: list[str], what: str) -> str:
    return next(line for line in lines if what in line)


def test_port_sets_the_links_in_emails_for_worker_and_server(project):
    lines = run(project, PORT="8001")
    assert "runserver 127.0.0.1:8001" in started(lines, "runserver")
    for what in ("runserver", "worker", "seed_demo"):
        assert started(lines, what).endswith("SITE_URL=http://127.0.0.1:8001"), lines


def test_default_port_is_8000(project):
    lines = run(project)
    assert started(lines, "runserver").endswith("runserver 127.0.0.1:8000 | SITE_URL=http://127.0.0.1:8000")


def test_an_explicit_site_url_wins(project):
    lines = run(project, PORT="8001", SITE_URL="https://yhdessa.example")
    assert started(lines, "worker").endswith("SITE_URL=https://yhdessa.example")
    assert started(lines, "runserver").endswith("SITE_URL=https://yhdessa.example")


def test_a_site_url_in_dotenv_wins(project):
    """config/settings.py reads .env, but real environment variables win: the script must not set one."""
    (project / ".env").write_text("SITE_URL=https://from-dotenv.example\n")
    lines = run(project, PORT="8001")
    assert started(lines, "worker").endswith("SITE_URL=<unset>")
    assert started(lines, "runserver").endswith("SITE_URL=<unset>")


def test_the_demo_runs_in_local_production_mode(project):
    """The site's own error pages, not Django's debug pages (config/settings.py LOCAL_DEMO)."""
    lines = run(project)
    modes = [line for line in lines if line.startswith("mode of ")]
    assert sorted(modes) == [
        "mode of celery: DEBUG=false LOCAL_DEMO=true",
        "mode of python: DEBUG=false LOCAL_DEMO=true",
    ]


def test_an_explicit_debug_is_kept(project):
    (project / ".env").write_text("DEBUG=true\n")
    lines = run(project)
    assert "mode of python: DEBUG=<unset> LOCAL_DEMO=true" in lines
    assert "mode of python: DEBUG=true LOCAL_DEMO=true" in run(project, DEBUG="true")
