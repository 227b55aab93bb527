"""What every page of a signed-in member needs: an actor, and answers from the model's policy.

`request.actor` is set by the tenancy middleware (schools); core only reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class MemberRequiredMixin(LoginRequiredMixin):
    """Signed in, with an active membership in some municipality; sets `self.actor`.

    Listed first among the bases, so its check runs before the view's own dispatch.
    """

    actor: Any
    # Pages are HTML forms: Django's FormView would also take PUT, read an empty request.POST and
    # answer with a form of errors. Views that take fewer methods set their own list.
    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if getattr(request, "actor", None) is None:
            raise PermissionDenied("No active municipality")
        self.actor = request.actor
        return super().dispatch(request, *args, **kwargs)


class PolicyRequiredMixin(MemberRequiredMixin):
    """A page allowed by one rule of a model's policy: `policy.can_<policy_action>(actor)`.

    For a page about one object, set `tenant_object_lookup` to the access helper that finds it:
    another municipality's object is then a 404 for everyone, as everywhere else, before a person of
    this municipality whom the rule refuses gets the 403."""

    policy: Any = None
    policy_action: str = ""
    tenant_object_lookup: Callable[[Any, object], object] | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = getattr(request, "actor", None)
        refused = request.user.is_authenticated and actor is not None
        if refused and not self.policy.allows(actor, self.policy_action):
            lookup = type(self).tenant_object_lookup
            if lookup is not None and "pk" in kwargs:
                lookup(actor, kwargs["pk"])
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def require(allowed: bool) -> None:
    """Refuse the request unless the policy allowed it (a 403: the object itself was visible)."""
    if not allowed:
        raise PermissionDenied
