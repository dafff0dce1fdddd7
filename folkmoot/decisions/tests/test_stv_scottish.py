"""Scottish STV (SSI 2007/42 rules 45-52): hand-worked counts, tie-breaks and properties."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from folkmoot.decisions.counting.blt import parse_blt
from folkmoot.decisions.counting.stv_scottish import (
    count_blt_scottish,
    count_scottish_stv,
    quota_for,
)


def F(text: str) -> Fraction:
    return Fraction(text)


def test_quota_is_papers_over_seats_plus_one_ignoring_decimals_plus_one():
    assert quota_for(60, 2) == 21
    assert quota_for(99, 3) == 25
    assert quota_for(100, 3) == 26
    assert quota_for(0, 1) == 1


# Election 1, worked by hand. 60 papers, 2 seats, quota 60 // 3 + 1 = 21.
#   A B  x24, A C x12  -> A 36
#   B D  x10           -> B 10
#   C    x8            -> C 8
#   D B  x6            -> D 6
# Stage 1: A elected (36 >= 21), surplus 15.
# Stage 2: A's surplus. Transfer value 15 x 1 / 36 = 0.416666.. -> 0.41666 (truncated).
#          B gets 24 x 0.41666 = 9.99984, C gets 12 x 0.41666 = 4.99992;
#          transferred 14.99976, lost to rounding 0.00024. A is left with the quota, 21.
# Stage 3: nobody has the quota; D (6) is lowest and excluded; 6 papers to B at value 1:
#          B 25.99984 >= 21, elected. Both seats filled.
ELECTION_1 = [(("A", "B"), 24), (("A", "C"), 12), (("B", "D"), 10), (("C",), 8), (("D", "B"), 6)]


def test_hand_worked_election_stage_by_stage():
    r = count_scottish_stv(list("ABCD"), ELECTION_1, 2, seed=1)
    assert r.winners == ("A", "B")
    assert r.details["quota"] == 21
    assert [s.action for s in r.stages] == ["first_preferences", "surplus", "exclusion"]
    s1, s2, s3 = r.stages
    assert s1.votes == {"A": 36, "B": 10, "C": 8, "D": 6}
    assert s1.elected == ("A",)
    assert s2.votes == {"A": 21, "B": F("19.99984"), "C": F("12.99992"), "D": 6}
    assert s2.transfers == {"B": F("9.99984"), "C": F("4.99992")}
    assert s2.non_transferable == F("0.00024")  # all of it lost to truncation
    assert "0.00024 lost to rounding" in s2.note
    assert s3.excluded == ("D",)
    assert s3.transfers == {"B": 6}
    assert s3.votes["B"] == F("25.99984")
    assert s3.elected == ("B",)
    assert r.details["rounding_loss"] == F("0.00024")
    assert r.tie_breaks == ()


def test_transfer_values_are_truncated_not_rounded():
    # 3 seats, 10 papers: quota 10 // 4 + 1 = 3. A has 7: surplus 4, value 4/7 = 0.571428..
    # -> 0.57142 (rounding would give 0.57143). B receives 7 x 0.57142 = 3.99994.
    r = count_scottish_stv(
        ["A", "B", "C", "D"], [(("A", "B"), 7), (("C",), 2), (("D",), 1)], 3, seed=1
    )
    assert r.stages[1].votes["B"] == F("3.99994")
    assert r.stages[1].non_transferable == F("0.00006")
    assert r.winners[:2] == ("A", "B")


def test_later_surplus_uses_value_when_received():
    # 3 seats, 100 papers, quota 100 // 4 + 1 = 26. A 70 ("A B C"), B 10, C 5, D 15.
    # Stage 2: A's surplus 44 at 44 x 1 / 70 = 0.628571.. -> 0.62857: B gets 70 x 0.62857 =
    #          43.9999 -> B 53.9999, elected, surplus 27.9999.
    # Stage 3: all of B's papers pass on (rule 48), each at surplus x value-when-received /
    #          total: B's own 10 papers at 27.9999 x 1 / 53.9999 = 0.51851 (no next
    #          preference: 5.1851 non-transferable); A's 70 papers at
    #          27.9999 x 0.62857 / 53.9999 = 0.32592 -> C gets 22.8144, C 27.8144, elected.
    #          Lost to rounding: 27.9999 - 22.8144 - 5.1851 = 0.0004.
    r = count_scottish_stv(
        list("ABCD"),
        [(("A", "B", "C"), 70), (("B",), 10), (("C",), 5), (("D",), 15)],
        3,
        seed=1,
    )
    s2, s3 = r.stages[1], r.stages[2]
    assert s2.votes["B"] == F("53.9999")
    assert s2.non_transferable == F("0.0001")
    assert s2.elected == ("B",)
    assert s3.action == "surplus"
    assert s3.transfers == {"C": F("22.8144")}
    assert s3.non_transferable == F("5.1851") + F("0.0004")
    assert s3.votes == {"A": 26, "B": 26, "C": F("27.8144"), "D": 15}
    assert r.winners == ("A", "B", "C")


def test_largest_surplus_first_and_no_transfers_to_elected_candidates():
    # Quota 40 // 3 + 1 = 14 (2 seats). A 16 ("A B D"), B 20 ("B A D"), D 4.
    # Both elected at stage 1; B's surplus (6) is larger so goes first, to D (A is elected,
    # not continuing); then A's surplus (2) to D, skipping B.
    r = count_scottish_stv(
        ["A", "B", "C", "D"], [(("A", "B", "D"), 16), (("B", "A", "D"), 20), (("D",), 4)], 2
    )
    assert r.winners == ("B", "A")  # more votes first
    assert r.stages[0].elected == ("B", "A")
    # Seats are filled at stage 1, so no surplus is transferred at all (rule 48: only while
    # vacancies remain).
    assert len(r.stages) == 1


def test_surpluses_in_order_skipping_elected():
    # 3 seats, quota 60 // 4 + 1 = 16. A 20 ("A B D"), B 18 ("B A D"), C 12, D 10 ("D C").
    # Stage 2: A's surplus 4 (largest) -> D (B is elected, skipped): 20 x 0.2 = 4 -> D 14.
    # Stage 3: B's surplus 2 -> D: 18 x 0.11111 = 1.99998 -> D 15.99998.
    # Stage 4: C 12 < D: exclude C (its papers exhaust); D alone continuing -> elected (52).
    r = count_scottish_stv(
        ["A", "B", "C", "D"],
        [(("A", "B", "D"), 20), (("B", "A", "D"), 18), (("C",), 12), (("D", "C"), 10)],
        3,
    )
    assert [s.action for s in r.stages] == ["first_preferences", "surplus", "surplus", "exclusion"]
    assert r.stages[1].transfers == {"D": 4}
    assert r.stages[2].transfers == {"D": F("1.99998")}
    assert r.stages[3].excluded == ("C",)
    assert r.stages[3].non_transferable == 12
    assert r.stages[3].elected == ("D",)
    assert "rule 52" in r.stages[3].note
    assert r.winners == ("A", "B", "D")


# Tie for exclusion broken by the MOST RECENT preceding stage where the candidates differed
# (rule 51(2)(a)). 3 seats, 99 papers, quota 99 // 4 + 1 = 25.
#   A D x40, B C x32, C D x9, D x1, E x17
# Stage 1: A (40) and B (32) elected. C 9, D 1, E 17.
# Stage 2: A's surplus 15 (the larger) at 15/40 = 0.375: D gets 40 x 0.375 = 15 -> D 16.
# Stage 3: B's surplus 7 at 7/32 = 0.21875: C gets 32 x 0.21875 = 7 -> C 16.
# Stage 4: C and D tie on 16 for lowest. At stage 2, the most recent stage where they
#          differed, C had 9 and D 16, so C is excluded (at stage 1, D had fewer: a rule
#          using the earliest stage would wrongly exclude D). C's own 9 papers go to D
#          (25, elected); the 32 "B C" papers exhaust (7 non-transferable).
TIE_BY_HISTORY = [
    (("A", "D"), 40),
    (("B", "C"), 32),
    (("C", "D"), 9),
    (("D",), 1),
    (("E",), 17),
]


def test_exclusion_tie_broken_by_most_recent_stage_where_they_differed():
    r = count_scottish_stv(list("ABCDE"), TIE_BY_HISTORY, 3, seed=1)
    assert [s.action for s in r.stages] == ["first_preferences", "surplus", "surplus", "exclusion"]
    assert r.stages[2].votes["C"] == r.stages[2].votes["D"] == 16
    assert r.stages[3].excluded == ("C",)
    assert r.stages[3].transfers == {"D": 9}
    assert r.stages[3].non_transferable == 7
    assert r.winners == ("A", "B", "D")
    assert len(r.tie_breaks) == 1
    assert "stage 2" in r.tie_breaks[0]
    assert r.details["lot_drawn"] is False


# Tie for exclusion equal at every stage: decided by lot with a recorded seed.
# 1 seat, 7 papers, quota 4. A B x2, B A x2, C x3. A and B tie at the only stage.
LOT = [(("A", "B"), 2), (("B", "A"), 2), (("C",), 3)]


def test_exclusion_tie_equal_at_all_stages_is_decided_by_lot_with_the_seed():
    winners = set()
    for seed in range(20):
        r = count_scottish_stv(list("ABC"), LOT, 1, seed=seed)
        again = count_scottish_stv(list("ABC"), LOT, 1, seed=seed)
        assert r.winners == again.winners  # the same seed gives the same draw
        assert r.details["seed"] == seed
        assert r.details["lot_drawn"] is True
        assert f"seed {seed}" in r.tie_breaks[0]
        excluded = r.stages[1].excluded[0]
        assert excluded in ("A", "B")
        # the other one gets the 2 papers, reaches 4 = quota and is elected
        assert r.winners == (({"A", "B"} - {excluded}).pop(),)
        winners.add(r.winners[0])
    assert winners == {"A", "B"}  # both outcomes happen for some seed


def test_a_seed_is_drawn_and_recorded_when_none_is_given():
    r = count_scottish_stv(list("ABC"), LOT, 1)
    assert isinstance(r.details["seed"], int)
    assert count_scottish_stv(list("ABC"), LOT, 1, seed=r.details["seed"]).winners == r.winners


def test_equal_surpluses_equal_at_every_stage_go_in_an_order_drawn_by_lot():
    # 3 seats, 79 papers, quota 79 // 4 + 1 = 20. A and B both have 25 at stage 1 (the only
    # stage so far): equal surpluses of 5, so the lot decides whose is transferred first
    # (rule 49(3)). Value 5 / 25 = 0.2: 25 papers give 5 votes to C (from A) or D (from B).
    ballots = [(("A", "C"), 25), (("B", "D"), 25), (("C",), 10), (("D",), 10), (("E",), 9)]
    firsts = set()
    for seed in range(12):
        r = count_scottish_stv(list("ABCDE"), ballots, 3, seed=seed)
        assert r.stages[0].elected in (("A", "B"), ("B", "A"))
        assert any("lot" in t for t in r.tie_breaks)
        first = r.stages[1]
        assert first.action == "surplus"
        assert first.transfers in ({"C": 5}, {"D": 5})
        firsts.add(tuple(first.transfers))
    assert firsts == {("C",), ("D",)}


def test_withdrawn_candidates_are_skipped_on_every_paper():
    r = count_scottish_stv(
        list("ABC"), [(("B", "A"), 5), (("C",), 3), (("A",), 1)], 1, withdrawn=["B"], seed=1
    )
    assert "B" not in r.stages[0].votes
    assert r.stages[0].votes == {"A": 6, "C": 3}
    assert r.winners == ("A",)
    assert r.details["withdrawn"] == ["B"]


def test_withdrawn_line_in_a_blt_file():
    e = parse_blt(b"3 1\n-2\n5 2 1 0\n3 3 0\n1 1 0\n0\nA\nB\nC\nT\n")
    r = count_blt_scottish(e, seed=1)
    assert r.winners == ("1",)
    assert r.stages[0].votes == {"1": 6, "3": 3}


def test_exhausted_papers_are_non_transferable_and_the_last_seat_filled_by_rule_52():
    # 2 seats, 20 papers, quota 7. A 8 ("A"), B 5 ("B"), C 4 ("C"), D 3 ("D").
    # Stage 2: A's surplus 1: no next preferences, all 1.00000 non-transferable.
    # Stage 3: D excluded, 3 non-transferable. Stage 4: C excluded, 4 non-transferable,
    # B the only continuing candidate: elected without the quota.
    r = count_scottish_stv(
        list("ABCD"), [(("A",), 8), (("B",), 5), (("C",), 4), (("D",), 3)], 2, seed=1
    )
    assert [s.action for s in r.stages] == [
        "first_preferences",
        "surplus",
        "exclusion",
        "exclusion",
    ]
    assert [s.non_transferable for s in r.stages] == [0, 1, 3, 4]
    assert r.stages[3].elected == ("B",)
    assert r.winners == ("A", "B")
    assert r.details["non_transferable"] == 8


def test_invalid_papers_do_not_count_towards_the_quota():
    r = count_scottish_stv(list("AB"), [(("A",), 5), ((), 4), ((("A", "B"),), 3), (("B",), 2)], 1)
    assert r.details["valid_papers"] == 7
    assert r.details["invalid_papers"] == 7
    assert r.details["quota"] == 4


def test_equal_ranking_later_on_a_paper_cuts_it_short():
    # "A, then B=C": used for A only.
    r = count_scottish_stv(
        list("ABCD"), [(("A", ("B", "C")), 3), (("B",), 2), (("C",), 2), (("D",), 4)], 1, seed=1
    )
    assert r.details["papers_cut_at_equal_ranking"] == 3
    # B and C (2 each) go first; when A (3) is excluded its papers go nowhere, and D wins.
    (a_out,) = [s for s in r.stages if s.excluded == ("A",)]
    assert a_out.transfers == {}
    assert a_out.non_transferable == 3
    assert r.winners == ("D",)


def test_fewer_candidates_than_seats_elects_them_all():
    r = count_scottish_stv(list("AB"), [(("A",), 3)], 3)
    assert set(r.winners) == {"A", "B"}
    assert "too few candidates" in r.explanation


def test_bad_arguments():
    with pytest.raises(ValueError, match="not a candidate"):
        count_scottish_stv(list("AB"), [(("A", "Z"), 1)], 1)
    with pytest.raises(ValueError, match="seats"):
        count_scottish_stv(list("AB"), [(("A",), 1)], 0)
    with pytest.raises(ValueError, match="weight"):
        count_scottish_stv(list("AB"), [(("A",), -1)], 1)


# ---------------------------------------------------------------------------------------
# Properties

CANDS = ["1", "2", "3", "4", "5", "6"]

elections = st.integers(min_value=2, max_value=6).flatmap(
    lambda n: st.tuples(
        st.just(CANDS[:n]),
        st.lists(
            st.tuples(
                st.lists(st.sampled_from(CANDS[:n]), min_size=1, max_size=n, unique=True).map(
                    tuple
                ),
                st.integers(min_value=1, max_value=30),
            ),
            max_size=12,
        ),
        st.integers(min_value=1, max_value=n),
    )
)


@settings(max_examples=150, deadline=None)
@given(elections)
def test_property_elects_exactly_the_seats_when_enough_stand(election):
    candidates, ballots, seats = election
    r = count_scottish_stv(candidates, ballots, seats, seed=7)
    assert len(r.winners) == seats
    assert len(set(r.winners)) == seats
    # votes never appear from nowhere: at every stage the total plus what was lost is the
    # number of valid papers
    lost = 0
    for stage in r.stages:
        lost += stage.non_transferable
        assert sum(stage.votes.values()) + lost == r.details["valid_papers"]


@settings(max_examples=100, deadline=None)
@given(elections, st.randoms(use_true_random=False))
def test_property_result_does_not_depend_on_ballot_order(election, rnd):
    candidates, ballots, seats = election
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    a = count_scottish_stv(candidates, ballots, seats, seed=5)
    b = count_scottish_stv(list(reversed(candidates)), shuffled, seats, seed=5)
    assert a.winners == b.winners
    assert [s.votes for s in a.stages] == [s.votes for s in b.stages]
