"""/proposals/<pk>/move/: moving a proposal through its life cycle over HTTP."""

import pytest
from django.urls import reverse

from folkmoot.audit.models import Entry
from folkmoot.decisions.models import Decision, Transition

from . import proposal_helpers as helpers

author = helpers.author
facilitator = helpers.facilitator
draft = helpers.draft


def _url(proposal):
    return reverse("decisions:proposal_move", args=[proposal.pk])


@pytest.mark.parametrize(
    ("who", "code", "moved"),
    [
        ("member", 404, False),
        ("person", 404, False),
        ("other_organiser", 404, False),
        ("author", 302, True),
        ("facilitator", 302, True),
        ("organiser", 302, True),
    ],
)
def test_opening_a_draft(client, draft, who, code, moved, request):
    helpers.sign_in(client, request, who)
    response = client.post(_url(draft), {"to": "discussion"})
    assert response.status_code == code
    draft.refresh_from_db()
    assert (draft.status == "discussion") is moved


def test_anonymous_is_sent_to_sign_in(client, draft):
    response = client.post(_url(draft), {"to": "discussion"})
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.parametrize(
    ("who", "code"), [("member", 403), ("person", 403), ("other_organiser", 403), ("author", 302)]
)
def test_only_organisers_start_voting(client, elm_park, author, organiser, who, code, request):
    proposal = helpers.make_proposal(elm_park, author, "discussion", organiser)
    helpers.sign_in(client, request, who)
    response = client.post(_url(proposal), {"to": "voting"}, follow=False)
    assert response.status_code == code
    proposal.refresh_from_db()
    assert proposal.status == "discussion"


def test_refused_move_says_why_and_changes_nothing(client, elm_park, author, organiser):
    proposal = helpers.make_proposal(elm_park, author, "decided", organiser)
    client.force_login(author)
    count = Transition.objects.count()
    response = client.post(_url(proposal), {"to": "withdrawn"}, follow=True)
    assert "cannot change any more" in response.content.decode()
    assert Transition.objects.count() == count


def test_organiser_records_an_outcome(client, elm_park, author, organiser):
    proposal = helpers.make_proposal(elm_park, author, "voting", organiser)
    client.force_login(organiser)
    form = client.get(_url(proposal) + "?to=decided").content.decode()
    assert "What was decided" in form
    response = client.post(_url(proposal), {"to": "decided"})
    assert response.status_code == 400  # no outcome chosen
    assert "Choose what was decided." in response.content.decode()
    assert Decision.objects.count() == 0
    client.post(_url(proposal), {"to": "decided", "outcome": "consensus", "note": "All agreed"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.outcome) == ("decided", "consensus")
    assert Decision.objects.get().proposal == proposal
    assert Entry.objects.filter(subject=f"proposal:{proposal.pk}").count() == 4


def test_author_withdraws_with_a_note(client, elm_park, author, organiser):
    proposal = helpers.make_proposal(elm_park, author, "discussion", organiser)
    client.force_login(author)
    html = client.get(_url(proposal)).content.decode()
    assert 'value="withdrawn"' in html
    assert 'value="voting"' not in html
    response = client.post(_url(proposal), {"to": "withdrawn", "note": "Not needed"}, follow=True)
    assert "It is withdrawn" in response.content.decode()
    assert proposal.transitions.last().note == "Not needed"
