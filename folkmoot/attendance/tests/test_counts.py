"""Counting: exact numbers, verified and self-declared apart, nobody twice, struck-out rows out,
and many meetings in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from folkmoot.attendance import services
from folkmoot.attendance.models import Attendance, Residency, Tally
from folkmoot.meetings.models import Meeting


def _people(meeting, number: int, residency: str = Residency.VERIFIED, start: int = 0):
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            name=f"Person {i}",
            identity=f"walkin:person {i}|TB1 1AB",
            residency=residency,
            method=Attendance.Method.SELF,
        )
        for i in range(start, start + number)
    )


def test_no_one_yet(meeting):
    assert services.counts(meeting) == services.AttendanceCounts()
    assert services.counts(meeting).people_in_all == 0


@pytest.mark.parametrize("number", [149, 150])
def test_counts_are_exact(meeting, number):
    _people(meeting, number)
    result = services.counts(meeting)
    assert result.attendees == number
    assert result.verified_residents == number
    assert result.local_residents == number


def test_verified_and_self_declared_apart(meeting, teller):
    _people(meeting, 140, Residency.VERIFIED)
    _people(meeting, 12, Residency.SELF_DECLARED, start=140)
    _people(meeting, 8, Residency.NOT_LOCAL, start=152)
    for _ in range(7):
        services.add_tally(meeting, teller, local=True)
    for _ in range(3):
        services.add_tally(meeting, teller, local=False)
    result = services.counts(meeting)
    assert result == services.AttendanceCounts(
        attendees=160,
        verified_residents=140,
        self_declared_residents=12,
        tallied_people=10,
        tallied_residents=7,
    )
    assert result.local_residents == 159
    assert result.said_so == 19
    assert result.people_in_all == 170


def test_the_same_person_twice_counts_once(meeting, member):
    services.check_in_person(meeting, member)
    services.check_in_person(meeting, member)
    services.check_in_walk_in(meeting, "Ann", "TB1 1AB")
    services.check_in_walk_in(meeting, "ANN ", "tb11ab")
    result = services.counts(meeting)
    assert result.attendees == 2
    assert result.self_declared_residents == 2


def test_struck_out_rows_do_not_count(meeting, organiser, teller):
    _people(meeting, 3)
    services.strike_out(Attendance.objects.first(), organiser, "Not there")
    services.add_tally(meeting, teller, local=True)
    services.add_tally(meeting, teller, local=True)
    services.undo_last_tally(meeting, teller)
    result = services.counts(meeting)
    assert (result.attendees, result.verified_residents) == (2, 2)
    assert (result.tallied_people, result.tallied_residents) == (1, 1)


def test_other_meetings_do_not_mix(meeting, elm_park):
    other = Meeting.objects.create(
        assembly=elm_park, starts_at=timezone.now() + datetime.timedelta(days=7), venue="Hall"
    )
    _people(meeting, 4)
    _people(other, 2, Residency.SELF_DECLARED)
    assert services.counts(meeting).attendees == 4
    assert services.counts(other).self_declared_residents == 2


def test_counts_for_many_meetings_in_constant_queries(elm_park, teller):
    meetings = [
        Meeting.objects.create(
            assembly=elm_park, starts_at=timezone.now() + datetime.timedelta(days=i), venue="Hall"
        )
        for i in range(6)
    ]
    for index, meeting in enumerate(meetings):
        _people(meeting, index)
        Tally.objects.create(meeting=meeting, teller=teller, people=index + 1, local_residents=1)
    with CaptureQueriesContext(connection) as queries:
        found = services.counts_for(meetings)
    assert len(queries) == 1
    assert [found[m.pk].attendees for m in meetings] == [0, 1, 2, 3, 4, 5]
    assert [found[m.pk].tallied_people for m in meetings] == [1, 2, 3, 4, 5, 6]
    assert services.counts_for([]) == {}
    with CaptureQueriesContext(connection) as queries:
        services.counts(meetings[0])
    assert len(queries) == 1
