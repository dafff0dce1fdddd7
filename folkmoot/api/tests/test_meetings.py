"""GET /api/v1/assemblies/{id}/meetings and /api/v1/meetings/{id}: meetings in the open.

What, when, where, getting in, the agenda and RSVP counts; never who answered, facilitates or
takes notes. The minutes' text only in one meeting's answer, and only when they are public.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies.models import Membership
from folkmoot.meetings import services
from folkmoot.meetings.models import AgendaItem, Meeting, Rsvp

from .conftest import API, assert_nothing_personal

LIST_PATH = f"{API}/assemblies/{{assembly_id}}/meetings"
DETAIL_PATH = f"{API}/meetings/{{meeting_id}}"


def in_days(days: int, hour: int = 19) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def same_moment(text: str, moment: datetime.datetime) -> bool:
    """The API's time (JSON keeps milliseconds) is the stored moment."""
    return abs(datetime.datetime.fromisoformat(text) - moment) < datetime.timedelta(milliseconds=1)


def list_url(assembly) -> str:
    return LIST_PATH.format(assembly_id=assembly if isinstance(assembly, int) else assembly.pk)


def detail_url(meeting) -> str:
    return DETAIL_PATH.format(meeting_id=meeting if isinstance(meeting, int) else meeting.pk)


def plan(assembly, organiser, days: int, title: str = "Assembly meeting", **fields) -> Meeting:
    return services.create_meeting(
        assembly,
        organiser,
        title=title,
        starts_at=in_days(days),
        venue=fields.pop("venue", "St Aidan's Hall"),
        **fields,
    )


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


@pytest.fixture
def meeting(elm_park, organiser, member) -> Meeting:
    """A planned Elm Park meeting with everything filled in, and people in every part of it."""
    meeting = plan(
        elm_park,
        organiser,
        10,
        title="March assembly",
        ends_at=in_days(10, 21),
        venue="St Aidan's Hall",
        address="1 Church Lane, TB1 1AA",
        online_link="https://meet.example.org/elm-park",
        step_free=True,
        childcare=True,
        interpretation="BSL",
        accessibility_notes="Quiet room upstairs",
        facilitator=organiser,
        note_taker=member,
    )
    services.add_agenda_item(meeting, "Saving the library", "Bring your ideas")
    services.add_agenda_item(meeting, "Street party")
    services.publish_invitation(meeting)
    meeting.refresh_from_db()
    return meeting


# --- What a meeting says --------------------------------------------------------------------


def test_a_meeting_in_the_list_says_what_when_where_and_who_is_coming(
    client, meeting, elm_park, member, organiser, check_schema
):
    services.set_rsvp(meeting, member, Rsvp.Answer.YES)
    services.set_rsvp(meeting, organiser, Rsvp.Answer.MAYBE)
    services.set_rsvp(meeting, make_person("nay@example.org", "Nay"), Rsvp.Answer.NO)

    response = client.get(list_url(elm_park))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item == {
        "id": meeting.pk,
        "assembly_id": elm_park.pk,
        "title": "March assembly",
        "starts_at": meeting.starts_at.isoformat().replace("+00:00", "Z"),
        "ends_at": meeting.ends_at.isoformat().replace("+00:00", "Z"),
        "venue": "St Aidan's Hall",
        "address": "1 Church Lane, TB1 1AA",
        "online_link": "https://meet.example.org/elm-park",
        "accessibility": {
            "step_free": True,
            "hearing_loop": False,
            "childcare": True,
            "interpretation": "BSL",
            "notes": "Quiet room upstairs",
        },
        "status": "planned",
        "cancel_reason": "",
        "invitation_published_at": item["invitation_published_at"],
        "agenda": [
            {"title": "Saving the library", "details": "Bring your ideas"},
            {"title": "Street party", "details": ""},
        ],
        "rsvps": {"yes": 1, "maybe": 1, "no": 1},
        "url": f"http://testserver/meetings/{meeting.pk}/",
        "calendar_url": f"http://testserver/meetings/{meeting.pk}/meeting.ics",
        "minutes_published": False,
        "minutes": None,
    }
    assert same_moment(item["invitation_published_at"], meeting.invitation_published_at)
    check_schema("get", LIST_PATH, response)


