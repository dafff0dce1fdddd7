"""Score (range) voting."""

import random
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from folkmoot.decisions.counting.score import score

OPTIONS = ["A", "B", "C"]


def test_hand_worked_totals():
    # A: 5 + 0 + 2 = 7, B: 3 + 4 + 4 = 11, C: 0 + 5 + 0 = 5.
    ballots = [{"A": 5, "B": 3}, {"B": 4, "C": 5}, {"A": 2, "B": 4}]
    result = score(ballots, OPTIONS, max_score=5)
    assert result.winners == ("B",)
    assert result.stages[0].votes == {"A": 7, "B": 11, "C": 5}
    assert result.details["scored_by"] == {"A": 2, "B": 3, "C": 1}
    assert result.explanation == (
        "B wins with the highest total score, 11 (scores 0 to 5, 3 ballots). Others: A 7, C 5."
    )


def test_mean_with_missing_as_zero_ranks_like_total():
    ballots = [{"A": 5, "B": 3}, {"B": 4, "C": 5}, {"A": 2, "B": 4}]
    result = score(ballots, OPTIONS, max_score=5, aggregate="mean")
    assert result.stages[0].votes == {
        "A": Fraction(7, 3),
        "B": Fraction(11, 3),
        "C": Fraction(5, 3),
    }
    assert result.winners == ("B",)


def test_mean_with_missing_excluded_can_change_the_winner():
    # C is scored by one ballot only, with 5: mean 5. B: 11 / 3 = 3.67. A: 7 / 2 = 3.5.
    ballots = [{"A": 5, "B": 3}, {"B": 4, "C": 5}, {"A": 2, "B": 4}]
    result = score(ballots, OPTIONS, max_score=5, aggregate="mean", missing="excluded")
    assert result.stages[0].votes == {"A": Fraction(7, 2), "B": Fraction(11, 3), "C": Fraction(5)}
    assert result.winners == ("C",)
    assert "Each mean counts only the ballots that scored that option." in result.explanation


def test_tie_is_broken_by_lot_with_recorded_seed():
    ballots = [{"A": 3, "B": 3}]
    result = score(ballots, OPTIONS, max_score=3, seed="vote-17")
    assert result.winners == (random.Random("vote-17").choice(["A", "B"]),)
    assert "'vote-17'" in result.tie_breaks[0]


def test_no_score_above_zero_means_no_winner():
    assert score([{"A": 0}], OPTIONS, max_score=5).winners == ()
    assert score([], OPTIONS, max_score=5).explanation == "No winner: no ballots were cast."


@pytest.mark.parametrize(
    ("ballot", "message"),
    [
        ({"A": 6}, "scores go from 0 to 5"),
        ({"A": -1}, "scores go from 0 to 5"),
        ({"D": 1}, "'D', which is not one of the options"),
        ({"A": 2.5}, "whole numbers"),
        (["A"], "Ballot 1 must be a dict"),
    ],
)
def test_invalid_ballots_raise(ballot, message):
    with pytest.raises(ValueError, match=message):
        score([ballot], OPTIONS, max_score=5)


def test_invalid_settings_raise():
    with pytest.raises(ValueError, match="maximum score"):
        score([], OPTIONS, max_score=0)
    with pytest.raises(ValueError, match="aggregate"):
        score([], OPTIONS, max_score=5, aggregate="median")


ballot_lists = st.lists(
    st.dictionaries(st.sampled_from(OPTIONS), st.integers(0, 4), max_size=3), max_size=30
)


@given(ballots=ballot_lists, rnd=st.randoms())
def test_winner_maximises_total_and_order_does_not_matter(ballots, rnd):
    result = score(ballots, OPTIONS, max_score=4, seed=3)
    totals = {o: sum(b.get(o, 0) for b in ballots) for o in OPTIONS}
    if max(totals.values()) == 0:
        assert result.winners == ()
    else:
        (winner,) = result.winners
        assert totals[winner] == max(totals.values())
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert score(shuffled, list(reversed(OPTIONS)), max_score=4, seed=3) == result


@given(ballots=ballot_lists)
def test_mean_winner_maximises_mean_of_those_who_scored(ballots):
    result = score(ballots, OPTIONS, max_score=4, aggregate="mean", missing="excluded", seed=3)
    means = {}
    for o in OPTIONS:
        scored = [b[o] for b in ballots if o in b]
        means[o] = Fraction(sum(scored), len(scored)) if scored else Fraction(0)
    if result.winners:
        assert means[result.winners[0]] == max(means.values())
    else:
        assert max(means.values()) == 0
