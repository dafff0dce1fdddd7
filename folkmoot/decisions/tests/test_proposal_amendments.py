"""Amendments: suggesting, taking, turning down, voting, and the readable word diff."""

import pytest

from folkmoot.audit.models import Entry
from folkmoot.decisions import amendments, proposals
from folkmoot.decisions.models import Amendment, Proposal, ProposalVersion, Vote

from . import proposal_helpers as helpers

author = helpers.author
facilitator = helpers.facilitator
second_member = helpers.second_member
oak_member = helpers.oak_member

S = Proposal.Status
A = Amendment.Status


@pytest.fixture
def open_proposal(elm_park, author, organiser):
    return helpers.make_proposal(elm_park, author, S.DISCUSSION, organiser)


def _amend(proposal, who, text="We plant twenty pear trees on Elm Green.", based_on=1):
    return amendments.propose_amendment(proposal, who, text=text, based_on=based_on, reason="More")


def test_member_suggests_a_change(open_proposal, second_member):
    amendment = _amend(open_proposal, second_member)
    assert (amendment.status, amendment.based_on, amendment.author) == (
        A.PROPOSED,
        1,
        second_member,
    )
    open_proposal.refresh_from_db()
    assert open_proposal.body == "We plant ten apple trees on Elm Green."


@pytest.mark.parametrize("who", ["person", "organiser", "other_organiser", "oak_member"])
def test_non_members_cannot_suggest(open_proposal, who, request):
    with pytest.raises(proposals.ProposalError, match="Only members"):
        _amend(open_proposal, request.getfixturevalue(who))
    assert Amendment.objects.count() == 0


@pytest.mark.parametrize("status", [S.DRAFT, S.VOTING, S.DECIDED, S.WITHDRAWN])
def test_only_open_proposals_take_suggestions(elm_park, author, organiser, second_member, status):
    proposal = helpers.make_proposal(elm_park, author, status, organiser)
    with pytest.raises(proposals.ProposalError, match="open for discussion"):
        _amend(proposal, second_member)
    assert Amendment.objects.count() == 0


def test_same_or_empty_text_is_refused(open_proposal, second_member):
    with pytest.raises(proposals.ProposalError, match="same"):
        _amend(open_proposal, second_member, text=" We plant ten apple trees on Elm Green. ")
    with pytest.raises(proposals.ProposalError):
        _amend(open_proposal, second_member, text="  ")
    assert Amendment.objects.count() == 0


def test_author_accepts_new_version_and_audit(open_proposal, author, second_member):
    amendment = _amend(open_proposal, second_member)
    version = amendments.accept_amendment(amendment, author)
    open_proposal.refresh_from_db()
    amendment.refresh_from_db()
    assert (version.number, version.amendment, version.created_by) == (2, amendment, author)
    assert open_proposal.body == version.body == amendment.text
    assert amendment.status == A.ACCEPTED
    assert amendment.decided_at
    entry = Entry.objects.order_by("sequence").last()
    assert entry.kind == "amendment.accepted"
    assert entry.payload == {
        "proposal": open_proposal.pk,
        "amendment": amendment.pk,
        "version": 2,
        "based_on": 1,
        "by": author.pk,
        "at": entry.payload["at"],
    }


def test_stale_base_is_refused_when_suggesting(open_proposal, author, second_member, member):
    amendments.accept_amendment(_amend(open_proposal, second_member), author)
    with pytest.raises(proposals.ProposalError, match="The text changed since; look at it again"):
        _amend(open_proposal, member, text="Something else", based_on=1)
    assert Amendment.objects.count() == 1
    assert _amend(open_proposal, member, text="Something else", based_on=2).based_on == 2


def test_stale_amendment_cannot_be_accepted(open_proposal, author, second_member, member):
    first = _amend(open_proposal, second_member)
    second = _amend(open_proposal, member, text="Something else")
    amendments.accept_amendment(first, author)
    with pytest.raises(proposals.ProposalError, match="look at it again"):
        amendments.accept_amendment(second, author)
    second.refresh_from_db()
    assert second.status == A.PROPOSED
    assert ProposalVersion.objects.filter(proposal=open_proposal).count() == 2


@pytest.mark.parametrize("who", ["second_member", "organiser", "facilitator"])
def test_only_the_author_accepts_or_rejects(open_proposal, second_member, who, request):
    amendment = _amend(open_proposal, second_member)
    person = request.getfixturevalue(who)
    with pytest.raises(proposals.ProposalError):
        amendments.accept_amendment(amendment, person)
    with pytest.raises(proposals.ProposalError):
        amendments.reject_amendment(amendment, person)
    amendment.refresh_from_db()
    assert amendment.status == A.PROPOSED


def test_accepted_twice_is_refused(open_proposal, author, second_member):
    amendment = _amend(open_proposal, second_member)
    amendments.accept_amendment(amendment, author)
    with pytest.raises(proposals.ProposalError, match="already"):
        amendments.accept_amendment(Amendment.objects.get(pk=amendment.pk), author)
    assert ProposalVersion.objects.filter(proposal=open_proposal).count() == 2


