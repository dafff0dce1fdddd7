"""The check-in page the QR code opens: one tap when signed in, name and postcode otherwise."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.assemblies.models import Membership
from folkmoot.attendance.models import Attendance, Residency
from folkmoot.meetings.models import Meeting


def url(meeting):
    return reverse("attendance:check_in", args=[meeting.check_in_code])


def test_path_is_the_printed_one(meeting):
    assert url(meeting) == f"/check-in/{meeting.check_in_code}/"


def test_unknown_code_is_not_found(client, meeting):
    assert client.get("/check-in/nope/").status_code == 404


def test_anyone_sees_the_walk_in_form(client, meeting):
    html = client.get(url(meeting)).content.decode()
    assert "Check in to Elm Park Assembly" in html
    assert 'name="postcode"' in html
    assert "Sign in" in html


def test_signed_in_member_checks_in_with_one_tap(client, meeting, member):
    Membership.objects.filter(person=member).update(residency=Membership.Residency.VERIFIED)
    client.force_login(member)
    assert "Check me in" in client.get(url(meeting)).content.decode()
    response = client.post(url(meeting), follow=True)
    html = response.content.decode()
    assert "You are checked in. Thank you for coming!" in html
    row = Attendance.objects.get()
    assert (row.person, row.identity, row.residency) == (
        member,
        f"user:{member.pk}",
        Residency.VERIFIED,
    )
    assert "Check me in" not in html


def test_checking_in_twice_says_already(client, meeting, member):
    client.force_login(member)
    client.post(url(meeting))
    html = client.post(url(meeting), follow=True).content.decode()
    assert "You are already checked in" in html
    assert Attendance.objects.count() == 1


def test_person_who_is_not_a_member_counts_by_profile_postcode(client, meeting, person):
    person.postcode = "TB1 2AA"
    person.save()
    client.force_login(person)
    client.post(url(meeting))
    assert Attendance.objects.get().residency == Residency.SELF_DECLARED


def test_walk_in_checks_in_with_name_and_postcode(client, meeting):
    response = client.post(url(meeting), {"name": " Ann  Lee ", "postcode": "tb1 1ab"}, follow=True)
    assert "Thank you, Ann Lee, you are checked in." in response.content.decode()
    row = Attendance.objects.get()
    assert row.identity == "walkin:ann lee|TB1 1AB"
    assert row.residency == Residency.SELF_DECLARED
    assert row.person is None


def test_walk_in_twice_says_already(client, meeting):
    client.post(url(meeting), {"name": "Ann", "postcode": "TB1 1AB"})
    response = client.post(url(meeting), {"name": "ann", "postcode": "tb11ab"}, follow=True)
    assert "Ann, you are already checked in. Nothing changed." in response.content.decode()
    assert Attendance.objects.count() == 1


def test_walk_in_from_outside_hears_they_are_not_local(client, meeting):
    response = client.post(url(meeting), {"name": "Bea", "postcode": "TB1 3AB"}, follow=True)
    assert "not as a local resident" in response.content.decode()
    assert Attendance.objects.get().residency == Residency.NOT_LOCAL


def test_bad_postcode_keeps_the_form_and_saves_nothing(client, meeting):
    response = client.post(url(meeting), {"name": "Ann", "postcode": "12345"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a full UK postcode" in html
    assert 'value="Ann"' in html
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": Meeting.Status.CANCELLED}, "cancelled"),
        ({"attendance_closed_at": timezone.now()}, "closed"),
        ({"starts_at": timezone.now() + datetime.timedelta(days=2)}, "one day before"),
    ],
    ids=["cancelled", "closed", "too-early"],
)
def test_refused_with_a_clear_message(client, meeting, member, change, message):
    Meeting.objects.filter(pk=meeting.pk).update(**change)
    assert message in client.get(url(meeting)).content.decode()
    response = client.post(url(meeting), {"name": "Ann", "postcode": "TB1 1AB"})
    assert response.status_code == 400
    assert message in response.content.decode()
    client.force_login(member)
    response = client.post(url(meeting))
    assert message in response.content.decode()
    assert not Attendance.objects.exists()


def test_links_to_the_meeting_page(client, meeting):
    html = client.get(url(meeting)).content.decode()
    assert f'href="/meetings/{meeting.pk}/"' in html
