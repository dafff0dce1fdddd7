"""A confederation over the assemblies of builders.py, ``size`` times over: ``size`` district
councils of two assemblies each under a city council, and ``size`` themed councils the home
assembly also sits on. A city question has gone down through every level and back up
(referred, decided by each assembly, derived mandates, seat votes, counted), so its trace
reaches every level. ``deep_confederation`` puts a regional and a national council above
the city, for a trace four levels deep."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from folkmoot.councils import questions, seat_votes
from folkmoot.councils.models import (
    Competence,
    Council,
    CouncilMeeting,
    CouncilMember,
    Level,
    Question,
)
from folkmoot.decisions import proposals, results, voting
from folkmoot.decisions.models import Decision, Proposal, Vote
from folkmoot.delegation import elections
from folkmoot.delegation.mandates import issue_mandate
from folkmoot.delegation.models import (
    DelegateTerm,
    Mandate,
    RecallPetition,
    RecallSignature,
    ReportBack,
)

from .builders import Net, assemblies, days_from_now, people, person


@dataclass
class Confed:
    net: Net
    city: Council
    districts: list[Council]
    home_seat: CouncilMember  # the home assembly's seats on the first district council
    delegate: DelegateTerm  # who holds one of them, elected by STV
    convener: object
    question: Question  # the city's question, decided through every level
    district_question: Question  # what it became on the first district council
    voting_question: Question  # the city's own matter, open: all but the last delegate voted
    terms: list[DelegateTerm] = field(default_factory=list)

    @property
    def mandate(self) -> Mandate:
        """The home assembly's standing mandate on the first district council."""
        return Mandate.objects.get(member=self.home_seat, question=None, superseded_at=None)


def _levels() -> tuple[Level, Level]:
    district, _ = Level.objects.get_or_create(rank=1, defaults={"name": "District"})
    city, _ = Level.objects.get_or_create(rank=2, defaults={"name": "City"})
    return district, city


def _term(member: CouncilMember, who, **fields) -> DelegateTerm:
    today = timezone.localdate()
    fields.setdefault("seated_at", None if fields.get("substitute") else timezone.now())
    return DelegateTerm.objects.create(
        member=member,
        person=who,
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today + datetime.timedelta(days=200),
        **fields,
    )


def _council(name: str, slug: str, level: Level, convener, size: int, **fields) -> Council:
    council = Council.objects.create(name=name, slug=slug, level=level, **fields)
    council.conveners.add(convener)
    Competence.objects.bulk_create(
        Competence(council=council, matter=f"Matter {number}", granted="Agreed by all")
        for number in range(size)
    )
    CouncilMeeting.objects.bulk_create(
        CouncilMeeting(council=council, starts_at=days_from_now(-3 - number), place="Hall")
        for number in range(size)
    )
    CouncilMeeting.objects.create(council=council, starts_at=days_from_now(10), place="Hall")
    return council


def _seat_assembly(council: Council, assembly, tag: str) -> CouncilMember:
    """Two seats: one held, one empty; a substitute; and a delegate recalled earlier."""
    member = CouncilMember.objects.create(council=council, assembly=assembly, seats=2)
    _term(member, person(tag, f"delegate-{member.pk}-"))
    _term(member, person(tag, f"substitute-{member.pk}-"), substitute=True)
    _term(
        member,
        person(tag, f"recalled-{member.pk}-"),
        ended_at=timezone.now() - datetime.timedelta(days=20),
        end_reason=DelegateTerm.EndReason.RECALLED,
    )
    standing = Decision.objects.create(
        assembly=assembly, summary="We vote for buses", decided_at=timezone.now()
    )
    issue_mandate(member, instruction="for", decision=standing, text="Buses first")
    return member


