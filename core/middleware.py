"""Request guards and response headers that every request and response of the site gets."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .error_views import is_api_request, method_not_allowed, refuse
from .inputs import contains_nul

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RequestGuardMiddleware:
    """Refuses, before anything reads them, requests no view can handle sensibly.

    * A body longer than DATA_UPLOAD_MAX_MEMORY_SIZE: 413. Django checks that limit only when it
      reads the body itself; DRF's parsers read the stream directly. (The app takes no file uploads.)
    * NUL in the path, the query string, a form field or a header: 400. PostgreSQL refuses NUL in
      text, so such a value would otherwise fail as a 500 in whatever query it reached.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            return refuse(request, 413, _("The request is too large."))
        if self._has_nul(request):
            return refuse(request, 400, _("The request contains a NUL character."))
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if contains_nul(request.path):
            return True
        if any(contains_nul(key, *values) for key, values in request.GET.lists()):
            return True
        if any(contains_nul(value) for key, value in request.META.items() if key.startswith("HTTP_")):
            return True
        if request.method == "POST" and request.content_type in FORM_TYPES:
            return any(contains_nul(key, *values) for key, values in request.POST.lists())
        return False


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (settings.PERMISSIONS_POLICY) to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


class MethodNotAllowedPageMiddleware:
    """Turns the bare, empty 405 of a view that takes only other methods (a POST-only address opened in
    the browser: View.http_method_not_allowed) into the site's 405 page, inside the layout. Listed after
    the tenancy middleware, so that the page has the signed-in person's header and switcher. Answers
    with a body of their own (the API's JSON) are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or is_api_request(request) or getattr(response, "streaming", False):
            return response
        if response.content:
            return response
        return method_not_allowed(request, response.get("Allow", ""))
