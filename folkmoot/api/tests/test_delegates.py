"""GET a delegate: whom they represent, their mandates, every vote they cast (withdrawn ones
too), their report-backs and recall history. A recall shows how many signed, never who."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_person
from folkmoot.councils.models import Question, SeatVote
from folkmoot.delegation.mandates import issue_mandate
from folkmoot.delegation.models import RecallPetition, RecallSignature, ReportBack

from .conftest import API, assert_nothing_personal
from .test_councils_data import PRIVATE, Confederation, build_confederation, decide

DELEGATE = f"{API}/delegates/{{delegate_id}}"


@pytest.fixture
def confederation(elm_park, oak_row) -> Confederation:
    return build_confederation(elm_park, oak_row)


def test_a_delegate_whom_they_represent_their_mandates_votes_and_report_backs(
    client, confederation, elm_park, check_schema
):
    dana = confederation.dana

    response = client.get(DELEGATE.format(delegate_id=dana.pk))

    assert response.status_code == 200
    check_schema("get", DELEGATE, response)
    data = response.json()
    assert data["id"] == dana.pk
    assert data["name"] == "Dana Delegate"
    assert data["member_id"] == confederation.elm_seat.pk
    assert data["body"] == {
        "kind": "assembly",
        "id": elm_park.pk,
        "slug": "elm-park",
        "name": "Elm Park Assembly",
    }
    assert data["council"]["slug"] == "east-testbury"
    assert data["substitute"] is False
    assert (data["starts_on"], data["ends_on"]) == ("2025-01-01", "2027-01-01")
    assert data["ended_at"] is None
    assert data["end_reason"] is None
    assert data["end_reason_label"] is None
    assert [m["id"] for m in data["mandates"]] == [
        confederation.elm_mandate.pk,
        confederation.old_mandate.pk,
    ]
    assert data["mandates"][0]["decision"]["id"] == confederation.decision.pk
    [vote] = data["seat_votes"]
    assert vote["id"] == confederation.dana_vote.pk
    assert vote["question_id"] == confederation.district_question.pk
    assert vote["question_title"] == "Close the ring road to cars on Sundays?"
    assert vote["answer"] == "for"
    assert vote["mandate_id"] == confederation.elm_mandate.pk
    [report] = data["report_backs"]
    assert report["id"] == confederation.report.pk
    assert report["meeting_id"] == confederation.meeting.pk
    assert report["meeting_starts_at"]
    assert report["text"] == "We voted for closing the road, as mandated."
    assert report["filed_at"]
    assert data["recall_petitions"] == []


def test_a_recall_petition_shows_counts_never_signers(client, confederation, everyone):
    rowan = confederation.rowan

    response = client.get(DELEGATE.format(delegate_id=rowan.pk))

    [petition] = response.json()["recall_petitions"]
    assert petition == {
        "id": confederation.petition.pk,
        "status": "gathering",
        "status_label": "Gathering signatures",
        "reason": "Missed three meetings.",
        "opened_at": petition["opened_at"],
        "closed_at": None,
        "signatures": 2,
        "threshold": 3,
        "vote_id": None,
    }
    # Neither the signers nor the member who opened the petition.
    assert_nothing_personal(response, [*everyone, *PRIVATE])


def test_a_recalled_delegate_keeps_the_record_of_withdrawn_votes(
    client, confederation, check_schema
):
    recalled = confederation.recalled
    RecallPetition.objects.create(
        delegate=recalled,
        reason="Voted against our mandate.",
        opened_by=confederation.city_question.raised_by,
        threshold=1,
        status=RecallPetition.Status.RECALLED,
        closed_at=timezone.now(),
    )

    response = client.get(DELEGATE.format(delegate_id=recalled.pk))

    check_schema("get", DELEGATE, response)
    data = response.json()
    assert data["ended_at"]
    assert data["end_reason"] == "recalled"
    assert data["end_reason_label"] == "Recalled"
    [vote] = data["seat_votes"]
    assert vote["counts"] is False
    assert vote["withdrawn_reason"] == "Recalled by Oak Row Assembly"
    [petition] = data["recall_petitions"]
    assert petition["status"] == "recalled"
    assert petition["signatures"] == 0
    assert petition["closed_at"]


def test_mandates_given_after_the_term_ended_are_not_the_delegates(client, confederation, elm_park):
    dana = confederation.dana
    dana.ended_at = timezone.now()
    dana.end_reason = "resigned"
    dana.save()
    _proposal, decision = decide(elm_park, confederation.proposal.author, "New standing orders")
    issue_mandate(confederation.elm_seat, instruction="abstain", decision=decision)

    data = client.get(DELEGATE.format(delegate_id=dana.pk)).json()

    assert [m["id"] for m in data["mandates"]] == [
        confederation.elm_mandate.pk,
        confederation.old_mandate.pk,
    ]
    assert data["end_reason"] == "resigned"


def test_mandates_superseded_before_the_term_began_are_not_the_delegates(client, confederation):
    old = confederation.old_mandate
    old.superseded_at = timezone.make_aware(datetime.datetime(2024, 6, 1))
    old.save()

    data = client.get(DELEGATE.format(delegate_id=confederation.dana.pk)).json()

    assert [m["id"] for m in data["mandates"]] == [confederation.elm_mandate.pk]


def test_a_substitute_and_a_delegate_of_a_council(client, confederation):
    sub = client.get(DELEGATE.format(delegate_id=confederation.sub.pk)).json()
    cass = client.get(DELEGATE.format(delegate_id=confederation.cass.pk)).json()

    assert sub["substitute"] is True
    assert sub["seat_votes"] == []
    assert cass["body"]["kind"] == "council"
    assert cass["council"]["slug"] == "testbury-city"
    assert [m["id"] for m in cass["mandates"]] == [confederation.district_mandate.pk]


def test_unknown_delegate(client, db, check_schema):
    response = client.get(DELEGATE.format(delegate_id=999))

    assert response.status_code == 404
    check_schema("get", DELEGATE, response)
    assert response.json() == {"errors": {"delegate_id": ["There is no delegate with that id."]}}
    assert client.get(DELEGATE.format(delegate_id="x")).status_code == 400


def test_nothing_personal_about_any_delegate(client, confederation, everyone):
    for term in (confederation.dana, confederation.recalled, confederation.cass):
        response = client.get(DELEGATE.format(delegate_id=term.pk))
        assert_nothing_personal(response, [*everyone, *PRIVATE])


def test_one_delegate_takes_the_same_queries_however_long_their_record(
    client, confederation, elm_park
):
    dana = confederation.dana
    path = DELEGATE.format(delegate_id=dana.pk)
    client.get(path)  # warm-up
    with CaptureQueriesContext(connection) as before:
        client.get(path)
    for number in range(5):
        question = Question.objects.create(
            council=confederation.district,
            title=f"Question {number}",
            competence=confederation.street_cleaning,
            raised_by=confederation.city_question.raised_by,
        )
        _proposal, decision = decide(elm_park, confederation.proposal.author, f"On {number}")
        mandate = issue_mandate(
            confederation.elm_seat, instruction="for", question=question, decision=decision
        )
        SeatVote.objects.create(
            question=question, member=dana.member, delegate=dana, answer="for", mandate=mandate
        )
        meeting = confederation.meeting
        meeting.pk = None
        meeting.save()
        ReportBack.objects.create(delegate=dana, meeting=meeting, text=f"Report {number}")
    petition = RecallPetition.objects.create(
        delegate=dana,
        reason="Because.",
        opened_by=confederation.city_question.raised_by,
        threshold=5,
    )
    for number in range(3):
        RecallSignature.objects.create(
            petition=petition, person=make_person(f"s{number}@example.org", "S")
        )

    with CaptureQueriesContext(connection) as after:
        data = client.get(path).json()

    assert len(data["seat_votes"]) == 6
    assert len(data["report_backs"]) == 6
    assert len(data["mandates"]) == 7
    assert data["recall_petitions"][0]["signatures"] == 3
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]
