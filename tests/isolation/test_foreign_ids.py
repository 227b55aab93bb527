"""Another town's ids in bodies, filters and query strings are answered exactly like ids that exist
nowhere; junk ids and ids past 64 bits are a 400 or a 404, never a 500; nothing is written.

Each probe puts one id into one slot of a request that A's coordinator-principal could otherwise make
(a body field, a filter, `?year=`, a path argument next to A's own object). The answer for B's
comparable object and for a missing id (the table's highest id + 1000) must be the same: status, body
(but for the id number itself), redirect target and messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db.models import Max, Model
from django.urls import reverse

from roles.models import ActSection, PracticalAct, Role, RoleKey, RolesTool
from schools.models import School, SchoolYear, User

from .client import error_messages, send
from .routes import METHODS, OBJECT_ROUTES, all_routes, changed_tables, normalised, offered, snapshot
from .towns import Town, signed_in


@dataclass(frozen=True)
class Probe:
    model: type[Model]
    foreign: Callable[[Town], int]  # the victim's comparable object
    request: Callable[[Town, object], tuple[str, str, dict]]  # (method, url, body) with the value in its slot
    query: bool = False  # the slot is a query parameter (an empty value means "no filter")


def _teacher(t: Town) -> int:
    return t.role(RoleKey.TEACHER).pk


def _assignment(t: Town, **slot) -> dict:
    return {
        "user": t.newcomer.pk,
        "school": t.school.pk,
        "role": _teacher(t),
        "school_year": t.year.pk,
        **slot,
    }


def _act_json(t: Town, **slot) -> dict:
    return {"tool": t.tool.pk, "role": _teacher(t), "section": t.section.pk, "text": "Uusi teko", **slot}


def _act_form(t: Town, **slot) -> dict:
    return {
        "text": "Muutettu",
        "months": ["9"],
        "with_whom": "",
        "responsible": "",
        "section": t.act.section_id,
        "version": t.act.version,
        **slot,
    }


def _api(name: str, **kwargs) -> Callable[[Town], str]:
    return lambda t: reverse(name, kwargs={k: f(t) for k, f in kwargs.items()})


PROBES: dict[str, Probe] = {
    # --- API bodies
    "assignment user": Probe(
        User,
        lambda t: t.newcomer.pk,
        lambda t, v: ("post", reverse("assignment-list"), _assignment(t, user=v)),
    ),
    "assignment school": Probe(
        School,
        lambda t: t.school.pk,
        lambda t, v: ("post", reverse("assignment-list"), _assignment(t, school=v)),
    ),
    "assignment role": Probe(
        Role, _teacher, lambda t, v: ("post", reverse("assignment-list"), _assignment(t, role=v))
    ),
    "assignment school_year": Probe(
        SchoolYear,
        lambda t: t.year.pk,
        lambda t, v: ("post", reverse("assignment-list"), _assignment(t, school_year=v)),
    ),
    "tool create school": Probe(
        School,
        lambda t: t.other_school.pk,
        lambda t, v: ("post", reverse("roles-tool-list"), {"school": v, "school_year": t.year.pk}),
    ),
    "tool create school_year": Probe(
        SchoolYear,
        lambda t: t.year.pk,
        lambda t, v: ("post", reverse("roles-tool-list"), {"school": t.other_school.pk, "school_year": v}),
    ),
    "act create tool": Probe(
        RolesTool,
        lambda t: t.tool.pk,
        lambda t, v: ("post", reverse("practical-act-list"), _act_json(t, tool=v)),
    ),
    "act create role": Probe(
        Role, _teacher, lambda t, v: ("post", reverse("practical-act-list"), _act_json(t, role=v))
    ),
    "act create section": Probe(
        ActSection,
        lambda t: t.section.pk,
        lambda t, v: ("post", reverse("practical-act-list"), _act_json(t, section=v)),
    ),
    "act create responsible": Probe(
        User,
        lambda t: t.teacher.pk,
        lambda t, v: ("post", reverse("practical-act-list"), _act_json(t, responsible=v)),
    ),
    "act patch section": Probe(
        ActSection,
        lambda t: t.section.pk,
        lambda t, v: (
            "patch",
            reverse("practical-act-detail", args=[t.act.pk]),
            {"version": t.act.version, "section": v},
        ),
    ),
    "act patch responsible": Probe(
        User,
        lambda t: t.teacher.pk,
        lambda t, v: (
            "patch",
            reverse("practical-act-detail", args=[t.act.pk]),
            {"version": t.act.version, "responsible": v},
        ),
    ),
    "reorder role": Probe(
        Role,
        _teacher,
        lambda t, v: (
            "post",
            reverse("roles-tool-reorder", args=[t.tool.pk]),
            {"role": v, "section": t.section.pk, "acts": [t.act2.pk, t.act.pk]},
        ),
    ),
    "reorder section": Probe(
        ActSection,
        lambda t: t.section.pk,
        lambda t, v: (
            "post",
            reverse("roles-tool-reorder", args=[t.tool.pk]),
            {"role": _teacher(t), "section": v, "acts": [t.act2.pk, t.act.pk]},
        ),
    ),
    "reorder acts": Probe(
        PracticalAct,
        lambda t: t.act.pk,
        lambda t, v: (
            "post",
            reverse("roles-tool-reorder", args=[t.tool.pk]),
            {"role": _teacher(t), "section": t.section.pk, "acts": [t.act2.pk, v]},
        ),
    ),
    "tool roles": Probe(
        Role, _teacher, lambda t, v: ("post", reverse("roles-tool-roles", args=[t.tool.pk]), {"roles": [v]})
    ),
    "writers grant": Probe(
        User,
        lambda t: t.newcomer.pk,
        lambda t, v: ("post", reverse("roles-tool-writers", args=[t.tool.pk]), {"user": v}),
    ),
    "writers remove": Probe(
        User,
        lambda t: t.nurse.pk,
        lambda t, v: ("post", reverse("roles-tool-writers-remove", args=[t.tool.pk]), {"user": v}),
    ),
    # --- API filters
    **{
        f"assignments ?{key}": Probe(
            model,
            foreign,
            lambda t, v, key=key: ("get", f"{reverse('assignment-list')}?{key}={v}", {}),
            query=True,
        )
        for key, model, foreign in [
            ("school", School, lambda t: t.school.pk),
            ("school_year", SchoolYear, lambda t: t.year.pk),
            ("role", Role, _teacher),
            ("user", User, lambda t: t.teacher.pk),
        ]
    },
    **{
        f"practical-acts ?{key}": Probe(
            model,
            foreign,
            lambda t, v, key=key: ("get", f"{reverse('practical-act-list')}?{key}={v}", {}),
            query=True,
        )
        for key, model, foreign in [
            ("tool", RolesTool, lambda t: t.tool.pk),
            ("role", Role, _teacher),
            ("section", ActSection, lambda t: t.section.pk),
        ]
    },
    **{
        f"roles-tools ?{key}": Probe(
            model,
            foreign,
            lambda t, v, key=key: ("get", f"{reverse('roles-tool-list')}?{key}={v}", {}),
            query=True,
        )
        for key, model, foreign in [
            ("school", School, lambda t: t.school.pk),
            ("school_year", SchoolYear, lambda t: t.year.pk),
        ]
    },
    # --- pages: ?year= and form fields
    **{
        f"{name} ?year": Probe(
            SchoolYear,
            lambda t: t.year.pk,
            lambda t, v, name=name, args=args: ("get", f"{reverse(name, **args(t))}?year={v}", {}),
            query=True,
        )
        for name, args in [
            ("school_detail", lambda t: {"args": [t.school.pk]}),
            ("school_staff", lambda t: {"args": [t.school.pk]}),
            ("roles_tool_list", lambda t: {}),
        ]
    },
    **{
        f"staff form {key}": Probe(
            model,
            foreign,
            lambda t, v, key=key: (
                "post",
                reverse("school_staff", args=[t.school.pk]),
                {"user": t.newcomer.pk, "role": _teacher(t), "year": t.year.pk, key: v},
            ),
        )
        for key, model, foreign in [
            ("user", User, lambda t: t.newcomer.pk),
            ("role", Role, _teacher),
            ("year", SchoolYear, lambda t: t.year.pk),
        ]
    },
    "staff copy year": Probe(
        SchoolYear,
        lambda t: t.year.pk,
        lambda t, v: ("post", reverse("school_staff_copy", args=[t.school.pk]), {"year": v}),
    ),
    "confirm all role": Probe(
        Role, _teacher, lambda t, v: ("post", reverse("acts_confirm_all", args=[t.tool.pk]), {"role": v})
    ),
    "act create form section": Probe(
        ActSection,
        lambda t: t.section.pk,
        lambda t, v: (
            "post",
            reverse("act_create", args=[t.tool.pk, _teacher(t)]),
            {"section": v, "text": "Uusi teko", "months": ["9"]},
        ),
    ),
    "act create form responsible": Probe(
        User,
        lambda t: t.teacher.pk,
        lambda t, v: (
            "post",
            reverse("act_create", args=[t.tool.pk, _teacher(t)]),
            {"section": t.section.pk, "text": "Uusi teko", "responsible": v},
        ),
    ),
    "act update form section": Probe(
        ActSection,
        lambda t: t.section.pk,
        lambda t, v: ("post", reverse("act_update", args=[t.act.pk]), _act_form(t, section=v)),
    ),
    "act update form responsible": Probe(
        User,
        lambda t: t.teacher.pk,
        lambda t, v: ("post", reverse("act_update", args=[t.act.pk]), _act_form(t, responsible=v)),
    ),
    "tool roles form": Probe(
        Role, _teacher, lambda t, v: ("post", reverse("roles_tool_roles", args=[t.tool.pk]), {"roles": [v]})
    ),
    "writers form grant": Probe(
        User,
        lambda t: t.newcomer.pk,
        lambda t, v: ("post", reverse("roles_tool_writers", args=[t.tool.pk]), {"user": v}),
    ),
    "writers form revoke": Probe(
        User,
        lambda t: t.nurse.pk,
        lambda t, v: (
            "post",
            reverse("roles_tool_writers", args=[t.tool.pk]),
            {"action": "revoke", "user": v},
        ),
    ),
    "tool create form school": Probe(
        School,
        lambda t: t.other_school.pk,
        lambda t, v: (
            "post",
            reverse("roles_tool_create"),
            {"school": v, "school_year": t.year.pk, "mode": "empty"},
        ),
    ),
    "tool create form school_year": Probe(
        SchoolYear,
        lambda t: t.year.pk,
        lambda t, v: (
            "post",
            reverse("roles_tool_create"),
            {"school": t.other_school.pk, "school_year": v, "mode": "empty"},
        ),
    ),
    # --- a path argument next to A's own object
    "tool role page role": Probe(
        Role, _teacher, lambda t, v: ("get", f"/roles-tools/{t.tool.pk}/roles/{v}/", {})
    ),
}


def _missing(model: type[Model]) -> int:
    return (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1000


def _answer(response, *, urls: list[str], ids: list[object]) -> tuple:
    location = response.headers.get("Location", "")
    return (
        response.status_code,
        normalised(response.content, urls=urls, ids=ids),
        normalised(location.encode(), urls=urls, ids=ids),
        [normalised(m.encode(), urls=urls, ids=ids) for m in error_messages(response)],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("probe", sorted(PROBES))
def test_another_towns_id_is_answered_like_a_missing_one(towns, probe):
    own, victim = towns["A"], towns["B"]
    spec = PROBES[probe]
    foreign_id, missing_id = spec.foreign(victim), _missing(spec.model)
    # A client each: a message queued by the first answer must not show in the second.
    clients = [signed_in(own.coord_principal, own) for _ in range(2)]
    before = snapshot()
    answers = []
    for client, value in zip(clients, (foreign_id, missing_id), strict=True):
        method, url, body = spec.request(own, value)
        answers.append((url, send(client, method, url, body)))
    urls = [url for url, _ in answers]
    ids = [foreign_id, missing_id]
    foreign, missing = (_answer(response, urls=urls, ids=ids) for _, response in answers)
    assert foreign[0] < 500
    assert foreign == missing, f"{probe}: another town's id is told apart from a missing one"
    after = snapshot()
    assert after == before, f"{probe} wrote {changed_tables(before, after)}"


JUNK = ["abc", "-1", "0", "1.5", "1e3", "0x10", "٣", "²", str(2**63), str(2**64), "9" * 30, "1;DROP"]
JSON_JUNK = [[], {}, True, -5, 1.5, 2**63, 2**64]


@pytest.mark.django_db
@pytest.mark.parametrize("probe", sorted(PROBES))
def test_junk_ids_are_refused_never_a_server_error(towns, probe):
    own = towns["A"]
    spec = PROBES[probe]
    client = signed_in(own.coord_principal, own)
    before = snapshot()
    method, url, _ = spec.request(own, 1)
    values = JUNK + (JSON_JUNK if url.startswith("/api/") and method != "get" else [])
    failures = []
    for value in values:
        method, url, body = spec.request(own, value)
        status = send(client, method, url, body).status_code
        if url.startswith("/api/") and status not in (400, 404) or status >= 500:
            failures.append(f"{value!r}: {status}")
    assert not failures, f"{probe}: " + ", ".join(failures)
    after = snapshot()
    assert after == before, f"{probe} wrote {changed_tables(before, after)}"


@pytest.mark.django_db
@pytest.mark.parametrize("number", [2**63, 2**64, 10**30])
def test_ids_past_64_bits_in_the_path_are_404(towns, number):
    own = towns["A"]
    client = signed_in(own.coord_principal, own)
    failures = []
    for name, route in OBJECT_ROUTES.items():
        params = all_routes()[name]
        url = reverse(name, kwargs=dict.fromkeys(params, number))
        allowed = offered(url)
        for method in METHODS:
            status = send(client, method, url, route.body(own) if route.body else {}).status_code
            if status != 404 and not (status == 405 and method not in allowed):
                failures.append(f"{method.upper()} {url} -> {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "-1", "1.5", str(2**64), "0"])
def test_junk_in_the_other_query_parameters_is_refused(towns, value):
    """A revision or a version number is not an id, but junk in it is a 400 or 404 all the same."""
    own = towns["A"]
    client = signed_in(own.coord_principal, own)
    before = snapshot()
    for method, url in [
        ("get", f"{reverse('roles-tool-document', args=[own.tool.pk])}?revision={value}"),
        ("delete", f"{reverse('practical-act-detail', args=[own.act.pk])}?version={value}"),
    ]:
        status = send(client, method, url).status_code
        assert status in (400, 404, 409), (url, status)
    assert snapshot() == before
