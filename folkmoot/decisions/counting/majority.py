"""Simple and qualified majority over for / against / abstain ballots.

A ballot is one of the strings ``"for"``, ``"against"`` or ``"abstain"``. Tellers who count
hands or paper in the room give ``Counts`` instead. Both functions answer with a ``Result``
whose ``winners`` is ``("for",)`` when the proposal is carried and ``()`` otherwise;
``details["outcome"]`` says which of "carried", "not_carried" or "no_quorum" it was.

Rules, in the order they are applied:

1. Quorum (optional): enough people must have taken part. Everyone who handed in a ballot
   takes part, including those who abstained - an abstention is a way of taking part, and
   counting it keeps people from breaking a quorum by abstaining instead of staying away.
   A quorum is a number of people (``quorum``), a share of the electorate
   (``quorum_share`` with ``electorate``), or both (then both must be met).
2. The base: the votes the threshold is measured against. With ``abstentions="excluded"``
   (the usual rule) it is for + against; with ``abstentions="counted"`` it is for + against
   + abstain, so an abstention works like a vote against.
3. Threshold: a simple majority needs *more than half* of the base; a qualified majority
   needs *at least* its threshold (2/3, 3/4, ...) of the base, so exactly 2/3 carries.
4. A tie never carries: if for equals against, the proposal is not carried. With the
   thresholds allowed here (more than half, or a qualified threshold above 1/2) this already
   follows from rule 3; it is also checked on its own so the promise holds even if the
   threshold rules change. A base of zero (nobody voted for or against) does not carry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from ._common import fraction_text, percent, plural
from .types import Result, Stage

CHOICES = ("for", "against", "abstain")
Abstentions = Literal["excluded", "counted"]


@dataclass(frozen=True)
class Counts:
    """Totals of for / against / abstain, as tellers enter them or as counted from ballots.

    ``for_`` has a trailing underscore only because ``for`` is a Python keyword.
    """

    for_: int
    against: int
    abstain: int = 0

    def __post_init__(self):
        for name in ("for_", "against", "abstain"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(
                    f"The number {name.rstrip('_')!r} must be a whole number, 0 or more "
                    f"(got {value!r})."
                )

    @property
    def participants(self) -> int:
        """Everyone who took part, abstentions included."""
        return self.for_ + self.against + self.abstain

    @classmethod
    def from_ballots(cls, ballots: Iterable[str]) -> Counts:
        """Count ballots that are each "for", "against" or "abstain".

        Raises ``ValueError`` naming the first invalid ballot (and its position, counting
        from 1): the caller validates ballots before they are stored; a count never quietly
        treats a bad ballot as spoilt.
        """
        if isinstance(ballots, str):
            raise ValueError("Ballots must be a list of choices, not a single string.")
        ballots = list(ballots)
        tally = Counter(ballots)  # one pass in C, fast for a million ballots
        unknown = set(tally) - set(CHOICES)
        if unknown:
            position = next(i for i, b in enumerate(ballots, 1) if b in unknown)
            raise ValueError(
                f"Ballot {position} is {ballots[position - 1]!r}; a ballot must be "
                f'"for", "against" or "abstain".'
            )
        return cls(for_=tally["for"], against=tally["against"], abstain=tally["abstain"])


def counts_from_ballots(ballots: Iterable[str]) -> Counts:
    """Same as ``Counts.from_ballots``."""
    return Counts.from_ballots(ballots)


def _as_threshold(value: object) -> Fraction:
    if isinstance(value, float):
        raise ValueError(
            "Give the threshold as a fraction such as Fraction(2, 3) or the text '2/3', not "
            "as a decimal number: 0.667 is not exactly two thirds."
        )
    if isinstance(value, bool) or not isinstance(value, Fraction | int | str):
        raise ValueError(f"The threshold {value!r} is not a fraction.")
    try:
        return Fraction(value)
    except (ValueError, ZeroDivisionError) as error:
        raise ValueError(f"The threshold {value!r} is not a fraction.") from error


@dataclass(frozen=True)
class MajorityRule:
    """The settings of a majority vote, so a vote (or a consensus fallback) can carry them.

    ``threshold=None`` is a simple majority (more than half). A qualified majority's
    threshold must be more than 1/2 and at most 1: with half or less, a proposal and its
    opposite could both carry.
    """

    threshold: Fraction | None = None
    abstentions: Abstentions = "excluded"
    quorum: int | None = None
    quorum_share: Fraction | None = None
    electorate: int | None = None

    def __post_init__(self):
        if self.threshold is not None:
            threshold = _as_threshold(self.threshold)
            if not Fraction(1, 2) < threshold <= 1:
                raise ValueError(
                    "A qualified majority must be more than 1/2 and at most 1 "
                    f"(got {fraction_text(threshold)}); use a simple majority for 'more than "
                    "half'."
                )
            object.__setattr__(self, "threshold", threshold)
        if self.abstentions not in ("excluded", "counted"):
            raise ValueError('Abstentions must be "excluded" or "counted".')
        if self.quorum is not None and (
            isinstance(self.quorum, bool) or not isinstance(self.quorum, int) or self.quorum < 0
        ):
            raise ValueError("The quorum must be a whole number of people, 0 or more.")
        if self.electorate is not None and (
            isinstance(self.electorate, bool)
            or not isinstance(self.electorate, int)
            or self.electorate < 0
        ):
            raise ValueError("The electorate must be a whole number of people, 0 or more.")
        if self.quorum_share is not None:
            share = _as_threshold(self.quorum_share)
            if not 0 <= share <= 1:
                raise ValueError("The quorum share must be between 0 and 1.")
            if self.electorate is None:
                raise ValueError(
                    "A quorum given as a share needs the size of the electorate as well."
                )
            object.__setattr__(self, "quorum_share", share)

    @property
    def is_simple(self) -> bool:
        return self.threshold is None

    @property
    def needed_text(self) -> str:
        return "more than half" if self.threshold is None else fraction_text(self.threshold)

    def decide(self, ballots_or_counts: Counts | Iterable[str], method: str = "") -> Result:
        """Count and decide; see the module docstring for the rules."""
        counts = (
            ballots_or_counts
            if isinstance(ballots_or_counts, Counts)
            else Counts.from_ballots(ballots_or_counts)
        )
        return _decide(counts, self, method or _method_name(self))


def _method_name(rule: MajorityRule) -> str:
    return "simple_majority" if rule.is_simple else "qualified_majority"


def _quorum_facts(counts: Counts, rule: MajorityRule) -> tuple[bool, int | None]:
    """Whether the quorum is met, and how many people it needs (None: no quorum)."""
    needed: list[int] = []
    if rule.quorum is not None:
        needed.append(rule.quorum)
    if rule.quorum_share is not None and rule.electorate is not None:
        share_needed = rule.quorum_share * rule.electorate
        # "at least 1/3 of 100 people" is 34 people: round up to a whole person.
        needed.append(-(-share_needed.numerator // share_needed.denominator))
    if not needed:
        return True, None
    required = max(needed)
    return counts.participants >= required, required


def _decide(counts: Counts, rule: MajorityRule, method: str) -> Result:
    quorum_met, quorum_needed = _quorum_facts(counts, rule)
    if rule.abstentions == "excluded":
        base = counts.for_ + counts.against
        base_words = "of those who voted for or against"
    else:
        base = counts.participants
        base_words = "of everyone who voted, abstentions included"
    share = Fraction(counts.for_, base) if base else Fraction(0)
    threshold = rule.threshold if rule.threshold is not None else Fraction(1, 2)
    if rule.threshold is None:
        meets = base > 0 and share > threshold
    else:
        meets = base > 0 and share >= threshold
    tie = counts.for_ == counts.against
    carried = quorum_met and meets and not tie

    if not quorum_met:
        outcome = "no_quorum"
    elif carried:
        outcome = "carried"
    else:
        outcome = "not_carried"

    details: dict[str, object] = {
        "outcome": outcome,
        "carried": carried,
        "for": counts.for_,
        "against": counts.against,
        "abstain": counts.abstain,
        "participants": counts.participants,
        "base": base,
        "abstentions": rule.abstentions,
        "threshold": "more than 1/2" if rule.threshold is None else fraction_text(threshold),
        "share_for": fraction_text(share),
        "tie": tie,
        "quorum_needed": quorum_needed,
        "quorum_met": quorum_met,
        "electorate": rule.electorate,
    }
    if rule.quorum is not None:
        details["quorum"] = rule.quorum
    if rule.quorum_share is not None:
        details["quorum_share"] = fraction_text(rule.quorum_share)

    tally = f"{counts.for_} for, {counts.against} against"
    needed = rule.needed_text + " needed"
    abstained = ""
    if counts.abstain and rule.abstentions == "excluded":
        abstained = (
            f" {plural(counts.abstain, 'person', 'people')} abstained; abstentions are not counted."
        )
    elif counts.abstain:
        abstained = f" {counts.abstain} abstained, and abstentions count like votes against."

    if not quorum_met:
        explanation = (
            f"No decision: not enough people took part. "
            f"{plural(counts.participants, 'person', 'people')} voted; the quorum is "
            f"{plural(quorum_needed or 0, 'person', 'people')}."
        )
    elif base == 0:
        explanation = "Not carried: nobody voted for or against." + abstained
    elif tie:
        explanation = f"Not carried: {tally}. A tie does not carry." + abstained
    else:
        word = "Carried" if carried else "Not carried"
        explanation = (
            f"{word}: {tally} ({percent(share, threshold)} {base_words}; {needed})." + abstained
        )
    if quorum_met and quorum_needed is not None:
        explanation += (
            f" The quorum of {plural(quorum_needed, 'person', 'people')} was met "
            f"({counts.participants} took part)."
        )

    stage = Stage(
        number=1,
        action="tally",
        votes={"for": counts.for_, "against": counts.against, "abstain": counts.abstain},
        elected=("for",) if carried else (),
        note=explanation,
    )
    return Result(
        method=method,
        winners=("for",) if carried else (),
        stages=(stage,),
        details=details,
        explanation=explanation,
    )


def simple_majority(
    ballots: Counts | Iterable[str],
    *,
    abstentions: Abstentions = "excluded",
    quorum: int | None = None,
    quorum_share: Fraction | str | None = None,
    electorate: int | None = None,
) -> Result:
    """Carried when *more than half* of the base voted for (see the module docstring).

    ``ballots`` is an iterable of "for" / "against" / "abstain" strings, or ``Counts``
    entered by tellers. Exactly half is a tie and does not carry: a proposal should only
    change things when more people want it than not.
    """
    rule = MajorityRule(
        threshold=None,
        abstentions=abstentions,
        quorum=quorum,
        quorum_share=quorum_share,
        electorate=electorate,
    )
    return rule.decide(ballots)


def qualified_majority(
    ballots: Counts | Iterable[str],
    threshold: Fraction | str | int = Fraction(2, 3),
    *,
    abstentions: Abstentions = "excluded",
    quorum: int | None = None,
    quorum_share: Fraction | str | None = None,
    electorate: int | None = None,
) -> Result:
    """Carried when *at least* ``threshold`` (2/3, 3/4, any Fraction above 1/2) voted for.

    "A two-thirds majority" is met by exactly two thirds, so 2 for and 1 against carries.
    The threshold is a ``Fraction`` or text like "3/4"; decimals are refused because 0.667 is
    not two thirds and would decide boundary cases wrongly. Everything else is as for
    ``simple_majority``.
    """
    rule = MajorityRule(
        threshold=_as_threshold(threshold),
        abstentions=abstentions,
        quorum=quorum,
        quorum_share=quorum_share,
        electorate=electorate,
    )
    return rule.decide(ballots)
