"""Recall: petition, threshold, vote, and what a carried recall does at once."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Membership
from folkmoot.audit.models import Entry
from folkmoot.councils.models import Question, SeatVote
from folkmoot.decisions import results, voting
from folkmoot.decisions.models import Vote
from folkmoot.delegation import elections, recall
from folkmoot.delegation.models import DelegateTerm, RecallPetition, RecallSignature
from folkmoot.meetings.models import Meeting

from .conftest import join, make_term


def add_members(assembly, n, residency=Membership.Residency.SELF_DECLARED):
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"bulk{start + i}@example.org", display_name=f"B{i}") for i in range(n)
    )
    Membership.objects.bulk_create(
        Membership(assembly=assembly, person=u, residency=residency) for u in users
    )
    return users


def test_threshold_defaults_to_ten_percent_of_residents_capped_at_twenty(elm_park, network):
    assert recall.threshold_for(elm_park) == 1  # nobody: at least one
    add_members(elm_park, 31)
    add_members(elm_park, 50, Membership.Residency.NOT_RESIDENT)  # not counted
    assert recall.resident_members(elm_park) == 31
    assert recall.threshold_for(elm_park) == 4  # 10% of 31 is 3.1, rounded up
    add_members(elm_park, 250, Membership.Residency.VERIFIED)
    assert recall.threshold_for(elm_park) == 20


def test_threshold_is_fixed_when_the_petition_opens(ann_term, elm_park, member, network):
    add_members(elm_park, 25)  # with the four people and the member: 30 residents → 3
    petition = recall.open_petition(ann_term, member, "Voted against our mandate.")
    assert petition.threshold == 3
    add_members(elm_park, 100)
    petition.refresh_from_db()
    assert petition.threshold == 3
    assert list(petition.signatures.values_list("person", flat=True)) == [member.pk]
    assert petition.status == RecallPetition.Status.GATHERING


def test_reason_is_required_and_only_members_open(ann_term, member, other_organiser):
    with pytest.raises(recall.RecallError, match="Say why"):
        recall.open_petition(ann_term, member, "   ")
    with pytest.raises(recall.RecallError, match="Only members of Elm Park"):
        recall.open_petition(ann_term, other_organiser, "Because.")
    assert not RecallPetition.objects.exists()


def test_one_live_petition_per_delegate(ann_term, member, elm_people, elm_park):
    add_members(elm_park, 40)
    recall.open_petition(ann_term, member, "Reason one.")
    with pytest.raises(recall.RecallError, match="already a petition"):
        recall.open_petition(ann_term, elm_people[1], "Reason two.")
    assert RecallPetition.objects.count() == 1


def test_signing_once_each_enforced_by_the_database(ann_term, member, elm_people, elm_park):
    add_members(elm_park, 40)
    petition = recall.open_petition(ann_term, member, "Reason.")
    with pytest.raises(recall.RecallError, match="already signed"):
        recall.sign_petition(petition, member)
    recall.sign_petition(petition, elm_people[1])
    assert petition.signatures.count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        RecallSignature.objects.create(petition=petition, person=elm_people[1])


def test_only_members_of_the_electing_assembly_sign(
    ann_term, member, elm_park, oak_row, other_organiser, network_organiser
):
    add_members(elm_park, 40)
    petition = recall.open_petition(ann_term, member, "Reason.")
    oak_member = join(oak_row, "oak@example.org", "Oaky")
    for person in (other_organiser, network_organiser, oak_member):
        with pytest.raises(recall.RecallError, match="Only members of Elm Park"):
            recall.sign_petition(petition, person)
    assert petition.signatures.count() == 1


def test_reaching_the_threshold_opens_the_recall_vote_at_once(
    ann_term, member, elm_people, elm_park
):
    add_members(elm_park, 15)  # 20 residents → 2 signatures
    petition = recall.open_petition(ann_term, member, "Reason.")
    assert petition.vote is None
    recall.sign_petition(petition, elm_people[1])
    petition.refresh_from_db()
    assert petition.status == RecallPetition.Status.VOTING
    vote = petition.vote
    assert vote.status == Vote.Status.OPEN
    assert vote.question == "Recall Ann as delegate to East Testbury Council?"
    assert vote.method == Vote.Method.MAJORITY
    assert vote.mode == Vote.Mode.ONLINE
    assert vote.created_by == member
    week = timezone.now() + datetime.timedelta(days=7)
    assert abs((vote.closes_at - week).total_seconds()) < 60
    with pytest.raises(recall.RecallError, match="no longer gathering"):
        recall.sign_petition(petition, elm_people[2])


def recall_vote(term, opener):
    """A petition that reached its threshold at once (a small assembly: threshold 1)."""
    petition = recall.open_petition(term, opener, "Ignored our mandate on the road.")
    petition.refresh_from_db()
    assert petition.status == RecallPetition.Status.VOTING
    return petition


def test_carried_recall_takes_the_seat_withdraws_votes_and_seats_the_substitute(
    elm_seat, ann_term, member, elm_people, organiser, question, network
):
    bo_term = make_term(elm_seat, elm_people[1])
    cy_sub = make_term(elm_seat, elm_people[2], substitute=True)
    question.status = Question.Status.VOTING
    question.save()
    open_vote = SeatVote.objects.create(
        question=question, member=elm_seat, delegate=ann_term, answer="for"
    )
    petition = recall_vote(ann_term, member)
    for person in (member, *elm_people[1:]):
        voting.cast_ballot(petition.vote, person, {"answer": "for"})
    results.close_vote(petition.vote, organiser)
    petition.refresh_from_db()
    ann_term.refresh_from_db()
    cy_sub.refresh_from_db()
    open_vote.refresh_from_db()
    assert petition.status == RecallPetition.Status.RECALLED
    assert ann_term.ended_at is not None
    assert ann_term.end_reason == "recalled"
    assert open_vote.withdrawn_at is not None
    assert "Recalled by Elm Park Assembly" in open_vote.withdrawn_reason
    assert not cy_sub.substitute
    assert cy_sub.seated_at is not None
    assert {t.person for t in elections.seated(elm_seat)} == {bo_term.person, cy_sub.person}
    assert elections.vacancies(elm_seat) == 0
    kinds = set(Entry.objects.values_list("kind", flat=True))
    assert {"recall.decided", "delegate.unseated", "delegate.substitute_seated"} <= kinds
    (email,) = mail.outbox
    assert email.to == [organiser.email]
    assert "Cy, the first substitute, has taken the seat" in email.body


def test_carried_recall_without_substitute_needs_a_by_election(
    elm_seat, ann_term, member, organiser, network
):
    petition = recall_vote(ann_term, member)
    voting.cast_ballot(petition.vote, member, {"answer": "for"})
    results.close_vote(petition.vote, organiser)
    assert elections.vacancies(elm_seat) == 2
    assert elections.vacated_term(elm_seat) == ann_term
    (email,) = mail.outbox
    assert "by-election" in email.subject.lower()


def test_not_carried_keeps_the_delegate(elm_seat, ann_term, member, elm_people, organiser):
    petition = recall_vote(ann_term, member)
    voting.cast_ballot(petition.vote, member, {"answer": "for"})
    for person in elm_people[1:]:
        voting.cast_ballot(petition.vote, person, {"answer": "against"})
    results.close_vote(petition.vote, organiser)
    petition.refresh_from_db()
    ann_term.refresh_from_db()
    assert petition.status == RecallPetition.Status.KEPT
    assert ann_term.ended_at is None
    assert not mail.outbox
    # Recall is always possible: a new petition may open at once.
    assert recall.open_petition(ann_term, member, "Again.").pk != petition.pk


def test_only_members_vote_in_the_recall(ann_term, member, other_organiser, network_organiser):
    petition = recall_vote(ann_term, member)
    for person in (other_organiser, network_organiser):
        with pytest.raises(voting.NotAllowed, match="Only members"):
            voting.cast_ballot(petition.vote, person, {"answer": "for"})


def test_nothing_in_a_term_stops_a_petition(elm_seat, elm_people, member):
    fresh = make_term(elm_seat, elm_people[1], days_ago=0)
    assert recall.opening_problem(member, fresh) is None


def test_council_recalls_an_appointed_delegate(east_seat, ann_term, convener, organiser):
    (term,) = elections.appoint_delegates(
        east_seat,
        [ann_term.person],
        convener,
        datetime.date(2030, 1, 1),
        datetime.date(2030, 12, 31),
        "Minute 1",
    )
    with pytest.raises(recall.RecallError, match="conveners"):
        recall.recall_appointed(term, organiser, "Minute 2")
    with pytest.raises(recall.RecallError, match="Only the delegates who hold a seat on"):
        recall.open_petition(term, organiser, "Reason")
    recall.recall_appointed(term, convener, "Minute 2: recalled Ann.")
    term.refresh_from_db()
    assert term.end_reason == "recalled"
    assert Entry.objects.filter(kind="delegate.recalled_by_council").exists()


def test_a_council_recalls_its_delegate_above_by_a_vote_of_its_seat_holders(
    east, east_seat, ann_term, elm_people, oak_seat, convener, organiser
):
    """The lower council's delegates petition (the same rule, on the number of seat holders)
    and vote; a carried vote ends the term above at once."""
    bo_term = make_term(oak_seat, elm_people[1])
    (above,) = elections.appoint_delegates(
        east_seat,
        [ann_term.person],
        convener,
        datetime.date(2030, 1, 1),
        datetime.date(2030, 12, 31),
        "Minute 1",
    )
    with pytest.raises(recall.RecallError, match="Only the delegates who hold a seat on"):
        recall.open_petition(above, organiser, "Not one of the council's delegates")
    petition = recall.open_petition(above, bo_term.person, "Ann does not report back to us.")
    assert petition.threshold == 1  # 10% of 2 seat holders, rounded up
    petition.refresh_from_db()
    assert petition.status == RecallPetition.Status.VOTING
    vote = petition.vote
    assert vote.council_id == east.pk
    assert vote.assembly_id is None
    with pytest.raises(voting.NotAllowed):
        voting.cast_ballot(vote, organiser, {"answer": "for"})
    voting.cast_ballot(vote, bo_term.person, {"answer": "for"})
    results.close_vote(vote, convener)
    above.refresh_from_db()
    assert above.end_reason == DelegateTerm.EndReason.RECALLED
    ann_term.refresh_from_db()
    assert ann_term.ended_at is None  # still Elm Park's delegate on the district council


def test_a_petition_lapses_when_the_delegate_leaves_the_seat_another_way(
    ann_term, member, elm_park, convener
):
    add_members(elm_park, 40)
    petition = recall.open_petition(ann_term, member, "Reason.")
    recall.unseat(ann_term, by=convener, end_reason=DelegateTerm.EndReason.RESIGNED, reason="")
    petition.refresh_from_db()
    assert petition.status == RecallPetition.Status.LAPSED
    assert petition.closed_at is not None
    assert Entry.objects.filter(kind="recall.lapsed", subject=f"recall:{petition.pk}").exists()
    with pytest.raises(recall.RecallError, match="no longer gathering signatures"):
        recall.sign_petition(petition, add_members(elm_park, 1)[0])


def test_the_recall_vote_is_held_at_the_next_meeting_where_the_network_says_so(
    ann_term, member, elm_park, organiser, network
):
    network.recall_vote_at_meeting = True
    network.save()
    start = timezone.now() + datetime.timedelta(days=5)
    later = Meeting.objects.create(
        assembly=elm_park, starts_at=start + datetime.timedelta(days=30), created_by=organiser
    )
    meeting = Meeting.objects.create(
        assembly=elm_park,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        created_by=organiser,
    )
    petition = recall.open_petition(ann_term, member, "Reason.")  # threshold 1: votes at once
    vote = petition.vote
    assert (vote.mode, vote.meeting_id) == (Vote.Mode.HYBRID, meeting.pk)
    assert vote.meeting_id != later.pk
    assert vote.closes_at == meeting.ends_at
    assert vote.secret


def test_with_no_meeting_planned_the_recall_vote_is_online(ann_term, member, network):
    network.recall_vote_at_meeting = True
    network.save()
    vote = recall.open_petition(ann_term, member, "Reason.").vote
    assert (vote.mode, vote.meeting_id) == (Vote.Mode.ONLINE, None)
    assert vote.closes_at > timezone.now() + datetime.timedelta(days=6)
