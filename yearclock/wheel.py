"""The year wheel: a yearclock drawn as server-side SVG, no JavaScript.

Twelve month sectors, August at the top and going clockwise; inside them one ring per group level
(ordered by the level's order, entries without a level innermost), the entries as arcs across their
months, stacked on tracks where they overlap. The school year's holidays are marked on the outer edge
and the current month is highlighted. Every entry carries the number it has in the month-by-month list
(`entry_numbers`), so the wheel and the list (the accessible equivalent) refer to each other; long
themes are shortened or left to the number when the arc has no room. Nothing depends on colour alone:
rings are told apart by position (the legend names them), done entries are hatched and ticked, skipped
ones dashed, holidays and the current month are also named in the legend.

The output is deterministic (the tests compare structure) and every text is escaped: themes are user text.
"""

from __future__ import annotations

import calendar
import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.dates import MONTHS, MONTHS_AP
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from schools.models import Holiday

from .models import SCHOOL_YEAR_MONTHS, EntryStatus, Yearclock, YearclockEntry, month_position

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
INK = "#1c2529"  # text: 15:1 on white, > 10:1 on every ring tint below
ACCENT = "#0b5563"  # the current month (white text on it: 8:1)
HOLIDAY = "#8a4b00"  # dark enough to stay visible in greyscale
RING_TINTS = ("#d6ebef", "#fbe6cc", "#e3e7f8", "#e3f1d6", "#f6dfe8", "#efe8d8")
NO_LEVEL_TINT = "#eceff1"
LEGEND_ROW = 18


def _f(value: float) -> str:
    """Coordinates with two decimals: deterministic and short."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def entry_numbers(entries: Iterable[YearclockEntry]) -> dict[Any, int]:
    """The number each (not dropped) entry has on the wheel and in the list, in school-year order:
    by first month, then last month, then the entry's own order."""
    shown = [e for e in entries if not getattr(e, "dropped", False)]
    shown.sort(key=lambda e: (month_position(e.start_month), month_position(e.end_month), e.order, e.pk))
    return {e.pk: number for number, e in enumerate(shown, 1)}


def month_name(month: int, *, short: bool = False) -> str:
    return str((MONTHS_AP if short else MONTHS)[month])


def months_label(entry: YearclockEntry) -> str:
    """ "October" or "November–February", in the active language."""
    if entry.start_month == entry.end_month:
        return month_name(entry.start_month)
    return f"{month_name(entry.start_month)}–{month_name(entry.end_month)}"


