"""A synthetic Scottish STV count: 1,000,000 ranked ballots, 20 candidates, 5 seats.

The ballots are seeded random preferences with structure: the candidates stand in four
clusters (think parties or slates) of different sizes and popularity; each voter picks a
cluster, ranks some of its candidates in a noisy order around the cluster's favourite, often
carries on into a second cluster, and stops after 1 to 20 preferences (most stop early, as
real voters do). That gives a few hundred thousand distinct rankings, far more than any real
election, so grouping identical papers does not make the count trivially small.

Counted by ``folkmoot.decisions.counting.stv_scottish.count_scottish_stv`` two ways:

- ``papers``: one (ranking, 1) pair per paper, a million of them, as a vote's stored ballots
  arrive; the function groups identical rankings itself (``_ballots.prepare``).
- ``grouped``: a mapping ranking -> number of papers, which the function also accepts.

The baseline, timed in the same run, is the least any count must do: read every paper once
and group identical rankings (``collections.Counter``). Times are the best of ``--repeat``
runs without tracing; peak memory comes from one further run under ``tracemalloc`` (which
slows Python down, so its time is not used). The ballots themselves are built before any
measurement and are not counted in the peak.

Usage: python bench/stv_synthetic.py [--ballots N] [--repeat R] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from folkmoot.decisions.counting.stv_scottish import count_scottish_stv

CANDIDATES = [f"c{i}" for i in range(1, 21)]
SEATS = 5
# (candidates in the cluster, share of voters whose first choice is in it)
CLUSTERS = [(CANDIDATES[0:7], 0.36), (CANDIDATES[7:12], 0.28), (CANDIDATES[12:16], 0.2)]
CLUSTERS.append((CANDIDATES[16:20], 0.16))


def make_ballots(n: int, seed: int) -> list[tuple[str, ...]]:
    rng = random.Random(seed)
    weights = [share for _, share in CLUSTERS]
    # Within each cluster some candidates are better liked: a fixed appeal per candidate.
    appeal = {c: rng.uniform(0.5, 3.0) for c in CANDIDATES}
    lengths = list(range(1, 21))
    length_weights = [1 / (k**1.3) for k in lengths]
    ballots = []
    for _ in range(n):
        first, second = rng.choices(range(len(CLUSTERS)), weights, k=2)
        ranking = []
        for cluster in (first, second) if second != first else (first,):
            members = CLUSTERS[cluster][0]
            ranking.extend(sorted(members, key=lambda c: -appeal[c] * rng.random()))
        rest = [c for c in CANDIDATES if c not in ranking]
        rng.shuffle(rest)
        ranking.extend(rest)
        stop = rng.choices(lengths, length_weights)[0]
        ballots.append(tuple(ranking[:stop]))
    return ballots


def best_of(repeat: int, function, *args):
    best = float("inf")
    out = None
    for _ in range(repeat):
        start = time.perf_counter()
        out = function(*args)
        best = min(best, time.perf_counter() - start)
    return best, out


def group(ballots):
    return Counter(ballots)


def count_papers(ballots):
    return count_scottish_stv(CANDIDATES, ((b, 1) for b in ballots), SEATS, seed=0)


def count_grouped(grouped):
    return count_scottish_stv(CANDIDATES, grouped, SEATS, seed=0)


def peak_mb(function, *args) -> float:
    tracemalloc.start()
    function(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", help="write the figures to this JSON file")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    ballots = make_ballots(args.ballots, args.seed)
    made = time.perf_counter() - start

    baseline, grouped = best_of(args.repeat, group, ballots)
    papers_time, result = best_of(args.repeat, count_papers, ballots)
    grouped_time, result_grouped = best_of(args.repeat, count_grouped, grouped)
    if result.winners != result_grouped.winners:
        raise SystemExit("The two ways of counting disagree: this is a bug.")
    peaks = {
        "baseline": peak_mb(group, ballots),
        "papers": peak_mb(count_papers, ballots),
        "grouped": peak_mb(count_grouped, grouped),
    }
    figures = {
        "ballots": args.ballots,
        "candidates": len(CANDIDATES),
        "seats": SEATS,
        "distinct_rankings": len(grouped),
        "seed": args.seed,
        "generate_seconds": round(made, 3),
        "repeat": args.repeat,
        "seconds": {
            "baseline_read_and_group": round(baseline, 3),
            "count_papers": round(papers_time, 3),
            "count_grouped": round(grouped_time, 3),
        },
        "ratio_to_baseline": {
            "count_papers": round(papers_time / baseline, 2),
            "count_grouped_plus_baseline": round((grouped_time + baseline) / baseline, 2),
        },
        "peak_memory_mb": {k: round(v, 1) for k, v in peaks.items()},
        "stages": len(result.stages),
        "winners": list(result.winners),
        "quota": result.details.get("quota"),
    }
    lines = [
        f"stv_synthetic: {args.ballots:,} ballots, {len(CANDIDATES)} candidates, {SEATS} seats, "
        f"{len(grouped):,} distinct rankings, {len(result.stages)} stages",
        f"  baseline (read and group once) {baseline:6.2f} s   peak {peaks['baseline']:.0f} MB",
        f"  count, one pair per paper      {papers_time:6.2f} s   peak {peaks['papers']:.0f} MB"
        f"   ({papers_time / baseline:.1f}x baseline)",
        f"  count, grouped mapping         {grouped_time:6.2f} s   peak {peaks['grouped']:.0f} MB",
        f"  winners: {', '.join(result.winners)}",
    ]
    print("\n".join(lines))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        figures["summary"] = lines
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
