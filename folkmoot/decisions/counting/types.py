"""The shapes every decision method answers with."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

# Candidates and options are named by plain strings (ids as text), so results serialise to JSON.
Option = str
Number = int | Fraction | float


@dataclass(frozen=True)
class Stage:
    """One step of a count: the votes each option has at this point and what happened.

    ``votes`` maps every option still relevant to its total at this stage. ``action`` is a
    short machine-readable word ("first_preferences", "surplus", "exclusion", "round",
    "tally", ...), ``elected`` and ``excluded`` say who was decided at this stage, ``transfers``
    how many votes moved to each option, and ``note`` explains it in plain words (why someone
    was excluded, how a tie was broken).
    """

    number: int
    action: str
    votes: dict[Option, Number]
    elected: tuple[Option, ...] = ()
    excluded: tuple[Option, ...] = ()
    transfers: dict[Option, Number] = field(default_factory=dict)
    non_transferable: Number = 0
    note: str = ""


@dataclass(frozen=True)
class Result:
    """What a method decided, and how."""

    method: str
    winners: tuple[Option, ...]
    stages: tuple[Stage, ...] = ()
    # Facts specific to the method: quota, thresholds met, quorum, blocks, ...
    details: dict[str, Any] = field(default_factory=dict)
    # Tie-breaks that needed lots, with the seed used, so anyone can re-run the count.
    tie_breaks: tuple[str, ...] = ()
    explanation: str = ""
