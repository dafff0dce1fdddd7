"""Forty members vote at once, each pressing "vote" twice (a double tap, a second tab): every
ballot is counted once, every second press is refused cleanly, and the ballots in the box are
exactly the ones people were told were counted. The same through the API, and through both.

PostgreSQL only: DATABASE_URL=postgres://... .venv/bin/pytest --create-db ...
"""

from collections import Counter

import pytest
from django.db import connection

from folkmoot.audit.models import Entry
from folkmoot.audit.services import verify_chain
from folkmoot.decisions import voting
from folkmoot.decisions.models import Ballot, Participation, Vote

from .crowd import add_members, at_once, no_server_errors, visitor

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite runs one writer at a time, so nothing races",
    ),
    pytest.mark.django_db(transaction=True),
]

VOTERS = 40
COUNTED = "your vote is counted"
CHANGED = "Your vote is changed"
ALREADY = "You have already voted. Each person votes once."


def open_vote(assembly, organiser, **options) -> Vote:
    setup = voting.VoteSetup(question="Shall we open a food bank?", method="majority", **options)
    return voting.open_vote(voting.create_vote(assembly, organiser, setup), organiser)


@pytest.fixture
def voters(elm_park):
    return add_members(elm_park, VOTERS, "Voter")


def test_pressing_vote_twice_on_the_page_counts_one_secret_ballot(
    live_server, elm_park, organiser, voters
):
    vote = open_vote(elm_park, organiser, secret=True)
    path = f"/votes/{vote.pk}/"
    calls = []
    for voter in voters:
        tab = visitor(live_server, voter)
        for answer, browser in (("for", tab), ("against", tab.copy())):
            calls.append(lambda b=browser, a=answer: (a, b, b.post(path, {"answer": a})))

    sent = at_once(calls)

    no_server_errors([reply for _a, _b, reply in sent])
    counted_answers = Counter()
    for first, second in zip(sent[::2], sent[1::2], strict=True):
        outcomes = []
        for answer, browser, reply in (first, second):
            page = browser.follow(reply)
            if reply.status == 302 and any(COUNTED in m for m in page.messages):
                outcomes.append("counted")
                counted_answers[answer] += 1
            elif reply.status == 409 and page.says(ALREADY):
                outcomes.append("refused")
            else:
                outcomes.append(f"{reply.status}: {page.messages or page.text[:200]}")
        assert sorted(outcomes) == ["counted", "refused"], outcomes
    assert Participation.objects.filter(vote=vote).count() == VOTERS
    ballots = Ballot.objects.filter(vote=vote)
    assert ballots.count() == VOTERS
    assert not ballots.filter(voter__isnull=False).exists()  # still secret
    assert Counter(b.content["answer"] for b in ballots) == counted_answers
    assert Entry.objects.filter(kind="ballot.cast", subject=f"vote:{vote.pk}").count() == VOTERS
    assert verify_chain() == []


def test_casting_twice_through_the_api_counts_once(live_server, elm_park, organiser, voters):
    vote = open_vote(elm_park, organiser)
    path = f"/api/v1/votes/{vote.pk}/ballots"
    calls = []
    for voter in voters:
        browser = visitor(live_server, voter)
        for answer in ("for", "against"):
            calls.append(
                lambda b=browser, a=answer, v=voter: (v, a, b.post_json(path, {"answer": a}))
            )

    sent = at_once(calls)

    no_server_errors([reply for _v, _a, reply in sent])
    told = {}
    for first, second in zip(sent[::2], sent[1::2], strict=True):
        statuses = sorted(reply.status for _v, _a, reply in (first, second))
        assert statuses == [201, 409], statuses
        for voter, answer, reply in (first, second):
            if reply.status == 201:
                assert reply.data["status"] == "cast"
                told[voter.pk] = answer
            else:
                assert reply.data["errors"]["__all__"] == [ALREADY]
    # An open ballot names its voter: each holds exactly what they were told was counted.
    ballots = dict(Ballot.objects.filter(vote=vote).values_list("voter", "content__answer"))
    assert ballots == told
    assert Participation.objects.filter(vote=vote).count() == VOTERS
    assert verify_chain() == []


def test_the_page_and_the_api_at_once_on_a_changeable_vote_leave_one_ballot_each(
    live_server, elm_park, organiser, voters
):
    """Where a ballot may be changed, the later of two presses may replace the first (and is
    told so) or be refused for racing it, but there is never a second ballot."""
    vote = open_vote(elm_park, organiser, changeable=True)
    people = voters[:20]
    calls = []
    for voter in people:
        browser = visitor(live_server, voter)
        page_tab = browser.copy()
        calls.append(
            lambda b=page_tab, v=voter: (
                v,
                "for",
                b,
                b.post(f"/votes/{vote.pk}/", {"answer": "for"}),
            )
        )
        calls.append(
            lambda b=browser, v=voter: (
                v,
                "against",
                b,
                b.post_json(f"/api/v1/votes/{vote.pk}/ballots", {"answer": "against"}),
            )
        )

    sent = at_once(calls)

    no_server_errors([reply for *_rest, reply in sent])
    told = [said_to(voter, sent) for voter in people]
    for said in told:
        assert "cast" in said.values(), said
        assert set(said.values()) <= {"cast", "changed", "refused"}, said
    assert Ballot.objects.filter(vote=vote).count() == len(people)
    assert Participation.objects.filter(vote=vote).count() == len(people)
    subject = f"vote:{vote.pk}"
    entries = Entry.objects.filter(subject=subject)
    assert entries.filter(kind="ballot.cast").count() == len(people)
    assert verify_chain() == []
    for voter, said in zip(people, told, strict=True):
        if "refused" in said.values():  # the one that was cast is the one kept
            ballot = Ballot.objects.get(vote=vote, voter=voter)
            assert ballot.content["answer"] == next(a for a, s in said.items() if s == "cast")
    # What people were told matches the record: one "counted" each, and a "changed" for each
    # change (decided inside the transaction, so a press just after the other one commits is
    # told "changed").
    told_cast = sum(list(said.values()).count("cast") for said in told)
    told_changed = sum(list(said.values()).count("changed") for said in told)
    changes = entries.filter(kind="ballot.changed").count()
    assert (told_cast, told_changed) == (len(people), changes)


def said_to(voter, sent) -> dict[str, str]:
    """What each of the voter's two presses was told: cast, changed or refused."""
    said = {}
    for v, answer, browser, reply in sent:
        if v != voter:
            continue
        if reply.data is not None:  # the API
            said[answer] = {201: "cast", 200: "changed", 409: "refused"}.get(reply.status, "")
            continue
        page = browser.follow(reply)
        if any(COUNTED in m for m in page.messages):
            said[answer] = "cast"
        elif any(CHANGED in m for m in page.messages):
            said[answer] = "changed"
        elif reply.status == 409 and page.says(ALREADY):
            said[answer] = "refused"
        else:
            said[answer] = f"{reply.status}: {page.messages}"
    return said
