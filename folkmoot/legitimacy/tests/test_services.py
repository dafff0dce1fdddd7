"""Legitimacy from real records: the rules applied to what the database holds."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from folkmoot.attendance.models import Attendance
from folkmoot.legitimacy import services
from folkmoot.legitimacy.models import ProcessRecord
from folkmoot.legitimacy.rules import Status, Verdict
from folkmoot.meetings.models import Meeting

from .conftest import attend, hold_meeting


def criterion(assessment, key):
    return next(c for c in assessment.criteria if c.key == key)


def test_three_good_meetings_make_a_legitimate_assembly(legitimate, elm_park):
    assessment, _history = services.assess_assembly(elm_park)
    assert assessment.verdict == Verdict.LEGITIMATE
    attendance = criterion(assessment, "attendance")
    assert [c.evidence.verified_residents for c in attendance.checks] == [150, 150, 150]
    assert attendance.checks[0].evidence.attendees == 157


def test_one_resident_short(legitimate, elm_park):
    newest = legitimate[0]
    Attendance.objects.filter(meeting=newest, residency="verified").first().delete()
    assessment, _history = services.assess_assembly(elm_park)
    assert assessment.verdict == Verdict.NOT_YET
    assert criterion(assessment, "attendance").missing == [
        "At least 150 checked local residents at each of the next 3 meetings. "
        "The last meeting had 149: 1 more."
    ]


def test_struck_out_attendance_does_not_count(legitimate, elm_park):
    row = Attendance.objects.filter(meeting=legitimate[0], residency="verified").first()
    row.struck_out_at = timezone.now()
    row.save()
    assessment, _history = services.assess_assembly(elm_park)
    assert criterion(assessment, "attendance").status == Status.NOT_MET


def test_self_declared_count_only_when_the_network_allows(legitimate, elm_park, network):
    for meeting in legitimate:
        Attendance.objects.filter(meeting=meeting, residency="verified")[:1].get().delete()
    assert services.assess_assembly(elm_park)[0].verdict == Verdict.NOT_YET
    network.count_self_declared = True
    network.save()
    assert services.assess_assembly(elm_park)[0].verdict == Verdict.LEGITIMATE


def test_cancelled_meetings_do_not_count(legitimate, elm_park, organiser):
    cancelled = hold_meeting(elm_park, organiser, 10, residents=0)
    cancelled.status = Meeting.Status.CANCELLED
    cancelled.save()
    assert services.assess_assembly(elm_park)[0].verdict == Verdict.LEGITIMATE


def test_a_weak_meeting_after_good_ones(legitimate, elm_park, organiser):
    hold_meeting(elm_park, organiser, 10, residents=100)
    assessment, history = services.assess_assembly(elm_park, with_history=4)
    assert assessment.verdict == Verdict.NOT_YET
    assert [verdict for _m, verdict in history] == [
        Verdict.NOT_YET,
        Verdict.LEGITIMATE,
        Verdict.NOT_YET,
        Verdict.NOT_YET,
    ]


def test_assessed_at_a_past_date(legitimate, elm_park, organiser):
    hold_meeting(elm_park, organiser, 10, residents=100)
    before = timezone.now() - datetime.timedelta(days=20)
    assert services.assess_assembly(elm_park, before)[0].verdict == Verdict.LEGITIMATE


def test_outreach_coverage_below_the_line(elm_park, organiser, units, network):
    for days in (40, 70, 100):
        hold_meeting(elm_park, organiser, days, units=7)  # 70% of ten units
    outreach = criterion(services.assess_assembly(elm_park)[0], "outreach")
    assert outreach.status == Status.NOT_MET
    assert outreach.checks[0].detail.startswith("70% of postcodes reached (7 of 10)")


def test_short_notice(elm_park, organiser, units, network):
    for days in (40, 70, 100):
        hold_meeting(elm_park, organiser, days, notice=13)
    outreach = criterion(services.assess_assembly(elm_park)[0], "outreach")
    assert outreach.status == Status.NOT_MET
    assert "invitation published 13 days before" in outreach.checks[0].detail


def test_no_listed_postcodes_needs_data(elm_park, organiser, network):
    for days in (40, 70, 100):
        hold_meeting(elm_park, organiser, days)
    assessment = services.assess_assembly(elm_park)[0]
    assert criterion(assessment, "outreach").status == Status.NEEDS_DATA
    assert assessment.verdict == Verdict.NEEDS_DATA


def test_process_steps_recorded_as_not_done(legitimate, elm_park):
    ProcessRecord.objects.filter(meeting=legitimate[0]).update(met=False)
    process = criterion(services.assess_assembly(elm_park)[0], "process")
    # 3 of 5 countable steps (report-backs do not apply yet): 60%.
    assert process.status == Status.NOT_MET
    assert process.checks[0].evidence.process_met == 3
    assert process.checks[0].evidence.process_counted == 5


def test_verdicts_for_many_assemblies_in_fixed_queries(legitimate, elm_park, oak_row, organiser):
    with CaptureQueriesContext(connection) as few:
        verdicts = services.verdicts_for([elm_park, oak_row])
    assert verdicts == {elm_park.pk: Verdict.LEGITIMATE, oak_row.pk: Verdict.NOT_YET}
    for days in (5, 6, 7, 8):
        meeting = hold_meeting(oak_row, organiser, days, units=0)
        attend(meeting, verified=2)
    with CaptureQueriesContext(connection) as more:
        services.verdicts_for([elm_park, oak_row])
    assert len(more) == len(few)
