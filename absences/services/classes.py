"""The school's class settings for a school year: grade, homeroom teacher and lessons a week, used when
the absence file does not say (the share of lessons needs lessons held). The principal's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.text import validate_one_line
from roles.models import StaffAssignment
from schools.models import School, SchoolYear
from schools.tenancy import Actor

from .. import policies
from ..models import ClassSetting


def _int_or_none(value: object, low: int, high: int, message: str, errors: list[str]) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = low - 1
    if not low <= number <= high:
        errors.append(message)
        return None
    return number


@transaction.atomic
def class_settings_save(
    actor: Actor, school: School, school_year: SchoolYear, rows: Iterable[Mapping[str, Any]]
) -> list[ClassSetting]:
    """Save the rows (one per class; a row without a class name is skipped). The homeroom teacher must
    be on the school's staff in that school year. All rows or none."""
    if (
        school.municipality_id != actor.municipality.pk
        or school_year.municipality_id != actor.municipality.pk
    ):
        raise PermissionDenied(_("You do not have permission to do this."))
    if not policies.pupils.can_import(actor, school):
        raise PermissionDenied(_("You do not have permission to do this."))
    staff_ids = set(
        StaffAssignment.objects.filter(school=school, school_year=school_year).values_list(
            "user_id", flat=True
        )
    )
    errors: list[str] = []
    cleaned: dict[str, dict[str, Any]] = {}
    for number, row in enumerate(rows, start=1):
        name = str(row.get("group_name") or "").strip()
        if not name:
            continue
        problems: list[str] = []
        try:
            validate_one_line(name)
        except ValidationError:
            problems.append(_("the class name must be one line"))
        if len(name) > 40:
            problems.append(_("the class name is too long"))
        if name.casefold() in {key.casefold() for key in cleaned}:
            problems.append(_("the class is listed twice"))
        grade = _int_or_none(row.get("grade"), 0, 13, _("the grade must be 0–13"), problems)
        weekly = _int_or_none(
            row.get("weekly_lessons"), 1, 60, _("the lessons a week must be 1–60"), problems
        )
        teacher = row.get("homeroom_teacher")
        teacher_id = getattr(teacher, "pk", teacher) or None
        if teacher_id is not None:
            try:
                teacher_id = int(teacher_id)
            except (TypeError, ValueError):
                teacher_id = -1
            if teacher_id not in staff_ids:
                problems.append(_("the homeroom teacher must be on the school's staff this school year"))
        if problems:
            errors.append(
                _("Row %(number)d (%(name)s): %(problems)s.")
                % {"number": number, "name": name, "problems": "; ".join(str(p) for p in problems)}
            )
            continue
        cleaned[name] = {"grade": grade, "weekly_lessons": weekly, "homeroom_teacher_id": teacher_id}
    if errors:
        raise ValidationError(errors)
    saved = []
    for name, values in cleaned.items():
        setting, _created = ClassSetting.objects.update_or_create(
            school=school, school_year=school_year, group_name=name, defaults=values
        )
        saved.append(setting)
    return saved
