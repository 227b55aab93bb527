"""Demo wellbeing groups (issue 9, item 9), seeded by `manage.py seed_demo` after the roles tools.

Esimerkkilä gets the customer's whole four-level structure (seed 002): the city's group convened by
the coordinator, a group for each school centre convened by its principal, stage groups for the stages
each school has, and a working group on bullying prevention under Keskustan koulukeskus's group with
peer-support pupils invited for the theme. Members include pupil and guardian representatives without
an account. Each city and school group has a past meeting with attendance, approved minutes, decisions
and action items, and an upcoming one (1–4 weeks ahead) with its agenda, invitations sent and reminders
scheduled. Toisala gets its default levels and its school's group only.

Everything goes through groups.services acting as the coordinator or the principal, so the grants,
reminders and audit lines are real. Texts are general-level only: a communal group never handles an
individual pupil's matters. Like `seed_demo`, only what is missing is created: an existing group is
left exactly as it is (with its members and meetings), so a second run changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from groups.models import (
    ActionItem,
    ActionStatus,
    Attachment,
    AttendanceStatus,
    GroupLevel,
    Meeting,
    MemberKind,
    WellbeingGroup,
)
from groups.notifications import MEETING_REMINDER
from groups.services import actions, meetings, minutes, structure
from notifications import services as notification_services
from notifications.models import Notification, Outcome
from roles.models import Role, RoleKey
from schools.models import Language, Municipality, School, Stage, User
from schools.tenancy import Actor, resolve_actor

from .schools import KESKUSTA, POHJOINEN, SVENSKA, TOISALA_SCHOOL, SeedReport

R = RoleKey
K = MemberKind
SV = Language.SWEDISH
COORDINATOR = "koordinaattori@esimerkkila.fi"
PSYCHOLOGIST = "psykologi@hyvinvointialue.fi"


# --- The data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Staff:
    email: str
    role: str | None = None


@dataclass(frozen=True)
class Outsider:
    """A member without an account: a pupil or guardian representative, an external partner."""

    kind: str
    name: str
    represents: str
    email: str = ""
    language: str = Language.FINNISH
    theme: str = ""
    name_in_documents: bool = True


@dataclass(frozen=True)
class Item:
    """An agenda item; `presenter` is a member's e-mail, `minutes` and `decision` for a held meeting."""

    title: str
    description: str = ""
    presenter: str = ""
    minutes: str = ""
    decision: str = ""


@dataclass(frozen=True)
class Task:
    """An action item; `due` days from today; `state` "open", "overdue" (due date moved to the past)
    or "done"."""

    what: str
    owner: str
    due: int
    state: str = "open"


@dataclass(frozen=True)
class MeetingSpec:
    title: str
    days: int  # from today: negative for a held meeting
    place: str
    items: tuple[Item, ...]
    general: str = ""
    tasks: tuple[Task, ...] = ()
    preparer: str = ""
    online_link: str = ""


@dataclass(frozen=True)
class GroupSpec:
    name_fi: str
    name_sv: str
    members: tuple[Staff | Outsider, ...]
    stage: str = ""
    purpose: str = ""
    ends_on: datetime.date | None = None
    meetings: tuple[MeetingSpec, ...] = ()
    children: tuple[GroupSpec, ...] = field(default=())


def _guardian(name: str, email: str, language: str = Language.FINNISH) -> Outsider:
    return Outsider(K.GUARDIAN, name, "Vanhempainyhdistys", email, language)


def _pupils(first: str, second: str, represents: str = "Oppilaskunnan hallitus") -> tuple[Outsider, ...]:
    # The second pupil's name stays out of documents and they get no e-mail: the school passes word on.
    return (
        Outsider(K.PUPIL, first, represents),
        Outsider(K.PUPIL, second, represents, name_in_documents=False),
    )


