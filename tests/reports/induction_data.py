"""A school with everything an induction pack prints, built through the apps' own services, plus pupil
data (names, absences, a follow-up case) that must never reach the pack."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from pypdf import PdfReader

from absences.models import AttendanceModel, Pupil, PupilMonth, Tier, TierStep
from groups.models import Attachment, GroupMember, MemberKind, WellbeingGroup
from groups.services import structure as group_structure
from roles import services as roles_services
from roles.models import PracticalAct, RoleKey, RolesTool
from roles.selectors import sections_for
from schools.tenancy import resolve_actor
from tests.factories import role
from yearclock.services import clocks as yearclock_clocks
from yearclock.services import template as yearclock_template

PUPIL_NAMES = ("Aapeli", "Poissaolija")
SHOWN_REPRESENTATIVE = "Pekka Edustaja"
HIDDEN_REPRESENTATIVE = "Salla Salainen"


@dataclass
class PackSchool:
    tool: RolesTool
    act: PracticalAct
    group: WellbeingGroup
    hidden: GroupMember
    tier: Tier
    pupil: Pupil


def build(city) -> PackSchool:
    coordinator = resolve_actor(city.coordinator, city.municipality)
    principal = resolve_actor(city.principal, city.municipality)
    m = city.municipality

    # Roles tool (a working copy: nothing published), acts of the teacher and the nurse.
    tool = roles_services.tool_create(actor=principal, school=city.school, school_year=city.year)
    section = sections_for(principal).first()
    act = roles_services.act_create(
        actor=principal,
        tool=tool,
        role=role(m, RoleKey.TEACHER),
        section=section,
        text="Opettaja ryhmäyttää luokan syyskuussa.",
        months=[9],
    )
    roles_services.act_create(
        actor=principal,
        tool=tool,
        role=role(m, RoleKey.SCHOOL_NURSE),
        section=section,
        text="Terveydenhoitaja kertoo terveystarkastuksista vanhempainillassa.",
        months=[10],
    )

    # Groups: the school's group with the nurse, a pupil representative who may be named and a
    # guardian representative who may not.
    levels = {lv.attaches_to: lv for lv in group_structure.levels_install_default(municipality=m)}
    group = group_structure.group_create(
        actor=principal,
        level=levels[Attachment.SCHOOL],
        name_fi="Koulun hyvinvointiryhmä",
        school=city.school,
    )
    group_structure.member_add(actor=principal, group=group, kind=MemberKind.STAFF, user=city.nurse)
    group_structure.member_add(
        actor=principal,
        group=group,
        kind=MemberKind.PUPIL,
        name=SHOWN_REPRESENTATIVE,
        email="pekka@example.fi",
        represents="Oppilaskunta",
    )
    hidden = group_structure.member_add(
        actor=principal,
        group=group,
        kind=MemberKind.GUARDIAN,
        name=HIDDEN_REPRESENTATIVE,
        represents="Vanhempainyhdistys",
        email="salla@example.fi",
        name_in_documents=False,
    )

    # Yearclock from the city's template.
    yearclock_template.template_entry_create(
        actor=coordinator, theme="Ryhmäytyminen", start_month=8, end_month=9
    )
    yearclock_template.template_entry_create(
        actor=coordinator, theme="Kiusaamiskysely", start_month=10, end_month=10, weeks=[40]
    )
    yearclock_clocks.yearclock_create(actor=principal, school=city.school, school_year=city.year)

    # The city's attendance-support model, and pupil data that must stay out of the pack.
    model = AttendanceModel.objects.create(
        municipality=m, school_year=city.year, description="Poissaoloihin puututaan ajoissa."
    )
    tier = Tier.objects.create(
        model=model, order=1, name_fi="Tehostettu seuranta", kind="percent", threshold=10
    )
    step = TierStep.objects.create(
        tier=tier,
        order=1,
        title="Huoli puheeksi huoltajan kanssa",
        deadline_school_days=5,
        involves_guardian=True,
    )
    step.roles.add(role(m, RoleKey.TEACHER))
    expert = TierStep.objects.create(
        tier=tier,
        order=2,
        title="Monialainen asiantuntijaryhmä",
        deadline_school_days=15,
        is_expert_group=True,
    )
    expert.roles.add(role(m, RoleKey.SOCIAL_WORKER))
    pupil = Pupil.objects.create(
        municipality=m,
        school=city.school,
        source_id="p-1",
        first_name=PUPIL_NAMES[0],
        last_name=PUPIL_NAMES[1],
        group_name="7A",
        homeroom_teacher=city.teacher,
    )
    PupilMonth.objects.create(
        municipality=m,
        school=city.school,
        school_year=city.year,
        pupil=pupil,
        month=datetime.date(2026, 9, 1),
        days=20,
        lessons_held=100,
        unexcused=25,
    )
    from absences.services.cases import case_open

    case_open(principal, pupil, tier)
    return PackSchool(tool=tool, act=act, group=group, hidden=hidden, tier=tier, pupil=pupil)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [page.extract_text() or "" for page in reader.pages]
