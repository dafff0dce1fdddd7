"""The process check's report-back step: delegates' report-backs on the council meetings held
since the assembly last met, received before this meeting."""

import datetime

import pytest
from django.utils import timezone

from folkmoot.councils.models import Council, CouncilMeeting, CouncilMember, Level
from folkmoot.delegation.models import DelegateTerm, ReportBack
from folkmoot.delegation.reportbacks import report_back_counts
from folkmoot.legitimacy.models import ProcessStep
from folkmoot.legitimacy.process import StepStatus
from folkmoot.legitimacy.services import process_for
from folkmoot.meetings.models import Meeting

from .conftest import hold_meeting

NOW = timezone.now()


def ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


@pytest.fixture
def council(db):
    level = Level.objects.create(name="District", rank=1)
    return Council.objects.create(name="East Testbury Council", slug="east", level=level)


@pytest.fixture
def seat(council, elm_park):
    return CouncilMember.objects.create(council=council, assembly=elm_park, seats=2)


@pytest.fixture
def terms(seat, member, organiser):
    return [
        DelegateTerm.objects.create(
            member=seat,
            person=person,
            starts_on=timezone.localdate(ago(200)),
            ends_on=timezone.localdate(ago(-200)),
            seated_at=ago(200),
        )
        for person in (member, organiser)
    ]


def step_status(meeting):
    result = process_for(meeting)
    (step,) = [r for r in result.steps if r.step.rule == ProcessStep.Rule.REPORT_BACKS]
    return step.status, step.evidence


def meeting_at(assembly, days):
    return Meeting.objects.create(assembly=assembly, starts_at=ago(days), venue="Elm Hall")


def test_not_applicable_without_delegates(elm_park, organiser):
    meeting = hold_meeting(elm_park, organiser, 10)
    assert step_status(meeting)[0] == StepStatus.NOT_APPLICABLE


def test_due_since_the_previous_meeting_and_received_before_this_one(
    elm_park, organiser, council, terms
):
    previous = meeting_at(elm_park, 30)
    meeting = meeting_at(elm_park, 10)
    CouncilMeeting.objects.create(council=council, starts_at=ago(40))  # before the previous
    held = CouncilMeeting.objects.create(council=council, starts_at=ago(20))
    CouncilMeeting.objects.create(council=council, starts_at=ago(5))  # after this meeting
    counts = report_back_counts([previous, meeting])
    assert counts[meeting.pk] == (2, 0)
    assert step_status(meeting) == (StepStatus.NOT_MET, "0 of 2 delegates reported back.")
    on_time = ReportBack.objects.create(delegate=terms[0], meeting=held, text="Report.")
    ReportBack.objects.filter(pk=on_time.pk).update(filed_at=ago(15))
    late = ReportBack.objects.create(delegate=terms[1], meeting=held, text="Late.")
    ReportBack.objects.filter(pk=late.pk).update(filed_at=ago(8))
    assert report_back_counts([meeting])[meeting.pk] == (2, 1)
    ReportBack.objects.filter(pk=late.pk).update(filed_at=ago(12))
    assert step_status(meeting)[0] == StepStatus.MET


def test_first_meeting_looks_back_ninety_days(elm_park, council, terms):
    meeting = meeting_at(elm_park, 10)
    CouncilMeeting.objects.create(council=council, starts_at=ago(150))  # too long ago
    CouncilMeeting.objects.create(council=council, starts_at=ago(60))
    assert report_back_counts([meeting])[meeting.pk] == (2, 0)


def test_query_count_does_not_grow_with_meetings(
    elm_park, council, terms, django_assert_max_num_queries
):
    meetings = [meeting_at(elm_park, days) for days in (10, 40, 70, 100, 130)]
    for days in (20, 50, 80, 110):
        CouncilMeeting.objects.create(council=council, starts_at=ago(days))
    with django_assert_max_num_queries(4):
        counts = report_back_counts(meetings)
    assert [counts[m.pk] for m in meetings] == [(2, 0), (2, 0), (2, 0), (2, 0), (0, 0)]
