"""GET /api/v1/assemblies/{id}: one assembly, with what a visitor needs to go along."""

import pytest
from django.utils import timezone

from folkmoot.assemblies.models import Membership, Supporter

from .conftest import API, assert_nothing_personal

PATH = f"{API}/assemblies/{{assembly_id}}"


def url(assembly_id) -> str:
    return f"{API}/assemblies/{assembly_id}"


def test_an_assembly_in_full(client, elm_park, member, check_schema):
    elm_park.about = "Neighbours in Elm Park deciding things together."
    elm_park.venue = "Elm Park Community Centre"
    elm_park.how_to_join = "Come along to any meeting."
    elm_park.save()

    response = client.get(url(elm_park.pk))

    assert response.status_code == 200
    assert response.json() == {
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
        "about": "Neighbours in Elm Park deciding things together.",
        "usual_meeting": "First Tuesday, 7pm",
        "venue": "Elm Park Community Centre",
        "how_to_join": "Come along to any meeting.",
        "supporter_count": 0,
    }
    check_schema("get", PATH, response)


def test_a_themed_assembly_names_its_theme(client, testbury_health, check_schema):
    response = client.get(url(testbury_health.pk))

    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "themed"
    assert body["theme"] == {"name": "Health", "slug": "health"}
    assert body["area"]["kind"] == "city"
    assert body["about"] == ""
    check_schema("get", PATH, response)


def test_counts_only_confirmed_supporters_and_current_members(client, everyone, elm_park):
    """Elm Park has a confirmed and an unconfirmed supporter, a member and one who left."""
    body = client.get(url(elm_park.pk)).json()

    assert body["supporter_count"] == 1
    assert body["member_count"] == 1


def test_support_gathering_elsewhere_is_not_counted_here(client, everyone, oak_row):
    body = client.get(url(oak_row.pk)).json()

    assert body["supporter_count"] == 0
    assert body["member_count"] == 0


def test_counts_follow_changes(client, elm_park, member, other_person):
    Membership.objects.filter(person=member).update(left_at=timezone.now())
    Membership.objects.create(assembly=elm_park, person=other_person)
    now = timezone.now()
    for number in range(3):
        Supporter.objects.create(
            name="S",
            email=f"s{number}@example.org",
            postcode="TB1 1AA",
            postcode_sector="TB1 1",
            assembly=elm_park,
            consented_at=now,
            confirmed_at=now,
        )

    body = client.get(url(elm_park.pk)).json()

    assert body["member_count"] == 1
    assert body["supporter_count"] == 3


def test_an_unknown_id_is_a_404(client, elm_park, check_schema):
    response = client.get(url(elm_park.pk + 1000))

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert list(response.json()["errors"]) == ["assembly_id"]
    check_schema("get", PATH, response)


def test_a_deleted_assembly_is_a_404(client, oak_row):
    assembly_id = oak_row.pk
    oak_row.delete()

    assert client.get(url(assembly_id)).status_code == 404


@pytest.mark.parametrize("bad_id", ["elm-park", "1.5", "one"])
def test_an_id_that_is_not_a_number_is_a_400_naming_it(client, elm_park, bad_id, check_schema):
    response = client.get(url(bad_id))

    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["assembly_id"]
    check_schema("get", PATH, response)


def test_nothing_personal(client, everyone, elm_park, oak_row, testbury_health):
    for assembly in (elm_park, oak_row, testbury_health):
        response = client.get(url(assembly.pk))
        assert response.status_code == 200
        assert_nothing_personal(response, everyone)


def test_the_same_as_in_the_list(client, everyone, testbury_health):
    """The detail adds to the list entry; it never disagrees with it."""
    listed = next(
        item
        for item in client.get(f"{API}/assemblies").json()["items"]
        if item["id"] == testbury_health.pk
    )
    detail = client.get(url(testbury_health.pk)).json()

    assert {key: detail[key] for key in listed} == listed
    assert listed["member_count"] == 1


@pytest.mark.parametrize("bad_id", ["0", "-3", str(2**63), "99999999999999999999999"])
def test_an_id_out_of_range_is_a_404_not_a_crash(client, elm_park, bad_id, check_schema):
    response = client.get(url(bad_id))

    assert response.status_code == 404, response.content
    assert list(response.json()["errors"]) == ["assembly_id"]
    check_schema("get", PATH, response)
