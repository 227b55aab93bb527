"""The practical-acts editor of one role (roles_tool_role) and its edits (act_create, act_update,
act_delete, act_move, act_confirm): plain form posts (post/redirect/get) and htmx fragments, the
version check, and every refusal leaving the data as it was."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from roles import services
from roles.models import ActSection, PracticalAct, RoleKey, RolesTool
from tests.factories import assign, member, role
from tests.helpers import assert_queries_constant

HTMX = {"HTTP_HX_REQUEST": "true"}


# --- Set-up through the real services -----------------------------------------------------------


@pytest.fixture
def principal_actor(city, actor_for):
    return actor_for(city.principal)


@pytest.fixture
def tool(city, principal_actor) -> RolesTool:
    return services.tool_create(actor=principal_actor, school=city.school, school_year=city.year)


@pytest.fixture
def sections(city) -> list[ActSection]:
    return list(ActSection.objects.filter(municipality=city.municipality).order_by("order"))


@pytest.fixture
def add(city, principal_actor, tool, sections):
    """Write an act as the principal (who may write every role's acts)."""

    def make(key: str = RoleKey.TEACHER, text: str = "Teko", section: ActSection | None = None, **fields):
        return services.act_create(
            actor=principal_actor,
            tool=tool,
            role=role(city.municipality, key),
            section=section or sections[0],
            text=text,
            **fields,
        )

    return make


def signed_in(as_user, user):
    client = as_user(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def acts_now() -> list[dict]:
    """Every act as stored: what a refused request must leave untouched."""
    return list(PracticalAct.objects.order_by("pk").values())


def editor(tool: RolesTool, key_or_role) -> str:
    role_pk = key_or_role if isinstance(key_or_role, int) else role(tool.school.municipality, key_or_role).pk
    return reverse("roles_tool_role", kwargs={"pk": tool.pk, "role_pk": role_pk})


def create_url(tool: RolesTool, key: str = RoleKey.TEACHER) -> str:
    return reverse("act_create", kwargs={"pk": tool.pk, "role_pk": role(tool.school.municipality, key).pk})


def act_url(name: str, act: PracticalAct) -> str:
    return reverse(name, kwargs={"pk": act.pk})


def edit_data(act: PracticalAct, **changes) -> dict:
    data = {
        "text": act.text,
        "months": act.months,
        "with_whom": act.with_whom,
        "responsible": act.responsible_id or "",
        "section": act.section_id,
        "version": act.version,
    }
    return {**data, **changes}


def order_of(tool: RolesTool, key: str = RoleKey.TEACHER) -> list[str]:
    return list(
        tool.acts.filter(role__key=key)
        .order_by("section__order", "order", "id")
        .values_list("text", flat=True)
    )


def body(response) -> str:
    return response.content.decode()


# --- The editor page ----------------------------------------------------------------------------


@pytest.mark.django_db
class TestEditorPage:
    def test_teacher_sees_the_acts_by_section_with_months_in_school_year_order(
        self, city, tool, add, sections, as_user
    ):
        add(text="Ryhmäyttäminen ennen syyslomaa", months=[1, 9], with_whom="tukioppilaat")
        add(text="Vanhempainilta", section=sections[1], responsible=city.nurse)
        response = signed_in(as_user, city.teacher).get(editor(tool, RoleKey.TEACHER))
        assert response.status_code == 200
        html = body(response)
        first, second = html.index(sections[0].name_fi), html.index(sections[1].name_fi)
        assert first < html.index("Ryhmäyttäminen ennen syyslomaa") < second < html.index("Vanhempainilta")
        assert "September, January" in html  # school-year order: autumn first
        assert "tukioppilaat" in html and city.nurse.get_full_name() in html
        assert city.teacher.get_full_name() in html  # who holds the role
        assert role(city.municipality, RoleKey.TEACHER).description[:40] in html
        assert reverse("roles_tool_detail", kwargs={"pk": tool.pk}) in html  # breadcrumbs back
        # The teacher holds the role: add forms for both sections, edit controls on the acts.
        assert html.count(f'action="{create_url(tool)}"') == 2
        assert 'name="months" value="8" id="add-' in html and "<legend>When" in html
        assert act_url("act_update", tool.acts.first()) in html

    def test_the_add_forms_month_choices_run_from_august_to_july(self, city, tool, as_user):
        html = body(signed_in(as_user, city.teacher).get(editor(tool, RoleKey.TEACHER)))
        form = html[html.index('id="section-') :]
        values = re.findall(r'name="months" value="(\d+)"', form)[:12]
        assert values == ["8", "9", "10", "11", "12", "1", "2", "3", "4", "5", "6", "7"]

    def test_the_responsible_choice_offers_the_schools_staff_first_then_other_members(
        self, city, tool, as_user
    ):
        html = body(signed_in(as_user, city.teacher).get(editor(tool, RoleKey.TEACHER)))
        staff_group = html.index("Staff of the school this school year")
        others_group = html.index("Other people of the municipality")
        assert staff_group < html.index(city.nurse.email) < others_group < html.index(city.coordinator.email)

    def test_the_nurse_reads_the_teachers_acts_without_any_edit_control(self, city, tool, add, as_user):
        act = add(text="Opettajan teko")
        response = signed_in(as_user, city.nurse).get(editor(tool, RoleKey.TEACHER))
        html = body(response)
        assert response.status_code == 200 and "Opettajan teko" in html
        for url in (create_url(tool), act_url("act_update", act), act_url("act_move", act)):
            assert url not in html
        assert "<form" not in html[html.index('id="role-acts"') :]

    def test_the_coordinator_reads_every_schools_acts(self, city, tool, add, as_user):
        add(text="Opettajan teko")
        html = body(signed_in(as_user, city.coordinator).get(editor(tool, RoleKey.TEACHER)))
        assert "Opettajan teko" in html and create_url(tool) not in html

    def test_another_municipalitys_tool_is_404_and_a_tool_of_a_school_not_ones_own_403(
        self, city, other_city, tool, actor_for, as_user
    ):
        b_tool = services.tool_create(
            actor=actor_for(other_city.principal), school=other_city.school, school_year=other_city.year
        )
        client = signed_in(as_user, city.teacher)
        assert client.get(editor(b_tool, RoleKey.TEACHER)).status_code == 404
        outsider = member(city.municipality)
        assign(outsider, city.other_school, RoleKey.TEACHER, city.year)
        assert signed_in(as_user, outsider).get(editor(tool, RoleKey.TEACHER)).status_code == 403

    def test_a_role_the_tool_does_not_use_or_of_another_municipality_is_404(
        self, city, other_city, tool, principal_actor, as_user
    ):
        services.tool_set_roles(
            actor=principal_actor, tool=tool, roles=tool.roles.exclude(key=RoleKey.YOUTH_WORK)
        )
        client = signed_in(as_user, city.principal)
        assert client.get(editor(tool, RoleKey.YOUTH_WORK)).status_code == 404
        b_role = role(other_city.municipality, RoleKey.TEACHER)
        assert client.get(editor(tool, b_role.pk)).status_code == 404

    def test_carried_over_acts_carry_a_badge_and_a_confirm_button(
        self, city, principal_actor, sections, as_user
    ):
        last_year = services.tool_create(
            actor=principal_actor, school=city.school, school_year=city.previous_year
        )
        services.act_create(
            actor=principal_actor,
            tool=last_year,
            role=role(city.municipality, RoleKey.TEACHER),
            section=sections[0],
            text="Viime vuoden teko",
        )
        tool = services.tool_create(
            actor=principal_actor, school=city.school, school_year=city.year, carry_over=True
        )
        act = tool.acts.get()
        html = body(signed_in(as_user, city.teacher).get(editor(tool, RoleKey.TEACHER)))
        assert "Carried over — confirm or edit" in html
        assert f'action="{act_url("act_confirm", act)}"' in html

    def test_a_published_tool_is_read_only_with_a_note(self, city, tool, add, principal_actor, as_user):
        act = add(text="Julkaistu teko")
        services.tool_publish(actor=principal_actor, tool=tool)
        html = body(signed_in(as_user, city.principal).get(editor(tool, RoleKey.TEACHER)))
        assert "Julkaistu teko" in html and "The principal can reopen it." in html
        assert create_url(tool) not in html and act_url("act_update", act) not in html

    def test_the_page_runs_a_constant_number_of_queries_with_3_or_15_acts_per_section(
        self, city, tool, add, sections, as_user
    ):
        for section in sections:
            for i in range(3):
                add(text=f"Teko {i}", section=section, responsible=city.nurse, months=[8, 9])
        client = signed_in(as_user, city.teacher)
        url = editor(tool, RoleKey.TEACHER)

        def grow():
            for section in sections:
                for i in range(12):
                    add(text=f"Lisäteko {i}", section=section, responsible=city.teacher, months=[1])

        queries = assert_queries_constant(lambda: client.get(url), grow, at_most=15)
        assert queries > 0
        assert body(client.get(url)).count('class="act-item') == 15 * len(sections)


# --- Adding -------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestCreate:
    def test_a_plain_post_adds_the_act_and_redirects_back_to_it(self, city, tool, sections, as_user):
        client = signed_in(as_user, city.teacher)
        response = client.post(
            create_url(tool),
            {
                "text": "  Ryhmäyttäminen 7. luokissa  ",
                "months": ["10", "8"],
                "with_whom": "tukioppilaat",
                "responsible": city.teacher.pk,
                "section": sections[0].pk,
            },
        )
        act = tool.acts.get()
        assert response.status_code == 302
        assert response["Location"] == editor(tool, RoleKey.TEACHER) + f"#act-{act.pk}"
        assert (act.text, act.months, act.with_whom, act.responsible) == (
            "Ryhmäyttäminen 7. luokissa",
            [8, 10],
            "tukioppilaat",
            city.teacher,
        )
        assert act.role.key == RoleKey.TEACHER and act.updated_by == city.teacher
        assert "The act was added." in body(client.get(response["Location"]))

    def test_an_htmx_post_returns_the_section_with_the_new_act_and_announces_it(
        self, city, tool, add, sections, as_user
    ):
        add(text="Ensimmäinen")
        response = signed_in(as_user, city.teacher).post(
            create_url(tool), {"text": "Toinen", "section": sections[0].pk}, **HTMX
        )
        html = body(response)
        assert response.status_code == 200 and "<html" not in html
        assert html.strip().startswith(f'<section id="section-{sections[0].pk}"')
        assert html.index("Ensimmäinen") < html.index("Toinen")
        assert '<div id="acts-status" hx-swap-oob="innerHTML">The act was added.</div>' in html
        # A fresh add form, open with the focus in it, for the next act.
        assert re.search(r'<textarea name="text"[^>]*autofocus', html)
        assert order_of(tool) == ["Ensimmäinen", "Toinen"]

    @pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
    @pytest.mark.parametrize(
        ("case", "message"),
        [
            ("empty", "Write what is done: the act cannot be empty."),
            ("month_13", "Choose months from the list."),
            ("month_junk", "Choose months from the list."),
            ("other_municipality_person", "Select a valid choice."),
            ("too_long", "Ensure this value has at most 2000 characters"),
        ],
    )
    def test_bad_input_is_refused_with_a_message_and_nothing_is_written(
        self, city, other_city, tool, sections, as_user, case, message, htmx
    ):
        data = {"text": "Teko", "section": sections[0].pk}
        data.update(
            {
                "empty": {"text": "   "},
                "month_13": {"months": ["13"]},
                "month_junk": {"months": ["x"]},
                "other_municipality_person": {"responsible": other_city.teacher.pk},
                "too_long": {"text": "x" * 2001},
            }[case]
        )
        before = acts_now()
        response = signed_in(as_user, city.teacher).post(create_url(tool), data, **(HTMX if htmx else {}))
        assert response.status_code == 200
        assert message in body(response)
        assert 'role="alert"' in body(response)
        assert acts_now() == before

    @pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
    def test_a_section_of_another_municipality_is_refused(self, city, other_city, tool, as_user, htmx):
        b_section = ActSection.objects.filter(municipality=other_city.municipality).first()
        client = signed_in(as_user, city.teacher)
        before = acts_now()
        response = client.post(
            create_url(tool),
            {"text": "Teko", "section": b_section.pk},
            follow=not htmx,
            **(HTMX if htmx else {}),
        )
        assert response.status_code == 200
        assert "Choose a section of your municipality." in body(response)
        assert acts_now() == before

    def test_a_role_the_tool_does_not_use_is_404_and_nothing_is_written(
        self, city, tool, sections, principal_actor, as_user
    ):
        services.tool_set_roles(
            actor=principal_actor, tool=tool, roles=tool.roles.exclude(key=RoleKey.YOUTH_WORK)
        )
        response = signed_in(as_user, city.principal).post(
            create_url(tool, RoleKey.YOUTH_WORK), {"text": "Teko", "section": sections[0].pk}
        )
        assert response.status_code == 404 and not PracticalAct.objects.exists()

    def test_the_teacher_cannot_add_to_the_nurses_role(self, city, tool, sections, as_user):
        response = signed_in(as_user, city.teacher).post(
            create_url(tool, RoleKey.SCHOOL_NURSE), {"text": "Teko", "section": sections[0].pk}
        )
        assert response.status_code == 403 and not PracticalAct.objects.exists()

    def test_pupil_acts_are_the_principals_and_granted_writers(
        self, city, tool, sections, principal_actor, as_user
    ):
        data = {"text": "Tukioppilaat ryhmäyttävät 7. luokat", "section": sections[1].pk}
        assert signed_in(as_user, city.teacher).post(create_url(tool, RoleKey.PUPIL), data).status_code == 403
        assert not PracticalAct.objects.exists()
        services.nonstaff_writer_grant(actor=principal_actor, tool=tool, user=city.teacher)
        assert signed_in(as_user, city.teacher).post(create_url(tool, RoleKey.PUPIL), data).status_code == 302
        assert (
            signed_in(as_user, city.principal).post(create_url(tool, RoleKey.PUPIL), data).status_code == 302
        )
        assert list(tool.acts.values_list("role__key", "updated_by")) == [
            (RoleKey.PUPIL, city.teacher.pk),
            (RoleKey.PUPIL, city.principal.pk),
        ]

    @pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
    def test_a_published_tool_refuses_a_new_act_with_a_message(
        self, city, tool, add, sections, principal_actor, as_user, htmx
    ):
        add(text="Julkaistu")
        services.tool_publish(actor=principal_actor, tool=tool)
        before = acts_now()
        client = signed_in(as_user, city.principal)
        response = client.post(
            create_url(tool),
            {"text": "Uusi", "section": sections[0].pk},
            follow=not htmx,
            **(HTMX if htmx else {}),
        )
        assert response.status_code == 200
        assert "A published roles tool cannot be edited. The principal can reopen it." in body(response)
        if htmx:
            assert response["HX-Reswap"] == "none"
        assert acts_now() == before


# --- Editing ------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestUpdate:
    def test_the_edit_form_is_a_page_without_js_and_an_li_fragment_with_htmx(self, city, tool, add, as_user):
        act = add(text="Muokattava", months=[9])
        client = signed_in(as_user, city.teacher)
        page = body(client.get(act_url("act_update", act)))
        assert "<h1>Edit the act</h1>" in page and "Muokattava" in page
        assert f'name="version" value="{act.version}"' in page
        fragment = body(client.get(act_url("act_update", act), **HTMX))
        assert fragment.strip().startswith(f'<li id="act-{act.pk}"') and "<html" not in fragment
        assert re.search(r"<textarea[^>]*autofocus", fragment)
        assert f'hx-post="{act_url("act_update", act)}"' in fragment
        assert 'name="months" value="9" id="act-' in fragment and "checked" in fragment

    def test_cancel_gives_the_act_back_as_it_reads(self, city, tool, add, as_user):
        act = add(text="Ennallaan")
        client = signed_in(as_user, city.teacher)
        fragment = body(client.get(act_url("act_update", act) + "?cancel=1", **HTMX))
        assert (
            f'<li id="act-{act.pk}"' in fragment and "<textarea" not in fragment and "Ennallaan" in fragment
        )
        plain = client.get(act_url("act_update", act) + "?cancel=1")
        assert plain.status_code == 302 and plain["Location"].endswith(f"#act-{act.pk}")

    def test_a_plain_save_writes_and_redirects_back(self, city, tool, add, as_user):
        act = add(text="Vanha", months=[8])
        response = signed_in(as_user, city.teacher).post(
            act_url("act_update", act),
            edit_data(act, text="Uusi teksti", months=["3", "9"], with_whom="välkkärit"),
        )
        assert response.status_code == 302 and response["Location"].endswith(f"#act-{act.pk}")
        act.refresh_from_db()
        assert (act.text, act.months, act.with_whom, act.version) == ("Uusi teksti", [9, 3], "välkkärit", 2)
        assert act.updated_by == city.teacher

    def test_an_htmx_save_returns_the_act_with_the_focus_on_its_edit_link(self, city, tool, add, as_user):
        act = add(text="Vanha")
        response = signed_in(as_user, city.teacher).post(
            act_url("act_update", act), edit_data(act, text="Uusi teksti"), **HTMX
        )
        html = body(response)
        assert html.strip().startswith(f'<li id="act-{act.pk}"') and "Uusi teksti" in html
        assert re.search(rf'id="act-{act.pk}-edit"[^>]*autofocus', html)
        assert "The act was saved." in html
        act.refresh_from_db()
        assert act.text == "Uusi teksti"

    def test_editing_a_carried_over_act_confirms_it(self, city, tool, add, as_user):
        act = add(text="Vanha")
        PracticalAct.objects.filter(pk=act.pk).update(carried_over=True)
        act.refresh_from_db()
        signed_in(as_user, city.teacher).post(act_url("act_update", act), edit_data(act, text="Päivitetty"))
        act.refresh_from_db()
        assert not act.carried_over

    def test_moving_an_act_to_another_section_retargets_the_whole_role(
        self, city, tool, add, sections, as_user
    ):
        act = add(text="Siirrettävä")
        response = signed_in(as_user, city.teacher).post(
            act_url("act_update", act), edit_data(act, section=sections[1].pk), **HTMX
        )
        assert response["HX-Retarget"] == "#role-acts"
        html = body(response)
        assert html.index(f'id="section-{sections[1].pk}"') < html.index("Siirrettävä")
        act.refresh_from_db()
        assert act.section == sections[1]

    def test_a_stale_save_keeps_both_texts_writes_nothing_and_a_second_save_overwrites(
        self, city, tool, add, principal_actor, as_user
    ):
        act = add(text="Alkuperäinen")
        loaded_version = act.version
        # The principal saves first, while the teacher has the form open.
        services.act_update(
            actor=principal_actor,
            act=act,
            version=loaded_version,
            text="Rehtorin versio",
            months=[8],
            with_whom="",
            responsible=None,
        )
        before = acts_now()
        client = signed_in(as_user, city.teacher)
        response = client.post(
            act_url("act_update", act),
            edit_data(act, text="Opettajan versio", version=loaded_version),
            **HTMX,
        )
        html = body(response)
        assert response.status_code == 200
        assert "Someone else saved this act while you were editing it." in html
        assert "Opettajan versio" in html and "Rehtorin versio" in html
        assert f"Saved meanwhile by {city.principal.get_full_name()}" in html
        assert f'name="version" value="{loaded_version + 1}"' in html
        assert acts_now() == before  # nothing written on the refused save
        # The same refusal without JavaScript: a full page with both texts.
        page = body(
            client.post(
                act_url("act_update", act), edit_data(act, text="Opettajan versio", version=loaded_version)
            )
        )
        assert "<h1>Edit the act</h1>" in page and "Rehtorin versio" in page and "Opettajan versio" in page
        assert acts_now() == before
        # Saving again from the refreshed form is a deliberate overwrite.
        response = client.post(
            act_url("act_update", act), edit_data(act, text="Opettajan versio", version=loaded_version + 1)
        )
        assert response.status_code == 302
        act.refresh_from_db()
        assert act.text == "Opettajan versio" and act.version == loaded_version + 2

    def test_saving_an_act_removed_meanwhile_leaves_the_form_in_place_with_a_note(
        self, city, tool, add, principal_actor, as_user
    ):
        act = add(text="Poistuu")
        data = edit_data(act, text="Opettajan teksti")
        services.act_delete(actor=principal_actor, act=act)
        client = signed_in(as_user, city.teacher)
        response = client.post(act_url("act_update", act), data, **HTMX)
        assert response.status_code == 200 and response["HX-Reswap"] == "none"
        assert "This act no longer exists" in body(response)
        assert client.post(act_url("act_update", act), data).status_code == 404
        assert not PracticalAct.objects.exists()

    @pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"text": ""}, "Write what is done: the act cannot be empty."),
            ({"months": ["0"]}, "Choose months from the list."),
            ({"version": ""}, "The form was incomplete."),
            ({"section": "999999"}, "Choose a section of your municipality."),
        ],
    )
    def test_bad_edits_are_refused_and_nothing_is_written(
        self, city, tool, add, as_user, changes, message, htmx
    ):
        act = add(text="Ennallaan")
        before = acts_now()
        response = signed_in(as_user, city.teacher).post(
            act_url("act_update", act), edit_data(act, **changes), **(HTMX if htmx else {})
        )
        assert response.status_code == 200 and message in body(response)
        assert acts_now() == before

    def test_a_responsible_person_or_section_of_another_municipality_is_not_a_valid_choice(
        self, city, other_city, tool, add, as_user
    ):
        act = add(text="Ennallaan")
        b_section = ActSection.objects.filter(municipality=other_city.municipality).first()
        before = acts_now()
        client = signed_in(as_user, city.teacher)
        for changes in ({"responsible": other_city.nurse.pk}, {"section": b_section.pk}):
            response = client.post(act_url("act_update", act), edit_data(act, **changes))
            assert response.status_code == 200 and 'role="alert"' in body(response)
        assert acts_now() == before

    def test_the_teacher_cannot_edit_the_nurses_act(self, city, tool, add, as_user):
        act = add(key=RoleKey.SCHOOL_NURSE, text="Terveystarkastukset")
        before = acts_now()
        client = signed_in(as_user, city.teacher)
        assert client.get(act_url("act_update", act)).status_code == 403
        for name, data in (
            ("act_update", edit_data(act, text="Opettajan muutos")),
            ("act_delete", {"confirmed": "1"}),
            ("act_move", {"direction": "up"}),
            ("act_confirm", {}),
        ):
            assert client.post(act_url(name, act), data).status_code == 403, name
            assert client.post(act_url(name, act), data, **HTMX).status_code == 403, name
        assert acts_now() == before

    def test_acts_of_another_schools_tool_or_municipality_are_refused(
        self, city, other_city, tool, actor_for, sections, as_user
    ):
        """The teacher of one school posting to acts of another school's tool (403: not theirs to
        read) or of another municipality (404: as if it did not exist): nothing changes."""
        lukio_principal = member(city.municipality)
        assign(lukio_principal, city.other_school, RoleKey.PRINCIPAL, city.year)
        lukio_actor = actor_for(lukio_principal)
        lukio_tool = services.tool_create(actor=lukio_actor, school=city.other_school, school_year=city.year)
        teacher_role = role(city.municipality, RoleKey.TEACHER)
        lukio_act = services.act_create(
            actor=lukio_actor, tool=lukio_tool, role=teacher_role, section=sections[0], text="Lukion teko"
        )
        b_actor = actor_for(other_city.principal)
        b_tool = services.tool_create(actor=b_actor, school=other_city.school, school_year=other_city.year)
        b_act = services.act_create(
            actor=b_actor,
            tool=b_tool,
            role=role(other_city.municipality, RoleKey.TEACHER),
            section=ActSection.objects.filter(municipality=other_city.municipality).first(),
            text="Betalan teko",
        )
        before = acts_now()
        for user in (city.teacher, city.principal):
            client = signed_in(as_user, user)
            for name, data in (
                ("act_update", edit_data(lukio_act, text="Muutos")),
                ("act_delete", {"confirmed": "1"}),
                ("act_move", {"direction": "down"}),
                ("act_confirm", {}),
            ):
                assert client.post(act_url(name, lukio_act), data).status_code == 403, name
                assert client.post(act_url(name, b_act), data).status_code == 404, name
            # Posting to this tool's own create URL cannot reach the lukio's tool either.
            assert (
                client.post(
                    reverse("act_create", kwargs={"pk": lukio_tool.pk, "role_pk": teacher_role.pk}),
                    {"text": "x", "section": sections[0].pk},
                ).status_code
                == 403
            )
        assert acts_now() == before

    @pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
    def test_a_published_tool_refuses_edits_with_a_message(
        self, city, tool, add, principal_actor, as_user, htmx
    ):
        act = add(text="Julkaistu")
        PracticalAct.objects.filter(pk=act.pk).update(carried_over=False)
        services.tool_publish(actor=principal_actor, tool=tool)
        before = acts_now()
        client = signed_in(as_user, city.principal)
        extra = HTMX if htmx else {"follow": True}
        for name, data in (
            ("act_update", edit_data(act, text="Muutos")),
            ("act_delete", {"confirmed": "1"}),
            ("act_move", {"direction": "up"}),
            ("act_confirm", {}),
        ):
            response = client.post(act_url(name, act), data, **extra)
            assert response.status_code == 200, name
            assert "A published roles tool cannot be edited." in body(response), name
        assert acts_now() == before


