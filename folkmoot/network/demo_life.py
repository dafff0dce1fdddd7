"""The demo's assembly life: roles, postcode units, meetings with attendance, outreach, minutes
and process records, so that some assemblies are legitimate, some are not yet, one is just
short and one needs data.

Meetings are keyed by assembly and number, dated relative to today: running the demo again
refreshes the dates but never adds a second copy of anything.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Assembly, Membership, Role
from folkmoot.attendance.models import Attendance, Residency, Tally
from folkmoot.legitimacy.models import ProcessRecord, ProcessStep
from folkmoot.meetings.models import AgendaItem, Meeting, Minutes
from folkmoot.outreach.models import OutreachActivity
from folkmoot.places.models import Area, PostcodeUnit

UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
UNITS_PER_SECTOR = 12
PAST_MEETINGS = [120, 90, 60, 30]  # days ago
NEXT_MEETING_IN = 20  # days

# How each assembly's life goes: verified residents at its meetings (oldest first), outreach
# coverage (share of units) and whether its postcode units are listed.
LEGITIMATE = [158, 163, 171, 176]
PROFILES = {
    "northgate-central": {"residents": LEGITIMATE, "coverage": 0.9},
    "riverside-quay": {"residents": [151, 166, 159, 168], "coverage": 0.85},
    "beacon-estate": {"residents": [155, 150, 162, 154], "coverage": 0.82},
    "millbrook": {"residents": [152, 157, 150, 148], "coverage": 0.84},  # just short: 2 more
    "castle-hill": {"residents": [64, 80, 95, 112], "coverage": 0.7},
    "southfield-park": {"residents": [120, 133, 141, 146], "coverage": 0.8},
    "hollins": {"residents": [40, 45, 52, 49], "coverage": 0.6, "no_units": True},
}
DEFAULT = {"residents": [18, 25, 31, 27], "coverage": 0.4}

AGENDA = [
    ("Welcome, and how tonight works", ""),
    ("Small groups: what needs fixing on our streets?", "Ten minutes per table, then report back."),
    ("Proposal: a tenants' rights stall at the market", "Read back before we decide."),
    ("Delegates and council news", ""),
]
MINUTES = """## Who came
{residents} local residents signed in. Thank you to the tellers at the door.

## What we decided
- **Tenants' rights stall**: agreed. Volunteers: see the sign-up sheet.
- The bus shelter on Bridge Street goes to the city council as our first ask.

