"""Writes to the role catalog."""

from __future__ import annotations

from django.db import transaction

from schools.models import Municipality

from .models import Responsibility, Role
from .standard_catalog import STANDARD_ROLES


@transaction.atomic
def catalog_install_standard_roles(*, municipality: Municipality) -> list[Role]:
    """Install the standard roles a municipality lacks; roles it already has are left as they are."""
    existing = {r.name_fi.lower(): r for r in Role.objects.filter(municipality=municipality)}
    existing_keys = {r.key for r in existing.values() if r.key != "other"}
    roles = []
    for order, entry in enumerate(STANDARD_ROLES, start=1):
        role = existing.get(entry["name_fi"].lower())
        if role is None and entry["key"] not in existing_keys:
            role = Role.objects.create(
                municipality=municipality,
                key=entry["key"],
                name_fi=entry["name_fi"],
                name_sv=entry["name_sv"],
                description=entry["description"],
                order=order * 10,
                is_staff_role=entry["is_staff_role"],
            )
            Responsibility.objects.bulk_create(
                Responsibility(role=role, text=text, order=i)
                for i, text in enumerate(entry["responsibilities"])
            )
        if role is not None:
            roles.append(role)
    return roles
