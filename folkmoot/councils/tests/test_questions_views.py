"""The agenda page and putting a question on it, over HTTP, for everyone who might try."""

import pytest
from django.urls import reverse

from folkmoot.councils.models import Competence, Question
from folkmoot.councils.questions import raise_question

from .conftest import WHO, client_for


def new_url(confed, council=None):
    return reverse("councils:question_new", args=[(council or confed.east).slug])


def test_the_agenda_lists_questions_newest_first(client, confed, convener):
    raise_question(confed.east, convener, title="First question")
    raise_question(confed.east, convener, title="Second question")
    response = client.get(reverse("councils:questions", args=[confed.east.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Second question") < html.index("First question")
    assert "2 questions, newest first" in html
    assert "Put a question on the agenda" not in html


def test_an_empty_agenda(client, confed):
    response = client.get(reverse("councils:questions", args=[confed.east.slug]))
    assert "Nothing on the agenda yet." in response.content.decode()


def test_unknown_council(client, db):
    assert client.get(reverse("councils:questions", args=["nowhere"])).status_code == 404


# On the West council: Birch Lane is its member assembly; Elm Park and Oak Row are not.
ALLOWED = {"birch_organiser", "convener", "network_organiser"}


@pytest.mark.parametrize("who", [*WHO, "birch_organiser"])
def test_who_may_put_a_question(confed, who, request):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).post(
        new_url(confed, confed.west), {"title": "Buses?", "kind": "yes_no"}
    )
    if who == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif who in ALLOWED:
        question = Question.objects.get()
        assert response.status_code == 302
        assert response["Location"] == question.get_absolute_url()
        assert question.raised_by == user
    else:
        assert response.status_code == 403
    if who not in ALLOWED:
        assert not Question.objects.exists()


def test_organisers_of_a_member_assembly_may(confed, organiser):
    assert client_for(organiser).get(new_url(confed)).status_code == 200


def test_delegates_do_not_set_the_agenda(confed, delegate):
    """Dee is a delegate (and an Elm Park member), not an organiser."""
    assert client_for(delegate).get(new_url(confed)).status_code == 403


def test_the_form_shows_the_councils_competences(confed, convener):
    Competence.objects.create(council=confed.east, matter="Street parties")
    html = client_for(convener).get(new_url(confed)).content.decode()
    assert "Street parties" in html
    assert "No: the member bodies decide it" in html


def test_a_ranking_question_with_its_options(confed, convener):
    response = client_for(convener).post(
        new_url(confed),
        {"title": "Which park?", "kind": "ranking", "options": "Elm\n\nOak\nAsh\n"},
    )
    question = Question.objects.get()
    assert question.options == ["Elm", "Oak", "Ash"]
    assert response.status_code == 302


def test_bad_input_says_how_to_fix_it_and_keeps_the_form(confed, convener):
    response = client_for(convener).post(
        new_url(confed), {"title": "Which park?", "kind": "ranking", "options": "Elm"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Write at least two options to rank, one on each line." in html
    assert 'value="Which park?"' in html
    assert not Question.objects.exists()


def test_a_question_within_a_competence_says_voting_can_open(confed, convener):
    competence = Competence.objects.create(council=confed.east, matter="Street parties")
    response = client_for(convener).post(
        new_url(confed),
        {"title": "A party?", "kind": "yes_no", "competence": competence.pk},
        follow=True,
    )
    assert "voting can open now" in response.content.decode()
    assert Question.objects.get().competence == competence
