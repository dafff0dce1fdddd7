"""Next meeting, upcoming and past, and the next meeting of many assemblies in one query."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from folkmoot.meetings import services
from folkmoot.meetings.models import Meeting

from .helpers import in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def timeline(elm_park, oak_row, testbury_health):
    def make(assembly, days, **extra):
        return Meeting.objects.create(
            assembly=assembly, starts_at=in_days(days), venue=f"Hall {days}", **extra
        )

    return {
        "elm_past": make(elm_park, -5),
        "elm_cancelled": make(elm_park, 2, status=Meeting.Status.CANCELLED),
        "elm_next": make(elm_park, 4),
        "elm_later": make(elm_park, 30),
        "oak_next": make(oak_row, 1),
        "health_past": make(testbury_health, -1),
    }


def test_next_meeting_skips_past_and_cancelled(elm_park, timeline):
    assert services.next_meeting(elm_park) == timeline["elm_next"]


def test_no_next_meeting(testbury_health, timeline):
    assert services.next_meeting(testbury_health) is None


def test_upcoming_and_past(elm_park, timeline):
    assert list(services.upcoming_meetings(elm_park)) == [
        timeline["elm_next"],
        timeline["elm_later"],
    ]
    assert timeline["elm_cancelled"] in services.upcoming_meetings(elm_park, include_cancelled=True)
    assert list(services.past_meetings(elm_park)) == [timeline["elm_past"]]


def test_a_meeting_under_way_is_still_next(elm_park):
    now = timezone.now()
    under_way = Meeting.objects.create(
        assembly=elm_park,
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(minutes=60),
        venue="Hall",
    )
    assert services.next_meeting(elm_park) == under_way


def test_next_meetings_for_many_assemblies_in_one_query(
    elm_park, oak_row, testbury_health, timeline
):
    from folkmoot.assemblies.models import Assembly

    with CaptureQueriesContext(connection) as queries:
        found = services.next_meetings_for([elm_park, oak_row, testbury_health])
    assert len(queries) == 1
    assert found == {elm_park.pk: timeline["elm_next"], oak_row.pk: timeline["oak_next"]}
    with CaptureQueriesContext(connection) as queries:
        from_queryset = services.next_meetings_for(Assembly.objects.all())
    assert len(queries) == 1
    assert from_queryset == found
    assert services.next_meetings_for([oak_row.pk]) == {oak_row.pk: timeline["oak_next"]}
