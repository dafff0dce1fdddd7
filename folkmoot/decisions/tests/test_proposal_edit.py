"""/proposals/<pk>/edit/: only the author, only while it is a draft."""

import pytest
from django.urls import reverse

from . import proposal_helpers as helpers

author = helpers.author
facilitator = helpers.facilitator
draft = helpers.draft

DATA = {"title": "Pear trees", "body": "Plant pears.", "links": ""}


def _url(proposal):
    return reverse("decisions:proposal_edit", args=[proposal.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("person", 404),
        ("member", 404),
        ("other_organiser", 404),
        ("facilitator", 403),
        ("organiser", 403),
    ],
)
def test_others_cannot_edit(client, draft, who, status, request):
    helpers.sign_in(client, request, who)
    assert client.post(_url(draft), DATA).status_code == status
    draft.refresh_from_db()
    assert draft.title == "Plant fruit trees"


def test_anonymous_is_sent_to_sign_in(client, draft):
    assert client.post(_url(draft), DATA).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Plant fruit trees"


def test_author_edits_draft(client, draft, author):
    client.force_login(author)
    assert "Plant fruit trees" in client.get(_url(draft)).content.decode()
    response = client.post(_url(draft), DATA)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.body) == ("Pear trees", "Plant pears.")


def test_bad_input_changes_nothing(client, draft, author):
    client.force_login(author)
    response = client.post(_url(draft), {**DATA, "links": "ftp://x.example"})
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.title == "Plant fruit trees"


def test_open_proposal_cannot_be_edited(client, elm_park, author, organiser):
    proposal = helpers.make_proposal(elm_park, author, "discussion", organiser)
    client.force_login(author)
    response = client.post(_url(proposal), DATA, follow=True)
    assert "Suggest a change instead" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == "Plant fruit trees"
