"""The demo that scripts/run serves: production mode (DEBUG=false, the site's own error pages) on this
machine only, with what LOCAL_DEMO provides (a secret generated once, local hosts, plain http, SQLite,
static files through WhiteNoise). Real production settings are unaffected (test_deploy.py)."""

from __future__ import annotations

import json
import stat

from django.conf import settings

from .test_deploy import manage

AS_SCRIPTS_RUN = {"DEBUG": "false", "LOCAL_DEMO": "true"}

PROBE = """
import json
from django.conf import settings
from django.test import Client

client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
css = client.get("/static/css/yhdessa.css")
login = client.get("/accounts/login/")
print(json.dumps({
    "debug": settings.DEBUG,
    "status": missing.status_code,
    "page": missing.content.decode(),
    "css": css.status_code,
    "login": login.status_code,
    "login_cookies_secure": [bool(c["secure"]) for c in login.cookies.values()],
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "hosts": settings.ALLOWED_HOSTS,
    "secret_len": len(settings.SECRET_KEY),
}))
"""


def probe(**env: str) -> dict:
    result = manage("shell", "-c", PROBE, **env)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_demo_shows_the_sites_own_404_page_not_the_debug_page():
    seen = probe(**AS_SCRIPTS_RUN)
    assert seen["debug"] is False
    assert seen["status"] == 404
    assert 'class="site-header"' in seen["page"]
    assert "Page not found" in seen["page"]
    assert "URLconf" not in seen["page"] and "DEBUG = True" not in seen["page"]


def test_the_demo_provides_what_production_mode_needs_locally():
    seen = probe(**AS_SCRIPTS_RUN)
    assert seen["css"] == 200, "static files served by WhiteNoise without collectstatic"
    assert seen["login"] == 200
    assert seen["ssl_redirect"] is False
    assert not seen["session_secure"] and not seen["csrf_secure"]
    assert not any(seen["login_cookies_secure"])
    assert seen["hsts"] == 0
    assert seen["engine"] == "django.db.backends.sqlite3"
    assert seen["hosts"] == ["127.0.0.1", "localhost"]
    assert seen["secret_len"] >= 50
    assert (settings.BASE_DIR / "var" / "secret_key").exists()


def test_the_local_demo_refuses_other_hosts():
    result = manage("check", **AS_SCRIPTS_RUN, ALLOWED_HOSTS="yhdessa.example")
    assert result.returncode != 0
    assert "LOCAL_DEMO serves 127.0.0.1 and localhost only" in result.stderr


def test_the_secret_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    import config.settings as project_settings

    monkeypatch.setattr(project_settings, "VAR_DIR", tmp_path / "var")
    first = project_settings._local_demo_secret_key()
    assert len(first) >= 50
    assert project_settings._local_demo_secret_key() == first
    mode = (tmp_path / "var" / "secret_key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_development_mode_still_serves_static_files_from_the_app_folders():
    seen = probe(DEBUG="true")
    assert seen["debug"] is True
    assert seen["css"] == 200
