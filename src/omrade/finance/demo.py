"""The money part of the demo, loaded through the finance services and the ledger importer.

Real: Fredrikstad's state grant of 5 MNOK for 2023 under the agreement with KDD of 5 September
2023; Bergen's initiative financed with Husbanken and KDD; Fredericia's helhedsplan financed by
Landsbyggefonden with at least 25 % local co-funding from the kommune and the
boligorganisationer. Every other figure is synthetic and marked so: later years' amounts, the
allocations, the cost per full-time equivalent, and two years of ledger lines on the measures'
project codes (one measure over-spent this year, one line on a project code no measure has),
written as the municipality's ERP would export them and read by the same importer users use.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from omrade.finance.ledger import Columns
from omrade.finance.models import FundingKind, FundingSource
from omrade.finance.services import budgets, sources
from omrade.finance.services.actuals import actuals_import
from omrade.portfolio.models import Measure
from omrade.portfolio.services import measures as measure_services
from omrade.programmes.models import Programme, StateAgreement
from omrade.tenancy.models import Municipality

if TYPE_CHECKING:
    from omrade.shell.demo import DemoContext

REASON = "Fordeling etter årets handlingsplan (syntetisk)"
OVER_SPENT = {"3107": "Bostabilitet for barnefamilier", "607": "Fagligt løft af børn og unge"}


@dataclass(frozen=True)
class DemoSource:
    code: str
    name: str
    kind: FundingKind
    funder: str
    amounts: dict[int, int]  # year → kroner
    agreement_party: str = ""
    conditions: str = ""
    co_funding_share: int | None = None
    excludes_ordinary_operations: bool = False
    carry_over_allowed: bool = False


def load(demo: DemoContext) -> None:
    fredrikstad = demo.municipalities["3107"]
    bergen = demo.municipalities["4601"]
    fredericia = demo.municipalities["607"]
    _fredrikstad(fredrikstad, demo)
    _bergen(bergen, demo)
    _fredericia(fredericia, demo)


def _programme(municipality: Municipality) -> Programme:
    return Programme.objects.in_municipality(municipality).get()


def _create_sources(programme: Programme, specs: list[DemoSource]) -> list[FundingSource]:
    created = []
    for spec in specs:
        agreement = (
            StateAgreement.objects.get(programme=programme, party=spec.agreement_party)
            if spec.agreement_party
            else None
        )
        created.append(
            sources.source_create(
                by=None,
                programme=programme,
                code=spec.code,
                name=spec.name,
                kind=spec.kind,
                funder=spec.funder,
                agreement=agreement,
                conditions=spec.conditions,
                co_funding_share=(
                    Decimal(spec.co_funding_share) if spec.co_funding_share else None
                ),
                excludes_ordinary_operations=spec.excludes_ordinary_operations,
                carry_over_allowed=spec.carry_over_allowed,
                synthetic=True,
                amounts={year: Decimal(amount) for year, amount in spec.amounts.items()},
            )
        )
    return created


def _project_codes(programme: Programme, prefix: str) -> list[Measure]:
    """Give the programme's measures project codes (as the accounts would number them)."""
    measures = list(Measure.objects.filter(programme=programme).order_by("title"))
    for number, measure in enumerate(measures, start=1):
        measure_services.measure_update(
            by=None, measure=measure, project_code=f"{prefix}{number:03d}"
        )
    return measures


def _allocate(programme: Programme, year: int, ordered: list[FundingSource]) -> None:
    """Pay each measure's planned cost for the year from the sources in order (local money
    first, where a source asks for co-funding), as far as the money goes."""
    left = {
        source.pk: sources.current_amount(source, year).amount  # type: ignore[union-attr]
        for source in ordered
        if sources.current_amount(source, year) is not None
    }
    measures = Measure.objects.filter(programme=programme, costs__year=year).distinct()
    # Sub-programmes with an earmark first, so the earmark is met before other money goes.
    earmarked = {
        earmark.sub_programme_id for source in ordered for earmark in source.earmarks.all()
    }
    order = sorted(
        measures.select_related("sub_programme"),
        key=lambda m: (m.sub_programme_id not in earmarked, m.title),
    )
    for measure in order:
        need = measure.costs.get(year=year).amount
        for source in ordered:
            if need <= 0:
                break
            if source.excludes_ordinary_operations and measure.ordinary_operations:
                continue
            amount = min(need, left.get(source.pk, Decimal(0)))
            if amount <= 0:
                continue
            budgets.allocation_set(
                by=None,
                source=source,
                year=year,
                measure=measure,
                amount=amount,
                reason=REASON,
                synthetic=True,
            )
            left[source.pk] -= amount
            need -= amount


