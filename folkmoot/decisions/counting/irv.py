"""Instant runoff (ranked choice) for a single choice.

A ballot is a sequence (list or tuple) of option ids, most preferred first. It may stop early
(rank only some options) but may not name an option twice or name an unknown option. Ballots
may also be given already grouped, as a mapping from a tuple of preferences to the number of
such ballots (as a BLT file or a teller's sheet gives them).

The count, stage by stage (stage 1 is the first choices; every later stage is one exclusion):

1. Each ballot counts for its highest-ranked option still in the count ("continuing").
2. If an option has more than half of the continuing ballots, it wins. Ballots that have run
   out of choices ("exhausted") no longer count towards "half" - this is the usual rule for
   instant runoff and means the count always ends with a winner while any ballot continues.
3. Otherwise the option with the fewest votes is excluded and its ballots move to their next
   continuing choice; ballots with no further choice are exhausted and reported, per stage
   and in total, in ``Stage.non_transferable`` (cumulative) and
   ``details["exhausted_by_stage"]`` (new at each stage).

Ties for the fewest votes are broken by the earlier stages: the tied option that had fewer
votes at the most recent earlier stage where the tied options' votes differed is excluded (if
several are still level there, the search goes on further back among those). If they were
level at every stage, a lot decides: ``random.Random(seed)`` choosing among the tied options
sorted by id, recorded in ``Result.tie_breaks`` with the seed so anyone can re-run the count.
With no seed a fresh one is drawn and recorded.

Options with no votes at all are excluded together in one stage: moving no ballots cannot
change anyone's total, so excluding them one at a time would only add stages (and lots).

Speed: identical ballots are grouped first; each group keeps a pointer to its current choice
and sits in the pile of the option it counts for, so an exclusion only touches that option's
pile. The whole count is O(ballots + total ballot length + options x stages).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from ._common import Lot, Seed, and_list, break_tie_by_lot, check_options, percent, plural
from .types import Option, Result, Stage

RankedBallots = Iterable[Sequence[Option]] | Mapping[tuple[Option, ...], int]


def group_ranked_ballots(ballots: RankedBallots, options: Iterable[Option]) -> Counter:
    """Group identical ranked ballots into a ``Counter`` of preference tuples, validating them.

    Raises ``ValueError`` for a ballot that is not a sequence, names an unknown option, or
    ranks an option twice. Empty ballots are kept (as ``()``): they are blank ballots.
    """
    known = set(options)
    if isinstance(ballots, str):
        raise ValueError("Ballots must be a list of rankings, not a single string.")
    if isinstance(ballots, Mapping):
        grouped: Counter = Counter()
        for ballot, count in ballots.items():
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValueError(
                    f"The number of ballots {ballot!r} must be a whole number, 0 or more."
                )
            if isinstance(ballot, str) or not isinstance(ballot, Sequence):
                raise ValueError(
                    f"Ballot {ballot!r} must be a list of options, most preferred first."
                )
            if count:
                grouped[tuple(ballot)] += count
        where = {ballot: f"Ballot {list(ballot)!r}" for ballot in grouped}
    else:
        ballots = list(ballots)
        for position, ballot in enumerate(ballots, 1):
            if isinstance(ballot, str) or not isinstance(ballot, Sequence):
                raise ValueError(
                    f"Ballot {position} must be a list of options, most preferred first, "
                    f"not {ballot!r}."
                )
        grouped = Counter(map(tuple, ballots))
        where = None
    for ballot in grouped:
        bad = [o for o in ballot if o not in known]
        duplicate = len(set(ballot)) != len(ballot)
        if bad or duplicate:
            name = where[ballot] if where else _first_position(ballots, ballot)
            if bad:
                raise ValueError(f"{name} ranks {bad[0]!r}, which is not one of the options.")
            twice = next(o for o in ballot if ballot.count(o) > 1)
            raise ValueError(f"{name} ranks {twice!r} more than once.")
    return grouped


def _first_position(ballots: list, wanted: tuple) -> str:
    position = next(i for i, b in enumerate(ballots, 1) if tuple(b) == wanted)
    return f"Ballot {position}"


def instant_runoff(
    ballots: RankedBallots,
    options: Iterable[Option],
    *,
    seed: Seed = None,
) -> Result:
    """Count ranked ballots by instant runoff; see the module docstring for every rule.

    ``options`` is every option on the ballot paper (so options nobody ranked are shown and
    excluded, and a ballot naming anything else raises ``ValueError``). ``winners`` holds the
    winner, or is empty when no ballot ranked anyone. Each stage's ``votes`` holds only the
    options still in the count; ``transfers`` shows the votes gained at that stage (and, as a
    negative number, the excluded option's votes leaving it).
    """
    options = check_options(options)
    grouped = group_ranked_ballots(ballots, options)
    blank = grouped.pop((), 0)
    ballot_count = sum(grouped.values()) + blank

    preferences = list(grouped)
    counts = [grouped[p] for p in preferences]
    pointer = [0] * len(preferences)
    piles: dict[Option, list[int]] = {o: [] for o in options}
    tallies = dict.fromkeys(options, 0)
    for index, ballot in enumerate(preferences):
        piles[ballot[0]].append(index)
        tallies[ballot[0]] += counts[index]

    continuing = set(options)
    lot = Lot(seed)
    tie_breaks: list[str] = []
    history: list[dict[Option, int]] = []
    stages: list[Stage] = []
    exhausted_total = 0
    exhausted_by_stage: list[int] = []
    needed_by_stage: list[int] = []
    exclusion_order: list[tuple[Option, int]] = []
    winner: Option | None = None

    transfers: dict[Option, int] = {}
    exhausted_now = 0
    excluded_now: tuple[Option, ...] = ()
    why = ""
    while True:
        number = len(stages) + 1
        votes = {o: tallies[o] for o in sorted(continuing)}
        history.append(votes)
        live = sum(votes.values())
        needed = live // 2 + 1
        needed_by_stage.append(needed)
        exhausted_by_stage.append(exhausted_now)
        # Someone with more than half is the only one with the most votes, so this is unique.
        top = max(votes.values(), default=0)
        leader = next((o for o in votes if votes[o] == top), None)
        if number == 1:
            note = "First choices."
        else:
            note = why + _transfer_words(transfers, excluded_now, exhausted_now)
        if leader is not None and live and votes[leader] * 2 > live:
            winner = leader
            note += (
                f" {winner} has {votes[winner]} of {plural(live, 'continuing ballot')} "
                f"({percent(Fraction(votes[winner], live))}), more than half, and wins."
            )
        elif live == 0:
            note += " No ballots are left in the count, so there is no winner."
        else:
            note += (
                f" Nobody has more than half of the {plural(live, 'continuing ballot')} "
                f"({needed} needed)."
            )
        stages.append(
            Stage(
                number=number,
                action="first_preferences" if number == 1 else "exclusion",
                votes=votes,
                elected=(winner,) if winner else (),
                excluded=excluded_now,
                transfers=transfers,
                non_transferable=exhausted_total,
                note=note.strip(),
            )
        )
        if winner is not None or live == 0:
            break

        # Who is excluded next: everyone with no votes at all, or else the single lowest.
        zero = sorted(o for o in continuing if votes[o] == 0)
        if zero:
            excluded_now = tuple(zero)
            why = f"{and_list(zero)} had no votes and {'is' if len(zero) == 1 else 'are'} excluded."
        else:
            lowest = min(votes.values())
            tied = sorted(o for o in continuing if votes[o] == lowest)
            loser, how = _lowest(tied, history, lot, tie_breaks, number + 1)
            excluded_now = (loser,)
            why = f"{loser} had the fewest votes ({lowest}){how} and is excluded."
        for option in excluded_now:
            continuing.discard(option)
            exclusion_order.append((option, number + 1))

        # Move the excluded options' ballots to their next continuing choice.
        transfers = {}
        exhausted_now = 0
        for option in excluded_now:
            if tallies[option]:
                transfers[option] = -tallies[option]
            for index in piles.pop(option):
                ballot = preferences[index]
                position = pointer[index] + 1
                while position < len(ballot) and ballot[position] not in continuing:
                    position += 1
                pointer[index] = position
                count = counts[index]
                if position < len(ballot):
                    target = ballot[position]
                    piles[target].append(index)
                    tallies[target] += count
                    transfers[target] = transfers.get(target, 0) + count
                else:
                    exhausted_now += count
            del tallies[option]
        exhausted_total += exhausted_now

    last = stages[-1]
    live = sum(last.votes.values())
    if winner is not None:
        explanation = (
            f"{winner} wins in round {last.number} with {last.votes[winner]} of "
            f"{plural(live, 'continuing ballot')} ({percent(Fraction(last.votes[winner], live))}); "
            f"more than half was needed."
        )
    elif ballot_count == 0:
        explanation = "No winner: no ballots were cast."
    else:
        explanation = "No winner: no ballot ranked any option."
    if exclusion_order:
        explanation += (
            " Excluded in turn: " + ", ".join(f"{o} (round {n})" for o, n in exclusion_order) + "."
        )
    if exhausted_total:
        explanation += (
            f" {plural(exhausted_total, 'ballot')} had no further choices by the end and "
            "stopped counting."
        )
    if blank:
        explanation += f" {plural(blank, 'blank ballot')} ranked nobody."
    if tie_breaks:
        explanation += " A tie was decided by lot; see the tie-breaks."

    details = {
        "ballots": ballot_count,
        "blank_ballots": blank,
        # Papers with at least one preference, as an STV count would call them.
        "valid_papers": ballot_count - blank,
        "rounds": len(stages),
        "majority_needed_by_stage": needed_by_stage,
        "exhausted_by_stage": exhausted_by_stage,
        "exhausted": exhausted_total,
        "exclusion_order": [o for o, _ in exclusion_order],
        **lot.record(),
    }
    return Result(
        method="irv",
        winners=(winner,) if winner else (),
        stages=tuple(stages),
        details=details,
        tie_breaks=tuple(tie_breaks),
        explanation=explanation,
    )


def _lowest(
    tied: list[Option],
    history: list[dict[Option, int]],
    lot: Lot,
    tie_breaks: list[str],
    stage_number: int,
) -> tuple[Option, str]:
    """The tied option to exclude, and words saying how the tie was broken."""
    if len(tied) == 1:
        return tied[0], ""
    candidates = tied
    # history[-1] is the stage where they are tied; look back from the one before it.
    for earlier_number in range(len(history) - 1, 0, -1):
        earlier = history[earlier_number - 1]
        values = {o: earlier[o] for o in candidates}
        fewest = min(values.values())
        narrowed = [o for o in candidates if values[o] == fewest]
        if len(narrowed) < len(candidates):
            candidates = narrowed
            if len(candidates) == 1:
                return candidates[0], (
                    f", tied with {and_list(o for o in tied if o != candidates[0])}; it had "
                    f"fewer votes in round {earlier_number}"
                )
    chosen = break_tie_by_lot(candidates, lot, f"exclusion in round {stage_number}", tie_breaks)
    return chosen, (
        f", tied with {and_list(o for o in tied if o != chosen)}; the tie was decided by lot"
    )


def _transfer_words(
    transfers: dict[Option, int], excluded: tuple[Option, ...], exhausted: int
) -> str:
    gains = [f"{o} +{n}" for o, n in sorted(transfers.items()) if n > 0 and o not in excluded]
    if not gains and not exhausted:
        return ""
    parts = []
    if gains:
        parts.append("Votes moved: " + ", ".join(gains) + ".")
    if exhausted:
        parts.append(f"{plural(exhausted, 'ballot')} had no further choice.")
    return " " + " ".join(parts)


def count_irv(
    candidates: Iterable[Option],
    ballots: Iterable[tuple[Sequence[Option | tuple[Option, ...]], int]],
    *,
    seed: Seed = None,
) -> Result:
    """Instant runoff over weighted ballots as a BLT file gives them: ``(ranking, weight)``.

    Used by ``manage.py count_ballots --method irv``. A ranking may hold a tuple of options
    ranked equally (BLT "="). Instant runoff cannot tell which of those the voter prefers, so
    the ballot counts up to the preference before them and is exhausted there - the same
    rule as for an ambiguous paper in a Scottish count. Weights must be whole numbers.
    """
    grouped: Counter = Counter()
    for ranking, weight in ballots:
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
            raise ValueError(f"A ballot weight must be a whole number, 0 or more (got {weight!r}).")
        clear: list[Option] = []
        for preference in ranking:
            if isinstance(preference, tuple):
                if len(preference) != 1:
                    break
                preference = preference[0]
            clear.append(preference)
        grouped[tuple(clear)] += weight
    return instant_runoff(grouped, candidates, seed=seed)
