"""/assemblies/<slug>/votes/new/: organisers (and facilitators) set up a vote."""

import pytest

from folkmoot.decisions import proposals
from folkmoot.decisions.models import Option, Vote

from . import vote_helpers as helpers
from .vote_helpers import WHO, client_for

teller = helpers.teller
meeting = helpers.meeting

URL = "/assemblies/elm-park/votes/new/"
GOOD = {
    "question": "Who should be our delegates?",
    "method": "scottish_stv",
    "options": "Ann\nBo\nCy\n",
    "seats": "2",
    "mode": "online",
    "who": "members",
}


@pytest.mark.parametrize("who", WHO)
def test_only_organisers_may_set_up_votes(who, request, elm_park, organiser):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).post(URL, GOOD)
    if who == "organiser":
        vote = Vote.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/votes/{vote.pk}/"
        assert vote.seats == 2
        assert list(vote.options.values_list("label", flat=True)) == ["Ann", "Bo", "Cy"]
    else:
        assert response.status_code in (302, 403)
        if who == "anonymous":
            assert "/accounts/login/" in response["Location"]
        assert not Vote.objects.exists()


def test_the_form_shows(elm_park, organiser):
    response = client_for(organiser).get(URL)
    assert response.status_code == 200
    assert "Set up the vote" in response.content.decode()


def test_bad_settings_keep_the_form_and_save_nothing(elm_park, organiser):
    data = {**GOOD, "options": "Ann\nBo", "secret": "on", "changeable": "on"}
    response = client_for(organiser).post(URL, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "everyone would be elected" in page
    assert "A secret ballot cannot be changed" in page
    assert "Who should be our delegates?" in page
    assert not Vote.objects.exists()
    assert not Option.objects.exists()


def test_room_vote_needs_a_meeting_of_this_assembly(elm_park, organiser, meeting):
    data = {**GOOD, "mode": "room"}
    response = client_for(organiser).post(URL, data)
    assert "Choose the meeting" in response.content.decode()
    response = client_for(organiser).post(URL, {**data, "meeting": meeting.pk})
    assert response.status_code == 302
    assert Vote.objects.get().meeting == meeting


def test_a_vote_on_a_proposal(elm_park, organiser, member):
    proposal = proposals.submit_proposal(elm_park, member, title="Food stall", body="Weekly")
    response = client_for(organiser).get(f"{URL}?proposal={proposal.pk}")
    assert "Should we agree “Food stall”?" in response.content.decode()
    data = {
        "question": "Food stall?",
        "method": "qualified",
        "threshold": "3/4",
        "abstentions": "counted",
        "quorum_people": "5",
        "mode": "online",
        "who": "members",
        "proposal": proposal.pk,
    }
    assert client_for(organiser).post(URL, data).status_code == 302
    vote = Vote.objects.get()
    assert vote.proposal == proposal
    assert vote.rules == {"threshold": "3/4", "abstentions": "counted", "quorum_people": 5}


def test_another_assemblys_proposal_is_404(elm_park, oak_row, organiser, other_organiser):
    from folkmoot.assemblies.models import Membership

    Membership.objects.create(assembly=oak_row, person=other_organiser)
    proposal = proposals.submit_proposal(oak_row, other_organiser, title="Oak", body="x")
    assert client_for(organiser).get(f"{URL}?proposal={proposal.pk}").status_code == 404


def test_every_problem_shows_at_once(elm_park, organiser):
    """A missing question and missing options are both named, each in plain words."""
    response = client_for(organiser).post(URL, {**GOOD, "question": "", "options": "Ann"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Write the question people will answer." in page
    assert "Write at least two options, one on each line." in page
    assert not Vote.objects.exists()


def test_a_free_question_is_explained_without_a_proposal(elm_park, organiser):
    response = client_for(organiser).post(
        URL, {**GOOD, "question": "Buy a new tea urn?", "method": "majority", "options": ""}
    )
    page = client_for(organiser).get(response["Location"]).content.decode()
    assert "It is carried if more people vote for it than against it." in page
    assert "The proposal is carried" not in page