def _ledger(
    municipality: Municipality,
    programme: Programme,
    year: int,
    until: date,
    over_spent: str,
    demo: DemoContext,
) -> None:
    """Synthetic ledger lines for the year up to `until`, written as the ERP exports them
    (`;`, decimal comma, dd.mm.yyyy) and read by the importer with --skip-unmatched."""
    rng = random.Random(f"{municipality.code}-{year}")  # noqa: S311 - synthetic days, not secrets
    share_of_year = Decimal((until - date(year, 1, 1)).days + 1) / Decimal(
        (date(year, 12, 31) - date(year, 1, 1)).days + 1
    )
    lines = ["Bilagsnr;Linje;Bilagsdato;Prosjekt;Art;Tekst;Beløp"]
    voucher = 10_000
    measures = Measure.objects.filter(programme=programme).exclude(project_code="")
    for measure in measures.order_by("project_code"):
        allocated = sum(
            (allocation.amount for allocation in measure.allocations.filter(year=year)),
            Decimal(0),
        )
        if not allocated:
            continue
        pace = Decimal("1.35") if measure.title == over_spent else Decimal("0.93")
        target = (allocated * pace * share_of_year).quantize(Decimal("1"))
        months = max(until.month, 1)
        for month in range(1, months + 1):
            day = min(rng.randint(3, 27), (until - date(year, month, 1)).days + 1)
            if day < 1:
                continue
            amount = (target / months).quantize(Decimal("0.01"))
            voucher += 1
            booked = date(year, month, day)
            lines.append(
                f"{voucher};1;{booked:%d.%m.%Y};{measure.project_code};10900;"
                f"Lønn og drift {booked:%m/%Y} (syntetisk);{_comma(amount)}"
            )
        voucher += 1
        lines.append(  # a credit: a refund booked on the project
            f"{voucher};1;{date(year, 1, 15):%d.%m.%Y};{measure.project_code};16900;"
            f"Refusjon (syntetisk);-{_comma(Decimal('1250.00'))}"
        )
    voucher += 1
    lines.append(  # a line on a project no measure has: listed and skipped by the import
        f"{voucher};1;{date(year, 2, 10):%d.%m.%Y};99999;10900;"
        f"Feilført bilag (syntetisk);{_comma(Decimal('4800.00'))}"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"hovedbok-{municipality.code}-{year}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        actuals_import(
            by=None,
            municipality=municipality,
            year=year,
            path=path,
            file_name=path.name,
            columns=Columns(),
            skip_unmatched=True,
            synthetic=True,
        )
    del demo


