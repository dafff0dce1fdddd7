"""A delegate casts their seat's vote as the body decided, or is told which mandate says no."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_person
from folkmoot.audit.models import Entry
from folkmoot.councils.errors import CouncilError
from folkmoot.councils.models import Competence, Question, Referral, SeatVote
from folkmoot.councils.questions import raise_question
from folkmoot.councils.seat_votes import cast_seat_vote, open_voting, seat_for
from folkmoot.decisions.models import Decision
from folkmoot.delegation.mandates import issue_mandate

from .conftest import make_term


def decision_of(assembly, summary="Close the road: carried"):
    return Decision.objects.create(assembly=assembly, summary=summary, decided_at=timezone.now())


@pytest.fixture
def question(confed, convener):
    """Within a competence: the delegates vote on it at once."""
    competence = Competence.objects.create(council=confed.east, matter="Street parties")
    question = raise_question(
        confed.east, convener, title="Hold a street party in June", competence=competence
    )
    return open_voting(question, convener)


@pytest.fixture
def ranking_question(confed, convener):
    competence = Competence.objects.create(council=confed.east, matter="Park works")
    question = raise_question(
        confed.east,
        convener,
        title="Which park first?",
        kind="ranking",
        options=["Elm", "Oak", "Ash"],
        competence=competence,
    )
    return open_voting(question, convener)


def mandate(confed, question, instruction, **kw):
    return issue_mandate(
        confed.seats.elm,
        instruction=instruction,
        question=question,
        decision=decision_of(confed.elm_park),
        **kw,
    )


def test_voting_as_mandated(confed, question, delegate):
    given = mandate(confed, question, "for")
    vote = cast_seat_vote(question, delegate, answer="for")
    assert vote.member == confed.seats.elm
    assert vote.delegate == confed.terms.dee
    assert vote.mandate == given
    assert Entry.objects.filter(kind="seat_vote.cast").count() == 1


def test_a_vote_against_the_mandate_is_refused_naming_it(confed, question, delegate):
    mandate(confed, question, "for")
    with pytest.raises(CouncilError) as refused:
        cast_seat_vote(question, delegate, answer="against")
    message = str(refused.value)
    assert "Elm Park Assembly's mandate of" in message
    assert "Close the road: carried" in message
    assert "is to vote for" in message
    assert not SeatVote.objects.exists()


def test_no_mandate_and_no_discretion_only_abstains(question, delegate):
    with pytest.raises(CouncilError, match="the seat abstains"):
        cast_seat_vote(question, delegate, answer="for")
    vote = cast_seat_vote(question, delegate, answer="abstain")
    assert vote.answer == "abstain"
    assert vote.mandate is None


def test_standing_discretion_within_bounds(confed, question, delegate):
    standing = issue_mandate(
        confed.seats.elm,
        instruction="discretion",
        allowed=["for", "abstain"],
        decision=decision_of(confed.elm_park, "Standing orders"),
    )
    with pytest.raises(CouncilError, match="only to vote for or abstain"):
        cast_seat_vote(question, delegate, answer="against")
    vote = cast_seat_vote(question, delegate, answer="for")
    assert vote.mandate == standing


def test_a_split_mandate_is_kept_seat_by_seat(confed, question):
    confed.seats.elm.seats = 3
    confed.seats.elm.save()
    two, three = make_person("d2@example.org", "D2"), make_person("d3@example.org", "D3")
    make_term(confed.seats.elm, two)
    make_term(confed.seats.elm, three)
    mandate(confed, question, "split", split={"for": 2, "against": 1})
    cast_seat_vote(question, confed.people.dee, answer="for")
    cast_seat_vote(question, two, answer="for")
    with pytest.raises(CouncilError, match="All the seats mandated for have voted"):
        cast_seat_vote(question, three, answer="for")
    assert cast_seat_vote(question, three, answer="against").answer == "against"


def test_one_vote_per_delegate(confed, question, delegate):
    mandate(confed, question, "for")
    cast_seat_vote(question, delegate, answer="for")
    with pytest.raises(CouncilError, match="already cast"):
        cast_seat_vote(question, delegate, answer="for")
    assert SeatVote.objects.count() == 1


@pytest.mark.parametrize("who", ["member", "organiser", "convener", "network_organiser"])
def test_only_delegates_vote(question, who, request):
    with pytest.raises(CouncilError, match="Only delegates"):
        cast_seat_vote(question, request.getfixturevalue(who), answer="abstain")


def test_a_delegate_of_another_council_cannot_vote(confed, question):
    with pytest.raises(CouncilError, match="Only delegates"):
        cast_seat_vote(question, confed.people.bob, answer="abstain")


def test_a_substitute_does_not_vote_while_not_holding_the_seat(confed, question):
    sub = make_person("sub@example.org", "Sub")
    make_term(confed.seats.elm, sub, substitute=True)
    with pytest.raises(CouncilError, match="Only delegates"):
        cast_seat_vote(question, sub, answer="abstain")


def test_an_ended_term_cannot_vote(confed, question, delegate):
    term = confed.terms.dee
    term.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    term.starts_on = term.ends_on - datetime.timedelta(days=10)
    term.save()
    with pytest.raises(CouncilError, match="ended on"):
        cast_seat_vote(question, delegate, answer="abstain")


def test_voting_must_be_open(confed, convener, delegate):
    question = raise_question(confed.east, convener, title="Not open")
    with pytest.raises(CouncilError, match="not open"):
        cast_seat_vote(question, delegate, answer="abstain")


def test_a_body_that_missed_the_deadline_only_abstains(confed, convener, delegate):
    question = raise_question(confed.east, convener, title="Late")
    question.status = Question.Status.VOTING
    question.save()
    Referral.objects.create(question=question, member=confed.seats.elm, status="missed")
    issue_mandate(
        confed.seats.elm,
        instruction="discretion",
        decision=decision_of(confed.elm_park, "Standing orders"),
    )
    with pytest.raises(CouncilError, match="did not decide by the deadline"):
        cast_seat_vote(question, delegate, answer="for")
    assert cast_seat_vote(question, delegate, answer="abstain").answer == "abstain"


def test_the_ranking_mandate(confed, ranking_question, delegate):
    mandate(confed, ranking_question, "ranking", ranking=["Oak", "Elm", "Ash"])
    with pytest.raises(CouncilError, match="is this ranking: Oak, Elm, Ash"):
        cast_seat_vote(ranking_question, delegate, ranking=["Elm", "Oak", "Ash"])
    with pytest.raises(CouncilError, match="only the options of this question"):
        cast_seat_vote(ranking_question, delegate, ranking=["Oak", "Beech"])
    vote = cast_seat_vote(ranking_question, delegate, ranking=["Oak", "Elm", "Ash"])
    assert vote.ranking == ["Oak", "Elm", "Ash"]
    assert vote.answer == ""


def test_abstaining_on_a_ranking(ranking_question, delegate):
    vote = cast_seat_vote(ranking_question, delegate, answer="abstain", ranking=["Oak"])
    assert (vote.answer, vote.ranking) == ("abstain", [])


def test_the_seat_explains_its_mandate(confed, question, delegate):
    seat = seat_for(question, delegate)
    assert "so your seat abstains" in seat.words
    assert seat.only_abstain
    mandate(confed, question, "against")
    seat = seat_for(question, delegate)
    assert seat.words.startswith("Vote against — Elm Park Assembly's mandate of")
    assert not seat.only_abstain
    assert seat_for(question, confed.people.bob) is None
