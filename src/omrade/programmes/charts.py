"""The organisation chart, drawn from a programme's roles and bodies as server-side SVG."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from omrade.programmes.models import (
    Body,
    BodyKind,
    Holder,
    Programme,
    ProgrammeRole,
    RoleKind,
    SubProgramme,
)
from omrade.programmes.selectors import bodies_of, roles_of


def share_text(share: Decimal | None) -> str:
    return "" if share is None else f"{number_format(share.normalize())}\N{NO-BREAK SPACE}%"


# The line of command from top to bottom; a body of the matching kind joins its role's box.
CHAIN = [
    RoleKind.COMMISSIONER,
    RoleKind.OWNER,
    RoleKind.BOARD,
    RoleKind.MANAGER,
    RoleKind.CHANGE_TEAM,
]
TEAM = [RoleKind.SUB_PROGRAMME_COORDINATOR, RoleKind.AREA_DEVELOPER, RoleKind.SUPPORT]
SIDE_ROLES = [RoleKind.RESOURCE_GROUP, RoleKind.REFERENCE_GROUP, RoleKind.OTHER]
BODY_FOR_ROLE = {
    RoleKind.BOARD: BodyKind.BOARD,
    RoleKind.CHANGE_TEAM: BodyKind.CHANGE_TEAM,
    RoleKind.RESOURCE_GROUP: BodyKind.RESOURCE_GROUP,
    RoleKind.REFERENCE_GROUP: BodyKind.REFERENCE_GROUP,
}
SIDE_BODIES = [BodyKind.LOCAL_COMMITTEE, BodyKind.OTHER]


@dataclass
class ChartNode:
    """One box of the chart: a role and/or body, who fills it, and the boxes under it."""

    label: str
    kind: str
    lines: list[str] = field(default_factory=list)
    children: list[ChartNode] = field(default_factory=list)
    emphasis: bool = False


@dataclass
class Chart:
    roots: list[ChartNode]
    side: list[ChartNode]
    anchor: ChartNode | None  # the box the side groups are drawn next to

    @property
    def empty(self) -> bool:
        return not self.roots and not self.side


def _holder_line(holder: Holder, label: str) -> str:
    """Who holds the role, what for and how much; the office is left out where it only
    repeats the role's name (three «Områdeutvikler» for three meeting places)."""
    who = holder.display_name
    parts = [who] if who.casefold() != label.casefold() or not holder.note else []
    if holder.note:
        parts.append(holder.note)
    line = " – ".join(parts)
    return f"{line} ({share_text(holder.share)})" if holder.share is not None else line


def _member_lines(body: Body) -> list[str]:
    return [member.display_name for member in body.members.all()]


def _sub_programme_lines(sub_programme: SubProgramme | None) -> list[str]:
    """The sub-programme a working group serves, and the coordinator who leads it."""
    if sub_programme is None:
        return []
    lines = [_("Delprogram: %(name)s") % {"name": sub_programme.name}]
    if sub_programme.coordinator is not None:
        lines.append(_("Ledes av %(name)s") % {"name": sub_programme.coordinator.name})
    return lines


def _node(
    kind_label: str, roles: list[ProgrammeRole], bodies: list[Body], *, emphasis: bool = False
) -> ChartNode | None:
    if not roles and not bodies:
        return None
    label = " / ".join([str(role) for role in roles] or [body.name for body in bodies])
    lines = [_holder_line(holder, str(role)) for role in roles for holder in role.holders.all()]
    lines += [line for body in bodies for line in _member_lines(body)]
    return ChartNode(label=label, kind=kind_label, lines=lines, emphasis=emphasis)


