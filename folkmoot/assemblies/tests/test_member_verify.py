"""Checking residency: tellers and organisers record that they saw proof, and how."""

import pytest
from django.test import Client
from django.urls import reverse

from folkmoot.assemblies.models import Membership

from . import membership_helpers as helpers

teller = helpers.teller


@pytest.fixture
def membership(member):
    return Membership.objects.get(person=member)


def url(membership):
    return reverse("assemblies:member_verify", args=[membership.assembly.slug, membership.pk])


def residency(membership):
    membership.refresh_from_db()
    return membership.residency


def test_anonymous_is_sent_to_sign_in(client, membership):
    for response in (client.get(url(membership)), client.post(url(membership), {"method": "x"})):
        assert response.status_code == 302
        assert reverse("account_login") in response.url
    assert residency(membership) == Membership.Residency.SELF_DECLARED


@pytest.mark.parametrize("who", ["person", "member", "other_organiser"])
def test_others_are_refused(client, who, request, membership, elm_park):
    if who == "member":
        membership = Membership.objects.create(
            assembly=elm_park, person=helpers.make_person("x@example.org", "Xan")
        )
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(membership)).status_code == 403
    assert client.post(url(membership), {"method": "letter"}).status_code == 403
    assert residency(membership) == Membership.Residency.SELF_DECLARED


@pytest.mark.parametrize("who", ["teller", "organiser", "network_organiser"])
def test_tellers_and_organisers_verify(client, who, request, membership):
    checker = request.getfixturevalue(who)
    client.force_login(checker)
    page = client.get(url(membership))
    assert page.status_code == 200
    assert "Does Mo live here?" in page.content.decode()
    assert residency(membership) == Membership.Residency.SELF_DECLARED  # GET changes nothing
    response = client.post(url(membership), {"method": "letter with address shown"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("assemblies:members", args=["elm-park"])
    assert "Mo is now a verified resident" in response.content.decode()
    membership.refresh_from_db()
    assert membership.residency == Membership.Residency.VERIFIED
    assert membership.residency_method == "letter with address shown"
    assert membership.residency_verified_by == checker


def test_a_method_is_needed(client, teller, membership):
    client.force_login(teller)
    response = client.post(url(membership), {"method": "   "})
    assert response.status_code == 400
    assert "Say how you checked" in response.content.decode()
    assert residency(membership) == Membership.Residency.SELF_DECLARED


def test_a_teller_cannot_verify_themselves(client, teller):
    own = Membership.objects.get(person=teller)
    client.force_login(teller)
    response = client.post(url(own), {"method": "trust me"})
    assert response.status_code == 400
    assert "cannot check your own residency" in response.content.decode()
    assert "trust me" in response.content.decode()  # the form is kept
    assert residency(own) == Membership.Residency.SELF_DECLARED


def test_another_assemblys_membership_is_not_found(client, teller, oak_row, person):
    elsewhere = Membership.objects.create(assembly=oak_row, person=person)
    client.force_login(teller)
    wrong = reverse("assemblies:member_verify", args=["elm-park", elsewhere.pk])
    assert client.get(wrong).status_code == 404


def test_post_needs_csrf(teller, membership):
    client = Client(enforce_csrf_checks=True)
    client.force_login(teller)
    assert client.post(url(membership), {"method": "letter"}).status_code == 403
    assert residency(membership) == Membership.Residency.SELF_DECLARED
