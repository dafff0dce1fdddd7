"""Organisers add someone who was there but not checked in."""

import pytest
from django.urls import reverse

from folkmoot.attendance import corrections, services
from folkmoot.attendance.models import Attendance, AttendanceCorrection


@pytest.fixture
def closed(meeting, organiser):
    corrections.close_attendance(meeting, organiser)
    return meeting


def url(meeting):
    return reverse("attendance:add_person", args=[meeting.pk])


WALK_IN = {"name": "Ann", "postcode": "TB1 1AB", "residency": "self_declared", "reason": "Paper"}


def test_anonymous_is_sent_to_sign_in(client, closed):
    assert client.post(url(closed), WALK_IN).status_code == 302


@pytest.mark.parametrize("who", ["member", "teller", "other_organiser"])
def test_others_are_refused(login_as, closed, who):
    assert login_as(who).post(url(closed), WALK_IN).status_code == 403
    assert not Attendance.objects.exists()


def test_organiser_adds_a_walk_in(login_as, closed):
    html = login_as("organiser").post(url(closed), WALK_IN, follow=True).content.decode()
    assert "Ann is added to the record." in html
    assert Attendance.objects.get().method == Attendance.Method.CORRECTION
    assert AttendanceCorrection.objects.get().reason == "Paper"


def test_organiser_adds_a_member(login_as, closed, member, elm_park):
    membership = member.memberships.get(assembly=elm_park)
    data = {"member": membership.pk, "residency": "verified", "reason": "Signed the sheet"}
    login_as("organiser").post(url(closed), data)
    row = Attendance.objects.get()
    assert (row.person, row.identity) == (member, f"user:{member.pk}")


def test_needs_a_member_or_a_name(login_as, closed):
    response = login_as("organiser").post(
        url(closed), {"residency": "self_declared", "reason": "x"}
    )
    assert response.status_code == 400
    assert "Choose a member, or enter a name and postcode." in response.content.decode()
    assert not Attendance.objects.exists()


def test_someone_already_there_is_refused(login_as, meeting, member, elm_park, organiser):
    services.check_in_person(meeting, member)
    corrections.close_attendance(meeting, organiser)
    membership = member.memberships.get(assembly=elm_park)
    response = login_as("organiser").post(
        url(meeting), {"member": membership.pk, "residency": "verified", "reason": "x"}
    )
    assert response.status_code == 400
    assert "already checked in" in response.content.decode()
    assert Attendance.objects.count() == 1
    assert not AttendanceCorrection.objects.exists()
