"""The school's class settings: the principal's; the homeroom teacher must be on the school's staff."""

from __future__ import annotations

from absences.models import ClassSetting


def _url(city) -> str:
    return f"/absences/schools/{city.school.pk}/classes/?year={city.year.pk}"


def _form(rows: list[dict]) -> dict:
    data = {
        "classes-TOTAL_FORMS": str(len(rows)),
        "classes-INITIAL_FORMS": "0",
        "classes-MIN_NUM_FORMS": "0",
        "classes-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"classes-{index}-{key}"] = value
    return data


def test_the_principal_saves_class_settings(city, as_user):
    client = as_user(city.principal)
    assert client.get(_url(city)).status_code == 200
    response = client.post(
        _url(city),
        _form(
            [
                {
                    "group_name": "7A",
                    "grade": "7",
                    "homeroom_teacher": str(city.teacher.pk),
                    "weekly_lessons": "30",
                },
                {"group_name": "", "grade": "", "homeroom_teacher": "", "weekly_lessons": ""},
            ]
        ),
    )
    assert response.status_code == 302
    setting = ClassSetting.objects.get(school=city.school, school_year=city.year)
    assert (setting.group_name, setting.grade, setting.homeroom_teacher, setting.weekly_lessons) == (
        "7A",
        7,
        city.teacher,
        30,
    )
    assert "7A" in client.get(_url(city)).content.decode()


def test_a_homeroom_teacher_from_outside_the_school_is_refused(city, other_city, as_user):
    client = as_user(city.principal)
    client.cookies["django_language"] = "en"
    response = client.post(
        _url(city),
        _form(
            [
                {
                    "group_name": "7A",
                    "grade": "7",
                    "homeroom_teacher": str(other_city.teacher.pk),
                    "weekly_lessons": "",
                }
            ]
        ),
    )
    assert response.status_code == 200
    assert not ClassSetting.objects.exists()


def test_a_teacher_cannot_and_another_town_is_404(city, other_city, as_user):
    assert as_user(city.teacher).get(_url(city)).status_code == 403
    assert as_user(city.teacher).post(_url(city), _form([{"group_name": "7A"}])).status_code == 403
    assert as_user(other_city.principal).get(_url(city)).status_code == 404
    assert not ClassSetting.objects.exists()
