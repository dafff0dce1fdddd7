"""Fixtures for the API tests: the OpenAPI document, people whose details must never show,
and a helper that shows support through the API and lets the confirmation email be sent."""

import json
import re

import pytest
from django.utils import timezone

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Assembly, Comment, Membership, Supporter, Theme
from folkmoot.browser_testing import browser, browser_page  # noqa: F401
from folkmoot.places.models import Area

from .schema_check import assert_matches_schema

API = "/api/v1"


@pytest.fixture
def openapi(client, db) -> dict:
    """The OpenAPI document, as served."""
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def check_schema(openapi):
    """``check_schema("get", "/api/v1/find", response)``: the answer matches its documentation."""

    def check(method: str, path: str, response) -> None:
        assert_matches_schema(openapi, method, path, response)

    return check


@pytest.fixture
def everyone(elm_park, oak_row, testbury_health, member, organiser, other_organiser):
    """The whole test network with people in every role, and the details that identify them.

    Returns the strings (names, emails, full postcodes, private comments) that no API answer
    may contain.
    """
    leaver = User.objects.create_user(
        email="lee.leaver@example.org",
        password="a-long-test-password",
        display_name="Leopold Leaver",
    )
    Membership.objects.create(assembly=elm_park, person=leaver, left_at=timezone.now())
    Membership.objects.create(assembly=testbury_health, person=member)
    Comment.objects.create(assembly=elm_park, author=member, body="See you on Tuesday")
    now = timezone.now()
    ash_fields = Area.objects.get(slug="ash-fields")
    Supporter.objects.create(
        name="Zebedee Quill",
        email="zebedee.quill@example.org",
        postcode="TB1 1XY",
        postcode_sector="TB1 1",
        comment="Please meet on Saturdays, my private note",
        assembly=elm_park,
        area=elm_park.area,
        consented_at=now,
        confirmed_at=now,
    )
    Supporter.objects.create(
        name="Yolanda Unconfirmed",
        email="yolanda@example.net",
        postcode="TB1 2QW",
        postcode_sector="TB1 2",
        assembly=elm_park,
        area=elm_park.area,
        consented_at=now,
    )
    Supporter.objects.create(
        name="Xavier Gatherer",
        email="xavier@example.com",
        postcode="TB1 4ZZ",
        postcode_sector="TB1 4",
        comment="We need an assembly here",
        area=ash_fields,
        consented_at=now,
        confirmed_at=now,
    )
    return [
        "mo@example.org",
        "olu@example.org",
        "ore@example.org",
        "lee.leaver@example.org",
        "Leopold",
        "Leaver",
        "Zebedee",
        "Quill",
        "zebedee.quill@example.org",
        "TB1 1XY",
        "my private note",
        "Yolanda",
        "yolanda@example.net",
        "TB1 2QW",
        "Xavier",
        "xavier@example.com",
        "TB1 4ZZ",
        "We need an assembly here",
        # Short display names of the shared fixtures, matched as whole words below.
        "Mo",
        "Olu",
        "Ore",
    ]


def assert_nothing_personal(response, personal: list[str]) -> None:
    """No email address at all, and none of the given names, emails or postcodes."""
    text = response.content.decode()
    assert "@" not in text, f"an email address in {text}"
    for value in personal:
        assert not re.search(rf"\b{re.escape(value)}\b", text), f"{value!r} in {text}"
    # Nor any key that would hold someone's details, however empty.
    keys = set()

    def walk(node):
        if isinstance(node, dict):
            keys.update(node)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(json.loads(text))
    assert not keys & {"email", "emails", "members", "supporters", "person", "author", "token"}


@pytest.fixture
def post_support(client, django_capture_on_commit_callbacks):
    """POST to /api/v1/supporters with sensible defaults; emails are sent before it returns."""

    def post(ip: str = "203.0.113.7", raw: str | None = None, **fields):
        body = {
            "name": "Robin",
            "email": "robin@example.org",
            "postcode": "TB1 1AA",
            "comment": "",
            "consent": True,
        }
        body.update(fields)
        body = {key: value for key, value in body.items() if value is not ...}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                f"{API}/supporters",
                raw if raw is not None else json.dumps(body),
                content_type="application/json",
                REMOTE_ADDR=ip,
            )

    return post


@pytest.fixture
def many_assemblies(city) -> list[Assembly]:
    """120 small neighbourhood assemblies named so that their order is obvious."""
    area = Area.objects.get(slug="ash-fields")
    return Assembly.objects.bulk_create(
        Assembly(name=f"Street {number:03d}", slug=f"street-{number:03d}", area=area)
        for number in range(120)
    )


@pytest.fixture
def housing(db) -> Theme:
    return Theme.objects.create(name="Housing", slug="housing")


@pytest.fixture
def elm_park_housing(elm_park, housing) -> Assembly:
    """A themed assembly for just one neighbourhood."""
    return Assembly.objects.create(
        name="Elm Park Housing Assembly",
        slug="elm-park-housing",
        kind=Assembly.Kind.THEMED,
        theme=housing,
        area=elm_park.area,
    )
