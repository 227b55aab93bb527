"""The demo attendance-support models (seed 004 and DOMAIN.md): Esimerkkilä's in percentages (targeted
follow-up from 10 %, intensive support from 20 %) for this and last school year, Toisala's in hours
(30/50/70 h of unexcused absences) to show the other kind; and the terms of every demo school year.
Idempotent: a year that has a model keeps it as it is."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from absences.models import AbsenceClass, AttendanceModel, Period, ThresholdKind, Tier, TierStep
from roles.models import Role, RoleKey
from schools.models import Municipality, SchoolYear, Term, TermKind
from schools.selectors import current_school_year, previous_school_year

from .schools import SeedReport

R = RoleKey


@dataclass(frozen=True)
class StepSpec:
    title: str
    title_sv: str
    roles: tuple[str, ...]
    days: int
    guardian: bool = False
    expert_group: bool = False
    description: str = ""


@dataclass(frozen=True)
class TierSpec:
    name_fi: str
    name_sv: str
    kind: str
    threshold: str
    steps: tuple[StepSpec, ...]
    classes: tuple[str, ...] = ()


ESIMERKKILA_DESCRIPTION = (
    "Läsnäolon tuki kuuluu koko koulun toimintakulttuuriin. Yleinen, ennaltaehkäisevä tuki on kaikkia "
    "oppilaita varten: poissaolot seurataan säännöllisesti ja yhtenäisesti, huoltajien kanssa tehdään "
    "yhteistyötä ja tilastoja käytetään koulun hyvinvointityön suunnittelussa. Tasot alla kertovat, "
    "mitä tehdään, kun poissaoloja kertyy."
)
ESIMERKKILA_DESCRIPTION_SV = (
    "Stödet för närvaro hör till hela skolans verksamhetskultur. Det allmänna, förebyggande stödet gäller "
    "alla elever: frånvaron följs upp regelbundet och enhetligt, skolan samarbetar med vårdnadshavarna och "
    "statistiken används i planeringen av skolans välbefinnandearbete. Nivåerna nedan anger vad som görs "
    "när frånvaron växer."
)
RAISE_CONCERN = StepSpec(
    "Opettaja ottaa huolen puheeksi huoltajan kanssa",
    "Läraren tar upp oron med vårdnadshavaren",
    (R.TEACHER,),
    5,
    guardian=True,
)
CAUSES = StepSpec(
    "Poissaolojen syiden selvittäminen terveydenhoitajan tai kuraattorin kanssa",
    "Orsakerna till frånvaron utreds med hälsovårdaren eller kuratorn",
    (R.SCHOOL_NURSE, R.SOCIAL_WORKER),
    10,
)
EXPERT_GROUP = StepSpec(
    "Monialainen asiantuntijaryhmä",
    "Mångprofessionell expertgrupp",
    (R.SOCIAL_WORKER,),
    15,
    expert_group=True,
    description=(
        "Tähän kirjataan vain, että ryhmä koottiin ja kuka vastaa; kirjaukset opiskeluhuoltokertomukseen."
    ),
)
PLAN = StepSpec(
    "Yksilöllinen läsnäolon tuen suunnitelma",
    "Individuell plan för stöd för närvaro",
    (R.TEACHER, R.SPECIAL_NEEDS_TEACHER),
    20,
    guardian=True,
)
SERVICE_GUIDANCE = StepSpec("Palveluohjaus", "Servicehandledning", (R.SOCIAL_WORKER,), 20, guardian=True)

ESIMERKKILA_TIERS = (
    TierSpec(
        "Tehostettu seuranta",
        "Intensifierad uppföljning",
        ThresholdKind.PERCENT,
        "10",
        (RAISE_CONCERN, CAUSES),
    ),
    TierSpec(
        "Tiivis tuki", "Intensivt stöd", ThresholdKind.PERCENT, "20", (EXPERT_GROUP, PLAN, SERVICE_GUIDANCE)
    ),
)
TOISALA_TIERS = (
    TierSpec(
        "30 tuntia", "30 timmar", ThresholdKind.HOURS, "30", (RAISE_CONCERN,), (AbsenceClass.UNEXCUSED,)
    ),
    TierSpec(
        "50 tuntia", "50 timmar", ThresholdKind.HOURS, "50", (CAUSES, EXPERT_GROUP), (AbsenceClass.UNEXCUSED,)
    ),
    TierSpec(
        "70 tuntia",
        "70 timmar",
        ThresholdKind.HOURS,
        "70",
        (PLAN, SERVICE_GUIDANCE),
        (AbsenceClass.UNEXCUSED,),
    ),
)
TOISALA_DESCRIPTION = "Toisalassa seurataan luvattomia poissaolotunteja lukuvuoden aikana."


def _model(
    municipality: Municipality,
    year: SchoolYear,
    description: str,
    description_sv: str,
    tiers: tuple[TierSpec, ...],
    report: SeedReport,
) -> None:
    if AttendanceModel.objects.filter(municipality=municipality, school_year=year).exists():
        return
    model = AttendanceModel.objects.create(
        municipality=municipality, school_year=year, description=description, description_sv=description_sv
    )
    roles = {role.key: role for role in Role.objects.filter(municipality=municipality)}
    for order, spec in enumerate(tiers, start=1):
        tier = Tier.objects.create(
            model=model,
            order=order,
            name_fi=spec.name_fi,
            name_sv=spec.name_sv,
            kind=spec.kind,
            threshold=Decimal(spec.threshold),
            period=Period.SCHOOL_YEAR,
            classes=list(spec.classes),
        )
        for step_order, step in enumerate(spec.steps, start=1):
            row = TierStep.objects.create(
                tier=tier,
                order=step_order,
                title=step.title,
                title_sv=step.title_sv,
                description=step.description,
                deadline_school_days=step.days,
                involves_guardian=step.guardian,
                is_expert_group=step.expert_group,
            )
            row.roles.set([roles[key] for key in step.roles if key in roles])
    report.created["attendance model"] += 1


def _terms(year: SchoolYear, report: SeedReport) -> None:
    if Term.objects.filter(school_year=year).exists():
        return
    autumn_end = datetime.date(year.starts_on.year, 12, 21)
    spring_start = datetime.date(year.starts_on.year + 1, 1, 7)
    spring_end = min(datetime.date(year.starts_on.year + 1, 5, 30), year.ends_on)
    if not (year.starts_on < autumn_end < spring_start < spring_end):
        return
    Term.objects.create(school_year=year, kind=TermKind.AUTUMN, starts_on=year.starts_on, ends_on=autumn_end)
    Term.objects.create(school_year=year, kind=TermKind.SPRING, starts_on=spring_start, ends_on=spring_end)
    report.created["term"] += 2


def seed_absence_models(report: SeedReport) -> None:
    for slug, description, description_sv, tiers in (
        ("esimerkkila", ESIMERKKILA_DESCRIPTION, ESIMERKKILA_DESCRIPTION_SV, ESIMERKKILA_TIERS),
        ("toisala", TOISALA_DESCRIPTION, "", TOISALA_TIERS),
    ):
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            continue
        for year in SchoolYear.objects.filter(municipality=municipality):
            _terms(year, report)
        current = current_school_year(municipality.pk)
        if current is None:
            continue
        years = [current]
        if slug == "esimerkkila":
            previous = previous_school_year(current)
            if previous is not None:
                years.append(previous)
        for year in years:
            _model(municipality, year, description, description_sv, tiers, report)
