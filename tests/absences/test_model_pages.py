"""The city's attendance-support model: everyone reads it, only the coordinator changes it, bad input is
refused with a clear message and nothing changes, another town's tier is a 404."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from absences.models import AttendanceModel, Tier, TierStep
from absences.services import model as services
from roles.models import RoleKey
from tests.factories import role

MODEL = "/absences/model/"


def _model(city, year=None) -> AttendanceModel:
    model = AttendanceModel.objects.create(
        municipality=city.municipality, school_year=year or city.year, description="Yleinen tuki kaikille."
    )
    tier = Tier.objects.create(
        model=model,
        order=1,
        name_fi="Tehostettu seuranta",
        name_sv="Intensifierad uppföljning",
        kind="percent",
        threshold=Decimal("10"),
    )
    step = TierStep.objects.create(
        tier=tier,
        order=1,
        title="Huoli puheeksi huoltajan kanssa",
        deadline_school_days=5,
        involves_guardian=True,
    )
    step.roles.set([role(city.municipality, RoleKey.TEACHER)])
    TierStep.objects.create(
        tier=tier, order=2, title="Syiden selvittäminen", deadline_school_days=10
    ).roles.set([role(city.municipality, RoleKey.SCHOOL_NURSE)])
    return model


def _tier_form(**overrides) -> dict:
    data = {
        "name_fi": "Tiivis tuki",
        "name_sv": "",
        "kind": "percent",
        "threshold": "20",
        "period": "school_year",
        "weeks": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("who", ["coordinator", "principal", "teacher", "nurse"])
def test_every_member_reads_the_model(city, as_user, who):
    _model(city)
    page = as_user(getattr(city, who)).get(f"{MODEL}?year={city.year.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tehostettu seuranta" in html and "Huoli puheeksi huoltajan kanssa" in html
    assert "Yleinen tuki kaikille." in html
    assert ("absence_tier_add" in html) is False
    assert (f"/absences/model/{city.year.pk}" in html) is False or who == "coordinator"


def test_the_model_in_swedish(city, as_user):
    _model(city)
    client = as_user(city.teacher)
    client.cookies["django_language"] = "sv"
    assert "Intensifierad uppföljning" in client.get(MODEL).content.decode()


def test_a_principal_cannot_edit(city, as_user):
    model = _model(city)
    tier = model.tiers.get()
    step = tier.steps.first()
    client = as_user(city.principal)
    assert client.post(f"/absences/model/{model.pk}/tiers/add/", _tier_form()).status_code == 403
    assert client.post(f"/absences/tiers/{tier.pk}/edit/", _tier_form(name_fi="X")).status_code == 403
    assert client.post(f"/absences/tiers/{tier.pk}/delete/").status_code == 403
    assert client.post(f"/absences/steps/{step.pk}/delete/").status_code == 403
    assert client.post(f"/absences/steps/{step.pk}/move/", {"direction": "down"}).status_code == 403
    assert client.get(f"/absences/model/edit/?year={city.year.pk}").status_code == 403
    tier.refresh_from_db()
    assert tier.name_fi == "Tehostettu seuranta"
    assert model.tiers.count() == 1 and tier.steps.count() == 2
    assert "Lisää taso" not in client.get(MODEL).content.decode()


def test_the_coordinator_adds_and_edits_tiers_and_steps(city, as_user):
    model = _model(city)
    client = as_user(city.coordinator)
    response = client.post(
        f"/absences/model/{model.pk}/tiers/add/",
        _tier_form(classes=["unexcused"], stage_lower_secondary="25"),
    )
    assert response.status_code == 302
    tier = model.tiers.get(order=2)
    assert tier.threshold == Decimal("20.0") and tier.classes == ["unexcused"]
    assert tier.threshold_for("lower_secondary") == Decimal("25.0")
    teacher = role(city.municipality, RoleKey.TEACHER)
    response = client.post(
        f"/absences/tiers/{tier.pk}/steps/add/",
        {
            "title": "Asiantuntijaryhmä",
            "roles": [teacher.pk],
            "deadline_school_days": "15",
            "is_expert_group": "on",
        },
    )
    assert response.status_code == 302
    step = tier.steps.get()
    assert step.is_expert_group and list(step.roles.all()) == [teacher]
    first = model.tiers.get(order=1)
    second_step = first.steps.get(order=2)
    assert client.post(f"/absences/steps/{second_step.pk}/move/", {"direction": "up"}).status_code == 302
    assert list(first.steps.values_list("title", flat=True)) == [
        "Syiden selvittäminen",
        "Huoli puheeksi huoltajan kanssa",
    ]
    assert (
        client.post(
            f"/absences/tiers/{tier.pk}/edit/", _tier_form(name_fi="Tiivis", threshold="30")
        ).status_code
        == 302
    )
    tier.refresh_from_db()
    assert tier.name_fi == "Tiivis" and tier.threshold == Decimal("30.0") and tier.stage_thresholds == {}
    assert client.post(f"/absences/steps/{step.pk}/delete/").status_code == 302
    assert client.post(f"/absences/tiers/{tier.pk}/delete/").status_code == 302
    assert model.tiers.count() == 1
    from audit.models import AuditEvent

    assert AuditEvent.objects.filter(municipality=city.municipality).count() >= 6


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"threshold": "120"}, "100 %"),
        ({"threshold": "-5"}, "greater than zero"),
        ({"threshold": "0"}, "greater than zero"),
        ({"period": "last_weeks", "weeks": ""}, "number of weeks"),
        ({"stage_primary": "150"}, "100 %"),
    ],
)
def test_bad_tiers_are_refused_with_a_clear_error(city, as_user, overrides, message):
    model = _model(city)
    client = as_user(city.coordinator)
    client.cookies["django_language"] = "en"
    response = client.post(f"/absences/model/{model.pk}/tiers/add/", _tier_form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert model.tiers.count() == 1


def test_the_service_refuses_an_unknown_stage_and_class(city, actor_for):
    model = _model(city)
    actor = actor_for(city.coordinator)
    with pytest.raises(ValidationError) as error:
        services.tier_add(actor, model, **_tier_form(stage_thresholds={"college": "10"}))
    assert "stage_thresholds" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.tier_add(actor, model, **_tier_form(classes=["sick"]))
    assert "classes" in error.value.message_dict
    assert model.tiers.count() == 1


def test_a_step_needs_roles_of_the_own_municipality(city, other_city, actor_for):
    model = _model(city)
    tier = model.tiers.get()
    actor = actor_for(city.coordinator)
    foreign = role(other_city.municipality, RoleKey.TEACHER)
    with pytest.raises(ValidationError):
        services.step_add(actor, tier, title="X", roles=[foreign], deadline_school_days=5)
    with pytest.raises(PermissionDenied):
        services.step_add(actor_for(city.principal), tier, title="X", roles=[], deadline_school_days=5)
    assert tier.steps.count() == 2


def test_copy_last_years_model(city, as_user):
    _model(city, year=city.previous_year)
    client = as_user(city.coordinator)
    source = AttendanceModel.objects.get(school_year=city.previous_year)
    page = client.get(f"/absences/model/edit/?year={city.year.pk}")
    assert city.previous_year.name in page.content.decode()
    response = client.post(f"/absences/model/edit/?year={city.year.pk}", {"copy_from": source.pk})
    assert response.status_code == 302
    copy = AttendanceModel.objects.get(municipality=city.municipality, school_year=city.year)
    assert copy.description == source.description
    tier = copy.tiers.get()
    assert tier.name_fi == "Tehostettu seuranta"
    assert [s.title for s in tier.steps.all()] == ["Huoli puheeksi huoltajan kanssa", "Syiden selvittäminen"]
    assert tier.steps.first().roles.get().key == RoleKey.TEACHER
    # The source is untouched.
    assert source.tiers.get().steps.count() == 2


def test_the_coordinator_creates_an_empty_model(city, as_user):
    client = as_user(city.coordinator)
    response = client.post(
        f"/absences/model/edit/?year={city.year.pk}", {"description": "Kuvaus", "description_sv": ""}
    )
    assert response.status_code == 302
    assert AttendanceModel.objects.get(school_year=city.year).description == "Kuvaus"


def test_another_towns_tier_and_step_are_404(city, other_city, as_user):
    foreign = _model(other_city)
    tier = foreign.tiers.get()
    step = tier.steps.first()
    for user in (city.coordinator, city.principal):
        client = as_user(user)
        assert client.get(f"/absences/tiers/{tier.pk}/edit/").status_code == 404
        assert client.post(f"/absences/tiers/{tier.pk}/delete/").status_code == 404
        assert client.post(f"/absences/steps/{step.pk}/move/", {"direction": "down"}).status_code == 404
        assert client.get(f"/absences/model/{foreign.pk}/tiers/add/").status_code == 404
        assert client.get(f"{MODEL}?year={other_city.year.pk}").status_code == 404
    assert foreign.tiers.count() == 1 and tier.steps.count() == 2


def test_the_index_links_the_model(city, as_user):
    html = as_user(city.teacher).get("/absences/").content.decode()
    assert MODEL in html


def _terms(**overrides) -> dict:
    data = {
        "terms-autumn_starts_on": "2026-08-10",
        "terms-autumn_ends_on": "2026-12-21",
        "terms-spring_starts_on": "2027-01-07",
        "terms-spring_ends_on": "2027-05-29",
    }
    data.update({f"terms-{key}": value for key, value in overrides.items()})
    return data


def test_the_coordinator_sets_the_terms(city, as_user):
    client = as_user(city.coordinator)
    url = f"/school-years/{city.year.pk}/terms/"
    assert client.post(url, _terms()).status_code == 302
    terms = {t.kind: (t.starts_on.isoformat(), t.ends_on.isoformat()) for t in city.year.terms.all()}
    assert terms == {"autumn": ("2026-08-10", "2026-12-21"), "spring": ("2027-01-07", "2027-05-29")}
    page = client.get(f"/school-years/{city.year.pk}/update/").content.decode()
    assert 'value="2027-01-07"' in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"autumn_starts_on": "2026-07-01"}, "inside the school year"),
        ({"spring_starts_on": "2026-12-01"}, "after the autumn term ends"),
        ({"spring_ends_on": "2027-01-01"}, "end after it starts"),
        ({"spring_ends_on": ""}, "both dates"),
    ],
)
def test_bad_terms_are_refused(city, as_user, overrides, message):
    client = as_user(city.coordinator)
    client.cookies["django_language"] = "en"
    response = client.post(f"/school-years/{city.year.pk}/terms/", _terms(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not city.year.terms.exists()


def test_a_principal_cannot_set_terms(city, as_user):
    response = as_user(city.principal).post(f"/school-years/{city.year.pk}/terms/", _terms())
    assert response.status_code == 403
    assert not city.year.terms.exists()


def test_the_demo_models(seeded, client):
    from schools.models import Municipality

    esimerkkila = Municipality.objects.get(slug="esimerkkila")
    models = AttendanceModel.objects.filter(municipality=esimerkkila)
    assert models.count() == 2
    tiers = list(models.first().tiers.values_list("name_fi", "threshold", "kind"))
    assert tiers == [
        ("Tehostettu seuranta", Decimal("10.0"), "percent"),
        ("Tiivis tuki", Decimal("20.0"), "percent"),
    ]
    toisala = AttendanceModel.objects.get(municipality__slug="toisala")
    assert [t.threshold for t in toisala.tiers.all()] == [Decimal("30.0"), Decimal("50.0"), Decimal("70.0")]
    assert all(t.classes == ["unexcused"] for t in toisala.tiers.all())


def test_the_index_leads_the_principal_to_the_pupils_and_the_access_log(city, as_user):
    from django.urls import reverse

    html = as_user(city.principal).get(reverse("absence_index")).content.decode()
    assert reverse("absence_pupil_list", args=[city.school.pk]) in html
    assert reverse("absence_access_log", args=[city.school.pk]) in html
    html = as_user(city.teacher).get(reverse("absence_index")).content.decode()
    assert reverse("absence_access_log", args=[city.school.pk]) not in html
