"""Process steps, decided from a meeting's records."""

import datetime

from folkmoot.legitimacy.process import MeetingFacts, Step, StepStatus, evaluate, evaluate_step

UTC = datetime.UTC
STARTS = datetime.datetime(2026, 10, 6, 19, tzinfo=UTC)
AGENDA = Step(1, "Agenda published in advance", "agenda_published", 7)
ROLES = Step(2, "Facilitator and note-taker named", "roles_named")
GROUPS = Step(3, "Small-group discussion held", "recorded")
MINUTES = Step(5, "Minutes published soon after", "minutes_published", 7)
REPORTS = Step(6, "Delegates report back", "report_backs")
STEPS = [AGENDA, ROLES, GROUPS, MINUTES, REPORTS]


def facts(**changes) -> MeetingFacts:
    good = {
        "starts_at": STARTS,
        "invitation_published_at": STARTS - datetime.timedelta(days=14),
        "agenda_items": 3,
        "facilitator_named": True,
        "note_taker_named": True,
        "minutes_published_at": STARTS + datetime.timedelta(days=2),
        "recorded": {3: True},
    }
    good.update(changes)
    return MeetingFacts(**good)


AFTER = STARTS + datetime.timedelta(days=30)


def status(step, now=AFTER, **changes):
    return evaluate_step(step, facts(**changes), now).status


def test_all_met_and_report_backs_not_applicable_yet():
    result = evaluate(STEPS, facts(), AFTER)
    assert [r.status for r in result.steps] == [
        StepStatus.MET,
        StepStatus.MET,
        StepStatus.MET,
        StepStatus.MET,
        StepStatus.NOT_APPLICABLE,
    ]
    assert (result.met, result.counted, result.percent) == (4, 4, 100)
    assert result.missing == []


def test_agenda_exactly_n_days_before_is_in_time():
    on_time = STARTS - datetime.timedelta(days=7)
    assert status(AGENDA, invitation_published_at=on_time) == StepStatus.MET
    late = on_time + datetime.timedelta(minutes=1)
    assert status(AGENDA, invitation_published_at=late) == StepStatus.NOT_MET


def test_agenda_without_items_is_not_an_agenda():
    assert status(AGENDA, agenda_items=0) == StepStatus.NOT_MET


def test_agenda_not_yet_published_but_still_time():
    early = STARTS - datetime.timedelta(days=10)
    assert status(AGENDA, now=early, invitation_published_at=None) == StepStatus.PENDING
    assert status(AGENDA, invitation_published_at=None) == StepStatus.NOT_MET


def test_roles():
    assert status(ROLES, note_taker_named=False) == StepStatus.NOT_MET
    before = STARTS - datetime.timedelta(days=1)
    assert status(ROLES, now=before, facilitator_named=False) == StepStatus.PENDING
    result = evaluate_step(ROLES, facts(facilitator_named=False, note_taker_named=False), AFTER)
    assert result.evidence == "Not named: no facilitator, no note-taker."


def test_minutes_due_within_n_days():
    assert status(MINUTES, minutes_published_at=STARTS + datetime.timedelta(days=7)) == (
        StepStatus.MET
    )
    late = STARTS + datetime.timedelta(days=7, minutes=1)
    result = evaluate_step(MINUTES, facts(minutes_published_at=late), AFTER)
    assert result.status == StepStatus.NOT_MET
    assert result.evidence == "Minutes published 1 day late."
    soon = STARTS + datetime.timedelta(days=3)
    assert status(MINUTES, now=soon, minutes_published_at=None) == StepStatus.PENDING
    assert status(MINUTES, minutes_published_at=None) == StepStatus.NOT_MET


def test_recorded_steps():
    assert status(GROUPS, recorded={3: False}) == StepStatus.NOT_MET
    assert status(GROUPS, recorded={}) == StepStatus.NOT_MET
    before = STARTS - datetime.timedelta(hours=1)
    assert status(GROUPS, now=before, recorded={}) == StepStatus.PENDING


def test_report_backs_once_there_are_delegates():
    assert status(REPORTS, report_backs_due=2, report_backs_received=2) == StepStatus.MET
    assert status(REPORTS, report_backs_due=2, report_backs_received=1) == StepStatus.NOT_MET


def test_pending_steps_do_not_count_either_way():
    soon = STARTS + datetime.timedelta(days=1)
    result = evaluate(STEPS, facts(minutes_published_at=None), soon)
    assert (result.met, result.counted) == (3, 3)
    assert result.percent == 100