def _elect(net: Net, member: CouncilMember, size: int) -> DelegateTerm:
    """The home assembly elects its delegates by STV: every member ranks the candidates."""
    today = timezone.localdate()
    candidates = net.members[: 2 * size + 1]
    election = elections.start_election(
        member,
        net.organiser,
        elections.ElectionSetup(
            candidates=candidates,
            seats=1,
            substitutes=1,
            term_starts=today,
            term_ends=today + datetime.timedelta(days=365),
            closes_at=days_from_now(7),
        ),
    )
    vote = voting.open_vote(election.vote, net.organiser)
    options = [str(pk) for pk in vote.options.values_list("pk", flat=True)]
    for number, voter in enumerate(net.members):
        voting.cast_ballot(vote, voter, {"ranking": options[number % len(options) :]})
    results.close_vote(vote, net.organiser)
    return next(t for t in elections.declare_election(election, net.organiser) if not t.substitute)


def _delegate_at_work(net: Net, seat: CouncilMember, delegate: DelegateTerm, convener, size):
    """The home assembly changes its standing mandate ``size`` times, and its delegate votes
    on ``size`` of the district council's own matters."""
    for number in range(size):
        decision = Decision.objects.create(
            assembly=net.home, summary=f"Standing order {number}", decided_at=timezone.now()
        )
        issue_mandate(seat, instruction="for", decision=decision, text=f"Order {number}")
    council = seat.council
    for number in range(size):
        question = questions.raise_question(
            council, convener, title=f"Own matter {number}", competence=council.competences.first()
        )
        seat_votes.open_voting(question, convener)
        seat_votes.cast_seat_vote(question, delegate.person, answer="abstain")


def confederation(size: int, tag: str) -> Confed:
    net = assemblies(size, tag)
    district_level, city_level = _levels()
    convener = person(tag, "convener")
    city = _council(f"City council {tag}", f"city-{tag}", city_level, convener, size)
    city.conveners.add(*people(tag, "city-convener", size))
    neighbourhoods = [a for a in net.assemblies if a.kind == "neighbourhood"]
    themed = [a for a in net.assemblies if a.kind == "themed"]
    districts, terms = [], []
    for number in range(size):
        district = _council(
            f"District council {tag}{number}",
            f"district-{tag}{number}",
            district_level,
            convener,
            size,
        )
        districts.append(district)
        for body in (neighbourhoods[number], themed[number]):
            _seat_assembly(district, body, tag)
        seat = CouncilMember.objects.create(council=city, member_council=district)
        terms.append(_term(seat, person(tag, f"city-delegate{number}-")))
    for number in range(size):
        theme = _council(
            f"Theme council {tag}{number}",
            f"theme-council-{tag}{number}",
            district_level,
            convener,
            1,
        )
        _seat_assembly(theme, net.home, tag)
    home_seat = CouncilMember.objects.get(council=districts[0], assembly=net.home)
    delegate = _elect(net, home_seat, size)
    _delegate_at_work(net, home_seat, delegate, convener, size)
    for meeting in CouncilMeeting.objects.filter(
        council=districts[0], starts_at__lt=timezone.now()
    )[::2]:
        ReportBack.objects.create(delegate=delegate, meeting=meeting, text="We voted for.")
    # A petition still gathering signatures: far from its threshold.
    petition = RecallPetition.objects.create(
        delegate=delegate, reason="Did not report back.", opened_by=net.members[1], threshold=999
    )
    RecallSignature.objects.bulk_create(
        RecallSignature(petition=petition, person=signer) for signer in net.members[1 : 1 + size]
    )
    question = _decided_question(net, city, convener, terms)
    voting_question = questions.raise_question(
        city, convener, title="Share the tool library", competence=city.competences.first()
    )
    seat_votes.open_voting(voting_question, convener)
    for term in terms[:-1]:
        seat_votes.cast_seat_vote(voting_question, term.person, answer="abstain")
    return Confed(
        net=net,
        city=city,
        districts=districts,
        home_seat=home_seat,
        delegate=delegate,
        convener=convener,
        question=question,
        district_question=Question.objects.get(parent=question, council=districts[0]),
        voting_question=voting_question,
        terms=terms,
    )


