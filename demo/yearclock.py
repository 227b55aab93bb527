"""The demo yearclock: Esimerkkilä's city template of a Finnish school year's communal student welfare
(seed 003's vuosikello, seed 000's roles tool in August, the domain notes' surveys and evaluation),
in Finnish and Swedish; Pohjoisen koulukeskus's yearclock for the current school year made from it, and
rehtori@esimerkkila.fi's school's for last year (so that rehtori makes this year's from the template, as
the issue's walk-through does). Toisala keeps an empty template. Idempotent: only what is missing is
created."""

from __future__ import annotations

from dataclasses import dataclass, field

from groups.models import Attachment, GroupLevel
from groups.services.structure import levels_install_default
from roles.models import Role, RoleKey, StaffAssignment
from schools.models import Municipality, SchoolYear, User
from schools.selectors import current_school_year, previous_school_year
from schools.tenancy import resolve_actor
from yearclock.models import EntryStatus, EvaluationSource, TemplateEntry, Yearclock
from yearclock.services import clocks, template

from .schools import KESKUSTA, POHJOINEN, SeedReport

R = RoleKey
E = EvaluationSource
COORDINATOR_EMAIL = "koordinaattori@esimerkkila.fi"
PRINCIPAL_EMAIL = "rehtori@esimerkkila.fi"
OTHER_PRINCIPAL_EMAIL = "timo.nieminen@esimerkkila.fi"


@dataclass(frozen=True)
class EntrySpec:
    theme: str
    theme_sv: str
    description: str
    description_sv: str
    months: tuple[int, int]
    level: str | None = Attachment.SCHOOL
    roles: tuple[str, ...] = ()
    participants: str = ""
    weeks: tuple[int, ...] = ()
    sources: tuple[str, ...] = field(default=())


