"""The acting person of an API request: installed into core.actors by SchoolsConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.request import Request

from core.api import MUNICIPALITY_HEADER

from .tenancy import SESSION_KEY, Actor, resolve_actor


def actor_for_request(request: Request) -> Actor | None:
    """The Actor of an authenticated API request, or None when the user has no active membership.

    Raises PermissionDenied when the header names a municipality the user cannot act in: silently
    falling back to another one (as the page header does) would let a client write to the wrong city.
    """
    user = request.user
    if not user or not user.is_authenticated:
        return None
    wanted = request.headers.get(MUNICIPALITY_HEADER, "").strip()
    if not wanted:
        middleware_actor = getattr(request._request, "actor", None)
        if middleware_actor is not None and middleware_actor.user.pk == user.pk:
            return middleware_actor
        session = getattr(request._request, "session", None)
        return resolve_actor(user, session.get(SESSION_KEY) if session is not None else None)
    actor = resolve_actor(user, wanted)
    if actor is not None and str(actor.municipality.pk) != wanted:
        raise exceptions.PermissionDenied(_("You have no active membership in the requested municipality."))
    return actor
