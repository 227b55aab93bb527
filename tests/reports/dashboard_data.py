"""Hand-built figures for the dashboard tests: one school with known numbers in every app."""

from __future__ import annotations

import datetime

from django.utils import timezone

from absences.models import AttendanceModel, Tier, TierCount
from groups.models import (
    ActionItem,
    ActionStatus,
    Attachment,
    GroupLevel,
    Meeting,
    MeetingState,
    WellbeingGroup,
)
from reports.models import (
    EvaluationAnswer,
    EvaluationCriterion,
    EvaluationStatus,
    EvaluationTheme,
    SchoolEvaluation,
)
from roles.models import ActSection, PracticalAct, Role, RolesTool, RolesToolRevision, ToolState
from yearclock.models import EntrySource, EntryStatus, Yearclock, YearclockEntry

TODAY = datetime.date(2026, 11, 26)


def _at(day: datetime.date, hour: int = 14) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def level(municipality, order: int = 2) -> GroupLevel:
    found, _ = GroupLevel.objects.get_or_create(
        municipality=municipality,
        order=order,
        defaults={"name_fi": f"Taso {order}", "attaches_to": Attachment.SCHOOL},
    )
    return found


def tiers(municipality, school_year) -> tuple[Tier, Tier]:
    model, _ = AttendanceModel.objects.get_or_create(municipality=municipality, school_year=school_year)
    targeted, _ = Tier.objects.get_or_create(
        model=model, order=1, defaults={"name_fi": "Tehostettu", "kind": "percent", "threshold": 10}
    )
    intensive, _ = Tier.objects.get_or_create(
        model=model, order=2, defaults={"name_fi": "Erityinen", "kind": "percent", "threshold": 20}
    )
    return targeted, intensive


def criterion(municipality) -> EvaluationCriterion:
    theme, _ = EvaluationTheme.objects.get_or_create(municipality=municipality, name="Teema")
    found, _ = EvaluationCriterion.objects.get_or_create(
        municipality=municipality, theme=theme, statement="Ryhmä kokoontuu", defaults={"order": 1}
    )
    return found


def evaluate(school, school_year, scores: list[int], *, submitted: bool = True) -> SchoolEvaluation:
    evaluation = SchoolEvaluation.objects.create(
        school=school,
        school_year=school_year,
        status=EvaluationStatus.SUBMITTED if submitted else EvaluationStatus.DRAFT,
    )
    theme, _ = EvaluationTheme.objects.get_or_create(municipality=school.municipality, name="Teema")
    for i, score in enumerate(scores):
        crit, _ = EvaluationCriterion.objects.get_or_create(
            municipality=school.municipality, theme=theme, statement=f"Väite {i}", defaults={"order": i}
        )
        EvaluationAnswer.objects.create(evaluation=evaluation, criterion=crit, score=score)
    return evaluation


def fill_school(school, school_year, *, owner, previous_year=None, pupils=(40, 8, 3), plans=(0, 2, 1)):
    """Known figures for `school` in `school_year`:

    roles tool published on 1.10.2026 with 4 roles, acts for 2 (50 %); yearclock entries Aug (done),
    Sep (planned: late), Oct (done), Nov (planned, due, not late), Mar (planned, not due), a city entry
    dropped (Sep); one school-level meeting held in September, one cancelled; two open action items (one
    overdue) and one done; tier counts (below, targeted, intensive) with plans; evaluation mean 3.00,
    previous year's 2.50 (change +0.50)."""
    municipality = school.municipality
    roles = list(Role.objects.filter(municipality=municipality, is_staff_role=True).order_by("order")[:4])
    tool = RolesTool.objects.create(school=school, school_year=school_year, state=ToolState.PUBLISHED)
    tool.roles.set(roles)
    section = ActSection.objects.filter(municipality=municipality).first()
    for role in roles[:2]:
        for n in range(2):
            PracticalAct.objects.create(tool=tool, role=role, section=section, text=f"Teko {n}")
    RolesToolRevision.objects.create(
        tool=tool, number=1, published_at=_at(datetime.date(2026, 10, 1)), document={}
    )

    clock = Yearclock.objects.create(school=school, school_year=school_year)
    for theme, start, end, status, source, dropped in (
        ("Elokuu", 8, 8, EntryStatus.DONE, EntrySource.SCHOOL, False),
        ("Syyskuu", 9, 9, EntryStatus.PLANNED, EntrySource.SCHOOL, False),
        ("Lokakuu", 10, 10, EntryStatus.DONE, EntrySource.CITY, False),
        ("Marraskuu", 11, 11, EntryStatus.IN_PROGRESS, EntrySource.SCHOOL, False),
        ("Maaliskuu", 3, 3, EntryStatus.PLANNED, EntrySource.SCHOOL, False),
        ("Pudotettu", 9, 9, EntryStatus.PLANNED, EntrySource.CITY, True),
    ):
        YearclockEntry.objects.create(
            yearclock=clock,
            theme=theme,
            start_month=start,
            end_month=end,
            status=status,
            source=source,
            dropped=dropped,
        )

    lvl = level(municipality)
    group = WellbeingGroup.objects.create(
        municipality=municipality, level=lvl, name_fi=f"{school.name} ryhmä", school=school
    )
    held = Meeting.objects.create(
        group=group, starts_at=_at(datetime.date(2026, 9, 15)), ends_at=_at(datetime.date(2026, 9, 15), 15)
    )
    Meeting.objects.create(
        group=group,
        starts_at=_at(datetime.date(2026, 10, 15)),
        ends_at=_at(datetime.date(2026, 10, 15), 15),
        state=MeetingState.CANCELLED,
    )
    for what, due, status in (
        ("Myöhässä", datetime.date(2026, 10, 1), ActionStatus.OPEN),
        ("Tulossa", datetime.date(2027, 1, 1), ActionStatus.IN_PROGRESS),
        ("Tehty", datetime.date(2026, 10, 1), ActionStatus.DONE),
    ):
        ActionItem.objects.create(
            municipality=municipality, meeting=held, what=what, owner=owner, due_on=due, status=status
        )

    targeted, intensive = tiers(municipality, school_year)
    month = datetime.date(2026, 11, 1)
    for tier, n, plan in zip((None, targeted, intensive), pupils, plans, strict=True):
        TierCount.objects.create(
            municipality=municipality,
            school=school,
            school_year=school_year,
            month=month,
            stage="primary",
            group_name="1A",
            tier=tier,
            pupils=n,
            with_plan=plan,
        )
    # An older month that must not count (the latest snapshot only).
    TierCount.objects.create(
        municipality=municipality,
        school=school,
        school_year=school_year,
        month=datetime.date(2026, 9, 1),
        pupils=99,
    )

    evaluate(school, school_year, [3, 3, 3, 3])
    if previous_year is not None:
        evaluate(school, previous_year, [2, 3, 2, 3])
    return {
        "tool": tool,
        "clock": clock,
        "group": group,
        "targeted": targeted,
        "intensive": intensive,
        "level": lvl,
    }
