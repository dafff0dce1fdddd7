"""Deleting an outreach entry: the person who recorded it, or an organiser."""

import datetime

import pytest
from django.urls import reverse

from folkmoot.assemblies.models import Membership
from folkmoot.outreach.models import OutreachActivity
from folkmoot.outreach.services import coverage_for

from .conftest import log


@pytest.fixture
def activity(elm_park, units, member, meeting):
    return log(elm_park, member, datetime.date(2026, 1, 20), ["TB1 1AA"])


def page(activity):
    return reverse("outreach:delete", args=["elm-park", activity.pk])


def test_anonymous_is_sent_to_sign_in(client, activity):
    assert client.post(page(activity)).status_code == 302
    assert OutreachActivity.objects.filter(pk=activity.pk).exists()


def test_another_member_and_other_organiser_are_refused(
    client, activity, elm_park, other_organiser, other_person
):
    Membership.objects.create(assembly=elm_park, person=other_person)
    for who in (other_person, other_organiser):
        client.force_login(who)
        assert client.post(page(activity)).status_code == 403
    assert OutreachActivity.objects.filter(pk=activity.pk).exists()


def test_get_asks_first(client, activity, member):
    client.force_login(member)
    response = client.get(page(activity))
    assert "Delete this outreach?" in response.content.decode()
    assert OutreachActivity.objects.filter(pk=activity.pk).exists()


@pytest.mark.parametrize("who", ["member", "organiser"])
def test_recorder_or_organiser_deletes_and_it_stops_counting(
    client, activity, meeting, who, request
):
    assert coverage_for(meeting).reached == 1
    client.force_login(request.getfixturevalue(who))
    response = client.post(page(activity), follow=True)
    assert "no longer counts" in response.content.decode()
    assert not OutreachActivity.objects.filter(pk=activity.pk).exists()
    assert coverage_for(meeting).reached == 0
