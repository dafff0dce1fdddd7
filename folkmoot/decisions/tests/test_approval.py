"""Approval voting."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from folkmoot.decisions.counting.approval import approval

OPTIONS = ["park", "library", "pool"]


def test_hand_worked_example():
    # park: 3 + 1 = 4; library: 3 + 2 = 5; pool: 2 + 1 = 3.
    ballots = [{"park", "library"}] * 3 + [{"library", "pool"}] * 2 + [{"park", "pool"}, set()]
    result = approval(ballots, OPTIONS)
    assert result.winners == ("library",)
    assert result.stages[0].votes == {"library": 5, "park": 4, "pool": 3}
    assert result.details["ballots"] == 7
    assert result.details["empty_ballots"] == 1
    assert result.tie_breaks == ()
    assert result.explanation == (
        "library wins with 5 approvals from 7 ballots (71% of ballots approved it). "
        "Others: park 4, pool 3."
    )


def test_grouped_ballots_give_the_same_result():
    ballots = [{"park"}] * 3 + [{"pool", "library"}] * 2
    grouped = {frozenset({"park"}): 3, frozenset({"pool", "library"}): 2}
    assert approval(grouped, OPTIONS) == approval(ballots, OPTIONS)


def test_tie_is_broken_by_lot_with_recorded_seed():
    ballots = [{"park"}, {"library"}, {"pool"}, {"park", "library"}]
    result = approval(ballots, OPTIONS, seed=42)
    expected = random.Random(42).choice(["library", "park"])
    assert result.winners == (expected,)
    assert result.details["seed"] == 42
    assert result.details["tied"] == ["library", "park"]
    assert "seed 42" in result.tie_breaks[0]
    # Anyone can re-run it and get the same answer.
    assert approval(list(reversed(ballots)), list(reversed(OPTIONS)), seed=42) == result


def test_tie_without_seed_records_a_fresh_seed_that_reproduces_it():
    ballots = [{"park"}, {"library"}]
    result = approval(ballots, OPTIONS)
    seed = result.details["seed"]
    assert seed is not None
    assert approval(ballots, OPTIONS, seed=seed).winners == result.winners


def test_nobody_approved_anything_no_winner():
    assert approval([set(), set()], OPTIONS).winners == ()
    result = approval([], OPTIONS)
    assert result.winners == ()
    assert result.explanation == "No winner: no ballots were cast."


@pytest.mark.parametrize(
    ("ballots", "message"),
    [
        ([{"park", "zoo"}], "'zoo', which is not one of the options"),
        ([["park", "park"]], "Ballot 1 approves the same option more than once"),
        (["park"], "Ballot 1 must be a set"),
    ],
)
def test_invalid_ballots_raise(ballots, message):
    with pytest.raises(ValueError, match=message):
        approval(ballots, OPTIONS)


def test_invalid_options_raise():
    with pytest.raises(ValueError, match="more than once"):
        approval([], ["a", "a"])
    with pytest.raises(ValueError, match="at least one option"):
        approval([], [])


ballot_lists = st.lists(st.frozensets(st.sampled_from(OPTIONS)), max_size=40)


@given(ballots=ballot_lists, rnd=st.randoms())
def test_winner_maximises_approvals_and_order_does_not_matter(ballots, rnd):
    result = approval(ballots, OPTIONS, seed=1)
    totals = {o: sum(o in b for b in ballots) for o in OPTIONS}
    if max(totals.values()) == 0:
        assert result.winners == ()
    else:
        (winner,) = result.winners
        assert totals[winner] == max(totals.values())
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    options = list(OPTIONS)
    rnd.shuffle(options)
    assert approval(shuffled, options, seed=1) == result
