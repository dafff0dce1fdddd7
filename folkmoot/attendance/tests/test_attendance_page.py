"""The public attendance page: counts for everyone, names and corrections for tellers and
organisers."""

import pytest
from django.urls import reverse

from folkmoot.attendance import services

from .conftest import ALLOWED


@pytest.fixture
def record(meeting, member, teller, organiser):
    services.check_in_person(meeting, member)
    services.check_in_walk_in(meeting, "Ann Lee", "TB1 1AB", recorded_by=teller)
    services.check_in_walk_in(meeting, "Bea", "TB1 3AB", recorded_by=teller)
    entry = services.check_in_walk_in(meeting, "Cy", "TB1 1AB", recorded_by=teller).attendance
    services.verify_residency(entry, teller, "ID with their address")
    services.add_tally(meeting, teller, local=True)
    services.add_tally(meeting, teller, local=False)
    wrong = services.check_in_walk_in(meeting, "Wrong", "TB1 1AB", recorded_by=teller)
    services.strike_out(wrong.attendance, teller, "Typed it twice")
    return meeting


def url(meeting):
    return reverse("attendance:attendance", args=[meeting.pk])


def test_path(meeting):
    assert url(meeting) == f"/meetings/{meeting.pk}/attendance/"


@pytest.mark.parametrize("who", ["anonymous", "member", "other_organiser"])
def test_everyone_sees_counts_but_not_names(login_as, record, who):
    html = login_as(who).get(url(record)).content.decode()
    # Mo and Ann say so, Cy is checked, one tallied local: 4 local residents of 6 people.
    assert "4</strong>" in html
    assert "local residents" in html
    assert "(1 checked, 3 say so)" in html
    assert "6</strong>" in html
    assert "people in all" in html
    assert "Ann Lee" not in html
    assert "Typed it twice" not in html
    assert "Names are only shown" in html


@pytest.mark.parametrize("who", ALLOWED)
def test_tellers_and_organisers_see_names_and_corrections(login_as, record, who):
    html = login_as(who).get(url(record)).content.decode()
    assert "Ann Lee" in html
    assert "<s>Wrong</s>" in html
    assert "Typed it twice" in html
    assert "ID with their address" in html


def test_only_organisers_get_the_correction_links(login_as, record):
    assert "Close attendance" not in login_as("teller").get(url(record)).content.decode()
    html = login_as("organiser").get(url(record)).content.decode()
    assert "Close attendance" in html
    assert "Change residency" in html
    assert reverse("attendance:add_person", args=[record.pk]) in html


def test_empty_record_is_friendly(login_as, meeting):
    html = login_as("organiser").get(url(meeting)).content.decode()
    assert "Nobody has checked in by name yet." in html
    assert "No corrections." in html
