"""GET councils: the confederation's councils, their member bodies, seats, who holds each seat
and the vacancies. Public records: delegates by public name, nobody's email, no conveners."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_person
from folkmoot.assemblies.models import Assembly
from folkmoot.councils.models import CouncilMember
from folkmoot.delegation.models import DelegateTerm
from folkmoot.places.models import Area

from .conftest import API, assert_nothing_personal
from .test_councils_data import PRIVATE, Confederation, build_confederation, many_councils

COUNCILS = f"{API}/councils"
COUNCIL = f"{API}/councils/{{council}}"

# Every path of the councils and delegation routers, as the OpenAPI document names them.
PATHS = {
    COUNCILS: {"200", "400"},
    COUNCIL: {"200", "404"},
    f"{API}/councils/{{council}}/questions": {"200", "400", "404"},
    f"{API}/council-questions/{{question_id}}": {"200", "400", "404"},
    f"{API}/council-questions/{{question_id}}/trace": {"200", "400", "404"},
    f"{API}/councils/{{council}}/mandates": {"200", "400", "404"},
    f"{API}/mandates/{{mandate_id}}": {"200", "400", "404"},
    f"{API}/delegates/{{delegate_id}}": {"200", "400", "404"},
}


@pytest.fixture
def confederation(elm_park, oak_row) -> Confederation:
    return build_confederation(elm_park, oak_row)


def test_the_list_shows_each_council_with_its_seats_lowest_level_first(
    client, confederation, check_schema
):
    response = client.get(COUNCILS)

    assert response.status_code == 200
    check_schema("get", COUNCILS, response)
    data = response.json()
    assert data["count"] == 2
    district, city = data["items"]
    assert district["id"] == confederation.district.pk
    assert district["slug"] == "east-testbury"
    assert district["name"] == "East Testbury District Council"
    assert district["level"] == {"name": "District", "rank": 1}
    assert district["theme"] is None
    assert district["area"]["slug"] == "east-testbury"
    assert district["area"]["postcodes"] == ["TB1"]
    assert district["result_rule"] == "bodies"
    assert district["result_rule_label"] == "Majority of member bodies"
    assert district["cascade_rule"] == "proportional"
    assert district["only_legitimate_vote"] is False
    # Elm Park (2 seats: Dana, and a substitute who does not count) and Oak Row (1: Rowan; the
    # recalled delegate does not count).
    assert (district["member_count"], district["seats"], district["seats_filled"]) == (2, 3, 2)
    assert city["level"] == {"name": "City", "rank": 2}
    assert city["only_legitimate_vote"] is True
    assert (city["member_count"], city["seats"], city["seats_filled"]) == (1, 2, 1)


def test_a_council_with_no_members_counts_zero(client, confederation, check_schema):
    confederation.district.pk = None
    confederation.district.slug = "empty"
    confederation.district.save()

    response = client.get(COUNCILS)

    check_schema("get", COUNCILS, response)
    empty = next(c for c in response.json()["items"] if c["slug"] == "empty")
    assert (empty["member_count"], empty["seats"], empty["seats_filled"]) == (0, 0, 0)


def test_a_body_fills_no_more_than_its_own_seats(client, confederation):
    """At a changeover a body may briefly have more delegates than seats."""
    DelegateTerm.objects.create(
        member=confederation.oak_seat,
        person=make_person("new@example.org", "Nell Newcomer"),
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2028, 1, 1),
    )

    district = client.get(COUNCILS).json()["items"][0]
    detail = client.get(COUNCIL.format(council="east-testbury")).json()

    assert (district["seats"], district["seats_filled"]) == (3, 2)
    assert detail["seats_filled"] == 2
    oak = detail["member_bodies"][1]
    assert len(oak["holders"]) == 2
    assert oak["vacancies"] == 0


def test_one_council_by_id_or_short_name(client, confederation, elm_park, oak_row, check_schema):
    for ref in (confederation.district.pk, "east-testbury"):
        response = client.get(COUNCIL.format(council=ref))

        assert response.status_code == 200
        check_schema("get", COUNCIL, response)
        data = response.json()
        assert data["id"] == confederation.district.pk
        assert data["about"] == "Coordinates the east of the city."
        assert data["competences"] == [
            {"matter": "Allotments", "granted": ""},
            {"matter": "Street cleaning", "granted": "Agreed by all, March 2025"},
        ]
        assert data["sits_on"] == [
            {"id": confederation.city.pk, "slug": "testbury-city", "name": "Testbury City Council"}
        ]
        elm, oak = data["member_bodies"]
        assert elm["id"] == confederation.elm_seat.pk
        assert elm["body"] == {
            "kind": "assembly",
            "id": elm_park.pk,
            "slug": "elm-park",
            "name": "Elm Park Assembly",
        }
        assert elm["seats"] == 2
        assert elm["holders"] == [
            {
                "id": confederation.dana.pk,
                "name": "Dana Delegate",
                "since": "2025-01-01",
                "until": "2027-01-01",
                "substitute": False,
            },
            {
                "id": confederation.sub.pk,
                "name": "Sol Substitute",
                "since": "2025-01-01",
                "until": "2027-01-01",
                "substitute": True,
            },
        ]
        assert elm["vacancies"] == 1
        assert elm["legitimacy"] in {"legitimate", "not_yet", "needs_data"}
        assert oak["body"]["id"] == oak_row.pk
        assert [h["name"] for h in oak["holders"]] == ["Rowan Oakley"]  # not the recalled one
        assert oak["vacancies"] == 0


def test_a_council_sitting_on_a_council_is_named_as_a_council(client, confederation):
    data = client.get(COUNCIL.format(council="testbury-city")).json()

    [district] = data["member_bodies"]
    assert district["body"] == {
        "kind": "council",
        "id": confederation.district.pk,
        "slug": "east-testbury",
        "name": "East Testbury District Council",
    }
    assert district["legitimacy"] is None
    assert [h["name"] for h in district["holders"]] == ["Cass Citywide"]
    assert district["vacancies"] == 1
    assert data["sits_on"] == []
    assert data["competences"] == []


def test_an_id_wins_over_a_short_name_made_of_digits(client, confederation):
    confederation.city.slug = str(confederation.district.pk)
    confederation.city.save()

    data = client.get(COUNCIL.format(council=confederation.district.pk)).json()

    assert data["slug"] == "east-testbury"


def test_unknown_council(client, db, check_schema):
    for ref in ("999", "nowhere"):
        response = client.get(COUNCIL.format(council=ref))

        assert response.status_code == 404
        check_schema("get", COUNCIL, response)
        assert response.json() == {
            "errors": {"council": ["There is no council with that id or short name."]}
        }


def test_nothing_personal_in_councils(client, confederation, everyone):
    for path in (COUNCILS, COUNCIL.format(council="east-testbury")):
        response = client.get(path)
        assert_nothing_personal(response, [*everyone, *PRIVATE])
        assert "Quentin" not in response.content.decode()  # a convener


def test_the_council_list_takes_the_same_queries_however_long(client, confederation, elm_park):
    many_councils(confederation.district_level, 20, members=[elm_park])
    client.get(COUNCILS)  # warm-up (the network's settings row, sessions)

    with CaptureQueriesContext(connection) as two:
        small = client.get(COUNCILS, {"page_size": 2})
    with CaptureQueriesContext(connection) as twenty:
        large = client.get(COUNCILS, {"page_size": 20})

    assert len(small.json()["items"]) == 2
    assert len(large.json()["items"]) == 20
    assert len(twenty) == len(two), [q["sql"] for q in twenty.captured_queries]


def test_one_council_takes_the_same_queries_however_many_members(client, confederation, elm_park):
    [council] = many_councils(confederation.district_level, 1, members=[elm_park])
    path = COUNCIL.format(council=council.slug)
    client.get(path)  # warm-up
    with CaptureQueriesContext(connection) as one:
        client.get(path)
    area = Area.objects.get(slug="ash-fields")
    for number in range(9):
        assembly = Assembly.objects.create(name=f"Street {number}", slug=f"s-{number}", area=area)
        seat = CouncilMember.objects.create(council=council, assembly=assembly, seats=2)
        DelegateTerm.objects.create(
            member=seat,
            person=make_person(f"street{number}@example.org", f"Street {number}"),
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2027, 1, 1),
        )
    with CaptureQueriesContext(connection) as ten:
        data = client.get(path).json()

    assert len(data["member_bodies"]) == 10
    assert sum(len(m["holders"]) for m in data["member_bodies"]) == 10
    assert len(ten) == len(one), [q["sql"] for q in ten.captured_queries]


def test_paging_is_checked(client, db, check_schema):
    response = client.get(COUNCILS, {"page": 0})

    assert response.status_code == 400
    check_schema("get", COUNCILS, response)
    assert "page" in response.json()["errors"]


# --- The OpenAPI document ---------------------------------------------------------------------


@pytest.mark.parametrize(("path", "statuses"), list(PATHS.items()))
def test_every_endpoint_and_answer_is_documented(openapi, path, statuses):
    operation = openapi["paths"][path]["get"]

    assert operation["summary"]
    assert not operation.get("security")
    assert set(operation["responses"]) == statuses
    for status in statuses:
        assert "schema" in operation["responses"][status]["content"]["application/json"]


def test_the_councils_parameters(openapi):
    def parameters(path):
        return {p["name"]: p for p in openapi["paths"][path]["get"].get("parameters", [])}

    assert set(parameters(COUNCILS)) == {"page", "page_size"}
    council = parameters(COUNCIL)["council"]
    assert council["in"] == "path"
    assert council["schema"]["type"] == "string"
    assert "short name" in council["description"]
    assert set(parameters(f"{API}/councils/{{council}}/questions")) == {
        "council",
        "status",
        "page",
        "page_size",
    }
    assert set(parameters(f"{API}/councils/{{council}}/mandates")) == {
        "council",
        "in_force",
        "question_id",
        "standing",
        "page",
        "page_size",
    }
