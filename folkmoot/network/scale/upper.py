"""Up the council tree: each council's conveners, the delegates it appoints to the council
above from among its own delegates (as ``delegation.elections.appoint_delegates`` records
them), its meetings, and the delegates' report-backs after them. A few seats are left empty.
"""

from __future__ import annotations

import datetime

from folkmoot.councils.models import Council, CouncilMeeting
from folkmoot.delegation.models import DelegateTerm, ReportBack

from .context import Context
from .elections import TERM_COLUMNS
from .meetings import DAY
from .plan import CouncilPlan, Plan


def write_upper(ctx: Context, plan: Plan) -> None:
    rng = ctx.options.rng("upper")
    now = ctx.options.now
    seated: dict[int, list[tuple]] = {}  # council id -> (term, person, seated at)
    conveners: dict[int, list[int]] = {}
    through = ctx.sink.table(Council.conveners.through, ["id", "council_id", "user_id"])
    terms = ctx.sink.table(DelegateTerm, TERM_COLUMNS)
    for council in plan.councils:
        holders = []
        for member in council.members:
            if member.assembly is not None:
                holders.extend(member.assembly.delegates)
                continue
            below = member.member_council
            when = now - DAY * (56 - 2 * below.rank)
            pool = [h for h in seated.get(below.id, []) if h[2] < when]
            count = min(member.seats, len(pool))
            if count and rng.random() < 0.05:
                count -= 1  # a seat the council below has not filled yet
            chosen = rng.sample(pool, count)
            made = []
            minute = (
                f"{below.name} appointed its delegates to {council.name} at its meeting of "
                f"{when:%-d %B %Y}."
            )
            for _term, person, _at in chosen:
                term = ctx.sink.ids.take(DelegateTerm)
                terms.add(
                    term,
                    member.id,
                    person,
                    False,
                    None,
                    when.date(),
                    when.date() + 364 * DAY,
                    None,
                    "",
                    when,
                    minute,
                )
                made.append((term, person, when))
            holders.extend(made)
            _audit_appointment(ctx, member, below, made, when, minute, conveners.get(below.id))
        seated[council.id] = holders
        people = sorted({person for _t, person, _a in holders})
        chosen = rng.sample(people, min(2, len(people)))
        conveners[council.id] = chosen
        for person in chosen:
            through.add(ctx.sink.ids.take(Council.conveners.through), council.id, person)
        _meetings(ctx, council, holders, chosen, rng)


def _audit_appointment(ctx: Context, member, below: CouncilPlan, made, when, minute, by):
    if not made:
        return
    ctx.chain.add(
        "delegates.appointed",
        f"member:{member.id}",
        {
            "member": member.id,
            "council": member.council.id,
            "member_council": below.id,
            "people": [p for _t, p, _w in made],
            "terms": [t for t, _p, _w in made],
            "ended": [],
            "starts_on": when.date(),
            "ends_on": when.date() + 364 * DAY,
            "minute": minute,
            "by": by[0] if by else ctx.organiser,
        },
        when,
    )


def _meetings(ctx: Context, council: CouncilPlan, holders, conveners, rng) -> None:
    """Two meetings held (with notes and report-backs) and one planned."""
    now = ctx.options.now
    by = conveners[0] if conveners else ctx.organiser
    meetings = ctx.sink.table(CouncilMeeting, ["id", "council_id", "starts_at", "place", "notes"])
    reports = ctx.sink.table(ReportBack, ["id", "delegate_id", "meeting_id", "text", "filed_at"])
    times = [
        now - DAY * rng.randint(30, 40) + datetime.timedelta(hours=19),
        now - DAY * rng.randint(5, 12) + datetime.timedelta(hours=19),
        now + DAY * rng.randint(7, 40) + datetime.timedelta(hours=19),
    ]
    for starts in times:
        held = starts < now
        pk = ctx.sink.ids.take(CouncilMeeting)
        notes = "Shared the assemblies' decisions; agreed the van rota." if held else ""
        place = f"{council.area.name} Town Hall"
        meetings.add(pk, council.id, starts, place, notes)
        planned = min(starts - 20 * DAY, now - DAY)
        ctx.chain.add(
            "council.meeting_planned",
            f"council_meeting:{pk}",
            {"meeting": pk, "council": council.id, "starts_at": starts, "place": place, "by": by},
            planned,
        )
        if not held:
            continue
        ctx.chain.add(
            "council.meeting_notes",
            f"council_meeting:{pk}",
            {"meeting": pk, "council": council.id, "notes": notes, "by": by},
            starts + DAY,
        )
        for term, _person, seated_at in holders:
            filed = starts + DAY * rng.randint(1, 6)
            if seated_at < starts and filed < now and rng.random() < 0.85:
                reports.add(
                    ctx.sink.ids.take(ReportBack),
                    term,
                    pk,
                    "We shared our assembly's decisions and voted as mandated. Notes attached "
                    "to the council's page.",
                    filed,
                )