def _comma(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def _this_and_last_year(programme: Programme, demo: DemoContext) -> tuple[int, int]:
    this_year = demo.year_within(programme.start_year, programme.end_year)
    return this_year, max(this_year - 1, programme.start_year)


def _two_years_of_ledger(
    municipality: Municipality, programme: Programme, demo: DemoContext
) -> None:
    this_year, last_year = _this_and_last_year(programme, demo)
    over_spent = OVER_SPENT.get(municipality.code, "")
    if last_year < this_year:
        _ledger(municipality, programme, last_year, date(last_year, 12, 31), "", demo)
    until = min(demo.today - timedelta(days=1), date(this_year, 12, 31))
    if until.year == this_year:
        _ledger(municipality, programme, this_year, until, over_spent, demo)


def _fredrikstad(fredrikstad: Municipality, demo: DemoContext) -> None:
    programme = _programme(fredrikstad)
    this_year, last_year = _this_and_last_year(programme, demo)
    measures = _project_codes(programme, "7310")
    school = next(m for m in measures if m.title == "Nærmiljøskole")
    measure_services.measure_update(by=None, measure=school, ordinary_operations=True)
    years = range(2023, this_year + 1)
    state, municipal = _create_sources(
        programme,
        [
            DemoSource(
                "KDD",
                "Statlig tilskudd til områdesatsing",
                FundingKind.STATE_GRANT,
                "Kommunal- og distriktsdepartementet",
                # 2023: 5 MNOK (the agreement of 5 September 2023); later years synthetic.
                {year: 5_000_000 if year in (2023, this_year) else 4_500_000 for year in years},
                agreement_party="Kommunal- og distriktsdepartementet",
                conditions=(
                    "Midlene brukes etter den årlige handlingsplanen og rapporteres tilbake til "
                    "departementet. Ikke til ordinær drift. 2023: 5 mill. kr etter avtalen av "
                    "5. september 2023; beløpene for senere år er syntetiske."
                ),
                excludes_ordinary_operations=True,
            ),
            DemoSource(
                "KOM",
                "Fredrikstad kommunes budsjett",
                FundingKind.MUNICIPAL_BUDGET,
                "Fredrikstad kommune",
                {year: 1_500_000 for year in years if year > 2023},
                conditions="Kommunal medfinansiering (syntetisk).",
                carry_over_allowed=True,
            ),
        ],
    )
    employment = programme.sub_programmes.get(name="Sysselsetting")
    sources.earmark_set(
        by=None,
        source=state,
        sub_programme=employment,
        share=Decimal(20),
        note="Minst en femdel til sysselsetting (syntetisk vilkår).",
    )
    for year in (last_year, this_year):
        sources.duty_add(
            by=None,
            source=state,
            title=f"Rapport til departementet for {year}",
            due_on=date(year + 1, 3, 1),
        )
    for year in sorted({last_year, this_year}):
        _allocate(programme, year, [state, municipal])
    for year in sorted({last_year, this_year}):
        budgets.staff_cost_set(
            by=None, municipality=fredrikstad, year=year, cost_per_fte=Decimal(850_000)
        )
    _two_years_of_ledger(fredrikstad, programme, demo)
    if last_year < this_year:
        budgets.year_close(by=None, programme=programme, year=last_year)


def _bergen(bergen: Municipality, demo: DemoContext) -> None:
    programme = _programme(bergen)
    this_year, last_year = _this_and_last_year(programme, demo)
    years = range(2023, this_year + 1)
    created = _create_sources(
        programme,
        [
            DemoSource(
                "HB",
                "Husbankens tilskudd til områdesatsing",
                FundingKind.HUSBANKEN,
                "Husbanken",
                dict.fromkeys(years, 3000000),
                agreement_party="Husbanken",
                conditions="Områdesatsingen er finansiert i et samarbeid mellom Husbanken og "
                "Bergen kommune (beløpene er syntetiske).",
            ),
            DemoSource(
                "KDD",
                "Tilskudd fra Kommunal- og distriktsdepartementet",
                FundingKind.STATE_GRANT,
                "Kommunal- og distriktsdepartementet",
                dict.fromkeys(years, 2000000),
                agreement_party="Kommunal- og distriktsdepartementet",
                excludes_ordinary_operations=True,
            ),
            DemoSource(
                "KOM",
                "Bergen kommunes budsjett",
                FundingKind.MUNICIPAL_BUDGET,
                "Bergen kommune",
                dict.fromkeys(years, 4000000),
                carry_over_allowed=True,
            ),
        ],
    )
    # Bergen has no measures in the demo: the money goes to the four areas' sub-programmes.
    sub_programmes = list(programme.sub_programmes.order_by("position", "name"))
    for year in sorted({last_year, this_year}):
        for source in created:
            granted = sources.current_amount(source, year).amount  # type: ignore[union-attr]
            share = (granted / len(sub_programmes)).quantize(Decimal("0.01"))
            for sub_programme in sub_programmes:
                budgets.allocation_set(
                    by=None,
                    source=source,
                    year=year,
                    sub_programme=sub_programme,
                    amount=share,
                    reason=REASON,
                    synthetic=True,
                )


def _fredericia(fredericia: Municipality, demo: DemoContext) -> None:
    programme = _programme(fredericia)
    this_year, last_year = _this_and_last_year(programme, demo)
    _project_codes(programme, "607")
    years = range(programme.start_year, programme.end_year + 1)
    local_municipal, local_housing, fund = _create_sources(
        programme,
        [
            DemoSource(
                "KOM",
                "Fredericia Kommunes medfinansiering",
                FundingKind.MUNICIPAL_BUDGET,
                "Fredericia Kommune",
                dict.fromkeys(years, 300000),
            ),
            DemoSource(
                "BO",
                "Boligorganisationernes medfinansiering",
                FundingKind.HOUSING_ORGANISATION,
                "Boligkontoret Fredericia og Boli.nu",
                dict.fromkeys(years, 200000),
            ),
            DemoSource(
                "LBF",
                "Landsbyggefondens tilskud til den boligsociale indsats",
                FundingKind.LANDSBYGGEFONDEN,
                "Landsbyggefonden",
                dict.fromkeys(years, 1400000),
                conditions="Mindst 25 % lokal medfinansiering fra kommune og "
                "boligorganisationer (beløbene er syntetiske).",
                co_funding_share=25,
            ),
        ],
    )
    for year in sorted({last_year, this_year}):
        _allocate(programme, year, [local_municipal, local_housing, fund])
        sources.duty_add(
            by=None,
            source=fund,
            title=f"Årsstatus til Landsbyggefonden for {year}",
            due_on=date(year + 1, 3, 31),
        )
    _two_years_of_ledger(fredericia, programme, demo)
