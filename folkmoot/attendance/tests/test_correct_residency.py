"""Organisers correct whether someone counts as a local resident, with a reason."""

import pytest
from django.urls import reverse

from folkmoot.attendance import corrections, services
from folkmoot.attendance.models import Attendance, AttendanceCorrection, Residency


@pytest.fixture
def entry(meeting, member, organiser):
    entry = services.check_in_person(meeting, member).attendance
    corrections.close_attendance(meeting, organiser)
    return entry


def url(entry):
    return reverse("attendance:residency", args=[entry.pk])


DATA = {"residency": "not_local", "method": "", "reason": "Moved away last year"}


def test_anonymous_is_sent_to_sign_in(client, entry):
    assert client.post(url(entry), DATA).status_code == 302


@pytest.mark.parametrize("who", ["member", "teller", "other_organiser"])
def test_others_are_refused(login_as, entry, who):
    assert login_as(who).post(url(entry), DATA).status_code == 403
    assert Attendance.objects.get().residency == Residency.SELF_DECLARED


def test_organiser_changes_residency(login_as, entry, organiser):
    html = login_as("organiser").post(url(entry), DATA, follow=True).content.decode()
    assert "Residency changed." in html
    assert "Moved away last year" in html
    assert Attendance.objects.get().residency == Residency.NOT_LOCAL
    correction = AttendanceCorrection.objects.get()
    assert (correction.action, correction.made_by) == ("change_residency", organiser)


def test_verified_needs_a_method(login_as, entry):
    response = login_as("organiser").post(
        url(entry), {"residency": "verified", "method": "", "reason": "Saw a letter"}
    )
    assert response.status_code == 400
    assert "Say how their address was checked." in response.content.decode()
    assert Attendance.objects.get().residency == Residency.SELF_DECLARED
    assert not AttendanceCorrection.objects.exists()


def test_no_change_is_refused(login_as, entry):
    response = login_as("organiser").post(
        url(entry), {"residency": "self_declared", "reason": "same"}
    )
    assert response.status_code == 400
    assert "Nothing was changed" in response.content.decode()
    assert not AttendanceCorrection.objects.exists()
