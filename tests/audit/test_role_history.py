"""The role catalog's history is the audit trail: every catalog write records an event, the history
page shows the words that changed, and the old RoleChange rows were carried over."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from audit import selectors
from audit.models import AuditEvent
from roles import services
from roles.models import RoleKey
from tests.factories import City, role

pytestmark = pytest.mark.django_db


def marks(html: str) -> list[tuple[str, str]]:
    pattern = r'<(del|ins) class="diff">(?:<span class="visually-hidden">[^<]*</span>)?(.*?)</\1>'
    return re.findall(pattern, html, re.S)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_an_edit_through_the_service_shows_only_the_changed_words(city, as_user, actor_for):
    teacher = role(city.municipality, RoleKey.TEACHER)
    lines = [r.text for r in teacher.responsibilities.all()]
    assert "huolehtii koulun" in teacher.description and "yhdessä koulun muiden" in teacher.description
    description = teacher.description.replace("huolehtii koulun", "huolehtii aina koulun")
    services.role_update(
        actor=actor_for(city.coordinator),
        role=teacher,
        name_fi=teacher.name_fi,
        name_sv=teacher.name_sv,
        description=description.replace("yhdessä koulun muiden", "koulun muiden"),
        responsibilities=[lines[0] + " viikoittain", *lines[1:]],
    )

    body = english(as_user(city.coordinator)).get(reverse("role_history", args=[teacher.pk])).content.decode()

    pieces = [(op, text.strip()) for op, text in marks(body)]
    assert pieces == [("ins", "aina"), ("del", "yhdessä"), ("ins", "viikoittain")]
    # Words, not paragraphs: nothing else of the long description is marked.
    assert sum(len(text) for _op, text in pieces) < 40
    assert '<span class="visually-hidden">inserted: </span>' in body
    assert '<span class="visually-hidden">deleted: </span>' in body
    assert "Changed:</span>" in body and "Unchanged:</span>" in body
    assert f"By {city.coordinator.get_full_name()}" in body
    assert "Role in communal student welfare" in body and "Key responsibilities" in body


def test_every_catalog_write_records_one_event(city, actor_for):
    actor = actor_for(city.coordinator)
    coach = services.role_create(actor=actor, name_fi="Koulukoutsi", responsibilities=["Tapaa oppilaita"])
    services.role_update(
        actor=actor, role=coach, name_fi="Koulukoutsi", name_sv="", description="", responsibilities=["Tapaa"]
    )
    services.role_update(  # nothing changed: no event
        actor=actor, role=coach, name_fi="Koulukoutsi", name_sv="", description="", responsibilities=["Tapaa"]
    )
    services.role_set_active(actor=actor, role=coach, active=False)
    services.role_set_active(actor=actor, role=coach, active=True)

    events = list(selectors.history_for(actor, coach))
    assert [e.action for e in events] == ["restored", "retired", "updated", "created"]
    assert events[0].before == {"is_active": False} and events[0].after == {"is_active": True}
    assert events[2].before == {"responsibilities": ["Tapaa oppilaita"]}
    assert events[2].after == {"responsibilities": ["Tapaa"]}
    assert events[3].before is None and events[3].after["name_fi"] == "Koulukoutsi"
    assert {e.municipality_id for e in events} == {city.municipality.pk}


def test_the_history_page_is_a_constant_number_of_queries(city, as_user, actor_for):
    from tests.helpers import assert_queries_constant

    teacher = role(city.municipality, RoleKey.TEACHER)
    actor = actor_for(city.coordinator)
    client = as_user(city.coordinator)
    counter = iter(range(100))

    def grow():
        for _ in range(5):
            n = next(counter)
            services.role_update(
                actor=actor,
                role=teacher,
                name_fi=f"Opettaja {n}",
                name_sv="",
                description=f"Kappale {n}.",
                responsibilities=[f"Rivi {n}"],
            )

    grow()
    assert_queries_constant(lambda: client.get(reverse("role_history", args=[teacher.pk])), grow, at_most=12)


@pytest.mark.django_db(transaction=True)
def test_role_changes_recorded_before_the_audit_trail_are_carried_over():
    """The data migration copies RoleChange rows: who, when, and only the fields that changed.

    The database is taken back to before the RoleChange table was dropped, rows are written through the
    historical model, and the copy runs as `migrate` runs it."""
    from django.db.migrations.executor import MigrationExecutor

    before_copy = [("audit", "0001_initial"), ("roles", "0005_publishedpdf")]
    # Made with today's models, before the schema goes back (later columns are dropped with it).
    city = City("Migrala")
    teacher = role(city.municipality, RoleKey.TEACHER)
    executor = MigrationExecutor(connection)
    executor.migrate(before_copy)
    try:
        old_apps = executor.loader.project_state(before_copy).apps
        OldRoleChange = old_apps.get_model("roles", "RoleChange")
        old = {"name_fi": "Opettaja", "description": "Vanha.", "responsibilities": ["A"], "is_active": True}
        new = {**old, "description": "Uusi."}
        updated = OldRoleChange.objects.create(
            role_id=teacher.pk, changed_by_id=city.coordinator.pk, action="updated", before=old, after=new
        )
        OldRoleChange.objects.create(
            role_id=teacher.pk, changed_by_id=None, action="created", before={}, after=old
        )
        OldRoleChange.objects.create(
            role_id=teacher.pk, changed_by_id=city.coordinator.pk, action="updated", before=old, after=old
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    events = list(selectors.history_for(city.municipality, teacher))
    assert len(events) == 2  # the change that changed nothing is left out
    copied = next(e for e in events if e.action == "updated")
    assert (copied.before, copied.after) == ({"description": "Vanha."}, {"description": "Uusi."})
    assert copied.at == updated.changed_at
    assert copied.actor == city.coordinator and copied.actor_name == city.coordinator.get_full_name()
    created = next(e for e in events if e.action == "created")
    assert created.before is None and created.after == old and created.actor is None
    assert AuditEvent.objects.exclude(municipality=city.municipality).count() == 0
