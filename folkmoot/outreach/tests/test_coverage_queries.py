"""Coverage gathered from the database, for one meeting or many in a fixed number of queries."""

import datetime

import pytest

from folkmoot.network.models import Network
from folkmoot.outreach.services import Coverage, coverage_for, coverage_for_meetings

from .conftest import LONDON, log, make_meeting


def test_counts_only_outreach_in_the_window(meeting, units, member):
    log(meeting.assembly, member, datetime.date(2026, 1, 6), ["TB1 1AA"])  # first day of window
    log(meeting.assembly, member, datetime.date(2026, 2, 3), ["TB1 1AB"])  # meeting day
    log(meeting.assembly, member, datetime.date(2026, 1, 5), ["TB1 1AD"])  # one day too early
    log(meeting.assembly, member, datetime.date(2026, 2, 4), ["TB1 2AA"])  # after
    assert coverage_for(meeting) == Coverage(reached=2, total=5, percent=40)


def test_follows_the_network_window(meeting, units, member):
    network = Network.current()
    network.outreach_window_days = 7
    network.save()
    log(meeting.assembly, member, datetime.date(2026, 1, 20), ["TB1 1AA"])
    assert coverage_for(meeting).reached == 0


def test_other_assemblies_outreach_does_not_count(meeting, units, oak_row, other_organiser):
    log(oak_row, other_organiser, datetime.date(2026, 2, 1), ["TB1 1AA"])
    assert coverage_for(meeting).reached == 0


def test_needs_data_without_units(meeting, member):
    log(meeting.assembly, member, datetime.date(2026, 2, 1), ["TB1 1AA"])
    result = coverage_for(meeting)
    assert result.needs_data
    assert result.percent is None


def test_deleted_outreach_no_longer_counts(meeting, units, member):
    activity = log(meeting.assembly, member, datetime.date(2026, 2, 1), ["TB1 1AA"])
    assert coverage_for(meeting).reached == 1
    activity.delete()
    assert coverage_for(meeting).reached == 0


@pytest.mark.parametrize("count", [2, 6])
def test_many_meetings_in_constant_queries(
    count, elm_park, oak_row, units, member, other_organiser, django_assert_num_queries
):
    Network.current()
    meetings = []
    for i in range(count):
        assembly = elm_park if i % 2 == 0 else oak_row
        meetings.append(
            make_meeting(assembly, when=datetime.datetime(2026, 3, 1 + i, 19, tzinfo=LONDON))
        )
    log(elm_park, member, datetime.date(2026, 2, 20), ["TB1 1AA", "TB1 1AB"])
    log(oak_row, other_organiser, datetime.date(2026, 2, 20), ["TB1 3AA"])
    with django_assert_num_queries(3):
        result = coverage_for_meetings(meetings)
    assert result[meetings[0].pk] == Coverage(reached=2, total=5, percent=40)
    assert result[meetings[1].pk].needs_data


def test_no_meetings_no_queries(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert coverage_for_meetings([]) == {}
