"""The mandate form: organisers only, from the assembly's own decision, one matter a page."""

import pytest
from django.urls import reverse

from folkmoot.delegation.mandates import current_mandate, standing_mandate
from folkmoot.delegation.models import Mandate

from .conftest import client_for


def url(seat, question=None):
    base = reverse("delegation:mandate_new", args=[seat.assembly.slug, seat.pk])
    return f"{base}?question={question.pk}" if question else base


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("other_organiser", 403),
        ("organiser", 200),
        ("delegate", 403),
        ("network_organiser", 403),
    ],
    indirect=["who"],
)
def test_only_organisers_see_the_form(elm_seat, question, decision, who, status):
    response = client_for(who).get(url(elm_seat, question))
    assert response.status_code == status


def test_decisions_offered_are_the_assemblys_own(
    elm_seat, question, decision, oak_decision, organiser
):
    text = client_for(organiser).get(url(elm_seat, question)).text
    assert "Close Elm Road: carried" in text
    assert "Oak Row wants a bus" not in text
    assert "Vote this ranking" not in text  # a yes/no question


def test_issue_for_a_question(elm_seat, question, decision, organiser):
    response = client_for(organiser).post(
        url(elm_seat),
        {"question": question.pk, "decision": decision.pk, "instruction": "against"},
    )
    assert response.status_code == 302
    assert current_mandate(elm_seat, question).instruction == "against"


def test_another_assemblys_decision_is_refused(elm_seat, question, oak_decision, organiser):
    response = client_for(organiser).post(
        url(elm_seat),
        {"question": question.pk, "decision": oak_decision.pk, "instruction": "for"},
    )
    assert response.status_code == 400
    assert not Mandate.objects.exists()


def test_decision_is_required(elm_seat, question, organiser):
    response = client_for(organiser).post(
        url(elm_seat), {"question": question.pk, "instruction": "for"}
    )
    assert response.status_code == 400
    assert not Mandate.objects.exists()


def test_standing_discretion_with_bounds(elm_seat, decision, organiser):
    response = client_for(organiser).post(
        url(elm_seat),
        {
            "decision": decision.pk,
            "instruction": "discretion",
            "allowed": ["for", "abstain"],
            "text": "Anything that keeps the library open.",
        },
    )
    assert response.status_code == 302
    mandate = standing_mandate(elm_seat)
    assert mandate.allowed == ["for", "abstain"]
    assert "library" in mandate.text


def test_ranking_from_numbered_choices(elm_seat, ranking_question, decision, organiser):
    text = client_for(organiser).get(url(elm_seat, ranking_question)).text
    assert "Vote this ranking" in text
    assert "Choice 3" in text
    response = client_for(organiser).post(
        url(elm_seat),
        {
            "question": ranking_question.pk,
            "decision": decision.pk,
            "instruction": "ranking",
            "rank_1": "South",
            "rank_2": "North",
        },
    )
    assert response.status_code == 302
    assert current_mandate(elm_seat, ranking_question).ranking == ["South", "North"]


def test_ranking_twice_the_same_option_is_explained(
    elm_seat, ranking_question, decision, organiser
):
    response = client_for(organiser).post(
        url(elm_seat),
        {
            "question": ranking_question.pk,
            "decision": decision.pk,
            "instruction": "ranking",
            "rank_1": "South",
            "rank_2": "South",
        },
    )
    assert response.status_code == 400
    assert "each at most once" in response.text
