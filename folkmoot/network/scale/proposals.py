"""Proposals in every state, the votes that decided them, the decisions, and each assembly's
standing instructions to its delegates (a mandate made by one of its decisions).

A proposal is planned first (its vote's ballots or room count drawn), the votes are counted
by the real code, and only then is the proposal written, with the outcome its vote produced.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from folkmoot.decisions.models import Decision, Proposal, ProposalVersion, Transition, Vote
from folkmoot.decisions.proposals import default_summary
from folkmoot.delegation.models import Mandate

from . import votes
from .context import Context
from .meetings import DAY, Held, Life
from .options import LEGITIMATE, SHORT
from .people import Folk
from .plan import AssemblyPlan
from .votes import VoteDraft, new_uuid

Status = Proposal.Status
TOPICS = [
    "Ask the council to fix the street lights on {street}",
    "Start a repair café at the community centre",
    "Back the tenants of {street} against the rent rise",
    "Run a summer play scheme in the park",
    "Ask for a safe crossing outside the primary school",
    "Set up a food share on Saturdays",
    "Oppose the closure of the library",
    "Plant trees along {street}",
    "Ask the bus company to restore the evening service",
    "Hold a clean-up day every spring",
    "Open a warm space in winter",
    "Support the nursery workers' campaign for fair pay",
]
STREETS = ["Mill Lane", "Church Street", "Station Road", "Victoria Road", "Park Avenue"]
BODY = (
    "We propose that the assembly {what}.\n\n"
    "**Why:** neighbours raised this at the last meeting and a working group looked into it.\n\n"
    "- Who does it: volunteers from the assembly\n- When: before the next meeting"
)
STANDING = "Standing instructions for our delegates"
STANDING_BODY = (
    "Between our meetings our delegates may use their judgement within our published "
    "decisions, and report back at the next meeting."
)
OPEN_SHARES = {
    Status.VOTING: 0.15,
    Status.DISCUSSION: 0.3,
    Status.DRAFT: 0.2,
    Status.WITHDRAWN: 0.08,
}


@dataclass
class Story:
    """One proposal, from draft to where it stands."""

    assembly: AssemblyPlan
    organiser: int
    id: int
    title: str
    body: str
    author: int
    created_at: datetime.datetime
    state: str
    draft: VoteDraft | None = None
    meeting_id: int | None = None
    standing: bool = False


def plan_proposals(ctx: Context, a: AssemblyPlan, folk: Folk, life: Life) -> list[Story]:
    rng = ctx.options.rng("proposals", a.index)
    chance = {LEGITIMATE: 0.9, SHORT: 0.8}.get(a.profile, 0.5)
    stories = []
    for held in life.held:
        if rng.random() < chance and held.members_present:
            stories.append(_decided(ctx, a, folk, held, rng))
    if life.held and life.held[-1].members_present and a.member and rng.random() < 0.7:
        story = _decided(ctx, a, folk, life.held[-1], rng, standing=True)
        stories.append(story)
    for state, share in OPEN_SHARES.items():
        if rng.random() < share:
            stories.append(_open(ctx, a, folk, state, rng))
    return stories


def _text(rng) -> tuple[str, str]:
    title = rng.choice(TOPICS).format(street=rng.choice(STREETS))
    what = title[0].lower() + title[1:]
    return title, BODY.format(what=what.rstrip("."))


def _decided(ctx: Context, a, folk: Folk, held: Held, rng, standing=False) -> Story:
    title, body = (STANDING, STANDING_BODY) if standing else _text(rng)
    story = Story(
        assembly=a,
        organiser=folk.organiser,
        id=ctx.sink.ids.take(Proposal),
        title=title,
        body=body,
        author=folk.organiser if standing else rng.choice(folk.ids),
        created_at=held.starts_at - DAY * rng.randint(10, 25),
        state=Status.DECIDED,
        meeting_id=held.id,
        standing=standing,
    )
    present = held.members_present
    support = rng.uniform(0.75, 0.95) if standing else rng.uniform(0.3, 0.9)
    online = not standing and rng.random() < 0.2
    if online:
        opened = held.starts_at - 7 * DAY
        draft = _draft(ctx, story, opened, held.starts_at, held.starts_at, rng)
        voters = rng.sample(folk.ids, max(1, int(len(folk.ids) * rng.uniform(0.1, 0.4))))
        _online_ballots(draft, voters, support, opened, held.starts_at, rng)
    else:
        method = rng.choices(
            [Vote.Method.MAJORITY, Vote.Method.QUALIFIED, Vote.Method.CONSENSUS], [7, 1.5, 1.5]
        )[0]
        opened = held.starts_at + datetime.timedelta(minutes=rng.randint(30, 70))
        closed = opened + datetime.timedelta(minutes=rng.randint(10, 30))
        draft = _draft(ctx, story, opened, None, closed, rng, method=method)
        draft.mode, draft.meeting_id = Vote.Mode.ROOM, held.id
        hands = max(1, int(len(present) * rng.uniform(0.6, 0.95)))
        if method == Vote.Method.CONSENSUS:
            draft.rules = {"abstentions": "excluded", "block_threshold": 1}
            block = 1 if rng.random() < 0.25 else 0
            aside = min(hands - block, int(hands * rng.uniform(0, 0.1)))
            draft.room = {"agree": hands - block - aside, "stand_aside": aside, "block": block}
        else:
            abstain = int(hands * rng.uniform(0, 0.1))
            yes = round((hands - abstain) * support)
            draft.room = {"for": yes, "against": hands - abstain - yes, "abstain": abstain}
    story.draft = draft
    return story


def _draft(ctx, story: Story, opened, closes, closed, rng, method=Vote.Method.MAJORITY):
    rules = {"abstentions": "excluded"}
    if method == Vote.Method.QUALIFIED:
        rules = {"threshold": "2/3", "abstentions": "excluded"}
    return VoteDraft(
        id=ctx.sink.ids.take(Vote),
        assembly_id=story.assembly.id,
        question=story.title,
        method=method,
        created_by=story.organiser,
        opened_at=opened,
        closes_at=closes,
        closed_at=closed,
        lot_seed=rng.randbytes(16).hex(),
        rules=rules,
        proposal_id=story.id,
    )


def _online_ballots(draft: VoteDraft, voters, support, opened, closes, rng) -> None:
    span = int((closes - opened).total_seconds()) - 60
    for person in voters:
        draw = rng.random()
        answer = "abstain" if draw < 0.05 else "for" if draw < 0.05 + support * 0.95 else "against"
        cast = opened + datetime.timedelta(seconds=rng.randrange(span))
        draft.ballots.append((new_uuid(rng), person, {"answer": answer}, cast))
        draft.voters.append(person)
    draft.ballots.sort(key=lambda b: b[3])


def _open(ctx: Context, a, folk: Folk, state: str, rng) -> Story:
    now = ctx.options.now
    title, body = _text(rng)
    story = Story(
        assembly=a,
        organiser=folk.organiser,
        id=ctx.sink.ids.take(Proposal),
        title=title,
        body=body,
        author=rng.choice(folk.ids),
        created_at=now - DAY * rng.randint(5, 25),
        state=state,
    )
    if state == Status.VOTING:
        opened = now - DAY * rng.randint(1, 3)
        draft = _draft(ctx, story, opened, now + DAY * rng.randint(3, 7), None, rng)
        voters = rng.sample(folk.ids, max(1, int(len(folk.ids) * rng.uniform(0.02, 0.15))))
        _online_ballots(draft, voters, rng.uniform(0.3, 0.9), opened, now, rng)
        story.draft = draft
    return story


def write_proposals(ctx: Context, stories: list[Story]) -> None:
    sink = ctx.sink
    proposals = sink.table(
        Proposal,
        [
            "id",
            "assembly_id",
            "title",
            "body",
            "author_id",
            "status",
            "outcome",
            "meeting_id",
            "created_at",
            "updated_at",
        ],
    )
    versions = sink.table(
        ProposalVersion, ["id", "proposal_id", "number", "body", "created_by_id", "created_at"]
    )
    for s in stories:
        outcome = s.draft.result["outcome"] if s.state == Status.DECIDED else ""
        moves = _moves(s)
        proposals.add(
            s.id,
            s.assembly.id,
            s.title,
            s.body,
            s.author,
            s.state,
            outcome,
            s.meeting_id,
            s.created_at,
            moves[-1][2],
        )
        versions.add(sink.ids.take(ProposalVersion), s.id, 1, s.body, s.author, s.created_at)
        _write_moves(ctx, s, moves, outcome)


def _moves(s: Story) -> list[tuple[str, str, datetime.datetime, int]]:
    """(from, to, when, by) for each step the proposal took."""
    moves = [("", Status.DRAFT, s.created_at, s.author)]
    if s.state == Status.DRAFT:
        return moves
    discussed = s.created_at + DAY
    moves.append((Status.DRAFT, Status.DISCUSSION, discussed, s.author))
    if s.state == Status.WITHDRAWN:
        moves.append((Status.DISCUSSION, Status.WITHDRAWN, discussed + 2 * DAY, s.author))
    elif s.state in (Status.VOTING, Status.DECIDED):
        moves.append((Status.DISCUSSION, Status.VOTING, s.draft.opened_at, s.organiser))
        if s.state == Status.DECIDED:
            moves.append((Status.VOTING, Status.DECIDED, s.draft.closed_at, s.organiser))
    return moves


def _write_moves(ctx: Context, s: Story, moves, outcome: str) -> None:
    """Each move and its audit entry, with the vote's own entries where the site records
    them: opening the vote moves the proposal to voting first; closing it records the result,
    then the proposal is decided."""
    table = ctx.sink.table(
        Transition, ["id", "proposal_id", "from_status", "to_status", "by_id", "at", "note"]
    )
    for from_status, to_status, when, by in moves:
        note = ""
        if to_status == Status.DECIDED:
            votes.audit_cast(ctx, s.draft)
            votes.audit_closed(ctx, s.draft)
            note = str(Proposal.Outcome(outcome).label)
        elif to_status == Status.WITHDRAWN:
            note = "Merged into another proposal."
        table.add(ctx.sink.ids.take(Transition), s.id, from_status, to_status, by, when, note)
        payload = {
            "proposal": s.id,
            "assembly": s.assembly.id,
            "from": from_status,
            "to": to_status,
            "by": by,
            "at": when,
        }
        if to_status == Status.DECIDED:
            payload.update(outcome=outcome, vote=s.draft.id)
        ctx.chain.add("proposal.transition", f"proposal:{s.id}", payload, when)
        if to_status == Status.VOTING:
            votes.audit_opened(ctx, s.draft)
    if s.state == Status.VOTING:
        votes.audit_cast(ctx, s.draft)
    if s.state == Status.DECIDED:
        _decision(ctx, s, outcome)


def _decision(ctx: Context, s: Story, outcome: str) -> None:
    """The decision; for the standing instructions, carried, the mandate it makes."""
    rng = ctx.options.rng("decision", s.id)
    decision = ctx.sink.ids.take(Decision)
    progress = rng.choice(list(Decision.Progress.values)) if not s.standing else "not_started"
    ctx.sink.table(
        Decision,
        ["id", "assembly_id", "proposal_id", "vote_id", "summary", "decided_at", "progress"],
    ).add(
        decision,
        s.assembly.id,
        s.id,
        s.draft.id,
        default_summary(Proposal(title=s.title), outcome),
        s.draft.closed_at,
        progress,
    )
    if s.standing and outcome in ("carried", "consensus") and s.assembly.member:
        write_mandate(ctx, s.assembly.member, decision, s.organiser, s.draft.closed_at, rng)


def write_mandate(ctx: Context, member, decision: int, by: int, when, rng) -> None:
    """A standing mandate, as ``delegation.mandates.issue_mandate`` writes and records it."""
    allowed = ["for", "against", "abstain"] if rng.random() < 0.7 else ["for", "abstain"]
    mandate = ctx.sink.ids.take(Mandate)
    when = when + datetime.timedelta(hours=1)
    ctx.sink.table(
        Mandate,
        [
            "id",
            "member_id",
            "question_id",
            "instruction",
            "allowed",
            "text",
            "decision_id",
            "source_question_id",
            "derived",
            "created_by_id",
            "created_at",
        ],
    ).add(
        mandate,
        member.id,
        None,
        Mandate.Instruction.DISCRETION,
        allowed,
        STANDING_BODY,
        decision,
        None,
        False,
        by,
        when,
    )
    ctx.chain.add(
        "mandate.issued",
        f"mandate:{mandate}",
        {
            "mandate": mandate,
            "member": member.id,
            "council": member.council.id,
            "question": None,
            "instruction": Mandate.Instruction.DISCRETION,
            "ranking": [],
            "split": {},
            "allowed": allowed,
            "decision": decision,
            "source_question": None,
            "derived": False,
            "replaces": [],
            "by": by,
        },
        when,
    )
