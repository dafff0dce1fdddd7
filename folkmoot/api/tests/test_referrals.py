"""Referrals in a council question's answer: each member body it went down to, what became of it
(decided, still deciding, missed the deadline) and where it went: the proposal on an assembly's
agenda, or the question of a council below (the cascade)."""

import pytest

from folkmoot.councils.models import Referral
from folkmoot.decisions.models import Proposal

from .conftest import API
from .test_councils_data import Confederation, build_confederation

QUESTION = f"{API}/council-questions/{{question_id}}"


@pytest.fixture
def confederation(elm_park, oak_row) -> Confederation:
    return build_confederation(elm_park, oak_row)


def _referrals(client, question) -> list[dict]:
    response = client.get(QUESTION.format(question_id=question.pk))
    assert response.status_code == 200
    return response.json()["referrals"]


def test_a_referral_to_an_assembly_names_its_proposal(
    client, confederation, elm_park, oak_row, check_schema
):
    response = client.get(QUESTION.format(question_id=confederation.district_question.pk))

    check_schema("get", QUESTION, response)
    elm, oak = response.json()["referrals"]
    assert elm == {
        "id": confederation.elm_referral.pk,
        "member_id": confederation.elm_seat.pk,
        "body": {
            "kind": "assembly",
            "id": elm_park.pk,
            "slug": "elm-park",
            "name": "Elm Park Assembly",
        },
        "status": "decided",
        "status_label": "Decided",
        "decided_at": elm["decided_at"],
        "outcome": {"answer": "for"},
        "proposal_id": confederation.proposal.pk,
        "child_question_id": None,
    }
    assert elm["decided_at"]
    assert oak["body"]["id"] == oak_row.pk
    assert oak["status"] == "missed"
    assert oak["status_label"] == "Did not decide by the deadline"
    assert oak["decided_at"] is None
    assert oak["outcome"] is None
    assert oak["proposal_id"] is None


def test_a_referral_to_a_council_below_names_its_own_question(client, confederation):
    [district] = _referrals(client, confederation.city_question)

    assert district["body"]["kind"] == "council"
    assert district["body"]["slug"] == "east-testbury"
    assert district["child_question_id"] == confederation.district_question.pk
    assert district["proposal_id"] is None
    assert district["outcome"] == {"for": 2, "against": 0}


def test_the_cascade_can_be_followed_down_and_up(client, confederation):
    """From the city's referral to the district's question, and back up by parent_id."""
    [district] = _referrals(client, confederation.city_question)

    below = client.get(QUESTION.format(question_id=district["child_question_id"])).json()

    assert below["parent_id"] == confederation.city_question.pk
    assert below["council"]["slug"] == "east-testbury"
    assert [r["body"]["slug"] for r in below["referrals"]] == ["elm-park", "oak-row"]


def test_a_pending_referral_whose_proposal_is_still_a_draft_does_not_give_it_away(
    client, confederation
):
    proposal = confederation.proposal
    proposal.status = Proposal.Status.DRAFT
    proposal.save()
    referral = confederation.elm_referral
    referral.status = Referral.Status.PENDING
    referral.save()

    elm, _oak = _referrals(client, confederation.district_question)

    assert elm["status"] == "pending"
    assert elm["proposal_id"] is None


def test_a_question_not_referred_has_no_referrals(client, confederation):
    confederation.city_referral.delete()

    assert _referrals(client, confederation.city_question) == []
