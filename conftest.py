"""Fixtures shared by every app's tests: a small network you can reason about by hand."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Assembly, Membership, Role, Theme
from folkmoot.network.models import Network
from folkmoot.places.models import Area, AreaPostcode


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


def make_person(email: str, name: str = "", password: str = "a-long-test-password") -> User:  # noqa: S107
    """A person with a confirmed email address, who can sign in."""
    user = User.objects.create_user(email=email, password=password, display_name=name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def network(db) -> Network:
    return Network.current()


@pytest.fixture
def city(db) -> Area:
    """Testbury: a city with two neighbourhoods (one with an assembly) and one empty one."""
    city = Area.objects.create(name="Testbury", slug="testbury", kind=Area.Kind.CITY)
    district = Area.objects.create(
        name="East Testbury", slug="east-testbury", kind=Area.Kind.DISTRICT, parent=city
    )
    AreaPostcode.objects.create(area=district, prefix="TB1")
    for name, slug, sectors in [
        ("Elm Park", "elm-park", ["TB1 1", "TB1 2"]),
        ("Oak Row", "oak-row", ["TB1 3"]),
        ("Ash Fields", "ash-fields", ["TB1 4"]),
    ]:
        area = Area.objects.create(
            name=name,
            slug=slug,
            kind=Area.Kind.NEIGHBOURHOOD,
            parent=district,
            residents_estimate=5000,
        )
        for sector in sectors:
            AreaPostcode.objects.create(area=area, prefix=sector)
    return city


@pytest.fixture
def health(db) -> Theme:
    return Theme.objects.create(name="Health", slug="health")


@pytest.fixture
def elm_park(city) -> Assembly:
    return Assembly.objects.create(
        name="Elm Park Assembly",
        slug="elm-park",
        area=Area.objects.get(slug="elm-park"),
        usual_meeting="First Tuesday, 7pm",
    )


@pytest.fixture
def oak_row(city) -> Assembly:
    return Assembly.objects.create(
        name="Oak Row Assembly", slug="oak-row", area=Area.objects.get(slug="oak-row")
    )


@pytest.fixture
def testbury_health(city, health) -> Assembly:
    return Assembly.objects.create(
        name="Testbury Health Assembly",
        slug="testbury-health",
        kind=Assembly.Kind.THEMED,
        theme=health,
        area=city,
    )


@pytest.fixture
def person(db) -> User:
    return make_person("pat@example.org", "Pat")


@pytest.fixture
def other_person(db) -> User:
    return make_person("sam@example.org", "Sam")


@pytest.fixture
def member(elm_park) -> User:
    user = make_person("mo@example.org", "Mo")
    Membership.objects.create(assembly=elm_park, person=user)
    return user


@pytest.fixture
def organiser(elm_park) -> User:
    user = make_person("olu@example.org", "Olu")
    Role.objects.create(
        assembly=elm_park,
        person=user,
        kind=Role.Kind.ORGANISER,
        starts_on=datetime.date(2020, 1, 1),
    )
    return user


@pytest.fixture
def other_organiser(oak_row) -> User:
    """An organiser, but of a different assembly."""
    user = make_person("ore@example.org", "Ore")
    Role.objects.create(
        assembly=oak_row,
        person=user,
        kind=Role.Kind.ORGANISER,
        starts_on=datetime.date(2020, 1, 1),
    )
    return user


@pytest.fixture
def network_organiser(network) -> User:
    user = make_person("nia@example.org", "Nia")
    network.organisers.add(user)
    return user
