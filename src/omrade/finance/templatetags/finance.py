"""Template helpers for money: amounts in kroner with øre, whether the reader sees the
programme's «Økonomi» tab, and the money sections of a measure's and an action plan's pages
(they read `request.user` from the context and render nothing for those not allowed)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils import timezone

from omrade.finance import selectors
from omrade.finance.forms import ForecastForm
from omrade.finance.permissions import (
    can_enter_forecast,
    can_view_all_finance,
    can_view_finance,
    can_view_measure_finance,
    coordinated_sub_programmes,
)
from omrade.portfolio.models import ActionPlan, Measure
from omrade.programmes.models import Programme

register = template.Library()

LAST_TRANSACTIONS = 10


@register.filter
def kr(value: Decimal | int | None) -> str:
    """An amount with øre and thousands grouped in the reader's language: «12 345,60»."""
    if value is None or value == "":
        return "–"
    return str(floatformat(value, "2g"))


@register.simple_tag(takes_context=True)
def finance_tab_visible(context: dict[str, Any]) -> bool:
    """May the reader see the programme's money pages (the «Økonomi» tab)?"""
    request, programme = context.get("request"), context.get("programme")
    if request is None or not isinstance(programme, Programme):
        return False
    return can_view_finance(request.user, programme)


def _user(context: dict[str, Any]) -> Any:
    request = context.get("request")
    return None if request is None else request.user


@register.inclusion_tag("finance/_measure_money.html", takes_context=True)
def measure_money(context: dict[str, Any], measure: Measure) -> dict[str, Any]:
    """A measure's money per year and its latest transactions, with the forecast form for
    those who enter it; nothing for a reader without the right to see the measure's money."""
    user = _user(context)
    if user is None or not can_view_measure_finance(user, measure):
        return {"visible": False}
    year = timezone.localdate().year
    programme = measure.programme
    may_forecast = can_enter_forecast(user, measure) and (
        programme.start_year <= year <= programme.end_year
    )
    return {
        "visible": True,
        "measure": measure,
        "programme": programme,
        "municipality": programme.municipality,
        "years": selectors.measure_money_years(measure),
        "transactions": selectors.transactions_of(measure)[:LAST_TRANSACTIONS],
        "current_year": year,
        "forecast_form": ForecastForm(prefix="forecast") if may_forecast else None,
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.inclusion_tag("finance/_plan_money.html", takes_context=True)
def plan_money(context: dict[str, Any], plan: ActionPlan) -> dict[str, Any]:
    """The plan's measures' allocation and spending in the plan's year."""
    user = _user(context)
    programme = plan.programme
    if user is None or not (
        can_view_all_finance(user, programme)
        or plan.sub_programme in coordinated_sub_programmes(user, programme)
    ):
        return {"visible": False}
    measure_ids = set(plan.items.values_list("measure_id", flat=True))
    finance = selectors.finance_year(programme, plan.year, sub_programmes=[plan.sub_programme])
    rows = [row for row in finance.measures if row.measure.pk in measure_ids]
    total = selectors.Figures()
    for row in rows:
        total.add(row.figures)
    return {
        "visible": True,
        "plan": plan,
        "programme": programme,
        "municipality": programme.municipality,
        "rows": rows,
        "total": total,
        "synthetic": finance.synthetic,
    }
