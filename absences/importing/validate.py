"""Turn parsed rows into day records (one per pupil per date) and collect every row error.

A row is either one absent lesson (class column, no count: 1 lesson), a number of lessons of one class
(class column + `lessons_absent`), or a day's counts (excused/unexcused/other columns). Rows of the
same pupil and date are added up; lessons held of the day is the largest value given on its rows (a
lesson-level export repeats the day's figure on each row). Nothing is written here.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import MAX_LESSONS_PER_DAY, AbsenceClass
from .mapping import COUNT_FIELDS, missing_columns, value_class
from .parse import Parsed

# Errors kept on the import (the page shows the first 100); the count of all is always right.
MAX_STORED_ERRORS = 1000


@dataclass
class DayRecord:
    source_id: str
    date: datetime.date
    lessons_held: int | None = None
    excused: int = 0
    unexcused: int = 0
    other: int = 0
    lines: list[int] = field(default_factory=list)

    @property
    def absent(self) -> int:
        return self.excused + self.unexcused + self.other


@dataclass
class PupilRecord:
    source_id: str
    first_name: str
    last_name: str
    group_name: str
    grade: int | None = None
    teacher_email: str = ""
    line: int = 0


@dataclass
class Validated:
    days: dict[tuple[str, datetime.date], DayRecord]
    pupils: dict[str, PupilRecord]
    errors: list[dict]
    error_count: int
    rows: int

    @property
    def date_range(self) -> tuple[datetime.date, datetime.date] | None:
        if not self.days:
            return None
        dates = [d for _id, d in self.days]
        return min(dates), max(dates)


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_FINNISH = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?:\s.*)?$")


def parse_date(text: str) -> datetime.date | None:
    """ISO (2026-09-01), Finnish (1.9.2026, 01.09.26) and d/m/yyyy; anything else is an error."""
    text = text.strip()
    if len(text) == 10 and text[4] == "-":
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    if m := _ISO.match(text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _FINNISH.match(text):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        y = y + 2000 if y < 100 else y
    else:
        return None
    try:
        return datetime.date(y, mo, d)
    except ValueError:
        return None


def parse_count(text: str) -> int | None:
    """A whole number ("3", "3,0", "3.0"); None when it is not one."""
    if text.isdigit():
        return int(text)
    text = text.strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else None


def validate(
    parsed: Parsed,
    mapping: dict,
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    known_emails: set[str] | None = None,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 5000,
) -> Validated:
    errors: list[dict] = []
    count = 0

    def error(line: int, message: str) -> None:
        nonlocal count
        count += 1
        if len(errors) < MAX_STORED_ERRORS:
            errors.append({"line": line, "message": message})

    problems = missing_columns(mapping, parsed.header)
    if problems:
        for message in problems:
            error(1, message)
        return Validated({}, {}, errors, count, len(parsed.rows))

    index = {name: i for i, name in reversed(list(enumerate(parsed.header)))}
    columns = {key: index[col] for key, col in mapping["columns"].items() if col}
    by_class = "absence_class" in columns
    count_labels = list(zip(COUNT_FIELDS, (_("excused"), _("unexcused"), _("other")), strict=True))
    labels = {"absent": _("lessons absent"), "held": _("lessons held")}
    width = len(parsed.header)
    days: dict[tuple[str, datetime.date], DayRecord] = {}
    pupils: dict[str, PupilRecord] = {}

    for done, (line, cells) in enumerate(parsed.rows, start=1):
        if progress and done % progress_every == 0:
            progress(done)

        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))

        def cell(key: str, cells: list[str] = cells) -> str:
            i = columns.get(key)
            return cells[i] if i is not None else ""

        row_ok = True
        source_id = cell("pupil_id")
        if not source_id:
            error(line, _("The pupil id is empty."))
            row_ok = False
        elif len(source_id) > 64:
            error(line, _("The pupil id is longer than 64 characters."))
            row_ok = False
        date_text = cell("date")
        date = parse_date(date_text)
        if date is None:
            message = _("Unknown date format: %(value)s (use 2026-09-01 or 1.9.2026).")
            error(line, message % {"value": date_text})
            row_ok = False
        elif not starts_on <= date <= ends_on:
            error(
                line,
                _("The date %(date)s is outside the school year (%(start)s–%(end)s).")
                % {"date": date.strftime("%-d.%-m.%Y"), "start": starts_on.strftime("%-d.%-m.%Y"),
                   "end": ends_on.strftime("%-d.%-m.%Y")},
            )  # fmt: skip
            row_ok = False

        counts = {"excused": 0, "unexcused": 0, "other": 0}
        if by_class:
            raw = cell("absence_class")
            klass = value_class(mapping, raw) if raw else None
            if klass not in AbsenceClass.values:
                error(line, _("Unknown absence class: %(value)s.") % {"value": raw or "—"})
                row_ok = False
            absent_text = cell("lessons_absent")
            absent = parse_count(absent_text) if absent_text else 1
            if not _count_ok(line, absent, absent_text, labels["absent"], error):
                row_ok = False
            elif klass in counts:
                counts[klass] = absent or 0
        else:
            for key, label in count_labels:
                text = cell(key)
                value = parse_count(text) if text else 0
                if not _count_ok(line, value, text, label, error):
                    row_ok = False
                else:
                    counts[key] = value or 0
        held_text = cell("lessons_held")
        held = parse_count(held_text) if held_text else None
        if held_text and not _count_ok(line, held, held_text, labels["held"], error):
            row_ok = False
        grade_text = cell("grade")
        grade = parse_count(grade_text) if grade_text else None
        if grade_text and (grade is None or not 0 <= grade <= 13):
            message = _("The grade must be a whole number from 0 to 13: %(value)s.")
            error(line, message % {"value": grade_text})
            row_ok = False
        email = cell("teacher_email").lower()
        if email and known_emails is not None and email not in known_emails:
            error(line, _("No staff member has the e-mail address %(value)s.") % {"value": email})
            row_ok = False
        if not row_ok:
            continue

        if source_id not in pupils:
            first, last, group = cell("first_name"), cell("last_name"), cell("group_name")
            if not first or not last:
                error(line, _("The pupil's first or last name is empty."))
                continue
            pupils[source_id] = PupilRecord(source_id, first[:80], last[:80], group[:40], grade, email, line)
        key = (source_id, date)
        day = days.get(key)
        if day is None:
            day = days[key] = DayRecord(source_id, date)
        day.excused += counts["excused"]
        day.unexcused += counts["unexcused"]
        day.other += counts["other"]
        if held is not None:
            day.lessons_held = max(held, day.lessons_held or 0)
        day.lines.append(line)

    for day in days.values():
        line = day.lines[-1]
        if day.absent > MAX_LESSONS_PER_DAY:
            error(
                line,
                _("%(count)s lessons absent on %(date)s is more than a school day has (%(max)s).")
                % {"count": day.absent, "date": day.date.strftime("%-d.%-m.%Y"), "max": MAX_LESSONS_PER_DAY},
            )
        elif day.lessons_held is not None and day.absent > day.lessons_held:
            error(
                line,
                _("Absences (%(absent)s) are more than the lessons held (%(held)s) on %(date)s.")
                % {"absent": day.absent, "held": day.lessons_held, "date": day.date.strftime("%-d.%-m.%Y")},
            )
    errors.sort(key=lambda e: e["line"])
    if progress:
        progress(len(parsed.rows))
    return Validated(days, pupils, errors, count, len(parsed.rows))


def _count_ok(line: int, value: int | None, text: str, label: str, error: Callable[[int, str], None]) -> bool:
    if value is not None and 0 <= value <= MAX_LESSONS_PER_DAY:
        return True
    if value is None:
        error(line, _("The %(field)s is not a whole number: %(value)s.") % {"field": label, "value": text})
        return False
    if value < 0:
        error(line, _("The %(field)s cannot be negative: %(value)s.") % {"field": label, "value": text})
        return False
    if value > MAX_LESSONS_PER_DAY:
        error(
            line,
            _("The %(field)s (%(value)s) is more than a school day has (%(max)s).")
            % {"field": label, "value": text, "max": MAX_LESSONS_PER_DAY},
        )
        return False
    return True
