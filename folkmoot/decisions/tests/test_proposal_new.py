"""/assemblies/<slug>/proposals/new/: members write proposals; bad input changes nothing."""

import pytest
from django.urls import reverse

from folkmoot.decisions.models import Proposal

from . import proposal_helpers as helpers

author = helpers.author
facilitator = helpers.facilitator
draft = helpers.draft

URL = reverse("decisions:proposal_new", args=["elm-park"])
GOOD = {
    "title": "Benches",
    "body": "Put **two** benches by the pond.",
    "links": "https://x.example/plan.pdf",
}


def test_anonymous_is_sent_to_sign_in(client, elm_park):
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    assert Proposal.objects.count() == 0


@pytest.mark.parametrize("who", ["person", "organiser", "other_organiser", "facilitator"])
def test_non_members_are_told_to_join(client, elm_park, who, request):
    helpers.sign_in(client, request, who)
    response = client.post(URL, GOOD)
    assert response.status_code == 403
    assert "Join the assembly" in response.content.decode()
    assert Proposal.objects.count() == 0


def test_member_writes_a_draft(client, elm_park, author):
    client.force_login(author)
    assert "Write a proposal" in client.get(URL).content.decode()
    response = client.post(URL, GOOD, follow=True)
    proposal = Proposal.objects.get()
    assert (proposal.author, proposal.status, proposal.links) == (author, "draft", GOOD["links"])
    html = response.content.decode()
    assert "saved as a draft" in html
    assert "<strong>two</strong>" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**GOOD, "title": " "}, "Give your proposal a short title."),
        ({**GOOD, "body": ""}, "Write what you propose."),
        (
            {**GOOD, "links": "https://ok.example\njavascript:alert(1)"},
            "Line 2 is not a web address",
        ),
    ],
)
def test_bad_input_keeps_the_form_and_saves_nothing(client, elm_park, author, data, message):
    client.force_login(author)
    response = client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Put **two** benches" in html or data["body"] == ""
    assert Proposal.objects.count() == 0
