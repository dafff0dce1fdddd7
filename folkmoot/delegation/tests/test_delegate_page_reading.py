"""What the delegate's page reads together: the person's terms in one query, each vote's
mandate from the seat's mandates, and the report-backs filed and owed from one query."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from folkmoot.councils.models import CouncilMeeting, SeatVote
from folkmoot.delegation.mandates import issue_mandate
from folkmoot.delegation.models import ReportBack

from .conftest import client_for, make_term


def url(term):
    return reverse("delegation:delegate", args=[term.pk])


def test_each_vote_names_its_mandate(elm_seat, ann_term, question, decision, organiser):
    mandate = issue_mandate(
        elm_seat, instruction="for", question=question, decision=decision, by=organiser
    )
    SeatVote.objects.create(
        question=question, member=elm_seat, delegate=ann_term, answer="for", mandate=mandate
    )
    text = client_for(None).get(url(ann_term)).text
    votes = text[text.index("1 council vote") : text.index("Report-backs")]
    assert "Close Elm Road to cars?" in votes
    assert "Elm Park Assembly&#x27;s mandate of" in votes
    assert "Close Elm Road: carried" in votes


def test_report_backs_filed_and_owed_newest_first(east, ann_term, past_meeting):
    now = timezone.now()
    older = CouncilMeeting.objects.create(
        council=east, starts_at=now - datetime.timedelta(days=10), place="Hall"
    )
    oldest = CouncilMeeting.objects.create(
        council=east, starts_at=now - datetime.timedelta(days=20), place="Hall"
    )
    CouncilMeeting.objects.create(council=east, starts_at=now + datetime.timedelta(days=5))
    ReportBack.objects.create(delegate=ann_term, meeting=oldest, text="First report.")
    ReportBack.objects.create(delegate=ann_term, meeting=older, text="Second report.")
    text = client_for(None).get(url(ann_term)).text
    reports = text[text.index("Report-backs") :]
    assert "1 report-back missing" in reports  # the meeting three days ago
    assert reports.index("Second report.") < reports.index("First report.")
    assert reports.count("East Testbury Council, meeting of") == 3


def test_the_persons_other_seats(east_seat, elm_seat, oak_seat, ann_term, delegate):
    earlier = make_term(oak_seat, delegate, days_ago=400)
    above = make_term(east_seat, delegate, days_ago=10)
    text = client_for(None).get(url(ann_term)).text
    others = text[text.index("Other seats") : text.index("</section>", text.index("Other seats"))]
    assert url(above) in others
    assert url(earlier) in others
    assert others.index(url(above)) < others.index(url(earlier))  # newest first
    assert url(ann_term) not in others
    assert "Testbury City Council" in others
    assert "Oak Row Assembly" in others


def test_queries_do_not_grow_with_votes_reports_and_seats(
    east, east_seat, oak_seat, elm_seat, ann_term, delegate, question, decision, organiser
):
    client = client_for(None)
    client.get(url(ann_term))
    with CaptureQueriesContext(connection) as few:
        client.get(url(ann_term))
    mandate = issue_mandate(
        elm_seat, instruction="for", question=question, decision=decision, by=organiser
    )
    SeatVote.objects.create(
        question=question, member=elm_seat, delegate=ann_term, answer="for", mandate=mandate
    )
    for days in (3, 6, 9):
        meeting = CouncilMeeting.objects.create(
            council=east, starts_at=timezone.now() - datetime.timedelta(days=days)
        )
        ReportBack.objects.create(delegate=ann_term, meeting=meeting, text=f"Report {days}.")
    make_term(oak_seat, delegate, days_ago=400)
    make_term(east_seat, delegate, days_ago=10)
    with CaptureQueriesContext(connection) as many:
        text = client.get(url(ann_term)).text
    assert "Report 9." in text
    assert len(many) == len(few)
