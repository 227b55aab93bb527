"""Lists never show another town's rows, checked by ids and by the other town's unique names.

For every API list route and every page without URL arguments, as every kind of person in both
directions: no id of the other town's rows comes back (API: every id in the JSON, read by the field
it is in; pages: every link, form action, htmx URL, option, checkbox, hidden input and data attribute,
resolved back to the object it names) and the other town's token, which every one of its names and
e-mail addresses carries ("…-<token>"), appears nowhere, even when the lists are searched for it.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db.models import Model
from django.urls import Resolver404, resolve, reverse

from groups.models import ActionItem, AgendaItem, GroupMember, Meeting, WellbeingGroup
from roles.models import ActSection, PracticalAct, Role, RolesTool, StaffAssignment
from schools.models import Holiday, Membership, Municipality, School, SchoolYear, User
from yearclock.models import TemplateEntry, Yearclock, YearclockEntry

from .client import page_text
from .routes import all_routes, list_routes, pk_models
from .towns import DIRECTIONS, PERSONS, Town, signed_in


def victim_ids(victim: Town, attacker: Town) -> dict[type[Model], set[int]]:
    """Every row of the victim town, by model; people shared with the attacker's town left out."""
    m = victim.municipality
    shared = set(
        Membership.objects.filter(municipality=attacker.municipality).values_list("user_id", flat=True)
    )
    users = set(Membership.objects.filter(municipality=m).values_list("user_id", flat=True)) - shared

    def ids(queryset) -> set[int]:
        return set(queryset.values_list("pk", flat=True))

    found = {
        Municipality: {m.pk},
        School: ids(School.objects.filter(municipality=m)),
        SchoolYear: ids(SchoolYear.objects.filter(municipality=m)),
        Holiday: ids(Holiday.objects.filter(school_year__municipality=m)),
        User: users,
        Role: ids(Role.objects.filter(municipality=m)),
        ActSection: ids(ActSection.objects.filter(municipality=m)),
        RolesTool: ids(RolesTool.objects.filter(school__municipality=m)),
        PracticalAct: ids(PracticalAct.objects.filter(tool__school__municipality=m)),
        StaffAssignment: ids(StaffAssignment.objects.filter(school__municipality=m)),
        WellbeingGroup: ids(WellbeingGroup.objects.filter(municipality=m)),
        GroupMember: ids(GroupMember.objects.filter(group__municipality=m)),
        Meeting: ids(Meeting.objects.filter(group__municipality=m)),
        AgendaItem: ids(AgendaItem.objects.filter(meeting__group__municipality=m)),
        ActionItem: ids(ActionItem.objects.filter(municipality=m)),
        TemplateEntry: ids(TemplateEntry.objects.filter(template__municipality=m)),
        Yearclock: ids(Yearclock.objects.filter(school__municipality=m)),
        YearclockEntry: ids(YearclockEntry.objects.filter(yearclock__school__municipality=m)),
    }
    assert all(found.values()), "the victim town lacks rows of some model: the check would be empty"
    return found


# JSON fields and form fields that hold another row's id.
FIELD_MODELS: dict[str, type[Model]] = {
    "school": School,
    "school_year": SchoolYear,
    "year": SchoolYear,
    "user": User,
    "responsible": User,
    "changed_by": User,
    "published_by": User,
    "role": Role,
    "roles": Role,
    "tool": RolesTool,
    "carried_over_from": RolesTool,
    "section": ActSection,
    "act": PracticalAct,
    "acts": PracticalAct,
    "municipality": Municipality,
    "group": WellbeingGroup,
    "parent": WellbeingGroup,
    "meeting": Meeting,
    "member": GroupMember,
    "presenter": GroupMember,
    "agenda_item": AgendaItem,
    "owner": User,
    "convener": User,
    "preparer": User,
    "yearclock": Yearclock,
    "template_entry": TemplateEntry,
    "entry": YearclockEntry,
}
# Lists nested in a JSON object whose items' `id` is of another model than the endpoint's.
NESTED_ID_MODELS: dict[str, type[Model]] = {"holidays": Holiday, "holders": User, "entries": YearclockEntry}


