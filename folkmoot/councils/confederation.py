"""The confederation as a tree: top councils down through the levels to the assemblies, with
every seat, who holds it, what is vacant and which assemblies are legitimate.

Everything is read in a fixed handful of queries (councils, member bodies, the delegates the
page names, assemblies, then the legitimacy verdicts) and put together here, so the page costs
the same for a city as for a country. Past ``EXPAND_LIMIT`` member bodies the tree stops at
the councils and shows counts of their assemblies with a link to each council's page, so the
page stays small on a phone. A country has thousands of councils and tens of thousands of
seats, so seats are counted in SQL and councils and member bodies read as plain rows; only
what the page names (councils, assemblies, delegates) is read as model instances.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connections
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from folkmoot.assemblies.models import Assembly, Theme
from folkmoot.delegation.models import DelegateTerm
from folkmoot.legitimacy.rules import Verdict
from folkmoot.legitimacy.services import verdicts_for

from .confederation_drawing import Drawing, draw
from .models import Council, CouncilMember

# More member bodies than this and the tree shows councils only, with counts of assemblies.
EXPAND_LIMIT = 200
# A tree this small is shown fully open; a bigger one opens only its top two levels.
OPEN_ALL_LIMIT = 40
OPEN_DEPTH = 2
# Assemblies on no council listed by name; past this, a count and a link to the directory.
UNATTACHED_LIMIT = 100
# Past this many councils, the list shows the top two levels and every council below them as
# one line linking to its page, so the page stays light (a country has thousands).
COUNCIL_LIMIT = 120
DEPTH_LIMIT = 2

# A member body's current seat holders (substitutes hold no seat), counted in SQL.
HELD = Count(
    "delegate_terms",
    filter=Q(delegate_terms__ended_at__isnull=True, delegate_terms__substitute=False),
)


# --- The pieces of the tree -------------------------------------------------------------------


@dataclass
class Seats:
    """How a member body's (or a council's) seats stand now."""

    seats: int = 0
    filled: int = 0

    @property
    def vacant(self) -> int:
        return self.seats - self.filled

    def add(self, other: Seats) -> None:
        self.seats += other.seats
        self.filled += other.filled


@dataclass
class Tally:
    """Member bodies counted in SQL rather than read one by one: how many, and their seats."""

    bodies: int = 0
    seats: Seats = field(default_factory=Seats)


class CouncilRow(NamedTuple):
    """A council as the tree and the drawing need it, read as a plain row: a country has
    thousands, and only the councils the list names are read as model instances."""

    pk: int
    name: str
    rank: int  # its level's
    level: str  # its level's name
    theme: str | None  # its theme's name


class MemberRow(NamedTuple):
    """A member body's place on a council, read as a plain row: the whole network's are read
    for the tree, and a model instance each would cost more than the rest of the page."""

    pk: int
    council_id: int
    member_council_id: int | None
    assembly_id: int | None
    seats: int
    held: int  # current seat holders (HELD), which may be more than its seats


@dataclass
class MemberNode:
    """A member body on a council: its seats, who holds them, and (assemblies) its verdict.

    ``member`` is a CouncilMember or a MemberRow, with ``held`` counted (see HELD); the
    body, and the holders and substitutes, are read only for the member bodies the page names.
    """

    member: CouncilMember | MemberRow
    body: Assembly | Council | None = None
    holders: list[DelegateTerm] = field(default_factory=list)
    substitutes: list[DelegateTerm] = field(default_factory=list)
    verdict: str | None = None
    council: CouncilNode | None = None  # a member council, drawn below it
    repeat: bool = False  # a member council already drawn elsewhere on the page
    in_brief: bool = False  # a member council past the depth limit: one line with a link

    @property
    def is_assembly(self) -> bool:
        return self.member.assembly_id is not None

    @property
    def member_council_id(self) -> int | None:
        """The member council's id (None for an assembly)."""
        return self.member.member_council_id

    @property
    def seat_count(self) -> Seats:
        return Seats(seats=self.member.seats, filled=min(self.member.held, self.member.seats))

    @property
    def seat_list(self) -> list[DelegateTerm | None]:
        """One entry per seat: the delegate holding it, or None for a vacant seat."""
        seats = list(self.holders[: self.member.seats])
        return seats + [None] * (self.member.seats - len(seats))

    @property
    def is_legitimate(self) -> bool:
        return self.verdict == Verdict.LEGITIMATE


