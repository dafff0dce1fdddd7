"""Running the stages in order, timing each, and counting what was made.

Assemblies are built a chunk at a time (about 20,000 members' worth), each chunk in its own
transaction, so memory stays bounded however large the network: only the plan (a few hundred
bytes an assembly) is kept from one chunk to the next. If a run stops half-way, drop the
database and start again.
"""

from __future__ import annotations

import resource
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction
from django.test.utils import override_settings

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Assembly
from folkmoot.councils.models import Council, Level
from folkmoot.legitimacy.services import process_steps, rules_for, verdicts_for
from folkmoot.network.models import Network
from folkmoot.places.models import Area

from . import names
from .chain import Chain
from .context import Context
from .elections import plan_election, write_election
from .meetings import schedule, write_meetings
from .options import Options
from .people import write_people
from .plan import AssemblyPlan, Plan, build_plan
from .proposals import plan_proposals, write_proposals
from .questions import ask_questions
from .sink import Sink, refresh_statistics, tune_connection
from .structure import write_structure
from .upper import write_upper
from .votes import count, write_inputs, write_votes

MEMBERS_PER_CHUNK = 20_000
APPS = [
    "accounts",
    "assemblies",
    "places",
    "meetings",
    "attendance",
    "outreach",
    "legitimacy",
    "decisions",
    "councils",
    "delegation",
    "audit",
    "network",
]


class NotEmpty(Exception):
    """The database already holds a network."""


@dataclass
class Report:
    options: Options
    stages: list[tuple[str, float]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    verdicts: dict[str, dict[str, int]] = field(default_factory=dict)
    build_seconds: float = 0.0
    check_seconds: float = 0.0
    peak_memory_mb: float = 0.0
    database: str = ""


class Progress:
    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.stages: list[tuple[str, float]] = []
        self.started = time.perf_counter()

    def stage(self, name: str):
        progress = self

        class _Stage:
            def __enter__(self):
                self.began = time.perf_counter()
                progress.say(f"{name}...")

            def __exit__(self, *exc):
                if exc[0] is None:
                    seconds = time.perf_counter() - self.began
                    progress.stages.append((name, seconds))
                    progress.say(f"  {name}: {seconds:.1f} s")

        return _Stage()


def check_empty() -> None:
    found = {
        "assemblies": Assembly.objects.count(),
        "councils": Council.objects.count(),
        "council levels": Level.objects.count(),
        "areas": Area.objects.count(),
    }
    held = {what: n for what, n in found.items() if n}
    if held:
        listed = ", ".join(f"{n} {what}" for what, n in held.items())
        raise NotEmpty(
            f"This database already holds a network ({listed}). seed_scale builds a network "
            "only in a database with no areas, assemblies or councils: create a new database "
            "(createdb, or a new SQLite file), run migrate, and run seed_scale again."
        )


def build(options: Options, say: Callable[[str], None] = print) -> Report:
    check_empty()
    # Query logging (DEBUG) would keep every batch's SQL in memory.
    with override_settings(DEBUG=False):
        restore = tune_connection()
        try:
            return _build(options, Progress(say))
        finally:
            restore()


def _build(options: Options, progress: Progress) -> Report:
    sink = Sink(options.batch)
    network = Network.current()
    rules = rules_for(network)
    with progress.stage("plan"):
        plan = build_plan(options, sink.ids, rules.residents_per_meeting)
    progress.say(
        f"  {len(plan.assemblies)} assemblies ({len(plan.empty_areas)} more neighbourhoods "
        f"with supporters only), {len(plan.councils)} councils, {len(plan.places)} areas"
    )
    with progress.stage("areas, assemblies and councils"), transaction.atomic():
        organiser = write_structure(options, sink, plan)
    ctx = Context(
        options=options,
        sink=sink,
        chain=Chain(sink),
        rules=rules,
        steps=process_steps(),
        organiser=organiser,
        user_base=sink.ids.take(User, options.members),
        password=names.unusable_password(options.rng("password")),
    )
    with progress.stage("members, meetings, attendance, votes, elections"):
        _life(ctx, plan, progress)
    with progress.stage("councils up the tree"), transaction.atomic():
        write_upper(ctx, plan)
        sink.flush()
        ctx.chain.save_head()
    sink.reset_sequences()
    refresh_statistics()
    if options.questions:
        with progress.stage("council questions (real services)"), transaction.atomic():
            ask_questions(ctx, plan)
    report = Report(options=options, database=connection.vendor)
    report.build_seconds = time.perf_counter() - progress.started
    with progress.stage("legitimacy by the real rules"):
        report.verdicts = check_legitimacy(plan)
    with progress.stage("counting rows"):
        report.rows = count_rows()
    report.stages = progress.stages
    report.check_seconds = time.perf_counter() - progress.started - report.build_seconds
    report.peak_memory_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report


def _life(ctx: Context, plan: Plan, progress: Progress) -> None:
    assemblies = plan.assemblies
    average = max(1, ctx.options.members // len(assemblies))
    size = max(1, MEMBERS_PER_CHUNK // average)
    began, step, shown = time.perf_counter(), max(1, len(assemblies) // 10), 0
    for number, start in enumerate(range(0, len(assemblies), size), start=1):
        with transaction.atomic():
            _chunk(ctx, assemblies[start : start + size])
            ctx.sink.flush()
            ctx.chain.save_head()
        if number in (1, 4, 16, 64):  # as the tables grow (counting needs few queries)
            refresh_statistics()
        done = min(len(assemblies), start + size)
        if done - shown >= step or done == len(assemblies):
            shown = done
            rows = sum(ctx.sink.rows.values())
            progress.say(
                f"  {done:,}/{len(assemblies):,} assemblies, {rows:,} rows, "
                f"{time.perf_counter() - began:.0f} s"
            )


def _chunk(ctx: Context, assemblies: list[AssemblyPlan]) -> None:
    stories, electorate = [], {}
    for a in assemblies:
        starts, upcoming = schedule(ctx, a)
        folk = write_people(ctx, a, starts[0] if starts else upcoming)
        electorate[a.id] = folk.ids
        life = write_meetings(ctx, a, folk, starts, upcoming)
        stories.append((plan_election(ctx, a, folk, life), plan_proposals(ctx, a, folk, life)))
    drafts = []
    for election, proposals in stories:
        drafts.extend(p.draft for p in proposals if p.draft is not None)
        if election is not None:
            drafts.append(election.draft)
    write_inputs(ctx, drafts)
    count(ctx, drafts, electorate)
    write_votes(ctx, drafts)
    for election, proposals in stories:
        if election is not None:
            write_election(ctx, election)
        write_proposals(ctx, proposals)


def check_legitimacy(plan: Plan) -> dict[str, dict[str, int]]:
    """Every assembly's verdict by ``legitimacy.services.verdicts_for``, against the state
    the generator aimed for."""
    found: dict[str, Counter] = {}
    step = 500
    for start in range(0, len(plan.assemblies), step):
        chunk = plan.assemblies[start : start + step]
        verdicts = verdicts_for([Assembly(id=a.id) for a in chunk])
        for a in chunk:
            aim = a.profile if not a.theme else "themed"
            found.setdefault(aim, Counter())[str(verdicts[a.id])] += 1
    return {aim: dict(sorted(c.items())) for aim, c in sorted(found.items())}


def count_rows() -> dict[str, int]:
    rows = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            rows[model._meta.label] = model.objects.count()
            for many in model._meta.local_many_to_many:
                through = many.remote_field.through
                if through._meta.auto_created:
                    rows[through._meta.label] = through.objects.count()
    return {label: n for label, n in sorted(rows.items()) if n}
