"""Votes, counted by the real counting code.

A vote's options, ballots, participation rows and room count are written first; then
``decisions.results.compute_result`` counts each closed vote, as closing it on the site would;
only then is the vote row written, with that result, and what depends on the result (the
proposal's outcome, the decision, the delegates elected). The audit entries the site would
have recorded go with it, so ``verify_audit`` recounts every vote from the database and finds
the same result under the same hash.

``compute_result`` reads what it counts from the database: about six queries a vote, which
for 40,000 votes costs minutes on PostgreSQL, where each query is a round trip to the server.
The generator has just written those rows and holds them, so while it counts, the few
functions that read them (the stored ballots, the room count, the electorate, earlier
consensus rounds) are served from memory, and the vote's options and participation rows are
given to it as prefetched; everything else is the real code. After each chunk a few votes are
counted again from the database, unpatched, and must give the same result.
"""

from __future__ import annotations

import contextlib
import datetime
import uuid
from dataclasses import dataclass, field
from unittest import mock

from folkmoot.decisions import results
from folkmoot.decisions.models import Ballot, Option, Participation, RoomCount, Vote
from folkmoot.decisions.results import compute_result, result_hash

from .context import Context


@dataclass
class VoteDraft:
    id: int
    assembly_id: int
    question: str
    method: str
    created_by: int
    opened_at: datetime.datetime
    closes_at: datetime.datetime | None
    closed_at: datetime.datetime | None  # None: still open
    lot_seed: str
    rules: dict = field(default_factory=dict)
    seats: int = 1
    secret: bool = False
    mode: str = Vote.Mode.ONLINE
    who: str = Vote.Who.MEMBERS
    meeting_id: int | None = None
    proposal_id: int | None = None
    options: list[tuple[int, str, int | None]] = field(default_factory=list)
    ballots: list[tuple[uuid.UUID, int | None, dict, datetime.datetime]] = field(
        default_factory=list
    )
    voters: list[int] = field(default_factory=list)  # participation, online
    room: dict | None = None  # the tellers' counts
    paper: list = field(default_factory=list)  # paper ranked ballots [[weight, [ids]]]
    room_id: int | None = None
    result: dict | None = None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    def stored_ballots(self) -> list[dict]:
        """As ``results.stored_ballots`` reads them: ordered by id (a UUID, whose order is
        the order of its hex digits in both databases)."""
        if self.paper:
            raise ValueError("Paper ballots are counted from the database only.")
        return [content for _pk, _voter, content, _at in sorted(self.ballots, key=_by_hex)]

    def room_count(self) -> RoomCount | None:
        if self.room_id is None:
            return None
        return RoomCount(id=self.room_id, vote_id=self.id, counts=self.room or {}, paper_ballots=[])

    def in_memory(self) -> Vote:
        """The vote with its options and participation rows prefetched from the draft."""
        vote = self.instance()
        options = [
            Option(id=pk, vote_id=self.id, position=n, label=label, candidate_id=person)
            for n, (pk, label, person) in enumerate(self.options)
        ]
        voted = [Participation(vote_id=self.id, person_id=p, channel="online") for p in self.voters]
        vote._prefetched_objects_cache = {
            "options": _prefetched(vote.options.all(), options),
            "participations": _prefetched(vote.participations.all(), voted),
        }
        return vote

    def instance(self) -> Vote:
        """The vote as the counting code reads it (not saved: its row comes after)."""
        vote = Vote(
            id=self.id,
            assembly_id=self.assembly_id,
            proposal_id=self.proposal_id,
            meeting_id=self.meeting_id,
            question=self.question,
            method=self.method,
            rules=self.rules,
            seats=self.seats,
            secret=self.secret,
            mode=self.mode,
            who=self.who,
            lot_seed=self.lot_seed,
            status=Vote.Status.CLOSED if self.closed else Vote.Status.OPEN,
            opened_at=self.opened_at,
            closes_at=self.closes_at,
            closed_at=self.closed_at,
            result=self.result,
            created_by_id=self.created_by,
        )
        vote._state.adding = False
        return vote


def new_uuid(rng) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def add_options(ctx: Context, draft: VoteDraft, labels: list[str], candidates=None) -> None:
    first = ctx.sink.ids.take(Option, len(labels))
    candidates = candidates or [None] * len(labels)
    draft.options = [
        (first + n, label, person)
        for n, (label, person) in enumerate(zip(labels, candidates, strict=True))
    ]


def write_inputs(ctx: Context, drafts: list[VoteDraft]) -> None:
    """Options, ballots, participation and room counts: what the count reads."""
    sink = ctx.sink
    options = sink.table(Option, ["id", "vote_id", "position", "label", "candidate_id"])
    ballots = sink.table(Ballot, ["id", "vote_id", "voter_id", "content", "cast_at"])
    voters = sink.table(Participation, ["id", "vote_id", "person_id", "channel"])
    rooms = sink.table(
        RoomCount, ["id", "vote_id", "counts", "paper_ballots", "entered_by_id", "entered_at"]
    )
    for draft in drafts:
        for position, (pk, label, person) in enumerate(draft.options):
            options.add(pk, draft.id, position, label, person)
        for pk, voter, content, cast_at in draft.ballots:
            ballots.add(pk, draft.id, voter, content, None if draft.secret else cast_at)
        first = sink.ids.take(Participation, len(draft.voters))
        for n, person in enumerate(draft.voters):
            voters.add(first + n, draft.id, person, "online")
        if draft.room is not None or draft.paper:
            draft.room_id = sink.ids.take(RoomCount)
            rooms.add(
                draft.room_id,
                draft.id,
                draft.room or {},
                draft.paper,
                draft.created_by,
                draft.closed_at - datetime.timedelta(minutes=5),
            )


