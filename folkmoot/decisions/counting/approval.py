"""Approval voting for a single choice: each ballot approves any number of options.

A ballot is a ``set`` (or ``frozenset``) of option ids - every option the voter can accept. The
option with the most approvals wins. Ballots may also be given already grouped, as a mapping
from ``frozenset`` to the number of such ballots (as a teller or an import would give them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from ._common import Lot, Seed, and_list, break_tie_by_lot, check_options, plural
from .types import Option, Result, Stage


def _group(ballots: Iterable[Iterable[Option]] | Mapping[frozenset, int]) -> Counter:
    if isinstance(ballots, str):
        raise ValueError("Ballots must be a list of sets of options, not a single string.")
    if isinstance(ballots, Mapping):
        grouped: Counter = Counter()
        for ballot, count in ballots.items():
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValueError(f"The number of ballots {sorted(ballot)!r} must be 0 or more.")
            grouped[_as_set(ballot, None)] += count
        return grouped
    grouped = Counter()
    for position, ballot in enumerate(ballots, 1):
        # frozensets hash fast; identical ballots are then counted once per group, not each.
        grouped[ballot if isinstance(ballot, frozenset) else _as_set(ballot, position)] += 1
    return grouped


def _as_set(ballot: object, position: int | None) -> frozenset:
    where = f"Ballot {position}" if position else f"Ballot {ballot!r}"
    if isinstance(ballot, str) or not isinstance(ballot, Iterable):
        raise ValueError(f"{where} must be a set of options, not {ballot!r}.")
    items = list(ballot)
    result = frozenset(items)
    if len(result) != len(items):
        raise ValueError(f"{where} approves the same option more than once.")
    return result


def approval(
    ballots: Iterable[Iterable[Option]] | Mapping[frozenset, int],
    options: Iterable[Option],
    *,
    seed: Seed = None,
) -> Result:
    """Count approval ballots: the option with the most approvals wins.

    - ``options`` is every option on the ballot paper, so options nobody approved are shown
      with 0. A ballot naming an option not in the list raises ``ValueError`` (the caller
      validates ballots before storing them; a count never silently drops one).
    - An empty ballot (approving nothing) is valid: it is counted as a ballot cast, and it
      adds nothing to any option.
    - A tie for the most approvals is broken by lot, with ``random.Random(seed)`` over the
      tied options sorted by id; the seed is recorded in ``tie_breaks`` and
      ``details["seed"]`` so anyone can re-run the count. With no seed, a fresh one is drawn
      and recorded. There are no earlier rounds to look at.
    - If nobody approved anything, there is no winner: a lot among options nobody wants would
      pretend to a decision that was not made.
    """
    options = check_options(options)
    grouped = _group(ballots)
    known = set(options)
    seen = set().union(*grouped) if grouped else set()
    unknown = sorted(seen - known, key=str)
    if unknown:
        raise ValueError(f"A ballot approves {unknown[0]!r}, which is not one of the options.")

    totals = dict.fromkeys(options, 0)
    for ballot, count in grouped.items():
        for option in ballot:
            totals[option] += count
    ballot_count = sum(grouped.values())
    empty = grouped.get(frozenset(), 0)

    lot = Lot(seed)
    tie_breaks: list[str] = []
    best = max(totals.values())
    top = [o for o in options if totals[o] == best]
    if best == 0:
        winners: tuple[Option, ...] = ()
        explanation = (
            "No winner: no ballots were cast."
            if ballot_count == 0
            else "No winner: nobody approved any option."
        )
    else:
        winner = (
            top[0]
            if len(top) == 1
            else break_tie_by_lot(top, lot, "the most approvals", tie_breaks)
        )
        winners = (winner,)
        explanation = (
            f"{winner} wins with {plural(best, 'approval')} from "
            f"{plural(ballot_count, 'ballot')} "
            f"({_share(best, ballot_count)} of ballots approved it)."
        )
        if len(top) > 1:
            explanation += f" {and_list(top)} were tied; {winner} was chosen by lot."
        others = sorted((o for o in options if o != winner), key=lambda o: (-totals[o], o))
        if others:
            explanation += " Others: " + ", ".join(f"{o} {totals[o]}" for o in others) + "."

    stage = Stage(
        number=1,
        action="tally",
        votes=totals,
        elected=winners,
        note=explanation,
    )
    details = {
        "ballots": ballot_count,
        "empty_ballots": empty,
        "most_approvals": best,
        "tied": top if len(top) > 1 and best > 0 else [],
        **lot.record(),
    }
    return Result(
        method="approval",
        winners=winners,
        stages=(stage,),
        details=details,
        tie_breaks=tuple(tie_breaks),
        explanation=explanation,
    )


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"
