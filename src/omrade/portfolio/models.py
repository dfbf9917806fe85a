"""The portfolio (porteføljen): measures, prioritisation criteria and scores, scenarios under a
budget, resource conflicts, annual action plans, progress reports and benefits."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omrade.areas.models import Area
from omrade.programmes.models import (
    YEAR_VALIDATORS,
    Decision,
    Goal,
    GoverningDocument,
    Programme,
    SubProgramme,
)
from omrade.tenancy.models import MunicipalUnit, Organisation, Person, TenantModel

SHARE_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1000))]
MONEY_VALIDATORS = [MinValueValidator(Decimal(0))]


def money_field(verbose_name: str | object, **options: object) -> models.DecimalField:
    """Kroner with øre, never negative."""
    return models.DecimalField(
        verbose_name,  # type: ignore[arg-type]
        max_digits=14,
        decimal_places=2,
        validators=MONEY_VALIDATORS,
        **options,  # type: ignore[arg-type]
    )


def share_field(verbose_name: str | object, **options: object) -> models.DecimalField:
    """A share of a full position in percent (50 = half a position)."""
    return models.DecimalField(
        verbose_name,  # type: ignore[arg-type]
        max_digits=6,
        decimal_places=1,
        validators=SHARE_VALIDATORS,
        **options,  # type: ignore[arg-type]
    )


# --- measures -----------------------------------------------------------------------------------


class MeasureKind(models.TextChoices):
    PROJECT = "project", _("Prosjekt")
    ACTIVITY = "activity", _("Aktivitet")


class MeasureStatus(models.TextChoices):
    IDEA = "idea", _("Idé")
    PLANNED = "planned", _("Planlagt")
    RUNNING = "running", _("Pågår")
    COMPLETED = "completed", _("Fullført")
    STOPPED = "stopped", _("Stanset")


class Measure(TenantModel):  # tiltak: a project or an activity
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="measures", verbose_name=_("program")
    )
    kind = models.CharField(
        _("type"), max_length=10, choices=MeasureKind.choices, default=MeasureKind.PROJECT
    )
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    sub_programme = models.ForeignKey(
        SubProgramme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("delprogram"),
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="measures", verbose_name=_("mål tiltaket bidrar til")
    )
    areas = models.ManyToManyField(
        Area, blank=True, related_name="measures", verbose_name=_("områder")
    )
    responsible_unit = models.ForeignKey(
        MunicipalUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("ansvarlig enhet"),
    )
    contact_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("kontaktperson"),
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="measures", verbose_name=_("samarbeidspartnere")
    )
    target_group = models.CharField(
        _("målgruppe"),
        max_length=300,
        blank=True,
        help_text=_("For eksempel «unge som står utenfor arbeid og utdanning»."),
    )
    age_from = models.PositiveSmallIntegerField(
        _("alder fra"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    age_to = models.PositiveSmallIntegerField(
        _("alder til"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("slutt"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.IDEA
    )
    stop_reason = models.TextField(_("grunn til stans"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("framdrift (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    risks = models.TextField(_("risikoer"), blank=True, help_text=_("Én risiko per linje."))
    # Where the measure's spending is booked in the municipality's accounts (regnskapet).
    project_code = models.CharField(
        _("prosjektnummer"),
        max_length=40,
        blank=True,
        help_text=_("Prosjektnummeret i regnskapet; utgifter på det føres på tiltaket."),
    )
    responsibility_code = models.CharField(_("ansvar"), max_length=40, blank=True)
    service_code = models.CharField(_("tjeneste"), max_length=40, blank=True)
    ordinary_operations = models.BooleanField(
        _("ordinær drift"),
        default=False,
        help_text=_("Tiltaket er en del av kommunens ordinære drift."),
    )
    synthetic = models.BooleanField(
        _("syntetiske tall"),
        default=False,
        help_text=_("Kostnader og tall som ikke kommer fra en kilde, men er laget for demo."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "title"]
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        constraints = [
            models.UniqueConstraint(fields=["programme", "title"], name="measure_title_unique"),
            models.UniqueConstraint(
                fields=["municipality", "project_code"],
                condition=~Q(project_code=""),
                name="measure_project_code_unique",
                violation_error_message=_("Et annet tiltak i kommunen har dette prosjektnummeret."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="measure_ends_after_it_starts",
                violation_error_message=_("Tiltaket kan ikke slutte før det starter."),
            ),
            models.CheckConstraint(
                condition=Q(age_to__isnull=True)
                | Q(age_from__isnull=True)
                | Q(age_to__gte=models.F("age_from")),
                name="measure_ages_in_order",
                violation_error_message=_("Alder til kan ikke være lavere enn alder fra."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "portfolio:measure_detail",
            args=[self.municipality.code, self.programme_id, self.pk],
        )

    def clean(self) -> None:
        if self.programme_id and self.municipality_id != self.programme.municipality_id:
            raise ValidationError({"programme": _("Programmet må høre til samme kommune.")})
        if self.sub_programme_id and self.sub_programme.programme_id != self.programme_id:  # type: ignore[union-attr]
            raise ValidationError({"sub_programme": _("Delprogrammet må høre til samme program.")})
        for field in ("responsible_unit", "contact_person"):
            related = getattr(self, field)
            if related is not None and related.municipality_id != self.municipality_id:
                raise ValidationError({field: _("Må høre til samme kommune.")})
        if self.status == MeasureStatus.STOPPED and not self.stop_reason.strip():
            raise ValidationError({"stop_reason": _("Skriv hvorfor tiltaket ble stanset.")})

    @property
    def risk_list(self) -> list[str]:
        return [line.strip() for line in self.risks.splitlines() if line.strip()]


class MeasureCost(models.Model):  # kostnad per år
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    amount = money_field(_("beløp (kr)"))
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("kostnad")
        verbose_name_plural = _("kostnader")
        constraints = [
            models.UniqueConstraint(fields=["measure", "year"], name="measure_cost_one_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="measure_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.year}: {self.amount}"


class StaffAllocation(models.Model):  # bemanning: a person's or a unit's share of a position
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="staff")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_allocations",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        MunicipalUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_allocations",
        verbose_name=_("enhet"),
        help_text=_("Enheten som stiller med personen eller stillingsandelen."),
    )
    share = share_field(_("stillingsandel (%)"))

    class Meta:
        ordering = ["year", "id"]
        verbose_name = _("bemanning")
        verbose_name_plural = _("bemanning")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(unit__isnull=False),
                name="staff_allocation_has_person_or_unit",
                violation_error_message=_("Oppgi en person, en enhet eller begge."),
            ),
        ]

    def __str__(self) -> str:
        who = self.person or self.unit
        return f"{who} {self.share} % {self.year}"


class Milestone(models.Model):  # milepæl
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milepæl"), max_length=300)
    due_on = models.DateField(_("dato"))
    done_on = models.DateField(_("nådd"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæler")

    def __str__(self) -> str:
        return self.title


# --- criteria sets, scores --------------------------------------------------------------------


class WeightMethod(models.TextChoices):
    DIRECT = "direct", _("Vekter satt direkte")
    PAIRWISE = "pairwise", _("Vekter fra parvise sammenligninger (AHP)")


class CriteriaSet(TenantModel):  # prioriteringskriterier from a plan
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="criteria_sets", verbose_name=_("program")
    )
    name = models.CharField(_("navn"), max_length=200)
    source = models.CharField(
        _("kilde"),
        max_length=300,
        blank=True,
        help_text=_("Planen kriteriene kommer fra, for eksempel kommunedelplanen for folkehelse."),
    )
    source_document = models.ForeignKey(
        GoverningDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kildedokument"),
    )
    weight_method = models.CharField(
        _("vekting"), max_length=10, choices=WeightMethod.choices, default=WeightMethod.DIRECT
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kriteriesett")
        verbose_name_plural = _("kriteriesett")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="criteria_set_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "portfolio:matrix", args=[self.municipality.code, self.programme_id, self.pk]
        )


class CriterionGroup(models.Model):  # Generelt; one group per sub-programme
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("navn"), max_length=200)
    sub_programme = models.ForeignKey(
        SubProgramme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="criterion_groups",
        verbose_name=_("delprogram"),
        help_text=_("Tom for generelle kriterier som gjelder alle tiltak."),
    )
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("kriteriegruppe")
        verbose_name_plural = _("kriteriegrupper")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "name"], name="criterion_group_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Scale(models.TextChoices):
    MARK = "mark", _("Kryss (ja/nei)")
    ZERO_TO_THREE = "0-3", _("0–3")


SCALE_MAXIMUM = {Scale.MARK: 1, Scale.ZERO_TO_THREE: 3}


class Criterion(models.Model):  # prioriteringskriterium
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    text = models.TextField(_("kriterium"))
    scale = models.CharField(_("skala"), max_length=5, choices=Scale.choices, default=Scale.MARK)
    weight = models.FloatField(_("vekt"), default=1.0, validators=[MinValueValidator(0.0)])
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["group__position", "group_id", "position", "id"]
        verbose_name = _("kriterium")
        verbose_name_plural = _("kriterier")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def maximum(self) -> int:
        return SCALE_MAXIMUM[Scale(self.scale)]


class PairwiseComparison(models.Model):  # AHP: how much more important `first` is
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="comparisons"
    )
    first = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    # Saaty's scale: 1/9 … 1 … 9 (9: first is extremely more important than second).
    value = models.FloatField(
        _("verdi"), validators=[MinValueValidator(1 / 9), MaxValueValidator(9.0)]
    )

    class Meta:
        verbose_name = _("parvis sammenligning")
        verbose_name_plural = _("parvise sammenligninger")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="comparison_pair_unique"),
            models.CheckConstraint(
                condition=~Q(first=models.F("second")), name="comparison_of_two_criteria"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} : {self.second_id} = {self.value}"


class Score(models.Model):  # one person's score of a measure against a criterion
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="scores")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(_("poeng"), validators=[MaxValueValidator(3)])
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "measure", "scorer"], name="score_one_per_scorer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_id}/{self.criterion_id}: {self.value}"


class AgreedScore(models.Model):  # omforent poeng: what the matrix ranks by
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="agreed_scores")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="agreed_scores")
    value = models.PositiveSmallIntegerField(_("omforent poeng"), validators=[MaxValueValidator(3)])
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agreed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("omforent poeng")
        verbose_name_plural = _("omforente poeng")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "measure"], name="agreed_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.measure_id}/{self.criterion_id}: {self.value}"


# --- money available, scenarios, resource conflicts --------------------------------------------


class YearBudget(models.Model):  # the year's frame: money (and staff) available to measures
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="year_budgets")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    amount = money_field(_("tilgjengelige midler (kr)"))
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("syntetisk"), default=False)

    class Meta:
        ordering = ["year"]
        verbose_name = _("årsramme")
        verbose_name_plural = _("årsrammer")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="year_budget_unique")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}: {self.amount}"


class UnitCommitment(models.Model):  # what a unit gives the programme in a year (stillinger)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="unit_commitments"
    )
    unit = models.ForeignKey(MunicipalUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    share = share_field(_("stillingsandel stilt til rådighet (%)"))

    class Meta:
        ordering = ["year", "unit__name"]
        verbose_name = _("bidrag fra enhet")
        verbose_name_plural = _("bidrag fra enheter")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "unit", "year"], name="unit_commitment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.share} %"


class Scenario(models.Model):  # a saved selection under a budget
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="scenarios")
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="scenarios"
    )
    name = models.CharField(_("navn"), max_length=200)
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    budget = money_field(_("budsjett (kr)"))
    staff_limit = share_field(_("bemanning til rådighet (%)"), null=True, blank=True)
    forced_in = models.ManyToManyField(
        Measure, blank=True, related_name="+", verbose_name=_("tvunget inn")
    )
    forced_out = models.ManyToManyField(
        Measure, blank=True, related_name="+", verbose_name=_("holdt utenfor")
    )
    selected = models.ManyToManyField(
        Measure, blank=True, related_name="scenarios", verbose_name=_("valgte tiltak")
    )
    total_cost = money_field(_("samlet kostnad (kr)"), default=Decimal(0))
    total_score = models.FloatField(_("samlet poengsum"), default=0.0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarioer")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="scenario_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ConflictKind(models.TextChoices):
    STAFF = "staff", _("Person over en hel stilling")
    UNIT = "unit", _("Enhet bedt om mer enn den har stilt")
    MONEY = "money", _("Tiltakene koster mer enn årets midler")


class ConflictResolution(models.Model):  # a resource conflict settled by a board decision
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="conflict_resolutions"
    )
    kind = models.CharField(_("type"), max_length=10, choices=ConflictKind.choices)
    key = models.CharField(
        _("konflikt"), max_length=100, help_text=_("Hvilken konflikt: type, hvem og år.")
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="+", verbose_name=_("styrevedtak")
    )
    note = models.TextField(_("merknad"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-resolved_at"]
        verbose_name = _("avklart ressurskonflikt")
        verbose_name_plural = _("avklarte ressurskonflikter")
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="conflict_resolved_once")
        ]

    def __str__(self) -> str:
        return f"{self.key} – {self.decision}"


# --- annual action plans ----------------------------------------------------------------------


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Sendt til programstyret")
    RECOMMENDED = "recommended", _("Anbefalt av programstyret")
    APPROVED = "approved", _("Godkjent av oppdragsgiver")
    IN_FORCE = "in_force", _("Gjeldende")
    CLOSED = "closed", _("Avsluttet")


# An approved plan is frozen: its items cannot change; a revision makes a new version.
FROZEN_STATES = frozenset({PlanState.APPROVED, PlanState.IN_FORCE, PlanState.CLOSED})


class ActionPlan(models.Model):  # handlingsplan for a sub-programme and a year
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="action_plans")
    sub_programme = models.ForeignKey(
        SubProgramme,
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name=_("delprogram"),
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    version = models.PositiveSmallIntegerField(_("versjon"), default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("forrige versjon"),
    )
    state = models.CharField(
        _("status"), max_length=12, choices=PlanState.choices, default=PlanState.DRAFT
    )
    summary = models.TextField(_("sammendrag"), blank=True)
    return_comment = models.TextField(
        _("kommentar ved retur"),
        blank=True,
        help_text=_("Hvorfor planen ble sendt tilbake til utkast."),
    )
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "sub_programme__position", "-version"]
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        constraints = [
            models.UniqueConstraint(
                fields=["sub_programme", "year", "version"], name="action_plan_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sub_programme} {self.year} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse(
            "portfolio:action_plan_detail",
            args=[self.programme.municipality.code, self.programme_id, self.pk],
        )

    @property
    def is_frozen(self) -> bool:
        return self.state in FROZEN_STATES


class ActionPlanItem(models.Model):  # a measure in the plan, with its cost for the year
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="items")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="plan_items")
    cost = money_field(_("kostnad i planåret (kr)"), default=Decimal(0))
    note = models.TextField(_("merknad"), blank=True)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("tiltak i handlingsplanen")
        verbose_name_plural = _("tiltak i handlingsplanen")
        constraints = [models.UniqueConstraint(fields=["plan", "measure"], name="plan_item_unique")]

    def __str__(self) -> str:
        return str(self.measure)


# --- progress and benefits --------------------------------------------------------------------


class Rag(models.TextChoices):  # traffic light
    GREEN = "green", _("Grønn: som planlagt")
    AMBER = "amber", _("Gul: noe forsinket eller usikkert")
    RED = "red", _("Rød: alvorlig avvik")


class ProgressReport(models.Model):  # statusrapport per tertial
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="progress_reports")
    period = models.CharField(_("tertial"), max_length=8, help_text=_("For eksempel 2024T2."))
    rag = models.CharField(_("status"), max_length=5, choices=Rag.choices)
    text = models.TextField(_("kort status"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period", "measure__title"]
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="progress_one_per_tertial")
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.period}: {self.rag}"


class BenefitKind(models.TextChoices):
    CITIZEN = "citizen", _("Innbyggerorientert gevinst")
    ORGANISATIONAL = "organisational", _("Organisatorisk gevinst")


class Benefit(models.Model):  # forventet gevinst (DFØ: gevinstrealisering)
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="benefits")
    kind = models.CharField(_("type gevinst"), max_length=20, choices=BenefitKind.choices)
    description = models.TextField(_("gevinst"))
    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benefits",
        verbose_name=_("målet gevinsten bidrar til"),
    )
    indicator = models.CharField(_("indikator"), max_length=300)
    unit = models.CharField(_("enhet"), max_length=40, blank=True)
    higher_is_better = models.BooleanField(_("høyere er bedre"), default=True)
    baseline_value = models.FloatField(_("utgangsverdi"), null=True, blank=True)
    baseline_on = models.DateField(_("utgangsdato"), null=True, blank=True)
    target_value = models.FloatField(_("målverdi"), null=True, blank=True)
    target_on = models.DateField(_("måldato"), null=True, blank=True)
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="benefits",
        verbose_name=_("gevinsteier"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("gevinst")
        verbose_name_plural = _("gevinster")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_on__isnull=True)
                | Q(baseline_on__isnull=True)
                | Q(target_on__gt=models.F("baseline_on")),
                name="benefit_target_after_baseline",
                violation_error_message=_("Måldatoen må komme etter utgangsdatoen."),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def clean(self) -> None:
        if self.goal_id and self.measure_id and self.goal.programme_id != self.measure.programme_id:  # type: ignore[union-attr]
            raise ValidationError({"goal": _("Målet må høre til samme program som tiltaket.")})


class BenefitRealisation(models.Model):  # realisert gevinst: a measured value
    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="realisations")
    measured_on = models.DateField(_("målt"))
    value = models.FloatField(_("verdi"))
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        ordering = ["measured_on"]
        verbose_name = _("realisert gevinst")
        verbose_name_plural = _("realiserte gevinster")
        constraints = [
            models.UniqueConstraint(
                fields=["benefit", "measured_on"], name="realisation_one_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.benefit} {self.measured_on}: {self.value}"
