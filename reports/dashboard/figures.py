"""The figures of the city's dashboard and a school's overview: one row per school for a school year.

Each family of figures is one aggregate query over all the schools at once (values()/annotate), never a
query per school, so the dashboard costs the same dozen queries for 5 schools or 150:

    school years · schools · group levels · roles tools · yearclocks · meetings held · action items ·
    absence tiers + tier counts (absences.aggregates, 3) · evaluation scores (reports.evaluation.scores)

Absence figures keep the city's small-number rule (absences.aggregates): a count under 5 and any
percentage whose numerator or denominator is under 5 are "<5" and have no numeric value anywhere (page,
CSV, XLSX, API, charts). Only the shares of the tiers are shown, not the share below every tier, so a
hidden tier cannot be recovered as 100 % minus the others.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, IntegerField, Max, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from absences import aggregates as absence_aggregates
from groups.models import OPEN_ACTION_STATES, ActionItem, Attachment, GroupLevel, Meeting, MeetingState
from reports.evaluation.scores import evaluation_scores
from roles.models import PracticalAct, RolesTool, RolesToolRevision, ToolState
from schools.models import Municipality, School, SchoolYear
from yearclock.models import SCHOOL_YEAR_MONTHS, EntrySource, EntryStatus, Yearclock, YearclockEntry

HIDDEN = absence_aggregates.HIDDEN
SMALL = absence_aggregates.SMALL
TREND_YEARS = 5
TOOL_STATE_ORDER = {"none": 0, ToolState.DRAFT: 1, ToolState.IN_REVIEW: 2, ToolState.PUBLISHED: 3}


@dataclass(frozen=True)
class Filters:
    """What the dashboard is narrowed to: school kind, a stage the school has, language ("" = all)."""

    kind: str = ""
    stage: str = ""
    language: str = ""

    def keep(self, school: School) -> bool:
        return (
            (not self.kind or school.kind == self.kind)
            and (not self.stage or self.stage in (school.stages or []))
            and (not self.language or school.language == self.language)
        )

    def as_query(self) -> dict[str, str]:
        return {
            k: v for k, v in (("kind", self.kind), ("stage", self.stage), ("language", self.language)) if v
        }


@dataclass(frozen=True)
class Share:
    """A percentage as shown: `value` None when it is hidden ("<5") or there is nothing to count."""

    value: int | None
    text: str

    @classmethod
    def of(cls, numerator: int, denominator: int) -> Share:
        if denominator == 0:
            return cls(None, "–")
        text = absence_aggregates.percent(numerator, denominator)
        return cls(None if text == HIDDEN else round(numerator * 100 / denominator), text)


@dataclass
class SchoolRow:
    """One school's figures for one school year."""

    school_id: int
    name: str
    kind: str
    language: str
    stages: list[str]
    # Roles tool (Roolit-työkalu)
    tool_id: int | None = None
    tool_state: str = "none"
    roles_total: int = 0
    roles_with_acts: int = 0
    published_at: datetime.datetime | None = None
    # Yearclock (vuosikello)
    yearclock_id: int | None = None
    entries_due: int = 0
    entries_due_done: int = 0
    entries_late: int = 0
    city_dropped: int = 0
    evaluation_end_month: int | None = None
    # Groups
    meetings: dict[int, int] = field(default_factory=dict)  # level id -> meetings held
    actions_open: int = 0
    actions_overdue: int = 0
    # Absences (suppressed)
    pupils: int = 0
    tier_shares: dict[int, Share] = field(default_factory=dict)
    without_plan: Share = field(default_factory=lambda: Share(None, "–"))
    # Evaluation
    evaluation: Decimal | None = None
    evaluation_previous: Decimal | None = None
    evaluation_late: bool = False

    @property
    def roles_share(self) -> int | None:
        return round(self.roles_with_acts * 100 / self.roles_total) if self.roles_total else None

    @property
    def done_share(self) -> int | None:
        return round(self.entries_due_done * 100 / self.entries_due) if self.entries_due else None

    @property
    def meetings_total(self) -> int:
        return sum(self.meetings.values())

    @property
    def evaluation_change(self) -> Decimal | None:
        if self.evaluation is None or self.evaluation_previous is None:
            return None
        return self.evaluation - self.evaluation_previous

    @property
    def tool_published(self) -> bool:
        return self.tool_state == ToolState.PUBLISHED

    @property
    def late_count(self) -> int:
        return (
            self.entries_late
            + self.actions_overdue
            + (0 if self.tool_published else 1)
            + (1 if self.evaluation_late else 0)
        )