# fmt: off
CITY_GROUP = GroupSpec(
    "Esimerkkilän kaupungin opiskeluhuoltoryhmä", "Esimerkkilä stads elevhälsogrupp",
    members=(
        Staff(COORDINATOR),
        Staff(PSYCHOLOGIST, R.PSYCHOLOGIST),
        Staff("laura.mattila@esimerkkila.fi", R.SOCIAL_WORKER),
        Staff("terveydenhoitaja@esimerkkila.fi", R.SCHOOL_NURSE),
        Staff("jenni.karjalainen@esimerkkila.fi", R.YOUTH_WORK),
        _guardian("Helena Rautio", "helena.rautio@vanhemmat.example"),
    ),
    meetings=(
        MeetingSpec(
            "Syksyn ensimmäinen kokous", -45, "Kaupungintalo, kokoushuone Aalto",
            items=(
                Item("Opiskeluhuoltosuunnitelman toteutumisen seuranta",
                     "Koulukeskusten omavalvonnan havainnot lukuvuodelta 2025–2026.", COORDINATOR,
                     "Koulukeskusten raportit käytiin läpi. Yhteisöllinen työ on vakiintunut; "
                     "poissaolojen seurannassa käytännöt vaihtelevat koulujen välillä.",
                     "Laaditaan poissaolojen seurannan yhteiset käytännöt kevääseen mennessä."),
                Item("Kouluterveyskyselyn tulokset", "Kaupungin tason tulokset ja vertailu koko maahan.",
                     "terveydenhoitaja@esimerkkila.fi",
                     "Yksinäisyyden kokemukset ovat lisääntyneet yläkoulussa; liikunta-aktiivisuus on "
                     "ennallaan.",
                     "Koulukeskukset käsittelevät tulokset omissa ryhmissään marraskuussa."),
            ),
            general="Kokous avattiin klo 14.00. Todettiin kokous lailliseksi ja päätösvaltaiseksi.",
            tasks=(
                Task("Luonnos poissaolojen seurannan yhteisistä käytännöistä", COORDINATOR, 20),
            ),
        ),
        MeetingSpec(
            "Joulukuun kokous", 16, "Kaupungintalo, kokoushuone Aalto",
            items=(
                Item("Poissaolojen seurannan yhteiset käytännöt", "Luonnoksen käsittely.", COORDINATOR),
                Item("Hyvinvointikertomuksen opiskeluhuollon osuus", "", PSYCHOLOGIST),
                Item("Kevään kokousaikataulu"),
            ),
        ),
    ),
)

