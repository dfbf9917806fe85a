"""Criteria for udsatte boligområder in almenboligloven § 61 a, computed the way the state does.

A housing area is an *udsat boligområde* when it has at least 1,000 residents and meets at
least two of the four criteria:

1. more than 40 % of the residents aged 18–64 are outside the labour market and education;
2. the share of residents convicted under the Criminal Code, the Weapons Act or the
   Euphoriant Substances Act is at least three times the national average;
3. more than 60 % of the residents aged 30–59 have basic schooling (grundskole) only;
4. the average gross income of taxpayers aged 15–64 is below 55 % of the regional average.

A value that is missing or hidden by small-number protection is *unknown*: a criterion with
an unknown value neither passes nor fails, and the status is unknown unless the known values
already decide it. This module is pure (no database); `selectors.udsat_assessment` feeds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = [
    "CRITERIA",
    "RESIDENTS",
    "CriterionResult",
    "UdsatAssessment",
    "UdsatStatus",
    "assess",
]

RESIDENTS = "dk-residents"
NATIONAL_CONVICTED = "dk-convicted-national"
MIN_RESIDENTS = 1000
CRITERIA_NEEDED = 2


class Comparison(StrEnum):
    ABOVE = "above"  # value > threshold
    AT_LEAST = "at-least"  # value >= threshold
    BELOW = "below"  # value < threshold


@dataclass(frozen=True)
class Criterion:
    indicator_code: str
    label: str | Promise
    threshold: float  # percent; for convictions a multiple of the national average
    comparison: Comparison
    relative_to_national: bool = False


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "dk-outside-labour-market-education",
        _("Andel 18–64 år uten tilknytning til arbeidsmarkedet eller utdanning"),
        40.0,
        Comparison.ABOVE,
    ),
    Criterion(
        "dk-convicted",
        _("Andel domfelte for brudd på straffeloven, våpenloven eller narkotikaloven"),
        3.0,
        Comparison.AT_LEAST,
        relative_to_national=True,
    ),
    Criterion(
        "dk-basic-education-only",
        _("Andel 30–59 år med bare grunnskole"),
        60.0,
        Comparison.ABOVE,
    ),
    Criterion(
        "dk-gross-income",
        _("Gjennomsnittlig bruttoinntekt 15–64 år i prosent av regionens gjennomsnitt"),
        55.0,
        Comparison.BELOW,
    ),
)


class UdsatStatus(StrEnum):
    UDSAT = "udsat"
    NOT_UDSAT = "not-udsat"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str | Promise:
        return {
            UdsatStatus.UDSAT: _("Udsat boligområde"),
            UdsatStatus.NOT_UDSAT: _("Ikke et udsat boligområde"),
            UdsatStatus.UNKNOWN: _("Ukjent: tallene mangler eller er skjult"),
        }[self]


@dataclass(frozen=True)
class CriterionResult:
    indicator_code: str
    label: str | Promise
    value: float | None  # None: missing or hidden
    threshold: float | None  # in the value's unit; None when the national average is missing
    comparison: Comparison
    passes: bool | None  # None: unknown

    @property
    def threshold_symbol(self) -> str:
        return {Comparison.ABOVE: ">", Comparison.AT_LEAST: "≥", Comparison.BELOW: "<"}[
            self.comparison
        ]


@dataclass(frozen=True)
class UdsatAssessment:
    period_code: str | None
    residents: float | None
    residents_pass: bool | None
    criteria: list[CriterionResult]
    status: UdsatStatus
    synthetic: bool = False

    @property
    def criteria_passed(self) -> int:
        return sum(1 for result in self.criteria if result.passes)

    @property
    def min_residents(self) -> int:
        return MIN_RESIDENTS

    @property
    def criteria_needed(self) -> int:
        return CRITERIA_NEEDED


def _passes(value: float | None, threshold: float | None, comparison: Comparison) -> bool | None:
    if value is None or threshold is None:
        return None
    if comparison == Comparison.ABOVE:
        return value > threshold
    if comparison == Comparison.AT_LEAST:
        return value >= threshold
    return value < threshold


def assess(
    values: Mapping[str, float | None],
    *,
    period_code: str | None = None,
    synthetic: bool = False,
) -> UdsatAssessment:
    """The § 61 a status from indicator code → value (None or absent: unknown).

    `values` holds the four criteria, `dk-residents` and `dk-convicted-national` (the
    national share of convicted residents, which the convictions threshold multiplies).
    """
    results = []
    for criterion in CRITERIA:
        threshold: float | None = criterion.threshold
        if criterion.relative_to_national:
            national = values.get(NATIONAL_CONVICTED)
            threshold = round(criterion.threshold * national, 4) if national is not None else None
        value = values.get(criterion.indicator_code)
        results.append(
            CriterionResult(
                indicator_code=criterion.indicator_code,
                label=criterion.label,
                value=value,
                threshold=threshold,
                comparison=criterion.comparison,
                passes=_passes(value, threshold, criterion.comparison),
            )
        )
    residents = values.get(RESIDENTS)
    residents_pass = None if residents is None else residents >= MIN_RESIDENTS
    passed = sum(1 for result in results if result.passes is True)
    undecided = sum(1 for result in results if result.passes is None)
    if residents_pass is False or passed + undecided < CRITERIA_NEEDED:
        status = UdsatStatus.NOT_UDSAT
    elif residents_pass and passed >= CRITERIA_NEEDED:
        status = UdsatStatus.UDSAT
    else:
        status = UdsatStatus.UNKNOWN
    return UdsatAssessment(
        period_code=period_code,
        residents=residents,
        residents_pass=residents_pass,
        criteria=results,
        status=status,
        synthetic=synthetic,
    )
