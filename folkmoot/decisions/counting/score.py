"""Score (range) voting for a single choice: each ballot gives options a score from 0 to a maximum.

A ballot is a ``dict`` from option id to a whole-number score between 0 and ``max_score``.
A ballot need not score every option; what a missing score means is a parameter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Literal

from ._common import Lot, Seed, and_list, break_tie_by_lot, check_options, plural
from .types import Number, Option, Result, Stage

Aggregate = Literal["total", "mean"]
Missing = Literal["zero", "excluded"]


def score(
    ballots: Iterable[Mapping[Option, int]],
    options: Iterable[Option],
    *,
    max_score: int,
    aggregate: Aggregate = "total",
    missing: Missing = "zero",
    seed: Seed = None,
) -> Result:
    """Count score ballots: the option with the highest total (or mean) score wins.

    - ``aggregate="total"`` adds the scores up; ``"mean"`` divides each option's total by the
      number of ballots that count for it. Means are exact fractions, so no rounding can
      change a result.
    - ``missing="zero"`` treats an option a ballot left out as scored 0 (the voter did not
      support it). ``missing="excluded"`` leaves that ballot out of the option's mean, for
      when people skip options they know nothing about. For totals the two are the same, as a
      missing score adds nothing either way. With means and "excluded", an option scored by
      a few enthusiasts can beat one scored by everyone; ``details["scored_by"]`` shows how
      many ballots scored each option so the result page can make that visible.
    - Scores must be whole numbers from 0 to ``max_score``; anything else, or an option not
      in ``options``, raises ``ValueError`` naming the ballot (the caller validates; a count
      never silently drops a ballot).
    - A tie for the highest score is broken by lot with ``random.Random(seed)`` over the tied
      options sorted by id, recorded in ``tie_breaks`` with the seed (a fresh seed is drawn
      and recorded when none is given). There are no earlier rounds to consult.
    - No winner when there are no ballots, or when no option got any score above 0: a lot
      among options nobody supported would pretend to a decision that was not made.
    """
    options = check_options(options)
    if isinstance(max_score, bool) or not isinstance(max_score, int) or max_score < 1:
        raise ValueError("The maximum score must be a whole number, 1 or more.")
    if aggregate not in ("total", "mean"):
        raise ValueError('The aggregate must be "total" or "mean".')
    if missing not in ("zero", "excluded"):
        raise ValueError('A missing score must be treated as "zero" or "excluded".')
    if isinstance(ballots, Mapping | str):
        raise ValueError("Ballots must be a list of {option: score} dicts.")

    # Group identical ballots first: a million ballots usually hold far fewer distinct ones.
    grouped: Counter = Counter()
    for position, ballot in enumerate(ballots, 1):
        if not isinstance(ballot, Mapping):
            raise ValueError(f"Ballot {position} must be a dict of option to score.")
        try:
            grouped[frozenset(ballot.items())] += 1
        except TypeError as error:
            raise ValueError(f"Ballot {position} has a score that is not a number.") from error

    known = set(options)
    for ballot in grouped:
        for option, value in ballot:
            if option not in known:
                raise ValueError(f"A ballot scores {option!r}, which is not one of the options.")
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(
                    f"A ballot gives {option} the score {value!r}; scores are whole numbers."
                )
            if not 0 <= value <= max_score:
                raise ValueError(
                    f"A ballot gives {option} the score {value}; scores go from 0 to {max_score}."
                )

    ballot_count = sum(grouped.values())
    totals = dict.fromkeys(options, 0)
    scored_by = dict.fromkeys(options, 0)
    for ballot, count in grouped.items():
        for option, value in ballot:
            totals[option] += value * count
            scored_by[option] += count

    values: dict[Option, Number]
    if aggregate == "total":
        values = dict(totals)
    else:
        values = {}
        for option in options:
            divisor = ballot_count if missing == "zero" else scored_by[option]
            values[option] = Fraction(totals[option], divisor) if divisor else Fraction(0)

    lot = Lot(seed)
    tie_breaks: list[str] = []
    best = max(values.values())
    top = [o for o in options if values[o] == best]
    word = "total score" if aggregate == "total" else "mean score"
    if best == 0:
        winners: tuple[Option, ...] = ()
        explanation = (
            "No winner: no ballots were cast."
            if ballot_count == 0
            else "No winner: no option was given a score above 0."
        )
    else:
        winner = (
            top[0]
            if len(top) == 1
            else break_tie_by_lot(top, lot, f"the highest {word}", tie_breaks)
        )
        winners = (winner,)
        explanation = (
            f"{winner} wins with the highest {word}, {_number(best)} "
            f"(scores 0 to {max_score}, {plural(ballot_count, 'ballot')})."
        )
        if len(top) > 1:
            explanation += f" {and_list(top)} were tied; {winner} was chosen by lot."
        others = sorted((o for o in options if o != winner), key=lambda o: (-values[o], o))
        if others:
            explanation += (
                " Others: " + ", ".join(f"{o} {_number(values[o])}" for o in others) + "."
            )
        if aggregate == "mean" and missing == "excluded":
            explanation += " Each mean counts only the ballots that scored that option."

    stage = Stage(number=1, action="tally", votes=values, elected=winners, note=explanation)
    details = {
        "ballots": ballot_count,
        "max_score": max_score,
        "aggregate": aggregate,
        "missing": missing,
        "totals": totals,
        "scored_by": scored_by,
        "tied": top if len(top) > 1 and best > 0 else [],
        **lot.record(),
    }
    return Result(
        method="score",
        winners=winners,
        stages=(stage,),
        details=details,
        tie_breaks=tuple(tie_breaks),
        explanation=explanation,
    )


def _number(value: Number) -> str:
    """A total as is; a mean to two decimal places (the exact fraction is in the stage)."""
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{float(value):.2f}"
    return str(int(value))
