"""Who may do what with the role catalog."""

from schools.tenancy import Actor


def can_edit_catalog(actor: Actor) -> bool:
    """The city catalog is the coordinator's; every member of the municipality reads it."""
    return actor.is_coordinator