def _date(day: datetime.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def holiday_label(holiday: Holiday) -> str:
    return f"{holiday} {_date(holiday.starts_on)}–{_date(holiday.ends_on)}"


def _position(day: datetime.date, *, end: bool = False) -> float:
    """Where a day falls on the wheel, in months from the start of August (0–12); `end` counts the
    whole day."""
    days = calendar.monthrange(day.year, day.month)[1]
    return month_position(day.month) + (day.day - (0 if end else 1)) / days


@dataclass
class _Ring:
    label: str
    tint: str
    entries: list[YearclockEntry] = field(default_factory=list)
    tracks: list[list[YearclockEntry]] = field(default_factory=list)


def _span(entry: YearclockEntry) -> tuple[int, int]:
    return month_position(entry.start_month), month_position(entry.end_month)


def _stack(entries: list[YearclockEntry], numbers: dict[Any, int]) -> list[list[YearclockEntry]]:
    """Overlapping entries go on separate tracks (first fit, longest first within a start month)."""
    tracks: list[list[YearclockEntry]] = []
    ordered = sorted(entries, key=lambda e: (_span(e)[0], -(_span(e)[1] - _span(e)[0]), numbers[e.pk]))
    for entry in ordered:
        start, end = _span(entry)
        for track in tracks:
            if all(_span(o)[1] < start or _span(o)[0] > end for o in track):
                track.append(entry)
                break
        else:
            tracks.append([entry])
    return tracks


def _rings(entries: Sequence[YearclockEntry], numbers: dict[Any, int]) -> list[_Ring]:
    by_level: dict[Any, _Ring] = {}
    levels = sorted({e.level for e in entries if e.level_id}, key=lambda lv: (lv.order, lv.pk))
    for i, level in enumerate(levels):
        name = level.name_sv if translation.get_language() == "sv" and level.name_sv else level.name_fi
        by_level[level.pk] = _Ring(label=name, tint=RING_TINTS[i % len(RING_TINTS)])
    rings = list(by_level.values())
    if any(not e.level_id for e in entries):
        rings.append(_Ring(label=_("No group level"), tint=NO_LEVEL_TINT))
    for entry in entries:
        (by_level[entry.level_id] if entry.level_id else rings[-1]).entries.append(entry)
    for ring in rings:
        ring.tracks = _stack(ring.entries, numbers)
    return rings


class _Geometry:
    def __init__(self, size: int) -> None:
        self.size = size
        self.c = size / 2

    def point(self, radius: float, pos: float) -> tuple[float, float]:
        angle = math.radians(pos * 30 - 90)  # 0 = top (August), clockwise
        return self.c + radius * math.cos(angle), self.c + radius * math.sin(angle)

    def sector(self, r0: float, r1: float, p0: float, p1: float) -> str:
        """An annular sector from position p0 to p1 (months) between radii r0 < r1; drawn in two
        halves so that a sector of a whole year is not a degenerate arc."""
        mid = (p0 + p1) / 2
        o0, om, o1 = self.point(r1, p0), self.point(r1, mid), self.point(r1, p1)
        i1, im, i0 = self.point(r0, p1), self.point(r0, mid), self.point(r0, p0)
        r0s, r1s = _f(r0), _f(r1)
        return (
            f"M{_f(o0[0])},{_f(o0[1])} A{r1s},{r1s} 0 0 1 {_f(om[0])},{_f(om[1])} "
            f"A{r1s},{r1s} 0 0 1 {_f(o1[0])},{_f(o1[1])} L{_f(i1[0])},{_f(i1[1])} "
            f"A{r0s},{r0s} 0 0 0 {_f(im[0])},{_f(im[1])} A{r0s},{r0s} 0 0 0 {_f(i0[0])},{_f(i0[1])} Z"
        )

    @staticmethod
    def flipped(pos: float) -> bool:
        """On the lower half text is turned round so that it is never upside down."""
        return 90 < pos * 30 % 360 < 270

    def label_transform(self, radius: float, pos: float, flip: bool | None = None) -> str:
        """Text centred at (radius, pos), along the tangent, never upside down (`flip` as at `pos`
        unless given: the pieces of one label turn alike)."""
        x, y = self.point(radius, pos)
        angle = pos * 30 % 360
        if self.flipped(pos) if flip is None else flip:
            angle -= 180
        return f"translate({_f(x)},{_f(y)}) rotate({_f(angle)})"


def _fit(text: str, room: float, font: float) -> str | None:
    """`text` as much of it fits in `room` pixels (DejaVu Sans averages ~0.6 em a character)."""
    chars = int(room / (font * 0.6))
    if len(text) <= chars:
        return text
    if chars >= 8:
        return text[: chars - 1].rstrip() + "…"
    return None


def _straight_room(r_mid: float, half_band: float, font: float, p0: float, p1: float) -> float:
    """How long a straight label tangent at the arc's middle can be and stay inside the arc."""
    outer = r_mid + half_band - 1.5
    top = r_mid + font * 0.45
    radial = 2 * math.sqrt(max(outer * outer - top * top, 0))
    angular = 2 * r_mid * math.sin(min(math.radians((p1 - p0) * 15), math.pi / 2)) - 8
    return max(min(radial, angular), 0)


def _pieces(
    g: _Geometry, prefix: str, theme: str, r_mid: float, half_band: float, font: float, p0: float, p1: float
) -> list[tuple[str, str]] | None:
    """A label too long for one straight line, as straight pieces following the arc (WeasyPrint has
    no textPath): words packed into pieces that each fit the band, laid side by side around the
    arc's middle. None when they do not fit."""
    char = font * 0.6
    most = int(_straight_room(r_mid, half_band, font, 0, 6) / char)
    pieces: list[list[str]] = [[prefix]]
    for word in theme.split():
        line = " ".join(pieces[-1] + [word])
        if len(line) <= most:
            pieces[-1].append(word)
        elif len(word) <= most:
            pieces.append([word])
        else:
            return None
    widths = [len(" ".join(words)) * char for words in pieces]
    gap = char
    total = (sum(widths) + gap * (len(pieces) - 1)) / r_mid  # radians
    span = math.radians((p1 - p0) * 30)
    if total > span or len(pieces) < 2:
        return None
    mid = (p0 + p1) / 2
    flip = g.flipped(mid)
    direction = -1 if flip else 1
    at = -total / 2
    result = []
    for i, (words, width) in enumerate(zip(pieces, widths, strict=True)):
        centre = mid + direction * math.degrees(at + width / 2 / r_mid) / 30
        at += (width + gap) / r_mid
        text = escape(" ".join(words[1:] if i == 0 else words))
        body = (
            f'<tspan font-weight="bold">{escape(prefix)}</tspan>' + (f" {text}" if text else "")
            if i == 0
            else text
        )
        result.append((g.label_transform(r_mid, centre, flip), body))
    return result


def wheel_svg(
    clock: Yearclock | None,
    entries: Iterable[YearclockEntry],
    *,
    holidays: Iterable[Holiday] = (),
    today: datetime.date | None = None,
    link_prefix: str | None = "#entry-",
    size: int = 640,
    language: str | None = None,
    title: str | None = None,
    id_prefix: str = "yc-wheel",
    numbers: dict[Any, int] | None = None,
) -> SafeString:
    """The year wheel of `clock` (or of a template: `clock=None` and a `title`) as inline SVG.

    `entries` are the clock's entries (dropped ones are left out); `holidays` those of the school
    year; `today` highlights its month when it falls in the school year. Each entry links to
    `{link_prefix}{entry.pk}`; `link_prefix=None` draws plain groups (for the PDF, whose SVG renderer
    draws no shapes inside links). `language` overrides the active one for month names and themes.
    """
    with translation.override(language or translation.get_language()):
        return _wheel(
            clock, list(entries), list(holidays), today, link_prefix, size, title, id_prefix, numbers
        )


def _wheel(
    clock: Yearclock | None,
    entries: list[YearclockEntry],
    holidays: list[Holiday],
    today: datetime.date | None,
    link_prefix: str | None,
    size: int,
    title: str | None,
    pid: str,
    numbers: dict[Any, int] | None,
) -> SafeString:
    shown = [e for e in entries if not e.dropped]
    numbers = numbers if numbers is not None else entry_numbers(shown)
    rings = _rings(shown, numbers)
    g = _Geometry(size)
    scale = size / 640

    # Radii, outside in: the holiday edge, the month names, the level rings, the hub.
    r_edge = g.c - 4 * scale
    r_holiday = r_edge - 9 * scale
    r_month = r_holiday - 34 * scale
    r_hub_min = 62 * scale
    ring_gap = 5 * scale
    total_tracks = sum(len(ring.tracks) for ring in rings) or 1
    room = r_month - 6 * scale - r_hub_min - ring_gap * len(rings)
    track = min(30 * scale, room / total_tracks)
    font = max(min(track * 0.5, 11.5 * scale), 7)

    current = None
    if today is not None and (clock is None or clock.school_year.contains(today)):
        current = today.month

    if title is None and clock is not None:
        title = _("Year wheel of %(school)s %(year)s") % {
            "school": clock.school.name,
            "year": clock.school_year.name,
        }
    title = title or _("Year wheel")
    summary = _(
        "%(count)s entries from August to July in %(rings)s rings by group level; "
        "the list below has the same content."
    ) % {"count": len(shown), "rings": len(rings)}
    if current is not None:
        summary += " " + _("The current month, %(month)s, is highlighted.") % {"month": month_name(current)}
    if holidays:
        summary += " " + _("Holidays: %(list)s.") % {"list": ", ".join(holiday_label(h) for h in holidays)}

    legend_rows = max(len(rings), 3 + len(holidays))
    height = size + (12 + legend_rows * LEGEND_ROW) * scale
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="yearclock-wheel" viewBox="0 0 {size} {_f(height)}" '
        f'width="{size}" height="{_f(height)}" role="group" '
        f'aria-labelledby="{pid}-title {pid}-desc" font-family="{FONT}" fill="{INK}">',
        f'<title id="{pid}-title">{escape(title)}</title>',
        f'<desc id="{pid}-desc">{escape(summary)}</desc>',
        "<defs>",
        f'<pattern id="{pid}-done" patternUnits="userSpaceOnUse" width="6" height="6" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<rect width="2" height="6" fill="#c3ced2"/></pattern>',
        "</defs>",
        f'<rect width="{size}" height="{_f(height)}" fill="#ffffff"/>',
    ]

    # Month sectors with their names; the current one dark.
    short = size < 520
    out.append('<g class="months">')
    for pos, month in enumerate(SCHOOL_YEAR_MONTHS):
        is_current = month == current
        fill = ACCENT if is_current else ("#f2f5f6" if pos % 2 else "#e4eaec")
        css = "month current" if is_current else "month"
        out.append(
            f'<g class="{css}" data-month="{month}">'
            f'<path d="{g.sector(r_hub_min, r_month, pos, pos + 1)}" fill="#ffffff" stroke="#b7c4c8" '
            f'stroke-width="{_f(0.8 * scale)}"/>'
            f'<path d="{g.sector(r_month, r_holiday, pos, pos + 1)}" fill="{fill}" stroke="#ffffff" '
            f'stroke-width="{_f(1.5 * scale)}"/>'
            f'<text transform="{g.label_transform((r_month + r_holiday) / 2, pos + 0.5)}" '
            f'text-anchor="middle" dominant-baseline="central" font-size="{_f(13 * scale)}" '
            f'font-weight="{"bold" if is_current else "normal"}" fill="{"#ffffff" if is_current else INK}">'
            f"{escape(month_name(month, short=short))}</text></g>"
        )
    out.append("</g>")
    if current is not None:
        pos = month_position(current)
        out.append(
            f'<path class="current-month" d="{g.sector(r_hub_min, r_month, pos, pos + 1)}" '
            f'fill="{ACCENT}" fill-opacity="0.07" stroke="{ACCENT}" stroke-width="{_f(2.5 * scale)}"/>'
        )

    # The holiday edge.
    out.append(
        f'<g class="holidays"><circle cx="{_f(g.c)}" cy="{_f(g.c)}" r="{_f((r_holiday + r_edge) / 2)}" '
        f'fill="none" stroke="#d5dde0" stroke-width="{_f(r_edge - r_holiday)}"/>'
    )
    for holiday in holidays:
        p0 = max(_position(holiday.starts_on), 0)
        p1 = min(_position(holiday.ends_on, end=True), 12)
        if p1 <= p0:
            continue
        p1 = max(p1, p0 + 0.08)  # a single day stays visible
        out.append(
            f'<path class="holiday" d="{g.sector(r_holiday, r_edge, p0, p1)}" fill="{HOLIDAY}">'
            f"<title>{escape(holiday_label(holiday))}</title></path>"
        )
    out.append("</g>")

    # The level rings, outermost first.
    radius = r_month - 6 * scale
    ring_bounds: list[tuple[float, float]] = []
    out.append('<g class="entries">')
    for ring_no, ring in enumerate(rings, 1):
        outer = radius
        out.append(f'<g class="ring" data-ring="{ring_no}">')
        for track_entries in ring.tracks:
            r1, r0 = radius, radius - track
            radius = r0
            for entry in track_entries:
                out.append(_entry(g, entry, numbers[entry.pk], r0, r1, font, scale, ring, link_prefix, pid))
        out.append("</g>")
        ring_bounds.append((radius, outer))
        radius -= ring_gap
    out.append("</g>")
    # Ring separators: thin circles, so the rings read apart in greyscale too.
    for _r0, r1 in ring_bounds:
        out.append(
            f'<circle class="ring-edge" cx="{_f(g.c)}" cy="{_f(g.c)}" r="{_f(r1 + ring_gap / 2)}" '
            f'fill="none" stroke="#8aa0a7" stroke-width="{_f(0.6 * scale)}" stroke-dasharray="2 3"/>'
        )

    # The hub: the school year.
    hub = max(radius + ring_gap - 2 * scale, r_hub_min)
    out.append(
        f'<circle cx="{_f(g.c)}" cy="{_f(g.c)}" r="{_f(hub * 0.9)}" fill="#ffffff" stroke="#b7c4c8" '
        f'stroke-width="{_f(scale)}"/>'
    )
    hub_text = clock.school_year.name if clock is not None else ""
    if hub_text:
        out.append(
            f'<text x="{_f(g.c)}" y="{_f(g.c)}" text-anchor="middle" dominant-baseline="central" '
            f'font-size="{_f(15 * scale)}" font-weight="bold">{escape(hub_text)}</text>'
        )

    out.append(_legend(rings, holidays, current, size, scale, pid))
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308  (every text above is escaped)


