"""The Swedish texts of the 12 standard roles (`standard_catalog.STANDARD_ROLES`), for Swedish-language
schools: each role's description and its key responsibilities, line by line in the order of the
Finnish ones (as many lines). Written from the Finnish texts in Finland-Swedish school and
student-welfare terms (elevhälsa, vårdnadshavare, kurator, skolpsykolog, hälsovårdare).
"""

from .models import RoleKey

STANDARD_ROLES_SV: dict[str, dict] = {
    RoleKey.PUPIL: {
        "description": (
            "Varje elev och studerande har möjlighet att på ett lättillgängligt sätt påverka och delta i "
            "det gemensamma elevhälsoarbetet. Eleverna och de studerande bidrar med värdefull kunskap "
            "till elevhälsoarbetet och elevhälsogruppen, eftersom deras erfarenheter skiljer sig från "
            "de vuxnas. Det är skolans vuxna som ansvarar för att informera om hur och vad de kan "
            "påverka.\n\n"
            "Eleverna och de studerande är självskrivna, permanenta medlemmar i elevhälsogruppen och "
            "deltar i att planera, genomföra, utvärdera och utveckla elevhälsan. Att delta i "
            "elevhälsogruppens möten ger eleverna och de studerande en möjlighet att påverka och lära "
            "sig.\n\n"
            "Ett tillräckligt antal elever och studerande bjuds in till elevhälsogruppen. Medlemskapet "
            "kan vara representativt, så att till exempel elevkåren eller studerandekåren utser sina "
            "representanter till gruppen. Om gruppen behandlar ett tema som gäller mobbning kan "
            "stödelever, medlareelever (verso) eller tutorstuderande bjudas in till mötet; gäller det "
            "rasterna, rastaktivitetsledarna."
        ),
        "responsibilities": [
            "Deltar i den gemensamma elevhälsogruppens arbete som permanent medlem, ofta som "
            "representant utsedd av elev- eller studerandekåren",
            "För in elevernas och de studerandes egna erfarenheter och synpunkter i gruppen",
            "Deltar i att planera, genomföra, utvärdera och utveckla elevhälsan",
            "Deltar enligt det tema som behandlas som representant för en delaktighetsgrupp (t.ex. "
            "stödelever, medlareelever, tutorstuderande, rastaktivitetsledare)",
            "Planerar och genomför i delaktighetsgrupperna till exempel gruppbildande aktiviteter "
            "tillsammans med handledande vuxna",
        ],
    },
    RoleKey.GUARDIAN: {
        "description": (
            "Vårdnadshavarnas roll i det gemensamma elevhälsoarbetet är viktig särskilt för att stärka "
            "välbefinnande, hälsa, trygghet och gemenskap. De följer sina barns skolgång ur hemmets "
            "perspektiv och lägger märke till sådant som inte nödvändigtvis syns i skolan. "
            "Vårdnadshavarna känner till sina barns livsmiljö och de utmaningar i den som återspeglas i "
            "skolan. Den kunskapen och de erfarenheterna lönar det sig att ta till vara.\n\n"
            "Representanter för vårdnadshavarna kan bjudas in till elevhälsoarbetet med en öppen "
            "inbjudan till alla vårdnadshavare. Deras delaktighet i elevhälsogruppen kan också vara "
            "representativ och ske genom skolans föräldraförening eller motsvarande. Utöver "
            "elevhälsogruppen är det viktigt att få med vårdnadshavare i verksamhet som stärker "
            "välbefinnandet. Skolans personal ansvarar för att informera om hur och vad de kan påverka."
        ),
        "responsibilities": [
            "Har det primära fostringsansvaret för barnet eller den unga",
            "Kan delta i den gemensamma elevhälsogruppen som representant för vårdnadshavarna, till "
            "exempel via föräldraföreningen",
            "Deltar vid behov när det egna barnets ärenden behandlas inom den individuellt inriktade "
            "elevhälsan (sektorsövergripande expertgrupp)",
            "Deltar i att utreda frågor som gäller barnets skolgång och studier och i att planera "
            "stödåtgärder",
        ],
    },
    RoleKey.TEACHER: {
        "description": (
            "Läraren (klasslärare, ämneslärare, klassföreståndare eller grupphandledare) ansvarar "
            "tillsammans med skolans övriga aktörer för elevernas och de studerandes välbefinnande och "
            "lärande samt för deras fysiska och psykiska trygghet. Läraren ser som en del av "
            "undervisningen till att klassen eller gruppen mår bra och är trygg, följer elevernas och de "
            "studerandes lärande och välbefinnande och iakttar gruppens arbete och förändringar i det. "
            "Läraren är en nyckelperson när det gäller att tidigt upptäcka frånvaro och behov av stöd, "
            "att erbjuda stöd och att bjuda in andra aktörer till samarbete.\n\n"
            "Läraren arbetar förebyggande, med gruppbildning under lektionerna och med emotionella och "
            "sociala färdigheter och trygghetsfärdigheter. Läraren arbetar med elev- och "
            "studerandekårernas styrelser och skolans övriga delaktighetsgrupper för att elevernas och "
            "de studerandes egen röst ska höras.\n\n"
            "Om den gemensamma elevhälsogruppen behandlar det allmänna välbefinnandet i en viss klass "
            "eller grupp kan gruppen kompletteras med klassens eller gruppens lärare. Läraren deltar när "
            "den delaktighetsgrupp hen handleder arbetar i den gemensamma elevhälsogruppen."
        ),
        "responsibilities": [
            "Deltar som sakkunnig i elevhälsogrupperna",
            "Följer elevernas psykiska och fysiska välbefinnande",
            "Iakttar gruppdynamiken",
            "Följer elevernas frånvaro",
            "Håller kontakt med elevernas vårdnadshavare eller kommer överens om kontakten med andra "
            "aktörer inom elevhälsan",
            "Bedömer behovet av stöd och förbereder stödåtgärder tillsammans med specialläraren och "
            "rektorn (i förskoleundervisningen daghemsföreståndaren)",
            "Planerar elevens stöd i samarbete med specialläraren, vårdnadshavarna och andra samarbetsparter",
            "Beslutar om att gå om förskoleundervisningen eller en årskurs tillsammans med rektorn "
            "(daghemsföreståndaren) och specialläraren",
            "Sköter informationsöverföringen i övergångarna mellan utbildningsstadier (möten, blanketter)",
        ],
    },
    RoleKey.PRINCIPAL: {
        "description": (
            "Rektorn ansvarar tillsammans med skolans övriga aktörer för elevernas och de studerandes "
            "välbefinnande och lärande samt för deras fysiska och psykiska trygghet. Rektorn leder "
            "skolans elevhälsoarbete och är ordförande när den gemensamma elevhälsogruppen sammanträder. "
            "Rektorn känner till fenomenen i skolan och ser till att de tas itu med. Rektorn organiserar "
            "verksamheten, skapar förutsättningar för gruppens arbete och fördelar uppgifter mellan "
            "experterna så att ett målinriktat arbete är möjligt. Målet är att möjliggöra, uppmuntra och "
            "lita på aktörerna i den egna skolans gemensamma elevhälsoarbete. Rektorn ansvarar "
            "tillsammans med den gemensamma elevhälsogruppen för att verksamheten utvecklas, planeras, "
            "genomförs, följs upp och utvärderas, och informerar om det gemensamma elevhälsoarbetet.\n\n"
            "Rektorn ser till att elev- och studerandekårernas styrelser och skolans övriga "
            "delaktighetsgrupper fungerar och att elevernas och de studerandes röst blir hörd.\n\n"
            "Rektorn hör till skolans krisgrupp, deltar i att planera och genomföra skolans krisarbete "
            "och leder skolans krisarbete."
        ),
        "responsibilities": [
            "Ansvarar för att leda elevhälsoarbetet och samordna elevhälsogruppens verksamhet eller "
            "förordnar en tjänsteinnehavare för uppgiften",
            "Sammankallar den gemensamma elevhälsogruppen",
            "Ansvarar för att gruppens verksamhetsplan utarbetas och för att verksamheten genomförs, "
            "följs upp och utvärderas",
            "Ser till att elevhälsojournaler och andra elevhälsohandlingar förs in i elevhälsoregistret",
            "Bereder de ärenden som gruppen behandlar eller delegerar beredningen till en person hen "
            "befullmäktigar",
            "Ansvarar för information om de ärenden som gruppen behandlat",
            "Ansvarar för arbetsfördelningen inom gruppen och utser vid behov en ansvarsperson för ärendena",
            "Ser till att skolans planer för säkerhet, kriser, mobbning, rusmedel och elevhälsa är "
            "uppdaterade",
            "Bereder stödåtgärder som kräver ett förvaltningsbeslut (beslut om stöd för lärandet) "
            "tillsammans med läraren eller klassföreståndaren och specialläraren",
            "Beslutar om att gå om en årskurs tillsammans med klassläraren eller klassföreståndaren och "
            "specialläraren",
            "Ordnar elevhälsotjänster för en elev som fått ett disciplinärt straff",
        ],
    },
    RoleKey.SPECIAL_NEEDS_TEACHER: {
        "description": (
            "Specialläraren ansvarar tillsammans med skolans övriga aktörer för elevernas och de "
            "studerandes välbefinnande och lärande samt för deras fysiska och psykiska trygghet. "
            "Specialläraren iakttar aktuella fenomen i skolan och reagerar på dem i samarbete med de "
            "aktörer inom och utanför skolan som behövs.\n\n"
            "Specialläraren kartlägger regelbundet elevernas, de studerandes och gruppens behov av stöd "
            "och strävar efter att vara ett stöd i vardagen för elever, studerande och lärare. "
            "Konsultation är en väsentlig del av speciallärarens arbete. Specialläraren har en "
            "nyckelroll i mötet med elever, studerande och vårdnadshavare.\n\n"
            "Specialläraren arbetar med elev- och studerandekårernas styrelser och skolans övriga "
            "delaktighetsgrupper för att elevernas och de studerandes egen röst ska höras.\n\n"
            "Specialläraren hör till skolans gemensamma elevhälsogrupp och deltar i att utveckla, "
            "planera, genomföra, följa upp och utvärdera det gemensamma elevhälsoarbetet. Hen för in "
            "viktig kunskap om elevernas och de studerandes välbefinnande och utmaningar i gruppen; med "
            "den kunskapen stöds deras välbefinnande och skolanknytning.\n\n"
            "Specialläraren hör till skolans krisgrupp och deltar i att planera och genomföra skolans "
            "krisarbete."
        ),
        "responsibilities": [
            "Deltar vid behov i elevhälsogruppernas verksamhet",
            "Bereder ärenden som ska behandlas i elevhälsogruppen",
            "Kartlägger elevens situation i mångprofessionellt samarbete",
            "Är pedagogisk sakkunnig i specialundervisning och utvecklar skolans flexibla "
            "undervisningsarrangemang samt allmänna och vid behov särskilda stödåtgärder",
            "Beslutar om att gå om en årskurs tillsammans med rektorn och klassläraren eller "
            "klassföreståndaren",
            "Bereder stödåtgärder och beslut om stöd för lärandet tillsammans med förskoleläraren, "
            "klass- eller ämnesläraren, klassföreståndaren och rektorn",
            "Deltar i planeringen av elevens stöd och i att upprätta de handlingar som behövs",
            "Deltar i informationsöverföringen i övergången mellan förskoleundervisningen och skolan "
            "(möten, blanketter)",
        ],
    },
    RoleKey.STUDY_COUNSELLOR: {
        "description": (
            "Studiehandledaren ansvarar tillsammans med skolans övriga aktörer för elevernas och de "
            "studerandes välbefinnande och lärande samt för deras fysiska och psykiska trygghet. "
            "Studiehandledaren stärker elevernas och de studerandes delaktighet och har en nyckelroll i "
            "mötet med dem. Hen följer upp och säkerställer att studierna löper och framskrider "
            "tillsammans med skolans övriga aktörer, till exempel lärarna. Studiehandledaren samarbetar "
            "med intressenter som elevhälsogruppen, vårdnadshavarna, aktörer utanför skolan och "
            "samarbetsparter i övergångsskedena.\n\n"
            "Studiehandledaren arbetar med elev- och studerandekårernas styrelser och skolans övriga "
            "delaktighetsgrupper för att elevernas och de studerandes egen röst ska höras.\n\n"
            "Studiehandledaren hör till skolans gemensamma elevhälsogrupp och deltar i att utveckla, "
            "planera, genomföra, följa upp och utvärdera det gemensamma elevhälsoarbetet. Hen för den "
            "information hen får av elever, studerande och lärare vidare till elevhälsogruppen på ett "
            "allmänt plan.\n\n"
            "Studiehandledaren hör till skolans krisgrupp och deltar i att planera och genomföra "
            "skolans krisarbete."
        ),
        "responsibilities": [
            "Deltar som sakkunnig i elevhälsogrupperna: bidrar med synen på att stödja elevens "
            "uppväxt och utveckling, främja studierna och studiefärdigheterna samt karriärplaneringen",
            "Samarbetar med den övriga elevhälsopersonalen när behovet av elevhälsa bedöms och "
            "nödvändiga åtgärder sätts i gång",
            "Deltar i planeringen av stödet för elevens skolgång",
            "Deltar vid behov i planeringen av elevens stöd och i att upprätta de handlingar som behövs",
            "Samarbetar i elevhälsofrågor med vårdnadshavare, klassföreståndare, ämneslärare, "
            "läroanstalter på andra stadiet och andra aktörer, t.ex. arbetsgivare under PRAO",
            "Handleder i ansökan till fortsatta studier, också när eleven blir utan studieplats",
            "Sköter informationen om handledningen",
            "Sköter för sin del informationsöverföringen i övergångarna mellan utbildningsstadier och i "
            "särskilda situationer, t.ex. när eleven byter skola",
        ],
    },
    RoleKey.SCHOOL_NURSE: {
        "description": (
            "Hälsovårdaren ansvarar tillsammans med skolans övriga aktörer för elevernas och de "
            "studerandes välbefinnande och lärande samt för deras fysiska och psykiska trygghet. Hen är "
            "sakkunnig i att främja hälsa och välbefinnande i stort och i barns och ungas uppväxt och "
            "utveckling. Till uppgifterna hör att främja och följa upp studiemiljöns hälsa och "
            "trygghet och gemenskapens välbefinnande.\n\n"
            "Hälsovårdaren hör till skolans gemensamma elevhälsogrupp och deltar i att utveckla, "
            "planera, genomföra, följa upp och utvärdera det gemensamma elevhälsoarbetet. Hen har en "
            "bred bild av elevernas och de studerandes välbefinnande. Att stödja studieförmågan och att "
            "i sektorsövergripande samarbete tidigt upptäcka behov av stöd hör till skol- och "
            "studerandehälsovårdens grunduppgifter. De individuella mötena och hälsoundersökningarna ger "
            "en helhetsbild av gemenskapens situation, och genom den kan fenomen som gäller hela "
            "skolgemenskapens hälsa och välbefinnande lyftas fram.\n\n"
            "Hälsovårdaren främjar skolgemenskapens välbefinnande genom att till exempel delta i "
            "skolans gemensamma verksamhet, evenemang, temadagar och lektioner. Hen arbetar med elev- "
            "och studerandekårernas styrelser och skolans övriga delaktighetsgrupper för att elevernas "
            "och de studerandes egen röst ska höras.\n\n"
            "Hälsovårdaren hör till skolans krisgrupp och deltar i att planera och genomföra skolans "
            "krisarbete."
        ),
        "responsibilities": [
            "Främjar och följer upp studiemiljöns hälsa och trygghet och skolgemenskapens välbefinnande",
            "För in den helhetsbild av gemenskapens situation som hälsoundersökningarna och mötena ger "
            "i den gemensamma elevhälsogruppen på ett allmänt plan",
            "Stöder studieförmågan och upptäcker behov av stöd tidigt i sektorsövergripande samarbete",
            "Deltar i skolans gemensamma verksamhet, evenemang, temadagar och lektioner och arbetar med "
            "delaktighetsgrupperna",
            "Hör till skolans krisgrupp och deltar i att planera och genomföra krisarbetet",
        ],
    },
    RoleKey.DOCTOR: {
        "description": (
            "Skolläkaren är medicinsk sakkunnig i barns och ungas fysiska och psykiska uppväxt och "
            "utveckling och de problem som hör till dem. Vid de omfattande hälsoundersökningarna träffar "
            "skolläkaren alla elever i årskurs 1, 5 och 8 och deras föräldrar samt de studerande i "
            "gymnasiet under det första studieåret. Skolläkaren granskar fenomen i skolgemenskapen och "
            "skolmiljön ur den fysiska och psykiska hälsans, tryggheten och olika riskers perspektiv."
        ),
        "responsibilities": [
            "Är medicinsk sakkunnig i barns och ungas uppväxt och utveckling och de problem som hör till dem",
            "Träffar vid de omfattande hälsoundersökningarna eleverna i årskurs 1, 5 och 8 med "
            "föräldrar samt gymnasiets första års studerande",
            "Granskar fenomen i skolgemenskapen och skolmiljön ur den fysiska och psykiska hälsans, "
            "tryggheten och riskernas perspektiv",
            "Bidrar med det medicinska perspektivet när skolgemenskapens fenomen behandlas i det "
            "gemensamma elevhälsoarbetet",
        ],
    },
    RoleKey.SOCIAL_WORKER: {
        "description": (
            "Kuratorn ansvarar tillsammans med skolans övriga aktörer för elevernas och de "
            "studerandes välbefinnande och lärande samt för deras fysiska och psykiska trygghet. "
            "Kuratorn är sakkunnig inom det sociala området i skolans vardag. Tyngdpunkten ligger på "
            "förebyggande arbete och på att ta itu med fenomen som redan uppstått. Kuratorns sakkunskap "
            "används utgående från behoven och mångsidigt i arbetet på klassnivå. Kuratorn stöder "
            "sociala relationer och samspelsfärdigheter i arbetet med klasser och grupper.\n\n"
            "Kuratorn samarbetar med olika aktörer som kommer ut till skolan. Hen deltar i skolans "
            "evenemang, föräldrakvällar, temadagar, gruppbildning och temalektioner och presenterar "
            "kuratorstjänsterna för elever, studerande, vårdnadshavare, personal och samarbetsparter. "
            "Hen arbetar med elev- och studerandekårernas styrelser och skolans övriga "
            "delaktighetsgrupper för att elevernas och de studerandes egen röst ska höras.\n\n"
            "Kuratorn hör till skolans gemensamma elevhälsogrupp och deltar i att utveckla, planera, "
            "genomföra, följa upp och utvärdera det gemensamma elevhälsoarbetet. Kuratorn hör till "
            "skolans krisgrupp och deltar i att planera och genomföra skolans krisarbete."
        ),
        "responsibilities": [
            "Är sakkunnig inom det sociala området i skolans vardag; tyngdpunkten ligger på "
            "förebyggande arbete och på att ta itu med fenomen som uppstått",
            "Stöder sociala relationer och samspelsfärdigheter i arbetet med klasser och grupper",
            "Bedömer elevens situation så att eleven får tillräckligt stöd och handledning för att "
            "förebygga och avhjälpa svårigheter i studierna och utvecklingen",
            "Hänvisar vid behov till andra elevhälsotjänster eller annat stöd (t.ex. familjerådgivning, "
            "familjearbete)",
            "Deltar i skolans evenemang, föräldrakvällar, temadagar och gruppbildning och presenterar "
            "kuratorstjänsterna",
            "Hör till skolans gemensamma elevhälsogrupp och krisgrupp",
        ],
    },
    RoleKey.PSYCHOLOGIST: {
        "description": (
            "Skolpsykologen ansvarar tillsammans med skolans övriga aktörer för elevernas och de "
            "studerandes välbefinnande och lärande samt för deras fysiska och psykiska trygghet. "
            "Psykologens centrala uppgift är att föra in psykologisk sakkunskap i skolgemenskapen. Det "
            "är viktigt att erbjuda lättillgängligt konsultativt stöd, särskilt i frågor som gäller "
            "psykiskt välbefinnande, lärande och stöd för uppväxt och utveckling.\n\n"
            "Tyngdpunkten ligger på förebyggande arbete och på att tidigt ta itu med fenomen som redan "
            "uppstått. Utöver konsultation arbetar psykologen bland annat med klasser eller grupper "
            "enligt behov och för in psykoedukativt innehåll i lektioner, temadagar, föräldrakvällar "
            "och lärarmöten. Psykologen samarbetar med olika aktörer som kommer ut till skolan. Hen "
            "arbetar med elev- och studerandekårernas styrelser och skolans övriga delaktighetsgrupper "
            "för att elevernas och de studerandes egen röst ska höras.\n\n"
            "Psykologen hör till skolans gemensamma elevhälsogrupp och deltar i att utveckla, planera, "
            "genomföra, följa upp och utvärdera det gemensamma elevhälsoarbetet. Psykologen hör till "
            "skolans krisgrupp och deltar i att planera och genomföra skolans krisarbete."
        ),
        "responsibilities": [
            "För in psykologisk sakkunskap i skolgemenskapen och erbjuder lättillgänglig konsultation "
            "i frågor om psykiskt välbefinnande, lärande samt uppväxt och utveckling",
            "Bedömer elevens situation så att eleven får tillräckligt stöd och handledning för att "
            "förebygga och avhjälpa svårigheter i studierna och utvecklingen",
            "Hänvisar vid behov till andra elevhälsotjänster eller annat stöd (t.ex. "
            "ungdomspsykiatrisk poliklinik, neuropsykologisk rehabilitering)",
            "Arbetar vid behov med klasser och grupper och för in psykoedukativt innehåll i lektioner, "
            "temadagar, föräldrakvällar och lärarmöten",
            "Hör till skolans gemensamma elevhälsogrupp och krisgrupp",
        ],
    },
    RoleKey.YOUTH_WORK: {
        "description": (
            "Ungdomsarbetet i skolan har som mål att erbjuda de unga en vuxen som inte har bråttom, som "
            "har tid att möta, lyssna på och uppmuntra eleverna. Ungdomsarbete i skolan är att möta den "
            "unga som en helhet, på den ungas villkor.\n\n"
            "Ungdomsarbete görs i skolorna på två nivåer. En del högstadieskolor har egna "
            "skolungdomsarbetare, vars hela arbetstid står till de ungas förfogande. "
            "Skolungdomsarbetaren samarbetar med lärarna, elevhälsan och den övriga personalen och hör "
            "till skolans gemensamma elevhälsogrupp. Områdets ungdomsledare eller uppsökande "
            "ungdomsarbetare besöker regelbundet skolan eller läroanstalten, till exempel i "
            "rastverksamheten eller vid särskilda gruppbildningstillfällen. Regelbunden verksamhet i "
            "närskolorna och medlemskap i den gemensamma elevhälsogruppen ingår också i det regionala "
            "ungdomsarbetets uppgifter.\n\n"
            "Alla barn och unga borde ha möjlighet att delta i det regionala ungdomsarbete som ordnas i "
            "skolorna och på fritiden. Ungdomsarbetaren möjliggör ett smidigt samarbete mellan "
            "ungdomsarbetet (fritidsverksamheten) och skolvärlden. Ungdomsarbetet är "
            "påverkansarbete i frågor som gäller de unga och bevakning av de ungas intressen, och i de "
            "gemensamma elevhälsogrupperna lyfter ungdomsarbetet fram dessa frågor.\n\n"
            "Ungdomsarbetarna gör också intensifierat ungdomsarbete: de stärker den vuxnas närvaro och "
            "tillgänglighet i krissituationer som berör unga och efter dem. Intensifierat "
            "ungdomsarbete görs vid behov i skolmiljön."
        ),
        "responsibilities": [
            "Erbjuder i skolan en vuxen som inte har bråttom, som möter, lyssnar på och uppmuntrar de "
            "unga på deras villkor",
            "Skolungdomsarbetaren samarbetar med lärarna, elevhälsan och den övriga personalen och hör "
            "till den gemensamma elevhälsogruppen",
            "Områdets ungdomsledare eller uppsökande ungdomsarbetare besöker skolan regelbundet, t.ex. "
            "i rastverksamheten och vid gruppbildning",
            "Bygger kontakt mellan fritidens ungdomsarbete och skolan och lyfter fram de ungas frågor "
            "och intressen i elevhälsogruppen",
            "Gör vid behov intensifierat ungdomsarbete i krissituationer som berör unga och efter dem",
        ],
    },
    RoleKey.OTHER: {
        "description": (
            "Annan aktör är en person som deltar i skolans gemensamma elevhälsoarbete och vars uppgift "
            "inte ingår i de andra rollerna, till exempel en skolgångshandledare, en skolcoach eller en "
            "representant för en av skolans samarbetsparter. Hen ställer sina iakttagelser från "
            "vardagen till lärarnas och elevhälsans förfogande.\n\n"
            "Den andra aktörens praktiska insatser kommer man överens om skolvis i den gemensamma "
            "elevhälsogruppen, och de skrivs in i rollverktyget för varje läsår."
        ),
        "responsibilities": [
            "Deltar på begäran i elevhälsogruppens möte",
            "Berättar om sina iakttagelser för läraren",
            "Samarbetar med lärarna och, när man så kommit överens, med vårdnadshavarna",
            "Deltar vid behov i möten som gäller elevhälsan",
        ],
    },
}
