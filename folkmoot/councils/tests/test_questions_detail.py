"""The question page: status, deadline, referrals, buttons for conveners, the seat's vote
form for delegates, the result and the trace."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from folkmoot.councils.models import Competence, Referral
from folkmoot.councils.questions import raise_question, refer
from folkmoot.councils.seat_votes import open_voting

from .conftest import WHO, client_for, in_a_week


@pytest.fixture
def referred(confed, city_convener):
    question = raise_question(confed.city, city_convener, title="Close Market Street to cars")
    refer(question, city_convener, in_a_week())
    return question


@pytest.mark.parametrize("who", WHO)
def test_everyone_can_read_it(referred, who, request):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).get(referred.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Close Market Street to cars" in html
    assert "Referred to the member bodies" in html
    assert "0 decided, 2 still deciding, 0 missed the deadline." in html
    assert "East Testbury District Council" in html
    assert "Member bodies decide by" in html


def test_conveners_see_the_refer_button_on_a_draft(confed, convener, client):
    question = raise_question(confed.east, convener, title="A question")
    url = question.get_absolute_url()
    assert "Refer it to the member bodies" in client_for(convener).get(url).content.decode()
    assert "Refer it to the member bodies" not in client.get(url).content.decode()
    assert "Open voting" not in client_for(convener).get(url).content.decode()


def test_a_convener_is_told_why_voting_cannot_open_yet(confed, referred, city_convener):
    html = client_for(city_convener).get(referred.get_absolute_url()).content.decode()
    assert "2 member bodies are still deciding" in html


def test_viewing_after_the_deadline_records_the_missed_bodies(client, referred):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        html = client.get(referred.get_absolute_url()).content.decode()
    assert "2 decided, 0 still deciding, 0 missed the deadline." in html
    assert Referral.objects.filter(status="missed").count() == 3


def test_a_delegate_sees_their_mandate_and_the_form(confed, convener, delegate):
    competence = Competence.objects.create(council=confed.east, matter="Parties")
    question = open_voting(
        raise_question(confed.east, convener, title="A party", competence=competence), convener
    )
    html = client_for(delegate).get(question.get_absolute_url()).content.decode()
    assert "Your seat for Elm Park Assembly" in html
    assert "so your seat abstains" in html
    assert "Record your seat's abstention" in html  # no mandate: abstaining is all it can do
    assert "Close the vote and count it" not in html
    assert "Close the vote and count it" in (
        client_for(convener).get(question.get_absolute_url()).content.decode()
    )


def test_the_page_has_a_bounded_number_of_queries(client, referred):
    with CaptureQueriesContext(connection) as few:
        client.get(referred.get_absolute_url())
    assert len(few) < 40


def test_a_child_question_points_up(confed, referred, client):
    child = referred.referrals.get(member=confed.seats.east).child_question
    html = client.get(child.get_absolute_url()).content.decode()
    assert "Referred down from Testbury City Council" in html
    assert referred.get_absolute_url() in html


def test_unknown_question(client, db):
    assert client.get("/council-questions/999/").status_code == 404
