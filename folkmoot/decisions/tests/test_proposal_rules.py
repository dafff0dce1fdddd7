"""The proposal life cycle: every allowed and refused move, who may make it, and its record."""

import pytest
from django.contrib.auth.models import AnonymousUser

from folkmoot.audit.models import Entry
from folkmoot.audit.services import verify_chain
from folkmoot.decisions import proposals
from folkmoot.decisions.models import Decision, Proposal, ProposalVersion, Transition, Vote

from . import proposal_helpers as helpers

author = helpers.author
facilitator = helpers.facilitator
second_member = helpers.second_member
oak_member = helpers.oak_member
draft = helpers.draft

S = Proposal.Status
ALL = list(S.values)

# (from, to) pairs that exist at all; every other pair is refused for everyone.
ALLOWED = {
    (S.DRAFT, S.DISCUSSION),
    (S.DRAFT, S.WITHDRAWN),
    (S.DISCUSSION, S.VOTING),
    (S.DISCUSSION, S.WITHDRAWN),
    (S.VOTING, S.DECIDED),
    (S.VOTING, S.DISCUSSION),
    (S.VOTING, S.WITHDRAWN),
}


def _person(request, who):
    return AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)


def _do(proposal, to, by):
    if to == S.DECIDED:
        return proposals.record_outcome(proposal, Proposal.Outcome.CARRIED, by)
    return proposals.move(proposal, to, by)


# --- Writing ---------------------------------------------------------------------------------


def test_member_submits_a_draft_with_version_transition_and_audit(elm_park, author):
    proposal = proposals.submit_proposal(
        elm_park, author, title=" Trees ", body=" Plant them. ", links="https://a.example/x\n\n"
    )
    assert (proposal.status, proposal.title, proposal.body) == (S.DRAFT, "Trees", "Plant them.")
    assert proposal.links == "https://a.example/x"
    assert ProposalVersion.objects.get(proposal=proposal).number == 1
    step = Transition.objects.get(proposal=proposal)
    assert (step.from_status, step.to_status, step.by) == ("", S.DRAFT, author)
    entry = Entry.objects.get(subject=f"proposal:{proposal.pk}")
    assert entry.kind == "proposal.transition"
    assert entry.payload["to"] == "draft"
    assert entry.payload["by"] == author.pk


@pytest.mark.parametrize("who", ["person", "organiser", "other_organiser", "oak_member"])
def test_non_members_cannot_submit(elm_park, who, request):
    with pytest.raises(proposals.ProposalError, match="Only members"):
        proposals.submit_proposal(elm_park, request.getfixturevalue(who), title="T", body="B")
    assert Proposal.objects.count() == 0


@pytest.mark.parametrize(
    "links", ["javascript:alert(1)", "ftp://files.example/x", "not a url", "data:text/html,x"]
)
def test_only_http_links_are_accepted(elm_park, author, links):
    with pytest.raises(proposals.ProposalError, match="Line 1"):
        proposals.submit_proposal(elm_park, author, title="T", body="B", links=links)
    assert Proposal.objects.count() == 0


def test_empty_title_or_body_is_refused(elm_park, author):
    with pytest.raises(proposals.ProposalError):
        proposals.submit_proposal(elm_park, author, title="  ", body="B")
    with pytest.raises(proposals.ProposalError):
        proposals.submit_proposal(elm_park, author, title="T", body=" ")
    assert Proposal.objects.count() == 0


def test_author_edits_draft_and_first_version_follows(draft, author):
    proposals.edit_draft(draft, author, title="New", body="New text", links="")
    draft.refresh_from_db()
    assert (draft.title, draft.body) == ("New", "New text")
    assert draft.versions.get().body == "New text"


@pytest.mark.parametrize("who", ["organiser", "facilitator", "second_member"])
def test_only_the_author_edits_a_draft(draft, who, request):
    with pytest.raises(proposals.ProposalError):
        proposals.edit_draft(draft, request.getfixturevalue(who), title="X", body="Y")
    draft.refresh_from_db()
    assert draft.title == "Plant fruit trees"