KESKUSTA_GROUP = GroupSpec(
    "Keskustan koulukeskuksen opiskeluhuoltoryhmä", "Centrumskolcentrets elevhälsogrupp",
    members=(
        Staff("rehtori@esimerkkila.fi", R.PRINCIPAL),
        Staff("liisa.niemi@esimerkkila.fi", R.SPECIAL_NEEDS_TEACHER),
        Staff("terveydenhoitaja@esimerkkila.fi", R.SCHOOL_NURSE),
        Staff("laura.mattila@esimerkkila.fi", R.SOCIAL_WORKER),
        Staff(PSYCHOLOGIST, R.PSYCHOLOGIST),
        Staff("marjo.tuominen@esimerkkila.fi", R.STUDY_COUNSELLOR),
        Staff("sanna.jarvinen@esimerkkila.fi", R.TEACHER),
        *_pupils("Veera Lahti", "Eino Salo"),
        _guardian("Katja Honkanen", "katja.honkanen@vanhemmat.example"),
    ),
    meetings=(
        MeetingSpec(
            "Lukuvuoden suunnittelu", -60, "Opettajainhuone",
            items=(
                Item("Lukuvuoden toimintasuunnitelma", "Yhteisöllisen opiskeluhuollon painopisteet.",
                     "rehtori@esimerkkila.fi",
                     "Painopisteiksi valittiin kiusaamisen ehkäisy ja välituntitoiminta.",
                     "Toimintasuunnitelma hyväksyttiin esitetyn mukaisena."),
                Item("Välituntitoiminta", "Oppilaskunnan ehdotukset välituntien toiminnasta.",
                     "sanna.jarvinen@esimerkkila.fi",
                     "Oppilaskunta ehdotti liikuntavälitunteja kahdesti viikossa.",
                     "Kokeillaan liikuntavälitunteja syyslukukauden ajan."),
            ),
            general="Läsnä olivat ryhmän jäsenet läsnäololistan mukaisesti.",
            tasks=(
                Task("Liikuntavälituntien vuorolista opettajille", "opettaja@esimerkkila.fi", 0, "done"),
            ),
        ),
        MeetingSpec(
            "Marraskuun kokous", -14, "Opettajainhuone",
            items=(
                Item("Kouluterveyskyselyn tulokset", "Koulukeskuksen tulokset ja niiden käsittely.",
                     "terveydenhoitaja@esimerkkila.fi",
                     "Käytiin läpi koulun tulokset. Kouluruokailun ja koulumatkojen turvallisuuden kokemus "
                     "on parantunut; kiusaamista kokeneiden osuus ei ole laskenut.",
                     "Tulokset käsitellään luokissa joulukuun aikana."),
                Item("Kiusaamisen vastainen suunnitelma", "Suunnitelman päivitys työryhmän pohjalta.",
                     "liisa.niemi@esimerkkila.fi",
                     "Suunnitelman päivitys annettiin kiusaamisen ehkäisyn työryhmälle.",
                     "Perustetaan kiusaamisen ehkäisyn työryhmä; tukioppilaat kutsutaan mukaan."),
                Item("Poissaolojen seurannan yhteiset käytännöt", "", "marjo.tuominen@esimerkkila.fi",
                     "Keskusteltiin kaupungin tason linjauksesta.",
                     "Odotetaan kaupungin luonnosta."),
            ),
            general="Kokous alkoi klo 14.00 ja päättyi klo 15.30.",
            tasks=(
                Task("Kouluterveyskyselyn tulosten käsittely luokissa: ohje opettajille",
                     "opettaja@esimerkkila.fi", 5),
                Task("Vanhempainillan teema kevääksi", "sanna.jarvinen@esimerkkila.fi", 7, "overdue"),
            ),
        ),
        MeetingSpec(
            "Joulukuun kokous", 9, "Opettajainhuone",
            items=(
                Item("Kiusaamisen vastainen suunnitelma", "Työryhmän välikatsaus.",
                     "liisa.niemi@esimerkkila.fi"),
                Item("Välituntitoiminnan kokeilun arviointi", "", "sanna.jarvinen@esimerkkila.fi"),
                Item("Tunne- ja vuorovaikutustaitojen teemaviikko", "Kevään teemaviikon suunnittelu."),
            ),
        ),
    ),
    children=(
        GroupSpec(
            "Kiusaamisen ehkäisyn työryhmä", "Arbetsgruppen för att förebygga mobbning",
            purpose="Päivittää koulukeskuksen kiusaamisen vastainen suunnitelma ja suunnitella "
                    "tukioppilastoiminnan teemapäivät.",
            ends_on=datetime.date(2027, 5, 31),
            members=(
                Staff("liisa.niemi@esimerkkila.fi", R.SPECIAL_NEEDS_TEACHER),
                Staff("sanna.jarvinen@esimerkkila.fi", R.TEACHER),
                Staff("jenni.karjalainen@esimerkkila.fi", R.YOUTH_WORK),
                Staff("laura.mattila@esimerkkila.fi", R.SOCIAL_WORKER),
                Outsider(K.PUPIL, "Tukioppilaat (2 edustajaa)", "Tukioppilaat", theme="Kiusaamisen ehkäisy"),
            ),
            meetings=(
                MeetingSpec(
                    "Työryhmän aloituskokous", 12, "Kirjasto",
                    items=(
                        Item("Kiusaamisen vastaisen suunnitelman nykytila", "",
                             "liisa.niemi@esimerkkila.fi"),
                        Item("Tukioppilaiden teemapäivän ideointi", "", "jenni.karjalainen@esimerkkila.fi"),
                    ),
                    preparer="sanna.jarvinen@esimerkkila.fi",
                ),
            ),
        ),
    ),
)

