"""GET /api/v1/meetings/{id}/attendance: how many came and how many live locally, counts only.

The numbers are the attendance app's own count (the same as on the meeting's page), so
struck-out entries never count and each person counts once. Never a name or a postcode.
"""

import datetime

import pytest
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies.models import Role
from folkmoot.attendance import corrections, services
from folkmoot.meetings.models import Meeting

from .conftest import API, assert_nothing_personal

PATH = f"{API}/meetings/{{meeting_id}}/attendance"


def url(meeting) -> str:
    return PATH.format(meeting_id=meeting if isinstance(meeting, int) else meeting.pk)


@pytest.fixture
def meeting(elm_park) -> Meeting:
    return Meeting.objects.create(
        assembly=elm_park,
        title="March assembly",
        starts_at=timezone.now() + datetime.timedelta(minutes=30),
        venue="St Aidan's Hall",
    )


@pytest.fixture
def teller(elm_park):
    user = make_person("tess@example.org", "Tess Teller")
    Role.objects.create(
        assembly=elm_park, person=user, kind=Role.Kind.TELLER, starts_on=datetime.date(2020, 1, 1)
    )
    return user


@pytest.fixture
def door(meeting, teller, member, organiser, person):
    """What happened at the door: named check-ins, tallies and a mistake struck out.

    Named: member (verified by the teller), organiser (not local), Wendy (walk-in, lives in the
    area), Walt (walk-in from Oak Row), Wendy again (counts once), a struck-out walk-in.
    Tallies: three people, two of them local; one more struck out.
    """
    checked_in = services.check_in_person(meeting, member)
    services.verify_residency(checked_in.attendance, teller, "Saw a council tax letter")
    services.check_in_person(meeting, organiser, recorded_by=teller)
    services.check_in_walk_in(meeting, "Wendy Walkwell", "TB1 2QQ", recorded_by=teller)
    services.check_in_walk_in(meeting, "  wendy   WALKWELL ", "tb12qq", recorded_by=teller)
    services.check_in_walk_in(meeting, "Walt Wanderer", "TB1 3ZZ", recorded_by=teller)
    mistake = services.check_in_walk_in(meeting, "Typo Mistaken", "TB1 1QQ", recorded_by=teller)
    services.strike_out(mistake.attendance, teller, "Typed twice by mistake")
    services.add_tally(meeting, teller, local=True)
    services.add_tally(meeting, teller, local=True)
    services.add_tally(meeting, teller, local=False)
    services.add_tally(meeting, teller, local=True)
    services.undo_last_tally(meeting, teller)
    return meeting


def test_the_counts(client, door, check_schema):
    response = client.get(url(door))

    assert response.status_code == 200
    assert response.json() == {
        "meeting_id": door.pk,
        "attendees": 4,
        "verified_residents": 1,
        "self_declared_residents": 1,
        "tallied_people": 3,
        "tallied_residents": 2,
        "local_residents": 4,
        "people_in_all": 7,
        "attendance_closed": False,
        "attendance_closed_at": None,
    }
    check_schema("get", PATH, response)


def test_the_counts_are_the_attendance_apps_own(client, door):
    counts = services.counts(door)

    data = client.get(url(door)).json()

    assert data["attendees"] == counts.attendees
    assert data["local_residents"] == counts.local_residents
    assert data["people_in_all"] == counts.people_in_all


def test_nobody_yet_is_all_zeros(client, meeting, check_schema):
    response = client.get(url(meeting))

    assert response.json() == {
        "meeting_id": meeting.pk,
        "attendees": 0,
        "verified_residents": 0,
        "self_declared_residents": 0,
        "tallied_people": 0,
        "tallied_residents": 0,
        "local_residents": 0,
        "people_in_all": 0,
        "attendance_closed": False,
        "attendance_closed_at": None,
    }
    check_schema("get", PATH, response)


def test_only_this_meetings_attendance(client, door, elm_park, oak_row, teller):
    other = Meeting.objects.create(
        assembly=elm_park,
        starts_at=timezone.now() + datetime.timedelta(minutes=10),
        venue="Elsewhere",
    )
    services.check_in_walk_in(other, "Someone Else", "TB1 1AB", recorded_by=teller)

    assert client.get(url(other)).json()["attendees"] == 1
    assert client.get(url(door)).json()["attendees"] == 4


def test_closed_attendance_says_when(client, door, organiser, check_schema):
    corrections.close_attendance(door, organiser)

    response = client.get(url(door))

    data = response.json()
    assert data["attendance_closed"] is True
    closed_at = datetime.datetime.fromisoformat(data["attendance_closed_at"])
    assert abs(closed_at - door.attendance_closed_at) < datetime.timedelta(milliseconds=1)
    assert data["people_in_all"] == 7
    check_schema("get", PATH, response)


def test_a_correction_after_closing_shows(client, door, organiser):
    corrections.close_attendance(door, organiser)
    corrections.correct_add_tally(door, organiser, people=2, local_residents=1, reason="Late count")

    data = client.get(url(door)).json()

    assert data["tallied_people"] == 5
    assert data["tallied_residents"] == 3
    assert data["local_residents"] == 5


def test_an_unknown_meeting_is_a_404_naming_it(client, db, check_schema):
    response = client.get(url(4242))

    assert response.status_code == 404
    assert response.json() == {"errors": {"meeting_id": ["There is no meeting with that id."]}}
    check_schema("get", PATH, response)


def test_a_meeting_id_that_is_not_a_number_is_a_400(client, db, check_schema):
    response = client.get(f"{API}/meetings/last/attendance")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["meeting_id"]
    check_schema("get", PATH, response)


def test_nothing_personal(client, everyone, door):
    personal = [
        *everyone,
        "Wendy",
        "Walkwell",
        "TB1 2QQ",
        "Walt",
        "Wanderer",
        "TB1 3ZZ",
        "Typo",
        "Mistaken",
        "Tess",
        "tess@example.org",
        "council tax",
    ]

    response = client.get(url(door))

    assert response.status_code == 200
    assert_nothing_personal(response, personal)
    text = response.content.decode()
    assert "closed_by" not in text
    assert door.check_in_code not in text


def test_anyone_may_read_it_signed_in_or_not(client, door, member):
    anyone = client.get(url(door))
    client.force_login(member)

    assert anyone.status_code == 200
    assert client.get(url(door)).json() == anyone.json()
