"""No input produces a 500: each request here once did. Refusals are 400/404/413, and under /api/
every error, an unexpected one included, is JSON."""

from __future__ import annotations

import json
import logging

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from roles.models import StaffAssignment

from .urlwalk import every_path


@pytest.fixture
def site(city, as_user):
    client = as_user(city.coordinator)
    client.raise_request_exception = False
    return client


@pytest.fixture
def api(city):
    client = APIClient()
    client.raise_request_exception = False
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=city.coordinator).key}")
    return client


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body
    return body


@pytest.mark.django_db
class TestPages:
    @pytest.mark.parametrize(
        "year", ["²", "١", "1²", "-1", "0", "9223372036854775808", "1" * 5000, "1e3", "x"]
    )
    def test_a_year_that_is_no_id_is_a_404(self, city, site, year):
        for url in (
            reverse("roles_tool_list"),
            reverse("school_detail", args=[city.school.pk]),
            reverse("school_staff", args=[city.school.pk]),
        ):
            assert site.get(url, {"year": year}).status_code == 404, url

    @pytest.mark.parametrize("number", [str(2**63), str(2**64), "9" * 30])
    def test_an_id_past_64_bits_is_never_a_server_error(self, site, number):
        """Every route of the URL conf with an id, pages and API, read and write."""
        failures = []
        paths = every_path(number, only_with_ids=True)
        assert len(paths) > 40
        for path in paths:
            for method in ("get", "post"):
                status = getattr(site, method)(path).status_code
                if status >= 500:
                    failures.append(f"{method.upper()} {path} -> {status}")
        assert not failures, failures
        assert site.get(reverse("member_update", args=[int(number)])).status_code == 404

    def test_a_real_year_still_works(self, city, site):
        response = site.get(reverse("school_staff", args=[city.school.pk]), {"year": city.previous_year.pk})
        assert response.status_code == 200
        assert response.context["school_year"] == city.previous_year

    def test_nul_in_the_staff_search_is_refused(self, city, site):
        """PostgreSQL refuses NUL in text: the search would fail in the query (CI runs this on both)."""
        response = site.get(reverse("school_staff", args=[city.school.pk]), {"q": "Ol\x00li"})
        assert response.status_code == 400
        assert "Pyyntöä ei voitu käsitellä" in response.content.decode()

    def test_nul_in_a_form_field_is_refused_and_nothing_is_written(self, city, site):
        before = StaffAssignment.objects.count()
        response = site.post(
            reverse("school_staff", args=[city.school.pk]),
            {"year": city.year.pk, "user": city.teacher.pk, "role": "1\x00"},
        )
        assert response.status_code == 400
        assert StaffAssignment.objects.count() == before

    def test_nul_in_a_header_is_refused(self, site):
        assert site.get(reverse("home"), HTTP_X_MUNICIPALITY="1\x00").status_code == 400

    def test_a_long_search_is_cut_before_the_query(self, city, site):
        response = site.get(reverse("school_staff", args=[city.school.pk]), {"q": "a" * 50_000})
        assert response.status_code == 200
        assert len(response.context["search"]) == 100

    @pytest.mark.parametrize(
        "target", ["²", "home-page", "schools", "//evil.example/", "https://evil.example/"]
    )
    def test_a_next_that_is_no_local_path_goes_home(self, city, site, target):
        """A bare word was taken for a URL name by redirect(): a NoReverseMatch, so a 500."""
        response = site.get(reverse("language_activate", args=["sv"]), {"next": target})
        assert response.status_code == 302 and response.url == reverse("home")
        response = site.post(
            reverse("municipality_switch"), {"municipality": city.municipality.pk, "next": target}
        )
        assert response.status_code == 302 and response.url == reverse("home")

    def test_a_local_next_is_followed(self, city, site):
        target = reverse("school_detail", args=[city.school.pk])
        assert site.get(reverse("language_activate", args=["sv"]), {"next": target}).url == target

    def test_a_body_over_the_limit_is_refused(self, city, site, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
        response = site.post(reverse("member_invite"), {"email": "x@example.fi", "title": "x" * 2000})
        assert response.status_code == 413

    def test_an_unexpected_failure_is_the_500_page(self, site, settings):
        settings.ROOT_URLCONF = "tests.core.urls_with_failing_views"
        response = site.get("/failing/")
        assert response.status_code == 500
        assert response["Content-Type"].startswith("text/html")
        assert "Jokin meni vikaan" in response.content.decode()


@pytest.mark.django_db
class TestAPI:
    @pytest.mark.parametrize(
        "query",
        [
            "/api/v1/practical-acts/?tool=9223372036854775808",
            "/api/v1/practical-acts/?tool=-1",
            "/api/v1/assignments/?school=99999999999999999999999",
            "/api/v1/assignments/?user=²",
            "/api/v1/roles-tools/?school_year=1e400",
        ],
    )
    def test_an_id_filter_out_of_range_is_a_400(self, api, query):
        assert_json_error(api.get(query), 400)

    def test_an_id_filter_in_range_still_filters(self, city, api):
        response = api.get("/api/v1/assignments/", {"school": city.school.pk, "school_year": city.year.pk})
        assert response.status_code == 200
        assert response.json()["count"] == 3

    @pytest.mark.parametrize(
        "body",
        [
            '{"tool": 1e309}',
            '{"tool": -1e309}',
            '{"tool": NaN}',
            '{"tool": Infinity}',
            '{"school": 9223372036854775808}',
            '{"school": -9223372036854775809}',
            "[" * 5000 + "]" * 5000,
            '{"a":' * 65 + "1" + "}" * 65,
            '{"tool": 1, "text": "\\ud800"}',
            "\xff\xfe",
        ],
        ids=[
            "1e309",
            "-1e309",
            "NaN",
            "Infinity",
            "int64+1",
            "int64-1",
            "5000-deep",
            "65-deep",
            "lone-surrogate",
            "not-utf8",
        ],
    )
    def test_a_body_our_models_cannot_hold_is_a_400(self, api, body):
        for url in ("/api/v1/practical-acts/", "/api/v1/assignments/"):
            detail = assert_json_error(api.generic("POST", url, body, content_type="application/json"), 400)
            assert "detail" in detail or detail, url

    def test_nesting_up_to_the_limit_is_parsed(self, api):
        body = '{"a":' * 64 + "1" + "}" * 64
        response = api.generic("POST", "/api/v1/practical-acts/", body, content_type="application/json")
        # Parsed, then refused by the serializer for its missing fields: a field error, not a parse error.
        assert response.status_code == 400 and "JSON" not in json.dumps(response.json())

    def test_a_long_search_is_cut_before_the_query(self, city, api):
        response = api.get("/api/v1/schools/", {"search": city.school.name + "x" * 50_000})
        assert response.status_code == 200

    def test_nul_in_a_search_is_a_json_400(self, api):
        assert_json_error(api.get("/api/v1/users/?search=a%00b"), 400)

    def test_a_body_over_the_limit_is_a_json_413(self, api, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
        body = json.dumps({"text": "x" * 2000})
        detail = assert_json_error(
            api.generic("POST", "/api/v1/practical-acts/", body, content_type="application/json"), 413
        )
        assert detail["detail"]

    def test_too_many_form_fields_is_a_json_400(self, api):
        """Django's own refusal (TooManyFieldsSent, a SuspiciousOperation) is JSON under /api/ too."""
        fields = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
        response = api.generic(
            "POST", "/api/v1/practical-acts/", fields, content_type="application/x-www-form-urlencoded"
        )
        assert_json_error(response, 400)

    def test_an_unknown_url_is_a_json_404(self, api):
        assert_json_error(api.get("/api/v1/no-such-endpoint/"), 404)
        assert_json_error(api.get("/api/nothing-here"), 404)

    def test_an_unexpected_failure_is_a_json_500_and_is_logged(self, api, settings, caplog):
        settings.ROOT_URLCONF = "tests.core.urls_with_failing_views"
        settings.LANGUAGE_CODE = "en"
        with caplog.at_level(logging.ERROR, logger="django.request"):
            response = api.get("/api/v1/failing/", HTTP_ACCEPT_LANGUAGE="en")
        body = assert_json_error(response, 500)
        assert body == {"detail": "Server error."}
        records = [r for r in caplog.records if r.name == "django.request"]
        assert records and records[0].exc_info and "an unexpected failure" in caplog.text


def test_the_error_handlers_are_installed():
    import config.urls

    assert config.urls.handler500 == "core.error_views.server_error"
    assert config.urls.handler404 == "core.error_views.page_not_found"
    assert settings.REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"][0] == "core.parsers.StrictJSONParser"
