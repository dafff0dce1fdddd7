"""The rules of council decisions, as plain functions with no Django inside.

- ``mandate_problem`` / ``ranking_problem``: may a delegate cast this vote for their seat?
- ``aggregate``: what a council's own seats above are mandated to do, from its members'
  decisions on a question referred down from above (the cascade).
- ``council_result``: a council's result from its seats' votes, by the council's rule.
- ``cascade``: a whole referral tree, from assembly decisions at the leaves to the top result.
- ``recall_threshold``: signatures needed to start a recall vote.

A yes/no question has the answers for, against and abstain. A ranking question is answered
with a ranking of its options; rankings are combined by a Borda count (first of n options
scores n-1, last 0), weighted as the rule says, because every seat's whole ranking should
count, not only its first choice.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

FOR, AGAINST, ABSTAIN = "for", "against", "abstain"
ANSWERS = (FOR, AGAINST, ABSTAIN)
ANSWER_WORDS = {FOR: "for", AGAINST: "against", ABSTAIN: "abstain"}

# Council result rules (Council.ResultRule values) and cascade rules (Council.CascadeRule).
SEATS, BODIES, RESIDENTS, DOUBLE, CONSENSUS = "seats", "bodies", "residents", "double", "consensus"
MAJORITY, PROPORTIONAL = "majority", "proportional"


# --- May this vote be cast? -------------------------------------------------------------------


@dataclass(frozen=True)
class MandateTerms:
    """A mandate as the rules see it. ``name`` names it in messages, e.g. "Elm Park Assembly's
    mandate of 3 March 2026 (decision: Close the road to cars: carried)"."""

    instruction: str  # for / against / abstain / ranking / split / discretion
    name: str
    ranking: tuple[str, ...] = ()
    split: Mapping[str, int] = field(default_factory=dict)
    allowed: tuple[str, ...] = ()  # discretion: the answers allowed; empty means any


def mandate_problem(
    answer: str,
    mandate: MandateTerms | None,
    standing: MandateTerms | None,
    cast_by_body: Mapping[str, int] | None = None,
) -> str | None:
    """Why this answer may not be cast for the seat, or None if it may.

    ``mandate`` is the body's mandate on this question, ``standing`` its standing mandate, and
    ``cast_by_body`` the answers its other seats have already cast (for split mandates).
    """
    if answer not in ANSWERS:
        return "Choose for, against or abstain."
    if mandate is None:
        if standing is not None and standing.instruction == "discretion":
            return _outside_bounds(answer, standing)
        if answer == ABSTAIN:
            return None
        return (
            "There is no mandate on this question and the standing mandate gives no "
            "discretion, so the seat abstains."
        )
    if mandate.instruction in (FOR, AGAINST, ABSTAIN):
        if answer == mandate.instruction:
            return None
        return (
            f"{mandate.name} is to vote {ANSWER_WORDS[mandate.instruction]}: "
            f"a vote {ANSWER_WORDS[answer]} is against the mandate."
        )
    if mandate.instruction == "split":
        allowed = int(mandate.split.get(answer, 0))
        cast = int((cast_by_body or {}).get(answer, 0))
        if cast < allowed:
            return None
        shares = ", ".join(
            f"{count} {ANSWER_WORDS[ans]}" for ans, count in mandate.split.items() if count
        )
        return (
            f"{mandate.name} splits the seats: {shares}. "
            f"All the seats mandated {ANSWER_WORDS[answer]} have voted."
            if allowed
            else f"{mandate.name} splits the seats: {shares}. No seat may vote "
            f"{ANSWER_WORDS[answer]}."
        )
    if mandate.instruction == "discretion":
        return _outside_bounds(answer, mandate)
    return f"{mandate.name} is a ranking: give the ranking, not a single answer."


def _outside_bounds(answer: str, mandate: MandateTerms) -> str | None:
    if not mandate.allowed or answer in mandate.allowed:
        return None
    words = " or ".join(ANSWER_WORDS[a] for a in mandate.allowed)
    return f"{mandate.name} leaves it to the delegate's judgement, but only to vote {words}."


