"""Everything the staff induction pack (perehdytyspaketti) of a school and school year prints, gathered
in a bounded number of queries (about twenty, whatever the number of staff, groups, acts or entries).

The pack is the school's document: texts are taken in the school's language (Swedish where the city
wrote it, else Finnish; each text knows its language). Call `gather` inside
`translation.override(pack_language(school))`: the headings, month names and labels that other apps'
document helpers produce follow the active language.

What goes in, and what never does:
- staff of that school year (roles staffing): the principal and the welfare staff by name and e-mail;
  teachers only as a count (the pack would otherwise be a phone book);
- the school's groups with their members: staff by name; pupil, guardian and external members by
  name only where the school chose to show it (`GroupMember.name_in_documents`), otherwise by what
  they represent;
- the roles tool: the latest **published** revision, frozen as it was published (what the school
  agreed), or the working copy when nothing has been published (marked as a draft);
- the yearclock's wheel and month list (the yearly plan's own context);
- the city's attendance-support model: its tiers, steps and responsible roles. No pupil, absence
  figure or case is read: the pack holds no pupil data at all.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from absences.models import AttendanceModel, Tier, TierStep
from core.content import localized
from groups.documents import member_label
from groups.models import GroupMember, WellbeingGroup
from roles.documents import Publication, roles_tool_context
from roles.models import Role, RoleKey, RolesTool, RolesToolRevision, StaffAssignment, ToolState
from roles.selectors import tool_document
from schools.models import Language, School, SchoolYear
from yearclock.documents import plan_context
from yearclock.models import Yearclock

# Roles whose holders are listed by name in the contacts; teachers are counted instead.
COUNTED_ROLE_KEYS = frozenset({RoleKey.TEACHER})


class ToolSource:
    PUBLISHED = "published"
    WORKING_COPY = "working_copy"
    NONE = "none"


def pack_language(school: School) -> str:
    """The school's language of instruction: the language of the whole pack."""
    return Language.SWEDISH if school.language == Language.SWEDISH else Language.FINNISH


@dataclass
class Contact:
    role: str
    people: list[dict[str, str]]
    is_principal: bool = False


@dataclass
class GroupSection:
    anchor: str
    name: str
    level: str
    depth: int
    purpose: str
    members: list[str]


@dataclass
class TierSection:
    name: str
    threshold: str
    period: str
    steps: list[dict[str, Any]]


@dataclass
class PackContent:
    school: School
    school_year: SchoolYear
    role: Role | None
    language: str
    generated_at: datetime.datetime
    contacts: list[Contact] = field(default_factory=list)
    teacher_count: int = 0
    groups: list[GroupSection] = field(default_factory=list)
    tool_source: str = ToolSource.NONE
    tool_status: str = ""
    tool_roles: list[dict[str, Any]] = field(default_factory=list)
    yearclock: dict[str, Any] | None = None
    attendance_description: list[str] = field(default_factory=list)
    tiers: list[TierSection] = field(default_factory=list)


def _paragraphs(text: str) -> list[str]:
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


# --- School and contacts ---------------------------------------------------------------------------


def _contacts(school: School, school_year: SchoolYear, language: str) -> tuple[list[Contact], int]:
    """The year's staff by role, principal first; teachers counted. One query."""
    assignments = (
        StaffAssignment.objects.filter(school=school, school_year=school_year)
        .select_related("user", "role")
        .order_by("role__order", "role__name_fi", "user__last_name", "user__first_name", "user__email")
    )
    by_role: dict[int, Contact] = {}
    teachers: set[int] = set()
    for a in assignments:
        if a.role.key in COUNTED_ROLE_KEYS:
            teachers.add(a.user_id)
            continue
        contact = by_role.setdefault(
            a.role_id,
            Contact(
                role=localized(a.role.name_fi, a.role.name_sv, language),
                people=[],
                is_principal=a.role.key == RoleKey.PRINCIPAL,
            ),
        )
        contact.people.append({"name": a.user.get_full_name() or a.user.email, "email": a.user.email})
    contacts = sorted(by_role.values(), key=lambda c: not c.is_principal)  # stable: catalog order kept
    return contacts, len(teachers)


# --- Groups ------------------------------------------------------------------------------------------


def _groups(school: School, language: str) -> list[GroupSection]:
    """The school's groups (its centre group, stage groups, working groups) under the city-level groups
    they report to, each with its members. Two queries."""
    members = GroupMember.objects.select_related("user", "role").order_by(
        "kind", "user__last_name", "name", "id"
    )
    groups = list(
        WellbeingGroup.objects.filter(municipality_id=school.municipality_id, is_active=True)
        .filter(Q(school=school) | Q(school__isnull=True, parent__isnull=True))
        .select_related("level")
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("level__order", "name_fi", "id")
    )
    ids = {g.pk for g in groups}
    children: dict[int | None, list[WellbeingGroup]] = {}
    for g in groups:
        parent = g.parent_id if g.parent_id in ids else None
        children.setdefault(parent, []).append(g)

    ordered: list[GroupSection] = []

    def walk(parent: int | None, depth: int) -> None:
        for g in children.get(parent, []):
            city_level = g.school_id is None
            ordered.append(
                GroupSection(
                    anchor=f"group-{g.pk}",
                    name=localized(g.name_fi, g.name_sv, language),
                    level=localized(g.level.name_fi, g.level.name_sv, language),
                    depth=min(depth, 3),
                    purpose=g.purpose,
                    # The city's groups are listed for orientation only: their members are the city's.
                    members=[] if city_level else [member_label(m) for m in g.members.all()],
                )
            )
            walk(g.pk, depth + 1)

    walk(None, 0)
    return ordered


