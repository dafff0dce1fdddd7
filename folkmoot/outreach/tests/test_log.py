"""The outreach log: anyone may read it; names are for the assembly's own people."""

import datetime

import pytest
from django.urls import reverse

from .conftest import log

PAGE = reverse("outreach:log", args=["elm-park"])


@pytest.fixture
def activities(elm_park, units, member, meeting):
    log(
        elm_park,
        member,
        datetime.date(2026, 1, 10),
        ["TB1 1AA"],
        done_by="Ann Secret",
        people_reached=30,
    )
    log(
        elm_park,
        member,
        datetime.date(2026, 1, 20),
        ["TB1 1AA", "TB1 1AB"],
        meeting=meeting,
        people_reached=12,
        kind="door_knocking",
    )


def test_newest_first_with_counts(client, activities):
    html = client.get(PAGE).content.decode()
    assert html.index("Door-knocking") < html.index("Leaflets through doors")
    assert "2</span> activities" in html
    assert "about 42 people reached" in html
    assert "2 postcodes reached" in html
    assert "the area has 5 postcodes" in html


def test_anonymous_reads_it_without_names_or_buttons(client, activities):
    html = client.get(PAGE).content.decode()
    assert "TB1 1AB" in html
    assert "Ann Secret" not in html
    assert reverse("outreach:new", args=["elm-park"]) not in html


@pytest.mark.parametrize("who", ["member", "organiser"])
def test_members_and_organisers_see_names_and_the_button(client, activities, who, request):
    client.force_login(request.getfixturevalue(who))
    html = client.get(PAGE).content.decode()
    assert "Ann Secret" in html
    assert reverse("outreach:new", args=["elm-park"]) in html


def test_other_assemblys_organiser_sees_no_names(client, activities, other_organiser):
    client.force_login(other_organiser)
    html = client.get(PAGE).content.decode()
    assert "Ann Secret" not in html
    assert "/edit/" not in html


def test_only_organisers_get_change_links(client, activities, member, organiser):
    client.force_login(member)
    html = client.get(PAGE).content.decode()
    assert "/edit/" not in html
    assert "/delete/" in html  # a member may delete what they recorded
    client.force_login(organiser)
    assert "/edit/" in client.get(PAGE).content.decode()


def test_empty_state_and_needs_data(client, elm_park):
    html = client.get(PAGE).content.decode()
    assert "No outreach recorded yet" in html
    assert "Needs data" in html


def test_unknown_assembly_is_404(client, db):
    assert client.get(reverse("outreach:log", args=["nowhere"])).status_code == 404