TEMPLATE = (
    EntrySpec(
        "Opiskeluhuollon ryhmärakenne, roolityökalu ja vuosikello lukuvuodelle",
        "Elevhälsans gruppstruktur, rollverktyget och årsklockan för läsåret",
        "Päivitetään koulukeskuksen opiskeluhuoltoryhmien kokoonpanot, kirjataan roolityökaluun kunkin "
        "roolin käytännön teot ja laaditaan koulun vuosikello kaupungin pohjasta.",
        "Skolcentrets elevhälsogrupper uppdateras, varje rolls praktiska åtgärder förs in i rollverktyget "
        "och skolans årsklocka görs upp utgående från stadens mall.",
        (8, 8),
        roles=(R.PRINCIPAL,),
    ),
    EntrySpec(
        "Uuden henkilöstön perehdytys yhteisölliseen opiskeluhuoltoon",
        "Introduktion av ny personal i det generella elevhälsoarbetet",
        "Uudet työntekijät tutustuvat opiskeluhuoltosuunnitelmaan, roolityökaluun ja kiusaamisen "
        "ehkäisyn suunnitelmaan.",
        "Nya anställda bekantar sig med elevhälsoplanen, rollverktyget och planen mot mobbning.",
        (8, 9),
        roles=(R.PRINCIPAL, R.SCHOOL_NURSE),
    ),
    EntrySpec(
        "Luokkien ryhmäytyminen lukuvuoden alussa",
        "Gruppbildning i klasserna i början av läsåret",
        "Luokanopettajat ja -ohjaajat ryhmäyttävät luokat; tukioppilaat ovat mukana.",
        "Klasslärarna och klassföreståndarna ordnar gruppbildning; tutorelever deltar.",
        (8, 8),
        level=Attachment.STAGE,
        roles=(R.TEACHER,),
        participants="tukioppilaat",
    ),
    EntrySpec(
        "Oppilaskunnan hallituksen vaali",
        "Val av elevkårens styrelse",
        "Luokat valitsevat edustajansa oppilaskunnan hallitukseen.",
        "Klasserna väljer sina representanter till elevkårens styrelse.",
        (8, 9),
        level=None,
        roles=(R.TEACHER,),
        participants="oppilaskunta",
    ),
    EntrySpec(
        "Oppilas- ja huoltajaedustajien valinta opiskeluhuoltoryhmään",
        "Val av elev- och vårdnadshavarrepresentanter till elevhälsogruppen",
        "Oppilaskunta ja vanhempainyhdistys nimeävät edustajansa koulun opiskeluhuoltoryhmään.",
        "Elevkåren och föräldraföreningen utser sina representanter till skolans elevhälsogrupp.",
        (8, 9),
        roles=(R.PRINCIPAL,),
        participants="oppilaskunta, vanhempainyhdistys",
    ),
    EntrySpec(
        "Opiskeluhuoltosuunnitelman päivitys",
        "Uppdatering av elevhälsoplanen",
        "Tarkistetaan koulukohtainen opiskeluhuoltosuunnitelma yhdessä oppilas- ja "
        "huoltajaedustajien kanssa.",
        "Skolans elevhälsoplan ses över tillsammans med elev- och vårdnadshavarrepresentanterna.",
        (9, 9),
        roles=(R.PRINCIPAL, R.SCHOOL_NURSE, R.PSYCHOLOGIST, R.SOCIAL_WORKER),
        participants="oppilas- ja huoltajaedustajat",
    ),
    EntrySpec(
        "Luokkien ryhmäyttäminen ennen syyslomaa",
        "Gruppbildning i klasserna före höstlovet",
        "Toinen ryhmäytyskierros: luokan yhteiset pelisäännöt ja tutustuminen ennen syyslomaa.",
        "En andra omgång gruppbildning: klassens gemensamma spelregler före höstlovet.",
        (9, 10),
        level=Attachment.STAGE,
        roles=(R.TEACHER, R.YOUTH_WORK),
    ),
    EntrySpec(
        "Koulun hyvinvointikysely",
        "Skolans välmåendeenkät",
        "Oppilaat vastaavat koulun omaan hyvinvointikyselyyn; tulokset käsitellään opiskeluhuoltoryhmässä.",
        "Eleverna svarar på skolans egen välmåendeenkät; resultaten behandlas i elevhälsogruppen.",
        (10, 10),
        roles=(R.PRINCIPAL, R.TEACHER),
        sources=(E.WELLBEING_SURVEY,),
    ),
    EntrySpec(
        "Kiusaamiskysely (viikko 40)",
        "Mobbningsenkät (vecka 40)",
        "Koko koulun kiusaamiskysely viikolla 40.",
        "Hela skolans mobbningsenkät under vecka 40.",
        (10, 10),
        level=None,
        roles=(R.TEACHER,),
        weeks=(40,),
        sources=(E.BULLYING_SURVEY,),
    ),
    EntrySpec(
        "Vanhempainilta: hyvinvointi ja kiusaamisen ehkäisy",
        "Föräldramöte: välmående och förebyggande av mobbning",
        "Huoltajille kerrotaan koulun hyvinvointityöstä ja kiusaamisen ehkäisystä.",
        "Vårdnadshavarna får höra om skolans välmåendearbete och arbetet mot mobbning.",
        (10, 10),
        roles=(R.PRINCIPAL, R.TEACHER),
        participants="huoltajat",
    ),
    EntrySpec(
        "Kiusaamisen ehkäisyn suunnitelman tarkistus",
        "Översyn av planen mot mobbning",
        "Suunnitelma tarkistetaan kiusaamiskyselyn tulosten pohjalta; verso-oppilaat ja tukioppilaat "
        "kertovat näkemyksensä.",
        "Planen ses över utgående från mobbningsenkätens resultat; elevmedlare och tutorelever deltar.",
        (11, 11),
        roles=(R.PRINCIPAL, R.SPECIAL_NEEDS_TEACHER),
        participants="verso-oppilaat, tukioppilaat",
        sources=(E.BULLYING_SURVEY,),
    ),
    EntrySpec(
        "Kouluterveyskyselyn tulokset (parillisina vuosina)",
        "Skolhälsoenkätens resultat (jämna år)",
        "Kouluterveyskyselyn tulokset käydään läpi ja niistä valitaan kehittämiskohteet.",
        "Skolhälsoenkätens resultat gås igenom och utvecklingsområden väljs.",
        (11, 11),
        roles=(R.SCHOOL_NURSE, R.PRINCIPAL),
        sources=(E.SCHOOL_HEALTH_SURVEY,),
    ),
    EntrySpec(
        "Tunnetaitojen teemajakso",
        "Temaperiod om emotionella färdigheter",
        "Luokissa harjoitellaan tunnetaitoja; koulupsykologi tukee opettajia.",
        "I klasserna övar man emotionella färdigheter; skolpsykologen stöder lärarna.",
        (11, 12),
        level=Attachment.STAGE,
        roles=(R.TEACHER, R.PSYCHOLOGIST),
    ),
    EntrySpec(
        "Arviointikeskustelut",
        "Bedömningssamtal",
        "Oppilas, huoltaja ja opettaja keskustelevat oppimisesta ja hyvinvoinnista.",
        "Elev, vårdnadshavare och lärare samtalar om lärande och välmående.",
        (1, 1),
        level=Attachment.STAGE,
        roles=(R.TEACHER,),
        participants="oppilaat, huoltajat",
    ),
    EntrySpec(
        "Kiusaamiskysely (viikko 9) ja nivelvaiheen keskustelut",
        "Mobbningsenkät (vecka 9) och samtal inför övergångar",
        "Kevään kiusaamiskysely viikolla 9; siirtyvien oppilaiden keskustelut aloitetaan.",
        "Vårens mobbningsenkät under vecka 9; samtal med elever som byter stadium inleds.",
        (2, 3),
        level=None,
        roles=(R.TEACHER, R.STUDY_COUNSELLOR),
        weeks=(9,),
        sources=(E.BULLYING_SURVEY,),
    ),
    EntrySpec(
        "Nivelvaiheen siirtopalaverit",
        "Överföringsmöten vid övergångar",
        "Siirtopalaverit vastaanottavan koulun kanssa huoltajan luvalla.",
        "Överföringsmöten med den mottagande skolan med vårdnadshavarens samtycke.",
        (3, 3),
        level=Attachment.STAGE,
        roles=(R.STUDY_COUNSELLOR, R.SPECIAL_NEEDS_TEACHER, R.SCHOOL_NURSE),
        participants="huoltajat, vastaanottava koulu",
    ),
    EntrySpec(
        "Kouluterveyskysely (parillisina vuosina)",
        "Skolhälsoenkäten (jämna år)",
        "4., 5., 8. ja 9. luokkien oppilaat vastaavat kouluterveyskyselyyn.",
        "Eleverna i årskurs 4, 5, 8 och 9 svarar på skolhälsoenkäten.",
        (4, 4),
        roles=(R.SCHOOL_NURSE, R.TEACHER),
        participants="oppilaat",
        sources=(E.SCHOOL_HEALTH_SURVEY,),
    ),
    EntrySpec(
        "Lukuvuoden arviointi",
        "Utvärdering av läsåret",
        "Arvioidaan yhteisöllisen opiskeluhuollon toteutuminen: TEAviisari, kouluterveyskysely ja koulun "
        "oma hyvinvointikysely.",
        "Det generella elevhälsoarbetet utvärderas: TEAviisari, skolhälsoenkäten och skolans egen "
        "välmåendeenkät.",
        (5, 5),
        roles=(R.PRINCIPAL,),
        participants="oppilas- ja huoltajaedustajat",
        sources=(E.TEAVIISARI, E.SCHOOL_HEALTH_SURVEY, E.WELLBEING_SURVEY),
    ),
    EntrySpec(
        "Palautekysely oppilaille ja huoltajille",
        "Responsenkät för elever och vårdnadshavare",
        "Kerätään palautetta lukuvuoden hyvinvointityöstä.",
        "Respons samlas in om läsårets välmåendearbete.",
        (5, 5),
        level=None,
        roles=(R.PRINCIPAL,),
        participants="oppilaat, huoltajat",
        sources=(E.FEEDBACK,),
    ),
    EntrySpec(
        "Ensi lukuvuoden suunnitelma",
        "Plan för nästa läsår",
        "Arvioinnin pohjalta sovitaan ensi lukuvuoden painopisteet ja vuosikellon muutokset.",
        "Utgående från utvärderingen kommer man överens om nästa läsårs tyngdpunkter.",
        (5, 6),
        roles=(R.PRINCIPAL,),
    ),
)

