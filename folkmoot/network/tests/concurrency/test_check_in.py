"""A hall filling up: members tap "check in" twice on their phones while two tellers at the
door tap their names too, and people without accounts type their name twice (spelt a little
differently). Everyone is counted once, the extra taps hear "already checked in", and the
count on the wall equals the people told "you are checked in".

PostgreSQL only: DATABASE_URL=postgres://... .venv/bin/pytest --create-db ...
"""

import datetime
import re

import pytest
from django.db import connection
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies.models import Role
from folkmoot.attendance import services
from folkmoot.attendance.models import Attendance
from folkmoot.meetings.models import Meeting

from .crowd import add_members, at_once, no_server_errors, visitor

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite runs one writer at a time, so nothing races",
    ),
    pytest.mark.django_db(transaction=True),
]

MEMBERS = 20
WALK_INS = 20


@pytest.fixture
def meeting(elm_park) -> Meeting:
    return Meeting.objects.create(
        assembly=elm_park, title="March assembly", starts_at=timezone.now()
    )


@pytest.fixture
def teller(elm_park):
    user = make_person("tess@example.org", "Tess")
    Role.objects.create(
        assembly=elm_park, person=user, kind=Role.Kind.TELLER, starts_on=datetime.date(2020, 1, 1)
    )
    return user


def outcome(messages: list[str], done: str, already: str) -> str:
    """ "checked in", "already" or what was said instead."""
    if any(already in m for m in messages):
        return "already"
    if any(done in m for m in messages):
        return "checked in"
    return f"unexpected: {messages}"


def test_members_and_two_tellers_tapping_at_once_count_each_member_once(
    live_server, elm_park, meeting, teller, organiser
):
    members = add_members(elm_park, MEMBERS, "Member")
    door = f"/check-in/{meeting.check_in_code}/"
    tap = f"/meetings/{meeting.pk}/teller/check-in/"
    tellers = {who: visitor(live_server, who) for who in (teller, organiser)}
    calls = []
    for member in members:
        phone = visitor(live_server, member)
        for tab in (phone, phone.copy()):
            calls.append(lambda b=tab, m=member: (m, "self", b, b.post(door, {})))
        for who, signed_in in tellers.items():
            desk = signed_in.copy()  # each tap its own tab, so its message is its own
            calls.append(lambda b=desk, m=member, w=who: (m, w, b, b.post(tap, {"person": m.pk})))

    sent = at_once(calls)

    no_server_errors([reply for *_rest, reply in sent])
    told_in = {}
    for member, who, browser, reply in sent:
        assert reply.status == 302, (reply.status, reply.text[:300])
        messages = browser.follow(reply).messages
        if who == "self":
            said = outcome(messages, "You are checked in.", "You are already checked in.")
        else:
            name = member.public_name
            said = outcome(messages, f"{name} is checked in.", f"{name} is already checked in.")
        assert said in ("checked in", "already"), said
        if said == "checked in":
            assert member.pk not in told_in, f"{member} was told twice they were checked in"
            told_in[member.pk] = who
    assert len(told_in) == MEMBERS
    rows = Attendance.objects.filter(meeting=meeting)
    assert rows.count() == MEMBERS
    for row in rows:  # the record says who checked them in: the one who was told
        who = told_in[row.person_id]
        if who == "self":
            assert (row.method, row.recorded_by_id) == ("self", row.person_id)
        else:
            assert (row.method, row.recorded_by_id) == ("teller", who.pk)
    assert services.counts(meeting).attendees == MEMBERS


def test_walk_ins_typing_their_name_twice_are_counted_once(live_server, elm_park, meeting):
    door = f"/check-in/{meeting.check_in_code}/"
    calls = []
    for n in range(1, WALK_INS + 1):
        typed = [
            {"name": f"Walker {n:02}", "postcode": "TB1 1AB"},
            {"name": f"  walker   {n:02} ", "postcode": "tb11ab"},  # the same person
        ]
        for data in typed:
            browser = visitor(live_server)  # no account; each tab its own cookies
            calls.append(lambda b=browser, d=data, n=n: (n, b, b.post(door, d)))

    sent = at_once(calls)

    no_server_errors([reply for *_rest, reply in sent])
    told_in = []
    for n, browser, reply in sent:
        assert reply.status == 302, (reply.status, reply.text[:300])
        messages = browser.follow(reply).messages
        said = outcome(messages, "you are checked in.", "you are already checked in.")
        assert said in ("checked in", "already"), said
        if said == "checked in":
            told_in.append(n)
    assert sorted(told_in) == list(range(1, WALK_INS + 1))  # once each
    rows = Attendance.objects.filter(meeting=meeting)
    assert rows.count() == WALK_INS
    assert {row.name.casefold() for row in rows} == {f"walker {n:02}" for n in told_in}
    counts = services.counts(meeting)
    assert (counts.attendees, counts.local_residents) == (WALK_INS, WALK_INS)
    # The number on the door's page is the same.
    page = visitor(live_server).get(f"/meetings/{meeting.pk}/attendance/count/")
    shown = re.search(r'data-testid="people-in-all">(\d+)<', page.text)
    assert shown is not None
    assert int(shown.group(1)) == WALK_INS