POHJOINEN_GROUP = GroupSpec(
    "Pohjoisen koulukeskuksen opiskeluhuoltoryhmä", "Norra skolcentrets elevhälsogrupp",
    members=(
        Staff("timo.nieminen@esimerkkila.fi", R.PRINCIPAL),
        Staff("pauliina.vainio@esimerkkila.fi", R.SPECIAL_NEEDS_TEACHER),
        Staff("terveydenhoitaja@esimerkkila.fi", R.SCHOOL_NURSE),
        Staff("laura.mattila@esimerkkila.fi", R.SOCIAL_WORKER),
        Staff("emma.blomqvist@esimerkkila.fi", R.PSYCHOLOGIST),
        Staff("kari.heinonen@esimerkkila.fi", R.STUDY_COUNSELLOR),
        Staff("markku.ojala@esimerkkila.fi", R.TEACHER),
        *_pupils("Aada Mäkinen", "Onni Heikkilä"),
        _guardian("Petteri Koivisto", "petteri.koivisto@vanhemmat.example"),
    ),
    meetings=(
        MeetingSpec(
            "Lokakuun kokous", -35, "Neuvotteluhuone",
            items=(
                Item("Kiusaamiskyselyn tulokset", "Viikon 40 kyselyn koonti.",
                     "pauliina.vainio@esimerkkila.fi",
                     "Kyselyyn vastasi 88 % oppilaista. Tulokset ovat edellisvuoden tasolla.",
                     "Tulokset esitellään vanhempainillassa."),
                Item("Nivelvaiheen yhteistyö", "Siirtymä 6. luokalta 7. luokalle.",
                     "kari.heinonen@esimerkkila.fi",
                     "Tutustumispäivä sovittiin toukokuulle.",
                     "Opinto-ohjaaja valmistelee tutustumispäivän ohjelman."),
            ),
            tasks=(Task("Tutustumispäivän ohjelmaluonnos", "kari.heinonen@esimerkkila.fi", 24),),
        ),
        MeetingSpec(
            "Joulukuun kokous", 13, "Neuvotteluhuone",
            items=(
                Item("Kouluterveyskyselyn tulokset", "", "terveydenhoitaja@esimerkkila.fi"),
                Item("Poissaolojen seurannan yhteiset käytännöt", "", "timo.nieminen@esimerkkila.fi"),
            ),
        ),
    ),
)

SVENSKA_GROUP = GroupSpec(
    "Svenska skolcentretin opiskeluhuoltoryhmä", "Svenska skolcentrets elevhälsogrupp",
    members=(
        Staff("anna.lindholm@esimerkkila.fi", R.PRINCIPAL),
        Staff("karin.stromberg@esimerkkila.fi", R.SPECIAL_NEEDS_TEACHER),
        Staff("annika.lindqvist@esimerkkila.fi", R.SCHOOL_NURSE),
        Staff("sofia.holmberg@esimerkkila.fi", R.SOCIAL_WORKER),
        Staff("emma.blomqvist@esimerkkila.fi", R.PSYCHOLOGIST),
        Staff("maria.westerlund@esimerkkila.fi", R.TEACHER),
        *_pupils("Ella Lindroos", "Oskar Grönqvist", "Elevrådets styrelse"),
        _guardian("Camilla Ek", "camilla.ek@foraldrar.example", SV),
    ),
    meetings=(
        MeetingSpec(
            "Höstens möte", -21, "Lärarrummet",
            items=(
                Item("Resultaten av skolhälsoenkäten", "", "annika.lindqvist@esimerkkila.fi",
                     "Resultaten gicks igenom på skolnivå.",
                     "Resultaten behandlas i klasserna före jul."),
                Item("Rastverksamhet", "Elevrådets förslag.", "maria.westerlund@esimerkkila.fi",
                     "Elevrådet föreslog lekrastar med faddrar.",
                     "Lekrastar prövas under vårterminen."),
            ),
            tasks=(Task("Schema för lekrastar", "maria.westerlund@esimerkkila.fi", 10),),
        ),
        MeetingSpec(
            "Januarimöte", 26, "Lärarrummet",
            items=(Item("Plan mot mobbning", "", "karin.stromberg@esimerkkila.fi"),),
        ),
    ),
)

