"""School pages: every member reads the schools; only the coordinator adds and edits them."""

import pytest
from django.conf import settings
from django.urls import reverse

from roles.models import RoleKey
from schools.models import School, Stage
from tests.factories import SchoolFactory, assign, member
from tests.helpers import assert_queries_constant

XSS = "<script>alert(1)</script>"


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
class TestSchoolList:
    def test_member_sees_schools_with_principal_and_staff_count(self, city, other_city, as_user):
        response = as_user(city.teacher).get(reverse("school_list"))
        assert response.status_code == 200
        rows = {row["school"].pk: row for row in response.context["rows"]}
        assert set(rows) == {city.school.pk, city.other_school.pk}
        assert rows[city.school.pk]["principals"] == [city.principal]
        assert rows[city.school.pk]["staff_count"] == 3
        assert rows[city.other_school.pk]["staff_count"] == 0
        body = response.content.decode()
        assert city.principal.get_full_name() in body
        assert other_city.school.name not in body

    def test_inactive_school_is_listed_for_the_coordinator_only(self, city, as_user):
        School.objects.filter(pk=city.other_school.pk).update(is_active=False)
        teacher_rows = as_user(city.teacher).get(reverse("school_list")).context["rows"]
        assert [r["school"].pk for r in teacher_rows] == [city.school.pk]
        coordinator_rows = as_user(city.coordinator).get(reverse("school_list")).context["rows"]
        assert {r["school"].pk for r in coordinator_rows} == {city.school.pk, city.other_school.pk}

    def test_only_the_coordinator_is_offered_to_add_a_school(self, city, as_user):
        create_url = reverse("school_create")
        assert create_url not in as_user(city.teacher).get(reverse("school_list")).content.decode()
        assert create_url in as_user(city.coordinator).get(reverse("school_list")).content.decode()

    def test_anonymous_is_sent_to_login(self, client, city):
        response = client.get(reverse("school_list"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))

    def test_queries_do_not_grow_with_schools_and_staff(self, city, as_user):
        client = as_user(city.teacher)

        def grow():
            for _ in range(5):
                school = SchoolFactory(municipality=city.municipality)
                assign(member(city.municipality), school, RoleKey.PRINCIPAL, city.year)
                assign(member(city.municipality), school, RoleKey.TEACHER, city.year)

        assert_queries_constant(lambda: client.get(reverse("school_list")), grow, at_most=12)


@pytest.mark.django_db
class TestSchoolDetail:
    def test_member_sees_facts_and_roster_grouped_by_role(self, city, as_user):
        response = as_user(city.teacher).get(reverse("school_detail", args=[city.school.pk]))
        assert response.status_code == 200
        body = response.content.decode()
        for person in (city.principal, city.teacher, city.nurse):
            assert person.get_full_name() in body
        assert {a.role.key for a in response.context["roster"]} == {
            RoleKey.PRINCIPAL,
            RoleKey.TEACHER,
            RoleKey.SCHOOL_NURSE,
        }
        assert response.context["school_year"] == city.year
        # A teacher may not manage staff, so no link to the staff page.
        assert reverse("school_staff", args=[city.school.pk]) not in body

    def test_principal_gets_a_link_to_manage_staff(self, city, as_user):
        body = as_user(city.principal).get(reverse("school_detail", args=[city.school.pk])).content.decode()
        assert reverse("school_staff", args=[city.school.pk]) in body

    def test_year_picker_shows_the_chosen_year(self, city, as_user):
        newcomer = member(city.municipality, first_name="Vanha", last_name="Vuosi")
        assign(newcomer, city.school, RoleKey.PSYCHOLOGIST, city.previous_year)
        client = as_user(city.teacher)
        url = reverse("school_detail", args=[city.school.pk])
        assert "Vanha Vuosi" not in client.get(url).content.decode()
        response = client.get(url, {"year": city.previous_year.pk})
        assert response.context["school_year"] == city.previous_year
        assert "Vanha Vuosi" in response.content.decode()

    def test_another_municipalitys_school_or_year_is_404(self, city, other_city, as_user):
        client = as_user(city.coordinator)
        assert client.get(reverse("school_detail", args=[other_city.school.pk])).status_code == 404
        url = reverse("school_detail", args=[city.school.pk])
        assert client.get(url, {"year": other_city.year.pk}).status_code == 404
        assert client.get(url, {"year": "junk"}).status_code == 404

    def test_queries_do_not_grow_with_the_roster(self, city, as_user):
        client = as_user(city.teacher)
        url = reverse("school_detail", args=[city.school.pk])

        def grow():
            for _ in range(8):
                assign(member(city.municipality), city.school, RoleKey.TEACHER, city.year)

        assert_queries_constant(lambda: client.get(url), grow, at_most=14)


