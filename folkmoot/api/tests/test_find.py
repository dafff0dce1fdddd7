"""GET /api/v1/find?postcode=...: the assemblies covering a postcode, the nearest first."""

import pytest

from folkmoot.assemblies.models import Assembly
from folkmoot.places.models import Area

from .conftest import API, assert_nothing_personal

URL = f"{API}/find"


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()]


@pytest.fixture
def network(elm_park, oak_row, testbury_health):
    return [elm_park, oak_row, testbury_health]


def test_the_neighbourhood_first_then_themed_assemblies(client, network, check_schema):
    response = client.get(URL, {"postcode": "TB1 1AA"})

    assert names(response) == ["Elm Park Assembly", "Testbury Health Assembly"]
    check_schema("get", URL, response)


def test_answers_with_full_assembly_entries(client, network):
    elm_park = network[0]

    [first, _health] = client.get(URL, {"postcode": "TB1 2AA"}).json()

    assert first == {
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
        "member_count": 0,
        "legitimacy": "not_yet",
        "url": "http://testserver/assemblies/elm-park/",
    }


@pytest.mark.parametrize("typed", ["TB1 3AB", "tb1 3ab", "TB13AB", "  tb13ab  ", "tB1   3aB"])
def test_however_the_postcode_is_typed(client, network, typed):
    assert names(client.get(URL, {"postcode": typed})) == [
        "Oak Row Assembly",
        "Testbury Health Assembly",
    ]


def test_a_neighbourhood_with_no_assembly_still_has_the_themed_ones(client, network):
    assert names(client.get(URL, {"postcode": "TB1 4AA"})) == ["Testbury Health Assembly"]


def test_no_assembly_at_all_is_an_empty_list(client, elm_park, oak_row, check_schema):
    response = client.get(URL, {"postcode": "TB1 4AA"})

    assert response.status_code == 200
    assert response.json() == []
    check_schema("get", URL, response)


@pytest.mark.parametrize("postcode", ["EH8 9YL", "TB2 1AA", "SW1A 1AA"])
def test_outside_every_area_is_an_empty_list(client, network, postcode):
    response = client.get(URL, {"postcode": postcode})

    assert response.status_code == 200
    assert response.json() == []


def test_themed_assemblies_nearest_first(client, network, elm_park_housing):
    """Themed: the one for the neighbourhood before the one for the whole city."""
    assert names(client.get(URL, {"postcode": "TB1 1AA"})) == [
        "Elm Park Assembly",
        "Elm Park Housing Assembly",
        "Testbury Health Assembly",
    ]
    # Elm Park's themed assembly does not cover Oak Row.
    assert names(client.get(URL, {"postcode": "TB1 3AA"})) == [
        "Oak Row Assembly",
        "Testbury Health Assembly",
    ]


def test_an_area_defined_by_a_full_postcode_wins(client, network):
    """A block of flats with its own assembly, inside Elm Park's sector."""
    flats = Area.objects.create(
        name="Elm Court",
        slug="elm-court",
        kind=Area.Kind.NEIGHBOURHOOD,
        parent=Area.objects.get(slug="elm-park"),
    )
    flats.postcodes.create(prefix="TB1 1EB")
    Assembly.objects.create(name="Elm Court Assembly", slug="elm-court", area=flats)

    assert names(client.get(URL, {"postcode": "TB1 1EB"})) == [
        "Elm Court Assembly",
        "Elm Park Assembly",
        "Testbury Health Assembly",
    ]
    assert names(client.get(URL, {"postcode": "TB1 1ED"})) == [
        "Elm Park Assembly",
        "Testbury Health Assembly",
    ]


def test_member_counts_are_current(client, network, member):
    [elm, health] = client.get(URL, {"postcode": "TB1 1AA"}).json()

    assert elm["member_count"] == 1
    assert health["member_count"] == 0


@pytest.mark.parametrize(
    "postcode",
    ["TB1", "TB1 1", "TB1 1A", "hello", "12345", "QQ1 1AA", "TB1 1AAA", "", "   "],
)
def test_anything_but_a_full_postcode_is_a_400_naming_the_field(
    client, network, postcode, check_schema
):
    response = client.get(URL, {"postcode": postcode})

    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert list(errors) == ["postcode"]
    assert "full UK postcode" in errors["postcode"][0]
    check_schema("get", URL, response)


def test_a_missing_postcode_is_a_400_naming_the_field(client, network, check_schema):
    response = client.get(URL)

    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["postcode"]
    check_schema("get", URL, response)


def test_nothing_personal(client, everyone):
    for postcode in ["TB1 1XY", "TB1 2QW", "TB1 4ZZ", "TB1 3AA"]:
        response = client.get(URL, {"postcode": postcode})
        assert response.status_code == 200
        assert response.json()
        # The postcode asked about is not repeated back either.
        assert_nothing_personal(response, everyone)


def test_the_same_entries_as_the_list(client, everyone):
    found = client.get(URL, {"postcode": "TB1 1AA"}).json()
    listed = {item["id"]: item for item in client.get(f"{API}/assemblies").json()["items"]}

    assert found == [listed[item["id"]] for item in found]