# --- Roles tool ----------------------------------------------------------------------------------------


def _role_document(role: Role) -> dict[str, Any]:
    """A catalog role as a tool-document role without acts: for a chosen role the school's tool lacks."""
    lines = list(role.responsibilities.all())
    return {
        "id": role.pk,
        "key": role.key,
        "name_fi": role.name_fi,
        "name_sv": role.name_sv,
        "description": role.description,
        "description_sv": role.description_sv,
        "responsibilities": [r.text for r in lines],
        "responsibilities_sv": [r.text_sv for r in lines],
        "holders": [],
        "sections": [],
    }


def _chosen_first(document: dict[str, Any], role: Role | None) -> dict[str, Any]:
    if role is None:
        return document
    roles = list(document.get("roles") or [])
    chosen = [r for r in roles if r.get("id") == role.pk]
    rest = [r for r in roles if r.get("id") != role.pk]
    if not chosen:
        chosen = [_role_document(role)]
    return {**document, "roles": chosen + rest}


def _roles_tool(
    school: School, school_year: SchoolYear, role: Role | None
) -> tuple[str, str, list[dict[str, Any]]]:
    """(source, status line, roles as the roles tool PDF prints them), the chosen role first."""
    tool = RolesTool.objects.filter(school=school, school_year=school_year).first()
    revision = (
        RolesToolRevision.objects.filter(tool=tool).order_by("-number").first() if tool is not None else None
    )
    if revision is not None:
        document = revision.document
        context = roles_tool_context(
            _chosen_first(document, role),
            state=ToolState.PUBLISHED,
            publication=Publication(revision.number, revision.published_at),
            live=False,
        )
        return ToolSource.PUBLISHED, context["status"], context["roles"]
    if tool is not None:
        tool.school, tool.school_year = school, school_year
        context = roles_tool_context(
            _chosen_first(tool_document(tool), role), state=tool.state, publication=None, live=True
        )
        return ToolSource.WORKING_COPY, context["status"], context["roles"]
    if role is not None:
        document = _chosen_first({"roles": []}, role)
        context = roles_tool_context(document, state=ToolState.DRAFT, publication=None, live=True)
        return ToolSource.NONE, "", context["roles"]
    return ToolSource.NONE, "", []


# --- Yearclock -----------------------------------------------------------------------------------------


def _yearclock(school: School, school_year: SchoolYear) -> dict[str, Any] | None:
    """The yearly plan's wheel and months. No month is highlighted as the current one: the pack is
    stored and served for months, and must not change with the calendar alone."""
    clock = Yearclock.objects.filter(school=school, school_year=school_year).first()
    if clock is None:
        return None
    return plan_context(clock, today=None)


# --- Attendance-support model -----------------------------------------------------------------------


def _threshold(tier: Tier) -> str:
    value = tier.threshold.normalize()
    text = f"{value:f}".replace(".", ",")
    return f"{text} %" if tier.kind == "percent" else f"{text} h"


def _attendance(
    school: School, school_year: SchoolYear, language: str
) -> tuple[list[str], list[TierSection]]:
    """The city's model of the year: tiers and their steps with the responsible roles (three queries).
    Nothing about any pupil is read."""
    model = AttendanceModel.objects.filter(
        municipality_id=school.municipality_id, school_year=school_year
    ).first()
    if model is None:
        return [], []
    steps = TierStep.objects.prefetch_related(Prefetch("roles", queryset=Role.objects.order_by("order")))
    tiers = Tier.objects.filter(model=model).prefetch_related(Prefetch("steps", queryset=steps))
    sections = []
    for tier in tiers:
        sections.append(
            TierSection(
                name=localized(tier.name_fi, tier.name_sv, language),
                threshold=_threshold(tier),
                period=str(tier.get_period_display()),
                steps=[
                    {
                        "title": localized(step.title, step.title_sv, language),
                        "description": _paragraphs(step.description),
                        "roles": [localized(r.name_fi, r.name_sv, language) for r in step.roles.all()],
                        "deadline": step.deadline_school_days,
                        "guardian": step.involves_guardian,
                        "expert_group": step.is_expert_group,
                    }
                    for step in tier.steps.all()
                ],
            )
        )
    description = localized(model.description, model.description_sv, language)
    return _paragraphs(description), sections


# --- All of it -------------------------------------------------------------------------------------------


def gather(
    school: School,
    school_year: SchoolYear,
    role: Role | None = None,
    *,
    now: datetime.datetime | None = None,
) -> PackContent:
    """The pack's content for (school, school year, role). The caller checked that the three belong to
    one municipality and that the reader may have it (`services.request_pack`)."""
    now = now or timezone.now()
    language = pack_language(school)
    content = PackContent(
        school=school, school_year=school_year, role=role, language=language, generated_at=now
    )
    content.contacts, content.teacher_count = _contacts(school, school_year, language)
    content.groups = _groups(school, language)
    content.tool_source, content.tool_status, content.tool_roles = _roles_tool(school, school_year, role)
    content.yearclock = _yearclock(school, school_year)
    content.attendance_description, content.tiers = _attendance(school, school_year, language)
    return content
