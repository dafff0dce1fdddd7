"""Agenda items can be added, changed, reordered and removed until the meeting is held."""

import pytest
from django.utils import timezone

from folkmoot.meetings import services
from folkmoot.meetings.models import AgendaItem, Meeting

from .helpers import in_days

pytestmark = pytest.mark.django_db


def titles(meeting):
    return list(meeting.agenda.values_list("title", flat=True))


def test_add_goes_to_the_end(meeting):
    services.add_agenda_item(meeting, "  Any other business ", "")
    assert titles(meeting) == ["Saving the library", "Street party", "Any other business"]


def test_move_up_and_down(meeting):
    party = meeting.agenda.get(title="Street party")
    assert services.move_agenda_item(party, "up") is True
    assert titles(meeting) == ["Street party", "Saving the library"]
    assert services.move_agenda_item(party, "up") is False  # already first
    assert services.move_agenda_item(party, "down") is True
    assert titles(meeting) == ["Saving the library", "Street party"]


def test_update_and_remove(meeting):
    item = meeting.agenda.first()
    services.update_agenda_item(item, "Save the library", "Bring ideas")
    assert meeting.agenda.first().details == "Bring ideas"
    services.remove_agenda_item(item)
    assert titles(meeting) == ["Street party"]


def test_a_held_meeting_keeps_its_agenda(meeting):
    # Planned in advance, and its time has come.
    Meeting.objects.filter(pk=meeting.pk).update(
        created_at=in_days(-20), starts_at=in_days(-1), ends_at=in_days(-1, 21)
    )
    meeting.refresh_from_db()
    assert services.agenda_locked_reason(meeting)
    item = meeting.agenda.first()
    for attempt in (
        lambda: services.add_agenda_item(meeting, "Late item"),
        lambda: services.update_agenda_item(item, "Changed"),
        lambda: services.move_agenda_item(item, "down"),
        lambda: services.remove_agenda_item(item),
    ):
        with pytest.raises(services.MeetingError):
            attempt()
    assert titles(meeting) == ["Saving the library", "Street party"]


def test_a_cancelled_meeting_keeps_its_agenda(meeting, organiser):
    services.cancel_meeting(meeting, organiser, "Flood")
    with pytest.raises(services.MeetingError):
        services.add_agenda_item(meeting, "Late item")
    assert AgendaItem.objects.filter(meeting=meeting).count() == 2


def test_a_past_meeting_recorded_afterwards_can_get_its_agenda(elm_park, organiser):
    recorded = services.create_meeting(
        elm_park, organiser, starts_at=in_days(-7), ends_at=in_days(-7, 21), venue="Hall"
    )
    assert services.agenda_locked_reason(recorded) == ""
    services.add_agenda_item(recorded, "What we discussed")
    # ...until its minutes are published.
    services.save_minutes(recorded, organiser, body="Notes", members_only=False, publish=True)
    recorded.refresh_from_db()
    assert services.agenda_locked_reason(recorded)


def test_create_meeting_checks_times(elm_park, organiser):
    start = in_days(3)
    with pytest.raises(services.MeetingError):
        services.create_meeting(elm_park, organiser, starts_at=start, ends_at=start, venue="Hall")
    assert not Meeting.objects.exists()
    meeting = services.create_meeting(elm_park, organiser, starts_at=start, venue="Hall")
    assert meeting.created_by == organiser
    assert meeting.created_at <= timezone.now()
