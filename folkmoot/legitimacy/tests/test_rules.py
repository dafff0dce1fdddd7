"""The legitimacy rules, on plain values: every boundary exactly."""

import datetime

import pytest

from folkmoot.legitimacy.rules import MeetingEvidence, Rules, Status, Verdict, assess, history

RULES = Rules()
START = datetime.datetime(2026, 9, 1, 19, tzinfo=datetime.UTC)


def meeting(n: int = 0, **changes) -> MeetingEvidence:
    """A meeting that meets every rule, ``n`` weeks before the newest."""
    good = {
        "meeting_id": 100 - n,
        "starts_at": START - datetime.timedelta(weeks=n),
        "coverage_percent": 85.0,
        "units_reached": 85,
        "units_total": 100,
        "notice_days": 14,
        "attendees": 170,
        "verified_residents": 150,
        "self_declared_residents": 5,
        "tallied_residents": 2,
        "process_met": 5,
        "process_counted": 6,
    }
    good.update(changes)
    return MeetingEvidence(**good)


def three(**newest_changes) -> list[MeetingEvidence]:
    return [meeting(0, **newest_changes), meeting(1), meeting(2)]


def criterion(assessment, key):
    return next(c for c in assessment.criteria if c.key == key)


def test_three_good_meetings_are_legitimate():
    result = assess(three(), RULES)
    assert result.verdict == Verdict.LEGITIMATE
    assert result.is_legitimate
    assert all(c.status == Status.MET for c in result.criteria)
    assert all(not c.missing for c in result.criteria)


def test_two_meetings_are_not_enough():
    result = assess(three()[:2], RULES)
    assert result.verdict == Verdict.NOT_YET
    for c in result.criteria:
        assert c.status == Status.NOT_MET
        assert c.missing[0] == "Hold 1 more meeting."


def test_no_meetings():
    result = assess([], RULES)
    assert result.verdict == Verdict.NOT_YET
    assert criterion(result, "attendance").missing == ["Hold 3 more meetings."]


@pytest.mark.parametrize(("verified", "status"), [(149, Status.NOT_MET), (150, Status.MET)])
def test_residents_boundary(verified, status):
    result = assess(three(verified_residents=verified), RULES)
    assert criterion(result, "attendance").status == status


def test_only_verified_count_by_default():
    result = assess(three(verified_residents=140, self_declared_residents=60), RULES)
    attendance = criterion(result, "attendance")
    assert attendance.status == Status.NOT_MET
    assert attendance.missing == [
        "At least 150 checked local residents at each of the next 3 meetings. "
        "The last meeting had 140: 10 more."
    ]


def test_self_declared_count_when_the_network_says_so():
    rules = Rules(count_self_declared=True)
    result = assess(
        three(verified_residents=100, self_declared_residents=45, tallied_residents=5), rules
    )
    assert criterion(result, "attendance").status == Status.MET
    result = assess(
        three(verified_residents=100, self_declared_residents=44, tallied_residents=5), rules
    )
    assert criterion(result, "attendance").status == Status.NOT_MET


def test_an_old_bad_meeting_needs_one_more_good_one():
    meetings = [meeting(0), meeting(1), meeting(2, verified_residents=118)]
    attendance = criterion(assess(meetings, RULES), "attendance")
    assert attendance.status == Status.NOT_MET
    assert attendance.missing == ["At least 150 checked local residents at the next meeting."]


def test_only_the_last_n_meetings_count():
    meetings = [meeting(0), meeting(1), meeting(2), meeting(3, verified_residents=3)]
    assert assess(meetings, RULES).verdict == Verdict.LEGITIMATE


@pytest.mark.parametrize(("percent", "status"), [(79.9, Status.NOT_MET), (80.0, Status.MET)])
def test_coverage_boundary(percent, status):
    assert criterion(assess(three(coverage_percent=percent), RULES), "outreach").status == status


@pytest.mark.parametrize(
    ("days", "status"), [(13, Status.NOT_MET), (14, Status.MET), (None, Status.NOT_MET)]
)
def test_notice_boundary(days, status):
    assert criterion(assess(three(notice_days=days), RULES), "outreach").status == status


def test_unlisted_postcodes_need_data():
    result = assess(three(coverage_percent=None, units_total=0, units_reached=0), RULES)
    outreach = criterion(result, "outreach")
    assert outreach.status == Status.NEEDS_DATA
    assert "List the area's postcodes" in outreach.missing[0]
    assert result.verdict == Verdict.NEEDS_DATA


def test_a_failure_outweighs_missing_data():
    result = assess(three(coverage_percent=None, verified_residents=10), RULES)
    assert result.verdict == Verdict.NOT_YET


@pytest.mark.parametrize(
    ("met", "counted", "status"),
    [(4, 5, Status.MET), (3, 4, Status.NOT_MET), (4, 6, Status.NOT_MET), (5, 6, Status.MET)],
)
def test_process_boundary(met, counted, status):
    result = assess(three(process_met=met, process_counted=counted), RULES)
    assert criterion(result, "process").status == status


def test_process_names_the_missed_steps():
    result = assess(
        three(process_met=3, process_counted=6, process_missing=("Minutes published soon after",)),
        RULES,
    )
    process = criterion(result, "process")
    assert "Last time these were missed: Minutes published soon after." in process.missing[0]
    assert "missing: Minutes published soon after" in process.checks[0].detail


def test_no_countable_steps_need_data():
    result = assess(three(process_met=0, process_counted=0), RULES)
    assert criterion(result, "process").status == Status.NEEDS_DATA


def test_evidence_is_per_meeting_newest_first():
    result = assess(three(verified_residents=152, self_declared_residents=12), RULES)
    checks = criterion(result, "attendance").checks
    assert [c.evidence.meeting_id for c in checks] == [100, 99, 98]
    assert checks[0].detail.startswith("152 checked local residents (14 more say they live here)")


def test_network_settings_change_the_outcome():
    rules = Rules(residents_per_meeting=20, meetings_considered=1)
    result = assess([meeting(0, verified_residents=20)], rules)
    assert result.verdict == Verdict.LEGITIMATE


def test_history_shows_the_verdict_after_each_meeting():
    meetings = [meeting(0), meeting(1), meeting(2), meeting(3, verified_residents=3), meeting(4)]
    verdicts = [verdict for _evidence, verdict in history(meetings, RULES)]
    assert verdicts == [
        Verdict.LEGITIMATE,
        Verdict.NOT_YET,
        Verdict.NOT_YET,
        Verdict.NOT_YET,  # only two meetings held by then
        Verdict.NOT_YET,
    ]
