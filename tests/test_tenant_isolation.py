"""The tenant-isolation matrix: every route that takes an object id, every list, every method.

A coordinator who is also a principal in municipality A (the most powerful ordinary user) asks for
municipality B's objects: every page and API route answers 404, and after all the write attempts
the database is exactly as it was. A route this test cannot exercise fails the test: add it to
OBJECT_ROUTES (how to find B's object for it) or, if it has no tenant object, to NOT_TENANT_ROUTES.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.apps import apps
from django.core import serializers
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from notifications.models import Notification
from notifications.sender import send_due
from roles import services as roles_services
from roles.models import ActSection, PracticalAct, RoleKey, RolesTool
from schools import services as schools_services
from schools.models import MembershipInvitation
from schools.tenancy import resolve_actor

from .factories import City, MunicipalityFactory, assign, member, role


def b_tool(b: City) -> RolesTool:
    """B's roles tool of the current year (made by the `other_city` fixture below)."""
    return RolesTool.objects.get(school=b.school, school_year=b.year)


def b_act(b: City) -> PracticalAct:
    return b_tool(b).acts.first()


def b_notification(b: City) -> Notification:
    """An item of the inbox of B's teacher (the publication notice, sent)."""
    return Notification.objects.in_inbox().get(municipality=b.municipality, recipient=b.teacher)


def b_invitation(b: City) -> MembershipInvitation:
    """B's pending invitation to a person of a third municipality (made by the fixture below)."""
    return MembershipInvitation.objects.get(municipality=b.municipality)


# How to name tenant B's object for each route with URL arguments.
OBJECT_ROUTES: dict[str, Callable[[City], dict]] = {
    # pages
    "school_detail": lambda b: {"pk": b.school.pk},
    "school_update": lambda b: {"pk": b.school.pk},
    "school_staff": lambda b: {"pk": b.school.pk},
    "school_staff_copy": lambda b: {"pk": b.school.pk},
    "assignment_delete": lambda b: {"pk": b.school.assignments.first().pk},
    "school_year_update": lambda b: {"pk": b.year.pk},
    "member_detail": lambda b: {"pk": b.teacher.pk},
    "member_update": lambda b: {"pk": b.teacher.pk},
    "member_deactivate": lambda b: {"pk": b.teacher.pk},
    "member_reactivate": lambda b: {"pk": b.teacher.pk},
    "member_resend_invitation": lambda b: {"pk": b.teacher.pk},
    "member_invitation_cancel": lambda b: {"pk": b_invitation(b).pk},
    # A person's own invitations: someone else's (here: B's to a third person) is a 404 as well.
    "membership_invitation_accept": lambda b: {"pk": b_invitation(b).pk},
    "membership_invitation_decline": lambda b: {"pk": b_invitation(b).pk},
    "role_detail": lambda b: {"pk": b.municipality.roles.get(key=RoleKey.TEACHER).pk},
    "role_update": lambda b: {"pk": b.municipality.roles.get(key=RoleKey.TEACHER).pk},
    "role_retire": lambda b: {"pk": b.municipality.roles.get(key=RoleKey.OTHER).pk},
    "role_restore": lambda b: {"pk": b.municipality.roles.get(key=RoleKey.OTHER).pk},
    "role_history": lambda b: {"pk": b.municipality.roles.get(key=RoleKey.TEACHER).pk},
    "section_update": lambda b: {"pk": b.municipality.act_sections.first().pk},
    # API
    "school-detail": lambda b: {"pk": b.school.pk},
    "school-year-detail": lambda b: {"pk": b.year.pk},
    "role-detail": lambda b: {"pk": b.municipality.roles.get(key=RoleKey.TEACHER).pk},
    "assignment-detail": lambda b: {"pk": b.school.assignments.first().pk},
    "user-detail": lambda b: {"pk": b.teacher.pk},
    "role-retire": lambda b: {"pk": b.municipality.roles.get(key=RoleKey.TEACHER).pk},
    "role-restore": lambda b: {"pk": b.municipality.roles.get(key=RoleKey.TEACHER).pk},
    "role-history": lambda b: {"pk": b.municipality.roles.get(key=RoleKey.TEACHER).pk},
    "act-section-detail": lambda b: {"pk": b.municipality.act_sections.first().pk},
    "roles-tool-detail": lambda b: {"pk": b_tool(b).pk},
    "roles-tool-submit-review": lambda b: {"pk": b_tool(b).pk},
    "roles-tool-publish": lambda b: {"pk": b_tool(b).pk},
    "roles-tool-reopen": lambda b: {"pk": b_tool(b).pk},
    "roles-tool-document": lambda b: {"pk": b_tool(b).pk},
    "roles-tool-history": lambda b: {"pk": b_tool(b).pk},
    "practical-act-history": lambda b: {"pk": b_act(b).pk},
    "roles-tool-reorder": lambda b: {"pk": b_tool(b).pk},
    "roles-tool-roles": lambda b: {"pk": b_tool(b).pk},
    "roles-tool-writers": lambda b: {"pk": b_tool(b).pk},
    "roles-tool-writers-remove": lambda b: {"pk": b_tool(b).pk},
    "practical-act-detail": lambda b: {"pk": b_act(b).pk},
    "practical-act-confirm": lambda b: {"pk": b_act(b).pk},
    "roles_tool_role": lambda b: {"pk": b_tool(b).pk, "role_pk": role(b.municipality, RoleKey.TEACHER).pk},
    "roles_tool_history": lambda b: {"pk": b_tool(b).pk},
    "act_create": lambda b: {"pk": b_tool(b).pk, "role_pk": role(b.municipality, RoleKey.TEACHER).pk},
    "act_update": lambda b: {"pk": b_act(b).pk},
    "act_delete": lambda b: {"pk": b_act(b).pk},
    "act_move": lambda b: {"pk": b_act(b).pk},
    "act_confirm": lambda b: {"pk": b_act(b).pk},
    "acts_confirm_all": lambda b: {"pk": b_tool(b).pk},
    "roles_tool_detail": lambda b: {"pk": b_tool(b).pk},
    "roles_tool_state": lambda b: {"pk": b_tool(b).pk},
    "roles_tool_deadline": lambda b: {"pk": b_tool(b).pk},
    "roles_tool_roles": lambda b: {"pk": b_tool(b).pk},
    "roles_tool_writers": lambda b: {"pk": b_tool(b).pk},
    "roles_tool_revision": lambda b: {"pk": b_tool(b).pk, "number": 1},
    "roles_tool_pdf": lambda b: {"pk": b_tool(b).pk},
    "roles_tool_revision_pdf": lambda b: {"pk": b_tool(b).pk, "number": 1},
    "notification_mark_read": lambda b: {"pk": b_notification(b).pk},
}