def test_the_times_are_the_same_moments_as_stored(client, meeting, elm_park):
    [item] = client.get(list_url(elm_park)).json()["items"]

    assert datetime.datetime.fromisoformat(item["starts_at"]) == meeting.starts_at
    assert datetime.datetime.fromisoformat(item["ends_at"]) == meeting.ends_at


def test_a_meeting_without_an_end_time_or_invitation_says_so(client, elm_park, organiser):
    plan(elm_park, organiser, 3)

    [item] = client.get(list_url(elm_park)).json()["items"]

    assert item["ends_at"] is None
    assert item["invitation_published_at"] is None
    assert item["agenda"] == []
    assert item["rsvps"] == {"yes": 0, "maybe": 0, "no": 0}


def test_the_links_lead_to_the_meeting_page_and_its_calendar_file(client, meeting, elm_park):
    [item] = client.get(list_url(elm_park)).json()["items"]

    page = client.get(item["url"].removeprefix("http://testserver"))
    calendar = client.get(item["calendar_url"].removeprefix("http://testserver"))

    assert page.status_code == 200
    assert calendar.status_code == 200
    assert calendar["Content-Type"].startswith("text/calendar")


def test_the_agenda_comes_in_its_order_not_the_order_it_was_written(client, meeting, elm_park):
    last = services.add_agenda_item(meeting, "Any other business")
    first = AgendaItem.objects.get(meeting=meeting, title="Saving the library")
    services.move_agenda_item(first, "down")
    services.move_agenda_item(last, "up")

    [item] = client.get(list_url(elm_park)).json()["items"]

    assert [a["title"] for a in item["agenda"]] == [
        "Street party",
        "Any other business",
        "Saving the library",
    ]


def test_rsvp_counts_belong_to_their_own_meeting(client, elm_park, organiser, member, person):
    first = plan(elm_park, organiser, 2, title="First")
    second = plan(elm_park, organiser, 4, title="Second")
    services.add_agenda_item(first, "One")
    services.add_agenda_item(first, "Two")
    services.set_rsvp(first, member, Rsvp.Answer.YES)
    services.set_rsvp(first, person, Rsvp.Answer.YES)
    services.set_rsvp(second, member, Rsvp.Answer.NO)
    # A changed answer counts once, as the new answer.
    services.set_rsvp(second, person, Rsvp.Answer.YES)
    services.set_rsvp(second, person, Rsvp.Answer.MAYBE)

    items = client.get(list_url(elm_park)).json()["items"]

    assert {i["title"]: i["rsvps"] for i in items} == {
        "First": {"yes": 2, "maybe": 0, "no": 0},
        "Second": {"yes": 0, "maybe": 1, "no": 1},
    }
    assert services.rsvp_counts(second) == items[1]["rsvps"]


def test_a_cancelled_meeting_says_why(client, meeting, elm_park, organiser, check_schema):
    services.cancel_meeting(meeting, organiser, "The hall flooded")

    response = client.get(list_url(elm_park))

    [item] = response.json()["items"]
    assert item["status"] == "cancelled"
    assert item["cancel_reason"] == "The hall flooded"
    check_schema("get", LIST_PATH, response)


# --- Which meetings, in which order ----------------------------------------------------------


@pytest.fixture
def calendar(elm_park, oak_row, organiser, other_organiser):
    """Elm Park: two past meetings, one now, two to come (one cancelled). Oak Row: one."""
    plan(elm_park, organiser, -30, title="Long ago")
    plan(elm_park, organiser, 20, title="Later")
    cancelled = plan(elm_park, organiser, 5, title="Soon but cancelled")
    services.cancel_meeting(cancelled, organiser, "Clash with the fair")
    plan(elm_park, organiser, -2, title="Last week")
    services.create_meeting(
        elm_park,
        organiser,
        title="Happening now",
        starts_at=timezone.now() - datetime.timedelta(minutes=30),
        ends_at=timezone.now() + datetime.timedelta(minutes=30),
        venue="Hall",
    )
    plan(oak_row, other_organiser, 3, title="Oak Row meeting")


