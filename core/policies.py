"""The shape every model's policy takes, and the adapters that let pages and the API ask it.

One policy object per model answers every question about it (Wagtail's permission policies): the
`can_<action>(actor, obj)` methods decide single objects and `visible(actor)` returns the queryset of
what the actor may see, so a list and a detail page can never disagree. Pages ask through
`PolicyRequiredMixin`, the API through `policy_permission(...)`, templates get `allowed_actions(...)`
from the view. Policies never load objects by id: objects reach them through the access helpers, so
every question is already inside the actor's municipality.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from rest_framework import permissions


class Policy:
    """Base of the per-model policies. Subclasses define `can_<action>(actor, obj)` methods."""

    def allows(self, actor: Any, action: str, obj: Any = None) -> bool:
        check = getattr(self, f"can_{action}", None)
        if check is None:
            raise AttributeError(f"{type(self).__name__} has no rule for {action!r}")
        return bool(check(actor, obj) if obj is not None else check(actor))

    def require(self, actor: Any, action: str, obj: Any = None) -> None:
        """Refuse (403) unless the rule allows; services call this before they write."""
        if actor is None or not self.allows(actor, action, obj):
            raise PermissionDenied

    def allowed_actions(self, actor: Any, obj: Any, actions: Iterable[str]) -> dict[str, bool]:
        """`{action: allowed}` for a template, so templates never decide permissions themselves."""
        return {action: self.allows(actor, action, obj) for action in actions}


def policy_permission(policy: Policy, *, read: str | None = None, write: str | None = None) -> type:
    """A DRF permission class asking `policy`: `read` for safe methods, `write` for the others.

    List and create routes ask without an object (the rule must accept `obj=None` — e.g. "the
    coordinator"); detail routes ask on the object, after the access helper found it, so another
    municipality's id is a 404 before any 403.
    """

    class PolicyPermission(permissions.BasePermission):
        def _action(self, request: Any) -> str | None:
            return read if request.method in permissions.SAFE_METHODS else write

        def has_permission(self, request: Any, view: Any) -> bool:
            action = self._action(request)
            if action is None or view.is_detail_route():
                return True
            return policy.allows(view.actor, action)

        def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
            action = self._action(request)
            return action is None or policy.allows(view.actor, action, obj)

    PolicyPermission.__name__ = f"{type(policy).__name__}Permission"
    PolicyPermission.__doc__ = f"{type(policy).__name__}: read={read}, write={write}"
    return PolicyPermission
