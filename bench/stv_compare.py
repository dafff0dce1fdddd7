"""Count every real Scottish council election with our Scottish STV and two independent
implementations (the PyPI packages STVPoll and pref_voting), and compare winners and speed.

Not run in CI: it takes a few minutes. Needs ``pip install STVPoll pref_voting``.

    .venv/bin/python bench/stv_compare.py [DATA_DIR] [--every N] [--json OUT.json]

Prints agreements, every disagreement (file, our winners, theirs) and the total counting time
of each implementation over the same parsed files. Times cover the count only: every file is
parsed once with our BLT reader and each implementation gets the ballots in the form it
takes (pref_voting's profile is built outside its timing, and shown separately). The ratio
is the faster package's time divided by ours. Explanations of the known differences are in
docs/decisions/0008-scottish-stv.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from folkmoot.decisions.counting.blt import read_blt  # noqa: E402
from folkmoot.decisions.counting.stv_scottish import count_blt_scottish  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "scottish-council-elections"


def count_stvpoll(election):
    from stvpoll.scottish_stv import calculate_scottish_stv

    ballots = [(ranking, weight) for weight, ranking in election.ballots]
    result = calculate_scottish_stv(
        tuple(range(1, election.num_candidates + 1)),
        ballots,
        election.seats,
        random_shuffle=False,
    )
    return {int(c) for c in result.elected_as_tuple()}


def pref_voting_profile(election):
    from pref_voting.profiles_with_ties import ProfileWithTies

    return ProfileWithTies(
        [{c: i for i, c in enumerate(ranking)} for _, ranking in election.ballots],
        [weight for weight, _ in election.ballots],
        candidates=list(range(1, election.num_candidates + 1)),
    )


def count_pref_voting(profile, seats):
    from pref_voting.proportional_methods import stv_scottish

    return set(stv_scottish(profile, num_seats=seats, rng=random.Random(0)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    parser.add_argument("--every", type=int, default=1, help="count every Nth file only")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    files = sorted(Path(args.data).glob("*/*.blt"))[:: args.every]
    t0 = time.perf_counter()
    elections = [(f, read_blt(f)) for f in files]
    parse_time = time.perf_counter() - t0
    print(f"{len(elections)} files parsed in {parse_time:.2f} s")

    times = {"ours": 0.0, "stvpoll": 0.0, "pref_voting": 0.0, "pref_voting_profile": 0.0}
    disagreements = {"stvpoll": [], "pref_voting": []}
    for path, election in elections:
        name = str(path.relative_to(args.data))
        t = time.perf_counter()
        ours = {int(c) for c in count_blt_scottish(election, seed=0).winners}
        times["ours"] += time.perf_counter() - t

        t = time.perf_counter()
        theirs = count_stvpoll(election)
        times["stvpoll"] += time.perf_counter() - t
        if theirs != ours:
            disagreements["stvpoll"].append((name, sorted(ours), sorted(theirs)))

        t = time.perf_counter()
        profile = pref_voting_profile(election)
        times["pref_voting_profile"] += time.perf_counter() - t
        t = time.perf_counter()
        theirs = count_pref_voting(profile, election.seats)
        times["pref_voting"] += time.perf_counter() - t
        if theirs != ours:
            disagreements["pref_voting"].append((name, sorted(ours), sorted(theirs)))

    n = len(elections)
    for package, rows in disagreements.items():
        print(f"\n{package}: agrees on {n - len(rows)} of {n} files")
        for name, ours, theirs in rows:
            print(f"  {name}: ours {ours}, {package} {theirs}")
    faster = min(times["stvpoll"], times["pref_voting"])
    print("\nCounting time over all files (parsing excluded):")
    print(f"  ours          {times['ours']:8.2f} s")
    print(f"  STVPoll       {times['stvpoll']:8.2f} s")
    print(
        f"  pref_voting   {times['pref_voting']:8.2f} s "
        f"(+ {times['pref_voting_profile']:.2f} s building its profiles)"
    )
    print(f"  ratio (faster package / ours): {faster / times['ours']:.1f}x")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(
            json.dumps(
                {
                    "files": n,
                    "parse_seconds": parse_time,
                    "seconds": times,
                    "ratio_vs_faster_package": faster / times["ours"],
                    "disagreements": disagreements,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
