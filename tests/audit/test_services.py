"""`record`: one event per real change, holding only what changed, in the municipality it happened in."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from audit.models import AuditAction, AuditEvent
from audit.services import record
from roles.models import Role, RoleKey
from tests.factories import role

pytestmark = pytest.mark.django_db


def test_an_update_keeps_only_the_changed_fields_and_the_kept_ones(city):
    teacher = role(city.municipality, RoleKey.TEACHER)
    event = record(
        actor_user=city.coordinator,
        municipality=city.municipality,
        obj=teacher,
        action=AuditAction.UPDATED,
        before={"name_fi": "Opettaja", "description": "Vanha.", "order": 30, "is_active": True},
        after={"name_fi": "Opettaja", "description": "Uusi.", "order": 30, "is_active": True},
        context={"school": city.school.pk},
        keep=("name_fi",),
    )
    event.refresh_from_db()
    assert event.before == {"name_fi": "Opettaja", "description": "Vanha."}
    assert event.after == {"name_fi": "Opettaja", "description": "Uusi."}
    assert event.municipality == city.municipality
    assert (event.content_type.model_class(), event.object_id) == (Role, teacher.pk)
    assert event.actor == city.coordinator
    assert event.actor_name == city.coordinator.get_full_name()
    assert event.context == {"school": city.school.pk}
    assert event.action_label == "päivitetty"


def test_an_update_that_changed_nothing_writes_nothing(city):
    teacher = role(city.municipality, RoleKey.TEACHER)
    same = {"description": "Sama.", "responsibilities": ["Yksi", "Kaksi"]}
    result = record(
        actor_user=city.coordinator,
        municipality=city.municipality,
        obj=teacher,
        action=AuditAction.UPDATED,
        before=dict(same),
        after=dict(same),
        keep=("description",),
    )
    assert result is None
    assert not AuditEvent.objects.exists()


def test_a_field_present_on_one_side_only_is_a_change(city):
    event = record(
        actor_user=city.coordinator,
        municipality=city.municipality,
        obj=city.school,
        action=AuditAction.UPDATED,
        before={"name": "Koulu"},
        after={"name": "Koulu", "deadline": datetime.date(2027, 3, 1)},
    )
    event.refresh_from_db()
    assert event.before == {}
    assert event.after == {"deadline": "2027-03-01"}  # dates are stored as ISO text


def test_creation_and_deletion_keep_the_whole_other_side(city):
    teacher = role(city.municipality, RoleKey.TEACHER)
    texts = {"text": "Teko", "months": [8, 9], "with_whom": ""}
    created = record(
        actor_user=city.principal,
        municipality=city.municipality,
        obj=teacher,
        action=AuditAction.CREATED,
        before=None,
        after=texts,
    )
    # A deleted row is named by its type and id (Django clears the pk on delete).
    deleted = record(
        actor_user=city.principal,
        municipality=city.municipality,
        content_type=ContentType.objects.get_for_model(Role),
        object_id=teacher.pk,
        action=AuditAction.DELETED,
        before=texts,
        after=None,
    )
    created.refresh_from_db()
    deleted.refresh_from_db()
    assert (created.before, created.after) == (None, texts)
    assert (deleted.before, deleted.after) == (texts, None)
    assert deleted.object_id == created.object_id == teacher.pk


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"action": "edited"}, "Unknown audit action"),
        ({"obj": None}, "needs obj"),
        ({"object_id": 5}, "either by obj"),
        ({"obj": Role(name_fi="Tallentamaton")}, "no id"),
    ],
)
def test_a_malformed_record_is_refused_and_writes_nothing(city, kwargs, message):
    arguments = {
        "actor_user": city.coordinator,
        "municipality": city.municipality,
        "obj": city.school,
        "action": AuditAction.UPDATED,
        "before": {"name": "A"},
        "after": {"name": "B"},
        **kwargs,
    }
    with pytest.raises(ValueError, match=message):
        record(**arguments)
    assert not AuditEvent.objects.exists()


def test_an_event_rolls_back_with_the_change_it_belongs_to(city):
    """Recorded inside the feature's transaction: a change that fails leaves no history behind."""
    with pytest.raises(RuntimeError), transaction.atomic():
        record(
            actor_user=city.coordinator,
            municipality=city.municipality,
            obj=city.school,
            action=AuditAction.UPDATED,
            before={"name": "A"},
            after={"name": "B"},
        )
        raise RuntimeError("the feature's write failed")
    assert not AuditEvent.objects.exists()
