"""The city's texts in Finnish and Swedish (issue 8, item 4): role descriptions and responsibilities
written in both, pages in the reader's language with a Finnish fallback marked `lang="fi"`, a
school's PDF in the school's language, the API and the history carrying the Swedish fields, and the
demo's Swedish-language school."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from core.content import LocalizedText, foreign_lang, localized
from roles import selectors, services
from roles.documents import roles_tool_context
from roles.models import Responsibility, Role, RoleKey
from roles.standard_catalog import STANDARD_ROLES
from roles.standard_catalog_sv import STANDARD_ROLES_SV
from schools.services import school_update
from tests.factories import role

pytestmark = pytest.mark.django_db

TEACHER_SV = STANDARD_ROLES_SV[RoleKey.TEACHER]


def in_language(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def own_role(city, actor_for, **texts) -> Role:
    """A city's own role, written in Finnish only unless `texts` say otherwise."""
    data = {
        "name_fi": "Koulukoutsi",
        "description": "Koulukoutsi tukee oppilaiden arkea välitunneilla.",
        "responsibilities": ["Kiertää välitunneilla", "Kertoo havainnoistaan opettajalle"],
        **texts,
    }
    return services.role_create(actor=actor_for(city.coordinator), **data)


def squashed(text: str) -> str:
    return re.sub(r"[\s\-‐­]+", "", text)


class TestPickingTheLanguage:
    def test_swedish_when_wanted_and_written_else_finnish_and_it_says_which(self):
        assert localized("Opettaja", "Lärare", "sv") == "Lärare"
        assert localized("Opettaja", "Lärare", "sv").lang == "sv"
        assert localized("Opettaja", "", "sv").lang == "fi"
        assert localized("Opettaja", "Lärare", "en").lang == "fi"  # English has no content of its own
        assert localized("Opettaja", "Lärare", "fi") == "Opettaja"

    def test_finnish_is_marked_only_where_the_page_is_in_another_language(self):
        finnish = LocalizedText("Opettaja", "fi")
        assert foreign_lang(finnish, "sv") == "fi" and foreign_lang(finnish, "en") == "fi"
        assert foreign_lang(finnish, "fi") == ""
        assert foreign_lang(LocalizedText("Lärare", "sv"), "sv") == ""
        assert foreign_lang("plain text", "sv") == ""
        template = Template("{% load content_tags %}<p{{ text|lang_attr }}>{{ text }}</p>")
        with translation.override("en"):
            assert template.render(Context({"text": finnish})) == '<p lang="fi">Opettaja</p>'
        with translation.override("fi"):
            assert template.render(Context({"text": finnish})) == "<p>Opettaja</p>"


