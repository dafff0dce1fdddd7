"""Simple and qualified majority: hand-worked examples, boundaries and a brute-force check."""

import random
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from folkmoot.decisions.counting.majority import (
    Counts,
    MajorityRule,
    counts_from_ballots,
    qualified_majority,
    simple_majority,
)


def ballots(for_=0, against=0, abstain=0):
    return ["for"] * for_ + ["against"] * against + ["abstain"] * abstain


# --- hand-worked examples -------------------------------------------------------------------


def test_qualified_two_thirds_carried_explained_in_plain_words():
    # 61 / (61 + 30) = 0.670 >= 0.667
    result = qualified_majority(ballots(61, 30), Fraction(2, 3))
    assert result.winners == ("for",)
    assert result.details["outcome"] == "carried"
    assert result.details["base"] == 91
    assert result.explanation == (
        "Carried: 61 for, 30 against (67% of those who voted for or against; 2/3 needed)."
    )
    assert result.stages[0].action == "tally"
    assert result.stages[0].votes == {"for": 61, "against": 30, "abstain": 0}


def test_qualified_just_below_two_thirds_is_not_carried_and_does_not_look_carried():
    # 199 / 299 = 66.56%: shown as 66%, not rounded up to 67%, next to "2/3 needed".
    result = qualified_majority(Counts(199, 100), "2/3")
    assert result.winners == ()
    assert result.details["outcome"] == "not_carried"
    assert "(66% of those who voted for or against; 2/3 needed)" in result.explanation


def test_exactly_two_thirds_carries():
    result = qualified_majority(Counts(for_=20, against=10), Fraction(2, 3))
    assert result.winners == ("for",)
    assert result.details["share_for"] == "2/3"


def test_exactly_three_quarters_carries_one_less_does_not():
    assert qualified_majority(Counts(30, 10), Fraction(3, 4)).winners == ("for",)
    assert qualified_majority(Counts(29, 10), Fraction(3, 4)).winners == ()


def test_simple_majority_needs_more_than_half():
    assert simple_majority(ballots(51, 49)).winners == ("for",)
    result = simple_majority(ballots(40, 40, 3))
    assert result.winners == ()
    assert result.details["tie"] is True
    assert result.explanation.startswith("Not carried: 40 for, 40 against. A tie does not carry.")


def test_abstentions_excluded_or_counted():
    # 10 for, 8 against, 5 abstain.
    excluded = simple_majority(ballots(10, 8, 5))
    assert excluded.details["base"] == 18
    assert excluded.winners == ("for",)  # 10 of 18
    assert "5 people abstained; abstentions are not counted." in excluded.explanation

    counted = simple_majority(ballots(10, 8, 5), abstentions="counted")
    assert counted.details["base"] == 23
    assert counted.winners == ()  # 10 of 23 is not more than half


def test_abstentions_counted_exactly_half_is_not_a_majority():
    # 10 for, 6 against, 4 abstain: 10 of 20 is half, not more than half.
    assert simple_majority(Counts(10, 6, 4), abstentions="counted").winners == ()


def test_quorum_as_number_exactly_met_and_one_short():
    met = simple_majority(ballots(6, 3, 1), quorum=10)
    assert met.details["quorum_met"] is True
    assert met.winners == ("for",)
    assert "The quorum of 10 people was met (10 took part)." in met.explanation

    short = simple_majority(ballots(6, 3), quorum=10)
    assert short.details["outcome"] == "no_quorum"
    assert short.winners == ()
    assert short.explanation == (
        "No decision: not enough people took part. 9 people voted; the quorum is 10 people."
    )


def test_quorum_as_share_rounds_up_to_whole_people():
    # A third of 100 members is 33.3, so 34 people are needed.
    assert simple_majority(Counts(20, 13), quorum_share="1/3", electorate=100).winners == ()
    result = simple_majority(Counts(20, 13, 1), quorum_share=Fraction(1, 3), electorate=100)
    assert result.details["quorum_needed"] == 34
    assert result.winners == ("for",)


