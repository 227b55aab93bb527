"""The city catalog pages: the coordinator adds, edits, retires and restores roles and reads their
history; everyone else reads the catalog and changes nothing."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from audit.models import AuditEvent
from audit.selectors import history_for
from roles import selectors, services
from roles.models import Responsibility, Role, RoleKey
from tests.factories import role
from tests.helpers import assert_queries_constant

pytestmark = pytest.mark.django_db

NEW_DESCRIPTION = "Opettaja tuntee ryhmänsä.\n\nUusi toinen kappale yhteisöllisyydestä."


def snapshot(municipality) -> list:
    """Everything a catalog write could touch, to compare before and after a refused request."""
    roles = Role.objects.filter(municipality=municipality).order_by("pk")
    return [
        (
            r.pk,
            r.key,
            r.name_fi,
            r.name_sv,
            r.description,
            r.order,
            r.is_active,
            [x.text for x in r.responsibilities.all()],
            history_for(r.municipality, r).count(),
        )
        for r in roles
    ]


def form_data(role_obj: Role, **changes) -> dict:
    data = {
        "name_fi": role_obj.name_fi,
        "name_sv": role_obj.name_sv,
        "description": role_obj.description,
        "description_sv": role_obj.description_sv,
        "responsibilities": "\n".join(r.text for r in role_obj.responsibilities.all()),
        "responsibilities_sv": "\n".join(r.text_sv for r in role_obj.responsibilities.all() if r.text_sv),
    }
    return {**data, **changes}


def marked(body: str) -> list[tuple[str, str]]:
    """The deleted and inserted pieces of a history page, without their screen-reader words."""
    pattern = r'<(del|ins) class="diff">(?:<span class="visually-hidden">[^<]*</span>)?(.*?)</\1>'
    return re.findall(pattern, body, re.S)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def own_role(city, actor_for) -> Role:
    """A city's own role, added as the coordinator would."""
    return services.role_create(
        actor=actor_for(city.coordinator),
        name_fi="Koulukoutsi",
        name_sv="Skolcoach",
        description="Koutsi tukee oppilaita.",
        responsibilities=["Tapaa oppilaita", "Vetää ryhmiä"],
    )


