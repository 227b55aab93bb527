"""Two municipalities built once per test module for the isolation tests, and the people who attack.

Every name, text and e-mail of a town carries the town's random token (e.g. "Betala-k3x9q2ab"), so
finding "-<token>" in another town's page is a leak, not a coincidence. One person, the county psychologist,
is a member of both towns (a coordinator in B, a plain psychologist in A): their name carries no token.
"""

from __future__ import annotations

import datetime
import secrets
import string
from dataclasses import dataclass, field

from django.test import Client
from django.utils import timezone

from groups.models import Attachment, Meeting, MemberKind
from groups.services import actions as group_actions
from groups.services import feeds as group_feeds
from groups.services import meetings as group_meetings
from groups.services import minutes as group_minutes
from groups.services import structure as group_structure
from notifications.models import Notification, Outcome
from roles import services as roles_services
from roles.models import ActSection, PracticalAct, Role, RoleKey, RolesTool, StaffAssignment
from schools import services as school_services
from schools.models import (
    Holiday,
    HolidayKind,
    Membership,
    MembershipInvitation,
    Municipality,
    School,
    SchoolYear,
    Stage,
    User,
)
from schools.tenancy import SESSION_KEY, resolve_actor
from tests.factories import MunicipalityFactory, SchoolFactory, SchoolYearFactory, UserFactory, assign
from yearclock.services import clocks as yearclock_clocks
from yearclock.services import feeds as yearclock_feeds
from yearclock.services import template as yearclock_template

PERSONS = ["coordinator", "principal", "teacher", "nurse", "coord_principal", "county"]
DIRECTIONS = [("A", "B"), ("B", "A")]


def random_token() -> str:
    """Lower-case letters and digits after a hyphen: a CSRF token or a hash never holds a hyphen."""
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(8))


