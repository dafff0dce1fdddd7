"""Saying whether you are coming."""

import pytest
from django.urls import reverse

from folkmoot.meetings import services
from folkmoot.meetings.models import Rsvp

pytestmark = pytest.mark.django_db


def url(meeting):
    return reverse("meetings:rsvp", kwargs={"pk": meeting.pk})


def test_anonymous_is_sent_to_sign_in(client, meeting):
    response = client.post(url(meeting), {"answer": "yes"})
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    assert not Rsvp.objects.exists()


@pytest.mark.parametrize("who", ["person", "member", "note_taker", "organiser", "other_organiser"])
def test_anyone_signed_in_can_answer(client, request, meeting, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(url(meeting), {"answer": "yes"}, follow=True)
    assert "See you there" in response.content.decode()
    assert Rsvp.objects.get(meeting=meeting, person=user).answer == "yes"


def test_a_new_answer_replaces_the_old(client, meeting, person):
    client.force_login(person)
    client.post(url(meeting), {"answer": "yes"})
    client.post(url(meeting), {"answer": "no"})
    assert list(Rsvp.objects.values_list("answer", flat=True)) == ["no"]


def test_a_bad_answer_changes_nothing(client, meeting, person):
    client.force_login(person)
    client.post(url(meeting), {"answer": "yes"})
    response = client.post(url(meeting), {"answer": "perhaps"}, follow=True)
    assert "Choose one of the answers" in response.content.decode()
    assert Rsvp.objects.get().answer == "yes"


def test_no_answers_to_a_cancelled_meeting(client, meeting, organiser, person):
    services.cancel_meeting(meeting, organiser, "Flood")
    client.force_login(person)
    response = client.post(url(meeting), {"answer": "yes"}, follow=True)
    assert "cancelled" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_get_goes_back_to_the_meeting(client, meeting, person):
    client.force_login(person)
    response = client.get(url(meeting))
    assert response.status_code == 302
    assert response.url.startswith(meeting.get_absolute_url())