def test_both_quorums_must_be_met():
    result = simple_majority(Counts(8, 2), quorum=5, quorum_share="1/2", electorate=30)
    assert result.details["quorum_needed"] == 15
    assert result.details["outcome"] == "no_quorum"


def test_nobody_for_or_against():
    result = simple_majority(ballots(abstain=4))
    assert result.winners == ()
    assert result.explanation.startswith("Not carried: nobody voted for or against.")


def test_counts_from_ballots():
    assert counts_from_ballots(ballots(3, 2, 1)) == Counts(3, 2, 1)
    assert Counts.from_ballots([]) == Counts(0, 0, 0)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (["for", "yes"], "Ballot 2 is 'yes'"),
        ("for", "not a single string"),
        ([None], "Ballot 1 is None"),
    ],
)
def test_invalid_ballots_raise(bad, message):
    with pytest.raises(ValueError, match=message):
        simple_majority(bad)


def test_invalid_settings_raise():
    with pytest.raises(ValueError, match="more than 1/2"):
        qualified_majority(Counts(1, 0), Fraction(1, 2))
    with pytest.raises(ValueError, match="not as a decimal"):
        qualified_majority(Counts(1, 0), 0.667)
    with pytest.raises(ValueError, match="electorate"):
        simple_majority(Counts(1, 0), quorum_share="1/2")
    with pytest.raises(ValueError, match="0 or more"):
        Counts(-1, 0)
    with pytest.raises(ValueError, match="excluded"):
        simple_majority(Counts(1, 0), abstentions="ignored")


def test_rule_object_decides_like_the_function():
    rule = MajorityRule(threshold=Fraction(3, 4), quorum=3)
    assert rule.decide(ballots(3, 1)) == qualified_majority(ballots(3, 1), "3/4", quorum=3)


# --- properties -----------------------------------------------------------------------------

THRESHOLDS = [None, Fraction(3, 5), Fraction(2, 3), Fraction(3, 4), Fraction(1)]
choices = st.lists(st.sampled_from(["for", "against", "abstain"]), max_size=60)


def brute_force(votes, threshold, abstentions, quorum):
    f = a = x = 0
    for vote in votes:
        if vote == "for":
            f += 1
        elif vote == "against":
            a += 1
        else:
            x += 1
    if quorum is not None and f + a + x < quorum:
        return "no_quorum"
    base = f + a if abstentions == "excluded" else f + a + x
    if base == 0 or f == a:
        return "not_carried"
    if threshold is None:
        ok = 2 * f > base
    else:
        ok = f * threshold.denominator >= threshold.numerator * base
    return "carried" if ok else "not_carried"


@given(
    votes=choices,
    threshold=st.sampled_from(THRESHOLDS),
    abstentions=st.sampled_from(["excluded", "counted"]),
    quorum=st.none() | st.integers(0, 40),
)
def test_matches_brute_force_count(votes, threshold, abstentions, quorum):
    rule = MajorityRule(threshold=threshold, abstentions=abstentions, quorum=quorum)
    result = rule.decide(votes)
    expected = brute_force(votes, threshold, abstentions, quorum)
    assert result.details["outcome"] == expected
    assert result.winners == (("for",) if expected == "carried" else ())


@given(votes=choices, threshold=st.sampled_from(THRESHOLDS), rnd=st.randoms())
def test_order_does_not_matter(votes, threshold, rnd):
    rule = MajorityRule(threshold=threshold)
    shuffled = list(votes)
    rnd.shuffle(shuffled)
    assert rule.decide(shuffled) == rule.decide(votes)


def test_a_million_ballots_quickly():
    votes = random.Random(1).choices(["for", "against", "abstain"], k=1_000_000)
    result = simple_majority(votes)
    assert result.details["participants"] == 1_000_000
