"""Removing a member: organisers only, with a reason; the record is kept."""

import pytest
from django.urls import reverse

from folkmoot.assemblies.models import Membership

from . import membership_helpers as helpers

teller = helpers.teller


@pytest.fixture
def membership(member):
    return Membership.objects.get(person=member)


def url(membership):
    return reverse("assemblies:member_remove", args=[membership.assembly.slug, membership.pk])


def still_member(membership):
    membership.refresh_from_db()
    return membership.left_at is None


def test_anonymous_is_sent_to_sign_in(client, membership):
    response = client.post(url(membership), {"reason": "x"})
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    assert still_member(membership)


@pytest.mark.parametrize("who", ["person", "teller", "other_organiser"])
def test_others_are_refused(client, who, request, membership):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(membership)).status_code == 403
    assert client.post(url(membership), {"reason": "Because"}).status_code == 403
    assert still_member(membership)


def test_a_member_cannot_remove_another(client, teller, member):
    client.force_login(member)
    other = Membership.objects.get(person=teller)
    assert client.post(url(other), {"reason": "Because"}).status_code == 403
    assert still_member(other)


@pytest.mark.parametrize("who", ["organiser", "network_organiser"])
def test_organisers_remove_with_a_reason(client, who, request, membership):
    remover = request.getfixturevalue(who)
    client.force_login(remover)
    page = client.get(url(membership))
    assert "Remove Mo from Elm Park Assembly?" in page.content.decode()
    assert still_member(membership)
    response = client.post(url(membership), {"reason": "Abusive at meetings"}, follow=True)
    assert "Mo is no longer a member" in response.content.decode()
    membership.refresh_from_db()
    assert membership.left_at is not None
    assert membership.removed_by == remover
    assert membership.removed_reason == "Abusive at meetings"


def test_a_reason_is_needed(client, organiser, membership):
    client.force_login(organiser)
    response = client.post(url(membership), {"reason": ""})
    assert response.status_code == 400
    assert "Say why you are removing" in response.content.decode()
    assert still_member(membership)


def test_the_last_organiser_cannot_be_removed(client, network_organiser, organiser, elm_park):
    own = Membership.objects.create(assembly=elm_park, person=organiser)
    client.force_login(network_organiser)
    response = client.post(url(own), {"reason": "Gone quiet"})
    assert response.status_code == 400
    assert "only organiser" in response.content.decode()
    assert still_member(own)


def test_someone_who_left_is_not_found(client, organiser, membership):
    membership.left_at = "2024-01-01T00:00Z"
    membership.save()
    client.force_login(organiser)
    assert client.get(url(membership)).status_code == 404
