"""A council's votes on the site: /councils/<slug>/votes/ (the list), .../votes/new/ (setting one
up), each vote's page, result and decision log, with links back to the council, not to an
assembly. The same pages as an assembly's votes, one code path."""

import pytest
from django.urls import reverse

from folkmoot.decisions import results, voting
from folkmoot.decisions.models import Decision, Vote

from . import council_helpers as helpers
from .council_helpers import COUNCIL_WHO, council_vote
from .vote_helpers import client_for, open_vote

council = helpers.council
delegates = helpers.delegates
convener = helpers.convener
council_member = helpers.council_member
west_delegate = helpers.west_delegate

LIST = "/councils/east-testbury/votes/"
NEW = "/councils/east-testbury/votes/new/"


def test_the_urls_have_their_names(council):
    assert reverse("decisions:council_vote_list", args=[council.slug]) == LIST
    assert reverse("decisions:council_vote_new", args=[council.slug]) == NEW


# --- The list -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("council_member", "manages"),
    [(who, who in ("convener", "network_organiser")) for who in COUNCIL_WHO],
    indirect=["council_member"],
)
def test_the_list_is_public_and_only_managers_see_the_button(
    council, convener, elm_park, organiser, council_member, manages
):
    council_vote(council, convener, question="Meet monthly?")
    open_vote(elm_park, organiser, question="Elm Park's own question")
    response = client_for(council_member).get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Votes in East Testbury Council" in text
    assert "Meet monthly?" in text
    assert "Elm Park's own question" not in text
    assert 'href="/councils/east-testbury/"' in text
    assert 'href="/councils/east-testbury/decisions/"' in text
    assert (NEW in text) == manages


def test_an_unknown_council_is_not_found(db):
    assert client_for(None).get("/councils/nowhere/votes/").status_code == 404


# --- Setting one up -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("council_member", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("organiser", 403),
        ("delegate", 403),
        ("convener", 200),
        ("network_organiser", 200),
    ],
    indirect=["council_member"],
)
def test_only_conveners_and_network_organisers_set_one_up(council, council_member, status):
    response = client_for(council_member).get(NEW)
    assert response.status_code == status


def test_the_form_leaves_out_what_councils_do_not_use(council, convener):
    text = client_for(convener).get(NEW).content.decode()
    assert 'name="question"' in text
    assert 'name="method"' in text
    for field in ("mode", "who", "meeting"):
        assert f'name="{field}"' not in text
    assert "The delegates who hold the council's seats vote, online, each once." in text
    assert f'href="{LIST}"' in text


def test_a_convener_sets_up_a_vote(council, delegates, convener):
    response = client_for(convener).post(
        NEW, {"question": "Meet monthly?", "method": "majority", "seats": "1"}
    )
    vote = Vote.objects.get()
    assert response.status_code == 302
    assert response["Location"] == vote.get_absolute_url()
    assert vote.council == council
    assert vote.assembly is None
    assert (vote.mode, vote.who, vote.status) == ("online", "members", "ready")


def test_a_bad_vote_is_explained_and_nothing_is_made(council, convener):
    response = client_for(convener).post(
        NEW, {"question": "Who?", "method": "scottish_stv", "options": "Ann", "seats": "1"}
    )
    assert response.status_code == 400
    assert "Write at least two options" in response.content.decode()
    assert not Vote.objects.exists()


def test_someone_else_cannot_post_one(council, delegates, organiser):
    response = client_for(delegates["ann"]).post(NEW, {"question": "Q?", "method": "majority"})
    assert response.status_code == 403
    assert not Vote.objects.exists()


# --- One vote -------------------------------------------------------------------------------------


def test_a_delegate_votes_on_the_page(council, delegates, convener):
    vote = council_vote(council, convener)
    client = client_for(delegates["cy"])
    page = client.get(vote.get_absolute_url()).content.decode()
    assert "Cast my vote" in page
    assert f'href="{LIST}"' in page
    assert "Votes in East Testbury Council" in page
    assert client.post(vote.get_absolute_url(), {"answer": "for"}).status_code == 302
    assert vote.participations.get().person == delegates["cy"]