@dataclass
class CouncilNode:
    pk: int
    members: list[MemberNode]
    council: Council | None = None  # read for the councils the page names
    depth: int = 0
    open: bool = True
    counted: Tally = field(default_factory=Tally)  # its assemblies, when not read one by one

    @property
    def seat_count(self) -> Seats:
        total = Seats()
        for member in self.members:
            total.add(member.seat_count)
        total.add(self.counted.seats)
        return total

    @property
    def body_count(self) -> int:
        return len(self.members) + self.counted.bodies

    @property
    def assemblies(self) -> list[MemberNode]:
        """The assemblies read one by one (none when they are only counted)."""
        return [m for m in self.members if m.is_assembly]

    @property
    def member_councils(self) -> list[MemberNode]:
        return [m for m in self.members if not m.is_assembly]

    @property
    def assembly_count(self) -> int:
        return len(self.assemblies) + self.counted.bodies

    @property
    def assembly_seats(self) -> Seats:
        total = Seats()
        for member in self.assemblies:
            total.add(member.seat_count)
        total.add(self.counted.seats)
        return total

    @property
    def legitimate_count(self) -> int:
        return sum(1 for m in self.assemblies if m.is_legitimate)


@dataclass
class Branch:
    """The councils at the top of the tree that share a theme (None: the general councils)."""

    theme: Theme | None
    councils: list[CouncilNode]


@dataclass
class Confederation:
    branches: list[Branch]
    unattached: list[Assembly]
    unattached_count: int
    collapsed: bool
    council_count: int
    assembly_count: int
    seats: Seats
    drawing: Drawing
    depth_limit: int = 0  # councils this deep are a line with a link (0: no limit)


# --- Reading the records ---------------------------------------------------------------------


def _tallies(members: QuerySet[CouncilMember]) -> dict[int, Tally]:
    """The given member bodies counted per council, with their seats, in one query."""
    per_body = members.order_by().values("pk", "council_id", "seats").annotate(held=HELD)
    sql, params = per_body.query.sql_with_params()
    # A body fills at most its seats, so the seats filled are summed over each body's count:
    # an aggregate of an aggregate, which the ORM does not write, so its query is wrapped (a
    # subquery per body instead is three times slower on PostgreSQL). Values stay parameters.
    with connections[per_body.db].cursor() as cursor:
        cursor.execute(
            "SELECT council_id, COUNT(*), SUM(seats),"  # noqa: S608 (it wraps the ORM's SQL)
            " SUM(CASE WHEN held < seats THEN held ELSE seats END)"
            f" FROM ({sql}) per_body GROUP BY council_id",
            params,
        )
        return {
            council_id: Tally(bodies=bodies, seats=Seats(seats=int(seats), filled=int(filled)))
            for council_id, bodies, seats, filled in cursor.fetchall()
        }


def _sort_members(
    members: Iterable[MemberNode], name: Callable[[MemberNode], str]
) -> list[MemberNode]:
    """Member councils first, then assemblies, each by name."""
    return sorted(members, key=lambda m: (m.is_assembly, name(m).lower()))


def _name_delegates(nodes: Iterable[MemberNode], terms: QuerySet[DelegateTerm]) -> None:
    """Put on each member body its current seat holders and substitutes, from ``terms``."""
    holders: dict[int, list[DelegateTerm]] = defaultdict(list)
    substitutes: dict[int, list[DelegateTerm]] = defaultdict(list)
    current = terms.filter(ended_at__isnull=True).select_related("person")
    for term in current.order_by("member_id", "pk"):
        (substitutes if term.substitute else holders)[term.member_id].append(term)
    for node in nodes:
        node.holders = holders.get(node.member.pk, [])
        node.substitutes = substitutes.get(node.member.pk, [])


def _verdict(assembly_id: int | None, verdicts: Mapping[int, object]) -> str | None:
    return (str(verdicts.get(assembly_id, "")) or None) if assembly_id else None


