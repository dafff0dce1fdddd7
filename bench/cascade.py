"""The referral cascade: a city-wide question tallied through 5 levels of councils.

Builds referral trees of 100, 1,000 and 10,000 assemblies under 5 levels of councils (each
council gathers about N^(1/5) bodies from the level below), gives every assembly a decision
(for, against, abstain, or missed the deadline), and times ``councils.rules.cascade`` — every
council's members aggregated into its mandate above, up to the top council's result.

The baseline, timed in the same run, is the least any tally must do: read each assembly's
decision once and count it. The ratio cascade/baseline shows the cost of the levels; the growth
from 1,000 to 10,000 shows the work grows linearly (target: under 1 s at 10,000).

Usage: python bench/cascade.py [--json FILE] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from folkmoot.councils.rules import (
    BODIES,
    DOUBLE,
    MAJORITY,
    PROPORTIONAL,
    RESIDENTS,
    SEATS,
    Leaf,
    Node,
    cascade,
)

LEVELS = 5
ANSWERS = ["for", "for", "against", "abstain", None]  # None: missed the deadline


def build_tree(assemblies: int, seed: int = 2026) -> tuple[Node, list[Leaf]]:
    rng = random.Random(seed)
    leaves = [
        Leaf(answer=rng.choice(ANSWERS), residents=rng.randint(150, 600)) for _ in range(assemblies)
    ]
    fanout = max(2, math.ceil(assemblies ** (1 / LEVELS)))
    bodies: list[tuple[Leaf | Node, int]] = [(leaf, rng.randint(1, 3)) for leaf in leaves]
    for level in range(LEVELS):
        top = level == LEVELS - 1
        groups = (
            [bodies] if top else [bodies[i : i + fanout] for i in range(0, len(bodies), fanout)]
        )
        bodies = [
            (
                Node(
                    result_rule=rng.choice([SEATS, BODIES, RESIDENTS, DOUBLE]),
                    cascade_rule=rng.choice([MAJORITY, PROPORTIONAL]),
                    members=group,
                ),
                rng.randint(1, 4),
            )
            for group in groups
        ]
    return bodies[0][0], leaves


def baseline(leaves: list[Leaf]) -> Counter:
    return Counter(leaf.answer for leaf in leaves)


def best_of(repeat: int, function, *args) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for size in (100, 1_000, 10_000):
        tree, leaves = build_tree(size)
        cascade_s = best_of(args.repeat, cascade, tree)
        baseline_s = best_of(args.repeat, baseline, leaves)
        result = cascade(tree)
        rows.append(
            {
                "assemblies": size,
                "levels": LEVELS,
                "cascade_seconds": round(cascade_s, 5),
                "baseline_seconds": round(baseline_s, 6),
                "ratio_to_baseline": round(cascade_s / baseline_s, 1),
                "microseconds_per_assembly": round(cascade_s / size * 1e6, 2),
                "outcome": result["outcome"],
            }
        )
    growth = rows[2]["cascade_seconds"] / rows[1]["cascade_seconds"]
    summary = {
        "rows": rows,
        "growth_1000_to_10000": round(growth, 2),
        "linear": growth <= 10 * 1.5,  # allow noise; quadratic growth would be ~100
        "target_under_1s_at_10000": rows[2]["cascade_seconds"] < 1.0,
    }
    for row in rows:
        print(
            f"{row['assemblies']:>6} assemblies: cascade {row['cascade_seconds'] * 1000:8.2f} ms "
            f"(baseline {row['baseline_seconds'] * 1000:6.2f} ms, x{row['ratio_to_baseline']}), "
            f"{row['microseconds_per_assembly']} µs per assembly"
        )
    print(
        f"growth 1,000 → 10,000: x{summary['growth_1000_to_10000']} "
        f"({'linear' if summary['linear'] else 'NOT linear'}); under 1 s at 10,000: "
        f"{summary['target_under_1s_at_10000']}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
