"""Closing attendance: organisers only; afterwards the record is frozen."""

import pytest
from django.urls import reverse

from folkmoot.meetings.models import Meeting


def url(meeting):
    return reverse("attendance:close", args=[meeting.pk])


def test_anonymous_is_sent_to_sign_in(client, meeting):
    assert client.post(url(meeting)).status_code == 302


@pytest.mark.parametrize("who", ["member", "teller", "other_organiser"])
def test_others_are_refused(login_as, meeting, who):
    client = login_as(who)
    assert client.get(url(meeting)).status_code == 403
    assert client.post(url(meeting)).status_code == 403
    assert Meeting.objects.get().attendance_closed_at is None


def test_organiser_confirms_then_closes(login_as, meeting, organiser):
    client = login_as("organiser")
    assert "Close attendance now" in client.get(url(meeting)).content.decode()
    assert Meeting.objects.get().attendance_closed_at is None
    html = client.post(url(meeting), follow=True).content.decode()
    assert "Attendance is closed." in html
    meeting.refresh_from_db()
    assert meeting.attendance_closed_at is not None
    assert meeting.attendance_closed_by == organiser
    closed_at = meeting.attendance_closed_at
    html = client.post(url(meeting), follow=True).content.decode()
    assert "already closed" in html
    meeting.refresh_from_db()
    assert meeting.attendance_closed_at == closed_at