## Next time
Small groups on the youth club. Bring a neighbour.
"""


def _units(area: Area) -> list[str]:
    found = []
    for row in area.postcodes.all():
        if len(row.prefix) == 5:  # a sector such as "FG1 1"
            found += [
                f"{row.prefix}{UNIT_LETTERS[n]}{UNIT_LETTERS[-n - 1]}"
                for n in range(UNITS_PER_SECTOR)
            ]
    return found


def _helpers(assembly: Assembly) -> list[User]:
    return [
        m.person
        for m in Membership.objects.filter(assembly=assembly, left_at__isnull=True)
        .select_related("person")
        .order_by("pk")[:4]
    ]


def _roles(assembly: Assembly, people: list[User]) -> None:
    kinds = [Role.Kind.ORGANISER, Role.Kind.FACILITATOR, Role.Kind.TELLER, Role.Kind.NOTE_TAKER]
    for person, kind in zip(people, kinds, strict=False):
        Role.objects.get_or_create(
            assembly=assembly,
            person=person,
            kind=kind,
            defaults={"starts_on": datetime.date(2026, 1, 1)},
        )


def _attendance(meeting: Meeting, residents: int, teller: User, rng: random.Random) -> None:
    if meeting.attendances.exists():
        return
    sector = meeting.assembly.area.postcodes.order_by("prefix").first()
    postcode = f"{sector.prefix}AB" if sector and len(sector.prefix) == 5 else ""
    declared = rng.randint(5, 15)
    visitors = rng.randint(3, 12)
    rows = []
    for number in range(residents + declared + visitors):
        if number < residents:
            residency = Residency.VERIFIED
        elif number < residents + declared:
            residency = Residency.SELF_DECLARED
        else:
            residency = Residency.NOT_LOCAL
        name = f"Neighbour {number + 1}"
        rows.append(
            Attendance(
                meeting=meeting,
                name=name,
                postcode=postcode,
                identity=f"walkin:{name.casefold()}|{postcode}",
                residency=residency,
                method=Attendance.Method.TELLER,
                recorded_by=teller,
                verified_by=teller if residency == Residency.VERIFIED else None,
                verification_method="Address shown at the door"
                if residency == Residency.VERIFIED
                else "",
            )
        )
    Attendance.objects.bulk_create(rows)
    Tally.objects.create(meeting=meeting, teller=teller, people=4, local_residents=3)


def build_life(now: datetime.datetime | None = None) -> dict[str, int]:
    """Add the assembly life to the demo network built by demo.build_demo."""
    now = now or timezone.now()
    rng = random.Random(7)  # the same demo every time
    recorded_steps = list(ProcessStep.objects.filter(rule=ProcessStep.Rule.RECORDED))
    meetings_made = 0
    for assembly in Assembly.objects.filter(kind=Assembly.Kind.NEIGHBOURHOOD).select_related(
        "area"
    ):
        profile = PROFILES.get(assembly.slug, DEFAULT)
        units = _units(assembly.area)
        if not profile.get("no_units"):
            PostcodeUnit.objects.bulk_create(
                [PostcodeUnit(area=assembly.area, unit=unit) for unit in units],
                ignore_conflicts=True,
            )
        people = _helpers(assembly)
        if len(people) < 2:
            continue
        _roles(assembly, people)
        organiser, facilitator = people[0], people[1]
        note_taker = people[-1]
        start_hour = datetime.time(19, 0)
        for number, days_ago in enumerate([*PAST_MEETINGS, -NEXT_MEETING_IN], start=1):
            day = timezone.localdate(now) - datetime.timedelta(days=days_ago)
            starts = timezone.make_aware(datetime.datetime.combine(day, start_hour))
            held = days_ago > 0
            meeting, _created = Meeting.objects.update_or_create(
                assembly=assembly,
                title=f"Assembly meeting {number}",
                defaults={
                    "starts_at": starts,
                    "ends_at": starts + datetime.timedelta(hours=2),
                    "venue": assembly.venue or "Community Centre",
                    "address": "Fellbridge",
                    "step_free": True,
                    "hearing_loop": number % 2 == 0,
                    "childcare": True,
                    "interpretation": "BSL on request",
                    "facilitator": facilitator,
                    "note_taker": note_taker,
                    "invitation_published_at": starts - datetime.timedelta(days=16),
                    "created_by": organiser,
                },
            )
            meetings_made += 1
            if not meeting.agenda.exists():
                AgendaItem.objects.bulk_create(
                    AgendaItem(meeting=meeting, position=n, title=title, details=details)
                    for n, (title, details) in enumerate(AGENDA)
                )
            residents = profile["residents"][number - 1] if held else 0
            if held:
                _attendance(meeting, residents, people[2 % len(people)], rng)
                Minutes.objects.update_or_create(
                    meeting=meeting,
                    defaults={
                        "body": MINUTES.format(residents=residents),
                        "written_by": note_taker,
                        "published_at": starts + datetime.timedelta(days=2),
                    },
                )
                for step in recorded_steps:
                    ProcessRecord.objects.update_or_create(
                        meeting=meeting,
                        step=step,
                        defaults={"met": True, "recorded_by": facilitator},
                    )
            done_on = day - datetime.timedelta(days=12)
            if units and done_on <= timezone.localdate(now) and not meeting.outreach.exists():
                reached = units[: round(len(units) * profile["coverage"])]
                OutreachActivity.objects.create(
                    assembly=assembly,
                    meeting=meeting,
                    kind=OutreachActivity.Kind.LEAFLETS,
                    done_on=done_on,
                    units=reached,
                    people_reached=len(reached) * 20,
                    languages="English, Polish, Urdu",
                    done_by="The leafleting team",
                    recorded_by=organiser,
                )
    return {"meetings": meetings_made}
