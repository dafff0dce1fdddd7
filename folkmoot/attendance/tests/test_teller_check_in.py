"""A teller taps "check in" next to a member."""

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.attendance.models import Attendance
from folkmoot.meetings.models import Meeting

from .conftest import ALLOWED, REFUSED


def url(meeting):
    return reverse("attendance:teller_check_in", args=[meeting.pk])


def test_anonymous_is_sent_to_sign_in(client, meeting, member):
    assert client.post(url(meeting), {"person": member.pk}).status_code == 302
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("who", REFUSED)
def test_others_are_refused(login_as, meeting, member, who):
    assert login_as(who).post(url(meeting), {"person": member.pk}).status_code == 403
    assert not Attendance.objects.exists()


def test_get_is_not_allowed(login_as, meeting):
    assert login_as("teller").get(url(meeting)).status_code == 405


@pytest.mark.parametrize("who", ALLOWED)
def test_checks_in_a_member_and_says_so(login_as, meeting, member, who, request):
    response = login_as(who).post(url(meeting), {"person": member.pk}, follow=True)
    html = response.content.decode()
    assert "Mo is checked in." in html
    assert "local resident (they say so)" in html
    row = Attendance.objects.get()
    assert row.person == member
    assert row.recorded_by == request.getfixturevalue(who)
    assert row.method == Attendance.Method.TELLER


def test_twice_says_already(login_as, meeting, member):
    client = login_as("teller")
    client.post(url(meeting), {"person": member.pk})
    html = client.post(url(meeting), {"person": member.pk}, follow=True).content.decode()
    assert "Mo is already checked in. Nothing changed." in html
    assert Attendance.objects.count() == 1


def test_only_members_of_this_assembly(login_as, meeting, person):
    assert login_as("teller").post(url(meeting), {"person": person.pk}).status_code == 404
    assert login_as("teller").post(url(meeting), {"person": "x"}).status_code == 302
    assert not Attendance.objects.exists()


def test_closed_is_refused(login_as, meeting, member):
    Meeting.objects.filter(pk=meeting.pk).update(attendance_closed_at=timezone.now())
    html = login_as("teller").post(url(meeting), {"person": member.pk}, follow=True)
    assert "closed" in html.content.decode()
    assert not Attendance.objects.exists()