def ranking_problem(
    ranking: Sequence[str],
    options: Sequence[str],
    mandate: MandateTerms | None,
    standing: MandateTerms | None,
) -> str | None:
    """Why this ranking may not be cast for the seat, or None if it may. An empty ranking is
    an abstention."""
    if len(set(ranking)) != len(ranking) or any(o not in options for o in ranking):
        return "Rank each option at most once, and only the options of this question."
    if not ranking:
        return None
    if mandate is not None and mandate.instruction == "ranking":
        if tuple(ranking) == tuple(mandate.ranking):
            return None
        return f"{mandate.name} is this ranking: {', '.join(mandate.ranking)}."
    if mandate is not None and mandate.instruction != "discretion":
        return f"{mandate.name} is not a ranking; the seat can only abstain on this question."
    if mandate is not None or (standing is not None and standing.instruction == "discretion"):
        return None
    return (
        "There is no mandate on this question and the standing mandate gives no "
        "discretion, so the seat abstains."
    )


def instruction_words(
    instruction: str,
    ranking: Sequence[str] = (),
    split: Mapping[str, int] | None = None,
    allowed: Sequence[str] = (),
) -> str:
    """A mandate's instruction as a delegate reads it: "Vote for", "Split the seats: 2 for,
    1 against", "Vote this ranking: Park, then Library"."""
    if instruction in (FOR, AGAINST):
        return f"Vote {ANSWER_WORDS[instruction]}"
    if instruction == ABSTAIN:
        return "Abstain"
    if instruction == "ranking":
        return "Vote this ranking: " + ", then ".join(ranking)
    if instruction == "split":
        shares = ", ".join(
            f"{count} {ANSWER_WORDS[answer]}" for answer, count in (split or {}).items() if count
        )
        return f"Split the seats: {shares}"
    if instruction == "discretion":
        if allowed:
            return "Use their judgement, but only " + " or ".join(
                "abstain" if a == ABSTAIN else f"vote {ANSWER_WORDS[a]}" for a in allowed
            )
        return "Use their judgement"
    return instruction


def ranking_from_count(result: Mapping) -> list[str]:
    """The full order of a counted choice (a decisions ``Vote.result``): the winners first,
    then the others by the rounds of the count, the last ones still in the count first, and
    within a round by their votes (an instant runoff's exclusions in reverse order).

    Options with equal votes in the same round keep the order the count listed them in."""
    order = [str(w) for w in result.get("winners") or []]
    for stage in reversed(result.get("stages") or []):
        votes = stage.get("votes") or {}
        rest = [str(o) for o in votes if str(o) not in order]
        rest.sort(key=lambda o: -float(votes[o]))
        order.extend(rest)
    return order


# --- Results ----------------------------------------------------------------------------------


@dataclass
class BodyVotes:
    """One member body in a council result: its seats and how they voted.

    ``answers`` counts the seats' answers (yes/no questions); ``rankings`` lists the seats'
    rankings (ranking questions). Seats that cast nothing are ``seats`` minus what was cast and
    count as abstaining. ``residents`` is the body's verified residents (its members' sum for a
    council), used by the residents and double-majority rules.
    """

    key: str
    seats: int
    answers: Mapping[str, int] = field(default_factory=dict)
    rankings: Sequence[Sequence[str]] = ()
    residents: int = 0
    decided: bool = True


def body_position(answers: Mapping[str, int]) -> str:
    """A body's position: the majority of its seats' for and against votes; a tie abstains."""
    yes, no = answers.get(FOR, 0), answers.get(AGAINST, 0)
    return FOR if yes > no else AGAINST if no > yes else ABSTAIN


