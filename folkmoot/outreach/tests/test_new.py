"""Recording outreach: members and organisers may; bad postcodes save nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.outreach.models import OutreachActivity

PAGE = reverse("outreach:new", args=["elm-park"])
GOOD = {
    "kind": "leaflets",
    "done_on": "2026-01-20",
    "postcodes": "tb1 1aa\nTB1 2AB",
    "people_reached": "40",
    "languages": "English, Polish",
    "done_by": "Ann",
}


def test_anonymous_is_sent_to_sign_in(client, elm_park):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


@pytest.mark.parametrize("who", ["person", "other_organiser"])
def test_outsiders_are_refused(client, elm_park, units, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, GOOD).status_code == 403
    assert OutreachActivity.objects.count() == 0


@pytest.mark.parametrize("who", ["member", "organiser", "network_organiser"])
def test_insiders_record_outreach(client, elm_park, units, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(PAGE, GOOD, follow=True)
    assert response.redirect_chain[-1][0] == reverse("outreach:log", args=["elm-park"])
    assert "Your outreach is recorded" in response.content.decode()
    activity = OutreachActivity.objects.get()
    assert activity.units == ["TB1 1AA", "TB1 2AB"]
    assert activity.recorded_by == user
    assert activity.assembly == elm_park


def test_bad_postcodes_keep_the_form_and_save_nothing(client, elm_park, units, member):
    client.force_login(member)
    response = client.post(PAGE, {**GOOD, "postcodes": "TB1 1AA\nTB9 9ZZ"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "TB9 9ZZ" in html
    assert "not in Elm Park" in html
    assert "Ann" in html  # the rest of the form is kept
    assert OutreachActivity.objects.count() == 0


def test_leaflets_delivered_preset(client, elm_park, units, member, meeting):
    client.force_login(member)
    html = client.get(f"{PAGE}?kind=leaflets&meeting={meeting.pk}").content.decode()
    assert '<option value="leaflets" selected>' in html
    assert f'<option value="{meeting.pk}" selected>' in html
    assert "TB1 2AB" in html  # the area's postcodes are listed to help


def test_the_day_starts_as_today(client, elm_park, units, member):
    """Most outreach is recorded the day it is done: nobody should have to type today's date."""
    client.force_login(member)
    html = client.get(PAGE).content.decode()
    assert f'name="done_on" value="{timezone.localdate().isoformat()}"' in html


def test_a_missing_day_says_how_to_fix_it(client, elm_park, units, member):
    client.force_login(member)
    html = client.post(PAGE, {**GOOD, "done_on": "", "kind": ""}).content.decode()
    assert "Enter the day you did it, like 2026-03-01." in html
    assert "Choose what you did" in html
    assert "This field is required" not in html
    assert OutreachActivity.objects.count() == 0
