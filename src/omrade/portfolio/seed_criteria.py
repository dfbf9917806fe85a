"""Fredrikstad's prioritisation criteria (prioriteringskriterier), verbatim from seed 001.

The seed's slides "Prioriteringer (forslag)" and "Prioriteringskriterier prosjekter og
aktiviteter" list criteria "fra innsatsområdene i Kommunedelplan for folkehelse og levekår
2023-2030" — general ones and one group per sub-programme — against the columns "Prosjekt A",
"Prosjekt B", "Prosjekt C", "Prosjekt 4" and "Aktivitet 1", marked with x.

The texts are the municipality's words and are kept exactly as written, typos included
("å ta å ta", "innsett", "vaker utgjennoms", "ferbruk", "innbyggemedvirkning",
"bormiljø", "skoleprester", "fridagstid", "syssetting"). Two deliberate departures:

- The seed's group heading "Syssetting" is named after the sub-programme, "Sysselsetting",
  so the group ties to it; the criterion text "økt syssetting" stays as written.
- The "Generelt" table ends with a row of marks (Prosjekt A, B and C) without any text. A
  criterion without text cannot be scored, so it is left out; its marks are kept in
  `UNLABELLED_GENERAL_MARKS` for whoever wants to see them.

The seed's group heading "Bo- og nærmiljø" is kept as the group's name; the group belongs to
the sub-programme the programme calls "Bo og nærmiljø".
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from omrade.portfolio.models import CriteriaSet, Criterion, Measure
from omrade.portfolio.services.criteria import (
    CriterionSpec,
    GroupSpec,
    SaveReport,
    ScoreEntry,
    scores_save,
)
from omrade.tenancy.selectors import AnyUser

FREDRIKSTAD_SOURCE = "Kommunedelplan for folkehelse og levekår 2023-2030"
FREDRIKSTAD_SET_NAME = "Prioriteringskriterier prosjekter og aktiviteter"
SEED_COLUMNS = ("Prosjekt A", "Prosjekt B", "Prosjekt C", "Prosjekt 4", "Aktivitet 1")
UNLABELLED_GENERAL_MARKS = ("Prosjekt A", "Prosjekt B", "Prosjekt C")

A, B, C, ACTIVITY = "Prosjekt A", "Prosjekt B", "Prosjekt C", "Aktivitet 1"

_GENERAL: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Styrker befolkningens forutsetninger og mulighet for å ta å ta eierskap over eget liv.",
        (A,),
    ),
    ("Planlegger tjenester og tilbud basert på innbyggernes behov.", (B,)),
    ("Tilrettelegger for likeverdig tilgang til tjenester og tilbud.", (A, C)),
)
_HOUSING: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Øker stabilitet og reduserer flyttestaten for husstander med ustabile boforhold.",
        (A, C),
    ),
    ("Samordner kommunens virkemidler på bolig, oppvekst- og arbeidsområdet", (A,)),
    ("Legger til rette for at flere skal bo i gode boliger, i et godt bormiljø", (A, C)),
    (
        "Styrker innbyggernes levekår ved å prøve ut nye virkemidler og samarbeidsformer",
        (A, B, C),
    ),
    ("Styrker hensynet til sosial bærekraft i arealplanleggingen", (A,)),
    (
        "Etablerer, vedlikeholder og tilgjengeliggjør sosiale møteplasser, lekeplasser, "
        "nærmiljøparker og -anlegg, for alle.",
        (A, B, C),
    ),
    ("Etablerer nye og bevarer eksisterende grøntområder og friarealer.", ()),
    ("Sikrer at bormiljøer gir mulighet til deltakelse og aktivitet", ()),
    ("Tilrettelegger for ferbruk av kommunale bygg og uterom", (A, C)),
    ("Styrker kulturarenaenes rolle som møteplasser.", (A, C)),
    ("Sikrer innbyggemedvirkning i kommunale prosesser.", (A, B, C)),
)
_CHILDHOOD: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Planfører tidlig innsett for barn og unge", (A, C)),
    ("Samordner arbeidet med den tidlige innsett.", ()),
    ("Bidrar familier til å realisere og mobilisere egne ressurser.", (A, C)),
    ("Tilrettelegger for et samarbeidstilbud som vaker utgjennoms.", (A,)),
    ("Øker stabilitet og reduserer flyttestaten for husstander med ustabile boforhold", ()),
    ("Legger til rette for trivsel, læring og mening i skolen.", (A, C)),
    (
        "Legger til rette for like muligheter til å utvikle ferdigheter og gode skoleprester.",
        (A, C),
    ),
    ("Sikrer at alle barn skal ha mulighet til å delta i engasjert fridagstid.", ()),
)
_EMPLOYMENT: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Styrker arbeidsinkludering gjennom samarbeidet mellom NAV, arbeidsgivere og "
        "helsetjenesten.",
        (B,),
    ),
    (
        "Bidrar til økt samhandling mellom lokalt næringsliv og skole på alle nivåer "
        "(ungdomsskole, videregående opplæring, høyskole og fagskole).",
        (B,),
    ),
    (
        "Tilrettelegger for etter- og videreutdanning, gjennom dialog og samhandling mellom "
        "utdanningsinstitusjonene.",
        (B,),
    ),
    (
        "Prioriterer arbeidsplassutvikling og økt syssetting Samordner kommunens virkemidler "
        "på bolig- og arbeidsområdet.",
        (ACTIVITY,),
    ),
)


def _group(
    name: str, sub_programme: str | None, rows: tuple[tuple[str, tuple[str, ...]], ...]
) -> GroupSpec:
    return GroupSpec(
        name=name,
        sub_programme=sub_programme,
        criteria=tuple(CriterionSpec(text=text, marks=marks) for text, marks in rows),
    )


def fredrikstad_criteria() -> tuple[GroupSpec, ...]:
    """The seed's groups and criteria in the table's order (x-mark scale, weight 1 each), with
    the x marks of the seed's columns (`SEED_COLUMNS`). Sub-programme names are those of
    Fredrikstad's programme: "Bo og nærmiljø", "Oppvekst og utdanning", "Sysselsetting"."""
    return (
        _group("Generelt", None, _GENERAL),
        _group("Bo- og nærmiljø", "Bo og nærmiljø", _HOUSING),
        _group("Oppvekst og utdanning", "Oppvekst og utdanning", _CHILDHOOD),
        _group("Sysselsetting", "Sysselsetting", _EMPLOYMENT),
    )


@transaction.atomic
def seed_marks_apply(
    *,
    criteria_set: CriteriaSet,
    measures_by_column: Mapping[str, Measure],
    by: AnyUser,
    groups: tuple[GroupSpec, ...] | None = None,
    agreed: bool = True,
) -> SaveReport:
    """Score measures as the seed's table marks its columns: for each column label
    ("Prosjekt A" …) given a measure, x → 1 and no x → 0, for every criterion of the set whose
    group and text match the structure. As agreed scores unless `agreed=False` (then as `by`'s
    own scores)."""
    structure = groups if groups is not None else fredrikstad_criteria()
    marks = {
        (spec.name, criterion.text): set(criterion.marks)
        for spec in structure
        for criterion in spec.criteria
    }
    entries = []
    for criterion in Criterion.objects.filter(group__criteria_set=criteria_set).select_related(
        "group"
    ):
        marked = marks.get((criterion.group.name, criterion.text))
        if marked is None:
            continue
        for column, measure in measures_by_column.items():
            entries.append(
                ScoreEntry(
                    criterion_id=criterion.pk,
                    measure_id=measure.pk,
                    value=1 if column in marked else 0,
                )
            )
    return scores_save(criteria_set=criteria_set, by=by, entries=entries, agreed=agreed)
