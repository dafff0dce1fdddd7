"""Changing a meeting; moving a published one tells people; cancelled ones cannot change."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from folkmoot.meetings import services
from folkmoot.meetings.forms import MeetingForm

from .helpers import login

pytestmark = pytest.mark.django_db


def url(meeting):
    return reverse("meetings:edit", kwargs={"pk": meeting.pk})


def data_for(meeting, **overrides):
    initial = MeetingForm.initial_for(meeting)
    data = {
        key: value
        for key, value in initial.items()
        if value not in (None, False) and key not in ("date", "start_time", "end_time")
    }
    data["step_free"] = "on" if meeting.step_free else ""
    data["date"] = initial["date"].isoformat()
    data["start_time"] = initial["start_time"].strftime("%H:%M")
    data["end_time"] = initial["end_time"].strftime("%H:%M") if initial["end_time"] else ""
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


def test_anonymous_is_sent_to_sign_in(client, meeting):
    assert client.get(url(meeting)).status_code == 302


@pytest.mark.parametrize("who", ["person", "member", "note_taker", "other_organiser"])
def test_others_are_refused(client, request, meeting, who):
    login(client, request, who)
    assert client.get(url(meeting)).status_code == 403
    assert client.post(url(meeting), data_for(meeting, venue="Pub")).status_code == 403
    meeting.refresh_from_db()
    assert meeting.venue == "St Aidan's Hall"


def test_the_form_shows_london_times(client, meeting, organiser):
    client.force_login(organiser)
    html = client.get(url(meeting)).content.decode()
    assert 'value="19:00"' in html
    assert 'value="21:00"' in html


def test_organiser_changes_the_title_without_emails(client, meeting, organiser, member):
    services.publish_invitation(meeting)
    mail.outbox.clear()
    client.force_login(organiser)
    response = client.post(url(meeting), data_for(meeting, title="Big meeting"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Big meeting"
    assert mail.outbox == []


def test_moving_a_published_meeting_emails_people(client, meeting, organiser, member):
    services.publish_invitation(meeting)
    mail.outbox.clear()
    client.force_login(organiser)
    response = client.post(url(meeting), data_for(meeting, start_time="18:30"), follow=True)
    assert "gets an email" in response.content.decode()
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "18:30"
    assert sorted(m.to[0] for m in mail.outbox) == ["mo@example.org", "nat@example.org"]


def test_a_cancelled_meeting_cannot_be_edited(client, meeting, organiser):
    services.cancel_meeting(meeting, organiser, "Flood")
    client.force_login(organiser)
    response = client.post(url(meeting), data_for(meeting, venue="Pub"), follow=True)
    assert "cannot be changed" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.venue == "St Aidan's Hall"


def test_bad_input_changes_nothing(client, meeting, organiser):
    client.force_login(organiser)
    response = client.post(url(meeting), data_for(meeting, venue="Pub", end_time="10:00"))
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.venue == "St Aidan's Hall"
