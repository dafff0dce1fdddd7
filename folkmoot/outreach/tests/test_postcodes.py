"""Setting an area's postcode units: organisers in the area or staff; all or nothing."""

import pytest
from django.urls import reverse

from folkmoot.places.models import PostcodeUnit

PAGE = reverse("outreach:postcodes", args=["elm-park"])


def current(elm_park):
    return dict(PostcodeUnit.objects.filter(area=elm_park.area).values_list("unit", "households"))


def test_anonymous_is_sent_to_sign_in(client, elm_park):
    assert client.get(PAGE).status_code == 302


@pytest.mark.parametrize("who", ["member", "other_organiser", "person"])
def test_others_are_refused(client, elm_park, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"lines": "TB1 1AA"}).status_code == 403
    assert current(elm_park) == {}


def test_staff_may(client, elm_park, person):
    person.is_staff = True
    person.save()
    client.force_login(person)
    assert client.get(PAGE).status_code == 200


def test_organiser_sets_the_list(client, elm_park, units, organiser):
    client.force_login(organiser)
    assert "TB1 1AA, 20" in client.get(PAGE).content.decode()  # the current list to edit
    response = client.post(PAGE, {"lines": "TB1 1AA, 23\ntb1 2ab\nTB1 2AD, 7"}, follow=True)
    assert "now has 3 postcodes" in response.content.decode()
    assert current(elm_park) == {"TB1 1AA": 23, "TB1 2AB": None, "TB1 2AD": 7}


def test_any_bad_line_changes_nothing_and_all_are_reported(client, elm_park, units, organiser):
    client.force_login(organiser)
    before = current(elm_park)
    response = client.post(PAGE, {"lines": "TB1 1AA\nTB1 3AA\nEH8 9YL, 4\nnope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Line 2 (TB1 3AA)" in html
    assert "Line 3 (EH8 9YL, 4)" in html
    assert "Line 4 (nope)" in html
    assert current(elm_park) == before