def _by_hex(ballot) -> str:
    return ballot[0].hex


def _prefetched(queryset, rows):
    queryset._result_cache = rows
    queryset._prefetch_done = True
    return queryset


class CountMismatch(RuntimeError):
    """Counting from memory and from the database disagreed: the generator is wrong."""


@contextlib.contextmanager
def _from_memory(drafts: dict[int, VoteDraft], electorate: dict[int, list[int]]):
    with mock.patch.multiple(
        results,
        stored_ballots=lambda vote: drafts[vote.pk].stored_ballots(),
        current_room_count=lambda vote: drafts[vote.pk].room_count(),
        eligible_people=lambda vote: electorate[vote.assembly_id],
        earlier_rounds=lambda vote: [],
    ):
        yield


def count(ctx: Context, drafts: list[VoteDraft], electorate: dict[int, list[int]]) -> None:
    """Count every closed vote. ``electorate``: each assembly's members (who may vote)."""
    for table in (Option, Ballot, Participation, RoomCount):
        if table in ctx.sink.tables:
            ctx.sink.tables[table].flush()
    closed = {d.id: d for d in drafts if d.closed}
    if any(d.who != Vote.Who.MEMBERS for d in closed.values()):
        raise ValueError("Only votes of all members are counted from memory.")
    with _from_memory(closed, electorate):
        for draft in closed.values():
            draft.result = compute_result(draft.in_memory())
    checked = set()
    for draft in closed.values():
        kind = (draft.method, draft.mode)
        if kind not in checked:
            checked.add(kind)
            again = compute_result(draft.instance())
            if again != draft.result:
                raise CountMismatch(
                    f"Vote {draft.id} ({draft.method}, {draft.mode}) counts differently from "
                    f"the database: {again} != {draft.result}"
                )


def write_votes(ctx: Context, drafts: list[VoteDraft]) -> None:
    table = ctx.sink.table(
        Vote,
        [
            "id",
            "assembly_id",
            "proposal_id",
            "meeting_id",
            "question",
            "method",
            "rules",
            "seats",
            "secret",
            "mode",
            "who",
            "lot_seed",
            "status",
            "opened_at",
            "closes_at",
            "closed_at",
            "result",
            "created_by_id",
            "created_at",
        ],
    )
    for d in drafts:
        table.add(
            d.id,
            d.assembly_id,
            d.proposal_id,
            d.meeting_id,
            d.question,
            d.method,
            d.rules,
            d.seats,
            d.secret,
            d.mode,
            d.who,
            d.lot_seed,
            Vote.Status.CLOSED if d.closed else Vote.Status.OPEN,
            d.opened_at,
            d.closes_at,
            d.closed_at,
            d.result,
            d.created_by,
            d.opened_at - datetime.timedelta(hours=1),
        )


def audit_opened(ctx: Context, d: VoteDraft) -> None:
    ctx.chain.add(
        "vote.opened",
        f"vote:{d.id}",
        {
            "vote": d.id,
            "assembly": d.assembly_id,
            "council": None,
            "question": d.question,
            "method": d.method,
            "rules": d.rules,
            "seats": d.seats,
            "secret": d.secret,
            "mode": d.mode,
            "who": d.who,
            "changeable": False,
            "options": [[pk, label] for pk, label, _person in d.options],
            "lot_seed": d.lot_seed,
            "by": d.created_by,
        },
        d.opened_at,
    )


def audit_cast(ctx: Context, d: VoteDraft) -> None:
    """The ballots and the room count, as casting and entering them records."""
    subject = f"vote:{d.id}"
    for pk, voter, _content, cast_at in d.ballots:
        if d.secret:
            payload = {"vote": d.id, "secret": True}
        else:
            payload = {"vote": d.id, "voter": voter, "ballot": str(pk)}
        ctx.chain.add("ballot.cast", subject, payload, cast_at)
    if d.room_id is not None:
        ctx.chain.add(
            "room_count.entered",
            subject,
            {
                "vote": d.id,
                "room_count": d.room_id,
                "counts": d.room or {},
                "paper_ballots": len(d.paper),
                "replaces": None,
                "reason": "",
                "by": d.created_by,
            },
            d.closed_at - datetime.timedelta(minutes=5),
        )


def audit_closed(ctx: Context, d: VoteDraft) -> None:
    automatic = d.mode == Vote.Mode.ONLINE
    ctx.chain.add(
        "vote.closed",
        f"vote:{d.id}",
        {
            "vote": d.id,
            "result_hash": result_hash(d.result),
            "winners": d.result["winners"],
            "outcome": d.result["outcome"],
            "ballots": len(d.ballots),
            "participants": d.result["turnout"]["total"],
            "by": d.created_by,
            "automatic": automatic,
        },
        d.closed_at,
    )
