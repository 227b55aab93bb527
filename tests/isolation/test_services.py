"""Services, the last line: handed another town's object, each raises the same ObjectNotFound as for a
row that vanished, and writes nothing.

Pages and the API never hand a service another town's object (their selectors are scoped), but a
service is the boundary every caller shares (tasks, commands, the next page someone writes), so it
checks again, and never answers with a `DoesNotExist` (a 500) or a message that tells the two apart.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from core.errors import ObjectNotFound
from roles import services as roles_services
from roles import staffing
from roles.models import RoleKey
from schools import services as school_services
from schools.models import Membership

from .routes import changed_tables, snapshot
from .towns import Town

Call = Callable[[object, Town, Town], object]


def _membership(t: Town) -> Membership:
    return Membership.objects.get(user=t.teacher, municipality=t.municipality)


SERVICE_CALLS: dict[str, Call] = {
    "school_update": lambda actor, a, b: school_services.school_update(
        actor=actor, school=b.school, name="X"
    ),
    "school_year_update": lambda actor, a, b: school_services.school_year_update(
        actor=actor, school_year=b.year, starts_on=b.year.starts_on, ends_on=b.year.ends_on, holidays=[]
    ),
    "member_update": lambda actor, a, b: school_services.member_update(
        actor=actor,
        membership=_membership(b),
        first_name="X",
        last_name="Y",
        preferred_language="fi",
        is_coordinator=False,
    ),
    "member_set_active": lambda actor, a, b: school_services.member_set_active(
        actor=actor, membership=_membership(b), active=False
    ),
    "member_resend_invitation": lambda actor, a, b: school_services.member_resend_invitation(
        actor=actor, membership=_membership(b)
    ),
    "role_update": lambda actor, a, b: roles_services.role_update(
        actor=actor, role=b.custom_role, name_fi="X", name_sv="", description="", responsibilities=[]
    ),
    "role_set_active": lambda actor, a, b: roles_services.role_set_active(
        actor=actor, role=b.custom_role, active=False
    ),
    "section_update": lambda actor, a, b: roles_services.section_update(
        actor=actor, section=b.section, name_fi="X", name_sv="", order=1, is_active=True
    ),
    "tool_create": lambda actor, a, b: roles_services.tool_create(
        actor=actor, school=b.other_school, school_year=b.year
    ),
    "tool_set_roles": lambda actor, a, b: roles_services.tool_set_roles(
        actor=actor, tool=b.tool, roles=list(b.tool.roles.all())
    ),
    "tool_set_deadline": lambda actor, a, b: roles_services.tool_set_deadline(
        actor=actor, tool=b.tool, deadline=b.year.starts_on + datetime.timedelta(days=30)
    ),
    "tool_submit_for_review": lambda actor, a, b: roles_services.tool_submit_for_review(
        actor=actor, tool=b.tool
    ),
    "tool_publish": lambda actor, a, b: roles_services.tool_publish(actor=actor, tool=b.tool),
    "tool_reopen": lambda actor, a, b: roles_services.tool_reopen(actor=actor, tool=b.published_tool),
    "nonstaff_writer_grant": lambda actor, a, b: roles_services.nonstaff_writer_grant(
        actor=actor, tool=b.tool, user=a.newcomer
    ),
    "nonstaff_writer_revoke": lambda actor, a, b: roles_services.nonstaff_writer_revoke(
        actor=actor, tool=b.tool, user=b.nurse
    ),
    "act_create": lambda actor, a, b: roles_services.act_create(
        actor=actor, tool=b.tool, role=b.role(RoleKey.TEACHER), section=b.section, text="X"
    ),
    "act_update": lambda actor, a, b: roles_services.act_update(
        actor=actor,
        act=b.act,
        version=b.act.version,
        text="X",
        months=[],
        with_whom="",
        responsible=None,
    ),
    "act_confirm": lambda actor, a, b: roles_services.act_confirm(actor=actor, act=b.act),
    "act_delete": lambda actor, a, b: roles_services.act_delete(actor=actor, act=b.act),
    "act_move": lambda actor, a, b: roles_services.act_move(actor=actor, act=b.act, direction="down"),
    "acts_reorder": lambda actor, a, b: roles_services.acts_reorder(
        actor=actor,
        tool=b.tool,
        role=b.role(RoleKey.TEACHER),
        section=b.section,
        act_ids=[b.act2.pk, b.act.pk],
    ),
    "acts_confirm_all": lambda actor, a, b: roles_services.acts_confirm_all(actor=actor, tool=b.tool),
    "assignment_create": lambda actor, a, b: staffing.assignment_create(
        actor=actor, user=b.newcomer, school=b.school, role=b.role(RoleKey.TEACHER), school_year=b.year
    ),
    "assignment_delete": lambda actor, a, b: staffing.assignment_delete(actor=actor, assignment=b.assignment),
    "assignments_copy_from_previous_year": lambda actor, a, b: staffing.assignments_copy_from_previous_year(
        actor=actor, school=b.other_school, school_year=b.year
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("service", sorted(SERVICE_CALLS))
def test_a_service_handed_another_towns_object_raises_not_found(towns, service):
    a, b = towns["A"], towns["B"]
    actor = a.actor("coord_principal")
    before = snapshot()
    with pytest.raises(ObjectNotFound):
        SERVICE_CALLS[service](actor, a, b)
    after = snapshot()
    assert after == before, f"{service} changed {changed_tables(before, after)}"


@pytest.mark.django_db
def test_a_row_deleted_meanwhile_is_not_found_not_a_server_error(towns):
    """The lock re-reads the row: gone since the page loaded it, it is a 404, not a DoesNotExist."""
    a = towns["A"]
    actor = a.actor("coord_principal")
    act = a.act
    type(act).objects.filter(pk=act.pk).delete()
    with pytest.raises(ObjectNotFound):
        roles_services.act_update(
            actor=actor, act=act, version=act.version, text="X", months=[], with_whom="", responsible=None
        )
