"""The money pages' chart: spent per month against the plan, cumulative, as server-side SVG
(the page shows the same figures as a table, the chart's text alternative)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from omrade.areas.charts import Line, line_chart
from omrade.finance.selectors import MonthSpending

MILLION, THOUSAND = Decimal(1_000_000), Decimal(1_000)


def month_labels() -> list[str]:
    """Short month names in the reader's language (Django's own translations)."""
    return [str(MONTHS_3[month]) for month in range(1, 13)]


def spending_chart(months: Sequence[MonthSpending], *, year: int, as_of: date) -> SafeString:
    """Cumulative spending against the allocation spread evenly over the year, in millions
    or thousands of kroner so the axis reads plainly; the months still to come in the current
    year have no spending line. Empty when there is neither plan nor spending."""
    top = max((max(row.cumulative, row.planned_cumulative) for row in months), default=0)
    if not top:
        return SafeString("")
    scale, unit = (MILLION, _("mill. kr")) if top >= MILLION else (THOUSAND, _("1000 kr"))
    last_month = as_of.month if as_of.year == year else 12 if as_of.year > year else 0
    spent = [float(row.cumulative / scale) if row.month <= last_month else None for row in months]
    return line_chart(
        periods=month_labels(),
        lines=[
            Line(_("Brukt (%(unit)s)") % {"unit": unit}, spent),
            Line(
                _("Plan (%(unit)s)") % {"unit": unit},
                [float(row.planned_cumulative / scale) for row in months],
            ),
        ],
        summary=_("Brukt per måned mot plan i %(year)s, akkumulert; tallene står i tabellen.")
        % {"year": year},
        zero_based=True,
    )
