"""A small confederation for the council, delegate, mandate, referral and trace API tests.

Two assemblies sit on a district council, which sits on the city council. A city question was
referred down; the district referred it on to its assemblies: Elm Park decided (so its mandate
comes from its decision), Oak Row missed the deadline. A recalled delegate's vote was withdrawn,
and a recall petition is gathering signatures against another delegate. Each test module has a
``confederation`` fixture that calls ``build_confederation``.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from conftest import make_person
from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Assembly, Membership
from folkmoot.councils.models import (
    Competence,
    Council,
    CouncilMeeting,
    CouncilMember,
    Level,
    Question,
    Referral,
    SeatVote,
)
from folkmoot.decisions.models import Decision, Proposal
from folkmoot.delegation.mandates import issue_mandate
from folkmoot.delegation.models import (
    DelegateTerm,
    Mandate,
    RecallPetition,
    RecallSignature,
    ReportBack,
)
from folkmoot.places.models import Area

# Never in any answer: emails, signers and the petition's opener, the raiser of a question.
PRIVATE = [
    "dana@example.org",
    "rowan@example.org",
    "cass@example.org",
    "sigrid@example.org",
    "Sigrid",
    "Tobias",
    "Penelope",
    "Quentin",
]


@dataclass
class Confederation:
    district_level: Level
    city_level: Level
    district: Council
    city: Council
    elm_seat: CouncilMember
    oak_seat: CouncilMember
    district_seat: CouncilMember
    street_cleaning: Competence
    dana: DelegateTerm
    sub: DelegateTerm
    rowan: DelegateTerm
    recalled: DelegateTerm
    cass: DelegateTerm
    city_question: Question
    district_question: Question
    proposal: Proposal
    decision: Decision
    old_mandate: Mandate
    elm_mandate: Mandate
    district_mandate: Mandate
    elm_referral: Referral
    oak_referral: Referral
    city_referral: Referral
    dana_vote: SeatVote
    withdrawn_vote: SeatVote
    cass_vote: SeatVote
    meeting: CouncilMeeting
    report: ReportBack
    petition: RecallPetition


def _term(member, email, name, *, substitute=False, ended=False) -> DelegateTerm:
    term = DelegateTerm.objects.create(
        member=member,
        person=make_person(email, name),
        substitute=substitute,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2027, 1, 1),
    )
    if ended:
        term.ended_at = timezone.now()
        term.end_reason = DelegateTerm.EndReason.RECALLED
        term.save()
    return term


def decide(assembly: Assembly, author: User, title: str, outcome="carried"):
    """A decided proposal and the decision it made, as the decisions module leaves them."""
    proposal = Proposal.objects.create(
        assembly=assembly,
        title=title,
        body="We ask our delegates to vote for it.",
        author=author,
        status=Proposal.Status.DECIDED,
        outcome=outcome,
    )
    decision = Decision.objects.create(
        assembly=assembly,
        proposal=proposal,
        summary=f"{title}: {proposal.get_outcome_display()}",
        decided_at=timezone.now(),
    )
    return proposal, decision


def build_confederation(elm_park: Assembly, oak_row: Assembly) -> Confederation:
    now = timezone.now()
    district_level = Level.objects.create(name="District", rank=1)
    city_level = Level.objects.create(name="City", rank=2)
    district = Council.objects.create(
        name="East Testbury District Council",
        slug="east-testbury",
        level=district_level,
        area=Area.objects.get(slug="east-testbury"),
        about="Coordinates the east of the city.",
        result_rule=Council.ResultRule.BODIES,
        cascade_rule=Council.CascadeRule.PROPORTIONAL,
    )
    city = Council.objects.create(
        name="Testbury City Council",
        slug="testbury-city",
        level=city_level,
        area=Area.objects.get(slug="testbury"),
        result_rule=Council.ResultRule.SEATS,
        only_legitimate_vote=True,
    )
    raiser = make_person("quentin@example.org", "Quentin Raiser")
    district.conveners.add(raiser)
    street_cleaning = Competence.objects.create(
        council=district, matter="Street cleaning", granted="Agreed by all, March 2025"
    )
    Competence.objects.create(council=district, matter="Allotments")
    elm_seat = CouncilMember.objects.create(council=district, assembly=elm_park, seats=2)
    oak_seat = CouncilMember.objects.create(council=district, assembly=oak_row, seats=1)
    district_seat = CouncilMember.objects.create(council=city, member_council=district, seats=2)

    dana = _term(elm_seat, "dana@example.org", "Dana Delegate")
    sub = _term(elm_seat, "sub@example.org", "Sol Substitute", substitute=True)
    rowan = _term(oak_seat, "rowan@example.org", "Rowan Oakley")
    recalled = _term(oak_seat, "rex@example.org", "Rex Recalled", ended=True)
    cass = _term(district_seat, "cass@example.org", "Cass Citywide")

    city_question = Question.objects.create(
        council=city,
        title="Close the ring road to cars on Sundays?",
        text="Asked by three assemblies.",
        status=Question.Status.DECIDED,
        deadline=now,
        referred_at=now,
        decided_at=now,
        result={"outcome": "for", "seats": {"for": 2, "against": 0, "abstain": 0}},
        raised_by=raiser,
    )
    district_question = Question.objects.create(
        council=district,
        title="Close the ring road to cars on Sundays?",
        status=Question.Status.VOTING,
        parent=city_question,
        deadline=now,
        referred_at=now,
        raised_by=raiser,
    )
    penelope = make_person("penelope@example.org", "Penelope Proposer")
    Membership.objects.create(assembly=elm_park, person=penelope)
    proposal, decision = decide(elm_park, penelope, "Close the ring road on Sundays")
    _old, old_decision = decide(elm_park, penelope, "Discretion on small things")
    old_mandate = issue_mandate(
        elm_seat, instruction="discretion", allowed=["for", "abstain"], decision=old_decision
    )
    elm_mandate = issue_mandate(
        elm_seat,
        instruction="for",
        question=district_question,
        text="Vote for closing the road.",
        decision=decision,
        derived=True,
    )
    district_mandate = issue_mandate(
        district_seat,
        instruction="split",
        split={"for": 2, "against": 0},
        question=city_question,
        source_question=district_question,
        derived=True,
    )
    city_referral = Referral.objects.create(
        question=city_question,
        member=district_seat,
        child_question=district_question,
        status=Referral.Status.DECIDED,
        decided_at=now,
        outcome={"for": 2, "against": 0},
    )
    elm_referral = Referral.objects.create(
        question=district_question,
        member=elm_seat,
        proposal=proposal,
        status=Referral.Status.DECIDED,
        decided_at=now,
        outcome={"answer": "for"},
    )
    oak_referral = Referral.objects.create(
        question=district_question, member=oak_seat, status=Referral.Status.MISSED
    )
    dana_vote = SeatVote.objects.create(
        question=district_question,
        member=elm_seat,
        delegate=dana,
        answer="for",
        mandate=elm_mandate,
    )
    withdrawn_vote = SeatVote.objects.create(
        question=district_question,
        member=oak_seat,
        delegate=recalled,
        answer="abstain",
        withdrawn_at=now,
        withdrawn_reason="Recalled by Oak Row Assembly",
    )
    cass_vote = SeatVote.objects.create(
        question=city_question,
        member=district_seat,
        delegate=cass,
        answer="for",
        mandate=district_mandate,
    )
    meeting = CouncilMeeting.objects.create(council=district, starts_at=now, place="Library")
    report = ReportBack.objects.create(
        delegate=dana, meeting=meeting, text="We voted for closing the road, as mandated."
    )
    petition = RecallPetition.objects.create(
        delegate=rowan, reason="Missed three meetings.", opened_by=raiser, threshold=3
    )
    for email, name in [("sigrid@example.org", "Sigrid Signer"), ("t@example.org", "Tobias")]:
        RecallSignature.objects.create(petition=petition, person=make_person(email, name))
    return Confederation(
        district_level=district_level,
        city_level=city_level,
        district=district,
        city=city,
        elm_seat=elm_seat,
        oak_seat=oak_seat,
        district_seat=district_seat,
        street_cleaning=street_cleaning,
        dana=dana,
        sub=sub,
        rowan=rowan,
        recalled=recalled,
        cass=cass,
        city_question=city_question,
        district_question=district_question,
        proposal=proposal,
        decision=decision,
        old_mandate=old_mandate,
        elm_mandate=elm_mandate,
        district_mandate=district_mandate,
        elm_referral=elm_referral,
        oak_referral=oak_referral,
        city_referral=city_referral,
        dana_vote=dana_vote,
        withdrawn_vote=withdrawn_vote,
        cass_vote=cass_vote,
        meeting=meeting,
        report=report,
        petition=petition,
    )


def many_councils(level: Level, count: int, *, members: list[Assembly]) -> list[Council]:
    """``count`` councils at ``level``, each with every assembly in ``members`` as a member
    body holding one seat and a delegate."""
    councils = []
    for number in range(count):
        council = Council.objects.create(
            name=f"Council {level.rank}-{number:03d}",
            slug=f"c-{level.rank}-{number:03d}",
            level=level,
        )
        for assembly in members:
            seat = CouncilMember.objects.create(council=council, assembly=assembly)
            DelegateTerm.objects.create(
                member=seat,
                person=make_person(f"d{level.rank}-{number}-{assembly.pk}@example.org", "D"),
                starts_on=datetime.date(2025, 1, 1),
                ends_on=datetime.date(2027, 1, 1),
            )
        councils.append(council)
    return councils
