"""The report-back form: for the delegate only, prefilled, filed once."""

import pytest
from django.urls import reverse

from folkmoot.councils.models import SeatVote
from folkmoot.delegation.models import ReportBack

from .conftest import client_for


def url(term, meeting):
    return reverse("delegation:report_back", args=[term.pk, meeting.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("other_organiser", 403),
        ("organiser", 403),
        ("delegate", 200),
        ("network_organiser", 403),
    ],
    indirect=["who"],
)
def test_only_the_delegate(ann_term, past_meeting, who, status):
    assert client_for(who).get(url(ann_term, past_meeting)).status_code == status


def test_prefilled_with_the_meetings_questions_and_votes(
    elm_seat, ann_term, past_meeting, question, delegate
):
    question.meeting = past_meeting
    question.save()
    SeatVote.objects.create(question=question, member=elm_seat, delegate=ann_term, answer="for")
    text = client_for(delegate).get(url(ann_term, past_meeting)).text
    assert "Your votes at this meeting" in text
    assert "Close Elm Road to cars?: I voted for (no mandate)." in text


def test_file_once(ann_term, past_meeting, delegate):
    client = client_for(delegate)
    response = client.post(url(ann_term, past_meeting), {"text": "We agreed the plan."})
    assert response.status_code == 302
    assert ReportBack.objects.get().text == "We agreed the plan."
    response = client.get(url(ann_term, past_meeting), follow=True)
    assert "already reported back" in response.text
    client.post(url(ann_term, past_meeting), {"text": "Again."})
    assert ReportBack.objects.count() == 1


def test_empty_report_is_explained(ann_term, past_meeting, delegate):
    response = client_for(delegate).post(url(ann_term, past_meeting), {"text": "  "})
    assert response.status_code == 400
    assert not ReportBack.objects.exists()
