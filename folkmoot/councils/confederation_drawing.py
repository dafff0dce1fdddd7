"""The overview drawing of the confederation: server-rendered SVG, no script.

Councils stand in columns by level, top level on the left, joined by lines to the councils
they send delegates to; right of each council, one box counts its assemblies.
A column holds at most ``MAX_COLUMN`` boxes, so the drawing stays small however big the
network.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from .confederation import CouncilNode, Snapshot


@dataclass
class Box:
    x: int
    y: int
    lines: list[str]
    themed: bool = False
    width: int = 0
    height: int = 0
    bold: int = 1  # the first lines, the name, are in bold

    @property
    def middle(self) -> int:
        return self.x + self.width // 2

    @property
    def texts(self) -> list[tuple[int, str, bool]]:
        """Each line of text with its baseline, 16 units apart, and whether it is bold."""
        top = self.y + (self.height - 16 * len(self.lines)) // 2 + 12
        return [(top + 16 * i, text, i < self.bold) for i, text in enumerate(self.lines)]


@dataclass
class Line:
    x1: int
    y1: int
    x2: int
    y2: int


@dataclass
class Drawing:
    width: int
    height: int
    boxes: list[Box]
    lines: list[Line]
    description: str


BOX_W, BOX_H, COLUMN_GAP, ROW_STEP, MARGIN = 176, 80, 40, 92, 12
MAX_COLUMN = 12  # boxes per column; the rest are one "and N more" box
NAME_CHARS = 20


@dataclass
class _Item:
    lines: list[str]
    themed: bool = False
    parents: list[int] = field(default_factory=list)
    council_id: int = 0
    name: str = ""
    bold: int = 1


def _short(text: str, limit: int = NAME_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _wrap(name: str) -> list[str]:
    """A name on one line, or two split between words; longer names end in "…"."""
    if len(name) <= NAME_CHARS:
        return [name]
    first, words = "", name.split()
    while words and len(f"{first} {words[0]}".strip()) <= NAME_CHARS:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # one very long word
        return [_short(name)]
    return [first, _short(" ".join(words))]


def _more(items: list[_Item]) -> list[_Item]:
    if len(items) <= MAX_COLUMN:
        return items
    rest = len(items) - MAX_COLUMN + 1
    return [*items[: MAX_COLUMN - 1], _Item(lines=[_("and %(n)s more") % {"n": rest}])]


def _council_item(node: CouncilNode, parents: list[int]) -> _Item:
    council, seats = node.council, node.seat_count
    about = [council.level.name.capitalize()]
    if council.theme:
        about.append(council.theme.name)
    filled = ngettext("%(n)s seat", "%(n)s seats", seats.seats) % {"n": seats.seats}
    if seats.vacant:
        filled += ", " + _("%(n)s vacant") % {"n": seats.vacant}
    name = _wrap(council.name)
    return _Item(
        lines=[*name, " · ".join(about), filled],
        bold=len(name),
        themed=bool(council.theme),
        parents=parents,
        council_id=council.pk,
        name=council.name.lower(),
    )


def draw(
    roots: Sequence[CouncilNode],
    snap: Snapshot,
    unattached: int,
    assemblies: int,
    *,
    legitimacy: bool = True,
) -> Drawing:
    """Councils in columns by level, top level on the left (where a phone's screen starts),
    each joined to the councils it sends delegates to, and a last column with each council's
    assemblies as one box. Each box sits level with the councils it sends delegates to, as
    far as the boxes above it allow."""
    nodes: dict[int, CouncilNode] = {}

    def collect(node: CouncilNode) -> None:
        nodes[node.council.pk] = node
        for member in node.member_councils:
            if member.council is not None:
                collect(member.council)

    for root in roots:
        collect(root)
    parents: dict[int, list[int]] = defaultdict(list)
    for council_id, members in snap.members.items():
        for member in members:
            if member.member_council_id:
                parents[member.member_council_id].append(council_id)

    ranks = sorted({n.council.level.rank for n in nodes.values()}, reverse=True)
    columns: list[list[_Item]] = [
        [
            _council_item(node, parents.get(node.council.pk, []))
            for node in nodes.values()
            if node.council.level.rank == rank
        ]
        for rank in ranks
    ]
    # A council's assemblies stand in the column just right of it, so no line crosses another
    # council's box (a city-level themed council's assemblies sit among the district councils).
    bottom: list[_Item] = []
    for node in nodes.values():
        if not node.assemblies:
            continue
        item = _Item(
            lines=[
                ngettext("%(n)s assembly", "%(n)s assemblies", len(node.assemblies))
                % {"n": len(node.assemblies)},
                _("%(n)s legitimate") % {"n": node.legitimate_count}
                if legitimacy
                else _("legitimacy: on its page"),
            ],
            themed=bool(node.council.theme),
            parents=[node.council.pk],
            name="\ufffe" + node.council.name.lower(),  # below the councils of that column
        )
        column = ranks.index(node.council.level.rank) + 1
        (columns[column] if column < len(columns) else bottom).append(item)
    if unattached:
        bottom.append(
            _Item(
                lines=[
                    ngettext("%(n)s assembly", "%(n)s assemblies", unattached) % {"n": unattached},
                    _("on no council yet"),
                ],
                name="\uffff",  # last
            )
        )
    if bottom:
        columns.append(bottom)

    boxes: list[Box] = []
    lines: list[Line] = []
    where: dict[int, Box] = {}
    for c, items in enumerate(columns):
        x = MARGIN + c * (BOX_W + COLUMN_GAP)

        def wanted(item: _Item) -> float | None:
            above = [where[p].y for p in item.parents if p in where]
            return sum(above) / len(above) if above else None

        order = sorted(items, key=lambda item: (wanted(item) is None, wanted(item) or 0, item.name))
        y = MARGIN
        for item in _more(order):
            want = wanted(item)
            top = max(int(want), y) if want is not None else y
            box = Box(
                x=x,
                y=top,
                lines=item.lines,
                themed=item.themed,
                width=BOX_W,
                height=BOX_H,
                bold=item.bold,
            )
            boxes.append(box)
            y = top + ROW_STEP
            if item.council_id:
                where[item.council_id] = box
            for parent_id in item.parents:
                parent = where.get(parent_id)
                if parent is not None:
                    lines.append(
                        Line(
                            parent.x + BOX_W,
                            parent.y + BOX_H // 2,
                            box.x,
                            box.y + BOX_H // 2,
                        )
                    )

    width = MARGIN * 2 + max(len(columns), 1) * (BOX_W + COLUMN_GAP) - COLUMN_GAP
    height = max((b.y + BOX_H for b in boxes), default=0) + MARGIN
    description = _(
        "A drawing of the network: %(councils)s and %(assemblies)s. Each box is a council, "
        "top level on the left, joined by lines to the councils it sends delegates to; a box "
        "right of each council counts its assemblies. Boxes with a dashed edge are themed. "
        "The list below says the same in words, seat by seat."
    ) % {
        "councils": ngettext("%(n)s council", "%(n)s councils", len(snap.councils))
        % {"n": len(snap.councils)},
        "assemblies": ngettext("%(n)s assembly", "%(n)s assemblies", assemblies)
        % {"n": assemblies},
    }
    return Drawing(width=width, height=height, boxes=boxes, lines=lines, description=description)
