"""GET /api/v1/assemblies: the directory, searchable by name, postcode and theme, in pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from folkmoot.assemblies.models import Membership

from .conftest import API, assert_nothing_personal

URL = f"{API}/assemblies"
PATH = URL


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


@pytest.fixture
def network(elm_park, oak_row, testbury_health):
    return [elm_park, oak_row, testbury_health]


def test_lists_every_assembly_neighbourhoods_first_then_by_name(client, network, check_schema):
    response = client.get(URL)

    assert names(response) == ["Elm Park Assembly", "Oak Row Assembly", "Testbury Health Assembly"]
    assert response.json()["count"] == 3
    check_schema("get", PATH, response)


def test_an_empty_directory_is_an_empty_page(client, db, check_schema):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}
    check_schema("get", PATH, response)


def test_each_assembly_says_what_and_where_it_is(client, network, member):
    elm_park, _oak_row, health = network
    Membership.objects.create(assembly=health, person=member)

    items = {item["slug"]: item for item in client.get(URL).json()["items"]}

    assert items["elm-park"] == {
        "id": elm_park.pk,
        "name": "Elm Park Assembly",
        "slug": "elm-park",
        "kind": "neighbourhood",
        "theme": None,
        "area": {
            "name": "Elm Park",
            "slug": "elm-park",
            "kind": "neighbourhood",
            "postcodes": ["TB1 1", "TB1 2"],
        },
        "member_count": 1,
        "legitimacy": "not_yet",
        "url": "http://testserver/assemblies/elm-park/",
    }
    assert items["testbury-health"]["kind"] == "themed"
    assert items["testbury-health"]["theme"] == {"name": "Health", "slug": "health"}
    assert items["testbury-health"]["area"] == {
        "name": "Testbury",
        "slug": "testbury",
        "kind": "city",
        "postcodes": [],
    }
    assert items["testbury-health"]["member_count"] == 1
    assert items["oak-row"]["member_count"] == 0


def test_the_url_is_the_assemblys_public_page(client, network):
    url = client.get(URL).json()["items"][0]["url"]

    assert url == "http://testserver/assemblies/elm-park/"
    assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_only_current_members_are_counted(client, elm_park, member, other_person):
    Membership.objects.create(assembly=elm_park, person=other_person, left_at=timezone.now())

    [item] = client.get(URL).json()["items"]

    assert item["member_count"] == 1


# --- q: name or area name -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("elm", ["Elm Park Assembly"]),
        ("ELM PARK", ["Elm Park Assembly"]),
        ("  oak  ", ["Oak Row Assembly"]),
        ("assembly", ["Elm Park Assembly", "Oak Row Assembly", "Testbury Health Assembly"]),
        ("health", ["Testbury Health Assembly"]),
        ("nowhere at all", []),
        ("", ["Elm Park Assembly", "Oak Row Assembly", "Testbury Health Assembly"]),
    ],
)
def test_q_searches_names(client, network, q, expected):
    assert names(client.get(URL, {"q": q})) == expected


def test_q_searches_the_area_name_too(client, network):
    network[1].name = "The Acorn Collective"
    network[1].save()

    assert names(client.get(URL, {"q": "oak row"})) == ["The Acorn Collective"]


# --- postcode: a full postcode or any start of one -------------------------------------------


@pytest.mark.parametrize(
    ("postcode", "expected"),
    [
        # The whole district: every neighbourhood in it, and the city-wide themed assembly.
        ("TB1", ["Elm Park Assembly", "Oak Row Assembly", "Testbury Health Assembly"]),
        ("tb", ["Elm Park Assembly", "Oak Row Assembly", "Testbury Health Assembly"]),
        # A sector: its neighbourhood, and what covers the places it is in.
        ("TB1 1", ["Elm Park Assembly", "Testbury Health Assembly"]),
        ("tb1 2", ["Elm Park Assembly", "Testbury Health Assembly"]),
        ("TB1 3", ["Oak Row Assembly", "Testbury Health Assembly"]),
        # A sector with no neighbourhood assembly still has the city's themed one.
        ("TB1 4", ["Testbury Health Assembly"]),
        # A full postcode, however it is typed.
        ("TB1 3AB", ["Oak Row Assembly", "Testbury Health Assembly"]),
        ("tb13ab", ["Oak Row Assembly", "Testbury Health Assembly"]),
        (" tb1  1aa ", ["Elm Park Assembly", "Testbury Health Assembly"]),
        # Somewhere the network does not reach.
        ("EH8", []),
        ("EH8 9YL", []),
        ("TB2", []),
    ],
)
def test_postcode_filter(client, network, postcode, expected):
    assert names(client.get(URL, {"postcode": postcode})) == expected


@pytest.mark.parametrize("postcode", ["8", "not a postcode", "EH8 9YLX", "EH8 9Y", "%%", "TB1-1"])
def test_a_malformed_postcode_is_a_400_naming_the_field(client, network, postcode, check_schema):
    response = client.get(URL, {"postcode": postcode})

    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert list(errors) == ["postcode"]
    assert "like EH8 9YL" in errors["postcode"][0]
    check_schema("get", PATH, response)


# --- theme ------------------------------------------------------------------------------------


def test_theme_filter(client, network, elm_park_housing):
    assert names(client.get(URL, {"theme": "health"})) == ["Testbury Health Assembly"]
    assert names(client.get(URL, {"theme": "housing"})) == ["Elm Park Housing Assembly"]


def test_an_unknown_theme_finds_nothing(client, network):
    response = client.get(URL, {"theme": "no-such-theme"})

    assert names(response) == []
    assert response.json()["count"] == 0


def test_filters_combine(client, network, elm_park_housing):
    assert names(client.get(URL, {"postcode": "TB1 3", "theme": "health"})) == [
        "Testbury Health Assembly"
    ]
    assert names(client.get(URL, {"postcode": "TB1 3", "theme": "housing"})) == []
    assert names(client.get(URL, {"postcode": "TB1 1", "theme": "housing"})) == [
        "Elm Park Housing Assembly"
    ]
    assert names(client.get(URL, {"q": "elm", "postcode": "TB1 1"})) == [
        "Elm Park Assembly",
        "Elm Park Housing Assembly",
    ]
    assert names(client.get(URL, {"q": "oak", "postcode": "TB1 1"})) == []


# --- pages ------------------------------------------------------------------------------------


def test_pages_of_fifty(client, many_assemblies, check_schema):
    first = client.get(URL)
    third = client.get(URL, {"page": 3})

    assert first.json()["count"] == 120
    assert names(first) == [f"Street {n:03d}" for n in range(50)]
    assert names(client.get(URL, {"page": 2})) == [f"Street {n:03d}" for n in range(50, 100)]
    assert names(third) == [f"Street {n:03d}" for n in range(100, 120)]
    assert third.json()["count"] == 120
    check_schema("get", PATH, first)


def test_past_the_last_page_is_empty(client, many_assemblies):
    response = client.get(URL, {"page": 4})

    assert names(response) == []
    assert response.json()["count"] == 120


def test_page_size_can_be_chosen_up_to_a_limit(client, many_assemblies):
    assert names(client.get(URL, {"page_size": 7, "page": 2})) == [
        f"Street {n:03d}" for n in range(7, 14)
    ]
    assert len(names(client.get(URL, {"page_size": 1000}))) == 100


def test_count_is_of_the_filtered_list(client, many_assemblies, network):
    response = client.get(URL, {"q": "street 00", "page_size": 5})

    assert response.json()["count"] == 10
    assert names(response) == [f"Street {n:03d}" for n in range(5)]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"page": -1}, "page"),
        ({"page": "two"}, "page"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": "lots"}, "page_size"),
        # Too far for any database to skip to.
        ({"page": 10**20}, "page"),
        ({"page": 2**62}, "page"),
    ],
)
def test_a_bad_page_is_a_400_naming_the_field(client, network, params, field, check_schema):
    response = client.get(URL, params)

    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [field]
    check_schema("get", PATH, response)


def test_the_number_of_queries_does_not_grow_with_the_page(client, network, many_assemblies):
    client.get(URL)  # the first request creates the network's settings row
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"page_size": 2})
    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"page_size": 100})

    assert len(many) == len(few)


# --- privacy ----------------------------------------------------------------------------------


def test_nothing_personal(client, everyone):
    for params in [{}, {"postcode": "TB1 1"}, {"q": "elm"}, {"theme": "health"}]:
        response = client.get(URL, params)
        assert response.status_code == 200
        assert_nothing_personal(response, everyone)


def test_supporters_are_not_members(client, everyone):
    """Elm Park has one current member (Mo), one who left, and supporters: it counts one."""
    items = {item["slug"]: item for item in client.get(URL).json()["items"]}

    assert items["elm-park"]["member_count"] == 1


def test_reading_needs_no_account(client, network):
    client.logout()

    assert client.get(URL).status_code == 200
