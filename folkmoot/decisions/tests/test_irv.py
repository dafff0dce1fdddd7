"""Instant runoff: hand-worked counts, ties, exhausted ballots, properties, and pref_voting."""

import random
import time

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from folkmoot.decisions.counting.irv import instant_runoff
from folkmoot.decisions.counting.majority import Counts, simple_majority

TENNESSEE = ["Chattanooga", "Knoxville", "Memphis", "Nashville"]


def tennessee_ballots():
    return (
        [("Memphis", "Nashville", "Chattanooga", "Knoxville")] * 42
        + [("Nashville", "Chattanooga", "Knoxville", "Memphis")] * 26
        + [("Chattanooga", "Knoxville", "Nashville", "Memphis")] * 15
        + [("Knoxville", "Chattanooga", "Nashville", "Memphis")] * 17
    )


def test_hand_worked_tennessee():
    # Round 1: M 42, N 26, K 17, C 15 (100 ballots, 51 needed). C is lowest.
    # Round 2: C's 15 go to K: M 42, N 26, K 32. N is lowest.
    # Round 3: N's 26 go to C (excluded), so on to K: M 42, K 58. K wins with 58 of 100.
    result = instant_runoff(tennessee_ballots(), TENNESSEE)
    assert result.winners == ("Knoxville",)
    one, two, three = result.stages
    assert one.action == "first_preferences"
    assert one.votes == {"Chattanooga": 15, "Knoxville": 17, "Memphis": 42, "Nashville": 26}
    assert two.excluded == ("Chattanooga",)
    assert two.transfers == {"Chattanooga": -15, "Knoxville": 15}
    assert two.votes == {"Knoxville": 32, "Memphis": 42, "Nashville": 26}
    assert three.excluded == ("Nashville",)
    assert three.votes == {"Knoxville": 58, "Memphis": 42}
    assert three.elected == ("Knoxville",)
    assert result.details["majority_needed_by_stage"] == [51, 51, 51]
    assert result.explanation == (
        "Knoxville wins in round 3 with 58 of 100 continuing ballots (58%); more than half "
        "was needed. Excluded in turn: Chattanooga (round 2), Nashville (round 3)."
    )


def test_majority_in_first_round_ends_the_count():
    result = instant_runoff([("A",)] * 3 + [("B", "A")] * 2, ["A", "B"])
    assert result.winners == ("A",)
    assert len(result.stages) == 1


def test_exhausted_ballots_are_reported_and_leave_the_majority_base():
    # Round 1: A 4, B 3, C 2, D 1, E 0 (10 continuing, 6 needed); 1 blank ballot.
    # Round 2: E (no votes) excluded.
    # Round 3: D excluded; its ballot ranks nobody else: 1 exhausted, 9 continuing, 5 needed.
    # Round 4: C excluded; C's 2 go to B: A 4, B 5. B wins with 5 of 9.
    ballots = [("A", "B")] * 4 + [("B", "C")] * 3 + [("C", "B")] * 2 + [("D",), ()]
    result = instant_runoff(ballots, ["A", "B", "C", "D", "E"])
    assert result.winners == ("B",)
    assert [s.excluded for s in result.stages] == [(), ("E",), ("D",), ("C",)]
    assert result.details["exhausted_by_stage"] == [0, 0, 1, 0]
    assert [s.non_transferable for s in result.stages] == [0, 0, 1, 1]
    assert result.details["majority_needed_by_stage"] == [6, 6, 5, 5]
    assert result.details["blank_ballots"] == 1
    assert result.stages[-1].votes == {"A": 4, "B": 5}
    assert "1 ballot had no further choices by the end" in result.explanation


def test_all_options_with_no_votes_go_together():
    result = instant_runoff([("A",)] * 2 + [("B",)], ["A", "B", "C", "D"])
    # A already has 2 of 3: more than half.
    assert len(result.stages) == 1
    result = instant_runoff([("A",)] * 2 + [("B",)] * 2 + [("C", "A")], ["A", "B", "C", "D", "E"])
    assert result.stages[1].excluded == ("D", "E")
    assert result.winners == ("A",)
    assert result.tie_breaks == ()


def test_tie_for_last_broken_by_earlier_round():
    # Round 1: A 6, B 4, C 3, D 1 (14 ballots, 8 needed). D out, its ballot goes to C.
    # Round 2: A 6, B 4, C 4. B and C tie; in round 1 C had fewer (3 < 4): C out.
    # Round 3: C's 4 ballots go to B: A 6, B 8. B wins.
    ballots = [("A",)] * 6 + [("B",)] * 4 + [("C", "B")] * 3 + [("D", "C", "B")]
    result = instant_runoff(ballots, ["A", "B", "C", "D"], seed=5)
    assert result.stages[1].votes == {"A": 6, "B": 4, "C": 4}
    assert result.stages[2].excluded == ("C",)
    assert "it had fewer votes in round 1" in result.stages[2].note
    assert result.winners == ("B",)
    assert result.tie_breaks == ()
    assert result.details["lot_drawn"] is False


