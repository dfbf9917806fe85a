"""Refusals every money write shares: amounts, closed years, the programme's currency."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from omrade.finance.models import ClosedYear
from omrade.programmes.models import Programme
from omrade.tenancy.selectors import AnyUser

# No area-based initiative handles ten billion kroner in a year: a larger figure is a typo.
MAX_AMOUNT = Decimal("10000000000")
ORE = Decimal("0.01")


def checked_amount(amount: Decimal, field: str = "amount") -> Decimal:
    """A money amount in kroner with at most øre, not negative, not absurd."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValidationError({field: _("Beløpet må være et tall.")})
    if amount < 0:
        raise ValidationError({field: _("Beløpet kan ikke være negativt.")})
    if amount >= MAX_AMOUNT:
        raise ValidationError({field: _("Beløpet er urimelig stort.")})
    if amount != amount.quantize(ORE):
        raise ValidationError({field: _("Beløpet kan ha høyst to desimaler (øre).")})
    return amount.quantize(ORE)


def checked_year(programme: Programme, year: int) -> int:
    """A year of the programme that is not closed."""
    if not programme.start_year <= year <= programme.end_year:
        raise ValidationError(
            {
                "year": _("Året må ligge i programperioden %(start)s–%(end)s.")
                % {"start": programme.start_year, "end": programme.end_year}
            }
        )
    if ClosedYear.objects.filter(programme=programme, year=year).exists():
        raise ValidationError(
            {"year": _("%(year)s er avsluttet og kan ikke endres.") % {"year": year}}
        )
    return year


def actor_id(by: AnyUser | None) -> int | None:
    """The user to store as who made a change (None: the system or an anonymous caller)."""
    return by.pk if by is not None and by.is_authenticated else None


def kroner(amount: Decimal) -> str:
    """An amount as a message shows it: grouped, with øre, in the active language."""
    return number_format(amount.quantize(ORE), 2, use_l10n=True, force_grouping=True)
