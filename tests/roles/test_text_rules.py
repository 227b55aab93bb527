"""Security probe, findings 2, 5 and 8 in the roles app: role texts, sections and practical acts keep
to their lengths and characters and refuse personal identity codes (texts every staff member reads,
printed in the PDF and e-mailed about) — on the page and in the service, nothing written on refusal.
The API side is in tests/api/test_text_rules_api.py."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from notifications.models import Notification
from roles import services
from roles.models import ActSection, PracticalAct, RoleKey, RolesToolRevision
from tests.factories import role
from tests.roles.test_acts_pages import HTMX, acts_now, create_url, edit_data
from tests.roles.test_catalog_pages import form_data, snapshot

IDENTITY_CODE_MESSAGE = (
    "A personal identity code cannot be saved here: communal student welfare never handles an "
    "individual pupil&#x27;s matters."
)

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def coordinator(city, as_user):
    return english(as_user(city.coordinator))


@pytest.fixture
def principal_actor(city, actor_for):
    return actor_for(city.principal)


@pytest.fixture
def tool(city, principal_actor):
    return services.tool_create(actor=principal_actor, school=city.school, school_year=city.year)


@pytest.fixture
def section(city) -> ActSection:
    return ActSection.objects.filter(municipality=city.municipality).order_by("order").first()


class TestRoleTexts:
    """Finding 5: a 1 MB role description with 20,000 responsibility lines was accepted."""

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"description": "x" * 1_000_000}, "at most 4000 characters"),
            (
                {"responsibilities": "\n".join(f"Vastuu {i}" for i in range(20_000))},
                "at most 40 responsibilities",
            ),
            (
                {"responsibilities": "Lyhyt\nToinen\n" + "y" * 501},
                "Line 3: Ensure this value has at most 500",
            ),
            ({"description": "Kuvaus\x07"}, "Remove the invisible control character U+0007"),
            ({"name_fi": "Opettaja\nBcc: x"}, "Write this on one line, without line breaks."),
            ({"description": "Oppilaan 131052-308T asiat"}, IDENTITY_CODE_MESSAGE),
            ({"responsibilities": "Tukee oppilasta 010101a123n"}, "Line 1: " + IDENTITY_CODE_MESSAGE),
            ({"name_sv": "Lärare 131052-308T"}, IDENTITY_CODE_MESSAGE),
        ],
    )
    def test_the_page_refuses_and_writes_nothing(self, city, coordinator, changes, message):
        teacher = role(city.municipality, RoleKey.TEACHER)
        before = snapshot(city.municipality)
        response = coordinator.post(reverse("role_update", args=[teacher.pk]), form_data(teacher, **changes))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert snapshot(city.municipality) == before

    def test_a_nul_character_is_refused_before_the_page_and_writes_nothing(self, city, coordinator):
        """NUL never reaches a form: the request is refused whole (PostgreSQL cannot store it)."""
        teacher = role(city.municipality, RoleKey.TEACHER)
        before = snapshot(city.municipality)
        response = coordinator.post(
            reverse("role_update", args=[teacher.pk]), form_data(teacher, description="Kuvaus\x00")
        )
        assert response.status_code == 400
        assert "<h1>" in response.content.decode()  # the error page, not a traceback
        assert snapshot(city.municipality) == before

    def test_forty_responsibilities_and_a_long_description_with_line_breaks_fit(self, city, coordinator):
        teacher = role(city.municipality, RoleKey.TEACHER)
        description = ("Kappale.\r\n\r\n\tSisennetty " + "sana " * 700)[:4000]
        lines = "\r\n".join(f"Vastuu {i}: " + "x" * 480 for i in range(40))
        response = coordinator.post(
            reverse("role_update", args=[teacher.pk]),
            form_data(teacher, description=description, responsibilities=lines),
        )
        assert response.status_code == 302
        teacher.refresh_from_db()
        assert teacher.description.startswith("Kappale.\n\n\tSisennetty") and "\r" not in teacher.description
        assert teacher.responsibilities.count() == 40

    def test_the_service_refuses_whoever_calls_it(self, city, actor_for):
        teacher = role(city.municipality, RoleKey.TEACHER)
        before = snapshot(city.municipality)
        for changes in (
            {"responsibilities": ["ok"] * 41},
            {"responsibilities": ["Kaksi\nriviä"]},
            {"description": "x" * 4001},
        ):
            fields = {"name_fi": teacher.name_fi, "name_sv": teacher.name_sv, "description": "", **changes}
            fields.setdefault("responsibilities", [])
            with pytest.raises(ValidationError):
                services.role_update(actor=actor_for(city.coordinator), role=teacher, **fields)
        assert snapshot(city.municipality) == before


class TestSections:
    def test_a_section_name_with_an_identity_code_is_refused(self, city, coordinator, section):
        before = list(ActSection.objects.values_list("pk", "name_fi", "name_sv"))
        created = coordinator.post(
            reverse("section_create"), {"name_fi": "Oppilas 131052-308T", "order": "5"}
        )
        updated = coordinator.post(
            reverse("section_update", args=[section.pk]),
            {
                "name_fi": section.name_fi,
                "name_sv": "Elev 131052-308T",
                "order": section.order,
                "is_active": "on",
            },
        )
        for response in (created, updated):
            assert response.status_code == 200
            assert IDENTITY_CODE_MESSAGE in response.content.decode()
        assert list(ActSection.objects.values_list("pk", "name_fi", "name_sv")) == before


class TestActs:
    """Finding 8: an identity code in a practical act was saved, printed in the PDF and e-mailed."""

    @pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"text": "Keskustelu oppilaan 131052-308T kanssa"}, IDENTITY_CODE_MESSAGE),
            ({"text": "Keskustelu (131052–308t)"}, IDENTITY_CODE_MESSAGE),
            ({"with_whom": "huoltaja, lapsi 020516C903K"}, IDENTITY_CODE_MESSAGE),
            ({"text": "Teko\x1b[31m"}, "Remove the invisible control character U+001B"),
            ({"with_whom": "tukioppilaat\nBcc: x"}, "Write this on one line, without line breaks."),
        ],
    )
    def test_the_page_refuses_and_writes_nothing(self, city, tool, section, as_user, changes, message, htmx):
        before = acts_now()
        response = english(as_user(city.teacher)).post(
            create_url(tool), {"text": "Teko", "section": section.pk, **changes}, **(HTMX if htmx else {})
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        assert acts_now() == before

    @pytest.mark.parametrize(
        "text",
        [
            "Vanhempainilta 12.10.2025 klo 18, puh. 040 123 4567",
            "Yhteys: 09-310 12345, huone 121025-1234",
            "Ryhmäyttäminen\n\n\t7. luokat",
        ],
    )
    def test_ordinary_numbers_dates_and_lookalikes_are_saved(self, city, tool, section, as_user, text):
        response = as_user(city.teacher).post(create_url(tool), {"text": text, "section": section.pk})
        assert response.status_code == 302
        assert tool.acts.get().text == text

    def test_an_edit_adding_an_identity_code_is_refused(self, city, tool, section, principal_actor, as_user):
        act = services.act_create(
            actor=principal_actor,
            tool=tool,
            role=role(city.municipality, RoleKey.TEACHER),
            section=section,
            text="Teko",
        )
        before = acts_now()
        response = english(as_user(city.teacher)).post(
            reverse("act_update", args=[act.pk]), edit_data(act, text="Teko, oppilas 131052-308T")
        )
        assert response.status_code == 200
        assert IDENTITY_CODE_MESSAGE in response.content.decode()
        assert acts_now() == before
        with pytest.raises(ValidationError) as refused:
            services.act_update(
                actor=principal_actor,
                act=act,
                version=act.version,
                text="Teko",
                months=[],
                with_whom="huoltaja 131052-308T",
                responsible=None,
            )
        assert set(refused.value.message_dict) == {"with_whom"}
        assert acts_now() == before

    def test_publishing_refuses_a_code_saved_before_the_guard_and_tells_nobody(
        self, city, tool, section, principal_actor
    ):
        act = services.act_create(
            actor=principal_actor,
            tool=tool,
            role=role(city.municipality, RoleKey.TEACHER),
            section=section,
            text="Teko",
        )
        PracticalAct.objects.filter(pk=act.pk).update(text="Vanha teko, oppilas 131052-308T")
        with pytest.raises(ValidationError):
            services.tool_publish(actor=principal_actor, tool=tool)
        tool.refresh_from_db()
        assert not tool.is_published
        assert not RolesToolRevision.objects.filter(tool=tool).exists()
        assert not Notification.objects.filter(kind="roles_tool_published").exists()


def test_a_role_holds_at_most_sixty_acts_in_a_tool(city, actor_for):
    from roles import selectors, services
    from roles.models import MAX_ACTS_PER_ROLE, PracticalAct

    actor = actor_for(city.principal)
    tool = services.tool_create(actor=actor, school=city.school, school_year=city.year)
    teacher = role(city.municipality, RoleKey.TEACHER)
    section = selectors.sections_for(actor).first()
    PracticalAct.objects.bulk_create(
        PracticalAct(
            tool=tool, role=teacher, section=section, text=f"Teko {n}", order=n, updated_by=city.principal
        )
        for n in range(MAX_ACTS_PER_ROLE)
    )
    with pytest.raises(ValidationError, match="at most 60 practical acts"):
        services.act_create(actor=actor, tool=tool, role=teacher, section=section, text="Yksi liikaa")
    assert PracticalAct.objects.filter(tool=tool, role=teacher).count() == MAX_ACTS_PER_ROLE
