"""The voting rules, without HTTP: who may vote, one vote each, changing, secret ballots,
counts in the room, closing and the decision log."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from folkmoot.assemblies.models import Membership
from folkmoot.audit.models import Entry
from folkmoot.audit.services import verify_chain
from folkmoot.decisions import decision_log, proposals, results, room, voting
from folkmoot.decisions.models import (
    Ballot,
    Decision,
    Participation,
    Proposal,
    RoomCount,
    Vote,
)

from . import vote_helpers as helpers
from .vote_helpers import check_in, make_vote, open_vote

teller = helpers.teller
voter2 = helpers.voter2
voter3 = helpers.voter3
meeting = helpers.meeting

FOR = {"answer": "for"}
AGAINST = {"answer": "against"}


# --- Setting up -----------------------------------------------------------------------------


def test_only_organisers_and_facilitators_set_up_votes(elm_park, organiser, member, teller):
    for user in (member, teller):
        with pytest.raises(voting.NotAllowed):
            make_vote(elm_park, user)
    assert make_vote(elm_park, organiser).status == Vote.Status.READY


def test_other_assemblys_organiser_cannot_set_up_a_vote(elm_park, other_organiser):
    with pytest.raises(voting.NotAllowed):
        make_vote(elm_park, other_organiser)


def test_secret_votes_cannot_be_changeable(elm_park, organiser):
    with pytest.raises(voting.VotingError, match="secret ballot cannot be changed"):
        make_vote(elm_park, organiser, secret=True, changeable=True)
    assert not Vote.objects.exists()
    # And the database refuses it too, whatever the code does.
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            assembly=elm_park,
            question="x",
            method="majority",
            secret=True,
            changeable=True,
            created_by=organiser,
        )


def test_elections_need_options_and_fewer_seats_than_candidates(elm_park, organiser):
    with pytest.raises(voting.VotingError, match="at least two options"):
        make_vote(elm_park, organiser, "irv", ["Ann"])
    with pytest.raises(voting.VotingError, match="everyone would be elected"):
        make_vote(elm_park, organiser, "scottish_stv", ["Ann", "Bo"], seats=2)


def test_votes_in_the_room_need_a_meeting(elm_park, organiser):
    with pytest.raises(voting.VotingError, match="Choose the meeting"):
        make_vote(elm_park, organiser, mode=Vote.Mode.HYBRID)


def test_opening_records_an_audit_entry_and_a_seed(elm_park, organiser):
    vote = open_vote(elm_park, organiser)
    assert vote.status == Vote.Status.OPEN
    assert len(vote.lot_seed) == 32
    entry = Entry.objects.get(kind="vote.opened")
    assert entry.subject == f"vote:{vote.pk}"
    assert entry.payload["lot_seed"] == vote.lot_seed
    with pytest.raises(voting.NotOpen):
        voting.open_vote(vote, organiser)


# --- Who may vote ---------------------------------------------------------------------------


def test_members_may_vote_others_may_not(elm_park, organiser, member, person, other_organiser):
    vote = open_vote(elm_park, organiser)
    assert voting.may_vote(vote, member)
    assert not voting.may_vote(vote, person)
    assert not voting.may_vote(vote, other_organiser)
    with pytest.raises(voting.NotAllowed, match="Only members"):
        voting.cast_ballot(vote, person, FOR)


def test_a_member_who_left_may_not_vote(elm_park, organiser, member):
    Membership.objects.filter(person=member).update(left_at=timezone.now())
    vote = open_vote(elm_park, organiser)
    assert not voting.may_vote(vote, member)


def test_only_verified_residents(elm_park, organiser, member, voter2):
    Membership.objects.filter(person=voter2).update(residency=Membership.Residency.VERIFIED)
    vote = open_vote(elm_park, organiser, who=Vote.Who.VERIFIED)
    assert voting.eligibility_problem(vote, member).startswith("Only members whose address")
    assert voting.may_vote(vote, voter2)


def test_only_people_checked_in(elm_park, organiser, member, voter2, meeting):
    check_in(meeting, voter2)
    struck = check_in(meeting, member)
    struck.struck_out_at = timezone.now()
    struck.save()
    vote = open_vote(elm_park, organiser, who=Vote.Who.CHECKED_IN, meeting=meeting)
    assert voting.may_vote(vote, voter2)
    assert not voting.may_vote(vote, member)  # struck out of the check-in list
    assert list(voting.eligible_people(vote)) == [voter2.pk]


def test_no_ballots_before_opening_after_closing_or_after_the_closing_time(
    elm_park, organiser, member
):
    vote = make_vote(elm_park, organiser)
    with pytest.raises(voting.NotOpen):
        voting.cast_ballot(vote, member, FOR)
    voting.open_vote(vote, organiser)
    Vote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - timezone.timedelta(minutes=1))
    with pytest.raises(voting.NotOpen):
        voting.cast_ballot(vote, member, FOR)
    assert not Ballot.objects.exists()


# --- One person, one vote -------------------------------------------------------------------


def test_a_second_ballot_is_refused(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser)
    voting.cast_ballot(vote, member, FOR)
    with pytest.raises(voting.AlreadyVoted):
        voting.cast_ballot(vote, member, AGAINST)
    assert Ballot.objects.get(vote=vote).content == FOR
    assert Participation.objects.filter(vote=vote).count() == 1


def test_the_database_refuses_a_second_participation_and_open_ballot(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser)
    voting.cast_ballot(vote, member, FOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(vote=vote, person=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(vote=vote, voter=member, content=AGAINST)


def test_changing_replaces_never_adds(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, changeable=True)
    first = voting.cast_ballot(vote, member, FOR)
    second = voting.cast_ballot(vote, member, AGAINST)
    assert first.pk == second.pk
    assert list(Ballot.objects.filter(vote=vote).values_list("content", flat=True)) == [AGAINST]
    assert Participation.objects.filter(vote=vote).count() == 1
    assert Entry.objects.filter(kind="ballot.changed").count() == 1


def test_bad_ballots_change_nothing(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, "irv", ["Ann", "Bo"])
    ann = str(vote.options.get(label="Ann").pk)
    for bad in ({"ranking": []}, {"ranking": [ann, ann]}, {"ranking": ["999"]}, {"answer": "for"}):
        with pytest.raises(voting.BadBallot):
            voting.cast_ballot(vote, member, bad)
    assert not Participation.objects.exists()
    assert not Ballot.objects.exists()


def test_consensus_needs_a_reason_to_stand_aside_or_block(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, "consensus")
    with pytest.raises(voting.BadBallot, match="Say why"):
        voting.cast_ballot(vote, member, {"answer": "block", "reason": "  "})
    voting.cast_ballot(vote, member, {"answer": "block", "reason": "Too costly"})


# --- Secret ballots -------------------------------------------------------------------------


def test_a_secret_ballot_cannot_be_linked_to_its_voter(elm_park, organiser, member):
    fields = {f.name: f for f in Ballot._meta.get_fields()}
    person_fields = [
        name
        for name, f in fields.items()
        if f.is_relation
        and f.related_model is not None
        and f.related_model._meta.label == "accounts.User"
    ]
    # The only link to a person is the open ballot's voter, and a secret ballot leaves it empty.
    assert person_fields == ["voter"]
    assert not any(
        f.get_internal_type() in ("DateTimeField", "DateField")
        for n, f in fields.items()
        if n != "cast_at" and hasattr(f, "get_internal_type")
    )
    vote = open_vote(elm_park, organiser, secret=True)
    assert voting.cast_ballot(vote, member, FOR) is None
    ballot = Ballot.objects.get(vote=vote)
    assert ballot.voter is None
    assert ballot.cast_at is None
    assert Participation.objects.filter(vote=vote, person=member).exists()
    # Participation does not point at a ballot either.
    assert not any(
        f.is_relation and f.related_model is Ballot for f in Participation._meta.get_fields()
    )
    entry = Entry.objects.get(kind="ballot.cast")
    assert entry.payload == {"vote": vote.pk, "secret": True}
    assert str(ballot.pk) not in str(entry.payload)
    assert str(member.pk) not in entry.subject
    assert voting.own_ballot(vote, member) is None


def test_a_secret_ballot_is_refused_the_second_time(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, secret=True)
    voting.cast_ballot(vote, member, FOR)
    with pytest.raises(voting.AlreadyVoted):
        voting.cast_ballot(vote, member, AGAINST)
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_open_ballots_record_the_voter_in_the_audit(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser)
    ballot = voting.cast_ballot(vote, member, FOR)
    entry = Entry.objects.get(kind="ballot.cast")
    assert entry.payload == {"vote": vote.pk, "voter": member.pk, "ballot": str(ballot.pk)}


def test_results_are_hidden_until_the_vote_closes(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, secret=True)
    voting.cast_ballot(vote, member, FOR)
    vote.refresh_from_db()
    assert not results.results_visible(vote)
    assert vote.result is None
    vote = results.close_vote(vote, organiser)
    assert results.results_visible(vote)


# --- In the room ----------------------------------------------------------------------------


def test_only_tellers_and_organisers_enter_room_counts(
    elm_park, organiser, member, teller, other_organiser, meeting
):
    vote = open_vote(elm_park, organiser, mode=Vote.Mode.ROOM, meeting=meeting)
    for person in (member, teller, organiser, other_organiser):
        check_in(meeting, person)
    for user in (member, other_organiser):
        with pytest.raises(voting.NotAllowed):
            room.enter_room_count(vote, user, {"for": 1})
    room.enter_room_count(vote, teller, {"for": 1, "against": 1})  # 2 members checked in
    assert RoomCount.objects.get().counts == {"for": 1, "against": 1, "abstain": 0}


def test_a_correction_replaces_the_count_and_keeps_the_old_one(
    elm_park, organiser, teller, member, meeting
):
    vote = open_vote(elm_park, organiser, mode=Vote.Mode.ROOM, meeting=meeting)
    for person in (member, teller, organiser):
        check_in(meeting, person)
    first = room.enter_room_count(vote, teller, {"for": 1})
    with pytest.raises(voting.RoomCountProblem, match="Say why"):
        room.enter_room_count(vote, teller, {"for": 2})
    second = room.enter_room_count(vote, teller, {"for": 2}, reason="Miscounted the back row")
    first.refresh_from_db()
    assert first.replaced_at is not None
    assert second.replaced_at is None
    assert room.current_room_count(vote) == second
    assert second.reason == "Miscounted the back row"


def test_hybrid_votes_count_a_person_once(elm_park, organiser, member, voter2, voter3, meeting):
    for person in (member, voter2, voter3):
        check_in(meeting, person)
    vote = open_vote(elm_park, organiser, mode=Vote.Mode.HYBRID, meeting=meeting)
    voting.cast_ballot(vote, member, FOR)
    assert [a.person for a in room.voted_online_in_room(vote)] == [member]
    assert room.room_capacity(vote) == 2  # voter2 and voter3 (organiser is not a member)
    with pytest.raises(voting.RoomCountProblem, match="only 2 people checked in"):
        room.enter_room_count(vote, organiser, {"for": 2, "against": 1})
    assert not RoomCount.objects.exists()
    room.enter_room_count(vote, organiser, {"for": 1, "against": 1})
    vote = results.close_vote(vote, organiser)
    assert vote.result["turnout"] == {"online": 1, "room": 2, "total": 3, "eligible": 3}
    assert vote.result["details"]["for"] == 2


def test_online_only_votes_have_no_room_count(elm_park, organiser):
    vote = open_vote(elm_park, organiser)
    with pytest.raises(voting.RoomCountProblem):
        room.enter_room_count(vote, organiser, {"for": 1})


def test_paper_ranked_ballots_from_a_blt_file(elm_park, organiser, meeting):
    vote = open_vote(
        elm_park, organiser, "irv", ["Ann", "Bo", "Cy"], mode=Vote.Mode.ROOM, meeting=meeting
    )
    papers = room.paper_ballots_from_blt(vote, '3 1\n2 1 2 0\n1 3 0\n0\n"Ann"\n"Bo"\n"Cy"\n"t"\n')
    ids = {o.label: str(o.pk) for o in vote.options.all()}
    assert papers == [[2, [ids["Ann"], ids["Bo"]]], [1, [ids["Cy"]]]]
    with pytest.raises(voting.RoomCountProblem, match="not options of this vote"):
        room.paper_ballots_from_blt(vote, '2 1\n1 1 0\n0\n"Ann"\n"Zed"\n"t"\n')
    with pytest.raises(voting.RoomCountProblem, match="could not be read"):
        room.paper_ballots_from_blt(vote, "nonsense")


# --- Closing --------------------------------------------------------------------------------


def test_closing_counts_stores_and_records_the_result(elm_park, organiser, member, voter2, voter3):
    vote = open_vote(elm_park, organiser, question="Run a food stall?")
    voting.cast_ballot(vote, member, FOR)
    voting.cast_ballot(vote, voter2, FOR)
    voting.cast_ballot(vote, voter3, AGAINST)
    vote = results.close_vote(vote, organiser)
    assert vote.status == Vote.Status.CLOSED
    assert vote.result["winners"] == ["for"]
    assert vote.result["outcome"] == "carried"
    entry = Entry.objects.get(kind="vote.closed")
    assert entry.payload["result_hash"] == results.result_hash(vote.result)
    decision = Decision.objects.get(vote=vote)
    assert decision.summary == "Run a food stall?: carried"
    assert verify_chain() == []
    with pytest.raises(voting.NotOpen):
        results.close_vote(vote, organiser)


def test_only_managers_close(elm_park, organiser, teller, other_organiser):
    vote = open_vote(elm_park, organiser)
    for user in (teller, other_organiser):
        with pytest.raises(voting.NotAllowed):
            results.close_vote(vote, user)


def test_quorum_not_met_means_not_carried(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, rules={"quorum_people": 2})
    voting.cast_ballot(vote, member, FOR)
    vote = results.close_vote(vote, organiser)
    assert vote.result["quorum"] == {"required": 2, "participants": 1, "met": False}
    assert vote.result["outcome"] == "not_carried"


def test_a_vote_on_a_proposal_decides_it(elm_park, organiser, member):
    proposal = proposals.submit_proposal(elm_park, member, title="Food stall", body="Weekly")
    proposals.open_for_discussion(proposal, organiser)
    vote = open_vote(elm_park, organiser, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.VOTING
    voting.cast_ballot(vote, member, AGAINST)
    results.close_vote(vote, organiser)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECIDED
    assert proposal.outcome == Proposal.Outcome.NOT_CARRIED
    assert proposal.decision.vote == vote


def test_a_blocked_consensus_without_fallback_is_blocked(elm_park, organiser, member, voter2):
    proposal = proposals.submit_proposal(elm_park, member, title="Paint it", body="Blue")
    proposals.open_for_discussion(proposal, organiser)
    vote = open_vote(elm_park, organiser, "consensus", proposal=proposal)
    voting.cast_ballot(vote, member, {"answer": "agree"})
    voting.cast_ballot(vote, voter2, {"answer": "block", "reason": "Red is better"})
    vote = results.close_vote(vote, organiser)
    assert vote.result["outcome"] == "blocked"
    assert vote.result["details"]["reasons"][0]["reason"] == "Red is better"
    proposal.refresh_from_db()
    assert proposal.outcome == Proposal.Outcome.BLOCKED


def test_consensus_fallback_after_rounds(elm_park, organiser, member, voter2, voter3):
    proposal = proposals.submit_proposal(elm_park, member, title="Paint it", body="Blue")
    proposals.open_for_discussion(proposal, organiser)
    rules = {"block_threshold": 1, "fallback": "2/3", "fallback_after": 2}
    first = open_vote(elm_park, organiser, "consensus", proposal=proposal, rules=rules)
    voting.cast_ballot(first, member, {"answer": "block", "reason": "No"})
    first = results.close_vote(first, organiser)
    assert first.result["outcome"] == "no_consensus"
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.VOTING  # another round may be held
    second = open_vote(elm_park, organiser, "consensus", proposal=proposal, rules=rules)
    voting.cast_ballot(second, member, {"answer": "block", "reason": "Still no"})
    voting.cast_ballot(second, voter2, {"answer": "agree"})
    voting.cast_ballot(second, voter3, {"answer": "agree"})
    second = results.close_vote(second, organiser)
    assert second.result["details"]["outcome"] == "fallback_carried"
    proposal.refresh_from_db()
    assert proposal.outcome == Proposal.Outcome.CARRIED
    assert results.recount_problems(first) == []
    assert results.recount_problems(second) == []


def test_approval_with_room_counts(elm_park, organiser, member, teller, meeting):
    check_in(meeting, teller)
    check_in(meeting, organiser)
    vote = open_vote(
        elm_park, organiser, "approval", ["Park", "Pool"], mode=Vote.Mode.HYBRID, meeting=meeting
    )
    park, pool = (str(o.pk) for o in vote.options.all())
    voting.cast_ballot(vote, member, {"approved": [pool]})
    with pytest.raises(voting.RoomCountProblem, match="more hands than"):
        room.enter_room_count(vote, teller, {park: 2, pool: 0, "people": 1})
    room.enter_room_count(vote, teller, {park: 1, pool: 1, "people": 1})
    vote = results.close_vote(vote, organiser)
    assert vote.result["stages"][0]["votes"] == {"Park": 1, "Pool": 2}
    assert vote.result["winners"] == ["Pool"]
    assert vote.result["outcome"] == "chosen"


def test_an_election_by_scottish_stv(elm_park, organiser, member, voter2, voter3, teller):
    vote = open_vote(elm_park, organiser, "scottish_stv", ["Ann", "Bo", "Cy"], seats=2)
    ann, bo, cy = (str(o.pk) for o in vote.options.all())
    for person, ranking in (
        (member, [ann, bo]),
        (voter2, [ann, cy]),
        (voter3, [bo]),
        (teller, [cy, bo]),
    ):
        voting.cast_ballot(vote, person, {"ranking": ranking})
    vote = results.close_vote(vote, organiser)
    assert len(vote.result["winners"]) == 2
    assert "Ann" in vote.result["winners"]
    assert Decision.objects.get(vote=vote).summary.startswith("Shall we?: Ann")
    # Ann 2 first preferences, Bo 1, Cy 1; quota = 4 // 3 + 1 = 2: Ann elected at stage 1.
    assert vote.result["details"]["quota"] in (2, "2", 2.0)
    assert results.ballots_as_blt(vote).startswith("3 2\n")


# --- Decision log ---------------------------------------------------------------------------


def test_progress_updates_are_organisers_only_and_set_the_progress(
    elm_park, organiser, member, teller
):
    vote = open_vote(elm_park, organiser)
    voting.cast_ballot(vote, member, FOR)
    decision = results.close_vote(vote, organiser).decision
    for user in (member, teller):
        with pytest.raises(voting.NotAllowed):
            decision_log.add_progress_update(decision, user, "done", "We did it")
    with pytest.raises(voting.VotingError, match="Write what happened"):
        decision_log.add_progress_update(decision, organiser, "done", "  ")
    decision_log.add_progress_update(decision, organiser, "in_progress", "Asked the council")
    decision.refresh_from_db()
    assert decision.progress == "in_progress"
    assert decision.updates.count() == 1
    assert Entry.objects.filter(kind="decision.progress").exists()


def test_no_online_ballots_in_a_room_vote(elm_park, organiser, member, meeting):
    vote = open_vote(elm_park, organiser, mode=Vote.Mode.ROOM, meeting=meeting)
    with pytest.raises(voting.NotAllowed, match="in the room"):
        voting.cast_ballot(vote, member, FOR)
    assert not Participation.objects.exists()


def test_after_the_room_count_people_in_the_room_cannot_vote_online_too(
    elm_park, organiser, member, voter2, meeting
):
    check_in(meeting, member)
    vote = open_vote(elm_park, organiser, mode=Vote.Mode.HYBRID, meeting=meeting)
    room.enter_room_count(vote, organiser, {"for": 1})
    with pytest.raises(voting.NotAllowed, match="the room has already been counted"):
        voting.cast_ballot(vote, member, AGAINST)
    voting.cast_ballot(vote, voter2, AGAINST)  # not at the meeting: votes online
    assert Participation.objects.filter(vote=vote).count() == 1


@pytest.mark.parametrize(
    ("method", "ballots", "winners"),
    [
        ("majority", [FOR, FOR, AGAINST], ["for"]),
        ("qualified", [FOR, FOR, AGAINST], ["for"]),  # exactly 2/3 carries
        ("consensus", [{"answer": "agree"}, {"answer": "stand_aside", "reason": "x"}], ["agree"]),
        ("approval", [{"approved": ["A"]}, {"approved": ["A", "B"]}, {"approved": ["B"]}], None),
        ("score", [{"scores": {"A": 5, "B": 1}}, {"scores": {"A": 0, "B": 3}}], ["A"]),
        ("irv", [{"ranking": ["B"]}, {"ranking": ["B", "A"]}, {"ranking": ["C"]}], ["B"]),
        ("scottish_stv", [{"ranking": ["A"]}, {"ranking": ["A", "B"]}, {"ranking": ["C"]}], None),
        ("meek_stv", [{"ranking": ["A"]}, {"ranking": ["A", "B"]}, {"ranking": ["C"]}], None),
    ],
)
def test_every_method_closes_and_recounts_the_same(
    method, ballots, winners, elm_park, organiser, member, voter2, voter3
):
    options = ["A", "B", "C"] if method in voting.WITH_OPTIONS else []
    seats = 2 if "stv" in method else 1
    vote = open_vote(elm_park, organiser, method, options, seats=seats)
    ids = {o.label: str(o.pk) for o in vote.options.all()}

    def by_id(content):
        if "approved" in content:
            return {"approved": [ids[x] for x in content["approved"]]}
        if "scores" in content:
            scores = {ids[k]: v for k, v in content["scores"].items()}
            return {"scores": {**dict.fromkeys(ids.values(), 0), **scores}}
        if "ranking" in content:
            return {"ranking": [ids[x] for x in content["ranking"]]}
        return content

    for person, content in zip((member, voter2, voter3), ballots, strict=False):
        voting.cast_ballot(vote, person, by_id(content))
    vote = results.close_vote(vote, organiser)
    if winners is not None:
        assert vote.result["winners"] == winners
    if options:
        assert len(vote.result["winners"]) == seats
    assert vote.result["stages"]
    assert results.recount_problems(vote) == []
    assert results.closed_hash_problems(vote) == []
