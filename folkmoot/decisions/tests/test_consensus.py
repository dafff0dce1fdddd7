"""Consensus with blocks, stand-asides, reasons, rounds and a fallback vote."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from folkmoot.decisions.counting.consensus import Response, consensus
from folkmoot.decisions.counting.majority import MajorityRule

THREE_QUARTERS = MajorityRule(threshold=Fraction(3, 4))


def test_everyone_agrees():
    result = consensus([["agree"] * 5])
    assert result.winners == ("agree",)
    assert result.details["outcome"] == "consensus"
    assert result.stages[0].votes == {"agree": 5, "stand_aside": 0, "block": 0}
    assert result.explanation.startswith(
        "Consensus reached in round 1: 5 agreed, 0 stood aside, 0 blocked."
    )


def test_stand_asides_do_not_stop_it_by_default_and_reasons_are_shown():
    result = consensus([["agree", "agree", Response("stand_aside", "I won't be here")]])
    assert result.winners == ("agree",)
    assert result.details["reasons"] == [
        {"round": 1, "position": "stand_aside", "reason": "I won't be here"}
    ]
    assert 'stood aside: "I won\'t be here"' in result.explanation


def test_one_block_stops_it_by_default_with_reason():
    result = consensus([["agree"] * 9 + [("block", "It breaks our safeguarding policy")]])
    assert result.winners == ()
    assert result.details["outcome"] == "no_consensus"
    assert result.details["rounds"][0]["status"] == "blocked"
    assert "Blocked: 1 person blocked (1 block is enough to stop it)." in result.explanation
    assert 'blocked: "It breaks our safeguarding policy"' in result.explanation
    assert "may talk again" in result.explanation


def test_block_threshold_boundary():
    # With a threshold of 2, one block does not stop it; two do.
    assert consensus([["agree", "agree", "block"]], block_threshold=2).winners == ("agree",)
    result = consensus([["agree", "block", "block"]], block_threshold=2)
    assert result.winners == ()
    assert result.details["rounds"][0]["status"] == "blocked"


def test_too_many_stand_asides_as_a_number_and_as_a_share():
    # At most 2 stand-asides: 2 is fine, 3 stops it.
    two = ["agree", "agree", "stand_aside", "stand_aside"]
    assert consensus([two], max_stand_asides=2).winners == ("agree",)
    result = consensus([[*two, "stand_aside"]], max_stand_asides=2)
    assert result.details["rounds"][0]["status"] == "too_many_stand_asides"
    # More than a third standing aside stops it: 2 of 6 is exactly a third (fine), 3 of 6 not.
    assert consensus(
        [["agree"] * 4 + ["stand_aside"] * 2], max_stand_asides=Fraction(1, 3)
    ).winners == ("agree",)
    assert (
        consensus([["agree"] * 3 + ["stand_aside"] * 3], max_stand_asides=Fraction(1, 3)).winners
        == ()
    )


def test_nobody_agreeing_is_not_consensus():
    assert consensus([["stand_aside", "stand_aside"]]).winners == ()
    assert consensus([[]]).details["rounds"][0]["status"] == "nobody_agreed"


def test_second_round_reaches_consensus():
    rounds = [
        ["agree", "agree", ("block", "Too expensive")],
        ["agree", "agree", ("stand_aside", "Still too expensive, but I can live with it")],
    ]
    result = consensus(rounds, fallback=THREE_QUARTERS, fallback_after_rounds=3)
    assert result.winners == ("agree",)
    assert [s.number for s in result.stages] == [1, 2]
    assert [r["reason"] for r in result.details["reasons"]] == [
        "Too expensive",
        "Still too expensive, but I can live with it",
    ]


def test_fallback_to_three_quarters_after_two_rounds_carried():
    # Round 2: 9 agree (for), 3 block (against), 2 stand aside (abstain).
    # 9 of 12 = 3/4 exactly: carried by the fallback.
    round_two = ["agree"] * 9 + ["block"] * 3 + ["stand_aside"] * 2
    result = consensus(
        [["agree"] * 8 + ["block"] * 4, round_two],
        fallback=THREE_QUARTERS,
        fallback_after_rounds=2,
    )
    assert result.winners == ("agree",)
    assert result.details["outcome"] == "fallback_carried"
    fallback = result.stages[-1]
    assert fallback.action == "fallback"
    assert fallback.votes == {"for": 9, "against": 3, "abstain": 2}
    assert "No consensus after 2 rounds" in result.explanation
    assert "agree counts as for, block as against, stand aside as abstain" in result.explanation
    assert "Carried: 9 for, 3 against (75% of those who voted for or against; 3/4 needed)." in (
        result.explanation
    )


def test_fallback_not_carried():
    result = consensus(
        [["agree"] * 8 + ["block"] * 4], fallback=THREE_QUARTERS, fallback_after_rounds=1
    )
    assert result.winners == ()
    assert result.details["outcome"] == "fallback_not_carried"


def test_before_fallback_round_says_what_happens_next():
    result = consensus([["agree", "block"]], fallback=THREE_QUARTERS, fallback_after_rounds=2)
    assert result.details["outcome"] == "no_consensus"
    assert "If there is still no consensus in round 2, a vote decides" in result.explanation


def test_invalid_input_raises():
    with pytest.raises(ValueError, match="Round 1, response 2"):
        consensus([["agree", "maybe"]])
    with pytest.raises(ValueError, match="held after the decision"):
        consensus([["agree"], ["agree"]])
    with pytest.raises(ValueError, match="needs both"):
        consensus([["agree"]], fallback=THREE_QUARTERS)
    with pytest.raises(ValueError, match="at least 1"):
        consensus([["agree"]], block_threshold=0)


def test_no_rounds_yet():
    result = consensus([])
    assert result.winners == ()
    assert result.explanation == "No rounds have been held yet."


positions = st.lists(
    st.tuples(st.sampled_from(["agree", "stand_aside", "block"]), st.sampled_from(["", "a", "b"])),
    max_size=20,
)


@given(responses=positions, threshold=st.integers(1, 3), rnd=st.randoms())
def test_order_does_not_matter(responses, threshold, rnd):
    shuffled = list(responses)
    rnd.shuffle(shuffled)
    kwargs = {"block_threshold": threshold, "fallback": THREE_QUARTERS, "fallback_after_rounds": 1}
    assert consensus([shuffled], **kwargs) == consensus([responses], **kwargs)


@given(responses=positions, threshold=st.integers(1, 3))
def test_consensus_iff_fewer_blocks_than_threshold_and_someone_agrees(responses, threshold):
    blocks = sum(p == "block" for p, _ in responses)
    agrees = sum(p == "agree" for p, _ in responses)
    result = consensus([responses], block_threshold=threshold)
    assert (result.winners == ("agree",)) == (blocks < threshold and agrees > 0)
