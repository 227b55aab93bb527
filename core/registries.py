"""Registries through which upper layers plug into lower ones.

A lower layer never imports an upper one; where it must call something an upper app provides (a home
card, a text guard, a municipality's default data, a domain event's listeners, agenda suggestions), the
upper app registers it here in its `AppConfig.ready()` and the lower layer asks the registry.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """An ordered, named set of entries. Registering a name twice replaces the entry (module reloads in
    tests and the development server must not double it)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._entries: dict[str, T] = {}

    def register(self, name: str, entry: T) -> T:
        self._entries[name] = entry
        return entry

    def unregister(self, name: str) -> None:
        self._entries.pop(name, None)

    def get(self, name: str) -> T:
        try:
            return self._entries[name]
        except KeyError:
            raise LookupError(f"{self.label}: nothing registered as {name!r}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._entries.values()))

    def items(self) -> list[tuple[str, T]]:
        return list(self._entries.items())

    def __len__(self) -> int:
        return len(self._entries)


# ---- Home cards: what the home page shows each person -------------------------------------------


@dataclass(frozen=True)
class HomeCard:
    """`build(request, actor, shared)` returns a template context (a dict) or None when the card has
    nothing for this person; `shared` holds what the home page already loaded (`school_year`), so cards
    do not each query it again. Cards are rendered in `order`."""

    name: str
    template: str
    build: Callable[[Any, Any, dict], dict | None]
    order: int = 100


home_cards: Registry[HomeCard] = Registry("home cards")


def register_home_card(card: HomeCard) -> HomeCard:
    return home_cards.register(card.name, card)


# ---- Text guards: checks for text shared beyond its writer ---------------------------------------


@dataclass(frozen=True)
class TextContext:
    """What a text is about, for guards that need it (e.g. the names of the pupils of its schools).

    `school_ids` None: every school of the municipality (a city-level group, the city's yearclock
    template). `allow_staff_names`: the writer confirmed that a name in the text is a staff member's,
    not a pupil's. A context lives for one service call: guards may keep what they loaded for it in
    `cache` (a call checking twenty texts loads the names once)."""

    municipality_id: int
    school_ids: frozenset[int] | None = None
    allow_staff_names: bool = False
    cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)


def _takes_two_arguments(check: Callable[..., object]) -> bool:
    try:
        parameters = list(inspect.signature(check).parameters.values())
    except (TypeError, ValueError):
        return False
    positional = [
        p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
    ]
    return len(positional) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in positional)


@dataclass(frozen=True)
class TextGuard:
    """`check(text)` — or `check(text, context)` for a guard that needs to know what the text is about
    (`context` is a TextContext, or None when the caller gives none) — returns a translated error
    message, or None when the text may be saved.

    `scopes` names where the guard applies (e.g. "shared": texts every staff member reads; "group":
    agendas and minutes of communal groups). `wants_context` None: read from `check`'s signature (two
    positional parameters), so the one-argument guards written before contexts keep working."""

    name: str
    check: Callable[..., str | None]
    scopes: frozenset[str] = frozenset({"shared"})
    wants_context: bool | None = None

    def __post_init__(self) -> None:
        if self.wants_context is None:
            object.__setattr__(self, "wants_context", _takes_two_arguments(self.check))

    def run(self, text: str, context: TextContext | None) -> str | None:
        return self.check(text, context) if self.wants_context else self.check(text)


text_guards: Registry[TextGuard] = Registry("text guards")


def register_text_guard(guard: TextGuard) -> TextGuard:
    return text_guards.register(guard.name, guard)


# ---- Municipality defaults: what a new municipality starts with ----------------------------------


@dataclass(frozen=True)
class MunicipalityDefaults:
    """`install(municipality)` creates an app's default rows (idempotent); run in `order`."""

    name: str
    install: Callable[[Any], object]
    order: int = 100


municipality_defaults: Registry[MunicipalityDefaults] = Registry("municipality defaults")


def register_municipality_defaults(defaults: MunicipalityDefaults) -> MunicipalityDefaults:
    return municipality_defaults.register(defaults.name, defaults)


# ---- Domain events: "something happened" reaching apps above the one it happened in --------------

event_listeners: dict[str, Registry[Callable[..., object]]] = {}


def listen(event: str, name: str, listener: Callable[..., object]) -> None:
    event_listeners.setdefault(event, Registry(f"listeners of {event}")).register(name, listener)


def emit(event: str, **payload: object) -> None:
    """Call every listener of `event` now, inside the caller's transaction (listeners that send
    anything schedule it through the notifications app, which waits for the commit)."""
    for listener in event_listeners.get(event, Registry(event)):
        listener(**payload)


# ---- Agenda suggestions: what an upper app proposes for a meeting's agenda -----------------------

agenda_suggestions: Registry[Callable[..., list]] = Registry("agenda suggestions")