def test_open_proposal_cannot_be_edited(elm_park, author, organiser):
    proposal = helpers.make_proposal(elm_park, author, S.DISCUSSION, organiser)
    with pytest.raises(proposals.ProposalError, match="Suggest a change"):
        proposals.edit_draft(proposal, author, title="X", body="Y")


# --- Every move from every state, for every kind of person -----------------------------------


@pytest.mark.parametrize("start", ALL)
@pytest.mark.parametrize("to", ALL)
def test_every_pair_of_states(elm_park, author, organiser, start, to):
    proposal = helpers.make_proposal(elm_park, author, start, organiser)
    before = Transition.objects.filter(proposal=proposal).count()
    audit_before = Entry.objects.count()
    if (start, to) in ALLOWED:
        _do(proposal, to, organiser)
        proposal.refresh_from_db()
        assert proposal.status == to
        last = Transition.objects.filter(proposal=proposal).last()
        assert (last.from_status, last.to_status, last.by) == (start, to, organiser)
        entry = Entry.objects.order_by("sequence").last()
        assert entry.payload["from"] == start
        assert entry.payload["to"] == to
        assert entry.payload["by"] == organiser.pk
        assert entry.payload["at"]
    else:
        with pytest.raises(proposals.ProposalError):
            _do(proposal, to, organiser)
        proposal.refresh_from_db()
        assert proposal.status == start
        assert Transition.objects.filter(proposal=proposal).count() == before
        assert Entry.objects.count() == audit_before
    assert verify_chain() == []


# Who may make each allowed move (network organisers may always, as elsewhere).
MAY = {
    (S.DRAFT, S.DISCUSSION): {"author", "facilitator", "organiser", "network_organiser"},
    (S.DRAFT, S.WITHDRAWN): {"author", "facilitator", "organiser", "network_organiser"},
    (S.DISCUSSION, S.VOTING): {"facilitator", "organiser", "network_organiser"},
    (S.DISCUSSION, S.WITHDRAWN): {"author", "facilitator", "organiser", "network_organiser"},
    (S.VOTING, S.DECIDED): {"facilitator", "organiser", "network_organiser"},
    (S.VOTING, S.DISCUSSION): {"facilitator", "organiser", "network_organiser"},
    (S.VOTING, S.WITHDRAWN): {"author", "facilitator", "organiser", "network_organiser"},
}


@pytest.mark.parametrize("pair", sorted(ALLOWED))
@pytest.mark.parametrize("who", [*helpers.WHO, "network_organiser", "second_member"])
def test_who_may_make_each_move(elm_park, author, organiser, pair, who, request):
    start, to = pair
    proposal = helpers.make_proposal(elm_park, author, start, organiser)
    person = _person(request, who)
    assert (to in proposals.allowed_moves(person, proposal)) == (who in MAY[pair])
    if who in MAY[pair]:
        _do(proposal, to, person)
        proposal.refresh_from_db()
        assert proposal.status == to
    else:
        if who == "anonymous":
            return  # nobody signed in never reaches the rules (the views send them to sign in)
        with pytest.raises(proposals.ProposalError):
            _do(proposal, to, person)
        proposal.refresh_from_db()
        assert proposal.status == start


def test_refusal_messages_are_clear(elm_park, author, organiser):
    proposal = helpers.make_proposal(elm_park, author, S.DECIDED, organiser)
    with pytest.raises(proposals.ProposalError, match="cannot change any more"):
        proposals.withdraw(proposal, author)
    draft = helpers.make_proposal(elm_park, author)
    with pytest.raises(proposals.ProposalError, match="cannot go straight"):
        proposals.start_voting(draft, organiser)
    with pytest.raises(proposals.ProposalError, match="organisers and facilitators"):
        proposals.open_for_discussion(
            helpers.make_proposal(elm_park, author), make_person_in(elm_park)
        )


