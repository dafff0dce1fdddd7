import pytest

from folkmoot.legitimacy.tests.conftest import hold_meeting
from folkmoot.places.models import PostcodeUnit

UNITS = [f"TB1 1A{letter}" for letter in "ABDEFGHJLN"]


@pytest.fixture
def legitimate(elm_park, organiser, network):
    PostcodeUnit.objects.bulk_create(PostcodeUnit(area=elm_park.area, unit=u) for u in UNITS)
    return [hold_meeting(elm_park, organiser, days) for days in (40, 70, 100)]


def test_legitimacy_with_evidence(client, legitimate, elm_park, check_schema):
    url = f"/api/v1/assemblies/{elm_park.pk}/legitimacy"
    response = client.get(url)
    assert response.status_code == 200
    data = response.json()
    assert data["verdict"] == "legitimate"
    assert data["meetings_held"] == 3
    assert data["rules"]["residents_per_meeting"] == 150
    attendance = next(c for c in data["criteria"] if c["key"] == "attendance")
    assert attendance["status"] == "met"
    assert [c["evidence"]["verified_residents"] for c in attendance["checks"]] == [150] * 3
    assert [h["verdict"] for h in data["history"]] == ["legitimate", "not_yet", "not_yet"]
    check_schema("get", "/api/v1/assemblies/{assembly_id}/legitimacy", response)


def test_listing_shows_the_verdict(client, legitimate, elm_park, oak_row):
    items = client.get("/api/v1/assemblies").json()["items"]
    assert {i["slug"]: i["legitimacy"] for i in items} == {
        "elm-park": "legitimate",
        "oak-row": "not_yet",
    }


def test_unknown_assembly(client, db):
    response = client.get("/api/v1/assemblies/999/legitimacy")
    assert response.status_code == 404
    assert "assembly_id" in response.json()["errors"]


def test_no_names_in_the_evidence(client, legitimate, elm_park):
    assert (
        "Person" not in client.get(f"/api/v1/assemblies/{elm_park.pk}/legitimacy").content.decode()
    )
