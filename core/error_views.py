"""Error answers (handler400/403/404/500, and 405): JSON under the API's path, the site's pages elsewhere.

DRF answers the errors raised inside its views itself; these cover what happens before or outside
them (a request refused by middleware, an unknown /api/ URL, an unexpected exception), so that an
API client always gets `{"detail": ...}` with the status, never an HTML page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(getattr(settings, "API_PATH_PREFIX", "/api/"))


def refuse(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    """A request refused before any view: `{"detail": ...}` for the API, the plain error page otherwise
    (templates/400.html, in all three languages: the language is not known yet)."""
    if is_api_request(request):
        return JsonResponse({"detail": detail}, status=status)
    response = defaults.bad_request(request, None)
    response.status_code = status
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return JsonResponse({"detail": _("Malformed request.")}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return JsonResponse({"detail": _("You do not have permission to perform this action.")}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """The exception itself is already logged by django.request, with its traceback."""
    if is_api_request(request):
        return JsonResponse({"detail": _("Server error.")}, status=500)
    return defaults.server_error(request)


def method_not_allowed(request: HttpRequest, allow: str) -> HttpResponse:
    """A POST-only address opened in the browser (Django has no handler405; core.middleware calls this
    for the bare 405 a view answers): the page says the address is for a button, with a link back."""
    if is_api_request(request):
        response: HttpResponse = JsonResponse({"detail": _("Method not allowed.")}, status=405)
    else:
        referer = request.META.get("HTTP_REFERER", "")
        safe = url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        back_url = referer if safe and urlsplit(referer).path != request.path else ""
        response = TemplateResponse(request, "405.html", {"back_url": back_url}, status=405).render()
    if allow:
        response["Allow"] = allow
    return response
