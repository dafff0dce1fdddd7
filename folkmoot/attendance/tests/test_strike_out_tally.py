"""Organisers strike out a wrong tally, with a reason. It stays on the record."""

import pytest
from django.urls import reverse

from folkmoot.attendance import services
from folkmoot.attendance.models import AttendanceCorrection, Tally


@pytest.fixture
def tally(meeting, teller):
    return services.add_tally(meeting, teller, local=True)


def url(tally):
    return reverse("attendance:strike_out_tally", args=[tally.pk])


def test_anonymous_is_sent_to_sign_in(client, tally):
    assert client.post(url(tally), {"reason": "x"}).status_code == 302


@pytest.mark.parametrize("who", ["member", "teller", "other_organiser"])
def test_others_are_refused(login_as, tally, who):
    assert login_as(who).post(url(tally), {"reason": "x"}).status_code == 403
    assert Tally.objects.get().struck_out_at is None


def test_organiser_strikes_out(login_as, meeting, tally):
    html = login_as("organiser").post(url(tally), {"reason": "Double"}, follow=True)
    assert "The tally is struck out." in html.content.decode()
    assert services.counts(meeting).tallied_people == 0
    assert Tally.objects.count() == 1
    assert AttendanceCorrection.objects.get().reason == "Double"


def test_needs_a_reason(login_as, tally):
    assert login_as("organiser").post(url(tally), {"reason": ""}).status_code == 400
    assert Tally.objects.get().struck_out_at is None