class TestEdit:
    def test_coordinator_edits_description_and_responsibilities_in_order(self, city, as_user):
        teacher = role(city.municipality, RoleKey.TEACHER)
        old_description = teacher.description
        old_lines = [r.text for r in teacher.responsibilities.all()]
        new_lines = ["Kolmas ensin", old_lines[0], "Aivan uusi tehtävä"]
        client = as_user(city.coordinator)

        response = client.post(
            reverse("role_update", args=[teacher.pk]),
            form_data(
                teacher, description=NEW_DESCRIPTION, responsibilities="\r\n".join(new_lines) + "\r\n\r\n"
            ),
        )

        assert response.status_code == 302
        assert response.url == reverse("role_detail", args=[teacher.pk])
        teacher.refresh_from_db()
        assert teacher.description == NEW_DESCRIPTION
        assert [r.text for r in teacher.responsibilities.all()] == new_lines
        (change,) = history_for(city.municipality, teacher)
        assert change.action == "updated"
        assert change.actor == city.coordinator
        assert change.before["description"] == old_description
        assert change.before["responsibilities"] == old_lines
        assert change.after["description"] == NEW_DESCRIPTION
        assert change.after["responsibilities"] == new_lines

    def test_the_form_shows_the_role_as_it_stands(self, city, as_user):
        teacher = role(city.municipality, RoleKey.TEACHER)
        body = as_user(city.coordinator).get(reverse("role_update", args=[teacher.pk])).content.decode()
        first_line = teacher.responsibilities.first().text
        assert 'name="name_fi"' in body and teacher.name_fi in body
        assert first_line in body
        assert 'id="id_responsibilities_helptext"' in body

    def test_history_shows_the_old_and_new_text(self, city, as_user):
        teacher = role(city.municipality, RoleKey.TEACHER)
        old_lines = [r.text for r in teacher.responsibilities.all()]
        client = english(as_user(city.coordinator))
        client.post(
            reverse("role_update", args=[teacher.pk]),
            form_data(
                teacher,
                name_fi="Luokanopettaja",
                description=NEW_DESCRIPTION,
                responsibilities="\n".join([old_lines[1], old_lines[0], "Aivan uusi tehtävä"]),
            ),
        )
        body = client.get(reverse("role_history", args=[teacher.pk])).content.decode()

        assert city.coordinator.get_full_name() in body
        pieces = marked(body)
        assert ("del", "Opettaja") in pieces and ("ins", "Luokanopettaja") in pieces
        assert any(op == "ins" and "Uusi toinen kappale yhteisöllisyydestä" in text for op, text in pieces)
        assert "Added:</span> " + '<ins class="diff">Aivan uusi tehtävä</ins>' in body
        assert "Removed:</span> " + f'<del class="diff">{old_lines[2]}</del>' in body
        # A line that only changed place is shown as moved, not as lost.
        assert "Moved here:</span> " + f'<ins class="diff">{old_lines[1]}</ins>' in body

    def test_history_lists_changes_newest_first(self, city, as_user, actor_for, own_role):
        actor = actor_for(city.coordinator)
        services.role_update(
            actor=actor,
            role=own_role,
            name_fi="Koulukoutsi",
            name_sv="",
            description="Toinen.",
            responsibilities=[],
        )
        services.role_set_active(actor=actor, role=own_role, active=False)
        client = english(as_user(city.coordinator))
        body = client.get(reverse("role_history", args=[own_role.pk])).content.decode()
        ids = [e.pk for e in AuditEvent.objects.filter(object_id=own_role.pk).order_by("-at", "-id")]
        positions = [body.index(f'id="audit-event-{pk}"') for pk in ids]
        assert positions == sorted(positions) and len(ids) == 3
        assert 'datetime="' in body

    def test_nothing_changed_writes_no_history(self, city, as_user):
        teacher = role(city.municipality, RoleKey.TEACHER)
        as_user(city.coordinator).post(reverse("role_update", args=[teacher.pk]), form_data(teacher))
        assert not history_for(city.municipality, teacher).exists()
        assert not AuditEvent.objects.exists()

    def test_coordinator_adds_a_citys_own_role(self, city, as_user, actor_for):
        client = as_user(city.coordinator)
        response = client.post(
            reverse("role_create"),
            {
                "name_fi": "Koulunkäynnin ohjaaja",
                "name_sv": "Skolgångsbiträde",
                "description": "Ohjaaja tukee.",
                "responsibilities": "Tukee oppilasta\nToimii välitunneilla",
            },
        )
        created = Role.objects.get(municipality=city.municipality, name_fi="Koulunkäynnin ohjaaja")
        assert response.status_code == 302 and response.url == reverse("role_detail", args=[created.pk])
        assert created.key == RoleKey.OTHER and created.is_active
        assert [r.text for r in created.responsibilities.all()] == ["Tukee oppilasta", "Toimii välitunneilla"]
        assert [e.action for e in history_for(city.municipality, created)] == ["created"]
        assert created in selectors.staff_roles_for(actor_for(city.coordinator))


class TestBadInput:
    def test_empty_finnish_name_is_an_error_and_changes_nothing(self, city, as_user):
        teacher = role(city.municipality, RoleKey.TEACHER)
        before = snapshot(city.municipality)
        client = as_user(city.coordinator)

        response = client.post(
            reverse("role_update", args=[teacher.pk]), form_data(teacher, name_fi="   ", description="X")
        )
        assert response.status_code == 200
        assert response.context["form"].errors["name_fi"]
        response = client.post(reverse("role_create"), {"name_fi": "", "description": "X"})
        assert response.status_code == 200
        assert response.context["form"].errors["name_fi"]
        assert snapshot(city.municipality) == before

    def test_duplicate_name_is_a_form_error_and_writes_nothing(self, city, as_user, own_role):
        teacher = role(city.municipality, RoleKey.TEACHER)
        before = snapshot(city.municipality)
        client = english(as_user(city.coordinator))

        # Names compare case-insensitively within the municipality.
        response = client.post(
            reverse("role_create"), {"name_fi": teacher.name_fi.upper(), "description": "X"}
        )
        assert response.status_code == 200
        assert "The catalog already has a role of this name." in response.context["form"].errors["name_fi"]
        assert "The catalog already has a role of this name." in response.content.decode()

        response = client.post(
            reverse("role_update", args=[own_role.pk]), form_data(own_role, name_fi=teacher.name_fi)
        )
        assert response.status_code == 200
        assert response.context["form"].errors["name_fi"]
        assert snapshot(city.municipality) == before

    def test_the_same_name_in_another_municipality_is_fine(self, city, other_city, as_user, actor_for):
        services.role_create(actor=actor_for(other_city.coordinator), name_fi="Koulukoutsi")
        response = as_user(city.coordinator).post(reverse("role_create"), {"name_fi": "Koulukoutsi"})
        assert response.status_code == 302
        assert Role.objects.filter(name_fi="Koulukoutsi").count() == 2


