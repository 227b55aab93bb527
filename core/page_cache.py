"""Rendered pages cached per person, dropped whenever anything in their municipality changes.

A page of this app is a function of who asks (user, municipality, language, session) and of the
municipality's data. Every write to the project's tables replaces the municipality's *generation* —
a random token in the shared cache — once the write has committed, and every cache key names the
generations it was built on, so a page built before a change is never served after it. Replacing the
token after the commit (not before) means a page read while the write was still open is stored under
the old token and dropped with it.

The cache must be shared by every process that writes (web workers and the Celery worker), so this is
on only with a shared cache (`PAGE_CACHE`, default on with Redis); with the embedded default's
per-process memory cache it is off. Personal data never leaves the cache's own server: keys carry the
session, so one person's page is never another's.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

ALL = "all"
_PREFIX = "tenant-generation:"
# Django's own bookkeeping, and rows whose changes no page shows.
_IGNORED_APPS = {"sessions", "admin", "contenttypes", "axes", "authtoken", "migrations"}
# How a row leads to its municipality, tried in order (each step may load one parent row).
_PARENTS = ("school", "tool", "school_year", "role", "revision", "act", "membership", "content_object")
TIMEOUT = 3600


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE", False))


def _prefix() -> str:
    # Named by database too: two deployments (or two test workers) sharing one Redis never mix.
    from django.db import connection

    return f"{_PREFIX}{connection.settings_dict['NAME']}:"


def _keys(municipality_ids: Iterable[object]) -> list[str]:
    prefix = _prefix()
    return [f"{prefix}{ALL}", *(f"{prefix}{m}" for m in sorted(set(municipality_ids), key=str))]


def generations(municipality_ids: Iterable[object]) -> tuple[str, ...]:
    """The current tokens of these municipalities (and the global one), creating missing ones."""
    keys = _keys(municipality_ids)
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, uuid.uuid4().hex, None)
            found[key] = cache.get(key)
    return tuple(str(found[key]) for key in keys)


def bump(municipality_ids: Iterable[object] | None) -> None:
    """Drop every page of these municipalities (None: of all) once the current transaction commits."""
    if not enabled():
        return
    keys = [f"{_prefix()}{ALL}"] if municipality_ids is None else _keys(municipality_ids)[1:]

    def replace() -> None:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)

    transaction.on_commit(replace)


def municipality_ids_of(instance: Any, depth: int = 0) -> set[int] | None:
    """The municipalities a row belongs to, or None when it cannot be told (then all are dropped)."""
    if depth > 4:
        return None
    value = getattr(instance, "municipality_id", None)
    if value is not None:
        return {value}
    memberships = getattr(instance, "memberships", None)
    if memberships is not None and hasattr(memberships, "values_list") and instance.pk is not None:
        return set(memberships.values_list("municipality_id", flat=True))
    for name in _PARENTS:
        if getattr(instance, f"{name}_id", None) is not None:
            try:
                parent = getattr(instance, name)
            except Exception:  # noqa: BLE001  (a parent deleted in the same transaction)
                return None
            return municipality_ids_of(parent, depth + 1)
    return None


def _changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if sender._meta.app_label in _IGNORED_APPS:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # signing in changes no page
    bump(municipality_ids_of(instance))


def _m2m_changed(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        bump(municipality_ids_of(instance))


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="page_cache_save")
    post_delete.connect(_changed, dispatch_uid="page_cache_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="page_cache_m2m")


def _has_pending_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def page_key(request: HttpRequest, actor: Any, kind: str) -> str:
    """Who asks, in which municipality and language, for which URL, on which data."""
    from django.utils import translation

    municipality_ids = {m.pk for m in getattr(actor, "municipalities", ())} | {actor.municipality.pk}
    session = getattr(request, "session", None)
    parts = [
        kind,
        request.get_full_path(),
        str(actor.user.pk),
        str(actor.municipality.pk),
        translation.get_language() or "",
        session.session_key or "" if session is not None else "",
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        request.headers.get("X-Municipality", ""),
        request.headers.get("HX-Request", ""),
        timezone.localdate().isoformat(),  # "3 days left" and "current year" change at midnight
        *generations(municipality_ids),
    ]
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def cached_response(request: HttpRequest, actor: Any, build: Callable[[], HttpResponse]) -> HttpResponse:
    """`build()`'s response for a GET, from the cache when the same person saw the same data."""
    if not enabled() or request.method != "GET" or actor is None or _has_pending_messages(request):
        return build()
    key = page_key(request, actor, "html")
    hit = cache.get(key)
    if hit is not None:
        content, content_type = hit
        return HttpResponse(content, content_type=content_type)
    response = build()
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    if response.status_code == 200 and not response.streaming and not response.cookies:
        cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)
    return response


def cached_data(request: HttpRequest, actor: Any, build: Callable[[], Any]) -> Any:
    """`build()`'s JSON-able data (an API answer), from the cache when the same person asked the same."""
    if not enabled() or actor is None:
        return build()
    key = page_key(request, actor, "data")
    hit = cache.get(key)
    if hit is not None:
        return hit
    data = build()
    cache.set(key, data, TIMEOUT)
    return data


class CachedPageMixin:
    """A page cached per person until their municipality's data changes. List it after the
    permission mixin, so the checks run before any cached page is served."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        build = super().dispatch  # type: ignore[misc]
        return cached_response(
            request, getattr(request, "actor", None), lambda: build(request, *args, **kwargs)
        )
