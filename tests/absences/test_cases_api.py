"""The API of pupils and cases: the same rules as the pages, behind the second factor; reads logged
with via="api"."""

from __future__ import annotations

import pytest

from absences.models import AccessLogEntry, CaseState, FollowUpCase, SupportPlan

from .helpers import verify

pytestmark = pytest.mark.django_db
CASES = "/api/v1/absence-cases/"


def test_without_the_second_factor_pupils_are_refused(client, city, pupil):
    client.force_login(city.teacher, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/api/v1/pupils/").status_code == 403
    assert client.get(CASES).status_code == 403


def test_pupils_are_listed_to_those_who_see_them_and_each_read_is_logged(client, city, other_city, pupil):
    verify(client, city.teacher)
    response = client.get("/api/v1/pupils/")
    assert [p["id"] for p in response.json()["results"]] == [pupil.pk]
    assert client.get(f"/api/v1/pupils/{pupil.pk}/").json()["last_name"] == "Oppilas"
    assert AccessLogEntry.objects.filter(user=city.teacher, via="api", pupil=pupil).count() == 1
    assert AccessLogEntry.objects.filter(user=city.teacher, via="api", what="pupil list").count() == 1
    for user in (city.coordinator, city.nurse, other_city.principal):
        verify(client, user)
        assert client.get("/api/v1/pupils/").json()["results"] == []
        assert client.get(f"/api/v1/pupils/{pupil.pk}/").status_code == 404


def test_open_work_and_close_a_case_through_the_api(client, city, pupil, targeted):
    verify(client, city.teacher)
    response = client.post(CASES, {"pupil": pupil.pk, "tier": targeted.pk}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body["steps"]) == 3 and city.nurse.pk in body["team"]
    case_id = body["id"]

    step_id = body["steps"][0]["id"]
    response = client.patch(
        f"/api/v1/absence-case-steps/{step_id}/",
        {"done": True, "note": "Soitettu"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["done"] is True

    response = client.post(
        f"{CASES}{case_id}/notes/", {"text": "Muistiinpano"}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["notes"][0]["text"] == "Muistiinpano"

    plan = {"version": 0, "goals": "Läsnä", "measures": "Soitto", "review_on": "2027-01-15"}
    response = client.put(f"{CASES}{case_id}/plan/", plan, content_type="application/json")
    assert response.status_code == 200 and response.json()["plan"]["version"] == 1
    stale = client.put(f"{CASES}{case_id}/plan/", {**plan, "goals": "vanha"}, content_type="application/json")
    assert stale.status_code == 409
    assert SupportPlan.objects.get().goals == "Läsnä"

    assert (
        client.post(f"{CASES}{case_id}/close/", {"reason": ""}, content_type="application/json").status_code
        == 400
    )
    response = client.post(f"{CASES}{case_id}/close/", {"reason": "Valmis"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == CaseState.CLOSED


def test_team_through_the_api_and_a_removed_member_gets_404(client, city, other_city, open_case):
    url = f"{CASES}{open_case.pk}/"
    verify(client, city.teacher)
    response = client.post(
        f"{url}team/", {"action": "remove", "user": city.nurse.pk}, content_type="application/json"
    )
    assert response.status_code == 200 and city.nurse.pk not in response.json()["team"]
    refused = client.post(
        f"{url}team/", {"action": "add", "user": other_city.nurse.pk}, content_type="application/json"
    )
    assert refused.status_code == 400
    verify(client, city.nurse)
    assert client.get(url).status_code == 404
    assert client.get(CASES).json()["results"] == []


def test_who_sees_a_case_through_the_api(client, city, other_city, open_case):
    url = f"{CASES}{open_case.pk}/"
    for user in (city.coordinator, other_city.principal):
        verify(client, user)
        assert client.get(url).status_code == 404
        assert (
            client.patch(
                f"/api/v1/absence-case-steps/{open_case.steps.first().pk}/",
                {"done": True},
                content_type="application/json",
            ).status_code
            == 404
        )
    assert not open_case.steps.filter(done_at__isnull=False).exists()
    verify(client, city.principal)
    response = client.get(url)
    assert response.status_code == 200 and response.json()["pupil_name"] == "Aino Oppilas"
    assert AccessLogEntry.objects.filter(user=city.principal, case=open_case, via="api").count() == 1


def test_the_coordinator_cannot_open_a_case(client, city, pupil, targeted):
    verify(client, city.coordinator)
    response = client.post(CASES, {"pupil": pupil.pk, "tier": targeted.pk}, content_type="application/json")
    assert response.status_code == 400  # the pupil "does not exist" for them
    assert not FollowUpCase.objects.exists()


def test_a_token_needs_a_current_code(client, city, pupil):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=city.teacher).key
    assert client.get("/api/v1/pupils/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 403
    device = TOTPDevice.objects.create(user=city.teacher, name="phone", confirmed=True)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    response = client.get("/api/v1/pupils/", HTTP_AUTHORIZATION=f"Token {token}", HTTP_X_OTP=f"{code:06d}")
    assert response.status_code == 200 and response.json()["results"][0]["id"] == pupil.pk
