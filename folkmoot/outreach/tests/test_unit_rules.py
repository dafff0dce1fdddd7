"""Setting an area's postcode units: every line checked, and all or nothing."""

import pytest

from folkmoot.outreach.services import area_prefixes, parse_unit_lines, set_area_units
from folkmoot.places.models import Area, PostcodeUnit

PREFIXES = {"TB1 1", "TB1 2"}


def test_reads_postcodes_and_households():
    units, problems = parse_unit_lines("tb1 1aa, 23\nTB1 2AB\n\nTB11AD\t5\n", PREFIXES)
    assert problems == []
    assert units == {"TB1 1AA": 23, "TB1 2AB": None, "TB1 1AD": 5}


def test_reports_every_bad_line_at_once():
    text = "TB1 1AA\nnot a postcode\nTB1 3AA\nTB1 1AB, lots\nTB1 1AA, 4\nTB1 1AD, 2, 3"
    _units, problems = parse_unit_lines(text, PREFIXES)
    assert [p.number for p in problems] == [2, 3, 4, 5, 6]
    assert "not a full postcode" in problems[0].message
    assert "not in the area" in problems[1].message
    assert "whole number" in problems[2].message
    assert "line 1" in problems[3].message


def test_area_prefixes_include_areas_inside(city):
    assert area_prefixes(Area.objects.get(slug="elm-park")) == {"TB1 1", "TB1 2"}
    assert area_prefixes(city) == {"TB1", "TB1 1", "TB1 2", "TB1 3", "TB1 4"}


@pytest.mark.django_db
def test_set_area_units_replaces_the_list(city):
    area = Area.objects.get(slug="elm-park")
    PostcodeUnit.objects.create(area=area, unit="TB1 1AA", households=1)
    PostcodeUnit.objects.create(area=area, unit="TB1 1ZZ")
    change = set_area_units(area, {"TB1 1AA": 9, "TB1 2AB": None})
    assert (change.added, change.removed, change.kept) == (1, 1, 1)
    assert dict(area.units.values_list("unit", "households")) == {"TB1 1AA": 9, "TB1 2AB": None}