def test_others_are_told_why_they_cannot_vote(council, delegates, convener, member, west_delegate):
    vote = council_vote(council, convener)
    for person in (member, west_delegate, convener):
        client = client_for(person)
        page = client.get(vote.get_absolute_url()).content.decode()
        assert "Cast my vote" not in page
        assert "Only the delegates who hold a seat on East Testbury Council" in page
        assert client.post(vote.get_absolute_url(), {"answer": "for"}).status_code == 403
    assert not vote.participations.exists()


@pytest.mark.parametrize(
    ("council_member", "may"),
    [
        ("anonymous", False),
        ("member", False),
        ("organiser", False),
        ("delegate", False),
        ("convener", True),
        ("network_organiser", True),
    ],
    indirect=["council_member"],
)
def test_who_opens_and_closes(council, convener, council_member, may):
    vote = voting.create_vote(
        council, convener, voting.VoteSetup(question="Meet monthly?", method="majority")
    )
    client = client_for(council_member)
    opened = client.post(f"/votes/{vote.pk}/open/")
    vote.refresh_from_db()
    assert (vote.status == "open") == may
    if not may:
        assert opened.status_code in (302, 403)
        voting.open_vote(vote, convener)
    closed = client.post(f"/votes/{vote.pk}/close/")
    vote.refresh_from_db()
    assert (vote.status == "closed") == may
    if may:
        assert closed["Location"] == f"/votes/{vote.pk}/result/"


def test_there_is_no_room_count(council, convener):
    vote = council_vote(council, convener)
    assert client_for(convener).get(f"/votes/{vote.pk}/room/").status_code == 403


# --- Result and decision log ----------------------------------------------------------------------


@pytest.fixture
def decided(council, delegates, convener):
    vote = council_vote(council, convener, question="Meet monthly?")
    voting.cast_ballot(vote, delegates["ann"], {"answer": "for"})
    voting.cast_ballot(vote, delegates["bo"], {"answer": "against"})
    voting.cast_ballot(vote, delegates["cy"], {"answer": "for"})
    return results.close_vote(vote, convener)


def test_the_result_links_to_the_councils_decision(decided, delegates):
    decision = Decision.objects.get(vote=decided)
    response = client_for(None).get(f"/votes/{decided.pk}/result/")
    text = response.content.decode()
    assert "Carried" in text
    assert "3</strong> voted" in text
    assert "3 could vote" in text
    assert f'href="{decision.get_absolute_url()}"' in text
    assert f'href="{LIST}"' in text
    assert "Who voted how" not in text  # only to the council's delegates and conveners
    mine = client_for(delegates["bo"]).get(f"/votes/{decided.pk}/result/").content.decode()
    assert "Who voted how" in mine


def test_the_council_decision_log(decided, council, convener, organiser):
    decision = Decision.objects.get(vote=decided)
    log = client_for(None).get("/councils/east-testbury/decisions/").content.decode()
    assert "Decisions of East Testbury Council" in log
    assert "Meet monthly?: carried" in log
    assert f'href="{decision.get_absolute_url()}"' in log
    page = client_for(None).get(decision.get_absolute_url())
    assert page.status_code == 200
    assert 'href="/councils/east-testbury/decisions/"' in page.content.decode()
    assert client_for(None).get("/councils/west/decisions/").status_code == 404


def test_conveners_update_a_council_decision_and_no_one_else(decided, convener, organiser):
    decision = Decision.objects.get(vote=decided)
    data = {"progress": "in_progress", "note": "First monthly meeting booked."}
    refused = client_for(organiser).post(decision.get_absolute_url(), data)
    assert refused.status_code == 403
    assert not decision.updates.exists()
    done = client_for(convener).post(decision.get_absolute_url(), data)
    assert done.status_code == 302
    assert decision.updates.get().note == "First monthly meeting booked."


def test_a_council_decision_is_not_found_under_an_assembly(decided, elm_park):
    decision = Decision.objects.get(vote=decided)
    url = reverse("decisions:decision", args=[elm_park.slug, decision.pk])
    assert client_for(None).get(url).status_code == 404


def test_an_assemblys_vote_pages_still_link_to_the_assembly(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser)
    page = client_for(member).get(vote.get_absolute_url()).content.decode()
    assert 'href="/assemblies/elm-park/votes/"' in page
    assert "Votes in Elm Park Assembly" in page
