"""The attendance rules as plain functions: residency, identity, once per person, closing and
corrections."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies.models import Membership
from folkmoot.attendance import corrections, services
from folkmoot.attendance.models import Attendance, AttendanceCorrection, Residency, Tally
from folkmoot.meetings.models import Meeting
from folkmoot.places.postcodes import InvalidPostcode

# --- Residency ------------------------------------------------------------------------------


def test_verified_membership_makes_a_verified_resident(elm_park, member):
    Membership.objects.filter(person=member).update(residency=Membership.Residency.VERIFIED)
    assert services.residency_for_person(member, elm_park) == Residency.VERIFIED


def test_self_declared_membership_says_so(elm_park, member):
    assert services.residency_for_person(member, elm_park) == Residency.SELF_DECLARED


def test_postcode_in_the_area_says_so_without_membership(elm_park, person):
    person.postcode = "TB1 2XY"
    assert services.residency_for_person(person, elm_park) == Residency.SELF_DECLARED


def test_postcode_outside_the_area_is_not_local(elm_park, person):
    person.postcode = "TB1 3XY"  # Oak Row
    assert services.residency_for_person(person, elm_park) == Residency.NOT_LOCAL


def test_no_membership_and_no_postcode_is_not_local(elm_park, person):
    assert services.residency_for_person(person, elm_park) == Residency.NOT_LOCAL


def test_non_resident_member_living_elsewhere_is_not_local(elm_park, member):
    Membership.objects.filter(person=member).update(residency=Membership.Residency.NOT_RESIDENT)
    member.postcode = "TB1 4AA"
    assert services.residency_for_person(member, elm_park) == Residency.NOT_LOCAL


def test_membership_of_another_assembly_does_not_count(oak_row, member):
    Membership.objects.filter(person=member).update(residency=Membership.Residency.VERIFIED)
    assert services.residency_for_person(member, oak_row) == Residency.NOT_LOCAL


def test_a_left_membership_does_not_count(elm_park, member):
    Membership.objects.filter(person=member).update(
        residency=Membership.Residency.VERIFIED, left_at=timezone.now()
    )
    assert services.residency_for_person(member, elm_park) == Residency.NOT_LOCAL


def test_walk_in_residency_comes_from_the_postcode(elm_park):
    assert services.residency_for_postcode("tb1 1ab", elm_park) == Residency.SELF_DECLARED
    assert services.residency_for_postcode("TB1 3AB", elm_park) == Residency.NOT_LOCAL
    assert services.residency_for_postcode("nonsense", elm_park) == Residency.NOT_LOCAL


def test_a_themed_city_assembly_covers_the_whole_city(testbury_health):
    assert services.postcode_in_area("TB1 4AB", testbury_health)


# --- Identity -------------------------------------------------------------------------------


def test_names_ignore_case_and_spacing():
    assert services.normalise_name("  Ann   O'NEILL ") == "ann o'neill"
    assert services.normalise_name("STRASSE") == services.normalise_name("straße")


def test_walk_in_identity_normalises_name_and_postcode():
    assert services.walk_in_identity(" Ann  Lee", "tb11ab") == "walkin:ann lee|TB1 1AB"
    assert services.walk_in_identity("ann lee", "TB1 1AB") == services.walk_in_identity(
        "ANN LEE ", " tb1 1ab"
    )


def test_walk_in_identity_needs_a_real_postcode():
    with pytest.raises(InvalidPostcode):
        services.walk_in_identity("Ann", "12345")


def test_person_identity(member):
    assert services.person_identity(member) == f"user:{member.pk}"


# --- Checking in once -----------------------------------------------------------------------


def test_a_member_checks_in_once(meeting, member):
    first = services.check_in_person(meeting, member)
    second = services.check_in_person(meeting, member)
    assert first.created
    assert not second.created
    assert second.attendance.pk == first.attendance.pk
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    row = first.attendance
    assert row.identity == f"user:{member.pk}"
    assert row.residency == Residency.SELF_DECLARED
    assert row.method == Attendance.Method.SELF
    assert row.name == "Mo"


def test_a_teller_checking_someone_in_is_recorded(meeting, member, teller):
    row = services.check_in_person(meeting, member, recorded_by=teller).attendance
    assert row.method == Attendance.Method.TELLER
    assert row.recorded_by == teller


def test_a_walk_in_twice_with_different_spelling_counts_once(meeting):
    first = services.check_in_walk_in(meeting, "Ann Lee", "tb1 1ab")
    second = services.check_in_walk_in(meeting, "  ann   LEE", "TB11AB")
    assert first.created
    assert second.already
    assert Attendance.objects.count() == 1
    assert first.attendance.residency == Residency.SELF_DECLARED
    assert first.attendance.postcode == "TB1 1AB"


def test_walk_in_from_outside_is_not_local(meeting):
    row = services.check_in_walk_in(meeting, "Bea", "TB1 3AB").attendance
    assert row.residency == Residency.NOT_LOCAL


def test_a_teller_can_verify_a_walk_in_as_they_add_them(meeting, teller):
    result = services.check_in_walk_in(
        meeting,
        "Ann",
        "TB1 1AB",
        recorded_by=teller,
        verified_by=teller,
        verification_method="ID with their address",
    )
    assert result.created
    assert result.attendance.residency == Residency.VERIFIED
    assert result.attendance.verified_by == teller
    assert services.counts(meeting).verified_residents == 1


def test_a_walk_in_from_outside_is_not_verified_as_local(meeting, teller):
    result = services.check_in_walk_in(
        meeting,
        "Val",
        "TB9 9ZZ",
        recorded_by=teller,
        verified_by=teller,
        verification_method="ID with their address",
    )
    assert result.attendance.residency == Residency.NOT_LOCAL
    assert result.attendance.verified_by is None


def test_walk_in_needs_a_name(meeting):
    with pytest.raises(services.AttendanceError):
        services.check_in_walk_in(meeting, "   ", "TB1 1AB")
    assert not Attendance.objects.exists()


def test_cancelled_meeting_refuses_check_in(meeting, member):
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    with pytest.raises(services.AttendanceError, match="cancelled"):
        services.check_in_person(meeting, member)
    assert not Attendance.objects.exists()


def test_check_in_is_refused_more_than_a_day_before(meeting, member):
    meeting.starts_at = timezone.now() + datetime.timedelta(days=1, minutes=5)
    meeting.save()
    with pytest.raises(services.AttendanceError, match="one day before"):
        services.check_in_person(meeting, member)
    meeting.starts_at = timezone.now() + datetime.timedelta(hours=23)
    meeting.save()
    assert services.check_in_person(meeting, member).created


def test_check_in_is_open_after_the_start(meeting, member):
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=2)
    meeting.save()
    assert services.check_in_problem(meeting) is None


# --- Verifying ------------------------------------------------------------------------------


def test_teller_verifies_a_member_and_their_membership(meeting, member, teller):
    row = services.check_in_person(meeting, member).attendance
    services.verify_residency(row, teller, "Letter or bill with their address")
    row.refresh_from_db()
    assert row.residency == Residency.VERIFIED
    assert row.verified_by == teller
    assert row.verification_method == "Letter or bill with their address"
    membership = Membership.objects.get(person=member)
    assert membership.residency == Membership.Residency.VERIFIED
    assert membership.residency_verified_by == teller
    assert membership.residency_method == "Letter or bill with their address"
    assert membership.residency_verified_at is not None


def test_verifying_a_walk_in_touches_no_membership(meeting, member, teller):
    row = services.check_in_walk_in(meeting, "Ann", "TB1 1AB").attendance
    services.verify_residency(row, teller, "ID with their address")
    assert Attendance.objects.get(pk=row.pk).residency == Residency.VERIFIED
    assert Membership.objects.get(person=member).residency == Membership.Residency.SELF_DECLARED


# --- Tallies --------------------------------------------------------------------------------


def test_tally_counts_one_person(meeting, teller):
    local = services.add_tally(meeting, teller, local=True)
    other = services.add_tally(meeting, teller, local=False)
    assert (local.people, local.local_residents) == (1, 1)
    assert (other.people, other.local_residents) == (1, 0)


def test_undo_strikes_out_only_the_tellers_own_last_tally(meeting, teller, organiser):
    first = services.add_tally(meeting, teller, local=True)
    second = services.add_tally(meeting, teller, local=False)
    theirs = services.add_tally(meeting, organiser, local=True)
    assert services.undo_last_tally(meeting, teller) == second
    assert services.undo_last_tally(meeting, teller) == first
    assert services.undo_last_tally(meeting, teller) is None
    assert Tally.objects.get(pk=theirs.pk).struck_out_at is None
    assert Tally.objects.count() == 3, "nothing is deleted"
    corrections = AttendanceCorrection.objects.filter(action="undo_tally")
    assert [c.tally_id for c in corrections] == [second.pk, first.pk]
    assert all(c.made_by == teller and c.reason for c in corrections)


# --- Closing freezes ------------------------------------------------------------------------


def test_only_organisers_close(meeting, teller):
    with pytest.raises(services.AttendanceError):
        corrections.close_attendance(meeting, teller)
    meeting.refresh_from_db()
    assert not meeting.attendance_closed


def test_closing_freezes_the_record(meeting, member, teller, organiser):
    row = services.check_in_walk_in(meeting, "Ann", "TB1 1AB", recorded_by=teller).attendance
    services.add_tally(meeting, teller, local=True)
    assert corrections.close_attendance(meeting, organiser) is True
    assert corrections.close_attendance(meeting, organiser) is False
    assert meeting.attendance_closed_by == organiser
    before = services.counts(meeting)

    with pytest.raises(services.AttendanceError, match="closed"):
        services.check_in_person(meeting, member)
    with pytest.raises(services.AttendanceError, match="closed"):
        services.check_in_walk_in(meeting, "Bea", "TB1 1AB", recorded_by=teller)
    with pytest.raises(services.AttendanceError):
        services.add_tally(meeting, teller, local=True)
    with pytest.raises(services.AttendanceError):
        services.undo_last_tally(meeting, teller)
    with pytest.raises(services.AttendanceError):
        services.verify_residency(row, teller, "ID with their address")
    with pytest.raises(services.AttendanceError):
        services.strike_out(row, teller, "Oops")

    assert services.counts(meeting) == before
    assert Attendance.objects.get(pk=row.pk).residency == Residency.SELF_DECLARED
    assert not AttendanceCorrection.objects.exists()


# --- Striking out and corrections -----------------------------------------------------------


def test_teller_strikes_out_own_mistake_before_closing(meeting, teller):
    row = services.check_in_walk_in(meeting, "Ann", "TB1 1AB", recorded_by=teller).attendance
    services.strike_out(row, teller, "Typed the wrong name")
    row.refresh_from_db()
    assert row.struck_out_at is not None
    correction = AttendanceCorrection.objects.get()
    assert (correction.action, correction.attendance, correction.made_by) == (
        "strike_out",
        row,
        teller,
    )
    assert correction.before["struck_out_at"] is None
    assert correction.after["struck_out_at"] is not None
    assert correction.reason == "Typed the wrong name"


def test_teller_cannot_strike_out_someone_elses_check_in(meeting, teller, member):
    row = services.check_in_person(meeting, member).attendance
    with pytest.raises(services.AttendanceError):
        services.strike_out(row, teller, "Not here")
    assert Attendance.objects.get(pk=row.pk).struck_out_at is None


def test_strike_out_needs_a_reason(meeting, organiser, member):
    row = services.check_in_person(meeting, member).attendance
    with pytest.raises(services.AttendanceError):
        services.strike_out(row, organiser, "  ")
    assert not AttendanceCorrection.objects.exists()


def test_struck_out_person_checked_in_again_by_a_teller_is_reinstated(meeting, teller, member):
    row = services.check_in_person(meeting, member, recorded_by=teller).attendance
    services.strike_out(row, teller, "Wrong Mo")
    again = services.check_in_person(meeting, member, recorded_by=teller)
    assert again.created
    assert again.attendance.pk == row.pk
    assert again.attendance.struck_out_at is None
    assert list(AttendanceCorrection.objects.values_list("action", flat=True)) == [
        "strike_out",
        "check_in_again",
    ]


def test_struck_out_walk_in_cannot_put_themselves_back(meeting, teller):
    row = services.check_in_walk_in(meeting, "Ann", "TB1 1AB", recorded_by=teller).attendance
    services.strike_out(row, teller, "Mistake")
    with pytest.raises(services.AttendanceError, match="teller"):
        services.check_in_walk_in(meeting, "Ann", "TB1 1AB")
    assert Attendance.objects.get(pk=row.pk).struck_out_at is not None


@pytest.fixture
def closed(meeting, organiser, member):
    services.check_in_person(meeting, member)
    corrections.close_attendance(meeting, organiser)
    return meeting


def test_organiser_adds_a_person_after_closing(closed, organiser):
    row = corrections.correct_add_person(
        closed,
        organiser,
        reason="Signed the paper sheet",
        residency=Residency.SELF_DECLARED,
        name="Ann  Lee",
        postcode="tb1 1ab",
    )
    assert row.method == Attendance.Method.CORRECTION
    assert row.identity == "walkin:ann lee|TB1 1AB"
    correction = AttendanceCorrection.objects.get(action="add_person")
    assert correction.before == {}
    assert correction.after["name"] == "Ann Lee"
    assert services.counts(closed).attendees == 2


def test_adding_someone_already_there_changes_nothing(closed, organiser, member):
    with pytest.raises(services.AttendanceError, match="already"):
        corrections.correct_add_person(
            closed, organiser, reason="x", residency=Residency.VERIFIED, person=member
        )
    assert Attendance.objects.count() == 1
    assert not AttendanceCorrection.objects.exists()


def test_corrections_are_for_organisers_with_a_reason(closed, teller):
    row = Attendance.objects.get()
    with pytest.raises(services.AttendanceError):
        corrections.correct_residency(row, teller, reason="x", residency=Residency.NOT_LOCAL)
    with pytest.raises(services.AttendanceError):
        corrections.correct_add_tally(closed, teller, reason="x", people=3, local_residents=1)
    assert not AttendanceCorrection.objects.exists()


def test_organiser_changes_residency_after_closing(closed, organiser):
    row = Attendance.objects.get()
    with pytest.raises(services.AttendanceError):
        corrections.correct_residency(row, organiser, reason="", residency=Residency.NOT_LOCAL)
    with pytest.raises(services.AttendanceError):
        corrections.correct_residency(
            row, organiser, reason="Showed a letter", residency="verified"
        )
    corrections.correct_residency(
        row, organiser, reason="Showed a letter", residency="verified", method="Council tax bill"
    )
    row.refresh_from_db()
    assert (row.residency, row.verified_by, row.verification_method) == (
        Residency.VERIFIED,
        organiser,
        "Council tax bill",
    )
    correction = AttendanceCorrection.objects.get()
    assert correction.before["residency"] == "self_declared"
    assert correction.after["residency"] == "verified"
    assert correction.reason == "Showed a letter"


def test_organiser_strikes_out_after_closing(closed, organiser):
    row = Attendance.objects.get()
    services.strike_out(row, organiser, "Not actually there")
    assert services.counts(closed).attendees == 0
    assert Attendance.objects.count() == 1
    assert AttendanceCorrection.objects.get().made_by == organiser


def test_organiser_adds_and_strikes_out_tallies(closed, organiser):
    with pytest.raises(services.AttendanceError):
        corrections.correct_add_tally(closed, organiser, reason="x", people=2, local_residents=3)
    tally = corrections.correct_add_tally(
        closed, organiser, reason="Counted at the back", people=5, local_residents=4
    )
    assert services.counts(closed).tallied_people == 5
    corrections.correct_strike_out_tally(tally, organiser, reason="Counted twice")
    assert services.counts(closed).tallied_people == 0
    assert list(AttendanceCorrection.objects.values_list("action", flat=True)) == [
        "add_tally",
        "strike_out_tally",
    ]
    with pytest.raises(services.AttendanceError):
        corrections.correct_strike_out_tally(tally, organiser, reason="again")


def test_search_finds_members_and_people_checked_in(meeting, member, teller):
    other = make_person("mona@example.org", "Mona")
    Membership.objects.create(assembly=meeting.assembly, person=other)
    services.check_in_person(meeting, other)
    services.check_in_walk_in(meeting, "Moira", "TB1 1AB")
    make_person("morag@example.org", "Morag")  # not a member: not found
    found = services.search_people(meeting, "mo")
    assert [(f.name, f.member, f.attendance is not None) for f in found] == [
        ("Mo", True, False),
        ("Mona", True, True),
        ("Moira", False, True),
    ]
    assert services.search_people(meeting, "  ") == []
