"""Organisation numbers and their check digits (modulus 11).

- Norway: the organisasjonsnummer in Enhetsregisteret has 9 digits; the last is a check digit
  over the first eight with the weights 3, 2, 7, 6, 5, 4, 3, 2 (11 − sum mod 11; 11 gives 0, and
  a remainder that would give 10 is never issued).
- Denmark: the CVR number has 8 digits whose weighted sum with 2, 7, 6, 5, 4, 3, 2, 1 is
  divisible by 11.

Grant applications (issue 14) and the directory both check numbers here, so a mistyped number
is caught where it is typed.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

NORWEGIAN_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
DANISH_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def norwegian_check_digit(first_eight: str) -> int | None:
    """The check digit for the first eight digits, or None when no valid number has them."""
    remainder = sum(int(d) * w for d, w in zip(first_eight, NORWEGIAN_WEIGHTS, strict=True)) % 11
    digit = (11 - remainder) % 11
    return None if digit == 10 else digit


def organisation_number_problem(number: str, *, danish: bool) -> str | None:
    """Why `number` is not a valid Norwegian (or, `danish`, Danish CVR) organisation number;
    None when it is."""
    if danish:
        if len(number) != 8 or not number.isdigit():
            return _("Et CVR-nummer har 8 sifre.")
        if sum(int(d) * w for d, w in zip(number, DANISH_WEIGHTS, strict=True)) % 11:
            return _("CVR-nummeret %(number)s har feil kontrollsiffer.") % {"number": number}
        return None
    if len(number) != 9 or not number.isdigit():
        return _("Et organisasjonsnummer har 9 sifre.")
    if norwegian_check_digit(number[:8]) != int(number[8]):
        return _("Organisasjonsnummeret %(number)s har feil kontrollsiffer.") % {"number": number}
    return None