def test_all_meetings_oldest_first_by_default(client, calendar, elm_park):
    expected = ["Long ago", "Last week", "Happening now", "Soon but cancelled", "Later"]

    assert titles(client.get(list_url(elm_park))) == expected
    assert titles(client.get(list_url(elm_park), {"when": "all"})) == expected


def test_upcoming_soonest_first_with_cancelled_ones_and_the_one_going_on(
    client, calendar, elm_park
):
    response = client.get(list_url(elm_park), {"when": "upcoming"})

    assert titles(response) == ["Happening now", "Soon but cancelled", "Later"]
    assert response.json()["count"] == 3


def test_past_newest_first(client, calendar, elm_park):
    response = client.get(list_url(elm_park), {"when": "past"})

    assert titles(response) == ["Last week", "Long ago"]
    assert response.json()["count"] == 2


def test_upcoming_and_past_are_what_the_meetings_app_says(client, calendar, elm_park):
    upcoming = client.get(list_url(elm_park), {"when": "upcoming"}).json()["items"]
    past = client.get(list_url(elm_park), {"when": "past"}).json()["items"]

    assert [i["id"] for i in upcoming] == [
        m.pk for m in services.upcoming_meetings(elm_park, include_cancelled=True)
    ]
    assert [i["id"] for i in past] == [m.pk for m in services.past_meetings(elm_park)]


def test_only_this_assemblys_meetings(client, calendar, oak_row):
    items = client.get(list_url(oak_row)).json()["items"]

    assert [(i["title"], i["assembly_id"]) for i in items] == [("Oak Row meeting", oak_row.pk)]


def test_an_assembly_with_no_meetings_has_an_empty_page(client, elm_park, check_schema):
    response = client.get(list_url(elm_park), {"when": "upcoming"})

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}
    check_schema("get", LIST_PATH, response)


@pytest.mark.parametrize("when", ["soon", "UPCOMING", "", "past,all"])
def test_a_bad_filter_is_a_400_naming_it(client, elm_park, when, check_schema):
    response = client.get(list_url(elm_park), {"when": when})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["when"]
    check_schema("get", LIST_PATH, response)


def test_an_unknown_assembly_is_a_404_naming_it(client, db, check_schema):
    response = client.get(list_url(999))

    assert response.status_code == 404
    assert response.json() == {"errors": {"assembly_id": ["There is no assembly with that id."]}}
    check_schema("get", LIST_PATH, response)


def test_an_assembly_id_that_is_not_a_number_is_a_400(client, db, check_schema):
    response = client.get(f"{API}/assemblies/elm-park/meetings")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["assembly_id"]
    check_schema("get", LIST_PATH, response)


# --- Pages ----------------------------------------------------------------------------------


@pytest.fixture
def many_meetings(elm_park, organiser) -> list[Meeting]:
    """Seven upcoming meetings, each with an agenda, answers and (some) published minutes."""
    meetings = []
    people = [make_person(f"p{n}@example.org", f"P{n}") for n in range(3)]
    for number in range(7):
        meeting = plan(elm_park, organiser, number + 1, title=f"Meeting {number}")
        for item in range(3):
            AgendaItem.objects.create(meeting=meeting, position=item, title=f"Item {item}")
        for person, answer in zip(people, ["yes", "maybe", "no"], strict=True):
            Rsvp.objects.create(meeting=meeting, person=person, answer=answer)
        if number % 2:
            services.save_minutes(
                meeting, organiser, body="Notes", members_only=number == 3, publish=True
            )
        meetings.append(meeting)
    return meetings


def test_pages_of_the_asked_size(client, many_meetings, elm_park, check_schema):
    url = list_url(elm_park)

    first = client.get(url, {"when": "upcoming", "page_size": 3})
    third = client.get(url, {"when": "upcoming", "page_size": 3, "page": 3})

    assert titles(first) == ["Meeting 0", "Meeting 1", "Meeting 2"]
    assert first.json()["count"] == 7
    assert titles(third) == ["Meeting 6"]
    check_schema("get", LIST_PATH, first)


