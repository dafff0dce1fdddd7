"""Ending a role: organisers only, and never the last organiser."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.assemblies.models import Role

from . import membership_helpers as helpers

teller = helpers.teller


@pytest.fixture
def teller_role(teller):
    return Role.objects.get(person=teller)


def url(role):
    return reverse("assemblies:role_end", args=[role.assembly.slug, role.pk])


def still_current(role):
    role.refresh_from_db()
    return role.ends_on is None


def test_anonymous_is_sent_to_sign_in(client, teller_role):
    response = client.post(url(teller_role))
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    assert still_current(teller_role)


@pytest.mark.parametrize("who", ["person", "member", "teller", "other_organiser"])
def test_others_are_refused(client, who, request, teller_role):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(teller_role)).status_code == 403
    assert client.post(url(teller_role)).status_code == 403
    assert still_current(teller_role)


@pytest.mark.parametrize("who", ["organiser", "network_organiser"])
def test_organisers_end_roles(client, who, request, teller_role):
    client.force_login(request.getfixturevalue(who))
    page = client.get(url(teller_role)).content.decode()
    assert "role as Teller?" in page
    assert "End Tess" in page
    assert still_current(teller_role)
    response = client.post(url(teller_role), follow=True)
    assert "Tess is no longer a teller of Elm Park Assembly" in response.content.decode()
    teller_role.refresh_from_db()
    assert teller_role.ends_on == timezone.localdate() - datetime.timedelta(days=1)


def test_the_last_organiser_role_cannot_end(client, organiser):
    role = Role.objects.get(person=organiser)
    client.force_login(organiser)
    response = client.post(url(role), follow=True)
    assert response.redirect_chain[-1][0] == reverse("assemblies:roles", args=["elm-park"])
    assert "last organiser of Elm Park Assembly" in response.content.decode()
    assert still_current(role)


def test_an_ended_role_says_so(client, organiser, member, elm_park):
    role = helpers.give_role(elm_park, member, Role.Kind.TELLER, ends_on=datetime.date(2021, 1, 1))
    client.force_login(organiser)
    assert "already ended" in client.get(url(role)).content.decode()
    assert "already ended" in client.post(url(role), follow=True).content.decode()
    role.refresh_from_db()
    assert role.ends_on == datetime.date(2021, 1, 1)


def test_another_assemblys_role_is_not_found(client, organiser, other_organiser):
    role = Role.objects.get(person=other_organiser)
    client.force_login(organiser)
    wrong = reverse("assemblies:role_end", args=["elm-park", role.pk])
    assert client.post(wrong).status_code == 404
    assert still_current(role)
