"""A cheap fingerprint of everything an induction pack prints: when it is unchanged, the stored pack is
served again instead of being printed anew.

Not the content itself (gathering it costs about twenty queries and building the wheel), but per
source what moves whenever the content does: the newest `updated_at` and the row count (a deletion
lowers the count, an addition or an edit moves the newest stamp), and for the small rows that carry no
timestamp (tiers and their steps, holidays, people's names) their values. About a dozen small
queries, their number constant whatever the size of the school (a test asserts it).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db.models import Count, Max, Q

from absences.models import AttendanceModel, Tier, TierStep
from groups.models import GroupMember, WellbeingGroup
from roles.models import PracticalAct, Responsibility, Role, RolesTool, StaffAssignment
from schools.models import Holiday, School, SchoolYear
from yearclock.models import Yearclock, YearclockEntry

from .content import pack_language

# Bumped when the document's template or content rules change, so stored packs are printed anew.
LAYOUT_VERSION = 1


def _stamp(row: dict[str, Any]) -> list:
    return [str(value) for value in row.values()]


def inputs(school: School, school_year: SchoolYear, role: Role | None) -> dict[str, Any]:
    """What the fingerprint is a hash of (readable, for tests and debugging)."""
    municipality_id = school.municipality_id
    staff = list(
        StaffAssignment.objects.filter(school=school, school_year=school_year)
        .order_by("pk")
        .values_list("pk", "role_id", "updated_at", "user__first_name", "user__last_name", "user__email")
    )
    # The catalog: role names, descriptions and responsibilities (their edits replace the rows).
    catalog = Role.objects.filter(municipality_id=municipality_id).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    responsibilities = Responsibility.objects.filter(role__municipality_id=municipality_id).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    # The roles tool: the latest published revision, else the working copy's acts.
    tool = (
        RolesTool.objects.filter(school=school, school_year=school_year)
        .annotate(
            published=Max("revisions__pk"),
            roles_used=Count("roles", distinct=True),
        )
        .values("pk", "state", "revision", "updated_at", "published", "roles_used")
        .first()
    )
    acts: dict[str, Any] = {}
    if tool is not None and tool["published"] is None:
        acts = PracticalAct.objects.filter(tool_id=tool["pk"]).aggregate(
            n=Count("pk"), last=Max("updated_at"), names=Max("responsible__last_name")
        )
    groups = WellbeingGroup.objects.filter(
        Q(school=school) | Q(school__isnull=True, parent__isnull=True), municipality_id=municipality_id
    ).aggregate(n=Count("pk"), last=Max("updated_at"), levels=Max("level__updated_at"))
    members = list(
        GroupMember.objects.filter(
            Q(group__school=school), group__municipality_id=municipality_id, group__is_active=True
        )
        .order_by("pk")
        .values_list("pk", "updated_at", "user__first_name", "user__last_name")
    )
    clock = Yearclock.objects.filter(school=school, school_year=school_year).aggregate(
        n=Count("entries", distinct=True), last=Max("entries__updated_at"), clock=Max("updated_at")
    )
    owners = list(
        YearclockEntry.objects.filter(yearclock__school=school, yearclock__school_year=school_year)
        .exclude(owner=None)
        .order_by("pk")
        .values_list("pk", "owner__first_name", "owner__last_name")
    )
    holidays = list(
        Holiday.objects.filter(school_year=school_year)
        .order_by("pk")
        .values_list("kind", "name", "starts_on", "ends_on")
    )
    model = (
        AttendanceModel.objects.filter(municipality_id=municipality_id, school_year=school_year)
        .values("pk", "updated_at")
        .first()
    )
    tiers: list = []
    steps: list = []
    if model is not None:
        tiers = list(Tier.objects.filter(model_id=model["pk"]).order_by("pk").values())
        steps = list(
            TierStep.objects.filter(tier__model_id=model["pk"])
            .annotate(role_ids=Count("roles"), last_role=Max("roles__pk"))
            .order_by("pk")
            .values()
        )
    return {
        "layout": LAYOUT_VERSION,
        "language": pack_language(school),
        "school": [school.name, school.kind, school.stages, str(school.updated_at)],
        "school_year": [str(school_year.starts_on), str(school_year.ends_on)],
        "role": [role.pk, str(role.updated_at)] if role is not None else None,
        "staff": [[str(v) for v in row] for row in staff],
        "catalog": _stamp(catalog),
        "responsibilities": _stamp(responsibilities),
        "tool": _stamp(tool) if tool else None,
        "acts": _stamp(acts),
        "groups": _stamp(groups),
        "members": [[str(v) for v in row] for row in members],
        "yearclock": _stamp(clock),
        "owners": [[str(v) for v in row] for row in owners],
        "holidays": [[str(v) for v in row] for row in holidays],
        "attendance_model": _stamp(model) if model else None,
        "tiers": [_stamp(t) for t in tiers],
        "steps": [_stamp(s) for s in steps],
    }


def pack_fingerprint(school: School, school_year: SchoolYear, role: Role | None = None) -> str:
    """SHA-256 of `inputs`: equal fingerprints mean the pack would print the same."""
    data = json.dumps(inputs(school, school_year, role), sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()