def test_a_page_past_the_end_is_empty(client, many_meetings, elm_park):
    response = client.get(list_url(elm_park), {"page_size": 5, "page": 3})

    assert titles(response) == []
    assert response.json()["count"] == 7


@pytest.mark.parametrize("params", [{"page": 0}, {"page_size": 0}, {"page": "two"}])
def test_bad_page_numbers_are_a_400(client, many_meetings, elm_park, params):
    response = client.get(list_url(elm_park), params)

    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(params)


def test_the_page_size_is_capped_at_100(client, elm_park, organiser):
    Meeting.objects.bulk_create(
        Meeting(assembly=elm_park, starts_at=in_days(n), venue="Hall", check_in_code=f"c{n}")
        for n in range(1, 106)
    )

    response = client.get(list_url(elm_park), {"page_size": 500})

    assert len(response.json()["items"]) == 100
    assert response.json()["count"] == 105


def test_a_fixed_number_of_queries_whatever_the_page_size(client, many_meetings, elm_park):
    url = list_url(elm_park)
    client.get(url, {"page_size": 1})  # warm up: sessions, content types, caches

    with CaptureQueriesContext(connection) as one:
        small = client.get(url, {"page_size": 1})
    with CaptureQueriesContext(connection) as seven:
        large = client.get(url, {"page_size": 7})

    assert len(small.json()["items"]) == 1
    items = large.json()["items"]
    assert len(items) == 7
    assert all(len(i["agenda"]) == 3 for i in items)
    assert all(i["rsvps"] == {"yes": 1, "maybe": 1, "no": 1} for i in items)
    assert [i["minutes_published"] for i in items] == [False, True] * 3 + [False]
    assert len(seven) == len(one)
    # The assembly, the count, the page and its agendas.
    assert len(seven) <= 4, [q["sql"] for q in seven.captured_queries]


# --- One meeting ----------------------------------------------------------------------------


def test_one_meeting_says_the_same_as_the_list_plus_the_minutes(
    client, meeting, elm_park, member, check_schema
):
    services.set_rsvp(meeting, member, Rsvp.Answer.MAYBE)
    [listed] = client.get(list_url(elm_park)).json()["items"]

    response = client.get(detail_url(meeting))

    assert response.status_code == 200
    detail = response.json()
    assert detail == {**listed, "minutes_html": None}
    assert detail["rsvps"] == {"yes": 0, "maybe": 1, "no": 0}
    check_schema("get", DETAIL_PATH, response)


def test_an_unknown_meeting_is_a_404_naming_it(client, db, check_schema):
    response = client.get(detail_url(12345))

    assert response.status_code == 404
    assert response.json() == {"errors": {"meeting_id": ["There is no meeting with that id."]}}
    check_schema("get", DETAIL_PATH, response)


def test_a_meeting_id_that_is_not_a_number_is_a_400(client, db, check_schema):
    response = client.get(f"{API}/meetings/next")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["meeting_id"]
    check_schema("get", DETAIL_PATH, response)


# --- Minutes --------------------------------------------------------------------------------

MINUTES = """## Decisions

- Keep the **library** open
- <script>alert("x")</script>[a link](javascript:alert(1)) and [the council](https://example.gov.uk)
"""


@pytest.fixture
def past_meeting(elm_park, organiser, member) -> Meeting:
    return plan(elm_park, organiser, -3, title="Last assembly", note_taker=member)


def test_draft_minutes_are_not_shown(client, past_meeting, member, elm_park):
    services.save_minutes(past_meeting, member, body="Draft notes", members_only=False)

    detail = client.get(detail_url(past_meeting)).json()
    [listed] = client.get(list_url(elm_park)).json()["items"]

    for answer in (detail, listed):
        assert answer["minutes_published"] is False
        assert answer["minutes"] is None
    assert detail["minutes_html"] is None
    assert "Draft notes" not in client.get(detail_url(past_meeting)).content.decode()


