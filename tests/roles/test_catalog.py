"""The standard role catalog: what every new municipality starts from, and that installing it is safe."""

import pytest

from roles.models import Responsibility, Role, RoleKey
from roles.services import catalog_install_standard_roles
from roles.standard_catalog import STANDARD_ROLES
from tests.factories import MunicipalityFactory

STANDARD_KEYS = [
    "pupil",
    "guardian",
    "teacher",
    "principal",
    "special_needs_teacher",
    "study_counsellor",
    "school_nurse",
    "doctor",
    "social_worker",
    "psychologist",
    "youth_work",
    "other",
]


def catalog_snapshot(municipality):
    roles = Role.objects.filter(municipality=municipality).order_by("order")
    return [
        (
            r.key,
            r.name_fi,
            r.name_sv,
            r.description,
            r.order,
            r.is_staff_role,
            [x.text for x in r.responsibilities.all()],
        )
        for r in roles
    ]


@pytest.mark.django_db
class TestInstall:
    def test_a_new_municipality_gets_the_twelve_roles_in_order(self):
        municipality = MunicipalityFactory()
        roles = list(Role.objects.filter(municipality=municipality).order_by("order"))
        assert [r.key for r in roles] == STANDARD_KEYS
        assert [r.name_fi for r in roles][:4] == ["Oppilas/opiskelija", "Huoltaja", "Opettaja", "Rehtori"]

    def test_installed_roles_carry_descriptions_and_ordered_responsibilities(self):
        municipality = MunicipalityFactory()
        principal = Role.objects.get(municipality=municipality, key=RoleKey.PRINCIPAL)
        entry = next(e for e in STANDARD_ROLES if e["key"] == RoleKey.PRINCIPAL)
        assert principal.description == entry["description"]
        assert [r.text for r in principal.responsibilities.all()] == entry["responsibilities"]

    def test_installing_again_changes_nothing(self):
        municipality = MunicipalityFactory()
        before = catalog_snapshot(municipality)
        responsibilities = Responsibility.objects.filter(role__municipality=municipality).count()
        catalog_install_standard_roles(municipality=municipality)
        catalog_install_standard_roles(municipality=municipality)
        assert catalog_snapshot(municipality) == before
        assert Responsibility.objects.filter(role__municipality=municipality).count() == responsibilities

    def test_a_citys_own_edits_are_kept(self):
        municipality = MunicipalityFactory()
        teacher = Role.objects.get(municipality=municipality, key=RoleKey.TEACHER)
        teacher.name_fi, teacher.description = "Luokanopettaja", "Meidän kaupungin oma kuvaus."
        teacher.save()
        teacher.responsibilities.all().delete()
        nurse = Role.objects.get(municipality=municipality, key=RoleKey.SCHOOL_NURSE)
        nurse.is_active = False
        nurse.save()

        catalog_install_standard_roles(municipality=municipality)

        teacher.refresh_from_db()
        nurse.refresh_from_db()
        assert teacher.name_fi == "Luokanopettaja"
        assert teacher.description == "Meidän kaupungin oma kuvaus."
        assert teacher.responsibilities.count() == 0
        assert not nurse.is_active
        assert Role.objects.filter(municipality=municipality).count() == 12
        assert not Role.objects.filter(municipality=municipality, name_fi="Opettaja").exists()

    def test_a_missing_standard_role_is_added_back_without_touching_the_others(self):
        municipality = MunicipalityFactory()
        Role.objects.get(municipality=municipality, key=RoleKey.YOUTH_WORK).delete()
        before = catalog_snapshot(municipality)
        catalog_install_standard_roles(municipality=municipality)
        after = catalog_snapshot(municipality)
        assert [r for r in after if r[0] != "youth_work"] == before
        assert Role.objects.filter(municipality=municipality, key=RoleKey.YOUTH_WORK).count() == 1

    def test_the_catalogs_of_two_municipalities_are_separate(self):
        first, second = MunicipalityFactory(), MunicipalityFactory()
        Role.objects.filter(municipality=first, key=RoleKey.TEACHER).update(description="Muutettu")
        assert Role.objects.get(municipality=second, key=RoleKey.TEACHER).description != "Muutettu"


class TestContent:
    def test_twelve_entries_with_the_standard_keys_in_order(self):
        assert [e["key"] for e in STANDARD_ROLES] == STANDARD_KEYS
        assert len({e["name_fi"] for e in STANDARD_ROLES}) == 12

    def test_pupils_and_guardians_are_not_staff_roles(self):
        staff = {e["key"]: e["is_staff_role"] for e in STANDARD_ROLES}
        assert staff.pop(RoleKey.PUPIL) is False
        assert staff.pop(RoleKey.GUARDIAN) is False
        assert all(staff.values())

    @pytest.mark.parametrize("entry", STANDARD_ROLES, ids=lambda e: e["key"])
    def test_every_role_has_a_description_and_responsibilities(self, entry):
        assert len(entry["description"]) > 150
        assert 3 <= len(entry["responsibilities"]) <= 12
        assert all(line.strip() == line and line for line in entry["responsibilities"])

    @pytest.mark.parametrize("entry", STANDARD_ROLES, ids=lambda e: e["key"])
    def test_descriptions_are_paragraphs_without_line_breaks_inside(self, entry):
        for paragraph in entry["description"].split("\n\n"):
            assert paragraph and paragraph == paragraph.strip()
            assert "\n" not in paragraph
            assert paragraph.endswith(".")

    @pytest.mark.parametrize("entry", STANDARD_ROLES, ids=lambda e: e["key"])
    def test_no_words_broken_by_the_extraction_remain(self, entry):
        text = " ".join([entry["description"], *entry["responsibilities"]])
        for fragment in (
            " n ",
            " en ",
            "turvallisuud ",
            "opiskelijoide ",
            "oppil ",
            "  ",
            "tutor- ",
            "välkkäri-",
            "hooltaja",
            "kahden tasoisesti",
        ):
            assert fragment not in text, fragment

    @pytest.mark.parametrize("entry", STANDARD_ROLES, ids=lambda e: e["key"])
    def test_the_three_tier_support_terms_replaced_in_2025_are_not_used(self, entry):
        text = " ".join([entry["description"], *entry["responsibilities"]]).lower()
        for term in (
            "tehostetun tuen",
            "tehostettu tuki",
            "erityisen tuen",
            "kolmiportai",
            "hojks",
            "pedagoginen arvio",
            "pedagogisen arvion",
            "pedagoginen selvitys",
        ):
            assert term not in text, term

    def test_responsibilities_follow_the_citys_list(self):
        by_key = {e["key"]: e["responsibilities"] for e in STANDARD_ROLES}
        assert "Kutsuu koolle yhteisöllisen opiskeluhuoltoryhmän" in by_key[RoleKey.PRINCIPAL]
        assert "Seuraa oppilaiden poissaoloja" in by_key[RoleKey.TEACHER]
        assert any("TET-työnantajien" in line for line in by_key[RoleKey.STUDY_COUNSELLOR])
        assert any("ensisijainen kasvatusvastuu" in line for line in by_key[RoleKey.GUARDIAN])
