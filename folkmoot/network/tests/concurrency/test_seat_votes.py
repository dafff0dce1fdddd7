"""A council vote under split mandates: each member body's assembly gave its three seats two
votes for and one against, and all three delegates press "for" at once, twice. Exactly two
seats vote for, the third is told the for seats are used, and then votes against; nobody's
seat votes twice, and the council's count is what the delegates were told.

PostgreSQL only: DATABASE_URL=postgres://... .venv/bin/pytest --create-db ...
"""

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies.models import Assembly
from folkmoot.audit.models import Entry
from folkmoot.audit.services import verify_chain
from folkmoot.councils.models import Competence, Council, CouncilMember, Level, SeatVote
from folkmoot.councils.questions import raise_question
from folkmoot.councils.seat_votes import close_voting, open_voting
from folkmoot.decisions.models import Decision
from folkmoot.delegation.mandates import issue_mandate
from folkmoot.delegation.models import DelegateTerm

from .crowd import at_once, no_server_errors, visitor

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite runs one writer at a time, so nothing races",
    ),
    pytest.mark.django_db(transaction=True),
]

BODIES = 5
SPLIT = {"for": 2, "against": 1}
CAST = "Your seat's vote is cast."
FOR_SEATS_USED = "All the seats mandated for have voted."
ALREADY = ("You have already cast your seat's vote on this question.", "You have voted:")


@pytest.fixture
def council_vote(elm_park):
    """The question open for voting, and each body's three delegates."""
    today = timezone.localdate()
    convener = make_person("cora@example.org", "Cora")
    council = Council.objects.create(
        name="East Testbury District Council",
        slug="east-testbury",
        level=Level.objects.create(name="District", rank=1),
    )
    council.conveners.add(convener)
    delegates = {}
    for b in range(1, BODIES + 1):
        assembly = Assembly.objects.create(name=f"Body {b}", slug=f"body-{b}", area=elm_park.area)
        member = CouncilMember.objects.create(council=council, assembly=assembly, seats=3)
        delegates[member] = [
            DelegateTerm.objects.create(
                member=member,
                person=make_person(f"d{b}{s}@example.org", f"Delegate {b}{s}"),
                starts_on=today - datetime.timedelta(days=30),
                ends_on=today + datetime.timedelta(days=300),
            ).person
            for s in "abc"
        ]
    competence = Competence.objects.create(council=council, matter="Street parties")
    question = raise_question(
        council, convener, title="Hold a street party in June", competence=competence
    )
    for member in delegates:
        decision = Decision.objects.create(
            assembly=member.assembly, summary="Two for, one against", decided_at=timezone.now()
        )
        issue_mandate(
            member, instruction="split", question=question, split=SPLIT, decision=decision
        )
    return open_voting(question, convener), delegates, convener


def said(browser, reply) -> str:
    page = browser.follow(reply)
    if reply.status == 302 and any(CAST in m for m in page.messages):
        return "cast"
    if reply.status == 400 and page.says(FOR_SEATS_USED):
        return "for seats used"
    if reply.status == 400 and any(page.says(words) for words in ALREADY):
        return "already voted"
    return f"{reply.status}: {page.messages or page.text[:300]}"


def test_three_delegates_racing_for_two_for_seats_get_two(live_server, council_vote):
    question, delegates, convener = council_vote
    path = f"/council-questions/{question.pk}/vote/"
    calls = []
    for people in delegates.values():
        for person in people:
            browser = visitor(live_server, person)
            for tab in (browser, browser.copy()):  # pressed twice
                calls.append(lambda b=tab, p=person: (p, b, b.post(path, {"answer": "for"})))

    sent = at_once(calls)

    no_server_errors([reply for *_rest, reply in sent])
    told = {}
    for person, browser, reply in sent:
        told.setdefault(person.pk, []).append(said(browser, reply))
    left_out = []
    for member, people in delegates.items():
        outcomes = [sorted(told[p.pk]) for p in people]
        cast = [p for p in people if "cast" in told[p.pk]]
        assert len(cast) == 2, outcomes  # never three seats for: the split is kept
        for person in people:
            if person in cast:
                assert sorted(told[person.pk]) == ["already voted", "cast"], told[person.pk]
            else:
                assert told[person.pk] == ["for seats used", "for seats used"]
                left_out.append(person)
        votes = SeatVote.objects.filter(question=question, member=member)
        assert sorted(votes.values_list("delegate__person", flat=True)) == sorted(
            p.pk for p in cast
        )
        assert Counter(votes.values_list("answer", flat=True)) == {"for": 2}

    # The delegate left out votes against (as mandated), pressing for and against at once.
    calls = []
    for person in left_out:
        browser = visitor(live_server, person)
        for answer, tab in (("for", browser), ("against", browser.copy())):
            calls.append(lambda b=tab, a=answer: (a, b, b.post(path, {"answer": a})))
    sent = at_once(calls)
    no_server_errors([reply for *_rest, reply in sent])
    for answer, browser, reply in sent:  # "for" is refused, before or after "against"
        expected = {"against": {"cast"}, "for": {"for seats used", "already voted"}}[answer]
        outcome = said(browser, reply)
        assert outcome in expected, (answer, outcome)

    assert SeatVote.objects.filter(question=question).count() == 3 * BODIES
    assert Entry.objects.filter(kind="seat_vote.cast").count() == 3 * BODIES
    assert verify_chain() == []
    result = close_voting(question, convener).result
    for body in result["per_body"]:
        answers = {answer: n for answer, n in body["answers"].items() if n}
        assert (body["cast"], answers) == (3, SPLIT)
