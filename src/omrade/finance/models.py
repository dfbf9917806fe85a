"""Money (økonomi): where the programme's money comes from, who pays which measure, and what
the accounts say was spent.

- A funding source (finansieringskilde) is one funder's money for a programme: a state grant
  under an agreement, Husbanken, Landsbyggefonden, the municipal budget, a housing
  organisation, another grant, or in-kind contributions. Its amount per year is versioned: once
  money of a year is allocated, a change is a new version with its reason, never an edit.
- An allocation (fordeling) says how much of a source's year pays a measure, or goes to a
  sub-programme not yet distributed to its measures. Allocations add up: a source's allocated
  money is the sum of its allocations. Every change is kept with the decision behind it.
- A transaction is one line of the general ledger (hovedbok) booked on a measure's project
  code, imported from the municipality's accounts; its key makes a re-import count it once.
- Staff costs value the portfolio's position shares (in-kind staff time) per year.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omrade.portfolio.models import Measure, money_field
from omrade.programmes.models import (
    YEAR_VALIDATORS,
    Decision,
    Programme,
    StateAgreement,
    SubProgramme,
)
from omrade.tenancy.models import Country, Municipality, MunicipalUnit, TenantModel

PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class FundingKind(models.TextChoices):
    STATE_GRANT = "state_grant", _("Statlig tilskudd")
    HUSBANKEN = "husbanken", _("Husbanken")
    LANDSBYGGEFONDEN = "landsbyggefonden", _("Landsbyggefonden")
    MUNICIPAL_BUDGET = "municipal_budget", _("Kommunens budsjett")
    HOUSING_ORGANISATION = "housing_organisation", _("Boligorganisasjon")
    OTHER_GRANT = "other_grant", _("Annet tilskudd")
    IN_KIND = "in_kind", _("Egeninnsats")


# The local co-funding (lokal medfinansiering): the municipality's and the housing
# organisations' own money and work.
LOCAL_KINDS = frozenset(
    {FundingKind.MUNICIPAL_BUDGET, FundingKind.HOUSING_ORGANISATION, FundingKind.IN_KIND}
)


class Currency(models.TextChoices):
    NOK = "NOK", _("norske kroner")
    DKK = "DKK", _("danske kroner")


def currency_of(municipality: Municipality) -> Currency:
    """The currency the municipality's accounts keep."""
    return Currency.DKK if municipality.country == Country.DENMARK else Currency.NOK


class FundingSource(TenantModel):  # finansieringskilde
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="funding_sources"
    )
    code = models.CharField(
        _("kode"),
        max_length=20,
        help_text=_("Kort kode som brukes i oversikter og eksport, for eksempel «KDD»."),
    )
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=FundingKind.choices)
    funder = models.CharField(_("giver"), max_length=200, blank=True)
    agreement = models.ForeignKey(
        StateAgreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_sources",
        verbose_name=_("avtale"),
    )
    currency = models.CharField(_("valuta"), max_length=3, choices=Currency.choices)
    conditions = models.TextField(_("vilkår"), blank=True)
    co_funding_share = models.DecimalField(
        _("krav om lokal medfinansiering (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        help_text=_(
            "Andel av årets samlede fordeling som må komme fra kommunen, boligorganisasjoner "
            "eller egeninnsats når denne kilden brukes."
        ),
    )
    excludes_ordinary_operations = models.BooleanField(
        _("ikke til ordinær drift"),
        default=False,
        help_text=_("Midlene kan ikke fordeles til tiltak som er ordinær drift."),
    )
    carry_over_allowed = models.BooleanField(
        _("ubrukte midler kan overføres"),
        default=False,
        help_text=_("Ubrukte midler kan overføres til neste år."),
    )
    synthetic = models.BooleanField(_("syntetiske tall"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "code"]
        verbose_name = _("finansieringskilde")
        verbose_name_plural = _("finansieringskilder")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="funding_source_code_unique",
                violation_error_message=_("Programmet har alt en kilde med denne koden."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    @property
    def is_local(self) -> bool:
        return self.kind in LOCAL_KINDS


class SourceAmount(models.Model):  # tilsagn per år, versioned
    source = models.ForeignKey(FundingSource, on_delete=models.CASCADE, related_name="amounts")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    version = models.PositiveSmallIntegerField(_("versjon"), default=1)
    amount = money_field(_("beløp"))
    reason = models.TextField(_("begrunnelse"), blank=True)
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vedtak"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["source", "year", "version"]
        verbose_name = _("beløp per år")
        verbose_name_plural = _("beløp per år")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "year", "version"], name="source_amount_version_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="source_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.source.code} {self.year} v{self.version}: {self.amount}"


