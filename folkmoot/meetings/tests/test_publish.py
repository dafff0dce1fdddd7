"""Sending the invitation from the page."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from folkmoot.meetings import services

from .helpers import login, make_supporter

pytestmark = pytest.mark.django_db


def url(meeting):
    return reverse("meetings:publish", kwargs={"pk": meeting.pk})


def test_anonymous_is_sent_to_sign_in(client, meeting):
    assert client.post(url(meeting)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.invitation_published_at is None


@pytest.mark.parametrize("who", ["person", "member", "note_taker", "other_organiser"])
def test_others_are_refused(client, request, meeting, who):
    login(client, request, who)
    assert client.get(url(meeting)).status_code == 403
    assert client.post(url(meeting)).status_code == 403
    meeting.refresh_from_db()
    assert meeting.invitation_published_at is None
    assert mail.outbox == []


def test_the_page_says_how_many_people_get_it(client, meeting, organiser, member):
    make_supporter(meeting.assembly, "sue@example.org")
    client.force_login(organiser)
    html = client.get(url(meeting)).content.decode()
    assert "3 people" in html  # Mo, Nat and Sue


def test_organiser_sends_it_once(client, meeting, organiser, member):
    client.force_login(organiser)
    response = client.post(url(meeting), follow=True)
    assert "The invitation is on its way" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.invitation_published_at is not None
    assert len(mail.outbox) == 2
    response = client.post(url(meeting), follow=True)
    assert "already been sent" in response.content.decode()
    assert len(mail.outbox) == 2


def test_a_cancelled_meeting_is_not_sent(client, meeting, organiser, member):
    services.cancel_meeting(meeting, organiser, "Flood")
    client.force_login(organiser)
    response = client.post(url(meeting), follow=True)
    assert "cancelled" in response.content.decode()
    assert mail.outbox == []


def test_late_invitation_warns_it_will_not_count(client, meeting, organiser, network):
    """The meeting fixture is 9 or 10 days away (by the time of day); 14 days are needed."""
    network.notice_days = 14
    network.save()
    client.force_login(organiser)
    html = client.get(url(meeting)).content.decode()
    days = (meeting.starts_at - timezone.now()).days
    assert days in (9, 10)
    assert f"only {days} days away" in html
    assert "at least 14 days before" in html
    assert "this meeting will not count" in html


def test_invitation_in_good_time_has_no_warning(client, meeting, organiser, network):
    network.notice_days = 7
    network.save()
    client.force_login(organiser)
    html = client.get(url(meeting)).content.decode()
    assert "will not count" not in html
