"""Security probe, findings 2, 5 and 8 through the API: the same text rules as the pages (the
serializers carry the model fields' validators and limits, the services check the rest), a clear
400 and nothing written on refusal."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from roles.models import PracticalAct, RoleKey
from schools.models import Holiday, School, SchoolYear
from tests.api.test_roles_tool_api import act_body, make_act, make_tool, snapshot
from tests.factories import role

IDENTITY_CODE_MESSAGE = (
    "A personal identity code cannot be saved here: communal student welfare never handles an "
    "individual pupil's matters."
)

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


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


class TestSchoolNames:
    """Finding 2: a newline in a school name, accepted by the API, broke the e-mails naming the school."""

    @pytest.mark.parametrize(
        ("name", "message"),
        [
            ("Koulu\nBcc: kaikki@example.com", "Write this on one line, without line breaks."),
            ("Koulu\r\nX", "Write this on one line, without line breaks."),
            ("Koulu\x00", "Remove the invisible control character U+0000"),
            ("Koulu\u202eiluok", "Remove the invisible control character U+202E"),
            ("Koulu 131052-308T", IDENTITY_CODE_MESSAGE),
        ],
    )
    def test_the_api_refuses_and_writes_nothing(self, city, api, name, message):
        before = school_rows()
        client = api(city.coordinator)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        created = client.post(
            reverse("school-list"), {"name": name, "language": "fi", "stages": []}, format="json"
        )
        updated = client.patch(reverse("school-detail", args=[city.school.pk]), {"name": name}, format="json")
        for response in (created, updated):
            assert response.status_code == 400, response.content
            assert message in str(response.json()["name"])
        assert school_rows() == before

    def test_ordinary_names_are_still_fine(self, city, api):
        response = api(city.coordinator).post(
            reverse("school-list"),
            {"name": "Åkerlundin koulu – Pohjoinen (1–6)", "language": "sv", "stages": []},
            format="json",
        )
        assert response.status_code == 201, response.content


class TestHolidays:
    """Finding 5: a school year accepted 10,000 holidays."""

    def test_twenty_holidays_fit(self, city, api):
        response = api(city.coordinator).post(
            reverse("school-year-list"),
            {"starts_on": "2027-08-09", "ends_on": "2028-07-31", "holidays": next_year_holidays(20)},
            format="json",
        )
        assert response.status_code == 201, response.content
        assert len(response.json()["holidays"]) == 20

    def test_the_api_refuses_more_than_twenty_and_writes_nothing(self, city, api):
        before = (SchoolYear.objects.count(), Holiday.objects.count())
        client = api(city.coordinator)
        created = client.post(
            reverse("school-year-list"),
            {"starts_on": "2027-08-09", "ends_on": "2028-07-31", "holidays": next_year_holidays(21)},
            format="json",
        )
        updated = client.patch(
            reverse("school-year-detail", args=[city.year.pk]),
            {"holidays": next_year_holidays(10_000)},
            format="json",
        )
        for response in (created, updated):
            assert response.status_code == 400
            assert "no more than 20" in str(response.json()["holidays"])
        assert (SchoolYear.objects.count(), Holiday.objects.count()) == before

    def test_the_api_refuses_a_line_break_in_a_holiday_name(self, city, api):
        response = api(city.coordinator).post(
            reverse("school-year-list"),
            {
                "starts_on": "2027-08-09",
                "ends_on": "2028-07-31",
                "holidays": [{**next_year_holidays(1)[0], "name": "Loma\r\nX"}],
            },
            format="json",
        )
        assert response.status_code == 400
        assert SchoolYear.objects.count() == 2


class TestRoles:
    """Finding 5: a 1 MB role description with 20,000 responsibility lines was accepted."""

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"description": "x" * 1_000_000}, "description", "no more than 4000 characters"),
            ({"responsibilities": ["Vastuu"] * 20_000}, "responsibilities", "no more than 40 elements"),
            ({"responsibilities": ["ok", "y" * 501]}, "responsibilities", "no more than 500 characters"),
            ({"responsibilities": ["Kaksi\nriviä"]}, "responsibilities", "without line breaks"),
            ({"description": "Kuvaus\x07"}, "description", "U+0007"),
            ({"name_fi": "Rooli\u200b"}, "name_fi", "U+200B ZERO WIDTH SPACE"),
            ({"description": "Oppilas 131052-308T"}, "description", IDENTITY_CODE_MESSAGE),
            ({"responsibilities": ["Tukee 131052-308T"]}, "responsibilities", IDENTITY_CODE_MESSAGE),
        ],
    )
    def test_writes_are_refused_and_nothing_is_written(self, city, api, changes, field, message):
        teacher = role(city.municipality, RoleKey.TEACHER)
        before = (teacher.description, list(teacher.responsibilities.values_list("text", flat=True)))
        client = english(api(city.coordinator))
        created = client.post(reverse("role-list"), {"name_fi": "Koulukoutsi", **changes}, format="json")
        updated = client.patch(reverse("role-detail", args=[teacher.pk]), changes, format="json")
        for response in (created, updated):
            assert response.status_code == 400, response.content
            assert message in str(response.json()[field])
        teacher.refresh_from_db()
        assert (teacher.description, list(teacher.responsibilities.values_list("text", flat=True))) == before
        assert not city.municipality.roles.filter(name_fi="Koulukoutsi").exists()

    def test_a_description_with_line_breaks_is_kept_with_newlines(self, city, api):
        response = api(city.coordinator).post(
            reverse("role-list"),
            {
                "name_fi": "Koulukoutsi",
                "description": "Yksi.\r\n\r\nKaksi.",
                "responsibilities": ["A", "", "B"],
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        assert response.json()["description"] == "Yksi.\n\nKaksi."
        assert response.json()["responsibilities"] == ["A", "B"]


class TestActs:
    """Finding 8: an identity code in a practical act was saved, printed and e-mailed to all staff."""

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"text": "Keskustelu oppilaan 131052-308T kanssa"}, "text", IDENTITY_CODE_MESSAGE),
            ({"with_whom": "huoltaja, 010594y9032"}, "with_whom", IDENTITY_CODE_MESSAGE),
            ({"text": "Teko\x00"}, "text", "Null characters are not allowed."),
            ({"text": "Teko\x1b"}, "text", "U+001B"),
            ({"text": "x" * 2001}, "text", "no more than 2000 characters"),
            ({"with_whom": "A\nB"}, "with_whom", "without line breaks"),
        ],
    )
    def test_writes_are_refused_and_nothing_is_written(self, city, api, changes, field, message):
        tool = make_tool(city)
        act = make_act(city, tool)
        before = snapshot()
        client = english(api(city.teacher))
        created = client.post(reverse("practical-act-list"), act_body(city, tool, **changes), format="json")
        updated = client.patch(
            reverse("practical-act-detail", args=[act.pk]), {"version": act.version, **changes}, format="json"
        )
        for response in (created, updated):
            assert response.status_code == 400, response.content
            assert message in str(response.json()[field])
        assert snapshot() == before

    def test_an_act_saved_with_browser_line_endings_before_the_rule_can_still_be_edited(self, city, api):
        tool = make_tool(city)
        act = make_act(city, tool)
        PracticalAct.objects.filter(pk=act.pk).update(text="Rivi yksi\r\nRivi kaksi")
        response = api(city.teacher).patch(
            reverse("practical-act-detail", args=[act.pk]),
            {"version": act.version, "months": [9]},
            format="json",
        )
        assert response.status_code == 200, response.content
        act.refresh_from_db()
        assert (act.text, act.months) == ("Rivi yksi\nRivi kaksi", [9])

    def test_dates_and_phone_numbers_are_saved(self, city, api):
        tool = make_tool(city)
        text = "Vanhempainilta 12.10.2025 klo 18. Kysymykset: 040 123 4567."
        response = api(city.teacher).post(
            reverse("practical-act-list"), act_body(city, tool, text=text), format="json"
        )
        assert response.status_code == 201, response.content
        assert PracticalAct.objects.get().text == text


def test_holidays_of_the_api_are_unchanged_by_refusals(city, api):
    """A refused PUT of a year keeps its holidays (the whole list is replaced only on success)."""
    Holiday.objects.create(
        school_year=city.year, kind="autumn", name="Syysloma", starts_on="2026-10-12", ends_on="2026-10-16"
    )
    response = api(city.coordinator).put(
        reverse("school-year-detail", args=[city.year.pk]),
        {"starts_on": "2026-08-10", "ends_on": "2027-07-31", "holidays": next_year_holidays(21)},
        format="json",
    )
    assert response.status_code == 400
    assert list(city.year.holidays.values_list("name", flat=True)) == ["Syysloma"]
