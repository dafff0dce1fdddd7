"""GET mandates: the instructions binding a council's seats and the decision behind each, the
superseded ones too. Nobody who issued a mandate is named; the decision behind it is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from folkmoot.delegation.mandates import issue_mandate
from folkmoot.delegation.models import Mandate

from .conftest import API, assert_nothing_personal
from .test_councils_data import PRIVATE, Confederation, build_confederation, decide

MANDATES = f"{API}/councils/{{council}}/mandates"
MANDATE = f"{API}/mandates/{{mandate_id}}"


@pytest.fixture
def confederation(elm_park, oak_row) -> Confederation:
    return build_confederation(elm_park, oak_row)


def test_a_mandate_from_an_assembly_decision(client, confederation, elm_park, check_schema):
    mandate = confederation.elm_mandate
    decision = confederation.decision

    response = client.get(MANDATE.format(mandate_id=mandate.pk))

    assert response.status_code == 200
    check_schema("get", MANDATE, response)
    data = response.json()
    assert data["id"] == mandate.pk
    assert data["member_id"] == confederation.elm_seat.pk
    assert data["council"] == {
        "id": confederation.district.pk,
        "slug": "east-testbury",
        "name": "East Testbury District Council",
    }
    assert data["body"] == {
        "kind": "assembly",
        "id": elm_park.pk,
        "slug": "elm-park",
        "name": "Elm Park Assembly",
    }
    assert data["question_id"] == confederation.district_question.pk
    assert data["instruction"] == "for"
    assert data["instruction_label"] == "Vote for"
    assert (data["ranking"], data["split"], data["allowed"]) == ([], {}, [])
    assert data["text"] == "Vote for closing the road."
    assert data["decision"] == {
        "id": decision.pk,
        "summary": "Close the ring road on Sundays: Carried",
        "decided_at": data["decision"]["decided_at"],
        "proposal_id": confederation.proposal.pk,
        "vote_id": None,
    }
    assert data["source_question_id"] is None
    assert data["derived"] is True
    assert data["created_at"]
    assert data["superseded_at"] is None
    assert data["in_force"] is True


def test_a_mandate_derived_from_the_councils_own_members(client, confederation, check_schema):
    response = client.get(MANDATE.format(mandate_id=confederation.district_mandate.pk))

    check_schema("get", MANDATE, response)
    data = response.json()
    assert data["body"]["kind"] == "council"
    assert data["council"]["slug"] == "testbury-city"
    assert data["instruction"] == "split"
    assert data["split"] == {"for": 2, "against": 0}
    assert data["decision"] is None
    assert data["source_question_id"] == confederation.district_question.pk


def test_a_standing_mandate_with_discretion(client, confederation):
    data = client.get(MANDATE.format(mandate_id=confederation.old_mandate.pk)).json()

    assert data["question_id"] is None
    assert data["instruction"] == "discretion"
    assert data["allowed"] == ["for", "abstain"]


def test_a_councils_mandates_newest_first_superseded_ones_too(
    client, confederation, elm_park, check_schema
):
    _proposal, decision = decide(elm_park, confederation.proposal.author, "Against after all")
    newer = issue_mandate(
        confederation.elm_seat,
        instruction="against",
        question=confederation.district_question,
        decision=decision,
    )

    response = client.get(MANDATES.format(council="east-testbury"))

    assert response.status_code == 200
    check_schema("get", MANDATES, response)
    items = response.json()["items"]
    assert [i["id"] for i in items] == [
        newer.pk,
        confederation.elm_mandate.pk,
        confederation.old_mandate.pk,
    ]
    assert items[1]["in_force"] is False
    assert items[1]["superseded_at"]
    assert items[0]["in_force"] is True


def test_the_mandate_list_filters(client, confederation):
    path = MANDATES.format(council="east-testbury")
    confederation.old_mandate.superseded_at = timezone.now()
    confederation.old_mandate.save()

    def ids(**query):
        return [i["id"] for i in client.get(path, query).json()["items"]]

    assert ids(in_force="true") == [confederation.elm_mandate.pk]
    assert ids(standing="true") == [confederation.old_mandate.pk]
    assert ids(question_id=confederation.district_question.pk) == [confederation.elm_mandate.pk]
    assert ids(question_id=confederation.city_question.pk) == []
    assert client.get(MANDATES.format(council="testbury-city")).json()["count"] == 1


def test_unknown_council_and_mandate(client, db, check_schema):
    response = client.get(MANDATES.format(council="nowhere"))
    assert response.status_code == 404
    check_schema("get", MANDATES, response)

    response = client.get(MANDATE.format(mandate_id=999))
    assert response.status_code == 404
    check_schema("get", MANDATE, response)
    assert response.json() == {"errors": {"mandate_id": ["There is no mandate with that id."]}}
    assert client.get(MANDATE.format(mandate_id="x")).status_code == 400


def test_nothing_personal_in_mandates(client, confederation, everyone):
    for path in (
        MANDATES.format(council="east-testbury"),
        MANDATE.format(mandate_id=confederation.elm_mandate.pk),
    ):
        assert_nothing_personal(client.get(path), [*everyone, *PRIVATE])


def test_the_mandate_list_takes_the_same_queries_however_long(client, confederation, elm_park):
    for number in range(20):
        _proposal, decision = decide(elm_park, confederation.proposal.author, f"Idea {number}")
        Mandate.objects.create(
            member=confederation.elm_seat,
            instruction="abstain",
            decision=decision,
            superseded_at=timezone.now(),
        )
    path = MANDATES.format(council="east-testbury")
    client.get(path)  # warm-up

    with CaptureQueriesContext(connection) as two:
        small = client.get(path, {"page_size": 2})
    with CaptureQueriesContext(connection) as twenty:
        large = client.get(path, {"page_size": 20})

    assert len(small.json()["items"]) == 2
    assert len(large.json()["items"]) == 20
    assert len(twenty) == len(two), [q["sql"] for q in twenty.captured_queries]
