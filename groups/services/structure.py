"""Levels, groups and members."""

from __future__ import annotations

from django.db import transaction

from schools.models import Municipality

from ..models import Attachment, GroupLevel

# The customer's four levels (seed 002); other municipalities rename or replace them.
DEFAULT_LEVELS = (
    (1, "Kaupungin opiskeluhuoltoryhmä", "Stadens elevhälsogrupp", Attachment.MUNICIPALITY),
    (2, "Koulukeskuksen opiskeluhuoltoryhmä", "Skolcentrets elevhälsogrupp", Attachment.SCHOOL),
    (3, "Vaiheryhmä", "Stadiegrupp", Attachment.STAGE),
    (4, "Työryhmä", "Arbetsgrupp", Attachment.PARENT),
)


@transaction.atomic
def levels_install_default(*, municipality: Municipality) -> list[GroupLevel]:
    """The default levels, for a municipality that has none yet (idempotent)."""
    if GroupLevel.objects.filter(municipality=municipality).exists():
        return list(GroupLevel.objects.filter(municipality=municipality))
    return GroupLevel.objects.bulk_create(
        GroupLevel(municipality=municipality, order=o, name_fi=fi, name_sv=sv, attaches_to=a)
        for o, fi, sv, a in DEFAULT_LEVELS
    )
