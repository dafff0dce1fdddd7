"""manage.py verify_audit: the chain is intact and every closed vote counts the same again."""

import io

import pytest
from django.core.management import CommandError, call_command

from folkmoot.audit.models import Entry
from folkmoot.decisions import results, room, voting
from folkmoot.decisions.models import Ballot, RoomCount, Vote

from . import vote_helpers as helpers
from .vote_helpers import check_in, open_vote

teller = helpers.teller
voter2 = helpers.voter2
meeting = helpers.meeting


@pytest.fixture
def closed(elm_park, organiser, member, voter2):
    vote = open_vote(elm_park, organiser, secret=True)
    voting.cast_ballot(vote, member, {"answer": "for"})
    voting.cast_ballot(vote, voter2, {"answer": "against"})
    return results.close_vote(vote, organiser)


def run() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out, stderr=out)
    return out.getvalue()


def test_all_well(closed):
    assert "all 1 closed vote(s) count the same again" in run()


def test_a_tampered_ballot_is_found(closed):
    ballot = Ballot.objects.filter(vote=closed, content={"answer": "against"}).get()
    Ballot.objects.filter(pk=ballot.pk).update(content={"answer": "for"})
    with pytest.raises(CommandError, match="problem"):
        run()


def test_the_problem_is_named(closed, capsys):
    Ballot.objects.filter(vote=closed).update(content={"answer": "against"})
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=out, stderr=out)
    assert f"Vote {closed.pk} (Shall we?)" in out.getvalue()
    assert "differ from the stored result" in out.getvalue()


def test_an_added_ballot_is_found(closed):
    Ballot.objects.create(vote=closed, content={"answer": "for"})
    with pytest.raises(CommandError):
        run()


def test_a_tampered_stored_result_is_found(closed):
    assert closed.result["outcome"] == "not_carried"
    result = dict(closed.result, winners=["for"], outcome="carried")
    Vote.objects.filter(pk=closed.pk).update(result=result)
    with pytest.raises(CommandError):
        run()


def test_a_tampered_audit_entry_is_found(closed):
    entry = Entry.objects.get(kind="vote.closed")
    Entry.objects.filter(pk=entry.pk).update(payload={**entry.payload, "winners": ["for"]})
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=out, stderr=out)
    assert f"Audit entry #{entry.sequence}: was changed after it was recorded" in out.getvalue()


def test_a_deleted_audit_entry_is_found(closed):
    Entry.objects.filter(kind="ballot.cast").first().delete()
    with pytest.raises(CommandError):
        run()


def test_a_tampered_room_count_is_found(elm_park, organiser, member, teller, meeting):
    check_in(meeting, member)
    check_in(meeting, teller)
    vote = open_vote(elm_park, organiser, mode=Vote.Mode.ROOM, meeting=meeting)
    room.enter_room_count(vote, teller, {"for": 1, "against": 1})
    results.close_vote(vote, organiser)
    assert "count the same again" in run()
    RoomCount.objects.filter(vote=vote).update(counts={"for": 2, "against": 0, "abstain": 0})
    with pytest.raises(CommandError):
        run()


def test_people_joining_after_the_close_change_nothing(elm_park, organiser, member, voter2):
    from conftest import make_person
    from folkmoot.assemblies.models import Membership

    vote = open_vote(elm_park, organiser, rules={"quorum_percent": 50})
    voting.cast_ballot(vote, member, {"answer": "for"})
    voting.cast_ballot(vote, voter2, {"answer": "for"})
    closed = results.close_vote(vote, organiser)
    eligible = closed.result["turnout"]["eligible"]
    for n in range(5):
        Membership.objects.create(assembly=elm_park, person=make_person(f"late{n}@example.org"))
    closed.refresh_from_db()
    assert results.recount_problems(closed) == []
    assert closed.result["turnout"]["eligible"] == eligible
    assert "count the same again" in run()
