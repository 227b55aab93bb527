"""People who never see pupils are not sent to set up a second factor for a pupil page: a plain 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_coordinator_gets_a_404_not_the_second_factor_setup(city, as_user, pupil):
    client = as_user(city.coordinator)
    for url in (reverse("absence_case_list"), reverse("absence_pupil_detail", args=[pupil.pk])):
        response = client.get(url)
        assert response.status_code == 404, url


def test_the_homeroom_teacher_is_sent_to_prove_the_second_factor(city, as_user, pupil):
    response = as_user(city.teacher).get(reverse("absence_pupil_detail", args=[pupil.pk]))
    assert response.status_code == 302
    assert reverse("two_factor_setup") in response["Location"]
