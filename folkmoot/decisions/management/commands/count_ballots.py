"""Count BLT ballot files and print the result of each.

    python manage.py count_ballots FILE.blt [FILE.blt ...] --method scottish_stv --format json
    python manage.py count_ballots ward1.blt --method meek_stv --seed 42
    python manage.py count_ballots ward1.blt --method irv --format text

``--method``: ``scottish_stv`` (SSI 2007/42, the default), ``meek_stv`` or ``irv``
(instant runoff, for one seat: the file's seat count must be 1).

``--format json`` prints one JSON object per file, one per line, in the order given::

    {"file": "ward1.blt", "method": "scottish_stv", "title": "...", "seats": 3,
     "elected": [5, 2, 7], "elected_names": [...], "names": [... every candidate ...],
     "parties": [...], "withdrawn": [], "quota": 1234, "stages": [...],
     "tie_breaks": [...], "seed": 0, "warnings": [...], "explanation": "..."}

``elected`` holds the elected candidates' numbers from the file (counting from 1), in order
of election; ``names[k - 1]`` is candidate k's name. Each stage has ``number``, ``action``
("first_preferences", "surplus", "exclusion", "election"), ``votes`` (candidate number ->
votes, as numbers), ``transfers``, ``non_transferable``, ``elected``, ``excluded`` and
``note``.

A file that cannot be read or counted still gets its line, ``{"file": ..., "error": "...",
"line": N}`` (``line`` is 0 when the problem is not on one line), and the same message goes
to standard error. The other files are still counted, and the command exits with status 1
if any file failed. ``--format text`` prints a short summary per file instead.

Lots (ties equal at every stage) use ``random.Random(--seed)``; without ``--seed`` a seed
is drawn when a lot is first needed and printed as "seed", so the count can be
repeated exactly (it is null when no lot was drawn).
"""

from __future__ import annotations

import json
from fractions import Fraction

from django.core.management.base import BaseCommand, CommandError

from folkmoot.decisions.counting.blt import BltError, read_blt
from folkmoot.decisions.counting.stv_meek import count_blt_meek
from folkmoot.decisions.counting.stv_scottish import count_blt_scottish

METHODS = ("scottish_stv", "meek_stv", "irv")


def _number(value):
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    return value


def _ids(options) -> list[int]:
    return [int(o) for o in options]


def irv_winners(candidates, ballots, seed=None) -> tuple[str, ...]:
    """The IRV winner(s) of (ranking, weight) ballots, via counting/irv.py."""
    from folkmoot.decisions.counting import irv

    return irv.count_irv(candidates, ballots, seed=seed).winners


def count_irv_election(election, seed):
    """Instant runoff via the single-choice IRV module written alongside this package."""
    try:
        from folkmoot.decisions.counting import irv
    except ImportError as error:
        raise ValueError(
            "IRV counting is not available yet (counting/irv.py is missing)"
        ) from error
    if election.seats != 1:
        raise ValueError(
            f"instant runoff fills one seat, but the file has {election.seats} seats "
            f"(use --method scottish_stv or meek_stv)"
        )
    ballots = election.option_ballots()
    candidates = [c for c in election.candidate_ids if c not in set(election.withdrawn_ids)]
    withdrawn = set(election.withdrawn_ids)
    if withdrawn:
        ballots = [
            (tuple(r for r in ranking if r not in withdrawn), weight) for ranking, weight in ballots
        ]
    return irv.count_irv(candidates, ballots, seed=seed)


class Command(BaseCommand):
    help = "Count BLT ballot files by Scottish STV, Meek STV or IRV and print each result."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE.blt")
        parser.add_argument("--method", choices=METHODS, default="scottish_stv")
        parser.add_argument("--format", choices=("json", "text"), default="json")
        parser.add_argument(
            "--seed",
            default=None,
            help="seed for drawing lots (a whole number or text); drawn at random if not given",
        )

    def handle(self, *args, **options):
        method = options["method"]
        seed = options["seed"]
        if seed is not None and seed.lstrip("-").isdigit():
            seed = int(seed)
        failed = 0
        for path in options["files"]:
            try:
                election = read_blt(path)
                if method == "scottish_stv":
                    result = count_blt_scottish(election, seed=seed)
                elif method == "meek_stv":
                    result = count_blt_meek(election, seed=seed)
                else:
                    result = count_irv_election(election, seed)
            except (BltError, OSError, ValueError) as error:
                failed += 1
                line = error.line if isinstance(error, BltError) else 0
                message = error.message if isinstance(error, BltError) else str(error)
                if isinstance(error, OSError):
                    message = f"cannot read the file: {error.strerror or error}"
                where = f"{path}, line {line}" if line else path
                self.stderr.write(f"{where}: {message}")
                if options["format"] == "json":
                    self.stdout.write(
                        json.dumps(
                            {"file": path, "error": message, "line": line}, ensure_ascii=False
                        )
                    )
                continue
            self.stdout.write(self.render(path, election, result, method, options["format"]))
        if failed:
            raise CommandError(f"{failed} of {len(options['files'])} files could not be counted.")

    def render(self, path, election, result, method, fmt) -> str:
        elected = _ids(result.winners)
        if fmt == "text":
            lines = [
                f"{path}: {election.title or '(no title)'} - {election.seats} seat(s), {method}",
                *(f"  elected: {n}. {election.names[n - 1]}" for n in elected),
                f"  {len(result.stages)} stages. {result.explanation}",
            ]
            lines += [f"  tie-break: {t}" for t in result.tie_breaks]
            return "\n".join(lines)
        stages = [
            {
                "number": s.number,
                "action": s.action,
                "votes": {k: _number(v) for k, v in s.votes.items()},
                "transfers": {k: _number(v) for k, v in s.transfers.items()},
                "non_transferable": _number(s.non_transferable),
                "elected": _ids(s.elected),
                "excluded": _ids(s.excluded),
                "note": s.note,
            }
            for s in result.stages
        ]
        details = result.details
        data = {
            "file": path,
            "method": method,
            "title": election.title,
            "seats": election.seats,
            "elected": elected,
            "elected_names": [election.names[n - 1] for n in elected],
            "names": election.names,
            "parties": election.parties,
            "withdrawn": list(election.withdrawn),
            "quota": _number(details.get("quota", details.get("final_quota"))),
            "valid_papers": details.get("valid_papers"),
            "stages": stages,
            "tie_breaks": list(result.tie_breaks),
            "seed": details.get("seed"),
            "warnings": election.warnings,
            "explanation": result.explanation,
        }
        return json.dumps(data, ensure_ascii=False, default=_number)
