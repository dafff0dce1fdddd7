"""/proposals/<pk>/amend/: members suggest a change to the current text."""

import pytest
from django.urls import reverse

from folkmoot.decisions import amendments
from folkmoot.decisions.models import Amendment

from . import proposal_helpers as helpers

author = helpers.author
facilitator = helpers.facilitator
second_member = helpers.second_member

NEW = "We plant twenty pear trees on Elm Green."


@pytest.fixture
def open_proposal(elm_park, author, organiser):
    return helpers.make_proposal(elm_park, author, "discussion", organiser)


def _url(proposal):
    return reverse("decisions:proposal_amend", args=[proposal.pk])


@pytest.mark.parametrize("who", ["person", "organiser", "other_organiser", "facilitator"])
def test_non_members_cannot_amend(client, open_proposal, who, request):
    helpers.sign_in(client, request, who)
    response = client.post(_url(open_proposal), {"text": NEW, "based_on": 1})
    assert response.status_code == 403
    assert Amendment.objects.count() == 0


def test_anonymous_is_sent_to_sign_in(client, open_proposal):
    assert client.post(_url(open_proposal), {"text": NEW, "based_on": 1}).status_code == 302
    assert Amendment.objects.count() == 0


@pytest.mark.parametrize("who", ["member", "author"])
def test_member_suggests_a_change(client, open_proposal, who, request):
    helpers.sign_in(client, request, who)
    form = client.get(_url(open_proposal)).content.decode()
    assert "We plant ten apple trees" in form
    assert 'name="based_on" value="1"' in form
    response = client.post(_url(open_proposal), {"text": NEW, "based_on": 1, "reason": "Pears"})
    assert response.status_code == 302
    assert Amendment.objects.get().text == NEW


def test_stale_base_is_refused_and_form_restarts(
    client, open_proposal, author, member, second_member
):
    amendments.accept_amendment(
        amendments.propose_amendment(open_proposal, second_member, text="Changed.", based_on=1),
        author,
    )
    client.force_login(member)
    response = client.post(_url(open_proposal), {"text": NEW, "based_on": 1})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The text changed since; look at it again." in html
    assert 'name="based_on" value="2"' in html
    assert NEW in html
    assert Amendment.objects.count() == 1


def test_same_text_is_refused(client, open_proposal, member):
    client.force_login(member)
    response = client.post(_url(open_proposal), {"text": open_proposal.body, "based_on": 1})
    assert response.status_code == 400
    assert Amendment.objects.count() == 0


def test_not_while_a_draft_or_decided(client, elm_park, author, organiser, member):
    proposal = helpers.make_proposal(elm_park, author, "voting", organiser)
    client.force_login(member)
    response = client.post(_url(proposal), {"text": NEW, "based_on": 1}, follow=True)
    assert "only be suggested while it is open" in response.content.decode()
    assert Amendment.objects.count() == 0
