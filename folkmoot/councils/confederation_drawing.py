"""The overview drawing of the confederation: server-rendered SVG, no script.

Councils stand in columns by level, top level on the left, joined by lines to the councils
they send delegates to; right of each council, one box counts its assemblies.
A column holds at most ``MAX_COLUMN`` boxes, so the drawing stays small however big the
network.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from .confederation import CouncilNode, CouncilRow


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
    # Its text, worked out only for the boxes drawn (a big network's column shows few of its
    # items): the lines, and how many of the first are the name, in bold.
    text: Callable[[], tuple[list[str], int]]
    themed: bool = False
    parents: list[int] = field(default_factory=list)
    council_id: int = 0
    name: str = ""


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
    more = _Item(text=lambda: ([_("and %(n)s more") % {"n": rest}], 1))
    return [*items[: MAX_COLUMN - 1], more]


def _council_text(node: CouncilNode, council: CouncilRow) -> tuple[list[str], int]:
    seats = node.seat_count
    about = [council.level.capitalize()]
    if council.theme:
        about.append(council.theme)
    filled = ngettext("%(n)s seat", "%(n)s seats", seats.seats) % {"n": seats.seats}
    if seats.vacant:
        filled += ", " + _("%(n)s vacant") % {"n": seats.vacant}
    name = _wrap(council.name)
    return [*name, " · ".join(about), filled], len(name)


def _assembly_text(node: CouncilNode, legitimacy: bool) -> tuple[list[str], int]:
    count = node.assembly_count
    return [
        ngettext("%(n)s assembly", "%(n)s assemblies", count) % {"n": count},
        _("%(n)s legitimate") % {"n": node.legitimate_count}
        if legitimacy
        else _("legitimacy: on its page"),
    ], 1


def _unattached_text(unattached: int) -> tuple[list[str], int]:
    return [
        ngettext("%(n)s assembly", "%(n)s assemblies", unattached) % {"n": unattached},
        _("on no council yet"),
    ], 1


def draw(
    roots: Sequence[CouncilNode],
    councils: Mapping[int, CouncilRow],
    parents: Mapping[int, list[int]],
    *,
    unattached: int,
    assemblies: int,
    legitimacy: bool = True,
) -> Drawing:
    """Councils in columns by level, top level on the left (where a phone's screen starts),
    each joined to the councils it sends delegates to (``parents``: by council id, the ids of
    the councils it sits on), and a last column with each council's assemblies as one box.
    Each box sits level with the councils it sends delegates to, as far as the boxes above it
    allow."""
    nodes: dict[int, CouncilNode] = {}

    def collect(node: CouncilNode) -> None:
        nodes[node.pk] = node
        for member in node.member_councils:
            if member.council is not None:
                collect(member.council)

    for root in roots:
        collect(root)

    ranks = sorted({councils[pk].rank for pk in nodes}, reverse=True)
    columns: list[list[_Item]] = [[] for _rank in ranks]
    for pk, node in nodes.items():
        council = councils[pk]
        columns[ranks.index(council.rank)].append(
            _Item(
                text=partial(_council_text, node, council),
                themed=bool(council.theme),
                parents=parents.get(pk, []),
                council_id=pk,
                name=council.name.lower(),
            )
        )
    # A council's assemblies stand in the column just right of it, so no line crosses another
    # council's box (a city-level themed council's assemblies sit among the district councils).
    bottom: list[_Item] = []
    for pk, node in nodes.items():
        if not node.assembly_count:
            continue
        council = councils[pk]
        item = _Item(
            text=partial(_assembly_text, node, legitimacy),
            themed=bool(council.theme),
            parents=[pk],
            name="\ufffe" + council.name.lower(),  # below the councils of that column
        )
        column = ranks.index(council.rank) + 1
        (columns[column] if column < len(columns) else bottom).append(item)
    if unattached:
        bottom.append(
            _Item(
                text=partial(_unattached_text, unattached),
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

        def place(item: _Item) -> tuple[bool, float, str]:
            want = wanted(item)
            return (want is None, want or 0, item.name)

        order = sorted(items, key=place)
        y = MARGIN
        for item in _more(order):
            want = wanted(item)
            top = max(int(want), y) if want is not None else y
            text, bold = item.text()
            box = Box(
                x=x,
                y=top,
                lines=text,
                themed=item.themed,
                width=BOX_W,
                height=BOX_H,
                bold=bold,
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
        "councils": ngettext("%(n)s council", "%(n)s councils", len(councils))
        % {"n": len(councils)},
        "assemblies": ngettext("%(n)s assembly", "%(n)s assemblies", assemblies)
        % {"n": assemblies},
    }
    return Drawing(width=width, height=height, boxes=boxes, lines=lines, description=description)