class TestRetire:
    def test_retiring_a_citys_own_role_hides_it_from_staff_role_choices(
        self, city, as_user, actor_for, own_role
    ):
        actor = actor_for(city.coordinator)
        assert own_role in selectors.staff_roles_for(actor)
        client = as_user(city.coordinator)

        response = client.post(reverse("role_retire", args=[own_role.pk]))

        assert response.status_code == 302
        own_role.refresh_from_db()
        assert not own_role.is_active
        assert own_role not in selectors.staff_roles_for(actor)
        assert history_for(city.municipality, own_role).filter(action="retired").count() == 1
        # Still listed for the coordinator, marked retired; gone from everyone else's list.
        listing = english(client).get(reverse("role_list")).content.decode()
        assert own_role.name_fi in listing and "retired" in listing
        teacher_listing = as_user(city.teacher).get(reverse("role_list")).content.decode()
        assert own_role.name_fi not in teacher_listing

    def test_restoring_brings_it_back(self, city, as_user, actor_for, own_role):
        services.role_set_active(actor=actor_for(city.coordinator), role=own_role, active=False)
        as_user(city.coordinator).post(reverse("role_restore", args=[own_role.pk]))
        own_role.refresh_from_db()
        assert own_role.is_active
        assert own_role in selectors.staff_roles_for(actor_for(city.coordinator))

    def test_retiring_a_standard_role_is_refused(self, city, as_user):
        nurse = role(city.municipality, RoleKey.SCHOOL_NURSE)
        before = snapshot(city.municipality)
        client = english(as_user(city.coordinator))

        response = client.post(reverse("role_retire", args=[nurse.pk]), follow=True)

        assert response.status_code == 200
        messages = [str(m) for m in response.context["messages"]]
        assert messages == ["The standard roles cannot be retired; only a city's own roles can."]
        assert snapshot(city.municipality) == before

    def test_retire_is_post_only(self, city, as_user, own_role):
        response = as_user(city.coordinator).get(reverse("role_retire", args=[own_role.pk]))
        assert response.status_code == 405
        own_role.refresh_from_db()
        assert own_role.is_active

    def test_only_own_roles_offer_retiring(self, city, as_user, own_role):
        client = as_user(city.coordinator)
        nurse = role(city.municipality, RoleKey.SCHOOL_NURSE)
        assert (
            reverse("role_retire", args=[own_role.pk])
            in client.get(reverse("role_detail", args=[own_role.pk])).content.decode()
        )
        assert (
            reverse("role_retire", args=[nurse.pk])
            not in client.get(reverse("role_detail", args=[nurse.pk])).content.decode()
        )


class TestPermissions:
    @pytest.mark.parametrize("who", ["teacher", "principal"])
    def test_staff_cannot_write_or_read_history(self, city, as_user, own_role, who):
        teacher_role = role(city.municipality, RoleKey.TEACHER)
        before = snapshot(city.municipality)
        client = as_user(getattr(city, who))
        attempts = [
            ("get", reverse("role_create"), None),
            ("post", reverse("role_create"), {"name_fi": "Luvaton rooli"}),
            ("get", reverse("role_update", args=[teacher_role.pk]), None),
            (
                "post",
                reverse("role_update", args=[teacher_role.pk]),
                form_data(teacher_role, name_fi="Hakkeri"),
            ),
            ("post", reverse("role_retire", args=[own_role.pk]), None),
            ("post", reverse("role_restore", args=[own_role.pk]), None),
            ("get", reverse("role_history", args=[teacher_role.pk]), None),
        ]
        for method, url, data in attempts:
            response = getattr(client, method)(url, data)
            assert response.status_code == 403, f"{method} {url}"
        assert snapshot(city.municipality) == before

    def test_staff_read_the_catalog_without_buttons(self, city, as_user, own_role):
        client = as_user(city.teacher)
        listing = client.get(reverse("role_list"))
        detail = client.get(reverse("role_detail", args=[own_role.pk]))
        assert listing.status_code == detail.status_code == 200
        for body in (listing.content.decode(), detail.content.decode()):
            assert own_role.name_fi in body
            assert reverse("role_create") not in body
            assert reverse("role_update", args=[own_role.pk]) not in body
            assert reverse("role_history", args=[own_role.pk]) not in body
            assert reverse("role_retire", args=[own_role.pk]) not in body

    def test_coordinator_sees_the_buttons(self, city, as_user, own_role):
        client = as_user(city.coordinator)
        listing = client.get(reverse("role_list")).content.decode()
        detail = client.get(reverse("role_detail", args=[own_role.pk])).content.decode()
        assert reverse("role_create") in listing
        for body in (listing, detail):
            assert reverse("role_update", args=[own_role.pk]) in body
            assert reverse("role_history", args=[own_role.pk]) in body

    def test_another_municipalitys_role_is_404_and_unchanged(self, city, other_city, as_user):
        theirs = role(other_city.municipality, RoleKey.TEACHER)
        their_own = role(other_city.municipality, RoleKey.OTHER)
        before = snapshot(other_city.municipality)
        client = as_user(city.coordinator)
        attempts = [
            ("get", reverse("role_update", args=[theirs.pk]), None),
            ("post", reverse("role_update", args=[theirs.pk]), form_data(theirs, name_fi="Kaapattu")),
            ("post", reverse("role_retire", args=[their_own.pk]), None),
            ("post", reverse("role_restore", args=[their_own.pk]), None),
            ("get", reverse("role_history", args=[theirs.pk]), None),
        ]
        for method, url, data in attempts:
            assert getattr(client, method)(url, data).status_code == 404, f"{method} {url}"
        assert snapshot(other_city.municipality) == before

    def test_anonymous_is_sent_to_sign_in(self, city, client, own_role):
        response = client.post(reverse("role_retire", args=[own_role.pk]))
        assert response.status_code == 302 and "login" in response.url
        own_role.refresh_from_db()
        assert own_role.is_active


