"""Times are shown in the network's time zone (Europe/London), the way people say them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from folkmoot.meetings.services import format_span, format_when

UTC = datetime.UTC


def test_winter_time_is_gmt():
    moment = datetime.datetime(2026, 2, 3, 19, 0, tzinfo=UTC)
    assert format_when(moment, with_year=False) == "Tue 3 Feb, 7pm"


def test_summer_time_is_shown_in_bst_not_utc():
    # 18:00 UTC on 7 July is 7pm in London.
    moment = datetime.datetime(2026, 7, 7, 18, 0, tzinfo=UTC)
    assert format_when(moment, with_year=False) == "Tue 7 Jul, 7pm"


def test_minutes_morning_noon_and_midnight():
    london = ZoneInfo("Europe/London")
    assert format_when(datetime.datetime(2026, 2, 3, 10, 30, tzinfo=london), with_year=False) == (
        "Tue 3 Feb, 10:30am"
    )
    assert format_when(datetime.datetime(2026, 2, 3, 12, 0, tzinfo=london), with_year=False) == (
        "Tue 3 Feb, 12pm"
    )
    assert format_when(datetime.datetime(2026, 2, 3, 0, 5, tzinfo=london), with_year=False) == (
        "Tue 3 Feb, 12:05am"
    )


def test_the_year_shows_only_when_it_is_not_this_year():
    this_year = timezone.localdate().year
    now = timezone.make_aware(datetime.datetime(this_year, 3, 4, 19))
    assert str(this_year) not in format_when(now)
    last_year = timezone.make_aware(datetime.datetime(this_year - 1, 3, 4, 19))
    assert str(this_year - 1) in format_when(last_year)


def test_span_on_one_day_and_over_midnight():
    london = ZoneInfo("Europe/London")
    start = datetime.datetime(2026, 2, 3, 19, 0, tzinfo=london)
    assert format_span(start, start + datetime.timedelta(hours=2, minutes=30)).endswith(
        "7pm to 9:30pm"
    )
    assert format_span(start, None) == format_when(start)
    late = format_span(start, start + datetime.timedelta(hours=6))
    assert "Wed 4 Feb" in late
    assert "1am" in late


@pytest.mark.parametrize("value", [None])
def test_nothing_shows_nothing(value):
    assert format_when(value) == ""


def test_always_the_networks_zone_whatever_zone_is_active():
    moment = datetime.datetime(2026, 7, 7, 18, 0, tzinfo=UTC)
    with timezone.override(ZoneInfo("America/New_York")):
        assert format_when(moment, with_year=False) == "Tue 7 Jul, 7pm"
