"""The city's yearclock template."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.access import lock_in
from schools.models import Municipality
from schools.tenancy import Actor

from .. import policies
from ..models import MAX_ENTRIES, TemplateEntry, YearclockTemplate
from ._entries import apply_entry_fields, refuse, set_roles


@transaction.atomic
def template_install(*, municipality: Municipality) -> YearclockTemplate:
    template, _created = YearclockTemplate.objects.get_or_create(municipality=municipality)
    return template


# --- Entries -----------------------------------------------------------------------------------

ENTRY_FIELDS = (
    "theme",
    "theme_sv",
    "description",
    "description_sv",
    "start_month",
    "end_month",
    "weeks",
    "level",
    "participants",
    "evaluation_sources",
    "roles",
)


@transaction.atomic
def template_entry_create(*, actor: Actor, **fields: Any) -> TemplateEntry:
    policies.template.require(actor, "edit")
    template = YearclockTemplate.objects.select_for_update().get_or_create(municipality=actor.municipality)[0]
    if template.entries.count() >= MAX_ENTRIES:
        refuse(_("A yearclock can have at most %(max)s entries.") % {"max": MAX_ENTRIES})
    roles = fields.pop("roles", None) or []
    entry = TemplateEntry(template=template, order=template.entries.count() + 1)
    apply_entry_fields(actor, entry, fields)
    entry.full_clean()
    entry.save()
    set_roles(actor, entry, roles)
    return entry


@transaction.atomic
def template_entry_update(*, actor: Actor, entry: TemplateEntry, **fields: Any) -> TemplateEntry:
    policies.template.require(actor, "edit")
    entry = lock_in(TemplateEntry.objects.filter(template__municipality=actor.municipality), entry.pk)
    roles = fields.pop("roles", None)
    apply_entry_fields(actor, entry, fields)
    if "is_active" in fields:
        entry.is_active = bool(fields["is_active"])
    entry.full_clean()
    entry.save()
    if roles is not None:
        set_roles(actor, entry, roles)
    return entry
