"""Publishing the invitation: once, one email per person, with an .ics file and the details."""

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from folkmoot.meetings import services
from folkmoot.meetings.models import Meeting

from .helpers import in_days, make_supporter

pytestmark = pytest.mark.django_db


def test_publishing_sets_the_time_and_emails_everyone_once_each(meeting, member, note_taker):
    make_supporter(meeting.assembly, "sue@example.org")
    make_supporter(meeting.assembly, "MO@example.org")  # also a member: one email
    assert services.publish_invitation(meeting) is True
    assert meeting.invitation_published_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == [
        "mo@example.org",
        "nat@example.org",
        "sue@example.org",
    ]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)


def test_publishing_again_does_nothing_new(meeting, member):
    services.publish_invitation(meeting)
    first = meeting.invitation_published_at
    sent = len(mail.outbox)
    assert services.publish_invitation(meeting) is False
    meeting.refresh_from_db()
    assert meeting.invitation_published_at == first
    assert len(mail.outbox) == sent


def test_the_email_has_date_place_access_agenda_link_and_calendar(meeting, member):
    services.publish_invitation(meeting)
    message = mail.outbox[0]
    body = message.body
    assert services.format_when(meeting.starts_at) in body
    assert "St Aidan's Hall" in body
    assert "1 Church Lane" in body
    assert "Step-free access: Yes" in body
    assert "Hearing loop: No" in body
    assert "Interpretation: BSL" in body
    assert "1. Saving the library" in body
    assert "2. Street party" in body
    assert f"http://testserver/meetings/{meeting.pk}/" in body
    assert "&#x27;" not in body  # plain text, not HTML-escaped
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == meeting.starts_at
    assert "St Aidan's Hall" in str(event["location"])


def test_only_supporters_get_the_removal_link(meeting, member):
    supporter = make_supporter(meeting.assembly, "sue@example.org")
    services.publish_invitation(meeting)
    by_email = {m.to[0]: m.body for m in mail.outbox}
    remove = reverse("assemblies:support_remove", args=[supporter.token])
    assert f"http://testserver{remove}" in by_email["sue@example.org"]
    assert "/support/remove/" not in by_email["mo@example.org"]


def test_a_cancelled_meeting_cannot_be_published(meeting, member, organiser):
    services.cancel_meeting(meeting, organiser, "Hall flooded")
    mail.outbox.clear()
    with pytest.raises(services.MeetingError):
        services.publish_invitation(meeting)
    meeting.refresh_from_db()
    assert meeting.invitation_published_at is None
    assert mail.outbox == []


def test_a_past_meeting_cannot_be_published(elm_park, member):
    past = Meeting.objects.create(assembly=elm_park, starts_at=in_days(-3), venue="Hall")
    with pytest.raises(services.MeetingError):
        services.publish_invitation(past)
    assert mail.outbox == []


def test_nobody_to_invite_sends_nothing_but_publishes(meeting):
    meeting.note_taker.memberships.update(left_at=meeting.created_at)
    assert services.publish_invitation(meeting) is True
    assert mail.outbox == []
