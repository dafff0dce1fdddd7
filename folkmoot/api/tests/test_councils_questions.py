"""GET a council's questions and one question: its referrals, every seat's vote (withdrawn ones
too) and the result. Public records: delegates by public name, nobody's email, no raiser."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from folkmoot.councils.models import Question, SeatVote

from .conftest import API, assert_nothing_personal
from .test_councils_data import PRIVATE, Confederation, build_confederation

QUESTIONS = f"{API}/councils/{{council}}/questions"
QUESTION = f"{API}/council-questions/{{question_id}}"


@pytest.fixture
def confederation(elm_park, oak_row) -> Confederation:
    return build_confederation(elm_park, oak_row)


def test_a_councils_questions_newest_first(client, confederation, check_schema):
    later = Question.objects.create(
        council=confederation.district,
        title="Share the tool library?",
        competence=confederation.street_cleaning,
        raised_by=confederation.city_question.raised_by,
    )

    response = client.get(QUESTIONS.format(council="east-testbury"))

    assert response.status_code == 200
    check_schema("get", QUESTIONS, response)
    items = response.json()["items"]
    assert [i["id"] for i in items] == [later.pk, confederation.district_question.pk]
    first, referred = items
    assert first["status"] == "draft"
    assert first["status_label"] == "On the agenda"
    assert first["competence"] == {
        "matter": "Street cleaning",
        "granted": "Agreed by all, March 2025",
    }
    assert first["parent_id"] is None
    assert referred["council"] == {
        "id": confederation.district.pk,
        "slug": "east-testbury",
        "name": "East Testbury District Council",
    }
    assert referred["kind"] == "yes_no"
    assert referred["status"] == "voting"
    assert referred["competence"] is None
    assert referred["parent_id"] == confederation.city_question.pk
    assert referred["deadline"]
    assert referred["referred_at"]
    assert referred["decided_at"] is None


def test_the_list_filters_by_status_and_refuses_unknown_ones(client, confederation, check_schema):
    path = QUESTIONS.format(council=confederation.city.pk)

    decided = client.get(path, {"status": "decided"}).json()["items"]
    voting = client.get(path, {"status": "voting"}).json()["items"]
    wrong = client.get(path, {"status": "secret"})

    assert [i["id"] for i in decided] == [confederation.city_question.pk]
    assert voting == []
    assert wrong.status_code == 400
    check_schema("get", QUESTIONS, wrong)
    assert "status" in wrong.json()["errors"]


def test_one_question_with_its_seat_votes_and_result(client, confederation, check_schema):
    question = confederation.district_question

    response = client.get(QUESTION.format(question_id=question.pk))

    assert response.status_code == 200
    check_schema("get", QUESTION, response)
    data = response.json()
    assert data["title"] == "Close the ring road to cars on Sundays?"
    assert data["options"] == []
    assert data["result"] is None
    dana, withdrawn = data["seat_votes"]
    assert dana["id"] == confederation.dana_vote.pk
    assert dana["question_id"] == question.pk
    assert dana["member_id"] == confederation.elm_seat.pk
    assert dana["body"]["name"] == "Elm Park Assembly"
    assert dana["delegate_id"] == confederation.dana.pk
    assert dana["delegate_name"] == "Dana Delegate"
    assert dana["answer"] == "for"
    assert dana["ranking"] == []
    assert dana["mandate_id"] == confederation.elm_mandate.pk
    assert dana["counts"] is True
    assert dana["withdrawn_at"] is None
    assert withdrawn["delegate_name"] == "Rex Recalled"
    assert withdrawn["mandate_id"] is None
    assert withdrawn["counts"] is False
    assert withdrawn["withdrawn_at"]
    assert withdrawn["withdrawn_reason"] == "Recalled by Oak Row Assembly"


def test_a_decided_question_shows_its_result(client, confederation, check_schema):
    response = client.get(QUESTION.format(question_id=confederation.city_question.pk))

    check_schema("get", QUESTION, response)
    data = response.json()
    assert data["status"] == "decided"
    assert data["decided_at"]
    assert data["result"] == {"outcome": "for", "seats": {"for": 2, "against": 0, "abstain": 0}}
    assert data["text"] == "Asked by three assemblies."
    [cass] = data["seat_votes"]
    assert cass["body"]["kind"] == "council"
    assert cass["mandate_id"] == confederation.district_mandate.pk


def test_a_ranking_question_shows_its_options_and_rankings(client, confederation):
    question = Question.objects.create(
        council=confederation.district,
        title="Which park first?",
        kind=Question.Kind.RANKING,
        options=["North", "South", "East"],
        competence=confederation.street_cleaning,
        status=Question.Status.VOTING,
        raised_by=confederation.city_question.raised_by,
    )
    SeatVote.objects.create(
        question=question,
        member=confederation.oak_seat,
        delegate=confederation.rowan,
        ranking=["South", "North", "East"],
    )

    data = client.get(QUESTION.format(question_id=question.pk)).json()

    assert data["kind"] == "ranking"
    assert data["options"] == ["North", "South", "East"]
    [vote] = data["seat_votes"]
    assert vote["answer"] is None
    assert vote["ranking"] == ["South", "North", "East"]


def test_unknown_council_and_question(client, db, check_schema):
    response = client.get(QUESTIONS.format(council="nowhere"))
    assert response.status_code == 404
    check_schema("get", QUESTIONS, response)
    assert response.json() == {
        "errors": {"council": ["There is no council with that id or short name."]}
    }

    response = client.get(QUESTION.format(question_id=999))
    assert response.status_code == 404
    check_schema("get", QUESTION, response)
    assert response.json() == {
        "errors": {"question_id": ["There is no council question with that id."]}
    }
    assert client.get(QUESTION.format(question_id="x")).status_code == 400


def test_nothing_personal_in_questions(client, confederation, everyone):
    for path in (
        QUESTIONS.format(council="east-testbury"),
        QUESTION.format(question_id=confederation.district_question.pk),
        QUESTION.format(question_id=confederation.city_question.pk),
    ):
        assert_nothing_personal(client.get(path), [*everyone, *PRIVATE])


def test_the_question_list_takes_the_same_queries_however_long(client, confederation):
    for number in range(20):
        Question.objects.create(
            council=confederation.district,
            title=f"Question {number}",
            competence=confederation.street_cleaning,
            raised_by=confederation.city_question.raised_by,
        )
    path = QUESTIONS.format(council="east-testbury")
    client.get(path)  # warm-up

    with CaptureQueriesContext(connection) as two:
        small = client.get(path, {"page_size": 2})
    with CaptureQueriesContext(connection) as twenty:
        large = client.get(path, {"page_size": 20})

    assert len(small.json()["items"]) == 2
    assert len(large.json()["items"]) == 20
    assert len(twenty) == len(two), [q["sql"] for q in twenty.captured_queries]


def test_one_question_takes_the_same_queries_however_many_votes(client, confederation):
    question = confederation.district_question
    path = QUESTION.format(question_id=question.pk)
    client.get(path)  # warm-up
    with CaptureQueriesContext(connection) as before:
        client.get(path)
    SeatVote.objects.create(
        question=question, member=confederation.oak_seat, delegate=confederation.rowan
    )
    confederation.oak_referral.status = "decided"
    confederation.oak_referral.save()

    with CaptureQueriesContext(connection) as after:
        data = client.get(path).json()

    assert len(data["seat_votes"]) == 3
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]
