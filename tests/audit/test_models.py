"""Audit events are append-only: written once, never changed, never deleted, whichever way is tried."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction

from audit.models import AppendOnlyError, AuditAction, AuditEvent
from audit.services import record
from schools.models import User
from tests.factories import member

from .conftest import rows

pytestmark = pytest.mark.django_db


class TestAppendOnly:
    def test_saving_a_stored_event_again_is_refused(self, event):
        before = rows()
        event.action = AuditAction.DELETED
        event.after = {"description": "Väärennetty."}
        with pytest.raises(AppendOnlyError):
            event.save()
        with pytest.raises(AppendOnlyError):
            event.save(update_fields=["after"])
        assert rows() == before

    def test_a_loaded_event_cannot_be_saved(self, event):
        loaded = AuditEvent.objects.get(pk=event.pk)
        with pytest.raises(AppendOnlyError):
            loaded.save()

    def test_an_unsaved_copy_naming_an_existing_id_never_overwrites_it(self, event):
        before = rows()
        copy = AuditEvent(
            pk=event.pk,
            municipality_id=event.municipality_id,
            content_type_id=event.content_type_id,
            object_id=event.object_id,
            action=AuditAction.DELETED,
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            copy.save()
        assert rows() == before

    def test_deleting_an_event_is_refused(self, event):
        before = rows()
        with pytest.raises(AppendOnlyError):
            event.delete()
        assert rows() == before

    @pytest.mark.parametrize(
        "write",
        [
            lambda: AuditEvent.objects.update(action="deleted"),
            lambda: AuditEvent.objects.filter(action="updated").update(after=None),
            lambda: AuditEvent.objects.all().delete(),
            lambda: AuditEvent.objects.filter(action="updated").delete(),
            lambda: AuditEvent.objects.bulk_update(list(AuditEvent.objects.all()), ["action"]),
            lambda: AuditEvent.objects.update_or_create(pk=1, defaults={"action": "deleted"}),
        ],
        ids=["update", "filtered-update", "delete", "filtered-delete", "bulk-update", "update-or-create"],
    )
    def test_queryset_writes_are_refused(self, event, write):
        before = rows()
        with pytest.raises(AppendOnlyError):
            write()
        assert rows() == before

    def test_new_events_can_still_be_added_in_bulk(self, city, event):
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    municipality=city.municipality,
                    content_type=ContentType.objects.get_for_model(User),
                    object_id=city.teacher.pk,
                    action=AuditAction.CREATED,
                )
            ]
        )
        assert AuditEvent.objects.count() == 2


@pytest.mark.postgres
class TestDatabaseTrigger:
    """On PostgreSQL the database itself refuses, so raw SQL cannot rewrite history either."""

    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE audit_auditevent SET action = 'deleted'",
            "UPDATE audit_auditevent SET actor_id = NULL, after = NULL",
            "DELETE FROM audit_auditevent",
        ],
    )
    def test_raw_update_and_delete_are_refused(self, event, sql):
        before = rows()
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
        assert rows() == before

    def test_a_deleted_person_leaves_their_name_in_the_history(self, city):
        """The one update the trigger lets through: Django clearing the actor (SET_NULL)."""
        leaver = member(city.municipality, coordinator=True, first_name="Lea", last_name="Lähtijä")
        recorded = record(
            actor_user=leaver,
            municipality=city.municipality,
            obj=city.school,
            action=AuditAction.UPDATED,
            before={"name": "A"},
            after={"name": "B"},
        )
        leaver.delete()
        kept = AuditEvent.objects.get(pk=recorded.pk)
        assert kept.actor is None
        assert kept.actor_name == "Lea Lähtijä"
        assert kept.actor_display == "Lea Lähtijä"
        assert (kept.before, kept.after, kept.action) == ({"name": "A"}, {"name": "B"}, "updated")
