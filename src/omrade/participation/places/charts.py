"""Simple horizontal bar charts as server-side SVG (attendance per month, per age group).

Each bar carries its label and its number as text, so nothing is told by colour or length
alone; the page shows the same figures in a table, the chart's text alternative. Texts are
escaped. No inline styles (the Content-Security-Policy forbids them): classes only.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH = 150, 330, 60
ROW_HEIGHT, BAR_HEIGHT = 28, 18


def bar_chart(
    bars: list[tuple[str, int]], *, title: str, description: str, chart_id: str
) -> SafeString | None:
    """A bar per (label, value); None when every value is zero (nothing to draw)."""
    largest = max((value for _label, value in bars), default=0)
    if largest <= 0:
        return None
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = ROW_HEIGHT * len(bars) + 8
    rows: list[str] = []
    for number, (label, value) in enumerate(bars):
        top = 4 + number * ROW_HEIGHT
        length = round(BAR_WIDTH * value / largest, 1)
        middle = top + BAR_HEIGHT / 2 + 5
        rows.append(
            f'<g class="omr-bar-row">'
            f'<text class="omr-bar-label" x="{LABEL_WIDTH - 8}" y="{middle:g}" '
            f'text-anchor="end">{escape(label)}</text>'
            f'<rect class="omr-bar" x="{LABEL_WIDTH}" y="{top}" width="{length:g}" '
            f'height="{BAR_HEIGHT}"/>'
            f'<text class="omr-bar-value" x="{LABEL_WIDTH + length + 6:g}" '
            f'y="{middle:g}">{value}</text></g>'
        )
    svg = (
        f'<svg class="omr-bar-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"{''.join(rows)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text above is escaped