@pytest.mark.django_db
class TestSchoolCreate:
    def form(self, **overrides):
        data = {"name": "Uusi koulu", "kind": "school", "language": "sv", "stages": [Stage.PRIMARY]}
        return {**data, **overrides}

    def test_coordinator_adds_a_school(self, city, as_user):
        response = as_user(city.coordinator).post(reverse("school_create"), self.form(), follow=True)
        school = School.objects.get(municipality=city.municipality, name="Uusi koulu")
        assert school.language == "sv" and school.stages == [Stage.PRIMARY]
        assert response.redirect_chain[-1][0] == reverse("school_detail", args=[school.pk])
        assert [m.level_tag for m in response.context["messages"]] == ["success"]

    def test_teacher_is_refused_and_nothing_is_written(self, city, as_user):
        before = School.objects.count()
        client = as_user(city.teacher)
        assert client.get(reverse("school_create")).status_code == 403
        assert client.post(reverse("school_create"), self.form()).status_code == 403
        assert School.objects.count() == before

    @pytest.mark.parametrize(
        "overrides",
        [
            {"name": ""},
            {"language": "en"},
            {"kind": "castle"},
            {"stages": ["kindergarten"]},
            {"name": "x" * 151},
        ],
    )
    def test_bad_input_is_an_error_and_writes_nothing(self, city, as_user, overrides):
        before = School.objects.count()
        response = english(as_user(city.coordinator)).post(reverse("school_create"), self.form(**overrides))
        assert response.status_code == 200
        assert response.context["form"].errors
        assert 'class="form-errors"' in response.content.decode()
        assert School.objects.count() == before

    def test_duplicate_name_in_the_municipality_is_an_error(self, city, as_user):
        before = School.objects.count()
        client = english(as_user(city.coordinator))
        response = client.post(reverse("school_create"), self.form(name=city.school.name.upper()))
        assert "already has a school of this name" in response.content.decode()
        assert School.objects.count() == before

    def test_same_name_as_another_municipalitys_school_is_fine(self, city, other_city, as_user):
        as_user(city.coordinator).post(reverse("school_create"), self.form(name=other_city.school.name))
        assert School.objects.filter(municipality=city.municipality, name=other_city.school.name).exists()

    def test_html_in_the_name_is_escaped_everywhere(self, city, as_user):
        client = as_user(city.coordinator)
        client.post(reverse("school_create"), self.form(name=XSS))
        school = School.objects.get(municipality=city.municipality, name=XSS)
        for url in (
            reverse("school_list"),
            reverse("school_detail", args=[school.pk]),
            reverse("school_update", args=[school.pk]),
            reverse("school_staff", args=[school.pk]),
            reverse("home"),
        ):
            body = client.get(url).content.decode()
            assert XSS not in body, url
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, url


@pytest.mark.django_db
class TestSchoolUpdate:
    def test_coordinator_edits_a_school(self, city, as_user):
        url = reverse("school_update", args=[city.school.pk])
        client = as_user(city.coordinator)
        form = client.get(url).context["form"]
        assert form.initial["name"] == city.school.name
        data = {
            "name": "Uusi nimi",
            "kind": "school_centre",
            "language": "fi",
            "stages": [Stage.PRE_AND_EARLY],
        }
        response = client.post(url, data)
        assert response.status_code == 302
        city.school.refresh_from_db()
        assert (city.school.name, city.school.kind, city.school.is_active) == (
            "Uusi nimi",
            "school_centre",
            False,
        )
        assert city.school.stages == [Stage.PRE_AND_EARLY]

    def test_principal_is_refused_and_nothing_changes(self, city, as_user):
        url = reverse("school_update", args=[city.school.pk])
        response = as_user(city.principal).post(url, {"name": "Kaapattu", "kind": "school", "language": "fi"})
        assert response.status_code == 403
        city.school.refresh_from_db()
        assert city.school.name != "Kaapattu"

    def test_another_municipalitys_school_is_404_and_unchanged(self, city, other_city, as_user):
        url = reverse("school_update", args=[other_city.school.pk])
        client = as_user(city.coordinator)
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "Kaapattu", "kind": "school", "language": "fi"}).status_code == 404
        other_city.school.refresh_from_db()
        assert other_city.school.name != "Kaapattu"

    def test_renaming_to_an_existing_name_is_an_error(self, city, as_user):
        url = reverse("school_update", args=[city.school.pk])
        old = city.school.name
        response = as_user(city.coordinator).post(
            url, {"name": city.other_school.name, "kind": "school", "language": "fi", "is_active": "on"}
        )
        assert response.status_code == 200 and response.context["form"].errors
        city.school.refresh_from_db()
        assert city.school.name == old
