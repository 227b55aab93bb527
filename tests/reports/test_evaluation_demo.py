"""The demo's evaluation data, the principal's home card, and what Toisala sees of it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.evaluation.scores import evaluation_scores, indicator_values
from reports.models import EvaluationCriterion, Indicator, SchoolEvaluation
from schools.models import Municipality, School, SchoolYear, User
from schools.selectors import current_school_year


@pytest.mark.usefixtures("seeded")
class TestDemo:
    def test_criteria_indicators_and_evaluations(self):
        esimerkkila = Municipality.objects.get(slug="esimerkkila")
        assert EvaluationCriterion.objects.filter(municipality=esimerkkila).count() >= 10
        assert all(c.statement_sv for c in EvaluationCriterion.objects.filter(municipality=esimerkkila))
        assert Indicator.objects.filter(municipality=esimerkkila).count() == 3
        current = current_school_year(esimerkkila.pk)
        evaluations = SchoolEvaluation.objects.filter(school__municipality=esimerkkila)
        assert evaluations.filter(school_year=current, status="draft").exists()
        assert evaluations.exclude(school_year=current).filter(status="submitted").exists()
        schools = list(School.objects.filter(municipality=esimerkkila).values_list("pk", flat=True))
        years = list(SchoolYear.objects.filter(municipality=esimerkkila).values_list("pk", flat=True))
        assert evaluation_scores(esimerkkila.pk, schools, years)
        assert len(indicator_values(esimerkkila.pk, schools, years)) >= len(schools)
        toisala = Municipality.objects.get(slug="toisala")
        assert not EvaluationCriterion.objects.filter(municipality=toisala).exists()

    def test_principal_home_card_and_page(self, client):
        principal = User.objects.get(email="rehtori@esimerkkila.fi")
        client.force_login(principal, backend="django.contrib.auth.backends.ModelBackend")
        home = client.get(reverse("home")).content.decode()
        assert 'id="evaluation-open"' in home
        draft = SchoolEvaluation.objects.filter(
            school__municipality__slug="esimerkkila", status="draft"
        ).first()
        page = client.get(reverse("evaluation_detail", args=[draft.pk]))
        assert page.status_code in (200, 403)

    def test_toisala_sees_nothing(self, client):
        toisala_user = (
            User.objects.filter(memberships__municipality__slug="toisala")
            .exclude(memberships__municipality__slug="esimerkkila")
            .first()
        )
        client.force_login(toisala_user, backend="django.contrib.auth.backends.ModelBackend")
        evaluation = SchoolEvaluation.objects.filter(school__municipality__slug="esimerkkila").first()
        assert client.get(reverse("evaluation_detail", args=[evaluation.pk])).status_code == 404
        assert client.get("/api/v1/school-evaluations/").json()["count"] == 0
        assert "Esimerkkil" not in client.get(reverse("evaluation_indicators")).content.decode()
