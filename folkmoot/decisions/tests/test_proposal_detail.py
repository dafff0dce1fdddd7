"""/proposals/<pk>/: the text, status, timeline, amendments, discussion and the main button."""

import pytest
from django.urls import reverse

from folkmoot.decisions import amendments

from . import proposal_helpers as helpers

author = helpers.author
facilitator = helpers.facilitator
draft = helpers.draft


def _get(client, proposal):
    return client.get(reverse("decisions:proposal", args=[proposal.pk]))


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("person", 404),
        ("member", 404),
        ("other_organiser", 404),
        ("author", 200),
        ("facilitator", 200),
        ("organiser", 200),
    ],
)
def test_draft_is_private(client, draft, who, status, request):
    helpers.sign_in(client, request, who)
    assert _get(client, draft).status_code == status


@pytest.mark.parametrize("who", helpers.WHO)
def test_open_proposal_is_public(client, elm_park, author, organiser, who, request):
    proposal = helpers.make_proposal(elm_park, author, "discussion", organiser)
    helpers.sign_in(client, request, who)
    response = _get(client, proposal)
    assert response.status_code == 200
    assert "We plant ten apple trees" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status", "button"),
    [
        ("anonymous", "discussion", "Sign in to take part"),
        ("person", "discussion", "Join the assembly to take part"),
        ("member", "discussion", "Suggest a change"),
        ("facilitator", "discussion", "Move it to the decision"),
        ("organiser", "voting", "Record what was decided"),
        ("author", "draft", "Open it for discussion"),
        ("organiser", "draft", "Open it for discussion"),
    ],
)
def test_one_main_button(client, elm_park, author, organiser, who, status, button, request):
    proposal = helpers.make_proposal(elm_park, author, status, organiser)
    helpers.sign_in(client, request, who)
    html = _get(client, proposal).content.decode()
    main = html.split('class="button-row proposal-main-action"')[1].split("</div>")[0]
    assert button in main


def test_timeline_versions_and_amendment_diff(client, elm_park, author, organiser, member):
    proposal = helpers.make_proposal(elm_park, author, "discussion", organiser)
    amendment = amendments.propose_amendment(
        proposal, member, text="We plant twenty apple trees on Elm Green.", based_on=1
    )
    amendments.accept_amendment(amendment, author)
    amendments.propose_amendment(
        proposal, member, text="We plant twenty <script>x</script> trees on Elm Green.", based_on=2
    )
    html = _get(client, proposal).content.decode()
    assert "Ada wrote it as a draft" in html
    assert "Olu moved it to “open for discussion”" in html
    assert "Version 2" in html
    assert "Versions of the text" in html
    assert '<span class="visually-hidden">removed: </span>ten</del>' in html
    assert "&lt;script&gt;" in html
    assert "<script>x" not in html
    assert "We plant twenty apple trees" in html  # the current text


def test_decided_proposal_shows_the_decision(client, elm_park, author, organiser):
    proposal = helpers.make_proposal(elm_park, author, "decided", organiser)
    html = _get(client, proposal).content.decode()
    assert "Decided: carried" in html
    assert "Plant fruit trees: Carried" in html
    assert "The discussion is closed." in html


def test_links_are_listed(client, elm_park, author, organiser):
    proposal = helpers.make_proposal(
        elm_park, author, "discussion", organiser, links="https://docs.example/plan"
    )
    assert 'href="https://docs.example/plan"' in _get(client, proposal).content.decode()


def test_unknown_is_404(client, db):
    assert client.get(reverse("decisions:proposal", args=[999])).status_code == 404


def test_organisers_can_put_an_open_proposal_to_a_vote(client, elm_park, author, organiser):
    from django.urls import reverse

    from folkmoot.decisions.models import Proposal
    from folkmoot.decisions.tests.proposal_helpers import make_proposal

    proposal = make_proposal(elm_park, author, status=Proposal.Status.DISCUSSION, by=organiser)
    link = reverse("decisions:vote_new", args=["elm-park"]) + f"?proposal={proposal.pk}"
    assert link not in client.get(proposal.get_absolute_url()).content.decode()
    client.force_login(organiser)
    assert link in client.get(proposal.get_absolute_url()).content.decode()