def test_published_public_minutes_are_sanitised_html_in_one_meetings_answer(
    client, past_meeting, member, elm_park, check_schema
):
    minutes = services.save_minutes(
        past_meeting, member, body=MINUTES, members_only=False, publish=True
    )

    response = client.get(detail_url(past_meeting))

    detail = response.json()
    assert detail["minutes_published"] is True
    assert detail["minutes"] == {
        "published_at": detail["minutes"]["published_at"],
        "members_only": False,
        "url": f"http://testserver/meetings/{past_meeting.pk}/#minutes",
    }
    assert same_moment(detail["minutes"]["published_at"], minutes.published_at)
    html = detail["minutes_html"]
    assert html == services.minutes_html(minutes)
    assert "<strong>library</strong>" in html
    assert '<a href="https://example.gov.uk"' in html
    assert "<script" not in html
    assert "javascript:" not in html
    check_schema("get", DETAIL_PATH, response)


def test_the_list_says_minutes_are_published_but_not_what_they_say(
    client, past_meeting, member, elm_park
):
    services.save_minutes(past_meeting, member, body=MINUTES, members_only=False, publish=True)

    response = client.get(list_url(elm_park))

    [item] = response.json()["items"]
    assert item["minutes_published"] is True
    assert item["minutes"]["url"].endswith(f"/meetings/{past_meeting.pk}/#minutes")
    assert "minutes_html" not in item
    assert "library" not in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "member", "organiser"])
def test_members_only_minutes_are_never_in_the_api(
    client, request, past_meeting, member, elm_park, who, check_schema
):
    services.save_minutes(
        past_meeting, member, body="Secret plans", members_only=True, publish=True
    )
    if who != "anonymous":
        # Even with a session that may read them on the site.
        client.force_login(request.getfixturevalue(who))

    response = client.get(detail_url(past_meeting))

    detail = response.json()
    assert detail["minutes_published"] is True
    assert detail["minutes"]["members_only"] is True
    assert detail["minutes_html"] is None
    assert "Secret plans" not in response.content.decode()
    check_schema("get", DETAIL_PATH, response)


# --- Nothing personal -----------------------------------------------------------------------


def test_nothing_personal_anywhere(client, everyone, meeting, elm_park, member, organiser):
    services.set_rsvp(meeting, member, Rsvp.Answer.YES)
    rsvp_person = make_person("rita.rsvp@example.org", "Rita Rsvpington")
    services.set_rsvp(meeting, rsvp_person, Rsvp.Answer.MAYBE)
    past = plan(elm_park, organiser, -3, title="Last assembly", facilitator=member)
    services.save_minutes(past, organiser, body="We agreed", members_only=False, publish=True)
    personal = [*everyone, "Rita", "Rsvpington", "rita.rsvp@example.org"]

    responses = [
        client.get(list_url(elm_park)),
        client.get(list_url(elm_park), {"when": "past"}),
        client.get(detail_url(meeting)),
        client.get(detail_url(past)),
    ]

    for response in responses:
        assert response.status_code == 200
        assert_nothing_personal(response, personal)
        text = response.content.decode()
        for key in ("facilitator", "note_taker", "created_by", "written_by", "check_in_code"):
            assert key not in text
        assert meeting.check_in_code not in text
        assert past.check_in_code not in text


def test_the_documented_meeting_has_no_place_for_people(openapi):
    schemas = openapi["components"]["schemas"]
    fields = set(schemas["MeetingDetailOut"]["properties"])
    for name in ("AccessibilityOut", "AgendaItemOut", "RsvpCountsOut", "MinutesOut"):
        fields |= set(schemas[name]["properties"])

    assert "minutes_html" in fields  # the walk works
    assert not fields & {
        "facilitator",
        "note_taker",
        "created_by",
        "written_by",
        "person",
        "people",
        "name",
        "email",
        "postcode",
        "check_in_code",
        "attendance_closed_by",
    }


def test_a_member_sees_the_same_as_anyone(client, meeting, elm_park, member):
    Membership.objects.filter(person=member).update(left_at=None)
    anyone = client.get(detail_url(meeting)).json()
    client.force_login(member)

    assert client.get(detail_url(meeting)).json() == anyone
