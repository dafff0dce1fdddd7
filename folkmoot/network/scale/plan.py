"""The shape of the network, decided before anything is written: areas nested five deep,
assemblies in the neighbourhoods (and themed ones in the cities), councils over them at five
levels, and how many members each assembly has and how far along it is.

Each council gathers a handful of bodies from the level below: about N^(1/5) for N
assemblies (7 for 10,000), give or take two, so five levels always reach one national
council, as in ``bench/cascade.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from folkmoot.assemblies.models import Assembly
from folkmoot.councils.models import Council, CouncilMember
from folkmoot.places.models import Area

from . import names
from .options import (
    FEWEST_MEMBERS,
    GROWING,
    LEGITIMATE,
    LEGITIMATE_SHARE,
    NEW,
    NEW_SHARE,
    SHORT,
    SHORT_SHARE,
    SHORT_WAYS,
    Options,
    OptionsError,
)
from .sink import Ids

LEVELS = [
    (1, "District", Area.Kind.DISTRICT, "District Council"),
    (2, "City or borough", Area.Kind.CITY, "City Council"),
    (3, "County", Area.Kind.COUNTY, "County Council"),
    (4, "Region", Area.Kind.REGION, "Regional Council"),
    (5, "Nation", Area.Kind.NATION, "National Council"),
]
THEMES = [("health", "Health"), ("education", "Education"), ("housing", "Housing")]
RESULT_RULES = {1: "bodies", 2: "double", 3: "residents", 4: "seats", 5: "double"}


@dataclass(eq=False)
class Place:
    id: int
    name: str
    slug: str
    kind: str
    parent: Place | None
    residents: int = 0
    households: int = 0
    postcodes: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    children: list[Place] = field(default_factory=list)


@dataclass(eq=False)
class AssemblyPlan:
    id: int
    index: int
    name: str
    slug: str
    kind: str
    theme: str | None
    area: Place
    profile: str = GROWING
    short_way: str = ""
    members: int = 0
    first_person: int = 0  # the ordinal of its first member among all generated people
    held: int = 0
    age_days: int = 0  # how long ago it started
    seats: int = 1
    member: MemberPlan | None = None
    # Its delegates holding seats now: (term id, person id, seated at), after the elections.
    delegates: list[tuple] = field(default_factory=list)


@dataclass(eq=False)
class CouncilPlan:
    id: int
    name: str
    slug: str
    rank: int
    theme: str | None
    area: Place
    result_rule: str
    cascade_rule: str
    only_legitimate: bool
    members: list[MemberPlan] = field(default_factory=list)

    def assemblies(self) -> list[AssemblyPlan]:
        found = []
        for member in self.members:
            if member.assembly is not None:
                found.append(member.assembly)
            else:
                found.extend(member.member_council.assemblies())
        return found


@dataclass(eq=False)
class MemberPlan:
    id: int
    council: CouncilPlan
    seats: int
    assembly: AssemblyPlan | None = None
    member_council: CouncilPlan | None = None


@dataclass
class Plan:
    places: list[Place]
    assemblies: list[AssemblyPlan]
    councils: list[CouncilPlan]  # lower levels first
    empty_areas: list[Place]  # neighbourhoods with supporters but no assembly yet
    top: CouncilPlan


def _groups(rng, count: int, fan: int) -> list[int]:
    """Split ``count`` bodies into consecutive groups of about ``fan`` (2 at least)."""
    sizes = []
    while count > 0:
        size = min(count, rng.randint(max(2, fan - 2), fan + 2))
        sizes.append(size)
        count -= size
    return sizes


def build_plan(options: Options, ids: Ids, residents_per_meeting: int) -> Plan:
    rng = options.rng("plan")
    count = options.assemblies
    fan = max(2, math.ceil(count ** (1 / 5)))
    per_level = [_groups(rng, count, fan)]  # per district: how many assemblies
    for _rank in range(2, 5):
        per_level.append(_groups(rng, len(per_level[-1]), fan))
    per_level.append([len(per_level[-1])])  # one nation over every region
    places, districts = _places(options, ids, per_level)
    slugs = names.Slugs()
    for place in places:
        slugs(place.name)  # taken already: neighbourhoods must not reuse them
    assemblies, empty = _assemblies(options, ids, districts, per_level[0], places, slugs)
    _sizes(options, assemblies, residents_per_meeting)
    for place in reversed(places):
        if place.children:
            place.residents = sum(child.residents for child in place.children)
            place.households = sum(child.households for child in place.children)
    councils = _councils(options, ids, places[0], assemblies)
    return Plan(
        places=places, assemblies=assemblies, councils=councils, empty_areas=empty, top=councils[-1]
    )


def _places(options: Options, ids: Ids, per_level: list[list[int]]):
    """Areas top-down: a nation, its regions, counties, cities and districts (each with as
    many children as the grouping gave). Neighbourhoods come with the assemblies."""
    rng = options.rng("places")
    word = {
        Area.Kind.REGION: names.region,
        Area.Kind.COUNTY: lambda r: names.town(r) + "shire",
    }
    seen = names.Slugs()

    def place(kind: str, parent: Place | None) -> Place:
        name = word.get(kind, names.town)(rng)
        made = Place(id=ids.take(Area), name=name, slug=seen(name), kind=kind, parent=parent)
        if parent is not None:
            parent.children.append(made)
        return made

    nation = place(Area.Kind.NATION, None)
    places, parents = [nation], [nation]
    for rank in (4, 3, 2, 1):
        kind = LEVELS[rank - 1][2]
        made = [
            place(kind, parent)
            for parent, size in zip(parents, per_level[rank], strict=True)
            for _n in range(size)
        ]
        places.extend(made)
        parents = made
    return places, parents


def _assemblies(options: Options, ids: Ids, districts, counts, places, slugs):
    """A neighbourhood area and assembly for each, grouped into the districts, with postcode
    sectors and units; some extra neighbourhoods with supporters but no assembly yet; and
    themed assemblies in the cities."""
    rng = options.rng("neighbourhoods")
    postcodes = names.Postcodes()
    spare = [0] * len(districts)
    for _n in range(options.assemblies // 50 if options.assemblies >= 10 else 0):
        spare[rng.randrange(len(districts))] += 1
    assemblies: list[AssemblyPlan] = []
    empty: list[Place] = []
    assembly_slugs = names.Slugs()
    for district, count, extra in zip(districts, counts, spare, strict=True):
        outward = [postcodes.district() for _n in range(math.ceil((count + extra) / 10))]
        district.postcodes = outward
        for k in range(count + extra):
            sector = f"{outward[k // 10]} {k % 10}"
            name = names.neighbourhood(rng, district.name)
            residents = rng.randint(3000, 9000)
            area = Place(
                id=ids.take(Area),
                name=name,
                slug=slugs(name),
                kind=Area.Kind.NEIGHBOURHOOD,
                parent=district,
                residents=residents,
                households=residents * 10 // 23,
                postcodes=[sector],
                units=names.units_for(rng, sector, rng.randint(12, 30)),
            )
            district.children.append(area)
            places.append(area)
            if k >= count:
                empty.append(area)
                continue
            assemblies.append(
                AssemblyPlan(
                    id=ids.take(Assembly),
                    index=len(assemblies),
                    name=f"{name} Assembly",
                    slug=assembly_slugs(name),
                    kind=Assembly.Kind.NEIGHBOURHOOD,
                    theme=None,
                    area=area,
                )
            )
    cities = [p for p in places if p.kind == Area.Kind.CITY]
    for number, city in enumerate(cities):
        for theme, word in THEMES:
            if (theme == "education" and number % 3) or (theme == "housing" and number % 5):
                continue
            name = f"{city.name} {word} Assembly"
            assemblies.append(
                AssemblyPlan(
                    id=ids.take(Assembly),
                    index=len(assemblies),
                    name=name,
                    slug=assembly_slugs(name),
                    kind=Assembly.Kind.THEMED,
                    theme=theme,
                    area=city,
                )
            )
    return assemblies, empty


def _sizes(options: Options, assemblies: list[AssemblyPlan], residents: int) -> None:
    """Each assembly's state and members. Legitimate ones (and those just short) are large
    enough to bring the network's number of residents to every meeting; the rest share what
    is left of the members, a few large and many small."""
    rng = options.rng("sizes")
    local = [a for a in assemblies if a.kind == Assembly.Kind.NEIGHBOURHOOD]
    order = list(local)
    rng.shuffle(order)
    wanted = {
        LEGITIMATE: max(1, round(len(local) * LEGITIMATE_SHARE)) if len(local) >= 3 else 0,
        SHORT: max(1, round(len(local) * SHORT_SHARE)) if len(local) >= 3 else 0,
        NEW: round(len(local) * NEW_SHARE),
    }
    big = (int(residents * 1.8), int(residents * 3.2))
    while True:
        cut = [wanted[LEGITIMATE], wanted[SHORT], wanted[NEW]]
        fixed = (cut[0] + cut[1]) * sum(big) // 2 + cut[2] * 24
        others = len(assemblies) - sum(cut)
        if options.members - fixed >= others * 30 or cut[0] + cut[1] == 0:
            break
        key = LEGITIMATE if wanted[LEGITIMATE] >= wanted[SHORT] else SHORT
        wanted[key] -= 1
    position = 0
    for profile in (LEGITIMATE, SHORT, NEW):
        for plan in order[position : position + wanted[profile]]:
            plan.profile = profile
        position += wanted[profile]
    held_needed = options.meetings
    for plan in assemblies:
        if plan.profile in (LEGITIMATE, SHORT):
            plan.members = rng.randint(*big)
            plan.short_way = rng.choice(SHORT_WAYS) if plan.profile == SHORT else ""
            plan.held = held_needed
        elif plan.profile == NEW:
            plan.members = rng.randint(FEWEST_MEMBERS + 2, 40)
            plan.held = min(held_needed, rng.randint(1, 2))
        else:
            plan.held = held_needed if rng.random() < 0.8 else max(1, held_needed - 1)
        age = rng.randint(100, 140) if plan.profile == NEW else rng.randint(300, 1100)
        plan.age_days = max(age, plan.held * 37 + 80)  # started before its first meeting
    rest = [a for a in assemblies if a.profile == GROWING]
    left = options.members - sum(a.members for a in assemblies)
    if left < len(rest) * FEWEST_MEMBERS:
        raise OptionsError(
            f"{options.members} members are too few for {len(assemblies)} assemblies of this "
            "kind: ask for more members or fewer assemblies."
        )
    weights = [rng.lognormvariate(0, 0.8) for _a in rest]
    total = sum(weights) or 1
    spare = left - len(rest) * FEWEST_MEMBERS
    for plan, weight in zip(rest, weights, strict=True):
        plan.members = FEWEST_MEMBERS + int(spare * weight / total)
    short = left - sum(a.members for a in rest)
    for n in range(short):
        rest[n % len(rest)].members += 1
    first = 0
    for plan in assemblies:
        plan.first_person = first
        first += plan.members
        plan.seats = 2 if plan.members > 250 and plan.kind == Assembly.Kind.NEIGHBOURHOOD else 1


def _councils(options: Options, ids: Ids, nation: Place, assemblies: list[AssemblyPlan]):
    """Councils bottom-up, each over the bodies of the areas inside its own; themed
    assemblies of education and housing sit on their city council, health assemblies on
    county health councils under a national health council."""
    rng = options.rng("councils")
    slugs = names.Slugs()
    by_area: dict[int, list[AssemblyPlan]] = {}
    for plan in assemblies:
        by_area.setdefault(plan.area.id, []).append(plan)
    councils: list[CouncilPlan] = []

    def council(place: Place, rank: int, theme: str | None = None) -> CouncilPlan:
        words = LEVELS[rank - 1][3]
        name = f"{place.name} {'Health Council' if theme else words}"
        if theme:
            rule = "consensus" if rank == 3 and rng.random() < 0.5 else "bodies"
        else:
            rule = RESULT_RULES[rank]
        made = CouncilPlan(
            id=ids.take(Council),
            name=name,
            slug=slugs(name),
            rank=rank,
            theme=theme,
            area=place,
            result_rule=rule,
            cascade_rule="proportional" if rng.random() < 0.35 else "majority",
            only_legitimate=rank > 1 and rng.random() < 0.1,
        )
        councils.append(made)
        return made

    def join(above: CouncilPlan, body, seats: int) -> None:
        member = MemberPlan(id=ids.take(CouncilMember), council=above, seats=seats)
        if isinstance(body, AssemblyPlan):
            member.assembly, body.member = body, member
        else:
            member.member_council = body
        above.members.append(member)

    def general(place: Place, rank: int) -> CouncilPlan:
        made_below = []
        if rank > 1:
            made_below = [general(child, rank - 1) for child in place.children]
        made = council(place, rank)
        if rank == 1:
            for child in place.children:
                for plan in by_area.get(child.id, []):
                    join(made, plan, plan.seats)
        for below in made_below:
            join(made, below, min(3, 1 + len(below.assemblies()) // 25))
        if rank == 2:
            for plan in by_area.get(place.id, []):
                if plan.theme != "health":
                    join(made, plan, 1)
        return made

    def health(place: Place, rank: int) -> list[AssemblyPlan]:
        if rank == 2:
            return [p for p in by_area.get(place.id, []) if p.theme == "health"]
        return [plan for child in place.children for plan in health(child, rank - 1)]

    top = general(nation, 5)
    county_health = []
    for region in nation.children:
        for county in region.children:
            found = health(county, 3)
            if found:
                made = council(county, 3, "health")
                for plan in found:
                    join(made, plan, 1)
                county_health.append(made)
    if county_health:
        national = council(nation, 5, "health")
        for below in county_health:
            join(national, below, 1)
    councils.remove(top)
    councils.append(top)  # the general national council last: Plan.top
    return councils
