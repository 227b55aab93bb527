from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from .tenancy import SESSION_KEY, resolve_actor


class MunicipalityMiddleware:
    """Sets `request.actor` and `request.municipality` from the signed-in user's active membership."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        actor = None
        if request.user.is_authenticated:
            actor = resolve_actor(request.user, request.session.get(SESSION_KEY))
        request.actor = actor
        request.municipality = actor.municipality if actor else None
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in user's preferred language wins over the browser's, unless they switched in the header.

    The header's switcher sets Django's language cookie; the cookie then wins, so a person can read a
    page in another language without changing their profile.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        if request.user.is_authenticated and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            language = request.user.preferred_language
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
