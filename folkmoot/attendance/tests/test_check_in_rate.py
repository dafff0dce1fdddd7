"""Anonymous check-ins are limited per address and meeting, generously enough for a full hall
on one wifi connection, so a script cannot fill the attendance with invented names."""

import pytest
from django.test import override_settings
from django.urls import reverse

from folkmoot.attendance.models import Attendance


def url(meeting):
    return reverse("attendance:check_in", args=[meeting.check_in_code])


@override_settings(CHECK_IN_RATE="3/h")
def test_a_flood_of_walk_ins_from_one_address_is_stopped(client, meeting):
    for n in range(3):
        response = client.post(url(meeting), {"name": f"Person {n}", "postcode": "TB1 1AB"})
        assert response.status_code == 302
    response = client.post(url(meeting), {"name": "Person 4", "postcode": "TB1 1AB"})
    assert response.status_code == 429
    assert "Please wait a little" in response.content.decode()
    assert Attendance.objects.count() == 3


@override_settings(CHECK_IN_RATE="1/h")
def test_other_addresses_and_signed_in_members_are_not_held_up(client, meeting, member):
    client.post(url(meeting), {"name": "Ann", "postcode": "TB1 1AB"})
    other = client.post(
        url(meeting), {"name": "Bob", "postcode": "TB1 1AB"}, REMOTE_ADDR="10.0.0.7"
    )
    assert other.status_code == 302
    client.force_login(member)
    assert client.post(url(meeting)).status_code == 302
    assert Attendance.objects.count() == 3


def test_the_default_lets_a_full_hall_on_one_connection_check_in(settings):
    count, period = settings.CHECK_IN_RATE.split("/")
    assert int(count) >= 300
    assert period == "h"


pytestmark = pytest.mark.django_db
