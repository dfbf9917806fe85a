"""The input register's counts as a server-side SVG bar chart (one bar per theme or area).

The chart repeats the totals of the table beside it, which is its text alternative; each
bar carries its label and number as text, so nothing is told by colour or length alone.
Every text is escaped.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from omrade.participation.core.register import CountTable

LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT, GAP = 220, 360, 24, 6
MAX_LABEL = 30


def counts_chart_svg(table: CountTable) -> SafeString | None:
    """Horizontal bars of each row's total, or None when there is nothing to count."""
    if not table.rows or table.largest == 0:
        return None
    width = LABEL_WIDTH + BAR_WIDTH + 60
    height = len(table.rows) * (ROW_HEIGHT + GAP) + GAP
    title = (
        _("Antall innspill per tema") if table.by == "theme" else _("Antall innspill per område")
    )
    parts = [
        f'<svg class="omr-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="counts-chart-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="counts-chart-title">{escape(title)}</title>',
    ]
    for index, row in enumerate(table.rows):
        y = GAP + index * (ROW_HEIGHT + GAP)
        length = max(2, round(BAR_WIDTH * row.total / table.largest))
        label = row.label if len(row.label) <= MAX_LABEL else row.label[: MAX_LABEL - 1] + "…"
        parts.append(
            f"<g><title>{escape(row.label)}: {row.total}</title>"
            f'<text class="omr-chart-text" x="{LABEL_WIDTH - 8}" y="{y + ROW_HEIGHT - 7}" '
            f'text-anchor="end">{escape(label)}</text>'
            f'<rect class="omr-ideas-bar" x="{LABEL_WIDTH}" y="{y}" width="{length}" '
            f'height="{ROW_HEIGHT}"/>'
            f'<text class="omr-chart-text" x="{LABEL_WIDTH + length + 6}" '
            f'y="{y + ROW_HEIGHT - 7}">{row.total}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
