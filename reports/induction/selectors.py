"""Reads of the induction packs and of what the page offers, scoped to the actor's municipality."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from core.access import access_in
from reports.models import InductionPack
from roles import policies as roles_policies
from roles.models import Role
from roles.selectors import roles_for
from schools import selectors as school_selectors
from schools.models import School, SchoolYear
from schools.tenancy import Actor

from .policies import induction_packs


def packs_in(actor: Actor) -> QuerySet[InductionPack]:
    """The municipality's packs, without their bytes (listing never loads the PDFs)."""
    return (
        InductionPack.objects.filter(school__municipality=actor.municipality)
        .select_related("school", "school_year", "role", "requested_by")
        .defer("content")
    )


def visible_packs(actor: Actor) -> QuerySet[InductionPack]:
    return induction_packs.visible(actor, packs_in(actor)).order_by(
        "school__name", "-school_year__starts_on", "pk"
    )


def access_pack(actor: Actor, pk: object) -> InductionPack:
    """Another municipality's pack is a 404 (as a missing one); one of this municipality the actor may
    not have, a 403."""
    pack = access_in(packs_in(actor), pk=pk)
    if not induction_packs.can_view(actor, pack):
        raise PermissionDenied
    return pack


def pack_content(pack: InductionPack) -> bytes:
    """The stored PDF of a pack the caller reached through `access_pack`."""
    row = InductionPack.objects.filter(pk=pack.pk).values_list("content", flat=True).first()
    return bytes(row or b"")


def pack_for(school: School, school_year: SchoolYear, role: Role | None) -> InductionPack | None:
    """The stored pack of (school, year, role), if any (objects already reached through access helpers)."""
    return packs_for_school(school, school_year).filter(role=role).first()


def packs_for_school(school: School, school_year: SchoolYear) -> QuerySet[InductionPack]:
    return (
        InductionPack.objects.filter(school=school, school_year=school_year)
        .select_related("school", "school_year", "role")
        .defer("content")
    )


def schools_for_packs(actor: Actor, school_year: SchoolYear | None) -> QuerySet[School]:
    """The schools whose pack the actor may prepare in `school_year`: every active school for the
    coordinator, else the schools where they are staff that year (or the current year's principal)."""
    schools = school_selectors.schools_for(actor).filter(is_active=True).order_by("name")
    if induction_packs.can_view_every_school(actor):
        return schools
    if school_year is None:
        return schools.none()
    held = roles_policies.held_school_ids(actor, frozenset({school_year.pk}))
    current = roles_policies.current_year_id(actor)
    principal = roles_policies.principal_school_ids(actor, frozenset({current})) if current else set()
    return schools.filter(pk__in=held | principal)


def roles_for_packs(actor: Actor) -> QuerySet[Role]:
    """The catalog's roles a pack may put first."""
    return roles_for(actor).order_by("order", "name_fi")


def access_role(actor: Actor, pk: object) -> Role:
    return access_in(roles_for(actor, include_inactive=True), pk=pk)