class TestCatalog:
    def test_new_municipalities_get_swedish_texts_for_all_twelve_roles(self, city):
        roles = Role.objects.filter(municipality=city.municipality).prefetch_related("responsibilities")
        assert roles.count() == 12
        for r in roles:
            lines = list(r.responsibilities.all())
            assert r.description_sv, r.key
            assert lines and all(line.text_sv for line in lines), r.key
        teacher = role(city.municipality, RoleKey.TEACHER)
        assert teacher.description_sv == TEACHER_SV["description"]
        assert [r.text_sv for r in teacher.responsibilities.all()] == TEACHER_SV["responsibilities"]

    def test_every_swedish_text_fits_the_finnish_limits_and_pairs_line_by_line(self):
        for entry in STANDARD_ROLES:
            swedish = STANDARD_ROLES_SV[entry["key"]]
            assert len(swedish["responsibilities"]) == len(entry["responsibilities"]), entry["key"]
            Role(name_fi="x", description_sv=swedish["description"]).clean_fields(
                exclude=["municipality", "name_fi"]
            )
            for line in swedish["responsibilities"]:
                Responsibility(text="x", text_sv=line).clean_fields(exclude=["role"])

    def test_the_coordinator_writes_both_languages_and_the_history_keeps_them(self, city, as_user):
        teacher = role(city.municipality, RoleKey.TEACHER)
        finnish = [r.text for r in teacher.responsibilities.all()][:2]
        response = as_user(city.coordinator).post(
            reverse("role_update", args=[teacher.pk]),
            {
                "name_fi": teacher.name_fi,
                "name_sv": teacher.name_sv,
                "description": teacher.description,
                "description_sv": "Läraren följer klassens välbefinnande.",
                "responsibilities": "\n".join(finnish),
                "responsibilities_sv": "Deltar i elevhälsogruppen\nFöljer elevernas frånvaro",
            },
        )
        assert response.status_code == 302
        teacher.refresh_from_db()
        assert teacher.description_sv == "Läraren följer klassens välbefinnande."
        assert [(r.text, r.text_sv) for r in teacher.responsibilities.all()] == [
            (finnish[0], "Deltar i elevhälsogruppen"),
            (finnish[1], "Följer elevernas frånvaro"),
        ]
        event = AuditEvent.objects.filter(object_id=str(teacher.pk)).latest("pk")
        assert event.after["description_sv"] == "Läraren följer klassens välbefinnande."
        assert event.after["responsibilities_sv"] == [
            "Deltar i elevhälsogruppen",
            "Följer elevernas frånvaro",
        ]
        assert event.before["description_sv"] == TEACHER_SV["description"]
        history = as_user(city.coordinator).get(reverse("role_history", args=[teacher.pk]))
        assert "välbefinnande" in history.content.decode()

    def test_swedish_lines_that_do_not_pair_are_refused_and_nothing_changes(self, city, as_user):
        teacher = role(city.municipality, RoleKey.TEACHER)
        before = [(r.pk, r.text, r.text_sv) for r in teacher.responsibilities.all()]
        response = as_user(city.coordinator).post(
            reverse("role_update", args=[teacher.pk]),
            {
                "name_fi": teacher.name_fi,
                "description": teacher.description,
                "description_sv": "Ny text",
                "responsibilities": "Yksi\nKaksi",
                "responsibilities_sv": "Ett\nTvå\nTre",
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors["responsibilities_sv"]
        teacher.refresh_from_db()
        assert [(r.pk, r.text, r.text_sv) for r in teacher.responsibilities.all()] == before
        assert teacher.description_sv == TEACHER_SV["description"]

    def test_swedish_too_long_or_with_an_identity_code_is_refused_like_finnish(self, city, actor_for):
        teacher = role(city.municipality, RoleKey.TEACHER)
        lines = [r.text for r in teacher.responsibilities.all()]
        actor = actor_for(city.coordinator)
        common = {"actor": actor, "role": teacher, "name_fi": teacher.name_fi, "name_sv": teacher.name_sv}
        with pytest.raises(ValidationError) as error:
            services.role_update(
                **common, description=teacher.description, description_sv="x" * 4001, responsibilities=lines
            )
        assert "description_sv" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            services.role_update(
                **common,
                description=teacher.description,
                responsibilities=lines[:1],
                responsibilities_sv=["Elev 131052-308T behöver stöd"],
            )
        assert "responsibilities_sv" in error.value.message_dict
        teacher.refresh_from_db()
        assert teacher.description_sv == TEACHER_SV["description"]

    def test_finnish_edits_keep_each_lines_swedish(self, city, actor_for):
        """Swedish left out of an edit: reordered lines keep theirs by their words, a line edited in
        place keeps the Swedish of the line it replaced, a new line has none yet."""
        coach = own_role(city, actor_for, responsibilities=["A1", "B1"], responsibilities_sv=["A2", "B2"])
        actor = actor_for(city.coordinator)

        def edit(lines):
            services.role_update(
                actor=actor,
                role=coach,
                name_fi=coach.name_fi,
                name_sv="",
                description="",
                responsibilities=lines,
            )
            return [(r.text, r.text_sv) for r in coach.responsibilities.all()]

        assert edit(["B1", "A1"]) == [("B1", "B2"), ("A1", "A2")]
        assert edit(["B1 viikoittain", "A1", "C1"]) == [("B1 viikoittain", "B2"), ("A1", "A2"), ("C1", "")]


class TestPages:
    def test_swedish_ui_shows_the_swedish_texts_unmarked(self, city, as_user):
        teacher = role(city.municipality, RoleKey.TEACHER)
        body = in_language(as_user(city.teacher), "sv").get(reverse("role_detail", args=[teacher.pk]))
        html = body.content.decode()
        assert "<h1>Lärare</h1>" in html
        assert TEACHER_SV["responsibilities"][0] in html
        assert TEACHER_SV["description"].split("\n\n")[0][:60] in html
        # Only the role's name in the other language, under the heading, is Finnish.
        main = html.split("<main", 1)[1]
        assert main.count('lang="fi"') == 1 and '<p class="lead" lang="fi">Opettaja</p>' in main

    def test_swedish_ui_falls_back_to_finnish_marked_lang_fi(self, city, as_user, actor_for):
        coach = own_role(city, actor_for)
        html = (
            in_language(as_user(city.teacher), "sv")
            .get(reverse("role_detail", args=[coach.pk]))
            .content.decode()
        )
        assert '<h1 lang="fi">Koulukoutsi</h1>' in html
        assert '<div class="prose" lang="fi"><p>Koulukoutsi tukee' in html
        assert '<li lang="fi">Kiertää välitunneilla</li>' in html

    def test_english_ui_marks_the_finnish_content(self, city, as_user):
        teacher = role(city.municipality, RoleKey.TEACHER)
        client = in_language(as_user(city.teacher), "en")
        html = client.get(reverse("role_detail", args=[teacher.pk])).content.decode()
        assert '<h1 lang="fi">Opettaja</h1>' in html
        assert '<div class="prose" lang="fi">' in html
        listing = client.get(reverse("role_list")).content.decode()
        assert 'lang="fi">Opettaja</a>' in listing

    def test_finnish_ui_marks_nothing(self, city, as_user):
        teacher = role(city.municipality, RoleKey.TEACHER)
        html = in_language(as_user(city.teacher), "fi").get(reverse("role_detail", args=[teacher.pk]))
        assert 'lang="fi"' not in html.content.decode().split("<main", 1)[1]

    def test_my_role_reads_the_swedish_texts_in_a_swedish_ui(self, city, as_user):
        html = in_language(as_user(city.teacher), "sv").get(reverse("my_role")).content.decode()
        assert TEACHER_SV["responsibilities"][1] in html

    def test_the_acts_page_shows_the_city_texts_in_the_readers_language(self, city, as_user, actor_for):
        tool = services.tool_create(
            actor=actor_for(city.principal), school=city.school, school_year=city.year
        )
        teacher = role(city.municipality, RoleKey.TEACHER)
        url = reverse("roles_tool_role", args=[tool.pk, teacher.pk])
        swedish = in_language(as_user(city.teacher), "sv").get(url).content.decode()
        assert f"<li>{TEACHER_SV['responsibilities'][2]}</li>" in swedish
        english = in_language(as_user(city.teacher), "en").get(url).content.decode()
        assert f'<li lang="fi">{teacher.responsibilities.all()[2].text}</li>' in english


class TestDocuments:
    def test_the_document_keeps_both_languages_and_old_documents_read_in_finnish(self, city, actor_for):
        actor = actor_for(city.principal)
        tool = services.tool_create(actor=actor, school=city.school, school_year=city.year)
        document = selectors.tool_document(tool)
        teacher = next(r for r in document["roles"] if r["key"] == RoleKey.TEACHER)
        assert teacher["description_sv"] == TEACHER_SV["description"]
        assert teacher["responsibilities_sv"] == TEACHER_SV["responsibilities"]
        document["school_language"] = "sv"
        with translation.override("sv"):
            context = roles_tool_context(document, state="draft", publication=None, live=True)
            printed = next(r for r in context["roles"] if r["name"] == "Lärare")
            assert printed["description_lang"] == "sv" and printed["responsibilities_lang"] == "sv"
            # A revision frozen before the Swedish texts existed has no such keys: Finnish, marked so.
            for r in document["roles"]:
                r.pop("description_sv"), r.pop("responsibilities_sv")
            context = roles_tool_context(document, state="draft", publication=None, live=True)
            printed = next(r for r in context["roles"] if r["name"] == "Lärare")
            assert printed["description_lang"] == "fi" and printed["responsibilities_lang"] == "fi"

    def test_a_swedish_schools_pdf_is_in_swedish(self, city, actor_for, as_user):
        school_update(actor=actor_for(city.coordinator), school=city.school, language="sv")
        actor = actor_for(city.principal)
        tool = services.tool_create(actor=actor, school=city.school, school_year=city.year)
        services.tool_set_roles(actor=actor, tool=tool, roles=[role(city.municipality, RoleKey.TEACHER)])
        # The reader's Finnish UI does not matter: the PDF is the school's document.
        client = in_language(as_user(city.teacher), "fi")
        pdf = client.get(reverse("roles_tool_pdf", args=[tool.pk])).content
        text = squashed(
            subprocess.run(
                ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
            ).stdout.decode()
        )
        assert squashed(TEACHER_SV["responsibilities"][0]) in text
        assert squashed(TEACHER_SV["description"].split(".")[0]) in text
        teacher_fi = role(city.municipality, RoleKey.TEACHER)
        assert squashed(teacher_fi.description.split(".")[0]) not in text
        assert squashed(teacher_fi.responsibilities.first().text) not in text


class TestApi:
    def test_the_swedish_fields_round_trip(self, city, as_user):
        client = as_user(city.coordinator)
        body = {
            "name_fi": "Koulukoutsi",
            "name_sv": "Skolcoach",
            "description": "Tukee oppilaita välitunneilla.",
            "description_sv": "Stöder eleverna under rasterna.",
            "responsibilities": ["Kiertää välitunneilla", "Kertoo havainnoistaan"],
            "responsibilities_sv": ["Går runt under rasterna", "Berättar om sina iakttagelser"],
        }
        created = client.post(reverse("role-list"), body, content_type="application/json")
        assert created.status_code == 201, created.content
        url = reverse("role-detail", args=[created.json()["id"]])
        data = client.get(url).json()
        for key, value in body.items():
            assert data[key] == value, key

        patched = client.patch(url, {"description_sv": "Ny beskrivning."}, content_type="application/json")
        assert patched.status_code == 200
        assert patched.json()["description_sv"] == "Ny beskrivning."
        assert patched.json()["responsibilities_sv"] == body["responsibilities_sv"]

        refused = client.patch(url, {"responsibilities_sv": ["Bara en rad"]}, content_type="application/json")
        assert refused.status_code == 400
        assert "responsibilities_sv" in refused.json()
        assert client.get(url).json()["responsibilities_sv"] == body["responsibilities_sv"]


class TestDemo:
    def test_seeding_again_gives_an_older_catalog_its_swedish_texts_but_not_an_edited_role(self, db):
        from tests.factories import run_seed_demo

        run_seed_demo()
        roles = Role.objects.filter(municipality__slug="esimerkkila")
        teacher, principal = roles.get(key=RoleKey.TEACHER), roles.get(key=RoleKey.PRINCIPAL)
        # As a catalog installed before the Swedish texts existed; the city has rewritten one role.
        Role.objects.filter(pk__in=[teacher.pk, principal.pk]).update(description_sv="")
        Responsibility.objects.filter(role__in=[teacher, principal]).update(text_sv="")
        Role.objects.filter(pk=principal.pk).update(description="Kaupungin oma kuvaus.")

        assert "nothing to create" in run_seed_demo()
        teacher.refresh_from_db()
        principal.refresh_from_db()
        assert teacher.description_sv == TEACHER_SV["description"]
        assert [r.text_sv for r in teacher.responsibilities.all()] == TEACHER_SV["responsibilities"]
        assert principal.description_sv == ""  # not a translation of the city's own words
        assert [r.text_sv for r in principal.responsibilities.all()] == STANDARD_ROLES_SV[RoleKey.PRINCIPAL][
            "responsibilities"
        ]  # its responsibilities are still the standard ones
