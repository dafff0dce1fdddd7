"""A teller adds someone new: name and postcode."""

import pytest
from django.urls import reverse

from folkmoot.attendance.models import Attendance, Residency

from .conftest import ALLOWED, REFUSED

DATA = {"name": "Ann Lee", "postcode": "tb1 2dh"}


def url(meeting):
    return reverse("attendance:teller_walk_in", args=[meeting.pk])


def test_anonymous_is_sent_to_sign_in(client, meeting):
    assert client.post(url(meeting), DATA).status_code == 302
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("who", REFUSED)
def test_others_are_refused(login_as, meeting, who):
    assert login_as(who).post(url(meeting), DATA).status_code == 403
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("who", ALLOWED)
def test_adds_a_walk_in(login_as, meeting, who):
    html = login_as(who).post(url(meeting), DATA, follow=True).content.decode()
    assert "Ann Lee is checked in." in html
    row = Attendance.objects.get()
    assert row.identity == "walkin:ann lee|TB1 2DH"
    assert row.residency == Residency.SELF_DECLARED
    assert row.method == Attendance.Method.TELLER


def test_bad_input_keeps_the_form_and_saves_nothing(login_as, meeting):
    response = login_as("teller").post(url(meeting), {"name": "Ann Lee", "postcode": "nope"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a full UK postcode" in html
    assert 'value="Ann Lee"' in html
    assert not Attendance.objects.exists()


def test_the_same_walk_in_twice_says_already(login_as, meeting):
    client = login_as("teller")
    client.post(url(meeting), DATA)
    html = client.post(url(meeting), {"name": "ANN LEE", "postcode": "TB12DH"}, follow=True)
    assert "Ann Lee is already checked in. Nothing changed." in html.content.decode()
    assert Attendance.objects.count() == 1


def test_the_message_says_how_to_count_them_as_checked(login_as, meeting):
    html = login_as("teller").post(url(meeting), DATA, follow=True).content.decode()
    assert "use “Verify residency” next to their name below" in html


def test_adds_and_verifies_in_one_go(login_as, meeting, teller):
    data = {**DATA, "method": "Letter or bill with their address"}
    html = login_as("teller").post(url(meeting), data, follow=True).content.decode()
    assert "They count as a local resident (checked)." in html
    assert "Verify residency" not in html
    row = Attendance.objects.get()
    assert row.residency == Residency.VERIFIED
    assert row.verified_by == teller
    assert row.verification_method == "Letter or bill with their address"


def test_the_teller_page_offers_the_check(login_as, meeting):
    html = login_as("teller").get(reverse("attendance:teller", args=[meeting.pk])).content
    assert b"Did you see proof of their address?" in html
    assert b'<option value="ID with their address">' in html


def test_a_postcode_outside_the_area_is_never_verified(login_as, meeting):
    data = {"name": "Val", "postcode": "TB1 3AA", "method": "ID with their address"}
    html = login_as("teller").post(url(meeting), data, follow=True).content.decode()
    assert "not counted as a local resident" in html
    row = Attendance.objects.get()
    assert row.residency == Residency.NOT_LOCAL
    assert row.verified_by is None


def test_an_unknown_check_keeps_the_form_and_saves_nothing(login_as, meeting):
    response = login_as("teller").post(url(meeting), {**DATA, "method": "Trust me"})
    assert response.status_code == 400
    assert 'value="Ann Lee"' in response.content.decode()
    assert not Attendance.objects.exists()
