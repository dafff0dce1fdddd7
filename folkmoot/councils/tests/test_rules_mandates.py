"""The mandate check, worked by hand: each instruction, splits, discretion, rankings."""

import pytest

from folkmoot.councils.rules import (
    MandateTerms,
    instruction_words,
    mandate_problem,
    ranking_from_count,
    ranking_problem,
)

NAME = "Elm Park Assembly's mandate of 3 March 2026 (Close the road: Carried)"


def terms(instruction, **kw):
    return MandateTerms(instruction=instruction, name=NAME, **kw)


@pytest.mark.parametrize("instruction", ["for", "against", "abstain"])
def test_a_plain_instruction_allows_only_itself(instruction):
    mandate = terms(instruction)
    for answer in ("for", "against", "abstain"):
        problem = mandate_problem(answer, mandate, None)
        if answer == instruction:
            assert problem is None
        else:
            assert problem == (
                f"{NAME} is to vote {instruction}: a vote {answer} is against the mandate."
            )


def test_an_unknown_answer():
    assert mandate_problem("maybe", terms("for"), None) == "Choose for, against or abstain."


def test_no_mandate_and_no_discretion_abstains():
    for standing in (None, terms("for")):
        assert mandate_problem("abstain", None, standing) is None
        assert "the seat abstains" in mandate_problem("for", None, standing)


def test_standing_discretion_with_and_without_bounds():
    assert mandate_problem("against", None, terms("discretion")) is None
    bounded = terms("discretion", allowed=("for", "abstain"))
    assert mandate_problem("for", None, bounded) is None
    assert mandate_problem("against", None, bounded) == (
        f"{NAME} leaves it to the delegate's judgement, but only to vote for or abstain."
    )


def test_a_question_mandate_overrides_the_standing_one():
    assert mandate_problem("for", terms("against"), terms("discretion")) is not None


def test_split_counts_the_seats_already_cast():
    split = terms("split", split={"for": 2, "against": 1, "abstain": 0})
    assert mandate_problem("for", split, None, {}) is None
    assert mandate_problem("for", split, None, {"for": 1}) is None
    assert mandate_problem("for", split, None, {"for": 2}) == (
        f"{NAME} splits the seats: 2 for, 1 against. All the seats mandated for have voted."
    )
    assert mandate_problem("against", split, None, {"for": 2}) is None
    assert mandate_problem("abstain", split, None, {}) == (
        f"{NAME} splits the seats: 2 for, 1 against. No seat may vote abstain."
    )


def test_a_ranking_mandate_wants_a_ranking():
    assert "give the ranking" in mandate_problem("for", terms("ranking", ranking=("A",)), None)


def test_ranking_problems():
    options = ["Elm", "Oak", "Ash"]
    mandate = terms("ranking", ranking=("Oak", "Elm", "Ash"))
    assert ranking_problem(["Oak", "Elm", "Ash"], options, mandate, None) is None
    assert ranking_problem(["Elm", "Oak", "Ash"], options, mandate, None) == (
        f"{NAME} is this ranking: Oak, Elm, Ash."
    )
    assert "at most once" in ranking_problem(["Oak", "Oak"], options, mandate, None)
    assert "only the options" in ranking_problem(["Beech"], options, mandate, None)
    assert ranking_problem([], options, mandate, None) is None  # abstaining
    assert "can only abstain" in ranking_problem(["Oak"], options, terms("against"), None)
    assert ranking_problem(["Ash"], options, terms("discretion"), None) is None
    assert ranking_problem(["Ash"], options, None, terms("discretion")) is None
    assert "the seat abstains" in ranking_problem(["Ash"], options, None, None)


def test_instruction_words():
    assert instruction_words("for") == "Vote for"
    assert instruction_words("abstain") == "Abstain"
    assert instruction_words("ranking", ["A", "B"]) == "Vote this ranking: A, then B"
    assert instruction_words("split", split={"for": 2, "against": 0, "abstain": 1}) == (
        "Split the seats: 2 for, 1 abstain"
    )
    assert instruction_words("discretion") == "Use their judgement"
    assert instruction_words("discretion", allowed=["for", "abstain"]) == (
        "Use their judgement, but only vote for or abstain"
    )


def test_ranking_from_an_instant_runoff_count():
    """Winner first, then the last excluded, back to the first excluded."""
    result = {
        "winners": ["Elm"],
        "stages": [
            {"votes": {"Ash": 1, "Beech": 0, "Elm": 2, "Oak": 2}},
            {"votes": {"Ash": 1, "Elm": 2, "Oak": 2}},
            {"votes": {"Elm": 3, "Oak": 2}},
        ],
    }
    assert ranking_from_count(result) == ["Elm", "Oak", "Ash", "Beech"]


def test_ranking_from_a_one_round_count():
    result = {"winners": ["B"], "stages": [{"votes": {"A": 3, "B": 5, "C": 4}}]}
    assert ranking_from_count(result) == ["B", "C", "A"]
    assert ranking_from_count({"winners": [], "stages": []}) == []
