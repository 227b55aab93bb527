"""The yearly evaluation: permissions, criteria versions, stale saves, the indicator CSV import, the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reports.evaluation import importing, services
from reports.models import EvaluationAnswer, EvaluationCriterion, IndicatorValue, SchoolEvaluation


@pytest.fixture
def criteria(city, actor_for):
    coordinator = actor_for(city.coordinator)
    theme = services.theme_create(actor=coordinator, name="Yhteisöllisyys")
    return [
        services.criterion_create(
            actor=coordinator, theme=theme, statement="Ryhmä kokoontuu säännöllisesti."
        ),
        services.criterion_create(actor=coordinator, theme=theme, statement="Oppilaat ovat mukana ryhmässä."),
    ]


@pytest.fixture
def evaluation(city, criteria, actor_for):
    return services.evaluation_create(
        actor=actor_for(city.principal), school=city.school, school_year=city.year
    )


def test_teacher_cannot_start_or_submit(city, criteria, actor_for):
    """Only the school's principal starts and submits; a teacher (not in the school group) cannot answer."""
    teacher = actor_for(city.teacher)
    with pytest.raises(PermissionDenied):
        services.evaluation_create(actor=teacher, school=city.school, school_year=city.year)
    evaluation = services.evaluation_create(
        actor=actor_for(city.principal), school=city.school, school_year=city.year
    )
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(actor=teacher, evaluation=evaluation)
    with pytest.raises(PermissionDenied):
        services.evaluation_save(actor=teacher, evaluation=evaluation, version=1, answers={})


def test_answered_twice_is_refused(city, evaluation, actor_for):
    with pytest.raises(ValidationError) as error:
        services.evaluation_create(actor=actor_for(city.principal), school=city.school, school_year=city.year)
    assert error.value.error_list[0].code == "duplicate"
    assert SchoolEvaluation.objects.count() == 1


def test_stale_save_refused_and_submit_twice_harmless(city, criteria, evaluation, actor_for):
    principal = actor_for(city.principal)
    services.evaluation_save(
        actor=principal, evaluation=evaluation, version=1, answers={criteria[0].pk: {"score": "3"}}
    )
    with pytest.raises(ValidationError) as error:
        services.evaluation_save(
            actor=principal, evaluation=evaluation, version=1, answers={criteria[0].pk: {"score": "1"}}
        )
    assert error.value.error_dict["version"][0].code == "stale"
    assert EvaluationAnswer.objects.get().score == 3
    services.evaluation_submit(actor=principal, evaluation=evaluation)
    again = services.evaluation_submit(actor=principal, evaluation=evaluation)
    assert again.status == "submitted"
    with pytest.raises(ValidationError):
        services.evaluation_save(actor=principal, evaluation=again, version=again.version, answers={})


def test_bad_score_refused(city, criteria, evaluation, actor_for):
    for bad in ("5", "0", "²", "x"):
        with pytest.raises(ValidationError):
            services.evaluation_save(
                actor=actor_for(city.principal),
                evaluation=evaluation,
                version=1,
                answers={criteria[0].pk: {"score": bad}},
            )
    assert not EvaluationAnswer.objects.exists()


def test_editing_an_answered_criterion_makes_a_version(city, criteria, evaluation, actor_for):
    coordinator = actor_for(city.coordinator)
    services.evaluation_save(
        actor=actor_for(city.principal),
        evaluation=evaluation,
        version=1,
        answers={criteria[0].pk: {"score": 2}},
    )
    new = services.criterion_update(actor=coordinator, criterion=criteria[0], statement="Uusi muotoilu.")
    old = EvaluationCriterion.objects.get(pk=criteria[0].pk)
    assert new.pk != old.pk and new.previous_id == old.pk and new.version == 2
    assert not old.is_current and old.statement == "Ryhmä kokoontuu säännöllisesti."
    assert EvaluationAnswer.objects.get().criterion_id == old.pk
    # Without answers: in place.
    same = services.criterion_update(actor=coordinator, criterion=criteria[1], statement="Muutettu.")
    assert same.pk == criteria[1].pk and same.version == 1


def test_teacher_cannot_edit_criteria(city, criteria, actor_for):
    with pytest.raises(PermissionDenied):
        services.criterion_update(actor=actor_for(city.teacher), criterion=criteria[0], statement="X")


