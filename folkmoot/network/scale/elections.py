"""Each assembly elects its delegates to the council it sits on, as
``delegation.elections.start_election`` sets it up: a secret online vote (STV for several
places, instant runoff for one), the winners take the seats in the order they were elected and
the next become substitutes. A few delegates have since resigned, leaving the seat empty; a
few assemblies, new or very small, have not elected anyone yet.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from folkmoot.assemblies.models import Assembly
from folkmoot.councils.models import Council, CouncilMember
from folkmoot.decisions.models import Decision, Vote
from folkmoot.decisions.results import decision_summary
from folkmoot.delegation.elections import election_question
from folkmoot.delegation.models import DelegateTerm, Election

from . import votes
from .context import Context
from .meetings import DAY, Life
from .options import NEW
from .people import Folk
from .plan import AssemblyPlan
from .votes import VoteDraft, new_uuid

TERM_COLUMNS = [
    "id",
    "member_id",
    "person_id",
    "substitute",
    "election_id",
    "starts_on",
    "ends_on",
    "ended_at",
    "end_reason",
    "seated_at",
    "appointed_minute",
]


@dataclass
class ElectionStory:
    assembly: AssemblyPlan
    organiser: int
    id: int
    seats: int
    substitutes: int
    candidates: list[int]
    draft: VoteDraft


def plan_election(ctx: Context, a: AssemblyPlan, folk: Folk, life: Life) -> ElectionStory | None:
    rng = ctx.options.rng("election", a.index)
    member = a.member
    if member is None or not life.held or (a.profile == NEW and rng.random() < 0.6):
        return None
    seats = member.seats
    subs = 1 if a.members >= 60 else 0
    places = seats + subs
    wanted = places + rng.randint(1, 2)
    if a.members < wanted + 2:
        return None
    candidates, labels = [], []
    for person in rng.sample(folk.ids, min(len(folk.ids), wanted * 3)):
        label = folk.name_of(person)
        if label not in labels:
            candidates.append(person)
            labels.append(label)
        if len(candidates) == wanted:
            break
    if len(candidates) <= places:
        return None
    closes = life.held[max(0, len(life.held) - 3)].starts_at
    opened = closes - 10 * DAY
    stand_in = CouncilMember(
        assembly=Assembly(id=a.id, name=a.name),
        council=Council(id=member.council.id, name=member.council.name),
        seats=seats,
    )
    draft = VoteDraft(
        id=ctx.sink.ids.take(Vote),
        assembly_id=a.id,
        question=election_question(stand_in, seats, subs, False),
        method=Vote.Method.SCOTTISH_STV if places > 1 else Vote.Method.IRV,
        created_by=folk.organiser,
        opened_at=opened,
        closes_at=closes,
        closed_at=closes,
        lot_seed=rng.randbytes(16).hex(),
        seats=places if places > 1 else 1,
        secret=True,
    )
    votes.add_options(ctx, draft, labels, candidates)
    popularity = [rng.uniform(0.2, 3) for _c in candidates]
    span = int((closes - opened).total_seconds()) - 60
    voters = rng.sample(folk.ids, max(3, int(len(folk.ids) * rng.uniform(0.15, 0.35))))
    for person in voters:
        order = sorted(range(len(candidates)), key=lambda i: -popularity[i] * rng.random())[
            : rng.randint(1, len(candidates))
        ]
        ranking = [str(draft.options[i][0]) for i in order]
        cast = opened + datetime.timedelta(seconds=rng.randrange(span))
        draft.ballots.append((new_uuid(rng), None, {"ranking": ranking}, cast))
        draft.voters.append(person)
    draft.ballots.sort(key=lambda b: b[3])
    return ElectionStory(
        assembly=a,
        organiser=folk.organiser,
        id=ctx.sink.ids.take(Election),
        seats=seats,
        substitutes=subs,
        candidates=candidates,
        draft=draft,
    )


def write_election(ctx: Context, e: ElectionStory) -> None:
    """The election, its vote's entries, the decision its close makes, and the terms of the
    people elected (``declare_election``), then any resignation since."""
    rng = ctx.options.rng("declared", e.id)
    d, member = e.draft, e.assembly.member
    starts = d.closed_at.date()
    ends = starts + 364 * DAY
    ctx.sink.table(
        Election,
        [
            "id",
            "member_id",
            "vote_id",
            "seats",
            "substitutes",
            "term_starts",
            "term_ends",
            "declared_at",
        ],
    ).add(e.id, member.id, d.id, e.seats, e.substitutes, starts, ends, d.closed_at)
    ctx.chain.add(
        "election.started",
        f"election:{e.id}",
        {
            "election": e.id,
            "member": member.id,
            "council": member.council.id,
            "vote": d.id,
            "candidates": e.candidates,
            "seats": e.seats,
            "substitutes": e.substitutes,
            "term_starts": starts,
            "term_ends": ends,
            "by_election_for": None,
            "by": e.organiser,
        },
        d.opened_at - datetime.timedelta(hours=1),
    )
    votes.audit_opened(ctx, d)
    votes.audit_cast(ctx, d)
    votes.audit_closed(ctx, d)
    vote = d.instance()
    ctx.sink.table(
        Decision,
        ["id", "assembly_id", "proposal_id", "vote_id", "summary", "decided_at", "progress"],
    ).add(
        ctx.sink.ids.take(Decision),
        e.assembly.id,
        None,
        d.id,
        decision_summary(vote)[:300],
        d.closed_at,
        Decision.Progress.NOT_STARTED,
    )
    person_of = {label: person for _pk, label, person in d.options}
    winners = [person_of[w] for w in d.result["winners"] if w in person_of]
    terms = ctx.sink.table(DelegateTerm, TERM_COLUMNS)
    made, seated = [], []
    for n, person in enumerate(winners):
        term = ctx.sink.ids.take(DelegateTerm)
        substitute = n >= e.seats
        ended = None
        if not substitute and not e.substitutes and rng.random() < 0.03:
            ended = d.closed_at + DAY * rng.randint(5, 30)
            ended = ended if ended < ctx.options.now else None
        terms.add(
            term,
            member.id,
            person,
            substitute,
            e.id,
            starts,
            ends,
            ended,
            "resigned" if ended else "",
            None if substitute else d.closed_at,
            "",
        )
        made.append((term, person, substitute, ended))
        if not substitute and ended is None:
            seated.append((term, person, d.closed_at))
    e.assembly.delegates = seated
    ctx.chain.add(
        "election.declared",
        f"election:{e.id}",
        {
            "election": e.id,
            "member": member.id,
            "council": member.council.id,
            "vote": d.id,
            "seated": [p for _t, p, sub, _e in made if not sub],
            "substitutes": [p for _t, p, sub, _e in made if sub],
            "terms": [t for t, _p, _s, _e in made],
            "ended": [],
            "skipped_already_holding": [],
            "by_election_for": None,
            "by": e.organiser,
        },
        d.closed_at,
    )
    for term, person, _sub, ended in made:
        if ended is not None:
            ctx.chain.add(
                "delegate.unseated",
                f"delegate:{term}",
                {
                    "term": term,
                    "person": person,
                    "member": member.id,
                    "council": member.council.id,
                    "end_reason": "resigned",
                    "reason": "Moved away from the area.",
                    "substitute_seated": None,
                    "by": person,
                },
                ended,
            )
