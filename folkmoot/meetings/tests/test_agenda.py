"""The agenda page: add, change, reorder and remove items (organisers only)."""

import pytest
from django.urls import reverse

from folkmoot.meetings import services
from folkmoot.meetings.models import Meeting

from .helpers import in_days, login

pytestmark = pytest.mark.django_db


def agenda_url(meeting):
    return reverse("meetings:agenda", kwargs={"pk": meeting.pk})


def item_url(name, item):
    return reverse(f"meetings:{name}", kwargs={"pk": item.meeting_id, "item_pk": item.pk})


def titles(meeting):
    return list(meeting.agenda.values_list("title", flat=True))


def test_anonymous_is_sent_to_sign_in(client, meeting):
    assert client.get(agenda_url(meeting)).status_code == 302


@pytest.mark.parametrize("who", ["person", "member", "note_taker", "other_organiser"])
def test_others_are_refused(client, request, meeting, who):
    login(client, request, who)
    item = meeting.agenda.first()
    assert client.get(agenda_url(meeting)).status_code == 403
    assert client.post(agenda_url(meeting), {"title": "Mine"}).status_code == 403
    assert client.post(item_url("agenda_item", item), {"title": "X"}).status_code == 403
    assert client.post(item_url("agenda_item_move", item), {"direction": "down"}).status_code == 403
    assert client.post(item_url("agenda_item_remove", item)).status_code == 403
    assert titles(meeting) == ["Saving the library", "Street party"]


def test_organiser_adds_an_item(client, meeting, organiser):
    client.force_login(organiser)
    response = client.post(agenda_url(meeting), {"title": "Any other business"}, follow=True)
    assert "Added to the agenda" in response.content.decode()
    assert titles(meeting)[-1] == "Any other business"


def test_empty_title_is_refused(client, meeting, organiser):
    client.force_login(organiser)
    response = client.post(agenda_url(meeting), {"title": "  "})
    assert response.status_code == 400
    assert "Write what the item is about" in response.content.decode()
    assert len(titles(meeting)) == 2


def test_organiser_changes_moves_and_removes(client, meeting, organiser):
    client.force_login(organiser)
    first = meeting.agenda.get(title="Saving the library")
    client.post(item_url("agenda_item", first), {"title": "Save the library", "details": "Now"})
    first.refresh_from_db()
    assert first.title == "Save the library"
    assert first.details == "Now"
    client.post(item_url("agenda_item_move", first), {"direction": "down"})
    assert titles(meeting) == ["Street party", "Save the library"]
    client.post(item_url("agenda_item_remove", first))
    assert titles(meeting) == ["Street party"]


def test_items_of_another_meeting_are_404(client, meeting, organiser, elm_park):
    second = Meeting.objects.create(assembly=elm_park, starts_at=in_days(40), venue="Hall")
    client.force_login(organiser)
    item = meeting.agenda.first()
    wrong = reverse("meetings:agenda_item_remove", kwargs={"pk": second.pk, "item_pk": item.pk})
    assert client.post(wrong).status_code == 404
    assert len(titles(meeting)) == 2


def test_a_cancelled_meetings_agenda_cannot_change(client, meeting, organiser):
    services.cancel_meeting(meeting, organiser, "Flood")
    client.force_login(organiser)
    html = client.get(agenda_url(meeting)).content.decode()
    assert "agenda cannot change" in html
    client.post(agenda_url(meeting), {"title": "Late"})
    client.post(item_url("agenda_item_remove", meeting.agenda.first()))
    assert titles(meeting) == ["Saving the library", "Street party"]