def school_year_dates(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The school year around `today`: August to the end of July."""
    start_year = today.year if today.month >= 8 else today.year - 1
    return datetime.date(start_year, 8, 1), datetime.date(start_year + 1, 7, 31)


@dataclass
class Town:
    """One municipality with everything the routes need: two years, a draft and a published roles tool,
    acts, a city's own role and section, and people of every kind."""

    label: str
    token: str
    municipality: Municipality
    previous_year: SchoolYear
    year: SchoolYear
    school: School
    other_school: School
    coordinator: User
    principal: User
    teacher: User
    nurse: User
    coord_principal: User
    newcomer: User  # an active member with no assignment
    county: User  # shared with the other town
    custom_role: Role
    section: ActSection
    tool: RolesTool  # current year, published once and reopened: a draft at revision 2
    published_tool: RolesTool  # previous year, published
    act: PracticalAct
    act2: PracticalAct
    assignment: StaffAssignment  # the nurse's current-year assignment
    notification: Notification | None = None  # an inbox item of coord_principal's (a publication notice)
    sent_invitation: MembershipInvitation | None = None  # the town's pending invitation to an outsider
    invitation_to_me: MembershipInvitation | None = None  # a third town's invitation to coord_principal
    extra: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.municipality.name

    def role(self, key: str) -> Role:
        return Role.objects.get(municipality=self.municipality, key=key)

    def person(self, who: str) -> User:
        return getattr(self, who)

    def actor(self, who: str = "coord_principal"):
        return resolve_actor(self.person(who), self.municipality.pk)


def _member(m: Municipality, token: str, kind: str, first: str, *, coordinator: bool = False) -> User:
    user = UserFactory(
        email=f"{kind}.{token}@{m.slug}.fi", first_name=first, last_name=f"{kind.capitalize()}-{token}"
    )
    Membership.objects.create(user=user, municipality=m, is_coordinator=coordinator)
    return user


def build_town(label: str, county: User, *, county_coordinator: bool) -> Town:
    token = random_token()
    m = MunicipalityFactory(name=f"{label}la-{token}", slug=f"{label.lower()}la-{token}")
    start, end = school_year_dates(timezone.localdate())
    previous_year = SchoolYearFactory(
        municipality=m, starts_on=start.replace(year=start.year - 1), ends_on=end.replace(year=end.year - 1)
    )
    year = SchoolYearFactory(municipality=m, starts_on=start, ends_on=end)
    Holiday.objects.create(
        school_year=year,
        kind=HolidayKind.AUTUMN,
        name=f"Syysloma {label}la-{token}",
        starts_on=start.replace(month=10, day=14),
        ends_on=start.replace(month=10, day=18),
    )
    school = SchoolFactory(municipality=m, name=f"Koulu {label}la-{token}")
    other_school = SchoolFactory(
        municipality=m, name=f"Lukio {label}la-{token}", stages=[Stage.UPPER_SECONDARY]
    )
    people = {
        "coordinator": _member(m, token, "koordinaattori", "Kaisa", coordinator=True),
        "principal": _member(m, token, "rehtori", "Riitta"),
        "teacher": _member(m, token, "opettaja", "Olli"),
        "nurse": _member(m, token, "hoitaja", "Tiina"),
        "coord_principal": _member(m, token, "johtaja", "Jaana", coordinator=True),
        "newcomer": _member(m, token, "uusi", "Ulla"),
    }
    Membership.objects.create(user=county, municipality=m, is_coordinator=county_coordinator)
    for y in (previous_year, year):
        assign(people["principal"], school, RoleKey.PRINCIPAL, y)
        assign(people["coord_principal"], school, RoleKey.PRINCIPAL, y)
        assign(people["teacher"], school, RoleKey.TEACHER, y)
        assign(county, school, RoleKey.PSYCHOLOGIST, y)
        nurse_assignment = assign(people["nurse"], school, RoleKey.SCHOOL_NURSE, y)

    coordinator = resolve_actor(people["coordinator"], m.pk)
    custom_role = roles_services.role_create(actor=coordinator, name_fi=f"Koulukoutsi {label}la-{token}")
    section = roles_services.section_create(actor=coordinator, name_fi=f"Osio {label}la-{token}")

    principal = resolve_actor(people["principal"], m.pk)
    teacher_role = Role.objects.get(municipality=m, key=RoleKey.TEACHER)
    published_tool = roles_services.tool_create(actor=principal, school=school, school_year=previous_year)
    roles_services.act_create(
        actor=principal,
        tool=published_tool,
        role=teacher_role,
        section=section,
        text=f"Viime vuonna {label}la-{token}",
    )
    roles_services.tool_publish(actor=principal, tool=published_tool, today=previous_year.ends_on)

    tool = roles_services.tool_create(actor=principal, school=school, school_year=year)
    act = roles_services.act_create(
        actor=principal, tool=tool, role=teacher_role, section=section, text=f"Teko yksi {label}la-{token}"
    )
    act2 = roles_services.act_create(
        actor=principal, tool=tool, role=teacher_role, section=section, text=f"Teko kaksi {label}la-{token}"
    )
    roles_services.tool_publish(actor=principal, tool=tool)
    roles_services.tool_reopen(actor=principal, tool=tool)
    # A "confirm all" to undo (issue 8): the first act as if carried over, then confirmed with the rest.
    PracticalAct.objects.filter(pk=act.pk).update(carried_over=True)
    roles_services.acts_confirm_all(actor=principal, tool=tool)
    # The nurse writes the pupil and guardian acts: a writer to list, and to remove.
    roles_services.nonstaff_writer_grant(actor=principal, tool=tool, user=people["nurse"])
    # The publication notices as the sender leaves them: in the staff's inboxes.
    Notification.objects.filter(municipality=m).update(outcome=Outcome.SENT, sent_at=timezone.now())
    notification = Notification.objects.filter(municipality=m, recipient=people["coord_principal"]).first()
    extra = _groups(m, school, principal, people, label, token)
    extra.update(_yearclock(m, school, year, coordinator, principal, label, token))
    extra.update(_absence_model(m, year, coordinator, label, token))
    extra.update(_absences(m, school, year, people, label, token, extra["tier"]))
    extra.update(_evaluation(school, year, coordinator, principal, label, token))
    extra.update(_induction_pack(school, year, people, label, token))
    return Town(
        label=label,
        token=token,
        municipality=m,
        previous_year=previous_year,
        year=year,
        school=school,
        other_school=other_school,
        county=county,
        custom_role=custom_role,
        section=section,
        tool=RolesTool.objects.get(pk=tool.pk),
        published_tool=RolesTool.objects.get(pk=published_tool.pk),
        act=PracticalAct.objects.get(pk=act.pk),
        act2=PracticalAct.objects.get(pk=act2.pk),
        assignment=nurse_assignment,
        notification=notification,
        extra=extra,
        **people,
    )


def _groups(m: Municipality, school: School, principal, people: dict, label: str, token: str) -> dict:
    """The town's school group (the nurse, a pupil and a guardian representative), an upcoming meeting
    with a matter, a past one with approved minutes and an action item of the teacher's, and a
    calendar address of the teacher's."""
    levels = {lv.attaches_to: lv for lv in group_structure.levels_install_default(municipality=m)}
    group = group_structure.group_create(
        actor=principal,
        level=levels[Attachment.SCHOOL],
        name_fi=f"Ryhmä {label}la-{token}",
        school=school,
    )
    nurse_member = group_structure.member_add(
        actor=principal, group=group, kind=MemberKind.STAFF, user=people["nurse"]
    )
    pupil = group_structure.member_add(
        actor=principal, group=group, kind=MemberKind.PUPIL, name=f"Oppilas {label}la-{token}"
    )
    soon = timezone.now() + datetime.timedelta(days=10)
    meeting = group_meetings.meeting_create(
        actor=principal, group=group, starts_at=soon, ends_at=soon + datetime.timedelta(hours=1)
    )
    item = group_meetings.agenda_item_add(actor=principal, meeting=meeting, title=f"Asia {label}la-{token}")
    past = group_meetings.meeting_create(
        actor=principal, group=group, starts_at=soon, ends_at=soon + datetime.timedelta(hours=1)
    )
    past_item = group_meetings.agenda_item_add(
        actor=principal, meeting=past, title=f"Menneen asia {label}la-{token}"
    )
    action = group_actions.action_item_create(
        actor=principal,
        meeting=past,
        what=f"Tehtävä {label}la-{token}",
        owner=people["teacher"],
        due_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    group_minutes.minutes_save(
        actor=principal,
        meeting=past,
        version=past.version,
        general="",
        items={past_item.pk: ("Käsiteltiin.", "")},
    )
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Meeting.objects.filter(pk=past.pk).update(
        starts_at=yesterday, ends_at=yesterday + datetime.timedelta(hours=1)
    )
    past.refresh_from_db()
    group_minutes.minutes_approve(actor=principal, meeting=past)
    # A held meeting whose minutes wait for approval.
    draft = group_meetings.meeting_create(
        actor=principal, group=group, starts_at=soon, ends_at=soon + datetime.timedelta(hours=1)
    )
    group_minutes.minutes_save(
        actor=principal, meeting=draft, version=draft.version, general="Luonnos", items={}
    )
    Meeting.objects.filter(pk=draft.pk).update(
        starts_at=yesterday, ends_at=yesterday + datetime.timedelta(hours=1)
    )
    feed_token = group_feeds.feed_create(actor=resolve_actor(people["teacher"], m.pk))
    return {
        "group": group,
        "member": nurse_member,
        "pupil_member": pupil,
        "meeting": Meeting.objects.get(pk=meeting.pk),
        "past_meeting": Meeting.objects.get(pk=past.pk),
        "draft_meeting": Meeting.objects.get(pk=draft.pk),
        "agenda_item": item,
        "action_item": action,
        "feed_token": feed_token,
    }


def _yearclock(
    m: Municipality, school: School, year: SchoolYear, coordinator, principal, label: str, token: str
) -> dict:
    """The town's template entry, the school's yearclock made from it (a city entry, one dropped, a
    school's own entry) and its calendar address."""
    city_entry = yearclock_template.template_entry_create(
        actor=coordinator, theme=f"Teema {label}la-{token}", start_month=9, end_month=10
    )
    yearclock_template.template_entry_create(
        actor=coordinator, theme=f"Pudotettava {label}la-{token}", start_month=11, end_month=11
    )
    clock = yearclock_clocks.yearclock_create(actor=principal, school=school, school_year=year)
    entries = {e.template_entry_id: e for e in clock.entries.all()}
    dropped = next(e for k, e in entries.items() if k != city_entry.pk)
    yearclock_clocks.entry_drop(actor=principal, entry=dropped)
    own = yearclock_clocks.entry_add(
        actor=principal, yearclock=clock, theme=f"Oma {label}la-{token}", start_month=1, end_month=2
    )
    return {
        "template_entry": city_entry,
        "yearclock": clock,
        "entry": entries[city_entry.pk],
        "dropped_entry": dropped,
        "own_entry": own,
        "yearclock_token": yearclock_feeds.feed_create(actor=principal, yearclock=clock),
    }


def _evaluation(school: School, year: SchoolYear, coordinator, principal, label: str, token: str) -> dict:
    """The town's evaluation theme and criterion, the school's draft evaluation and an indicator."""
    from reports.evaluation import services as evaluation_services

    theme = evaluation_services.theme_create(actor=coordinator, name=f"Teema {label}la-{token}")
    criterion = evaluation_services.criterion_create(
        actor=coordinator, theme=theme, statement=f"Väite {label}la-{token}"
    )
    evaluation = evaluation_services.evaluation_create(actor=principal, school=school, school_year=year)
    evaluation = evaluation_services.evaluation_save(
        actor=principal, evaluation=evaluation, version=1, answers={criterion.pk: {"score": 3}}
    )
    indicator = evaluation_services.indicator_create(
        actor=coordinator, code=f"mittari-{token}", name=f"Mittari {label}la-{token}"
    )
    return {
        "evaluation_theme": theme,
        "evaluation_criterion": criterion,
        "evaluation": evaluation,
        "indicator": indicator,
    }


def _absences(
    m: Municipality, school: School, year: SchoolYear, people: dict, label: str, token: str, tier
) -> dict:
    """A pupil of the teacher's class, an open follow-up case about them at the model's tier, and an
    uploaded file waiting for its confirmation."""
    from absences.models import Pupil
    from absences.services import cases as absence_cases

    pupil = Pupil.objects.create(
        municipality=m, school=school, source_id=f"p-{token}", first_name="Oppilas",
        last_name=f"{label}la-{token}", group_name="7B", homeroom_teacher=people["teacher"],
    )  # fmt: skip
    case = absence_cases.case_open(resolve_actor(people["coord_principal"], m.pk), pupil, tier)
    # An uploaded day-level file waiting for its confirmation (valid: the confirm succeeds).
    from absences.services import imports as absence_imports

    day = year.starts_on + datetime.timedelta(days=30)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    content = (
        "oppilas_id;etunimi;sukunimi;luokka;pvm;pidetyt_tunnit;poissa_selvitetty;poissa_selvittamaton;poissa_muu\n"
        f"p-{token};Oppilas;{label}la-{token};7B;{day.day}.{day.month}.{day.year};6;1;0;0\n"
    ).encode()
    upload = absence_imports.import_upload(
        resolve_actor(people["coord_principal"], m.pk), school, year, "poissaolot.csv", content
    )
    return {
        "tier": tier,
        "pupil": pupil,
        "case": case,
        "case_step": case.steps.order_by("order").first(),
        "absence_import": upload,
    }


def _induction_pack(school: School, year: SchoolYear, people: dict, label: str, token: str) -> dict:
    """A ready induction pack of the school (stored bytes stand in for a print; the routes serve them)."""
    from reports.models import InductionPack, PackStatus

    pack = InductionPack.objects.create(
        school=school,
        school_year=year,
        status=PackStatus.READY,
        progress=100,
        fingerprint="0" * 64,
        content=b"%PDF-1.7\n%%EOF\n",
        filename=f"perehdytys-{label.lower()}la-{token}.pdf",
        pages=1,
        requested_by=people["principal"],
        requested_at=timezone.now(),
        rendered_at=timezone.now(),
    )
    return {"induction_pack": pack}


def _absence_model(m: Municipality, year: SchoolYear, coordinator, label: str, token: str) -> dict:
    """The town's attendance-support model: a tier with two steps, and a tier and a step to remove."""
    from absences.services import model as absence_model

    model = absence_model.model_create(coordinator, year, description=f"Malli {label}la-{token}")
    fields = {"kind": "percent", "threshold": "10", "period": "school_year", "name_sv": ""}
    tier = absence_model.tier_add(coordinator, model, name_fi=f"Taso {label}la-{token}", **fields)
    doomed_tier = absence_model.tier_add(coordinator, model, name_fi=f"Poistuva {label}la-{token}", **fields)
    teacher = Role.objects.get(municipality=m, key=RoleKey.TEACHER)
    step = absence_model.step_add(
        coordinator, tier, title=f"Vaihe {label}", roles=[teacher], deadline_school_days=5
    )
    doomed_step = absence_model.step_add(
        coordinator, tier, title="Poistuva", roles=[teacher], deadline_school_days=5
    )
    return {
        "attendance_model": model,
        "tier": tier,
        "doomed_tier": doomed_tier,
        "tier_step": step,
        "doomed_step": doomed_step,
    }


def build_towns() -> dict[str, Town]:
    county = UserFactory(email="psykologi@maakunta.fi", first_name="Kaija", last_name="Kiertävä")
    towns = {
        "A": build_town("Alfa", county, county_coordinator=False),
        "B": build_town("Beta", county, county_coordinator=True),
    }
    # Invitations, which only the invited person answers and only the inviting town withdraws: each
    # town invites an outsider of a third town, and the third town invites each town's coord_principal.
    gamma = MunicipalityFactory(name="Gammala", slug="gammala")
    gamma_coordinator = resolve_actor(
        _member(gamma, random_token(), "koordinaattori", "Gun", coordinator=True), gamma.pk
    )
    for town in towns.values():
        outsider = _member(gamma, random_token(), "ulkopuolinen", "Otto")
        town.sent_invitation = school_services.member_invite(
            actor=resolve_actor(town.coordinator, town.municipality.pk),
            email=outsider.email,
            first_name="",
            last_name="",
        )
        town.invitation_to_me = school_services.member_invite(
            actor=gamma_coordinator, email=town.coord_principal.email, first_name="", last_name=""
        )
    return towns


def signed_in(user: User, town: Town) -> Client:
    """A browser session of `user` with `town` as the active municipality (pages and session API)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[SESSION_KEY] = town.municipality.pk
    # The second factor proven, as the two-factor page leaves the session: pupils' pages then answer
    # by the same rules as every other page.
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={"confirmed": True}
    )
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client
