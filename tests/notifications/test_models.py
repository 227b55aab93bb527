"""The database itself keeps a notification single and its recipient unambiguous, whatever the code
above it does: these insert rows directly, past the services."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.models import Notification

from .conftest import KIND


def row(city, **fields) -> Notification:
    values = {
        "municipality": city.municipality,
        "kind": KIND,
        "subject_type": ContentType.objects.get_for_model(city.school),
        "subject_id": city.school.pk,
        "due_at": timezone.now(),
        **fields,
    }
    return Notification.objects.create(**values)


@pytest.mark.django_db
class TestConstraints:
    def test_the_same_user_row_twice_is_refused(self, city):
        row(city, recipient=city.teacher, slot="7d")
        with pytest.raises(IntegrityError), transaction.atomic():
            row(city, recipient=city.teacher, slot="7d")
        assert Notification.objects.count() == 1

    def test_the_same_address_row_twice_is_refused_in_any_case(self, city):
        row(city, email="huoltaja@example.fi")
        with pytest.raises(IntegrityError), transaction.atomic():
            row(city, email="Huoltaja@Example.fi")
        assert Notification.objects.count() == 1

    def test_another_slot_another_person_or_another_subject_is_another_row(self, city):
        row(city, recipient=city.teacher, slot="7d")
        row(city, recipient=city.teacher, slot="1d")
        row(city, recipient=city.nurse, slot="7d")
        row(city, recipient=city.teacher, slot="7d", subject_id=city.other_school.pk)
        row(city, email="huoltaja@example.fi", slot="7d")
        assert Notification.objects.count() == 5

    @pytest.mark.parametrize("recipient", ["both", "neither"])
    def test_a_row_is_for_a_user_or_an_address_never_both_nor_neither(self, city, recipient):
        fields = {"recipient": city.teacher, "email": "x@example.fi"} if recipient == "both" else {}
        with pytest.raises(IntegrityError), transaction.atomic():
            row(city, **fields)
        assert not Notification.objects.exists()