# Stage groups: the staff of each stage the school has (seed 002's third level).
STAGE_MEMBERS = {
    KESKUSTA: {
        Stage.PRE_AND_EARLY: ("aino.heikkinen@esimerkkila.fi", "mikko.koskinen@esimerkkila.fi",
                              "juha.hamalainen@esimerkkila.fi"),
        Stage.PRIMARY: ("opettaja@esimerkkila.fi", "noora.kallio@esimerkkila.fi",
                        "juha.hamalainen@esimerkkila.fi"),
        Stage.LOWER_SECONDARY: ("sanna.jarvinen@esimerkkila.fi", "hannu.salminen@esimerkkila.fi",
                                "marjo.tuominen@esimerkkila.fi", "jenni.karjalainen@esimerkkila.fi"),
        Stage.UPPER_SECONDARY: ("petri.lehtonen@esimerkkila.fi", "antti.rantanen@esimerkkila.fi"),
    },
    POHJOINEN: {
        Stage.PRE_AND_EARLY: ("heidi.lahtinen@esimerkkila.fi", "ville.kettunen@esimerkkila.fi"),
        Stage.PRIMARY: ("johanna.leppanen@esimerkkila.fi", "ville.kettunen@esimerkkila.fi"),
        Stage.LOWER_SECONDARY: ("markku.ojala@esimerkkila.fi", "tanja.savolainen@esimerkkila.fi",
                                "ilkka.manninen@esimerkkila.fi", "kari.heinonen@esimerkkila.fi"),
    },
    SVENSKA: {
        Stage.PRE_AND_EARLY: ("jonas.nyman@esimerkkila.fi", "linnea.forsman@esimerkkila.fi"),
        Stage.PRIMARY: ("erik.sjoberg@esimerkkila.fi", "maria.westerlund@esimerkkila.fi"),
    },
}
STAGE_NAMES = {
    Stage.PRE_AND_EARLY: ("Esiopetuksen ja 1.–2. luokkien vaiheryhmä",
                          "Stadiegruppen för förskola och åk 1–2"),
    Stage.PRIMARY: ("3.–6. luokkien vaiheryhmä", "Stadiegruppen för åk 3–6"),
    Stage.LOWER_SECONDARY: ("7.–9. luokkien vaiheryhmä", "Stadiegruppen för åk 7–9"),
    Stage.UPPER_SECONDARY: ("Lukion vaiheryhmä", "Gymnasiets stadiegrupp"),
}
# One stage group meets in the demo: Keskusta's grades 7–9, on the transition to upper secondary.
STAGE_MEETING_AT = (KESKUSTA, Stage.LOWER_SECONDARY)
STAGE_MEETING = MeetingSpec(
    "Nivelvaihe 9. luokalta toiselle asteelle", 19, "Luokka 212",
    items=(Item("Yhteishaun aikataulu ja ohjaus", "", "marjo.tuominen@esimerkkila.fi"),
           Item("Välituntitoiminta yläkoulussa", "", "jenni.karjalainen@esimerkkila.fi")),
)

SCHOOL_GROUPS = {
    KESKUSTA: ("rehtori@esimerkkila.fi", KESKUSTA_GROUP),
    POHJOINEN: ("timo.nieminen@esimerkkila.fi", POHJOINEN_GROUP),
    SVENSKA: ("anna.lindholm@esimerkkila.fi", SVENSKA_GROUP),
}

TOISALA_GROUP = GroupSpec(
    "Toisalan yhtenäiskoulun opiskeluhuoltoryhmä", "",
    members=(
        Staff("rehtori@toisala.fi", R.PRINCIPAL),
        Staff("outi.miettinen@toisala.fi", R.SPECIAL_NEEDS_TEACHER),
        Staff("merja.hiltunen@toisala.fi", R.SCHOOL_NURSE),
        Staff(PSYCHOLOGIST, R.PSYCHOLOGIST),
    ),
)
# fmt: on


# --- Seeding ----------------------------------------------------------------------------------


