"""The second factor in front of pupils' data (django-otp).

Decision: the second factor is asked at the latest before the first page (or API call) with pupil data,
not at every sign-in: most staff never see pupils and should not carry a phone app for nothing. A page
with pupil data sends an unverified session to `/account/two-factor/verify/?next=…` (or to the set-up
page when the person has no device yet); the API accepts a verified session or an `X-OTP` header with a
current code (token clients).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import devices_for_user, match_token
from rest_framework import permissions


def is_verified(request: HttpRequest) -> bool:
    """A second factor proven in this session. Token (API) users never passed through the OTP
    middleware's session check: they have no `is_verified` and count as unverified."""
    user = getattr(request, "user", None)
    check = getattr(user, "is_verified", None)
    return bool(user is not None and user.is_authenticated and check is not None and check())


def has_device(user: Any) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


class VerifiedRequiredMixin:
    """Pages with pupil data: a second factor proven in this session, or off to prove it."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not is_verified(request):
            actor = getattr(request, "actor", None)
            if actor is not None and not _may_see_pupils(actor):
                # The coordinator and everyone else who sees no pupil: no second factor to set up for a
                # page they cannot have (and another municipality's ids stay a plain 404).
                raise Http404
            name = "two_factor_verify" if has_device(request.user) else "two_factor_setup"
            return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def _may_see_pupils(actor: Any) -> bool:
    from .policies import pupils

    return pupils.can_view_any(actor)


class SecondFactor(permissions.BasePermission):
    """API: a verified session, or a current code in the `X-OTP` header."""

    message = "A second factor is required for pupils' data: sign in with it, or send X-OTP."

    def has_permission(self, request: Any, view: Any) -> bool:
        if is_verified(request._request if hasattr(request, "_request") else request):
            return True
        code = request.headers.get("X-OTP", "")
        return bool(code and code.isascii() and code.isdigit() and match_token(request.user, code))
