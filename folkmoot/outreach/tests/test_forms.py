"""The outreach form and the postcode list form: bad input is explained, nothing is saved."""

import datetime

from django.utils import timezone

from folkmoot.outreach.forms import OutreachForm, PostcodeUnitsForm
from folkmoot.outreach.models import OutreachActivity
from folkmoot.places.models import PostcodeUnit


def data(**overrides):
    values = {
        "kind": "leaflets",
        "done_on": "2026-01-20",
        "postcodes": "tb1 1aa\nTB1 1AB",
        "people_reached": "40",
        "languages": "English",
    }
    values.update(overrides)
    return values


def test_good_postcodes_are_saved_normalised(elm_park, units, member):
    form = OutreachForm(data(), assembly=elm_park)
    assert form.is_valid(), form.errors
    form.instance.recorded_by = member
    activity = form.save()
    assert activity.units == ["TB1 1AA", "TB1 1AB"]
    assert activity.assembly == elm_park


def test_unknown_postcodes_are_named_and_nothing_saved(elm_park, units):
    form = OutreachForm(data(postcodes="TB1 1AA\nTB1 1XY\nTB1 3AA"), assembly=elm_park)
    assert not form.is_valid()
    message = form.errors["postcodes"][0]
    assert "TB1 1XY" in message
    assert "TB1 3AA" in message
    assert "Elm Park" in message
    assert "TB1 1AA" not in message
    assert OutreachActivity.objects.count() == 0


def test_text_that_is_not_a_postcode_is_named(elm_park, units):
    form = OutreachForm(data(postcodes="TB1 1AA, Elm Road"), assembly=elm_park)
    assert not form.is_valid()
    assert "Elm Road" in form.errors["postcodes"][0]


def test_area_without_units_refuses_postcodes_but_takes_streets(elm_park):
    form = OutreachForm(data(), assembly=elm_park)
    assert not form.is_valid()
    assert "no list of postcodes" in form.errors["postcodes"][0]
    form = OutreachForm(data(postcodes="", streets="Elm Road"), assembly=elm_park)
    assert form.is_valid(), form.errors


def test_future_dates_are_refused(elm_park, units):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = OutreachForm(data(done_on=tomorrow.isoformat()), assembly=elm_park)
    assert not form.is_valid()
    assert "future" in form.errors["done_on"][0]


def test_only_this_assemblys_meetings_can_be_chosen(elm_park, oak_row, units, meeting):
    from .conftest import make_meeting

    other = make_meeting(oak_row)
    form = OutreachForm(data(meeting=str(other.pk)), assembly=elm_park)
    assert not form.is_valid()
    assert "meeting" in form.errors
    assert OutreachForm(data(meeting=str(meeting.pk)), assembly=elm_park).is_valid()


def test_postcode_list_with_a_bad_line_changes_nothing(elm_park, units):
    form = PostcodeUnitsForm({"lines": "TB1 1AA\nTB1 3AA\nrubbish"}, area=elm_park.area)
    assert not form.is_valid()
    errors = form.errors["lines"]
    assert len(errors) == 2
    assert errors[0].startswith("Line 2 (TB1 3AA)")
    assert errors[1].startswith("Line 3 (rubbish)")
    assert PostcodeUnit.objects.filter(area=elm_park.area).count() == len(units)
