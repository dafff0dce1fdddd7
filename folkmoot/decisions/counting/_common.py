"""Small helpers shared by the single-choice methods (majority, consensus, approval, score, IRV).

Nothing here knows about a particular method: checking the list of options, drawing lots
reproducibly, and writing numbers and lists in plain words.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable, Sequence
from fractions import Fraction

from .types import Option

# A seed may be any int or str: both give the same draws every time with random.Random(seed).
Seed = int | str | None


def check_options(options: Iterable[Option]) -> tuple[Option, ...]:
    """Return the options sorted, so no count depends on the order they were given in.

    Raises ``ValueError`` for an empty list, a repeated option or an option that is not a
    non-empty string (options are ids written as text, so results serialise to JSON).
    """
    if isinstance(options, str):
        raise ValueError("Options must be a list of option ids, not a single string.")
    given = list(options)
    if not given:
        raise ValueError("There must be at least one option.")
    for option in given:
        if not isinstance(option, str) or not option:
            raise ValueError(f"Option {option!r} is not valid: options are non-empty strings.")
    if len(set(given)) != len(given):
        repeated = sorted({o for o in given if given.count(o) > 1})
        raise ValueError(f"Option {repeated[0]!r} is listed more than once.")
    return tuple(sorted(given))


class Lot:
    """Draws lots reproducibly: ``random.Random(seed)``, created only when a lot is needed.

    If no seed was given, a fresh one is taken from the operating system the first time a lot
    is drawn, and kept in ``seed`` so it can be recorded and the count re-run exactly. Tied
    options are always sorted before the draw, so the draw never depends on input order.
    """

    def __init__(self, seed: Seed = None):
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | str)):
            raise ValueError("The random seed must be a whole number or a string.")
        self.seed: Seed = seed
        self._rng: random.Random | None = None
        self.used = False

    def draw(self, tied: Iterable[Option]) -> Option:
        """Pick one of ``tied`` by lot."""
        candidates = sorted(tied)
        if self._rng is None:
            if self.seed is None:
                self.seed = secrets.randbelow(2**32)
            self._rng = random.Random(self.seed)
        self.used = True
        return self._rng.choice(candidates)

    def record(self) -> dict[str, object]:
        """The facts to put into ``Result.details`` about the lot."""
        return {"seed": self.seed, "lot_drawn": self.used}


def break_tie_by_lot(tied: Sequence[Option], lot: Lot, what: str, tie_breaks: list[str]) -> Option:
    """Draw one of ``tied`` by lot and add a plain-words record of the draw to ``tie_breaks``.

    ``what`` says what the draw decides, e.g. "the winner" or "who is excluded in round 3".
    """
    chosen = lot.draw(tied)
    tie_breaks.append(
        f"{and_list(sorted(tied))} were tied for {what}; {chosen} was chosen by lot "
        f"(Python random.Random with seed {lot.seed!r}, choice from the tied options "
        f"sorted by id)."
    )
    return chosen


def and_list(items: Iterable[object]) -> str:
    """ "A", "A and B", "A, B and C"."""
    words = [str(i) for i in items]
    if not words:
        return "nobody"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def fraction_text(value: Fraction) -> str:
    """ "2/3", "1/2", "1" - a threshold as people write it."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def percent(share: Fraction, threshold: Fraction | None = None) -> str:
    """A share as a whole percentage, rounded so it never looks on the wrong side of a threshold.

    Rounding 199 of 299 (66.56%) to "67%" next to "2/3 needed" would look as if it met the
    threshold when it did not, so a share below ``threshold`` is rounded down; other shares
    are rounded half up.
    """
    hundred = Fraction(share) * 100
    if threshold is not None and share < threshold:
        whole = hundred.numerator // hundred.denominator
    else:
        whole = int(hundred + Fraction(1, 2))
    return f"{whole}%"


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 ballot", "2 ballots"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
