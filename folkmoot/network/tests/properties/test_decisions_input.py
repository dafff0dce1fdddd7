"""Proposals, amendments, vote set-up and ballots: hostile input is either cleaned and saved
within the model's limits, or refused with a plain message and nothing saved."""

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from folkmoot.decisions import voting
from folkmoot.decisions.amendments import propose_amendment
from folkmoot.decisions.models import Option, Proposal, Vote
from folkmoot.decisions.proposal_forms import ProposalForm
from folkmoot.decisions.proposals import ProposalError, open_for_discussion, submit_proposal
from folkmoot.decisions.vote_forms import VoteSetupForm

from ._helpers import (
    PROPERTY_SETTINGS,
    check_errors,
    check_message,
    fits,
    hostile_text,
    json_values,
    rolled_back,
    snapshot,
)

pytestmark = pytest.mark.django_db

links = st.one_of(
    hostile_text,
    st.sampled_from(
        [
            "https://example.org",
            "http://a.b/c\n\nhttps://x.org",
            "javascript:x",
            "ftp://x.org",
            "https://" + "a" * 3000 + ".org",
        ]
    ),
)


@PROPERTY_SETTINGS
@given(title=hostile_text, body=hostile_text, links=links)
def test_proposal_form_and_submit(elm_park, member, title, body, links):
    with rolled_back():
        before = snapshot()
        form = ProposalForm(data={"title": title, "body": body, "links": links})
        if not form.is_valid():
            check_errors(form)
            assert snapshot() == before
            return
        data = form.cleaned_data
        proposal = submit_proposal(
            elm_park, member, title=data["title"], body=data["body"], links=data["links"]
        )
        saved = Proposal.objects.get(pk=proposal.pk)
        fits(Proposal, "title", saved.title)
        assert saved.title
        assert saved.body


@PROPERTY_SETTINGS
@given(title=hostile_text, body=hostile_text, links=links)
def test_submit_proposal_service(elm_park, member, title, body, links):
    with rolled_back():
        before = snapshot()
        try:
            proposal = submit_proposal(elm_park, member, title=title, body=body, links=links)
        except ProposalError as error:
            check_message(error)
            assert snapshot() == before
            return
        saved = Proposal.objects.get(pk=proposal.pk)
        fits(Proposal, "title", saved.title)
        assert saved.title == saved.title.strip()
        assert saved.title


@PROPERTY_SETTINGS
@given(text=hostile_text, reason=hostile_text, based_on=st.integers(-3, 3))
def test_propose_amendment(elm_park, member, organiser, text, reason, based_on):
    with rolled_back():
        proposal = submit_proposal(elm_park, member, title="Trees", body="Plant trees.")
        open_for_discussion(proposal, organiser)
        before = snapshot()
        try:
            amendment = propose_amendment(
                proposal, member, text=text, based_on=based_on, reason=reason
            )
        except ProposalError as error:
            check_message(error)
            assert snapshot() == before
            return
        assert amendment.text.strip()
        assert based_on == 1
        for field in ("text", "reason"):
            fits(type(amendment), field, getattr(amendment, field))


setup_data = st.fixed_dictionaries(
    {
        "question": hostile_text,
        "method": st.one_of(st.sampled_from(Vote.Method.values), hostile_text),
        "options": st.one_of(hostile_text, st.lists(hostile_text, max_size=5).map("\n".join)),
        "seats": st.one_of(st.integers(-5, 60).map(str), hostile_text),
        "threshold": st.one_of(st.sampled_from(["2/3", "3/4", ""]), hostile_text),
        "quorum_people": st.one_of(st.integers(-5, 10**6).map(str), hostile_text),
        "quorum_percent": st.one_of(st.integers(-5, 200).map(str), hostile_text),
        "closes_at": st.one_of(
            st.sampled_from(["2000-01-01T10:00", "2999-01-01T10:00", ""]), hostile_text
        ),
        "mode": st.sampled_from(["online", "room", "", "x"]),
        "who": st.sampled_from(["members", "checked_in", "", "x"]),
    }
)


@PROPERTY_SETTINGS
@given(data=setup_data)
def test_vote_setup_form_and_create(elm_park, organiser, data):
    with rolled_back():
        before = snapshot()
        form = VoteSetupForm(data=data, body=elm_park)
        if not form.is_valid():
            check_errors(form)
            assert snapshot() == before
            return
        vote = voting.create_vote(elm_park, organiser, form.setup())
        fits(Vote, "question", vote.question)
        assert vote.question.strip()
        for option in Option.objects.filter(vote=vote):
            fits(Option, "label", option.label)


@PROPERTY_SETTINGS
@given(
    question=hostile_text,
    method=st.sampled_from(Vote.Method.values),
    options=st.lists(hostile_text, max_size=4),
    seats=st.integers(-3, 10),
)
def test_create_vote_service(elm_park, organiser, question, method, options, seats):
    with rolled_back():
        before = snapshot()
        setup = voting.VoteSetup(question=question, method=method, options=options, seats=seats)
        try:
            vote = voting.create_vote(elm_park, organiser, setup)
        except voting.VotingError as error:
            check_message(error)
            assert snapshot() == before
            return
        fits(Vote, "question", vote.question)
        assert vote.question.strip()
        assert "\x00" not in vote.question
        for option in Option.objects.filter(vote=vote):
            fits(Option, "label", option.label)
            assert "\x00" not in option.label


@pytest.fixture
def votes(elm_park, organiser):
    """One ready vote per method, with three options where the method has options."""
    made = {}
    for method in Vote.Method.values:
        setup = voting.VoteSetup(
            question=f"Which {method}?", method=method, options=["Apples", "Pears", "Plums"]
        )
        made[method] = voting.create_vote(elm_park, organiser, setup)
    return made


ballot_content = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={
            "answer": st.one_of(
                st.sampled_from(["for", "against", "abstain", "block", "agree", "stand_aside"]),
                json_values,
            ),
            "reason": json_values,
            "approved": json_values,
            "scores": json_values,
            "ranking": json_values,
        },
    ),
)


@PROPERTY_SETTINGS
@given(method=st.sampled_from(Vote.Method.values), content=ballot_content)
@example(method="consensus", content={"answer": "block", "reason": "no\x00"})
@example(method="approval", content={"approved": 7})
@example(method="score", content={"scores": ["1"]})
@example(method="irv", content={"ranking": 3})
@example(method="majority", content={"answer": ["for"]})
def test_clean_ballot(votes, method, content):
    """Any JSON the API could be sent gives a stored-shape ballot or BadBallot, never a crash."""
    vote = votes[method]
    try:
        cleaned = voting.clean_ballot(vote, content)
    except voting.BadBallot as error:
        check_message(error)
        return
    assert isinstance(cleaned, dict)
    assert cleaned
    # jsonb (PostgreSQL) cannot hold NUL, and a stored ballot must be storable.
    assert "\\u0000" not in json.dumps(cleaned)
