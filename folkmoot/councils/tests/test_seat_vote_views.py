"""Opening, casting and closing over HTTP: POST only, and only the right people."""

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.councils.models import Competence, Question, SeatVote
from folkmoot.councils.questions import raise_question
from folkmoot.councils.seat_votes import open_voting
from folkmoot.decisions.models import Decision
from folkmoot.delegation.mandates import issue_mandate

from .conftest import WHO, client_for


@pytest.fixture
def draft(confed, convener):
    competence = Competence.objects.create(council=confed.east, matter="Street parties")
    return raise_question(confed.east, convener, title="A party", competence=competence)


@pytest.fixture
def voting(draft, convener):
    return open_voting(draft, convener)


def url(name, question):
    return reverse(f"councils:{name}", args=[question.pk])


def mandate_for(confed, question, instruction):
    decision = Decision.objects.create(
        assembly=confed.elm_park, summary="Have a party: carried", decided_at=timezone.now()
    )
    return issue_mandate(
        confed.seats.elm, instruction=instruction, question=question, decision=decision
    )


@pytest.mark.parametrize("who", WHO)
def test_only_conveners_open(draft, who, request):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).post(url("question_open", draft))
    draft.refresh_from_db()
    if who == "anonymous":
        assert "/accounts/login/" in response["Location"]
    elif who in ("convener", "network_organiser"):
        assert response.status_code == 302
        assert draft.status == Question.Status.VOTING
    else:
        assert response.status_code == 403
    if who not in ("convener", "network_organiser"):
        assert draft.status == Question.Status.DRAFT


def test_opening_is_post_only(draft, convener):
    assert client_for(convener).get(url("question_open", draft)).status_code == 405


def test_opening_a_question_to_refer_explains(confed, convener):
    question = raise_question(confed.east, convener, title="Close the road")
    response = client_for(convener).post(url("question_open", question), follow=True)
    assert "refer it to the member bodies first" in response.content.decode()


@pytest.mark.parametrize("who", WHO)
def test_only_conveners_close(voting, who, request):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).post(url("question_close", voting))
    voting.refresh_from_db()
    if who == "anonymous":
        assert "/accounts/login/" in response["Location"]
    elif who in ("convener", "network_organiser"):
        assert voting.status == Question.Status.DECIDED
    else:
        assert response.status_code == 403
        assert voting.status == Question.Status.VOTING


@pytest.mark.parametrize("who", WHO)
def test_only_delegates_reach_the_vote_page(voting, who, request):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).post(url("question_vote", voting), {"answer": "abstain"})
    if who == "anonymous":
        assert "/accounts/login/" in response["Location"]
    elif who == "delegate":
        assert response.status_code == 302
        assert SeatVote.objects.get().answer == "abstain"
    else:
        assert response.status_code == 403
    if who != "delegate":
        assert not SeatVote.objects.exists()


def test_the_vote_page_shows_the_mandate_in_words(confed, voting, delegate):
    mandate_for(confed, voting, "for")
    html = client_for(delegate).get(url("question_vote", voting)).content.decode()
    assert "Your mandate:" in html
    assert "Vote for — Elm Park Assembly&#x27;s mandate of" in html
    assert "The decision behind it" in html


def test_a_vote_against_the_mandate_is_refused_on_the_page(confed, voting, delegate):
    mandate_for(confed, voting, "for")
    response = client_for(delegate).post(url("question_vote", voting), {"answer": "against"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "is to vote for: a vote against is against the mandate." in html
    assert "Have a party: carried" in html
    assert not SeatVote.objects.exists()


def test_casting_as_mandated(confed, voting, delegate):
    mandate_for(confed, voting, "for")
    response = client_for(delegate).post(
        url("question_vote", voting), {"answer": "for"}, follow=True
    )
    assert "Your seat&#x27;s vote is cast." in response.content.decode()
    assert SeatVote.objects.get().answer == "for"
    html = client_for(delegate).get(voting.get_absolute_url()).content.decode()
    assert "You have voted:" in html


def test_the_abstain_button(voting, delegate):
    client_for(delegate).post(url("question_vote", voting), {"abstain": "1"})
    assert SeatVote.objects.get().answer == "abstain"


def test_a_ranking_vote_by_numbers(confed, convener, delegate):
    competence = Competence.objects.create(council=confed.east, matter="Parks")
    question = open_voting(
        raise_question(
            confed.east,
            convener,
            title="Which park?",
            kind="ranking",
            options=["Elm", "Oak", "Ash"],
            competence=competence,
        ),
        convener,
    )
    decision = Decision.objects.create(
        assembly=confed.elm_park, summary="Parks: chosen", decided_at=timezone.now()
    )
    issue_mandate(
        confed.seats.elm,
        instruction="ranking",
        ranking=["Oak", "Ash"],
        question=question,
        decision=decision,
    )
    client = client_for(delegate)
    response = client.post(url("question_vote", question), {"rank_0": "1", "rank_1": "1"})
    assert "Give each option a different number." in response.content.decode()
    response = client.post(url("question_vote", question), {"rank_0": "1", "rank_1": "2"})
    assert "is this ranking: Oak, Ash." in response.content.decode()
    response = client.post(url("question_vote", question), {"rank_1": "1", "rank_2": "2"})
    assert response.status_code == 302
    assert SeatVote.objects.get().ranking == ["Oak", "Ash"]


def test_the_vote_page_when_voting_is_not_open(draft, delegate):
    html = client_for(delegate).get(url("question_vote", draft)).content.decode()
    assert "Voting on this question is not open." in html
    assert "Cast your seat" not in html


def test_the_result_on_the_page(confed, voting, delegate, convener, client):
    mandate_for(confed, voting, "for")
    client_for(delegate).post(url("question_vote", voting), {"answer": "for"})
    client_for(convener).post(url("question_close", voting))
    html = client.get(voting.get_absolute_url()).content.decode()
    assert "The result" in html
    assert "Carried" in html
    assert "1 for, 0 against, 1 abstain" in html
    assert "Every vote and the decision behind it" in html
    assert "Dee" in html
