"""Report-backs: who owes one for which council meeting, and filing it once."""

import datetime

import pytest
from django.utils import timezone

from folkmoot.audit.models import Entry
from folkmoot.councils.models import CouncilMeeting, SeatVote
from folkmoot.delegation.mandates import issue_mandate
from folkmoot.delegation.models import ReportBack
from folkmoot.delegation.reportbacks import (
    ReportBackError,
    draft_text,
    file_report_back,
    missing_report_backs,
)

from .conftest import make_term


def test_every_delegate_who_held_a_seat_owes_one(
    east, elm_seat, oak_seat, ann_term, elm_people, past_meeting
):
    oak_term = make_term(oak_seat, elm_people[3])
    make_term(elm_seat, elm_people[1], substitute=True)  # a substitute holds no seat
    make_term(elm_seat, elm_people[2], days_ago=1)  # seated after the meeting
    CouncilMeeting.objects.create(  # not held yet
        council=east, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    assert set(missing_report_backs(council=east)) == {
        (ann_term, past_meeting),
        (oak_term, past_meeting),
    }
    assert missing_report_backs(assembly=ann_term.member.assembly) == [(ann_term, past_meeting)]
    assert missing_report_backs(delegate=ann_term) == [(ann_term, past_meeting)]
    assert missing_report_backs(delegate=ann_term.person) == [(ann_term, past_meeting)]


def test_a_delegate_recalled_before_the_meeting_owes_nothing(ann_term, past_meeting):
    ann_term.ended_at = past_meeting.starts_at - datetime.timedelta(hours=1)
    ann_term.end_reason = "recalled"
    ann_term.save()
    assert missing_report_backs(delegate=ann_term) == []


def test_filing_once(ann_term, past_meeting, delegate):
    report = file_report_back(ann_term, past_meeting, delegate, "We agreed the road plan.")
    assert missing_report_backs(delegate=ann_term) == []
    assert Entry.objects.filter(kind="report_back.filed").count() == 1
    with pytest.raises(ReportBackError, match="already reported back"):
        file_report_back(ann_term, past_meeting, delegate, "Again.")
    assert ReportBack.objects.get() == report


def test_only_the_delegate_files_and_not_empty(ann_term, past_meeting, organiser, delegate):
    with pytest.raises(ReportBackError, match="Only the delegate"):
        file_report_back(ann_term, past_meeting, organiser, "For them.")
    with pytest.raises(ReportBackError, match="Write your report"):
        file_report_back(ann_term, past_meeting, delegate, "   ")
    assert not ReportBack.objects.exists()


def test_not_before_the_meeting(east, ann_term, delegate):
    later = CouncilMeeting.objects.create(
        council=east, starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    with pytest.raises(ReportBackError, match="after the meeting"):
        file_report_back(ann_term, later, delegate, "Early.")


def test_the_draft_lists_the_meetings_questions_votes_and_mandates(
    elm_seat, ann_term, past_meeting, question, decision, organiser
):
    question.meeting = past_meeting
    question.save()
    mandate = issue_mandate(
        elm_seat, instruction="for", question=question, decision=decision, by=organiser
    )
    SeatVote.objects.create(
        question=question, member=elm_seat, delegate=ann_term, answer="for", mandate=mandate
    )
    text = draft_text(ann_term, past_meeting)
    assert "Close Elm Road to cars?: I voted for" in text
    assert "Elm Park Assembly's mandate of" in text
    assert "Close Elm Road: carried" in text