def _at(days: int, hour: int = 14, minute: int = 0) -> datetime.datetime:
    """`days` from today at the hour, moved off the weekend (meetings are held on weekdays)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1 if days >= 0 else -1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class _GroupSeeder:
    def __init__(self, report: SeedReport, municipality: Municipality) -> None:
        self.report = report
        self.municipality = municipality
        self.levels = {
            lv.attaches_to: lv for lv in structure.levels_install_default(municipality=municipality)
        }
        self.roles = {
            r.key: r
            for r in Role.objects.filter(municipality=municipality, is_active=True)
            if r.key != R.OTHER
        }
        # The meetings and action items this run made: their notifications already due are cancelled.
        self.meeting_ids: list[int] = []
        self.item_ids: list[int] = []

    def user(self, email: str) -> User | None:
        """An active member of this municipality, or None (someone may have deactivated them)."""
        if not email:
            return None
        return User.objects.filter(
            email__iexact=email,
            is_active=True,
            memberships__municipality=self.municipality,
            memberships__is_active=True,
        ).first()

    def actor(self, email: str) -> Actor | None:
        user = self.user(email)
        actor = resolve_actor(user, self.municipality.pk) if user else None
        return actor if actor and actor.municipality.pk == self.municipality.pk else None

    def group(
        self,
        actor: Actor,
        spec: GroupSpec,
        level: GroupLevel,
        *,
        school: School | None = None,
        stage: str = "",
        parent: WellbeingGroup | None = None,
        convener: User | None = None,
    ) -> tuple[WellbeingGroup, bool]:
        """The group (found by its level, school, stage and Finnish name) and whether it was made now."""
        # A working group takes its parent's school and stage (the service sets them so).
        where = {"school": school, "stage": stage}
        if parent is not None:
            where = {"school": parent.school, "stage": parent.stage}
        existing = WellbeingGroup.objects.filter(
            municipality=self.municipality, level=level, parent=parent, name_fi=spec.name_fi, **where
        ).first()
        if existing is not None:
            return existing, False
        group = structure.group_create(
            actor=actor,
            level=level,
            name_fi=spec.name_fi,
            name_sv=spec.name_sv,
            school=school,
            stage=stage,
            parent=parent,
            purpose=spec.purpose,
            ends_on=spec.ends_on,
            convener=convener,
        )
        self.report.created["wellbeing group"] += 1
        for member in spec.members:
            self.member(actor, group, member)
        for meeting in spec.meetings:
            self.meeting(actor, group, meeting)
        return group, True

    def member(self, actor: Actor, group: WellbeingGroup, spec: Staff | Outsider) -> None:
        if isinstance(spec, Staff):
            user = self.user(spec.email)
            if user is None:
                return
            structure.member_add(
                actor=actor,
                group=group,
                kind=K.STAFF,
                user=user,
                role=self.roles.get(spec.role) if spec.role else None,
            )
        else:
            structure.member_add(
                actor=actor,
                group=group,
                kind=spec.kind,
                name=spec.name,
                email=spec.email,
                language=spec.language,
                represents=spec.represents,
                theme=spec.theme,
                name_in_documents=spec.name_in_documents,
            )
        self.report.created["group member"] += 1

    def meeting(self, actor: Actor, group: WellbeingGroup, spec: MeetingSpec) -> None:
        held = spec.days < 0
        # A held meeting is made like any other (the service refuses a start in the past, rightly),
        # tomorrow, and moved into the past below once its agenda and invitations are in place.
        starts_at = _at(1) if held else _at(spec.days)
        meeting = meetings.meeting_create(
            actor=actor,
            group=group,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(minutes=90),
            title=spec.title,
            place=spec.place,
            online_link=spec.online_link,
        )
        self.meeting_ids.append(meeting.pk)
        self.report.created["meeting"] += 1
        members = {m.user.email: m for m in group.members.select_related("user") if m.user_id}
        items = [
            meetings.agenda_item_add(
                actor=actor,
                meeting=meeting,
                title=item.title,
                description=item.description,
                presenter=members.get(item.presenter),
                preparation_owner=members[item.presenter].user if item.presenter in members else None,
            )
            for item in spec.items
        ]
        if spec.preparer and (preparer := self.user(spec.preparer)) is not None:
            meetings.meeting_set_preparer(actor=actor, meeting=meeting, user=preparer)
        meetings.meeting_send_invitations(actor=actor, meeting=meeting)
        if not held:
            return
        # Demo history: the services only approve minutes of a meeting already held, and never let one
        # be made in the past, so the meeting's times are moved back directly, and its reminders (of the
        # "tomorrow" it was made for) are cancelled.
        starts_at = _at(spec.days)
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=90)
        )
        meeting.refresh_from_db()
        meeting.group = group
        notification_services.cancel(subject=meeting, kind=MEETING_REMINDER)
        statuses = {
            m.pk: (AttendanceStatus.EXCUSED if i == 3 else AttendanceStatus.PRESENT)
            for i, m in enumerate(group.members.filter(theme=""))
        }
        minutes.attendance_record(actor=actor, meeting=meeting, statuses=statuses)
        meeting = minutes.minutes_save(
            actor=actor,
            meeting=meeting,
            version=meeting.version,
            general=spec.general,
            items={it.pk: (s.minutes, s.decision) for it, s in zip(items, spec.items, strict=True)},
        )
        for task in spec.tasks:
            self.task(actor, meeting, task, items[0])
        minutes.minutes_approve(actor=actor, meeting=meeting)

    def task(self, actor: Actor, meeting: Meeting, spec: Task, agenda_item: object) -> None:
        owner = self.user(spec.owner)
        if owner is None:
            return
        item = actions.action_item_create(
            actor=actor,
            meeting=meeting,
            what=spec.what,
            owner=owner,
            due_on=timezone.localdate() + datetime.timedelta(days=spec.due),
            agenda_item=agenda_item,
        )
        self.item_ids.append(item.pk)
        self.report.created["action item"] += 1
        if spec.state == "done":
            actions.action_item_set_status(actor=actor, item=item, status=ActionStatus.DONE)
        elif spec.state == "overdue":
            # Demo history: the service refuses a due date in the past, so it is moved back directly;
            # the reminders are scheduled again for that date (only the future ones are kept).
            ActionItem.objects.filter(pk=item.pk).update(
                due_on=timezone.localdate() - datetime.timedelta(days=spec.due)
            )
            item.refresh_from_db()
            actions.schedule_item_reminders(item)

    def silence_the_past(self) -> None:
        """Cancel this run's notices already due (invitations and minutes of the demo's history): the
        demo must not mail its people, nor a running worker send them later. Future reminders stay.
        The rows stay, cancelled, as demo/roles.py does with its publication notices."""
        now = timezone.now()
        for model, ids in ((Meeting, self.meeting_ids), (ActionItem, self.item_ids)):
            if ids:
                Notification.objects.filter(
                    subject_type=ContentType.objects.get_for_model(model), subject_id__in=ids, due_at__lte=now
                ).unsent().update(outcome=Outcome.CANCELLED, sent_at=now, claimed_until=None)


def _seed_esimerkkila(report: SeedReport, municipality: Municipality) -> None:
    seeder = _GroupSeeder(report, municipality)
    coordinator = seeder.actor(COORDINATOR)
    if coordinator is None or not coordinator.is_coordinator:
        return
    seeder.group(coordinator, CITY_GROUP, seeder.levels[Attachment.MUNICIPALITY], convener=coordinator.user)
    for school_name, (principal_email, spec) in SCHOOL_GROUPS.items():
        school = School.objects.filter(municipality=municipality, name__iexact=school_name).first()
        principal = seeder.actor(principal_email)
        if school is None or principal is None:
            continue
        group, _ = seeder.group(principal, spec, seeder.levels[Attachment.SCHOOL], school=school)
        for child in spec.children:
            seeder.group(principal, child, seeder.levels[Attachment.PARENT], parent=group)
        for stage, emails in STAGE_MEMBERS[school_name].items():
            if stage not in (school.stages or []):
                continue
            name_fi, name_sv = STAGE_NAMES[stage]
            stage_spec = GroupSpec(
                name_fi,
                name_sv,
                members=(Staff(principal_email, R.PRINCIPAL), *(Staff(e) for e in emails)),
                meetings=(STAGE_MEETING,) if (school_name, stage) == STAGE_MEETING_AT else (),
            )
            seeder.group(principal, stage_spec, seeder.levels[Attachment.STAGE], school=school, stage=stage)
    seeder.silence_the_past()


def _seed_toisala(report: SeedReport, municipality: Municipality) -> None:
    seeder = _GroupSeeder(report, municipality)
    school = School.objects.filter(municipality=municipality, name__iexact=TOISALA_SCHOOL).first()
    principal = seeder.actor("rehtori@toisala.fi")
    if school is not None and principal is not None:
        seeder.group(principal, TOISALA_GROUP, seeder.levels[Attachment.SCHOOL], school=school)


def seed_groups(report: SeedReport) -> None:
    """Create the demo groups that are missing (called by demo.schools.seed_demo, in its transaction)."""
    esimerkkila = Municipality.objects.filter(slug="esimerkkila").first()
    if esimerkkila is not None:
        _seed_esimerkkila(report, esimerkkila)
    toisala = Municipality.objects.filter(slug="toisala").first()
    if toisala is not None:
        _seed_toisala(report, toisala)