# --- Moving, removing, confirming ---------------------------------------------------------------


@pytest.mark.django_db
class TestMoveDeleteConfirm:
    def test_a_plain_move_reorders_and_redirects(self, city, tool, add, as_user):
        add(text="A")
        b = add(text="B")
        response = signed_in(as_user, city.teacher).post(act_url("act_move", b), {"direction": "up"})
        assert response.status_code == 302 and response["Location"].endswith(f"#act-{b.pk}")
        assert order_of(tool) == ["B", "A"]

    def test_an_htmx_move_returns_the_section_in_the_new_order_with_the_focus_kept(
        self, city, tool, add, as_user
    ):
        add(text="A")
        add(text="B")
        c = add(text="C")
        client = signed_in(as_user, city.teacher)
        html = body(client.post(act_url("act_move", c), {"direction": "up"}, **HTMX))
        assert html.index(">A<") < html.index(">C<") < html.index(">B<")
        assert re.search(rf'id="act-{c.pk}-up"[^>]*autofocus', html)
        assert "The act was moved up." in html
        # At the top there is no "Move up" any more: the focus goes to its "Move down".
        html = body(client.post(act_url("act_move", c), {"direction": "up"}, **HTMX))
        assert f'id="act-{c.pk}-up"' not in html
        assert re.search(rf'id="act-{c.pk}-down"[^>]*autofocus', html)
        assert order_of(tool) == ["C", "A", "B"]

    def test_a_bad_direction_or_the_edge_changes_nothing(self, city, tool, add, as_user):
        a = add(text="A")
        add(text="B")
        client = signed_in(as_user, city.teacher)
        before = acts_now()
        response = client.post(act_url("act_move", a), {"direction": "sideways"}, follow=True)
        assert "Move the act up or down." in body(response)
        client.post(act_url("act_move", a), {"direction": "up"})  # already first
        assert acts_now() == before

    def test_removing_without_js_asks_first_then_removes(self, city, tool, add, as_user):
        act = add(text="Poistettava")
        client = signed_in(as_user, city.teacher)
        response = client.post(act_url("act_delete", act))
        assert response.status_code == 200 and "Remove the act?" in body(response)
        assert 'name="confirmed" value="1"' in body(response)
        assert PracticalAct.objects.filter(pk=act.pk).exists()
        response = client.post(act_url("act_delete", act), {"confirmed": "1"})
        assert response.status_code == 302 and not PracticalAct.objects.filter(pk=act.pk).exists()

    def test_an_htmx_remove_returns_the_section_without_the_act(self, city, tool, add, sections, as_user):
        keep, gone = add(text="Jää"), add(text="Lähtee")
        html = body(signed_in(as_user, city.teacher).post(act_url("act_delete", gone), **HTMX))
        assert "Jää" in html and "Lähtee" not in html and "The act was removed." in html
        assert re.search(rf'id="section-{sections[0].pk}-heading"[^>]*autofocus', html)
        assert list(tool.acts.values_list("pk", flat=True)) == [keep.pk]

    def test_confirming_a_carried_over_act_plain_and_htmx(self, city, tool, add, as_user):
        first, second = add(text="Yksi"), add(text="Kaksi")
        PracticalAct.objects.filter(tool=tool).update(carried_over=True)
        client = signed_in(as_user, city.teacher)
        response = client.post(act_url("act_confirm", first))
        assert response.status_code == 302
        html = body(client.post(act_url("act_confirm", second), **HTMX))
        assert html.strip().startswith(f'<li id="act-{second.pk}"')
        assert "Carried over" not in html and "The act was confirmed." in html
        assert not tool.acts.filter(carried_over=True).exists()


