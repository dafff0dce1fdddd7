"""The coverage table for a meeting: public once the invitation is out, organisers before."""

import datetime

import pytest
from django.urls import reverse

from folkmoot.places.models import Area

from .conftest import log


def page(meeting):
    return reverse("outreach:coverage", args=[meeting.pk])


@pytest.fixture
def reached(meeting, units, member):
    log(
        meeting.assembly,
        member,
        datetime.date(2026, 1, 20),
        ["TB1 1AA", "TB1 1AB"],
        done_by="Ann Secret",
    )
    log(
        meeting.assembly,
        member,
        datetime.date(2026, 2, 1),
        ["TB1 1AB", "TB1 2AA", "TB1 2AB"],
        kind="door_knocking",
    )
    log(meeting.assembly, member, datetime.date(2025, 12, 1), ["TB1 1AD"])  # too early


def test_anyone_sees_a_published_meetings_table(client, reached, meeting):
    html = client.get(page(meeting)).content.decode()
    assert "80%" in html
    assert "4 of 5 postcodes reached" in html
    assert "Enough: 80% is needed" in html
    assert "published 19 days before" in html
    assert html.count("Not yet</td>") == 1  # TB1 1AD: its leaflets were too early
    assert "Door-knocking, 1 Feb" in html
    assert "Ann Secret" not in html


def test_members_see_names_and_the_leaflets_delivered_button(client, reached, meeting, member):
    client.force_login(member)
    html = client.get(page(meeting)).content.decode()
    assert "Ann Secret" in html
    assert f"?kind=leaflets&amp;meeting={meeting.pk}" in html


def test_needs_data_without_units(client, meeting):
    html = client.get(page(meeting)).content.decode()
    assert "Needs data" in html
    assert "%" not in html.split("Postcodes reached")[1].split("</section>")[0]


@pytest.mark.parametrize("who", [None, "member", "other_organiser"])
def test_unpublished_meeting_is_hidden(client, draft_meeting, who, request):
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.get(page(draft_meeting)).status_code == 404


@pytest.mark.parametrize("who", ["organiser", "network_organiser"])
def test_organisers_see_an_unpublished_meeting(client, draft_meeting, who, request):
    client.force_login(request.getfixturevalue(who))
    html = client.get(page(draft_meeting)).content.decode()
    assert "Not published yet" in html


def test_map_only_where_there_is_a_boundary(client, meeting):
    assert "area-map.js" not in client.get(page(meeting)).content.decode()
    Area.objects.filter(slug="elm-park").update(
        boundary={"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [0, 0]]]}
    )
    html = client.get(page(meeting)).content.decode()
    assert "area-map.js" in html
    assert 'id="area-boundary"' in html


def test_links_to_the_leaflets(client, meeting):
    html = client.get(page(meeting)).content.decode()
    for name in ("leaflet_a5", "leaflet_a4", "poster"):
        assert reverse(f"outreach:{name}", args=[meeting.pk]) in html
