"""/assemblies/<slug>/proposals/: newest first, counts by status, filter, drafts private."""

import pytest
from django.urls import reverse

from . import proposal_helpers as helpers

author = helpers.author
facilitator = helpers.facilitator
meeting = helpers.meeting
draft = helpers.draft

URL = reverse("decisions:proposal_list", args=["elm-park"])


@pytest.fixture
def several(elm_park, author, organiser):
    helpers.make_proposal(elm_park, author, "discussion", organiser, title="Older open")
    helpers.make_proposal(elm_park, author, "decided", organiser, title="Decided one")
    helpers.make_proposal(elm_park, author, title="Secret draft")
    helpers.make_proposal(elm_park, author, "discussion", organiser, title="Newest open")


def test_anyone_sees_the_list_newest_first_without_drafts(client, several):
    html = client.get(URL).content.decode()
    assert html.index("Newest open") < html.index("Decided one") < html.index("Older open")
    assert "Secret draft" not in html
    assert "Open for discussion (2)" in html
    assert "Decided (1)" in html
    assert "Draft (0)" in html
    assert "All (3)" in html
    assert "Sign in to write a proposal" in html


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("author", True),
        ("organiser", True),
        ("facilitator", True),
        ("member", False),
        ("other_organiser", False),
    ],
)
def test_drafts_shown_to_author_and_those_who_run_it(client, several, who, sees, request):
    helpers.sign_in(client, request, who)
    assert ("Secret draft" in client.get(URL).content.decode()) is sees


def test_filter_by_status(client, several):
    html = client.get(URL + "?status=decided").content.decode()
    assert "Decided one" in html
    assert "Newest open" not in html
    html = client.get(URL + "?status=nonsense").content.decode()
    assert "Newest open" in html
    assert "Decided one" in html


def test_empty_state_and_main_button(client, elm_park, member, request):
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert "No proposals yet" in html
    assert reverse("decisions:proposal_new", args=["elm-park"]) in html


def test_non_member_is_asked_to_join(client, elm_park, person):
    client.force_login(person)
    assert "Join to write a proposal" in client.get(URL).content.decode()


def test_unknown_assembly_is_404(client, db):
    assert client.get(reverse("decisions:proposal_list", args=["nowhere"])).status_code == 404


def test_shows_the_meeting(client, elm_park, author, organiser, meeting):
    from folkmoot.decisions import discussion

    proposal = helpers.make_proposal(elm_park, author, "discussion", organiser)
    discussion.put_on_agenda(proposal, meeting, organiser)
    assert "on the agenda of June meeting" in client.get(URL).content.decode()