class Earmark(models.Model):  # øremerking: a share of the source's year kept for a sub-programme
    source = models.ForeignKey(FundingSource, on_delete=models.CASCADE, related_name="earmarks")
    sub_programme = models.ForeignKey(
        SubProgramme, on_delete=models.CASCADE, related_name="+", verbose_name=_("delprogram")
    )
    share = models.DecimalField(
        _("andel (%)"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        ordering = ["source", "sub_programme__position"]
        verbose_name = _("øremerking")
        verbose_name_plural = _("øremerkinger")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "sub_programme"], name="earmark_one_per_sub_programme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.code}: {self.share} % {self.sub_programme}"


class ReportingDuty(models.Model):  # rapporteringsplikt
    source = models.ForeignKey(FundingSource, on_delete=models.CASCADE, related_name="duties")
    title = models.CharField(_("rapport"), max_length=300)
    due_on = models.DateField(_("frist"))
    done_on = models.DateField(_("levert"), null=True, blank=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("rapporteringsplikt")
        verbose_name_plural = _("rapporteringsplikter")

    def __str__(self) -> str:
        return self.title


class Allocation(models.Model):  # fordeling: who pays what, per year
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="allocations")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    sub_programme = models.ForeignKey(
        SubProgramme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delprogram"),
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("tiltak"),
    )
    amount = money_field(_("beløp"))
    synthetic = models.BooleanField(_("syntetiske tall"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["year", "source", "id"]
        verbose_name = _("fordeling")
        verbose_name_plural = _("fordelinger")
        constraints = [
            models.CheckConstraint(
                condition=Q(measure__isnull=False) | Q(sub_programme__isnull=False),
                name="allocation_has_a_receiver",
            ),
            models.UniqueConstraint(
                fields=["source", "year", "measure"],
                condition=Q(measure__isnull=False),
                name="allocation_one_per_measure",
            ),
            models.UniqueConstraint(
                fields=["source", "year", "sub_programme"],
                condition=Q(measure__isnull=True),
                name="allocation_one_per_sub_programme",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.source.code} {self.year} → {self.measure or self.sub_programme}"


class AllocationChange(models.Model):  # budsjettendring: each change and the decision behind it
    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="changes")
    amount_before = money_field(_("før"))
    amount_after = money_field(_("etter"))
    reason = models.TextField(_("begrunnelse"))
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vedtak"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("budsjettendring")
        verbose_name_plural = _("budsjettendringer")

    def __str__(self) -> str:
        return f"{self.allocation}: {self.amount_before} → {self.amount_after}"


class ClosedYear(models.Model):  # avsluttet år: no allocation or import changes it any more
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="closed_finance_years"
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["year"]
        verbose_name = _("avsluttet år")
        verbose_name_plural = _("avsluttede år")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="closed_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"


class ActualsImport(TenantModel):  # innlesing av regnskapsutdrag
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    file_name = models.CharField(_("fil"), max_length=255)
    checksum = models.CharField(_("sjekksum (SHA-256)"), max_length=64)
    rows_read = models.PositiveIntegerField(_("linjer lest"), default=0)
    rows_added = models.PositiveIntegerField(_("nye transaksjoner"), default=0)
    rows_known = models.PositiveIntegerField(_("alt innlest"), default=0)
    rows_unmatched = models.PositiveIntegerField(_("uten tiltak (hoppet over)"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("innlesing av regnskap")
        verbose_name_plural = _("innlesinger av regnskap")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.year})"


class Transaction(TenantModel):  # a ledger line (postering) booked on a measure's project
    # No single-column indexes on the municipality and the measure: the unique (municipality,
    # year, key) and the (measure, year) indexes serve those lookups, and every index less
    # makes importing a million ledger lines markedly faster (`omrade bench finance-import`).
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kommune"),
        db_index=False,
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="transactions", db_index=False
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    booked_on = models.DateField(_("bilagsdato"))
    amount = models.DecimalField(_("beløp"), max_digits=14, decimal_places=2)
    project_code = models.CharField(_("prosjektnummer"), max_length=40)
    account = models.CharField(_("art/konto"), max_length=40, blank=True)
    text = models.CharField(_("tekst"), max_length=500, blank=True)
    key = models.CharField(_("nøkkel"), max_length=100)
    source_import = models.ForeignKey(
        ActualsImport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transactions",
        db_index=False,  # never looked up by import: an index would only slow the inserts
    )
    synthetic = models.BooleanField(_("syntetiske tall"), default=False)

    class Meta:
        ordering = ["booked_on", "id"]
        verbose_name = _("transaksjon")
        verbose_name_plural = _("transaksjoner")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "key"], name="transaction_counted_once"
            ),
        ]
        indexes = [models.Index(fields=["measure", "year"], name="transaction_measure_year")]

    def __str__(self) -> str:
        return f"{self.project_code} {self.booked_on}: {self.amount}"


class StaffCost(TenantModel):  # kostnad per årsverk, for valuing in-kind staff time
    unit = models.ForeignKey(
        MunicipalUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enhet"),
        help_text=_("Tom: satsen for hele kommunen."),
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    cost_per_fte = money_field(_("kostnad per årsverk"))

    class Meta:
        ordering = ["year", "unit__name"]
        verbose_name = _("kostnad per årsverk")
        verbose_name_plural = _("kostnader per årsverk")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "unit", "year"],
                condition=Q(unit__isnull=False),
                name="staff_cost_one_per_unit_year",
            ),
            models.UniqueConstraint(
                fields=["municipality", "year"],
                condition=Q(unit__isnull=True),
                name="staff_cost_one_default_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit or self.municipality} {self.year}: {self.cost_per_fte}"


class Forecast(models.Model):  # prognose: the expected spending at year end, entered
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="forecasts")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    amount = money_field(_("prognose for året"))
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["year"]
        verbose_name = _("prognose")
        verbose_name_plural = _("prognoser")
        constraints = [
            models.UniqueConstraint(fields=["measure", "year"], name="forecast_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.year}: {self.amount}"
