"""The roles page: members see who does what; organisers give roles there."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.assemblies.models import Membership, Role

from . import membership_helpers as helpers

teller = helpers.teller

ROLES = reverse("assemblies:roles", args=["elm-park"])


def grant(client, person, kind="teller", **extra):
    data = {
        "membership": Membership.objects.get(person=person, left_at__isnull=True).pk,
        "kind": kind,
        "starts_on": timezone.localdate().isoformat(),
        "ends_on": "",
        **extra,
    }
    return client.post(ROLES, data)


def test_anonymous_is_sent_to_sign_in(client, elm_park):
    response = client.get(ROLES)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


@pytest.mark.parametrize("who", ["person", "other_organiser"])
def test_others_are_refused(client, who, request, member):
    client.force_login(request.getfixturevalue(who))
    assert client.get(ROLES).status_code == 403
    assert grant(client, member).status_code == 403
    assert not Role.objects.filter(person=member).exists()


@pytest.mark.parametrize("who", ["member", "teller"])
def test_members_see_roles_but_cannot_give_them(client, who, request, member, teller, organiser):
    client.force_login(request.getfixturevalue(who))
    html = client.get(ROLES).content.decode()
    assert "Olu" in html
    assert "Tess" in html
    assert "Give someone a role" not in html
    assert "End this role" not in html
    assert grant(client, member).status_code == 403
    assert not Role.objects.filter(person=member).exists()


@pytest.mark.parametrize("who", ["organiser", "network_organiser"])
def test_organisers_give_roles(client, who, request, member, elm_park):
    client.force_login(request.getfixturevalue(who))
    assert "Give someone a role" in client.get(ROLES).content.decode()
    response = grant(client, member, kind="facilitator")
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "Mo is now a facilitator of Elm Park Assembly" in html
    role = Role.objects.get(person=member)
    assert role.kind == Role.Kind.FACILITATOR
    assert role.starts_on == timezone.localdate()
    assert role.ends_on is None


def test_end_before_start_is_refused_and_the_form_kept(client, organiser, member):
    client.force_login(organiser)
    start = timezone.localdate()
    response = grant(client, member, ends_on=(start - datetime.timedelta(days=1)).isoformat())
    assert response.status_code == 400
    html = response.content.decode()
    assert "The end date must be on or after the start date" in html
    assert start.isoformat() in html
    assert not Role.objects.filter(person=member).exists()


def test_only_current_members_can_be_chosen(client, organiser, member, person, oak_row):
    elsewhere = Membership.objects.create(assembly=oak_row, person=person)
    client.force_login(organiser)
    response = client.post(
        ROLES,
        {"membership": elsewhere.pk, "kind": "teller", "starts_on": "2025-01-01"},
    )
    assert response.status_code == 400
    assert not Role.objects.filter(person=person).exists()


def test_the_same_role_twice_is_refused(client, organiser, teller):
    client.force_login(organiser)
    response = grant(client, teller, kind="teller")
    assert response.status_code == 400
    assert "already has the teller role" in response.content.decode()
    assert Role.objects.filter(person=teller).count() == 1


def test_hidden_names_stay_hidden_from_members(client, member, teller):
    teller.show_name_to_members = False
    teller.save()
    client.force_login(member)
    html = client.get(ROLES).content.decode()
    assert "Tess" not in html
    assert "A member" in html


def test_past_roles_are_listed(client, organiser, member, elm_park):
    helpers.give_role(elm_park, member, Role.Kind.NOTE_TAKER, ends_on=datetime.date(2021, 12, 31))
    client.force_login(organiser)
    html = client.get(ROLES).content.decode()
    assert "Past roles" in html
    assert "Note-taker: Mo, 1 Jan 2020 to 31 Dec 2021" in html


def test_the_start_date_is_filled_in_for_a_date_picker(client, organiser, member):
    """A date input only accepts ISO dates: a British "01/03/2025" would show as empty."""
    client.force_login(organiser)
    html = client.get(ROLES).content.decode()
    assert f'type="date" name="starts_on" value="{timezone.localdate().isoformat()}"' in html