def council_node(council: Council) -> CouncilNode:
    """One council and its member bodies, for the council's own page (member councils are not
    opened up; their own pages do that). A fixed number of queries."""
    members = list(
        council.members.select_related(
            "assembly__theme", "assembly__area", "member_council__level", "member_council__theme"
        )
        .annotate(held=HELD)
        .order_by("pk")
    )
    verdicts = verdicts_for([m.assembly for m in members if m.assembly_id])
    node = CouncilNode(
        pk=council.pk,
        council=council,
        members=_sort_members(
            (
                MemberNode(member=m, body=m.body, verdict=_verdict(m.assembly_id, verdicts))
                for m in members
            ),
            name=lambda m: m.body.name,
        ),
    )
    _name_delegates(node.members, DelegateTerm.objects.filter(member__council=council))
    return node


def seat_summaries() -> list[tuple[Council, int, Seats]]:
    """Every council with its number of member bodies and its seats, in level order, for the
    council list (two queries)."""
    councils = Council.objects.select_related("level", "theme", "area").order_by()
    tallies = _tallies(CouncilMember.objects.all())
    return [
        (council, tally.bodies, tally.seats)
        for council in sorted(councils, key=lambda c: (c.level.rank, c.name.lower(), c.pk))
        for tally in [tallies.get(council.pk, Tally())]
    ]


def _unattached() -> list[int]:
    """The assemblies on no council, by theme and name: only their names are read here, so a
    new network of thousands costs little; the page lists the first few."""
    loose = (
        Assembly.objects.filter(~Exists(CouncilMember.objects.filter(assembly=OuterRef("pk"))))
        .order_by()
        .values_list("pk", "theme__name", "name")
    )
    return [pk for pk, _t, _n in sorted(loose, key=lambda row: (row[1] or "", row[2].lower()))]


def _council_rows() -> dict[int, CouncilRow]:
    rows = Council.objects.order_by().values_list(
        "pk", "name", "level__rank", "level__name", "theme__name"
    )
    return {row[0]: CouncilRow(*row) for row in rows}


def _member_rows() -> tuple[list[MemberRow], dict[int, Tally], int]:
    """The member bodies as plain rows, and how many there are in all. Past EXPAND_LIMIT the
    list shows no assembly on a council, so those are counted per council instead (two
    queries; the assemblies' rows are not even read when they alone pass the limit)."""
    counted = _tallies(CouncilMember.objects.filter(assembly__isnull=False))
    seated = sum(tally.bodies for tally in counted.values())
    found = CouncilMember.objects.order_by("pk")
    if seated > EXPAND_LIMIT:
        found = found.filter(member_council__isnull=False)
    rows = [
        MemberRow(*row)
        for row in found.values_list(
            "pk", "council_id", "member_council_id", "assembly_id", "seats"
        ).annotate(held=HELD)
    ]
    council_rows = [row for row in rows if row.member_council_id]
    total = len(council_rows) + seated
    if total > EXPAND_LIMIT:
        return council_rows, counted, total
    return rows, {}, total


def _grow(
    councils: dict[int, CouncilRow],
    members: dict[int, list[MemberNode]],
    counted: dict[int, Tally],
    *,
    open_all: bool,
    depth_limit: int,
) -> tuple[list[CouncilNode], list[CouncilNode]]:
    """The tree from its top councils down, each council once (where a council sits on two,
    the second place is a repeat): the top councils, and every council's node."""
    below = {m.member_council_id for ms in members.values() for m in ms if not m.is_assembly}
    order = sorted(councils.values(), key=lambda c: (-c.rank, c.name.lower(), c.pk))
    seen: set[int] = set()
    nodes: list[CouncilNode] = []

    def grow(pk: int, depth: int) -> CouncilNode:
        seen.add(pk)
        node = CouncilNode(
            pk=pk,
            members=members.get(pk, []),
            depth=depth,
            open=open_all or depth < OPEN_DEPTH,
            counted=counted.get(pk, Tally()),
        )
        nodes.append(node)
        for child in node.members:
            if child.is_assembly:
                continue
            if child.member_council_id in seen:
                child.repeat = True
            else:
                child.council = grow(child.member_council_id, depth + 1)
                child.in_brief = bool(depth_limit) and depth + 1 >= depth_limit
        return node

    roots = [grow(c.pk, 0) for c in order if c.pk not in below and c.pk not in seen]
    # A council reached from no top council (only possible through a loop in the records)
    # still appears, at the top.
    roots += [grow(c.pk, 0) for c in order if c.pk not in seen]
    return roots, nodes


