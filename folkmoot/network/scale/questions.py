"""A few council questions, put through the real services: raised, referred down (through
the levels below a city council), and decided by some assemblies in the room, so the
referrals, the proposals they put on assemblies' agendas, the mandates derived from the
decisions and the cascade up are exactly what the site itself writes, audit entries included.

The services read the clock and draw a tie-break seed; here they run on the generator's clock
(one second per reading, from its "now") and its seeded random source, so a seed still gives
the same network.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
from unittest import mock

from django.db.models import Count, Q

from folkmoot.accounts.models import User
from folkmoot.councils.models import Competence, Council, Question
from folkmoot.councils.questions import raise_question, refer
from folkmoot.decisions.models import Vote
from folkmoot.decisions.results import close_vote
from folkmoot.decisions.room import enter_room_count
from folkmoot.decisions.voting import VoteSetup, create_vote, open_vote
from folkmoot.meetings.models import Meeting

from .context import Context
from .plan import CouncilPlan, Plan

YES_NO = [
    "Should the assemblies share one food bank van across the district?",
    "Ask the city to open a winter night shelter",
]
RANKING = "What should the district's shared fund pay for first?"
OPTIONS = ["Fix the roads", "Reopen the youth club", "Fund the food bank"]


@contextlib.contextmanager
def generator_clock(ctx: Context):
    """The services' clock and tie-break seeds, from the generator."""
    start = ctx.options.now + datetime.timedelta(hours=1)
    ticks = itertools.count()
    rng = ctx.options.rng("services")
    with (
        mock.patch(
            "django.utils.timezone.now",
            side_effect=lambda: start + datetime.timedelta(seconds=next(ticks)),
        ),
        mock.patch("secrets.token_hex", side_effect=lambda n=32: rng.randbytes(n).hex()),
    ):
        yield


def ask_questions(ctx: Context, plan: Plan) -> int:
    """Returns how many questions were raised (child questions of the cascade included)."""
    by = User.objects.get(pk=ctx.organiser)
    rng = ctx.options.rng("questions")
    before = Question.objects.count()
    districts = [c for c in plan.councils if c.rank == 1 and len(c.members) >= 2]
    cities = [c for c in plan.councils if c.rank == 2 and not c.theme]
    counties = [c for c in plan.councils if c.rank == 3 and not c.theme]
    with generator_clock(ctx):
        deadline = ctx.options.now + datetime.timedelta(days=21)
        if districts:
            question = _raise(districts[0], by, YES_NO[0])
            refer(question, by, deadline)
            _decide(question, by, rng, share=0.7)
        if cities:
            question = _raise(cities[0], by, YES_NO[1])
            refer(question, by, deadline)
            below = list(question.cascades.order_by("pk"))
            for number, child in enumerate(below[:2]):
                _decide(child, by, rng, share=1.0 if number == 0 else 0.5)
        if len(districts) > 1:
            question = _raise(districts[1], by, RANKING, options=OPTIONS)
            refer(question, by, deadline)
            _decide(question, by, rng, share=0.5)
        if counties:
            council = Council.objects.get(pk=counties[0].id)
            competence = Competence.objects.filter(council=council).first()
            raise_question(
                council,
                by,
                title="Agree next year's rota for the shared van",
                text="Within the council's competence: its delegates vote on it directly.",
                competence=competence,
            )
    return Question.objects.count() - before


def _raise(council: CouncilPlan, by, title: str, options=()) -> Question:
    return raise_question(
        Council.objects.get(pk=council.id),
        by,
        title=title,
        text="Raised by the network organisers for the member bodies to decide.",
        kind=Question.Kind.RANKING if options else Question.Kind.YES_NO,
        options=list(options),
    )


def _decide(question: Question, by, rng, share: float) -> None:
    """Some of the assemblies the question was referred to decide it at their latest
    meeting, by a count in the room."""
    question.refresh_from_db()
    referrals = list(
        question.referrals.filter(proposal__isnull=False).select_related("proposal__assembly")
    )
    for referral in referrals[: max(1, round(len(referrals) * share))]:
        proposal = referral.proposal
        meeting = (
            Meeting.objects.filter(assembly=proposal.assembly, starts_at__lt=question.referred_at)
            .exclude(status=Meeting.Status.CANCELLED)
            .annotate(present=Count("attendances", filter=Q(attendances__person__isnull=False)))
            .order_by("-starts_at")
            .first()
        )
        if meeting is None or meeting.present < 3:
            continue
        hands = max(1, int(meeting.present * rng.uniform(0.5, 0.9)))
        if question.kind == Question.Kind.RANKING:
            vote = create_vote(
                proposal.assembly,
                by,
                VoteSetup(
                    question=proposal.title,
                    method=Vote.Method.IRV,
                    options=list(question.options),
                    mode=Vote.Mode.ROOM,
                    meeting=meeting,
                    proposal=proposal,
                ),
            )
            open_vote(vote, by)
            ids = [str(pk) for pk in vote.options.values_list("pk", flat=True)]
            papers = _papers(ids, hands, rng)
            enter_room_count(vote, by, {}, paper_ballots=papers)
        else:
            vote = create_vote(
                proposal.assembly,
                by,
                VoteSetup(
                    question=proposal.title,
                    method=Vote.Method.MAJORITY,
                    rules={"abstentions": "excluded"},
                    mode=Vote.Mode.ROOM,
                    meeting=meeting,
                    proposal=proposal,
                ),
            )
            open_vote(vote, by)
            abstain = int(hands * rng.uniform(0, 0.1))
            yes = round((hands - abstain) * rng.uniform(0.25, 0.85))
            counts = {"for": yes, "against": hands - abstain - yes, "abstain": abstain}
            enter_room_count(vote, by, counts)
        close_vote(vote, by)


def _papers(ids: list[str], hands: int, rng) -> list:
    """Paper ranked ballots, grouped: [[how many, [option ids in order]], ...]."""
    grouped: dict[tuple[str, ...], int] = {}
    weights = [rng.uniform(0.5, 2) for _i in ids]
    for _n in range(hands):
        order = sorted(ids, key=lambda pk: -weights[ids.index(pk)] * rng.random())
        key = tuple(order[: rng.randint(1, len(order))])
        grouped[key] = grouped.get(key, 0) + 1
    return [[weight, list(key)] for key, weight in sorted(grouped.items())]
