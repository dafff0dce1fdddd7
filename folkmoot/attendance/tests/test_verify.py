"""A teller verifies someone's residency at the door."""

import pytest
from django.urls import reverse

from folkmoot.assemblies.models import Membership
from folkmoot.attendance import services
from folkmoot.attendance.models import Attendance, Residency

from .conftest import ALLOWED, REFUSED

METHOD = {"method": "Letter or bill with their address"}


@pytest.fixture
def entry(meeting, member):
    return services.check_in_person(meeting, member).attendance


def url(entry):
    return reverse("attendance:verify", args=[entry.pk])


def test_anonymous_is_sent_to_sign_in(client, entry):
    assert client.post(url(entry), METHOD).status_code == 302


@pytest.mark.parametrize("who", REFUSED)
def test_others_are_refused(login_as, entry, who):
    assert login_as(who).post(url(entry), METHOD).status_code == 403
    assert Attendance.objects.get().residency == Residency.SELF_DECLARED


@pytest.mark.parametrize("who", ALLOWED)
def test_verifies_attendance_and_membership(login_as, entry, member, who, request):
    html = login_as(who).post(url(entry), METHOD, follow=True).content.decode()
    assert "Mo now counts as a local resident (checked)." in html
    entry.refresh_from_db()
    assert entry.residency == Residency.VERIFIED
    assert entry.verified_by == request.getfixturevalue(who)
    membership = Membership.objects.get(person=member)
    assert membership.residency == Membership.Residency.VERIFIED
    assert membership.residency_method == METHOD["method"]


def test_unknown_method_changes_nothing(login_as, entry):
    html = login_as("teller").post(url(entry), {"method": "magic"}, follow=True)
    assert "Choose how you checked" in html.content.decode()
    assert Attendance.objects.get().residency == Residency.SELF_DECLARED
