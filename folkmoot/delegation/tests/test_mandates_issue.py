"""Mandates issued by an assembly's organisers, each from one of the assembly's decisions."""

import pytest

from folkmoot.delegation.mandates import (
    MandateError,
    current_mandate,
    issue_from_decision,
    standing_mandate,
)
from folkmoot.delegation.models import Mandate


def test_organiser_issues_a_per_question_mandate_from_a_decision(
    elm_seat, organiser, question, decision
):
    mandate = issue_from_decision(
        elm_seat, organiser, decision=decision, instruction="for", question=question
    )
    assert current_mandate(elm_seat, question) == mandate
    assert mandate.decision == decision
    assert mandate.created_by == organiser


def test_standing_discretion_with_bounds(elm_seat, organiser, decision):
    mandate = issue_from_decision(
        elm_seat,
        organiser,
        decision=decision,
        instruction="discretion",
        allowed=["for", "abstain"],
        text="Support anything free to use.",
    )
    assert standing_mandate(elm_seat) == mandate
    assert mandate.allowed == ["for", "abstain"]


def test_ranking_uses_the_questions_options(elm_seat, organiser, ranking_question, decision):
    with pytest.raises(MandateError, match="Rank the question's options"):
        issue_from_decision(
            elm_seat,
            organiser,
            decision=decision,
            instruction="ranking",
            question=ranking_question,
            ranking=["North", "Nowhere"],
        )
    mandate = issue_from_decision(
        elm_seat,
        organiser,
        decision=decision,
        instruction="ranking",
        question=ranking_question,
        ranking=["South", "North"],
    )
    assert mandate.ranking == ["South", "North"]


@pytest.mark.parametrize("who", ["member", "other_organiser", "network_organiser", "delegate"])
def test_only_the_assemblys_organisers_issue(elm_seat, question, decision, who, request):
    person = request.getfixturevalue(who)
    with pytest.raises(MandateError, match="organisers"):
        issue_from_decision(
            elm_seat, person, decision=decision, instruction="for", question=question
        )
    assert not Mandate.objects.exists()


def test_only_from_the_assemblys_own_decision(elm_seat, organiser, question, oak_decision):
    with pytest.raises(MandateError, match="another body"):
        issue_from_decision(
            elm_seat, organiser, decision=oak_decision, instruction="for", question=question
        )
    with pytest.raises(MandateError, match="Choose the assembly's decision"):
        issue_from_decision(elm_seat, organiser, decision=None, instruction="for")
    assert not Mandate.objects.exists()


def test_a_split_is_not_for_organisers_to_choose(elm_seat, organiser, question, decision):
    with pytest.raises(MandateError, match="Choose what"):
        issue_from_decision(
            elm_seat, organiser, decision=decision, instruction="split", question=question
        )


def test_a_new_mandate_supersedes_the_old(elm_seat, organiser, question, decision):
    first = issue_from_decision(
        elm_seat, organiser, decision=decision, instruction="for", question=question
    )
    second = issue_from_decision(
        elm_seat, organiser, decision=decision, instruction="against", question=question
    )
    first.refresh_from_db()
    assert first.superseded_at is not None
    assert current_mandate(elm_seat, question) == second
