"""The join page: GET explains, one button (POST) joins."""

import pytest
from django.test import Client
from django.urls import reverse

from folkmoot.assemblies.models import Membership

from . import membership_helpers as helpers

elm_resident = helpers.elm_resident
elm_park_two = helpers.elm_park_two

JOIN = reverse("assemblies:join", args=["elm-park"])
MEMBERS = reverse("assemblies:members", args=["elm-park"])


def test_anonymous_is_sent_to_sign_in(client, elm_park):
    for response in (client.get(JOIN), client.post(JOIN)):
        assert response.status_code == 302
        assert reverse("account_login") in response.url
    assert not Membership.objects.exists()


def test_the_page_explains_and_does_not_join(client, elm_resident, elm_park):
    client.force_login(elm_resident)
    html = client.get(JOIN).content.decode()
    assert "Your postcode is in Elm Park" in html
    assert 'method="post"' in html
    assert not Membership.objects.exists()


def test_joining_where_you_live(client, elm_resident, elm_park):
    client.force_login(elm_resident)
    response = client.post(JOIN, follow=True)
    assert response.redirect_chain[-1][0] == MEMBERS
    html = response.content.decode()
    assert "Welcome to Elm Park Assembly" in html
    assert "teller or organiser can check your address" in html
    membership = Membership.objects.get(person=elm_resident)
    assert membership.residency == Membership.Residency.SELF_DECLARED


def test_joining_from_outside_the_area(client, elm_resident, oak_row):
    client.force_login(elm_resident)
    url = reverse("assemblies:join", args=["oak-row"])
    assert "not in Oak Row" in client.get(url).content.decode()
    html = client.post(url, follow=True).content.decode()
    assert "not counted as a resident" in html
    assert Membership.objects.get().residency == Membership.Residency.NOT_RESIDENT


def test_without_a_postcode_you_are_asked_for_it(client, person, elm_park):
    client.force_login(person)
    html = client.get(JOIN).content.decode()
    assert reverse("accounts:profile_edit") in html
    response = client.post(JOIN, follow=True)
    assert "Add your postcode" in response.content.decode()
    assert not Membership.objects.exists()


def test_joining_twice_keeps_one_membership(client, elm_resident, elm_park):
    client.force_login(elm_resident)
    client.post(JOIN)
    html = client.post(JOIN, follow=True).content.decode()
    assert "already a member" in html
    assert Membership.objects.count() == 1
    assert "You are already a member" in client.get(JOIN).content.decode()


def test_a_second_neighbourhood_is_refused_with_a_way_out(
    client, elm_resident, elm_park, elm_park_two
):
    client.force_login(elm_resident)
    client.post(JOIN)
    url = reverse("assemblies:join", args=["elm-park-two"])
    page = client.get(url).content.decode()
    assert "already a resident member of Elm Park Assembly" in page
    assert reverse("assemblies:leave", args=["elm-park"]) in page
    response = client.post(url)
    assert response.status_code == 409
    assert "leave Elm Park Assembly first" in response.content.decode()
    assert not Membership.objects.filter(assembly=elm_park_two).exists()


def test_post_needs_csrf(elm_resident, elm_park):
    client = Client(enforce_csrf_checks=True)
    client.force_login(elm_resident)
    assert client.post(JOIN).status_code == 403
    assert not Membership.objects.exists()


@pytest.mark.parametrize("who", ["member", "organiser", "other_organiser", "network_organiser"])
def test_anyone_signed_in_can_open_the_page(client, who, request, elm_park):
    client.force_login(request.getfixturevalue(who))
    assert client.get(JOIN).status_code == 200


def test_unknown_assembly(client, person):
    client.force_login(person)
    assert client.get(reverse("assemblies:join", args=["nowhere"])).status_code == 404