def make_person_in(assembly):
    from conftest import make_person
    from folkmoot.assemblies.models import Membership

    person = make_person("x@example.org", "X")
    Membership.objects.create(assembly=assembly, person=person)
    return person


def test_organiser_of_another_assembly_cannot_move(elm_park, author, organiser, other_organiser):
    proposal = helpers.make_proposal(elm_park, author, S.DISCUSSION, organiser)
    with pytest.raises(proposals.ProposalError):
        proposals.start_voting(proposal, other_organiser)


def test_not_while_a_vote_is_open(elm_park, author, organiser):
    proposal = helpers.make_proposal(elm_park, author, S.VOTING, organiser)
    Vote.objects.create(
        assembly=elm_park,
        proposal=proposal,
        question="Yes?",
        method=Vote.Method.MAJORITY,
        status=Vote.Status.OPEN,
        created_by=organiser,
    )
    for move in (proposals.withdraw, proposals.back_to_discussion):
        with pytest.raises(proposals.ProposalError, match="vote on it is open"):
            move(proposal, organiser)
    proposal.refresh_from_db()
    assert proposal.status == S.VOTING


# --- For the voting code ---------------------------------------------------------------------


def test_record_outcome_makes_the_decision_and_audit_entry(elm_park, author, organiser):
    proposal = helpers.make_proposal(elm_park, author, S.VOTING, organiser)
    vote = Vote.objects.create(
        assembly=elm_park,
        proposal=proposal,
        question="Plant them?",
        method=Vote.Method.MAJORITY,
        status=Vote.Status.CLOSED,
        created_by=organiser,
    )
    decision = proposals.record_outcome(
        proposal, Proposal.Outcome.NOT_CARRIED, organiser, vote=vote
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.outcome) == (S.DECIDED, "not_carried")
    assert decision.proposal == proposal
    assert decision.vote == vote
    assert decision.assembly == elm_park
    assert decision.summary == "Plant fruit trees: Not carried"
    assert decision.decided_at == proposal.transitions.last().at
    entry = Entry.objects.order_by("sequence").last()
    assert entry.payload["outcome"] == "not_carried"
    assert entry.payload["vote"] == vote.pk


def test_record_outcome_refuses_bad_outcome_and_twice(elm_park, author, organiser):
    proposal = helpers.make_proposal(elm_park, author, S.VOTING, organiser)
    with pytest.raises(proposals.ProposalError):
        proposals.record_outcome(proposal, "maybe", organiser)
    assert Decision.objects.count() == 0
    proposals.record_outcome(proposal, "consensus", organiser, summary="We agree")
    assert Decision.objects.get().summary == "We agree"
    with pytest.raises(proposals.ProposalError):
        proposals.record_outcome(proposal, "carried", organiser)
    assert Decision.objects.count() == 1


def test_record_outcome_refuses_a_vote_on_another_proposal(elm_park, author, organiser):
    one = helpers.make_proposal(elm_park, author, S.VOTING, organiser)
    other = helpers.make_proposal(elm_park, author, S.VOTING, organiser)
    vote = Vote.objects.create(
        assembly=elm_park, proposal=other, question="?", method="majority", created_by=organiser
    )
    with pytest.raises(proposals.ProposalError):
        proposals.record_outcome(one, "carried", organiser, vote=vote)
    one.refresh_from_db()
    assert one.status == S.VOTING


def test_drafts_are_private(elm_park, author, organiser, facilitator, second_member):
    proposal = helpers.make_proposal(elm_park, author)
    assert proposals.can_see(author, proposal)
    assert proposals.can_see(organiser, proposal)
    assert proposals.can_see(facilitator, proposal)
    assert not proposals.can_see(second_member, proposal)
    assert not proposals.can_see(AnonymousUser(), proposal)
    assert list(proposals.visible_proposals(elm_park, second_member)) == []
    assert list(proposals.visible_proposals(elm_park, author)) == [proposal]
