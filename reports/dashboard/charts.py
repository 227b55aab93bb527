"""Charts drawn on the server as SVG (no JavaScript; the same markup can go into a PDF).

Accessible: `role="img"` with `<title>` and `<desc>` (aria-labelledby), every bar and point carries its
value as text (colour never carries meaning alone), dark ink on white (contrast well over 4.5:1), and a
hidden value ("<5") is drawn as text, not as a bar.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INK = "#1a1a1a"
BAR = "#1f4e8c"  # 8.9:1 on white
GRID = "#8a8a8a"
FONT = 'font-family="inherit" font-size="13"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # what is written beside the bar ("42 %", "<5", "–")


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart(title: str, description: str, bars: list[Bar], *, maximum: float | None = None) -> SafeString:
    """Horizontal bars, one per school, the value written at the end of each bar."""
    uid = uuid.uuid4().hex[:8]
    label_w, bar_w, value_w, row_h = 230, 340, 70, 24
    width = label_w + bar_w + value_w
    height = max(row_h * len(bars) + 16, 40)
    top = max([b.value for b in bars if b.value is not None] + [maximum or 0, 1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bar-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="t{uid} d{uid}">',
        f'<title id="t{uid}">{escape(title)}</title><desc id="d{uid}">{escape(description)}</desc>',
        f'<line x1="{label_w}" y1="4" x2="{label_w}" y2="{height - 8}" stroke="{GRID}" stroke-width="1"/>',
    ]
    for i, bar in enumerate(bars):
        y = 8 + i * row_h
        name = bar.label if len(bar.label) <= 30 else bar.label[:29] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end" fill="{INK}" {FONT}>'
            f"{escape(name)}</text>"
        )
        length = 0 if bar.value is None else max(bar.value / top * bar_w, 0)
        if length:
            parts.append(
                f'<rect x="{label_w}" y="{y + 2}" width="{length:.1f}" height="{row_h - 8}" fill="{BAR}"/>'
            )
        parts.append(
            f'<text x="{label_w + length + 6:.1f}" y="{y + 14}" fill="{INK}" {FONT}>{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


@dataclass(frozen=True)
class Point:
    label: str  # the school year
    value: float | None
    text: str


def line_chart(title: str, description: str, points: list[Point], *, minimum: float = 0.0) -> SafeString:
    """One line over the school years; each point is marked and labelled with its value; a missing or
    hidden value breaks the line and is written as text."""
    uid = uuid.uuid4().hex[:8]
    width, height, left, right, top_pad, bottom = 360, 180, 44, 44, 24, 36
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    values = [p.value for p in points if p.value is not None]
    top = max(values + [minimum + 1])
    low = min(values + [minimum]) if values else minimum
    span = (top - low) or 1
    step = plot_w / max(len(points) - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart line-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="t{uid} d{uid}">',
        f'<title id="t{uid}">{escape(title)}</title><desc id="d{uid}">{escape(description)}</desc>',
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - right}" y2="{top_pad + plot_h}" '
        f'stroke="{GRID}" stroke-width="1"/>',
    ]
    coords: list[tuple[float, float] | None] = []
    for i, point in enumerate(points):
        x = left + (i * step if len(points) > 1 else plot_w / 2)
        if point.value is None:
            coords.append(None)
            y_text = top_pad + plot_h - 6
        else:
            y = top_pad + plot_h - (point.value - low) / span * plot_h
            coords.append((x, y))
            y_text = y - 8
        parts.append(
            f'<text x="{x:.1f}" y="{y_text:.1f}" text-anchor="middle" fill="{INK}" {FONT}>'
            f"{escape(point.text)}</text>"
        )
        parts.append(
            f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" fill="{INK}" {FONT}>'
            f"{escape(point.label)}</text>"
        )
    segment: list[str] = []
    for c in [*coords, None]:
        if c is None:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{BAR}" stroke-width="2.5"/>'
                )
            segment = []
        else:
            segment.append(f"{c[0]:.1f},{c[1]:.1f}")
    for c in coords:
        if c is not None:
            parts.append(f'<circle cx="{c[0]:.1f}" cy="{c[1]:.1f}" r="4" fill="{BAR}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def _float(value) -> float | None:
    return None if value is None else float(value)


def school_bars(board, column) -> SafeString:
    """A chosen column as bars per school (in the table's order)."""
    from django.utils.translation import gettext as _

    bars = [Bar(r.name, _float(column.sort_value(r)), column.display(r)) for r in board.rows]
    description = _("%(figure)s per school, school year %(year)s. Each bar is labelled with its value.") % {
        "figure": column.label,
        "year": board.school_year.name,
    }
    return bar_chart(column.label, description, bars, maximum=100 if column.unit == "%" else None)


def trend_charts(board) -> list[SafeString]:
    from django.utils.translation import gettext as _

    def describe(label: str, points: list[Point]) -> str:
        values = ", ".join(f"{p.label}: {p.text}" for p in points)
        return _("%(figure)s by school year: %(values)s.") % {"figure": label, "values": values}

    charts = []
    for label, points, minimum in (
        (
            _("Mean evaluation score (1–4)"),
            [
                Point(
                    t.year.name,
                    _float(t.evaluation_mean),
                    "–" if t.evaluation_mean is None else str(t.evaluation_mean),
                )
                for t in board.trend
            ],
            1.0,
        ),
        (
            _("Share of pupils at a support tier"),
            [Point(t.year.name, _float(t.at_tier.value), t.at_tier.text) for t in board.trend],
            0.0,
        ),
        (
            _("Meetings held in the schools' groups"),
            [Point(t.year.name, float(t.meetings_held), str(t.meetings_held)) for t in board.trend],
            0.0,
        ),
    ):
        charts.append(
            {"title": label, "svg": line_chart(label, describe(label, points), points, minimum=minimum)}
        )
    return charts
