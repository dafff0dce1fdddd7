"""Fixtures for outreach: Elm Park's postcode units, a meeting, and outreach before it."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from folkmoot.meetings.models import AgendaItem, Meeting
from folkmoot.outreach.models import OutreachActivity
from folkmoot.places.models import PostcodeUnit

LONDON = ZoneInfo("Europe/London")
UNITS = ["TB1 1AA", "TB1 1AB", "TB1 1AD", "TB1 2AA", "TB1 2AB"]


@pytest.fixture
def units(elm_park):
    """Five postcode units in Elm Park."""
    for unit in UNITS:
        PostcodeUnit.objects.create(area=elm_park.area, unit=unit, households=20)
    return UNITS


def make_meeting(assembly, when=datetime.datetime(2026, 2, 3, 19, 0, tzinfo=LONDON), **kwargs):
    kwargs.setdefault("venue", "St Aidan's Hall")
    kwargs.setdefault("address", "12 Elm Road, Testbury TB1 1AA")
    return Meeting.objects.create(assembly=assembly, starts_at=when, **kwargs)


@pytest.fixture
def meeting(elm_park):
    """Tuesday 3 February 2026, 7pm; invitation published 19 days before."""
    meeting = make_meeting(
        elm_park,
        ends_at=datetime.datetime(2026, 2, 3, 21, 0, tzinfo=LONDON),
        invitation_published_at=datetime.datetime(2026, 1, 15, 19, 0, tzinfo=LONDON),
        step_free=True,
        interpretation="BSL",
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="Bus route 7 cuts")
    AgendaItem.objects.create(meeting=meeting, position=2, title="Play park repairs")
    return meeting


@pytest.fixture
def draft_meeting(elm_park):
    """Not published yet."""
    return make_meeting(elm_park, when=datetime.datetime(2026, 12, 8, 19, 0, tzinfo=LONDON))


def log(assembly, who, done_on, units=(), kind=OutreachActivity.Kind.LEAFLETS, **kwargs):
    return OutreachActivity.objects.create(
        assembly=assembly, recorded_by=who, done_on=done_on, units=list(units), kind=kind, **kwargs
    )


from folkmoot.browser_testing import browser, browser_page  # noqa: E402, F401