def _decided_question(net: Net, city: Council, convener, terms) -> Question:
    """Raised on the city council, referred down to every assembly, decided by each (the home
    assembly by a vote of its members at a meeting, the others by their organiser), and the
    city delegates' votes cast as mandated and counted."""
    question = questions.raise_question(city, convener, title="Close Market Street to cars")
    questions.refer(question, convener, days_from_now(7))
    _decide(net, Proposal.objects.filter(referral__question__parent=question))
    return _vote_as_mandated(question, convener, terms)


def _decide(net: Net, referred) -> None:
    """Each assembly decides the proposal referred to it: the home assembly by a vote of its
    members at a meeting, the others by their organiser, carried or not in turn."""
    for number, proposal in enumerate(referred.select_related("assembly")):
        if proposal.assembly_id == net.home.pk:
            vote = voting.open_vote(
                voting.create_vote(
                    net.home,
                    net.organiser,
                    voting.VoteSetup(
                        question=proposal.title,
                        method=Vote.Method.MAJORITY,
                        proposal=proposal,
                        meeting=net.meeting,
                    ),
                ),
                net.organiser,
            )
            for voter in net.members:
                voting.cast_ballot(vote, voter, {"answer": "for"})
            results.close_vote(vote, net.organiser)
            continue
        proposals.start_voting(proposal, net.organiser)
        outcome = Proposal.Outcome.CARRIED if number % 2 else Proposal.Outcome.NOT_CARRIED
        proposals.record_outcome(proposal, outcome, net.organiser)


def _vote_as_mandated(question: Question, convener, terms) -> Question:
    seat_votes.open_voting(question, convener)
    for term in terms:
        seat = seat_votes.seat_for(question, term.person)
        answer = seat.mandate.instruction if seat.mandate else "abstain"
        seat_votes.cast_seat_vote(question, term.person, answer=answer)
    return seat_votes.close_voting(question, convener)


@dataclass
class Deep:
    net: Net
    question: Question  # the national council's, decided through all four levels


def deep_confederation(size: int, tag: str) -> Deep:
    """Four levels of councils: ``size`` district councils of two assemblies each under a
    city council, under a regional council, under a national council. A question raised on
    the national council has gone down to every assembly and back up, voted and counted."""
    net = assemblies(size, tag)
    district_level, city_level = _levels()
    region_level, _ = Level.objects.get_or_create(rank=3, defaults={"name": "Region"})
    nation_level, _ = Level.objects.get_or_create(rank=4, defaults={"name": "Nation"})
    convener = person(tag, "deep-convener")
    nation = _council(f"National council {tag}", f"nation-{tag}", nation_level, convener, size)
    region = _council(f"Regional council {tag}", f"region-{tag}", region_level, convener, size)
    city = _council(f"City council {tag}", f"deep-city-{tag}", city_level, convener, size)
    seat = CouncilMember.objects.create(council=nation, member_council=region)
    terms = [_term(seat, person(tag, "nation-delegate"))]
    CouncilMember.objects.create(council=region, member_council=city)
    neighbourhoods = [a for a in net.assemblies if a.kind == "neighbourhood"]
    themed = [a for a in net.assemblies if a.kind == "themed"]
    for number in range(size):
        district = _council(
            f"District council {tag}{number}",
            f"deep-district-{tag}{number}",
            district_level,
            convener,
            size,
        )
        for body in (neighbourhoods[number], themed[number]):
            _seat_assembly(district, body, tag)
        CouncilMember.objects.create(council=city, member_council=district)
    question = questions.raise_question(nation, convener, title="Lower the speed limit")
    questions.refer(question, convener, days_from_now(7))
    _decide(net, Proposal.objects.filter(referral__question__parent__parent__parent=question))
    return Deep(net=net, question=_vote_as_mandated(question, convener, terms))
