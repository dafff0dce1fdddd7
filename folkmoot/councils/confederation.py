"""The confederation as a tree: top councils down through the levels to the assemblies, with
every seat, who holds it, what is vacant and which assemblies are legitimate.

Everything is read in a fixed handful of queries (councils, member bodies, current delegate
terms, assemblies, then the legitimacy verdicts) and put together here, so the page costs the
same for a city as for a country. Past ``EXPAND_LIMIT`` member bodies the tree stops at the
councils and shows counts of their assemblies with a link to each council's page, so the page
stays small on a phone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

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


# --- The pieces of the tree -------------------------------------------------------------------


@dataclass
class Seats:
    """How a member body's (or a council's) seats stand now."""

    seats: int = 0
    filled: int = 0
    substitutes: int = 0

    @property
    def vacant(self) -> int:
        return self.seats - self.filled

    def add(self, other: Seats) -> None:
        self.seats += other.seats
        self.filled += other.filled
        self.substitutes += other.substitutes


@dataclass
class MemberNode:
    """A member body on a council: its seats, who holds them, and (assemblies) its verdict."""

    member: CouncilMember
    holders: list[DelegateTerm]
    substitutes: list[DelegateTerm]
    verdict: str | None = None
    council: CouncilNode | None = None  # a member council, drawn below it
    repeat: bool = False  # a member council already drawn elsewhere on the page

    @property
    def body(self):
        return self.member.body

    @property
    def is_assembly(self) -> bool:
        return self.member.assembly_id is not None

    @property
    def seat_count(self) -> Seats:
        return Seats(
            seats=self.member.seats,
            filled=min(len(self.holders), self.member.seats),
            substitutes=len(self.substitutes),
        )

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
    council: Council
    members: list[MemberNode]
    depth: int = 0
    open: bool = True

    @property
    def seat_count(self) -> Seats:
        total = Seats()
        for member in self.members:
            total.add(member.seat_count)
        return total

    @property
    def assemblies(self) -> list[MemberNode]:
        return [m for m in self.members if m.is_assembly]

    @property
    def member_councils(self) -> list[MemberNode]:
        return [m for m in self.members if not m.is_assembly]

    @property
    def assembly_seats(self) -> Seats:
        total = Seats()
        for member in self.assemblies:
            total.add(member.seat_count)
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


@dataclass
class Snapshot:
    """Councils, their member bodies and the current delegates, read once."""

    councils: dict[int, Council]
    members: dict[int, list[CouncilMember]]  # by council id
    holders: dict[int, list[DelegateTerm]]  # by member id, seat holders
    substitutes: dict[int, list[DelegateTerm]]  # by member id


def _sort_members(members: Iterable[CouncilMember], councils: dict[int, Council]):
    """Member councils first, then assemblies, each by name."""

    def key(member: CouncilMember):
        if member.member_council_id:
            return (0, councils[member.member_council_id].name.lower())
        return (1, member.assembly.name.lower() if member.assembly else "")

    return sorted(members, key=key)


def snapshot(assemblies: dict[int, Assembly] | None = None) -> Snapshot:
    """Three queries: councils, member bodies, current delegate terms. Member bodies get their
    assembly from ``assemblies`` when given (one more query is then not needed)."""
    councils = {
        c.pk: c for c in Council.objects.select_related("level", "theme", "area").order_by()
    }
    rows = CouncilMember.objects.order_by("pk")
    if assemblies is None:
        rows = rows.select_related("assembly")
    members: dict[int, list[CouncilMember]] = defaultdict(list)
    for member in rows:
        if assemblies is not None and member.assembly_id:
            member.assembly = assemblies[member.assembly_id]
        if member.member_council_id:
            member.member_council = councils[member.member_council_id]
        member.council = councils[member.council_id]
        members[member.council_id].append(member)
    for council_id, listed in members.items():
        members[council_id] = _sort_members(listed, councils)
    holders, substitutes = _terms(DelegateTerm.objects.filter(ended_at__isnull=True))
    return Snapshot(councils, members, holders, substitutes)


def _terms(terms) -> tuple[dict[int, list[DelegateTerm]], dict[int, list[DelegateTerm]]]:
    holders: dict[int, list[DelegateTerm]] = defaultdict(list)
    substitutes: dict[int, list[DelegateTerm]] = defaultdict(list)
    for term in terms.select_related("person").order_by("member_id", "pk"):
        (substitutes if term.substitute else holders)[term.member_id].append(term)
    return holders, substitutes


def _member_node(member: CouncilMember, holders, substitutes, verdicts) -> MemberNode:
    return MemberNode(
        member=member,
        holders=holders.get(member.pk, []),
        substitutes=substitutes.get(member.pk, []),
        verdict=(str(verdicts.get(member.assembly_id, "")) or None) if member.assembly_id else None,
    )


def council_node(council: Council) -> CouncilNode:
    """One council and its member bodies, for the council's own page (member councils are not
    opened up; their own pages do that). A fixed number of queries."""
    members = list(
        council.members.select_related(
            "assembly__theme", "assembly__area", "member_council__level", "member_council__theme"
        ).order_by("pk")
    )
    councils = {m.member_council_id: m.member_council for m in members if m.member_council_id}
    members = _sort_members(members, councils)
    holders, substitutes = _terms(
        DelegateTerm.objects.filter(ended_at__isnull=True, member__council=council)
    )
    verdicts = verdicts_for([m.assembly for m in members if m.assembly_id])
    return CouncilNode(
        council=council,
        members=[_member_node(m, holders, substitutes, verdicts) for m in members],
    )


def seat_summaries() -> list[tuple[Council, int, Seats]]:
    """Every council with its number of member bodies and its seats, in level order, for the
    council list (three queries)."""
    snap = snapshot()
    return [
        (council, len(snap.members.get(council.pk, [])), _seats(snap, [council.pk]))
        for council in sorted(
            snap.councils.values(), key=lambda c: (c.level.rank, c.name.lower(), c.pk)
        )
    ]


def _seats(snap: Snapshot, council_ids: Iterable[int]) -> Seats:
    total = Seats()
    for council_id in council_ids:
        for member in snap.members.get(council_id, []):
            total.add(_member_node(member, snap.holders, snap.substitutes, {}).seat_count)
    return total


# --- The whole tree --------------------------------------------------------------------------


def build() -> Confederation:
    """The whole network, top councils first, in a fixed number of queries."""
    assemblies = {a.pk: a for a in Assembly.objects.select_related("theme", "area").order_by()}
    snap = snapshot(assemblies)
    member_rows = sum(len(m) for m in snap.members.values())
    collapsed = member_rows > EXPAND_LIMIT
    open_all = member_rows <= OPEN_ALL_LIMIT
    seated = {m.assembly_id for ms in snap.members.values() for m in ms if m.assembly_id}
    loose = sorted(
        (a for pk, a in assemblies.items() if pk not in seated),
        key=lambda a: (a.theme.name if a.theme else "", a.name.lower()),
    )
    # Legitimacy is worked out from each assembly's own records, about a millisecond each
    # (bench/http_load.py: 22 s for 10,321 assemblies). Past EXPAND_LIMIT the tree shows
    # counts and each council's page shows its assemblies' legitimacy, so only the assemblies
    # listed here by name are assessed.
    assessed = loose[:UNATTACHED_LIMIT] if collapsed else list(assemblies.values())
    verdicts = {pk: str(v) for pk, v in verdicts_for(assessed).items()}

    below = {m.member_council_id for ms in snap.members.values() for m in ms if m.member_council_id}
    order = sorted(snap.councils.values(), key=lambda c: (-c.level.rank, c.name.lower(), c.pk))
    seen: set[int] = set()

    def grow(council: Council, depth: int) -> CouncilNode:
        seen.add(council.pk)
        node = CouncilNode(council=council, members=[], depth=depth)
        node.open = open_all or depth < OPEN_DEPTH
        for member in snap.members.get(council.pk, []):
            child = _member_node(member, snap.holders, snap.substitutes, verdicts)
            if member.member_council_id:
                if member.member_council_id in seen:
                    child.repeat = True
                else:
                    child.council = grow(member.member_council, depth + 1)
            node.members.append(child)
        return node

    roots = [grow(c, 0) for c in order if c.pk not in below and c.pk not in seen]
    # A council reached from no top council (only possible through a loop in the records)
    # still appears, at the top.
    roots += [grow(c, 0) for c in order if c.pk not in seen]

    branches: dict[int | None, Branch] = {}
    for root in roots:
        theme = root.council.theme
        key = theme.pk if theme else None
        branches.setdefault(key, Branch(theme=theme, councils=[])).councils.append(root)
    ordered = sorted(
        branches.values(), key=lambda b: (b.theme is not None, b.theme.name if b.theme else "")
    )

    for assembly in loose:
        assembly.verdict = verdicts.get(assembly.pk)
    return Confederation(
        branches=ordered,
        unattached=loose[:UNATTACHED_LIMIT],
        unattached_count=len(loose),
        collapsed=collapsed,
        council_count=len(snap.councils),
        assembly_count=len(assemblies),
        seats=_seats(snap, snap.councils),
        drawing=draw(roots, snap, len(loose), len(assemblies), legitimacy=not collapsed),
        depth_limit=DEPTH_LIMIT if len(snap.councils) > COUNCIL_LIMIT else 0,
    )
