"""Cancelling a meeting from the page: with a reason, kept on record, people told."""

import pytest
from django.core import mail
from django.urls import reverse

from folkmoot.meetings import services
from folkmoot.meetings.models import Meeting

from .helpers import login

pytestmark = pytest.mark.django_db


def url(meeting):
    return reverse("meetings:cancel", kwargs={"pk": meeting.pk})


def test_anonymous_is_sent_to_sign_in(client, meeting):
    assert client.post(url(meeting), {"reason": "x"}).status_code == 302
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


@pytest.mark.parametrize("who", ["person", "member", "note_taker", "other_organiser"])
def test_others_are_refused(client, request, meeting, who):
    login(client, request, who)
    assert client.get(url(meeting)).status_code == 403
    assert client.post(url(meeting), {"reason": "x"}).status_code == 403
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_a_reason_is_needed(client, meeting, organiser):
    client.force_login(organiser)
    response = client.post(url(meeting), {"reason": "  "})
    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_organiser_cancels_and_people_are_told(client, meeting, organiser, member):
    services.publish_invitation(meeting)
    mail.outbox.clear()
    client.force_login(organiser)
    response = client.post(url(meeting), {"reason": "The hall flooded"}, follow=True)
    assert "The meeting is cancelled" in response.content.decode()
    meeting = Meeting.objects.get(pk=meeting.pk)  # kept, never deleted
    assert meeting.is_cancelled
    assert meeting.cancel_reason == "The hall flooded"
    assert sorted(m.to[0] for m in mail.outbox) == ["mo@example.org", "nat@example.org"]


def test_cancelling_again_changes_nothing(client, meeting, organiser):
    services.cancel_meeting(meeting, organiser, "Flood")
    client.force_login(organiser)
    response = client.post(url(meeting), {"reason": "Other"}, follow=True)
    assert "already cancelled" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.cancel_reason == "Flood"
