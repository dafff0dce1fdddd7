"""Meetings (days and times), minutes and the tellers' room counts: hostile input is cleaned and
saved within limits, or refused with a plain message and nothing saved."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from folkmoot.decisions import voting
from folkmoot.decisions.models import RoomCount, Vote
from folkmoot.decisions.room import enter_room_count
from folkmoot.decisions.room_forms import RoomCountForm
from folkmoot.meetings.forms import MeetingForm, MinutesForm
from folkmoot.meetings.models import Meeting, Minutes
from folkmoot.meetings.services import MeetingError, create_meeting, save_minutes

from ._helpers import (
    PROPERTY_SETTINGS,
    check_errors,
    check_message,
    fits,
    hostile_text,
    json_values,
    rolled_back,
    snapshot,
)

pytestmark = pytest.mark.django_db

days = st.one_of(
    hostile_text,
    st.sampled_from(
        [
            "2026-03-03",
            "3/3/2026",
            "31/2/2026",
            "0001-01-01",
            "9999-12-31",
            "-1/1/2026",
            "3/3/26",
            "2026-13-01",
        ]
    ),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
)
times = st.one_of(
    hostile_text,
    st.sampled_from(["19:00", "7pm", "24:00", "23:59", "00:00", "-1:00", "19:60", ""]),
    st.times().map(lambda t: t.strftime("%H:%M")),
)


@PROPERTY_SETTINGS
@given(
    title=hostile_text,
    day=days,
    start=times,
    end=times,
    venue=hostile_text,
    link=st.one_of(hostile_text, st.just("javascript:alert(1)"), st.just("https://x.org")),
)
@example(title="Spring", day="31/12/9999", start="23:30", end="", venue="Hall", link="")
@example(title="Spring", day="01/01/0001", start="00:10", end="", venue="Hall", link="")
def test_meeting_form_and_create(elm_park, organiser, title, day, start, end, venue, link):
    with rolled_back():
        before = snapshot()
        form = MeetingForm(
            data={
                "title": title,
                "date": day,
                "start_time": start,
                "end_time": end,
                "venue": venue,
                "online_link": link,
            },
            assembly=elm_park,
        )
        if not form.is_valid():
            check_errors(form)
            assert snapshot() == before
            return
        try:
            meeting = create_meeting(elm_park, organiser, **form.meeting_fields())
        except MeetingError as error:
            check_message(error)
            assert snapshot() == before
            return
        meeting.refresh_from_db()
        for field in ("title", "venue", "online_link"):
            fits(Meeting, field, getattr(meeting, field))
        assert meeting.title.strip()
        assert meeting.ends_at is None or meeting.ends_at > meeting.starts_at
        assert not meeting.online_link or meeting.online_link.startswith(("http://", "https://"))


@pytest.fixture
def meeting(elm_park) -> Meeting:
    return Meeting.objects.create(
        assembly=elm_park, title="March", starts_at=timezone.now() - datetime.timedelta(hours=2)
    )


@PROPERTY_SETTINGS
@given(body=hostile_text, members_only=st.sampled_from(["on", ""]))
def test_minutes(meeting, organiser, body, members_only):
    with rolled_back():
        before = snapshot()
        form = MinutesForm(data={"body": body, "members_only": members_only})
        if not form.is_valid():
            check_errors(form)
            assert snapshot() == before
            return
        minutes = save_minutes(
            meeting,
            organiser,
            body=form.cleaned_data["body"],
            members_only=form.cleaned_data["members_only"],
        )
        assert Minutes.objects.get(pk=minutes.pk).body.strip()


@PROPERTY_SETTINGS
@given(body=hostile_text)
def test_save_minutes_service(meeting, organiser, body):
    with rolled_back():
        before = snapshot()
        try:
            minutes = save_minutes(meeting, organiser, body=body, members_only=False)
        except MeetingError as error:
            check_message(error)
            assert snapshot() == before
            return
        assert minutes.body.strip()
        assert "\x00" not in minutes.body


@pytest.fixture
def room_votes(elm_park, organiser):
    """An open vote in the room per method with counts (yes/no, approval)."""
    meeting = Meeting.objects.create(
        assembly=elm_park,
        title="Vote night",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )
    made = {}
    for method in ("majority", "consensus", "approval"):
        setup = voting.VoteSetup(
            question=f"Which {method}?",
            method=method,
            options=["Apples", "Pears"],
            mode=Vote.Mode.ROOM,
            meeting=meeting,
        )
        made[method] = voting.open_vote(voting.create_vote(elm_park, organiser, setup), organiser)
    return made


count_text = st.one_of(st.integers(-5, 10**7).map(str), hostile_text)


@PROPERTY_SETTINGS
@given(
    method=st.sampled_from(["majority", "consensus", "approval"]),
    numbers=st.lists(count_text, min_size=4, max_size=4),
)
def test_room_count_form(room_votes, organiser, method, numbers):
    vote = room_votes[method]
    with rolled_back():
        before = snapshot()
        names = [name for name in RoomCountForm(vote=vote).fields if name.startswith("count_")]
        form = RoomCountForm(data=dict(zip(names, numbers, strict=False)), vote=vote)
        if not form.is_valid():
            check_errors(form)
            assert snapshot() == before
            return
        try:
            count = enter_room_count(vote, organiser, form.counts())
        except voting.VotingError as error:
            check_message(error)
            assert snapshot() == before
            return
        assert all(isinstance(n, int) and n >= 0 for n in count.counts.values())


@PROPERTY_SETTINGS
@given(
    method=st.sampled_from(["majority", "consensus", "approval"]),
    counts=st.one_of(
        json_values,
        st.dictionaries(
            st.sampled_from(["for", "against", "abstain", "agree", "block", "people"]),
            json_values,
            max_size=4,
        ),
    ),
)
def test_enter_room_count_service(room_votes, organiser, method, counts):
    vote = room_votes[method]
    with rolled_back():
        before = snapshot()
        try:
            count = enter_room_count(vote, organiser, counts)
        except voting.VotingError as error:
            check_message(error)
            assert snapshot() == before
            return
        saved = RoomCount.objects.get(pk=count.pk)
        assert all(isinstance(n, int) and n >= 0 for n in saved.counts.values())
