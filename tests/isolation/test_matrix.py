"""The tenant-isolation matrix: every route that names an object, every method, both directions, every
kind of person.

A's people (coordinator, principal, teacher, nurse, a coordinator who is also the principal, and the
county psychologist who is a member of both towns, acting with A active) send B's object ids to every
page and API route, each with the body that succeeds on their own comparable object
(test_bodies_are_valid.py proves it does). Every answer is a 404, and after all of it the database is
exactly as it was. Then the same from B towards A. A route this file cannot exercise fails
`test_every_route_is_classified`.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from .client import send
from .routes import (
    ADMIN_PREFIX,
    METHODS,
    OBJECT_ROUTES,
    PUBLIC_ROUTES,
    all_routes,
    changed_tables,
    normalised,
    offered,
    snapshot,
)
from .towns import DIRECTIONS, PERSONS, signed_in

MISSING = 10**9 + 7  # an id no table reaches in the tests


def test_every_route_is_classified():
    """A new route must say how to name another town's object (and a valid body), or be public."""
    routes = all_routes()
    missing = sorted(
        name
        for name, params in routes.items()
        if params
        and name not in OBJECT_ROUTES
        and name not in PUBLIC_ROUTES
        and name != "api-root"  # the router root's format suffix only
        and not name.startswith(ADMIN_PREFIX)
    )
    assert not missing, f"routes the isolation matrix cannot exercise: {missing}"
    stale = sorted((set(OBJECT_ROUTES) | PUBLIC_ROUTES) - set(routes))
    assert not stale, f"the matrix names routes that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("who", PERSONS)
@pytest.mark.parametrize(("home", "away"), DIRECTIONS, ids=["A-to-B", "B-to-A"])
def test_another_towns_objects_are_404_for_every_method(towns, home, away, who):
    attacker, victim = towns[home], towns[away]
    client = signed_in(attacker.person(who), attacker)
    before = snapshot()
    failures = []
    for name, route in OBJECT_ROUTES.items():
        url = reverse(name, kwargs=route.kwargs(victim))
        body = route.body(attacker) if route.body else {}
        allowed = offered(url)
        for method in METHODS:
            status = send(client, method, url, body).status_code
            # A method the route never offers is a 405 for any id, its own town's too.
            if status != 404 and not (status == 405 and method not in allowed):
                failures.append(f"{method.upper()} {url} ({name}) -> {status}")
    assert not failures, f"{who} of {home} reached {away}'s objects:\n" + "\n".join(failures)
    after = snapshot()
    assert after == before, f"refused requests changed {changed_tables(before, after)}"


def _missing_kwargs(kwargs: dict) -> dict:
    # `number` is a revision number within the tool, not an id.
    return {key: MISSING if key != "number" else value for key, value in kwargs.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coord_principal", "teacher", "county"])
@pytest.mark.parametrize(("home", "away"), DIRECTIONS, ids=["A-to-B", "B-to-A"])
def test_another_towns_id_answers_exactly_like_a_missing_one(towns, home, away, who):
    """Same status, same body (but for the id itself) for B's object and for an id that exists nowhere."""
    attacker, victim = towns[home], towns[away]
    client = signed_in(attacker.person(who), attacker)
    differences = []
    for name, route in OBJECT_ROUTES.items():
        kwargs = route.kwargs(victim)
        foreign_url = reverse(name, kwargs=kwargs)
        missing_url = reverse(name, kwargs=_missing_kwargs(kwargs))
        body = route.body(attacker) if route.body else {}
        ids = [*kwargs.values(), MISSING]
        for method in sorted(offered(foreign_url)):
            foreign = send(client, method, foreign_url, body)
            missing = send(client, method, missing_url, body)
            urls = [foreign_url, missing_url]
            if (foreign.status_code, normalised(foreign.content, urls=urls, ids=ids)) != (
                missing.status_code,
                normalised(missing.content, urls=urls, ids=ids),
            ):
                differences.append(
                    f"{method.upper()} {name}: {foreign.status_code} {foreign.content[:200]!r} "
                    f"vs missing {missing.status_code} {missing.content[:200]!r}"
                )
    assert not differences, "a foreign id is told apart from a missing one:\n" + "\n".join(differences)
