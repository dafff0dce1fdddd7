"""A small confederation to reason about by hand, for the council and confederation pages.

Testbury City Council (city)            Testbury Health Council (district, Health)
  └ East Testbury District (2 seats:       └ Testbury Health Assembly (1 seat: Hal)
      Dee; 1 vacant)
      ├ Elm Park Assembly (2 seats: Eli; 1 vacant; substitute Sub)
      └ Oak Row Assembly (1 seat: Oona)
Ash Fields Assembly: on no council.
"""

import datetime
from dataclasses import dataclass

import pytest

from conftest import make_person
from folkmoot.assemblies.models import Assembly
from folkmoot.councils.models import Competence, Council, CouncilMember, Level
from folkmoot.delegation.models import DelegateTerm
from folkmoot.places.models import Area

START, END = datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)


def seat(member: CouncilMember, person, *, substitute: bool = False) -> DelegateTerm:
    return DelegateTerm.objects.create(
        member=member, person=person, substitute=substitute, starts_on=START, ends_on=END
    )


@dataclass
class Confed:
    district_level: Level
    city_level: Level
    district: Council
    city: Council
    health_council: Council
    elm: CouncilMember
    oak: CouncilMember
    district_on_city: CouncilMember
    health: CouncilMember
    ash: Assembly
    eli: DelegateTerm
    sub: DelegateTerm
    dee: DelegateTerm
    convener: object


@pytest.fixture
def council_net(elm_park, oak_row, testbury_health) -> Confed:
    district_level = Level.objects.create(name="district", rank=1)
    city_level = Level.objects.create(name="city", rank=2)
    city_area = Area.objects.get(slug="testbury")
    district = Council.objects.create(
        name="East Testbury District Council",
        slug="east-testbury",
        level=district_level,
        area=Area.objects.get(slug="east-testbury"),
        about="Coordinates the east side's assemblies.",
        result_rule=Council.ResultRule.BODIES,
        cascade_rule=Council.CascadeRule.PROPORTIONAL,
        only_legitimate_vote=True,
    )
    city = Council.objects.create(
        name="Testbury City Council",
        slug="testbury-city",
        level=city_level,
        area=city_area,
        result_rule=Council.ResultRule.DOUBLE,
    )
    health_council = Council.objects.create(
        name="Testbury Health Council",
        slug="testbury-health-council",
        level=district_level,
        theme=testbury_health.theme,
        area=city_area,
    )
    convener = make_person("cora@example.org", "Cora")
    district.conveners.add(convener)
    Competence.objects.create(
        council=district, matter="Sharing the tool library", granted="Agreed by all, March 2026"
    )
    elm = CouncilMember.objects.create(council=district, assembly=elm_park, seats=2)
    oak = CouncilMember.objects.create(council=district, assembly=oak_row, seats=1)
    district_on_city = CouncilMember.objects.create(council=city, member_council=district, seats=2)
    health = CouncilMember.objects.create(council=health_council, assembly=testbury_health)
    ash = Assembly.objects.create(
        name="Ash Fields Assembly", slug="ash-fields", area=Area.objects.get(slug="ash-fields")
    )
    eli = seat(elm, make_person("eli@example.org", "Eli"))
    sub = seat(elm, make_person("sub@example.org", "Sub"), substitute=True)
    seat(oak, make_person("oona@example.org", "Oona"))
    dee = seat(district_on_city, make_person("dee@example.org", "Dee"))
    seat(health, make_person("hal@example.org", "Hal"))
    # A recalled delegate no longer holds a seat.
    gone = seat(oak, make_person("gone@example.org", "Gone"))
    DelegateTerm.objects.filter(pk=gone.pk).update(
        ended_at=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC), end_reason="recalled"
    )
    return Confed(
        district_level=district_level,
        city_level=city_level,
        district=district,
        city=city,
        health_council=health_council,
        elm=elm,
        oak=oak,
        district_on_city=district_on_city,
        health=health,
        ash=ash,
        eli=eli,
        sub=sub,
        dee=dee,
        convener=convener,
    )


def grow(levels: tuple[Level, Level], top: Council, districts: int, assemblies: int, tag: str):
    """Add ``districts`` district councils under ``top``, each with ``assemblies`` assemblies
    holding one seat each (every other one filled), for the query-count tests."""
    area = Area.objects.get(slug="elm-park")
    for d in range(districts):
        council = Council.objects.create(
            name=f"District {tag}{d}", slug=f"district-{tag}{d}", level=levels[0]
        )
        CouncilMember.objects.create(council=top, member_council=council, seats=1)
        for a in range(assemblies):
            assembly = Assembly.objects.create(
                name=f"Assembly {tag}{d}-{a}", slug=f"assembly-{tag}{d}-{a}", area=area
            )
            member = CouncilMember.objects.create(council=council, assembly=assembly)
            if a % 2 == 0:
                seat(member, make_person(f"d{tag}{d}-{a}@example.org", f"Delegate {tag}{d}-{a}"))
