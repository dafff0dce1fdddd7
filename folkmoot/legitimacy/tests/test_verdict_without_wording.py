"""Lists decide legitimacy without wording it (rules.verdict, process.evaluate unworded): the
decisions must be exactly those of the worded rules, for any records."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from folkmoot.legitimacy import process, rules

UTC = datetime.UTC
BASE = datetime.datetime(2026, 9, 1, 19, tzinfo=UTC)

moments = st.integers(min_value=-60 * 24, max_value=60 * 24).map(
    lambda minutes: BASE + datetime.timedelta(hours=minutes)
)
maybe_moments = st.none() | moments

rule_sets = st.builds(
    rules.Rules,
    outreach_coverage_percent=st.integers(0, 100),
    notice_days=st.integers(0, 30),
    residents_per_meeting=st.integers(0, 200),
    meetings_considered=st.integers(0, 4),
    count_self_declared=st.booleans(),
    process_percent=st.integers(0, 100),
    outreach_window_days=st.integers(0, 60),
)


@st.composite
def evidence(draw, meeting_id: int) -> rules.MeetingEvidence:
    counted = draw(st.integers(0, 6))
    total = draw(st.integers(0, 50))
    reached = draw(st.integers(0, total))
    return rules.MeetingEvidence(
        meeting_id=meeting_id,
        starts_at=BASE - datetime.timedelta(weeks=meeting_id),
        coverage_percent=None if total == 0 else 100 * reached / total,
        units_reached=reached,
        units_total=total,
        notice_days=draw(st.none() | st.integers(0, 30)),
        attendees=draw(st.integers(0, 250)),
        verified_residents=draw(st.integers(0, 200)),
        self_declared_residents=draw(st.integers(0, 50)),
        tallied_residents=draw(st.integers(0, 50)),
        process_met=draw(st.integers(0, counted)),
        process_counted=counted,
        process_missing=tuple(draw(st.lists(st.sampled_from(["Agenda", "Minutes"]), max_size=2))),
    )


@st.composite
def held_meetings(draw) -> list[rules.MeetingEvidence]:
    return [draw(evidence(n)) for n in range(draw(st.integers(0, 5)))]


@settings(max_examples=400, deadline=None)
@given(held=held_meetings(), checked=rule_sets)
def test_verdict_is_the_assessments_verdict(held, checked):
    assert rules.verdict(held, checked) == rules.assess(held, checked).verdict


STEPS = [
    process.Step(1, "Agenda", "agenda_published", 7),
    process.Step(2, "Roles", "roles_named"),
    process.Step(3, "Groups", "recorded"),
    process.Step(4, "Minutes", "minutes_published", 7),
    process.Step(5, "Report-backs", "report_backs"),
    process.Step(6, "Agenda, no days", "agenda_published", None),
]

facts = st.builds(
    process.MeetingFacts,
    starts_at=moments,
    invitation_published_at=maybe_moments,
    agenda_items=st.integers(0, 3),
    facilitator_named=st.booleans(),
    note_taker_named=st.booleans(),
    minutes_published_at=maybe_moments,
    report_backs_due=st.none() | st.integers(0, 3),
    report_backs_received=st.integers(0, 3),
    recorded=st.dictionaries(st.sampled_from([3]), st.booleans()),
    notes=st.dictionaries(st.sampled_from([3]), st.sampled_from(["", "done well"])),
)


@settings(max_examples=400, deadline=None)
@given(meeting=facts, now=moments)
def test_unworded_process_decides_the_same(meeting, now):
    worded = process.evaluate(STEPS, meeting, now)
    unworded = process.evaluate(STEPS, meeting, now, worded=False)
    assert [r.status for r in unworded.steps] == [r.status for r in worded.steps]
    assert (unworded.met, unworded.counted, unworded.missing) == (
        worded.met,
        worded.counted,
        worded.missing,
    )
    assert all(r.evidence for r in worded.steps)
