"""History reads: one municipality only, newest first, and a query count that does not grow."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from audit import selectors
from audit.models import AuditAction
from audit.services import record
from roles.models import Role, RoleKey
from tests.factories import role
from tests.helpers import assert_queries_constant, count_queries

pytestmark = pytest.mark.django_db


def change(city, obj, n: int = 0, **kwargs):
    return record(
        actor_user=city.coordinator,
        municipality=city.municipality,
        obj=obj,
        action=AuditAction.UPDATED,
        before={"description": f"Versio {n}"},
        after={"description": f"Versio {n + 1}"},
        **kwargs,
    )


class TestScoping:
    def test_another_municipalitys_events_are_never_returned(self, city, other_city, actor_for):
        """Even when A asks for B's object by instance, by id or by a context value B used."""
        theirs = role(other_city.municipality, RoleKey.TEACHER)
        for n in range(3):
            change(other_city, theirs, n, context={"school": other_city.school.pk, "tool": 7})
        mine = role(city.municipality, RoleKey.TEACHER)
        my_event = change(city, mine, context={"school": city.school.pk, "tool": 7})
        actor = actor_for(city.coordinator)
        role_type = ContentType.objects.get_for_model(Role)

        assert list(selectors.history_for(actor, theirs)) == []
        assert list(selectors.history_for(city.municipality, theirs)) == []
        assert list(selectors.history_for_many(actor, role_type, [theirs.pk, mine.pk])) == [my_event]
        assert list(selectors.history_with_context(actor, "school", other_city.school.pk)) == []
        assert list(selectors.history_with_context(actor, "tool", 7)) == [my_event]
        assert list(selectors.events_for(actor)) == [my_event]
        # B's own people see B's events (the data is there; A simply never reaches it).
        assert len(selectors.history_for(actor_for(other_city.coordinator), theirs)) == 3

    def test_an_actor_in_two_municipalities_sees_the_one_they_act_in(self, city, other_city, actor_for):
        from schools.models import Membership

        Membership.objects.create(user=city.coordinator, municipality=other_city.municipality)
        change(other_city, role(other_city.municipality, RoleKey.TEACHER))
        mine = change(city, role(city.municipality, RoleKey.TEACHER))
        in_a = actor_for(city.coordinator, city.municipality)
        in_b = actor_for(city.coordinator, other_city.municipality)
        assert list(selectors.events_for(in_a)) == [mine]
        assert [e.municipality_id for e in selectors.events_for(in_b)] == [other_city.municipality.pk]


class TestOrderAndQueries:
    def test_history_is_newest_first(self, city, actor_for):
        teacher = role(city.municipality, RoleKey.TEACHER)
        events = [change(city, teacher, n) for n in range(4)]
        assert list(selectors.history_for(actor_for(city.coordinator), teacher)) == events[::-1]

    def test_reading_a_history_is_one_query_however_long(self, city, actor_for):
        teacher = role(city.municipality, RoleKey.TEACHER)
        actor = actor_for(city.coordinator)
        counter = iter(range(1000))

        def read():
            for event in selectors.history_for(actor, teacher):
                assert event.actor_display  # the actor is joined, not fetched per row

        def grow():
            for _ in range(20):
                change(city, teacher, next(counter))
            record(  # a second person's change too
                actor_user=city.principal,
                municipality=city.municipality,
                obj=teacher,
                action=AuditAction.RETIRED,
                before={"is_active": True},
                after={"is_active": False},
            )

        change(city, teacher, next(counter))
        assert assert_queries_constant(read, grow) == 1

    def test_tool_history_by_context_is_one_query(self, city, actor_for):
        actor = actor_for(city.coordinator)
        teacher, nurse = (
            role(city.municipality, RoleKey.TEACHER),
            role(city.municipality, RoleKey.SCHOOL_NURSE),
        )
        for n in range(5):
            change(city, teacher if n % 2 else nurse, n, context={"tool": 42, "school": city.school.pk})
        change(city, teacher, 99, context={"tool": 43})

        def read():
            return [e.actor_display for e in selectors.history_with_context(actor, "tool", 42)]

        read()
        assert count_queries(read) == 1
        assert len(read()) == 5


@pytest.mark.parametrize("key", ["tool__id", "Tool", "tool'); --", "", "1tool"])
def test_context_keys_are_plain_names(city, key):
    with pytest.raises(ValueError, match="context key"):
        selectors.history_with_context(city.municipality, key, 1)
