"""Ranked ballots made ready for the STV counts: candidates as small ints, identical ballots
grouped with their weights, withdrawn candidates removed, equal rankings dealt with.

Private to ``stv_scottish`` and ``stv_meek``. Nothing here makes one object per ballot
paper: a count of a million papers with a few thousand distinct rankings costs a few
thousand tuples.

Equal rankings (``2=4`` in a BLT file, or a tuple inside a ranking): preferences count only
"in consecutive order" (SSI 2007/42, definition of "next available preference"), so a paper
is used up to the rank before its first tie. A paper whose first preference is tied, or that
has no preference for a candidate who stands, is not a valid vote for anyone and is left out
of the total (``invalid``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .types import Option


@dataclass
class Prepared:
    options: tuple[Option, ...]  # candidate number k (from 1) is options[k - 1]
    prefs: list[tuple[int, ...]]  # distinct rankings, as candidate numbers from 1
    counts: list[int]  # how many papers have each ranking
    valid: int  # total valid papers
    invalid: int  # papers with no usable first preference
    withdrawn: frozenset[int]  # candidate numbers from 1
    truncated_at_tie: int  # valid papers cut short at an equal ranking


def _check_options(candidates: Sequence[Option]) -> tuple[Option, ...]:
    if isinstance(candidates, str):
        raise ValueError("Candidates must be a list of ids, not a single string.")
    options = tuple(candidates)
    if not options:
        raise ValueError("There must be at least one candidate.")
    for o in options:
        if not isinstance(o, str) or not o:
            raise ValueError(f"Candidate {o!r} is not valid: candidates are non-empty strings.")
    if len(set(options)) != len(options):
        raise ValueError("A candidate is listed more than once.")
    return options


def prepare(
    candidates: Sequence[Option],
    ballots: Iterable[tuple[Sequence, int]] | Mapping[tuple, int],
    withdrawn: Iterable[Option] = (),
) -> Prepared:
    """Check and number ballots given as (ranking of option ids, weight) pairs or a mapping."""
    options = _check_options(candidates)
    number = {o: i for i, o in enumerate(options, start=1)}
    items = ballots.items() if isinstance(ballots, Mapping) else ballots

    def num(o):
        try:
            return number[o]
        except (KeyError, TypeError):
            raise ValueError(f"A ballot ranks {o!r}, who is not a candidate.") from None

    converted = []
    for ranking, weight in items:
        if isinstance(ranking, str):
            raise ValueError("A ballot's ranking must be a list of candidate ids, not a string.")
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
            raise ValueError(f"A ballot weight must be a whole number of papers, not {weight!r}.")
        conv = []
        for r in ranking:
            if isinstance(r, tuple | list | set | frozenset):
                group = tuple(num(x) for x in r)
                conv.append(group[0] if len(group) == 1 else group)
            else:
                conv.append(num(r))
        converted.append((weight, tuple(conv)))
    return prepare_numbered(options, converted, [num(w) for w in withdrawn])


def prepare_numbered(
    options: tuple[Option, ...],
    ballots: Iterable[tuple[int, tuple]],
    withdrawn: Iterable[int] = (),
    *,
    plain: bool = False,
) -> Prepared:
    """Group (weight, ranking) pairs whose rankings are candidate numbers from 1.

    ``plain=True`` promises that no ranking holds an equal ranking or a repeated candidate
    (the BLT reader knows this), which skips a check of every preference when nobody has
    withdrawn.

    This is the shape ``blt.BltElection.ballots`` has, so a parsed file is counted without
    converting anything: weights must already be whole numbers >= 0.
    """
    withdrawn = frozenset(withdrawn)
    grouped: dict[tuple[int, ...], int] = {}
    get = grouped.get
    invalid = 0
    truncated = 0
    if plain and not withdrawn:
        for weight, ranking in ballots:
            if not weight:
                continue
            if ranking:
                grouped[ranking] = get(ranking, 0) + weight
            else:
                invalid += weight
        ballots = ()
    for weight, ranking in ballots:
        if not weight:
            continue
        key = ranking
        plain = True
        for r in ranking:
            if r.__class__ is not int or r in withdrawn:
                plain = False
                break
        if not plain:
            cleaned = []
            seen = set()
            cut = False
            for r in ranking:
                if r.__class__ is not int:
                    rest = [x for x in r if x not in withdrawn and x not in seen]
                    if len(rest) > 1:
                        cut = True
                        break
                    if not rest:
                        continue
                    r = rest[0]
                if r in withdrawn or r in seen:
                    continue
                seen.add(r)
                cleaned.append(r)
            key = tuple(cleaned)
            if cut and key:
                truncated += weight
        if not key:
            invalid += weight
            continue
        grouped[key] = get(key, 0) + weight
    prefs = list(grouped)
    counts = list(grouped.values())
    return Prepared(
        options=options,
        prefs=prefs,
        counts=counts,
        valid=sum(counts),
        invalid=invalid,
        withdrawn=withdrawn,
        truncated_at_tie=truncated,
    )
