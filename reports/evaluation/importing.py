"""Indicator figures imported by CSV (e.g. the school health survey's results per school and year).

The file: UTF-8 (a byte-order mark is fine), `;` or `,` between columns, at most 2 MB. The heading row
names the columns `school` (the school's name as in Yhdessä, case-insensitive, or its id), `school_year`
(e.g. `2025–2026`, `2025-2026` or the start year `2025`), then one column per indicator code. A value is
a number with `.` or `,` as the decimal mark (at most two decimals); an empty cell is skipped. Every row
is checked before anything is written: one error anywhere and nothing is imported; otherwise every
value is written (new or replacing the stored one) in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record as audit_record
from schools.models import School, SchoolYear
from schools.tenancy import Actor

from ..models import Indicator, IndicatorValue
from . import policies

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# DecimalField(max_digits=12, decimal_places=2)
MAX_ABS = Decimal("9999999999.99")
NUMBER = re.compile(r"^-?[0-9]+([.,][0-9]{1,2})?$")
YEAR = re.compile(r"^([0-9]{4})(?:\s*[-–—/]\s*([0-9]{4}))?$")


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    values: list[IndicatorValue] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def too_large() -> str:
    return _("The file is larger than 2 MB.")


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def parse(actor: Actor, data: bytes) -> ImportResult:
    """Check the whole file; `values` holds what would be written when there are no errors."""
    result = ImportResult()
    if len(data) > MAX_BYTES:
        result.errors.append(_("The file is larger than 2 MB."))
        return result
    text = _decode(data)
    if text is None:
        result.errors.append(_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))
        return result
    if "\x00" in text:
        result.errors.append(_("The file is not a CSV text file."))
        return result
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        result.errors.append(_("The file is empty."))
        return result
    header_line = lines[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") and ";" in header_line else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [h.strip().lower() for h in rows[0]]
    if len(rows) - 1 > MAX_ROWS:
        result.errors.append(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
        return result
    if "school" not in header or "school_year" not in header:
        result.errors.append(
            _("The heading row must name the columns school and school_year (separated by ; or ,).")
        )
        return result
    if len(set(header)) != len(header):
        result.errors.append(_("A column appears twice in the heading row."))
        return result
    indicators = {i.code: i for i in Indicator.objects.filter(municipality=actor.municipality)}
    codes = [h for h in header if h not in ("school", "school_year")]
    unknown = [c for c in codes if c not in indicators]
    if unknown:
        result.errors.append(
            _("Unknown indicator codes in the heading row: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    if not codes:
        result.errors.append(_("The file has no indicator columns."))
    if result.errors:
        return result
    schools = list(School.objects.filter(municipality=actor.municipality))
    by_name = {s.name.casefold(): s for s in schools}
    by_id = {str(s.pk): s for s in schools}
    years = list(SchoolYear.objects.filter(municipality=actor.municipality))
    by_start = {y.starts_on.year: y for y in years}
    i_school, i_year = header.index("school"), header.index("school_year")
    seen: dict[tuple[int, int], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            result.errors.append(
                _("Row %(row)s: %(found)s columns, the heading row has %(expected)s.")
                % {"row": number, "found": len(row), "expected": len(header)}
            )
            continue
        raw_school, raw_year = row[i_school].strip(), row[i_year].strip()
        school = by_id.get(raw_school) if raw_school.isascii() and raw_school.isdigit() else None
        school = school or by_name.get(raw_school.casefold())
        if school is None:
            result.errors.append(
                _("Row %(row)s: no school %(school)s in your municipality.")
                % {"row": number, "school": raw_school[:80]}
            )
        match = YEAR.match(raw_year)
        year = by_start.get(int(match.group(1))) if match else None
        if match and match.group(2) and year and int(match.group(2)) != year.ends_on.year:
            year = None
        if year is None:
            result.errors.append(
                _("Row %(row)s: no school year %(year)s in your municipality.")
                % {"row": number, "year": raw_year[:20]}
            )
        if school is None or year is None:
            continue
        if (school.pk, year.pk) in seen:
            result.errors.append(
                _("Row %(row)s: %(school)s %(year)s is already on row %(first)s.")
                % {
                    "row": number,
                    "school": school.name,
                    "year": year.name,
                    "first": seen[(school.pk, year.pk)],
                }
            )
            continue
        seen[(school.pk, year.pk)] = number
        for index, code in enumerate(header):
            if code in ("school", "school_year"):
                continue
            cell = row[index].strip().replace("\u00a0", "").replace(" ", "")
            if not cell:
                continue
            value = _number(cell)
            if value is None:
                result.errors.append(
                    _("Row %(row)s, column %(column)s: %(value)s is not a number.")
                    % {"row": number, "column": code, "value": row[index].strip()[:30]}
                )
                continue
            if abs(value) > MAX_ABS:
                result.errors.append(
                    _("Row %(row)s, column %(column)s: the number is too large.")
                    % {"row": number, "column": code}
                )
                continue
            result.values.append(
                IndicatorValue(indicator=indicators[code], school=school, school_year=year, value=value)
            )
    if not result.errors and not result.values:
        result.errors.append(_("The file has no values to import."))
    if result.errors:
        result.values = []
    return result


def _number(cell: str) -> Decimal | None:
    # ASCII digits only: "²" or "٣" are digits to Python, not to us.
    if not cell.isascii() or not NUMBER.match(cell):
        return None
    try:
        return Decimal(cell.replace(",", "."))
    except InvalidOperation:
        return None


@transaction.atomic
def indicator_import(*, actor: Actor, data: bytes) -> ImportResult:
    """Check the file and, when every row is valid, write every value in one transaction (bulk upsert)."""
    policies.indicators.require(actor, "import")
    result = parse(actor, data)
    if not result.ok:
        return result
    existing = {
        (v.indicator_id, v.school_id, v.school_year_id): v
        for v in IndicatorValue.objects.select_for_update().filter(
            indicator__municipality=actor.municipality,
            school_year_id__in={v.school_year_id for v in result.values},
        )
    }
    to_create, to_update = [], []
    now = timezone.now()
    for value in result.values:
        stored = existing.get((value.indicator_id, value.school_id, value.school_year_id))
        if stored is None:
            to_create.append(value)
        else:
            stored.value = value.value
            stored.imported_at = now
            to_update.append(stored)
    IndicatorValue.objects.bulk_create(to_create)
    IndicatorValue.objects.bulk_update(to_update, ["value", "imported_at"])
    result.created, result.updated = len(to_create), len(to_update)
    audit_record(
        actor_user=actor.user,
        municipality=actor.municipality,
        obj=actor.municipality,
        action=AuditAction.UPDATED,
        before=None,
        after={"indicator_values_created": result.created, "indicator_values_updated": result.updated},
    )
    return result
