"""The role rules: only organisers give and end roles, only to members, never the last organiser."""

import datetime

import pytest
from django.utils import timezone

from folkmoot.assemblies import membership as rules
from folkmoot.assemblies.models import Membership, Role

from . import membership_helpers as helpers

teller = helpers.teller
give_role = helpers.give_role


def today():
    return timezone.localdate()


def test_organiser_gives_a_member_a_role(organiser, member, elm_park):
    role = rules.grant_role(elm_park, member, Role.Kind.TELLER, by=organiser)
    assert role.starts_on == today()
    assert role.ends_on is None
    assert rules.can_verify(member, elm_park)


def test_a_role_for_a_term(organiser, member, elm_park):
    start, end = today(), today() + datetime.timedelta(days=365)
    role = rules.grant_role(
        elm_park, member, Role.Kind.FACILITATOR, by=organiser, starts_on=start, ends_on=end
    )
    assert (role.starts_on, role.ends_on) == (start, end)


def test_end_before_start_is_refused(organiser, member, elm_park):
    with pytest.raises(rules.RoleError):
        rules.grant_role(
            elm_park,
            member,
            Role.Kind.TELLER,
            by=organiser,
            starts_on=today(),
            ends_on=today() - datetime.timedelta(days=1),
        )
    assert not Role.objects.filter(person=member).exists()


@pytest.mark.parametrize("who", ["member", "teller", "other_organiser"])
def test_only_organisers_give_roles(who, request, member, elm_park):
    with pytest.raises(rules.NotAllowed):
        rules.grant_role(elm_park, member, Role.Kind.ORGANISER, by=request.getfixturevalue(who))
    assert not Role.objects.filter(person=member).exists()


def test_network_organiser_gives_roles(network_organiser, member, elm_park):
    rules.grant_role(elm_park, member, Role.Kind.ORGANISER, by=network_organiser)
    assert rules.is_organiser(member, elm_park)


def test_roles_go_only_to_current_members(organiser, person, member, elm_park):
    with pytest.raises(rules.RoleError):
        rules.grant_role(elm_park, person, Role.Kind.TELLER, by=organiser)
    Membership.objects.filter(person=member).update(left_at=timezone.now())
    with pytest.raises(rules.RoleError):
        rules.grant_role(elm_park, member, Role.Kind.TELLER, by=organiser)
    assert not Role.objects.filter(kind=Role.Kind.TELLER).exists()


def test_the_same_role_twice_at_once_is_refused(organiser, member, elm_park):
    rules.grant_role(elm_park, member, Role.Kind.TELLER, by=organiser)
    with pytest.raises(rules.RoleError):
        rules.grant_role(elm_park, member, Role.Kind.TELLER, by=organiser)
    # A different role is fine.
    rules.grant_role(elm_park, member, Role.Kind.NOTE_TAKER, by=organiser)
    assert Role.objects.filter(person=member).count() == 2


def test_a_later_term_after_the_first_ends_is_fine(organiser, member, elm_park):
    first_end = today() + datetime.timedelta(days=30)
    rules.grant_role(elm_park, member, Role.Kind.TELLER, by=organiser, ends_on=first_end)
    rules.grant_role(
        elm_park,
        member,
        Role.Kind.TELLER,
        by=organiser,
        starts_on=first_end + datetime.timedelta(days=1),
    )
    assert Role.objects.filter(person=member, kind=Role.Kind.TELLER).count() == 2


def test_ending_a_role_makes_yesterday_its_last_day(organiser, teller, elm_park):
    role = Role.objects.get(person=teller)
    ended = rules.end_role(role, by=organiser)
    assert not ended.cancelled
    role.refresh_from_db()
    assert role.ends_on == today() - datetime.timedelta(days=1)
    assert not rules.can_verify(teller, elm_park)


def test_ending_a_role_that_has_not_started_cancels_it(organiser, member, elm_park):
    role = give_role(elm_park, member, Role.Kind.TELLER, starts_on=today())
    ended = rules.end_role(role, by=organiser)
    assert ended.cancelled
    assert not Role.objects.filter(person=member).exists()


def test_ending_an_ended_role_is_refused(organiser, member, elm_park):
    role = give_role(
        elm_park, member, Role.Kind.TELLER, ends_on=today() - datetime.timedelta(days=3)
    )
    with pytest.raises(rules.RoleError):
        rules.end_role(role, by=organiser)
    role.refresh_from_db()
    assert role.ends_on == today() - datetime.timedelta(days=3)


@pytest.mark.parametrize("who", ["member", "teller", "other_organiser"])
def test_only_organisers_end_roles(who, request, teller, elm_park):
    role = Role.objects.get(person=teller)
    with pytest.raises(rules.NotAllowed):
        rules.end_role(role, by=request.getfixturevalue(who))
    role.refresh_from_db()
    assert role.ends_on is None


def test_the_last_organiser_role_cannot_end(organiser, elm_park):
    role = Role.objects.get(person=organiser)
    with pytest.raises(rules.LastOrganiser) as caught:
        rules.end_role(role, by=organiser)
    assert "last organiser" in str(caught.value)
    role.refresh_from_db()
    assert role.ends_on is None


def test_network_organiser_also_cannot_end_the_last_organiser_role(
    organiser, network_organiser, elm_park
):
    with pytest.raises(rules.LastOrganiser):
        rules.end_role(Role.objects.get(person=organiser), by=network_organiser)


def test_a_future_organiser_does_not_count_as_current(organiser, member, elm_park):
    give_role(elm_park, member, Role.Kind.ORGANISER, starts_on=today() + datetime.timedelta(days=7))
    with pytest.raises(rules.LastOrganiser):
        rules.end_role(Role.objects.get(person=organiser), by=organiser)


def test_an_organiser_role_can_end_when_another_remains(organiser, member, elm_park):
    give_role(elm_park, member, Role.Kind.ORGANISER)
    rules.end_role(Role.objects.get(person=organiser), by=member)
    assert not rules.is_organiser(organiser, elm_park)
    assert rules.is_organiser(member, elm_park)
    # ...but now the other one is the last.
    with pytest.raises(rules.LastOrganiser):
        rules.end_role(Role.objects.get(person=member, kind=Role.Kind.ORGANISER), by=member)


def test_current_and_past_roles(organiser, teller, elm_park):
    old = give_role(
        elm_park, teller, Role.Kind.NOTE_TAKER, ends_on=today() - datetime.timedelta(days=1)
    )
    assert set(rules.current_roles(elm_park)) == set(Role.objects.exclude(pk=old.pk))
    assert list(rules.past_roles(elm_park)) == [old]