def _in_words(roots: Iterable[CouncilNode]) -> tuple[list[CouncilNode], list[MemberNode]]:
    """What the list in words names (confederation_node.html): the councils shown in full,
    and the member bodies on them (below a council shown in brief, nothing)."""
    nodes: list[CouncilNode] = []
    members: list[MemberNode] = []

    def visit(node: CouncilNode) -> None:
        nodes.append(node)
        members.extend(node.members)
        for child in node.members:
            if child.council is not None and not child.in_brief:
                visit(child.council)

    for root in roots:
        visit(root)
    return nodes, members


def _name(roots: Iterable[CouncilNode]) -> None:
    """Read what the list in words names as model instances: its councils, and the delegates
    on its member bodies (two queries)."""
    nodes, members = _in_words(roots)
    named = Council.objects.select_related("level", "theme").in_bulk(
        {node.pk for node in nodes} | {m.member_council_id for m in members if not m.is_assembly}
    )
    for node in nodes:
        node.council = named[node.pk]
    for member in members:
        if not member.is_assembly:
            member.body = named[member.member_council_id]
    _name_delegates(members, DelegateTerm.objects.filter(member__in=[m.member.pk for m in members]))


# --- The whole tree --------------------------------------------------------------------------


def build() -> Confederation:
    """The whole network, top councils first, in a fixed number of queries."""
    councils = _council_rows()
    rows, counted, member_rows = _member_rows()
    collapsed = member_rows > EXPAND_LIMIT
    loose = _unattached()
    listed = loose[:UNATTACHED_LIMIT]
    seated = {row.assembly_id for row in rows if row.assembly_id}  # none when collapsed
    assemblies = Assembly.objects.select_related("theme").in_bulk([*seated, *listed])
    # An assembly is on a council or on none: with every member body read, it is counted.
    assembly_count = Assembly.objects.count() if collapsed else len(seated) + len(loose)
    # Legitimacy is worked out from each assembly's own records, about a millisecond each
    # (bench/http_load.py: 22 s for 10,321 assemblies). Past EXPAND_LIMIT the tree shows
    # counts and each council's page shows its assemblies' legitimacy, so only the assemblies
    # listed here by name are assessed.
    verdicts = {pk: str(v) for pk, v in verdicts_for(list(assemblies.values())).items()}

    members: dict[int, list[MemberNode]] = defaultdict(list)
    for row in rows:
        members[row.council_id].append(
            MemberNode(
                member=row,
                body=assemblies.get(row.assembly_id),  # a council's: once it is named
                verdict=_verdict(row.assembly_id, verdicts),
            )
        )

    def name(member: MemberNode) -> str:
        return member.body.name if member.is_assembly else councils[member.member_council_id].name

    for council_id, listed_members in members.items():
        members[council_id] = _sort_members(listed_members, name)
    depth_limit = DEPTH_LIMIT if len(councils) > COUNCIL_LIMIT else 0
    roots, nodes = _grow(
        councils,
        members,
        counted,
        open_all=member_rows <= OPEN_ALL_LIMIT,
        depth_limit=depth_limit,
    )
    _name(roots)

    branches: dict[int | None, Branch] = {}
    for root in roots:
        theme = root.council.theme
        key = theme.pk if theme else None
        branches.setdefault(key, Branch(theme=theme, councils=[])).councils.append(root)
    parents: dict[int, list[int]] = defaultdict(list)
    for council_id, listed_members in members.items():
        for member in listed_members:
            if not member.is_assembly:
                parents[member.member_council_id].append(council_id)
    seats = Seats()
    for node in nodes:
        seats.add(node.seat_count)
    unattached = [assemblies[pk] for pk in listed]
    for assembly in unattached:
        assembly.verdict = verdicts.get(assembly.pk)
    return Confederation(
        branches=sorted(
            branches.values(),
            key=lambda b: (b.theme is not None, b.theme.name if b.theme else ""),
        ),
        unattached=unattached,
        unattached_count=len(loose),
        collapsed=collapsed,
        council_count=len(councils),
        assembly_count=assembly_count,
        seats=seats,
        drawing=draw(
            roots,
            councils,
            parents,
            unattached=len(loose),
            assemblies=assembly_count,
            legitimacy=not collapsed,
        ),
        depth_limit=depth_limit,
    )
