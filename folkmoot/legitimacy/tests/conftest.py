"""A neighbourhood assembly whose records can be made to meet (or miss) every rule."""

import datetime

import pytest
from django.utils import timezone

from folkmoot.attendance.models import Attendance, Residency
from folkmoot.legitimacy.models import ProcessRecord, ProcessStep
from folkmoot.meetings.models import AgendaItem, Meeting, Minutes
from folkmoot.outreach.models import OutreachActivity
from folkmoot.places.models import PostcodeUnit

UNITS = [f"TB1 1A{letter}" for letter in "ABDEFGHJLN"]  # ten units in Elm Park


def attend(meeting, verified=0, self_declared=0, not_local=0):
    rows = []
    for kind, count in (
        (Residency.VERIFIED, verified),
        (Residency.SELF_DECLARED, self_declared),
        (Residency.NOT_LOCAL, not_local),
    ):
        start = meeting.attendances.count() + len(rows)
        rows += [
            Attendance(
                meeting=meeting,
                name=f"Person {start + n}",
                identity=f"walkin:person {start + n}|TB1 1AA",
                residency=kind,
                method=Attendance.Method.TELLER,
            )
            for n in range(count)
        ]
    Attendance.objects.bulk_create(rows)


def hold_meeting(assembly, organiser, days_ago, *, residents=150, units=8, notice=20):
    """A past meeting that followed the process, with outreach and attendance."""
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    meeting = Meeting.objects.create(
        assembly=assembly,
        starts_at=starts,
        venue="Elm Hall",
        invitation_published_at=starts - datetime.timedelta(days=notice),
        facilitator=organiser,
        note_taker=organiser,
    )
    AgendaItem.objects.create(meeting=meeting, title="The park")
    Minutes.objects.create(
        meeting=meeting,
        body="We decided things.",
        written_by=organiser,
        published_at=starts + datetime.timedelta(days=1),
    )
    for step in ProcessStep.objects.filter(rule=ProcessStep.Rule.RECORDED):
        ProcessRecord.objects.create(meeting=meeting, step=step, met=True, recorded_by=organiser)
    OutreachActivity.objects.create(
        assembly=assembly,
        meeting=meeting,
        kind=OutreachActivity.Kind.LEAFLETS,
        done_on=timezone.localdate(starts) - datetime.timedelta(days=10),
        units=UNITS[:units],
        people_reached=200,
        recorded_by=organiser,
    )
    attend(meeting, verified=residents, self_declared=3, not_local=4)
    return meeting


@pytest.fixture
def units(elm_park):
    PostcodeUnit.objects.bulk_create(PostcodeUnit(area=elm_park.area, unit=u) for u in UNITS)
    return UNITS


@pytest.fixture
def legitimate(elm_park, organiser, units, network):
    """Elm Park with three good meetings, 40, 70 and 100 days ago."""
    return [hold_meeting(elm_park, organiser, days) for days in (40, 70, 100)]
