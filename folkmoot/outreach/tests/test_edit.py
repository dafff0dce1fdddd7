"""Changing an outreach entry: organisers only."""

import datetime

import pytest
from django.urls import reverse

from .conftest import log


@pytest.fixture
def activity(elm_park, units, member):
    return log(elm_park, member, datetime.date(2026, 1, 20), ["TB1 1AA"], people_reached=5)


def page(activity):
    return reverse("outreach:edit", args=["elm-park", activity.pk])


def post_data(**overrides):
    values = {
        "kind": "leaflets",
        "done_on": "2026-01-21",
        "postcodes": "TB1 1AA\nTB1 1AB",
        "people_reached": "50",
        "languages": "English",
    }
    values.update(overrides)
    return values


def test_anonymous_is_sent_to_sign_in(client, activity):
    assert client.get(page(activity)).status_code == 302


@pytest.mark.parametrize("who", ["member", "other_organiser", "person"])
def test_non_organisers_are_refused(client, activity, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(page(activity)).status_code == 403
    assert client.post(page(activity), post_data()).status_code == 403
    activity.refresh_from_db()
    assert activity.people_reached == 5


def test_organiser_changes_it(client, activity, organiser):
    client.force_login(organiser)
    assert "TB1 1AA" in client.get(page(activity)).content.decode()
    response = client.post(page(activity), post_data())
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.units == ["TB1 1AA", "TB1 1AB"]
    assert activity.people_reached == 50
    assert activity.done_on == datetime.date(2026, 1, 21)


def test_bad_postcode_changes_nothing(client, activity, organiser):
    client.force_login(organiser)
    response = client.post(page(activity), post_data(postcodes="TB1 1QQ", people_reached="99"))
    assert response.status_code == 200
    assert "TB1 1QQ" in response.content.decode()
    activity.refresh_from_db()
    assert activity.units == ["TB1 1AA"]
    assert activity.people_reached == 5


def test_entry_of_another_assembly_is_404(client, oak_row, other_organiser, organiser):
    other = log(oak_row, other_organiser, datetime.date(2026, 1, 20))
    client.force_login(organiser)
    assert client.get(reverse("outreach:edit", args=["elm-park", other.pk])).status_code == 404