def _entry(
    g: _Geometry,
    entry: YearclockEntry,
    number: int,
    r0: float,
    r1: float,
    font: float,
    scale: float,
    ring: _Ring,
    link_prefix: str | None,
    pid: str,
) -> str:
    p0, p1 = _span(entry)
    p1 += 1
    pad = 0.025
    theme = str(entry.localized_theme)
    status = entry.status
    done = status == EntryStatus.DONE
    skipped = status == EntryStatus.SKIPPED
    state = ""
    if done:
        state = _("done")
    elif skipped:
        state = _("skipped")
    elif status == EntryStatus.IN_PROGRESS:
        state = _("in progress")
    described = f"{number}. {theme}, {months_label(entry)}, {ring.label}"
    if entry.weeks:
        described += ", " + _("weeks %(weeks)s") % {"weeks": ", ".join(str(w) for w in entry.weeks)}
    if state:
        described += f" ({state})"
    fill = f"url(#{pid}-done)" if done else ("#ffffff" if skipped else ring.tint)
    dash = f' stroke-dasharray="{_f(4 * scale)} {_f(3 * scale)}"' if skipped else ""
    shape = (
        f'<path d="{g.sector(r0 + 1 * scale, r1 - 1 * scale, p0 + pad, p1 - pad)}" fill="{fill}" '
        f'stroke="#3b5159" stroke-width="{_f(0.9 * scale)}"{dash}/>'
    )
    r_mid = (r0 + r1) / 2
    prefix = ("✓ " if done else "") + f"{number}"
    # The theme in full at up to a fifth smaller type, else shortened, else the number alone.
    size, text, pieces = font, None, None
    for candidate in (font, font * 0.9, font * 0.8):
        fitted = _fit(
            theme,
            _straight_room(r_mid, (r1 - r0) / 2, candidate, p0, p1) - candidate * 0.6 * (len(prefix) + 1),
            candidate,
        )
        if fitted == theme:
            size, text = candidate, theme
            break
    if text is None:
        for candidate in (font, font * 0.9, font * 0.8):
            pieces = _pieces(g, prefix, theme, r_mid, (r1 - r0) / 2, candidate, p0 + pad, p1 - pad)
            if pieces is not None:
                label = "".join(
                    f'<text transform="{transform}" text-anchor="middle" dominant-baseline="central" '
                    f'font-size="{_f(candidate)}">{body}</text>'
                    for transform, body in pieces
                )
                break
        else:
            text = _fit(
                theme,
                _straight_room(r_mid, (r1 - r0) / 2, font, p0, p1) - font * 0.6 * (len(prefix) + 1),
                font,
            )
    if text is not None or pieces is None:
        body = f'<tspan font-weight="bold">{escape(prefix)}</tspan>'
        if text:
            body += f" {escape(text)}"
        label = (
            f'<text transform="{g.label_transform(r_mid, (p0 + p1) / 2)}" text-anchor="middle" '
            f'dominant-baseline="central" font-size="{_f(size)}">{body}</text>'
        )
    css = f"entry status-{status}" + (" evaluation" if entry.is_evaluation else "")
    inner = f"<title>{escape(described)}</title>{shape}{label}"
    if link_prefix is None:
        return f'<g class="{css}" data-entry="{entry.pk}">{inner}</g>'
    href = escape(f"{link_prefix}{entry.pk}")
    return (
        f'<a class="{css}" data-entry="{entry.pk}" href="{href}" aria-label="{escape(described)}">{inner}</a>'
    )


