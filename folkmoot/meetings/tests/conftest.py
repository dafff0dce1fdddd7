"""Meetings test fixtures: a planned meeting of Elm Park with a note-taker, and supporters."""

import pytest

from conftest import make_person
from folkmoot.assemblies.models import Membership
from folkmoot.meetings.models import AgendaItem, Meeting

from .helpers import in_days


@pytest.fixture
def note_taker(elm_park):
    user = make_person("nat@example.org", "Nat")
    Membership.objects.create(assembly=elm_park, person=user)
    return user


@pytest.fixture
def meeting(elm_park, organiser, note_taker):
    meeting = Meeting.objects.create(
        assembly=elm_park,
        title="Assembly meeting",
        starts_at=in_days(10),
        ends_at=in_days(10, 21),
        venue="St Aidan's Hall",
        address="1 Church Lane, TB1 1AA",
        step_free=True,
        interpretation="BSL",
        note_taker=note_taker,
        created_by=organiser,
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="Saving the library")
    AgendaItem.objects.create(meeting=meeting, position=2, title="Street party")
    return meeting


@pytest.fixture
def other_meeting(oak_row):
    return Meeting.objects.create(assembly=oak_row, starts_at=in_days(5), venue="Oak Hall")
