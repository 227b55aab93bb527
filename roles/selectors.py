"""Reads of the role catalog, scoped to the actor's municipality."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from schools.tenancy import Actor

from .models import Role


def roles_for(actor: Actor, *, include_inactive: bool = False) -> QuerySet[Role]:
    qs = Role.objects.filter(municipality=actor.municipality)
    return qs if include_inactive else qs.filter(is_active=True)


def staff_roles_for(actor: Actor) -> QuerySet[Role]:
    return roles_for(actor).filter(is_staff_role=True)


def get_role(actor: Actor, pk: object) -> Role:
    return get_object_or_404(
        roles_for(actor, include_inactive=True).prefetch_related("responsibilities"), pk=pk
    )
