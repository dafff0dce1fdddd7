"""Organisers plan meetings; times are entered in the network's time zone."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_person
from folkmoot.meetings.models import Meeting

from .helpers import login

pytestmark = pytest.mark.django_db

URL = reverse("meetings:new", kwargs={"slug": "elm-park"})


def form_data(**overrides):
    day = timezone.localdate() + datetime.timedelta(days=14)
    data = {
        "title": "Assembly meeting",
        "date": day.isoformat(),
        "start_time": "19:00",
        "end_time": "21:00",
        "venue": "St Aidan's Hall",
        "address": "1 Church Lane",
        "step_free": "on",
        "interpretation": "BSL",
    }
    data.update(overrides)
    return data


def test_anonymous_is_sent_to_sign_in(client, elm_park):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


@pytest.mark.parametrize("who", ["person", "member", "note_taker", "other_organiser"])
def test_others_are_refused(client, request, elm_park, who):
    login(client, request, who)
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data()).status_code == 403
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("who", ["organiser", "network_organiser"])
def test_organiser_plans_a_meeting_in_london_time(client, request, elm_park, who):
    user = login(client, request, who)
    assert client.get(URL).status_code == 200
    response = client.post(URL, form_data(date="2030-07-02"))
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("meetings:agenda", kwargs={"pk": meeting.pk})
    # 7pm in London in July is 18:00 UTC.
    assert meeting.starts_at == datetime.datetime(2030, 7, 2, 18, 0, tzinfo=datetime.UTC)
    assert meeting.ends_at.astimezone(ZoneInfo("Europe/London")).hour == 21
    assert meeting.step_free
    assert not meeting.hearing_loop
    assert meeting.created_by == user
    assert meeting.invitation_published_at is None


def test_end_before_start_is_refused_and_form_kept(client, elm_park, organiser):
    client.force_login(organiser)
    response = client.post(URL, form_data(end_time="18:00"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The end time must be after the start time" in html
    assert "St Aidan&#x27;s Hall" in html  # the form is kept
    assert not Meeting.objects.exists()


def test_missing_place_is_refused(client, elm_park, organiser):
    client.force_login(organiser)
    response = client.post(URL, form_data(venue=""))
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_past_date_is_allowed_with_a_clear_message(client, elm_park, organiser):
    client.force_login(organiser)
    day = timezone.localdate() - datetime.timedelta(days=7)
    response = client.post(URL, form_data(date=day.isoformat()), follow=True)
    assert Meeting.objects.count() == 1
    assert "That day is in the past" in response.content.decode()


def test_facilitator_and_note_taker_come_from_current_members(
    client, elm_park, organiser, member, note_taker
):
    outsider = make_person("out@example.org", "Outsider")
    client.force_login(organiser)
    html = client.get(URL).content.decode()
    assert "Mo" in html
    assert "Nat" in html
    assert "Outsider" not in html
    response = client.post(URL, form_data(facilitator=outsider.pk))
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    client.post(URL, form_data(facilitator=member.pk, note_taker=note_taker.pk))
    meeting = Meeting.objects.get()
    assert meeting.facilitator == member
    assert meeting.note_taker == note_taker
