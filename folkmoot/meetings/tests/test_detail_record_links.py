"""The meeting page links to the rest of its record: the door, who came, process, outreach."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.assemblies.models import Role
from folkmoot.meetings.models import Meeting


@pytest.fixture
def meeting(elm_park):
    return Meeting.objects.create(
        assembly=elm_park,
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        venue="Elm Hall",
        invitation_published_at=timezone.now() - datetime.timedelta(days=15),
    )


def test_everyone_sees_the_record(client, meeting):
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("attendance:attendance", args=[meeting.pk]) in html
    assert reverse("legitimacy:meeting_process", args=[meeting.pk]) in html
    assert reverse("outreach:coverage", args=[meeting.pk]) in html
    assert reverse("outreach:leaflet_a5", args=[meeting.pk]) in html
    assert reverse("attendance:teller", args=[meeting.pk]) not in html


def test_tellers_get_the_door(client, meeting, member):
    Role.objects.create(
        assembly=meeting.assembly, person=member, kind=Role.Kind.TELLER, starts_on="2020-01-01"
    )
    client.force_login(member)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("attendance:teller", args=[meeting.pk]) in html
    assert reverse("attendance:door_sign", args=[meeting.pk]) in html


def test_unpublished_meeting_hides_leaflets_from_the_public(client, elm_park, organiser):
    draft = Meeting.objects.create(
        assembly=elm_park, starts_at=timezone.now() + datetime.timedelta(days=20), venue="Hall"
    )
    html = client.get(draft.get_absolute_url()).content.decode()
    assert reverse("outreach:leaflet_a5", args=[draft.pk]) not in html
    client.force_login(organiser)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert reverse("outreach:leaflet_a5", args=[draft.pk]) in html


def test_after_the_meeting_checklist(client, elm_park, organiser, member):
    held = Meeting.objects.create(
        assembly=elm_park,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        venue="Elm Hall",
        facilitator=member,
    )
    html = client.get(held.get_absolute_url()).content.decode()
    assert "After the meeting" not in html  # the public does not need the to-do list
    client.force_login(member)  # the facilitator
    html = client.get(held.get_absolute_url()).content.decode()
    assert "After the meeting" in html
    assert html.count("To do") == 3
    assert reverse("legitimacy:meeting_process", args=[held.pk]) in html
    held.attendance_closed_at = timezone.now()
    held.save()
    html = client.get(held.get_absolute_url()).content.decode()
    assert html.count("To do") == 2


def test_planning_a_meeting_too_soon_warns(client, elm_park, organiser):
    client.force_login(organiser)
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    response = client.post(
        reverse("meetings:new", args=["elm-park"]),
        {"title": "Soon", "date": day, "start_time": "19:00", "venue": "Hall"},
        follow=True,
    )
    html = response.content.decode()
    assert "less than 14 days away" in html, html[:3000]
