"""Who may do what with schools, school years and people. Pages and API call these same functions.

Objects reach these functions only through the actor's scoped selectors, so every check here is
already inside the actor's municipality.
"""

from __future__ import annotations

from .tenancy import Actor


def can_manage_organisation(actor: Actor) -> bool:
    """Schools, school years and the municipality's people are the city coordinator's to manage."""
    return actor.is_coordinator
