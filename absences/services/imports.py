"""Absence imports: upload (preview), the column mapping, the preview itself, confirmation (a Celery
task does the import) and the import run. The principal of the school imports (`pupils.can_import`).

Every refusal is a ValidationError (a form error / 400) or PermissionDenied (403), and writes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.models import School, SchoolYear
from schools.tenancy import Actor

from .. import access_log, policies
from ..importing import commit, mapping
from ..importing.parse import ParseError, parse
from ..importing.validate import DayRecord, validate
from ..models import AbsenceImport, AccessAction, ColumnMapping, ImportState, Pupil

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
PREVIEW_ROWS = 20
PREVIEW_ERRORS = 100


def max_bytes() -> int:
    return int(getattr(settings, "ABSENCE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _refuse(message: str, code: str = "invalid") -> None:
    raise ValidationError(message, code=code)


def import_upload(
    actor: Actor, school: School, school_year: SchoolYear, filename: str, content: bytes
) -> AbsenceImport:
    """Read the file far enough to know its format, and keep it as an import waiting in preview with a
    guessed (or the school's remembered) mapping. Nothing about pupils is written yet."""
    if (
        school.municipality_id != actor.municipality.pk
        or school_year.municipality_id != actor.municipality.pk
    ):
        _refuse(_("Choose a school and a school year of your municipality."))
    if not policies.pupils.can_import(actor, school):
        raise PermissionDenied
    if len(content) > max_bytes():
        _refuse(
            _("The file is too large (%(size)s): at most %(max)s.")
            % {"size": filesizeformat(len(content)), "max": filesizeformat(max_bytes())},
            "too_large",
        )
    if not content:
        _refuse(_("The file is empty."), "empty")
    digest = hashlib.sha256(content).hexdigest()
    imp = AbsenceImport(
        municipality=actor.municipality,
        school=school,
        school_year=school_year,
        uploaded_by=actor.user,
        filename=(filename or "absences.csv")[-200:],
        sha256=digest,
        content=content,
    )
    previous = commit.already_imported(imp)
    if previous is not None:
        _refuse(
            _("This file was already imported on %(date)s: nothing new to import.")
            % {"date": timezone.localtime(previous.finished_at).strftime("%-d.%-m.%Y %H:%M")},
            "duplicate",
        )
    try:
        parsed = parse(imp.filename, content)
    except ParseError as error:
        _refuse(str(error), "unreadable")
    remembered = ColumnMapping.objects.filter(school=school).values_list("mapping", flat=True).first()
    imp.encoding = parsed.encoding
    imp.delimiter = parsed.delimiter
    imp.mapping = mapping.guess(parsed.header, remembered)
    imp.rows_total = len(parsed.rows)
    imp.save()
    return imp


def _editable(actor: Actor, imp: AbsenceImport) -> None:
    if not policies.pupils.can_import(actor, imp.school):
        raise PermissionDenied
    if imp.state != ImportState.PREVIEW:
        _refuse(_("This import is no longer waiting for confirmation."), "state")


@transaction.atomic
def import_set_mapping(actor: Actor, imp: AbsenceImport, new_mapping: dict) -> AbsenceImport:
    """Set the import's mapping and remember it for the school's next files."""
    _editable(actor, imp)
    cleaned = mapping.clean(new_mapping)
    imp.mapping = cleaned
    AbsenceImport.objects.filter(pk=imp.pk).update(mapping=cleaned)
    ColumnMapping.objects.update_or_create(school=imp.school, defaults={"mapping": cleaned})
    return imp


@dataclass
class Preview:
    header: list[str]
    rows: int
    days: list[DayRecord]
    day_count: int
    pupils_new: list[str]
    pupils_existing: int
    names: dict[str, str]
    date_first: object = None
    date_last: object = None
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    mapping_problems: list[str] = field(default_factory=list)
    class_values: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and self.day_count > 0


def _content(imp: AbsenceImport) -> bytes:
    if "content" in imp.get_deferred_fields():
        imp.refresh_from_db(fields=["content"])
    return bytes(imp.content)


def import_preview(imp: AbsenceImport) -> Preview:
    """What confirming would import: the first day records, the counts and every row error."""
    try:
        parsed = parse(imp.filename, _content(imp))
    except ParseError as error:
        return Preview([], 0, [], 0, [], 0, {}, errors=[{"line": 0, "message": str(error)}], error_count=1)
    checked = validate(
        parsed,
        imp.mapping,
        starts_on=imp.school_year.starts_on,
        ends_on=imp.school_year.ends_on,
        known_emails=set(commit.staff_emails(imp.municipality_id)),
    )
    known = set(
        Pupil.objects.filter(school_id=imp.school_id, source_id__in=list(checked.pupils)).values_list(
            "source_id", flat=True
        )
    )
    new = sorted(set(checked.pupils) - known)
    span = checked.date_range
    class_column = (imp.mapping.get("columns") or {}).get("absence_class")
    class_values: list[str] = []
    if class_column in parsed.header:
        i = parsed.header.index(class_column)
        class_values = sorted({cells[i].strip() for _line, cells in parsed.rows if i < len(cells)} - {""})[
            :50
        ]
    return Preview(
        header=parsed.header,
        rows=checked.rows,
        days=list(checked.days.values())[:PREVIEW_ROWS],
        day_count=len(checked.days),
        pupils_new=new,
        pupils_existing=len(known),
        names={p.source_id: f"{p.first_name} {p.last_name}" for p in checked.pupils.values()},
        date_first=span[0] if span else None,
        date_last=span[1] if span else None,
        errors=checked.errors[:PREVIEW_ERRORS],
        error_count=checked.error_count,
        mapping_problems=mapping.missing_columns(imp.mapping, parsed.header),
        class_values=class_values,
    )


def import_confirm(actor: Actor, imp: AbsenceImport) -> AbsenceImport:
    """Queue the import (refused while the preview has errors); the task writes it all or nothing."""
    with transaction.atomic():
        locked = AbsenceImport.objects.select_for_update().defer("content").get(pk=imp.pk)
        _editable(actor, locked)
        preview = import_preview(locked)
        if preview.error_count:
            _refuse(
                _("The file has %(count)s errors: correct them (or the mapping) and upload it again.")
                % {"count": preview.error_count},
                "errors",
            )
        if not preview.day_count:
            _refuse(_("The file has no absence rows to import."), "empty")
        AbsenceImport.objects.filter(pk=imp.pk).update(state=ImportState.QUEUED, rows_done=0)
        access_log.record(
            actor,
            f"absence import {imp.pk}: {imp.filename}",
            action=AccessAction.CHANGE,
            school_id=imp.school_id,
        )
        from ..tasks import run_import

        transaction.on_commit(lambda: run_import.delay(imp.pk))
    imp.state = ImportState.QUEUED
    imp.rows_done = 0
    return imp


def import_run(import_id: int) -> AbsenceImport | None:
    """The task's work: run a queued import once (a done or missing import is left alone)."""
    imp = AbsenceImport.objects.select_related("school", "school_year").filter(pk=import_id).first()
    if imp is None or imp.state not in (ImportState.QUEUED, ImportState.RUNNING):
        return imp
    return commit.run(imp)
