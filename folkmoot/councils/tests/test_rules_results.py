"""Council results, the cascade rules, largest remainder and the recall threshold, by hand,
with a few properties checked by hypothesis."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from folkmoot.councils.rules import (
    BodyVotes,
    Leaf,
    MemberOutcome,
    Node,
    aggregate,
    cascade,
    council_result,
    largest_remainder,
    ranking_result,
    recall_threshold,
)


def body(key, seats, residents=0, **answers):
    return BodyVotes(key=key, seats=seats, answers=answers, residents=residents)


# Elm: 3 seats, 300 residents, all for. Oak: 1 seat, 100, against. Ash: 1 seat, 100, against.
BODIES = [
    body("elm", 3, 300, **{"for": 3}),
    body("oak", 1, 100, against=1),
    body("ash", 1, 100, against=1),
]


@pytest.mark.parametrize(
    ("rule", "outcome"),
    [
        ("seats", "carried"),
        ("bodies", "not_carried"),
        ("residents", "carried"),
        ("double", "not_carried"),
        ("consensus", "not_carried"),
    ],
)
def test_each_rule_by_hand(rule, outcome):
    result = council_result(rule, BODIES)
    assert result["outcome"] == outcome
    assert result["seats"] == {"for": 3, "against": 2, "abstain": 0}
    assert result["bodies"] == {"for": 1, "against": 2, "abstain": 0}
    assert result["residents"] == {"for": 300.0, "against": 200.0, "abstain": 0.0}


def test_seats_not_cast_abstain_and_a_tie_does_not_carry():
    result = council_result("seats", [body("a", 2, **{"for": 1}), body("b", 2, against=1)])
    assert result["seats"] == {"for": 1, "against": 1, "abstain": 2}
    assert result["outcome"] == "not_carried"


def test_a_split_body_counts_its_residents_by_share():
    result = council_result("residents", [body("a", 3, 90, **{"for": 2, "against": 1})])
    assert result["residents"] == {"for": 60.0, "against": 30.0, "abstain": 0.0}
    assert result["per_body"][0]["position"] == "for"


def test_consensus_allows_abstaining_bodies_but_needs_one_for():
    assert (
        council_result("consensus", [body("a", 1, **{"for": 1}), body("b", 1)])["outcome"]
        == "carried"
    )
    assert council_result("consensus", [body("a", 1), body("b", 1)])["outcome"] == "not_carried"


def test_an_unknown_rule():
    with pytest.raises(ValueError, match="unknown result rule"):
        council_result("lottery", BODIES)


def test_ranking_result_is_a_borda_count():
    bodies = [
        BodyVotes("a", 2, rankings=[["X", "Y", "Z"], ["X", "Y", "Z"]], residents=10),
        BodyVotes("b", 1, rankings=[["Z", "Y", "X"]], residents=40),
    ]
    by_seats = ranking_result("seats", bodies, ["X", "Y", "Z"])
    assert by_seats["scores"] == {"X": 4.0, "Y": 3.0, "Z": 2.0}
    assert by_seats["ranking"] == ["X", "Y", "Z"]
    by_bodies = ranking_result("bodies", bodies, ["X", "Y", "Z"])
    assert by_bodies["scores"] == {"X": 2.0, "Y": 2.0, "Z": 2.0}
    assert by_bodies["ranking"] == ["X", "Y", "Z"]  # all tied: the question's order
    by_residents = ranking_result("residents", bodies, ["X", "Y", "Z"])
    assert by_residents["ranking"] == ["Z", "Y", "X"]
    assert ranking_result("seats", [BodyVotes("a", 1)], ["X", "Y"])["outcome"] == "no_ranking"


# --- Aggregation (the cascade rule) ---------------------------------------------------------


def test_majority_aggregation_follows_the_bodies():
    members = [MemberOutcome(1, "for"), MemberOutcome(5, "against"), MemberOutcome(1, "for")]
    assert aggregate("majority", members, 3)["instruction"] == "for"  # bodies, not seats


def test_majority_aggregation_ties_and_missed_abstain():
    assert (
        aggregate("majority", [MemberOutcome(1, "for"), MemberOutcome(1, "against")], 2)[
            "instruction"
        ]
        == "abstain"
    )
    assert aggregate("majority", [MemberOutcome(1), MemberOutcome(1)], 2)["instruction"] == (
        "abstain"
    )
    members = [MemberOutcome(1, "for"), MemberOutcome(1), MemberOutcome(1)]
    assert aggregate("majority", members, 2)["instruction"] == "for"


def test_proportional_aggregation_splits_by_largest_remainder():
    members = [MemberOutcome(2, "for"), MemberOutcome(1, "against"), MemberOutcome(2, "against")]
    # 5 seats below: 2 for, 3 against; 2 seats above: quotas 0.8 and 1.2 → 1 and 1.
    assert aggregate("proportional", members, 2) == {
        "instruction": "split",
        "ranking": [],
        "split": {"for": 1, "against": 1, "abstain": 0},
    }
    unanimous = [MemberOutcome(1, "for"), MemberOutcome(1, "for")]
    assert aggregate("proportional", unanimous, 3)["instruction"] == "for"


def test_proportional_counts_a_split_member_seat_by_seat():
    members = [MemberOutcome(3, split={"for": 2, "against": 1}), MemberOutcome(1, "against")]
    assert aggregate("proportional", members, 4)["split"] == {"for": 2, "against": 2, "abstain": 0}
    assert aggregate("majority", members, 4)["instruction"] == "abstain"  # one body each way


def test_ranking_aggregation():
    members = [
        MemberOutcome(1, ranking=("A", "B", "C")),
        MemberOutcome(1, ranking=("B", "A", "C")),
        MemberOutcome(1, ranking=("B", "C", "A")),
    ]
    assert aggregate("majority", members, 2, ["A", "B", "C"]) == {
        "instruction": "ranking",
        "ranking": ["B", "A", "C"],
        "split": {},
    }
    assert aggregate("majority", [MemberOutcome(1)], 2, ["A", "B"])["instruction"] == "abstain"


def test_largest_remainder_by_hand():
    assert largest_remainder({"for": 5, "against": 3, "abstain": 2}, 4) == {
        "for": 2,
        "against": 1,
        "abstain": 1,
    }  # quotas 2.0, 1.2, 0.8
    assert largest_remainder({"for": 1, "against": 1}, 1) == {
        "for": 1,
        "against": 0,
        "abstain": 0,
    }  # equal remainders: for first
    assert largest_remainder({}, 3) == {"for": 0, "against": 0, "abstain": 3}


@given(
    st.dictionaries(st.sampled_from(["for", "against", "abstain"]), st.integers(0, 50)),
    st.integers(0, 20),
)
def test_largest_remainder_shares_every_seat_within_one_of_its_quota(weights, seats):
    shares = largest_remainder(weights, seats)
    assert sum(shares.values()) == seats
    total = sum(weights.values())
    if total:
        for answer, share in shares.items():
            quota = weights.get(answer, 0) * seats / total
            assert quota - 1 < share < quota + 1


# --- The whole cascade ----------------------------------------------------------------------


def test_a_cascade_over_three_levels():
    """Region ← two cities ← districts ← assemblies, every delegate voting as mandated.

    North city (majority rule below it): district N1 = for, for, against → for (2 seats);
    district N2 = against → against (1 seat). North's members: one for, one against → the
    city's own seats abstain. South city (proportional): district S1 = for, for (1+1 seats)
    → for; S2 = against (2 seats) → against. South's 3 seats: weights for 2, against 2 →
    quotas 1.5 / 1.5 → for 2 (tie on remainder goes to for), against 1.
    Region (seats rule): North 2 seats abstain; South 2 for, 1 against → carried.
    """
    n1 = Node("bodies", "majority", [(Leaf("for"), 1), (Leaf("for"), 1), (Leaf("against"), 1)])
    n2 = Node("bodies", "majority", [(Leaf("against"), 1)])
    north = Node("bodies", "majority", [(n1, 2), (n2, 1)])
    s1 = Node("bodies", "majority", [(Leaf("for"), 1), (Leaf("for"), 1)])
    s2 = Node("bodies", "majority", [(Leaf("against"), 2)])
    south = Node("bodies", "proportional", [(s1, 2), (s2, 2)])
    region = Node("seats", "majority", [(north, 2), (south, 3)])
    result = cascade(region)
    assert result["seats"] == {"for": 2, "against": 1, "abstain": 2}
    assert result["outcome"] == "carried"
    assert [b["position"] for b in result["per_body"]] == ["abstain", "for"]


def test_a_cascade_carries_residents_up():
    city = Node(
        "residents",
        "majority",
        [
            (Node("bodies", "majority", [(Leaf("for", residents=500), 1)]), 1),
            (
                Node(
                    "bodies",
                    "majority",
                    [(Leaf("against", residents=100), 1), (Leaf("against", residents=100), 1)],
                ),
                1,
            ),
        ],
    )
    result = cascade(city)
    assert result["residents"] == {"for": 500.0, "against": 200.0, "abstain": 0.0}
    assert result["outcome"] == "carried"


def test_a_ranking_cascade():
    district = Node(
        "bodies", "majority", [(Leaf(ranking=("B", "A")), 1), (Leaf(ranking=("B", "A")), 1)]
    )
    city = Node("bodies", "majority", [(district, 1), (Leaf(ranking=("A", "B")), 1)])
    result = cascade(city, ["A", "B"])
    assert result["scores"] == {"A": 1.0, "B": 1.0}
    assert result["ranking"] == ["A", "B"]


leaves = st.builds(Leaf, st.sampled_from(["for", "against", "abstain", None]), st.just(()))


@given(st.lists(st.tuples(leaves, st.integers(1, 3)), min_size=1, max_size=6))
def test_a_one_level_cascade_is_the_plain_result(members):
    """With assemblies only, the cascade is just each seat voting its body's decision."""
    node = Node("seats", "majority", members)
    bodies = [
        BodyVotes(str(i), seats, answers={leaf.answer or "abstain": seats})
        for i, (leaf, seats) in enumerate(members)
    ]
    assert cascade(node)["outcome"] == council_result("seats", bodies)["outcome"]


@given(st.lists(st.sampled_from(["for", "against"]), min_size=1, max_size=9))
def test_unanimity_carries_through_every_rule(answers):
    members = [(Leaf(answer, residents=10), 1) for answer in answers]
    for rule in ("seats", "bodies", "residents", "double", "consensus"):
        result = cascade(Node(rule, "majority", [(Node(rule, "majority", members), 1)]))
        if set(answers) == {"for"}:
            assert result["outcome"] == "carried"
        if set(answers) == {"against"}:
            assert result["outcome"] == "not_carried"


# --- Recall ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("residents", "needed"), [(0, 1), (5, 1), (10, 1), (11, 2), (150, 15), (200, 20), (999, 20)]
)
def test_recall_threshold(residents, needed):
    assert recall_threshold(residents) == needed


def test_recall_threshold_follows_the_settings():
    assert recall_threshold(100, percent=25, cap=50) == 25
    assert recall_threshold(100, percent=25, cap=10) == 10
