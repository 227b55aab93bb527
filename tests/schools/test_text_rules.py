"""Security probe, findings 2, 5 and 8 in schools: one-line texts refuse line breaks and control
characters, a school year holds at most 20 holidays, shared names refuse identity codes — on the page,
in the API and in the service alike, and nothing is written on refusal."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from schools import services
from schools.models import Holiday, Membership, School, SchoolYear, User
from tests.schools.test_pages_school_years import year_data

IDENTITY_CODE_MESSAGE = (
    "A personal identity code cannot be saved here: communal student welfare never handles an "
    "individual pupil's matters."
)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def errors_of(response) -> str:
    return str(response.json())


def school_rows() -> list[tuple]:
    return list(School.objects.order_by("pk").values_list("pk", "name"))


def next_year_holidays(count: int) -> list[dict]:
    start = datetime.date(2027, 9, 6)
    return [
        {
            "kind": "other",
            "name": f"Vapaapäivä {i + 1}",
            "starts_on": (start + datetime.timedelta(days=7 * i)).isoformat(),
            "ends_on": (start + datetime.timedelta(days=7 * i)).isoformat(),
        }
        for i in range(count)
    ]


@pytest.mark.django_db
class TestSchoolNames:
    """Finding 2: a newline in a school name went into e-mail subjects and broke sending."""

    def test_the_page_refuses_and_writes_nothing(self, city, as_user):
        before = school_rows()
        response = english(as_user(city.coordinator)).post(
            reverse("school_create"), {"name": "Uusi\nkoulu", "kind": "school", "language": "fi"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["name"] == ["Write this on one line, without line breaks."]
        assert school_rows() == before

    def test_the_service_refuses_whoever_calls_it(self, city, actor_for):
        with pytest.raises(ValidationError) as refused:
            services.school_update(actor=actor_for(city.coordinator), school=city.school, name="A\u2028B")
        assert "name" in refused.value.message_dict
        city.school.refresh_from_db()
        assert city.school.name == "Alfalan koulu"


@pytest.mark.django_db
class TestHolidays:
    """Finding 5: a school year accepted 10,000 holidays."""

    def test_the_page_refuses_more_than_twenty_with_a_message(self, city, as_user):
        data = year_data("2027-08-09", "2028-07-31", next_year_holidays(21), extra=0)
        response = english(as_user(city.coordinator)).post(reverse("school_year_create"), data)
        assert response.status_code == 200
        assert "A school year can have at most 20 holidays." in response.content.decode()
        assert not SchoolYear.objects.filter(starts_on=datetime.date(2027, 8, 9)).exists()

    def test_the_service_refuses_more_than_twenty(self, city, actor_for):
        holidays = [
            services.HolidayInput(
                kind=h["kind"],
                name=h["name"],
                starts_on=datetime.date.fromisoformat(h["starts_on"]),
                ends_on=datetime.date.fromisoformat(h["ends_on"]),
            )
            for h in next_year_holidays(21)
        ]
        with pytest.raises(ValidationError):
            services.school_year_create(
                actor=actor_for(city.coordinator),
                starts_on=datetime.date(2027, 8, 9),
                ends_on=datetime.date(2028, 7, 31),
                holidays=holidays,
            )
        assert not SchoolYear.objects.filter(starts_on=datetime.date(2027, 8, 9)).exists()

    @pytest.mark.parametrize("name", ["Syysloma\nBcc: x", "x" * 101, "Loma 131052-308T"])
    def test_holiday_names_follow_the_same_rules_in_the_service(self, city, actor_for, name):
        holiday = services.HolidayInput(
            kind="autumn",
            name=name,
            starts_on=datetime.date(2027, 10, 18),
            ends_on=datetime.date(2027, 10, 22),
        )
        with pytest.raises(ValidationError):
            services.school_year_create(
                actor=actor_for(city.coordinator),
                starts_on=datetime.date(2027, 8, 9),
                ends_on=datetime.date(2028, 7, 31),
                holidays=[holiday],
            )
        assert not Holiday.objects.filter(school_year__starts_on=datetime.date(2027, 8, 9)).exists()


@pytest.mark.django_db
class TestPeopleTexts:
    INVITE = {
        "email": "uusi@alfala.fi",
        "first_name": "Uusi",
        "last_name": "Ihminen",
        "preferred_language": "fi",
    }

    @pytest.mark.parametrize(
        "overrides",
        [{"first_name": "Uusi\nIhminen"}, {"last_name": "I\x1bhminen"}, {"title": "Kuraattori\u200b"}],
    )
    def test_the_invite_page_refuses_control_characters(self, city, as_user, overrides):
        before = (User.objects.count(), Membership.objects.count())
        response = as_user(city.coordinator).post(reverse("member_invite"), {**self.INVITE, **overrides})
        assert response.status_code == 200
        assert set(response.context["form"].errors) == set(overrides)
        assert (User.objects.count(), Membership.objects.count()) == before

    def test_the_service_refuses_a_name_with_a_line_break(self, city, actor_for):
        with pytest.raises(ValidationError):
            services.member_invite(actor=actor_for(city.coordinator), **{**self.INVITE, "first_name": "A\nB"})
        assert not User.objects.filter(email="uusi@alfala.fi").exists()

    @pytest.mark.parametrize("title", ["x" * 121, "Kuraattori\nX"])
    def test_the_service_enforces_the_job_titles_length_and_characters(self, city, actor_for, title):
        membership = Membership.objects.get(user=city.teacher, municipality=city.municipality)
        with pytest.raises(ValidationError):
            services.member_update(
                actor=actor_for(city.coordinator),
                membership=membership,
                first_name=city.teacher.first_name,
                last_name=city.teacher.last_name,
                preferred_language=city.teacher.preferred_language,
                is_coordinator=False,
                title=title,
            )
        membership.refresh_from_db()
        assert membership.title == ""
