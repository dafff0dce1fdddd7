"""Organisers add people counted without names, with a reason."""

import pytest
from django.urls import reverse

from folkmoot.attendance import services
from folkmoot.attendance.models import AttendanceCorrection, Tally

DATA = {"people": "5", "local_residents": "4", "reason": "Counted at the back"}


def url(meeting):
    return reverse("attendance:add_tally", args=[meeting.pk])


def test_anonymous_is_sent_to_sign_in(client, meeting):
    assert client.post(url(meeting), DATA).status_code == 302


@pytest.mark.parametrize("who", ["member", "teller", "other_organiser"])
def test_others_are_refused(login_as, meeting, who):
    assert login_as(who).post(url(meeting), DATA).status_code == 403
    assert not Tally.objects.exists()


def test_organiser_adds_a_tally(login_as, meeting):
    html = login_as("organiser").post(url(meeting), DATA, follow=True).content.decode()
    assert "The tally is added." in html
    assert services.counts(meeting).tallied_people == 5
    assert AttendanceCorrection.objects.get().action == "add_tally"


def test_more_residents_than_people_is_refused(login_as, meeting):
    response = login_as("organiser").post(
        url(meeting), {"people": "2", "local_residents": "3", "reason": "x"}
    )
    assert response.status_code == 400
    assert "cannot be more than the number of people" in response.content.decode()
    assert not Tally.objects.exists()