# The demo school's progress: (theme, owner's role key, status); the rest stay planned.
SCHOOL_PROGRESS = (
    ("Opiskeluhuollon ryhmärakenne, roolityökalu ja vuosikello lukuvuodelle", R.PRINCIPAL, EntryStatus.DONE),
    ("Uuden henkilöstön perehdytys yhteisölliseen opiskeluhuoltoon", R.PRINCIPAL, EntryStatus.DONE),
    ("Luokkien ryhmäytyminen lukuvuoden alussa", R.TEACHER, EntryStatus.DONE),
    ("Opiskeluhuoltosuunnitelman päivitys", R.PRINCIPAL, EntryStatus.DONE),
    ("Koulun hyvinvointikysely", R.TEACHER, EntryStatus.IN_PROGRESS),
    ("Kiusaamisen ehkäisyn suunnitelman tarkistus", R.SPECIAL_NEEDS_TEACHER, EntryStatus.IN_PROGRESS),
    ("Kouluterveyskyselyn tulokset (parillisina vuosina)", R.SCHOOL_NURSE, EntryStatus.PLANNED),
    ("Tunnetaitojen teemajakso", R.PSYCHOLOGIST, EntryStatus.PLANNED),
    ("Lukuvuoden arviointi", R.PRINCIPAL, EntryStatus.PLANNED),
)
DROPPED_THEME = "Palautekysely oppilaille ja huoltajille"
EVALUATION_THEME = "Lukuvuoden arviointi"
SCHOOL_ENTRY = EntrySpec(
    "Välituntitoiminnan kehittäminen välkkärien kanssa",
    "Rastaktiviteter tillsammans med rastaktivisterna",
    "Välkkärioppilaat kertovat, mitä välitunneilla tapahtuu ja mitä toivotaan lisää.",
    "Rastaktivisterna berättar vad som händer på rasterna och vad eleverna önskar.",
    (11, 2),
    roles=(R.YOUTH_WORK,),
    participants="välkkärioppilaat",
)


