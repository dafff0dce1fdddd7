"""Single Transferable Vote under the Scottish local-election rules (SSI 2007/42, rules 45-52).

The rules, as this module applies them (the Order's words are in
docs/decisions/0008-scottish-stv.md):

- Rule 45/46 - first stage and quota: each valid paper counts one vote for its first
  preference. The quota is the number of valid papers divided by (seats + 1), ignoring any
  decimals, increased by one: ``valid // (seats + 1) + 1``.
- Rule 47: a candidate whose votes equal or exceed the quota at the end of any stage is
  deemed elected. Elected candidates are no longer "continuing": no paper is ever
  transferred to them again.
- Rule 48 - surplus: *all* the papers the elected candidate holds are passed on to their
  next available preference (for a continuing candidate). Each paper's new value is
  ``surplus x (value of the paper when received) / (candidate's total votes)``, calculated
  to five decimal places with any remainder ignored. Papers with no next preference are
  non-transferable; their share of the surplus is lost, and so is what truncation cuts off
  (shown as ``details["rounding_loss"]`` and in each stage's note). The elected candidate is
  left with the quota.
- Rule 49: when several candidates have surpluses, the largest is transferred first, one
  surplus per stage; after every stage anyone newly over the quota is deemed elected and
  their surplus joins the queue. Equal surpluses: the candidate with more votes at the end
  of the *most recent* preceding stage at which they had unequal votes goes first; if they
  were equal at every stage, by lot.
- Rule 50: when no surplus is left to transfer, the continuing candidate with the fewest
  votes is excluded and all their papers pass on at the value each had when received.
- Rule 51: equal lowest: the one with fewer votes at the end of the most recent preceding
  stage at which they were unequal is excluded; if equal at all stages, by lot.
- Rule 52: as soon as the number of continuing candidates equals the number of seats still
  to fill, they are all deemed elected and no further transfer is made.

Numbers: every value is an integer count of 1/100000 of a vote, so the five-place
truncation is exact integer division and nothing depends on floating point. Results give
votes as ``Fraction`` (exactly the five-decimal figures a returning officer would write).

Lots use ``random.Random(seed)`` choosing among the tied candidates sorted by id; the seed
(taken from the operating system when none is given) is kept in ``details["seed"]`` and
every tie-break, by history or by lot, is written in ``Result.tie_breaks``.

Where several candidates reach the quota at the same stage they are listed in ``winners``
in order of their votes (most first; ties by the rule 49 order), which is also the order
their surpluses are transferred in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from ._ballots import Prepared, prepare, prepare_numbered
from ._common import Lot, Seed, and_list
from .types import Option, Result, Stage

__all__ = ["SCALE", "count_blt_scottish", "count_scottish_stv", "quota_for"]

METHOD = "scottish_stv"
SCALE = 100_000  # values are held in 1/100000 of a vote

CONTINUING, ELECTED, EXCLUDED, WITHDRAWN = 0, 1, 2, 3


def quota_for(valid_papers: int, seats: int) -> int:
    """Rule 46: valid papers / (seats + 1), ignoring decimals, plus one."""
    return valid_papers // (seats + 1) + 1


def count_scottish_stv(
    candidates: Sequence[Option],
    ballots: Iterable[tuple[Sequence, int]] | Mapping[tuple, int],
    seats: int,
    *,
    withdrawn: Iterable[Option] = (),
    seed: Seed = None,
) -> Result:
    """Count ranked ballots by the Scottish STV rules.

    ``ballots`` are (ranking, number of papers) pairs, or a mapping ranking -> papers; a
    ranking lists candidate ids, best first (a tuple inside it ranks candidates equally, see
    ``_ballots``). ``withdrawn`` candidates are skipped on every paper.
    """
    return _count(prepare(candidates, ballots, withdrawn), seats, seed)


def count_blt_scottish(election, seed: Seed = None) -> Result:
    """Count a parsed ``blt.BltElection``; winners are its 1-based candidate numbers as text."""
    prep = prepare_numbered(
        election.candidate_ids, election.ballots, election.withdrawn, plain=election.plain
    )
    return _count(prep, election.seats, seed)


def _fmt(units: int) -> str:
    whole, frac = divmod(units, SCALE)
    return f"{whole}.{frac:05d}" if frac else str(whole)


def _count(prep: Prepared, seats: int, seed: Seed) -> Result:
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise ValueError("The number of seats must be a whole number of at least 1.")
    options = prep.options
    # Candidates are numbered from 1 inside the count; slot 0 is never used.
    labels = ("", *options)
    n = len(options) + 1
    prefs = prep.prefs
    counts = prep.counts
    lot = Lot(seed)
    tie_breaks: list[str] = []

    status = [CONTINUING] * n
    status[0] = WITHDRAWN
    for w in prep.withdrawn:
        status[w] = WITHDRAWN
    standing = [c for c in range(n) if status[c] != WITHDRAWN]

    nb = len(prefs)
    value = [SCALE] * nb  # value of each ballot group's papers, in 1/SCALE
    pos = [0] * nb  # index in prefs[b] of the candidate holding the papers
    piles: list[list[int]] = [[] for _ in range(n)]
    votes = [0] * n
    for b in range(nb):
        c = prefs[b][0]
        piles[c].append(b)
        votes[c] += counts[b] * SCALE

    quota_votes = quota_for(prep.valid, seats)
    quota = quota_votes * SCALE
    history: list[tuple[int, ...]] = []  # votes at the end of each stage
    stages: list[Stage] = []
    elected: list[int] = []
    pending: list[int] = []  # elected candidates whose surplus is still to transfer
    rounding_loss = 0
    total_nontransferable = 0

    def name(c: int) -> str:
        return labels[c]

    def pick(tied: list[int], highest: bool, what: str) -> int:
        """Rules 49(2)/(3) and 51(2): most recent preceding stage where they differed, else lot."""
        group = sorted(tied)
        # The current stage is history[-1], where they are equal; look at the ones before.
        for k in range(len(history) - 2, -1, -1):
            snap = history[k]
            vals = [snap[c] for c in group]
            extreme = max(vals) if highest else min(vals)
            narrowed = [c for c in group if snap[c] == extreme]
            if len(narrowed) < len(group):
                group = narrowed
                if len(group) == 1:
                    tie_breaks.append(
                        f"Stage {len(history)}: {and_list(name(c) for c in sorted(tied))} were "
                        f"tied for {what}; {name(group[0])} had "
                        f"{'the most' if highest else 'the fewest'} votes at the end of "
                        f"stage {k + 1}, the most recent stage at which they differed."
                    )
                    return group[0]
        chosen_id = lot.draw([name(c) for c in group])
        chosen = labels.index(chosen_id)
        tie_breaks.append(
            f"Stage {len(history)}: {and_list(name(c) for c in sorted(tied))} were tied for "
            f"{what} and had equal votes at every earlier stage; {chosen_id} was chosen by "
            f"lot (Python random.Random with seed {lot.seed!r}, choice among the tied "
            f"candidates sorted by id)."
        )
        return chosen

    def order_by_votes(group: list[int], what: str) -> list[int]:
        """Most votes first; equal votes in the rule 49 order."""
        out = []
        rest = sorted(group, key=lambda c: -votes[c])
        while rest:
            top = votes[rest[0]]
            tied = [c for c in rest if votes[c] == top]
            chosen = tied[0] if len(tied) == 1 else pick(tied, True, what)
            out.append(chosen)
            rest.remove(chosen)
        return out

    def transfer(c: int, surplus: int = 0, total: int = 0) -> tuple[list[int], int]:
        """Pass on every paper candidate c holds; returns (amount per candidate, lost)."""
        moved = [0] * n
        lost = 0
        tv_cache: dict[int, int] = {}
        for b in piles[c]:
            p = prefs[b]
            i = pos[b] + 1
            end = len(p)
            while i < end and status[p[i]]:
                i += 1
            if surplus:
                v = value[b]
                tv = tv_cache.get(v)
                if tv is None:
                    tv = tv_cache[v] = surplus * v // total
                value[b] = tv
            else:
                tv = value[b]
            if i < end:
                d = p[i]
                pos[b] = i
                piles[d].append(b)
                moved[d] += tv * counts[b]
            else:
                lost += tv * counts[b]
        piles[c] = []
        for d in range(n):
            if moved[d]:
                votes[d] += moved[d]
        return moved, lost

    action = "first_preferences"
    note_parts = [
        f"{prep.valid} valid papers; quota {prep.valid} / ({seats} + 1), ignoring decimals, "
        f"plus 1 = {quota_votes}."
    ]
    if prep.invalid:
        note_parts.append(f"{prep.invalid} papers had no valid first preference.")
    stage_moved: list[int] | None = None
    stage_lost = 0
    stage_excluded: tuple[int, ...] = ()

    while True:
        # End of a stage: rule 47, then rule 52, then record it.
        history.append(tuple(votes))
        newly: list[int] = []
        reached = [c for c in standing if status[c] == CONTINUING and votes[c] >= quota]
        if reached:
            for c in order_by_votes(reached, "the order of election")[: seats - len(elected)]:
                status[c] = ELECTED
                elected.append(c)
                newly.append(c)
                if votes[c] > quota:
                    pending.append(c)
            note_parts.append(
                f"{and_list(name(c) for c in newly)} reached the quota and "
                f"{'is' if len(newly) == 1 else 'are'} elected."
            )
        continuing = [c for c in standing if status[c] == CONTINUING]
        remaining = seats - len(elected)
        if remaining > 0 and len(continuing) <= remaining:
            last = order_by_votes(continuing, "the order of election")
            for c in last:
                status[c] = ELECTED
                elected.append(c)
                newly.append(c)
            if last:
                note_parts.append(
                    f"{and_list(name(c) for c in last)} "
                    f"{'is' if len(last) == 1 else 'are'} elected without reaching the quota: "
                    f"the number of continuing candidates equals the seats left to fill "
                    f"(rule 52)."
                )
            remaining = seats - len(elected)
        stages.append(
            Stage(
                number=len(history),
                action=action,
                votes={name(c): Fraction(votes[c], SCALE) for c in standing},
                elected=tuple(name(c) for c in newly),
                excluded=tuple(name(c) for c in stage_excluded),
                transfers=(
                    {name(d): Fraction(stage_moved[d], SCALE) for d in range(n) if stage_moved[d]}
                    if stage_moved
                    else {}
                ),
                non_transferable=Fraction(stage_lost, SCALE),
                note=" ".join(note_parts),
            )
        )
        if remaining <= 0 or not continuing:
            break

        # Next stage: the largest surplus (rule 49), else an exclusion (rule 50).
        note_parts = []
        stage_excluded = ()
        if pending:
            top = max(votes[c] for c in pending)
            tied = [c for c in pending if votes[c] == top]
            c = tied[0] if len(tied) == 1 else pick(tied, True, "which surplus to transfer first")
            pending.remove(c)
            total = votes[c]
            surplus = total - quota
            stage_moved, lost = transfer(c, surplus, total)
            transferred = sum(stage_moved)
            loss = surplus - transferred - lost
            rounding_loss += loss
            total_nontransferable += lost
            stage_lost = lost + loss
            votes[c] = quota
            action = "surplus"
            note_parts.append(
                f"Surplus of {name(c)} ({_fmt(surplus)}) transferred: every paper passed on "
                f"at {_fmt(surplus)} x its value / {_fmt(total)}, to five decimal places; "
                f"{_fmt(transferred)} transferred, {_fmt(lost)} non-transferable, "
                f"{_fmt(loss)} lost to rounding."
            )
        else:
            low = min(votes[c] for c in continuing)
            tied = [c for c in continuing if votes[c] == low]
            c = tied[0] if len(tied) == 1 else pick(tied, False, "exclusion")
            status[c] = EXCLUDED
            stage_excluded = (c,)
            stage_moved, lost = transfer(c)
            total_nontransferable += lost
            stage_lost = lost
            votes[c] = 0
            action = "exclusion"
            why = "the fewest votes" if len(tied) == 1 else "the fewest votes (after a tie-break)"
            note_parts.append(
                f"{name(c)} has {why} ({_fmt(low)}) and is excluded; their papers pass on "
                f"at their current values ({_fmt(sum(stage_moved))} transferred, "
                f"{_fmt(lost)} non-transferable)."
            )

    winners = tuple(name(c) for c in elected)
    details = {
        "seats": seats,
        "quota": quota_votes,
        "valid_papers": prep.valid,
        "invalid_papers": prep.invalid,
        "papers_cut_at_equal_ranking": prep.truncated_at_tie,
        "withdrawn": [name(c) for c in sorted(prep.withdrawn)],
        "non_transferable": Fraction(total_nontransferable, SCALE),
        "rounding_loss": Fraction(rounding_loss, SCALE),
        **lot.record(),
    }
    explanation = (
        f"Scottish STV (SSI 2007/42): {seats} seat{'s' if seats != 1 else ''}, quota "
        f"{quota_votes} of {prep.valid} valid papers; {len(stages)} "
        f"stage{'s' if len(stages) != 1 else ''}; elected {and_list(winners)}."
    )
    if len(winners) < seats:
        explanation += f" Only {len(winners)} could be elected: too few candidates stood."
    return Result(
        method=METHOD,
        winners=winners,
        stages=tuple(stages),
        details=details,
        tie_breaks=tuple(tie_breaks),
        explanation=explanation,
    )
