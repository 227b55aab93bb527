"""Every response carries the Content-Security-Policy and Permissions-Policy headers, and no
template relies on inline code the policy forbids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from .urlwalk import every_path

BASE_DIR = Path(settings.BASE_DIR)


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def test_the_walk_reaches_every_kind_of_route():
    paths = every_path()
    assert "/" in paths and "/accounts/login/" in paths
    assert "/api/v1/schools/1/" in paths and "/api/docs/" in paths
    assert any(path.startswith("/admin/") for path in paths)
    assert len(paths) > 100


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_every_route_answers_with_both_headers(city, client, as_user, who):
    if who == "coordinator":
        client = as_user(city.coordinator)
    client.raise_request_exception = False
    missing, failed = [], []
    for path in [*every_path(), "/api/docs/?script=", "/no-such-page/", "/api/v1/no-such-endpoint/"]:
        response = client.get(path)
        if response.status_code >= 500:
            failed.append(f"{path} -> {response.status_code}")
        for header in ("Content-Security-Policy", "Permissions-Policy"):
            if header not in response.headers:
                missing.append(f"{path} ({response.status_code}): no {header}")
    assert not missing, "\n".join(missing)
    assert not failed, "\n".join(failed)


@pytest.mark.django_db
def test_the_policy_allows_only_our_own_code(city, as_user):
    response = as_user(city.coordinator).get("/")
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
def test_swagger_ui_relaxes_images_on_its_own_page_only(city, as_user):
    client = as_user(city.coordinator)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    policy = directives(docs)
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    # Its start-up script is a file of its own, not inline.
    body = docs.content.decode()
    assert re.search(r'<script src="[^"]*\?script=?"', body)
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert directives(client.get("/api/schema/"))["img-src"] == ["'self'"]


def served_templates() -> list[Path]:
    """Templates that reach a browser (the PDF templates are only read by WeasyPrint)."""
    templates = [*BASE_DIR.glob("templates/**/*.html"), *BASE_DIR.glob("*/templates/**/*.html")]
    return [t for t in templates if "/pdf/" not in str(t)]


INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style[\s>]", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"\shx-on", re.I), "hx-on (evaluated code)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_inline_code():
    """The CSP blocks inline scripts, styles and handlers: a template that needs one fails here
    first (move the code into a static file)."""
    found = []
    for template in served_templates():
        text = re.sub(
            r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", "", template.read_text(), flags=re.S
        )
        for pattern, what in INLINE_CODE:
            if pattern.search(text):
                found.append(f"{template.relative_to(BASE_DIR)}: {what}")
    assert served_templates()
    assert not found, found
