"""Fixtures and helpers shared by the vote tests (``from .vote_helpers import *``)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies.models import Membership, Role
from folkmoot.attendance.models import Attendance, Residency
from folkmoot.decisions import voting
from folkmoot.decisions.models import Vote
from folkmoot.meetings.models import Meeting

__all__ = [
    "WHO",
    "check_in",
    "client_for",
    "make_vote",
    "meeting",
    "open_vote",
    "teller",
    "voter2",
    "voter3",
]

# Everyone the permission tests try, by fixture name ("anonymous" is nobody signed in).
WHO = ["anonymous", "person", "member", "teller", "organiser", "other_organiser"]


@pytest.fixture
def teller(elm_park):
    user = make_person("tia@example.org", "Tia")
    Membership.objects.create(assembly=elm_park, person=user)
    Role.objects.create(
        assembly=elm_park, person=user, kind=Role.Kind.TELLER, starts_on=datetime.date(2020, 1, 1)
    )
    return user


@pytest.fixture
def voter2(elm_park):
    user = make_person("bo@example.org", "Bo")
    Membership.objects.create(assembly=elm_park, person=user)
    return user


@pytest.fixture
def voter3(elm_park):
    user = make_person("cy@example.org", "Cy")
    Membership.objects.create(assembly=elm_park, person=user)
    return user


@pytest.fixture
def meeting(elm_park):
    return Meeting.objects.create(
        assembly=elm_park,
        title="May meeting",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )


def check_in(meeting, person):
    return Attendance.objects.create(
        meeting=meeting,
        person=person,
        name=person.display_name,
        identity=f"person:{person.pk}",
        residency=Residency.SELF_DECLARED,
        method=Attendance.Method.SELF,
    )


def make_vote(assembly, by, method="majority", options=(), **kw) -> Vote:
    setup = voting.VoteSetup(
        question=kw.pop("question", "Shall we?"), method=method, options=list(options), **kw
    )
    return voting.create_vote(assembly, by, setup)


def open_vote(assembly, by, method="majority", options=(), **kw) -> Vote:
    return voting.open_vote(make_vote(assembly, by, method, options, **kw), by)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