@pytest.mark.django_db
class TestConfirmAll:
    """Confirming every carried-over act at once: per role for its editors, tool-wide for the principal."""

    @pytest.fixture
    def carried(self, city, actor_for):
        principal = actor_for(city.principal)
        old = services.tool_create(actor=principal, school=city.school, school_year=city.previous_year)
        section = old.roles.get(key="teacher").municipality.act_sections.first()
        for key in ("teacher", "school_nurse"):
            services.act_create(
                actor=principal, tool=old, role=old.roles.get(key=key), section=section, text=f"{key} act"
            )
        return services.tool_create(
            actor=principal, school=city.school, school_year=city.year, carry_over=True
        )

    def test_teacher_confirms_the_teacher_roles_acts_only(self, city, carried, as_user):
        teacher_role = carried.roles.get(key="teacher")
        response = as_user(city.teacher).post(
            reverse("acts_confirm_all", args=[carried.pk]), {"role": teacher_role.pk}
        )
        assert response.status_code == 302
        assert not carried.acts.filter(role=teacher_role, carried_over=True).exists()
        assert carried.acts.filter(role__key="school_nurse", carried_over=True).count() == 1

    def test_teacher_cannot_confirm_the_whole_tool_or_the_nurses_acts(self, city, carried, as_user):
        client = as_user(city.teacher)
        assert client.post(reverse("acts_confirm_all", args=[carried.pk])).status_code == 403
        nurse_role = carried.roles.get(key="school_nurse")
        response = client.post(reverse("acts_confirm_all", args=[carried.pk]), {"role": nurse_role.pk})
        assert response.status_code == 403
        assert carried.acts.filter(carried_over=True).count() == 2

    def test_principal_confirms_everything_and_can_then_publish(self, city, carried, as_user, actor_for):
        client = as_user(city.principal)
        assert client.post(reverse("acts_confirm_all", args=[carried.pk])).status_code == 302
        assert not carried.acts.filter(carried_over=True).exists()
        services.tool_publish(actor=actor_for(city.principal), tool=carried)
        carried.refresh_from_db()
        assert carried.is_published