def build_chart(programme: Programme) -> Chart:
    """The programme's roles and bodies as a tree: the chain of command, the change team,
    working groups per sub-programme, and advisory groups to the side."""
    roles = list(roles_of(programme))
    bodies = list(bodies_of(programme))

    def roles_of_kind(kind: str) -> list[ProgrammeRole]:
        return [role for role in roles if role.kind == kind]

    def bodies_of_kind(kind: str) -> list[Body]:
        return [body for body in bodies if body.kind == kind]

    chain: list[ChartNode] = []
    team_node: ChartNode | None = None
    board_node: ChartNode | None = None
    for kind in CHAIN:
        matching = bodies_of_kind(BODY_FOR_ROLE[kind]) if kind in BODY_FOR_ROLE else []
        node = _node(
            str(kind.label), roles_of_kind(kind), matching, emphasis=kind == RoleKind.CHANGE_TEAM
        )
        if node is not None:
            chain.append(node)
            team_node = node if kind == RoleKind.CHANGE_TEAM else team_node
            board_node = node if kind == RoleKind.BOARD else board_node

    team: list[ChartNode] = []
    coordinators: ChartNode | None = None
    for kind in TEAM:
        node = _node(str(kind.label), roles_of_kind(kind), [])
        if node is not None:
            team.append(node)
            coordinators = node if kind == RoleKind.SUB_PROGRAMME_COORDINATOR else coordinators
    if team and team_node is None:
        team_node = ChartNode(label=str(RoleKind.CHANGE_TEAM.label), kind="", emphasis=True)
        chain.append(team_node)
    if team_node is not None:
        team_node.children.extend(team)

    working_groups = [
        ChartNode(
            label=body.name,
            kind=body.get_kind_display(),
            lines=[*_sub_programme_lines(body.sub_programme), *_member_lines(body)],
        )
        for body in bodies_of_kind(BodyKind.WORKING_GROUP)
    ]
    parent = coordinators or team_node or (chain[-1] if chain else None)
    for index in range(1, len(chain)):
        chain[index - 1].children.insert(0, chain[index])
    roots = chain[:1]
    if parent is not None:
        parent.children.extend(working_groups)
    else:
        roots = working_groups

    side = [
        node
        for kind in SIDE_ROLES
        if (
            node := _node(
                str(kind.label),
                roles_of_kind(kind),
                bodies_of_kind(BODY_FOR_ROLE[kind]) if kind in BODY_FOR_ROLE else [],
            )
        )
        is not None
    ]
    side += [
        ChartNode(
            label=body.name,
            kind=body.get_kind_display(),
            lines=_member_lines(body),
        )
        for kind in SIDE_BODIES
        for body in bodies_of_kind(kind)
    ]
    return Chart(roots=roots, side=side, anchor=board_node or (roots[0] if roots else None))


# Drawing: a tidy tree, each box as wide as BOX_WIDTH, children centred under their parent.
BOX_WIDTH, GAP_X, GAP_Y, PAD = 210, 20, 44, 10
TITLE_LINE, TEXT_LINE, MAX_LINES = 18, 16, 8
TITLE_CHARS, TEXT_CHARS = 24, 31


@dataclass
class _Box:
    node: ChartNode
    title: list[str]
    text: list[str]
    x: float = 0
    y: float = 0

    @property
    def height(self) -> float:
        return 2 * PAD + TITLE_LINE * len(self.title) + TEXT_LINE * len(self.text)


def _box(node: ChartNode) -> _Box:
    """A box's text: the title wrapped, each line wrapped to two rows at most, and at most
    MAX_LINES rows of text, the last saying how many more there are."""
    title = textwrap.wrap(node.label, TITLE_CHARS, max_lines=3, placeholder="…") or ["–"]
    text: list[str] = []
    for index, line in enumerate(node.lines):
        rows = textwrap.wrap(line, TEXT_CHARS, max_lines=2, placeholder="…") or ["–"]
        left = len(node.lines) - index
        if len(text) + len(rows) > MAX_LINES - (1 if left > 1 else 0):
            text.append(_("… og %(count)s til") % {"count": left})
            break
        text += rows
    return _Box(node=node, title=title, text=text)


def _width(node: ChartNode) -> float:
    if not node.children:
        return BOX_WIDTH
    children = sum(_width(child) for child in node.children) + GAP_X * (len(node.children) - 1)
    return max(BOX_WIDTH, children)


def _layout(
    node: ChartNode, left: float, depth: int, boxes: dict[int, _Box], depths: dict[int, int]
) -> None:
    box = boxes[id(node)]
    width = _width(node)
    box.x = left + (width - BOX_WIDTH) / 2
    depths[id(node)] = depth
    children = sum(_width(child) for child in node.children) + GAP_X * (len(node.children) - 1)
    start = left + (width - children) / 2
    for child in node.children:
        _layout(child, start, depth + 1, boxes, depths)
        start += _width(child) + GAP_X


