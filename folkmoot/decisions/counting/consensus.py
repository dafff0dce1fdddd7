"""Consensus: agree, stand aside or block, round after round, with an optional fallback vote.

Each response is ``"agree"``, ``"stand_aside"`` or ``"block"``, with an optional reason. A
response may be given as a ``Response``, as a bare position string, or as a
``(position, reason)`` pair. ``consensus`` takes the rounds held so far, oldest first, each a
list of responses.

How one round is judged:

- It is **blocked** when ``block_threshold`` or more people block (default 1: a single
  block stops it, as in most consensus processes; some assemblies need 2 or more so one
  person cannot stop everything).
- It **fails for too many stand-asides** when more than ``max_stand_asides`` people stand
  aside (a whole number), or more than that share of those taking part (a ``Fraction``).
  Default ``None``: stand-asides never stop it. Many stand-asides mean people will not help
  to carry the decision out, which some assemblies treat as no consensus.
- Otherwise there is **consensus** - but only if at least one person agrees: a round where
  nobody took part, or everybody stood aside, has not agreed to anything.

When a round has no consensus and it is round ``fallback_after_rounds`` or later, and the
assembly's rules allow a fallback (``fallback``, a ``MajorityRule`` such as a 3/4 qualified
majority), that round's responses are counted as a vote - agree = for, block = against,
stand aside = abstain - and the fallback decides. The result says so. Without a fallback, or
before that round, the result is "no consensus yet" and the assembly may talk again.

Reasons given for stand-asides and blocks are kept, round by round, in
``details["reasons"]`` and repeated in each stage's note, so the result page can show them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ._common import fraction_text, plural
from .majority import Counts, MajorityRule
from .types import Result, Stage

POSITIONS = ("agree", "stand_aside", "block")
POSITION_WORDS = {"agree": "agreed", "stand_aside": "stood aside", "block": "blocked"}


@dataclass(frozen=True)
class Response:
    """One person's response in one round."""

    position: str
    reason: str = ""

    def __post_init__(self):
        if self.position not in POSITIONS:
            raise ValueError(
                f"{self.position!r} is not a consensus response; it must be "
                '"agree", "stand_aside" or "block".'
            )
        if not isinstance(self.reason, str):
            raise ValueError("A reason must be text.")


def _as_response(value: object, round_number: int, position: int) -> Response:
    try:
        if isinstance(value, Response):
            return value
        if isinstance(value, str):
            return Response(value)
        if isinstance(value, tuple) and len(value) == 2:
            return Response(value[0], value[1] or "")
    except ValueError as error:
        raise ValueError(f"Round {round_number}, response {position}: {error}") from error
    raise ValueError(
        f"Round {round_number}, response {position}: {value!r} is not a response; give a "
        'position ("agree", "stand_aside", "block") or a (position, reason) pair.'
    )


def _round_status(
    tally: Counter, block_threshold: int, max_stand_asides: int | Fraction | None
) -> tuple[str, str]:
    """("consensus" | "blocked" | "too_many_stand_asides" | "nobody_agreed", plain words)."""
    agree, aside, block = tally["agree"], tally["stand_aside"], tally["block"]
    taking_part = agree + aside + block
    if block >= block_threshold:
        enough = plural(block_threshold, "block") + (" is" if block_threshold == 1 else " are")
        people = plural(block, "person", "people")
        return "blocked", f"Blocked: {people} blocked ({enough} enough to stop it)."
    if max_stand_asides is not None:
        if isinstance(max_stand_asides, Fraction):
            too_many = taking_part > 0 and Fraction(aside, taking_part) > max_stand_asides
            limit = f"more than {fraction_text(max_stand_asides)} of those taking part"
        else:
            too_many = aside > max_stand_asides
            limit = f"more than {max_stand_asides}"
        if too_many:
            return (
                "too_many_stand_asides",
                f"No consensus: {plural(aside, 'person', 'people')} stood aside "
                f"({limit} standing aside stops it).",
            )
    if agree == 0:
        return "nobody_agreed", "No consensus: nobody agreed."
    return "consensus", "Consensus reached: nobody blocked."


