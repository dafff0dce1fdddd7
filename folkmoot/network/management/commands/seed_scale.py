"""Build a large synthetic network for measuring Folkmoot at scale.

    python manage.py seed_scale                      # 10,000 assemblies, 1,000,000 members
    python manage.py seed_scale --scale 0.01         # 100 assemblies, 10,000 members
    python manage.py seed_scale --assemblies 20 --members 2000 --seed 7

It only builds into a database with no areas, assemblies or councils (a fresh, migrated one):
it never mixes its network with real data. Everything it makes follows from --seed and
--today, so the same options give the same network. See folkmoot/network/scale/.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from folkmoot.network.scale.build import NotEmpty, Report, build
from folkmoot.network.scale.names import OutOfPostcodes
from folkmoot.network.scale.options import (
    DEFAULT_ASSEMBLIES,
    DEFAULT_BATCH,
    MEMBERS_PER_ASSEMBLY,
    OptionsError,
    derive,
)


class Command(BaseCommand):
    help = "Build a large, believable synthetic network (default: 10,000 assemblies)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--assemblies",
            type=int,
            help=f"Neighbourhood assemblies (default {DEFAULT_ASSEMBLIES:,}, or from --scale). "
            "About 3%% more themed assemblies come with them.",
        )
        parser.add_argument(
            "--members",
            type=int,
            help=f"Members in all (default {MEMBERS_PER_ASSEMBLY} per assembly).",
        )
        parser.add_argument(
            "--meetings-per-assembly",
            type=int,
            dest="meetings",
            help="Meetings each assembly has held (default 4; new assemblies fewer).",
        )
        parser.add_argument(
            "--scale",
            type=float,
            help="A share of the default network, e.g. 0.01 for 100 assemblies.",
        )
        parser.add_argument("--seed", type=int, default=1, help="The random seed (default 1).")
        parser.add_argument(
            "--batch",
            type=int,
            help=f"Rows written per statement (default {DEFAULT_BATCH:,}).",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="The day the network is built as of, YYYY-MM-DD (default: today).",
        )
        parser.add_argument(
            "--no-questions",
            action="store_true",
            help="Leave out the council questions put through the real services.",
        )
        parser.add_argument(
            "--json",
            type=Path,
            help="Add this run's timings to a JSON file (one entry per database).",
        )

    def handle(self, *args, **options) -> None:
        try:
            chosen = derive(
                assemblies=options["assemblies"],
                members=options["members"],
                meetings=options["meetings"],
                scale=options["scale"],
                seed=options["seed"],
                batch=options["batch"],
                today=options["today"] or timezone.localdate(),
                questions=not options["no_questions"],
            )
        except OptionsError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Building {chosen.assemblies:,} assemblies and {chosen.members:,} members, "
            f"{chosen.meetings} meetings each, seed {chosen.seed}, as of {chosen.today}."
        )
        try:
            report = build(chosen, say=self.stdout.write)
        except (NotEmpty, OutOfPostcodes, OptionsError) as error:
            raise CommandError(str(error)) from error
        self._summary(report)
        if options["json"]:
            _save(options["json"], report)
            self.stdout.write(f"Timings added to {options['json']}.")

    def _summary(self, report: Report) -> None:
        out = self.stdout.write
        out("")
        out("Rows:")
        for label, number in report.rows.items():
            out(f"  {label:40} {number:>12,}")
        out(f"  {'in all':40} {sum(report.rows.values()):>12,}")
        out("Legitimacy, computed by the real rules (aim → verdicts):")
        for aim, verdicts in report.verdicts.items():
            shown = ", ".join(f"{verdict} {n:,}" for verdict, n in verdicts.items())
            out(f"  {aim:12} {shown}")
        out("Seconds per stage:")
        for name, seconds in report.stages:
            out(f"  {name:50} {seconds:8.1f}")
        out(
            self.style.SUCCESS(
                f"Built in {report.build_seconds:.0f} s (checks {report.check_seconds:.0f} s) "
                f"on {report.database}; peak memory {report.peak_memory_mb:.0f} MB."
            )
        )


def _save(path: Path, report: Report) -> None:
    """Keep one entry per database in the file, so both can be compared side by side."""
    data = json.loads(path.read_text()) if path.exists() else {}
    runs = data.setdefault("runs", {})
    o = report.options
    runs[report.database] = {
        "assemblies": o.assemblies,
        "members": o.members,
        "meetings_per_assembly": o.meetings,
        "seed": o.seed,
        "batch": o.batch,
        "build_seconds": round(report.build_seconds, 1),
        "check_seconds": round(report.check_seconds, 1),
        "peak_memory_mb": round(report.peak_memory_mb),
        "stages_seconds": {name: round(seconds, 1) for name, seconds in report.stages},
        "rows": report.rows,
        "rows_in_all": sum(report.rows.values()),
        "legitimacy": report.verdicts,
        "target_under_600s": report.build_seconds < 600,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")
