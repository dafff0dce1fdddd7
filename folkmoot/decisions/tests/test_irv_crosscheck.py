"""IRV cross-checked against pref_voting, an independent implementation (installed by
`make install-crosscheck`, which .ci/run runs; skipped where it is not installed)."""

import pytest
from hypothesis import assume, given, settings

from folkmoot.decisions.counting.irv import count_irv, instant_runoff

from .test_irv import OPTIONS, ranked_profiles

# --- cross-check against pref_voting (a test-only dependency) -------------------------------

pref_voting = pytest.importorskip("pref_voting")
from pref_voting.iterative_methods import instant_runoff_put  # noqa: E402
from pref_voting.profiles import Profile  # noqa: E402
from pref_voting.profiles_with_ties import ProfileWithTies  # noqa: E402


def had_a_tie(result):
    return any("tied with" in stage.note for stage in result.stages)


@settings(max_examples=150, deadline=None)
@given(ballots=ranked_profiles(full=True, min_size=1))
def test_agrees_with_pref_voting_on_full_rankings(ballots):
    ours = instant_runoff(ballots, OPTIONS, seed=11)
    index = {o: i for i, o in enumerate(OPTIONS)}
    profile = Profile([[index[o] for o in b] for b in ballots])
    theirs = {OPTIONS[i] for i in instant_runoff_put(profile)}
    # Parallel-universe tie-breaking gives every winner any tie-break could give.
    assert ours.winners[0] in theirs
    if not had_a_tie(ours):
        assert theirs == set(ours.winners)


@settings(max_examples=150, deadline=None)
@given(ballots=ranked_profiles(min_size=1))
def test_agrees_with_pref_voting_on_truncated_rankings(ballots):
    ballots = [b for b in ballots if b]
    assume(ballots)
    ours = instant_runoff(ballots, OPTIONS, seed=11)
    index = {o: i for i, o in enumerate(OPTIONS)}
    profile = ProfileWithTies(
        [{index[o]: rank for rank, o in enumerate(b, 1)} for b in ballots],
        candidates=list(range(len(OPTIONS))),
    )
    theirs = {OPTIONS[i] for i in instant_runoff_put(profile)}
    assert ours.winners[0] in theirs
    if not had_a_tie(ours):
        assert theirs == set(ours.winners)


def test_count_irv_takes_weighted_blt_ballots():
    # As a BLT file gives them: candidates "1".."3", (ranking, weight).
    # Round 1: 1 has 4, 2 has 3, 3 has 2 (9, 5 needed). 3 out: its 2 go to 2 -> 2 has 5.
    ballots = [(("1",), 4), (("2", "1"), 3), (("3", "2"), 2)]
    result = count_irv(["1", "2", "3"], ballots, seed=1)
    assert result.winners == ("2",)
    assert result.stages[-1].votes == {"1": 4, "2": 5}


def test_count_irv_stops_a_ballot_at_equal_preferences():
    # ("3", ("1", "2")): after 3 the voter ranked 1 and 2 equally, so the ballot is exhausted.
    ballots = [(("1",), 4), (("2",), 3), (("3", ("1", "2")), 2)]
    result = count_irv(["1", "2", "3"], ballots, seed=1)
    assert result.details["exhausted"] == 2
    assert result.winners == ("1",)
    assert result.stages[-1].votes == {"1": 4, "2": 3}
