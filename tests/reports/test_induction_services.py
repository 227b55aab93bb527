"""Asking for an induction pack: printed in the background once, served from storage while nothing in
it changes, printed again when something does; a failed print is a message, not an error."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import ObjectNotFound
from reports.induction import services
from reports.induction.fingerprint import pack_fingerprint
from reports.models import InductionPack, PackStatus
from roles import services as roles_services
from roles.models import RoleKey
from tests.factories import role

from .induction_data import build, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack_school(city):
    return build(city)


def ask(actor, city, capture, role=None):
    with capture(execute=True) as callbacks:
        pack = services.request_pack(actor, city.school, city.year, role)
    return pack, callbacks


def test_first_request_queues_a_print_that_stores_the_pdf(
    city, pack_school, actor_for, django_capture_on_commit_callbacks
):
    pack, callbacks = ask(actor_for(city.principal), city, django_capture_on_commit_callbacks)
    assert pack.queued and len(callbacks) == 1
    stored = InductionPack.objects.get(pk=pack.pk)
    assert stored.status == PackStatus.READY and stored.progress == 100
    assert stored.pages > 5 and stored.filename.startswith("perehdytys-")
    assert city.school.name in pdf_text(bytes(stored.content))
    assert stored.fingerprint == pack_fingerprint(city.school, city.year)
    assert stored.requested_by == city.principal and stored.rendered_at is not None


def test_nothing_changed_nothing_queued(city, pack_school, actor_for, django_capture_on_commit_callbacks):
    actor = actor_for(city.principal)
    first, _ = ask(actor, city, django_capture_on_commit_callbacks)
    rendered_at = InductionPack.objects.get(pk=first.pk).rendered_at
    again, callbacks = ask(actor_for(city.teacher), city, django_capture_on_commit_callbacks)
    assert again.pk == first.pk and not again.queued
    assert callbacks == []
    assert again.status == PackStatus.READY
    assert InductionPack.objects.get(pk=first.pk).rendered_at == rendered_at


def test_changing_an_act_prints_again(city, pack_school, actor_for, django_capture_on_commit_callbacks):
    actor = actor_for(city.principal)
    first, _ = ask(actor, city, django_capture_on_commit_callbacks)
    act = pack_school.act
    act.refresh_from_db()
    roles_services.act_update(
        actor=actor,
        act=act,
        version=act.version,
        text="Uusi teko.",
        months=[9],
        with_whom="",
        responsible=None,
    )
    again, callbacks = ask(actor, city, django_capture_on_commit_callbacks)
    assert again.pk == first.pk and again.queued and len(callbacks) == 1
    assert "Uusi teko." in pdf_text(bytes(InductionPack.objects.get(pk=first.pk).content))


@pytest.mark.parametrize(
    "change",
    ["staff", "member_flag", "tier_step", "school_language", "holiday"],
)
def test_every_source_moves_the_fingerprint(city, pack_school, change):
    from absences.models import TierStep
    from schools.models import Holiday

    before = pack_fingerprint(city.school, city.year)
    if change == "staff":
        city.teacher.last_name = "Uusinimi"
        city.teacher.save()
    elif change == "member_flag":
        pack_school.hidden.name_in_documents = True
        pack_school.hidden.save()
    elif change == "tier_step":
        TierStep.objects.filter(tier=pack_school.tier, order=1).update(deadline_school_days=7)
    elif change == "school_language":
        city.school.language = "sv"
        city.school.save()
    elif change == "holiday":
        Holiday.objects.create(
            school_year=city.year, kind="autumn", starts_on="2026-10-19", ends_on="2026-10-23"
        )
    assert pack_fingerprint(city.school, city.year) != before


def test_the_role_is_part_of_the_pack(city, pack_school, actor_for, django_capture_on_commit_callbacks):
    actor = actor_for(city.principal)
    plain, _ = ask(actor, city, django_capture_on_commit_callbacks)
    nurse, callbacks = ask(
        actor, city, django_capture_on_commit_callbacks, role(city.municipality, RoleKey.SCHOOL_NURSE)
    )
    assert nurse.pk != plain.pk and nurse.queued and len(callbacks) == 1
    assert InductionPack.objects.count() == 2


def test_fingerprinting_takes_constant_queries(city, pack_school, django_assert_max_num_queries):
    from tests.factories import assign, member
    from tests.helpers import assert_queries_constant

    def grow():
        for _ in range(5):
            assign(member(city.municipality), city.school, RoleKey.TEACHER, city.year)

    assert_queries_constant(lambda: pack_fingerprint(city.school, city.year), grow, at_most=15)


def test_a_failed_print_is_a_message(
    city, pack_school, actor_for, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint exploded")

    monkeypatch.setattr(services, "render_content", broken)
    pack, _ = ask(actor_for(city.principal), city, django_capture_on_commit_callbacks)
    stored = InductionPack.objects.get(pk=pack.pk)
    assert stored.status == PackStatus.FAILED
    assert stored.error == services.FAILED_MESSAGE
    assert stored.content in (b"", memoryview(b"")) or bytes(stored.content) == b""
    # Asking again after the failure prints again.
    monkeypatch.undo()
    again, callbacks = ask(actor_for(city.principal), city, django_capture_on_commit_callbacks)
    assert again.queued and InductionPack.objects.get(pk=pack.pk).status == PackStatus.READY


def test_a_redelivered_task_does_not_print_twice(
    city, pack_school, actor_for, django_capture_on_commit_callbacks
):
    pack, _ = ask(actor_for(city.principal), city, django_capture_on_commit_callbacks)
    rendered_at = InductionPack.objects.get(pk=pack.pk).rendered_at
    services.pack_render(pack.pk)
    assert InductionPack.objects.get(pk=pack.pk).rendered_at == rendered_at
    assert services.pack_render(10**9) is None


def test_refusals_write_nothing(city, other_city, pack_school, actor_for):
    """A teacher of another school is refused; another municipality's school, year or role is not found."""
    from tests.factories import assign, member

    outsider = member(city.municipality)
    assign(outsider, city.other_school, RoleKey.TEACHER, city.year)
    with pytest.raises(PermissionDenied):
        services.request_pack(actor_for(outsider), city.school, city.year)
    principal = actor_for(city.principal)
    with pytest.raises(ObjectNotFound):
        services.request_pack(principal, other_city.school, city.year)
    with pytest.raises(ObjectNotFound):
        services.request_pack(principal, city.school, other_city.year)
    with pytest.raises(ObjectNotFound):
        services.request_pack(
            principal, city.school, city.year, role(other_city.municipality, RoleKey.TEACHER)
        )
    assert not InductionPack.objects.exists()


def test_who_may_ask(city, pack_school, actor_for):
    """The school's staff of that year, its principal and the coordinator; not a member without a role."""
    from reports.induction.policies import induction_packs
    from tests.factories import member

    for person in (city.principal, city.teacher, city.nurse, city.coordinator):
        assert induction_packs.can_request(actor_for(person), city.school, city.year), person
    assert not induction_packs.can_request(actor_for(member(city.municipality)), city.school, city.year)
    # Staff of last year only: not this year's pack.
    from tests.factories import assign

    former = member(city.municipality)
    assign(former, city.school, RoleKey.TEACHER, city.previous_year)
    assert not induction_packs.can_request(actor_for(former), city.school, city.year)
    assert induction_packs.can_request(actor_for(former), city.school, city.previous_year)