def consensus(
    rounds: Sequence[Iterable[Response | str | tuple[str, str]]],
    *,
    block_threshold: int = 1,
    max_stand_asides: int | Fraction | None = None,
    fallback: MajorityRule | None = None,
    fallback_after_rounds: int | None = None,
) -> Result:
    """Judge the rounds held so far (oldest first); see the module docstring for the rules.

    ``winners`` is ``("agree",)`` when the proposal is agreed by consensus or carried by the
    fallback, and ``()`` otherwise. ``details["outcome"]`` is one of "consensus",
    "no_consensus" (another round may be held), "fallback_carried",
    "fallback_not_carried" or "fallback_no_quorum".

    Raises ``ValueError`` for an invalid response, for rounds held after the process was
    already decided (consensus reached, or the fallback used) - they cannot count, so the
    caller has made a mistake - and for a fallback without ``fallback_after_rounds`` or the
    other way round.
    """
    if isinstance(block_threshold, bool) or not isinstance(block_threshold, int):
        raise ValueError("The block threshold must be a whole number.")
    if block_threshold < 1:
        raise ValueError("The block threshold must be at least 1.")
    if max_stand_asides is not None:
        if isinstance(max_stand_asides, bool) or not isinstance(max_stand_asides, int | Fraction):
            raise ValueError("The stand-aside limit must be a whole number or a Fraction.")
        if max_stand_asides < 0 or (
            isinstance(max_stand_asides, Fraction) and max_stand_asides > 1
        ):
            raise ValueError("The stand-aside limit must be 0 or more (a share: at most 1).")
    if (fallback is None) != (fallback_after_rounds is None):
        raise ValueError(
            "A fallback needs both the rule (fallback) and the number of rounds before it "
            "applies (fallback_after_rounds)."
        )
    if fallback_after_rounds is not None and (
        isinstance(fallback_after_rounds, bool)
        or not isinstance(fallback_after_rounds, int)
        or fallback_after_rounds < 1
    ):
        raise ValueError("fallback_after_rounds must be a whole number, 1 or more.")
    if isinstance(rounds, str | Response):
        raise ValueError("Give a list of rounds, each a list of responses.")
    rounds = list(rounds)

    stages: list[Stage] = []
    reasons: list[dict[str, object]] = []
    round_facts: list[dict[str, object]] = []
    outcome = "no_consensus"
    winners: tuple[str, ...] = ()
    explanation = ""
    fallback_result: Result | None = None

    for number, given in enumerate(rounds, 1):
        if outcome != "no_consensus":
            raise ValueError(
                f"Round {number} was held after the decision in round {number - 1}; "
                "it cannot be counted."
            )
        if isinstance(given, str | Response):
            raise ValueError(f"Round {number} must be a list of responses.")
        responses = [_as_response(r, number, i) for i, r in enumerate(given, 1)]
        tally = Counter(r.position for r in responses)
        round_reasons = sorted(
            (
                {"round": number, "position": r.position, "reason": r.reason.strip()}
                for r in responses
                if r.position != "agree" and r.reason.strip()
            ),
            # Sorted so the list never depends on the order responses were stored in.
            key=lambda item: (POSITIONS.index(item["position"]), item["reason"]),
        )
        reasons.extend(round_reasons)
        status, note = _round_status(tally, block_threshold, max_stand_asides)
        round_facts.append(
            {
                "round": number,
                "status": status,
                "agree": tally["agree"],
                "stand_aside": tally["stand_aside"],
                "block": tally["block"],
            }
        )
        note = (
            f"Round {number}: " + _tally_words(tally) + " " + note + _reasons_words(round_reasons)
        )
        stages.append(
            Stage(
                number=len(stages) + 1,
                action="round",
                votes={p: tally[p] for p in POSITIONS},
                elected=("agree",) if status == "consensus" else (),
                note=note,
            )
        )
        if status == "consensus":
            outcome = "consensus"
            winners = ("agree",)
            explanation = (
                f"Consensus reached in round {number}: "
                + _tally_words(tally)
                + " Nobody blocked"
                + (
                    f" ({plural(block_threshold, 'block')} would have stopped it)."
                    if block_threshold > 1
                    else "."
                )
            )
            continue
        if (
            fallback is not None
            and fallback_after_rounds is not None
            and number >= fallback_after_rounds
        ):
            counts = Counts(
                for_=tally["agree"], against=tally["block"], abstain=tally["stand_aside"]
            )
            fallback_result = fallback.decide(counts)
            outcome = "fallback_" + fallback_result.details["outcome"]
            winners = ("agree",) if fallback_result.winners else ()
            fallback_note = (
                f"No consensus after {plural(number, 'round')}, so the assembly's rules decide "
                f"by a vote ({_rule_words(fallback)}) using the same responses: agree counts "
                f"as for, block as against, stand aside as abstain. " + fallback_result.explanation
            )
            stages.append(
                Stage(
                    number=len(stages) + 1,
                    action="fallback",
                    votes=dict(fallback_result.stages[0].votes),
                    elected=winners,
                    note=fallback_note,
                )
            )
            explanation = note + " " + fallback_note
        else:
            explanation = note
            if fallback is not None and fallback_after_rounds is not None:
                explanation += (
                    f" If there is still no consensus in round {fallback_after_rounds}, a vote "
                    f"decides ({_rule_words(fallback)})."
                )
            else:
                explanation += " The assembly may talk again and hold another round."

    if not rounds:
        explanation = "No rounds have been held yet."
    elif outcome == "consensus" and reasons:
        explanation += _reasons_words([r for r in reasons if r["round"] == len(rounds)])

    details: dict[str, object] = {
        "outcome": outcome,
        "rounds": round_facts,
        "reasons": reasons,
        "block_threshold": block_threshold,
        "max_stand_asides": (
            fraction_text(max_stand_asides)
            if isinstance(max_stand_asides, Fraction)
            else max_stand_asides
        ),
        "fallback": _rule_words(fallback) if fallback else None,
        "fallback_after_rounds": fallback_after_rounds,
    }
    if fallback_result is not None:
        details["fallback_details"] = fallback_result.details
    return Result(
        method="consensus",
        winners=winners,
        stages=tuple(stages),
        details=details,
        explanation=explanation,
    )


def _tally_words(tally: Counter) -> str:
    return f"{tally['agree']} agreed, {tally['stand_aside']} stood aside, {tally['block']} blocked."


def _reasons_words(reasons: list[dict[str, object]]) -> str:
    if not reasons:
        return ""
    parts = [f'{POSITION_WORDS[r["position"]]}: "{r["reason"]}"' for r in reasons]
    return " Reasons given - " + "; ".join(parts) + "."


def _rule_words(rule: MajorityRule) -> str:
    words = "a simple majority" if rule.is_simple else f"a {rule.needed_text} majority"
    if rule.abstentions == "counted":
        words += ", stand-asides counting like votes against"
    return words
