"""Network organisers see support gathering where there is no assembly yet."""

import csv
import io

import pytest
from django.urls import reverse

from folkmoot.assemblies.services import confirm_support, record_support

PAGE = reverse("assemblies:gatherings")
CSV = reverse("assemblies:gatherings_csv")


@pytest.fixture
def waiting(city, elm_park):
    for n in range(2):
        outcome = record_support(name=f"P{n}", email=f"p{n}@example.org", postcode="TB1 4AB")
        confirm_support(outcome.supporter)
    record_support(name="Q", email="q@example.org", postcode="TB1 4AB")
    record_support(name="E", email="e@example.org", postcode="TB1 1AB")  # goes to Elm Park


@pytest.mark.parametrize("who", ["person", "organiser"])
def test_only_network_organisers(client, waiting, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(PAGE).status_code == 403
    assert client.get(CSV).status_code == 403


def test_anonymous_sent_to_sign_in(client, waiting):
    assert client.get(PAGE).status_code == 302


def test_counts_by_place(client, waiting, network_organiser):
    client.force_login(network_organiser)
    html = client.get(PAGE).content.decode()
    assert "Ash Fields" in html
    assert "<td>2</td>" in html
    assert "1 more person has not confirmed yet" in html


def test_csv_has_everyone_without_an_assembly(client, waiting, network_organiser):
    client.force_login(network_organiser)
    rows = list(csv.DictReader(io.StringIO(client.get(CSV).content.decode())))
    assert sorted(row["email"] for row in rows) == [
        "p0@example.org",
        "p1@example.org",
        "q@example.org",
    ]
    assert {row["area"] for row in rows} == {"Ash Fields"}
