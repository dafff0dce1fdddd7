"""Discussion rules: who may comment, threads one level deep, hidden comments."""

import pytest

from folkmoot.assemblies.models import Comment
from folkmoot.assemblies.services import hide_comment
from folkmoot.decisions import discussion, proposals
from folkmoot.decisions.models import Proposal

from . import proposal_helpers as helpers

author = helpers.author
facilitator = helpers.facilitator
oak_member = helpers.oak_member

S = Proposal.Status


@pytest.fixture
def open_proposal(elm_park, author, organiser):
    return helpers.make_proposal(elm_park, author, S.DISCUSSION, organiser)


@pytest.mark.parametrize("who", ["member", "author", "organiser", "facilitator"])
def test_members_and_those_who_run_it_comment(open_proposal, who, request):
    comment = discussion.post_comment(open_proposal, request.getfixturevalue(who), " Good idea ")
    assert comment.body == "Good idea"
    assert comment.proposal == open_proposal
    assert comment.assembly_id == open_proposal.assembly_id


@pytest.mark.parametrize("who", ["person", "other_organiser", "oak_member"])
def test_outsiders_cannot_comment(open_proposal, who, request):
    with pytest.raises(proposals.ProposalError, match="Only members"):
        discussion.post_comment(open_proposal, request.getfixturevalue(who), "Hi")
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("status", [S.DRAFT, S.DECIDED, S.WITHDRAWN])
def test_closed_discussion(elm_park, author, organiser, member, status):
    proposal = helpers.make_proposal(elm_park, author, status, organiser)
    with pytest.raises(proposals.ProposalError, match="closed"):
        discussion.post_comment(proposal, member, "Hi")
    assert Comment.objects.count() == 0


def test_comment_allowed_while_voting(elm_park, author, organiser, member):
    proposal = helpers.make_proposal(elm_park, author, S.VOTING, organiser)
    assert discussion.post_comment(proposal, member, "Hi").pk


def test_reply_to_a_reply_joins_the_top_level_thread(open_proposal, member, author):
    top = discussion.post_comment(open_proposal, member, "Top")
    reply = discussion.post_comment(open_proposal, author, "Reply", top)
    deeper = discussion.post_comment(open_proposal, member, "Deeper", reply)
    assert reply.parent == top
    assert deeper.parent == top
    threads = discussion.discussion(open_proposal, member)
    assert len(threads) == 1
    assert threads[0].comment == top
    assert [c.body for c in threads[0].replies] == ["Reply", "Deeper"]


def test_cannot_reply_to_another_proposals_comment(elm_park, author, organiser, member):
    one = helpers.make_proposal(elm_park, author, S.DISCUSSION, organiser)
    two = helpers.make_proposal(elm_park, author, S.DISCUSSION, organiser)
    top = discussion.post_comment(one, member, "Top")
    with pytest.raises(proposals.ProposalError):
        discussion.post_comment(two, member, "Reply", top)
    assert Comment.objects.count() == 1


def test_hidden_comments_only_for_moderators_and_no_replies(open_proposal, member, organiser):
    top = discussion.post_comment(open_proposal, member, "Rude")
    hide_comment(top, organiser)
    assert discussion.discussion(open_proposal, member) == []
    assert discussion.discussion(open_proposal, organiser)[0].comment == top
    with pytest.raises(proposals.ProposalError, match="hidden"):
        discussion.post_comment(open_proposal, member, "Reply", top)


def test_proposal_comments_stay_off_the_assembly_page(open_proposal, member, elm_park):
    from folkmoot.assemblies.services import visible_comments

    discussion.post_comment(open_proposal, member, "On the proposal")
    assert list(visible_comments(elm_park, member)) == []
