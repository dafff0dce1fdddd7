"""Writing and publishing minutes: the note-taker or an organiser."""

import pytest
from django.urls import reverse

from folkmoot.meetings import services
from folkmoot.meetings.models import Minutes

from .helpers import login

pytestmark = pytest.mark.django_db


def url(meeting):
    return reverse("meetings:minutes", kwargs={"pk": meeting.pk})


def test_anonymous_is_sent_to_sign_in(client, meeting):
    assert client.post(url(meeting), {"body": "x", "publish": "1"}).status_code == 302
    assert not Minutes.objects.exists()


@pytest.mark.parametrize("who", ["person", "member", "other_organiser"])
def test_others_are_refused(client, request, meeting, who):
    login(client, request, who)
    assert client.get(url(meeting)).status_code == 403
    assert client.post(url(meeting), {"body": "x", "publish": "1"}).status_code == 403
    assert not Minutes.objects.exists()


@pytest.mark.parametrize("who", ["note_taker", "organiser", "network_organiser"])
def test_writers_publish(client, request, meeting, who):
    user = login(client, request, who)
    assert client.get(url(meeting)).status_code == 200
    response = client.post(url(meeting), {"body": "## Decided\n\nYes", "publish": "1"}, follow=True)
    assert "The minutes are published" in response.content.decode()
    minutes = Minutes.objects.get()
    assert minutes.published_at is not None
    assert minutes.written_by == user
    assert "<h2>Decided</h2>" in response.content.decode()


def test_a_draft_is_saved_and_not_published(client, meeting, note_taker):
    client.force_login(note_taker)
    response = client.post(url(meeting), {"body": "Draft", "draft": "1"}, follow=True)
    assert "Draft saved" in response.content.decode()
    assert Minutes.objects.get().published_at is None


def test_editing_after_publishing_shows_updated(client, meeting, note_taker):
    client.force_login(note_taker)
    client.post(url(meeting), {"body": "First", "publish": "1"})
    response = client.post(url(meeting), {"body": "Second", "publish": "1"}, follow=True)
    html = response.content.decode()
    assert "The minutes are changed" in html
    assert "updated" in html
    assert Minutes.objects.get().body == "Second"


def test_members_only_tick_box(client, meeting, note_taker):
    client.force_login(note_taker)
    client.post(url(meeting), {"body": "Private", "members_only": "on", "publish": "1"})
    assert Minutes.objects.get().members_only
    client.logout()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Private" not in html


def test_empty_minutes_are_refused(client, meeting, note_taker):
    client.force_login(note_taker)
    response = client.post(url(meeting), {"body": "   ", "publish": "1"})
    assert response.status_code == 400
    assert "Write the minutes" in response.content.decode()
    assert not Minutes.objects.exists()


def test_script_in_minutes_never_reaches_the_page(client, meeting, note_taker):
    client.force_login(note_taker)
    body = '<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))'
    client.post(url(meeting), {"body": body, "publish": "1"})
    for page in (url(meeting), meeting.get_absolute_url()):
        html = client.get(page).content.decode()
        assert "<script>alert" not in html
        assert "<img" not in html  # (escaped text in the textarea is harmless)
        assert 'href="javascript' not in html


def test_a_cancelled_meeting_has_no_minutes(client, meeting, organiser):
    services.cancel_meeting(meeting, organiser, "Flood")
    client.force_login(organiser)
    response = client.post(url(meeting), {"body": "x", "publish": "1"}, follow=True)
    assert "has no minutes" in response.content.decode()
    assert not Minutes.objects.exists()
