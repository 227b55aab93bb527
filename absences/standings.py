"""Pupils' standings against the tiers of the city's model, the signals of new crossings, and the
pre-aggregated tier counts of the dashboards.

Rules (documented here because the pages and the README point to them):

- **Hours**: one absent lesson is one absence hour (Finnish schools count a 45-minute lesson as an
  hour of absence).
- **Periods**: `school_year` is the school year so far; `term` is the current term of the school year
  (the term containing today, else the last one that has started, else the first; a year without
  terms counts as one term); `last_weeks` is the N weeks up to today. The school year and the term are
  read from the monthly sums (`PupilMonth`) at **month granularity**: a term counts the months that
  overlap it (a term from 7 January counts all of January). The last weeks are read from the day rows
  (`AbsenceDay`, date >= today - N weeks), which only that period needs.
- **Classes counted**: the tier's absence classes (empty: excused + unexcused + other).
- **Percent** = counted absences / lessons held * 100. Lessons held come from the data; where a month
  (or a day) does not know them, they are estimated from the class's `ClassSetting.weekly_lessons` ×
  school days recorded / 5. A pupil whose lessons held are unknown and whose class has no weekly lesson
  count gets no percent standing (`TierStanding.reason` says why). The estimate is capped below by the
  absences themselves (a share never passes 100 %).
- **Stage thresholds**: `tier.threshold_for(stage)` with the pupil's stage, else derived from the grade
  (the pupil's, else the class setting's): grades 0–2 are `pre_early` where the school has that stage,
  grades 0–6 `primary`, 7–9 `lower_secondary`, 10+ `upper_secondary`. Without a grade: the tier's
  general threshold.
- **Signals**: a pupil reaching a tier not yet signalled in the school year gets one `Signal` (unique per
  pupil, tier and year) for the responsible person of the tier's first step: the homeroom teacher when
  the step's roles include the teacher role (pupil's, else the class setting's; without one, the first
  other role's holder, else the principal), otherwise the school's holder of the step's first role in
  that school year. Each new signal gets one `absence_signal` notification in the same transaction.

Every read is one GROUP BY query per school and period (never one per pupil).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Case, IntegerField, Q, Sum, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roles.models import RoleKey, StaffAssignment
from schools.models import Municipality, School, SchoolYear, Stage, Term

from .models import (
    AbsenceClass,
    AbsenceDay,
    AttendanceModel,
    ClassSetting,
    FollowUpCase,
    Period,
    Pupil,
    PupilMonth,
    Signal,
    ThresholdKind,
    Tier,
    TierCount,
)

ALL_CLASSES = tuple(AbsenceClass.values)
NO_SHARE_REASON = _("Lessons held are not known and the class has no weekly lesson count.")


@dataclass(frozen=True)
class TierStanding:
    tier: Tier
    value: Decimal | None  # hours or percent; None: no way to compute a share
    threshold: Decimal
    absent: int
    held: int | None
    reason: str = ""

    @property
    def reached(self) -> bool:
        return self.value is not None and self.value >= self.threshold

    @property
    def is_percent(self) -> bool:
        return self.tier.kind == ThresholdKind.PERCENT


# --- Periods --------------------------------------------------------------------------------------


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def current_term(
    school_year: SchoolYear, today: datetime.date, terms: list[Term] | None = None
) -> Term | None:
    terms = list(Term.objects.filter(school_year=school_year)) if terms is None else terms
    terms = sorted(terms, key=lambda t: t.starts_on)
    if not terms:
        return None
    for term in terms:
        if term.starts_on <= today <= term.ends_on:
            return term
    started = [t for t in terms if t.starts_on <= today]
    return started[-1] if started else terms[0]


def _today(school_year: SchoolYear, today: datetime.date | None) -> datetime.date:
    today = today or timezone.localdate()
    return min(today, school_year.ends_on)


def derived_stage(pupil_stage: str, grade: int | None, school_stages: list[str]) -> str:
    if pupil_stage:
        return pupil_stage
    if grade is None:
        return ""
    if grade <= 2 and Stage.PRE_AND_EARLY in school_stages:
        return Stage.PRE_AND_EARLY
    if grade <= 6:
        return Stage.PRIMARY
    if grade <= 9:
        return Stage.LOWER_SECONDARY
    return Stage.UPPER_SECONDARY


def _counted(tier: Tier) -> tuple[str, ...]:
    chosen = tuple(c for c in (tier.classes or []) if c in ALL_CLASSES)
    return chosen or ALL_CLASSES


# --- Reading the sums -----------------------------------------------------------------------------


def _sums(window: Q, prefix: str, held_field: str, held_known: Q, days_unknown: object) -> dict:
    """Conditional sums inside one GROUP BY: absences per class, known lessons held and the days whose
    lessons held are unknown, all restricted to `window`."""
    out = {
        f"{prefix}_{c}": Sum(Case(When(window, then=c), default=0, output_field=IntegerField()))
        for c in ALL_CLASSES
    }
    out[f"{prefix}_held"] = Sum(
        Case(When(window & held_known, then=held_field), default=0, output_field=IntegerField())
    )
    out[f"{prefix}_days_unknown"] = Sum(
        Case(When(window & ~held_known, then=days_unknown), default=0, output_field=IntegerField())
    )
    return out


@dataclass
class _Context:
    school: School
    school_year: SchoolYear
    today: datetime.date
    tiers: list[Tier]
    term: Term | None
    weekly: dict[str, int]
    class_grade: dict[str, int]
    class_teacher: dict[str, int]


def _context(school: School, school_year: SchoolYear, today: datetime.date | None, tiers=None, terms=None):
    if tiers is None:
        model = AttendanceModel.objects.filter(
            municipality_id=school.municipality_id, school_year=school_year
        ).first()
        tiers = list(model.tiers.all()) if model else []
    today = _today(school_year, today)
    settings = ClassSetting.objects.filter(school=school, school_year=school_year).values_list(
        "group_name", "weekly_lessons", "grade", "homeroom_teacher_id"
    )
    weekly, grades, teachers = {}, {}, {}
    for name, lessons, grade, teacher in settings:
        if lessons:
            weekly[name] = lessons
        if grade is not None:
            grades[name] = grade
        if teacher:
            teachers[name] = teacher
    return _Context(
        school, school_year, today, tiers, current_term(school_year, today, terms), weekly, grades, teachers
    )


def _read(ctx: _Context, pupil_filter: Q | None = None) -> tuple[list[dict], dict[int, dict]]:
    """The pupils of the school and their sums per period: one query for the pupils, one GROUP BY over
    the months, and one over the day rows per distinct number of weeks."""
    pupils_qs = Pupil.objects.filter(school=ctx.school, is_active=True)
    if pupil_filter is not None:
        pupils_qs = pupils_qs.filter(pupil_filter)
    pupils = list(
        pupils_qs.values(
            "id", "first_name", "last_name", "group_name", "grade", "stage", "homeroom_teacher_id"
        )
    )
    sums: dict[int, dict] = defaultdict(dict)
    if not pupils or not ctx.tiers:
        return pupils, sums
    ids = [p["id"] for p in pupils]
    end_month = _month_start(ctx.today)
    year_window = Q(month__lte=end_month)
    if ctx.term is not None:
        term_window = Q(
            month__gte=_month_start(ctx.term.starts_on), month__lte=min(end_month, ctx.term.ends_on)
        )
    else:
        term_window = year_window
    held_known = Q(held_known=True)
    aggregates = {
        **_sums(year_window, "year", "lessons_held", held_known, "days"),
        **_sums(term_window, "term", "lessons_held", held_known, "days"),
    }
    months = PupilMonth.objects.filter(school=ctx.school, school_year=ctx.school_year, pupil_id__in=ids)
    for row in months.values("pupil_id").annotate(**aggregates):
        sums[row["pupil_id"]].update(row)
    for weeks in sorted({t.weeks or 4 for t in ctx.tiers if t.period == Period.LAST_WEEKS}):
        since = ctx.today - datetime.timedelta(weeks=weeks)
        window = Q(date__gte=since, date__lte=ctx.today)
        prefix = f"w{weeks}"
        days = AbsenceDay.objects.filter(
            school=ctx.school,
            school_year=ctx.school_year,
            pupil_id__in=ids,
            date__gte=since,
            date__lte=ctx.today,
        )
        rows = days.values("pupil_id").annotate(
            **_sums(window, prefix, "lessons_held", Q(lessons_held__isnull=False), 1)
        )
        for row in rows:
            sums[row["pupil_id"]].update(row)
    return pupils, sums


def _prefix(tier: Tier) -> str:
    if tier.period == Period.TERM:
        return "term"
    if tier.period == Period.LAST_WEEKS:
        return f"w{tier.weeks or 4}"
    return "year"


def _standing(tier: Tier, pupil: dict, row: dict, ctx: _Context) -> TierStanding:
    prefix = _prefix(tier)
    absent = sum(row.get(f"{prefix}_{c}") or 0 for c in _counted(tier))
    group = pupil["group_name"]
    grade = pupil["grade"] if pupil["grade"] is not None else ctx.class_grade.get(group)
    threshold = tier.threshold_for(derived_stage(pupil["stage"], grade, ctx.school.stages or []))
    if tier.kind == ThresholdKind.HOURS:
        return TierStanding(tier, Decimal(absent), threshold, absent, None)
    held = row.get(f"{prefix}_held") or 0
    unknown_days = row.get(f"{prefix}_days_unknown") or 0
    if unknown_days:
        weekly = ctx.weekly.get(group)
        if not weekly:
            return TierStanding(tier, None, threshold, absent, None, str(NO_SHARE_REASON))
        held += round(weekly * unknown_days / 5)
    # Absences of the whole period against the lessons of the whole period; an estimate below the
    # absences themselves is lifted to them (a share never passes 100 %).
    all_absent = sum(row.get(f"{prefix}_{c}") or 0 for c in ALL_CLASSES)
    held = max(held, all_absent)
    if held == 0:
        return TierStanding(tier, Decimal(0), threshold, absent, 0)
    value = (Decimal(absent) * 100 / Decimal(held)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return TierStanding(tier, value, threshold, absent, held)


def _standings(ctx: _Context, pupils: list[dict], sums: dict[int, dict]) -> dict[int, list[TierStanding]]:
    return {p["id"]: [_standing(t, p, sums.get(p["id"], {}), ctx) for t in ctx.tiers] for p in pupils}


def standings_for_school(
    school: School, school_year: SchoolYear, *, today: datetime.date | None = None, pupil_ids=None
) -> dict[int, list[TierStanding]]:
    """Each active pupil's standing against every tier of the year's model (in tier order)."""
    ctx = _context(school, school_year, today)
    pupils, sums = _read(ctx, Q(pk__in=pupil_ids) if pupil_ids is not None else None)
    return _standings(ctx, pupils, sums)


def highest_reached(standings: list[TierStanding]) -> TierStanding | None:
    reached = [s for s in standings if s.reached]
    return reached[-1] if reached else None


# --- Recomputing: signals and tier counts ----------------------------------------------------------


def _step_recipients(
    tiers: list[Tier], school: School, school_year: SchoolYear
) -> tuple[dict[int, tuple[bool, int | None]], int | None]:
    """Per tier: (the first step is the homeroom teacher's, the school's holder of its first other
    role); and the school's principal (the last resort). One query for the school (the steps with their
    roles come prefetched with the tiers)."""
    wanted: dict[int, tuple[bool, int | None]] = {}
    role_ids: set[int] = set()
    firsts: dict[int, tuple[bool, int | None]] = {}
    for tier in tiers:
        steps = sorted(tier.steps.all(), key=lambda s: (s.order, s.pk))
        if not steps:
            continue
        roles = sorted(steps[0].roles.all(), key=lambda r: (r.order, r.pk))
        teacher = any(r.key == RoleKey.TEACHER for r in roles)
        other = next((r.pk for r in roles if r.key != RoleKey.TEACHER), None)
        firsts[tier.pk] = (teacher, other)
        if other:
            role_ids.add(other)
    holders: dict[int, int] = {}
    principal: int | None = None
    rows = (
        StaffAssignment.objects.filter(school=school, school_year=school_year)
        .filter(Q(role_id__in=role_ids) | Q(role__key=RoleKey.PRINCIPAL))
        .order_by("user__last_name", "user__first_name", "user_id")
        .values_list("role_id", "role__key", "user_id")
    )
    for role_id, key, user_id in rows:
        holders.setdefault(role_id, user_id)
        if key == RoleKey.PRINCIPAL and principal is None:
            principal = user_id
    for tier_id, (teacher, other) in firsts.items():
        wanted[tier_id] = (teacher, holders.get(other) if other else None)
    return wanted, principal


def _recompute(ctx: _Context) -> int:
    pupils, sums = _read(ctx)
    standings = _standings(ctx, pupils, sums)
    by_id = {p["id"]: p for p in pupils}
    recipients, principal = _step_recipients(ctx.tiers, ctx.school, ctx.school_year)
    already = set(
        Signal.objects.filter(school=ctx.school, school_year=ctx.school_year).values_list(
            "pupil_id", "tier_id"
        )
    )
    new: list[Signal] = []
    for pupil_id, pupil_standings in standings.items():
        for standing in pupil_standings:
            if not standing.reached or (pupil_id, standing.tier.pk) in already:
                continue
            teacher_step, holder = recipients.get(standing.tier.pk, (False, None))
            pupil = by_id[pupil_id]
            recipient = holder
            if teacher_step:
                recipient = (
                    pupil["homeroom_teacher_id"]
                    or ctx.class_teacher.get(pupil["group_name"])
                    or holder
                    or principal
                )
            new.append(
                Signal(
                    municipality_id=ctx.school.municipality_id,
                    school=ctx.school,
                    school_year=ctx.school_year,
                    pupil_id=pupil_id,
                    tier=standing.tier,
                    recipient_id=recipient,
                    value=standing.value,
                )
            )
    created = 0
    with transaction.atomic():
        if new:
            Signal.objects.bulk_create(new, ignore_conflicts=True, batch_size=2000)
            # ignore_conflicts leaves the pks unset: read back the rows just written (a concurrent
            # recompute's rows are told of at most once: the notification is unique per signal).
            pairs = {(s.pupil_id, s.tier.pk) for s in new}
            fresh = [
                s
                for s in Signal.objects.filter(
                    school=ctx.school, school_year=ctx.school_year, pupil_id__in={p for p, _t in pairs}
                ).select_related(None)
                if (s.pupil_id, s.tier_id) in pairs
            ]
            from .notifications import schedule_signal_notifications

            schedule_signal_notifications(fresh)
            created = len(fresh)
        _refresh_tier_counts(ctx, pupils, standings)
    return created


def _refresh_tier_counts(ctx: _Context, pupils: list[dict], standings: dict[int, list[TierStanding]]) -> None:
    """Replace the school's snapshot of the current month: pupils per (stage, class, highest tier)."""
    month = _month_start(ctx.today)
    with_plan = set(
        FollowUpCase.objects.filter(
            school=ctx.school, school_year=ctx.school_year, state="open", plan__isnull=False
        ).values_list("pupil_id", flat=True)
    )
    counts: dict[tuple[str, str, int | None], list[int]] = defaultdict(lambda: [0, 0])
    for pupil in pupils:
        grade = pupil["grade"] if pupil["grade"] is not None else ctx.class_grade.get(pupil["group_name"])
        stage = derived_stage(pupil["stage"], grade, ctx.school.stages or [])
        top = highest_reached(standings.get(pupil["id"], []))
        cell = counts[(stage, pupil["group_name"], top.tier.pk if top else None)]
        cell[0] += 1
        cell[1] += pupil["id"] in with_plan
    TierCount.objects.filter(school=ctx.school, school_year=ctx.school_year, month=month).delete()
    TierCount.objects.bulk_create(
        [
            TierCount(
                municipality_id=ctx.school.municipality_id,
                school=ctx.school,
                school_year=ctx.school_year,
                month=month,
                stage=stage,
                group_name=group,
                tier_id=tier_id,
                pupils=n,
                with_plan=plans,
            )
            for (stage, group, tier_id), (n, plans) in counts.items()
        ],
        batch_size=2000,
    )


def _tiers_of(municipality_id: int, school_year: SchoolYear) -> list[Tier]:
    model = AttendanceModel.objects.filter(municipality_id=municipality_id, school_year=school_year).first()
    if model is None:
        return []
    return list(model.tiers.prefetch_related("steps__roles"))


def recompute_for_school(
    school: School, school_year: SchoolYear, *, today: datetime.date | None = None
) -> int:
    """Standings of the school's pupils, signals of new crossings (with their notifications) and the
    school's tier counts of this month. Returns the number of new signals. Idempotent."""
    tiers = _tiers_of(school.municipality_id, school_year)
    ctx = _context(school, school_year, today, tiers=tiers)
    return _recompute(ctx)


def recompute_for_municipality(
    municipality: Municipality, school_year: SchoolYear, *, today: datetime.date | None = None
) -> int:
    """Every active school of the municipality, one after another (the model, its steps and the terms
    are read once). Returns the number of new signals."""
    tiers = _tiers_of(municipality.pk, school_year)
    terms = list(Term.objects.filter(school_year=school_year))
    total = 0
    for school in School.objects.filter(municipality=municipality, is_active=True).order_by("pk"):
        total += _recompute(_context(school, school_year, today, tiers=tiers, terms=terms))
    return total
