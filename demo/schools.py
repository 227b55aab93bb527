"""The demo city (issue 2, item 7): Esimerkkilä with three school centres, and Toisala with one school.

Esimerkkilä runs on the customer's four-level model (seed 002): the city, school centres, stage
groups inside each centre, and working groups. Its school nurses, doctors, social workers and
psychologists are employed by the wellbeing services county and serve two schools each; one county
psychologist also serves Toisala, so the municipality switcher has something to show, and Toisala
shows that one tenant never sees another's data.

`seed_demo()` is idempotent: every row is looked up by its natural key and only what is missing is
created, through the services where they exist. Rows that already exist are left as they are, so a
second run changes nothing, and a password someone has changed is kept.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field, replace

from django.contrib.auth.hashers import make_password
from django.db import transaction

from roles import staffing
from roles.models import Role, RoleKey, StaffAssignment
from roles.services import catalog_add_standard_swedish, catalog_install_standard_roles
from roles.standard_catalog import STANDARD_ROLES
from schools import services
from schools.models import (
    HolidayKind,
    Language,
    Membership,
    Municipality,
    School,
    SchoolKind,
    SchoolYear,
    Stage,
    User,
)
from schools.services import HolidayInput
from schools.tenancy import Actor

DEMO_PASSWORD = "Yhdessa-demo-2026"
OTHER_ROLE_NAME = next(e["name_fi"] for e in STANDARD_ROLES if e["key"] == RoleKey.OTHER)

# --- The data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolSpec:
    name: str
    stages: tuple[str, ...]
    language: str = Language.FINNISH
    kind: str = SchoolKind.SCHOOL_CENTRE


@dataclass(frozen=True)
class YearSpec:
    starts_on: datetime.date
    ends_on: datetime.date
    holidays: tuple[HolidayInput, ...]


@dataclass(frozen=True)
class PersonSpec:
    """A person of the municipality; `roles` are (school name, role key) pairs held in every demo year."""

    email: str
    first_name: str
    last_name: str
    title: str
    roles: tuple[tuple[str, str], ...] = ()
    language: str = Language.FINNISH
    is_coordinator: bool = False


@dataclass(frozen=True)
class MunicipalitySpec:
    name: str
    slug: str
    schools: tuple[SchoolSpec, ...]
    people: tuple[PersonSpec, ...]
    years: tuple[YearSpec, ...] = field(default=())


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _holiday(kind: str, name: str, starts_on: str, ends_on: str) -> HolidayInput:
    return HolidayInput(kind=kind, name=name, starts_on=_date(starts_on), ends_on=_date(ends_on))


# Autumn break in week 42 (43 in 2026), winter break in week 9, as in much of southern Finland.
SCHOOL_YEARS = (
    YearSpec(
        starts_on=_date("2025-08-11"),
        ends_on=_date("2026-07-31"),
        holidays=(
            _holiday(HolidayKind.AUTUMN, "Syysloma", "2025-10-13", "2025-10-17"),
            _holiday(HolidayKind.CHRISTMAS, "Joululoma", "2025-12-22", "2026-01-06"),
            _holiday(HolidayKind.WINTER, "Talviloma", "2026-02-23", "2026-02-27"),
        ),
    ),
    YearSpec(
        starts_on=_date("2026-08-10"),
        ends_on=_date("2027-07-31"),
        holidays=(
            _holiday(HolidayKind.AUTUMN, "Syysloma", "2026-10-19", "2026-10-23"),
            _holiday(HolidayKind.CHRISTMAS, "Joululoma", "2026-12-21", "2027-01-06"),
            _holiday(HolidayKind.WINTER, "Talviloma", "2027-02-22", "2027-02-26"),
        ),
    ),
)

KESKUSTA = "Keskustan koulukeskus"
POHJOINEN = "Pohjoisen koulukeskus"
SVENSKA = "Svenska skolcentret"
TOISALA_SCHOOL = "Toisalan yhtenäiskoulu"

# The county psychologist who serves a school in each municipality.
COUNTY_PSYCHOLOGIST = PersonSpec(
    "psykologi@hyvinvointialue.fi", "Elina", "Saarinen", "Koulupsykologi, hyvinvointialue"
)

P = PersonSpec
R = RoleKey
SV = Language.SWEDISH

# Per person: e-mail, first name, last name, job title, (school, role) pairs held in both years, language.
# fmt: off
ESIMERKKILA = MunicipalitySpec(
    name="Esimerkkilä",
    slug="esimerkkila",
    years=SCHOOL_YEARS,
    schools=(
        SchoolSpec(KESKUSTA, (Stage.PRE_AND_EARLY, Stage.PRIMARY, Stage.LOWER_SECONDARY,
                              Stage.UPPER_SECONDARY)),
        SchoolSpec(POHJOINEN, (Stage.PRE_AND_EARLY, Stage.PRIMARY, Stage.LOWER_SECONDARY)),
        SchoolSpec(SVENSKA, (Stage.PRE_AND_EARLY, Stage.PRIMARY), language=Language.SWEDISH),
    ),
    people=(
        P("koordinaattori@esimerkkila.fi", "Kaisa", "Mäkelä", "Opiskeluhuollon kehittämiskoordinaattori",
          (), is_coordinator=True),
        # Keskustan koulukeskus: pre-school to upper secondary.
        P("rehtori@esimerkkila.fi", "Riitta", "Laaksonen", "Rehtori", ((KESKUSTA, R.PRINCIPAL),)),
        P("hannu.salminen@esimerkkila.fi", "Hannu", "Salminen", "Apulaisrehtori, lehtori",
          ((KESKUSTA, R.TEACHER),)),
        P("opettaja@esimerkkila.fi", "Olli", "Virtanen", "Luokanopettaja", ((KESKUSTA, R.TEACHER),)),
        P("aino.heikkinen@esimerkkila.fi", "Aino", "Heikkinen", "Esiopettaja", ((KESKUSTA, R.TEACHER),)),
        P("mikko.koskinen@esimerkkila.fi", "Mikko", "Koskinen", "Luokanopettaja", ((KESKUSTA, R.TEACHER),)),
        P("noora.kallio@esimerkkila.fi", "Noora", "Kallio", "Luokanopettaja", ((KESKUSTA, R.TEACHER),)),
        P("sanna.jarvinen@esimerkkila.fi", "Sanna", "Järvinen", "Lehtori, luokanvalvoja",
          ((KESKUSTA, R.TEACHER),)),
        P("petri.lehtonen@esimerkkila.fi", "Petri", "Lehtonen", "Lukion lehtori, ryhmänohjaaja",
          ((KESKUSTA, R.TEACHER),)),
        P("liisa.niemi@esimerkkila.fi", "Liisa", "Niemi", "Laaja-alainen erityisopettaja",
          ((KESKUSTA, R.SPECIAL_NEEDS_TEACHER),)),
        P("juha.hamalainen@esimerkkila.fi", "Juha", "Hämäläinen", "Erityisluokanopettaja",
          ((KESKUSTA, R.SPECIAL_NEEDS_TEACHER),)),
        P("marjo.tuominen@esimerkkila.fi", "Marjo", "Tuominen", "Opinto-ohjaaja (vuosiluokat 7–9)",
          ((KESKUSTA, R.STUDY_COUNSELLOR),)),
        P("antti.rantanen@esimerkkila.fi", "Antti", "Rantanen", "Lukion opinto-ohjaaja",
          ((KESKUSTA, R.STUDY_COUNSELLOR),)),
        P("jenni.karjalainen@esimerkkila.fi", "Jenni", "Karjalainen", "Koulunuorisotyöntekijä",
          ((KESKUSTA, R.YOUTH_WORK),)),
        P("sari.ahonen@esimerkkila.fi", "Sari", "Ahonen", "Koulunkäynninohjaaja", ((KESKUSTA, R.OTHER),)),
        # Pohjoisen koulukeskus: pre-school to grade 9.
        P("timo.nieminen@esimerkkila.fi", "Timo", "Nieminen", "Rehtori", ((POHJOINEN, R.PRINCIPAL),)),
        P("heidi.lahtinen@esimerkkila.fi", "Heidi", "Lahtinen", "Esiopettaja", ((POHJOINEN, R.TEACHER),)),
        P("ville.kettunen@esimerkkila.fi", "Ville", "Kettunen", "Luokanopettaja", ((POHJOINEN, R.TEACHER),)),
        P("johanna.leppanen@esimerkkila.fi", "Johanna", "Leppänen", "Luokanopettaja",
          ((POHJOINEN, R.TEACHER),)),
        P("markku.ojala@esimerkkila.fi", "Markku", "Ojala", "Lehtori, luokanvalvoja",
          ((POHJOINEN, R.TEACHER),)),
        P("tanja.savolainen@esimerkkila.fi", "Tanja", "Savolainen", "Lehtori", ((POHJOINEN, R.TEACHER),)),
        P("ilkka.manninen@esimerkkila.fi", "Ilkka", "Manninen", "Lehtori, luokanvalvoja",
          ((POHJOINEN, R.TEACHER),)),
        P("pauliina.vainio@esimerkkila.fi", "Pauliina", "Vainio", "Laaja-alainen erityisopettaja",
          ((POHJOINEN, R.SPECIAL_NEEDS_TEACHER),)),
        P("kari.heinonen@esimerkkila.fi", "Kari", "Heinonen", "Opinto-ohjaaja",
          ((POHJOINEN, R.STUDY_COUNSELLOR),)),
        P("eetu.laine@esimerkkila.fi", "Eetu", "Laine", "Koulunuorisotyöntekijä",
          ((POHJOINEN, R.YOUTH_WORK),)),
        P("minna.korhonen@esimerkkila.fi", "Minna", "Korhonen", "Koulunkäynninohjaaja",
          ((POHJOINEN, R.OTHER),)),
        # Svenska skolcentret: förskola and grades 1–6, in Swedish.
        P("anna.lindholm@esimerkkila.fi", "Anna", "Lindholm", "Rektor", ((SVENSKA, R.PRINCIPAL),), SV),
        P("jonas.nyman@esimerkkila.fi", "Jonas", "Nyman", "Förskollärare", ((SVENSKA, R.TEACHER),), SV),
        P("erik.sjoberg@esimerkkila.fi", "Erik", "Sjöberg", "Klasslärare", ((SVENSKA, R.TEACHER),), SV),
        P("maria.westerlund@esimerkkila.fi", "Maria", "Westerlund", "Klasslärare",
          ((SVENSKA, R.TEACHER),), SV),
        P("linnea.forsman@esimerkkila.fi", "Linnea", "Forsman", "Klasslärare", ((SVENSKA, R.TEACHER),), SV),
        P("karin.stromberg@esimerkkila.fi", "Karin", "Strömberg", "Speciallärare",
          ((SVENSKA, R.SPECIAL_NEEDS_TEACHER),), SV),
        # Wellbeing services county staff: each serves two schools.
        P("terveydenhoitaja@esimerkkila.fi", "Tiina", "Hakala", "Kouluterveydenhoitaja, hyvinvointialue",
          ((KESKUSTA, R.SCHOOL_NURSE), (POHJOINEN, R.SCHOOL_NURSE))),
        P("annika.lindqvist@esimerkkila.fi", "Annika", "Lindqvist", "Skolhälsovårdare, välfärdsområdet",
          ((SVENSKA, R.SCHOOL_NURSE), (KESKUSTA, R.SCHOOL_NURSE)), SV),
        P("matti.peltonen@esimerkkila.fi", "Matti", "Peltonen", "Koululääkäri, hyvinvointialue",
          ((KESKUSTA, R.DOCTOR), (POHJOINEN, R.DOCTOR))),
        P("johan.sundstrom@esimerkkila.fi", "Johan", "Sundström", "Skolläkare, välfärdsområdet",
          ((SVENSKA, R.DOCTOR), (POHJOINEN, R.DOCTOR)), SV),
        P("laura.mattila@esimerkkila.fi", "Laura", "Mattila", "Koulukuraattori, hyvinvointialue",
          ((KESKUSTA, R.SOCIAL_WORKER), (POHJOINEN, R.SOCIAL_WORKER))),
        P("sofia.holmberg@esimerkkila.fi", "Sofia", "Holmberg", "Skolkurator, välfärdsområdet",
          ((SVENSKA, R.SOCIAL_WORKER), (KESKUSTA, R.SOCIAL_WORKER)), SV),
        P("emma.blomqvist@esimerkkila.fi", "Emma", "Blomqvist", "Skolpsykolog, välfärdsområdet",
          ((SVENSKA, R.PSYCHOLOGIST), (POHJOINEN, R.PSYCHOLOGIST)), SV),
        replace(COUNTY_PSYCHOLOGIST, roles=((KESKUSTA, R.PSYCHOLOGIST),)),
    ),
)

TOISALA = MunicipalitySpec(
    name="Toisala",
    slug="toisala",
    years=SCHOOL_YEARS,
    schools=(SchoolSpec(TOISALA_SCHOOL, (Stage.PRIMARY, Stage.LOWER_SECONDARY), kind=SchoolKind.SCHOOL),),
    people=(
        P("koordinaattori@toisala.fi", "Päivi", "Hirvonen", "Sivistystoimen kehittämispäällikkö",
          (), is_coordinator=True),
        P("rehtori@toisala.fi", "Jari", "Turunen", "Rehtori", ((TOISALA_SCHOOL, R.PRINCIPAL),)),
        P("satu.kinnunen@toisala.fi", "Satu", "Kinnunen", "Luokanopettaja", ((TOISALA_SCHOOL, R.TEACHER),)),
        P("janne.pitkanen@toisala.fi", "Janne", "Pitkänen", "Lehtori, luokanvalvoja",
          ((TOISALA_SCHOOL, R.TEACHER),)),
        P("outi.miettinen@toisala.fi", "Outi", "Miettinen", "Laaja-alainen erityisopettaja",
          ((TOISALA_SCHOOL, R.SPECIAL_NEEDS_TEACHER),)),
        P("reijo.kemppainen@toisala.fi", "Reijo", "Kemppainen", "Opinto-ohjaaja",
          ((TOISALA_SCHOOL, R.STUDY_COUNSELLOR),)),
        P("merja.hiltunen@toisala.fi", "Merja", "Hiltunen", "Kouluterveydenhoitaja, hyvinvointialue",
          ((TOISALA_SCHOOL, R.SCHOOL_NURSE),)),
        replace(COUNTY_PSYCHOLOGIST, roles=((TOISALA_SCHOOL, R.PSYCHOLOGIST),)),
    ),
)
# fmt: on

DEMO_MUNICIPALITIES = (ESIMERKKILA, TOISALA)

# The accounts the README lists, in the order it lists them.
FIXED_ACCOUNTS = (
    "koordinaattori@esimerkkila.fi",
    "rehtori@esimerkkila.fi",
    "opettaja@esimerkkila.fi",
    "terveydenhoitaja@esimerkkila.fi",
    "koordinaattori@toisala.fi",
    "rehtori@toisala.fi",
    COUNTY_PSYCHOLOGIST.email,
)


# --- Seeding ----------------------------------------------------------------------------------


@dataclass
class SeedReport:
    """What one run created, by kind (municipality, school, school year, person, membership, assignment)."""

    created: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return any(self.created.values())


class _Seeder:
    def __init__(self) -> None:
        self.report = SeedReport()
        self._password_hash: str | None = None

    def password_hash(self) -> str:
        # One hash for every new account: hashing ~50 times would make the command and its tests slow.
        if self._password_hash is None:
            self._password_hash = make_password(DEMO_PASSWORD)
        return self._password_hash

    def municipality(self, spec: MunicipalitySpec) -> Municipality:
        municipality = Municipality.objects.filter(slug=spec.slug).first()
        if municipality is None:
            self.report.created["municipality"] += 1
            return services.municipality_create(name=spec.name, slug=spec.slug)
        # A municipality made some other way may lack standard roles; existing ones are kept as they are.
        catalog_install_standard_roles(municipality=municipality)
        # A catalog installed before the standard Swedish texts existed gets them (untouched roles only).
        catalog_add_standard_swedish(municipality=municipality)
        return municipality

    def user(self, spec: PersonSpec) -> User:
        email = User.objects.normalize_email(spec.email).lower()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(
                email=email,
                first_name=spec.first_name,
                last_name=spec.last_name,
                preferred_language=spec.language,
                password=self.password_hash(),
            )
            user.full_clean()
            user.save()
            self.report.created["person"] += 1
        return user

    def membership(self, user: User, municipality: Municipality, spec: PersonSpec) -> Membership:
        membership, created = Membership.objects.get_or_create(
            user=user,
            municipality=municipality,
            defaults={"is_coordinator": spec.is_coordinator, "title": spec.title},
        )
        self.report.created["membership"] += created
        return membership

    def seed(self, spec: MunicipalitySpec) -> None:
        municipality = self.municipality(spec)
        coordinator_spec = next(p for p in spec.people if p.is_coordinator)
        coordinator = self.user(coordinator_spec)
        self.membership(coordinator, municipality, coordinator_spec)
        # The command acts as the city's coordinator, so the services' own checks apply to the demo data too.
        actor = Actor(user=coordinator, municipality=municipality, is_coordinator=True)

        schools = {}
        for school_spec in spec.schools:
            school = School.objects.filter(municipality=municipality, name__iexact=school_spec.name).first()
            if school is None:
                school = services.school_create(
                    actor=actor,
                    name=school_spec.name,
                    kind=school_spec.kind,
                    language=school_spec.language,
                    stages=school_spec.stages,
                )
                self.report.created["school"] += 1
            schools[school_spec.name] = school

        years = []
        for year_spec in spec.years:
            year = SchoolYear.objects.filter(municipality=municipality, starts_on=year_spec.starts_on).first()
            if year is None:
                year = services.school_year_create(
                    actor=actor,
                    starts_on=year_spec.starts_on,
                    ends_on=year_spec.ends_on,
                    holidays=year_spec.holidays,
                )
                self.report.created["school year"] += 1
            years.append(year)

        catalog = Role.objects.filter(municipality=municipality)
        roles = {r.key: r for r in catalog.exclude(key=RoleKey.OTHER)}
        # A city may add roles of its own, all of key "other": the standard one is found by its name.
        roles[RoleKey.OTHER] = catalog.filter(key=RoleKey.OTHER, name_fi__iexact=OTHER_ROLE_NAME).first()
        existing = set(
            StaffAssignment.objects.filter(school__municipality=municipality).values_list(
                "user_id", "school_id", "role_id", "school_year_id"
            )
        )
        for person in spec.people:
            user = self.user(person)
            membership = self.membership(user, municipality, person)
            for school_name, role_key in person.roles:
                school, role = schools[school_name], roles.get(role_key)
                # Someone may have deactivated a demo person or role since the last run: leave that be.
                if role is None or not role.is_active or not membership.is_active:
                    continue
                for year in years:
                    if (user.pk, school.pk, role.pk, year.pk) in existing:
                        continue
                    staffing.assignment_create(
                        actor=actor, user=user, school=school, role=role, school_year=year
                    )
                    existing.add((user.pk, school.pk, role.pk, year.pk))
                    self.report.created["assignment"] += 1


@transaction.atomic
def seed_demo() -> SeedReport:
    """Create what is missing of the demo municipalities; returns what was created."""
    from .absences_data import seed_absences
    from .absences_model import seed_absence_models
    from .groups import seed_groups
    from .otp import seed_demo_second_factors
    from .reports_evaluation import seed_evaluation
    from .roles import seed_roles_tools
    from .yearclock import seed_yearclocks

    seeder = _Seeder()
    for spec in DEMO_MUNICIPALITIES:
        seeder.seed(spec)
    seed_roles_tools(seeder.report)
    seed_groups(seeder.report)
    seed_yearclocks(seeder.report)  # after the roles: owners are the school's staff
    seed_absence_models(seeder.report)  # after the roles: steps name catalog roles
    seed_demo_second_factors(seeder.report)
    seed_absences(seeder.report)  # pupils, their classes and absences (homeroom teachers: the staff)
    seed_evaluation(seeder.report)  # after the yearclocks: evaluations link their evaluation entries
    return seeder.report
