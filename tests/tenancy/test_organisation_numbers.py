"""Organisation numbers: Norwegian (9 digits) and Danish CVR (8 digits) with their modulus-11
check digits, checked wherever an organisation is saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from omrade.tenancy import services
from omrade.tenancy.models import Organisation
from omrade.tenancy.organisation_numbers import (
    norwegian_check_digit,
    organisation_number_problem,
)
from tests.factories import MunicipalityFactory


@pytest.mark.parametrize("number", ["974760673", "923609016"])  # Brønnøysund, Equinor
def test_real_norwegian_numbers_pass(number: str) -> None:
    assert organisation_number_problem(number, danish=False) is None


@pytest.mark.parametrize("number", ["10150817", "25313763"])
def test_real_danish_cvr_numbers_pass(number: str) -> None:
    assert organisation_number_problem(number, danish=True) is None


@pytest.mark.parametrize(
    ("number", "danish", "message"),
    [
        ("974760674", False, "kontrollsiffer"),
        ("97476067", False, "9 sifre"),
        ("10150818", True, "kontrollsiffer"),
        ("974760673", True, "8 sifre"),
    ],
)
def test_wrong_numbers_are_named(number: str, danish: bool, message: str) -> None:
    problem = organisation_number_problem(number, danish=danish)
    assert problem is not None
    assert message in problem


@given(first=st.text(alphabet="0123456789", min_size=8, max_size=8), position=st.integers(0, 8))
def test_any_single_wrong_digit_is_caught(first: str, position: int) -> None:
    check = norwegian_check_digit(first)
    if check is None:  # no valid number starts with these eight digits
        return
    number = first + str(check)
    assert organisation_number_problem(number, danish=False) is None
    wrong = str((int(number[position]) + 1) % 10)
    typo = number[:position] + wrong + number[position + 1 :]
    assert organisation_number_problem(typo, danish=False) is not None


@pytest.mark.django_db
def test_saving_an_organisation_checks_the_number_for_its_country() -> None:
    norway = MunicipalityFactory(code="3107", country="NO")
    denmark = MunicipalityFactory(code="607", country="DK")
    services.organisation_create(
        by=None, municipality=norway, name="Lag", organisation_number="974 760 673"
    )
    services.organisation_create(
        by=None, municipality=denmark, name="Forening", organisation_number="10150817"
    )
    with pytest.raises(ValidationError) as refused:
        services.organisation_create(
            by=None, municipality=norway, name="Feil", organisation_number="974760674"
        )
    assert "kontrollsiffer" in refused.value.message_dict["organisation_number"][0]
    assert set(Organisation.objects.values_list("name", flat=True)) == {"Lag", "Forening"}
