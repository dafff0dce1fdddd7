"""Gather the short summary of every benchmark's last results into bench/results/summary.txt.

Reads bench/results/*.json (whatever ``make bench`` has just written): the benchmarks that
keep their own summary lines (``"summary"``) give those; stv_compare and cascade are
summarised here from their figures.

Usage: python bench/summary.py [RESULTS_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
ORDER = ["stv_compare", "cascade", "stv_synthetic", "page_weight", "http_load"]


def stv_compare(d: dict) -> list[str]:
    s = d["seconds"]
    differ = ", ".join(f"{k} differs on {len(v)}" for k, v in d["disagreements"].items())
    return [
        f"stv_compare: {d['files']:,} Scottish elections; ours {s['ours']:.2f} s, STVPoll "
        f"{s['stvpoll']:.2f} s, pref_voting {s['pref_voting']:.2f} s; "
        f"{d['ratio_vs_faster_package']:.1f}x faster than the faster package (target 10x); "
        f"{differ}"
    ]


def cascade(d: dict) -> list[str]:
    rows = ", ".join(
        f"{r['assemblies']:,}: {r['cascade_seconds'] * 1000:.1f} ms" for r in d["rows"]
    )
    return [
        f"cascade: 5 levels, {rows}; growth 1,000 to 10,000 {d['growth_1000_to_10000']}x "
        f"(linear: {d['linear']}); under 1 s at 10,000: {d['target_under_1s_at_10000']}"
    ]


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0]) if argv else RESULTS
    lines: list[str] = []
    for name in ORDER:
        path = folder / f"{name}.json"
        if not path.exists():
            lines.append(f"{name}: no results")
            continue
        data = json.loads(path.read_text())
        summarise = globals().get(name)
        lines.extend(data["summary"] if "summary" in data else summarise(data))
    text = "\n".join(lines) + "\n"
    (folder / "summary.txt").write_text(text)
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
