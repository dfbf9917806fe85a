"""The standard indicator catalogue is complete and every entry fits the Indicator model."""

from __future__ import annotations

import re

import pytest

from omrade.areas.catalogue import (
    COUNTRIES,
    DIRECTIONS,
    STANDARD_INDICATORS,
    UNITS,
    IndicatorSpec,
)
from omrade.areas.models import Indicator

NORWEGIAN_CODES = {
    "social-assistance",
    "disability-benefit",
    "unemployment",
    "low-education",
    "transitional-benefit",
    "mortality",
    "persistent-low-income-children",
    "crowded-housing",
    "upper-secondary-not-completed",
    "not-employed-30-59",
}
DANISH_CODES = {
    "dk-outside-labour-market-education",
    "dk-convicted",
    "dk-basic-education-only",
    "dk-gross-income",
    "dk-non-western-immigrants",
    "dk-residents",
    "dk-convicted-national",
}


def by_code() -> dict[str, IndicatorSpec]:
    return {spec.code: spec for spec in STANDARD_INDICATORS}


def test_codes_are_unique() -> None:
    codes = [spec.code for spec in STANDARD_INDICATORS]
    assert len(codes) == len(set(codes)) == 17


def test_all_norwegian_and_danish_indicators_are_present() -> None:
    specs = by_code()
    assert {code for code, spec in specs.items() if spec.country == "NO"} == NORWEGIAN_CODES
    assert {code for code, spec in specs.items() if spec.country == "DK"} == DANISH_CODES


@pytest.mark.parametrize("spec", STANDARD_INDICATORS, ids=lambda spec: spec.code)
def test_every_entry_is_complete_and_valid(spec: IndicatorSpec) -> None:
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", spec.code)
    assert spec.unit in UNITS
    assert spec.direction in DIRECTIONS
    assert spec.country in COUNTRIES
    assert spec.min_count >= 1
    for text in (
        spec.name_nb,
        spec.name_da,
        spec.name_en,
        spec.source,
        spec.numerator_nb,
        spec.denominator_nb,
    ):
        assert text.strip() == text
        assert text


@pytest.mark.parametrize("spec", STANDARD_INDICATORS, ids=lambda spec: spec.code)
def test_every_entry_fits_the_model_fields(spec: IndicatorSpec) -> None:
    def max_length(name: str) -> int:
        length = Indicator._meta.get_field(name).max_length
        assert length is not None
        return length

    assert len(spec.code) <= max_length("code")
    assert len(spec.source) <= max_length("source")
    for name in ("name_nb", "name_da", "name_en"):
        assert len(getattr(spec, name)) <= max_length(name)
    assert spec.unit in {value for value, _label in Indicator._meta.get_field("unit").choices}
    assert spec.direction in {
        value for value, _label in Indicator._meta.get_field("direction").choices
    }


def test_directions_and_units_of_key_indicators() -> None:
    specs = by_code()
    assert specs["dk-gross-income"].direction == "lower-is-worse"
    assert specs["mortality"].unit == "per-1000"
    others = [spec for code, spec in specs.items() if code != "dk-gross-income"]
    assert {spec.direction for spec in others} == {"higher-is-worse"}


def test_danish_criteria_carry_their_legal_threshold() -> None:
    specs = by_code()
    assert "40 prosent" in specs["dk-outside-labour-market-education"].note_nb
    assert "tre ganger landsgjennomsnittet" in specs["dk-convicted"].note_nb
    assert "60 prosent" in specs["dk-basic-education-only"].note_nb
    assert "55 prosent" in specs["dk-gross-income"].note_nb
    assert "50 prosent" in specs["dk-non-western-immigrants"].note_nb
