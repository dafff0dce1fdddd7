"""Striking out a check-in: a teller's own mistake before closing, or an organiser's
correction. Never deleted; always with a reason."""

import pytest
from django.urls import reverse

from folkmoot.attendance import corrections, services
from folkmoot.attendance.models import Attendance, AttendanceCorrection


@pytest.fixture
def entry(meeting, teller):
    return services.check_in_walk_in(meeting, "Ann", "TB1 1AB", recorded_by=teller).attendance


def url(entry):
    return reverse("attendance:strike_out", args=[entry.pk])


def test_anonymous_is_sent_to_sign_in(client, entry):
    assert client.post(url(entry), {"reason": "x"}).status_code == 302


@pytest.mark.parametrize("who", ["member", "other_organiser"])
def test_others_are_refused(login_as, entry, who):
    assert login_as(who).post(url(entry), {"reason": "x"}).status_code == 403
    assert Attendance.objects.get().struck_out_at is None


def test_another_teller_cannot_strike_out_my_check_in(login_as, meeting, entry, member):
    other = services.check_in_person(meeting, member).attendance
    assert login_as("teller").post(url(other), {"reason": "x"}).status_code == 403


@pytest.mark.parametrize("who", ["teller", "organiser"])
def test_strikes_out_with_a_reason(login_as, entry, who, request):
    client = login_as(who)
    assert "Strike out Ann" in client.get(url(entry)).content.decode()
    html = client.post(url(entry), {"reason": "Typed twice"}, follow=True).content.decode()
    assert "Ann is struck out." in html
    entry.refresh_from_db()
    assert entry.struck_out_at is not None
    correction = AttendanceCorrection.objects.get()
    assert correction.reason == "Typed twice"
    assert correction.made_by == request.getfixturevalue(who)


def test_no_reason_keeps_the_form_and_changes_nothing(login_as, entry):
    response = login_as("teller").post(url(entry), {"reason": "  "})
    assert response.status_code == 400
    assert "Say why" in response.content.decode() or "required" in response.content.decode()
    assert Attendance.objects.get().struck_out_at is None
    assert not AttendanceCorrection.objects.exists()


def test_after_closing_only_organisers(login_as, meeting, entry, organiser):
    corrections.close_attendance(meeting, organiser)
    assert login_as("teller").post(url(entry), {"reason": "x"}).status_code == 403
    login_as("organiser").post(url(entry), {"reason": "Not there"})
    assert Attendance.objects.get().struck_out_at is not None
    assert AttendanceCorrection.objects.get().made_by == organiser
