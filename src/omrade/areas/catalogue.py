"""The standard indicator catalogue: data only, no database.

Norwegian indicators follow the living-conditions index (levekårsindeks) that Oslo, Bergen and
Stavanger use for levekårssoner and grunnkretser, plus four indicators that the state's
områdesatsing network commonly adds. Danish indicators are the criteria of the yearly list of
udsatte boligområder and parallelsamfund in almenboligloven § 61 a.

Definitions are written in bokmål because the catalogue's definition fields are bokmål; the
names come in all three languages. Sources name the register or statistic, not table numbers:
the tables behind small-area figures are usually special orders from SSB or Danmarks Statistik.
`note_nb` holds the legal threshold (Danish criteria) or a caveat about the definition.
"""

from __future__ import annotations

from dataclasses import dataclass

UNITS = ("percent", "per-1000", "count")
DIRECTIONS = ("higher-is-worse", "lower-is-worse")
COUNTRIES = ("NO", "DK")


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_nb: str
    name_da: str
    name_en: str
    unit: str
    direction: str
    source: str
    numerator_nb: str
    denominator_nb: str
    min_count: int = 5
    country: str = "NO"
    note_nb: str = ""
    use_in_index: bool = True  # False: shown and mapped, but left out of a default index


_NORWEGIAN: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        code="social-assistance",
        name_nb="Sosialhjelpsmottakere 20–66 år",
        name_da="Modtagere af økonomisk sosialhjelp (Norge) 20–66 år",
        name_en="Social assistance recipients aged 20–66",
        unit="percent",
        direction="higher-is-worse",
        source="SSB: sosialhjelpsstatistikken (data fra NAV-kontorene)",
        numerator_nb=(
            "Personer 20–66 år som har mottatt økonomisk sosialhjelp som stønadsmottaker "
            "i løpet av året (ektefelle/samboer telles ikke som egen mottaker)."
        ),
        denominator_nb="Bosatte 20–66 år i området per 1. januar i statistikkåret.",
    ),
    IndicatorSpec(
        code="disability-benefit",
        name_nb="Uføretrygdede 18–66 år",
        name_da="Modtagere af uføretrygd (Norge) 18–66 år",
        name_en="Disability benefit recipients aged 18–66",
        unit="percent",
        direction="higher-is-worse",
        source="NAV: statistikk om uføretrygd; områdetall fra SSB (FD-Trygd)",
        numerator_nb=(
            "Personer 18–66 år som mottar uføretrygd (hel eller gradert) per 31. desember."
        ),
        denominator_nb="Bosatte 18–66 år i området per 31. desember.",
    ),
    IndicatorSpec(
        code="unemployment",
        name_nb="Registrerte arbeidsledige 16–66 år",
        name_da="Registrerede ledige 16–66 år",
        name_en="Registered unemployed aged 16–66",
        unit="percent",
        direction="higher-is-worse",
        source="NAV: statistikk over registrerte helt ledige",
        numerator_nb=(
            "Personer 16–66 år registrert som helt ledige hos NAV, gjennomsnitt av "
            "månedstallene for året."
        ),
        denominator_nb="Bosatte 16–66 år i området per 1. januar i statistikkåret.",
        note_nb=(
            "Andel av befolkningen, ikke av arbeidsstyrken, fordi arbeidsstyrken ikke er kjent "
            "for små områder. Tallet blir derfor lavere enn NAVs ledighetsprosent."
        ),
    ),
    IndicatorSpec(
        code="low-education",
        name_nb="Grunnskole som høyeste utdanning, 30–59 år",
        name_da="Grundskole som højeste uddannelse, 30–59 år",
        name_en="Primary and lower secondary school as highest education, aged 30–59",
        unit="percent",
        direction="higher-is-worse",
        source="SSB: befolkningens utdanningsnivå (Nasjonal utdanningsdatabase)",
        numerator_nb=(
            "Bosatte 30–59 år med grunnskole eller ingen fullført utdanning som høyeste "
            "fullførte utdanning per 1. oktober."
        ),
        denominator_nb=(
            "Bosatte 30–59 år i området per 1. oktober med kjent utdanningsnivå; personer med "
            "uoppgitt utdanning holdes utenfor."
        ),
        note_nb=(
            "Uoppgitt utdanning gjelder særlig innvandrere med utdanning fra utlandet; der "
            "mange har uoppgitt utdanning, er tallet usikkert."
        ),
    ),
    IndicatorSpec(
        code="transitional-benefit",
        name_nb="Enslige forsørgere med overgangsstønad",
        name_da="Enlige forsørgere med overgangsstøtte (norsk overgangsstønad)",
        name_en="Single parents receiving transitional benefit",
        unit="percent",
        direction="higher-is-worse",
        source="NAV: statistikk om enslige forsørgere; områdetall fra SSB (FD-Trygd)",
        numerator_nb=(
            "Enslige mødre og fedre som mottar overgangsstønad fra folketrygden per 31. desember."
        ),
        denominator_nb="Familier med barn under 18 år i området per 1. januar året etter.",
        note_nb=(
            "Levekårsundersøkelsene har brukt ulike nevnere; denne bruker familier med barn. "
            "Bruk samme nevner i alle år som sammenlignes."
        ),
    ),
    IndicatorSpec(
        code="mortality",
        name_nb="Dødelighet 0–74 år, aldersstandardisert",
        name_da="Dødelighed 0–74 år, aldersstandardiseret",
        name_en="Mortality aged 0–74, age-standardised",
        unit="per-1000",
        direction="higher-is-worse",
        source="SSB: dødsfallsstatistikken (Folkeregisteret)",
        numerator_nb=(
            "Dødsfall blant bosatte 0–74 år i området i en femårsperiode, vektet etter "
            "kommunens aldersfordeling (direkte standardisering i femårs aldersgrupper)."
        ),
        denominator_nb=("Personår for bosatte 0–74 år i området i den samme femårsperioden."),
        note_nb=(
            "Femårsperioder fordi dødsfall er sjeldne i små områder; minste antall gjelder "
            "antall dødsfall i perioden."
        ),
    ),
    IndicatorSpec(
        code="persistent-low-income-children",
        name_nb="Barn i husholdninger med vedvarende lavinntekt (EU60)",
        name_da="Børn i husstande med vedvarende lavindkomst (EU60)",
        name_en="Children in households with persistent low income (EU60)",
        unit="percent",
        direction="higher-is-worse",
        source="SSB: inntekts- og formuesstatistikk for husholdninger (vedvarende lavinntekt)",
        numerator_nb=(
            "Barn under 18 år i husholdninger der inntekt etter skatt per forbruksenhet "
            "(EU-skala), i gjennomsnitt over en treårsperiode, er under 60 prosent av "
            "medianinntekten for hele landet."
        ),
        denominator_nb=(
            "Alle barn under 18 år i privathusholdninger i området ved treårsperiodens slutt."
        ),
    ),
    IndicatorSpec(
        code="crowded-housing",
        name_nb="Personer i trangbodde husholdninger",
        name_da="Personer i trangboede husstande",
        name_en="People in overcrowded households",
        unit="percent",
        direction="higher-is-worse",
        source="SSB: boforhold, registerbasert",
        numerator_nb=(
            "Personer i husholdninger som er trangbodde etter SSBs registerbaserte "
            "definisjon: færre rom enn personer (eller én person på ett rom), og under 25 m² "
            "p-areal per person. Mangler opplysning om rom eller areal, holder det at det "
            "andre vilkåret er oppfylt."
        ),
        denominator_nb="Alle personer i privathusholdninger i området.",
    ),
    IndicatorSpec(
        code="upper-secondary-not-completed",
        name_nb="Ikke fullført videregående opplæring innen fem år",
        name_da="Ikke gennemført ungdomsuddannelse (norsk videregående) inden for fem år",
        name_en="Upper secondary education not completed within five years",
        unit="percent",
        direction="higher-is-worse",
        source="SSB: gjennomføring i videregående opplæring (Nasjonal utdanningsdatabase)",
        numerator_nb=(
            "Elever som begynte på Vg1 for første gang et gitt skoleår og som fem år etter "
            "ikke har oppnådd studie- eller yrkeskompetanse."
        ),
        denominator_nb=(
            "Alle elever som begynte på Vg1 for første gang samme skoleår, etter bosted da de "
            "begynte."
        ),
    ),
    IndicatorSpec(
        code="not-employed-30-59",
        name_nb="Ikke sysselsatte 30–59 år",
        name_da="Ikke-beskæftigede 30–59 år",
        name_en="Not in employment, aged 30–59",
        unit="percent",
        direction="higher-is-worse",
        source="SSB: registerbasert sysselsettingsstatistikk (a-ordningen)",
        numerator_nb=(
            "Bosatte 30–59 år som ikke er registrert som sysselsatte (lønnstakere eller "
            "selvstendig næringsdrivende) i 4. kvartal."
        ),
        denominator_nb="Bosatte 30–59 år i området i 4. kvartal.",
    ),
)