def test_other_municipality_gets_404(city, other_city, evaluation, as_user):
    client = as_user(other_city.coordinator)
    assert client.get(reverse("evaluation_detail", args=[evaluation.pk])).status_code == 404
    assert client.get(f"/api/v1/school-evaluations/{evaluation.pk}/").status_code == 404
    assert client.post(f"/api/v1/school-evaluations/{evaluation.pk}/submit/").status_code == 404


def test_pages_for_principal_and_coordinator(
    city, criteria, evaluation, as_user, django_assert_max_num_queries
):
    client = as_user(city.principal)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("evaluation_detail", args=[evaluation.pk]))
    assert response.status_code == 200
    assert "Ryhmä kokoontuu" in response.text
    response = client.post(
        reverse("evaluation_detail", args=[evaluation.pk]),
        {
            "version": "1",
            f"score-{criteria[0].pk}": "4",
            f"comment-{criteria[0].pk}": "Hyvin",
            "summary": "Ok",
        },
    )
    assert response.status_code == 302
    response = client.post(reverse("evaluation_submit", args=[evaluation.pk]))
    assert SchoolEvaluation.objects.get().status == "submitted"
    for name in ("evaluation_list", "evaluation_criteria", "evaluation_indicators"):
        assert as_user(city.coordinator).get(reverse(name)).status_code == 200


def test_non_principal_cannot_submit_page(city, evaluation, as_user):
    response = as_user(city.teacher).post(reverse("evaluation_submit", args=[evaluation.pk]))
    assert response.status_code == 403
    assert SchoolEvaluation.objects.get().status == "draft"


# --- CSV ---------------------------------------------------------------------------------------


@pytest.fixture
def indicator(city, actor_for):
    return services.indicator_create(
        actor=actor_for(city.coordinator), code="kiusattu", name="Kiusattu viikoittain, %", unit="%"
    )


