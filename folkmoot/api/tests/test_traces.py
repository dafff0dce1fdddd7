"""GET a council result's trace: the same trace as the question's page, as JSON
(``folkmoot.councils.trace.trace``): per member body its seats' votes, the mandate behind each and
the decision behind each mandate, down through every level."""

import json

import pytest
from django.urls import NoReverseMatch, reverse

from folkmoot.councils.trace import trace

from .conftest import API, assert_nothing_personal
from .test_councils_data import PRIVATE, Confederation, build_confederation

TRACE = f"{API}/council-questions/{{question_id}}/trace"


@pytest.fixture
def question_pages(db):
    """trace() links every question to its page: skip until that page exists."""
    try:
        reverse("councils:question", kwargs={"pk": 1})
    except NoReverseMatch:
        pytest.skip("The council question page (councils:question) is not there yet.")


@pytest.fixture
def confederation(elm_park, oak_row) -> Confederation:
    return build_confederation(elm_park, oak_row)


@pytest.mark.usefixtures("question_pages")
def test_the_trace_is_the_councils_own_trace(client, confederation, check_schema):
    question = confederation.city_question

    response = client.get(TRACE.format(question_id=question.pk))

    assert response.status_code == 200
    check_schema("get", TRACE, response)
    assert response.json() == json.loads(json.dumps(trace(question), default=str))


@pytest.mark.usefixtures("question_pages")
def test_the_trace_goes_down_to_the_assembly_decisions(client, confederation):
    """The city result's trace reaches the district's members and Elm Park's decision."""
    text = client.get(TRACE.format(question_id=confederation.city_question.pk)).content.decode()

    assert "East Testbury District Council" in text
    assert "Elm Park Assembly" in text
    assert "Close the ring road on Sundays: Carried" in text


@pytest.mark.usefixtures("question_pages")
def test_nothing_personal_in_a_trace(client, confederation, everyone):
    for question in (confederation.city_question, confederation.district_question):
        response = client.get(TRACE.format(question_id=question.pk))
        assert_nothing_personal(response, [*everyone, *PRIVATE])


def test_unknown_question(client, db, check_schema):
    response = client.get(TRACE.format(question_id=999))

    assert response.status_code == 404
    check_schema("get", TRACE, response)
    assert response.json() == {
        "errors": {"question_id": ["There is no council question with that id."]}
    }
    assert client.get(TRACE.format(question_id="x")).status_code == 400
