"""How core finds the acting person of a request without knowing what an actor is.

The tenancy layer (schools) installs its resolver in `AppConfig.ready()`; core's API base classes ask
it, so core imports no app. Pages read `request.actor`, set by the tenancy middleware.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_resolver: Callable[[Any], Any] | None = None


def install_api_actor_resolver(resolver: Callable[[Any], Any]) -> None:
    global _resolver
    _resolver = resolver


def api_actor(request: Any) -> Any:
    """The actor of an authenticated DRF request (or None), as the tenancy layer resolves it."""
    if _resolver is None:
        raise RuntimeError("No actor resolver installed: is the tenancy app in INSTALLED_APPS?")
    return _resolver(request)
