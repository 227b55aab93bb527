"""The school's yearly plan as a printable document: the year wheel on the first page, then the month-by-month
list (August → July) with owners and participants.

Tagged PDF/UA-1 like the roles tool's and the minutes. The plan is the school's document: it is printed in
the school's language, not the reader's. Everything comes from a constant number of queries, however
many entries the yearclock has.
"""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.content import localized
from core.pdf import css_page_counter, css_string, render_pdf
from schools.models import Holiday, Language, User

from .models import SCHOOL_YEAR_MONTHS, EntryStatus, EvaluationSource, Yearclock, YearclockEntry
from .selectors import entries_of
from .wheel import entry_numbers, holiday_label, month_name, months_label, wheel_svg

TEMPLATE = "yearclock/pdf/plan.html"
PDF_VARIANT = "pdf/ua-1"


def plan_language(clock: Yearclock) -> str:
    """The school's language of instruction."""
    return Language.SWEDISH if clock.school.language == Language.SWEDISH else Language.FINNISH


def _user_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email


def _paragraphs(text: str) -> list[str]:
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


def _month_bounds(clock: Yearclock, month: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a school-year month (August–December in the year the school year starts)."""
    year = clock.school_year.starts_on.year + (0 if month >= SCHOOL_YEAR_MONTHS[0] else 1)
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def _entry(entry: YearclockEntry, number: int, language: str) -> dict[str, Any]:
    sources = dict(EvaluationSource.choices)
    return {
        "number": number,
        "anchor": f"entry-{entry.pk}",
        "theme": entry.localized_theme,
        "description": _paragraphs(entry.localized_description),
        "months": months_label(entry),
        "weeks": ", ".join(str(w) for w in entry.weeks),
        "level": localized(entry.level.name_fi, entry.level.name_sv, language) if entry.level_id else "",
        "roles": [localized(r.name_fi, r.name_sv, language) for r in entry.roles.all()],
        "owner": _user_name(entry.owner),
        "participants": entry.participants,
        "status": entry.get_status_display(),
        "done": entry.status == EntryStatus.DONE,
        "skip_reason": entry.skip_reason,
        "sources": [str(sources.get(s, s)) for s in entry.evaluation_sources],
        "is_evaluation": entry.is_evaluation,
        "from_city": entry.source == "city",
    }


def _load(clock: Yearclock) -> tuple[Yearclock, list[YearclockEntry], list[Holiday]]:
    clock = Yearclock.objects.select_related("school__municipality", "school_year").get(pk=clock.pk)
    entries = list(entries_of(clock, include_dropped=False))
    holidays = list(Holiday.objects.filter(school_year=clock.school_year).order_by("starts_on", "pk"))
    return clock, entries, holidays


def plan_context(clock: Yearclock, *, today: datetime.date | None = None) -> dict[str, Any]:
    """Everything the plan prints; headings follow the active language (`plan_pdf` sets the school's)."""
    return _context(*_load(clock), today=today)


def _context(
    clock: Yearclock, entries: list[YearclockEntry], holidays: list[Holiday], *, today: datetime.date | None
) -> dict[str, Any]:
    language = plan_language(clock)
    numbers = entry_numbers(entries)
    ordered = sorted(entries, key=lambda e: numbers[e.pk])
    rows = {e.pk: _entry(e, numbers[e.pk], language) for e in ordered}
    months = []
    for month in SCHOOL_YEAR_MONTHS:
        first, last = _month_bounds(clock, month)
        months.append(
            {
                "month": month,
                "name": month_name(month),
                # An entry is written out in its first month; later months refer to it by number.
                "entries": [rows[e.pk] for e in ordered if e.start_month == month],
                "continuing": [rows[e.pk] for e in ordered if e.start_month != month and e.covers(month)],
                "holidays": [
                    holiday_label(h) for h in holidays if h.starts_on <= last and h.ends_on >= first
                ],
            }
        )
    heading = _("Wellbeing yearclock")
    school = clock.school.name
    year = clock.school_year.name
    return {
        "lang": language,
        "heading": heading,
        "school": school,
        "school_year": year,
        "wheel": wheel_svg(
            clock,
            ordered,
            holidays=holidays,
            today=today,
            link_prefix=None,  # WeasyPrint's SVG draws no shapes inside links
            language=language,
            numbers=numbers,
            id_prefix="plan-wheel",
        ),
        "count": len(ordered),
        "months": months,
        "css_header": css_string(f"{school} · {year}"),
        "css_title": css_string(heading),
        "css_page_counter": css_page_counter(),
    }


def plan_pdf(clock: Yearclock, *, base_url: str | None = None, today: datetime.date | None = None) -> bytes:
    """The school's yearly plan as a tagged PDF (PDF/UA-1) in the school's language."""
    clock, entries, holidays = _load(clock)
    with translation.override(plan_language(clock)):
        context = _context(clock, entries, holidays, today=today)
        return render_pdf(TEMPLATE, context, base_url=base_url or settings.SITE_URL, pdf_variant=PDF_VARIANT)


def plan_filename(clock: Yearclock) -> str:
    """`vuosikello-<school>-2026-2027.pdf` (`arsklocka-` for a Swedish school): ASCII only, safe in a
    Content-Disposition header."""
    prefix = "arsklocka" if plan_language(clock) == Language.SWEDISH else "vuosikello"
    school = slugify(clock.school.name) or "koulu"
    year = f"{clock.school_year.starts_on.year}-{clock.school_year.ends_on.year}"
    return f"{prefix}-{school}-{year}.pdf"
