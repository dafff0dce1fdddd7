"""The pure rules: coverage, the outreach window and the notice period."""

import datetime
from zoneinfo import ZoneInfo

from folkmoot.outreach.services import (
    Coverage,
    clock,
    coverage,
    in_window,
    notice_days,
    outreach_window,
    parse_postcodes,
    when_text,
)

LONDON = ZoneInfo("Europe/London")


def units(n: int) -> set[str]:
    return {f"U{i}" for i in range(n)}


def test_no_units_is_needs_data_not_zero():
    result = coverage(set(), [{"A"}])
    assert result == Coverage(reached=0, total=0, percent=None)
    assert result.needs_data
    assert result.meets(80) is None


def test_nothing_reached_is_zero():
    result = coverage(units(4), [])
    assert result == Coverage(reached=0, total=4, percent=0.0)
    assert result.meets(80) is False


def test_79_9_percent_is_not_80():
    area = units(1000)
    result = coverage(area, [set(sorted(area)[:799])])
    assert result.percent == 79.9
    assert result.meets(80) is False


def test_80_percent_is_enough():
    area = units(1000)
    result = coverage(area, [set(sorted(area)[:800])])
    assert result.percent == 80
    assert result.meets(80) is True


def test_units_reached_twice_count_once():
    result = coverage(units(4), [{"U0", "U1"}, {"U1"}, {"U0"}])
    assert (result.reached, result.total, result.percent) == (2, 4, 50)


def test_units_outside_the_area_do_not_count():
    result = coverage({"U0", "U1"}, [{"U0", "ELSEWHERE"}])
    assert (result.reached, result.percent) == (1, 50)


def test_window_includes_both_ends():
    day = datetime.date(2026, 2, 3)
    assert outreach_window(day, 28) == (datetime.date(2026, 1, 6), day)
    assert in_window(datetime.date(2026, 1, 6), day, 28)
    assert in_window(day, day, 28)
    assert not in_window(datetime.date(2026, 1, 5), day, 28)
    assert not in_window(datetime.date(2026, 2, 4), day, 28)


def test_notice_days_counts_whole_days():
    starts = datetime.datetime(2026, 2, 3, 19, 0, tzinfo=LONDON)
    assert notice_days(None, starts) is None
    assert notice_days(starts - datetime.timedelta(days=14), starts) == 14
    assert (
        notice_days(starts - datetime.timedelta(days=14) + datetime.timedelta(minutes=1), starts)
        == 13
    )
    assert notice_days(starts - datetime.timedelta(hours=5), starts) == 0
    assert notice_days(starts + datetime.timedelta(hours=5), starts) == 0


def test_when_text_reads_like_a_person_wrote_it():
    starts = datetime.datetime(2026, 2, 3, 19, 0, tzinfo=LONDON)
    assert when_text(starts) == "Tuesday 3 February, 7pm"
    assert when_text(starts, starts + datetime.timedelta(minutes=150)) == (
        "Tuesday 3 February, 7pm to 9:30pm"
    )
    assert clock(datetime.time(12, 0)) == "12pm"
    assert clock(datetime.time(0, 15)) == "12:15am"


def test_parse_postcodes_normalises_and_reports_bad_pieces():
    good, bad = parse_postcodes("tb1 1aa\nTB11AB, TB1 1AA\nnonsense\n\n")
    assert good == ["TB1 1AA", "TB1 1AB"]
    assert bad == ["nonsense"]
