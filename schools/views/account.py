from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schools.tenancy import SESSION_KEY, resolve_actor


@login_required
@require_POST
def municipality_switch(request: HttpRequest) -> HttpResponse:
    """Switch the active municipality (county staff serve several).

    Only to a municipality where the user has an active membership: any other id (another tenant's,
    a missing one, junk) is refused alike and the session keeps the municipality it had.
    """
    requested = request.POST.get("municipality", "")
    actor = resolve_actor(request.user, requested)
    if actor is None or str(actor.municipality.pk) != requested.strip():
        raise PermissionDenied
    request.session[SESSION_KEY] = actor.municipality.pk
    messages.success(request, _("You are now working in %(name)s.") % {"name": actor.municipality.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "home"
    return redirect(target)


def language_activate(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the UI language with one link (the header's language links), then go back.

    A plain link rather than a form: the choice only affects this browser's own display, and a link
    is one keyboard stop and one click. Unknown codes change nothing.
    """
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home")
    response = redirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


urlpatterns = [
    path("municipality/switch/", municipality_switch, name="municipality_switch"),
    path("language/<str:code>/", language_activate, name="language_activate"),
]