def _import(city, actor_for, text, encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return importing.indicator_import(actor=actor_for(city.coordinator), data=data)


def test_csv_import_ok_semicolon_bom(city, indicator, actor_for):
    year = city.year.name
    result = _import(city, actor_for, f"\ufeffschool;school_year;kiusattu\n{city.school.name};{year};7,5\n")
    assert result.ok, result.errors
    assert IndicatorValue.objects.get().value == pytest.approx(7.5)
    result = _import(
        city, actor_for, f"school,school_year,kiusattu\n{city.school.pk},{city.year.starts_on.year},8\n"
    )
    assert result.ok and result.updated == 1


@pytest.mark.parametrize(
    "body",
    [
        "school;school_year;kiusattu\nEi ole;{year};5\n",
        "school;school_year;tuntematon\n{school};{year};5\n",
        "school;school_year;kiusattu\n{school};1999;5\n",
        "school;school_year;kiusattu\n{school};{year};viisi\n",
        "school;school_year;kiusattu\n{school};{year};5²\n",
        "school;school_year;kiusattu\n{school};{year};99999999999999\n",
        "school;school_year;kiusattu\n{school};{year};5\n{school};{year};6\n",
        "koulu;vuosi;kiusattu\n{school};{year};5\n",
        "",
    ],
)
def test_bad_csv_writes_nothing(city, other_city, indicator, actor_for, body):
    text = body.format(school=city.school.name, year=city.year.name)
    result = _import(city, actor_for, text)
    assert not result.ok and result.errors
    assert not IndicatorValue.objects.exists()


def test_csv_wrong_encoding_and_huge(city, indicator, actor_for):
    result = _import(
        city,
        actor_for,
        f"school;school_year;kiusattu\n{city.school.name}ä;{city.year.starts_on.year};1\n",
        "latin-1",
    )
    assert not result.ok and "UTF-8" in result.errors[0]
    result = _import(city, actor_for, b"x" * (importing.MAX_BYTES + 1))
    assert not result.ok
    assert not IndicatorValue.objects.exists()


def test_csv_other_municipality_school_year(city, other_city, indicator, actor_for):
    result = _import(
        city, actor_for, f"school;school_year;kiusattu\n{other_city.school.name};{other_city.year.name};1\n"
    )
    assert not result.ok
    assert not IndicatorValue.objects.exists()


# --- API ---------------------------------------------------------------------------------------


def test_api_flow(city, criteria, as_user):
    client = as_user(city.principal)
    response = client.post(
        "/api/v1/school-evaluations/",
        {"school": city.school.pk, "school_year": city.year.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    again = client.post(
        "/api/v1/school-evaluations/",
        {"school": city.school.pk, "school_year": city.year.pk},
        content_type="application/json",
    )
    assert again.status_code == 400 and "jo arviointi" in again.content.decode()  # Finnish by default
    body = {"version": 1, "answers": [{"criterion": criteria[0].pk, "score": 3, "comment": "ok"}]}
    assert (
        client.post(
            f"/api/v1/school-evaluations/{pk}/answers/", body, content_type="application/json"
        ).status_code
        == 200
    )
    stale = client.post(f"/api/v1/school-evaluations/{pk}/answers/", body, content_type="application/json")
    assert stale.status_code == 409 and "version" in stale.json()
    teacher = as_user(city.teacher)
    assert teacher.post(f"/api/v1/school-evaluations/{pk}/submit/").status_code == 403
    client = as_user(city.principal)
    assert client.post(f"/api/v1/school-evaluations/{pk}/submit/").json()["status"] == "submitted"
    assert client.post(f"/api/v1/school-evaluations/{pk}/submit/").status_code == 200


def test_api_import(city, indicator, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = as_user(city.coordinator)
    bad = SimpleUploadedFile("a.csv", b"school;school_year;kiusattu\nNope;2020;1\n", content_type="text/csv")
    response = client.post("/api/v1/indicators/import/", {"file": bad})
    assert response.status_code == 400 and response.json()["errors"]
    good = SimpleUploadedFile(
        "a.csv",
        f"school;school_year;kiusattu\n{city.school.name};{city.year.name};3\n".encode(),
        content_type="text/csv",
    )
    assert client.post("/api/v1/indicators/import/", {"file": good}).status_code == 200
    assert as_user(city.teacher).post("/api/v1/indicators/import/", {"file": good}).status_code == 403


def test_group_member_answers_and_submit_marks_yearclock_entry_done(city, criteria, actor_for):
    """A member of the school's school-level wellbeing group answers (but cannot submit); submitting
    marks the school's yearclock evaluation entry done and links it."""
    from groups.models import Attachment, GroupMember, WellbeingGroup
    from groups.services.structure import levels_install_default
    from yearclock.models import EntryStatus, YearclockEntry
    from yearclock.services import clocks

    levels = {lv.attaches_to: lv for lv in levels_install_default(municipality=city.municipality)}
    group = WellbeingGroup.objects.create(
        municipality=city.municipality,
        level=levels[Attachment.SCHOOL],
        name_fi="Koulun ryhmä",
        school=city.school,
    )
    GroupMember.objects.create(group=group, user=city.teacher)
    principal = actor_for(city.principal)
    clock = clocks.yearclock_create(actor=principal, school=city.school, school_year=city.year)
    entry = clocks.entry_add(actor=principal, yearclock=clock, theme="Arviointi", start_month=5, end_month=5)
    clocks.entry_mark_evaluation(actor=principal, entry=entry)
    evaluation = services.evaluation_create(actor=principal, school=city.school, school_year=city.year)
    assert evaluation.yearclock_entry_id == entry.pk
    teacher = actor_for(city.teacher)
    services.evaluation_save(
        actor=teacher, evaluation=evaluation, version=1, answers={criteria[0].pk: {"score": 3}}
    )
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(actor=actor_for(city.teacher), evaluation=evaluation)
    services.evaluation_submit(actor=principal, evaluation=evaluation)
    assert YearclockEntry.objects.get(pk=entry.pk).status == EntryStatus.DONE


def test_evaluation_page_queries_constant(city, evaluation, as_user, actor_for):
    from tests.helpers import assert_queries_constant

    client = as_user(city.principal)
    url = reverse("evaluation_detail", args=[evaluation.pk])
    coordinator = actor_for(city.coordinator)

    def grow():
        theme = services.theme_create(actor=coordinator, name="Toinen teema")
        for i in range(8):
            services.criterion_create(actor=coordinator, theme=theme, statement=f"Väite {i}")

    assert_queries_constant(lambda: client.get(url), grow, at_most=25)
    list_url = reverse("evaluation_list")
    assert_queries_constant(lambda: as_user(city.coordinator).get(list_url), grow, at_most=25)


def test_only_the_coordinator_imports(city, indicator, as_user, actor_for):
    body = f"school;school_year;kiusattu\n{city.school.name};{city.year.name};3\n".encode()
    with pytest.raises(PermissionDenied):
        importing.indicator_import(actor=actor_for(city.principal), data=body)
    assert as_user(city.principal).get(reverse("evaluation_indicator_import")).status_code == 403
    assert not IndicatorValue.objects.exists()
