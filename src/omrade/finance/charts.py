"""The money pages' chart: spent per month against the plan, cumulative, as server-side SVG
(the page shows the same figures as a table, the chart's text alternative)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from omrade.areas.charts import Line, line_chart
from omrade.finance.selectors import MonthSpending


def month_labels() -> list[str]:
    """Short month names in the reader's language (Django's own translations)."""
    return [str(MONTHS_3[month]) for month in range(1, 13)]


def spending_chart(months: Sequence[MonthSpending], *, year: int) -> SafeString:
    """Cumulative spending against the allocation spread evenly over the year; empty when
    there is neither plan nor spending."""
    if not any(row.cumulative or row.planned_cumulative for row in months):
        return SafeString("")
    return line_chart(
        periods=month_labels(),
        lines=[
            Line(_("Brukt (akkumulert)"), [float(row.cumulative) for row in months]),
            Line(_("Plan (akkumulert)"), [float(row.planned_cumulative) for row in months]),
        ],
        summary=_("Brukt per måned mot plan i %(year)s, akkumulert; tallene står i tabellen.")
        % {"year": year},
    )
