"""The questions on the demo councils' agendas (see ``demo_councils`` for the councils).

- A city question referred down through the district councils to all twelve neighbourhood
  assemblies. Eleven decide it by an online vote of their members (mixed: some for, some
  against); Larkrise does not decide by the deadline. The mandates are derived from the
  decisions, the district councils mandate their city seats by their cascade rules (Riverside
  splits its two seats), the city delegates vote as mandated and the city council counts it.
- A second city question still open: some assemblies have decided, Northgate Central is
  voting, the others are still talking; the deadline is weeks away.
- Two questions within the Northgate District Council's own competences: one decided by the
  delegates under their standing mandates, one open for their votes (Dara has not voted yet).

The first question's deadline is a few seconds after it is referred, and the demo waits for
it to pass before the city council votes: no clock is turned back or forward, so the audit
record and the pages tell the same story, only quickly.
"""

from __future__ import annotations

import datetime
import time

from django.utils import timezone

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Assembly
from folkmoot.councils import questions, seat_votes
from folkmoot.councils.council_meetings import plan_meeting
from folkmoot.councils.models import Competence, Council, CouncilMeeting, Question, Referral
from folkmoot.decisions import discussion, results, voting
from folkmoot.decisions.models import Vote
from folkmoot.delegation.mandates import current_mandate
from folkmoot.delegation.models import DelegateTerm

from .demo_decisions import _neighbours, _organiser

CITY_QUESTION = "Should the city's unused buildings be opened as community spaces?"
CITY_TEXT = (
    "Eleven buildings owned by the city have stood empty for more than a year: two libraries, "
    "the old swimming baths on Quay Road, a youth centre and seven shops. The city's plan is "
    "to sell them.\n\nShould the network ask instead that they be opened as community spaces, "
    "run by the neighbourhoods, with the local assemblies deciding how each one is used?"
)
# Seconds the assemblies have to decide the first question: enough for eleven votes here;
# the demo then waits for the deadline to pass.
DEADLINE_SECONDS = 10
# How each assembly's members vote on it: for, against, abstain. Larkrise misses it.
CITY_BALLOTS = {
    "northgate-central": (24, 9, 2),
    "castle-hill": (9, 4, 0),
    "millbrook": (6, 11, 1),
    "tanners-row": (5, 2, 0),
    "riverside-quay": (17, 8, 1),
    "ferry-lane": (3, 6, 0),
    "weavers-green": (7, 10, 0),
    "old-docks": (8, 3, 0),
    "southfield-park": (12, 5, 0),
    "beacon-estate": (15, 9, 2),
    "hollins": (2, 4, 0),
}
MISSED = "larkrise"
MISSED_COMMENT = (
    "Our next meeting is after the deadline and we could not find a hall sooner. Can we "
    "still send our view to the district council?"
)

OPEN_QUESTION = "Should the city ask for a 20 mph limit on every residential street?"
OPEN_TEXT = (
    "Several assemblies have asked for slower traffic on their streets. The question is "
    "whether the network asks the city for a 20 mph limit on every residential street, with "
    "main roads and bus routes staying at 30 mph."
)
OPEN_DAYS = 42
OPEN_DECIDED = {
    "castle-hill": (8, 3, 0),
    "riverside-quay": (14, 6, 1),
    "ferry-lane": (2, 7, 0),
    "beacon-estate": (12, 10, 0),
    "hollins": (4, 1, 0),
}
OPEN_VOTING = ("northgate-central", (10, 6, 1))
OPEN_VOTE_DAYS = 10
NEXT_MEETING_DAYS = 14
OPEN_COMMENT = (
    "millbrook",
    "Does this include Mill Lane? The buses use it, so it would stay at 30 mph.",
)

# Within the Northgate District Council's competences: (matter, title, text, meeting).
LEND = (
    "Sharing the district's meeting rooms and equipment",
    "Lend the district's PA system and 40 folding chairs to the Castle Hill winter fair?",
    "Castle Hill Assembly asks to borrow them for its winter fair on the green. Its "
    "volunteers will collect them from the Old Library and bring them back the next day.",
)
# The delegates' votes, each within their standing mandate. Tanners Row has no standing
# mandate, so its seat can only abstain.
LEND_VOTES = {
    "Dara": "for",
    "Priya Shah": "for",
    "Joe Brannigan": "for",
    "Fatima Begum": "for",
    "Kwame Asante": "for",
    "Ivy Marsh": "abstain",
}
GRANT = (
    "The district mutual-aid fund",
    "Give £300 from the district mutual-aid fund to the Tanners Row food bank for the winter?",
    "The food bank at St Aidan's runs short every January. The fund holds £1,140. Delegates "
    "can vote before the next meeting; the conveners close the vote there.",
)
GRANT_VOTES = {"Priya Shah": "for", "Joe Brannigan": "for", "Fatima Begum": "against"}
# Riverside splits its two city seats, one for and one against: each delegate takes the side
# their own assembly took.
SPLIT_SIDES = {"Sofia Marquez": "for", "Nasreen Akhtar": "against"}


def _voters(assembly: Assembly) -> list[User]:
    """Members who vote in the demo; the demo accounts are left free to try things."""
    return [p for p in _neighbours(assembly) if not p.email.endswith("@fellbridge.example")]


def _convener(council: Council) -> User:
    return council.conveners.order_by("pk").first()