def _walk(nodes: Iterable[ChartNode]) -> Iterable[ChartNode]:
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _svg_box(box: _Box) -> str:
    css = "omr-chart-box omr-chart-box--team" if box.node.emphasis else "omr-chart-box"
    parts = [
        f'<rect class="{css}" x="{box.x:g}" y="{box.y:g}" width="{BOX_WIDTH}" '
        f'height="{box.height:g}" rx="4"/>'
    ]
    y = box.y + PAD
    for line in box.title:
        y += TITLE_LINE
        parts.append(
            f'<text class="omr-chart-title" x="{box.x + BOX_WIDTH / 2:g}" y="{y - 4:g}">'
            f"{escape(line)}</text>"
        )
    for line in box.text:
        y += TEXT_LINE
        parts.append(
            f'<text class="omr-chart-text" x="{box.x + BOX_WIDTH / 2:g}" y="{y - 4:g}">'
            f"{escape(line)}</text>"
        )
    return "".join(parts)


def render_chart_svg(chart: Chart, label: str) -> SafeString:
    """The chart as inline SVG; every text is escaped. `label` becomes its aria-label."""
    nodes = list(_walk(chart.roots))
    boxes = {id(node): _box(node) for node in [*nodes, *chart.side]}
    depths: dict[int, int] = {}
    left = 0.0
    for root in chart.roots:
        _layout(root, left, 0, boxes, depths)
        left += _width(root) + GAP_X
    main_width = max(left - GAP_X, 0)
    rows = max(depths.values(), default=-1) + 1
    row_height = [
        max((boxes[id(n)].height for n in nodes if depths[id(n)] == row), default=0)
        for row in range(rows)
    ]
    row_top = [sum(row_height[:row]) + GAP_Y * row for row in range(rows)]
    for node in nodes:
        boxes[id(node)].y = row_top[depths[id(node)]]
    parts: list[str] = []
    for node in nodes:  # connectors first, so boxes are drawn over them
        parent = boxes[id(node)]
        for child in node.children:
            below = boxes[id(child)]
            x1, y1 = parent.x + BOX_WIDTH / 2, parent.y + parent.height
            x2, y2 = below.x + BOX_WIDTH / 2, below.y
            middle = y1 + (y2 - y1) / 2
            parts.append(
                f'<path class="omr-chart-line" d="M{x1:g},{y1:g} V{middle:g} H{x2:g} V{y2:g}"/>'
            )
    # Side groups: a column to the right of the boxes beside it, level with the board (or
    # the top), joined to it by a dashed line.
    anchor = boxes[id(chart.anchor)] if chart.anchor is not None else None
    top = anchor.y if anchor is not None else 0
    stack = sum(boxes[id(node)].height + GAP_X for node in chart.side)
    beside = [
        box.x + BOX_WIDTH
        for box in (boxes[id(node)] for node in nodes)
        if box.y < top + stack and box.y + box.height > top
    ]
    side_left = max(beside) + 3 * GAP_X if beside else 0
    for node in chart.side:
        box = boxes[id(node)]
        box.x, box.y = side_left, top
        top += box.height + GAP_X
        if anchor is not None:
            x1, y1 = anchor.x + BOX_WIDTH, anchor.y + anchor.height / 2
            x2, y2 = box.x, box.y + box.height / 2
            elbow = side_left - 1.5 * GAP_X
            parts.append(
                f'<path class="omr-chart-line omr-chart-line--advisory" '
                f'd="M{x1:g},{y1:g} H{elbow:g} V{y2:g} H{x2:g}"/>'
            )
    parts += [_svg_box(boxes[id(node)]) for node in [*nodes, *chart.side]]
    width = max(main_width, side_left + BOX_WIDTH if chart.side else 0) + 2
    bottom = max((box.y + box.height for box in boxes.values()), default=0) + 2
    return mark_safe(  # noqa: S308 — every text above went through escape()
        f'<svg class="omr-org-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(label)}" focusable="false" width="{width:g}" '
        f'height="{bottom:g}" viewBox="-1 -1 {width:g} {bottom:g}">'
        f"{''.join(parts)}</svg>"
    )