def test_reject_then_put_to_vote_then_carried(open_proposal, author, second_member, facilitator):
    amendment = _amend(open_proposal, second_member)
    amendments.reject_amendment(amendment, author)
    assert amendment.status == A.REJECTED
    amendments.put_amendment_to_vote(amendment, facilitator)
    assert Amendment.objects.get(pk=amendment.pk).status == A.TO_VOTE
    version = amendments.apply_carried_amendment(amendment, facilitator)
    open_proposal.refresh_from_db()
    assert version.number == 2
    assert open_proposal.body == amendment.text
    assert Amendment.objects.get(pk=amendment.pk).status == A.CARRIED
    assert Entry.objects.order_by("sequence").last().kind == "amendment.carried"


def test_not_carried_keeps_the_text(open_proposal, second_member, organiser):
    amendment = _amend(open_proposal, second_member)
    amendments.put_amendment_to_vote(amendment, organiser)
    amendments.amendment_not_carried(amendment, organiser)
    open_proposal.refresh_from_db()
    assert open_proposal.body == "We plant ten apple trees on Elm Green."
    assert Amendment.objects.get(pk=amendment.pk).status == A.REJECTED


def test_apply_carried_refuses_if_not_put_to_vote(open_proposal, second_member, organiser):
    amendment = _amend(open_proposal, second_member)
    with pytest.raises(proposals.ProposalError):
        amendments.apply_carried_amendment(amendment, organiser)
    assert Amendment.objects.get(pk=amendment.pk).status == A.PROPOSED


@pytest.mark.parametrize("who", ["author", "second_member", "other_organiser"])
def test_only_organisers_and_facilitators_put_to_vote(open_proposal, member, who, request):
    amendment = _amend(open_proposal, member)
    with pytest.raises(proposals.ProposalError):
        amendments.put_amendment_to_vote(amendment, request.getfixturevalue(who))
    assert Amendment.objects.get(pk=amendment.pk).status == A.PROPOSED


def test_voting_on_the_proposal_waits_for_amendment_votes(open_proposal, member, organiser):
    amendment = _amend(open_proposal, member)
    amendments.put_amendment_to_vote(amendment, organiser)
    with pytest.raises(proposals.ProposalError, match="waiting"):
        proposals.start_voting(open_proposal, organiser)
    open_proposal.refresh_from_db()
    assert open_proposal.status == S.DISCUSSION


def test_withdraw_own_amendment_only(open_proposal, second_member, member, organiser):
    amendment = _amend(open_proposal, second_member)
    with pytest.raises(proposals.ProposalError):
        amendments.withdraw_amendment(amendment, member)
    amendments.withdraw_amendment(amendment, second_member)
    assert Amendment.objects.get(pk=amendment.pk).status == A.WITHDRAWN


def test_cannot_withdraw_while_its_vote_is_open(open_proposal, second_member, organiser, elm_park):
    amendment = _amend(open_proposal, second_member)
    amendments.put_amendment_to_vote(amendment, organiser)
    Vote.objects.create(
        assembly=elm_park,
        amendment=amendment,
        question="Take the change?",
        method="majority",
        status=Vote.Status.OPEN,
        created_by=organiser,
    )
    with pytest.raises(proposals.ProposalError, match="open"):
        amendments.withdraw_amendment(amendment, second_member)
    assert Amendment.objects.get(pk=amendment.pk).status == A.TO_VOTE


# --- The diff ---------------------------------------------------------------------------------


def test_word_diff_marks_removed_and_added_words():
    html = amendments.word_diff_html("We plant ten apple trees.", "We plant twenty apple trees.")
    assert html == (
        'We plant <del><span class="visually-hidden">removed: </span>ten</del>'
        '<ins><span class="visually-hidden">added: </span>twenty</ins> apple trees.'
    )


def test_word_diff_of_equal_texts_has_no_marks():
    assert amendments.word_diff_html("Same words.", "Same words.") == "Same words."


def test_word_diff_escapes_html():
    added = amendments.word_diff_html(
        "Hello friends", 'Hello friends <script>alert("x")</script> & <img src=x onerror=y>'
    )
    assert "<script" not in added
    assert "<img" not in added
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x" in added
    removed = amendments.word_diff_html("Hi <b>now</b> <script>x()</script>", "Hi")
    assert "<b>" not in removed
    assert "<script" not in removed
    assert "&lt;b&gt;now&lt;/b&gt; &lt;script&gt;x()&lt;/script&gt;</del>" in removed


def test_amendment_diff_is_against_its_base(open_proposal, author, second_member, member):
    amendments.accept_amendment(_amend(open_proposal, second_member), author)
    later = _amend(
        open_proposal, member, text="We plant twenty pear trees on Elm Park.", based_on=2
    )
    html = amendments.amendment_diff(later)
    assert "Green" in html
    assert "<ins>" in html
    assert "Park" in html
    assert "ten" not in html  # version 1's word is not in the base of this change
