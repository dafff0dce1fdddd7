"""The member list: members and the people who run the assembly see it; others see counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_person
from folkmoot.assemblies.models import Membership, Role

from . import membership_helpers as helpers

teller = helpers.teller

MEMBERS = reverse("assemblies:members", args=["elm-park"])


def verify_url(membership):
    return reverse("assemblies:member_verify", args=["elm-park", membership.pk])


def remove_url(membership):
    return reverse("assemblies:member_remove", args=["elm-park", membership.pk])


def test_anonymous_is_sent_to_sign_in(client, member):
    response = client.get(MEMBERS)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


@pytest.mark.parametrize("who", ["person", "other_organiser"])
def test_others_see_counts_not_names(client, who, request, member):
    client.force_login(request.getfixturevalue(who))
    response = client.get(MEMBERS)
    assert response.status_code == 403
    html = response.content.decode()
    assert 'class="count">1</span> member:' in html
    assert "1 live here (0 verified)" in html
    assert "<td>Mo" not in html
    assert reverse("assemblies:join", args=["elm-park"]) in html


def test_members_see_names_and_residency_but_no_actions(client, member, teller):
    Membership.objects.filter(person=teller).update(residency=Membership.Residency.VERIFIED)
    client.force_login(member)
    html = client.get(MEMBERS).content.decode()
    assert "<td>Mo" in html
    assert "<td>Tess" in html
    assert "Verified resident" in html
    assert "Says they live here" in html
    assert "Teller" in html
    assert "Verify residency" not in html
    assert "Remove" not in html
    assert 'class="count">2</span> members:' in html
    assert "2 live here (1 verified)" in html


def test_tellers_get_the_verify_action(client, member, teller):
    client.force_login(teller)
    html = client.get(MEMBERS).content.decode()
    assert verify_url(Membership.objects.get(person=member)) in html
    assert verify_url(Membership.objects.get(person=teller)) not in html  # not yourself
    assert "Remove" not in html


@pytest.mark.parametrize("who", ["organiser", "network_organiser"])
def test_organisers_verify_and_remove(client, who, request, member):
    client.force_login(request.getfixturevalue(who))
    response = client.get(MEMBERS)
    assert response.status_code == 200
    membership = Membership.objects.get(person=member)
    html = response.content.decode()
    assert verify_url(membership) in html
    assert remove_url(membership) in html


def test_hidden_names(client, member, teller, elm_park):
    member.show_name_to_members = False
    member.save()
    other = make_person("ola@example.org", "Ola")
    Membership.objects.create(assembly=elm_park, person=other)
    client.force_login(other)
    html = client.get(MEMBERS).content.decode()
    assert "A member" in html
    assert "<td>Mo" not in html
    client.force_login(teller)  # needs to know who is who at the door
    html = client.get(MEMBERS).content.decode()
    assert "<td>Mo" in html
    assert "Hides their name from other members" in html


def test_people_who_left_are_not_listed(client, member, elm_park):
    leaver = make_person("lee@example.org", "Leeroy")
    Membership.objects.create(assembly=elm_park, person=leaver, left_at="2024-01-01T00:00Z")
    client.force_login(member)
    assert "Leeroy" not in client.get(MEMBERS).content.decode()


def test_empty_list(client, organiser):
    client.force_login(organiser)
    assert "No members yet" in client.get(MEMBERS).content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(MEMBERS).status_code == 200
    return len(queries)


def test_no_query_per_member(client, organiser, elm_park):
    def add(count, start):
        for index in range(start, start + count):
            person = make_person(f"m{index}@example.org", f"M{index}")
            Membership.objects.create(assembly=elm_park, person=person)
            Role.objects.create(
                assembly=elm_park, person=person, kind=Role.Kind.NOTE_TAKER, starts_on="2020-01-01"
            )

    add(2, 0)
    client.force_login(organiser)
    _queries(client)  # the first request also loads the session and the network
    few = _queries(client)
    add(10, 2)
    assert _queries(client) == few