def council_result(rule: str, bodies: Sequence[BodyVotes]) -> dict:
    """The result of a yes/no question. Abstentions are counted and shown but do not count
    towards a majority; a tie is not carried (a change needs more for it than against it)."""
    seats = Counter({FOR: 0, AGAINST: 0, ABSTAIN: 0})
    positions = Counter({FOR: 0, AGAINST: 0, ABSTAIN: 0})
    residents = {FOR: Fraction(0), AGAINST: Fraction(0), ABSTAIN: Fraction(0)}
    per_body = []
    for body in bodies:
        answers = {a: int(body.answers.get(a, 0)) for a in ANSWERS}
        answers[ABSTAIN] += max(0, body.seats - sum(answers.values()))
        seats.update(answers)
        position = body_position(answers)
        positions[position] += 1
        for answer, count in answers.items():
            if body.seats:
                residents[answer] += Fraction(body.residents * count, body.seats)
        per_body.append({"key": body.key, "answers": answers, "position": position})

    by_seats = seats[FOR] > seats[AGAINST]
    by_bodies = positions[FOR] > positions[AGAINST]
    by_residents = residents[FOR] > residents[AGAINST]
    if rule == SEATS:
        carried = by_seats
    elif rule == BODIES:
        carried = by_bodies
    elif rule == RESIDENTS:
        carried = by_residents
    elif rule == DOUBLE:
        carried = by_bodies and by_residents
    elif rule == CONSENSUS:
        carried = positions[FOR] > 0 and positions[AGAINST] == 0
    else:
        raise ValueError(f"unknown result rule {rule!r}")
    return {
        "kind": "yes_no",
        "rule": rule,
        "outcome": "carried" if carried else "not_carried",
        "seats": dict(seats),
        "bodies": dict(positions),
        "residents": {a: _round(v) for a, v in residents.items()},
        "per_body": per_body,
    }


def ranking_result(rule: str, bodies: Sequence[BodyVotes], options: Sequence[str]) -> dict:
    """The result of a ranking question: a Borda count of the seats' rankings. Each seat
    weighs 1 (seats), each body 1 shared by its voting seats (bodies, consensus), or each body
    its residents shared by its voting seats (residents, double)."""
    scores = {option: Fraction(0) for option in options}
    n = len(options)
    for body in bodies:
        voting = [r for r in body.rankings if r]
        if not voting:
            continue
        if rule == SEATS:
            weight = Fraction(1)
        elif rule in (RESIDENTS, DOUBLE):
            weight = Fraction(body.residents, len(voting))
        else:
            weight = Fraction(1, len(voting))
        for ranking in voting:
            for place, option in enumerate(ranking):
                scores[option] += weight * (n - 1 - place)
    order = sorted(options, key=lambda o: (-scores[o], list(options).index(o)))
    return {
        "kind": "ranking",
        "rule": rule,
        "outcome": "ranked" if any(scores.values()) else "no_ranking",
        "ranking": order,
        "scores": {o: _round(scores[o]) for o in options},
    }


def _round(value: Fraction) -> float:
    return round(float(value), 3)


# --- The cascade ------------------------------------------------------------------------------


@dataclass
class MemberOutcome:
    """What one member body decided on a question referred to it: an answer (yes/no), a
    ranking, or a split of seats; ``None`` answer and empty ranking when it did not decide."""

    seats: int
    answer: str | None = None
    ranking: Sequence[str] = ()
    split: Mapping[str, int] | None = None
    residents: int = 0


def aggregate(
    rule: str, members: Sequence[MemberOutcome], seats_above: int, options: Sequence[str] = ()
) -> dict:
    """The mandate for a council's own seats above, from its members' decisions.

    ``majority``: every seat follows the majority of the member bodies that decided (each body
    one voice; a tie, or nobody deciding, abstains). ``proportional``: the seats above are
    shared out among for, against and abstain in proportion to the members' seats, by largest
    remainder. For a ranking question both give the members' Borda ranking.
    Returns a mandate as a dict: ``{"instruction": ..., "ranking": [...], "split": {...}}``.
    """
    if options:
        bodies = [
            BodyVotes(key=str(i), seats=1, rankings=[m.ranking] if m.ranking else [])
            for i, m in enumerate(members)
        ]
        ranking = ranking_result(BODIES, bodies, options)
        if ranking["outcome"] == "no_ranking":
            return {"instruction": ABSTAIN, "ranking": [], "split": {}}
        return {"instruction": "ranking", "ranking": ranking["ranking"], "split": {}}
    if rule == PROPORTIONAL:
        weights = Counter({FOR: 0, AGAINST: 0, ABSTAIN: 0})
        for member in members:
            if member.split:
                for answer, count in member.split.items():
                    weights[answer] += count
            else:
                weights[member.answer or ABSTAIN] += member.seats
        split = largest_remainder(weights, seats_above)
        nonzero = [a for a in ANSWERS if split[a]]
        if len(nonzero) == 1:
            return {"instruction": nonzero[0], "ranking": [], "split": {}}
        return {"instruction": "split", "ranking": [], "split": split}
    positions = Counter()
    for member in members:
        if member.split:
            positions[body_position(member.split)] += 1
        else:
            positions[member.answer or ABSTAIN] += 1
    return {"instruction": body_position(positions), "ranking": [], "split": {}}


