"""Who may do what with the municipality's organisation: schools, school years and people.

Pages, API and templates ask this one policy. Objects reach it only through the actor's access
helpers, so every check here is already inside the actor's municipality.
"""

from __future__ import annotations

from typing import Any

from core.policies import Policy

from .tenancy import Actor


class OrganisationPolicy(Policy):
    """Schools, school years and the municipality's people are the city coordinator's to manage;
    every member reads the schools and years."""

    def can_view(self, actor: Actor, obj: Any = None) -> bool:
        return True

    def can_manage(self, actor: Actor, obj: Any = None) -> bool:
        return actor.is_coordinator

    def can_see_inactive(self, actor: Actor, obj: Any = None) -> bool:
        """Inactive schools and retired rows stay listed for whoever manages them."""
        return self.can_manage(actor)


organisation = OrganisationPolicy()
