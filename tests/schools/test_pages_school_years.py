"""School-year pages: the coordinator keeps the years and their holidays; years never overlap."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from schools.models import Holiday, HolidayKind, SchoolYear
from tests.factories import SchoolYearFactory
from tests.helpers import assert_queries_constant


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def year_data(starts_on, ends_on, holidays=(), *, initial=0, extra=2):
    """POST data for the school-year form with its holiday formset."""
    rows = list(holidays) + [{}] * extra
    data = {
        "starts_on": starts_on,
        "ends_on": ends_on,
        "holidays-TOTAL_FORMS": str(len(rows)),
        "holidays-INITIAL_FORMS": str(initial),
        "holidays-MIN_NUM_FORMS": "0",
        "holidays-MAX_NUM_FORMS": "30",
    }
    for i, row in enumerate(rows):
        for key in ("kind", "name", "starts_on", "ends_on"):
            data[f"holidays-{i}-{key}"] = row.get(key, "")
        if row.get("DELETE"):
            data[f"holidays-{i}-DELETE"] = "on"
    return data


NEXT_YEAR_HOLIDAYS = [
    {"kind": "autumn", "starts_on": "2027-10-18", "ends_on": "2027-10-22"},
    {"kind": "christmas", "name": "Joululoma", "starts_on": "2027-12-22", "ends_on": "2028-01-06"},
]


@pytest.mark.django_db
class TestSchoolYearList:
    def test_coordinator_sees_years_holidays_and_the_current_one(self, city, other_city, as_user):
        Holiday.objects.create(
            school_year=city.year,
            kind=HolidayKind.AUTUMN,
            name="Syysloma Alfala",
            starts_on=datetime.date(2026, 10, 12),
            ends_on=datetime.date(2026, 10, 16),
        )
        Holiday.objects.create(
            school_year=other_city.year,
            kind=HolidayKind.AUTUMN,
            name="Syysloma Betala",
            starts_on=datetime.date(2026, 10, 19),
            ends_on=datetime.date(2026, 10, 23),
        )
        response = as_user(city.coordinator).get(reverse("school_year_list"))
        assert response.status_code == 200
        assert list(response.context["school_years"]) == [city.year, city.previous_year]
        assert response.context["current_year"] == city.year
        body = response.content.decode()
        assert "Syysloma Alfala" in body and "Syysloma Betala" not in body
        assert "2026–2027" in body and "2025–2026" in body

    @pytest.mark.parametrize("who", ["principal", "teacher", "nurse"])
    def test_other_roles_are_refused(self, city, as_user, who):
        client = as_user(getattr(city, who))
        for url in (
            reverse("school_year_list"),
            reverse("school_year_create"),
            reverse("school_year_update", args=[city.year.pk]),
        ):
            assert client.get(url).status_code == 403, url

    def test_queries_do_not_grow_with_years_and_holidays(self, city, as_user):
        client = as_user(city.coordinator)
        start = [2020]

        def grow():
            for _ in range(4):
                start[0] -= 1
                y = SchoolYearFactory(
                    municipality=city.municipality,
                    starts_on=datetime.date(start[0], 8, 10),
                    ends_on=datetime.date(start[0] + 1, 6, 1),
                )
                for month in (10, 12):
                    Holiday.objects.create(
                        school_year=y,
                        kind=HolidayKind.OTHER,
                        starts_on=datetime.date(start[0], month, 1),
                        ends_on=datetime.date(start[0], month, 5),
                    )

        assert_queries_constant(lambda: client.get(reverse("school_year_list")), grow, at_most=10)


@pytest.mark.django_db
class TestSchoolYearCreate:
    def test_new_year_is_prefilled_after_the_latest_one(self, city, as_user):
        response = as_user(city.coordinator).get(reverse("school_year_create"))
        assert response.status_code == 200
        # The latest year ends 2027-07-31: the next starts on the Monday of the second week of August.
        assert response.context["form"].initial == {
            "starts_on": datetime.date(2027, 8, 9),
            "ends_on": datetime.date(2028, 7, 31),
        }
        kinds = [f.initial.get("kind") for f in response.context["formset"].forms]
        assert kinds[:3] == [HolidayKind.AUTUMN, HolidayKind.CHRISTMAS, HolidayKind.WINTER]
        assert 'value="2027-08-09"' in response.content.decode()

    def test_prefilled_form_saves_as_it_is(self, city, as_user):
        """The draft itself is valid: holidays inside the year, no overlap."""
        client = as_user(city.coordinator)
        page = client.get(reverse("school_year_create"))
        initial = page.context["form"].initial
        holidays = [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in f.initial.items()}
            for f in page.context["formset"].forms
            if f.initial
        ]
        response = client.post(
            reverse("school_year_create"),
            year_data(initial["starts_on"].isoformat(), initial["ends_on"].isoformat(), holidays, initial=3),
        )
        assert response.status_code == 302
        year = SchoolYear.objects.get(municipality=city.municipality, starts_on=initial["starts_on"])
        assert year.holidays.count() == 3

    def test_coordinator_adds_a_year_with_holidays(self, city, as_user):
        response = as_user(city.coordinator).post(
            reverse("school_year_create"),
            year_data("2027-08-11", "2028-06-01", NEXT_YEAR_HOLIDAYS),
            follow=True,
        )
        year = SchoolYear.objects.get(municipality=city.municipality, starts_on=datetime.date(2027, 8, 11))
        assert [(h.kind, h.name) for h in year.holidays.all()] == [("autumn", ""), ("christmas", "Joululoma")]
        assert [m.level_tag for m in response.context["messages"]] == ["success"]

    def test_empty_and_deleted_rows_are_skipped(self, city, as_user):
        rows = [NEXT_YEAR_HOLIDAYS[0], {**NEXT_YEAR_HOLIDAYS[1], "DELETE": True}]
        response = as_user(city.coordinator).post(
            reverse("school_year_create"), year_data("2027-08-11", "2028-06-01", rows)
        )
        assert response.status_code == 302
        year = SchoolYear.objects.get(municipality=city.municipality, starts_on=datetime.date(2027, 8, 11))
        assert [h.kind for h in year.holidays.all()] == ["autumn"]

    @pytest.mark.parametrize(
        ("starts_on", "ends_on", "holidays", "message"),
        [
            # Overlaps 2026–2027, which would make two "current" years.
            ("2027-06-01", "2028-06-01", [], "overlap the school year 2026–2027"),
            ("2027-08-11", "2027-08-01", [], "must end after it starts"),
            ("2027-08-11", "2029-06-01", [], "at most one year"),
            (
                "2027-08-11",
                "2028-06-01",
                [{"kind": "winter", "starts_on": "2028-07-01", "ends_on": "2028-07-05"}],
                "must fall within the school year",
            ),
            (
                "2027-08-11",
                "2028-06-01",
                [{"kind": "winter", "starts_on": "2028-02-25", "ends_on": "2028-02-21"}],
                "cannot end before it starts",
            ),
            ("2027-08-11", "2028-06-01", [{"kind": "winter", "starts_on": "2028-02-25"}], "required"),
            (
                "2027-08-11",
                "2028-06-01",
                [{"kind": "summer", "starts_on": "2028-02-21", "ends_on": "2028-02-25"}],
                "valid choice",
            ),
            ("not a date", "2028-06-01", [], "valid date"),
        ],
    )
    def test_bad_input_is_an_error_and_writes_nothing(
        self, city, as_user, starts_on, ends_on, holidays, message
    ):
        years, holiday_rows = SchoolYear.objects.count(), Holiday.objects.count()
        client = english(as_user(city.coordinator))
        response = client.post(reverse("school_year_create"), year_data(starts_on, ends_on, holidays))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert (SchoolYear.objects.count(), Holiday.objects.count()) == (years, holiday_rows)

    def test_teacher_cannot_create(self, city, as_user):
        before = SchoolYear.objects.count()
        response = as_user(city.teacher).post(
            reverse("school_year_create"), year_data("2027-08-11", "2028-06-01")
        )
        assert response.status_code == 403
        assert SchoolYear.objects.count() == before

    def test_years_of_another_municipality_do_not_block_ours(self, city, other_city, as_user):
        SchoolYearFactory(
            municipality=other_city.municipality,
            starts_on=datetime.date(2027, 8, 11),
            ends_on=datetime.date(2028, 6, 1),
        )
        response = as_user(city.coordinator).post(
            reverse("school_year_create"), year_data("2027-08-11", "2028-06-01")
        )
        assert response.status_code == 302
        assert SchoolYear.objects.filter(municipality=city.municipality, starts_on="2027-08-11").exists()


@pytest.mark.django_db
class TestSchoolYearUpdate:
    def test_form_shows_the_years_holidays(self, city, as_user):
        Holiday.objects.create(
            school_year=city.year,
            kind=HolidayKind.AUTUMN,
            name="Syysloma",
            starts_on=datetime.date(2026, 10, 12),
            ends_on=datetime.date(2026, 10, 16),
        )
        response = as_user(city.coordinator).get(reverse("school_year_update", args=[city.year.pk]))
        assert response.status_code == 200
        assert response.context["formset"].forms[0].initial["name"] == "Syysloma"
        assert len(response.context["formset"].forms) == 3  # the holiday and two empty rows

    def test_coordinator_replaces_dates_and_holidays(self, city, as_user):
        Holiday.objects.create(
            school_year=city.year,
            kind=HolidayKind.AUTUMN,
            starts_on=datetime.date(2026, 10, 12),
            ends_on=datetime.date(2026, 10, 16),
        )
        rows = [
            {"kind": "autumn", "starts_on": "2026-10-12", "ends_on": "2026-10-16", "DELETE": True},
            {"kind": "winter", "starts_on": "2027-02-22", "ends_on": "2027-02-26"},
        ]
        response = as_user(city.coordinator).post(
            reverse("school_year_update", args=[city.year.pk]),
            year_data("2026-08-12", "2027-06-01", rows, initial=1),
        )
        assert response.status_code == 302
        city.year.refresh_from_db()
        assert city.year.starts_on == datetime.date(2026, 8, 12)
        assert [h.kind for h in city.year.holidays.all()] == ["winter"]

    def test_moving_into_the_previous_year_is_refused(self, city, as_user):
        holiday = Holiday.objects.create(
            school_year=city.year,
            kind=HolidayKind.AUTUMN,
            starts_on=datetime.date(2026, 10, 12),
            ends_on=datetime.date(2026, 10, 16),
        )
        response = english(as_user(city.coordinator)).post(
            reverse("school_year_update", args=[city.year.pk]), year_data("2026-07-01", "2027-06-01")
        )
        assert "overlap the school year 2025–2026" in response.content.decode()
        city.year.refresh_from_db()
        assert city.year.starts_on == datetime.date(2026, 8, 10)
        assert list(city.year.holidays.all()) == [holiday]

    def test_another_municipalitys_year_is_404_and_unchanged(self, city, other_city, as_user):
        url = reverse("school_year_update", args=[other_city.year.pk])
        client = as_user(city.coordinator)
        assert client.get(url).status_code == 404
        assert client.post(url, year_data("2026-08-01", "2027-06-01")).status_code == 404
        other_city.year.refresh_from_db()
        assert other_city.year.starts_on == datetime.date(2026, 8, 10)

    def test_principal_is_refused_and_nothing_changes(self, city, as_user):
        response = as_user(city.principal).post(
            reverse("school_year_update", args=[city.year.pk]), year_data("2026-08-01", "2027-06-01")
        )
        assert response.status_code == 403
        city.year.refresh_from_db()
        assert city.year.starts_on == datetime.date(2026, 8, 10)
