"""Small line charts drawn on the server as SVG: no chart library, works without JavaScript.

A chart is decoration for sighted readers; every chart sits beside a table with its figures,
so the SVG is labelled as an image with a short summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT, MARGIN = 560, 220, 40
# Distinguishable for colour-blind readers (Okabe–Ito), each line also has its own dash.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2")


@dataclass(frozen=True)
class Line:
    label: str
    values: Sequence[float | None]  # one per period; None leaves a gap


def line_chart(
    *,
    periods: Sequence[str],
    lines: Sequence[Line],
    summary: str,
    zero_based: bool = False,
) -> SafeString:
    """Lines over periods; the axis spans the values, or starts at zero with `zero_based`
    (amounts that add up, where a cut axis would mislead)."""
    present = [value for line in lines for value in line.values if value is not None]
    if not periods or not present:
        return SafeString("")
    low, high = min(present), max(present)
    if zero_based:
        low = min(low, 0.0)
    if high == low:
        low, high = low - 1, high + 1
    step = (WIDTH - 2 * MARGIN) / max(len(periods) - 1, 1)

    def x(position: int) -> float:
        return MARGIN + position * step

    def y(value: float) -> float:
        return HEIGHT - MARGIN - (value - low) / (high - low) * (HEIGHT - 2 * MARGIN)

    paths = []
    for number, line in enumerate(lines):
        segments, pen_down = [], False
        for position, value in enumerate(line.values):
            if value is None:
                pen_down = False
                continue
            segments.append(f"{'L' if pen_down else 'M'}{x(position):.1f},{y(value):.1f}")
            pen_down = True
        paths.append(
            (
                " ".join(segments),
                COLOURS[number % len(COLOURS)],
                DASHES[number % len(DASHES)],
            )
        )
    axis_labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>',
        (
            (f"{x(position):.1f}", HEIGHT - MARGIN + 16, period)
            for position, period in enumerate(periods)
        ),
    )
    legend = format_html_join(
        "",
        '<g><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3" '
        'stroke-dasharray="{}"/><text x="{}" y="{}" font-size="12">{}</text></g>',
        (
            (
                MARGIN + 150 * n,
                14,
                MARGIN + 150 * n + 24,
                14,
                colour,
                dash,
                MARGIN + 150 * n + 30,
                18,
                line.label,
            )
            for n, (line, (_path, colour, dash)) in enumerate(zip(lines, paths, strict=True))
        ),
    )
    drawn = format_html_join(
        "",
        '<path d="{}" fill="none" stroke="{}" stroke-width="2.5" stroke-dasharray="{}"/>',
        paths,
    )
    return format_html(
        '<svg class="omr-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<text x="4" y="{}" font-size="11">{}</text><text x="4" y="{}" font-size="11">{}</text>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#767676"/>{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        summary,
        f"{y(high):.1f}",
        _short(high),
        f"{y(low):.1f}",
        _short(low),
        MARGIN,
        HEIGHT - MARGIN,
        WIDTH - MARGIN,
        HEIGHT - MARGIN,
        axis_labels,
        drawn,
        legend,
    )


def _short(value: float) -> str:
    return f"{value:.3g}".replace(".", ",")
