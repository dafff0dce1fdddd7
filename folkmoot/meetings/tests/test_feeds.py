"""iCalendar feeds parse with the icalendar package and hold the right events."""

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.assemblies.models import Membership
from folkmoot.meetings import services
from folkmoot.meetings.models import Meeting

from .helpers import in_days

pytestmark = pytest.mark.django_db


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0"
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def assembly_feed(client, slug="elm-park"):
    return client.get(reverse("meetings:assembly_calendar", kwargs={"slug": slug}))


def test_assembly_feed_is_public_and_has_every_meeting(client, meeting, organiser, elm_park):
    past = Meeting.objects.create(assembly=elm_park, starts_at=in_days(-30), venue="Old Hall")
    cancelled = Meeting.objects.create(assembly=elm_park, starts_at=in_days(3), venue="Pub")
    services.cancel_meeting(cancelled, organiser, "Flood")
    found = events(assembly_feed(client))
    assert set(found) == {f"meeting-{m.pk}@testserver" for m in (meeting, past, cancelled)}
    assert str(found[f"meeting-{cancelled.pk}@testserver"]["status"]) == "CANCELLED"
    event = found[f"meeting-{meeting.pk}@testserver"]
    assert str(event["status"]) == "CONFIRMED"
    assert event.decoded("dtstart") == meeting.starts_at
    assert event.decoded("dtend") == meeting.ends_at
    assert event.decoded("dtstart").utcoffset().total_seconds() == 0  # in UTC
    assert str(event["location"]) == "St Aidan's Hall, 1 Church Lane, TB1 1AA"
    assert "Saving the library" in str(event["description"])
    assert str(event["url"]) == f"http://testserver/meetings/{meeting.pk}/"


def test_uid_stays_the_same_when_the_meeting_moves(client, meeting, organiser):
    before = set(events(assembly_feed(client)))
    services.update_meeting(meeting, organiser, starts_at=in_days(12), ends_at=in_days(12, 21))
    after = events(assembly_feed(client))
    assert set(after) == before
    assert after[f"meeting-{meeting.pk}@testserver"].decoded("dtstart") == in_days(12)


def test_a_meeting_without_an_end_lasts_two_hours(client, elm_park):
    open_ended = Meeting.objects.create(assembly=elm_park, starts_at=in_days(3), venue="Hall")
    event = events(assembly_feed(client))[f"meeting-{open_ended.pk}@testserver"]
    assert event.decoded("dtend") - event.decoded("dtstart") == services.DEFAULT_LENGTH


def test_other_assemblies_meetings_are_not_in_the_feed(client, meeting, other_meeting):
    assert f"meeting-{other_meeting.pk}@testserver" not in events(assembly_feed(client))


def test_unknown_assembly_is_404(client, db):
    assert assembly_feed(client, "nowhere").status_code == 404


def personal_feed(client, token):
    return client.get(reverse("meetings:personal_calendar", kwargs={"token": token}))


def test_personal_feed_has_the_meetings_of_my_assemblies(client, meeting, other_meeting, member):
    Membership.objects.create(assembly=other_meeting.assembly, person=member)
    found = events(personal_feed(client, member.calendar_token))
    assert set(found) == {
        f"meeting-{meeting.pk}@testserver",
        f"meeting-{other_meeting.pk}@testserver",
    }


def test_personal_feed_leaves_out_assemblies_i_left(client, meeting, member):
    Membership.objects.filter(person=member).update(left_at=timezone.now())
    assert events(personal_feed(client, member.calendar_token)) == {}


def test_personal_feed_needs_the_right_token(client, meeting, member):
    assert personal_feed(client, "not-a-token").status_code == 404


def test_personal_feed_is_private(client, meeting, member):
    response = personal_feed(client, member.calendar_token)
    assert "no-store" in response["Cache-Control"]


def test_one_meeting_as_a_file(client, meeting):
    response = client.get(reverse("meetings:meeting_calendar", kwargs={"pk": meeting.pk}))
    assert list(events(response)) == [f"meeting-{meeting.pk}@testserver"]
