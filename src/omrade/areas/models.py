"""The area tree, indicators, observations, saved index definitions and frozen baselines."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from omrade.areas.index import IndexMethod
from omrade.areas.statuses import ValueStatus
from omrade.tenancy.models import Country, Municipality, TenantModel


class AreaLevel(TenantModel):  # områdenivå: kommune → bydel → delbydel → grunnkrets
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("navn"), max_length=100)
    depth = models.PositiveSmallIntegerField(
        _("dybde"), help_text=_("0 er hele kommunen; høyere tall er mindre områder.")
    )
    boundary_source = models.CharField(
        _("kilde for grensene"), max_length=300, blank=True, help_text=_("Vises under kartet.")
    )

    class Meta:
        ordering = ["municipality", "depth", "code"]
        verbose_name = _("områdenivå")
        verbose_name_plural = _("områdenivåer")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="area_level_code_unique_in_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Area(TenantModel):  # område: bydel, levekårssone, lokalsamfunn, grunnkrets, boligafdeling
    level = models.ForeignKey(
        AreaLevel, on_delete=models.PROTECT, related_name="areas", verbose_name=_("nivå")
    )
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("navn"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("overordnet område"),
    )
    # GeoJSON geometry in WGS84 (lon, lat); the simplified copy is what map pages send.
    boundary = models.JSONField(_("grense"), null=True, blank=True)
    boundary_for_map = models.JSONField(null=True, blank=True, editable=False)
    boundary_synthetic = models.BooleanField(_("oppdiktet grense"), default=False)
    population = models.PositiveIntegerField(_("folketall"), null=True, blank=True)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    has_initiative = models.BooleanField(_("har områdesatsing"), default=False)

    class Meta:
        ordering = ["level__depth", "code"]
        verbose_name = _("område")
        verbose_name_plural = _("områder")
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="area_code_unique_in_level"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="area_valid_to_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        if self.parent_id and self.parent:
            if self.parent.municipality_id != self.municipality_id:
                raise ValidationError({"parent": _("Overordnet område må høre til samme kommune.")})
            if self.level_id and self.parent.level.depth >= self.level.depth:
                raise ValidationError(
                    {"parent": _("Overordnet område må ligge på et høyere nivå.")}
                )


class Unit(models.TextChoices):
    PERCENT = "percent", _("prosent")
    PER_1000 = "per-1000", _("per 1000")
    COUNT = "count", _("antall")
    YEARS = "years", _("år")
    NOK = "nok", _("kroner")
    RATIO = "ratio", _("forholdstall")


class Direction(models.TextChoices):
    HIGHER_IS_WORSE = "higher-is-worse", _("Høyere er verre")
    LOWER_IS_WORSE = "lower-is-worse", _("Lavere er verre")


class Indicator(
    models.Model
):  # indikator: shared catalogue (no municipality) or a municipality's own
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommune"),
        help_text=_("Tom for indikatorer i den felles katalogen."),
    )
    code = models.SlugField(_("kode"), max_length=60)
    name_nb = models.CharField(_("navn (bokmål)"), max_length=200)
    name_da = models.CharField(_("navn (dansk)"), max_length=200, blank=True)
    name_en = models.CharField(_("navn (engelsk)"), max_length=200, blank=True)
    unit = models.CharField(_("enhet"), max_length=20, choices=Unit.choices)
    direction = models.CharField(_("retning"), max_length=20, choices=Direction.choices)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    numerator_definition = models.TextField(_("teller"), blank=True)
    denominator_definition = models.TextField(_("nevner"), blank=True)
    min_count = models.PositiveIntegerField(
        _("minste antall"),
        default=5,
        help_text=_("Verdier bygd på færre personer enn dette vises ikke (prikking)."),
    )
    country = models.CharField(_("land"), max_length=2, choices=Country.choices, blank=True)
    note = models.TextField(_("merknad"), blank=True)
    use_in_index = models.BooleanField(
        _("med i standardindeksen"),
        default=True,
        help_text=_("Av: vises og kan kartlegges, men inngår ikke i en indeks uten valgte vekter."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(municipality__isnull=True),
                name="indicator_code_unique_in_catalogue",
            ),
            models.UniqueConstraint(
                fields=["municipality", "code"], name="indicator_code_unique_in_municipality"
            ),
            models.CheckConstraint(condition=Q(min_count__gte=1), name="indicator_min_count_1"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to bokmål."""
        language = (get_language() or "nb")[:2]
        return {"da": self.name_da, "en": self.name_en}.get(language) or self.name_nb

    @property
    def higher_is_worse(self) -> bool:
        return self.direction == Direction.HIGHER_IS_WORSE


class Observation(TenantModel):  # one value of one indicator for one area and period
    # Millions of rows: one composite index (below) and no single-column ones, so imports
    # stay fast. Deleting an area or an indicator is rare and may scan.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kommune"),
        db_index=False,
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="observations", db_index=False
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    period_code = models.CharField(_("periode"), max_length=12)
    period_kind = models.CharField(max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.FloatField(_("verdi"), null=True, blank=True)
    numerator = models.FloatField(_("teller"), null=True, blank=True)
    denominator = models.FloatField(_("nevner"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ValueStatus.choices, default=ValueStatus.OK
    )
    synthetic = models.BooleanField(_("oppdiktet"), default=False)
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("importert"))

    class Meta:
        ordering = ["period_start", "area__code"]
        verbose_name = _("observasjon")
        verbose_name_plural = _("observasjoner")
        constraints = [
            # One index does both jobs: uniqueness, and the usual read (a municipality's
            # values of one indicator in one period). Queries by area add the municipality.
            models.UniqueConstraint(
                fields=["municipality", "indicator", "period_code", "area"],
                name="observation_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.area.code} {self.period_code}"


class IndexDefinition(TenantModel):  # levekårsindeks: the municipality's saved choice
    name = models.CharField(_("navn"), max_length=200)
    level = models.ForeignKey(
        AreaLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("nivå")
    )
    method = models.CharField(_("metode"), max_length=10, choices=IndexMethod.choices)
    # {"indicator-code": weight, ...}: the chosen indicators and their weights.
    weights = models.JSONField(_("vekter"))
    is_default = models.BooleanField(_("standard"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("indeksdefinisjon")
        verbose_name_plural = _("indeksdefinisjoner")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="index_definition_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Baseline(TenantModel):  # 0-punktsanalyse: frozen values later change is measured from
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    period_code = models.CharField(_("periode"), max_length=12)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("nullpunktsanalyse")
        verbose_name_plural = _("nullpunktsanalyser")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="baseline_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class BaselineValue(models.Model):  # a copy, so later re-imports do not move the baseline
    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="values")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.FloatField(null=True)
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)
    status = models.CharField(max_length=20, choices=ValueStatus.choices)

    class Meta:
        ordering = ["area__code", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["baseline", "area", "indicator"], name="baseline_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.baseline} {self.area.code} {self.indicator.code}"
