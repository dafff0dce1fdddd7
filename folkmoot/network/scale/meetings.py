"""An assembly's meetings and the evidence legitimacy is computed from: invitations and
agendas, outreach before each meeting, who checked in, minutes and the facilitator's record of
the process steps.

Each meeting is made to pass or miss the network's own rules on purpose: a legitimate
assembly meets them at each of its last N meetings, one just short misses a single criterion
at one of them (a few residents too few, outreach just under the coverage, the invitation a
few days late, or two process steps missed), and the rest fall short in ordinary ways.
Whether they *are* legitimate is then computed by the real legitimacy code, never stored.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from folkmoot.meetings.models import AgendaItem, Meeting
from folkmoot.outreach.models import OutreachActivity

from . import names
from .checkins import write_attendance, write_records
from .context import Context
from .options import LEGITIMATE, SHORT, at
from .people import VERIFIED, Folk
from .plan import AssemblyPlan

DAY = datetime.timedelta(days=1)
AGENDA = [
    "Welcome, and how we decide",
    "Report-backs from our delegates",
    "The bus route cuts",
    "Repairs on the estate",
    "The park and the playground",
    "Rent rises and what we can do",
    "Proposals to decide",
    "Any other business",
]
LANGUAGES = ["English", "English", "English, Polish", "English, Urdu", "English, Welsh"]


@dataclass
class Held:
    """A meeting that took place, for the votes taken at it."""

    id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    members_present: list[int] = field(default_factory=list)


@dataclass
class Life:
    held: list[Held]  # oldest first
    upcoming: datetime.datetime


@dataclass
class Plan:
    """How one meeting goes, decided before it is written."""

    notice: int | None = None  # days the invitation was out; None: never published
    agenda: int = 3
    roles: bool = True
    recorded: bool = True  # the recorded process steps were met
    minutes: int | None = 3  # days after; None: no minutes
    coverage: float = 0.9
    verified: int = 0
    declared: float = 0.3  # share of self-declared members who came
    outsiders: float = 0.2


def schedule(ctx: Context, a: AssemblyPlan) -> tuple[list[datetime.datetime], datetime.datetime]:
    """Start times of the held meetings (oldest first) and of the next one."""
    rng = ctx.options.rng("schedule", a.index)
    today = ctx.options.today
    strong = a.profile in (LEGITIMATE, SHORT)
    day = today - DAY * (rng.randint(8, 24) if strong else rng.randint(3, 40))
    days = []
    for _n in range(a.held):
        days.append(day)
        day -= DAY * rng.randint(30, 36)
    evening = [at(d, 11 if d.weekday() == 5 else 19) for d in reversed(days)]
    return evening, at(today + DAY * rng.randint(4, 30), 19)


def _good(ctx: Context, verified_members: int, rng) -> Plan:
    rules = ctx.rules
    least = rules.residents_per_meeting + 3
    most = max(least, min(verified_members, int(rules.residents_per_meeting * 1.45)))
    return Plan(
        notice=rng.randint(rules.notice_days, rules.notice_days + 10),
        agenda=rng.randint(2, 4),
        minutes=rng.randint(1, 6),
        coverage=rng.uniform(rules.outreach_coverage_percent / 100 + 0.02, 1.0),
        verified=rng.randint(least, most),
    )


def _short(ctx: Context, plan: Plan, way: str, rng) -> Plan:
    rules = ctx.rules
    if way == "attendance":
        plan.verified = max(0, rules.residents_per_meeting - rng.randint(1, 12))
    elif way == "coverage":
        plan.coverage = -1.0  # just under: worked out from the number of units
    elif way == "notice":
        plan.notice = max(0, rules.notice_days - rng.randint(1, 4))
    else:
        plan.minutes, plan.recorded = None, False
    return plan


def _weak(ctx: Context, verified_members: int, rng) -> Plan:
    cap = max(0, ctx.rules.residents_per_meeting - 1)
    return Plan(
        notice=rng.randint(2, 20) if rng.random() < 0.7 else None,
        agenda=0 if rng.random() < 0.25 else rng.randint(1, 4),
        roles=rng.random() < 0.75,
        recorded=rng.random() < 0.6,
        minutes=rng.randint(1, 14) if rng.random() < 0.65 else None,
        coverage=rng.uniform(0.0, 0.75) if rng.random() < 0.8 else 0.0,
        verified=min(cap, int(verified_members * rng.uniform(0.15, 0.55))),
        declared=rng.uniform(0.15, 0.6),
        outsiders=rng.uniform(0.05, 0.5),
    )


def _plans(ctx: Context, a: AssemblyPlan, folk: Folk, rng) -> list[Plan]:
    verified = len(folk.by_residency[VERIFIED])
    recent = ctx.rules.meetings_considered
    plans = []
    for number in range(a.held):
        is_recent = number >= a.held - recent
        strong = a.profile == LEGITIMATE or (a.profile == SHORT and is_recent)
        if strong or (a.profile == SHORT and rng.random() < 0.5):
            plans.append(_good(ctx, verified, rng))
        else:
            plans.append(_weak(ctx, verified, rng))
    if a.profile == SHORT:
        miss = rng.randrange(max(0, a.held - recent), a.held)
        plans[miss] = _short(ctx, plans[miss], a.short_way, rng)
    return plans


def write_meetings(ctx: Context, a: AssemblyPlan, folk: Folk, starts: list, upcoming) -> Life:
    rng = ctx.options.rng("meetings", a.index)
    life = Life(held=[], upcoming=upcoming)
    after = None  # outreach counts for one meeting only: none before the previous meeting
    for when, plan in zip(starts, _plans(ctx, a, folk, rng), strict=True):
        held = Held(id=0, starts_at=when, ends_at=when + datetime.timedelta(hours=2))
        _meeting(ctx, a, folk, held, plan, rng, after)
        life.held.append(held)
        after = when.date()
    next_plan = Plan(notice=rng.randint(5, 25) if rng.random() < 0.6 else None, minutes=None)
    _meeting(ctx, a, folk, Held(id=0, starts_at=upcoming, ends_at=upcoming), next_plan, rng, after)
    if life.held and rng.random() < 0.03:
        moment = life.held[-1].starts_at - 12 * DAY
        _meeting(ctx, a, folk, Held(0, moment, moment), Plan(), rng, after, cancelled=True)
    return life


def _meeting(ctx: Context, a, folk, held: Held, plan: Plan, rng, after, cancelled=False) -> None:
    sink, now = ctx.sink, ctx.options.now
    past = held.starts_at < now and not cancelled
    held.id = sink.ids.take(Meeting)
    published = None
    if plan.notice is not None:
        published = min(now - DAY, held.starts_at - DAY * plan.notice - datetime.timedelta(hours=2))
    teller = rng.choice(folk.tellers)
    sink.table(
        Meeting,
        [
            "id",
            "assembly_id",
            "title",
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "step_free",
            "hearing_loop",
            "childcare",
            "interpretation",
            "facilitator_id",
            "note_taker_id",
            "status",
            "invitation_published_at",
            "cancelled_at",
            "cancel_reason",
            "attendance_closed_at",
            "attendance_closed_by_id",
            "check_in_code",
            "created_by_id",
            "created_at",
        ],
    ).add(
        held.id,
        a.id,
        "Assembly meeting",
        held.starts_at,
        held.starts_at + datetime.timedelta(hours=2),
        f"{a.area.name} Community Centre",
        ", ".join([rng.choice(names.STREETS), *a.area.postcodes[:1]]),
        rng.random() < 0.8,
        rng.random() < 0.4,
        rng.random() < 0.3,
        "BSL" if rng.random() < 0.1 else "",
        folk.facilitator if plan.roles else None,
        folk.note_taker if plan.roles else None,
        Meeting.Status.CANCELLED if cancelled else Meeting.Status.SCHEDULED,
        published,
        held.starts_at - 3 * DAY if cancelled else None,
        "The hall was double-booked." if cancelled else "",
        held.ends_at + datetime.timedelta(minutes=30) if past else None,
        teller if past else None,
        names.token(rng, 12),
        folk.organiser,
        min(held.starts_at, now) - DAY * (plan.notice or 0) - 3 * DAY,
    )
    if cancelled:
        return
    agenda = ctx.sink.table(AgendaItem, ["id", "meeting_id", "position", "title", "details"])
    for position, title in enumerate(rng.sample(AGENDA, plan.agenda)):
        agenda.add(ctx.sink.ids.take(AgendaItem), held.id, position, title, "")
    _outreach(ctx, a, folk, held, plan, rng, after)
    if not past:
        return
    write_records(ctx, folk, held, plan, rng)
    write_attendance(ctx, a, folk, held, plan, teller, rng)


def _outreach(ctx: Context, a, folk: Folk, held: Held, plan: Plan, rng, after) -> None:
    """Outreach in the days before the meeting, inside the network's window and after the
    meeting before it."""
    units = a.area.units
    if not units or (plan.coverage == 0 and rng.random() < 0.5):
        return
    percent = ctx.rules.outreach_coverage_percent
    needed = math.ceil(len(units) * percent / 100)
    if plan.coverage < 0:
        count = max(0, needed - rng.randint(1, 3))
    elif plan.coverage * 100 >= percent:
        count = max(needed, min(len(units), round(len(units) * plan.coverage)))
    else:
        count = max(0, min(round(len(units) * plan.coverage), needed - 1))
    reached = rng.sample(units, count)
    day = held.starts_at.date()
    window = min(20, ctx.rules.outreach_window_days - 1)
    table = ctx.sink.table(
        OutreachActivity,
        [
            "id",
            "assembly_id",
            "meeting_id",
            "kind",
            "done_on",
            "units",
            "streets",
            "people_reached",
            "languages",
            "done_by",
            "recorded_by_id",
            "recorded_at",
        ],
    )
    parts = rng.randint(1, 3)
    for n in range(parts):
        share = sorted(reached[n::parts])
        if not share:
            continue
        done = day - DAY * rng.randint(1, window)
        if done >= ctx.options.today or (after is not None and done <= after):
            continue
        kind = OutreachActivity.Kind.DOOR_KNOCKING if n == 1 else OutreachActivity.Kind.LEAFLETS
        table.add(
            ctx.sink.ids.take(OutreachActivity),
            a.id,
            held.id,
            kind,
            done,
            share,
            "",
            len(share) * rng.randint(20, 60),
            rng.choice(LANGUAGES),
            "Volunteers from the assembly",
            folk.organiser,
            at(done, 21),
        )
    if rng.random() < 0.5:
        done = day - DAY * rng.randint(2, window)
        if done < ctx.options.today and (after is None or done > after):
            table.add(
                ctx.sink.ids.take(OutreachActivity),
                a.id,
                held.id,
                OutreachActivity.Kind.SOCIAL_MEDIA,
                done,
                [],
                "",
                rng.randint(50, 900),
                "English",
                "The assembly's social media group",
                folk.organiser,
                at(done, 21),
            )
