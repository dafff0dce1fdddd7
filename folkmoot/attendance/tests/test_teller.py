"""Teller mode: the page, its permissions, and the name search (plain and htmx)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.attendance import services
from folkmoot.meetings.models import Meeting

from .conftest import ALLOWED, REFUSED


def url(meeting):
    return reverse("attendance:teller", args=[meeting.pk])


def test_path(meeting):
    assert url(meeting) == f"/meetings/{meeting.pk}/teller/"


def test_anonymous_is_sent_to_sign_in(client, meeting):
    assert client.get(url(meeting)).status_code == 302


@pytest.mark.parametrize("who", REFUSED)
def test_others_are_refused(login_as, meeting, who):
    assert login_as(who).get(url(meeting)).status_code == 403


@pytest.mark.parametrize("who", ALLOWED)
def test_tellers_and_organisers_get_the_door_page(login_as, meeting, who):
    html = login_as(who).get(url(meeting)).content.decode()
    assert "At the door" in html
    assert "+1 local resident" in html
    assert "+1 not local" in html
    assert "Add someone new" in html
    assert 'hx-trigger="every 5s"' in html
    assert "Nobody is checked in yet" in html


def test_search_without_javascript_finds_a_member(login_as, meeting, member):
    html = login_as("teller").get(url(meeting), {"q": "mo"}).content.decode()
    assert "Mo" in html
    assert 'aria-label="Check in Mo"' in html
    assert "<html" in html


def test_htmx_search_returns_only_the_results(login_as, meeting, member):
    response = login_as("teller").get(url(meeting), {"q": "MO"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'aria-label="Check in Mo"' in html
    assert "<html" not in html
    assert "+1 local resident" not in html


def test_search_with_no_match_says_what_to_do(login_as, meeting, member):
    html = login_as("teller").get(url(meeting), {"q": "zed"}).content.decode()
    assert "Nobody called “zed” yet" in html


def test_search_shows_who_is_already_checked_in(login_as, meeting, member):
    services.check_in_person(meeting, member)
    html = login_as("teller").get(url(meeting), {"q": "mo"}).content.decode()
    assert "Checked in" in html
    assert 'aria-label="Check in Mo"' not in html
    assert "Verify residency" in html


def test_search_does_not_find_other_assemblies_members(login_as, meeting, oak_row, person):
    from folkmoot.assemblies.models import Membership

    Membership.objects.create(assembly=oak_row, person=person)
    html = login_as("teller").get(url(meeting), {"q": "pat"}).content.decode()
    assert "Nobody called “pat” yet" in html


def test_closed_meeting_shows_no_door_actions(login_as, meeting, member):
    Meeting.objects.filter(pk=meeting.pk).update(attendance_closed_at=timezone.now())
    html = login_as("teller").get(url(meeting), {"q": "mo"}).content.decode()
    assert "Attendance for this meeting is closed" in html
    assert "+1 local resident" not in html
    assert 'aria-label="Check in Mo"' not in html
