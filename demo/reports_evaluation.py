"""The demo's yearly evaluation: Esimerkkilä's criteria (seed 000's last page: evaluating the roles
tool; seed 003: evaluating with TEAviisari and the school health survey) in Finnish and Swedish, three
school health survey indicators, a submitted evaluation of every school for the earlier school years and
a draft for the current one, and indicator values for every school and year (so the dashboard shows
trends). Toisala gets none of it. Idempotent: nothing is added once the municipality has themes."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from reports.evaluation import services
from reports.models import (
    EvaluationAnswer,
    EvaluationStatus,
    EvaluationTheme,
    IndicatorValue,
    SchoolEvaluation,
)
from schools.models import Municipality, School, SchoolYear, User
from schools.selectors import current_school_year
from schools.tenancy import resolve_actor
from yearclock.models import YearclockEntry

from .schools import SeedReport

COORDINATOR_EMAIL = "koordinaattori@esimerkkila.fi"

CRITERIA = (
    (
        ("Opiskeluhuoltoryhmän toiminta", "Elevhälsogruppens verksamhet"),
        (
            (
                "Koulun yhteisöllinen opiskeluhuoltoryhmä kokoontuu säännöllisesti vuosikellon mukaisesti.",
                "Skolans gemensamma elevhälsogrupp sammanträder regelbundet enligt årsklockan.",
            ),
            (
                "Ryhmässä on oppilaiden ja huoltajien edustus.",
                "Gruppen har representanter för eleverna och vårdnadshavarna.",
            ),
            (
                "Ryhmä käsittelee asiat yleisellä tasolla, ei yksittäisen oppilaan asioita.",
                "Gruppen behandlar frågor på allmän nivå, inte enskilda elevers ärenden.",
            ),
        ),
    ),
    (
        ("Roolit ja vastuut", "Roller och ansvar"),
        (
            (
                "Roolityökalu on päivitetty lukuvuoden alussa ja jokaisen toimijan käytännön teot on "
                "kirjattu.",
                "Rollverktyget har uppdaterats i början av läsåret och varje aktörs praktiska åtgärder har "
                "förts in.",
            ),
            (
                "Henkilöstö tuntee roolinsa yhteisöllisessä opiskeluhuollossa.",
                "Personalen känner till sin roll i det gemensamma elevhälsoarbetet.",
            ),
            (
                "Uusi henkilöstö on perehdytetty roolityökalun ja vuosikellon avulla.",
                "Ny personal har introducerats med hjälp av rollverktyget och årsklockan.",
            ),
        ),
    ),
    (
        ("Hyvinvoinnin seuranta ja arviointi", "Uppföljning och utvärdering av välbefinnandet"),
        (
            (
                "Kouluterveyskyselyn tulokset on käsitelty ryhmässä ja niistä on sovittu toimenpiteet.",
                "Resultaten av enkäten Hälsa i skolan har behandlats i gruppen och åtgärder har avtalats.",
            ),
            (
                "TEAviisarin tuloksia on hyödynnetty koulun hyvinvointityön suunnittelussa.",
                "Resultaten i TEAviisari har använts i planeringen av skolans välbefinnandearbete.",
            ),
            (
                "Poissaoloja seurataan järjestelmällisesti koulun läsnäolomallin mukaisesti.",
                "Frånvaron följs upp systematiskt enligt skolans närvaromodell.",
            ),
        ),
    ),
    (
        ("Yhteisöllisyys ja osallisuus", "Gemenskap och delaktighet"),
        (
            (
                "Kiusaamisen ehkäisyn suunnitelma on tarkistettu ja sitä noudatetaan.",
                "Planen mot mobbning har granskats och följs.",
            ),
            (
                "Oppilaat osallistuvat hyvinvointia edistävien toimien suunnitteluun.",
                "Eleverna deltar i planeringen av åtgärder som främjar välbefinnandet.",
            ),
        ),
    ),
)

# code, name, name_sv, higher is better, base value
INDICATORS = (
    (
        "kiusattu_viikoittain",
        "Kokee koulukiusaamista vähintään kerran viikossa, %",
        "Blir mobbad i skolan minst en gång i veckan, %",
        False,
        Decimal("7.5"),
    ),
    (
        "tarkea_osa_kouluyhteisoa",
        "Kokee olevansa tärkeä osa kouluyhteisöä, %",
        "Upplever sig vara en viktig del av skolgemenskapen, %",
        True,
        Decimal("46.0"),
    ),
    (
        "luottamuksellinen_keskustelu",
        "Kokee voivansa keskustella luottamuksellisesti koulun aikuisen kanssa, %",
        "Upplever att hen kan tala förtroligt med en vuxen i skolan, %",
        True,
        Decimal("61.0"),
    ),
)


def seed_evaluation(report: SeedReport) -> None:
    """Create the demo evaluation data that is missing (called by seed_demo, in its transaction)."""
    municipality = Municipality.objects.filter(slug="esimerkkila").first()
    coordinator = User.objects.filter(email=COORDINATOR_EMAIL).first()
    if municipality is None or coordinator is None:
        return
    if EvaluationTheme.objects.filter(municipality=municipality).exists():
        return
    actor = resolve_actor(coordinator, municipality.pk)
    criteria = []
    for (name, name_sv), statements in CRITERIA:
        theme = services.theme_create(actor=actor, name=name, name_sv=name_sv)
        for statement, statement_sv in statements:
            criteria.append(
                services.criterion_create(
                    actor=actor, theme=theme, statement=statement, statement_sv=statement_sv
                )
            )
    report.created["evaluation criterion"] += len(criteria)
    indicators = [
        services.indicator_create(
            actor=actor,
            code=code,
            name=name,
            name_sv=name_sv,
            source="Kouluterveyskysely (THL)",
            unit="%",
            higher_is_better=higher,
            order=index,
        )
        for index, (code, name, name_sv, higher, _base) in enumerate(INDICATORS, start=1)
    ]
    current = current_school_year(municipality.pk)
    years = list(SchoolYear.objects.filter(municipality=municipality).order_by("starts_on"))
    schools = list(School.objects.filter(municipality=municipality, is_active=True).order_by("name"))
    values = []
    for s_index, school in enumerate(schools):
        for y_index, year in enumerate(years):
            is_current = current is not None and year.pk == current.pk
            entry = YearclockEntry.objects.filter(
                yearclock__school=school, yearclock__school_year=year, is_evaluation=True
            ).first()
            evaluation = SchoolEvaluation.objects.create(
                school=school,
                school_year=year,
                yearclock_entry=entry,
                status=EvaluationStatus.DRAFT if is_current else EvaluationStatus.SUBMITTED,
                submitted_at=None if is_current else timezone.now(),
                summary=""
                if is_current
                else "Ryhmä kokoontui suunnitellusti. Kehitettävää: oppilaiden osallisuus ja perehdytys.",
            )
            # A draft is half answered; a later year scores a little better than an earlier one.
            answered = criteria[: len(criteria) // 2] if is_current else criteria
            EvaluationAnswer.objects.bulk_create(
                EvaluationAnswer(
                    evaluation=evaluation,
                    criterion=c,
                    score=min(4, 1 + (s_index + c_index + y_index) % 3 + y_index),
                    comment="",
                )
                for c_index, c in enumerate(answered)
            )
            for i_index, (indicator, spec) in enumerate(zip(indicators, INDICATORS, strict=True)):
                # Schools move at different paces, so the trends differ.
                pace = Decimal(1 + (s_index + i_index) % 3) / 2
                step = Decimal(y_index) * pace * (Decimal("-0.8") if not spec[3] else Decimal("1.5"))
                value = spec[4] + Decimal((s_index * 7 + i_index * 3) % 9) / 2 + step
                values.append(
                    IndicatorValue(indicator=indicator, school=school, school_year=year, value=value)
                )
            report.created["school evaluation"] += 1
    IndicatorValue.objects.bulk_create(values)
    report.created["indicator value"] += len(values)
