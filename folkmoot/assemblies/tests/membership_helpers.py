"""Fixtures for the membership and role tests. Import the ones a test file uses."""

import datetime

import pytest

from conftest import make_person
from folkmoot.assemblies.models import Assembly, Membership, Role

LONG_AGO = datetime.date(2020, 1, 1)


@pytest.fixture
def teller(elm_park):
    """A member of Elm Park who is its teller."""
    user = make_person("tess@example.org", "Tess")
    Membership.objects.create(assembly=elm_park, person=user)
    Role.objects.create(assembly=elm_park, person=user, kind=Role.Kind.TELLER, starts_on=LONG_AGO)
    return user


@pytest.fixture
def elm_resident(person):
    """Pat, who lives in Elm Park (postcode TB1 1AB) but has not joined anything."""
    person.postcode = "TB1 1AB"
    person.save(update_fields=["postcode"])
    return person


@pytest.fixture
def elm_park_two(elm_park):
    """A second neighbourhood assembly on the same area, so one person lives in both."""
    return Assembly.objects.create(name="Elm Park Two", slug="elm-park-two", area=elm_park.area)


def give_role(assembly, user, kind, starts_on=LONG_AGO, ends_on=None):
    return Role.objects.create(
        assembly=assembly, person=user, kind=kind, starts_on=starts_on, ends_on=ends_on
    )
