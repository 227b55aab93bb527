"""Who may do what with the municipality's organisation: schools, school years and people.

Pages, API and templates ask this one policy. Objects reach it only through the actor's access
helpers, so every check here is already inside the actor's municipality.
"""

from __future__ import annotations

from typing import Any

from core.policies import Policy

from .models import Membership, User
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


class PersonPolicy(Policy):
    """A person's own account: name, e-mail address, language and password are one for every
    municipality they work in."""

    def can_change_personal_data(self, actor: Actor, obj: User | None = None) -> bool:
        """The person changes them; a coordinator may only when they coordinate every municipality the
        person belongs to (deactivated memberships count: those municipalities still show the name
        in their records), so no municipality rewrites what another one shows."""
        if obj is None:
            return False
        if obj.pk == actor.user.pk:
            return True
        if not actor.is_coordinator:
            return False
        coordinated = Membership.objects.filter(user=actor.user, is_coordinator=True, is_active=True).values(
            "municipality_id"
        )
        return not Membership.objects.filter(user=obj).exclude(municipality_id__in=coordinated).exists()


person = PersonPolicy()