class Leaks:
    def __init__(self, victim: Town, ids: dict[type[Model], set[int]]) -> None:
        self.victim, self.ids, self.found = victim, ids, []
        self.routes = pk_models()

    def check_id(self, model: type[Model] | None, value: object, where: str) -> None:
        values = value if isinstance(value, list) else [value]
        for v in values:
            number = int(v) if isinstance(v, int) or (isinstance(v, str) and v.isdigit()) else None
            if model is not None and number in self.ids.get(model, set()):
                self.found.append(f"{where}: {model.__name__} {number} of {self.victim.label}")

    def check_text(self, text: str, where: str) -> None:
        # Names carry "-<token>"; the bare token searched for is echoed back (search box, links).
        mark = f"-{self.victim.token}"
        if mark in text:
            at = text.index(mark)
            self.found.append(f"{where}: the other town's name …{text[max(0, at - 60) : at + 20]}…")

    def check_url(self, url: str, where: str) -> None:
        parts = urlsplit(url)
        for key, value in parse_qsl(parts.query):
            self.check_id(FIELD_MODELS.get(key), value, f"{where} ?{key}=")
        try:
            match = resolve(parts.path)
        except Resolver404:
            return
        model = self.routes.get(match.url_name)
        if model is not None and "pk" in match.kwargs:
            self.check_id(model, match.kwargs["pk"], f"{where} link to {match.url_name}")
        if "role_pk" in match.kwargs:
            self.check_id(Role, match.kwargs["role_pk"], f"{where} link to {match.url_name}")

    # --- API

    def check_json(self, node: object, id_model: type[Model] | None, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "id":
                    self.check_id(id_model, value, f"{where} id")
                elif key in FIELD_MODELS and not isinstance(value, dict):
                    if isinstance(value, list) and value and isinstance(value[0], dict):
                        self.check_json(value, None, f"{where}.{key}")
                    else:
                        self.check_id(FIELD_MODELS[key], value, f"{where}.{key}")
                elif isinstance(value, (dict, list)):
                    nested = NESTED_ID_MODELS.get(key, id_model if key == "results" else None)
                    self.check_json(value, nested, f"{where}.{key}")
                elif isinstance(value, str) and value.startswith("http"):
                    self.check_url(value, f"{where}.{key}")
        elif isinstance(node, list):
            for item in node:
                self.check_json(item, id_model, where)

    # --- pages

    def check_html(self, html: str, where: str) -> None:
        leaks = self

        class Parser(HTMLParser):
            select_name: str | None = None

            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                a = {k: v or "" for k, v in attrs}
                if tag == "select":
                    self.select_name = a.get("name")
                for key, value in a.items():
                    if key in {"href", "action", "src", "formaction"} or key.startswith("hx-"):
                        leaks.check_url(value, f"{where} <{tag} {key}>")
                    elif key.startswith("data-"):
                        leaks.check_id(FIELD_MODELS.get(key[5:]), value, f"{where} <{tag} {key}>")
                if tag == "option" and self.select_name:
                    leaks.check_id(FIELD_MODELS.get(self.select_name), a.get("value"), f"{where} <option>")
                if tag in {"input", "button"} and a.get("name"):
                    leaks.check_id(FIELD_MODELS.get(a["name"]), a.get("value"), f"{where} <{tag}>")

            def handle_endtag(self, tag: str) -> None:
                if tag == "select":
                    self.select_name = None

        Parser().feed(html)


# Pages about the signed-in person themself (their account, their inbox).
PERSONAL_PAGES = {"account", "notification_list", "notification_preferences"}


def _list_pages() -> list[str]:
    return [name for name in list_routes() if not name.endswith("-list") and name != "api-root"]


def _api_lists() -> list[str]:
    return [name for name in all_routes() if name.endswith("-list")] + ["api-root"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", PERSONS)
@pytest.mark.parametrize(("home", "away"), DIRECTIONS, ids=["A-to-B", "B-to-A"])
def test_no_list_shows_another_towns_rows(towns, home, away, who):
    attacker, victim = towns[home], towns[away]
    leaks = Leaks(victim, victim_ids(victim, attacker))
    client = signed_in(attacker.person(who), attacker)
    searches = {"q": victim.token, "search": victim.token}
    seen_rows = 0
    for name in _api_lists():
        for params in ({}, searches):
            response = client.get(reverse(name), params)
            # 405: a create-only endpoint (agenda items are listed inside their meeting).
            assert response.status_code in (200, 403, 405), (name, response.status_code)
            if response.status_code != 200:
                continue
            data = json.loads(response.content)
            model = getattr(resolve(reverse(name)).func, "cls", None)
            model = getattr(getattr(model, "queryset", None), "model", None)
            leaks.check_json(data, model, name)
            leaks.check_text(response.content.decode(), name)
            seen_rows += len(data.get("results", [])) if isinstance(data, dict) else len(data)
    for name in _list_pages():
        for params in ({}, searches):
            response = client.get(reverse(name), params)
            assert response.status_code < 500, (name, response.status_code)
            html = page_text(response)
            leaks.check_html(html, name)
            leaks.check_text(html, name)
    # And the pages about the attacker's own school, with their person pickers searched for the victim.
    for name in ("school_detail", "school_staff"):
        response = client.get(reverse(name, args=[attacker.school.pk]), {"q": victim.token})
        html = page_text(response)
        leaks.check_html(html, name)
        leaks.check_text(html, name)
    assert seen_rows, "no list returned a row: the check looked at nothing"
    person = attacker.person(who)
    if Membership.objects.filter(user=person, municipality=victim.municipality, is_active=True).exists():
        # County staff: their own pages name every municipality they work in (to pick the default
        # one, to label their inbox) — their own memberships, not the other town's data.
        leaks.found = [f for f in leaks.found if f.split(" ", 1)[0].rstrip(":") not in PERSONAL_PAGES]
    assert not leaks.found, f"{who} of {home} sees {away}'s rows:\n" + "\n".join(sorted(set(leaks.found)))
