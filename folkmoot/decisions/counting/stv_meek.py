"""Single Transferable Vote by Meek's method (as in the ERS/New Zealand Meek rules).

Every candidate has a *keep value*: 1 while hopeful, 0 once excluded, and, once elected, the
share of each vote reaching them that they keep so they end with just the quota. A paper
gives each candidate on it, in order, ``weight x keep value`` and passes the rest on; what
is left after the last preference is *excess* (exhausted). So, unlike the Scottish rules,
surpluses also flow to later preferences on papers that pass through elected candidates,
and votes are never stuck with a candidate who no longer needs them.

The count, following B. A. Wichmann / I. D. Hill's implementation of the NZ rules:

1. Quota = (total votes - excess) / (seats + 1), to nine decimal places, plus 10^-9. It is
   recalculated in every iteration, so exhausted papers lower it.
2. Iterate: share the votes out with the current keep values; any hopeful with at least
   the quota is elected (keep value stays 1 until the next iteration); then each elected
   candidate's keep value becomes ``keep x quota / votes`` (rounded up to nine places).
3. When the total surplus of the elected is below ``tolerance`` (10^-5 votes by default, as
   in the NZ rules) or keep values stop changing, and nobody new is elected, the hopeful
   with the fewest votes is excluded (keep value 0) and iteration goes on.
4. When the hopefuls are no more than the seats left, they are all elected.

Arithmetic is in integers of 10^-9 of a vote: each candidate keeps ``weight x keep``
rounded *up* and passes on the rest, so nothing is created by rounding.

Stages: one ``Stage`` per decision, not per iteration: stage 1 is the first preferences,
then one stage for each election or exclusion, with the votes as they stood when it was
made and, in the note, how many iterations it took and the quota then. ``transfers`` is
each candidate's change since the previous stage.

Ties: equal lowest hopefuls are separated by the most recent earlier stage at which their
votes differed (fewer votes is excluded); if they were equal at every stage, by lot with
``random.Random(seed)``, recorded in ``details["seed"]`` and ``tie_breaks``. Equal votes
among candidates elected together only decide the order they are listed in (same rule,
more votes first).

Equal rankings on a paper are treated as in the Scottish count (see ``_ballots``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from ._ballots import Prepared, prepare, prepare_numbered
from ._common import Lot, Seed, and_list
from .types import Option, Result, Stage

__all__ = ["count_blt_meek", "count_meek_stv"]

METHOD = "meek_stv"
SCALE = 10**9
HOPEFUL, ELECTED, EXCLUDED, WITHDRAWN = 0, 1, 2, 3
DEFAULT_TOLERANCE = Fraction(1, 100_000)
MAX_ITERATIONS = 10_000  # per decision; a safety net, never reached in practice


def count_meek_stv(
    candidates: Sequence[Option],
    ballots: Iterable[tuple[Sequence, int]] | Mapping[tuple, int],
    seats: int,
    *,
    withdrawn: Iterable[Option] = (),
    seed: Seed = None,
    tolerance: Fraction = DEFAULT_TOLERANCE,
) -> Result:
    """Count ranked ballots by Meek STV; arguments as ``stv_scottish.count_scottish_stv``."""
    return _count(prepare(candidates, ballots, withdrawn), seats, seed, tolerance)


def count_blt_meek(election, seed: Seed = None, tolerance: Fraction = DEFAULT_TOLERANCE) -> Result:
    """Count a parsed ``blt.BltElection`` by Meek STV."""
    prep = prepare_numbered(
        election.candidate_ids, election.ballots, election.withdrawn, plain=election.plain
    )
    return _count(prep, election.seats, seed, tolerance)


def _fmt(units: int) -> str:
    whole, frac = divmod(units, SCALE)
    return f"{whole}.{frac:09d}".rstrip("0").rstrip(".") if frac else str(whole)


def _count(prep: Prepared, seats: int, seed: Seed, tolerance: Fraction) -> Result:
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise ValueError("The number of seats must be a whole number of at least 1.")
    tol = int(Fraction(tolerance) * SCALE)
    labels = ("", *prep.options)
    n = len(labels)
    status = [HOPEFUL] * n
    status[0] = WITHDRAWN
    for w in prep.withdrawn:
        status[w] = WITHDRAWN
    standing = [c for c in range(1, n) if status[c] != WITHDRAWN]
    keep = [SCALE] * n
    for c in range(n):
        if status[c] == WITHDRAWN:
            keep[c] = 0
    lot = Lot(seed)
    tie_breaks: list[str] = []
    stages: list[Stage] = []
    history: list[list[int]] = []
    elected: list[int] = []
    total = prep.valid * SCALE

    def name(c: int) -> str:
        return labels[c]

    def build_groups() -> list[tuple[tuple[int, ...], int]]:
        """Each paper matters only up to its first hopeful: group papers by that prefix."""
        grouped: dict[tuple[int, ...], int] = {}
        for p, cnt in zip(prep.prefs, prep.counts, strict=True):
            out = []
            for c in p:
                st = status[c]
                if st == HOPEFUL:
                    out.append(c)
                    break
                if st == ELECTED:
                    out.append(c)
            key = tuple(out)
            grouped[key] = grouped.get(key, 0) + cnt
        return list(grouped.items())

    def distribute(groups) -> tuple[list[int], int]:
        votes = [0] * n
        excess = 0
        for key, cnt in groups:
            w = SCALE
            for c in key:
                k = keep[c]
                if k == SCALE:
                    votes[c] += w * cnt
                    w = 0
                    break
                kept = -(-w * k // SCALE)
                votes[c] += kept * cnt
                w -= kept
                if w <= 0:
                    break
            excess += w * cnt
        return votes, excess

    def pick(tied: list[int], highest: bool, what: str) -> int:
        group = sorted(tied)
        for k in range(len(history) - 1, -1, -1):
            snap = history[k]
            vals = [snap[c] for c in group]
            extreme = max(vals) if highest else min(vals)
            narrowed = [c for c in group if snap[c] == extreme]
            if len(narrowed) < len(group):
                group = narrowed
                if len(group) == 1:
                    tie_breaks.append(
                        f"Stage {len(history) + 1}: {and_list(name(c) for c in sorted(tied))} "
                        f"were tied for {what}; {name(group[0])} had "
                        f"{'the most' if highest else 'the fewest'} votes at stage {k + 1}, "
                        f"the most recent stage at which they differed."
                    )
                    return group[0]
        chosen_id = lot.draw([name(c) for c in group])
        tie_breaks.append(
            f"Stage {len(history) + 1}: {and_list(name(c) for c in sorted(tied))} were tied "
            f"for {what} at every stage; {chosen_id} was chosen by lot (Python "
            f"random.Random with seed {lot.seed!r}, choice among the tied candidates sorted "
            f"by id)."
        )
        return labels.index(chosen_id)

    def order_by_votes(group: list[int], votes: list[int]) -> list[int]:
        out = []
        rest = sorted(group, key=lambda c: -votes[c])
        while rest:
            tied = [c for c in rest if votes[c] == votes[rest[0]]]
            chosen = tied[0] if len(tied) == 1 else pick(tied, True, "the order of election")
            out.append(chosen)
            rest.remove(chosen)
        return out

    def record(action, votes, excess, quota, newly=(), excluded=(), note=""):
        prev = history[-1] if history else [0] * n
        history.append(votes)
        stages.append(
            Stage(
                number=len(history),
                action=action,
                votes={name(c): Fraction(votes[c], SCALE) for c in standing},
                elected=tuple(name(c) for c in newly),
                excluded=tuple(name(c) for c in excluded),
                transfers={
                    name(c): Fraction(votes[c] - prev[c], SCALE)
                    for c in standing
                    if votes[c] != prev[c] and action != "first_preferences"
                },
                non_transferable=Fraction(excess, SCALE),
                note=note,
            )
        )

    groups = build_groups()
    votes, excess = distribute(groups)
    quota = (total - excess) // (seats + 1) + 1
    iterations = 0
    first_note = (
        f"{prep.valid} valid papers; quota {_fmt(quota)} (votes not exhausted / "
        f"({seats} + 1), plus 10^-9), recalculated as papers exhaust."
    )
    if prep.invalid:
        first_note += f" {prep.invalid} papers had no valid first preference."
    first_recorded = False

    while len(elected) < seats:
        hopefuls = [c for c in standing if status[c] == HOPEFUL]
        if not hopefuls:
            break
        newly = [c for c in hopefuls if votes[c] >= quota]
        remaining = seats - len(elected)
        if newly:
            newly = order_by_votes(newly, votes)[:remaining]
            for c in newly:
                status[c] = ELECTED
                elected.append(c)
            note = (
                f"{and_list(name(c) for c in newly)} reached the quota ({_fmt(quota)}) "
                f"after {iterations} iteration{'s' if iterations != 1 else ''} and "
                f"{'is' if len(newly) == 1 else 'are'} elected."
            )
            if not first_recorded:
                record(
                    "first_preferences", votes, excess, quota, newly, note=f"{first_note} {note}"
                )
                first_recorded = True
            else:
                record("election", votes, excess, quota, newly, note=note)
            iterations = 0
            groups = build_groups()
            continue
        if not first_recorded:
            record("first_preferences", votes, excess, quota, note=first_note)
            first_recorded = True
        if len(hopefuls) <= remaining:
            last = order_by_votes(hopefuls, votes)
            for c in last:
                status[c] = ELECTED
                elected.append(c)
            record(
                "election",
                votes,
                excess,
                quota,
                last,
                note=(
                    f"{and_list(name(c) for c in last)} "
                    f"{'is' if len(last) == 1 else 'are'} elected: no more hopeful candidates "
                    f"than seats left to fill."
                ),
            )
            break
        surplus = sum(votes[c] - quota for c in elected if votes[c] > quota)
        changed = False
        if surplus >= tol and iterations < MAX_ITERATIONS:
            for c in elected:
                if votes[c] > 0:
                    new = -(-keep[c] * quota // votes[c])
                    if new > SCALE:
                        new = SCALE
                    if new != keep[c]:
                        keep[c] = new
                        changed = True
        if changed:
            iterations += 1
            votes, excess = distribute(groups)
            quota = (total - excess) // (seats + 1) + 1
            continue
        # Converged: exclude the lowest hopeful.
        low = min(votes[c] for c in hopefuls)
        tied = [c for c in hopefuls if votes[c] == low]
        c = tied[0] if len(tied) == 1 else pick(tied, False, "exclusion")
        status[c] = EXCLUDED
        keep[c] = 0
        record(
            "exclusion",
            votes,
            excess,
            quota,
            excluded=(c,),
            note=(
                f"After {iterations} iteration{'s' if iterations != 1 else ''} (surplus "
                f"{_fmt(surplus)}, quota {_fmt(quota)}), {name(c)} has the fewest votes "
                f"({_fmt(low)}) and is excluded."
            ),
        )
        iterations = 0
        groups = build_groups()
        votes, excess = distribute(groups)
        quota = (total - excess) // (seats + 1) + 1

    winners = tuple(name(c) for c in elected)
    details = {
        "seats": seats,
        "valid_papers": prep.valid,
        "invalid_papers": prep.invalid,
        "papers_cut_at_equal_ranking": prep.truncated_at_tie,
        "withdrawn": [name(c) for c in sorted(prep.withdrawn)],
        "final_quota": Fraction(quota, SCALE),
        "keep_values": {name(c): Fraction(keep[c], SCALE) for c in elected},
        "tolerance": Fraction(tolerance),
        **lot.record(),
    }
    explanation = (
        f"Meek STV: {seats} seat{'s' if seats != 1 else ''}, {prep.valid} valid papers; "
        f"{len(stages)} stage{'s' if len(stages) != 1 else ''}; elected {and_list(winners)}."
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
