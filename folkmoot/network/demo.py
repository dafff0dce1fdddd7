"""The demo network: Fellbridge, an invented city of three districts.

Everything is keyed by slug or email and written with update_or_create, so building it twice
gives the same data. Names, places and postcodes (the unused ``FG`` postcode area) are invented.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import (
    Assembly,
    Comment,
    Membership,
    Role,
    Supporter,
    Theme,
)
from folkmoot.attendance.models import Attendance
from folkmoot.meetings.models import Meeting
from folkmoot.places.models import Area, AreaPostcode

from .demo_councils import build_councils
from .demo_decisions import build_decisions
from .demo_life import build_life
from .models import Network

UNUSABLE_PASSWORD = make_password(None)
DEMO_PASSWORD = "fellbridge-demo"  # noqa: S105 - printed for people trying the demo


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    what: str


DEMO_ACCOUNTS = [
    DemoAccount("network@fellbridge.example", "Nadia", "network organiser, can use /admin/"),
    DemoAccount("organiser@fellbridge.example", "Owen", "organiser of Northgate Central"),
    DemoAccount("member@fellbridge.example", "Mira", "member of Northgate Central"),
    DemoAccount("delegate@fellbridge.example", "Dara", "delegate of Northgate Central"),
    DemoAccount("convener@fellbridge.example", "Cal", "convener of Northgate District Council"),
]

# district name, district postcode (outward code), neighbourhoods: (name, sectors, residents,
# members, has an assembly)
DISTRICTS = [
    (
        "Northgate",
        "FG1",
        [
            ("Northgate Central", ["FG1 1", "FG1 2"], 8200, 62, True),
            ("Castle Hill", ["FG1 3"], 5100, 18, True),
            ("Millbrook", ["FG1 4", "FG1 5"], 7400, 25, True),
            ("Tanners Row", ["FG1 6"], 4300, 9, True),
        ],
    ),
    (
        "Riverside",
        "FG2",
        [
            ("Riverside Quay", ["FG2 1", "FG2 2"], 9100, 37, True),
            ("Ferry Lane", ["FG2 3"], 3900, 12, True),
            ("Weavers Green", ["FG2 4"], 6200, 21, True),
            ("Old Docks", ["FG2 5", "FG2 6"], 5600, 15, True),
            ("Kiln Hill", ["FG2 7"], 4800, 0, False),
        ],
    ),
    (
        "Southfield",
        "FG3",
        [
            ("Southfield Park", ["FG3 1"], 6900, 28, True),
            ("Beacon Estate", ["FG3 2", "FG3 3"], 8800, 33, True),
            ("Hollins", ["FG3 4"], 3500, 7, True),
            ("Larkrise", ["FG3 5"], 4100, 11, True),
        ],
    ),
]

ABOUT = (
    "Neighbours from {area} meet to decide what matters here: the streets, the services, "
    "the rent, the park. Everyone who lives here is welcome, whatever your views."
)
MEETING_TIMES = [
    "First Tuesday of the month, 7pm",
    "Second Thursday of the month, 6.30pm",
    "Last Saturday of the month, 11am",
    "Every other Wednesday, 7pm",
]
VENUES = [
    "St Aidan's Church Hall, Bridge Street",
    "The Old Library, Market Square",
    "Community Centre, Weaver Road",
    "Riverside Primary School hall",
]
SUPPORT_WANTED = "Kiln Hill"
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters UK inward codes use
SUPPORTER_NAMES = ["Ada", "Bilal", "Cerys", "Dev", "Eilidh", "Femi", "Gus", "Hana", "Iwan"]


def _square(column: int, row: int, size: float = 0.012) -> dict:
    """A simple invented boundary: one square of a grid near the city centre."""
    west = -2.95 + column * size
    south = 54.90 + row * size
    ring = [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]
    return {"type": "Polygon", "coordinates": [[[round(x, 5), round(y, 5)] for x, y in ring]]}


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-").replace("'", "")


def _person(email: str, name: str, postcode: str, password: str | None) -> User:
    user, _created = User.objects.update_or_create(
        email=email, defaults={"display_name": name, "postcode": postcode}
    )
    if password:
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def build_demo() -> dict[str, int]:
    """Build (or refresh) the demo network and return what it holds, for the command to print."""
    network = Network.current()
    network.name = "Fellbridge People's Assemblies"
    network.tagline = "Neighbours deciding together, from the street to the city."
    network.contact_email = "hello@fellbridge.example"
    network.supporter_threshold = 20
    network.save()

    city, _ = Area.objects.update_or_create(
        slug="fellbridge",
        defaults={"name": "Fellbridge", "kind": Area.Kind.CITY, "residents_estimate": 78000},
    )
    health, _ = Theme.objects.update_or_create(slug="health", defaults={"name": "Health"})
    education, _ = Theme.objects.update_or_create(slug="education", defaults={"name": "Education"})
    Theme.objects.update_or_create(slug="housing", defaults={"name": "Housing"})

    nadia = _person("network@fellbridge.example", "Nadia", "FG1 1AB", DEMO_PASSWORD)
    nadia.is_staff = nadia.is_superuser = True
    nadia.save(update_fields=["is_staff", "is_superuser"])
    network.organisers.add(nadia)
    owen = _person("organiser@fellbridge.example", "Owen", "FG1 1BD", DEMO_PASSWORD)
    mira = _person("member@fellbridge.example", "Mira", "FG1 2HJ", DEMO_PASSWORD)

    assemblies: dict[str, Assembly] = {}
    districts: dict[str, Area] = {}
    for column, (district_name, outward, neighbourhoods) in enumerate(DISTRICTS):
        district, _ = Area.objects.update_or_create(
            slug=_slug(district_name),
            defaults={
                "name": district_name,
                "kind": Area.Kind.DISTRICT,
                "parent": city,
                "residents_estimate": sum(n[2] for n in neighbourhoods),
            },
        )
        AreaPostcode.objects.get_or_create(area=district, prefix=outward)
        districts[district_name] = district
        for row, (name, sectors, residents, members, has_assembly) in enumerate(neighbourhoods):
            area, _ = Area.objects.update_or_create(
                slug=_slug(name),
                defaults={
                    "name": name,
                    "kind": Area.Kind.NEIGHBOURHOOD,
                    "parent": district,
                    "residents_estimate": residents,
                    "households_estimate": residents * 10 // 23,
                    "boundary": _square(column, row),
                },
            )
            for sector in sectors:
                AreaPostcode.objects.get_or_create(area=area, prefix=sector)
            if not has_assembly:
                continue
            index = len(assemblies)
            assembly, _ = Assembly.objects.update_or_create(
                slug=_slug(name),
                defaults={
                    "name": f"{name} Assembly",
                    "kind": Assembly.Kind.NEIGHBOURHOOD,
                    "theme": None,
                    "area": area,
                    "about": ABOUT.format(area=name),
                    "usual_meeting": MEETING_TIMES[index % len(MEETING_TIMES)],
                    "venue": VENUES[index % len(VENUES)],
                    "how_to_join": "Come to a meeting, or show support here to be invited.",
                },
            )
            assemblies[name] = assembly
            _members(assembly, members, sectors[0])

    themed = [
        (
            "fellbridge-health",
            "Fellbridge Health Assembly",
            health,
            city,
            "Patients, carers and health workers from across the city, working on GP waiting "
            "times, the walk-in centre and mental health support.",
        ),
        (
            "riverside-education",
            "Riverside Education Assembly",
            education,
            districts["Riverside"],
            "Parents, pupils and school staff in Riverside, working on class sizes, school "
            "meals and the youth club.",
        ),
    ]
    for slug, name, theme, area, about in themed:
        assembly, _ = Assembly.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": Assembly.Kind.THEMED,
                "theme": theme,
                "area": area,
                "about": about,
                "usual_meeting": "Third Monday of the month, 7pm",
                "venue": "The Old Library, Market Square",
                "how_to_join": "Anyone who lives or works here can come.",
            },
        )
        assemblies[slug] = assembly
        _members(assembly, 14, "FG2 1")

    central = assemblies["Northgate Central"]
    Role.objects.get_or_create(
        assembly=central,
        person=owen,
        kind=Role.Kind.ORGANISER,
        defaults={"starts_on": datetime.date(2026, 1, 1)},
    )
    Membership.objects.get_or_create(
        assembly=central,
        person=owen,
        left_at=None,
        defaults={"residency": Membership.Residency.VERIFIED},
    )
    Membership.objects.get_or_create(
        assembly=central,
        person=mira,
        left_at=None,
        defaults={"residency": Membership.Residency.VERIFIED},
    )
    if not Comment.objects.filter(assembly=central).exists():
        Comment.objects.create(
            assembly=central,
            author=mira,
            body="Can we talk about the bus stop on Bridge Street at the next meeting? "
            "It has had no shelter since March.",
        )
        Comment.objects.create(
            assembly=central,
            author=owen,
            body="Yes, it is on the list. Bring neighbours who use it!",
        )

    kiln_hill = Area.objects.get(slug=_slug(SUPPORT_WANTED))
    now = timezone.now()
    for number, name in enumerate(SUPPORTER_NAMES * 2):
        email = f"{name.lower()}{number}@kilnhill.example"
        Supporter.objects.update_or_create(
            email=email,
            assembly=None,
            defaults={
                "name": name,
                "postcode": f"FG2 7{INWARD_LETTERS[number]}{INWARD_LETTERS[-number - 1]}",
                "postcode_sector": "FG2 7",
                "area": kiln_hill,
                "consented_at": now,
                "confirmed_at": now if number < 14 else None,
                "comment": "We need somewhere to meet on this side of the river."
                if number == 0
                else "",
            },
        )
    build_life()
    decisions = build_decisions()
    councils = build_councils()
    return {
        "areas": Area.objects.count(),
        "assemblies": Assembly.objects.count(),
        "people": User.objects.count(),
        "supporters": Supporter.objects.count(),
        "meetings": Meeting.objects.count(),
        "check-ins": Attendance.objects.count(),
        **decisions,
        **councils,
    }


def _members(assembly: Assembly, count: int, sector: str) -> None:
    """Ordinary members who never sign in in the demo: no usable password."""
    emails = [f"{assembly.slug}-{n}@residents.fellbridge.example" for n in range(count)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    User.objects.bulk_create(
        [
            User(
                email=email,
                display_name=f"Neighbour {n + 1}",
                postcode=f"{sector}AA",
                password=UNUSABLE_PASSWORD,
            )
            for n, email in enumerate(emails)
            if email not in existing
        ]
    )
    people = User.objects.filter(email__in=emails)
    have = set(
        Membership.objects.filter(assembly=assembly, person__in=people).values_list(
            "person_id", flat=True
        )
    )
    Membership.objects.bulk_create(
        [
            Membership(
                assembly=assembly,
                person=person,
                residency=Membership.Residency.VERIFIED
                if person.pk % 3
                else Membership.Residency.SELF_DECLARED,
            )
            for person in people
            if person.pk not in have
        ]
    )
