"""The "+1 local resident" and "+1 not local" buttons, and "undo my last tally"."""

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.attendance import services
from folkmoot.attendance.models import AttendanceCorrection, Tally
from folkmoot.meetings.models import Meeting

from .conftest import ALLOWED, REFUSED


def tally_url(meeting):
    return reverse("attendance:teller_tally", args=[meeting.pk])


def undo_url(meeting):
    return reverse("attendance:teller_undo_tally", args=[meeting.pk])


@pytest.mark.parametrize("view", [tally_url, undo_url])
def test_anonymous_is_sent_to_sign_in(client, meeting, view):
    assert client.post(view(meeting), {"local": "1"}).status_code == 302
    assert not Tally.objects.exists()


@pytest.mark.parametrize("who", REFUSED)
@pytest.mark.parametrize("view", [tally_url, undo_url])
def test_others_are_refused(login_as, meeting, who, view):
    assert login_as(who).post(view(meeting), {"local": "1"}).status_code == 403
    assert not Tally.objects.exists()


@pytest.mark.parametrize("who", ALLOWED)
def test_each_tap_counts_one(login_as, meeting, who):
    client = login_as(who)
    html = client.post(tally_url(meeting), {"local": "1"}, follow=True).content.decode()
    assert "Counted one local resident." in html
    client.post(tally_url(meeting), {"local": "0"})
    assert list(Tally.objects.values_list("people", "local_residents")) == [(1, 1), (1, 0)]
    counts = services.counts(meeting)
    assert (counts.tallied_people, counts.tallied_residents) == (2, 1)


def test_undo_strikes_out_my_last_tally(login_as, meeting, teller, organiser):
    services.add_tally(meeting, teller, local=True)
    services.add_tally(meeting, organiser, local=False)
    html = login_as("teller").post(undo_url(meeting), follow=True).content.decode()
    assert "Your last tally is undone" in html
    assert services.counts(meeting).tallied_people == 1
    assert Tally.objects.count() == 2
    assert AttendanceCorrection.objects.get().made_by == teller


def test_undo_with_nothing_to_undo(login_as, meeting):
    html = login_as("teller").post(undo_url(meeting), follow=True).content.decode()
    assert "You have no tally to undo." in html


def test_after_closing_nothing_changes(login_as, meeting, teller):
    services.add_tally(meeting, teller, local=True)
    Meeting.objects.filter(pk=meeting.pk).update(attendance_closed_at=timezone.now())
    client = login_as("teller")
    assert "closed" in client.post(tally_url(meeting), {"local": "1"}, follow=True).content.decode()
    assert "closed" in client.post(undo_url(meeting), follow=True).content.decode()
    assert services.counts(meeting).tallied_people == 1
    assert not AttendanceCorrection.objects.exists()
