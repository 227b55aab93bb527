"""The city's sections of practical acts: the coordinator adds, renames, reorders and retires them."""

import pytest
from django.conf import settings
from django.urls import reverse

from roles import services
from roles.models import ActSection, RoleKey


@pytest.mark.django_db
class TestSectionPages:
    def test_everyone_reads_the_active_sections(self, city, as_user):
        response = as_user(city.teacher).get(reverse("section_list"))
        assert response.status_code == 200
        for section in city.municipality.act_sections.all():
            assert section.name_fi in response.content.decode()

    def test_coordinator_adds_a_section_that_the_acts_editor_then_offers(self, city, as_user, actor_for):
        client = as_user(city.coordinator)
        response = client.post(
            reverse("section_create"),
            {"name_fi": "Nivelvaiheissa", "name_sv": "I övergångsskeden", "order": ""},
        )
        assert response.status_code == 302
        section = ActSection.objects.get(municipality=city.municipality, name_fi="Nivelvaiheissa")
        assert section.order > max(s.order for s in city.municipality.act_sections.exclude(pk=section.pk))
        tool = services.tool_create(
            actor=actor_for(city.principal), school=city.school, school_year=city.year
        )
        teacher = tool.roles.get(key=RoleKey.TEACHER)
        editor = as_user(city.teacher).get(reverse("roles_tool_role", args=[tool.pk, teacher.pk]))
        assert "Nivelvaiheissa" in editor.content.decode()

    def test_duplicate_or_empty_name_is_refused_and_nothing_is_written(self, city, as_user):
        client = as_user(city.coordinator)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        existing = city.municipality.act_sections.first()
        count = ActSection.objects.count()
        response = client.post(reverse("section_create"), {"name_fi": existing.name_fi.upper(), "order": "5"})
        assert response.status_code == 200
        assert "already has a section of this name" in response.content.decode()
        response = client.post(reverse("section_create"), {"name_fi": "  ", "order": "5"})
        assert response.status_code == 200
        assert ActSection.objects.count() == count

    def test_the_last_active_section_cannot_be_retired(self, city, as_user):
        client = as_user(city.coordinator)
        first, second = city.municipality.act_sections.order_by("order")
        url = reverse("section_update", args=[first.pk])
        assert client.post(url, {"name_fi": first.name_fi, "order": first.order}).status_code == 302
        first.refresh_from_db()
        assert not first.is_active
        url = reverse("section_update", args=[second.pk])
        response = client.post(url, {"name_fi": second.name_fi, "order": second.order})
        assert response.status_code == 200
        second.refresh_from_db()
        assert second.is_active

    def test_staff_cannot_edit_sections(self, city, as_user):
        section = city.municipality.act_sections.first()
        client = as_user(city.principal)
        assert client.get(reverse("section_create")).status_code == 403
        response = client.post(
            reverse("section_update", args=[section.pk]), {"name_fi": "Muutettu", "order": 1}
        )
        assert response.status_code == 403
        section.refresh_from_db()
        assert section.name_fi != "Muutettu"

    def test_html_in_a_name_is_escaped(self, city, as_user, actor_for):
        services.section_create(actor=actor_for(city.coordinator), name_fi="<script>alert(1)</script>")
        body = as_user(city.teacher).get(reverse("section_list")).content.decode()
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;" in body
