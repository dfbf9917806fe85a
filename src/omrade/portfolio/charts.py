"""The benefits map (gevinstkart) as server-side SVG: measures → benefits → goals.

Three columns of boxes joined by lines; the page shows the same links as a table, which is
the drawing's text alternative. Every text is escaped.
"""

from __future__ import annotations

import textwrap

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from omrade.portfolio.selectors import BenefitsMap

BOX_WIDTH, COLUMN_GAP, ROW_GAP = 250, 70, 14
LINE_HEIGHT, PADDING, WRAP, MAX_LINES = 16, 10, 36, 3
COLUMNS = {"measure": 0, "benefit": BOX_WIDTH + COLUMN_GAP, "goal": 2 * (BOX_WIDTH + COLUMN_GAP)}


def _lines(text: str) -> list[str]:
    lines = textwrap.wrap(text, WRAP) or ["–"]
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], lines[MAX_LINES - 1][: WRAP - 1] + "…"]
    return lines


def _height(lines: list[str]) -> int:
    return len(lines) * LINE_HEIGHT + 2 * PADDING


def _box(x: float, y: float, lines: list[str], css: str) -> str:
    height = _height(lines)
    texts = "".join(
        f'<text class="omr-chart-text" x="{x + PADDING:g}" '
        f'y="{y + PADDING + (number + 1) * LINE_HEIGHT - 4:g}">{escape(line)}</text>'
        for number, line in enumerate(lines)
    )
    return (
        f'<rect class="omr-chart-box omr-chart-box--{css}" x="{x:g}" y="{y:g}" '
        f'width="{BOX_WIDTH}" height="{height}" rx="4"/>{texts}'
    )


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    middle = x1 + (x2 - x1) / 2
    return f'<path class="omr-chart-line" d="M{x1:g},{y1:g} H{middle:g} V{y2:g} H{x2:g}"/>'


def benefits_map_svg(benefit_map: BenefitsMap) -> SafeString | None:
    """The map as inline SVG, or None when no measure has a benefit yet."""
    if not benefit_map.links:
        return None
    parts: list[str] = []
    boxes: list[str] = []
    # Benefits, one row each, grouped by measure; a measure box sits level with its first.
    top = 0.0
    benefit_middle: dict[int, float] = {}
    measure_middle: dict[int, float] = {}
    for link in benefit_map.links:
        benefit = link.benefit
        lines = _lines(f"{benefit.description} ({link.label})")
        height = _height(lines)
        boxes.append(_box(COLUMNS["benefit"], top, lines, benefit.kind))
        benefit_middle[benefit.pk] = top + height / 2
        if benefit.measure_id not in measure_middle:
            measure_lines = _lines(benefit.measure.title)
            boxes.append(_box(COLUMNS["measure"], top, measure_lines, "measure"))
            measure_middle[benefit.measure_id] = top + _height(measure_lines) / 2
        top += height + ROW_GAP
    bottom = top
    goal_middle: dict[int, float] = {}
    top = 0.0
    for goal in benefit_map.goals:
        lines = _lines(f"{goal.get_kind_display()}: {goal.text}")
        boxes.append(_box(COLUMNS["goal"], top, lines, "goal"))
        goal_middle[goal.pk] = top + _height(lines) / 2
        top += _height(lines) + ROW_GAP
    bottom = max(bottom, top)
    for link in benefit_map.links:
        benefit = link.benefit
        parts.append(
            _line(
                COLUMNS["measure"] + BOX_WIDTH,
                measure_middle[benefit.measure_id],
                COLUMNS["benefit"],
                benefit_middle[benefit.pk],
            )
        )
        if benefit.goal_id in goal_middle:
            parts.append(
                _line(
                    COLUMNS["benefit"] + BOX_WIDTH,
                    benefit_middle[benefit.pk],
                    COLUMNS["goal"],
                    goal_middle[benefit.goal_id],
                )
            )
    width = COLUMNS["goal"] + BOX_WIDTH + 2
    total_height = max(bottom - ROW_GAP, 0) + 2
    label = _("Gevinstkart: tiltak til venstre, gevinster i midten, mål til høyre")
    return mark_safe(  # noqa: S308 — every text above went through escape()
        f'<svg class="omr-benefits-map" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(label)}" focusable="false" '
        f'width="{width:g}" height="{total_height:g}" '
        f'viewBox="-1 -1 {width:g} {total_height:g}">{"".join(parts)}{"".join(boxes)}</svg>'
    )
