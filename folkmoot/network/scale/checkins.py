"""What happened at a held meeting: who checked in (members by residency, a few walk-ins, a
teller's tally of people without names), the minutes, and the facilitator's record of the
process steps checked by hand."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from folkmoot.attendance.models import Attendance, Tally
from folkmoot.attendance.services import walk_in_identity
from folkmoot.legitimacy.models import ProcessRecord
from folkmoot.meetings.models import Minutes

from . import names
from .context import Context
from .people import NOT_RESIDENT, SELF_DECLARED, VERIFIED, Folk

if TYPE_CHECKING:
    from .meetings import Held, Plan

DAY = datetime.timedelta(days=1)


def write_records(ctx: Context, folk: Folk, held: Held, plan: Plan, rng) -> None:
    """Minutes and the facilitator's record of the steps checked by hand."""
    now = ctx.options.now
    if plan.minutes is not None and held.starts_at + DAY * plan.minutes < now:
        published = held.starts_at + DAY * plan.minutes
        ctx.sink.table(
            Minutes,
            [
                "id",
                "meeting_id",
                "body",
                "members_only",
                "written_by_id",
                "updated_at",
                "published_at",
            ],
        ).add(
            ctx.sink.ids.take(Minutes),
            held.id,
            "## Present\n\nSee the attendance list.\n\n## Decided\n\n- See the decision log.",
            False,
            folk.note_taker,
            published,
            published,
        )
    if not plan.roles and rng.random() < 0.5:
        return
    records = ctx.sink.table(
        ProcessRecord,
        ["id", "meeting_id", "step_id", "met", "note", "recorded_by_id", "recorded_at"],
    )
    hand = [s for s in ctx.steps if s.rule == "recorded"]
    missed = rng.randrange(len(hand)) if hand and not plan.recorded else -1
    for n, step in enumerate(hand):
        records.add(
            ctx.sink.ids.take(ProcessRecord),
            held.id,
            step.id,
            n != missed,
            "" if n != missed else "We ran out of time.",
            folk.facilitator,
            held.ends_at,
        )


def write_attendance(ctx: Context, a, folk: Folk, held: Held, plan: Plan, teller: int, rng) -> None:
    pools = folk.by_residency
    came = rng.sample(pools[VERIFIED], min(plan.verified, len(pools[VERIFIED])))
    declared = rng.sample(pools[SELF_DECLARED], int(len(pools[SELF_DECLARED]) * plan.declared))
    outside = rng.sample(pools[NOT_RESIDENT], int(len(pools[NOT_RESIDENT]) * plan.outsiders))
    table = ctx.sink.table(
        Attendance,
        [
            "id",
            "meeting_id",
            "person_id",
            "name",
            "postcode",
            "identity",
            "residency",
            "verified_by_id",
            "verification_method",
            "method",
            "recorded_by_id",
            "checked_in_at",
        ],
    )
    start = held.starts_at - datetime.timedelta(minutes=20)
    groups = ((came, "verified"), (declared, "self_declared"), (outside, "not_local"))
    first = ctx.sink.ids.take(Attendance, len(came) + len(declared) + len(outside))
    for people, residency in groups:
        for person in people:
            by_self = rng.random() < 0.55
            checked = residency == "verified"
            table.add(
                first,
                held.id,
                person,
                folk.name_of(person),
                folk.postcode_of(person),
                f"user:{person}",
                residency,
                teller if checked else None,
                "Resident member, address checked" if checked else "",
                Attendance.Method.SELF if by_self else Attendance.Method.TELLER,
                person if by_self else teller,
                start + datetime.timedelta(seconds=rng.randrange(3000)),
            )
            first += 1
            held.members_present.append(person)
    home = ctx.units_of(a.area)
    seen = set()
    for _n in range(rng.randint(0, 3)):
        name = names.person(rng).replace(".", "")
        postcode = rng.choice(home)
        identity = walk_in_identity(name, postcode)
        if identity in seen:
            continue
        seen.add(identity)
        table.add(
            ctx.sink.ids.take(Attendance),
            held.id,
            None,
            name,
            postcode,
            identity,
            "self_declared",
            None,
            "",
            Attendance.Method.TELLER,
            teller,
            start + datetime.timedelta(seconds=rng.randrange(3000)),
        )
    if rng.random() < 0.15:
        people = rng.randint(2, 9)
        ctx.sink.table(
            Tally, ["id", "meeting_id", "teller_id", "people", "local_residents", "created_at"]
        ).add(
            ctx.sink.ids.take(Tally), held.id, teller, people, rng.randint(0, people), held.ends_at
        )
