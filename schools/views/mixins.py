"""What every page of a signed-in member needs: an Actor (a user with an active municipality)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from schools.tenancy import Actor


class MemberRequiredMixin(LoginRequiredMixin):
    """Signed in, with an active membership in some municipality; sets `self.actor`.

    Listed first among the bases, so its check runs before the view's own dispatch.
    """

    actor: Actor

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.actor is None:
            raise PermissionDenied("No active municipality")
        self.actor = request.actor
        return super().dispatch(request, *args, **kwargs)


class CoordinatorRequiredMixin(MemberRequiredMixin):
    """The city coordinator's pages. For a page about one object, set `tenant_object_lookup` to the
    selector that finds it: another municipality's object is then a 404 for everyone, as everywhere
    else, before a non-coordinator of this municipality gets the 403."""

    tenant_object_lookup: Callable[[Actor, object], object] | None = None

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated and request.actor is not None and not request.actor.is_coordinator:
            lookup = type(self).tenant_object_lookup
            if lookup is not None and "pk" in kwargs:
                lookup(request.actor, kwargs["pk"])
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
