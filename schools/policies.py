"""Who may do what with schools, school years and people. Pages and API call these same functions.

Objects reach these functions only through the actor's scoped selectors, so every check here is
already inside the actor's municipality.
"""

from __future__ import annotations

from .models import Membership, User
from .tenancy import Actor


def can_manage_organisation(actor: Actor) -> bool:
    """Schools, school years and the municipality's people are the city coordinator's to manage."""
    return actor.is_coordinator


def can_change_personal_data(actor: Actor, person: User) -> bool:
    """A person's name, e-mail address, language and password belong to their one account, which every
    municipality they work in shows. They change them themselves; a coordinator may only when they
    coordinate every municipality the person belongs to (deactivated memberships count: those
    municipalities still show the name in their records), so no municipality rewrites what another
    one shows."""
    if person.pk == actor.user.pk:
        return True
    if not actor.is_coordinator:
        return False
    coordinated = Membership.objects.filter(user=actor.user, is_coordinator=True, is_active=True).values(
        "municipality_id"
    )
    return not Membership.objects.filter(user=person).exclude(municipality_id__in=coordinated).exists()
