"""Demo roles tools (issue 3, item 9), seeded by `manage.py seed_demo` after the people and years.

- Keskustan koulukeskus: the 2025–2026 tool, published, with realistic acts for every one of the 12
  roles; the pupil role follows the customer's own example school ("Elli Vellin esimerkkikoulu",
  seed 000). Then the 2026–2027 draft, carried over from it and partly worked on: some acts
  confirmed, some edited, a few new ones, several still "carried over — confirm or edit", the youth
  work role with no acts yet, and a deadline a few weeks ahead so the reminders have something to do.
- Pohjoisen koulukeskus: a 2026–2027 draft started empty, with a few acts.
- Svenska skolcentret (a Swedish-language school): a 2026–2027 draft with a few acts in Swedish; its
  pages, e-mails and PDF read the catalog's Swedish texts.
- Toisala: a small 2026–2027 draft of its own, never visible to Esimerkkilä.

Everything goes through roles.services acting as the school's principal (or the staff member whose
role it is), so the demo data obeys the same rules as the pages. Like `seed_demo`, this only creates
what is missing: a school's tool for a year that already exists is left exactly as it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from notifications import services as notification_services
from roles import policies, services
from roles.documents import published_pdf_render
from roles.models import (
    ActSection,
    PdfKind,
    PracticalAct,
    Role,
    RoleKey,
    RolesTool,
    RolesToolRevision,
    StaffAssignment,
)
from roles.notifications import TOOL_PUBLISHED
from schools.models import Municipality, School, SchoolYear, User
from schools.tenancy import Actor, resolve_actor

from .schools import KESKUSTA, POHJOINEN, SCHOOL_YEARS, SVENSKA, TOISALA_SCHOOL, SeedReport

R = RoleKey
GROUP, WORK = 0, 1  # the two standard sections: in the welfare group / in communal welfare work

# Autumn and spring months of a school year's welfare-group meetings (monthly, August to May).
MEETING_MONTHS = (8, 9, 10, 11, 12, 1, 2, 3, 4, 5)

# When the 2025–2026 tool was published: the roles are agreed in the group's September meeting.
PUBLISHED_ON, PUBLISHED_TIME = datetime.date(2025, 9, 26), datetime.time(14, 0)
PUBLISHED_DEADLINE = datetime.date(2025, 9, 19)
# The 2026–2027 drafts: "today" is late November 2026, so the December deadline is a few weeks ahead.
KESKUSTA_DEADLINE = datetime.date(2026, 12, 18)
POHJOINEN_DEADLINE = datetime.date(2027, 1, 29)


@dataclass(frozen=True)
class ActSpec:
    section: int
    text: str
    months: tuple[int, ...] = ()
    with_whom: str = ""
    responsible: str = ""  # e-mail of a staff member


A = ActSpec

# fmt: off
KESKUSTA_2025_ACTS: dict[str, list[ActSpec]] = {
    # Modelled closely on the customer's example school (seed 000).
    R.PUPIL: [
        A(GROUP, "Pysyvänä jäsenenä on oppilaskunnan hallituksen nimeämä oppilas ja lukion "
                 "opiskelijakunnan hallituksen nimeämä opiskelija. Vuosikellon teemojen mukaan "
                 "työskentelyyn osallistuu myös muita oppilaita ja opiskelijoita.",
          MEETING_MONTHS, "oppilaskunnan hallitus, opiskelijakunnan hallitus", "noora.kallio@esimerkkila.fi"),
        A(GROUP, "Aiheena kiusaamisen ennaltaehkäisyn ja puuttumisen suunnitelman tarkistaminen ja "
                 "arkiryhmäyttämisen kehittäminen: kokoukseen osallistuvat verso-oppilaat, tukioppilaat "
                 "ja tutor-opiskelijat.",
          (9, 2), "verso-oppilaat, tukioppilaat, tutor-opiskelijat", "sanna.jarvinen@esimerkkila.fi"),
        A(GROUP, "Aiheena terveelliset elämäntavat ja välituntitoiminnan kehittäminen: kokoukseen "
                 "osallistuvat välkkärioppilaat.",
          (11,), "välkkärit"),
        A(GROUP, "Aiheena tiedottamisen tehostaminen: kokoukseen osallistuvat koulutoimittajaoppilaat "
                 "ja digiagentit.",
          (1,), "koulutoimittajat, digiagentit"),
        A(GROUP, "Aiheena nivelvaihetyö: tukioppilaat jalkautuvat 6. luokkiin kertomaan yläkoulusta ja "
                 "tutor-opiskelijat 9. luokkiin kertomaan lukiosta.",
          (3, 4), "tukioppilaat, tutor-opiskelijat", "marjo.tuominen@esimerkkila.fi"),
        A(WORK, "Arkiryhmäyttäminen osallisuusryhmien toteuttamana ennen syyslomaa: 4.–6.-luokkalaiset "
                "verso-oppilaat 1.–3. luokissa, tukioppilaat 7. luokissa ja tutor-opiskelijat lukion "
                "ensimmäisen vuoden ryhmissä. Kaikki ovat mukana ryhmäyttämispäiväspektaakkelissa.",
          (8, 9, 10), "verso-oppilaat, tukioppilaat, tutor-opiskelijat"),
        A(WORK, "Huoltajaillassa aiheena \"Some meidän silmin\": oppilaat ja opiskelijat suunnittelevat "
                "ja toteuttavat illan ohjelman.",
          (10,), "oppilaskunnan hallitus, digiagentit, vanhempainyhdistys", "hannu.salminen@esimerkkila.fi"),
    ],
    R.GUARDIAN: [
        A(GROUP, "Vanhempainyhdistyksen nimeämä huoltajaedustaja osallistuu ryhmän kokouksiin kaksi "
                 "kertaa lukukaudessa.",
          (9, 11, 2, 4), "vanhempainyhdistys"),
        A(GROUP, "Huoltajaedustaja tuo kodin näkökulman kiusaamiskyselyn ja kouluterveyskyselyn "
                 "tulosten käsittelyyn ja toimenpiteistä sopimiseen.",
          (11, 3), "vanhempainyhdistys"),
        A(WORK, "Avoin kutsu kaikille huoltajille Wilmassa lukuvuoden alussa: miten ja mihin huoltajat "
                "voivat vaikuttaa koulun yhteisöllisessä opiskeluhuollossa.",
          (8,), "", "rehtori@esimerkkila.fi"),
        A(WORK, "Huoltajaillat: \"Some meidän silmin\" yhdessä oppilaiden kanssa lokakuussa ja "
                "tulevien 7. luokkien huoltajailta toukokuussa.",
          (10, 5), "oppilaskunnan hallitus, vanhempainyhdistys"),
        A(WORK, "Vanhempainyhdistys järjestää talviliikuntapäivän välituntitapahtuman yhdessä "
                "välkkärien kanssa.",
          (2,), "välkkärit, vanhempainyhdistys"),
    ],
    R.TEACHER: [
        A(GROUP, "Luokanopettaja, luokanohjaaja tai ryhmänohjaaja täydentää ryhmää, kun käsitellään oman "
                 "luokan tai ryhmän yleistä hyvinvointitilannetta (ei yksittäisen oppilaan asioita).",
          (10, 3), "luokanopettajat, luokanohjaajat, ryhmänohjaajat"),
        A(GROUP, "Osallisuusryhmien ohjaavat opettajat tulevat kokoukseen ryhmänsä kanssa, kun käsitellään "
                 "ryhmän teemaa.",
          (9, 11, 2), "tukioppilaat, verso-oppilaat, välkkärit", "sanna.jarvinen@esimerkkila.fi"),
        A(WORK, "Luokan ryhmäyttäminen lukuvuoden alussa ja uudelleen tammikuussa; 1.–3. luokissa yhdessä "
                "verso-oppilaiden kanssa.",
          (8, 9, 1), "verso-oppilaat", "opettaja@esimerkkila.fi"),
        A(WORK, "Kiusaamiskysely omassa luokassa viikoilla 40 ja 9 sekä tulosten läpikäynti luokan kanssa.",
          (10, 2), "kuraattori", "hannu.salminen@esimerkkila.fi"),
        A(WORK, "Tunne-, vuorovaikutus- ja turvataitotunnit marraskuun tunnetaitoteeman aikana.",
          (11,), "kuraattori, psykologi"),
        A(WORK, "Luokan poissaolojen seuranta koulun poissaolomallin mukaisesti; yleiskuva poissaoloista "
                "ryhmään jakson päättyessä.",
          (10, 12, 3, 5)),
    ],
    R.PRINCIPAL: [
        A(GROUP, "Kutsuu koolle ja johtaa yhteisöllisen opiskeluhuoltoryhmän kokoukset kerran kuukaudessa; "
                 "esityslista viikkoa ennen ja muistio kaikkien luettavaksi.",
          MEETING_MONTHS, "", "rehtori@esimerkkila.fi"),
        A(GROUP, "Opiskeluhuollon vuosikellon ja roolit-työkalun laatiminen ryhmässä; roolit tarkistetaan "
                 "toukokuussa seuraavaa lukuvuotta varten.",
          (8, 5), "", "rehtori@esimerkkila.fi"),
        A(GROUP, "Opiskeluhuoltosuunnitelman koulukohtaisen osan päivitys ja edellisen lukuvuoden "
                 "arvioinnin käsittely.",
          (9,)),
        A(GROUP, "TEAviisari- ja kouluterveyskyselyn tulosten käsittely ja toimenpiteistä sopiminen.",
          (8, 11)),
        A(WORK, "Uuden henkilöstön perehdytys opiskeluhuoltoon ja roolit-työkaluun elokuun "
                "suunnittelupäivillä.",
          (8,), "apulaisrehtori", "hannu.salminen@esimerkkila.fi"),
        A(WORK, "Kriisiryhmän kokoaminen ja kriisisuunnitelman läpikäynti koko henkilöstön kanssa.",
          (8, 1), "kriisiryhmä"),
    ],
    R.SPECIAL_NEEDS_TEACHER: [
        A(GROUP, "Tuo ryhmään yleisen tason kuvan luokkien ja ryhmien tuen tarpeista syksyn "
                 "kartoitusten pohjalta.",
          (10,), "", "liisa.niemi@esimerkkila.fi"),
        A(GROUP, "Ryhmäkohtaisten tukitoimien suunnittelu ja arviointi yhdessä opettajien kanssa.",
          (9, 1), "luokanopettajat, aineenopettajat"),
        A(WORK, "Lukiseulat 1., 3. ja 7. luokilla; palaute opettajille ryhmätasolla.",
          (8, 9), "luokanopettajat, äidinkielen opettajat", "liisa.niemi@esimerkkila.fi"),
        A(WORK, "Konsultaatiotunti opettajille joka tiistai.",
          MEETING_MONTHS),
        A(WORK, "Nivelvaiheen tiedonsiirtopalaverit: esiopetuksesta 1. luokalle ja 6. luokalta 7. luokalle.",
          (3, 4, 5), "esiopettajat, 6. luokkien opettajat, opinto-ohjaaja", "juha.hamalainen@esimerkkila.fi"),
    ],
    R.STUDY_COUNSELLOR: [
        A(GROUP, "Välittää ryhmään yleisen tason kuvan 7.–9. luokkien ja lukion opintojen sujumisesta "
                 "jaksojen päättyessä.",
          (10, 12, 3, 5)),
        A(GROUP, "Nivelvaihetyön suunnittelu: yhteishaku, TET-jaksot ja lukion aloitus.",
          (1, 2), "", "marjo.tuominen@esimerkkila.fi"),
        A(WORK, "9. luokkien yhteishaun ohjaus ja huoltajailta jatko-opinnoista.",
          (1, 2, 3), "9. luokkien huoltajat", "marjo.tuominen@esimerkkila.fi"),
        A(WORK, "Tutor-opiskelijat kertovat 9. luokille lukio-opinnoista; opinto-ohjaaja koordinoi "
                "vierailut.",
          (3, 4), "tutor-opiskelijat", "antti.rantanen@esimerkkila.fi"),
        A(WORK, "Lukion ensimmäisen vuoden opiskelijoiden ryhmäytys ja opiskelutaitojen tukeminen.",
          (8, 9), "tutor-opiskelijat", "antti.rantanen@esimerkkila.fi"),
    ],
    R.SCHOOL_NURSE: [
        A(GROUP, "Tuo ryhmään yleisen tason havainnot laajoista terveystarkastuksista ja "
                 "kouluterveyskyselystä.",
          (11, 5), "", "terveydenhoitaja@esimerkkila.fi"),
        A(GROUP, "Kouluympäristön terveellisyyden ja turvallisuuden tarkastuksen valmistelu ja "
                 "korjaustoimien seuranta.",
          (2,), "koululääkäri, kiinteistöpalvelut"),
        A(WORK, "5. luokkien laajat terveystarkastukset syys–lokakuussa ja 1. luokkien tammi–helmikuussa.",
          (9, 10, 1, 2), "koululääkäri, huoltajat", "terveydenhoitaja@esimerkkila.fi"),
        A(WORK, "Terveystiedon teematunnit 7.–8. luokille: uni, ravinto ja päihteet.",
          (11, 3), "terveystiedon opettajat", "annika.lindqvist@esimerkkila.fi"),
        A(WORK, "Terveysviikon välituntipiste yhdessä välkkärien kanssa.",
          (2,), "välkkärit"),
    ],
    R.DOCTOR: [
        A(GROUP, "Osallistuu ryhmän kokoukseen kerran lukukaudessa: yleiskuva laajojen "
                 "terveystarkastusten ilmiöistä.",
          (11, 4), "", "matti.peltonen@esimerkkila.fi"),
        A(GROUP, "Kouluympäristön terveys- ja turvallisuusriskien arviointi yhdessä terveydenhoitajan "
                 "kanssa.",
          (2,), "terveydenhoitaja"),
        A(WORK, "Laajat terveystarkastukset 1., 5. ja 8. luokille sekä lukion ensimmäisen vuoden "
                "opiskelijoille yhdessä terveydenhoitajan kanssa.",
          (9, 10, 11, 1, 2, 3), "terveydenhoitaja, huoltajat", "matti.peltonen@esimerkkila.fi"),
    ],
    R.SOCIAL_WORKER: [
        A(GROUP, "Kiusaamiskyselyn tulosten yleisen tason analyysi ja toimenpiteiden suunnittelu.",
          (11, 3), "tukioppilaat", "laura.mattila@esimerkkila.fi"),
        A(GROUP, "Luokan yleisen hyvinvointitilanteen käsittely yhdessä luokanopettajan kanssa, kun "
                 "ryhmä sitä pyytää.",
          (), "luokanopettajat"),
        A(WORK, "7. luokkien ryhmäytyspäivä ennen syyslomaa.",
          (9, 10), "tukioppilaat, koulunuorisotyöntekijä", "laura.mattila@esimerkkila.fi"),
        A(WORK, "Kuraattoripalveluiden esittely luokissa, vanhempainilloissa ja henkilöstölle.",
          (8, 9), "", "sofia.holmberg@esimerkkila.fi"),
        A(WORK, "Tunne- ja vuorovaikutustaitojen teematunnit 3.–4. luokille.",
          (11,), "luokanopettajat"),
    ],
    R.PSYCHOLOGIST: [
        A(GROUP, "Psyykkisen hyvinvoinnin ilmiöt yleisellä tasolla ryhmään kouluterveyskyselyn "
                 "tulosten pohjalta.",
          (11,), "", "psykologi@hyvinvointialue.fi"),
        A(GROUP, "Kriisisuunnitelman päivitys ja kriisiryhmän harjoitus.",
          (1,), "kriisiryhmä"),
        A(WORK, "Matalan kynnyksen konsultaatio opettajille oppimisen ja psyykkisen hyvinvoinnin "
                "kysymyksissä.",
          MEETING_MONTHS),
        A(WORK, "Psykoedukatiivinen alustus huoltajaillassa: nuorten uni ja ruutuaika.",
          (10,), "vanhempainyhdistys", "psykologi@hyvinvointialue.fi"),
        A(WORK, "Koejännitysryhmä lukion opiskelijoille ennen ylioppilaskirjoituksia.",
          (1, 2), "lukion opinto-ohjaaja"),
    ],
    R.YOUTH_WORK: [
        A(GROUP, "Koulunuorisotyöntekijä tuo ryhmään nuorten vapaa-ajan ilmiöt ja alueen nuorisotyön "
                 "havainnot.",
          (10, 1, 4), "alueen nuorisotyö", "jenni.karjalainen@esimerkkila.fi"),
        A(WORK, "Kiireetön aikuinen välitunneilla ja välkkärien ohjaaminen yhdessä koulunkäynninohjaajien "
                "kanssa.",
          MEETING_MONTHS, "välkkärit"),
        A(WORK, "7. luokkien ryhmäytyspäivä yhdessä kuraattorin ja tukioppilaiden kanssa.",
          (9,), "kuraattori, tukioppilaat"),
        A(WORK, "Tehostettu nuorisotyö kriisitilanteissa yhdessä kriisiryhmän kanssa tarpeen mukaan.",
          (), "kriisiryhmä"),
    ],
    R.OTHER: [
        A(GROUP, "Koulunkäynninohjaajien edustaja osallistuu kokoukseen, kun aiheena ovat välitunnit, "
                 "ruokailu tai koulumatkat.",
          (11, 3), "", "sari.ahonen@esimerkkila.fi"),
        A(WORK, "Välituntien valvonta ja välkkärien tukeminen alakoulun pihalla.",
          MEETING_MONTHS, "välkkärit", "sari.ahonen@esimerkkila.fi"),
        A(WORK, "Ruokailutilanteiden rauhoittaminen yhdessä oppilaskunnan hallituksen kanssa.",
          (1,), "oppilaskunnan hallitus"),
    ],
}


@dataclass(frozen=True)
class Edit:
    """A change to a carried-over act of the 2026–2027 draft, found by its role and place in the
    2025–2026 list; made by `editor` (the role's holder where there is one) through the services."""

    role: str
    index: int
    editor: str
    new: ActSpec | None = None  # None: confirm as it is


PRINCIPAL_EMAIL = "rehtori@esimerkkila.fi"

KESKUSTA_2026_EDITS: tuple[Edit, ...] = (
    Edit(R.PRINCIPAL, 0, PRINCIPAL_EMAIL),
    Edit(R.PRINCIPAL, 1, PRINCIPAL_EMAIL),
    Edit(R.PRINCIPAL, 2, PRINCIPAL_EMAIL, A(
        GROUP, "Opiskeluhuoltosuunnitelman koulukohtaisen osan päivitys: ryhmä- ja yksilökohtaiset "
               "tukitoimet uuden tukimallin mukaisesti; edellisen lukuvuoden arvioinnin käsittely.",
        (9, 10))),
    Edit(R.PRINCIPAL, 4, PRINCIPAL_EMAIL),
    Edit(R.PUPIL, 0, PRINCIPAL_EMAIL),
    Edit(R.PUPIL, 1, PRINCIPAL_EMAIL),
    Edit(R.PUPIL, 5, PRINCIPAL_EMAIL, A(
        WORK, "Arkiryhmäyttäminen osallisuusryhmien toteuttamana ennen syyslomaa (viikko 43): "
              "4.–6.-luokkalaiset verso-oppilaat 1.–3. luokissa, tukioppilaat 7. luokissa ja "
              "tutor-opiskelijat lukion ensimmäisen vuoden ryhmissä. Ryhmäyttämispäiväspektaakkeli "
              "pidetään tänä vuonna koko koulukeskuksen yhteisenä tapahtumana.",
        (8, 9, 10), "verso-oppilaat, tukioppilaat, tutor-opiskelijat", "noora.kallio@esimerkkila.fi")),
    Edit(R.TEACHER, 0, "opettaja@esimerkkila.fi"),
    Edit(R.TEACHER, 1, "opettaja@esimerkkila.fi", A(
        GROUP, "Osallisuusryhmien ohjaavat opettajat tulevat kokoukseen ryhmänsä kanssa, kun käsitellään "
               "ryhmän teemaa; lukuvuonna 2026–2027 mukana myös uudet digiagentit.",
        (9, 11, 1, 2), "tukioppilaat, verso-oppilaat, välkkärit, digiagentit",
        "sanna.jarvinen@esimerkkila.fi")),
    Edit(R.TEACHER, 2, "opettaja@esimerkkila.fi"),
    Edit(R.SPECIAL_NEEDS_TEACHER, 0, "liisa.niemi@esimerkkila.fi"),
    Edit(R.SPECIAL_NEEDS_TEACHER, 2, "liisa.niemi@esimerkkila.fi"),
    Edit(R.SPECIAL_NEEDS_TEACHER, 3, "liisa.niemi@esimerkkila.fi", A(
        WORK, "Konsultaatiotunti opettajille joka tiistai ja lukion opettajille joka toinen torstai.",
        MEETING_MONTHS)),
    Edit(R.SCHOOL_NURSE, 0, "terveydenhoitaja@esimerkkila.fi"),
    Edit(R.SCHOOL_NURSE, 2, "terveydenhoitaja@esimerkkila.fi", A(
        WORK, "5. luokkien laajat terveystarkastukset syys–marraskuussa ja 1. luokkien "
              "tammi–helmikuussa; 8. luokkien tarkastukset keväällä.",
        (9, 10, 11, 1, 2, 3, 4), "koululääkäri, huoltajat", "terveydenhoitaja@esimerkkila.fi")),
    Edit(R.SOCIAL_WORKER, 0, "laura.mattila@esimerkkila.fi"),
    Edit(R.SOCIAL_WORKER, 1, "laura.mattila@esimerkkila.fi"),
    Edit(R.SOCIAL_WORKER, 2, "laura.mattila@esimerkkila.fi"),
    Edit(R.SOCIAL_WORKER, 3, "laura.mattila@esimerkkila.fi"),
    Edit(R.SOCIAL_WORKER, 4, "laura.mattila@esimerkkila.fi"),
    Edit(R.OTHER, 0, "sari.ahonen@esimerkkila.fi"),
)

# Acts new in 2026–2027, with who writes them.
KESKUSTA_2026_NEW: tuple[tuple[str, str, ActSpec], ...] = (
    (R.TEACHER, "opettaja@esimerkkila.fi", A(
        WORK, "Digitaalisen hyvinvoinnin teemaviikko 5.–6. luokille yhdessä digiagenttien kanssa.",
        (2,), "digiagentit", "opettaja@esimerkkila.fi")),
    (R.PUPIL, PRINCIPAL_EMAIL, A(
        GROUP, "Oppilaskunnan hallitus kokoaa oppilaiden palautteen välituntien turvallisuudesta ja "
               "esittelee sen ryhmälle.",
        (4,), "oppilaskunnan hallitus, välkkärit", "noora.kallio@esimerkkila.fi")),
    (R.OTHER, "sari.ahonen@esimerkkila.fi", A(
        WORK, "Koulunkäynninohjaajat ohjaavat uusien 1.-luokkalaisten koulumatkaharjoittelua elokuussa.",
        (8,), "huoltajat")),
)

# The new school youth worker writes the role's acts anew this year: none yet (the reminders' case).
KESKUSTA_2026_CLEARED = (R.YOUTH_WORK,)

POHJOINEN_2026_ACTS: tuple[tuple[str, str, ActSpec], ...] = (
    (R.PRINCIPAL, "timo.nieminen@esimerkkila.fi", A(
        GROUP, "Kutsuu koolle ja johtaa yhteisöllisen opiskeluhuoltoryhmän kokoukset kerran "
               "kuukaudessa.",
        MEETING_MONTHS, "", "timo.nieminen@esimerkkila.fi")),
    (R.PRINCIPAL, "timo.nieminen@esimerkkila.fi", A(
        WORK, "Uuden henkilöstön perehdytys opiskeluhuoltoon suunnittelupäivillä.",
        (8,))),
    (R.PUPIL, "timo.nieminen@esimerkkila.fi", A(
        GROUP, "Oppilaskunnan hallituksen nimeämä oppilas on ryhmän pysyvä jäsen; kiusaamisteemaan "
               "kutsutaan myös tukioppilaat.",
        (9, 2), "oppilaskunnan hallitus, tukioppilaat")),
    (R.TEACHER, "ville.kettunen@esimerkkila.fi", A(
        WORK, "Luokan ryhmäyttäminen ennen syyslomaa ja kiusaamiskysely viikolla 40.",
        (8, 9, 10), "tukioppilaat", "ville.kettunen@esimerkkila.fi")),
)

TOISALA_2026_ACTS: tuple[tuple[str, str, ActSpec], ...] = (
    (R.PRINCIPAL, "rehtori@toisala.fi", A(
        GROUP, "Johtaa oppilashuoltoryhmän kokouksia kahdesti lukukaudessa.",
        (9, 11, 2, 4), "", "rehtori@toisala.fi")),
    (R.TEACHER, "rehtori@toisala.fi", A(
        WORK, "Välituntien teemapäivä yhdessä oppilaskunnan kanssa.",
        (5,), "oppilaskunta")),
)
# Svenska skolcentret: a Swedish-language school's 2026–2027 draft, its acts written in Swedish.
SVENSKA_2026_ACTS: tuple[tuple[str, str, ActSpec], ...] = (
    (R.PRINCIPAL, "anna.lindholm@esimerkkila.fi", A(
        GROUP, "Leder den gemensamma elevhälsogruppens möten en gång i månaden och sammanställer "
               "läsårets verksamhetsplan för elevhälsan.",
        MEETING_MONTHS, "", "anna.lindholm@esimerkkila.fi")),
    (R.PUPIL, "anna.lindholm@esimerkkila.fi", A(
        GROUP, "Två elever som elevkåren utsett deltar i gruppens möten; när mobbning behandlas bjuds "
               "också stödeleverna in.",
        (9, 2), "elevkårens styrelse, stödelever")),
    (R.TEACHER, "erik.sjoberg@esimerkkila.fi", A(
        WORK, "Gruppbildande övningar i klassen under de första skolveckorna och en trivselenkät före "
              "höstlovet.",
        (8, 9, 10), "stödelever", "erik.sjoberg@esimerkkila.fi")),
    (R.SPECIAL_NEEDS_TEACHER, "karin.stromberg@esimerkkila.fi", A(
        GROUP, "Sammanställer en översikt av klassernas stödbehov till gruppens möten i september och "
               "januari.",
        (9, 1), "klasslärarna", "karin.stromberg@esimerkkila.fi")),
    (R.SCHOOL_NURSE, "annika.lindqvist@esimerkkila.fi", A(
        GROUP, "Redogör på ett allmänt plan för vad hälsoundersökningarna visar om elevernas sömn, "
               "kost och rörelse.",
        (11, 4), "", "annika.lindqvist@esimerkkila.fi")),
    (R.SOCIAL_WORKER, "sofia.holmberg@esimerkkila.fi", A(
        WORK, "Temalektioner om vänskap och trygghet på nätet i årskurs 3–6 och en föräldrakväll om "
              "skärmtid.",
        (10, 3), "klasslärarna, vårdnadshavare", "sofia.holmberg@esimerkkila.fi")),
    (R.PSYCHOLOGIST, "emma.blomqvist@esimerkkila.fi", A(
        WORK, "Konsultationstid för lärarna varannan vecka och ett psykoedukativt inslag om känslor i "
              "förskoleundervisningen.",
        MEETING_MONTHS, "förskollärare, klasslärare", "emma.blomqvist@esimerkkila.fi")),
)
SVENSKA_DEADLINE = datetime.date(2027, 1, 22)
# fmt: on


# --- Seeding ----------------------------------------------------------------------------------


class _ToolSeeder:
    def __init__(self, report: SeedReport, municipality: Municipality) -> None:
        self.report = report
        self.municipality = municipality
        self.sections = list(ActSection.objects.filter(municipality=municipality, is_active=True))
        self.roles = {
            r.key: r
            for r in Role.objects.filter(municipality=municipality, is_active=True)
            if r.key != R.OTHER
        }
        # A city may have several "other" roles: the standard one comes first in the catalog order.
        other = Role.objects.filter(municipality=municipality, key=R.OTHER, is_active=True).order_by("order")
        if other.exists():
            self.roles[R.OTHER] = other.first()

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

    def principal(self, school: School, year: SchoolYear, email: str) -> Actor | None:
        actor = self.actor(email)
        if (
            actor is None
            or not StaffAssignment.objects.filter(
                user=actor.user, school=school, school_year=year, role__key=R.PRINCIPAL
            ).exists()
        ):
            return None
        return actor

    def editor(self, tool: RolesTool, role: Role, email: str, principal: Actor) -> Actor:
        """The person named, where they may edit the role's acts; otherwise the principal."""
        actor = self.actor(email)
        return actor if actor and policies.roles_tool.can_edit_acts(actor, tool, role) else principal

    def add(self, actor: Actor, tool: RolesTool, role_key: str, spec: ActSpec) -> PracticalAct | None:
        role = self.roles.get(role_key)
        if role is None or spec.section >= len(self.sections) or not tool.roles.filter(pk=role.pk).exists():
            return None
        return services.act_create(
            actor=actor,
            tool=tool,
            role=role,
            section=self.sections[spec.section],
            text=spec.text,
            months=spec.months,
            with_whom=spec.with_whom,
            responsible=self.user(spec.responsible),
        )

    def created(self, tool: RolesTool) -> None:
        self.report.created["roles tool"] += 1
        self.report.created["practical act"] += tool.acts.count()


def _year(municipality: Municipality, starts_on: datetime.date) -> SchoolYear | None:
    return SchoolYear.objects.filter(municipality=municipality, starts_on=starts_on).first()


def _school(municipality: Municipality, name: str) -> School | None:
    return School.objects.filter(municipality=municipality, name__iexact=name).first()


def _publish_quietly(actor: Actor, tool: RolesTool) -> RolesToolRevision:
    """Publish the normal way, then cancel its staff notices: the demo must not mail ~30 people (nor a
    running worker send them later). The rows stay, cancelled."""
    # Published when it was current (the demo's history): not refused as a year that has ended.
    revision = services.tool_publish(actor=actor, tool=tool, today=PUBLISHED_ON)
    notification_services.cancel(subject=tool, kind=TOOL_PUBLISHED)
    # Demo history: the 2025–2026 roles were agreed and published in September 2025.
    revision.published_at = timezone.make_aware(datetime.datetime.combine(PUBLISHED_ON, PUBLISHED_TIME))
    revision.save(update_fields=["published_at"])
    return revision


def _seed_keskusta(report: SeedReport, municipality: Municipality) -> None:
    school = _school(municipality, KESKUSTA)
    last_year = _year(municipality, SCHOOL_YEARS[0].starts_on)
    this_year = _year(municipality, SCHOOL_YEARS[1].starts_on)
    if school is None or last_year is None or this_year is None:
        return
    seeder = _ToolSeeder(report, municipality)
    principal = seeder.principal(school, last_year, PRINCIPAL_EMAIL)
    if principal is None:
        return

    published = RolesTool.objects.filter(school=school, school_year=last_year).first()
    if published is None:
        published = services.tool_create(actor=principal, school=school, school_year=last_year)
        for role_key, specs in KESKUSTA_2025_ACTS.items():
            for spec in specs:
                seeder.add(principal, published, role_key, spec)
        services.tool_set_deadline(actor=principal, tool=published, deadline=PUBLISHED_DEADLINE)
        services.tool_submit_for_review(actor=principal, tool=published)
        _publish_quietly(principal, published)
        seeder.created(published)
        report.created["published roles tool revision"] += 1

    if RolesTool.objects.filter(school=school, school_year=this_year).exists():
        return
    draft = services.tool_create(actor=principal, school=school, school_year=this_year, carry_over=True)
    services.tool_set_deadline(actor=principal, tool=draft, deadline=KESKUSTA_DEADLINE)
    for edit in KESKUSTA_2026_EDITS:
        role = seeder.roles.get(edit.role)
        specs = KESKUSTA_2025_ACTS[edit.role]
        act = (
            draft.acts.filter(role=role, text=specs[edit.index].text, carried_over=True).first()
            if role and edit.index < len(specs)
            else None
        )
        if act is None:
            continue
        actor = seeder.editor(draft, role, edit.editor, principal)
        if edit.new is None:
            services.act_confirm(actor=actor, act=act, version=act.version)
        else:
            services.act_update(
                actor=actor,
                act=act,
                version=act.version,
                text=edit.new.text,
                months=edit.new.months,
                with_whom=edit.new.with_whom,
                responsible=seeder.user(edit.new.responsible),
                section=seeder.sections[edit.new.section],
            )
    for role_key in KESKUSTA_2026_CLEARED:
        role = seeder.roles.get(role_key)
        for act in draft.acts.filter(role=role):
            actor = seeder.editor(draft, role, "jenni.karjalainen@esimerkkila.fi", principal)
            services.act_delete(actor=actor, act=act, version=act.version)
    _add_all(seeder, principal, draft, KESKUSTA_2026_NEW)
    seeder.created(draft)


def _add_all(
    seeder: _ToolSeeder, principal: Actor, tool: RolesTool, acts: tuple[tuple[str, str, ActSpec], ...]
) -> None:
    for role_key, editor, spec in acts:
        role = seeder.roles.get(role_key)
        if role is not None:
            seeder.add(seeder.editor(tool, role, editor, principal), tool, role_key, spec)


def _seed_draft(
    report: SeedReport,
    municipality: Municipality,
    school_name: str,
    principal_email: str,
    acts: tuple[tuple[str, str, ActSpec], ...],
    deadline: datetime.date | None,
) -> None:
    """A 2026–2027 draft started empty, with a few acts."""
    school = _school(municipality, school_name)
    year = _year(municipality, SCHOOL_YEARS[1].starts_on)
    if school is None or year is None or RolesTool.objects.filter(school=school, school_year=year).exists():
        return
    seeder = _ToolSeeder(report, municipality)
    principal = seeder.principal(school, year, principal_email)
    if principal is None:
        return
    tool = services.tool_create(actor=principal, school=school, school_year=year)
    if deadline is not None:
        services.tool_set_deadline(actor=principal, tool=tool, deadline=deadline)
    _add_all(seeder, principal, tool, acts)
    seeder.created(tool)


def seed_roles_tools(report: SeedReport) -> None:
    """Create the demo roles tools that are missing (called by demo.schools.seed_demo, in its transaction)."""
    esimerkkila = Municipality.objects.filter(slug="esimerkkila").first()
    if esimerkkila is not None:
        _seed_keskusta(report, esimerkkila)
        _seed_draft(
            report,
            esimerkkila,
            POHJOINEN,
            "timo.nieminen@esimerkkila.fi",
            POHJOINEN_2026_ACTS,
            POHJOINEN_DEADLINE,
        )
        _seed_draft(
            report,
            esimerkkila,
            SVENSKA,
            "anna.lindholm@esimerkkila.fi",
            SVENSKA_2026_ACTS,
            SVENSKA_DEADLINE,
        )
    toisala = Municipality.objects.filter(slug="toisala").first()
    if toisala is not None:
        _seed_draft(report, toisala, TOISALA_SCHOOL, "rehtori@toisala.fi", TOISALA_2026_ACTS, None)
    # Publishing queues each revision's prints (handbook and slides) for after the commit; the demo
    # prints them here, so its published PDFs download at once even before a worker has run (a print
    # already stored is not printed again).
    for revision in RolesToolRevision.objects.filter(
        tool__school__municipality__slug__in=["esimerkkila", "toisala"]
    ):
        for kind in PdfKind.values:
            published_pdf_render(revision, kind)
