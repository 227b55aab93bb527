"""The induction pack's writes: ask for a pack (served from storage when nothing in it changed, else
queued for printing) and the print itself, which the Celery task runs."""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from core.errors import ObjectNotFound
from reports.models import InductionPack, PackStatus
from roles.models import Role
from schools.models import School, SchoolYear
from schools.tenancy import Actor

from .document import gather_in_language, pack_filename, page_count, render_content
from .fingerprint import pack_fingerprint
from .policies import induction_packs

logger = logging.getLogger(__name__)

# Stored untranslated and shown through gettext in the reader's language (page and API).
FAILED_MESSAGE = gettext_noop(
    "The induction pack could not be prepared. Try again; if it fails again, tell the city coordinator."
)
# A print queued or started this long ago without finishing is taken for lost (a worker that died):
# asking again queues a new one. Well over the task's time limit.
STALE_AFTER = datetime.timedelta(minutes=10)
IN_PROGRESS = (PackStatus.QUEUED, PackStatus.RENDERING)


def _same_municipality(actor: Actor, school: School, school_year: SchoolYear, role: Role | None) -> None:
    """Another municipality's school, year or role is "not found", as a missing one is."""
    ids = {school.municipality_id, school_year.municipality_id}
    if role is not None:
        ids.add(role.municipality_id)
    if ids != {actor.municipality.pk}:
        raise ObjectNotFound


def request_pack(
    actor: Actor, school: School, school_year: SchoolYear, role: Role | None = None
) -> InductionPack:
    """The pack of (school, year, role): the stored one when its fingerprint still matches what it
    would print (nothing queued), the one already being printed, or a newly queued print.

    The returned pack's `queued` attribute says whether this call queued a print."""
    _same_municipality(actor, school, school_year, role)
    if not induction_packs.can_request(actor, school, school_year):
        raise PermissionDenied
    fingerprint = pack_fingerprint(school, school_year, role)
    now = timezone.now()
    with transaction.atomic():
        pack, _created = (
            InductionPack.objects.select_for_update()
            .defer("content")
            .get_or_create(school=school, school_year=school_year, role=role)
        )
        fresh = pack.fingerprint == fingerprint
        if fresh and pack.status == PackStatus.READY:
            pack.queued = False
            return pack
        recent = pack.requested_at is not None and now - pack.requested_at < STALE_AFTER
        if fresh and pack.status in IN_PROGRESS and recent:
            pack.queued = False
            return pack
        pack.status = PackStatus.QUEUED
        pack.progress = 0
        pack.fingerprint = fingerprint
        pack.requested_by = actor.user
        pack.requested_at = now
        pack.error = ""
        pack.save(
            update_fields=["status", "progress", "fingerprint", "requested_by", "requested_at", "error"]
        )
        from .tasks import render_pack

        pack_id = pack.pk
        transaction.on_commit(lambda: render_pack.delay(pack_id))
    pack.queued = True
    return pack


def _update(pack_id: int, **fields) -> None:
    InductionPack.objects.filter(pk=pack_id).update(**fields)


def pack_render(pack_id: int) -> InductionPack | None:
    """The task's work: print a queued pack and store it, reporting progress (10 started, 40 gathered,
    70 printed, 100 stored). A pack already printed is left alone (a redelivered task); a failure is
    stored as a message, never raised to the worker's retry loop."""
    pack = (
        InductionPack.objects.select_related("school__municipality", "school_year", "role")
        .defer("content")
        .filter(pk=pack_id)
        .first()
    )
    if pack is None or pack.status == PackStatus.READY:
        return pack
    _update(pack.pk, status=PackStatus.RENDERING, progress=10, error="")
    try:
        # What is printed is read now: its fingerprint is taken first, so a change made while
        # printing makes the next request print again rather than be missed.
        fingerprint = pack_fingerprint(pack.school, pack.school_year, pack.role)
        content = gather_in_language(pack.school, pack.school_year, pack.role)
        _update(pack.pk, progress=40)
        pdf = render_content(content)
        _update(pack.pk, progress=70)
        _update(
            pack.pk,
            content=pdf,
            filename=pack_filename(pack.school, pack.school_year, pack.role),
            pages=page_count(pdf),
            fingerprint=fingerprint,
            status=PackStatus.READY,
            progress=100,
            rendered_at=timezone.now(),
        )
    except Exception:  # any failure: the person sees a message and may try again
        logger.exception("induction pack %s could not be printed", pack.pk)
        _update(pack.pk, status=PackStatus.FAILED, error=FAILED_MESSAGE)
    return InductionPack.objects.defer("content").filter(pk=pack.pk).first()
