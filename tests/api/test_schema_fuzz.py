"""Property-based: whatever a client sends that the OpenAPI schema describes (or nearly describes),
the API never answers with a 5xx.

Schemathesis reads /api/schema/ from the Django WSGI app itself and generates requests for every
operation: valid ones (positive) and ones that break the schema (negative), half of them on real
objects of the principal's municipality, half on generated ids. Bounded: a few examples per
operation, no Hypothesis deadline, no example database.
"""

from __future__ import annotations

import datetime
import os
import time

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from absences.services import imports as absence_imports
from config.wsgi import application
from groups.services import actions as groups_actions
from groups.services import meetings as groups_meetings
from groups.services import structure as groups_structure
from roles import services as roles_services
from roles.models import ActSection, RoleKey
from schools.tenancy import resolve_actor
from tests.factories import role
from yearclock.services import clocks as yearclock_clocks
from yearclock.services import template as yearclock_template

EXAMPLES_PER_OPERATION = 12
# About 10-25 s here; the ceiling only catches a run that has grown out of bounds (a noisy machine
# running the suite in parallel can double the time).
TIME_CEILING_SECONDS = 180
# CI replays the same examples every run (a red CI is then reproducible); local runs explore.
DERANDOMIZE = bool(os.environ.get("CI"))


@pytest.fixture
def in_process_wsgi():
    """Requests through the WSGI handler share the test's database connection and transaction: the
    handler must not close it after each request (Django's test client disconnects the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _absence_case(city, actor):
    """A pupil of the school with an open follow-up case of one step."""
    from absences.models import AttendanceModel, Pupil, Tier, TierStep
    from absences.services.cases import case_open

    model = AttendanceModel.objects.create(municipality=city.municipality, school_year=city.year)
    tier = Tier.objects.create(model=model, order=1, name_fi="Tehostettu", kind="percent", threshold=10)
    TierStep.objects.create(tier=tier, order=1, title="Puheeksi", deadline_school_days=5)
    pupil = Pupil.objects.create(
        municipality=city.municipality,
        school=city.school,
        source_id="1",
        first_name="Aino",
        last_name="Oppilas",
    )
    return case_open(actor, pupil, tier)


def _evaluation_ids(city, actor) -> dict[str, int]:
    from reports.evaluation import services as evaluation_services

    coordinator = resolve_actor(city.coordinator, None)
    theme = evaluation_services.theme_create(actor=coordinator, name="Teema")
    criterion = evaluation_services.criterion_create(actor=coordinator, theme=theme, statement="Väite")
    evaluation = evaluation_services.evaluation_create(actor=actor, school=city.school, school_year=city.year)
    indicator = evaluation_services.indicator_create(actor=coordinator, code="mittari", name="Mittari")
    return {
        "/api/v1/evaluation-themes/": theme.pk,
        "/api/v1/evaluation-criteria/": criterion.pk,
        "/api/v1/school-evaluations/": evaluation.pk,
        "/api/v1/indicators/": indicator.pk,
    }


def real_ids(city) -> dict[str, int]:
    """An existing object of the principal's municipality for each resource with an {id}."""
    actor = resolve_actor(city.principal, None)
    section = ActSection.objects.filter(municipality=city.municipality).first()
    tool = roles_services.tool_create(actor=actor, school=city.school, school_year=city.year)
    act = roles_services.act_create(
        actor=actor, tool=tool, role=role(city.municipality, RoleKey.TEACHER), section=section, text="Teko"
    )
    group = groups_structure.group_create(
        actor=actor,
        level=groups_structure.levels_install_default(municipality=city.municipality)[1],
        name_fi="Ryhmä",
        school=city.school,
    )
    member = groups_structure.member_add(actor=actor, group=group, kind="staff", user=city.nurse)
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = groups_meetings.meeting_create(
        actor=actor, group=group, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    item = groups_meetings.agenda_item_add(actor=actor, meeting=meeting, title="Asia")
    task = groups_actions.action_item_create(
        actor=actor, meeting=meeting, what="Tehtävä", owner=city.teacher, due_on=start.date()
    )
    template_entry = yearclock_template.template_entry_create(
        actor=resolve_actor(city.coordinator, None), theme="Ryhmäytyminen", start_month=8, end_month=9
    )
    clock = yearclock_clocks.yearclock_create(actor=actor, school=city.school, school_year=city.year)
    absence_import = absence_imports.import_upload(
        actor, city.school, city.year, "p.csv", b"oppilas_id;etunimi;sukunimi;luokka;pvm\n1;A;B;7A;1.9.2026\n"
    )
    case = _absence_case(city, actor)
    from reports.induction.services import request_pack

    pack = request_pack(actor, city.school, city.year)  # queued (on_commit never runs here)
    evaluation_ids = _evaluation_ids(city, actor)
    return {
        **evaluation_ids,
        "/api/v1/induction-packs/": pack.pk,
        "/api/v1/pupils/": case.pupil_id,
        "/api/v1/absence-cases/": case.pk,
        "/api/v1/absence-case-steps/": case.steps.first().pk,
        "/api/v1/group-levels/": group.level_id,
        "/api/v1/groups/": group.pk,
        "/api/v1/group-members/": member.pk,
        "/api/v1/meetings/": meeting.pk,
        "/api/v1/agenda-items/": item.pk,
        "/api/v1/action-items/": task.pk,
        "/api/v1/schools/": city.school.pk,
        "/api/v1/school-years/": city.year.pk,
        "/api/v1/assignments/": city.school.assignments.first().pk,
        "/api/v1/users/": city.teacher.pk,
        "/api/v1/roles/": role(city.municipality, RoleKey.TEACHER).pk,
        "/api/v1/act-sections/": section.pk,
        "/api/v1/roles-tools/": tool.pk,
        "/api/v1/practical-acts/": act.pk,
        "/api/v1/yearclock-template-entries/": template_entry.pk,
        "/api/v1/yearclocks/": clock.pk,
        "/api/v1/yearclock-entries/": clock.entries.first().pk,
        "/api/v1/absence-imports/": absence_import.pk,
    }


@pytest.mark.django_db
def test_no_request_the_schema_describes_gets_a_server_error(city, in_process_wsgi):
    started = time.monotonic()
    schema = schemathesis.openapi.from_wsgi("/api/schema/", in_process_wsgi)
    token = Token.objects.create(user=city.principal).key
    headers = {"Authorization": f"Token {token}"}
    ids = real_ids(city)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40

    for operation in operations:
        strategies = [
            operation.as_strategy(mode) for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ]
        if "{id}" in operation.path:
            collection = operation.path.split("{id}")[0]
            strategies.append(
                operation.as_strategy(GenerationMode.POSITIVE, path_parameters={"id": ids[collection]})
            )
            strategies.append(
                operation.as_strategy(GenerationMode.NEGATIVE, path_parameters={"id": ids[collection]})
            )

        @given(case=st.one_of(strategies))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=DERANDOMIZE,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case):
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        no_server_error()
    elapsed = time.monotonic() - started
    assert elapsed < TIME_CEILING_SECONDS, f"took {elapsed:.0f} s"