@dataclass
class TrendPoint:
    year: SchoolYear
    evaluation_mean: Decimal | None = None
    at_tier: Share = field(default_factory=lambda: Share(None, "–"))
    meetings_held: int = 0


@dataclass
class Dashboard:
    municipality: Municipality
    school_year: SchoolYear
    previous_year: SchoolYear | None
    levels: list[GroupLevel]
    tiers: list
    rows: list[SchoolRow]
    trend: list[TrendPoint]
    today: datetime.date

    def columns(self) -> list[Column]:
        return columns(self)


# --- The columns: one definition for the table, the sorting, the charts and the exports -----------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    sort_value: Any  # row -> comparable or None
    export_value: Any  # row -> str | int | Decimal | None (what CSV/XLSX/API carry)
    display: Any  # row -> str (what the table shows)
    numeric: bool = True
    chartable: bool = False
    unit: str = ""


def _state_label(state: str) -> str:
    return str(dict(ToolState.choices).get(state, _("None")))


def _pct(value: int | None) -> str:
    return "–" if value is None else f"{value} %"


def _date(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def _signed(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return f"+{value}" if value > 0 else str(value)


def columns(board: Dashboard) -> list[Column]:
    cols = [
        Column("school", _("School"), lambda r: r.name.lower(), lambda r: r.name, lambda r: r.name, False),
        Column(
            "roles_state",
            _("Roles tool"),
            lambda r: TOOL_STATE_ORDER.get(r.tool_state, 0),
            lambda r: _state_label(r.tool_state),
            lambda r: _state_label(r.tool_state),
            False,
        ),
        Column(
            "roles_share",
            _("Roles with acts"),
            lambda r: r.roles_share,
            lambda r: r.roles_share,
            lambda r: _pct(r.roles_share),
            chartable=True,
            unit="%",
        ),
        Column(
            "roles_published",
            _("Published on"),
            lambda r: r.published_at,
            lambda r: _date(r.published_at),
            lambda r: _date(r.published_at) or "–",
            False,
        ),
        Column(
            "yearclock_done",
            _("Yearclock entries done of due"),
            lambda r: r.done_share,
            lambda r: f"{r.entries_due_done}/{r.entries_due}",
            lambda r: f"{r.entries_due_done} / {r.entries_due}",
            chartable=True,
            unit="%",
        ),
        Column(
            "yearclock_dropped",
            _("City entries dropped"),
            lambda r: r.city_dropped,
            lambda r: r.city_dropped,
            lambda r: str(r.city_dropped),
            chartable=True,
        ),
    ]
    for level in board.levels:
        cols.append(
            Column(
                f"meetings_{level.pk}",
                _("Meetings held: %(level)s") % {"level": level.name},
                lambda r, pk=level.pk: r.meetings.get(pk, 0),
                lambda r, pk=level.pk: r.meetings.get(pk, 0),
                lambda r, pk=level.pk: str(r.meetings.get(pk, 0)),
                chartable=True,
            )
        )
    cols += [
        Column(
            "actions_open",
            _("Action items open"),
            lambda r: r.actions_open,
            lambda r: r.actions_open,
            lambda r: str(r.actions_open),
            chartable=True,
        ),
        Column(
            "actions_overdue",
            _("Action items overdue"),
            lambda r: r.actions_overdue,
            lambda r: r.actions_overdue,
            lambda r: str(r.actions_overdue),
            chartable=True,
        ),
    ]
    for tier in board.tiers:
        cols.append(
            Column(
                f"tier_{tier.pk}",
                _("Pupils at tier: %(tier)s") % {"tier": tier.name},
                lambda r, pk=tier.pk: r.tier_shares[pk].value if pk in r.tier_shares else None,
                lambda r, pk=tier.pk: r.tier_shares[pk].text if pk in r.tier_shares else "",
                lambda r, pk=tier.pk: r.tier_shares[pk].text if pk in r.tier_shares else "–",
                chartable=True,
                unit="%",
            )
        )
    cols += [
        Column(
            "without_plan",
            _("At a tier without a plan"),
            lambda r: r.without_plan.value,
            lambda r: r.without_plan.text if r.without_plan.text != "–" else "",
            lambda r: r.without_plan.text,
            chartable=True,
            unit="%",
        ),
        Column(
            "evaluation",
            _("Evaluation score"),
            lambda r: r.evaluation,
            lambda r: r.evaluation,
            lambda r: "–" if r.evaluation is None else str(r.evaluation),
            chartable=True,
        ),
        Column(
            "evaluation_change",
            _("Change from last year"),
            lambda r: r.evaluation_change,
            lambda r: r.evaluation_change,
            lambda r: _signed(r.evaluation_change),
        ),
    ]
    return cols


def sort_rows(rows: list[SchoolRow], cols: list[Column], sort: str) -> tuple[list[SchoolRow], str]:
    """Rows sorted by `sort` ("col" or "-col"); an unknown column sorts by name. Rows without a value
    (none or hidden) go last whichever the direction. Returns the rows and the sort actually used."""
    by_key = {c.key: c for c in cols}
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in by_key:
        key, descending = "school", False
    column = by_key[key]
    present = [r for r in rows if column.sort_value(r) is not None]
    missing = [r for r in rows if column.sort_value(r) is None]
    present.sort(key=lambda r: r.name.lower())
    present.sort(key=column.sort_value, reverse=descending)
    missing.sort(key=lambda r: r.name.lower())
    return present + missing, f"-{key}" if descending else key


# --- Reading -----------------------------------------------------------------------------------------------


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _months_up_to(school_year: SchoolYear, today: datetime.date) -> tuple[list[int], list[int]]:
    """The months of the year due by today (this month included) and the months already over."""
    if today > school_year.ends_on:
        return list(SCHOOL_YEAR_MONTHS), list(SCHOOL_YEAR_MONTHS)
    if today < school_year.starts_on:
        return [], []
    position = SCHOOL_YEAR_MONTHS.index(today.month)
    return list(SCHOOL_YEAR_MONTHS[: position + 1]), list(SCHOOL_YEAR_MONTHS[:position])


def _roles(rows: dict[int, SchoolRow], school_year: SchoolYear) -> None:
    acted = (
        PracticalAct.objects.filter(tool_id=OuterRef("pk"), role__tools=OuterRef("pk"))
        .order_by()
        .values("tool_id")
        .annotate(n=Count("role_id", distinct=True))
        .values("n")
    )
    published = (
        RolesToolRevision.objects.filter(tool_id=OuterRef("pk"))
        .order_by()
        .values("tool_id")
        .annotate(last=Max("published_at"))
        .values("last")
    )
    tools = (
        RolesTool.objects.filter(school_id__in=list(rows), school_year=school_year)
        .annotate(
            roles_n=Count("roles", distinct=True),
            acted_n=Subquery(acted, output_field=IntegerField()),
            published_last=Subquery(published),
        )
        .values_list("school_id", "pk", "state", "roles_n", "acted_n", "published_last")
        .order_by()
    )
    for school_id, pk, state, roles_n, acted_n, published_last in tools:
        row = rows[school_id]
        row.tool_id, row.tool_state = pk, state
        row.roles_total, row.roles_with_acts = roles_n, acted_n or 0
        row.published_at = published_last


def _yearclocks(rows: dict[int, SchoolRow], school_year: SchoolYear, today: datetime.date) -> None:
    due, over = _months_up_to(school_year, today)
    kept = Q(entries__dropped=False)
    is_due = kept & Q(entries__start_month__in=due)
    clocks = (
        Yearclock.objects.filter(school_id__in=list(rows), school_year=school_year)
        .annotate(
            due_n=Count("entries", filter=is_due),
            done_n=Count("entries", filter=is_due & Q(entries__status=EntryStatus.DONE)),
            late_n=Count(
                "entries",
                filter=kept
                & Q(entries__end_month__in=over)
                & ~Q(entries__status__in=[EntryStatus.DONE, EntryStatus.SKIPPED]),
            ),
            dropped_n=Count("entries", filter=Q(entries__dropped=True, entries__source=EntrySource.CITY)),
            evaluation_end=Max("entries__end_month", filter=Q(entries__is_evaluation=True)),
        )
        .values_list("school_id", "pk", "due_n", "done_n", "late_n", "dropped_n", "evaluation_end")
        .order_by()
    )
    for school_id, pk, due_n, done_n, late_n, dropped_n, evaluation_end in clocks:
        row = rows[school_id]
        row.yearclock_id = pk
        row.entries_due, row.entries_due_done, row.entries_late = due_n, done_n, late_n
        row.city_dropped, row.evaluation_end_month = dropped_n, evaluation_end


def _year_case(years: list[SchoolYear]) -> Case:
    return Case(
        *(
            When(
                starts_at__gte=_aware(y.starts_on),
                starts_at__lt=_aware(y.ends_on + datetime.timedelta(days=1)),
                then=Value(y.pk),
            )
            for y in years
        ),
        default=Value(None),
        output_field=IntegerField(),
    )


def _meetings(
    rows: dict[int, SchoolRow], municipality: Municipality, school_year: SchoolYear, years: list[SchoolYear]
) -> dict[int, int]:
    """Meetings held (not cancelled, already over) per school and level in the year; the city's total
    per year for the trend. "Held" as groups.Meeting.status_label has it: ended and not cancelled."""
    now = timezone.now()
    held = (
        Meeting.objects.filter(
            group__municipality=municipality,
            group__school_id__in=list(rows),
            starts_at__gte=_aware(years[0].starts_on),
            starts_at__lt=_aware(years[-1].ends_on + datetime.timedelta(days=1)),
            ends_at__lt=now,
        )
        .exclude(state=MeetingState.CANCELLED)
        .annotate(year_id=_year_case(years))
        .values_list("group__school_id", "group__level_id", "year_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_year: dict[int, int] = defaultdict(int)
    for school_id, level_id, year_id, n in held:
        if year_id is None:
            continue
        per_year[year_id] += n
        if year_id == school_year.pk:
            meetings = rows[school_id].meetings
            meetings[level_id] = meetings.get(level_id, 0) + n
    return per_year


def _actions(
    rows: dict[int, SchoolRow], municipality: Municipality, school_year: SchoolYear, today: datetime.date
) -> None:
    """Action items of the year's meetings that are still open, and of them those past their due day."""
    items = (
        ActionItem.objects.filter(
            municipality=municipality,
            meeting__group__school_id__in=list(rows),
            meeting__starts_at__gte=_aware(school_year.starts_on),
            meeting__starts_at__lt=_aware(school_year.ends_on + datetime.timedelta(days=1)),
            status__in=OPEN_ACTION_STATES,
        )
        .values_list("meeting__group__school_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_on__lt=today)))
        .order_by()
    )
    for school_id, n, late in items:
        rows[school_id].actions_open, rows[school_id].actions_overdue = n, late


def _absences(
    rows: dict[int, SchoolRow], municipality: Municipality, school_year: SchoolYear, years: list[SchoolYear]
) -> tuple[list, dict[int, Share]]:
    tiers_by_year, counts = absence_aggregates.school_tier_counts(municipality.pk, [y.pk for y in years])
    tiers = tiers_by_year.get(school_year.pk, [])
    for school_id, row in rows.items():
        by_tier = counts.get((school_id, school_year.pk), {})
        total = sum(n for n, _plan in by_tier.values())
        row.pupils = total
        row.tier_shares = {t.pk: Share.of(by_tier.get(t.pk, (0, 0))[0], total) for t in tiers}
        at_tier = sum(n for key, (n, _p) in by_tier.items() if key is not None)
        with_plan = sum(plan for key, (_n, plan) in by_tier.items() if key is not None)
        row.without_plan = Share.of(at_tier - with_plan, at_tier)
    trend: dict[int, Share] = {}
    for year in years:
        pupils = at = 0
        for (school_id, year_id), by_tier in counts.items():
            if year_id != year.pk or school_id not in rows:
                continue
            for key, (n, _plan) in by_tier.items():
                pupils += n
                at += n if key is not None else 0
        trend[year.pk] = Share.of(at, pupils)
    return tiers, trend


def _evaluations(
    rows: dict[int, SchoolRow],
    municipality: Municipality,
    school_year: SchoolYear,
    previous: SchoolYear | None,
    years: list[SchoolYear],
    today: datetime.date,
) -> dict[int, Decimal | None]:
    scores = evaluation_scores(municipality.pk, list(rows), [y.pk for y in years])
    _due, over = _months_up_to(school_year, today)
    for school_id, row in rows.items():
        row.evaluation = scores.get((school_id, school_year.pk))
        row.evaluation_previous = scores.get((school_id, previous.pk)) if previous else None
        end = row.evaluation_end_month
        past = (end in over) if end is not None else today > school_year.ends_on
        row.evaluation_late = row.evaluation is None and past
    trend: dict[int, Decimal | None] = {}
    for year in years:
        values = [v for (s, y), v in scores.items() if y == year.pk and s in rows]
        trend[year.pk] = (sum(values) / len(values)).quantize(Decimal("0.01")) if values else None
    return trend


def dashboard(
    municipality: Municipality,
    school_year: SchoolYear,
    *,
    filters: Filters | None = None,
    school_ids: list[int] | None = None,
    today: datetime.date | None = None,
) -> Dashboard:
    """Every school's figures (optionally only `school_ids`) for `school_year` of `municipality`, and the
    city's trend over the last school years up to it. A constant number of queries (11)."""
    if school_year.municipality_id != municipality.pk:
        raise ValueError("The school year is not the municipality's.")
    today = today or timezone.localdate()
    filters = filters or Filters()
    all_years = list(
        SchoolYear.objects.filter(municipality=municipality, starts_on__lte=school_year.starts_on).order_by(
            "starts_on"
        )
    )
    years = all_years[-TREND_YEARS:]
    previous = all_years[-2] if len(all_years) > 1 else None
    schools = School.objects.filter(municipality=municipality, is_active=True).order_by("name")
    if school_ids is not None:
        schools = schools.filter(pk__in=school_ids)
    rows = {
        s.pk: SchoolRow(s.pk, s.name, s.kind, s.language, list(s.stages or []))
        for s in schools.only("pk", "name", "kind", "language", "stages")
        if filters.keep(s)
    }
    levels = list(
        GroupLevel.objects.filter(municipality=municipality).exclude(attaches_to=Attachment.MUNICIPALITY)
    )
    _roles(rows, school_year)
    _yearclocks(rows, school_year, today)
    meetings_trend = _meetings(rows, municipality, school_year, years)
    _actions(rows, municipality, school_year, today)
    tiers, tier_trend = _absences(rows, municipality, school_year, years)
    evaluation_trend = _evaluations(rows, municipality, school_year, previous, years, today)
    trend = [
        TrendPoint(
            y, evaluation_trend.get(y.pk), tier_trend.get(y.pk, Share(None, "–")), meetings_trend.get(y.pk, 0)
        )
        for y in years
    ]
    return Dashboard(municipality, school_year, previous, levels, tiers, list(rows.values()), trend, today)


def late_items(school, school_year: SchoolYear, row: SchoolRow, today) -> dict:
    """What is late at a school: yearclock entries past their months and not done, overdue action items
    (two queries), the roles tool not published, the evaluation not submitted."""
    _due, over = _months_up_to(school_year, today)
    entries = list(
        YearclockEntry.objects.filter(
            yearclock__school=school,
            yearclock__school_year=school_year,
            dropped=False,
            end_month__in=over,
        )
        .exclude(status__in=[EntryStatus.DONE, EntryStatus.SKIPPED])
        .order_by("start_month", "order", "id")
    )
    entries.sort(key=lambda e: SCHOOL_YEAR_MONTHS.index(e.start_month))
    actions = list(
        ActionItem.objects.filter(
            municipality_id=school.municipality_id,
            meeting__group__school=school,
            status__in=OPEN_ACTION_STATES,
            due_on__lt=today,
        )
        .select_related("owner", "meeting__group")
        .order_by("due_on", "id")
    )
    return {
        "late_entries": entries,
        "overdue_actions": actions,
        "tool_unpublished": not row.tool_published,
        "evaluation_late": row.evaluation_late,
    }


def dashboard_rows(
    municipality: Municipality, school_year: SchoolYear, *, filters: Filters | dict | None = None
) -> list[SchoolRow]:
    """The dashboard's rows (one per active school, by name): what the benchmark times. `filters` may be a
    `Filters` or a dict with kind / stage / language."""
    if isinstance(filters, dict):
        filters = Filters(**{k: filters.get(k, "") for k in ("kind", "stage", "language")})
    return dashboard(municipality, school_year, filters=filters).rows


def school_summaries(
    municipality: Municipality,
    school_year: SchoolYear,
    school_ids: list[int],
    *,
    today: datetime.date | None = None,
) -> list[SchoolRow]:
    """The short version for a principal's home card: the roles tool, the yearclock, action items and the
    evaluation of these schools (five queries, no absences or meetings)."""
    today = today or timezone.localdate()
    schools = School.objects.filter(municipality=municipality, pk__in=school_ids).order_by("name")
    rows = {
        s.pk: SchoolRow(s.pk, s.name, s.kind, s.language, list(s.stages or []))
        for s in schools.only("pk", "name", "kind", "language", "stages")
    }
    if not rows:
        return []
    _roles(rows, school_year)
    _yearclocks(rows, school_year, today)
    _actions(rows, municipality, school_year, today)
    _evaluations(rows, municipality, school_year, None, [school_year], today)
    return list(rows.values())