def test_tie_level_in_every_round_decided_by_lot_with_seed():
    # A 2, B 2, C 3 (7 ballots). A and B tie and have no earlier round: a lot decides.
    ballots = [("A", "C")] * 2 + [("B", "A")] * 2 + [("C",)] * 3
    result = instant_runoff(ballots, ["A", "B", "C"], seed=2024)
    out = random.Random(2024).choice(["A", "B"])
    assert result.stages[1].excluded == (out,)
    # If A goes, A's ballots move to C: C 5 of 7 wins. If B goes, B's go to A: A 4 of 7 wins.
    assert result.winners == (("C",) if out == "A" else ("A",))
    assert result.details["seed"] == 2024
    assert len(result.tie_breaks) == 1
    assert "seed 2024" in result.tie_breaks[0]
    assert instant_runoff(list(reversed(ballots)), ["C", "B", "A"], seed=2024) == result


def test_lot_can_go_either_way_depending_on_seed():
    ballots = [("A", "C")] * 2 + [("B", "A")] * 2 + [("C",)] * 3
    winners = {instant_runoff(ballots, ["A", "B", "C"], seed=s).winners for s in range(20)}
    assert winners == {("A",), ("C",)}


def test_grouped_ballots_give_the_same_result():
    grouped = {
        ("Memphis", "Nashville", "Chattanooga", "Knoxville"): 42,
        ("Nashville", "Chattanooga", "Knoxville", "Memphis"): 26,
        ("Chattanooga", "Knoxville", "Nashville", "Memphis"): 15,
        ("Knoxville", "Chattanooga", "Nashville", "Memphis"): 17,
    }
    assert instant_runoff(grouped, TENNESSEE) == instant_runoff(tennessee_ballots(), TENNESSEE)


def test_no_ballots_no_winner():
    assert instant_runoff([], ["A", "B"]).winners == ()
    result = instant_runoff([(), ()], ["A", "B"])
    assert result.winners == ()
    assert result.explanation.startswith("No winner: no ballot ranked any option.")


@pytest.mark.parametrize(
    ("ballots", "message"),
    [
        ([("A", "Z")], "Ballot 1 ranks 'Z', which is not one of the options"),
        ([("A",), ("B", "A", "B")], "Ballot 2 ranks 'B' more than once"),
        (["AB"], "Ballot 1 must be a list of options"),
        ({("A", "A"): 3}, "ranks 'A' more than once"),
        ({("A",): -1}, "0 or more"),
    ],
)
def test_invalid_ballots_raise(ballots, message):
    with pytest.raises(ValueError, match=message):
        instant_runoff(ballots, ["A", "B"])


def test_a_million_ballots_is_fast():
    rng = random.Random(7)
    options = [f"c{i}" for i in range(8)]
    patterns = [tuple(rng.sample(options, rng.randint(1, 8))) for _ in range(2000)]
    ballots = rng.choices(patterns, k=1_000_000)
    start = time.perf_counter()
    result = instant_runoff(ballots, options, seed=1)
    assert time.perf_counter() - start < 10
    assert result.details["ballots"] == 1_000_000


# --- properties -----------------------------------------------------------------------------

OPTIONS = ["A", "B", "C", "D", "E"]


@st.composite
def ranked_ballot(draw, options=OPTIONS, full=False):
    order = draw(st.permutations(options))
    length = len(order) if full else draw(st.integers(0, len(order)))
    return tuple(order[:length])


def ranked_profiles(options=OPTIONS, full=False, min_size=0):
    return st.lists(ranked_ballot(options, full), min_size=min_size, max_size=40)


@given(ballots=ranked_profiles(), rnd=st.randoms())
def test_order_of_ballots_and_options_does_not_matter(ballots, rnd):
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    options = list(OPTIONS)
    rnd.shuffle(options)
    assert instant_runoff(shuffled, options, seed=9) == instant_runoff(ballots, OPTIONS, seed=9)


@given(ballots=ranked_profiles())
def test_winner_has_majority_of_continuing_ballots_in_last_round(ballots):
    result = instant_runoff(ballots, OPTIONS, seed=9)
    last = result.stages[-1]
    live = sum(last.votes.values())
    if result.winners:
        (winner,) = result.winners
        assert 2 * last.votes[winner] > live
        assert last.elected == (winner,)
    else:
        assert live == 0
    # Every ballot is accounted for at every stage.
    for stage in result.stages:
        total = sum(stage.votes.values()) + stage.non_transferable
        assert total + result.details["blank_ballots"] == len(ballots)


@given(ballots=ranked_profiles(["A", "B"]))
def test_two_options_equals_simple_majority(ballots):
    a = sum(1 for b in ballots if b and b[0] == "A")
    b = sum(1 for b in ballots if b and b[0] == "B")
    assume(a != b)
    irv = instant_runoff(ballots, ["A", "B"], seed=1)
    majority = simple_majority(Counts(for_=a, against=b))
    assert (irv.winners == ("A",)) == (majority.winners == ("for",))
    assert irv.winners == (("A",) if a > b else ("B",))