def largest_remainder(weights: Mapping[str, int], seats: int) -> dict[str, int]:
    """Share ``seats`` among the answers in proportion to ``weights`` (Hamilton's method);
    equal remainders go to for, then against, then abstain. No weight at all abstains."""
    total = sum(weights.values())
    if total == 0:
        return {FOR: 0, AGAINST: 0, ABSTAIN: seats}
    quotas = {a: Fraction(weights.get(a, 0) * seats, total) for a in ANSWERS}
    shares = {a: math.floor(q) for a, q in quotas.items()}
    left = seats - sum(shares.values())
    for answer in sorted(ANSWERS, key=lambda a: (-(quotas[a] - shares[a]), ANSWERS.index(a))):
        if left == 0:
            break
        shares[answer] += 1
        left -= 1
    return shares


@dataclass
class Leaf:
    """An assembly's decision on a referred question: an answer or a ranking (or nothing, if
    it missed the deadline)."""

    answer: str | None = None
    ranking: Sequence[str] = ()
    residents: int = 0


@dataclass
class Node:
    """A council in a referral tree: its rules and its members, each with its seats here."""

    result_rule: str
    cascade_rule: str
    members: list[tuple[Leaf | Node, int]]


def cascade(top: Node, options: Sequence[str] = ()) -> dict:
    """The top council's result when every delegate votes as mandated, computed from the
    assembly decisions at the leaves through every level. Work grows linearly with the
    number of bodies: each is visited once."""
    bodies = []
    for index, (member, seats) in enumerate(top.members):
        mandate, residents = _mandate_of(member, seats, options)
        bodies.append(_mandated_votes(str(index), seats, mandate, residents))
    if options:
        return ranking_result(top.result_rule, bodies, options)
    return council_result(top.result_rule, bodies)


def _mandate_of(member: Leaf | Node, seats: int, options: Sequence[str]) -> tuple[dict, int]:
    if isinstance(member, Leaf):
        if options:
            instruction = "ranking" if member.ranking else ABSTAIN
            return {"instruction": instruction, "ranking": list(member.ranking)}, member.residents
        return {"instruction": member.answer or ABSTAIN}, member.residents
    outcomes = []
    residents = 0
    for child, child_seats in member.members:
        mandate, child_residents = _mandate_of(child, child_seats, options)
        residents += child_residents
        outcomes.append(
            MemberOutcome(
                seats=child_seats,
                answer=mandate["instruction"] if mandate["instruction"] in ANSWERS else None,
                ranking=mandate.get("ranking") or (),
                split=mandate.get("split") or None,
                residents=child_residents,
            )
        )
    return aggregate(member.cascade_rule, outcomes, seats, options), residents


def _mandated_votes(key: str, seats: int, mandate: dict, residents: int) -> BodyVotes:
    instruction = mandate["instruction"]
    if instruction == "ranking":
        return BodyVotes(key, seats, rankings=[mandate["ranking"]] * seats, residents=residents)
    if instruction == "split":
        return BodyVotes(key, seats, answers=dict(mandate["split"]), residents=residents)
    return BodyVotes(key, seats, answers={instruction: seats}, residents=residents)


# --- Recall -----------------------------------------------------------------------------------


def recall_threshold(resident_members: int, percent: int = 10, cap: int = 20) -> int:
    """Signatures needed to start a recall vote: the smaller of ``percent`` of the resident
    members (rounded up) and ``cap``, and at least one."""
    return max(1, min(math.ceil(resident_members * percent / 100), cap))
