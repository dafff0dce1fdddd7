"""Answers: yes, maybe or no; a new answer replaces the old one."""

import pytest

from folkmoot.meetings import services
from folkmoot.meetings.models import Meeting, Rsvp

from .helpers import in_days

pytestmark = pytest.mark.django_db


def test_changing_the_answer_replaces_it(meeting, person):
    services.set_rsvp(meeting, person, Rsvp.Answer.YES)
    services.set_rsvp(meeting, person, Rsvp.Answer.NO)
    assert Rsvp.objects.filter(meeting=meeting, person=person).count() == 1
    assert services.rsvp_counts(meeting) == {"yes": 0, "maybe": 0, "no": 1}


def test_counts(meeting, person, other_person, member):
    services.set_rsvp(meeting, person, "yes")
    services.set_rsvp(meeting, other_person, "yes")
    services.set_rsvp(meeting, member, "maybe")
    assert services.rsvp_counts(meeting) == {"yes": 2, "maybe": 1, "no": 0}


def test_unknown_answers_are_refused(meeting, person):
    with pytest.raises(services.MeetingError):
        services.set_rsvp(meeting, person, "perhaps")
    assert not Rsvp.objects.exists()


def test_no_answers_to_cancelled_or_past_meetings(meeting, organiser, person, elm_park):
    past = Meeting.objects.create(assembly=elm_park, starts_at=in_days(-2), venue="Hall")
    with pytest.raises(services.MeetingError):
        services.set_rsvp(past, person, "yes")
    services.cancel_meeting(meeting, organiser, "Flood")
    with pytest.raises(services.MeetingError):
        services.set_rsvp(meeting, person, "yes")
    assert not Rsvp.objects.exists()


def test_who_manages(meeting, organiser, network_organiser, member, note_taker, other_organiser):
    assert services.can_manage(organiser, meeting)
    assert services.can_manage(network_organiser, meeting)
    assert not services.can_manage(member, meeting)
    assert not services.can_manage(note_taker, meeting)
    assert not services.can_manage(other_organiser, meeting)