# Routes with URL arguments that hold no tenant object: sign-in tokens, the admin (platform
# superusers only), language and static helpers, and the schema's format suffix.
NOT_TENANT_ROUTES = {
    "password_reset_confirm",
    "invitation_accept",
    "set_language",
    "language_activate",
    "api-root",
}
NOT_TENANT_PREFIXES = ("admin:",)

# Models whose rows a refused request may legitimately add (sessions, sign-in bookkeeping).
UNCOMPARED_MODELS = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "admin.logentry",
    "authtoken.token",
}


def _walk(patterns, prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            namespace = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _walk(p.url_patterns, namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}", set(p.pattern.regex.groupindex) - {"format"}


def _routes() -> dict[str, set[str]]:
    routes: dict[str, set[str]] = {}
    for name, params in _walk(get_resolver().url_patterns):
        routes.setdefault(name, set()).update(params)
    return routes


def _skipped(name: str) -> bool:
    return name in NOT_TENANT_ROUTES or name.startswith(NOT_TENANT_PREFIXES)


def _snapshot() -> dict[str, str]:
    return {
        model._meta.label_lower: serializers.serialize("json", model._default_manager.order_by("pk"))
        for model in apps.get_models()
        if model._meta.label_lower not in UNCOMPARED_MODELS and model._meta.managed
    }


@pytest.fixture
def other_city(other_city):
    """B with a roles tool: published once (revision 1 stays readable), reopened, with an act."""
    actor = resolve_actor(other_city.principal, None)
    tool = roles_services.tool_create(actor=actor, school=other_city.school, school_year=other_city.year)
    roles_services.act_create(
        actor=actor,
        tool=tool,
        role=role(other_city.municipality, RoleKey.TEACHER),
        section=ActSection.objects.filter(municipality=other_city.municipality).first(),
        text="Betalan teko",
    )
    roles_services.tool_publish(actor=actor, tool=tool)
    send_due()  # B's staff now have the publication notice in their inboxes
    roles_services.tool_reopen(actor=actor, tool=tool)
    outsider = member(MunicipalityFactory(catalog=False), email="ulkopuolinen@gammala.fi")
    schools_services.member_invite(
        actor=resolve_actor(other_city.coordinator, None),
        email=outsider.email,
        first_name="",
        last_name="",
    )
    return other_city


@pytest.fixture
def superactor(city):
    """Coordinator of A and principal of A's school in both years."""
    assign(city.coordinator, city.school, RoleKey.PRINCIPAL, city.year)
    assign(city.coordinator, city.school, RoleKey.PRINCIPAL, city.previous_year)
    return city.coordinator


def test_every_route_with_an_object_is_in_the_matrix():
    """A new route must say how to reach another tenant's object, or why it has none."""
    missing = sorted(
        name
        for name, params in _routes().items()
        if params and not _skipped(name) and name not in OBJECT_ROUTES
    )
    assert not missing, f"routes the isolation matrix cannot exercise: {missing}"
    stale = sorted(set(OBJECT_ROUTES) - set(_routes()))
    assert not stale, f"OBJECT_ROUTES names routes that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["superactor", "teacher"])
def test_other_tenants_objects_are_404_for_every_method(city, other_city, superactor, as_user, who):
    """As A's most powerful user and as A's plain teacher: B's objects are 404, never 403, so a
    role check never tells that an id exists in another municipality."""
    client = as_user(superactor if who == "superactor" else city.teacher)
    before = _snapshot()
    failures = []
    for name, kwargs_for in OBJECT_ROUTES.items():
        url = reverse(name, kwargs=kwargs_for(other_city))
        is_api = url.startswith("/api/")
        methods = ["get", "post", "put", "patch", "delete"] if is_api else ["get", "post"]
        for method in methods:
            data = {"name": "x", "school": city.school.pk, "role": 1, "user": superactor.pk}
            if is_api and method != "get":
                response = getattr(client, method)(url, data=data, content_type="application/json")
            else:
                response = getattr(client, method)(url, data=data if method == "post" else None)
            if response.status_code != 404 and not (
                response.status_code == 405 and not _allows(client, url, method)
            ):
                failures.append(f"{method.upper()} {url} ({name}) -> {response.status_code}")
    assert not failures, "another tenant's object was reachable:\n" + "\n".join(failures)
    assert _snapshot() == before, "a refused request changed data"


def _allows(client, url: str, method: str) -> bool:
    """405 is fine only where the route never offers the method (e.g. no DELETE on a read-only API)."""
    response = client.options(url)
    allow = response.headers.get("Allow", "")
    return method.upper() in allow


@pytest.mark.django_db
def test_lists_never_show_another_tenants_data(city, other_city, superactor, as_user):
    """Every page and API endpoint without arguments, as A: nothing of B appears."""
    client = as_user(superactor)
    leaks = []
    b_marks = [other_city.municipality.name, "@betala.fi", other_city.school.name]
    for name, params in _routes().items():
        if params or _skipped(name) or name in {"logout", "api-schema"}:
            continue
        url = reverse(name)
        response = client.get(url, HTTP_ACCEPT="text/html,application/json")
        body = response.content.decode(errors="replace")
        if response.status_code >= 500:
            leaks.append(f"{url} -> {response.status_code}")
        for mark in b_marks:
            if mark in body:
                leaks.append(f"{url} shows {mark!r}")
    assert not leaks, "\n".join(leaks)


@pytest.mark.django_db
def test_a_user_of_two_municipalities_sees_only_the_active_one(city, other_city, as_user):
    """County staff: switching the municipality in the header switches every list."""
    from schools.models import Membership

    nurse = city.nurse
    Membership.objects.create(user=nurse, municipality=other_city.municipality)
    client = as_user(nurse)
    home = client.get(reverse("home")).content.decode()
    assert city.school.name in home and other_city.school.name not in home
    client.post(reverse("municipality_switch"), {"municipality": other_city.municipality.pk})
    schools = client.get(reverse("school_list")).content.decode()
    assert other_city.school.name in schools and city.school.name not in schools
    # A municipality the user is not a member of cannot be chosen.
    third = City("Gammala")
    client.post(reverse("municipality_switch"), {"municipality": third.municipality.pk})
    schools = client.get(reverse("school_list")).content.decode()
    assert third.school.name not in schools