_DK_LIST_SOURCE = (
    "Social- og Boligministeriet: listen over udsatte boligområder (almenboligloven § 61 a), "
    "beregnet af Danmarks Statistik"
)

_DANISH: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        code="dk-outside-labour-market-education",
        name_nb="Uten tilknytning til arbeidsmarkedet eller utdanning, 18–64 år",
        name_da="Uden tilknytning til arbejdsmarkedet eller uddannelse, 18–64 år",
        name_en="Outside the labour market and education, aged 18–64",
        unit="percent",
        direction="higher-is-worse",
        source=_DK_LIST_SOURCE,
        numerator_nb=(
            "Beboere 18–64 år uten tilknytning til arbeidsmarkedet eller utdanning, "
            "gjennomsnitt over de to siste årene."
        ),
        denominator_nb="Alle beboere 18–64 år i boligområdet, gjennomsnitt over de samme årene.",
        country="DK",
        note_nb="Kriterium i § 61 a: andelen er over 40 prosent.",
    ),
    IndicatorSpec(
        code="dk-convicted",
        name_nb="Domfelte for brudd på straffeloven, våpenloven eller narkotikaloven",
        name_da=(
            "Dømte for overtrædelse af straffeloven, våbenloven eller lov om euforiserende stoffer"
        ),
        name_en=(
            "Convicted under the Criminal Code, the Weapons Act or the Euphoriant Substances Act"
        ),
        unit="percent",
        direction="higher-is-worse",
        source=_DK_LIST_SOURCE,
        numerator_nb=(
            "Beboere som er dømt for brudd på straffeloven, våpenloven eller loven om "
            "euforiserende stoffer, gjennomsnitt over de to siste årene."
        ),
        denominator_nb=(
            "Alle beboere 18 år og eldre i boligområdet, gjennomsnitt over de samme årene."
        ),
        country="DK",
        note_nb=(
            "Kriterium i § 61 a: andelen er minst tre ganger landsgjennomsnittet. Dagens "
            "lovtekst nevner ingen alder; tidligere lovtekst regnet av beboere 18 år og eldre."
        ),
    ),
    IndicatorSpec(
        code="dk-basic-education-only",
        name_nb="Bare grunnskole, 30–59 år",
        name_da="Alene grunduddannelse, 30–59 år",
        name_en="Basic schooling only, aged 30–59",
        unit="percent",
        direction="higher-is-worse",
        source=_DK_LIST_SOURCE,
        numerator_nb="Beboere 30–59 år som bare har en grunnutdanning (grundskole).",
        denominator_nb="Alle beboere 30–59 år i boligområdet.",
        country="DK",
        note_nb="Kriterium i § 61 a: andelen er over 60 prosent av alle beboere i aldersgruppen.",
    ),
    IndicatorSpec(
        code="dk-gross-income",
        name_nb="Gjennomsnittlig bruttoinntekt 15–64 år i prosent av regionens",
        name_da="Gennemsnitlig bruttoindkomst 15–64 år i procent af regionens",
        name_en="Average gross income aged 15–64 as a percentage of the regional average",
        unit="percent",
        direction="lower-is-worse",
        source=_DK_LIST_SOURCE,
        numerator_nb=(
            "Gjennomsnittlig bruttoinntekt for skattepliktige beboere 15–64 år i boligområdet, "
            "uten personer under utdanning."
        ),
        denominator_nb=(
            "Gjennomsnittlig bruttoinntekt for den samme gruppen i hele regionen. Verdien er "
            "telleren i prosent av nevneren."
        ),
        country="DK",
        note_nb=(
            "Kriterium i § 61 a: under 55 prosent av regionens gjennomsnitt. Minste antall "
            "gjelder antall skattepliktige bak gjennomsnittet."
        ),
    ),
    IndicatorSpec(
        code="dk-non-western-immigrants",
        name_nb="Innvandrere og etterkommere fra ikke-vestlige land",
        name_da="Indvandrere og efterkommere fra ikke-vestlige lande",
        name_en="Immigrants and descendants from non-Western countries",
        unit="percent",
        direction="higher-is-worse",
        source=_DK_LIST_SOURCE,
        numerator_nb="Innvandrere og etterkommere fra ikke-vestlige land bosatt i boligområdet.",
        denominator_nb="Alle beboere i boligområdet.",
        country="DK",
        note_nb=(
            "Kriterium i § 61 a, stk. 2: over 50 prosent gjør et udsat boligområde til et "
            "parallelsamfund. «Høyere er verre» gjelder bare lovens kriterium; dette er ikke et "
            "mål på levekår og bør ikke inngå i en levekårsindeks."
        ),
        use_in_index=False,
    ),
    IndicatorSpec(
        code="dk-residents",
        name_nb="Beboere i boligområdet",
        name_da="Beboere i boligområdet",
        name_en="Residents of the housing area",
        unit="count",
        direction="higher-is-worse",
        source=_DK_LIST_SOURCE,
        numerator_nb="Alle beboere i boligområdet per 1. januar.",
        denominator_nb="Ingen nevner: verdien er et antall personer.",
        country="DK",
        note_nb=(
            "Vilkår i § 61 a: bare boligområder med minst 1000 beboere kan være udsatte "
            "boligområder. Antall personer, ikke et mål på levekår."
        ),
        use_in_index=False,
    ),
    IndicatorSpec(
        code="dk-convicted-national",
        name_nb="Domfelte, landsgjennomsnitt",
        name_da="Dømte, landsgennemsnit",
        name_en="Convicted, national average",
        unit="percent",
        direction="higher-is-worse",
        source=_DK_LIST_SOURCE,
        numerator_nb=(
            "Personer i hele Danmark som er dømt for brudd på straffeloven, våpenloven eller "
            "loven om euforiserende stoffer, gjennomsnitt over de to siste årene."
        ),
        denominator_nb="Alle innbyggere i Danmark, gjennomsnitt over de samme årene.",
        country="DK",
        note_nb=(
            "Referanseverdi for kriteriet om domfelte i § 61 a (minst tre ganger "
            "landsgjennomsnittet). Registreres på kommunen (nivå 0) for hvert år."
        ),
        use_in_index=False,
    ),
)

STANDARD_INDICATORS: tuple[IndicatorSpec, ...] = _NORWEGIAN + _DANISH