def _fields(spec: EntrySpec, levels: dict[str, GroupLevel], roles: dict[str, Role]) -> dict:
    return {
        "theme": spec.theme,
        "theme_sv": spec.theme_sv,
        "description": spec.description,
        "description_sv": spec.description_sv,
        "start_month": spec.months[0],
        "end_month": spec.months[1],
        "weeks": list(spec.weeks),
        "level": levels.get(spec.level) if spec.level else None,
        "participants": spec.participants,
        "evaluation_sources": list(spec.sources),
        "roles": [roles[k] for k in spec.roles if k in roles],
    }


def _seed_template(report: SeedReport, municipality: Municipality, coordinator: User) -> None:
    actor = resolve_actor(coordinator, municipality.pk)
    levels: dict[str, GroupLevel] = {}
    for level in levels_install_default(municipality=municipality):
        levels.setdefault(level.attaches_to, level)
    roles = {r.key: r for r in Role.objects.filter(municipality=municipality)}
    existing = set(
        TemplateEntry.objects.filter(template__municipality=municipality).values_list("theme", flat=True)
    )
    for spec in TEMPLATE:
        if spec.theme not in existing:
            template.template_entry_create(actor=actor, **_fields(spec, levels, roles))
            report.created["yearclock template entry"] += 1


def _seed_school_clock(
    report: SeedReport, municipality: Municipality, principal: User, school_name: str, year: SchoolYear | None
) -> None:
    school = municipality.schools.filter(name=school_name).first()
    if school is None or year is None or Yearclock.objects.filter(school=school, school_year=year).exists():
        return
    actor = resolve_actor(principal, municipality.pk)
    clock = clocks.yearclock_create(actor=actor, school=school, school_year=year)
    report.created["yearclock"] += 1
    staff: dict[str, User] = {}
    for assignment in StaffAssignment.objects.filter(school=school, school_year=year).select_related(
        "role", "user"
    ):
        staff.setdefault(assignment.role.key, assignment.user)
    entries = {e.theme: e for e in clock.entries.all()}
    for theme, role_key, status in SCHOOL_PROGRESS:
        entry = entries.get(theme)
        owner = staff.get(role_key) or principal
        if entry is None:
            continue
        clocks.entry_update(actor=actor, entry=entry, owner=owner)
        if status != EntryStatus.PLANNED:
            clocks.entry_set_status(actor=actor, entry=entry, status=status)
    if EVALUATION_THEME in entries:
        clocks.entry_mark_evaluation(actor=actor, entry=entries[EVALUATION_THEME])
    if DROPPED_THEME in entries:
        clocks.entry_drop(actor=actor, entry=entries[DROPPED_THEME])
    roles = {r.key: r for r in Role.objects.filter(municipality=municipality)}
    fields = _fields(SCHOOL_ENTRY, {}, roles)
    fields.pop("level")
    clocks.entry_add(actor=actor, yearclock=clock, owner=staff.get(R.YOUTH_WORK), **fields)


def seed_yearclocks(report: SeedReport) -> None:
    """Create the demo yearclock data that is missing (called by seed_demo, in its transaction)."""
    esimerkkila = Municipality.objects.filter(slug="esimerkkila").first()
    if esimerkkila is not None:
        coordinator = User.objects.filter(email=COORDINATOR_EMAIL).first()
        principal = User.objects.filter(email=PRINCIPAL_EMAIL).first()
        if coordinator is not None:
            _seed_template(report, esimerkkila, coordinator)
        current = current_school_year(esimerkkila.pk)
        last = previous_school_year(current) if current else None
        if principal is not None:
            _seed_school_clock(report, esimerkkila, principal, KESKUSTA, last)
        other_principal = User.objects.filter(email=OTHER_PRINCIPAL_EMAIL).first()
        if other_principal is not None:
            _seed_school_clock(report, esimerkkila, other_principal, POHJOINEN, current)
    toisala = Municipality.objects.filter(slug="toisala").first()
    if toisala is not None:
        template.template_install(municipality=toisala)  # an empty template
