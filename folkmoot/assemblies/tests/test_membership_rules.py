"""The membership rules as plain functions: joining, leaving, re-joining, removing, residency."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies import membership as rules
from folkmoot.assemblies.models import Membership, Role

from . import membership_helpers as helpers

elm_park_two = helpers.elm_park_two
elm_resident = helpers.elm_resident
teller = helpers.teller
give_role = helpers.give_role

TODAY = timezone.localdate


# --- Joining --------------------------------------------------------------------------------


def test_joining_where_you_live_makes_you_a_self_declared_resident(elm_resident, elm_park):
    membership = rules.join(elm_resident, elm_park)
    assert membership.residency == Membership.Residency.SELF_DECLARED
    assert membership.left_at is None
    assert membership.residency_verified_by is None


def test_joining_outside_your_area_makes_you_a_non_resident_member(elm_resident, oak_row):
    membership = rules.join(elm_resident, oak_row)
    assert membership.residency == Membership.Residency.NOT_RESIDENT


def test_themed_assembly_covering_your_postcode_counts_you_as_resident(
    elm_resident, elm_park, testbury_health
):
    rules.join(elm_resident, elm_park)
    membership = rules.join(elm_resident, testbury_health)
    assert membership.residency == Membership.Residency.SELF_DECLARED


def test_joining_without_a_postcode_is_refused(person, elm_park):
    with pytest.raises(rules.NeedsPostcode):
        rules.join(person, elm_park)
    assert not Membership.objects.exists()


def test_a_postcode_we_cannot_read_means_not_resident(person, elm_park):
    person.postcode = "NOPE"
    person.save()
    assert rules.join(person, elm_park).residency == Membership.Residency.NOT_RESIDENT


def test_joining_twice_is_refused(elm_resident, elm_park):
    rules.join(elm_resident, elm_park)
    with pytest.raises(rules.AlreadyMember):
        rules.join(elm_resident, elm_park)
    assert Membership.objects.filter(person=elm_resident).count() == 1


def test_second_neighbourhood_as_resident_is_refused(elm_resident, elm_park, elm_park_two):
    rules.join(elm_resident, elm_park)
    with pytest.raises(rules.ResidentElsewhere) as caught:
        rules.join(elm_resident, elm_park_two)
    assert "Elm Park Assembly" in str(caught.value)
    assert "leave" in str(caught.value)
    assert not Membership.objects.filter(assembly=elm_park_two).exists()


def test_someone_who_moved_must_leave_their_old_one_first(elm_resident, elm_park, oak_row):
    rules.join(elm_resident, elm_park)
    elm_resident.postcode = "TB1 3AA"  # now lives in Oak Row
    elm_resident.save()
    with pytest.raises(rules.ResidentElsewhere):
        rules.join(elm_resident, oak_row)
    rules.leave(elm_resident, elm_park)
    assert rules.join(elm_resident, oak_row).residency == Membership.Residency.SELF_DECLARED


def test_a_non_resident_membership_elsewhere_does_not_block(elm_resident, elm_park, oak_row):
    rules.join(elm_resident, oak_row)  # not a resident there
    assert rules.join(elm_resident, elm_park).residency == Membership.Residency.SELF_DECLARED


def test_a_past_resident_membership_does_not_block(elm_resident, elm_park, elm_park_two):
    rules.join(elm_resident, elm_park)
    rules.leave(elm_resident, elm_park)
    assert rules.join(elm_resident, elm_park_two).residency == Membership.Residency.SELF_DECLARED


# --- Leaving and re-joining -----------------------------------------------------------------


def test_leaving_keeps_the_row(elm_resident, elm_park):
    membership = rules.join(elm_resident, elm_park)
    rules.leave(elm_resident, elm_park)
    membership.refresh_from_db()
    assert membership.left_at is not None
    assert membership.removed_by is None


def test_leaving_when_not_a_member_is_refused(elm_resident, elm_park):
    with pytest.raises(rules.NotAMember):
        rules.leave(elm_resident, elm_park)


def test_rejoining_creates_a_new_row(elm_resident, elm_park):
    first = rules.join(elm_resident, elm_park)
    rules.leave(elm_resident, elm_park)
    second = rules.join(elm_resident, elm_park)
    assert second.pk != first.pk
    assert Membership.objects.filter(person=elm_resident).count() == 2
    first.refresh_from_db()
    assert first.left_at is not None


def test_leaving_ends_your_roles(teller, elm_park, organiser):
    rules.leave(teller, elm_park)
    role = Role.objects.get(person=teller)
    assert role.ends_on == TODAY() - datetime.timedelta(days=1)
    assert not rules.can_verify(teller, elm_park)


def test_the_last_organiser_cannot_leave(organiser, elm_park):
    Membership.objects.create(assembly=elm_park, person=organiser)
    with pytest.raises(rules.LastOrganiser):
        rules.leave(organiser, elm_park)
    assert Membership.objects.get(person=organiser).left_at is None
    assert rules.is_organiser(organiser, elm_park)


def test_an_organiser_can_leave_when_another_remains(organiser, member, elm_park):
    Membership.objects.create(assembly=elm_park, person=organiser)
    give_role(elm_park, member, Role.Kind.ORGANISER)
    rules.leave(organiser, elm_park)
    assert not rules.is_organiser(organiser, elm_park)
    assert rules.is_organiser(member, elm_park)


# --- Removing -------------------------------------------------------------------------------


def test_organiser_removes_a_member_with_a_reason(organiser, member, elm_park):
    membership = Membership.objects.get(person=member)
    rules.remove(membership, by=organiser, reason="  Harassed other members  ")
    membership.refresh_from_db()
    assert membership.left_at is not None
    assert membership.removed_by == organiser
    assert membership.removed_reason == "Harassed other members"
    # They can join again later, as a new row.
    member.postcode = "TB1 1AA"
    member.save()
    assert rules.join(member, elm_park).pk != membership.pk


def test_removing_needs_a_reason(organiser, member):
    membership = Membership.objects.get(person=member)
    with pytest.raises(rules.MembershipError):
        rules.remove(membership, by=organiser, reason="   ")
    membership.refresh_from_db()
    assert membership.left_at is None


@pytest.mark.parametrize("who", ["member", "teller", "other_organiser"])
def test_only_organisers_remove(who, request, elm_park):
    victim = make_person("vic@example.org", "Vic")
    membership = Membership.objects.create(assembly=elm_park, person=victim)
    with pytest.raises(rules.NotAllowed):
        rules.remove(membership, by=request.getfixturevalue(who), reason="Because")
    membership.refresh_from_db()
    assert membership.left_at is None


def test_network_organiser_can_remove(network_organiser, member):
    membership = Membership.objects.get(person=member)
    rules.remove(membership, by=network_organiser, reason="Spam account")
    membership.refresh_from_db()
    assert membership.removed_by == network_organiser


def test_removing_ends_their_roles(organiser, teller, elm_park):
    rules.remove(Membership.objects.get(person=teller), by=organiser, reason="Moved away")
    assert not rules.can_verify(teller, elm_park)


def test_removing_the_last_organiser_is_refused(network_organiser, organiser, elm_park):
    membership = Membership.objects.create(assembly=elm_park, person=organiser)
    with pytest.raises(rules.LastOrganiser):
        rules.remove(membership, by=network_organiser, reason="Gone")
    membership.refresh_from_db()
    assert membership.left_at is None


def test_removing_someone_who_already_left_is_refused(organiser, member, elm_park):
    membership = Membership.objects.get(person=member)
    rules.leave(member, elm_park)
    with pytest.raises(rules.NotAMember):
        rules.remove(membership, by=organiser, reason="Late")


# --- Verifying residency --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["teller", "organiser", "network_organiser"])
def test_tellers_and_organisers_verify_residency(who, request, member):
    checker = request.getfixturevalue(who)
    membership = Membership.objects.get(person=member)
    rules.verify_residency(membership, by=checker, method=" letter with address shown ")
    membership.refresh_from_db()
    assert membership.residency == Membership.Residency.VERIFIED
    assert membership.residency_verified_by == checker
    assert membership.residency_method == "letter with address shown"
    assert membership.residency_verified_at is not None


@pytest.mark.parametrize("who", ["other_person", "other_organiser"])
def test_others_cannot_verify(who, request, member):
    membership = Membership.objects.get(person=member)
    with pytest.raises(rules.NotAllowed):
        rules.verify_residency(membership, by=request.getfixturevalue(who), method="letter")
    membership.refresh_from_db()
    assert membership.residency == Membership.Residency.SELF_DECLARED


def test_a_plain_member_cannot_verify(member, elm_park):
    other = Membership.objects.create(assembly=elm_park, person=make_person("x@example.org"))
    with pytest.raises(rules.NotAllowed):
        rules.verify_residency(other, by=member, method="letter")
    other.refresh_from_db()
    assert other.residency == Membership.Residency.SELF_DECLARED


def test_a_teller_cannot_verify_themselves(teller):
    membership = Membership.objects.get(person=teller)
    with pytest.raises(rules.MembershipError):
        rules.verify_residency(membership, by=teller, method="trust me")
    membership.refresh_from_db()
    assert membership.residency == Membership.Residency.SELF_DECLARED


def test_verifying_needs_a_method(teller, member):
    membership = Membership.objects.get(person=member)
    with pytest.raises(rules.MembershipError):
        rules.verify_residency(membership, by=teller, method="  ")
    membership.refresh_from_db()
    assert membership.residency == Membership.Residency.SELF_DECLARED


def test_verifying_a_second_neighbourhood_residency_is_refused(
    organiser, elm_resident, elm_park, oak_row, other_organiser
):
    rules.join(elm_resident, elm_park)
    oak = rules.join(elm_resident, oak_row)  # not a resident there by postcode
    with pytest.raises(rules.ResidentElsewhere):
        rules.verify_residency(oak, by=other_organiser, method="letter from Oak Row")
    oak.refresh_from_db()
    assert oak.residency == Membership.Residency.NOT_RESIDENT


def test_verifying_a_non_resident_who_shows_proof(elm_resident, oak_row, other_organiser):
    """Their profile postcode may be old: the proof shown at the door counts."""
    oak = rules.join(elm_resident, oak_row)
    rules.verify_residency(oak, by=other_organiser, method="tenancy agreement")
    oak.refresh_from_db()
    assert oak.residency == Membership.Residency.VERIFIED


def test_a_left_membership_cannot_be_verified(teller, member, elm_park):
    membership = Membership.objects.get(person=member)
    rules.leave(member, elm_park)
    with pytest.raises(rules.NotAMember):
        rules.verify_residency(membership, by=teller, method="letter")


# --- Counts and names -----------------------------------------------------------------------


def test_member_counts(elm_park, member, teller, elm_resident, organiser):
    Membership.objects.filter(person=teller).update(residency=Membership.Residency.VERIFIED)
    rules.join(elm_resident, elm_park)
    leaver = make_person("lee@example.org")
    Membership.objects.create(assembly=elm_park, person=leaver, left_at=timezone.now())
    Membership.objects.create(
        assembly=elm_park,
        person=make_person("nr@example.org"),
        residency=Membership.Residency.NOT_RESIDENT,
    )
    counts = rules.member_counts(elm_park)
    assert (counts.total, counts.verified, counts.self_declared, counts.not_resident) == (
        4,
        1,
        2,
        1,
    )
    assert counts.residents == 3


def test_hidden_names_show_as_a_member_to_members_only(member, teller, elm_park):
    member.show_name_to_members = False
    member.save()
    membership = Membership.objects.filter(person=member)
    other = make_person("ola@example.org", "Ola")
    Membership.objects.create(assembly=elm_park, person=other)
    assert rules.member_rows(elm_park, membership, other)[0].name == "A member"
    assert rules.member_rows(elm_park, membership, member)[0].name == "Mo"  # yourself
    assert rules.member_rows(elm_park, membership, teller)[0].name == "Mo"  # checks residency
