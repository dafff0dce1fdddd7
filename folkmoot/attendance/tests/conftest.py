"""Fixtures for attendance tests: a meeting of Elm Park Assembly starting within the hour, and
a teller. Browser fixtures come from folkmoot/browser_testing.py."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies.models import Role
from folkmoot.browser_testing import browser, browser_page  # noqa: F401
from folkmoot.meetings.models import Meeting


@pytest.fixture
def meeting(elm_park) -> Meeting:
    return Meeting.objects.create(
        assembly=elm_park,
        title="March assembly",
        starts_at=timezone.now() + datetime.timedelta(minutes=30),
        venue="St Aidan's Hall",
    )


@pytest.fixture
def teller(elm_park):
    user = make_person("tess@example.org", "Tess")
    Role.objects.create(
        assembly=elm_park, person=user, kind=Role.Kind.TELLER, starts_on=datetime.date(2020, 1, 1)
    )
    return user


@pytest.fixture
def login_as(client, request):
    """``login_as("teller")`` signs the test client in as that fixture ("anonymous": nobody)."""

    def sign_in(who: str):
        if who != "anonymous":
            client.force_login(request.getfixturevalue(who))
        return client

    return sign_in


# Who may run the door: the assembly's tellers and organisers. Everyone else is refused.
REFUSED = ["member", "other_organiser"]
ALLOWED = ["teller", "organiser"]
