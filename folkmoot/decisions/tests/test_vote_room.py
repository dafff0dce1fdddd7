"""/votes/<pk>/room/ (and /room/blt/): tellers enter counts from the room."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from folkmoot.decisions import room, voting
from folkmoot.decisions.models import RoomCount, Vote

from . import vote_helpers as helpers
from .vote_helpers import WHO, check_in, client_for, open_vote

teller = helpers.teller
voter2 = helpers.voter2
meeting = helpers.meeting


@pytest.fixture
def room_vote(elm_park, organiser, meeting):
    return open_vote(elm_park, organiser, mode=Vote.Mode.HYBRID, meeting=meeting)


@pytest.mark.parametrize("who", WHO)
def test_only_tellers_and_organisers(who, request, room_vote, meeting, member, teller):
    check_in(meeting, member)
    check_in(meeting, teller)
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    get = client.get(f"/votes/{room_vote.pk}/room/")
    post = client.post(
        f"/votes/{room_vote.pk}/room/", {"count_for": 1, "count_against": 0, "count_abstain": 0}
    )
    if who in ("teller", "organiser"):
        assert get.status_code == 200
        assert post.status_code == 302
        assert RoomCount.objects.count() == 1
    else:
        assert get.status_code in (302, 403)
        assert post.status_code in (302, 403)
        assert not RoomCount.objects.exists()


def test_people_who_voted_online_are_listed_and_the_total_is_checked(
    room_vote, meeting, member, voter2, teller
):
    for person in (member, voter2):
        check_in(meeting, person)
    voting.cast_ballot(room_vote, member, {"answer": "for"})
    client = client_for(teller)
    page = client.get(f"/votes/{room_vote.pk}/room/").content.decode()
    assert "voted online: they must not vote again in the room" in page
    assert "Mo" in page
    response = client.post(
        f"/votes/{room_vote.pk}/room/", {"count_for": 2, "count_against": 0, "count_abstain": 0}
    )
    assert response.status_code == 400
    assert "only 1 people checked in at the meeting may still vote" in response.content.decode()
    assert not RoomCount.objects.exists()


def test_correction_needs_a_reason(room_vote, meeting, member, voter2, teller):
    for person in (member, voter2):
        check_in(meeting, person)
    client = client_for(teller)
    data = {"count_for": 1, "count_against": 0, "count_abstain": 0}
    client.post(f"/votes/{room_vote.pk}/room/", data)
    response = client.post(f"/votes/{room_vote.pk}/room/", {**data, "count_for": 2})
    assert "Say why you are correcting the count." in response.content.decode()
    response = client.post(
        f"/votes/{room_vote.pk}/room/", {**data, "count_for": 2, "reason": "missed two"}
    )
    assert response.status_code == 302
    assert RoomCount.objects.filter(replaced_at__isnull=True).get().counts["for"] == 2
    assert RoomCount.objects.filter(replaced_at__isnull=False).count() == 1
    page = client.get(f"/votes/{room_vote.pk}/room/").content.decode()
    assert "For 1, Against 0, Abstain 0 — replaced" in page
    assert "correction: missed two" in page


def test_online_votes_have_no_room_page(elm_park, organiser):
    vote = open_vote(elm_park, organiser)
    assert client_for(organiser).get(f"/votes/{vote.pk}/room/").status_code == 404


def test_blt_upload_of_paper_ranked_ballots(elm_park, organiser, meeting, member, voter2, teller):
    for person in (member, voter2, teller):
        check_in(meeting, person)
    vote = open_vote(
        elm_park, organiser, "irv", ["Ann", "Bo"], mode=Vote.Mode.ROOM, meeting=meeting
    )
    client = client_for(teller)
    page = client.get(f"/votes/{vote.pk}/room/").content.decode()
    assert "Upload the paper ballots" in page
    good = SimpleUploadedFile("p.blt", b'2 1\n2 2 1 0\n1 1 0\n0\n"Ann"\n"Bo"\n"Room"\n')
    response = client.post(f"/votes/{vote.pk}/room/blt/", {"file": good}, follow=True)
    assert "3 paper ballots are saved" in response.content.decode()
    assert room.room_people(vote, room.current_room_count(vote)) == 3
    too_many = SimpleUploadedFile("p.blt", b'2 1\n9 2 1 0\n0\n"Ann"\n"Bo"\n"Room"\n')
    response = client.post(f"/votes/{vote.pk}/room/blt/", {"file": too_many, "reason": "x"})
    assert response.status_code == 400
    assert "only 3 people checked in" in response.content.decode()
    bad = SimpleUploadedFile("p.blt", b"2 1\n1 7 0\n0\n")
    response = client.post(f"/votes/{vote.pk}/room/blt/", {"file": bad, "reason": "x"})
    assert "The file could not be read" in response.content.decode()
    assert RoomCount.objects.count() == 1


def test_blt_upload_needs_a_teller(elm_park, organiser, meeting, member):
    vote = open_vote(
        elm_park, organiser, "irv", ["Ann", "Bo"], mode=Vote.Mode.ROOM, meeting=meeting
    )
    good = SimpleUploadedFile("p.blt", b'2 1\n1 1 0\n0\n"Ann"\n"Bo"\n"Room"\n')
    response = client_for(member).post(f"/votes/{vote.pk}/room/blt/", {"file": good})
    assert response.status_code == 403
    assert not RoomCount.objects.exists()


def test_a_count_of_nobody_in_a_room_vote_is_refused(elm_park, organiser, meeting, member, teller):
    vote = open_vote(elm_park, organiser, mode=Vote.Mode.ROOM, meeting=meeting)
    check_in(meeting, member)
    response = client_for(teller).post(
        f"/votes/{vote.pk}/room/", {"count_for": 0, "count_against": 0, "count_abstain": 0}
    )
    assert response.status_code == 400
    assert "Nobody was counted. Check the numbers" in response.content.decode()
    assert not RoomCount.objects.exists()


def test_nobody_in_the_room_is_fine_in_a_hybrid_vote(room_vote, meeting, member, teller):
    check_in(meeting, member)
    response = client_for(teller).post(
        f"/votes/{room_vote.pk}/room/", {"count_for": 0, "count_against": 0, "count_abstain": 0}
    )
    assert response.status_code == 302
    assert RoomCount.objects.count() == 1
