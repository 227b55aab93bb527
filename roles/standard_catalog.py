"""The 12 standard roles of the customer's roles tool (seed 000) with the city's key responsibilities
(seed 001), condensed, in Finnish: the catalog every new municipality starts from.

Each entry: key, Finnish name, Swedish name, staff role?, description (paragraphs), responsibilities.

Descriptions are the roles tool's "Rooli yhteisöllisessä opiskeluhuoltotyössä" texts with the
extraction's broken words mended. Responsibilities come from seed 001 where it names the actor;
seed 001 predates the 1 Aug 2025 reform of learning support, so its three-tier terms (tehostettu /
erityinen tuki, pedagoginen arvio, HOJKS) are phrased neutrally here. Roles seed 001 does not name
get lines drawn from their own description.
"""

from .models import RoleKey

STANDARD_ROLES: list[dict] = [
    {
        "key": RoleKey.PUPIL,
        "name_fi": "Oppilas/opiskelija",
        "name_sv": "Elev/studerande",
        "is_staff_role": False,
        "description": (
            "Jokaisella oppilaalla ja opiskelijalla on mahdollisuus vaikuttaa ja osallistua "
            "yhteisöllisen opiskeluhuollon toimintaan matalalla kynnyksellä. He tuovat "
            "opiskeluhuoltotyöhön ja opiskeluhuoltoryhmään arvokasta tietoa, koska heidän kokemuksensa "
            "ovat erilaisia kuin aikuisten. Tiedottamisvastuu siitä, miten ja mihin he voivat vaikuttaa, "
            "on koulun aikuisilla.\n\n"
            "Oppilaat ja opiskelijat ovat opiskeluhuoltoryhmän itseoikeutettuja, pysyviä jäseniä ja "
            "mukana suunnittelemassa, toteuttamassa, arvioimassa ja kehittämässä opiskeluhuoltoa. "
            "Opiskeluhuoltoryhmän kokoukseen osallistuminen tarjoaa oppilaille ja opiskelijoille "
            "mahdollisuuden vaikuttaa ja oppia.\n\n"
            "Oppilaita ja opiskelijoita kutsutaan opiskeluhuoltoryhmään riittävä määrä. Jäsenyys voi "
            "olla edustuksellista, jolloin esimerkiksi oppilas- tai opiskelijakunta osoittaa ryhmään "
            "edustajansa. Jos ryhmässä käsitellään kiusaamiseen liittyvää teemaa, tapaamiseen voidaan "
            "kutsua tukioppilaita, verso-oppilaita tai tutoropiskelijoita; jos käsittelyssä ovat "
            "välituntiasiat, välkkäritoimijoita."
        ),
        "responsibilities": [
            "Osallistuu yhteisöllisen opiskeluhuoltoryhmän työhön pysyvänä jäsenenä, usein oppilas- tai "
            "opiskelijakunnan nimeämänä edustajana",
            "Tuo ryhmään oppilaiden ja opiskelijoiden omia kokemuksia ja näkemyksiä",
            "Osallistuu opiskeluhuollon suunnitteluun, toteuttamiseen, arviointiin ja kehittämiseen",
            "Osallistuu käsiteltävän teeman mukaan osallisuusryhmän edustajana (esim. tukioppilaat, "
            "verso-oppilaat, tutoropiskelijat, välkkärit)",
            "Suunnittelee ja toteuttaa osallisuusryhmissä esimerkiksi ryhmäytystä yhdessä ohjaavien "
            "aikuisten kanssa",
        ],
    },
    {
        "key": RoleKey.GUARDIAN,
        "name_fi": "Huoltaja",
        "name_sv": "Vårdnadshavare",
        "is_staff_role": False,
        "description": (
            "Huoltajien rooli yhteisöllisessä opiskeluhuoltotyössä on tärkeä erityisesti hyvinvoinnin, "
            "terveellisyyden, turvallisuuden ja yhteisöllisen toiminnan vahvistamisessa. He seuraavat "
            "lastensa koulunkäyntiä kodin näkökulmasta ja havaitsevat asioita, joita koulun sisällä ei "
            "välttämättä huomata. Huoltajat tuntevat lastensa elinympäristön ja siihen liittyvät "
            "haasteet, jotka heijastuvat kouluun. Tätä tietoa ja kokemuksia kannattaa hyödyntää.\n\n"
            "Huoltajien edustajia voi kutsua mukaan opiskeluhuoltotyöhön avoimella, kaikille huoltajille "
            "suunnatulla kutsulla. Heidän osallisuutensa opiskeluhuoltoryhmässä voi olla myös "
            "edustuksellista ja toteutua koulun vanhempainyhdistyksen tai vastaavan kautta. "
            "Opiskeluhuoltoryhmän lisäksi on tärkeää saada huoltajia mukaan hyvinvointia vahvistavaan "
            "toimintaan. Tiedottamisvastuu siitä, miten ja mihin he voivat vaikuttaa, on koulun "
            "henkilöstöllä."
        ),
        "responsibilities": [
            "Hänellä on ensisijainen kasvatusvastuu lapsesta tai nuoresta",
            "Voi osallistua yhteisölliseen opiskeluhuoltoryhmään huoltajien edustajana, esimerkiksi "
            "vanhempainyhdistyksen kautta",
            "Osallistuu tarvittaessa oman lapsensa asioiden käsittelyyn yksilökohtaisessa "
            "opiskeluhuollossa (monialainen asiantuntijaryhmä)",
            "Osallistuu lapsensa koulunkäyntiin ja opiskeluun liittyvien asioiden selvittelyyn sekä "
            "tukitoimien suunnitteluun",
        ],
    },
    {
        "key": RoleKey.TEACHER,
        "name_fi": "Opettaja",
        "name_sv": "Lärare",
        "is_staff_role": True,
        "description": (
            "Opettaja (luokanopettaja, aineenopettaja, luokanohjaaja tai ryhmänohjaaja) huolehtii koulun "
            "oppilaiden ja opiskelijoiden hyvinvoinnin, oppimisen sekä fyysisen että psykologisen "
            "turvallisuuden toteutumisesta yhdessä koulun muiden toimijoiden kanssa. Hän huolehtii "
            "luokkansa tai ryhmänsä hyvinvoinnista ja turvallisuudesta osana opetustyötä, seuraa "
            "oppilaiden ja opiskelijoiden oppimista ja hyvinvointia sekä havainnoi ryhmän työskentelyä "
            "ja siinä tapahtuvia muutoksia. Hän on avaintoimija poissaolojen ja tuen tarpeen varhaisessa "
            "tunnistamisessa, tuen tarjoamisessa sekä muiden toimijoiden yhteistyöhön kutsumisessa.\n\n"
            "Opettaja tekee ennaltaehkäisevää työtä, oppituntien sisällä tapahtuvaa ryhmäytystä sekä "
            "tunne-, vuorovaikutus- ja turvataitotyöskentelyä. Hän työskentelee oppilas- ja "
            "opiskelijakuntien hallitusten sekä muiden koulun osallisuusryhmien kanssa oppilaiden ja "
            "opiskelijoiden oman äänen kuuluville saamiseksi.\n\n"
            "Jos yhteisöllisessä opiskeluhuoltoryhmässä käsitellään yksittäisen luokan tai ryhmän "
            "yleistä hyvinvointitilannetta, ryhmää voidaan täydentää kyseisen luokan tai ryhmän "
            "opettajalla. Opettaja on mukana ohjaamansa osallisuusryhmän työskennellessä yhteisöllisessä "
            "opiskeluhuoltoryhmässä."
        ),
        "responsibilities": [
            "Osallistuu asiantuntijana opiskeluhuoltoryhmiin",
            "Seuraa oppilaiden psyykkistä ja fyysistä hyvinvointia",
            "Havainnoi ryhmädynamiikkaa",
            "Seuraa oppilaiden poissaoloja",
            "Pitää yhteyttä oppilaiden huoltajiin tai sopii yhteydenpidosta muiden opiskeluhuollon "
            "toimijoiden kanssa",
            "Arvioi tuen tarvetta ja valmistelee tukitoimia yhdessä erityisopettajan ja rehtorin "
            "(esiopetuksessa päiväkodinjohtajan) kanssa",
            "Suunnittelee oppilaan tuen yhteistyössä erityisopettajan, huoltajien ja muiden "
            "yhteistyötahojen kanssa",
            "Päättää esiopetuksen tai luokan kertaamisesta yhdessä rehtorin (päiväkodinjohtajan) ja "
            "erityisopettajan kanssa",
            "Huolehtii tiedonsiirrosta koulutuksen nivelvaiheissa (kokoukset, lomakkeet)",
        ],
    },
    {
        "key": RoleKey.PRINCIPAL,
        "name_fi": "Rehtori",
        "name_sv": "Rektor",
        "is_staff_role": True,
        "description": (
            "Rehtori huolehtii koulun oppilaiden ja opiskelijoiden hyvinvoinnin, oppimisen sekä fyysisen "
            "että psykologisen turvallisuuden toteutumisesta yhdessä koulun muiden toimijoiden kanssa. "
            "Rehtori toimii koulunsa opiskeluhuoltotyön johtajana ja puheenjohtajana yhteisöllisen "
            "opiskeluhuoltoryhmän kokoontuessa. Hän on tietoinen ilmiöistä ja huolehtii siitä, että "
            "niihin paneudutaan. Hän organisoi toimintaa, luo mahdollisuudet ryhmän toiminnalle ja jakaa "
            "työtehtäviä asiantuntijoille, jotta tavoitteellinen työskentely on mahdollista. Tavoitteena "
            "on mahdollistaa, kannustaa ja luottaa oman koulun yhteisöllisen opiskeluhuoltotyön "
            "toimijoihin. Rehtori huolehtii toiminnan kehittämisestä, suunnittelusta, toteutuksesta, "
            "seuraamisesta sekä arvioinnin toteutumisesta yhdessä yhteisöllisen opiskeluhuoltoryhmän "
            "kanssa ja tiedottaa yhteisöllisestä opiskeluhuoltotyöstä.\n\n"
            "Rehtori huolehtii siitä, että oppilas- ja opiskelijakuntien hallitukset sekä muut koulun "
            "osallisuusryhmät toimivat ja että oppilaiden ja opiskelijoiden ääni saadaan kuuluville.\n\n"
            "Rehtori kuuluu koulunsa kriisiryhmään, osallistuu koulunsa kriisityön suunnitteluun ja "
            "toteutukseen sekä johtaa koulunsa kriisityötä."
        ),
        "responsibilities": [
            "Vastaa opiskeluhuoltotyön johtamisesta ja opiskeluhuoltoryhmän toimintojen koordinoinnista "
            "tai määrää tehtävään viranhaltijan",
            "Kutsuu koolle yhteisöllisen opiskeluhuoltoryhmän",
            "Vastaa ryhmän toimintasuunnitelman laatimisesta sekä toiminnan toteutumisesta, seurannasta "
            "ja arvioinnista",
            "Huolehtii opiskeluhuoltokertomusten ja muiden opiskeluhuollon asiakirjojen tallentamisesta "
            "opiskeluhuoltorekisteriin",
            "Valmistelee ryhmässä käsiteltävät asiat tai delegoi valmistelun valtuuttamalleen henkilölle",
            "Vastaa ryhmän käsittelemien asioiden tiedottamisesta",
            "Vastaa ryhmän sisäisestä tehtävänjaosta ja nimeää tarvittaessa vastuuhenkilön asioiden "
            "käsittelyyn",
            "Huolehtii, että koulun turvallisuus-, kriisi-, kiusaamis-, päihde- ja "
            "opiskeluhuoltosuunnitelmat ovat ajan tasalla",
            "Valmistelee hallinnollista päätöstä vaativat tukitoimet (oppimisen tuen päätökset) yhdessä "
            "opettajan tai luokanvalvojan ja erityisopettajan kanssa",
            "Päättää luokan kertaamisesta yhdessä luokanopettajan tai luokanvalvojan ja erityisopettajan "
            "kanssa",
            "Järjestää opiskeluhuollon palvelut kurinpidollisen rangaistuksen saaneelle oppilaalle",
        ],
    },
    {
        "key": RoleKey.SPECIAL_NEEDS_TEACHER,
        "name_fi": "Erityisopettaja",
        "name_sv": "Speciallärare",
        "is_staff_role": True,
        "description": (
            "Erityisopettaja huolehtii koulun oppilaiden ja opiskelijoiden hyvinvoinnin, oppimisen sekä "
            "fyysisen että psykologisen turvallisuuden toteutumisesta yhdessä koulun muiden toimijoiden "
            "kanssa. Hän havainnoi koulussa esiin nousevia ajankohtaisia ilmiöitä ja reagoi niihin "
            "yhteistyössä tarvittavien koulun sisäisten ja ulkopuolisten toimijoiden kanssa.\n\n"
            "Erityisopettaja kartoittaa oppilaiden ja opiskelijoiden sekä ryhmän tuen tarpeita "
            "säännöllisesti ja pyrkii omalla toiminnallaan olemaan arjen tuki oppilaille, opiskelijoille "
            "ja opettajille. Konsultointi kuuluu olennaisesti erityisopettajan työnkuvaan. "
            "Erityisopettaja on avainasemassa oppilaiden, opiskelijoiden ja huoltajien kohtaamisessa.\n\n"
            "Erityisopettaja työskentelee oppilas- ja opiskelijakuntien hallitusten sekä muiden koulun "
            "osallisuusryhmien kanssa oppilaiden ja opiskelijoiden oman äänen kuuluville saamiseksi.\n\n"
            "Erityisopettaja kuuluu koulunsa yhteisölliseen opiskeluhuoltoryhmään sekä osallistuu "
            "yhteisöllisen opiskeluhuoltotyön kehittämiseen, suunnitteluun, toteutukseen, seuraamiseen "
            "ja arviointiin. Hän vie ryhmään tärkeää tietoa oppilaiden ja opiskelijoiden hyvinvoinnista "
            "ja haasteista; tällä tiedolla tuetaan heidän hyvinvointiaan ja kouluun kiinnittymistään.\n\n"
            "Erityisopettaja kuuluu koulunsa kriisiryhmään sekä osallistuu koulunsa kriisityön "
            "suunnitteluun ja toteutukseen."
        ),
        "responsibilities": [
            "Osallistuu tarvittaessa opiskeluhuoltoryhmien toimintaan",
            "Valmistelee opiskeluhuoltoryhmän käsittelyyn tulevia asioita",
            "Kartoittaa oppilaan tilannetta moniammatillisessa yhteistyössä",
            "Toimii erityisopetuksen pedagogisena asiantuntijana ja kehittää koulunsa joustavia "
            "opetusjärjestelyjä sekä yleisiä ja tarvittavia erityisiä tukitoimia",
            "Päättää luokan kertaamisesta yhdessä rehtorin ja luokanopettajan tai luokanvalvojan kanssa",
            "Valmistelee tukitoimet ja oppimisen tuen päätökset yhdessä esiopettajan, luokan- tai "
            "aineenopettajan, luokanvalvojan ja rehtorin kanssa",
            "Osallistuu oppilaan tuen suunnitteluun ja tarvittavien asiakirjojen laatimiseen",
            "Osallistuu tiedonsiirtoon esiopetuksen ja koulun nivelvaiheissa (kokoukset, lomakkeet)",
        ],
    },
    {
        "key": RoleKey.STUDY_COUNSELLOR,
        "name_fi": "Opinto-ohjaaja",
        "name_sv": "Studiehandledare",
        "is_staff_role": True,
        "description": (
            "Opinto-ohjaaja huolehtii koulun oppilaiden ja opiskelijoiden hyvinvoinnin, oppimisen sekä "
            "fyysisen että psykologisen turvallisuuden toteutumisesta yhdessä koulun muiden toimijoiden "
            "kanssa. Hän vahvistaa oppilaiden ja opiskelijoiden osallisuutta ja on avainasemassa heidän "
            "kohtaamisessaan. Hän seuraa ja varmistaa opintojen sujumista ja etenemistä yhdessä koulun "
            "muiden toimijoiden, kuten opettajien, kanssa. Opinto-ohjaaja tekee yhteistyötä "
            "sidosryhmien, kuten opiskeluhuoltoryhmän, huoltajien, koulun ulkopuolisten tahojen ja "
            "nivelvaiheen yhteistyötahojen, kanssa.\n\n"
            "Opinto-ohjaaja työskentelee oppilas- ja opiskelijakuntien hallitusten sekä muiden koulun "
            "osallisuusryhmien kanssa oppilaiden ja opiskelijoiden oman äänen kuuluville saamiseksi.\n\n"
            "Opinto-ohjaaja kuuluu koulunsa yhteisölliseen opiskeluhuoltoryhmään sekä osallistuu "
            "yhteisöllisen opiskeluhuoltotyön kehittämiseen, suunnitteluun, toteutukseen, seuraamiseen "
            "ja arviointiin. Hän välittää oppilailta, opiskelijoilta ja opettajilta saamaansa tietoa "
            "yleisellä tasolla opiskeluhuoltoryhmään.\n\n"
            "Opinto-ohjaaja kuuluu koulunsa kriisiryhmään sekä osallistuu koulunsa kriisityön "
            "suunnitteluun ja toteutukseen."
        ),
        "responsibilities": [
            "Osallistuu asiantuntijana opiskeluhuoltoryhmiin: tuo näkemyksen oppilaan kasvun ja "
            "kehityksen tukemisesta, opiskelun ja opiskelutaitojen edistämisestä sekä urasuunnittelusta",
            "Toimii yhteistyössä muun opiskeluhuoltohenkilöstön kanssa opiskeluhuollon tarpeen "
            "arvioinnissa ja tarvittavien toimenpiteiden käynnistämisessä",
            "Osallistuu oppilaan koulunkäynnin tukemisen suunnitteluun",
            "Osallistuu tarvittaessa oppilaan tuen suunnitteluun ja tarvittavien asiakirjojen laatimiseen",
            "Tekee opiskeluhuollollista yhteistyötä huoltajien, luokanvalvojien, aineenopettajien, "
            "toisen asteen oppilaitosten ja muiden tahojen, esim. TET-työnantajien, kanssa",
            "Ohjaa jatko-opintoihin hakemisessa, myös silloin kun oppilas jää ilman opiskelupaikkaa",
            "Huolehtii ohjaukseen liittyvästä tiedottamisesta",
            "Huolehtii osaltaan tiedonsiirrosta koulutuksen nivelvaiheissa ja erityistilanteissa, esim. "
            "oppilaan vaihtaessa koulua",
        ],
    },
    {
        "key": RoleKey.SCHOOL_NURSE,
        "name_fi": "Terveydenhoitaja",
        "name_sv": "Hälsovårdare",
        "is_staff_role": True,
        "description": (
            "Terveydenhoitaja huolehtii koulun oppilaiden ja opiskelijoiden hyvinvoinnin, oppimisen sekä "
            "fyysisen että psykologisen turvallisuuden toteutumisesta yhdessä koulun muiden toimijoiden "
            "kanssa. Hän on kokonaisterveyden ja hyvinvoinnin edistämisen sekä lasten ja nuorten kasvun "
            "ja kehityksen asiantuntija. Hänen tehtäviinsä kuuluu opiskeluympäristön terveellisyyden ja "
            "turvallisuuden sekä yhteisön hyvinvoinnin edistäminen ja seuranta.\n\n"
            "Terveydenhoitaja kuuluu koulunsa yhteisölliseen opiskeluhuoltoryhmään sekä osallistuu "
            "yhteisöllisen opiskeluhuoltotyön kehittämiseen, suunnitteluun, toteutukseen, seuraamiseen "
            "ja arviointiin. Hänellä on laaja näkemys oppilaiden ja opiskelijoiden hyvinvoinnista. "
            "Opiskelukyvyn tukeminen sekä tuen tarpeen varhainen tunnistaminen monialaisessa "
            "yhteistyössä kuuluvat koulu- ja opiskeluterveydenhuollon perustehtäviin. Yksilökohtaisista "
            "tapaamisista ja tarkastuksista muodostuu kokonaiskuva yhteisön tilanteesta, minkä kautta "
            "koko kouluyhteisön terveyteen ja hyvinvointiin liittyvät ilmiöt voidaan tuoda esille.\n\n"
            "Terveydenhoitaja edistää kouluyhteisön hyvinvointia osallistumalla esimerkiksi koulun "
            "yhteisölliseen toimintaan, tapahtumiin, teemapäiviin ja oppitunteihin. Hän työskentelee "
            "oppilas- ja opiskelijakuntien hallitusten sekä muiden koulun osallisuusryhmien kanssa "
            "oppilaiden ja opiskelijoiden oman äänen kuuluville saamiseksi.\n\n"
            "Terveydenhoitaja kuuluu koulunsa kriisiryhmään sekä osallistuu koulunsa kriisityön "
            "suunnitteluun ja toteutukseen."
        ),
        "responsibilities": [
            "Edistää ja seuraa opiskeluympäristön terveellisyyttä ja turvallisuutta sekä kouluyhteisön "
            "hyvinvointia",
            "Tuo terveystarkastuksista ja tapaamisista muodostuvan kokonaiskuvan yhteisön tilanteesta "
            "yleisellä tasolla yhteisölliseen opiskeluhuoltoryhmään",
            "Tukee opiskelukykyä ja tunnistaa tuen tarpeen varhain monialaisessa yhteistyössä",
            "Osallistuu koulun yhteisölliseen toimintaan, tapahtumiin, teemapäiviin ja oppitunteihin "
            "sekä työskentelee osallisuusryhmien kanssa",
            "Kuuluu koulun kriisiryhmään ja osallistuu kriisityön suunnitteluun ja toteutukseen",
        ],
    },
    {
        "key": RoleKey.DOCTOR,
        "name_fi": "Lääkäri",
        "name_sv": "Skolläkare",
        "is_staff_role": True,
        "description": (
            "Koululääkäri on lasten ja nuorten fyysisen ja psyykkisen kasvun ja kehityksen sekä niiden "
            "pulmien lääketieteellinen asiantuntija. Hän tapaa laajoissa terveystarkastuksissa kaikki "
            "1., 5. ja 8. luokkien oppilaat ja heidän vanhempansa sekä lukiossa ensimmäisen opintovuoden "
            "opiskelijat. Lääkäri tarkastelee kouluyhteisön ja -ympäristön ilmiöitä fyysisen ja "
            "psyykkisen terveyden sekä turvallisuuden ja erilaisten riskien näkökulmista."
        ),
        "responsibilities": [
            "Toimii lasten ja nuorten kasvun ja kehityksen sekä niiden pulmien lääketieteellisenä "
            "asiantuntijana",
            "Tapaa laajoissa terveystarkastuksissa 1., 5. ja 8. luokkien oppilaat vanhempineen sekä "
            "lukion ensimmäisen vuoden opiskelijat",
            "Tarkastelee kouluyhteisön ja -ympäristön ilmiöitä fyysisen ja psyykkisen terveyden, "
            "turvallisuuden ja riskien näkökulmista",
            "Tuo lääketieteellisen näkökulman kouluyhteisön ilmiöiden käsittelyyn yhteisöllisessä "
            "opiskeluhuoltotyössä",
        ],
    },
    {
        "key": RoleKey.SOCIAL_WORKER,
        "name_fi": "Kuraattori",
        "name_sv": "Kurator",
        "is_staff_role": True,
        "description": (
            "Kuraattori huolehtii koulun oppilaiden ja opiskelijoiden hyvinvoinnin, oppimisen sekä "
            "fyysisen että psykologisen turvallisuuden toteutumisesta yhdessä koulun muiden toimijoiden "
            "kanssa. Kuraattori toimii sosiaalialan asiantuntijana koulun arjessa. Pääpaino on "
            "ennaltaehkäisevässä työssä sekä jo syntyneisiin ilmiöihin tarttumisessa. Kuraattorin "
            "asiantuntijuutta hyödynnetään tarvelähtöisesti ja monipuolisesti luokkatasoisessa työssä. "
            "Hän on mukana sosiaalisten suhteiden ja vuorovaikutustaitojen tukemisessa luokka- ja "
            "ryhmätyöskentelyssä.\n\n"
            "Kuraattori tekee yhteistyötä erilaisten koululle jalkautuvien toimijoiden kanssa. Hän "
            "osallistuu koulun tapahtumiin, huoltajien iltoihin, teemapäiviin, ryhmäytykseen ja "
            "teematuntien pitoon sekä esittelee kuraattoripalveluita oppilaille, opiskelijoille, "
            "huoltajille, henkilöstölle ja yhteistyötahoille. Hän työskentelee oppilas- ja "
            "opiskelijakuntien hallitusten sekä muiden koulun osallisuusryhmien kanssa oppilaiden ja "
            "opiskelijoiden oman äänen kuuluville saamiseksi.\n\n"
            "Kuraattori kuuluu koulunsa yhteisölliseen opiskeluhuoltoryhmään sekä osallistuu "
            "yhteisöllisen opiskeluhuoltotyön kehittämiseen, suunnitteluun, toteutukseen, seuraamiseen "
            "ja arviointiin. Kuraattori kuuluu koulunsa kriisiryhmään sekä osallistuu koulunsa "
            "kriisityön suunnitteluun ja toteutukseen."
        ),
        "responsibilities": [
            "Toimii sosiaalialan asiantuntijana koulun arjessa; pääpaino on ennaltaehkäisevässä työssä "
            "ja syntyneisiin ilmiöihin tarttumisessa",
            "Tukee sosiaalisia suhteita ja vuorovaikutustaitoja luokka- ja ryhmätyöskentelyssä",
            "Arvioi oppilaan tilanteen, jotta hän saa riittävän tuen ja ohjauksen opiskeluun ja "
            "kehitykseen liittyvien vaikeuksien ehkäisemiseksi ja poistamiseksi",
            "Ohjaa tarvittaessa muihin opiskeluhuollon palveluihin tai muun tuen piiriin (esim. "
            "perheneuvola, perhetyö)",
            "Osallistuu koulun tapahtumiin, huoltajien iltoihin, teemapäiviin ja ryhmäytykseen sekä "
            "esittelee kuraattoripalveluita",
            "Kuuluu koulun yhteisölliseen opiskeluhuoltoryhmään ja kriisiryhmään",
        ],
    },
    {
        "key": RoleKey.PSYCHOLOGIST,
        "name_fi": "Psykologi",
        "name_sv": "Skolpsykolog",
        "is_staff_role": True,
        "description": (
            "Psykologi huolehtii koulun oppilaiden ja opiskelijoiden hyvinvoinnin, oppimisen sekä "
            "fyysisen että psykologisen turvallisuuden toteutumisesta yhdessä koulun muiden toimijoiden "
            "kanssa. Psykologin keskeinen tehtävä on psykologisen asiantuntijuuden tuominen "
            "kouluyhteisöön. Tärkeää on matalan kynnyksen konsultatiivisen tuen tarjoaminen erityisesti "
            "psyykkisen hyvinvoinnin, oppimisen sekä kasvun ja kehityksen tukemisen kysymyksissä.\n\n"
            "Pääpaino on ennaltaehkäisevässä työssä sekä varhaisessa tarttumisessa jo syntyneisiin "
            "ilmiöihin. Työtapoja konsultaation lisäksi ovat muun muassa tarpeenmukaiset luokka- tai "
            "ryhmätason työskentelyt sekä psykoedukatiivisten sisältöjen tuominen oppitunneille, "
            "teemapäiviin, huoltajien iltoihin ja opettajien kokouksiin. Psykologi tekee yhteistyötä "
            "erilaisten koululle jalkautuvien toimijoiden kanssa. Hän työskentelee oppilas- ja "
            "opiskelijakuntien hallitusten sekä muiden koulun osallisuusryhmien kanssa oppilaiden ja "
            "opiskelijoiden oman äänen kuuluville saamiseksi.\n\n"
            "Psykologi kuuluu koulunsa yhteisölliseen opiskeluhuoltoryhmään sekä osallistuu "
            "yhteisöllisen opiskeluhuoltotyön kehittämiseen, suunnitteluun, toteutukseen, seuraamiseen "
            "ja arviointiin. Psykologi kuuluu koulunsa kriisiryhmään sekä osallistuu koulunsa kriisityön "
            "suunnitteluun ja toteutukseen."
        ),
        "responsibilities": [
            "Tuo psykologista asiantuntijuutta kouluyhteisöön ja tarjoaa matalan kynnyksen "
            "konsultaatiota psyykkisen hyvinvoinnin, oppimisen sekä kasvun ja kehityksen kysymyksissä",
            "Arvioi oppilaan tilanteen, jotta hän saa riittävän tuen ja ohjauksen opiskeluun ja "
            "kehitykseen liittyvien vaikeuksien ehkäisemiseksi ja poistamiseksi",
            "Ohjaa tarvittaessa muihin opiskeluhuollon palveluihin tai muun tuen piiriin (esim. "
            "nuorisopsykiatrian poliklinikka, neuropsykologinen kuntoutus)",
            "Tekee tarpeen mukaan luokka- ja ryhmätason työtä ja tuo psykoedukatiivisia sisältöjä "
            "oppitunneille, teemapäiviin, huoltajien iltoihin ja opettajien kokouksiin",
            "Kuuluu koulun yhteisölliseen opiskeluhuoltoryhmään ja kriisiryhmään",
        ],
    },
    {
        "key": RoleKey.YOUTH_WORK,
        "name_fi": "Nuorisotyö",
        "name_sv": "Ungdomsarbete",
        "is_staff_role": True,
        "description": (
            "Nuorisotyön tavoitteena on tarjota koulussa nuorille kiireetön aikuinen, jolla on aikaa "
            "kohdata, kuunnella ja kannustaa oppilaita. Nuorisotyö koulussa on nuoren kokonaisvaltaista "
            "kohtaamista nuoren ehdoilla.\n\n"
            "Nuorisotyötä tehdään kouluilla kahdella tasolla. Osalla yläkouluista on omat "
            "koulunuorisotyöntekijät, joiden koko työaika on koulun nuorten käytettävissä. "
            "Koulunuorisotyöntekijä tekee yhteistyötä opettajien, opiskeluhuollon ja muun henkilöstön "
            "kanssa ja kuuluu koulunsa yhteisölliseen opiskeluhuoltoryhmään. Alueen nuorisonohjaaja tai "
            "etsivä nuorisotyöntekijä käy säännöllisesti koululla tai oppilaitoksessa esimerkiksi "
            "välituntitoiminnoissa tai erillisissä ryhmäytyksissä. Säännöllinen toiminta lähikouluilla "
            "sekä yhteisölliseen opiskeluhuoltoryhmään kuuluminen sisältyvät myös alueellisen "
            "nuorisotyön toimenkuvaan.\n\n"
            "Kaikilla lapsilla ja nuorilla tulisi olla mahdollisuus osallistua kouluilla ja vapaa-ajalla "
            "järjestettävään alueelliseen nuorisotyöhön. Nuorisotyöntekijä mahdollistaa sujuvan "
            "yhteistyön nuorisotyön (vapaa-ajantoiminnan) ja koulumaailman välillä. Nuorisotyö on "
            "nuorten asioita koskevaa vaikuttamistyötä ja nuorten etujen valvomista, ja yhteisöllisissä "
            "opiskeluhuoltoryhmissä nuorisotyö tuo näitä asioita esille.\n\n"
            "Nuorisotyöntekijät tekevät myös tehostettua nuorisotyötä: aikuisen läsnäolon ja "
            "saavutettavuuden vahvistamista nuorta koskevissa kriisitilanteissa ja niiden jälkeen. "
            "Tehostettua nuorisotyötä tehdään kouluympäristössä tarvittaessa."
        ),
        "responsibilities": [
            "Tarjoaa koulussa kiireettömän aikuisen, joka kohtaa, kuuntelee ja kannustaa nuoria heidän "
            "ehdoillaan",
            "Koulunuorisotyöntekijä tekee yhteistyötä opettajien, opiskeluhuollon ja muun henkilöstön "
            "kanssa ja kuuluu yhteisölliseen opiskeluhuoltoryhmään",
            "Alueen nuorisonohjaaja tai etsivä nuorisotyöntekijä käy säännöllisesti koululla, esim. "
            "välituntitoiminnassa ja ryhmäytyksissä",
            "Rakentaa yhteyttä vapaa-ajan nuorisotyön ja koulun välille ja tuo nuorten asioita ja etuja "
            "esille opiskeluhuoltoryhmässä",
            "Tekee tarvittaessa tehostettua nuorisotyötä nuorta koskevissa kriisitilanteissa ja niiden "
            "jälkeen",
        ],
    },
    {
        "key": RoleKey.OTHER,
        "name_fi": "Muu toimija",
        "name_sv": "Annan aktör",
        "is_staff_role": True,
        "description": (
            "Muu toimija on koulun yhteisölliseen opiskeluhuoltotyöhön osallistuva henkilö, jonka "
            "tehtävä ei sisälly muihin rooleihin, esimerkiksi koulunkäynninohjaaja, koulukoutsi tai "
            "koulun yhteistyökumppanin edustaja. Hän tuo arjen havaintonsa opettajien ja opiskeluhuollon "
            "käyttöön.\n\n"
            "Muun toimijan käytännön teot sovitaan koulukohtaisesti yhteisöllisessä "
            "opiskeluhuoltoryhmässä ja kirjataan roolit-työkaluun lukuvuosittain."
        ),
        "responsibilities": [
            "Osallistuu pyydettäessä opiskeluhuoltoryhmän kokoukseen",
            "Kertoo havainnoistaan opettajalle",
            "Tekee yhteistyötä opettajien ja sovittaessa huoltajien kanssa",
            "Osallistuu tarvittaessa opiskeluhuollollisiin tapaamisiin",
        ],
    },
]

# The headings under which a school's practical acts are written (seed 000's example school).
STANDARD_SECTIONS: list[dict] = [
    {"name_fi": "Yhteisöllisessä opiskeluhuoltoryhmässä", "name_sv": "I den gemensamma elevhälsogruppen"},
    {"name_fi": "Yhteisöllisessä opiskeluhuoltotyössä", "name_sv": "I det gemensamma elevhälsoarbetet"},
]
