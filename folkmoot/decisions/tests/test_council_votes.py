"""A council's own votes, by the rules: who may vote (the delegates holding its seats now), who
manages them (its conveners and network organisers), what such a vote cannot be (in the room,
for checked addresses or check-in, on a proposal), the electorate behind a quorum, the decision
it makes, and its audit record."""

import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from folkmoot.audit.models import Entry
from folkmoot.councils.models import CouncilMember
from folkmoot.decisions import results, voting
from folkmoot.decisions.models import Decision, Vote
from folkmoot.decisions.proposals import submit_proposal
from folkmoot.decisions.voting import VoteSetup
from folkmoot.meetings.models import Meeting

from . import council_helpers as helpers
from .council_helpers import council_vote, sit

council = helpers.council
delegates = helpers.delegates
substitute = helpers.substitute
convener = helpers.convener
west_delegate = helpers.west_delegate


# --- Who may vote ---------------------------------------------------------------------------------


def test_the_delegates_holding_a_seat_vote(council, delegates, convener):
    vote = council_vote(council, convener)
    for person in delegates.values():
        voting.cast_ballot(vote, person, {"answer": "for"})
    assert vote.participations.count() == 3


def test_nobody_else_votes(
    council, delegates, substitute, west_delegate, convener, member, organiser, network_organiser
):
    vote = council_vote(council, convener)
    for person in (member, organiser, substitute, west_delegate, convener, network_organiser):
        problem = voting.eligibility_problem(vote, person)
        assert problem == (
            "Only the delegates who hold a seat on East Testbury Council can vote in its votes."
        )
        with pytest.raises(voting.NotAllowed):
            voting.cast_ballot(vote, person, {"answer": "for"})
    assert not vote.ballots.exists()
    assert not vote.participations.exists()


def test_a_delegate_who_has_left_the_seat_no_longer_votes(council, delegates, convener):
    vote = council_vote(council, convener)
    term = delegates["ann"].delegate_terms.get()
    term.ended_at = timezone.now()
    term.save()
    with pytest.raises(voting.NotAllowed):
        voting.cast_ballot(vote, delegates["ann"], {"answer": "for"})


def test_the_electorate_is_each_seat_holder_once(council, delegates, substitute, convener, oak_row):
    # Ann also holds a second body's seat: she is still one voter.
    CouncilMember.objects.filter(council=council, assembly=oak_row).update(seats=2)
    sit(CouncilMember.objects.get(council=council, assembly=oak_row), delegates["ann"])
    vote = council_vote(council, convener)
    people = set(voting.eligible_people(vote))
    assert people == {p.pk for p in delegates.values()}
    assert results.electorate_size(vote) == 3


def test_a_quorum_share_is_of_the_seat_holders(council, delegates, convener):
    vote = council_vote(council, convener, rules={"quorum_percent": 60})
    voting.cast_ballot(vote, delegates["ann"], {"answer": "for"})
    closed = results.close_vote(vote, convener)
    assert closed.result["quorum"] == {"required": 2, "participants": 1, "met": False}
    assert closed.result["turnout"]["eligible"] == 3
    assert closed.result["outcome"] == "not_carried"


# --- Who manages them -----------------------------------------------------------------------------


def test_conveners_and_network_organisers_manage(council, delegates, convener, network_organiser):
    setup = VoteSetup(question="Meet monthly?", method="majority")
    by_convener = voting.create_vote(council, convener, setup)
    by_network = voting.create_vote(council, network_organiser, setup)
    voting.open_vote(by_convener, network_organiser)
    voting.open_vote(by_network, convener)
    results.close_vote(by_convener, network_organiser)
    assert by_convener.council == council
    assert by_convener.assembly is None


def test_nobody_else_manages(council, delegates, convener, organiser, member):
    setup = VoteSetup(question="Meet monthly?", method="majority")
    for person in (delegates["ann"], organiser, member):
        with pytest.raises(voting.NotAllowed, match="Only the council's conveners can set up"):
            voting.create_vote(council, person, setup)
    vote = voting.create_vote(council, convener, setup)
    for person in (delegates["ann"], organiser):
        with pytest.raises(voting.NotAllowed, match="conveners can open"):
            voting.open_vote(vote, person)
    voting.open_vote(vote, convener)
    with pytest.raises(voting.NotAllowed, match="conveners can close"):
        results.close_vote(vote, delegates["ann"])
    assert Vote.objects.count() == 1