class TestEscaping:
    def test_html_in_names_and_texts_is_escaped_everywhere(self, city, as_user):
        client = as_user(city.coordinator)
        client.post(
            reverse("role_create"),
            {
                "name_fi": "<script>alert('nimi')</script>",
                "description": "<script>alert('kuvaus')</script>\n\n<b>toinen</b>",
                "responsibilities": "<script>alert('vastuu')</script>",
            },
        )
        created = Role.objects.get(municipality=city.municipality, key=RoleKey.OTHER, name_fi__startswith="<")
        client.post(
            reverse("role_update", args=[created.pk]),
            form_data(created, description="<img src=x onerror=alert(1)>", responsibilities="<i>uusi</i>"),
        )
        pages = [
            reverse("role_list"),
            reverse("role_detail", args=[created.pk]),
            reverse("role_history", args=[created.pk]),
            reverse("role_update", args=[created.pk]),
        ]
        for url in pages:
            body = client.get(url).content.decode()
            assert "<script>alert" not in body, url
            assert "<img src=x" not in body and "<b>toinen</b>" not in body and "<i>uusi</i>" not in body, url
            assert "&lt;script&gt;alert(&#x27;nimi&#x27;)&lt;/script&gt;" in body, url


class TestQueryCounts:
    def test_list_queries_do_not_grow_with_roles(self, city, as_user, actor_for):
        client = as_user(city.coordinator)
        actor = actor_for(city.coordinator)
        counter = iter(range(100))

        def grow():
            for _ in range(5):
                services.role_create(
                    actor=actor, name_fi=f"Oma rooli {next(counter)}", responsibilities=["Yksi", "Kaksi"]
                )

        assert_queries_constant(lambda: client.get(reverse("role_list")), grow, at_most=12)

    def test_history_queries_do_not_grow_with_changes(self, city, as_user, actor_for, own_role):
        client = as_user(city.coordinator)
        actor = actor_for(city.coordinator)
        counter = iter(range(100))

        def grow():
            for _ in range(5):
                n = next(counter)
                services.role_update(
                    actor=actor,
                    role=own_role,
                    name_fi=f"Koulukoutsi {n}",
                    name_sv="",
                    description=f"Kappale {n}.\n\nToinen kappale.",
                    responsibilities=[f"Rivi {n}", "Pysyvä rivi"],
                )
            services.role_set_active(actor=actor, role=own_role, active=False)
            services.role_set_active(actor=actor, role=own_role, active=True)

        assert_queries_constant(
            lambda: client.get(reverse("role_history", args=[own_role.pk])), grow, at_most=12
        )


def test_responsibilities_keep_their_order_in_the_database(city, as_user):
    """The order is the `order` column, not the insertion id: reversing the lines reverses the list."""
    teacher = role(city.municipality, RoleKey.TEACHER)
    lines = [r.text for r in teacher.responsibilities.all()]
    as_user(city.coordinator).post(
        reverse("role_update", args=[teacher.pk]),
        form_data(teacher, responsibilities="\n".join(reversed(lines))),
    )
    stored = Responsibility.objects.filter(role=teacher).order_by("order")
    assert [r.text for r in stored] == list(reversed(lines))
