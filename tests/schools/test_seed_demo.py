"""`manage.py seed_demo`: the demo municipalities people sign in to, created once however often it runs."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from roles.models import Responsibility, Role, RoleKey, StaffAssignment
from schools.models import Holiday, Membership, Municipality, School, SchoolYear, User
from tests.factories import run_seed_demo

PASSWORD = "Yhdessa-demo-2026"
FIXED_ACCOUNTS = [
    "koordinaattori@esimerkkila.fi",
    "rehtori@esimerkkila.fi",
    "opettaja@esimerkkila.fi",
    "terveydenhoitaja@esimerkkila.fi",
    "koordinaattori@toisala.fi",
    "rehtori@toisala.fi",
]
COUNTY_PSYCHOLOGIST = "psykologi@hyvinvointialue.fi"


seed = run_seed_demo


def sign_in(email: str, password: str = PASSWORD):
    # django-axes needs the request to decide about lockouts.
    return authenticate(RequestFactory().post("/accounts/login/"), username=email, password=password)


def snapshot() -> dict:
    """Every row the command writes, so a second run can be shown to change nothing."""
    return {
        "municipalities": list(Municipality.objects.values_list("pk", "name", "slug", "updated_at")),
        "schools": list(School.objects.values_list("pk", "name", "kind", "language", "stages", "updated_at")),
        "years": list(SchoolYear.objects.values_list("pk", "starts_on", "ends_on", "updated_at")),
        "holidays": list(Holiday.objects.values_list("pk", "kind", "name", "starts_on", "ends_on")),
        "users": list(User.objects.values_list("pk", "email", "first_name", "last_name", "password")),
        "memberships": list(
            Membership.objects.values_list("pk", "user_id", "municipality_id", "is_coordinator")
        ),
        "roles": list(Role.objects.values_list("pk", "municipality_id", "key", "description", "updated_at")),
        "responsibilities": list(Responsibility.objects.values_list("pk", "role_id", "text", "order")),
        "assignments": list(
            StaffAssignment.objects.values_list("pk", "user_id", "school_id", "role_id", "school_year_id")
        ),
    }


def municipality(slug: str) -> Municipality:
    return Municipality.objects.get(slug=slug)


@pytest.mark.django_db
class TestSeededData:
    @pytest.mark.parametrize("email", [*FIXED_ACCOUNTS, COUNTY_PSYCHOLOGIST])
    def test_demo_accounts_sign_in_with_the_demo_password(self, seeded, email):
        assert sign_in(email) == User.objects.get(email=email)
        assert sign_in(email, "wrong-password-2026") is None

    def test_fixed_accounts_hold_their_roles(self, seeded):
        esimerkkila, toisala = municipality("esimerkkila"), municipality("toisala")
        first_centre = School.objects.filter(municipality=esimerkkila).order_by("name").first()
        assert first_centre.name == "Keskustan koulukeskus"
        assert Membership.objects.get(
            user__email="koordinaattori@esimerkkila.fi", municipality=esimerkkila
        ).is_coordinator
        assert Membership.objects.get(
            user__email="koordinaattori@toisala.fi", municipality=toisala
        ).is_coordinator
        for email, key in [
            ("rehtori@esimerkkila.fi", RoleKey.PRINCIPAL),
            ("opettaja@esimerkkila.fi", RoleKey.TEACHER),
            ("terveydenhoitaja@esimerkkila.fi", RoleKey.SCHOOL_NURSE),
        ]:
            years = StaffAssignment.objects.filter(user__email=email, school=first_centre, role__key=key)
            assert years.count() == 2, email
        toisala_principal = StaffAssignment.objects.filter(
            user__email="rehtori@toisala.fi", role__key=RoleKey.PRINCIPAL
        )
        assert {a.school.name for a in toisala_principal} == {"Toisalan yhtenäiskoulu"}
        assert toisala_principal.count() == 2
        # Nobody else is coordinator, and the staff accounts are not.
        assert Membership.objects.filter(is_coordinator=True).count() == 2

    def test_municipalities_schools_and_stages(self, seeded):
        assert set(Municipality.objects.values_list("slug", "name")) == {
            ("esimerkkila", "Esimerkkilä"),
            ("toisala", "Toisala"),
        }
        centres = {s.name: s for s in School.objects.filter(municipality=municipality("esimerkkila"))}
        assert len(centres) == 3
        assert all(s.kind == "school_centre" for s in centres.values())
        assert centres["Keskustan koulukeskus"].stages == [
            "pre_early",
            "primary",
            "lower_secondary",
            "upper_secondary",
        ]
        assert centres["Pohjoisen koulukeskus"].stages == ["pre_early", "primary", "lower_secondary"]
        swedish = [s for s in centres.values() if s.language == "sv"]
        assert [s.name for s in swedish] == ["Svenska skolcentret"]
        assert School.objects.filter(municipality=municipality("toisala")).count() == 1

    @pytest.mark.parametrize("slug", ["esimerkkila", "toisala"])
    def test_two_school_years_with_their_holidays_inside_them(self, seeded, slug):
        years = list(SchoolYear.objects.filter(municipality=municipality(slug)).order_by("starts_on"))
        assert [y.name for y in years] == ["2025–2026", "2026–2027"]
        assert str(years[0].starts_on) == "2025-08-11" and str(years[1].ends_on) == "2027-07-31"
        for year in years:
            holidays = list(year.holidays.all())
            assert sorted(h.kind for h in holidays) == ["autumn", "christmas", "winter"]
            assert all(year.starts_on <= h.starts_on <= h.ends_on <= year.ends_on for h in holidays)
            assert all(h.name for h in holidays)

    @pytest.mark.parametrize("slug", ["esimerkkila", "toisala"])
    def test_each_municipality_has_the_twelve_roles_with_content(self, seeded, slug):
        roles = list(
            Role.objects.filter(municipality=municipality(slug)).prefetch_related("responsibilities")
        )
        assert len(roles) == 12
        assert all(r.description for r in roles)
        assert all(r.responsibilities.all() for r in roles if r.is_staff_role)

    def test_esimerkkila_has_about_forty_staff_each_with_assignments_in_both_years(self, seeded):
        esimerkkila = municipality("esimerkkila")
        members = Membership.objects.filter(municipality=esimerkkila)
        assert 35 <= members.count() <= 45
        staff = members.filter(is_coordinator=False)
        years = SchoolYear.objects.filter(municipality=esimerkkila)
        for membership in staff:
            held = StaffAssignment.objects.filter(user=membership.user, school__municipality=esimerkkila)
            assert set(held.values_list("school_year", flat=True)) == set(years.values_list("pk", flat=True))
        assert not any("test" in m.user.get_full_name().lower() for m in members)

    def test_every_school_is_staffed_as_the_model_expects(self, seeded):
        for school in School.objects.all():
            for year in SchoolYear.objects.filter(municipality=school.municipality):
                keys = set(
                    StaffAssignment.objects.filter(school=school, school_year=year).values_list(
                        "role__key", flat=True
                    )
                )
                assert {
                    "principal",
                    "teacher",
                    "special_needs_teacher",
                    "school_nurse",
                    "psychologist",
                } <= keys
                if "lower_secondary" in school.stages:
                    assert "study_counsellor" in keys, school.name
                if "lower_secondary" in school.stages and school.municipality.slug == "esimerkkila":
                    assert "youth_work" in keys, school.name

    def test_county_staff_serve_two_schools(self, seeded):
        county_keys = [RoleKey.SCHOOL_NURSE, RoleKey.DOCTOR, RoleKey.SOCIAL_WORKER, RoleKey.PSYCHOLOGIST]
        people = User.objects.filter(
            assignments__role__key__in=county_keys, assignments__school__municipality__slug="esimerkkila"
        ).distinct()
        assert people.count() >= 8
        for person in people:
            assert StaffAssignment.objects.filter(user=person).values("school").distinct().count() == 2, (
                person
            )

    def test_the_county_psychologist_works_in_both_municipalities(self, seeded):
        psychologist = User.objects.get(email=COUNTY_PSYCHOLOGIST)
        assert set(psychologist.memberships.values_list("municipality__slug", flat=True)) == {
            "esimerkkila",
            "toisala",
        }
        held = StaffAssignment.objects.filter(user=psychologist, role__key=RoleKey.PSYCHOLOGIST)
        assert set(held.values_list("school__municipality__slug", flat=True)) == {"esimerkkila", "toisala"}
        # Each assignment uses its own municipality's role and school year.
        assert all(
            a.role.municipality_id == a.school.municipality_id == a.school_year.municipality_id for a in held
        )

    def test_toisalas_people_hold_nothing_in_esimerkkila(self, seeded):
        principal = User.objects.get(email="rehtori@toisala.fi")
        assert not StaffAssignment.objects.filter(
            user=principal, school__municipality__slug="esimerkkila"
        ).exists()
        assert not Membership.objects.filter(user=principal, municipality__slug="esimerkkila").exists()
        only_toisala = User.objects.filter(email__endswith="@toisala.fi")
        assert not Membership.objects.filter(user__in=only_toisala, municipality__slug="esimerkkila").exists()


@pytest.mark.django_db
class TestRunningAgain:
    def test_running_twice_creates_nothing_and_changes_nothing(self, db):
        first = seed()
        before = snapshot()
        second = seed()
        assert snapshot() == before
        assert "created" in first and "nothing to create" in second

    def test_a_changed_password_is_kept_on_the_next_run(self, db):
        seed()
        teacher = User.objects.get(email="opettaja@esimerkkila.fi")
        teacher.set_password("Oma-salasana-2026")
        teacher.save()
        seed()
        assert sign_in("opettaja@esimerkkila.fi", "Oma-salasana-2026") == teacher
        assert sign_in("opettaja@esimerkkila.fi") is None

    def test_a_missing_piece_is_added_back_without_duplicates(self, db):
        seed()
        StaffAssignment.objects.filter(user__email="rehtori@esimerkkila.fi").delete()
        User.objects.filter(email="eetu.laine@esimerkkila.fi").delete()
        counts = {m: m.objects.count() for m in (Municipality, School, SchoolYear, Holiday, Role)}
        seed()
        assert (
            StaffAssignment.objects.filter(
                user__email="rehtori@esimerkkila.fi", role__key="principal"
            ).count()
            == 2
        )
        assert User.objects.filter(email="eetu.laine@esimerkkila.fi").count() == 1
        assert {m: m.objects.count() for m in counts} == counts
