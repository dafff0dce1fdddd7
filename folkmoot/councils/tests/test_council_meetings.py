"""Council meetings: conveners and network organisers add them and write their notes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.audit.models import Entry
from folkmoot.councils.council_meetings import CouncilMeetingError, plan_meeting, write_notes
from folkmoot.councils.models import CouncilMeeting

from . import fixtures_councils

council_net = fixtures_councils.council_net

NEW = "/councils/east-testbury/meetings/new/"


def _user(who, council_net, member, organiser, network_organiser):
    return {
        "member": member,
        "organiser": organiser,
        "convener": council_net.convener,
        "network_organiser": network_organiser,
    }.get(who)


def test_the_urls_have_their_names(council_net):
    assert reverse("councils:meeting_new", args=["east-testbury"]) == NEW
    assert reverse("councils:meeting_notes", args=[7]) == "/councils/meetings/7/notes/"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("organiser", 403),
        ("convener", 200),
        ("network_organiser", 200),
    ],
)
def test_who_may_add_a_meeting(
    client, council_net, member, organiser, network_organiser, who, status
):
    user = _user(who, council_net, member, organiser, network_organiser)
    if user:
        client.force_login(user)
    response = client.get(NEW)
    assert response.status_code == status
    if who == "anonymous":
        assert response.url.startswith(reverse("account_login"))
    response = client.post(NEW, {"date": "2026-12-01", "start_time": "19:00", "place": "Hall"})
    assert CouncilMeeting.objects.exists() == (status == 200)


def test_the_convener_sees_the_button(client, council_net, network_organiser):
    client.force_login(council_net.convener)
    html = client.get(council_net.district.get_absolute_url()).content.decode()
    assert f'href="{NEW}">Add a council meeting' in html
    # A convener of one council keeps no other council's records.
    assert (
        NEW.replace("east-testbury", "testbury-city")
        not in client.get(council_net.city.get_absolute_url()).content.decode()
    )
    client.force_login(network_organiser)
    html = client.get(council_net.city.get_absolute_url()).content.decode()
    assert "Add a council meeting" in html


def test_adding_a_meeting(client, council_net):
    client.force_login(council_net.convener)
    response = client.post(
        NEW, {"date": "2026-12-01", "start_time": "19:00", "place": "  Library Hall  "}
    )
    meeting = CouncilMeeting.objects.get()
    assert response.url == f"/councils/east-testbury/#meeting-{meeting.pk}"
    assert meeting.council == council_net.district
    assert meeting.place == "Library Hall"
    local = timezone.localtime(meeting.starts_at)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2026, 12, 1), 19, 0)
    entry = Entry.objects.get(kind="council.meeting_planned")
    assert entry.payload["council"] == council_net.district.pk
    html = client.get(response.url).content.decode()
    assert "every delegate then reports back to their body" in html
    assert "Library Hall" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "", "start_time": "19:00", "place": "Hall"}, "Enter the day of the meeting."),
        ({"date": "tomorrow", "start_time": "19:00", "place": "Hall"}, "Enter the day like"),
        ({"date": "2026-12-01", "start_time": "7pm", "place": "Hall"}, "Enter the time like"),
        ({"date": "2026-12-01", "start_time": "19:00", "place": ""}, "Say where the council"),
    ],
)
def test_bad_input_says_how_to_fix_it_and_changes_nothing(client, council_net, data, message):
    client.force_login(council_net.convener)
    response = client.post(NEW, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CouncilMeeting.objects.exists()
    assert not Entry.objects.filter(kind="council.meeting_planned").exists()


def test_two_meetings_at_the_same_time_are_refused(client, council_net):
    client.force_login(council_net.convener)
    data = {"date": "2026-12-01", "start_time": "19:00", "place": "Hall"}
    client.post(NEW, data)
    response = client.post(NEW, data)
    assert "already has a meeting at that time" in response.content.decode()
    assert CouncilMeeting.objects.count() == 1


def test_the_service_refuses_others(council_net, member):
    with pytest.raises(CouncilMeetingError, match="conveners"):
        plan_meeting(council_net.district, member, starts_at=timezone.now(), place="Hall")
    assert not CouncilMeeting.objects.exists()


# --- Notes ----------------------------------------------------------------------------------


@pytest.fixture
def held(council_net):
    return CouncilMeeting.objects.create(
        council=council_net.district,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        place="Church Hall",
    )


def notes_url(meeting) -> str:
    return reverse("councils:meeting_notes", args=[meeting.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("organiser", 403),
        ("convener", 200),
        ("network_organiser", 200),
    ],
)
def test_who_may_write_the_notes(
    client, council_net, held, member, organiser, network_organiser, who, status
):
    user = _user(who, council_net, member, organiser, network_organiser)
    if user:
        client.force_login(user)
    assert client.get(notes_url(held)).status_code == status
    client.post(notes_url(held), {"notes": "Agreed the rota."})
    held.refresh_from_db()
    assert (held.notes == "Agreed the rota.") == (status == 200)


def test_writing_the_notes(client, council_net, held):
    client.force_login(council_net.convener)
    html = client.get(council_net.district.get_absolute_url()).content.decode()
    assert f'href="{notes_url(held)}">Write what it decided' in html
    response = client.post(notes_url(held), {"notes": "Agreed the Sunday rota."})
    assert response.url == f"/councils/east-testbury/#meeting-{held.pk}"
    held.refresh_from_db()
    assert held.notes == "Agreed the Sunday rota."
    assert Entry.objects.get(kind="council.meeting_notes").payload["notes"] == held.notes
    html = client.get(response.url).content.decode()
    assert "Agreed the Sunday rota." in html
    assert "Correct the notes" in html


def test_empty_notes_are_refused(client, council_net, held):
    client.force_login(council_net.convener)
    response = client.post(notes_url(held), {"notes": "   "})
    assert "Write what the meeting decided." in response.content.decode()
    held.refresh_from_db()
    assert held.notes == ""


def test_notes_wait_for_the_meeting(client, council_net):
    coming = CouncilMeeting.objects.create(
        council=council_net.district,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        place="Church Hall",
    )
    client.force_login(council_net.convener)
    response = client.post(notes_url(coming), {"notes": "Agreed."})
    assert "Notes are written when the meeting has started." in response.content.decode()
    coming.refresh_from_db()
    assert coming.notes == ""
    assert not Entry.objects.filter(kind="council.meeting_notes").exists()


def test_the_notes_service_refuses_others(council_net, held, other_person):
    with pytest.raises(CouncilMeetingError, match="conveners"):
        write_notes(held, other_person, "Agreed.")


def test_unknown_meeting_or_council(client, council_net):
    client.force_login(council_net.convener)
    assert client.get("/councils/nowhere/meetings/new/").status_code == 404
    assert client.get("/councils/meetings/999/notes/").status_code == 404