def test_nobody_counts_a_council_vote_in_a_room(council, convener, network_organiser):
    assert not voting.can_count(network_organiser, council)
    assert not voting.can_count(convener, council)


# --- What a council vote cannot be ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"who": "verified"}, "Checked addresses and checking in at a meeting are for assemblies"),
        ({"who": "checked_in"}, "choose 'Members'"),
        ({"mode": "room"}, "A council's votes are cast online"),
        ({"mode": "hybrid"}, "Choose 'Online'"),
    ],
)
def test_residency_check_in_and_the_room_are_refused(council, convener, settings, words):
    setup = VoteSetup(question="Meet monthly?", method="majority", **settings)
    with pytest.raises(voting.VotingError, match=words):
        voting.create_vote(council, convener, setup)
    assert not Vote.objects.exists()


def test_a_proposal_or_an_assemblys_meeting_is_refused(council, elm_park, member):
    proposal = submit_proposal(elm_park, member, title="Fruit trees", body="Plant some.")
    meeting = Meeting.objects.create(assembly=elm_park, title="May", starts_at=timezone.now())
    problems = voting.setup_problems(
        council,
        VoteSetup(question="Meet?", method="majority", proposal=proposal, meeting=meeting),
    )
    assert problems["proposal"].startswith("Proposals belong to assemblies")
    assert problems["meeting"] == "A council's vote does not belong to an assembly's meeting."
    assert set(problems) == {"proposal", "meeting"}


def test_an_assemblys_votes_are_unchanged(elm_park, organiser):
    problems = voting.setup_problems(
        elm_park, VoteSetup(question="Meet?", method="majority", mode="room")
    )
    assert set(problems) == {"meeting"}
    assert problems["meeting"].startswith("Choose the meeting")


def test_a_vote_belongs_to_exactly_one_body(council, elm_park, convener):
    vote = council_vote(council, convener)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.filter(pk=vote.pk).update(assembly=elm_park)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.filter(pk=vote.pk).update(council=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(summary="Nobody's", decided_at=timezone.now())


# --- The decision and the record ------------------------------------------------------------------


def test_closing_makes_the_councils_decision(council, delegates, convener):
    vote = council_vote(council, convener, question="Meet monthly?")
    voting.cast_ballot(vote, delegates["ann"], {"answer": "for"})
    voting.cast_ballot(vote, delegates["bo"], {"answer": "for"})
    results.close_vote(vote, convener)
    decision = Decision.objects.get(vote=vote)
    assert decision.council == council
    assert decision.assembly is None
    assert decision.summary == "Meet monthly?: carried"
    assert decision.get_absolute_url() == f"/councils/east-testbury/decisions/{decision.pk}/"


def test_the_audit_record_names_the_council(council, delegates, convener):
    vote = council_vote(council, convener)
    opened = Entry.objects.get(kind="vote.opened", subject=f"vote:{vote.pk}")
    assert opened.payload["council"] == council.pk
    assert opened.payload["assembly"] is None


def test_verify_audit_recounts_council_votes(council, delegates, convener):
    vote = council_vote(council, convener)
    voting.cast_ballot(vote, delegates["ann"], {"answer": "against"})
    results.close_vote(vote, convener)
    out = io.StringIO()
    call_command("verify_audit", stdout=out, stderr=out)
    assert "all 1 closed vote(s) count the same again" in out.getvalue()
    assert results.recount_problems(Vote.objects.get(pk=vote.pk)) == []


def test_votes_of_a_council_are_its_own(council, delegates, convener, elm_park, organiser):
    own = council_vote(council, convener)
    voting.create_vote(elm_park, organiser, VoteSetup(question="Elm's", method="majority"))
    assert list(voting.votes_of(council)) == [own]
    assert [v.question for v in voting.votes_of(elm_park)] == ["Elm's"]
