"""Cancelling or moving a meeting tells everyone invited and everyone who answered."""

import datetime

import pytest
from django.core import mail

from conftest import make_person
from folkmoot.meetings import services
from folkmoot.meetings.models import Meeting, Rsvp

from .helpers import in_days, make_supporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(meeting, member):
    make_supporter(meeting.assembly, "sue@example.org")
    services.publish_invitation(meeting)
    mail.outbox.clear()
    return meeting


def test_cancelling_keeps_the_meeting_and_tells_invited_and_rsvped(published, organiser):
    visitor = make_person("vi@example.org")
    services.set_rsvp(published, visitor, Rsvp.Answer.YES)
    services.set_rsvp(published, published.note_taker, Rsvp.Answer.MAYBE)  # invited too
    assert services.cancel_meeting(published, organiser, "The hall flooded") is True
    meeting = Meeting.objects.get(pk=published.pk)
    assert meeting.status == Meeting.Status.CANCELLED
    assert meeting.cancelled_at is not None
    assert meeting.cancel_reason == "The hall flooded"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "mo@example.org",
        "nat@example.org",
        "sue@example.org",
        "vi@example.org",
    ]
    assert all("The hall flooded" in m.body for m in mail.outbox)
    assert all("Cancelled" in m.subject for m in mail.outbox)


def test_cancelling_twice_does_nothing_new(published, organiser):
    services.cancel_meeting(published, organiser, "Flood")
    sent = len(mail.outbox)
    assert services.cancel_meeting(published, organiser, "Another reason") is False
    published.refresh_from_db()
    assert published.cancel_reason == "Flood"
    assert len(mail.outbox) == sent


def test_cancelling_needs_a_reason(published, organiser):
    with pytest.raises(services.MeetingError):
        services.cancel_meeting(published, organiser, "   ")
    published.refresh_from_db()
    assert not published.is_cancelled


def test_cancelling_an_unpublished_meeting_tells_only_who_answered(meeting, member, organiser):
    services.set_rsvp(meeting, member, Rsvp.Answer.YES)
    services.cancel_meeting(meeting, organiser, "Too soon")
    assert [m.to[0] for m in mail.outbox] == ["mo@example.org"]


def test_cancelling_an_unpublished_meeting_nobody_answered_sends_nothing(meeting, organiser):
    services.cancel_meeting(meeting, organiser, "Too soon")
    assert mail.outbox == []


def test_moving_the_time_tells_everyone(published, organiser):
    visitor = make_person("vi@example.org")
    services.set_rsvp(published, visitor, Rsvp.Answer.NO)
    new_start = published.starts_at + datetime.timedelta(days=1)
    outcome = services.update_meeting(
        published, organiser, starts_at=new_start, ends_at=new_start + datetime.timedelta(hours=2)
    )
    assert outcome.moved
    assert outcome.notified
    assert sorted(m.to[0] for m in mail.outbox) == [
        "mo@example.org",
        "nat@example.org",
        "sue@example.org",
        "vi@example.org",
    ]
    assert services.format_when(new_start) in mail.outbox[0].body
    assert mail.outbox[0].attachments


def test_moving_the_venue_tells_everyone(published, organiser):
    services.update_meeting(published, organiser, venue="The Library")
    assert len(mail.outbox) == 3
    assert "The Library" in mail.outbox[0].body


def test_other_changes_send_nothing(published, organiser):
    outcome = services.update_meeting(
        published, organiser, title="Big meeting", childcare=True, venue=published.venue
    )
    assert not outcome.moved
    assert mail.outbox == []
    published.refresh_from_db()
    assert published.title == "Big meeting"
    assert published.childcare


def test_a_cancelled_meeting_cannot_be_changed(published, organiser):
    services.cancel_meeting(published, organiser, "Flood")
    with pytest.raises(services.MeetingError):
        services.update_meeting(published, organiser, venue="Elsewhere")
    published.refresh_from_db()
    assert published.venue == "St Aidan's Hall"


def test_end_must_be_after_start_and_nothing_changes(published, organiser):
    with pytest.raises(services.MeetingError):
        services.update_meeting(published, organiser, ends_at=published.starts_at)
    published.refresh_from_db()
    assert published.ends_at > published.starts_at
    assert mail.outbox == []


def test_correcting_a_past_meeting_sends_nothing(elm_park, organiser, member):
    past = Meeting.objects.create(assembly=elm_park, starts_at=in_days(-3), venue="Hall")
    Meeting.objects.filter(pk=past.pk).update(invitation_published_at=in_days(-10))
    past.refresh_from_db()
    outcome = services.update_meeting(past, organiser, venue="The real hall")
    assert outcome.moved
    assert not outcome.notified
    assert mail.outbox == []