def _referred_proposal(question: Question, slug: str):
    referral = Referral.objects.select_related("proposal").get(
        question__in=Question.objects.filter(parent=question), proposal__assembly__slug=slug
    )
    return referral.proposal


def _vote_on(proposal, ballots: tuple[int, int, int], *, close: bool = True) -> Vote:
    """The assembly's members vote online on the referred proposal; the organiser closes it
    (deciding the proposal, which mandates the assembly's delegates)."""
    assembly = proposal.assembly
    organiser = _organiser(assembly)
    setup = voting.VoteSetup(
        question=f"Should we agree “{proposal.title}”?",
        method=Vote.Method.MAJORITY,
        proposal=proposal,
        closes_at=None if close else timezone.now() + datetime.timedelta(days=OPEN_VOTE_DAYS),
    )
    vote = voting.open_vote(voting.create_vote(assembly, organiser, setup), organiser)
    voters = iter(_voters(assembly))
    for answer, count in zip(("for", "against", "abstain"), ballots, strict=True):
        for _n in range(count):
            voting.cast_ballot(vote, next(voters), {"answer": answer})
    return results.close_vote(vote, organiser) if close else vote


def _comment(proposal, text: str) -> None:
    discussion.post_comment(proposal, _voters(proposal.assembly)[1], text)


def _evening(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _open_question(city: Council) -> None:
    nadia = User.objects.get(email="network@fellbridge.example")
    question = questions.raise_question(city, nadia, title=OPEN_QUESTION, text=OPEN_TEXT)
    questions.refer(question, nadia, _evening(OPEN_DAYS, 21))
    for slug, ballots in OPEN_DECIDED.items():
        _vote_on(_referred_proposal(question, slug), ballots)
    slug, ballots = OPEN_VOTING
    _vote_on(_referred_proposal(question, slug), ballots, close=False)
    slug, text = OPEN_COMMENT
    _comment(_referred_proposal(question, slug), text)


def _seat_votes(question: Question, votes: dict[str, str]) -> None:
    for name, answer in votes.items():
        person = User.objects.get(
            delegate_terms__member__council=question.council,
            delegate_terms__ended_at__isnull=True,
            display_name=name,
        )
        seat_votes.cast_seat_vote(question, person, answer=answer)


def _within_competence(
    council: Council, matter_title_text: tuple[str, str, str], meeting: CouncilMeeting
) -> Question:
    matter, title, text = matter_title_text
    convener = _convener(council)
    question = questions.raise_question(
        council,
        convener,
        title=title,
        text=text,
        competence=Competence.objects.get(council=council, matter=matter),
        meeting=meeting,
    )
    return seat_votes.open_voting(question, convener)


def refer_city_question(city: Council, meeting: CouncilMeeting) -> Question:
    """The first city question, referred and decided by every assembly but one. The city
    vote waits for its deadline: see ``finish_city_question``."""
    nadia = User.objects.get(email="network@fellbridge.example")
    question = questions.raise_question(
        city, nadia, title=CITY_QUESTION, text=CITY_TEXT, meeting=meeting
    )
    deadline = timezone.now() + datetime.timedelta(seconds=DEADLINE_SECONDS)
    questions.refer(question, nadia, deadline)
    for slug, ballots in CITY_BALLOTS.items():
        _vote_on(_referred_proposal(question, slug), ballots)
    _comment(_referred_proposal(question, MISSED), MISSED_COMMENT)
    return question


def build_other_questions(councils: dict[str, Council], northgate_meeting: CouncilMeeting):
    """The open city question and the Northgate District Council's own two questions."""
    _open_question(councils["fellbridge-city"])
    northgate = councils["northgate-district"]
    convener = _convener(northgate)
    lend = _within_competence(northgate, LEND, northgate_meeting)
    _seat_votes(lend, LEND_VOTES)
    seat_votes.close_voting(lend, convener)
    next_meeting = plan_meeting(
        northgate,
        convener,
        starts_at=_evening(NEXT_MEETING_DAYS, 19),
        place=northgate_meeting.place,
    )
    grant = _within_competence(northgate, GRANT, next_meeting)
    _seat_votes(grant, GRANT_VOTES)


def finish_city_question(question: Question, nadia: User) -> None:
    """Once the deadline has passed: Larkrise is recorded as missing it, Southfield's seats are
    mandated from its other assemblies, the city delegates vote as mandated, and the city
    council counts the votes."""
    question.refresh_from_db()
    wait = (question.deadline - timezone.now()).total_seconds()
    if wait > 0:
        time.sleep(wait + 0.1)
    questions.expire_overdue(question)
    seat_votes.open_voting(question, nadia)
    for term in (
        DelegateTerm.objects.filter(
            member__council=question.council, ended_at__isnull=True, substitute=False
        )
        .select_related("member", "person")
        .order_by("member", "pk")
    ):
        mandate = current_mandate(term.member, question)
        if mandate.instruction == "split":
            done = question.seat_votes.filter(member=term.member).values_list("answer", flat=True)
            left = dict(mandate.split)
            for answer in done:
                left[answer] -= 1
            sides = [SPLIT_SIDES.get(term.person.display_name), "for", "against", "abstain"]
            answer = next(a for a in sides if left.get(a, 0) > 0)
        else:
            answer = mandate.instruction
        seat_votes.cast_seat_vote(question, term.person, answer=answer)
    seat_votes.close_voting(question, nadia)
