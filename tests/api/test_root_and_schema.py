"""The API's front door: the router root, the OpenAPI 3 schema and the offline docs page."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openapi_spec_validator import validate

ENDPOINTS = {
    "schools", "school-years", "roles", "assignments", "users",
    "act-sections", "roles-tools", "practical-acts",
    "group-levels", "groups", "group-members", "meetings", "agenda-items", "action-items",
    "yearclock-template-entries", "yearclocks", "yearclock-entries", "absence-imports",
    "pupils", "absence-cases", "absence-signals", "absence-aggregates",
    "dashboard", "induction-packs",  # reports
    # reports.evaluation
    "evaluation-themes", "evaluation-criteria", "school-evaluations", "indicators", "indicator-values",
}  # fmt: skip


@pytest.mark.django_db
def test_root_lists_the_endpoints(city, api):
    response = api(city.teacher).get(reverse("api-root"))
    assert response.status_code == 200
    assert set(response.json()) == ENDPOINTS
    assert all(url.startswith("http://testserver/api/v1/") for url in response.json().values())


@pytest.mark.django_db
def test_anonymous_gets_nothing(city, client):
    for name in ("api-root", "school-list", "user-list"):
        assert client.get(reverse(name)).status_code in (401, 403)


@pytest.mark.django_db
def test_schema_is_a_valid_openapi_3_document(client):
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    validate(schema)  # raises on an invalid document
    paths = set(schema["paths"])
    assert {f"/api/v1/{endpoint}/" for endpoint in ENDPOINTS} <= paths
    # A person's signals and the aggregates are lists only (no object of their own to fetch).
    # Indicator values are read as a list (per school and year), never one by one; so is the dashboard.
    list_only = {"absence-signals", "absence-aggregates", "indicator-values", "dashboard"}
    assert {f"/api/v1/{endpoint}/{{id}}/" for endpoint in ENDPOINTS - list_only} <= paths
    # Assignments are added and removed, never edited; roles are edited, never deleted; users are
    # read-only; of a roles tool only the deadline is edited (PATCH).
    assert set(schema["paths"]["/api/v1/assignments/{id}/"]) == {"get", "delete"}
    assert set(schema["paths"]["/api/v1/roles/{id}/"]) == {"get", "put", "patch"}
    assert set(schema["paths"]["/api/v1/users/{id}/"]) == {"get"}
    assert set(schema["paths"]["/api/v1/roles-tools/{id}/"]) == {"get", "patch"}
    for path in schema["paths"].values():
        for operation in path.values():
            header = [p for p in operation["parameters"] if p["name"] == "X-Municipality"]
            assert header and header[0]["in"] == "header"


def test_schema_generates_without_warnings(tmp_path, db):
    """The same check as `manage.py spectacular --validate --fail-on-warn`."""
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert target.read_text().startswith("openapi: 3.")


def test_docs_page_needs_no_cdn(client):
    response = client.get(reverse("api-docs"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in body
    assert "cdn" not in body.lower()
