"""Referring over HTTP, and the note on each assembly's proposal page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from folkmoot.councils.models import Referral
from folkmoot.councils.questions import raise_question, refer
from folkmoot.decisions.models import Proposal

from .conftest import WHO, client_for, decide, in_a_week


@pytest.fixture
def question(confed, convener):
    return raise_question(confed.east, convener, title="Close the road to cars")


def refer_url(question):
    return reverse("councils:question_refer", args=[question.pk])


def deadline_text(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("who", WHO)
def test_only_conveners_refer(question, who, request):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).post(refer_url(question), {"deadline": deadline_text(in_a_week())})
    if who == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif who in ("convener", "network_organiser"):
        assert response.status_code == 302
        assert Referral.objects.filter(question=question).count() == 2
    else:
        assert response.status_code == 403
    if who not in ("convener", "network_organiser"):
        assert not Referral.objects.exists()


def test_the_refer_page_lists_the_member_bodies(question, convener):
    html = client_for(convener).get(refer_url(question)).content.decode()
    assert "Elm Park Assembly (1 seat)" in html
    assert "Oak Row Assembly (1 seat)" in html


def test_a_past_deadline_is_refused_and_nothing_changes(question, convener):
    past = timezone.now() - datetime.timedelta(days=1)
    response = client_for(convener).post(refer_url(question), {"deadline": deadline_text(past)})
    assert response.status_code == 200
    assert "Choose a deadline in the future." in response.content.decode()
    assert not Referral.objects.exists()


def test_a_missing_deadline(question, convener):
    response = client_for(convener).post(refer_url(question), {"deadline": ""})
    assert response.status_code == 200
    assert not Referral.objects.exists()


def test_referring_says_what_happens_next(question, convener):
    response = client_for(convener).post(
        refer_url(question), {"deadline": deadline_text(in_a_week())}, follow=True
    )
    assert "Referred to 2 member bodies." in response.content.decode()


def test_the_proposal_page_says_who_referred_it(confed, city_convener, client):
    top = raise_question(confed.city, city_convener, title="Buses at night")
    refer(top, city_convener, in_a_week())
    proposal = Proposal.objects.get(assembly=confed.elm_park)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Referred by East Testbury District Council." in html
    assert "It came down from Testbury City Council." in html
    assert "Decide by" in html
    assert proposal.referral.question.get_absolute_url() in html
    referral_queries = [q for q in queries.captured_queries if "councils_referral" in q["sql"]]
    assert len(referral_queries) == 1


def test_the_proposal_page_says_when_it_is_decided(confed, convener, organiser, client):
    question = raise_question(confed.east, convener, title="A question")
    refer(question, convener, in_a_week())
    proposal = Proposal.objects.get(assembly=confed.elm_park)
    decide(proposal, "carried", organiser)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Decided: the delegates' mandate is set." in html


def test_an_ordinary_proposal_has_no_note(confed, member, client):
    from folkmoot.decisions import proposals

    proposal = proposals.submit_proposal(confed.elm_park, member, title="Trees", body="Plant.")
    proposals.open_for_discussion(proposal, member)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Referred by" not in html