def _legend(
    rings: list[_Ring], holidays: list[Holiday], current: int | None, size: int, scale: float, pid: str
) -> str:
    row = LEGEND_ROW * scale
    top = size + 8 * scale
    sw = 14 * scale
    fs = _f(11 * scale)
    out = ['<g class="legend">']

    def swatch(x: float, y: float, fill: str, extra: str = "") -> str:
        return (
            f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(sw)}" height="{_f(sw * 0.8)}" fill="{fill}" '
            f'stroke="#3b5159" stroke-width="{_f(0.8 * scale)}"{extra}/>'
        )

    def text(x: float, y: float, value: str) -> str:
        return f'<text x="{_f(x)}" y="{_f(y + sw * 0.7)}" font-size="{fs}">{escape(value)}</text>'

    x = 10 * scale
    for i, ring in enumerate(rings):
        y = top + i * row
        label = (_("Outer ring") if i == 0 else _("Ring %(number)s") % {"number": i + 1}) + f": {ring.label}"
        out.append(swatch(x, y, ring.tint) + text(x + sw + 6 * scale, y, label))
    x = size * 0.56
    items = [
        (f"url(#{pid}-done)", "", "✓ " + _("Done")),
        ("#ffffff", f' stroke-dasharray="{_f(3 * scale)} {_f(2 * scale)}"', _("Skipped")),
    ]
    if current is not None:
        items.append((ACCENT, "", _("Current month: %(month)s") % {"month": month_name(current)}))
    for i, (fill, extra, label) in enumerate(items):
        y = top + i * row
        out.append(swatch(x, y, fill, extra) + text(x + sw + 6 * scale, y, label))
    for i, holiday in enumerate(holidays):
        y = top + (len(items) + i) * row
        out.append(swatch(x, y, HOLIDAY) + text(x + sw + 6 * scale, y, holiday_label(holiday)))
    out.append("</g>")
    return "".join(out)
